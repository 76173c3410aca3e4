"""The node's status: registered with its images, sent again when something changes (a pulled
image) and otherwise only every five minutes, with fresh heartbeat times."""

from cluster.engine.apiserver.request import Request

from .helpers import NODE, cluster_with, container

PAUSE = {
    "names": [
        "registry.k8s.io/pause@sha256:"
        "6f731803067f31e94ef5b69886fd237b34be5aba29183bbb1ba34b849077e1ca",
        "registry.k8s.io/pause:3.10",
    ],
    "sizeBytes": 320_368,
}


def node(cluster) -> dict:
    return cluster.handle(Request("get", "nodes", "", NODE, credential=cluster.admin)).body


def status_reports(cluster) -> list[int]:
    """When the kubelet sent its node's status."""
    return [
        h.time
        for h in cluster.trace.since(0)
        if h.source == f"kubelet/{NODE}" and h.object == f"nodes/{NODE}/status"
    ]


def test_a_node_registers_with_the_images_it_has():
    cluster = cluster_with(container())
    found = node(cluster)["status"]
    assert found["images"] == [PAUSE]
    assert found["nodeInfo"]["kubeletVersion"] == "v1.37.1"
    assert found["nodeInfo"]["containerRuntimeVersion"] == "containerd://2.1.4"
    # what containerd 2.1 tells the kubelet it supports
    assert found["features"] == {"supplementalGroupsPolicy": True}
    both = {"recursiveReadOnlyMounts": True, "userNamespaces": True}
    assert found["runtimeHandlers"] == [
        {"name": "runc", "features": both},
        {"name": "test-handler", "features": both},
        {"name": "", "features": both},
    ]


def test_a_pulled_image_is_reported_at_the_next_status_update_largest_first():
    cluster = cluster_with(container(image="nginx:1.27"))
    cluster.advance_to(9_999)
    assert node(cluster)["status"]["images"] == [PAUSE]
    cluster.advance_to(10_000)
    images = node(cluster)["status"]["images"]
    assert [image["names"][1] for image in images] == [
        "docker.io/library/nginx:1.27",
        "registry.k8s.io/pause:3.10",
    ]
    assert images[0]["sizeBytes"] == 72_000_000


def test_an_unchanged_status_is_sent_only_every_five_minutes_with_new_heartbeats():
    cluster = cluster_with(container(image="busybox:1.36", command=["sleep", "infinity"]))
    cluster.advance_to(700_000)
    assert status_reports(cluster) == [10_000, 310_000, 610_000]
    ready = next(c for c in node(cluster)["status"]["conditions"] if c["type"] == "Ready")
    assert (ready["lastHeartbeatTime"], ready["lastTransitionTime"]) == (
        "2026-01-01T00:10:10Z",
        "2026-01-01T00:00:00Z",
    )


def node_events(cluster) -> list[tuple[str, str]]:
    """The kubelet's events about its node (its nodeRef: the name as UID, no apiVersion):
    reason and message."""
    body = cluster.handle(Request("list", "events", "default", credential=cluster.admin)).body
    return [
        (e["reason"], e["message"])
        for e in body["items"]
        if e["involvedObject"] == {"kind": "Node", "name": NODE, "uid": NODE}
    ]


def test_a_starting_kubelet_says_so_in_the_nodes_events():
    cluster = cluster_with(container())
    assert node_events(cluster) == [
        ("Starting", "Starting kubelet."),
        ("NodeHasSufficientMemory", f"Node {NODE} status is now: NodeHasSufficientMemory"),
        ("NodeHasNoDiskPressure", f"Node {NODE} status is now: NodeHasNoDiskPressure"),
        ("NodeHasSufficientPID", f"Node {NODE} status is now: NodeHasSufficientPID"),
        ("NodeAllocatableEnforced", "Updated Node Allocatable limit across pods"),
        ("NodeReady", f"Node {NODE} status is now: NodeReady"),
    ]


def set_unschedulable(cluster, value: bool) -> None:
    body = {"spec": {"unschedulable": value}}
    request = Request(
        "patch",
        "nodes",
        "",
        NODE,
        body=body,
        content_type="application/merge-patch+json",
        credential=cluster.admin,
    )
    assert cluster.handle(request).code == 200


def test_the_kubelet_says_when_its_node_is_cordoned_and_uncordoned_at_its_next_sync():
    cluster = cluster_with(container())
    registered = len(node_events(cluster))
    set_unschedulable(cluster, True)
    cluster.advance_to(9_999)
    assert node_events(cluster)[registered:] == []
    cluster.advance_to(10_000)
    set_unschedulable(cluster, False)
    set_unschedulable(cluster, True)  # back as it was before the next sync: nothing to say
    cluster.advance_to(20_000)
    set_unschedulable(cluster, False)
    cluster.advance_to(30_000)
    assert node_events(cluster)[registered:] == [
        ("NodeNotSchedulable", f"Node {NODE} status is now: NodeNotSchedulable"),
        ("NodeSchedulable", f"Node {NODE} status is now: NodeSchedulable"),
    ]


def test_each_machine_reports_its_own_ids_the_same_for_the_same_seed():
    def ids(cluster):
        found = {}
        for name in ("node-1", "node-2"):
            body = cluster.handle(Request("get", "nodes", "", name, credential=cluster.admin)).body
            info = body["status"]["nodeInfo"]
            found[name] = (info["machineID"], info["systemUUID"], info["bootID"])
        return found

    first, again = ids(cluster_with(container())), ids(cluster_with(container()))
    assert first == again
    assert first["node-1"] != first["node-2"]
    machine_id, system_uuid, _ = first["node-1"]
    assert len(machine_id) == 32 and int(machine_id, 16) >= 0
    assert len(system_uuid) == 36 and system_uuid[14] == "4"
