"""kube-scheduler in a whole cluster: what it decides, and what kubectl would see of it."""

import pytest

from cluster.engine.apiserver.request import Request
from cluster.engine.cluster import Cluster, ClusterSpec
from cluster.engine.node.kubelet import NodeConfig
from cluster.engine.scheduler.plugins.dynamicresources import NO_CLAIMS
from cluster.kubectl.main import kubectl
from tests.cluster.engine.scheduler.helpers import node_object, pod, priority_class

NOT_HELPFUL_FOR_CP = "1 Preemption is not helpful for scheduling"
HOSTNAME = "kubernetes.io/hostname"


def ask(cluster, verb, resource, name="", **options):
    return cluster.handle(
        Request(verb, resource, "default", name, credential=cluster.admin, **options)
    )


def create_pod(cluster, name, cpu="", priority=None, preemption_policy=None, **spec):
    container = {"name": "c", "image": "nginx:1.27"}
    if cpu:
        container["resources"] = {"requests": {"cpu": cpu}}
    body = {"metadata": {"name": name}, "spec": {"containers": [container], **spec}}
    if priority is not None or preemption_policy is not None:
        policy = preemption_policy or "PreemptLowerPriority"
        class_name, pc = priority_class(priority or 0, policy)
        cluster.handle(Request("create", "priorityclasses", body=pc, credential=cluster.admin))
        body["spec"]["priorityClassName"] = class_name
    response = ask(cluster, "create", "pods", body=body)
    assert response.code == 201, response.body
    return response.body


def get_pod(cluster, name):
    response = ask(cluster, "get", "pods", name)
    return response.body if response.code == 200 else None


def scheduled_condition(pod):
    return next(c for c in pod["status"]["conditions"] if c["type"] == "PodScheduled")


def events(cluster, name):
    items = ask(cluster, "list", "events").body["items"]
    return [
        (e["type"], e["reason"], e["message"], e["count"])
        for e in items
        if e["involvedObject"]["name"] == name and e["source"]["component"] == "default-scheduler"
    ]


def one_node_cluster(cpu="2"):
    return Cluster(ClusterSpec(nodes=(NodeConfig("node-1", "172.18.0.3", cpu=cpu),)))


BIG_MESSAGE = (
    "0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient cpu. "
    "no new claims to deallocate, preemption: 0/3 nodes "
    f"are available: {NOT_HELPFUL_FOR_CP}, 2 No preemption victims found for incoming pod."
)


def test_a_pod_that_fits_nowhere_says_why_in_kubernetes_words():
    cluster = Cluster()
    create_pod(cluster, "big", cpu="3")
    cluster.advance_to(cluster.clock.now)
    condition = scheduled_condition(get_pod(cluster, "big"))
    assert (condition["status"], condition["reason"], condition["message"]) == (
        "False",
        "Unschedulable",
        BIG_MESSAGE,
    )
    # One attempt: the scheduler's own update of the pod's condition is no change any plugin
    # that rejected it registered (updatePodOther), so the pod stays parked.
    assert events(cluster, "big") == [("Warning", "FailedScheduling", BIG_MESSAGE, 1)]
    decision = cluster.scheduler.decisions["default/big"]
    assert decision.node is None
    assert decision.filtered["node-1"].plugin == "NodeResourcesFit"
    assert decision.filtered["control-plane"].plugin == "TaintToleration"
    assert cluster.scheduler.queue.pending()["unschedulable"] == ["default/big"]


def test_a_retry_that_fails_alike_leaves_the_condition_and_counts_the_event_again():
    cluster = Cluster()
    create_pod(cluster, "big", cpu="3")
    cluster.advance_to(cluster.clock.now)
    before = scheduled_condition(get_pod(cluster, "big"))
    cluster.advance_to(cluster.clock.now + 330_000)  # parked for over 5 minutes: retried
    assert scheduled_condition(get_pod(cluster, "big")) == before
    assert events(cluster, "big") == [("Warning", "FailedScheduling", BIG_MESSAGE, 2)]


