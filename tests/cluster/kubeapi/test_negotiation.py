"""Which representation a client gets for the Accept header it sends."""

import pytest

from cluster.engine.apiserver.errors import StatusError
from cluster.kubeapi import negotiation

KUBECTL_DISCOVERY = (
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json"
)
KUBECTL_GET = (
    "application/json;as=Table;v=v1;g=meta.k8s.io,"
    "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"
)


@pytest.mark.parametrize(
    ("accept", "aggregated"),
    [
        (KUBECTL_DISCOVERY, True),
        ("application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
         + KUBECTL_DISCOVERY, True),
        ("application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json", False),
        ("application/json", False),
        ("application/json, */*", False),
        ("", False),
    ],
)  # fmt: skip
def test_aggregated_discovery_only_when_it_comes_before_plain_json(
    accept: str, aggregated: bool
) -> None:
    assert negotiation.wants_aggregated_discovery(accept) is aggregated


@pytest.mark.parametrize(
    ("accept", "served"),
    [
        (KUBECTL_GET, "application/json"),
        ("application/vnd.kubernetes.protobuf, */*", "application/json"),
        ("application/yaml", "application/yaml"),
        ("", "application/json"),
        ("application/*", "application/json"),
    ],
)
def test_json_unless_the_client_prefers_yaml(accept: str, served: str) -> None:
    assert negotiation.response_type(accept) == served


def test_a_client_accepting_nothing_served_gets_406() -> None:
    with pytest.raises(StatusError) as caught:
        negotiation.response_type("application/vnd.kubernetes.protobuf")
    assert (caught.value.code, caught.value.reason) == (406, "NotAcceptable")
