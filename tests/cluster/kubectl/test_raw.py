"""kubectl get --raw: a path's answer as the server sends it, resources and the server's own
documents alike."""

import json

import pytest

from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import run


@pytest.fixture(scope="module")
def cluster():
    cluster = Cluster()
    run(cluster, "run", "web", "--image=nginx")
    cluster.advance_to(8000)
    return cluster


def test_a_resources_path_gives_compact_json(cluster):
    listed = run(cluster, "get", "--raw", "/api/v1/namespaces/default/pods").stdout
    assert listed.startswith('{"kind":"PodList","apiVersion":"v1",') and listed.endswith("}\n")
    assert [p["metadata"]["name"] for p in json.loads(listed)["items"]] == ["web"]


def test_the_servers_own_documents_and_health_checks(cluster):
    assert json.loads(run(cluster, "get", "--raw", "/version").stdout)["gitVersion"] == "v1.37.1"
    verbose = run(cluster, "get", "--raw", "/readyz?verbose").stdout.splitlines()
    assert (verbose[0], verbose[-1]) == ("[+]ping ok", "readyz check passed")
    assert run(cluster, "get", "--raw", "/apis/apps/v1").stdout.startswith(
        '{"kind":"APIResourceList","apiVersion":"v1","groupVersion":"apps/v1",'
    )


def test_a_pods_proxy_gives_what_its_server_answers(cluster):
    page = run(cluster, "get", "--raw", "/api/v1/namespaces/default/pods/web/proxy/").stdout
    assert "<title>Welcome to nginx!</title>" in page


def test_what_get_raw_refuses(cluster):
    said = [
        run(cluster, "get", "--raw", "/nope").stderr,
        run(cluster, "get", "--raw", "/api/v1/namespaces/default/pods/nope").stderr,
        run(cluster, "get", "pods", "--raw", "/version").stderr,
    ]
    assert said == [
        "Error from server (NotFound): the server could not find the requested resource\n",
        'Error from server (NotFound): pods "nope" not found\n',
        "error: arguments may not be passed when --raw is specified\n",
    ]
