"""kubectl run's attach options in the built-in kubectl: validated as RunOptions.Validate
does; attaching is the dashboard's terminal's."""

import pytest

from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import run


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (["-t"], "error: -i/--stdin is required for containers with -t/--tty=true"),
        (["--rm"], "error: --rm should only be used for attached containers"),
        (
            ["-i", "--dry-run=client"],
            "error: --dry-run=[server|client] can't be used with attached containers options "
            "(--attach, --stdin, or --tty)",
        ),
        (
            ["-it", "--rm"],
            "error: kubectl run --attach, -i and -t attach to the container: run it in the "
            "dashboard's terminal, or with the real kubectl",
        ),
    ],
)
def test_attach_options_are_validated_and_nothing_is_created(argv, error):
    cluster = Cluster()
    result = run(cluster, "run", "tmp", "--image=busybox", *argv)
    assert (result.stderr, result.exit_code) == (error + "\n", 1)
    assert run(cluster, "get", "pods").stderr == "No resources found in default namespace.\n"


def test_stdin_without_attaching_keeps_stdin_open_for_a_later_attach():
    cluster = Cluster()
    result = run(cluster, "run", "tmp", "--image=busybox", "-i", "--attach=false", "-t")
    assert result.stdout == "pod/tmp created\n"
    container = run(cluster, "get", "pod", "tmp", "-o", "jsonpath={.spec.containers[0]}").stdout
    assert '"stdin":true,"stdinOnce":true' in container and '"tty":true' in container
