"""The whole engine: the exact story of `kubectl run`, and determinism."""

import pickle

import zstandard

from cluster.engine.apiserver.request import Request
from cluster.engine.cluster import Cluster, ClusterSpec
from cluster.engine.store import etcd
from cluster.kubectl.main import kubectl

KUBECTL_RUN_TRACE = [
    # kubectl creates the pod: authentication, RBAC, admission, then etcd
    (0, "kubectl", "authentication", "create"),
    (0, "authentication", "authorization", "authenticated"),
    (0, "authorization", "admission", "allowed"),
    (0, "admission", "kube-apiserver", "admitted"),
    (0, "kube-apiserver", "etcd", "put"),
    # the controller manager and the scheduler see it; the scheduler binds it to a node
    (0, "kube-apiserver", "kube-controller-manager", "watch"),
    (0, "kube-apiserver", "kube-scheduler", "watch"),
    (0, "kube-scheduler", "authentication", "create"),
    (0, "authentication", "authorization", "authenticated"),
    (0, "authorization", "admission", "allowed"),
    (0, "admission", "kube-apiserver", "admitted"),
    (0, "kube-apiserver", "etcd", "get"),
    (0, "kube-apiserver", "etcd", "put"),
    # ... and records the Scheduled event
    (0, "kube-scheduler", "authentication", "create"),
    (0, "authentication", "authorization", "authenticated"),
    (0, "authorization", "admission", "allowed"),
    (0, "admission", "kube-apiserver", "admitted"),
    (0, "kube-apiserver", "etcd", "put"),
    (0, "kube-apiserver", "kube-controller-manager", "watch"),
    (0, "kube-apiserver", "kube-scheduler", "watch"),
    # node-1's kubelet sees it, reports it pending, mounts its volumes, asks for a sandbox
    (0, "kube-apiserver", "kubelet/node-1", "watch"),
    (0, "kubelet/node-1", "authentication", "patch"),
    (0, "authentication", "authorization", "authenticated"),
    (0, "authorization", "admission", "allowed"),
    (0, "admission", "kube-apiserver", "admitted"),
    (0, "kube-apiserver", "etcd", "get"),
    (0, "kube-apiserver", "etcd", "put"),
    # its volumes first: the service account's needs a token bound to the pod (TokenRequest:
    # kube-apiserver reads the account, the pod and its node, and signs) ...
    (0, "kubelet/node-1", "authentication", "create"),
    (0, "authentication", "authorization", "authenticated"),
    (0, "authorization", "admission", "allowed"),
    (0, "admission", "kube-apiserver", "admitted"),
    (0, "kube-apiserver", "etcd", "get"),
    (0, "kube-apiserver", "etcd", "get"),
    (0, "kube-apiserver", "etcd", "get"),
    (0, "kube-apiserver", "authentication", "token"),
    # ... and ConfigMap kube-root-ca.crt, which the kubelet starts to watch (the first pod of
    # the namespace on the node): the watch starts with the ConfigMap as it is
    (0, "kubelet/node-1", "authentication", "watch"),
    (0, "authentication", "authorization", "authenticated"),
    (0, "authorization", "kube-apiserver", "allowed"),
    (0, "kube-apiserver", "etcd", "get"),
    (0, "kube-apiserver", "kubelet/node-1", "watch"),
    (0, "kubelet/node-1", "container-runtime/node-1", "RunPodSandbox"),
    (0, "kube-apiserver", "kube-controller-manager", "watch"),
    (0, "kube-apiserver", "kube-scheduler", "watch"),
    (0, "kube-apiserver", "kubelet/node-1", "watch"),
    # the sandbox has its IP: is nginx on the node? no: Pulling, and pull it
    (250, "kubelet/node-1", "container-runtime/node-1", "ImageStatus"),
    (250, "kubelet/node-1", "authentication", "create"),
    (250, "authentication", "authorization", "authenticated"),
    (250, "authorization", "admission", "allowed"),
    (250, "admission", "kube-apiserver", "admitted"),
    (250, "kube-apiserver", "etcd", "put"),
    (250, "kubelet/node-1", "container-runtime/node-1", "PullImage"),
    (3130, "kubelet/node-1", "authentication", "create"),
    # pulled (72 MB): Pulled, create the container, Created, start it, Started
    (3130, "authentication", "authorization", "authenticated"),
    (3130, "authorization", "admission", "allowed"),
    (3130, "admission", "kube-apiserver", "admitted"),
    (3130, "kube-apiserver", "etcd", "put"),
    (3130, "kubelet/node-1", "container-runtime/node-1", "ListImages"),
    (3130, "kubelet/node-1", "container-runtime/node-1", "CreateContainer"),
    (3210, "kubelet/node-1", "authentication", "create"),
    (3210, "authentication", "authorization", "authenticated"),
    (3210, "authorization", "admission", "allowed"),
    (3210, "admission", "kube-apiserver", "admitted"),
    (3210, "kube-apiserver", "etcd", "put"),
    (3210, "kubelet/node-1", "container-runtime/node-1", "StartContainer"),
    (3360, "kubelet/node-1", "authentication", "create"),
    (3360, "authentication", "authorization", "authenticated"),
    (3360, "authorization", "admission", "allowed"),
    (3360, "admission", "kube-apiserver", "admitted"),
    (3360, "kube-apiserver", "etcd", "put"),
    (4000, "kubelet/node-1", "authentication", "patch"),
    # the next relist finds it running: report Running
    (4000, "authentication", "authorization", "authenticated"),
    (4000, "authorization", "admission", "allowed"),
    (4000, "admission", "kube-apiserver", "admitted"),
    (4000, "kube-apiserver", "etcd", "get"),
    (4000, "kube-apiserver", "etcd", "put"),
    (4000, "kube-apiserver", "kube-controller-manager", "watch"),
    (4000, "kube-apiserver", "kube-scheduler", "watch"),
    (4000, "kube-apiserver", "kubelet/node-1", "watch"),
]


