"""kubectl label: set, overwrite, remove and list labels, with kubectl's messages."""

import pytest

from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import run


@pytest.fixture
def cluster() -> Cluster:
    cluster = Cluster()
    run(cluster, "create", "deployment", "web", "--image=nginx")
    return cluster


def label(cluster: Cluster, *argv: str) -> tuple[str, str, int]:
    result = run(cluster, "label", *argv)
    return result.stdout, result.stderr, result.exit_code


def test_set_refused_overwritten_removed_and_not_found(cluster):
    assert label(cluster, "deploy", "web", "env=prod") == ("deployment.apps/web labeled\n", "", 0)
    assert label(cluster, "deploy", "web", "env=dev") == (
        "",
        "error: 'env' already has a value (prod), and --overwrite is false\n",
        1,
    )
    assert label(cluster, "deploy", "web", "env=dev", "--overwrite") == (
        "deployment.apps/web labeled\n",
        "",
        0,
    )
    assert (
        run(cluster, "get", "deploy", "web", "-o", "jsonpath={.metadata.labels.env}").stdout
        == "dev"
    )
    assert label(cluster, "deploy", "web", "env-") == ("deployment.apps/web unlabeled\n", "", 0)
    assert label(cluster, "deploy", "web", "tier-") == (
        'label "tier" not found.\ndeployment.apps/web not labeled\n',
        "",
        0,
    )


def test_list(cluster):
    label(cluster, "deploy/web", "tier=front")
    assert label(cluster, "deploy", "web", "--list") == ("app=web\ntier=front\n", "", 0)


def test_client_dry_run_prints_without_changing(cluster):
    assert label(cluster, "deploy", "web", "x=1", "--dry-run=client") == (
        "deployment.apps/web labeled (dry run)\n",
        "",
        0,
    )
    assert run(cluster, "get", "deploy", "web", "--show-labels").stdout.split()[-1] == "app=web"


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (("deploy", "web"), "error: at least one label update is required"),
        (("deploy", "web", "a=b=c"), "error: invalid label spec: a=b=c"),
        (
            ("deploy", "web", "x=1", "x-"),
            "error: can not both modify and remove a label in the same command",
        ),
        (
            ("deploy", "web", "x=1", "foo"),
            "error: all resources must be specified before label changes: foo",
        ),
        (
            ("deploy", "web", "a=b c"),
            "error: invalid label value: \"a=b c\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
        ),
        (
            ("deploy", "nope", "x=1"),
            'Error from server (NotFound): deployments.apps "nope" not found',
        ),
    ],
)
def test_errors(cluster, argv, error):
    assert label(cluster, *argv) == ("", error + "\n", 1)


def test_the_others_are_labeled_past_a_missing_one(cluster):
    run(cluster, "create", "configmap", "cfg")
    assert label(cluster, "cm", "nope", "cfg", "x=1") == (
        "configmap/cfg labeled\n",
        'Error from server (NotFound): configmaps "nope" not found\n',
        1,
    )


def test_writes_are_managed_by_the_command_that_made_them(cluster):
    label(cluster, "deploy", "web", "tier=front")
    run(cluster, "scale", "deploy", "web", "--replicas=2")
    managers = "jsonpath={.metadata.managedFields[*].manager}"
    assert run(cluster, "get", "deploy", "web", "-o", managers).stdout == (
        "kubectl-create kubectl-label kubectl"
    )


def test_refusals_of_several_objects_are_each_said_bare() -> None:
    cluster = Cluster()
    for name in ("a", "b"):
        run(cluster, "create", "configmap", name)
    run(cluster, "label", "configmap", "--all", "x=1")
    refused = "'x' already has a value (1), and --overwrite is false\n"
    # a, b and the kube-root-ca.crt every namespace holds
    assert run(cluster, "label", "configmap", "--all", "x=2").stderr == refused * 3
    assert run(cluster, "label", "configmap", "a", "x=2").stderr == "error: " + refused
