"""RepackSubsets: Endpoints subsets in their canonical layout."""

import pytest

from cluster.engine.api.endpoints import repack_subsets

HTTP = {"name": "http", "port": 80, "protocol": "TCP"}
HTTPS = {"name": "https", "port": 443, "protocol": "TCP"}


def pod(ip: str, uid: str = "", **address) -> dict:
    ref = {"targetRef": {"kind": "Pod", "name": f"pod-{uid}", "uid": uid}} if uid else {}
    return {"ip": ip, **ref, **address}


CASES = [
    ("no subsets", [], []),
    ("a subset without addresses goes", [{"ports": [HTTP]}], []),
    (
        "addresses are ordered by IP as text",
        [{"addresses": [pod("10.0.0.9"), pod("10.0.0.10")], "ports": [HTTP]}],
        [{"addresses": [pod("10.0.0.10"), pod("10.0.0.9")], "ports": [HTTP]}],
    ),
    (
        "subsets with the same ports are one",
        [
            {"addresses": [pod("10.0.0.2")], "ports": [HTTP]},
            {"addresses": [pod("10.0.0.1")], "ports": [HTTP]},
        ],
        [{"addresses": [pod("10.0.0.1"), pod("10.0.0.2")], "ports": [HTTP]}],
    ),
    (
        "ports offered by the same addresses share a subset",
        [
            {"addresses": [pod("10.0.0.1")], "ports": [HTTP]},
            {"addresses": [pod("10.0.0.1")], "ports": [HTTPS]},
        ],
        [{"addresses": [pod("10.0.0.1")], "ports": [HTTP, HTTPS]}],
    ),
    (
        "an address not ready in one listing is not ready",
        [
            {"addresses": [pod("10.0.0.1")], "ports": [HTTP]},
            {"notReadyAddresses": [pod("10.0.0.1")], "ports": [HTTP]},
        ],
        [{"notReadyAddresses": [pod("10.0.0.1")], "ports": [HTTP]}],
    ),
    (
        "an address listed twice keeps its first form",
        [
            {"addresses": [pod("10.0.0.1", nodeName="node-1")], "ports": [HTTP]},
            {"addresses": [pod("10.0.0.1", nodeName="node-2")], "ports": [HTTPS]},
        ],
        [{"addresses": [pod("10.0.0.1", nodeName="node-1")], "ports": [HTTP, HTTPS]}],
    ),
    (
        "one IP with two targets is two addresses, the one without a target first",
        [{"addresses": [pod("10.0.0.1", "b"), pod("10.0.0.1", "a"), pod("10.0.0.1")]}],
        [{"addresses": [pod("10.0.0.1"), pod("10.0.0.1", "a"), pod("10.0.0.1", "b")]}],
    ),
    (
        "subsets without ports pool their addresses",
        [{"addresses": [pod("10.0.0.2")]}, {"notReadyAddresses": [pod("10.0.0.1")]}],
        [{"addresses": [pod("10.0.0.2")], "notReadyAddresses": [pod("10.0.0.1")]}],
    ),
    (
        "different addresses on different ports stay apart",
        [
            {"addresses": [pod("10.0.0.1")], "ports": [HTTP]},
            {"addresses": [pod("10.0.0.1"), pod("10.0.0.2")], "ports": [HTTPS]},
        ],
        [
            {"addresses": [pod("10.0.0.1")], "ports": [HTTP]},
            {"addresses": [pod("10.0.0.1"), pod("10.0.0.2")], "ports": [HTTPS]},
        ],
    ),
]


@pytest.mark.parametrize(("subsets", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_repack_subsets(subsets, expected):
    assert repack_subsets(subsets) == expected
