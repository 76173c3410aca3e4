"""Faults injected from outside: a node cut off from the control plane and back, a crash."""

import pytest

from cluster.engine import faults
from cluster.engine.apiserver import printers
from cluster.engine.apiserver.request import Request
from cluster.engine.cluster import Cluster, ClusterSpec
from cluster.engine.faults import CRASH, NODE_DOWN, NODE_UP, Fault, FaultError
from cluster.kubectl.main import kubectl

TEN_MINUTES = 600_000


def running_web() -> Cluster:
    """A cluster where pod web (nginx) runs on node-1."""
    cluster = Cluster(ClusterSpec(seed=1))
    assert kubectl(["run", "web", "--image=nginx"], cluster.handle, cluster.admin).exit_code == 0
    cluster.run_until_idle()
    assert get_pod(cluster, "web")["spec"]["nodeName"] == "node-1"
    return cluster


def get_pod(cluster: Cluster, name: str) -> dict | None:
    response = cluster.handle(Request("get", "pods", "default", name, credential=cluster.admin))
    return response.body if response.code == 200 else None


def create_pod_on(cluster: Cluster, name: str, node: str, namespace: str = "default") -> None:
    body = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": name},
        "spec": {"nodeName": node, "containers": [{"name": "app", "image": "nginx"}]},
    }
    response = cluster.handle(
        Request("create", "pods", namespace, body=body, credential=cluster.admin)
    )
    assert response.code == 201


def hops_of(cluster: Cluster, mark: int, component: str) -> list[tuple[str, str, str, str]]:
    return [
        (h.source, h.destination, h.verb, h.object)
        for h in cluster.trace.since(mark)
        if component in (h.source, h.destination)
    ]


def runtime_state(cluster: Cluster, node: str, pod: str) -> list[tuple[str, str, int]]:
    runtime = cluster.nodes[node].runtime
    sandboxes = {s.id for s in runtime.sandboxes.values() if s.pod == f"default/{pod}"}
    return [
        (c.name, c.state, c.exit_code)
        for c in runtime.containers.values()
        if c.sandbox in sandboxes
    ]


def test_a_node_that_is_down_neither_hears_nor_tells_anything():
    # No heartbeats exist yet to fall silent: this checks every other exchange does.
    cluster = running_web()
    faults.node_down(cluster, "node-2")
    mark = cluster.trace.last_seq
    create_pod_on(cluster, "pinned", "node-2")
    cluster.advance_to(cluster.clock.now + TEN_MINUTES)
    assert hops_of(cluster, mark, "kubelet/node-2") == []
    assert "containerStatuses" not in get_pod(cluster, "pinned")["status"]
    assert faults.nodes_down(cluster) == ["node-2"]


def test_the_kubelet_of_a_node_that_is_down_gets_no_answer():
    cluster = running_web()
    faults.node_down(cluster, "node-2")
    response = cluster.nodes["node-2"].kubelet.client.request("get", "nodes", name="node-2")
    assert (response.code, response.body["message"]) == (
        0,
        'Get "/api/v1/nodes/node-2": dial tcp: i/o timeout',
    )


def test_the_containers_of_a_node_that_is_down_keep_running_and_its_pods_stay_terminating():
    cluster = running_web()
    faults.node_down(cluster, "node-1")
    assert kubectl(["delete", "pod", "web"], cluster.handle, cluster.admin).exit_code == 0
    cluster.advance_to(cluster.clock.now + TEN_MINUTES)
    assert get_pod(cluster, "web")["metadata"]["deletionTimestamp"]
    assert runtime_state(cluster, "node-1", "web") == [("web", "running", 0)]


def test_a_node_back_up_watches_again_first_then_stops_what_was_deleted_meanwhile():
    cluster = running_web()
    faults.node_down(cluster, "node-1")
    kubectl(["delete", "pod", "web"], cluster.handle, cluster.admin)
    mark = cluster.trace.last_seq
    faults.node_up(cluster, "node-1")
    cluster.run_until_idle()
    requests = [
        hop for hop in hops_of(cluster, mark, "kubelet/node-1") if hop[1] != "kubelet/node-1"
    ]
    assert requests[:3] == [
        ("kubelet/node-1", "authentication", "watch", "nodes"),
        ("kubelet/node-1", "authentication", "watch", "services"),
        ("kubelet/node-1", "authentication", "watch", "pods"),
    ]
    assert ("kubelet/node-1", "container-runtime/node-1", "StopContainer", "pods/default/web") in (
        requests
    )
    assert get_pod(cluster, "web") is None