def run_web(cluster: Cluster) -> int:
    """`kubectl run web --image=nginx`, then let the cluster settle; returns the trace mark."""
    mark = cluster.trace.last_seq
    result = kubectl(["run", "web", "--image=nginx"], cluster.handle, cluster.admin)
    assert result.stdout == "pod/web created\n"
    cluster.run_until_idle()
    return mark


def story(cluster: Cluster, mark: int) -> list[tuple[int, str, str, str]]:
    return [(h.time, h.source, h.destination, h.verb) for h in cluster.trace.since(mark)]


def get_pod(cluster: Cluster, name: str) -> dict:
    response = cluster.handle(Request("get", "pods", "default", name, credential=cluster.admin))
    assert response.code == 200
    return response.body


def test_kubectl_run_travels_every_hop_in_order_and_the_pod_runs():
    cluster = Cluster(ClusterSpec(seed=1))
    mark = run_web(cluster)
    assert story(cluster, mark) == KUBECTL_RUN_TRACE
    pod = get_pod(cluster, "web")
    assert pod["spec"]["nodeName"] == "node-1"
    assert pod["status"]["phase"] == "Running"
    assert pod["status"]["podIP"] == "10.244.1.2"
    assert pod["status"]["containerStatuses"][0]["state"]["running"]["startedAt"] == (
        "2026-01-01T00:00:03Z"
    )
    assert [c["type"] for c in pod["status"]["conditions"] if c["status"] == "True"] == [
        "PodReadyToStartContainers",
        "Initialized",
        "Ready",
        "ContainersReady",
        "PodScheduled",
    ]


def test_the_same_seed_and_inputs_give_the_same_trace_and_objects():
    first, second = Cluster(ClusterSpec(seed=42)), Cluster(ClusterSpec(seed=42))
    for cluster in (first, second):
        run_web(cluster)
    assert first.trace.since(0) == second.trace.since(0)
    assert get_pod(first, "web") == get_pod(second, "web")


def test_a_restored_snapshot_has_the_same_future_as_the_original():
    original = Cluster(ClusterSpec(seed=3))
    kubectl(["run", "web", "--image=nginx"], original.handle, original.admin)
    copy = pickle.loads(pickle.dumps(original))
    for cluster in (original, copy):
        cluster.run_until_idle()
        kubectl(["run", "api", "--image=httpd"], cluster.handle, cluster.admin)
        cluster.run_until_idle()
    assert copy.trace.since(0) == original.trace.since(0)
    assert get_pod(copy, "api") == get_pod(original, "api")


