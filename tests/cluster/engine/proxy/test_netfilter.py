"""Session affinity as the rules keep it: `recent` lists named after each endpoint's chain,
checked before the random choice, set by every connection, forgotten with the rules that
name them."""

from __future__ import annotations

from cluster.engine.clock import Clock
from cluster.engine.proxy.netfilter import RECENT_LIST_SIZE, Forward
from tests.cluster.engine.proxy.helpers import POD, endpoint, endpoint_slice, port, proxier, service

ENDPOINTS = [endpoint(f"10.244.1.{i}") for i in range(1, 5)]


def sticky(timeout_s: int = 60) -> dict:
    return service(
        "svc1",
        "172.30.1.1",
        port("p80", 80),
        sessionAffinity="ClientIP",
        sessionAffinityConfig={"clientIP": {"timeoutSeconds": timeout_s}},
    )


def test_a_client_sticks_to_its_endpoint_until_it_is_quiet_for_the_timeout():
    clock = Clock()
    found = proxier(sticky(), endpoint_slice("svc1", ENDPOINTS, ("p80", 80, "TCP")), clock=clock)
    first = found.route("TCP", "172.30.1.1", 80, POD)
    for at in (30_000, 90_000, 150_000):  # each connection is seen again, within 60 s
        clock.advance_to(at)
        assert found.route("TCP", "172.30.1.1", 80, POD) == first
    others = {found.route("TCP", "172.30.1.1", 80, f"10.244.9.{i}").ip for i in range(20)}
    assert len(others) > 1  # other clients are spread as before
    clock.advance_to(150_000 + 60_001)
    after = {found.route("TCP", "172.30.1.1", 80, f"10.244.8.{i}").ip for i in range(20)}
    assert len(after) > 1


def test_an_endpoint_is_drawn_when_there_are_several_and_the_client_has_none_it_sticks_to():
    clock = Clock()
    one = endpoint_slice("svc1", ENDPOINTS[:1], ("p80", 80, "TCP"))
    assert not proxier(sticky(), one, clock=clock).route("TCP", "172.30.1.1", 80, POD).drawn
    found = proxier(sticky(), endpoint_slice("svc1", ENDPOINTS, ("p80", 80, "TCP")), clock=clock)
    assert found.route("TCP", "172.30.1.1", 80, POD).drawn
    assert not found.route("TCP", "172.30.1.1", 80, POD).drawn  # it goes back to the same


def test_a_list_remembers_its_most_recent_clients_only():
    clock = Clock()
    one = endpoint_slice("svc1", ENDPOINTS[:1], ("p80", 80, "TCP"))
    found = proxier(sticky(), one, clock=clock)
    for i in range(RECENT_LIST_SIZE + 1):
        found.route("TCP", "172.30.1.1", 80, f"10.244.{i // 250}.{i % 250}")
    [remembered] = found.netfilter.recent.values()
    assert len(remembered) == RECENT_LIST_SIZE
    assert "10.244.0.0" not in remembered


def test_the_lists_go_with_the_rules_that_name_them():
    clock = Clock()
    slice_ = endpoint_slice("svc1", ENDPOINTS, ("p80", 80, "TCP"))
    found = proxier(sticky(), slice_, clock=clock)
    chosen = found.route("TCP", "172.30.1.1", 80, POD)
    assert isinstance(chosen, Forward)
    gone = dict(slice_, endpoints=[e for e in ENDPOINTS if e["addresses"][0] != chosen.ip])
    found.on_endpoint_slice_update(gone, remove=False)
    found.sync_proxy_rules()
    assert found.netfilter.recent == {}
    found.on_service_update(sticky(), service("svc1", "172.30.1.1", port("p80", 80)))
    found.sync_proxy_rules()
    assert found.netfilter.rules.recent_lists == set()
