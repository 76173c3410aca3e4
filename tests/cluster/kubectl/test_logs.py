"""kubectl logs prints what the container wrote, and kubectl's errors when it cannot."""

import pytest

from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import create_pod, run

START = (
    "2026/01/01 00:00:03 [notice] 1#1: start worker process 29\n"
    "2026/01/01 00:00:03 [notice] 1#1: start worker process 30\n"
)


@pytest.fixture(scope="module")
def cluster():
    cluster = Cluster()
    run(cluster, "run", "web", "--image=nginx")
    create_pod(cluster, "pair", "a", "b")
    cluster.run_until_idle()
    return cluster


def test_the_log_of_the_only_container(cluster):
    result = run(cluster, "logs", "web")
    assert result.stdout.startswith(
        "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform "
        "configuration\n"
    )
    assert result.stdout.endswith(START)
    assert (result.stderr, result.exit_code) == ("", 0)


def test_tail_and_timestamps(cluster):
    assert run(cluster, "logs", "pod/web", "--tail=2").stdout == START
    assert run(cluster, "logs", "web", "--tail", "1", "--timestamps").stdout == (
        "2026-01-01T00:00:03.37Z 2026/01/01 00:00:03 [notice] 1#1: start worker process 30\n"
    )
    assert run(cluster, "logs", "web", "--tail=0").stdout == ""


def test_follow_prints_what_there_is_and_returns(cluster):
    assert run(cluster, "logs", "-f", "web", "--tail=2").stdout == START


def test_several_containers_default_to_the_first_and_say_so(cluster):
    result = run(cluster, "logs", "pair", "--tail=1")
    assert result.stderr == 'Defaulted container "a" out of: a, b\n'
    assert result.stdout == START.splitlines(keepends=True)[1]
    second = run(cluster, "logs", "pair", "-c", "b", "--tail=1")
    assert (second.stdout, second.stderr) == (
        "2026/01/01 00:00:04 [notice] 1#1: start worker process 30\n",
        "",
    )
    assert run(cluster, "logs", "pair", "b", "--tail=1").stdout == second.stdout


def test_all_containers_with_their_prefix(cluster):
    result = run(cluster, "logs", "pair", "--all-containers", "--prefix", "--tail=1")
    lines = result.stdout.splitlines()
    assert [line.split("] ")[0] for line in lines] == ["[pod/pair/a", "[pod/pair/b"]


def test_an_unknown_container(cluster):
    result = run(cluster, "logs", "pair", "-c", "c")
    assert (result.stderr, result.exit_code) == (
        "error: container c is not valid for pod pair out of: a, b\n",
        1,
    )


def test_no_previous_container(cluster):
    assert run(cluster, "logs", "-p", "web").stderr == (
        'Error from server (BadRequest): previous terminated container "web" in pod "web" '
        "not found\n"
    )


def test_a_container_still_being_created():
    cluster = Cluster()
    run(cluster, "run", "late", "--image=nginx")
    assert run(cluster, "logs", "late").stderr == (
        'Error from server (BadRequest): container "late" in pod "late" is waiting to start: '
        "ContainerCreating\n"
    )


def test_usage_errors(cluster):
    assert run(cluster, "logs").stderr == (
        "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\n"
        "POD or TYPE/NAME is a required argument for the logs command\n"
        "See 'kubectl logs -h' for help and examples\n"
    )
    assert run(cluster, "logs", "web", "--tail=-2").stderr == (
        "error: --tail must be greater than or equal to -1\n"
    )
    assert run(cluster, "logs", "pair", "b", "-c", "a").stderr == (
        "error: only one of -c or an inline [CONTAINER] arg is allowed\n"
    )
    assert run(cluster, "logs", "nope").stderr == (
        'error: error from server (NotFound): pods "nope" not found in namespace "default"\n'
    )


def test_following_more_logs_than_max_log_requests_is_refused(cluster):
    result = run(cluster, "logs", "pair", "--all-containers", "-f", "--max-log-requests=1")
    assert (result.stdout, result.exit_code) == ("", 1)
    assert result.stderr == (
        "error: you are attempting to follow 2 log streams, but maximum allowed concurrency "
        "is 1, use --max-log-requests to increase the limit\n"
    )
    # not following, there is no limit
    assert run(cluster, "logs", "pair", "--all-containers", "--max-log-requests=1").exit_code == 0


def test_since_a_duration_or_a_time():
    cluster = Cluster()
    script = "echo one; sleep 5; echo two; sleep 5; echo three; sleep 600"
    run(cluster, "run", "count", "--image=busybox", "--", "sh", "-c", script)
    cluster.advance_to(cluster.clock.now + 20_000)
    assert run(cluster, "logs", "count", "--since=12s").stdout == "three\n"
    assert run(cluster, "logs", "count", "--since=11.6s").stdout == "three\n"  # rounded: 12s
    assert run(cluster, "logs", "count", "--since-time=2026-01-01T00:00:05Z").stdout == (
        "two\nthree\n"
    )
    both = run(cluster, "logs", "count", "--since=1m", "--since-time=2026-01-01T00:00:05Z")
    assert both.stderr == "error: at most one of `sinceTime` or `sinceSeconds` may be specified\n"
    assert run(cluster, "logs", "count", "--since=-5s").stderr == (
        "error: --since must be greater than 0\n"
    )
    assert run(cluster, "logs", "count", "--since=soon").stderr == (
        'error: invalid argument "soon" for "--since" flag: time: invalid duration "soon"\n'
        "See 'kubectl logs --help' for usage.\n"
    )
    assert run(cluster, "logs", "count", "--since-time=today").stderr == (
        'error: parsing time "today" as "2006-01-02T15:04:05Z07:00": cannot parse "today" as '
        '"2006"\n'
    )


def test_all_pods_of_a_workload_each_line_with_its_source():
    cluster = Cluster()
    argv = ["create", "deployment", "hi", "--image=busybox", "--replicas=2", "--"]
    run(cluster, *argv, "sh", "-c", "echo hello from $(hostname); sleep 3600")
    cluster.advance_to(15_000)
    pods = run(cluster, "get", "pods", "-o", "name").stdout.split()
    result = run(cluster, "logs", "deployment/hi", "--all-pods")
    assert result.stdout == "".join(
        f"[{pod}/busybox] hello from {pod.removeprefix('pod/')}\n" for pod in pods
    )
    assert result.stderr == ""
