"""Resource paths and methods into the engine's requests, as RequestInfoFactory reads them."""

import pytest

from cluster.engine.apiserver.errors import StatusError
from cluster.engine.apiserver.request import Credential
from cluster.kubeapi import translate

ADMIN = Credential("token", "admin-token")


def request(method: str, group: str, version: str, path: str, query=None, body=b"", ctype=""):
    target = translate.target(group, version, path)
    return translate.engine_request(
        method, target, query or {}, "application/json", body, ctype, ADMIN
    )


@pytest.mark.parametrize(
    ("method", "group", "path", "query", "wanted"),
    [
        ("GET", "", "namespaces/default/pods", {}, ("list", "pods", "default", "", "")),
        ("GET", "", "pods", {}, ("list", "pods", "", "", "")),
        ("GET", "", "namespaces/default/pods", {"watch": "true"}, ("watch", "pods", "default", "", "")),
        ("GET", "", "namespaces/default/pods", {"watch": "1"}, ("watch", "pods", "default", "", "")),
        ("GET", "", "namespaces/default/pods/web", {}, ("get", "pods", "default", "web", "")),
        ("GET", "", "namespaces/default/pods/web/log", {}, ("get", "pods", "default", "web", "log")),
        ("POST", "", "namespaces/default/pods/web/binding", {}, ("create", "pods", "default", "web", "binding")),
        ("GET", "", "namespaces/kube-system", {}, ("get", "namespaces", "", "kube-system", "")),
        ("PUT", "", "namespaces/gone/finalize", {}, ("update", "namespaces", "", "gone", "finalize")),
        ("GET", "", "nodes/node-1", {}, ("get", "nodes", "", "node-1", "")),
        ("DELETE", "", "namespaces/default/configmaps", {}, ("deletecollection", "configmaps", "default", "", "")),
        ("DELETE", "apps", "namespaces/default/deployments/web", {}, ("delete", "deployments", "default", "web", "")),
        ("PATCH", "apps", "namespaces/default/deployments/web/scale", {}, ("patch", "deployments", "default", "web", "scale")),
        ("GET", "", "watch/namespaces/default/pods", {}, ("watch", "pods", "default", "", "")),
    ],
)  # fmt: skip
def test_a_path_and_method_name_a_verb_and_an_object(
    method: str, group: str, path: str, query: dict, wanted: tuple
) -> None:
    body = b"{}" if method in ("POST", "PUT", "PATCH") else b""
    ctype = "application/merge-patch+json" if method == "PATCH" else ""
    made = request(method, group, "v1", path, query, body, ctype)
    assert (made.verb, made.resource, made.namespace, made.name, made.subresource) == wanted
    assert made.credential == ADMIN


@pytest.mark.parametrize(
    ("group", "version", "path"),
    [
        ("", "v1", "foos"),
        ("apps", "v1", "namespaces/default/pods"),  # pods are not in apps
        ("", "v1", "namespaces/default/deployments"),
        ("", "v1", "pods/web"),  # a namespaced object needs its namespace
        ("", "v1", "namespaces/default/nodes"),  # nodes are in no namespace
        ("", "v1", "namespaces/default/pods/web/nonsense"),
        ("", "v1", "namespaces/default/pods/web/log/more"),
        ("apps", "v2", "namespaces/default/deployments"),
    ],
)
def test_what_is_not_served_is_404_the_server_could_not_find_the_requested_resource(
    group: str, version: str, path: str
) -> None:
    with pytest.raises(StatusError) as caught:
        translate.target(group, version, path)
    status = caught.value.status()
    assert (status["code"], status["reason"], status["message"], status["details"]) == (
        404,
        "NotFound",
        "the server could not find the requested resource",
        {},
    )


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "pods"),  # across namespaces: only list and watch
        ("DELETE", "pods"),
        ("POST", "namespaces/default/pods/web"),
        ("PUT", "namespaces/default/pods"),
        ("PATCH", "namespaces/default/pods"),
        ("OPTIONS", "namespaces/default/pods"),
        ("POST", "namespaces/default/pods/web/status"),  # status: get, patch, update
        ("DELETE", "namespaces/default/pods/web/status"),
        ("PUT", "namespaces/default/pods/web/binding"),  # binding: create only
        ("GET", "namespaces/default/pods/web/eviction"),
        ("POST", "namespaces/default/pods/web/log"),
    ],
)
def test_a_method_without_a_route_is_405(method: str, path: str) -> None:
    with pytest.raises(StatusError) as caught:
        request(method, "", "v1", path, body=b"{}")
    assert (caught.value.code, caught.value.reason) == (405, "MethodNotAllowed")


