"""kubectl api-resources lists what the server serves, sorted by group then name."""

import pytest

from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import run


@pytest.fixture(scope="module")
def cluster():
    return Cluster()


def test_the_table_starts_with_the_core_group_by_name(cluster):
    lines = run(cluster, "api-resources").stdout.splitlines()
    assert lines[0].split() == ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]
    names = [line.split()[0] for line in lines[1:]]
    assert names[:3] == ["bindings", "componentstatuses", "configmaps"]
    assert names.index("pods") < names.index("deployments") < names.index("clusterroles")
    pods = next(line for line in lines if line.startswith("pods "))
    assert pods.split() == ["pods", "po", "v1", "true", "Pod"]
    assert lines[0].index("SHORTNAMES") == pods.index(" po ") + 1


def test_filters_and_names(cluster):
    assert run(cluster, "api-resources", "--api-group=apps", "-o", "name").stdout == (
        "controllerrevisions.apps\ndaemonsets.apps\ndeployments.apps\nreplicasets.apps\n"
        "statefulsets.apps\n"
    )
    cluster_wide = run(cluster, "api-resources", "--namespaced=false", "--no-headers").stdout
    assert [line.split()[0] for line in cluster_wide.splitlines()][:3] == [
        "componentstatuses",
        "namespaces",
        "nodes",
    ]
    created_only = run(cluster, "api-resources", "--verbs=list", "-o", "name").stdout
    assert "selfsubjectaccessreviews.authorization.k8s.io" not in created_only
    assert run(cluster, "api-resources", "--sort-by=kind", "-o", "name").stdout.startswith(
        "bindings\nclusterroles.rbac.authorization.k8s.io\nclusterrolebindings."
    )


def test_wide_adds_verbs_and_categories(cluster):
    lines = run(cluster, "api-resources", "-o", "wide", "--api-group=apps").stdout.splitlines()
    assert lines[0].split()[-2:] == ["VERBS", "CATEGORIES"]
    deployments = next(line for line in lines if line.startswith("deployments"))
    assert deployments.endswith("create,delete,deletecollection,get,list,patch,update,watch   all")
    revisions = next(line for line in lines if line.startswith("controllerrevisions"))
    assert revisions.rstrip().endswith("get,list,patch,update,watch")  # no categories


def test_api_versions_are_sorted(cluster):
    versions = run(cluster, "api-versions").stdout.splitlines()
    assert versions == sorted(versions)
    assert {"apps/v1", "v1", "rbac.authorization.k8s.io/v1"} <= set(versions)