def test_the_control_plane_node_takes_no_ordinary_pods():
    cluster = Cluster(ClusterSpec(seed=5))
    for i in range(6):
        kubectl(["run", f"web-{i}", "--image=nginx"], cluster.handle, cluster.admin)
    cluster.run_until_idle()
    nodes = {get_pod(cluster, f"web-{i}")["spec"]["nodeName"] for i in range(6)}
    assert nodes == {"node-1", "node-2"}


def test_a_fresh_cluster_has_its_nodes_ready_with_pod_cidrs():
    cluster = Cluster()
    nodes = cluster.handle(Request("list", "nodes", credential=cluster.admin)).body["items"]
    assert [(n["metadata"]["name"], n["spec"]["podCIDR"]) for n in nodes] == [
        ("control-plane", "10.244.0.0/24"),
        ("node-1", "10.244.1.0/24"),
        ("node-2", "10.244.2.0/24"),
    ]
    assert nodes[0]["spec"]["taints"] == [
        {"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}
    ]
    assert cluster.clock.idle


def test_deleting_a_pod_stops_its_containers_before_the_object_goes():
    cluster = Cluster()
    run_web(cluster)
    mark = cluster.trace.last_seq
    result = kubectl(["delete", "pod", "web"], cluster.handle, cluster.admin)
    assert result.stdout == 'pod "web" deleted from default namespace\n'
    assert get_pod(cluster, "web")["metadata"]["deletionTimestamp"]
    cluster.run_until_idle()
    verbs = [(h.source, h.verb) for h in cluster.trace.since(mark)]
    assert ("kubelet/node-1", "StopContainer") in verbs
    assert verbs.index(("kubelet/node-1", "StopContainer")) < verbs.index(
        ("kubelet/node-1", "delete")
    )
    response = cluster.handle(Request("get", "pods", "default", "web", credential=cluster.admin))
    assert response.code == 404


class Broken:
    name = "kubelet/node-1"

    def sync_pod(self) -> None:
        raise RuntimeError("boom")


def test_a_component_that_fails_is_recovered_from_and_the_cluster_goes_on(monkeypatch):
    monkeypatch.undo()  # contain failures, as in a worker
    cluster = Cluster()
    ran = []
    cluster.clock.call_soon(Broken().sync_pod)
    cluster.clock.call_soon(ran.append, "after")
    cluster.run_until_idle()
    assert ran == ["after"]
    assert [str(error) for error in cluster.crashes] == ["boom"]
    panic = [hop for hop in cluster.trace.since(0) if hop.verb == "panic"]
    assert [(hop.source, hop.destination, hop.summary) for hop in panic] == [
        (
            "kubelet/node-1",
            "kubelet/node-1",
            "Observed a panic in kubelet/node-1: sync pod: RuntimeError: boom",
        )
    ]


def test_a_store_holding_its_values_compressed_tells_the_same_story(monkeypatch):
    """Past a sandbox's size etcd holds what it stores compressed, and every reader (watches,
    reads, the authorizers' views, lists) decodes it: here from the first write on."""
    plain = Cluster(ClusterSpec(seed=5))
    monkeypatch.setattr(etcd, "COMPRESS_FROM", 0)
    packed = Cluster(ClusterSpec(seed=5))
    create = ["create", "deployment", "web", "--image=nginx", "--replicas=2"]
    for cluster in (plain, packed):
        kubectl(create, cluster.handle, cluster.admin)
        cluster.run_until_idle()
    [kv] = packed.etcd.range("/registry/deployments/")
    assert kv.value.startswith(zstandard.FRAME_HEADER)
    assert [hop[1:] for hop in packed.trace.since(0)] == [hop[1:] for hop in plain.trace.since(0)]
    shown = [
        kubectl(["get", "pods", "-o", "json"], c.handle, c.admin).stdout for c in (plain, packed)
    ]
    assert shown[0] == shown[1] and shown[1].count('"phase": "Running"') == 2
