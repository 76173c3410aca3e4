"""The controllers' work queue: one reconcile per queued key, back-off on failure."""

from cluster.engine.clock import Clock
from cluster.engine.controllers.workqueue import (
    BUCKET_BURST,
    BUCKET_QPS,
    BUSY_RETRIES,
    Retry,
    WorkQueue,
)


class Flaky:
    """A reconcile that fails a number of times, noting when it ran."""

    def __init__(self, clock: Clock, failures: int) -> None:
        self.clock = clock
        self.failures = failures
        self.ran: list[int] = []

    def reconcile(self, key: str) -> None:
        self.ran.append(self.clock.now)
        if len(self.ran) <= self.failures:
            raise Retry


def test_a_key_queued_twice_before_it_is_processed_is_reconciled_once():
    clock = Clock()
    flaky = Flaky(clock, 0)
    queue = WorkQueue(clock, flaky.reconcile)
    queue.add("default/web")
    queue.add("default/web")
    clock.run_until_idle()
    assert flaky.ran == [0]


def test_failures_are_retried_with_exponential_back_off():
    clock = Clock()
    flaky = Flaky(clock, 3)
    queue = WorkQueue(clock, flaky.reconcile)
    queue.add("default/web")
    clock.run_until_idle()
    assert flaky.ran == [0, 5, 15, 35]
    assert queue.num_requeues("default/web") == 0


def test_a_queue_can_cap_its_back_off():
    clock = Clock()
    flaky = Flaky(clock, 100)
    queue = WorkQueue(clock, flaky.reconcile, "namespace", 60_000)
    queue.add("shop")
    clock.advance_to(600_000)
    gaps = [later - earlier for earlier, later in zip(flaky.ran, flaky.ran[1:], strict=False)]
    assert gaps[-3:] == [60_000, 60_000, 60_000]


def test_a_key_that_keeps_failing_stops_keeping_the_clock_busy():
    clock = Clock()
    flaky = Flaky(clock, 100)
    queue = WorkQueue(clock, flaky.reconcile)
    queue.add("default/web")
    clock.run_until_idle()
    assert len(flaky.ran) == BUSY_RETRIES + 1
    assert clock.next_due() is not None  # still retried, in the background


def test_a_key_added_after_a_delay_waits_once_for_the_earlier_of_its_times():
    clock = Clock()
    flaky = Flaky(clock, 0)
    queue = WorkQueue(clock, flaky.reconcile)
    queue.add_after("default/web", 300)
    queue.add_after("default/web", 500)
    queue.add_after("default/web", 200)
    assert len(clock.pending()) == 1
    clock.run_until_idle()
    assert flaky.ran == [200]


def test_a_key_failing_over_and_over_waits_for_one_retry_at_a_time():
    clock = Clock()
    flaky = Flaky(clock, 100)
    queue = WorkQueue(clock, flaky.reconcile)
    for _ in range(50):  # as every pod event of a failing ReplicaSet queues it again
        queue.add("default/web")
        clock.step()
    assert len(clock.pending()) == 1


def test_requeues_that_are_forgotten_each_time_go_round_at_most_ten_times_a_second():
    clock = Clock()
    ran: list[int] = []

    def requeue(key: str) -> None:  # a deployment whose progress check finds nothing to do
        ran.append(clock.now)
        queue.add_rate_limited(key)

    queue = WorkQueue(clock, requeue)
    queue.add("default/web")
    clock.advance_to(60_000)
    # the bucket's tokens (a hundred, and those coming back meanwhile) go at the pace of the
    # first back-off (5 ms), then the bucket lets one through every 100 ms
    assert ran[:3] == [0, 5, 10]
    assert {later - earlier for earlier, later in zip(ran[-50:-1], ran[-49:], strict=True)} == {100}
    assert len(ran) <= BUCKET_BURST + 60 * BUCKET_QPS + 10


def test_a_sync_through_many_pods_keeps_the_worker_busy_and_what_comes_meanwhile_is_merged():
    clock = Clock()
    ran: list[tuple[int, str]] = []

    def reconcile(key: str) -> None:
        ran.append((clock.now, key))
        queue.looked_at(9_500 if key == "big" else 999)  # under a thousand pods: no time

    queue = WorkQueue(clock, reconcile)
    queue.add("small")
    clock.run_until_idle()
    queue.add("big")
    clock.step()
    for _ in range(3):  # a pod's change after another, while the big sync still runs
        queue.add("big")
        queue.add("small")
    clock.run_until_idle()
    assert ran == [(0, "small"), (0, "big"), (9, "big"), (18, "small")]