def test_a_scheduled_pod_has_its_event_and_every_score_explained():
    cluster = Cluster()
    kubectl(["run", "web", "--image=nginx"], cluster.handle, cluster.admin)
    cluster.advance_to(cluster.clock.now)
    node = get_pod(cluster, "web")["spec"]["nodeName"]
    assert events(cluster, "web") == [
        ("Normal", "Scheduled", f"Successfully assigned default/web to {node}", 1)
    ]
    decision = cluster.scheduler.decisions["default/web"]
    assert decision.node == node
    assert set(decision.filtered) == {"control-plane"}
    assert set(decision.scores) == {"node-1", "node-2"}
    # a best-effort pod of no controller: balanced allocation and spreading don't score it
    assert set(decision.scores["node-1"]) == {
        "TaintToleration",
        "NodeResourcesFit",
        "ImageLocality",
    }
    assert set(decision.skipped_scores) == {
        "NodeAffinity",
        "PodTopologySpread",
        "InterPodAffinity",
        "NodeResourcesBalancedAllocation",
    }
    explained = decision.to_dict()
    weights = explained["weights"]
    for entry in explained["scores"].values():
        weighted = sum(score * weights[p] for p, score in entry["plugins"].items())
        assert entry["total"] == weighted


def test_a_parked_pod_is_scheduled_when_a_node_with_room_joins():
    cluster = one_node_cluster()
    create_pod(cluster, "big", cpu="3")
    cluster.advance_to(cluster.clock.now)
    assert get_pod(cluster, "big")["spec"].get("nodeName") is None
    response = cluster.handle(
        Request("create", "nodes", body=node_object("node-2", cpu="4"), credential=cluster.admin)
    )
    assert response.code == 201
    cluster.advance_to(cluster.clock.now + 2_000)
    assert get_pod(cluster, "big")["spec"]["nodeName"] == "node-2"


def patch_node(cluster, name, body):
    response = cluster.handle(
        Request(
            "patch",
            "nodes",
            "",
            name,
            body=body,
            credential=cluster.admin,
            content_type="application/merge-patch+json",
        )
    )
    assert response.code == 200, response.body


def test_an_uncordoned_node_takes_the_pods_that_waited_for_it():
    cluster = one_node_cluster()
    patch_node(cluster, "node-1", {"spec": {"unschedulable": True}})
    create_pod(cluster, "web")
    cluster.advance_to(cluster.clock.now)
    assert scheduled_condition(get_pod(cluster, "web"))["message"] == (
        "0/1 nodes are available: 1 node(s) were unschedulable. no new claims to deallocate, preemption: 0/1 nodes are "
        "available: 1 Preemption is not helpful for scheduling."
    )
    patch_node(cluster, "node-1", {"spec": {"unschedulable": None}})
    cluster.advance_to(cluster.clock.now + 2_000)
    assert get_pod(cluster, "web")["spec"]["nodeName"] == "node-1"


def test_nodes_with_different_taints_count_as_one_reason_that_names_no_taint():
    cluster = Cluster()
    patch_node(cluster, "node-1", {"spec": {"taints": [{"key": "a", "effect": "NoSchedule"}]}})
    taint = {"key": "b", "value": "c", "effect": "NoExecute"}
    patch_node(cluster, "node-2", {"spec": {"taints": [taint]}})
    create_pod(cluster, "web")
    cluster.advance_to(cluster.clock.now)
    assert scheduled_condition(get_pod(cluster, "web"))["message"] == (
        "0/3 nodes are available: 3 node(s) had untolerated taint(s). no new claims to deallocate, preemption: 0/3 nodes "
        "are available: 3 Preemption is not helpful for scheduling."
    )


def spread_apart(app):
    term = {"labelSelector": {"matchLabels": {"app": app}}, "topologyKey": HOSTNAME}
    return {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [term]}}


