"""The mirroring reconciler's plan: for Endpoints and the slices mirrored from them so far,
the slices to create, update and delete, and the addresses it skips."""

from typing import Any

import pytest

from cluster.engine.controllers.endpointslicemirroring import reconciler

HTTP = {"name": "http", "port": 80, "protocol": "TCP"}
HTTPS = {"name": "https", "port": 443, "protocol": "TCP"}
UID = "ep-uid"
LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
TRIGGER_TIME = "endpoints.kubernetes.io/last-change-trigger-time"
MANAGED = {
    "kubernetes.io/service-name": "test-ep",
    "endpointslice.kubernetes.io/managed-by": "endpointslicemirroring-controller.k8s.io",
}


def endpoints(*subsets: Any, deleting: bool = False, **meta: Any) -> dict[str, Any]:
    metadata = {"name": "test-ep", "namespace": "test", "uid": UID, **meta}
    if deleting:
        metadata["deletionTimestamp"] = "2026-01-01T00:00:00Z"
    return {"apiVersion": "v1", "kind": "Endpoints", "metadata": metadata, "subsets": list(subsets)}


def subset(*ready: str, not_ready: tuple[str, ...] = (), ports: tuple = (HTTP,)) -> dict:
    found: dict[str, Any] = {"ports": list(ports)}
    if ready:
        found["addresses"] = [{"ip": ip} for ip in ready]
    if not_ready:
        found["notReadyAddresses"] = [{"ip": ip} for ip in not_ready]
    return found


def endpoint(ip: str, ready: bool = True, **fields: Any) -> dict[str, Any]:
    return {"addresses": [ip], "conditions": {"ready": ready}, **fields}


def mirrored(
    name: str,
    *endpoints: dict,
    ports: tuple = (HTTP,),
    address_type: str = "IPv4",
    owner: str = UID,
    labels: dict | None = None,
    annotations: dict | None = None,
) -> dict[str, Any]:
    """A slice this controller made, as its informer holds it."""
    meta: dict[str, Any] = {
        "name": name,
        "namespace": "test",
        "labels": {**(labels or {}), **MANAGED},
        "ownerReferences": [{"kind": "Endpoints", "name": "test-ep", "uid": owner}],
    }
    if annotations:
        meta["annotations"] = annotations
    return {
        "metadata": meta,
        "addressType": address_type,
        "endpoints": list(endpoints),
        "ports": [{"name": p["name"], "protocol": p["protocol"], "port": p["port"]} for p in ports],
    }


def plan(eps: dict, existing: list, max_per_subset: int = 1000) -> reconciler.SlicesByAction:
    wanted = reconciler.desired(eps, max_per_subset)
    return reconciler.slices_by_action(eps, existing, wanted, max_per_subset)


def actions(slices: reconciler.SlicesByAction) -> list[tuple]:
    """(verb, name, address type, ports, (address, ready) of each endpoint); a deletion
    is (verb, name)."""
    found: list[tuple] = []
    for verb, written in (("create", slices.to_create), ("update", slices.to_update)):
        for s in written:
            found.append(
                (
                    verb,
                    s["metadata"].get("name", ""),
                    s["addressType"],
                    [p["port"] for p in s["ports"] or ()],
                    [(e["addresses"][0], e["conditions"]["ready"]) for e in s["endpoints"]],
                )
            )
    return found + [("delete", s["metadata"]["name"]) for s in slices.to_delete]


ONE = endpoint("10.0.0.1", hostname="pod-1", nodeName="node-1")
ONE_ADDRESS = {"ip": "10.0.0.1", "hostname": "pod-1", "nodeName": "node-1"}

