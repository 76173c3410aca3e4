"""kubectl lab: the operations it sends to KubeLab's lab, and what it prints of the answers."""

import pytest

from cluster.kubectl.cmd.lab import duration
from cluster.kubectl.main import kubectl

PAUSED = {
    "now": 312_345,
    "time": "2026-01-01T00:05:12Z",
    "speed": 1.0,
    "paused": True,
    "behind": 0,
    "etcd": {"size": 734_003, "quota": 16 * 1024**2},
    "pending": 14,
    "next": [
        {"in": 250, "what": "kubelet/node-2: sandbox ready"},
        {"in": 4_200, "what": "kubelet/node-1: image backoff"},
    ],
    "nodesDown": ["node-1"],
}
RUNNING = {**PAUSED, "paused": False, "next": [], "nodesDown": []}


class FakeLab:
    """A lab that records the operations it gets and gives one answer."""

    def __init__(self, answer: dict) -> None:
        self.answer = answer
        self.operations: list[dict] = []

    def __call__(self, operation: dict) -> dict:
        self.operations.append(operation)
        return self.answer


def no_api(request):
    raise AssertionError(f"kubectl lab sent an API request: {request}")


def lab(argv: list[str], answer: dict) -> tuple[list[dict], str, str, int]:
    fake = FakeLab(answer)
    result = kubectl(argv, no_api, None, lab=fake)
    return fake.operations, result.stdout, result.stderr, result.exit_code


@pytest.mark.parametrize(
    ("argv", "answer", "operation", "stdout"),
    [
        (
            ["lab", "pause"],
            {"changed": True, "status": PAUSED},
            {"op": "pause"},
            "clock paused at 5m12.345s\n",
        ),
        (
            ["lab", "pause"],
            {"changed": False, "status": PAUSED},
            {"op": "pause"},
            "clock already paused at 5m12.345s\n",
        ),
        (
            ["lab", "resume"],
            {"changed": True, "status": RUNNING},
            {"op": "resume"},
            "clock running at 5m12.345s, speed 1x\n",
        ),
        (
            ["lab", "speed", "10"],
            {"changed": True, "status": {**RUNNING, "speed": 10.0}},
            {"op": "speed", "factor": 10.0},
            "clock speed 10x\n",
        ),
        (
            ["lab", "speed", "0.5"],
            {"changed": True, "status": {**PAUSED, "speed": 0.5}},
            {"op": "speed", "factor": 0.5},
            "clock speed 0.5x (paused)\n",
        ),
        (
            ["lab", "step"],
            {"steps": [{"t": 312_595, "what": "kubelet/node-2: sandbox ready"}], "status": PAUSED},
            {"op": "step", "count": 1},
            "[5m12.595s] kubelet/node-2: sandbox ready\n",
        ),
        (
            ["lab", "step", "2"],
            {
                "steps": [
                    {"t": 312_595, "what": "kubelet/node-2: sandbox ready"},
                    {"t": 316_795, "what": "kubelet/node-1: image backoff"},
                ],
                "status": PAUSED,
            },
            {"op": "step", "count": 2},
            "[5m12.595s] kubelet/node-2: sandbox ready\n[5m16.795s] kubelet/node-1: image backoff\n",
        ),
        (
            ["lab", "step"],
            {"steps": [], "status": PAUSED},
            {"op": "step", "count": 1},
            "nothing to step: no timer is pending\n",
        ),
        (
            ["lab", "fault", "node-down", "node-1"],
            {"fault": {"kind": "node-down", "node": "node-1", "changed": True}, "status": PAUSED},
            {"op": "fault", "fault": {"kind": "node-down", "node": "node-1"}},
            "node/node-1 down\n",
        ),
        (
            ["lab", "fault", "node-up", "node-1"],
            {"fault": {"kind": "node-up", "node": "node-1", "changed": False}, "status": PAUSED},
            {"op": "fault", "fault": {"kind": "node-up", "node": "node-1"}},
            "node/node-1 already up\n",
        ),
        (
            ["lab", "fault", "crash", "web", "-c", "app", "-n", "shop"],
            {
                "fault": {
                    "kind": "crash",
                    "node": "node-2",
                    "namespace": "shop",
                    "pod": "web",
                    "container": "app",
                    "exitCode": 1,
                },
                "status": PAUSED,
            },
            {
                "op": "fault",
                "fault": {"kind": "crash", "namespace": "shop", "pod": "web", "container": "app"},
            },
            "pod/web: container app crashed (exit code 1)\n",
        ),
    ],
    ids=[
        "pause",
        "pause when paused",
        "resume",
        "speed up",
        "slow down while paused",
        "one step",
        "two steps",
        "a step with nothing pending",
        "a node goes down",
        "a node already up",
        "a crash in a named container and namespace",
    ],
)
def test_each_command_sends_its_operation_and_says_what_was_done(argv, answer, operation, stdout):
    assert lab(argv, answer) == ([operation], stdout, "", 0)


def test_a_crash_without_a_container_lets_the_lab_pick_the_pods_first_in_the_default_namespace():
    operations, *_ = lab(["lab", "fault", "crash", "web"], {"error": "no"})
    assert operations == [
        {"op": "fault", "fault": {"kind": "crash", "namespace": "default", "pod": "web"}}
    ]


