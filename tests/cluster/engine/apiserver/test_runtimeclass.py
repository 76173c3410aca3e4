"""RuntimeClass on a real cluster: its validation, the RuntimeClass admission plugin's
overhead and scheduling, and the kubelet running a pod with the class's runtime handler."""

from typing import Any

import pytest

from cluster.engine.apiserver import printers
from cluster.engine.apiserver.runtimeclass import merge_tolerations
from cluster.engine.cluster import Cluster
from tests.cluster.engine.controllers.helpers import API, pod, settle


def runtime_class(name: str = "gvisor", handler: str = "runc", **fields: Any) -> dict[str, Any]:
    return {
        "apiVersion": "node.k8s.io/v1",
        "kind": "RuntimeClass",
        "metadata": {"name": name},
        "handler": handler,
        **fields,
    }


def with_class(name: str, runtime_class_name: str, **spec: Any) -> dict[str, Any]:
    created = pod(name)
    created["spec"].update(runtimeClassName=runtime_class_name, **spec)
    return created


def started(*classes: dict[str, Any]) -> tuple[Cluster, API]:
    cluster = Cluster()
    api = API(cluster)
    for created in classes:
        api.create("runtimeclasses", created, "")
    return cluster, api


def pod_events(api: API, name: str) -> list[tuple[str, str]]:
    return [
        (e["reason"], e["message"])
        for e in api.items("events")
        if e["involvedObject"]["name"] == name
    ]


def test_a_handler_must_be_a_dns_label_and_never_changes():
    _cluster, api = started(runtime_class())
    response = api.request("create", "runtimeclasses", "", body=runtime_class("bad", "Run_C"))
    assert response.code == 422
    assert response.body["message"].startswith(
        'RuntimeClass.node.k8s.io "bad" is invalid: handler: Invalid value: "Run_C": a lowercase '
        "RFC 1123 label must consist of"
    )
    changed = {**api.get("runtimeclasses", "gvisor", ""), "handler": "runsc"}
    response = api.request("update", "runtimeclasses", "", "gvisor", body=changed)
    assert response.body["message"] == (
        'RuntimeClass.node.k8s.io "gvisor" is invalid: handler: Invalid value: "runsc": field is '
        "immutable"
    )


def test_a_pod_naming_no_such_class_is_refused():
    _cluster, api = started()
    response = api.request("create", "pods", body=with_class("web", "kata"))
    assert response.code == 403
    assert response.body["message"] == (
        'pods "web" is forbidden: pod rejected: RuntimeClass "kata" not found'
    )


def test_the_class_gives_the_pod_its_overhead_node_selector_and_tolerations():
    scheduling = {
        "nodeSelector": {"sandbox": "yes"},
        "tolerations": [{"key": "sandbox", "operator": "Exists", "effect": "NoSchedule"}],
    }
    overhead = {"podFixed": {"cpu": "250m", "memory": "120Mi"}}
    _cluster, api = started(runtime_class(overhead=overhead, scheduling=scheduling))
    spec = api.create("pods", with_class("web", "gvisor", nodeSelector={"disk": "ssd"}))["spec"]
    assert spec["overhead"] == {"cpu": "250m", "memory": "120Mi"}
    assert spec["nodeSelector"] == {"disk": "ssd", "sandbox": "yes"}
    assert {"key": "sandbox", "operator": "Exists", "effect": "NoSchedule"} in spec["tolerations"]


def test_a_node_selector_at_odds_with_the_class_and_an_overhead_of_ones_own_are_refused():
    _cluster, api = started(
        runtime_class(scheduling={"nodeSelector": {"sandbox": "yes"}}),
        runtime_class("plain"),
    )
    conflicting = with_class("a", "gvisor", nodeSelector={"sandbox": "no"})
    assert api.request("create", "pods", body=conflicting).body["message"] == (
        'pods "a" is forbidden: conflict: runtimeClass.scheduling.nodeSelector[sandbox] = yes; '
        "pod.spec.nodeSelector[sandbox] = no"
    )
    own = with_class("b", "plain", overhead={"cpu": "1"})
    assert api.request("create", "pods", body=own).body["message"] == (
        'pods "b" is forbidden: pod rejected: Pod Overhead set without corresponding '
        "RuntimeClass defined Overhead"
    )


def test_a_pod_runs_with_a_configured_handler_and_waits_for_a_sandbox_otherwise():
    cluster, api = started(runtime_class("test", "test-handler"), runtime_class("kata", "kata"))
    api.create("pods", with_class("runs", "test"))
    api.create("pods", with_class("waits", "kata"))
    settle(cluster)
    assert api.get("pods", "runs")["status"]["phase"] == "Running"
    waiting = api.get("pods", "waits")["status"]
    assert waiting["phase"] == "Pending"
    assert waiting["containerStatuses"][0]["state"]["waiting"]["reason"] == "ContainerCreating"
    assert (
        "FailedCreatePodSandBox",
        (
            "Failed to create pod sandbox: rpc error: code = Unknown desc = failed to get sandbox "
            'runtime: no runtime for "kata" is configured'
        ),
    ) in pod_events(api, "waits")


def test_a_class_deleted_after_admission_stops_the_sandbox_in_kubernetes_words():
    cluster, api = started(runtime_class())
    api.send("create", "pods", body=with_class("web", "gvisor"))
    api.send("delete", "runtimeclasses", "", "gvisor")
    settle(cluster)
    assert (
        "FailedCreatePodSandBox",
        'Failed to create pod sandbox: runtimeclass.node.k8s.io "gvisor" not found',
    ) in pod_events(api, "web")


def test_runtime_classes_print_their_handler():
    table = printers.table("RuntimeClass", [runtime_class()], 0, {})
    assert [c["name"] for c in table["columnDefinitions"]] == ["Name", "Handler", "Age"]


@pytest.mark.parametrize(
    ("first", "second", "merged"),
    [
        ([{"key": "a", "operator": "Exists"}], [{"key": "a", "operator": "Equal", "value": "x"}],
         [{"key": "a", "operator": "Exists"}]),
        ([{"key": "a", "operator": "Equal", "value": "x"}], [{"operator": "Exists"}],
         [{"operator": "Exists"}]),
        ([{"key": "a", "operator": "Equal", "value": "x", "effect": "NoExecute", "tolerationSeconds": 5}],
         [{"key": "a", "operator": "Equal", "value": "x", "effect": "NoExecute", "tolerationSeconds": 9}],
         [{"key": "a", "operator": "Equal", "value": "x", "effect": "NoExecute", "tolerationSeconds": 9}]),
        ([{"key": "a", "operator": "Exists"}], [{"key": "a", "operator": "Exists"}],
         [{"key": "a", "operator": "Exists"}]),
    ],
)  # fmt: skip
def test_merging_tolerations_keeps_what_no_other_covers(first, second, merged):
    assert merge_tolerations(first, second) == merged
