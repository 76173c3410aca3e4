"""The revision a list reads at: resourceVersion and resourceVersionMatch, continue tokens,
and the errors kube-apiserver answers for a revision it no longer has or has not reached."""

import pytest

from cluster.engine.apiserver import listing
from cluster.engine.apiserver.request import Request
from cluster.engine.cluster import Cluster


@pytest.fixture
def cluster():
    return Cluster()


def ask(cluster, query):
    request = Request("list", "configmaps", "default", credential=cluster.admin, query=query)
    return cluster.handle(request)


def create(cluster, name):
    body = {"metadata": {"name": name}, "data": {"k": "v"}}
    cluster.handle(Request("create", "configmaps", "default", credential=cluster.admin, body=body))


def names(response):
    return [item["metadata"]["name"] for item in response.body["items"]]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"resourceVersionMatch": "Exact"},
            'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: '
            "resourceVersionMatch is forbidden unless resourceVersion is provided",
        ),
        (
            {"resourceVersionMatch": "Foo", "resourceVersion": "1"},
            'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Unsupported value: '
            '"Foo": supported values: "Exact", "NotOlderThan", ""',
        ),
        (
            {"resourceVersionMatch": "Exact", "resourceVersion": "0"},
            'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: '
            'resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
        ),
        (
            {"sendInitialEvents": "true"},
            'ListOptions.meta.k8s.io "" is invalid: sendInitialEvents: Forbidden: '
            "sendInitialEvents is forbidden for list",
        ),
    ],
)
def test_list_options_are_validated_as_validate_list_options_does(cluster, query, message):
    response = ask(cluster, query)
    assert (response.code, response.body["reason"], response.body["message"]) == (
        422,
        "Invalid",
        message,
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"resourceVersion": "abc"},
            'invalid resource version: resourceVersion: Invalid value: "abc": '
            'strconv.ParseUint: parsing "abc": invalid syntax',
        ),
        ({"continue": "bm90LWpzb24"}, "invalid continue token: continue key is not valid"),
        (
            {"continue": listing.encode_continue(5, "default/a"), "resourceVersion": "5"},
            "specifying resource version is not allowed when using continue",
        ),
    ],
)
def test_a_resource_version_or_token_it_cannot_use_is_400(cluster, query, message):
    response = ask(cluster, query)
    assert (response.code, response.body["message"]) == (400, message)


def test_a_resource_version_etcd_has_not_reached_is_504_too_large(cluster):
    current = cluster.etcd.revision
    for match in ("NotOlderThan", "Exact"):
        query = {"resourceVersion": str(current + 10), "resourceVersionMatch": match}
        response = ask(cluster, query)
        assert (response.code, response.body["reason"], response.body["message"]) == (
            504,
            "Timeout",
            f"Timeout: Too large resource version: {current + 10}, current: {current}",
        )
        assert response.body["details"]["causes"][0]["reason"] == "ResourceVersionTooLarge"


def test_an_exact_list_reads_the_objects_as_they_were_at_that_revision(cluster):
    create(cluster, "a")
    then = cluster.etcd.revision
    create(cluster, "b")
    exact = ask(cluster, {"resourceVersion": str(then), "resourceVersionMatch": "Exact"})
    assert names(exact) == ["a", "kube-root-ca.crt"]
    assert exact.body["metadata"]["resourceVersion"] == str(then)
    legacy = ask(cluster, {"resourceVersion": str(then), "limit": "10"})  # exact with a limit
    assert names(legacy) == ["a", "kube-root-ca.crt"]
    newer = ask(cluster, {"resourceVersion": str(then), "resourceVersionMatch": "NotOlderThan"})
    assert names(newer) == ["a", "b", "kube-root-ca.crt"]
    assert newer.body["metadata"]["resourceVersion"] == str(cluster.etcd.revision)


def test_pages_are_read_at_the_revision_of_the_first(cluster):
    for name in ("a", "b", "c"):
        create(cluster, name)
    first = ask(cluster, {"limit": "2"})
    create(cluster, "bb")
    second = ask(cluster, {"limit": "5", "continue": first.body["metadata"]["continue"]})
    assert names(second) == ["c", "kube-root-ca.crt"]
    assert second.body["metadata"]["resourceVersion"] == first.body["metadata"]["resourceVersion"]


def test_a_compacted_revision_is_410_and_a_continued_list_may_go_on_at_the_latest(cluster):
    create(cluster, "a")
    then = cluster.etcd.revision
    first = ask(cluster, {"limit": "1"})
    create(cluster, "b")
    cluster.etcd.compact(cluster.etcd.revision)
    exact = ask(cluster, {"resourceVersion": str(then), "resourceVersionMatch": "Exact"})
    assert (exact.code, exact.body["reason"], exact.body["message"]) == (
        410,
        "Expired",
        "The resourceVersion for the provided list is too old.",
    )
    continued = ask(cluster, {"limit": "1", "continue": first.body["metadata"]["continue"]})
    assert (continued.code, continued.body["message"]) == (410, listing.INCONSISTENT_CONTINUE)
    token = continued.body["metadata"]["continue"]
    latest = ask(cluster, {"continue": token})
    assert names(latest) == ["b", "kube-root-ca.crt"]
    assert latest.body["metadata"]["resourceVersion"] == str(cluster.etcd.revision)