def test_the_status_shows_time_pace_timers_and_nodes_down():
    operations, stdout, _, code = lab(["lab", "status"], {"status": PAUSED})
    assert (operations, code) == ([{"op": "status"}], 0)
    assert stdout == (
        "Time:       5m12.345s (2026-01-01T00:05:12Z)\n"
        "Clock:      paused, speed 1x\n"
        "Timers:     14 pending\n"
        "Next:       kubelet/node-2: sandbox ready in 250ms\n"
        "            kubelet/node-1: image backoff in 4.2s\n"
        "etcd:       0.7 MiB of its 16.0 MiB quota\n"
        "Nodes down: node-1\n"
    )


def test_a_full_etcd_says_that_new_objects_are_refused():
    full = {**RUNNING, "etcd": {"size": 17 * 1024**2, "quota": 16 * 1024**2}}
    _, stdout, _, _ = lab(["lab", "status"], {"status": full})
    assert stdout.splitlines()[-2] == (
        "etcd:       17.0 MiB of its 16.0 MiB quota, full: new objects are refused until "
        "deletions and compaction free space"
    )


def test_a_clock_behind_the_wall_clock_says_by_how_much():
    _, stdout, _, _ = lab(["lab", "status"], {"status": {**RUNNING, "behind": 12_500}})
    assert stdout.splitlines()[1] == "Clock:      running, speed 1x, 12.5s behind (catching up)"


def test_a_clock_run_ahead_of_the_machines_says_what_kubectl_describe_will_show():
    _, stdout, _, _ = lab(["lab", "status"], {"status": {**RUNNING, "ahead": 301_700}})
    assert stdout.splitlines()[:2] == [
        "Time:       5m12.345s (2026-01-01T00:05:12Z)",
        "            5m1s ahead of this machine's clock (kubectl describe shows the newer ages "
        "as <invalid>)",
    ]
    in_step = lab(["lab", "status"], {"status": {**RUNNING, "ahead": 1_500}})[1]
    assert in_step.splitlines()[1].startswith("Clock:")


def test_a_status_with_nothing_due_and_every_node_up_says_none():
    _, stdout, _, _ = lab(["lab", "status"], {"status": RUNNING})
    lines = stdout.splitlines()
    assert (lines[-3], lines[-1]) == ("Next:       <none>", "Nodes down: <none>")


def test_a_refusal_from_the_lab_is_an_error():
    assert lab(["lab", "fault", "node-down", "node-9"], {"error": 'node "node-9" not found'})[
        1:
    ] == ("", 'error: node "node-9" not found\n', 1)


@pytest.mark.parametrize(
    ("argv", "stderr"),
    [
        (
            ["lab", "rewind"],
            'error: unknown command "rewind" for "kubectl lab"\n'
            "See 'kubectl lab --help' for usage.\n",
        ),
        (["lab", "step", "two"], 'error: step takes a number, not "two"\n'),
        (["lab", "speed"], "error: speed needs a FACTOR, e.g. 'kubectl lab speed 10'\n"),
        (["lab", "speed", "fast"], 'error: speed takes a number, not "fast"\n'),
        (["lab", "pause", "now"], 'error: unexpected argument "now"\n'),
        (["lab", "fault"], "error: fault needs a kind: node-down, node-up, crash\n"),
        (["lab", "fault", "node-down"], "error: fault node-down needs a NODE\n"),
        (["lab", "fault", "crash"], "error: fault crash needs a POD\n"),
        (["lab", "fault", "node-up", "a", "b"], 'error: unexpected argument "b"\n'),
    ],
    ids=[
        "an unknown command",
        "a step count that is no number",
        "a speed without a factor",
        "a speed that is no number",
        "an argument too many",
        "a fault without a kind",
        "a node fault without a node",
        "a crash without a pod",
        "a node too many",
    ],
)
def test_a_malformed_command_is_refused_before_anything_is_sent(argv, stderr):
    assert lab(argv, {}) == ([], "", stderr, 1)


@pytest.mark.parametrize("argv", [["lab"], ["lab", "--help"], ["lab", "-h"]])
def test_help_prints_the_usage_and_sends_nothing(argv):
    operations, stdout, _, code = lab(argv, {})
    assert (operations, code) == ([], 0)
    assert stdout.startswith("Control KubeLab's simulated cluster: its virtual clock, and faults.")


def test_a_kubectl_without_the_lab_does_not_know_the_command():
    result = kubectl(["lab", "pause"], no_api, None)
    unknown = 'error: unknown command "lab" for "kubectl"\n\nDid you mean this?\n\tlabel\n'
    assert (result.stderr, result.exit_code) == (unknown, 1)


@pytest.mark.parametrize(
    ("ms", "text"),
    [
        (0, "0s"),
        (250, "250ms"),
        (1_000, "1s"),
        (4_200, "4.2s"),
        (60_000, "1m0s"),
        (312_345, "5m12.345s"),
        (3_600_000, "1h0m0s"),
        (3_723_050, "1h2m3.05s"),
    ],
)
def test_times_read_as_go_durations(ms, text):
    assert duration(ms) == text
