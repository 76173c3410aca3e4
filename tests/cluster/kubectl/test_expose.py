"""kubectl expose: the Service it builds, and a server that has no Services."""

import pytest
import yaml

from cluster.engine.api import resources
from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import run


@pytest.fixture
def cluster() -> Cluster:
    cluster = Cluster()
    run(cluster, "create", "deployment", "web", "--image=nginx", "--port=8080")
    return cluster


def test_the_service_selects_the_deployment_s_pods(cluster):
    result = run(
        cluster, "expose", "deployment", "web", "--port=80", "--dry-run=client", "-o", "yaml"
    )
    assert yaml.safe_load(result.stdout) == {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"labels": {"app": "web"}, "name": "web"},
        "spec": {
            "ports": [{"port": 80, "protocol": "TCP", "targetPort": 80}],
            "selector": {"app": "web"},
        },
        "status": {"loadBalancer": {}},
    }
    introspected = run(cluster, "expose", "deployment", "web", "--dry-run=client", "-o", "yaml")
    assert yaml.safe_load(introspected.stdout)["spec"]["ports"][0]["port"] == 8080


def test_without_services_on_the_server_there_is_no_mapping_for_one(cluster, monkeypatch):
    monkeypatch.delitem(resources.BY_NAME, "services", raising=False)
    result = run(cluster, "expose", "deployment", "web", "--port=80")
    assert (result.stdout, result.stderr, result.exit_code) == (
        "",
        'error: no matches for kind "Service" in version "v1"\n',
        1,
    )


def test_a_configmap_cannot_be_exposed(cluster):
    run(cluster, "create", "configmap", "cfg")
    assert (
        run(cluster, "expose", "cm", "cfg", "--port=80").stderr
        == "error: cannot expose a ConfigMap\n"
    )
