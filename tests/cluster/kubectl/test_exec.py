"""kubectl exec runs a command in the container and prints its streams and exit code."""

import pytest

from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import create_pod, run


@pytest.fixture(scope="module")
def cluster():
    cluster = Cluster()
    run(cluster, "run", "web", "--image=nginx")
    create_pod(cluster, "pair", "a", "b")
    run(cluster, "run", "done", "--image=busybox", "--restart=Never", "--", "true")
    create_pod(cluster, "nowhere", "c", nodeSelector={"disk": "none"})
    cluster.run_until_idle()
    return cluster


def test_the_commands_output_and_exit_code(cluster):
    result = run(cluster, "exec", "web", "--", "sh", "-c", "echo out; echo err >&2; exit 4")
    assert (result.stdout, result.stderr, result.exit_code) == (
        "out\n",
        "err\ncommand terminated with exit code 4\n",
        4,
    )
    assert run(cluster, "exec", "web", "--", "hostname").stdout == "web\n"


def test_stdin_feeds_a_shell_and_there_is_no_terminal(cluster):
    assert run(cluster, "exec", "-i", "web", "--", "sh", stdin="echo $HOSTNAME\n").stdout == (
        "web\n"
    )
    result = run(cluster, "exec", "-it", "web", "--", "sh", stdin="echo hi\n")
    assert (result.stdout, result.stderr) == (
        "hi\n",
        "Unable to use a TTY - input is not a terminal or the right kind of file\n",
    )


def test_several_containers_default_to_the_first(cluster):
    result = run(cluster, "exec", "pair", "--", "hostname")
    assert (result.stdout, result.stderr) == ("pair\n", 'Defaulted container "a" out of: a, b\n')
    assert run(cluster, "exec", "pair", "-c", "b", "--", "hostname").stderr == ""
    assert run(cluster, "exec", "pair", "-q", "--", "hostname").stderr == ""


def test_the_old_form_without_dashes_is_deprecated(cluster):
    assert run(cluster, "exec", "web", "hostname").stderr == (
        "kubectl exec [POD] [COMMAND] is DEPRECATED and will be removed in a future version. "
        "Use kubectl exec [POD] -- [COMMAND] instead.\n"
    )


def test_a_missing_program(cluster):
    result = run(cluster, "exec", "web", "--", "nosuch")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "error: Internal error occurred: error executing command in container: failed to exec "
        'in container: failed to start exec "'
    )
    assert result.stderr.endswith(
        ": OCI runtime exec failed: exec failed: unable to start container process: exec: "
        '"nosuch": executable file not found in $PATH: unknown\n'
    )


def test_kubectls_errors(cluster):
    assert run(cluster, "exec", "done", "--", "ls").stderr == (
        "error: cannot exec into a container in a completed pod; current phase is Succeeded\n"
    )
    assert run(cluster, "exec", "web", "-c", "zz", "--", "ls").stderr == (
        "error: container zz is not valid for pod web out of: web\n"
    )
    assert run(cluster, "exec", "nowhere", "--", "ls").stderr == (
        "Error from server (BadRequest): pod nowhere does not have a host assigned\n"
    )
    assert run(cluster, "exec", "web").stderr == (
        "error: you must specify at least one command for the container\n"
    )
    assert run(cluster, "exec").stderr == "error: pod, type/name or --filename must be specified\n"
    assert run(cluster, "exec", "nope", "--", "ls").stderr == (
        'Error from server (NotFound): pods "nope" not found\n'
    )


def test_a_container_that_is_not_running():
    cluster = Cluster()
    run(cluster, "run", "late", "--image=nginx")
    assert run(cluster, "exec", "late", "--", "ls").stderr == (
        'error: unable to upgrade connection: container not found ("late")\n'
    )
