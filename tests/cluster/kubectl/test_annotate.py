"""kubectl annotate: set, overwrite and remove annotations, with kubectl's messages."""

import pytest

from cluster.engine.cluster import Cluster
from cluster.engine.controllers.rootcacertpublisher import DESCRIPTION
from tests.cluster.kubectl.helpers import run


@pytest.fixture
def cluster() -> Cluster:
    cluster = Cluster()
    run(cluster, "create", "configmap", "cfg")
    return cluster


def annotate(cluster: Cluster, *argv: str) -> tuple[str, str, int]:
    result = run(cluster, "annotate", *argv)
    return result.stdout, result.stderr, result.exit_code


def test_set_refused_overwritten_and_removed(cluster):
    assert annotate(cluster, "cm", "cfg", "a=1", "b=2") == ("configmap/cfg annotated\n", "", 0)
    assert annotate(cluster, "cm", "cfg", "a=3", "b=4") == (
        "",
        "error: --overwrite is false but found the following declared annotation(s): "
        "'a' already has a value (1); 'b' already has a value (2)\n",
        1,
    )
    assert annotate(cluster, "cm", "cfg", "a=3", "--overwrite") == (
        "configmap/cfg annotated\n",
        "",
        0,
    )
    assert annotate(cluster, "cm", "cfg", "b-") == ("configmap/cfg annotated\n", "", 0)
    annotations = run(cluster, "get", "cm", "cfg", "-o", "jsonpath={.metadata.annotations}").stdout
    assert annotations == '{"a":"3"}'


def test_a_value_may_hold_equals_signs_and_spaces(cluster):
    annotate(cluster, "cm/cfg", "note=a=b c")
    assert (
        run(cluster, "get", "cm", "cfg", "-o", "jsonpath={.metadata.annotations.note}").stdout
        == "a=b c"
    )


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (("cm", "cfg"), "error: at least one annotation update is required"),
        (
            ("cm", "cfg", "a=1", "a-"),
            "error: can not both modify and remove the following annotation(s) in the same command: a",
        ),
    ],
)
def test_errors(cluster, argv, error):
    assert annotate(cluster, *argv) == ("", error + "\n", 1)


def test_list(cluster):
    annotate(cluster, "cm", "cfg", "b=2", "a=1")
    assert annotate(cluster, "cm", "cfg", "--list") == ("a=1\nb=2\n", "", 0)
    run(cluster, "create", "configmap", "other")
    assert annotate(cluster, "cm", "--all", "--list") == (
        "Listing annotations for ConfigMap./cfg:\n a=1\n b=2\n"
        f"Listing annotations for ConfigMap./kube-root-ca.crt:\n kubernetes.io/description={DESCRIPTION}\n"
        "Listing annotations for ConfigMap./other:\n",
        "",
        0,
    )
