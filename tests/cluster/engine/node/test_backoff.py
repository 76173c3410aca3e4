"""The kubelet's back-off (client-go flowcontrol.Backoff): doubling from 10 s to 5 min, forgotten
after ten quiet minutes."""

from hypothesis import given
from hypothesis import strategies as st

from cluster.engine.node.backoff import Backoff


def test_each_step_doubles_the_back_off_up_to_five_minutes():
    backoff = Backoff()
    steps = []
    for now in range(0, 80_000, 10_000):
        backoff.next("k", now, now)
        steps.append(backoff.get("k") // 1000)
    assert steps == [10, 20, 40, 80, 160, 300, 300, 300]


def test_a_key_never_seen_is_not_in_back_off():
    assert not Backoff().in_backoff_since("k", 0, 0)
    assert not Backoff().in_backoff_since_update("k", 0)


def test_an_event_is_in_back_off_until_the_back_off_has_passed_since_it():
    backoff = Backoff()
    backoff.next("k", 0, 0)
    assert backoff.in_backoff_since("k", 5_000, 14_999)
    assert not backoff.in_backoff_since("k", 5_000, 15_000)


def test_a_step_is_in_back_off_until_the_back_off_has_passed_since_it():
    backoff = Backoff()
    backoff.next("k", 0, 1_000)
    assert backoff.in_backoff_since_update("k", 10_999)
    assert not backoff.in_backoff_since_update("k", 11_000)


def test_ten_quiet_minutes_start_the_back_off_over():
    backoff = Backoff()
    for now in (0, 10_000, 20_000):
        backoff.next("k", now, now)
    assert backoff.get("k") == 40_000
    assert not backoff.in_backoff_since("k", 620_001, 620_001)
    backoff.next("k", 620_001, 620_001)
    assert backoff.get("k") == 10_000


def test_forgetting_a_pod_drops_only_its_keys():
    backoff = Backoff()
    backoff.next("uid1_web", 0, 0)
    backoff.next("uid2_web", 0, 0)
    backoff.forget("uid1")
    assert list(backoff.entries) == ["uid2_web"]


@given(st.lists(st.integers(min_value=0, max_value=599_000), min_size=1, max_size=20))
def test_the_back_off_never_leaves_ten_seconds_to_five_minutes_and_never_shrinks(gaps):
    backoff, now, previous = Backoff(), 0, 0
    for gap in gaps:
        now += gap
        backoff.next("k", now, now)
        current = backoff.get("k")
        assert 10_000 <= current <= 300_000
        assert current >= previous
        previous = current
