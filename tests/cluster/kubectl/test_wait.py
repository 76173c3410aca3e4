"""kubectl wait, which the built-in kubectl answers from one look, as --timeout=0 does; and
the conditions it waits for."""

import pytest

from cluster.engine.cluster import Cluster
from cluster.kubectl.cmd import wait
from cluster.kubectl.context import ExitError
from cluster.kubectl.flags import parse
from tests.cluster.kubectl.helpers import run


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    cluster = Cluster()
    run(cluster, "run", "web", "--image=nginx")
    run(cluster, "run", "api", "--image=nginx")
    run(cluster, "create", "deployment", "app", "--image=nginx")
    cluster.run_until_idle()
    return cluster


def said(cluster: Cluster, *argv: str) -> tuple[str, str, int]:
    result = run(cluster, "wait", *argv)
    return result.stdout, result.stderr, result.exit_code


@pytest.mark.parametrize(
    ("argv", "answer"),
    [
        (["--for=condition=Ready", "pod/web"], ("pod/web condition met\n", "", 0)),
        (["--for=condition=ready=TRUE", "pods", "web", "-o", "name"], ("pod/web\n", "", 0)),
        (["--for=jsonpath={.status.phase}=Running", "pod/web"], ("pod/web condition met\n", "", 0)),
        (["--for=jsonpath=.spec", "pod/web"], ("pod/web condition met\n", "", 0)),
        (
            ["--for=condition=Available", "deploy/app"],
            ("deployment.apps/app condition met\n", "", 0),
        ),
        (
            ["--for=condition=Ready=False", "pod/web"],
            ("", "error: condition not met for pods/web\n", 1),
        ),
        (
            ["--for=condition=Ready=False", "pod/web", "pod/api"],
            ("", "condition not met for pods/web\ncondition not met for pods/api\n", 1),
        ),
        (["--for=delete", "pod/gone"], ("", "", 0)),
        (["--for=delete", "pod/web"], ("", "error: condition not met for pods/web\n", 1)),
        (["--for=create", "pod/web"], ("pod/web condition met\n", "", 0)),
        (["--for=create", "pod/gone"], ("", "error: timed out waiting for the condition\n", 1)),
        (
            ["--for=condition=Ready", "pod/gone"],
            ("", 'Error from server (NotFound): pods "gone" not found\n', 1),
        ),
        (
            ["--for=condition=Ready", "pods", "-l", "app=none"],
            ("", "error: no matching resources found\n", 1),
        ),
        (["pod/web"], ("", "error: unrecognized condition: []\n", 1)),
        (["--for=bogus", "pod/web"], ("", 'error: unrecognized condition: "bogus"\n', 1)),
    ],
)
def test_one_look_says_what_kubectl_says_with_no_time_to_wait(cluster, argv, answer):
    assert said(cluster, *argv) == answer


def test_a_condition_observed_at_an_older_generation_is_not_met_yet():
    ready = wait.conditions(parse(["--for=condition=Available"], wait.FLAGS, "wait"))[0]
    deployment = {
        "metadata": {"generation": 2},
        "status": {
            "observedGeneration": 1,
            "conditions": [{"type": "Available", "status": "True"}],
        },
    }
    assert not wait.met(deployment, ready)
    deployment["status"]["observedGeneration"] = 2
    assert wait.met(deployment, ready)
    assert not wait.met(None, ready)
    gone = wait.conditions(parse(["--for=delete"], wait.FLAGS, "wait"))[0]
    assert wait.met(None, gone) and not wait.met(deployment, gone)


def test_a_jsonpath_value_must_be_one_plain_value():
    opts = parse(["--for=jsonpath={.status.conditions}=x"], wait.FLAGS, "wait")
    nested = wait.conditions(opts)[0]
    with pytest.raises(ExitError, match="nested object or list"):
        wait.met({"metadata": {}, "status": {"conditions": [{"type": "Ready"}]}}, nested)
    with pytest.raises(ExitError, match="has to have a value after equal sign"):
        wait.conditions(parse(["--for=jsonpath={.a}="], wait.FLAGS, "wait"))
