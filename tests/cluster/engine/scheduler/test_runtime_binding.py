"""The framework's binding extension points: Reserve and Unreserve, PreBindPreFlight, and
PreBind, whose plugins may answer later."""

from cluster.engine.scheduler import framework
from cluster.engine.scheduler.framework import Plugin, Status
from tests.cluster.engine.scheduler.helpers import pod
from tests.cluster.engine.scheduler.test_runtime import framework as make_framework

CALLS: list[str] = []


class Holds(Plugin):
    """Reserves, and binds at once."""

    name = "Holds"
    verdict = framework.OK

    def reserve(self, state, pod, node):
        CALLS.append(f"{self.name} reserve {node}")
        return self.verdict

    def unreserve(self, state, pod, node):
        CALLS.append(f"{self.name} unreserve {node}")

    def pre_bind_pre_flight(self, state, pod, node):
        return framework.OK

    def pre_bind(self, state, pod, node, done):
        CALLS.append(f"{self.name} pre-bind")
        done(framework.OK)


class Refuses(Holds):
    name = "Refuses"
    verdict = Status(framework.ERROR, ("no room",))


class Waits(Holds):
    """Answers PreBind a second later, with a failure."""

    name = "Waits"

    def pre_bind(self, state, pod, node, done):
        CALLS.append(f"{self.name} pre-bind")
        self.handle.clock.call_later(1_000, done, Status(framework.ERROR, ("gave up",)))


class Idle(Holds):
    name = "Idle"

    def pre_bind_pre_flight(self, state, pod, node):
        return framework.SKIPPED


def test_a_failed_reserve_is_named_and_every_plugin_unreserves_in_reverse_order():
    CALLS.clear()
    fw = make_framework(Holds, Refuses)
    status = fw.run_reserve({}, pod(), "n1")
    assert (status.code, status.message) == (
        framework.ERROR,
        'running Reserve plugin "Refuses": no room',
    )
    fw.run_unreserve({}, pod(), "n1")
    assert CALLS == [
        "Holds reserve n1",
        "Refuses reserve n1",
        "Refuses unreserve n1",
        "Holds unreserve n1",
    ]


def test_prebind_runs_the_plugins_that_have_work_one_after_another_and_may_wait():
    CALLS.clear()
    fw = make_framework(Idle, Holds, Waits)
    state: dict = {}
    assert fw.run_pre_bind_pre_flights(state, pod(), "n1").ok
    verdicts: list[Status] = []
    fw.run_pre_bind(state, pod(), "n1", verdicts.append)
    assert (CALLS, verdicts) == (["Holds pre-bind", "Waits pre-bind"], [])
    fw.clock.advance_to(1_000)
    assert [(v.code, v.message, v.plugin) for v in verdicts] == [
        (framework.ERROR, 'running PreBind plugin "Waits": gave up', "Waits")
    ]


def test_prebind_preflight_skips_when_no_plugin_has_work():
    fw = make_framework(Idle)
    state: dict = {}
    assert fw.run_pre_bind_pre_flights(state, pod(), "n1").code == framework.SKIP
    verdicts: list[Status] = []
    fw.run_pre_bind(state, pod(), "n1", verdicts.append)
    assert verdicts == [framework.OK]
