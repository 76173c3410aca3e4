"""kubectl scale: through the scale subresource, with its precondition and errors."""

import pytest

from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import run


@pytest.fixture
def cluster() -> Cluster:
    cluster = Cluster()
    run(cluster, "create", "deployment", "web", "--image=nginx", "--replicas=2")
    cluster.run_until_idle()
    return cluster


def test_scaled_and_the_controllers_follow(cluster):
    result = run(cluster, "scale", "deployment", "web", "--replicas=3")
    assert (result.stdout, result.stderr, result.exit_code) == (
        "deployment.apps/web scaled\n",
        "",
        0,
    )
    cluster.run_until_idle()
    assert run(cluster, "get", "deploy", "web").stdout.splitlines()[1].split()[1] == "3/3"


def test_current_replicas_is_a_precondition(cluster):
    wrong = run(cluster, "scale", "deploy/web", "--replicas=4", "--current-replicas=3")
    assert (wrong.stdout, wrong.stderr, wrong.exit_code) == (
        "",
        "error: Expected replicas to be 3, was 2\n",
        1,
    )
    right = run(cluster, "scale", "deploy/web", "--replicas=4", "--current-replicas=2")
    assert right.stdout == "deployment.apps/web scaled\n"


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (("deploy/web",), 'error: required flag(s) "replicas" not set'),
        (
            ("deploy/web", "--replicas=-1"),
            "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0",
        ),
        (("pod", "nope", "--replicas=1"), 'Error from server (NotFound): pods "nope" not found'),
        (
            ("deploy", "nope", "--replicas=1"),
            'Error from server (NotFound): deployments.apps "nope" not found',
        ),
    ],
)
def test_errors(cluster, argv, error):
    result = run(cluster, "scale", *argv)
    assert (result.stdout, result.stderr, result.exit_code) == ("", error + "\n", 1)