def test_replicas_with_required_anti_affinity_take_one_node_each():
    cluster = Cluster()
    for name in ("web-1", "web-2", "web-3"):
        create_pod(cluster, name, affinity=spread_apart("web"))
        ask(
            cluster,
            "patch",
            "pods",
            name,
            body={"metadata": {"labels": {"app": "web"}}},
            content_type="application/merge-patch+json",
        )
        cluster.advance_to(cluster.clock.now)
    nodes = {get_pod(cluster, n)["spec"].get("nodeName") for n in ("web-1", "web-2", "web-3")}
    assert nodes == {"node-1", "node-2", None}
    pending = next(
        n for n in ("web-1", "web-2", "web-3") if not get_pod(cluster, n)["spec"].get("nodeName")
    )
    assert scheduled_condition(get_pod(cluster, pending))["message"] == (
        "0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 node(s) didn't match "
        "pod anti-affinity rules. no new claims to deallocate, preemption: 0/3 nodes are available: 1 Preemption is not "
        "helpful for scheduling, 2 No preemption victims found for incoming pod."
    )


def test_a_pod_waiting_for_its_affinity_is_scheduled_next_to_the_pod_it_follows():
    cluster = Cluster()
    term = {"labelSelector": {"matchLabels": {"app": "db"}}, "topologyKey": HOSTNAME}
    follows = {"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [term]}}
    create_pod(cluster, "follower", affinity=follows)
    cluster.advance_to(cluster.clock.now)
    assert scheduled_condition(get_pod(cluster, "follower"))["message"] == (
        "0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 node(s) didn't match "
        "pod affinity rules. no new claims to deallocate, preemption: 0/3 nodes are available: 3 Preemption is not helpful "
        "for scheduling."
    )
    kubectl(["run", "db", "--image=nginx", "--labels=app=db"], cluster.handle, cluster.admin)
    cluster.advance_to(cluster.clock.now + 2_000)
    db = get_pod(cluster, "db")["spec"]["nodeName"]
    assert get_pod(cluster, "follower")["spec"]["nodeName"] == db


def test_a_higher_priority_pod_preempts_a_lower_one():
    cluster = one_node_cluster()
    create_pod(cluster, "low", cpu="1500m")
    cluster.advance_to(cluster.clock.now)
    high = create_pod(cluster, "high", cpu="1", priority=100)
    cluster.advance_to(cluster.clock.now)
    low = get_pod(cluster, "low")
    assert low["metadata"]["deletionTimestamp"]
    disruption = next(c for c in low["status"]["conditions"] if c["type"] == "DisruptionTarget")
    assert (disruption["status"], disruption["reason"], disruption["message"]) == (
        "True",
        "PreemptionByScheduler",
        "default-scheduler: preempting to accommodate a higher priority pod",
    )
    assert (
        "Normal",
        "Preempted",
        f"Preempted by pod {high['metadata']['uid']} on node node-1",
        1,
    ) in (events(cluster, "low"))
    waiting = get_pod(cluster, "high")
    assert waiting["status"]["nominatedNodeName"] == "node-1"
    assert scheduled_condition(waiting)["message"] == "0/1 nodes are available: 1 Insufficient cpu."
    assert cluster.scheduler.decisions["default/high"].victims == ["default/low"]
    cluster.run_until_idle()
    assert get_pod(cluster, "low") is None
    bound = get_pod(cluster, "high")
    assert bound["spec"]["nodeName"] == "node-1"
    assert "nominatedNodeName" not in bound["status"]  # the binding clears it


@pytest.mark.parametrize(
    ("spec", "verdict"),
    [
        pytest.param(
            {"preemption_policy": "Never"},
            "preemption: not eligible due to preemptionPolicy=Never.",
            id="a pod that may not preempt says so",
        ),
        pytest.param(
            {},
            "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.",
            id="a pod of equal priority finds no victims",
        ),
    ],
)
def test_preemption_that_cannot_help_says_why(spec, verdict):
    cluster = one_node_cluster()
    create_pod(cluster, "low", cpu="1500m")
    cluster.advance_to(cluster.clock.now)
    create_pod(cluster, "other", cpu="1", **spec)
    cluster.advance_to(cluster.clock.now)
    assert scheduled_condition(get_pod(cluster, "other"))["message"] == (
        f"0/1 nodes are available: 1 Insufficient cpu. {NO_CLAIMS}, {verdict}"
    )
    assert get_pod(cluster, "low")["metadata"].get("deletionTimestamp") is None


@pytest.mark.parametrize(
    ("nodes", "found"),
    [(50, 50), (100, 100), (200, 100), (500, 230), (1000, 420), (5000, 500), (6000, 300)],
    ids=lambda v: str(v),
)
def test_the_share_of_nodes_to_score_shrinks_as_the_cluster_grows(nodes, found):
    assert one_node_cluster().scheduler.num_feasible_nodes_to_find(nodes) == found


def test_each_cycle_starts_where_the_last_one_stopped():
    cluster = one_node_cluster()
    scheduler = cluster.scheduler
    for i in range(2, 251):
        scheduler.cache.add_node(node_object(f"node-{i:03}"))
    first, second = scheduler.decide(pod("a")), scheduler.decide(pod("b"))
    # 250 nodes: 48% of them are enough
    assert (first.evaluated, second.evaluated) == (120, 120)
    assert set(first.feasible).isdisjoint(second.feasible)
    assert second.feasible[0] == scheduler.cache.node_list()[120].name


def test_a_finished_pod_frees_its_room():
    cluster = one_node_cluster(cpu="1")
    create_pod(
        cluster,
        "job",
        cpu="1",
        restartPolicy="Never",
        containers=[
            {
                "name": "c",
                "image": "busybox",
                "command": ["sh", "-c", "exit 0"],
                "resources": {"requests": {"cpu": "1"}},
            }
        ],
    )
    create_pod(cluster, "next", cpu="1")
    cluster.advance_to(cluster.clock.now)
    assert get_pod(cluster, "next")["spec"].get("nodeName") is None
    cluster.run_until_idle()
    assert get_pod(cluster, "job")["status"]["phase"] == "Succeeded"
    assert get_pod(cluster, "next")["spec"]["nodeName"] == "node-1"


def patch_pod(cluster, name, body):
    return cluster.handle(
        Request(
            "patch",
            "pods",
            "default",
            name,
            body=body,
            credential=cluster.admin,
            content_type="application/merge-patch+json",
        )
    )


def test_a_gated_pod_is_not_tried_until_its_last_gate_is_removed():
    cluster = one_node_cluster()
    gates = [{"name": "example.com/a"}, {"name": "example.com/b"}]
    created = create_pod(cluster, "web", schedulingGates=gates)
    gated = {
        "type": "PodScheduled",
        "status": "False",
        "lastProbeTime": None,
        "lastTransitionTime": created["metadata"]["creationTimestamp"],
        "reason": "SchedulingGated",
        "message": "Scheduling is blocked due to non-empty scheduling gates",
    }
    assert created["status"]["conditions"] == [gated]
    cluster.advance_to(cluster.clock.now + 330_000)
    assert scheduled_condition(get_pod(cluster, "web")) == gated
    assert events(cluster, "web") == []
    assert "default/web" not in cluster.scheduler.decisions
    added = patch_pod(cluster, "web", {"spec": {"schedulingGates": [*gates, {"name": "c"}]}})
    assert added.code == 422
    assert patch_pod(cluster, "web", {"spec": {"schedulingGates": gates[1:]}}).code == 200
    cluster.advance_to(cluster.clock.now + 1_000)
    assert not get_pod(cluster, "web")["spec"].get("nodeName")
    assert patch_pod(cluster, "web", {"spec": {"schedulingGates": None}}).code == 200
    cluster.advance_to(cluster.clock.now + 1_000)
    pod = get_pod(cluster, "web")
    assert pod["spec"]["nodeName"] == "node-1"
    assert scheduled_condition(pod)["status"] == "True"
    assert [e[1] for e in events(cluster, "web")] == ["Scheduled"]
