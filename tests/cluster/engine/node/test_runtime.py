"""The container runtime: pulls and their errors, processes that exit, are stopped or are
OOM-killed, logs as their files hold them, the pod network, and what the relist finds."""

import random

import pytest

from cluster.engine.clock import Clock
from cluster.engine.node import redis
from cluster.engine.node.runtime import ContainerConfig, ContainerRuntime
from cluster.engine.trace import Trace

EPOCH = 1_767_225_600


class Recorder:
    """Collects what the runtime calls back with."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def __call__(self, *args: object) -> None:
        self.calls.append(args)


def runtime() -> tuple[Clock, ContainerRuntime]:
    clock = Clock(EPOCH)
    found = ContainerRuntime(clock, Trace(clock), "node-1", random.Random(1), "kubelet/node-1")
    found.update_runtime_config("10.244.1.0/24")
    return clock, found


def running(
    image: str = "nginx:1.27", memory: int = 1 << 30, **config: object
) -> tuple[Clock, ContainerRuntime, str]:
    """A runtime with one started container in its own sandbox."""
    clock, found = runtime()
    done = Recorder()
    found.run_pod_sandbox("default/p", "p", done)
    clock.run_until_idle()
    sandbox = done.calls[0][0]
    settings = ContainerConfig("app", image, memory_limit_bytes=memory, cpus=2, **config)
    found.create_container(sandbox, settings, done)
    clock.run_until_idle()
    container = done.calls[1][0]
    found.start_container(container, done)
    clock.run_until_idle()
    assert done.calls[2] == (None,)
    return clock, found, container


@pytest.mark.parametrize(
    ("image", "error"),
    [
        (
            "nosuch",
            'failed to pull and unpack image "docker.io/library/nosuch:latest": failed to '
            'resolve reference "docker.io/library/nosuch:latest": pull access denied, '
            "repository does not exist or may require authorization: server message: "
            "insufficient_scope: authorization failed",
        ),
        (
            "nginx:9.9",
            'failed to pull and unpack image "docker.io/library/nginx:9.9": failed to resolve '
            'reference "docker.io/library/nginx:9.9": docker.io/library/nginx:9.9: not found',
        ),
    ],
    ids=["a repository Docker Hub does not have", "a tag that does not exist"],
)
def test_a_pull_of_what_the_registry_lacks_fails_as_containerd_says(image, error):
    clock, found = runtime()
    done = Recorder()
    found.pull_image(image, done)
    clock.run_until_idle()
    assert (clock.now, done.calls) == (600, [(error, "", 0)])


def test_a_pull_takes_its_time_and_leaves_the_image_on_the_node():
    clock, found = runtime()
    done = Recorder()
    assert found.image_status("nginx:1.27") == ""
    found.pull_image("nginx:1.27", done)
    clock.run_until_idle()
    reference = found.image_status("nginx:1.27")
    assert (clock.now, done.calls) == (2880, [(None, reference, 72_000_000)])
    assert reference.startswith("docker.io/library/nginx@sha256:")
    assert [r.names[1] for r in found.list_images()] == [
        "registry.k8s.io/pause:3.10",
        "docker.io/library/nginx:1.27",
    ]


def test_a_process_that_exits_is_found_on_the_next_relist():
    clock, found, container = running("kubelab/crashloop")
    relisted = Recorder()
    found.relist = relisted
    clock.advance_to(2_999)
    status = found.container_status(container)
    assert (status.state, status.exit_code, status.reason) == ("exited", 1, "Error")
    assert (status.started_ms, status.finished_ms, relisted.calls) == (380, 2_380, [])
    clock.advance_to(3_000)
    assert relisted.calls == [(container,)]


def test_a_stop_waits_for_a_graceful_exit():
    clock, found, container = running("nginx:1.27")
    stopped = Recorder()
    found.stop_container(container, 30, stopped)
    clock.run_until_idle()
    status = found.container_status(container)
    assert (status.finished_ms - 480, stopped.calls, status.exit_code, status.reason) == (
        20,
        [()],
        0,
        "Completed",
    )
    assert "signal 3 (SIGQUIT) received, shutting down" in found.logs(container)


def test_a_process_that_ignores_its_stop_signal_is_killed_when_the_grace_period_ends():
    clock, found, container = running("busybox", command=("sleep", "3600"))
    stopped = Recorder()
    found.stop_container(container, 30, stopped)
    clock.run_until_idle()
    status = found.container_status(container)
    assert (status.finished_ms - 380, status.exit_code, status.reason) == (30_000, 137, "Error")


def test_what_a_process_writes_once_signalled_stays_when_sigkill_cuts_it_short():
    # serve_hostname waits a minute for its pod's deletion: the grace period ends first
    clock, found, container = running("registry.k8s.io/serve_hostname")
    stopped = Recorder()
    found.stop_container(container, 30, stopped)
    clock.run_until_idle()
    status = found.container_status(container)
    assert (status.exit_code, status.reason) == (137, "Error")
    assert found.logs(container).splitlines()[1:] == [
        "2026/01/01 00:00:00 Shutting down after receiving signal: terminated.",
        "2026/01/01 00:00:00 Awaiting pod deletion.",
    ]


def test_a_process_over_its_memory_limit_is_oom_killed():
    clock, found, container = running("kubelab/memory-hog", memory=128 << 20)
    clock.advance_to(10_000)
    status = found.container_status(container)
    assert (status.exit_code, status.reason, status.finished_ms - status.started_ms) == (
        137,
        "OOMKilled",
        2_560,
    )


def test_logs_render_each_line_at_its_time_with_go_timestamps():
    clock, found, container = running(
        "busybox", command=("sh", "-c", "echo one; sleep 1.25; echo two")
    )
    clock.advance_to(5_000)
    assert found.logs(container) == "one\ntwo\n"
    assert found.logs(container, timestamps=True) == (
        "2026-01-01T00:00:00.38Z one\n2026-01-01T00:00:01.63Z two\n"
    )


def test_http_and_tcp_reach_what_listens_in_the_pod_and_nginx_logs_the_request():
    clock, found, container = running("nginx:1.27")
    clock.advance_to(500)
    assert found.http_get("10.244.1.2", 80, "/", "10.244.1.1", "kube-probe/1.37") == 200
    assert found.http_get("10.244.1.2", 80, "/nope", "10.244.1.1", "kube-probe/1.37") == 404
    assert found.http_get("10.244.1.2", 81, "/", "10.244.1.1", "kube-probe/1.37") is None
    assert (found.connect("10.244.1.2", 80), found.connect("10.244.1.2", 81)) == (True, False)
    assert found.logs(container).splitlines()[-1] == (
        '10.244.1.1 - - [01/Jan/2026:00:00:00 +0000] "GET /nope HTTP/1.1" 404 153 "-" '
        '"kube-probe/1.37" "-"'
    )


def test_an_exec_runs_in_the_container_and_is_a_cri_call():
    _, found, container = running("busybox", command=("sh", "-c", "touch /tmp/up; sleep 60"))
    assert found.exec_sync(container, ["cat", "/tmp/up"], 1) == (0, "")
    assert found.trace.since(0)[-1].verb == "ExecSync"


def test_a_crash_makes_the_process_exit_at_once_and_the_kubelet_hears_at_its_relist():
    clock, found, container = running("nginx:1.27")
    relisted = Recorder()
    found.relist = relisted
    found.exit_container(container, 1)
    assert found.container_status(container).state == "exited"
    clock.run_until_idle()
    assert (clock.now, relisted.calls) == (1_000, [(container,)])


def test_a_dead_sandbox_is_found_on_the_next_relist():
    clock, found, _ = running("nginx:1.27")
    relisted = Recorder()
    found.relist = relisted
    sandbox = next(iter(found.sandboxes))
    found.kill_sandbox(sandbox)
    clock.run_until_idle()
    assert (found.sandbox_ready(sandbox), relisted.calls) == (False, [(sandbox,)])


def test_a_shell_with_stdin_open_waits_for_attached_lines_and_logs_what_a_terminal_shows():
    _, found, container = running("busybox", command=("sh",), stdin=True, tty=True)
    assert found.container_status(container).state == "running"
    attached = found.attach(container, "echo hi; cd /tmp")
    assert (attached.stdout, attached.prompt) == ("hi\n", "/tmp # ")
    assert found.attach(container, "pwd").stdout == "/tmp\n"
    assert found.attach(container, close=True).shell is not None  # stdin stays open
    assert found.logs(container) == "/ # echo hi; cd /tmp\nhi\n/tmp # pwd\n/tmp\n/tmp # "


def test_the_end_of_a_stdin_once_shells_input_ends_the_container_with_its_status():
    _, found, container = running("busybox", command=("sh",), stdin=True, stdin_once=True)
    found.attach(container, "echo out; false")
    assert found.attach(container, close=True).shell is None
    status = found.container_status(container)
    assert (status.state, status.exit_code, status.reason) == ("exited", 1, "Error")
    assert found.logs(container) == "out\n"  # no terminal: no prompt, no echo


def test_an_attached_line_that_exits_the_shell_ends_the_container():
    _, found, container = running("busybox", command=("sh",), stdin=True)
    assert found.attach(container, "exit 3").shell is None
    status = found.container_status(container)
    assert (status.state, status.exit_code) == ("exited", 3)


def test_a_process_that_reads_no_stdin_ignores_what_is_attached():
    clock, found, container = running("nginx:1.27", stdin=True)
    assert found.attach(container, "echo hi") is None
    clock, found, container = running("busybox", command=("sh",))  # stdin closed: it ends
    clock.advance_to(clock.now + 1)
    assert found.container_status(container).state == "exited"


def test_a_remount_replaces_the_volumes_files_and_a_loop_reads_them_from_its_next_round():
    clock, found, container = running(
        "busybox",
        command=("sh", "-c", "while true; do cat /v/a; sleep 10; done"),
        files=(("/etc/hostname", "p\n"), ("/v/a", "one\n"), ("/v/b", "gone\n")),
    )
    clock.advance_to(clock.now + 15_000)
    found.remount(container, ["/v"], [("/v/a", "two\n")])
    assert (found.file(container, "/v/a"), found.file(container, "/v/b")) == ("two\n", None)
    assert found.file(container, "/etc/hostname") == "p\n"
    clock.advance_to(clock.now + 20_000)
    assert found.logs(container) == "one\none\ntwo\ntwo\n"


def test_a_process_that_never_asks_the_network_is_not_laid_out_again_when_it_changes():
    _, found, container = running("busybox", command=("sh", "-c", "while true; do sleep 1; done"))
    process = found.containers[container].process
    found.network_changed()
    assert (found.containers[container].asked, found.asking) == ((), {})
    assert found.containers[container].process is process


def test_a_process_waiting_to_ask_stops_waiting_when_it_is_stopped():
    clock, found, container = running("busybox", command=("sh", "-c", "sleep 10; wget -q http://x"))
    assert found.containers[container].process.resume_ms == 10_000
    done = Recorder()
    found.stop_container(container, 0, done)
    clock.run_until_idle()
    assert (done.calls, found.containers[container].asked) == ([()], ())
    assert not [timer for timer in clock.pending() if timer.args == (container,)]


def test_redis_keeps_its_keys_between_clients_and_reads_its_config_file():
    conf = (("/redis-master/redis.conf", "maxmemory 2mb\nmaxmemory-policy allkeys-lru\n"),)
    command = ("redis-server", "/redis-master/redis.conf")
    clock, found, container = running("redis:7.4", command=command, files=conf)
    clock.advance_to(clock.now + 1_000)  # it listens once started
    assert found.exec(container, ["redis-cli", "set", "k", "v"]).stdout == "OK\n"
    assert found.exec(container, ["redis-cli", "get", "k"]).stdout == "v\n"
    piped = found.exec(container, ["redis-cli"], stdin='rpush l a "b c"\n\nlrange l 0 -1\n')
    assert piped.stdout == "2\na\nb c\n"
    shell = found.exec(container, ["sh", "-c", "echo 'config get maxmemory' | redis-cli"])
    assert shell.stdout == "maxmemory\n2097152\n"
    other_db = found.exec(container, ["redis-cli", "-n", "1", "get", "k"])
    assert (other_db.stdout, other_db.exit_code) == ("\n", 0)
    refused = found.exec(container, ["redis-cli", "-p", "6380", "ping"])
    assert (refused.stderr, refused.exit_code) == (
        "Could not connect to Redis at 127.0.0.1:6380: Connection refused\n",
        1,
    )
    assert "1:C 01 Jan 2026 00:00:00.450 * Configuration loaded" in found.logs(container)


def test_a_restarted_redis_starts_with_no_keys():
    clock, found, container = running("redis")
    clock.advance_to(clock.now + 1_000)
    assert found.exec(container, ["redis-cli", "set", "k", "v"]).stdout == "OK\n"
    found.exit_container(container, 1)
    done = Recorder()
    sandbox = found.containers[container].sandbox
    found.create_container(sandbox, ContainerConfig("app", "redis", attempt=1), done)
    clock.run_until_idle()
    restarted = done.calls[0][0]
    found.start_container(restarted, done)
    clock.advance_to(clock.now + 1_000)
    assert found.exec(restarted, ["redis-cli", "exists", "k"]).stdout == "0\n"


def test_redis_without_its_config_file_exits_at_once():
    clock, found, container = running("redis", command=("redis-server", "/nope.conf"))
    clock.advance_to(clock.now + 1_000)
    assert found.container_status(container).exit_code == 1
    assert found.logs(container) == (
        "1:C 01 Jan 2026 00:00:00.450 # Fatal error, can't open config file '/nope.conf': "
        "No such file or directory\n"
    )


def test_a_redis_whose_keys_outgrow_a_containers_memory_is_oom_killed():
    clock, found, container = running("redis")
    clock.advance_to(clock.now + 1_000)
    ip = found.sandboxes[found.containers[container].sandbox].ip
    big = "x" * (9 << 20)
    assert found.redis_request(ip, 6379, [["set", "a", big]]) == [redis.OK]
    assert found.container_status(container).state == "running"
    found.redis_request(ip, 6379, [["set", "b", big]])
    status = found.container_status(container)
    assert (status.state, status.exit_code, status.reason) == ("exited", 137, "OOMKilled")


def test_a_redis_servers_keys_show_in_its_memory_usage():
    clock, found, container = running("redis")
    clock.advance_to(clock.now + 1_000)
    ip = found.sandboxes[found.containers[container].sandbox].ip
    before = found.usage(container).bytes
    found.redis_request(ip, 6379, [["set", "k", "x" * (1 << 20)]])
    assert found.usage(container).bytes == before + (1 << 20) + 1