def test_a_pod_that_stopped_while_its_node_was_down_is_removed_once_the_node_is_back():
    # The status manager sends again what did not get through, every 10 s: the final status
    # and the deletion of the object.
    cluster = Cluster(ClusterSpec(seed=1))
    argv = ["run", "web", "--image=busybox", "--", "sleep", "3600"]
    assert kubectl(argv, cluster.handle, cluster.admin).exit_code == 0
    cluster.run_until_idle()
    assert get_pod(cluster, "web")["spec"]["nodeName"] == "node-1"
    kubectl(["delete", "pod", "web", "--wait=false"], cluster.handle, cluster.admin)
    cluster.advance_to(cluster.clock.now + 5_000)
    faults.node_down(cluster, "node-1")
    cluster.advance_to(cluster.clock.now + 60_000)
    assert runtime_state(cluster, "node-1", "web") == [("web", "exited", 137)]
    assert get_pod(cluster, "web")["status"]["phase"] == "Running"
    faults.node_up(cluster, "node-1")
    cluster.advance_to(cluster.clock.now + 10_000)
    assert get_pod(cluster, "web") is None


def test_a_node_back_up_no_longer_watches_the_configmaps_of_pods_that_left_it():
    # The node authorizer refuses a node what no pod of its relates it to: the kubelet stops
    # watching a pod's ConfigMaps (here its kube-root-ca.crt) once the pod is gone.
    cluster = running_web()
    assert kubectl(["create", "namespace", "team"], cluster.handle, cluster.admin).exit_code == 0
    create_pod_on(cluster, "app", "node-1", "team")
    cluster.run_until_idle()
    watched = cluster.nodes["node-1"].kubelet.client.informers
    assert [(i.resource, i.namespace) for i in watched][-1] == ("configmaps", "team")
    assert kubectl(["delete", "pod", "app", "-n", "team"], cluster.handle, cluster.admin)
    cluster.run_until_idle()
    assert ("configmaps", "team") not in [(i.resource, i.namespace) for i in watched]
    faults.node_down(cluster, "node-1")
    assert faults.node_up(cluster, "node-1") is True
    cluster.run_until_idle()
    assert get_pod(cluster, "web")["status"]["phase"] == "Running"


def test_a_node_back_up_relists_even_when_a_watch_it_had_is_refused_now():
    cluster = running_web()
    faults.node_down(cluster, "node-1")
    kubectl(["delete", "pod", "web", "--grace-period=0", "--force"], cluster.handle, cluster.admin)
    assert faults.node_up(cluster, "node-1") is True
    cluster.run_until_idle()
    watched = cluster.nodes["node-1"].kubelet.client.informers
    assert [i.resource for i in watched] == ["nodes", "services", "pods"]
    assert runtime_state(cluster, "node-1", "web") == []


def test_a_pod_bound_to_a_node_while_it_was_down_starts_once_the_node_is_back():
    cluster = running_web()
    faults.node_down(cluster, "node-2")
    create_pod_on(cluster, "pinned", "node-2")
    # Two minutes: the node goes NotReady, but pods tolerate that for 300 s before eviction.
    cluster.advance_to(cluster.clock.now + 120_000)
    faults.node_up(cluster, "node-2")
    cluster.run_until_idle()
    assert get_pod(cluster, "pinned")["status"]["phase"] == "Running"
    assert faults.nodes_down(cluster) == []


@pytest.mark.parametrize(
    ("steps", "changed"),
    [
        ((faults.node_down,), [True]),
        ((faults.node_down, faults.node_down), [True, False]),
        ((faults.node_up,), [False]),
        ((faults.node_down, faults.node_up, faults.node_up), [True, True, False]),
    ],
    ids=[
        "a node goes down",
        "a node already down stays down",
        "a node that is up is left up",
        "a node comes back once",
    ],
)
def test_a_node_fault_says_whether_it_changed_anything(steps, changed):
    cluster = Cluster(ClusterSpec(seed=1))
    assert [fault(cluster, "node-1") for fault in steps] == changed