CASES = [
    ("Endpoints with no subsets", endpoints(), [], 1000, []),
    ("Endpoints with no addresses", endpoints(subset()), [], 1000, []),
    (
        "1 subset, port and address",
        endpoints({"addresses": [ONE_ADDRESS], "ports": [HTTP]}),
        [],
        1000,
        [("create", "", "IPv4", [80], [("10.0.0.1", True)])],
    ),
    (
        "2 subsets, different ports and addresses",
        endpoints(subset("10.0.0.1"), subset("10.0.0.2", ports=(HTTPS,))),
        [],
        1000,
        [
            ("create", "", "IPv4", [80], [("10.0.0.1", True)]),
            ("create", "", "IPv4", [443], [("10.0.0.2", True)]),
        ],
    ),
    (
        "2 subsets, different ports and the same address: one slice",
        endpoints(subset("10.0.0.1"), subset("10.0.0.1", ports=(HTTPS,))),
        [],
        1000,
        [("create", "", "IPv4", [80, 443], [("10.0.0.1", True)])],
    ),
    (
        "2 subsets, different addresses and the same port: one slice",
        endpoints(subset("10.0.0.1"), subset("10.0.0.2")),
        [],
        1000,
        [("create", "", "IPv4", [80], [("10.0.0.1", True), ("10.0.0.2", True)])],
    ),
    (
        "Endpoints pending deletion: the plan is the same (finalize creates nothing)",
        endpoints(subset("10.0.0.1"), deleting=True),
        [],
        1000,
        [("create", "", "IPv4", [80], [("10.0.0.1", True)])],
    ),
    (
        "an existing slice with the same fields is left alone",
        endpoints({"addresses": [ONE_ADDRESS], "ports": [HTTP]}),
        [mirrored("test-ep-1", ONE)],
        1000,
        [],
    ),
    (
        "an existing slice owned by an earlier Endpoints of the name is rebuilt",
        endpoints({"addresses": [ONE_ADDRESS], "ports": [HTTP]}),
        [mirrored("test-ep-1", ONE, owner="old-uid")],
        1000,
        [("update", "test-ep-1", "IPv4", [80], [("10.0.0.1", True)])],
    ),
    (
        "an existing slice with an annotation the Endpoints lack is updated",
        endpoints({"addresses": [ONE_ADDRESS], "ports": [HTTP]}),
        [mirrored("test-ep-1", ONE, annotations={"foo": "bar"})],
        1000,
        [("update", "test-ep-1", "IPv4", [80], [("10.0.0.1", True)])],
    ),
    (
        "an existing slice without a label of the Endpoints is updated",
        endpoints({"addresses": [ONE_ADDRESS], "ports": [HTTP]}, labels={"foo": "bar"}),
        [mirrored("test-ep-1", ONE)],
        1000,
        [("update", "test-ep-1", "IPv4", [80], [("10.0.0.1", True)])],
    ),
    (
        "an existing slice with the last applied configuration loses it",
        endpoints({"addresses": [ONE_ADDRESS], "ports": [HTTP]}, annotations={LAST_APPLIED: "{}"}),
        [mirrored("test-ep-1", ONE, annotations={LAST_APPLIED: "{}"})],
        1000,
        [("update", "test-ep-1", "IPv4", [80], [("10.0.0.1", True)])],
    ),
    (
        "the last applied configuration and trigger time of the Endpoints are not mirrored",
        endpoints(
            {"addresses": [ONE_ADDRESS], "ports": [HTTP]},
            annotations={LAST_APPLIED: "{}", TRIGGER_TIME: "2026-01-01T00:00:00Z"},
        ),
        [mirrored("test-ep-1", ONE)],
        1000,
        [],
    ),
    (
        "a target's resourceVersion alone is no change",
        endpoints(
            {"addresses": [{"ip": "10.0.0.1", "targetRef": {"name": "a", "resourceVersion": "6"}}]}
        ),
        [mirrored("test-ep-1", endpoint("10.0.0.1", targetRef={"name": "a"}), ports=())],
        1000,
        [],
    ),
    (
        "an endpoint no longer ready is updated in place",
        endpoints(subset(not_ready=("10.0.0.1",))),
        [mirrored("test-ep-1", endpoint("10.0.0.1"))],
        1000,
        [("update", "test-ep-1", "IPv4", [80], [("10.0.0.1", False)])],
    ),
    (
        "1 subset, 2 ports, 2 ready and 2 not ready addresses: ready first",
        endpoints(
            subset("10.0.0.2", "10.0.0.1", not_ready=("10.0.0.4", "10.0.0.3"), ports=(HTTP, HTTPS))
        ),
        [],
        1000,
        [
            (
                "create",
                "",
                "IPv4",
                [80, 443],
                [("10.0.0.1", True), ("10.0.0.2", True), ("10.0.0.3", False), ("10.0.0.4", False)],
            )
        ],
    ),
    (
        "an existing slice with some of the addresses is completed",
        endpoints(subset("10.0.0.1", "10.0.0.2")),
        [mirrored("test-ep-1", endpoint("10.0.0.1"))],
        1000,
        [("update", "test-ep-1", "IPv4", [80], [("10.0.0.1", True), ("10.0.0.2", True)])],
    ),
    (
        "a second slice for the same ports goes",
        endpoints(subset("10.0.0.1")),
        [mirrored("test-ep-1", endpoint("10.0.0.1")), mirrored("test-ep-2", endpoint("10.0.0.1"))],
        1000,
        [("delete", "test-ep-2")],
    ),
    (
        "a slice for ports no longer offered is recycled for the new ones",
        endpoints(subset("10.0.0.1")),
        [mirrored("test-ep-1", endpoint("10.0.0.1"), ports=(HTTPS,))],
        1000,
        [("update", "test-ep-1", "IPv4", [80], [("10.0.0.1", True)])],
    ),
    (
        "a slice of another address type is not recycled",
        endpoints(subset("10.0.0.1")),
        [mirrored("test-ep-1", endpoint("2001:db8::1"), address_type="IPv6")],
        1000,
        [("create", "", "IPv4", [80], [("10.0.0.1", True)]), ("delete", "test-ep-1")],
    ),
    (
        "dual-stack addresses: a slice per address type",
        endpoints(subset("10.0.0.1", "2001:db8::1")),
        [],
        1000,
        [
            ("create", "", "IPv4", [80], [("10.0.0.1", True)]),
            ("create", "", "IPv6", [80], [("2001:db8::1", True)]),
        ],
    ),
    (
        "IPs are written canonically, IPv4 however it is written",
        endpoints(subset("010.000.000.001", "::ffff:10.0.0.2", "2001:DB8:0::1")),
        [],
        1000,
        [
            ("create", "", "IPv4", [80], [("10.0.0.1", True), ("10.0.0.2", True)]),
            ("create", "", "IPv6", [80], [("2001:db8::1", True)]),
        ],
    ),
    (
        "invalid addresses are skipped",
        endpoints(subset("10.0.0.1", "web", "10.0.0.300")),
        [],
        1000,
        [("create", "", "IPv4", [80], [("10.0.0.1", True)])],
    ),
    (
        "at most maxEndpointsPerSubset addresses a subset, ready ones first",
        endpoints(
            subset("10.0.0.1", "10.0.0.2", "10.0.0.3", not_ready=("10.0.0.4",)),
            subset("10.0.0.5", ports=(HTTPS,)),
        ),
        [],
        2,
        [
            ("create", "", "IPv4", [80], [("10.0.0.1", True), ("10.0.0.2", True)]),
            ("create", "", "IPv4", [443], [("10.0.0.5", True)]),
        ],
    ),
    (
        "every slice goes when no address is left",
        endpoints(subset()),
        [mirrored("test-ep-1", endpoint("10.0.0.1"))],
        1000,
        [("delete", "test-ep-1")],
    ),
]


