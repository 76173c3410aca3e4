from cluster.engine.clock import Clock


def test_timers_due_at_the_same_time_run_in_the_order_they_were_scheduled():
    clock, ran = Clock(), []
    clock.call_later(10, ran.append, "b")
    clock.call_later(5, ran.append, "a")
    clock.call_later(10, ran.append, "c")
    clock.run_until_idle()
    assert ran == ["a", "b", "c"]
    assert clock.now == 10


def test_advancing_runs_only_what_is_due_and_then_stands_at_the_target_time():
    clock, ran = Clock(), []
    clock.call_at(100, ran.append, 1)
    clock.call_at(300, ran.append, 2)
    assert clock.advance_to(200) == 1
    assert (ran, clock.now, clock.next_due()) == ([1], 200, 300)


def test_an_advance_with_a_step_budget_stops_behind_while_due_timers_remain():
    clock, ran = Clock(), []
    for i in range(5):
        clock.call_at(100 * (i + 1), ran.append, i)
    assert clock.advance_to(1000, max_steps=3) == 3
    assert (ran, clock.now, clock.next_due()) == ([0, 1, 2], 300, 400)
    assert clock.advance_to(1000, max_steps=3) == 2
    assert (ran, clock.now) == ([0, 1, 2, 3, 4], 1000)


def test_background_timers_never_keep_the_clock_busy():
    clock, ran = Clock(), []
    clock.call_later(1000, ran.append, "heartbeat", background=True)
    assert clock.idle
    assert clock.run_until_idle() == 0
    clock.call_later(2000, ran.append, "work")
    clock.run_until_idle()
    assert ran == ["heartbeat", "work"]  # due earlier, so it ran first


def test_a_cancelled_timer_does_not_run():
    clock, ran = Clock(), []
    timer = clock.call_later(5, ran.append, "no")
    clock.cancel(timer)
    assert clock.idle and clock.next_due() is None
    assert not clock.step() and ran == []


def test_cancelling_a_timer_that_has_run_changes_nothing():
    clock = Clock()
    timers = []
    timers.append(clock.call_later(5, lambda: clock.cancel(timers[0])))
    clock.call_later(10, lambda: None)
    assert clock.run_until_idle() == 2
    assert clock.idle and clock.now == 10