def test_a_node_that_does_not_exist_cannot_go_down():
    with pytest.raises(FaultError) as error:
        faults.node_down(Cluster(ClusterSpec(seed=1)), "node-9")
    assert str(error.value) == 'node "node-9" not found'


def test_a_crash_makes_the_container_process_exit_with_code_1_and_no_hop_of_its_own():
    cluster = running_web()
    mark = cluster.trace.last_seq
    done = faults.crash(cluster, "default", "web")
    assert done == {
        "node": "node-1",
        "namespace": "default",
        "pod": "web",
        "container": "web",
        "exitCode": 1,
    }
    assert runtime_state(cluster, "node-1", "web") == [("web", "exited", 1)]
    assert cluster.trace.last_seq == mark


@pytest.mark.parametrize(
    ("pod", "container", "message"),
    [
        ("nope", "", 'pod "nope" is not running on any node (namespace "default")'),
        ("web", "sidecar", 'container "sidecar" is not running in pod "web"'),
    ],
    ids=["a pod that runs nowhere", "a container the pod does not run"],
)
def test_a_crash_needs_a_running_container(pod, container, message):
    with pytest.raises(FaultError) as error:
        faults.crash(running_web(), "default", pod, container)
    assert str(error.value) == message


def test_a_container_that_has_crashed_cannot_crash_again():
    cluster = running_web()
    faults.crash(cluster, "default", "web", "web")
    with pytest.raises(FaultError) as error:
        faults.crash(cluster, "default", "web")
    assert str(error.value) == 'no container is running in pod "web"'


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "meteor"}, 'unknown fault "meteor": choose one of node-down, node-up, crash'),
        ("node-down", 'unknown fault "None": choose one of node-down, node-up, crash'),
        ({"kind": NODE_DOWN}, "fault node-down needs a node"),
        ({"kind": CRASH, "namespace": "default"}, "fault crash needs a pod"),
        (
            {"kind": NODE_UP, "node": ["node-1"]},
            "a fault's node, namespace, pod and container are strings",
        ),
    ],
    ids=["an unknown kind", "not an object", "no node", "no pod", "a name that is no string"],
)
def test_a_fault_from_json_is_checked(data, message):
    with pytest.raises(FaultError) as error:
        Fault.from_dict(data)
    assert str(error.value) == message


def test_a_fault_travels_as_json_and_back():
    fault = Fault(CRASH, namespace="default", pod="web")
    assert fault.to_dict() == {"kind": "crash", "namespace": "default", "pod": "web"}
    assert Fault.from_dict(fault.to_dict()) == fault


def test_a_fault_injected_at_a_time_first_brings_the_clock_there():
    cluster = running_web()
    at = cluster.clock.now + 5_000
    done = faults.inject(cluster, Fault(NODE_DOWN, node="node-2"), at)
    assert (done, cluster.clock.now) == (
        {"kind": "node-down", "node": "node-2", "changed": True},
        at,
    )


def test_the_same_faults_give_the_same_story():
    def story() -> list:
        cluster = running_web()
        for fault in (
            Fault(NODE_DOWN, node="node-1"),
            Fault(CRASH, namespace="default", pod="web"),
            Fault(NODE_UP, node="node-1"),
        ):
            faults.inject(cluster, fault, cluster.clock.now + 1_000)
        cluster.run_until_idle()
        return cluster.trace.since(0)

    assert story() == story()


def test_a_node_down_past_its_pods_toleration_has_them_evicted():
    cluster = running_web()
    node = get_pod(cluster, "web")["spec"]["nodeName"]
    faults.node_down(cluster, node)
    cluster.advance_to(cluster.clock.now + TEN_MINUTES)
    pod = get_pod(cluster, "web")
    # Marked for deletion after 300 s unreachable; only its kubelet could confirm it stopped,
    # so it stays Terminating while the node is away, as in Kubernetes.
    assert pod["metadata"]["deletionTimestamp"]
    assert printers.pod_status(pod)[0] == "Terminating"