def test_the_query_and_the_accept_header_travel_with_the_request() -> None:
    query = {"labelSelector": "app=web", "limit": "500", "dryRun": "All"}
    target = translate.target("", "v1", "namespaces/default/pods")
    made = translate.engine_request(
        "GET", target, query, "application/json;as=Table;v=v1;g=meta.k8s.io", b"", "", ADMIN
    )
    assert made.query == {**query, "accept": "application/json;as=Table;v=v1;g=meta.k8s.io"}


def test_bodies_are_decoded_by_their_content_type() -> None:
    created = request("POST", "", "v1", "namespaces/default/configmaps", body=b'{"data":{}}')
    assert created.body == {"data": {}}
    patch = b'[{"op":"add","path":"/data/a","value":"1"}]'
    patched = request(
        "PATCH",
        "",
        "v1",
        "namespaces/default/configmaps/c",
        body=patch,
        ctype="application/json-patch+json",
    )
    assert (patched.body, patched.content_type) == (
        [{"op": "add", "path": "/data/a", "value": "1"}],
        "application/json-patch+json",
    )
    deleted = request("DELETE", "", "v1", "namespaces/default/configmaps/c")
    assert deleted.body is None


def test_a_watch_of_one_named_object_selects_it_by_name() -> None:
    made = request("GET", "", "v1", "watch/namespaces/default/pods/web")
    assert (made.verb, made.name, made.query["fieldSelector"]) == ("watch", "", "metadata.name=web")


def test_a_body_over_three_mebibytes_is_413() -> None:
    big = b"{" + b" " * (3 * 1024 * 1024) + b"}"
    with pytest.raises(StatusError) as caught:
        request("POST", "", "v1", "namespaces/default/configmaps", body=big)
    assert (caught.value.code, caught.value.message) == (
        413,
        "Request entity too large: limit is 3145728",
    )


def test_exec_over_plain_http_asks_for_an_upgrade() -> None:
    with pytest.raises(StatusError) as caught:
        request("POST", "", "v1", "namespaces/default/pods/web/exec", {"command": "ls"})
    assert (caught.value.code, caught.value.message) == (400, "Upgrade request required")


@pytest.mark.parametrize(
    ("method", "ctype", "query", "wanted"),
    [
        ("POST", "", {}, ("data",)),
        ("PUT", "application/json", {"fieldValidation": "Strict"}, ("data",)),
        ("PATCH", "application/merge-patch+json", {}, ("data",)),
        ("PATCH", "application/strategic-merge-patch+json", {"fieldValidation": "Warn"}, ("data",)),
        ("POST", "", {"fieldValidation": "Ignore"}, ()),
    ],
)
def test_fields_a_json_body_names_twice_travel_with_the_request(
    method: str, ctype: str, query: dict[str, str], wanted: tuple[str, ...]
) -> None:
    body = b'{"metadata":{"name":"c"},"data":{"a":"1"},"data":{"b":"2"}}'
    path = "namespaces/default/configmaps" + ("/c" if method != "POST" else "")
    made = request(method, "", "v1", path, query=query, body=body, ctype=ctype)
    assert made.duplicates == wanted


@pytest.mark.parametrize(
    ("method", "group", "path", "wanted"),
    [
        ("GET", "apps", "namespaces/default/foos", ("list", "foos.apps", "default", "", "")),
        ("GET", "", "namespaces/default/foos/a", ("get", "foos", "default", "a", "")),
        ("GET", "", "watch/namespaces/default/foos", ("watch", "foos", "default", "", "")),
        ("DELETE", "", "nodes/a/b", ("delete", "nodes", "", "a", "b")),
        ("POST", "apps", "namespaces/x/deployments", ("create", "deployments.apps", "x", "", "")),
    ],
)
def test_an_unserved_path_reads_as_the_request_kube_apiservers_filters_judge(
    method: str, group: str, path: str, wanted: tuple[str, ...]
) -> None:
    found = translate.unserved(method, group, "v1", path, "/x", {}, None)
    assert found is not None
    assert (found.verb, found.resource, found.namespace, found.name, found.subresource) == wanted
    assert (found.url, found.served) == ("/x", False)
    assert translate.unserved("GET", "", "v1", "", "/x", {}, None) is None