@pytest.mark.parametrize(
    ("eps", "existing", "max_per_subset", "expected"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_reconcile(eps, existing, max_per_subset, expected):
    assert actions(plan(eps, existing, max_per_subset)) == expected


SKIPPED = [
    ("all mirrored", subset("10.0.0.1"), 1000, (0, 0)),
    ("invalid IPs", subset("10.0.0.1", "web", "1.2.3"), 1000, (2, 2)),
    ("past the maximum", subset("10.0.0.1", "10.0.0.2", not_ready=("10.0.0.3",)), 1, (0, 2)),
    # addresses are taken in the order of their text; one invalid is counted as such only
    # until the maximum is reached
    ("invalid, then past the maximum", subset("web", "10.0.0.1", "1.2.3"), 1, (1, 2)),
]


@pytest.mark.parametrize(
    ("found", "max_per_subset", "expected"),
    [c[1:] for c in SKIPPED],
    ids=[c[0] for c in SKIPPED],
)
def test_addresses_not_mirrored_are_counted(found, max_per_subset, expected):
    wanted = reconciler.desired(endpoints(found), max_per_subset)
    assert (wanted.invalid, wanted.skipped) == expected


def test_a_new_slice_carries_the_endpoints_labels_annotations_owner_and_addresses():
    eps = endpoints(
        {
            "addresses": [
                {
                    "ip": "10.0.0.1",
                    "hostname": "pod-1",
                    "nodeName": "node-1",
                    "targetRef": {"kind": "Pod", "namespace": "test", "name": "pod-1"},
                }
            ],
            "ports": [{**HTTP, "appProtocol": "http"}],
        },
        labels={"app": "db", "kubernetes.io/service-name": "other"},
        annotations={"note": "kept", LAST_APPLIED: "{}", TRIGGER_TIME: "2026-01-01T00:00:00Z"},
    )
    [created] = plan(eps, []).to_create
    assert created == {
        "apiVersion": "discovery.k8s.io/v1",
        "kind": "EndpointSlice",
        "metadata": {
            "generateName": "test-ep-",
            "namespace": "test",
            "labels": {"app": "db", **MANAGED},
            "annotations": {"note": "kept"},
            "ownerReferences": [
                {
                    "apiVersion": "v1",
                    "kind": "Endpoints",
                    "name": "test-ep",
                    "uid": UID,
                    "controller": True,
                    "blockOwnerDeletion": True,
                }
            ],
        },
        "addressType": "IPv4",
        "endpoints": [
            {
                "addresses": ["10.0.0.1"],
                "conditions": {"ready": True},
                "hostname": "pod-1",
                "targetRef": {"kind": "Pod", "namespace": "test", "name": "pod-1"},
                "nodeName": "node-1",
            }
        ],
        "ports": [{"name": "http", "protocol": "TCP", "port": 80, "appProtocol": "http"}],
    }


def test_an_updated_or_recycled_slice_is_named_and_sent_whole():
    eps = endpoints(subset("10.0.0.1"))
    [updated] = plan(eps, [mirrored("test-ep-1", endpoint("10.0.0.2"))]).to_update
    assert updated["metadata"]["name"] == "test-ep-1"
    assert "generateName" not in updated["metadata"]
    assert "resourceVersion" not in updated["metadata"]  # an unconditional update
    [recycled] = plan(eps, [mirrored("test-ep-9", endpoint("10.0.0.1"), ports=())]).to_update
    assert (recycled["metadata"]["name"], recycled["metadata"]["generateName"]) == (
        "test-ep-9",
        "test-ep-",
    )


def test_a_subset_without_ports_is_a_slice_without_ports():
    [created] = plan(endpoints({"addresses": [{"ip": "10.0.0.1"}]}), []).to_create
    assert created["ports"] is None
