"""The DaemonSet controller's pure parts: where a daemon pod should run, the pod template
it makes, the node a pod is meant for, surge and unavailability, and the history order."""

import pytest

from cluster.engine.controllers import history
from cluster.engine.controllers.daemonset import util
from cluster.engine.controllers.daemonset.controller import (
    node_should_run_daemon_pod,
    sort_by_creation_timestamp_and_phase,
    unscheduled_pods_without_node,
)


def node(name="worker", labels=None, taints=None):
    return {"metadata": {"name": name, "labels": labels or {}}, "spec": {"taints": taints or []}}


def ds(spec=None, template_meta=None, annotations=None, strategy=None):
    return {
        "metadata": {
            "name": "agent",
            "namespace": "default",
            "uid": "u1",
            "annotations": annotations or {},
        },
        "spec": {
            "selector": {"matchLabels": {"app": "agent"}},
            "template": {
                "metadata": template_meta or {"labels": {"app": "agent"}},
                "spec": {"containers": [{"name": "a", "image": "busybox"}], **(spec or {})},
            },
            "updateStrategy": strategy
            or {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0}},
        },
    }


CONTROL_PLANE = {"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}


@pytest.mark.parametrize(
    ("taint", "expected"),
    [
        (None, (True, True)),
        (CONTROL_PLANE, (False, True)),  # keeps out new pods, not the ones there
        ({"key": "dedicated", "value": "db", "effect": "NoExecute"}, (False, False)),
        ({"key": "node.kubernetes.io/not-ready", "effect": "NoExecute"}, (True, True)),
        ({"key": "node.kubernetes.io/unreachable", "effect": "NoExecute"}, (True, True)),
        ({"key": "node.kubernetes.io/disk-pressure", "effect": "NoSchedule"}, (True, True)),
        ({"key": "node.kubernetes.io/memory-pressure", "effect": "NoSchedule"}, (True, True)),
        ({"key": "node.kubernetes.io/pid-pressure", "effect": "NoSchedule"}, (True, True)),
        ({"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"}, (True, True)),
        ({"key": "node.kubernetes.io/network-unavailable", "effect": "NoSchedule"}, (False, True)),
        ({"key": "spot", "effect": "PreferNoSchedule"}, (True, True)),
    ],
)
def test_taints_against_the_template_and_the_daemon_tolerations(taint, expected):
    assert node_should_run_daemon_pod(node(taints=[taint] if taint else []), ds()) == expected


def test_network_unavailable_is_tolerated_by_host_network_pods_only():
    tainted = node(
        taints=[{"key": "node.kubernetes.io/network-unavailable", "effect": "NoSchedule"}]
    )
    assert node_should_run_daemon_pod(tainted, ds({"hostNetwork": True})) == (True, True)


def test_a_toleration_of_the_template_lets_it_onto_the_control_plane():
    toleration = {"key": "node-role.kubernetes.io/control-plane", "operator": "Exists"}
    template = ds({"tolerations": [toleration]})
    assert node_should_run_daemon_pod(node(taints=[CONTROL_PLANE]), template) == (True, True)


def test_node_selector_affinity_and_node_name_decide_before_taints():
    ssd = ds({"nodeSelector": {"disk": "ssd"}})
    assert node_should_run_daemon_pod(node(labels={"disk": "ssd"}), ssd) == (True, True)
    assert node_should_run_daemon_pod(node(), ssd) == (False, False)
    term = {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]}]}
    affinity = {
        "nodeAffinity": {
            "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [term]}
        }
    }
    zoned = ds({"affinity": affinity})
    assert node_should_run_daemon_pod(node(labels={"zone": "a"}), zoned) == (True, True)
    assert node_should_run_daemon_pod(node(labels={"zone": "b"}), zoned) == (False, False)
    pinned = ds({"nodeName": "other"})
    assert node_should_run_daemon_pod(node(), pinned) == (False, False)


