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


def test_a_path_is_authorized_before_it_is_found_missing(cluster):
    robot = "--as=system:serviceaccount:default:robot"
    said = [
        run(cluster, "get", "--raw", "/nope", robot).stderr,
        run(cluster, "delete", "--raw", "/nope", robot).stderr,
    ]
    assert said == [
        'Error from server (Forbidden): forbidden: User "system:serviceaccount:default:robot" '
        'cannot get path "/nope"\n',
        'Error from server (Forbidden): forbidden: User "system:serviceaccount:default:robot" '
        'cannot delete path "/nope"\n',
    ]


def test_a_resource_path_nothing_serves_is_authorized_as_the_request_it_reads(cluster):
    robot = "--as=system:serviceaccount:default:robot"
    said = [
        run(cluster, "get", "--raw", "/apis/apps/v1/namespaces/default/foos", robot).stderr,
        run(cluster, "get", "--raw", "/api/v1/namespaces/default/pods/web/nope", robot).stderr,
        run(cluster, "get", "--raw", "/apis/apps/v1/namespaces/default/foos").stderr,
    ]
    assert said == [
        'Error from server (Forbidden): foos.apps is forbidden: User "system:serviceaccount:'
        'default:robot" cannot list resource "foos" in API group "apps" in the namespace '
        '"default"\n',
        'Error from server (Forbidden): pods "web" is forbidden: User "system:serviceaccount:'
        'default:robot" cannot get resource "pods/nope" in API group "" in the namespace '
        '"default"\n',
        "Error from server (NotFound): the server could not find the requested resource\n",
    ]


def test_a_pods_log_is_its_text(cluster):
    log = run(cluster, "get", "--raw", "/api/v1/namespaces/default/pods/web/log").stdout
    assert log == run(cluster, "logs", "web").stdout
    assert log.startswith("/docker-entrypoint.sh: ")


def test_delete_raw_prints_what_the_server_answers():
    cluster = Cluster()
    for name in ("a", "b"):
        run(cluster, "create", "configmap", name)
    run(cluster, "label", "configmap", "a", "x=y")
    path = "/api/v1/namespaces/default/configmaps"
    deleted = run(cluster, "delete", "--raw", f"{path}?labelSelector=x=y").stdout
    assert deleted.startswith('{"kind":"ConfigMapList","apiVersion":"v1",')
    assert [c["metadata"]["name"] for c in json.loads(deleted)["items"]] == ["a"]
    options = '{"preconditions":{"uid":"nope"}}'
    refused = run(cluster, "delete", "--raw", f"{path}/b", "-f", "-", stdin=options)
    assert refused.stderr.startswith(
        'Error from server (Conflict): Operation cannot be fulfilled on ConfigMap "b": '
        "the UID in the precondition (nope)"
    )
    gone = json.loads(run(cluster, "delete", "--raw", f"{path}/b").stdout)
    assert (gone["status"], gone["details"]["name"]) == ("Success", "b")
    said = [
        run(cluster, "delete", "--raw", f"{path}/b").stderr,
        run(cluster, "delete", "--raw", "/version").stderr,
        run(cluster, "delete", "--raw", path, "-o", "name").stderr,
    ]
    assert said == [
        'Error from server (NotFound): configmaps "b" not found\n',
        "Error from server (MethodNotAllowed): the server does not allow this method on the "
        "requested resource\n",
        "error: --raw and --output are mutually exclusive\n",
    ]
