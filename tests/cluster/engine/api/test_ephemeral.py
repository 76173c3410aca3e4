"""Ephemeral containers through the pod's ephemeralcontainers subresource: added, never changed
nor removed, without the fields they may not have, with Kubernetes' error texts."""

import pytest

from cluster.engine.apiserver.request import Request
from cluster.engine.cluster import Cluster
from tests.cluster.engine.requests import admin_request

PATCH = "application/strategic-merge-patch+json"


@pytest.fixture
def cluster():
    cluster = Cluster()
    body = {"metadata": {"name": "t"}, "spec": {"containers": [{"name": "t", "image": "nginx"}]}}
    assert ask(cluster, "create", body=body).code == 201
    return cluster


def ask(cluster, verb, name="", subresource="", body=None):
    return admin_request(cluster, verb, "pods", name, subresource, body)


def add(cluster, *containers):
    body = {"spec": {"ephemeralContainers": list(containers)}}
    return ask(cluster, "patch", "t", "ephemeralcontainers", body)


def test_one_is_added_with_its_defaults_and_nothing_else_changes(cluster):
    before = ask(cluster, "get", "t").body
    response = add(cluster, {"name": "debugger", "image": "busybox", "targetContainerName": "t"})
    assert response.code == 200
    added = response.body["spec"]["ephemeralContainers"]
    assert added == [
        {
            "name": "debugger",
            "image": "busybox",
            "targetContainerName": "t",
            "imagePullPolicy": "Always",
            "terminationMessagePath": "/dev/termination-log",
            "terminationMessagePolicy": "File",
            "resources": {},
        }
    ]
    assert response.body["spec"] | {"ephemeralContainers": None} == before["spec"] | {
        "ephemeralContainers": None
    }
    assert ask(cluster, "get", "t", "ephemeralcontainers").body["kind"] == "Pod"


@pytest.mark.parametrize(
    ("container", "message"),
    [
        (
            {"name": "d", "image": "busybox", "ports": [{"containerPort": 80}]},
            "spec.ephemeralContainers[0].ports: Forbidden: cannot be set for an Ephemeral "
            "Container",
        ),
        (
            {"name": "d", "image": "busybox", "targetContainerName": "nope"},
            'spec.ephemeralContainers[0].targetContainerName: Not found: "nope"',
        ),
        (
            {"name": "t", "image": "busybox"},
            'spec.ephemeralContainers[0].name: Duplicate value: "t"',
        ),
        ({"name": "d"}, "spec.ephemeralContainers[0].image: Required value"),
    ],
)
def test_what_an_ephemeral_container_may_not_be(cluster, container, message):
    response = add(cluster, container)
    assert (response.code, response.body["message"]) == (422, f'Pod "t" is invalid: {message}')


def test_once_added_it_is_never_changed_nor_removed(cluster):
    add(cluster, {"name": "d", "image": "busybox"})
    changed = add(cluster, {"name": "d", "image": "alpine"})
    assert changed.body["message"] == (
        'Pod "t" is invalid: spec.ephemeralContainers[d]: Forbidden: existing ephemeral '
        'containers "d" may not be changed\n'
    )
    pod = ask(cluster, "get", "t").body
    pod["spec"]["ephemeralContainers"] = []
    removed = cluster.handle(
        Request(
            "update", "pods", "default", "t", "ephemeralcontainers", pod, credential=cluster.admin
        )
    )
    assert removed.body["message"] == (
        'Pod "t" is invalid: spec.ephemeralContainers: Forbidden: existing ephemeral '
        'containers "d" may not be removed\n'
    )


def test_neither_a_new_pod_nor_an_update_of_the_pod_brings_one(cluster):
    body = {
        "metadata": {"name": "new"},
        "spec": {
            "containers": [{"name": "c", "image": "nginx"}],
            "ephemeralContainers": [{"name": "d", "image": "busybox"}],
        },
    }
    assert ask(cluster, "create", body=body).body["message"] == (
        'Pod "new" is invalid: spec.ephemeralContainers: Forbidden: cannot be set on create'
    )
    updated = ask(
        cluster,
        "patch",
        "t",
        body={"spec": {"ephemeralContainers": [body["spec"]["ephemeralContainers"][0]]}},
    )
    assert updated.body["message"].startswith(
        'Pod "t" is invalid: spec: Forbidden: pod updates may not change fields other than'
    )


def test_adding_one_counts_a_generation_and_changes_no_label(cluster):
    body = {
        "metadata": {"labels": {"debugged": "yes"}},
        "spec": {"ephemeralContainers": [{"name": "d", "image": "busybox"}]},
    }
    added = ask(cluster, "patch", "t", "ephemeralcontainers", body).body
    assert (added["metadata"]["generation"], added["metadata"].get("labels")) == (2, None)