def test_the_pod_template_gets_tolerations_and_revision_labels():
    template = util.create_pod_template(ds()["spec"]["template"], 3, "abc")
    assert template["metadata"]["labels"] == {
        "app": "agent",
        "pod-template-generation": "3",
        "controller-revision-hash": "abc",
    }
    assert template["spec"]["tolerations"] == [
        {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute"},
        {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute"},
        {"key": "node.kubernetes.io/disk-pressure", "operator": "Exists", "effect": "NoSchedule"},
        {"key": "node.kubernetes.io/memory-pressure", "operator": "Exists", "effect": "NoSchedule"},
        {"key": "node.kubernetes.io/pid-pressure", "operator": "Exists", "effect": "NoSchedule"},
        {"key": "node.kubernetes.io/unschedulable", "operator": "Exists", "effect": "NoSchedule"},
    ]


def test_a_matching_toleration_is_replaced_not_repeated():
    spec = {
        "tolerations": [
            {
                "key": "node.kubernetes.io/not-ready",
                "operator": "Exists",
                "effect": "NoExecute",
                "tolerationSeconds": 30,
            }
        ]
    }
    util.add_or_update_daemon_pod_tolerations(spec)
    assert spec["tolerations"][0] == {
        "key": "node.kubernetes.io/not-ready",
        "operator": "Exists",
        "effect": "NoExecute",
    }
    assert len(spec["tolerations"]) == 6


def test_the_node_affinity_pins_the_pod_to_its_node():
    preferred = [
        {"weight": 1, "preference": {"matchExpressions": [{"key": "a", "operator": "Exists"}]}}
    ]
    affinity = {
        "nodeAffinity": {
            "preferredDuringSchedulingIgnoredDuringExecution": preferred,
            "requiredDuringSchedulingIgnoredDuringExecution": {
                "nodeSelectorTerms": [{"matchExpressions": [{"key": "zone", "operator": "Exists"}]}]
            },
        }
    }
    pinned = util.replace_node_name_node_affinity(affinity, "worker")
    terms = pinned["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"][
        "nodeSelectorTerms"
    ]
    assert terms == [
        {"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["worker"]}]}
    ]
    assert pinned["nodeAffinity"]["preferredDuringSchedulingIgnoredDuringExecution"] == preferred
    assert util.get_target_node_name({"spec": {"affinity": pinned}}) == "worker"
    assert util.get_target_node_name({"spec": {"nodeName": "bound", "affinity": pinned}}) == "bound"
    assert util.get_target_node_name({"spec": {}}) is None


def test_surge_and_unavailable_counts_round_up_and_only_for_rolling_updates():
    rolling = ds(
        strategy={
            "type": "RollingUpdate",
            "rollingUpdate": {"maxUnavailable": "10%", "maxSurge": "25%"},
        }
    )
    assert util.unavailable_count(rolling, 3) == 1
    assert util.surge_count(rolling, 3) == 1
    assert util.allows_surge(rolling)
    on_delete = ds(strategy={"type": "OnDelete"})
    assert util.unavailable_count(on_delete, 3) == 0 and not util.allows_surge(on_delete)


def test_a_pod_is_updated_by_hash_or_by_template_generation():
    pod = {
        "metadata": {"labels": {"controller-revision-hash": "h1", "pod-template-generation": "2"}}
    }
    assert util.is_pod_updated(pod, "h1", None)
    assert util.is_pod_updated(pod, "h2", 2)
    assert not util.is_pod_updated(pod, "h2", 3)
    assert (
        util.get_template_generation(
            ds(annotations={"deprecated.daemonset.template.generation": "4"})
        )
        == 4
    )
    assert util.get_template_generation(ds()) is None


def test_pods_sort_scheduled_then_oldest_then_by_name():
    def pod(name, created, node_name=""):
        return {
            "metadata": {"name": name, "creationTimestamp": created},
            "spec": {"nodeName": node_name},
        }

    pods = [
        pod("c", "2024-01-01T00:00:01Z"),
        pod("b", "2024-01-01T00:00:02Z", "n"),
        pod("a", "2024-01-01T00:00:02Z", "n"),
    ]
    assert [p["metadata"]["name"] for p in sort_by_creation_timestamp_and_phase(pods)] == [
        "a",
        "b",
        "c",
    ]


def test_unbound_pods_for_a_node_that_is_gone_are_deleted():
    pods = {
        "gone": [{"metadata": {"name": "p"}, "spec": {}}],
        "worker": [{"metadata": {"name": "q"}, "spec": {}}],
    }
    assert unscheduled_pods_without_node([node()], pods) == ["p"]


def test_revisions_sort_by_number_then_creation_then_name():
    def rev(name, number):
        return {
            "metadata": {"name": name, "creationTimestamp": "2024-01-01T00:00:00Z"},
            "revision": number,
        }

    found = history.sort_controller_revisions([rev("b", 2), rev("c", 1), rev("a", 2)])
    assert [r["metadata"]["name"] for r in found] == ["c", "a", "b"]
    assert history.max_revision(found) == 2 and history.max_revision([]) == 0
    assert history.controller_revision_name("x" * 300, "h") == "x" * 223 + "-h"
