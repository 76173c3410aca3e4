"""kubectl lab: KubeLab's own controls, which no real cluster has: the virtual clock (pause,
resume, step, speed) and faults (a node down or up, a container crash).

The same command serves the built-in kubectl, which reaches the cluster's host directly,
and the `kubectl-lab` plugin of the real kubectl, which reaches it over HTTP: both hand it
a `Lab` that takes an operation and answers with JSON.
"""

from __future__ import annotations

from typing import Any

from cluster.kubectl import helptexts
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (Flag("container", "c"),)
FAULT_KINDS = ("node-down", "node-up", "crash")
AHEAD_SHOWN_MS = 2_000  # a cluster ahead of the machine by less is in step with it


def run(ctx: Context, opts: Parsed) -> None:
    assert ctx.lab is not None, "kubectl has lab only where there is a lab"
    if not opts.args:
        ctx.out.write(helptexts.LAB["lab"])
        return
    action, *args = opts.args
    if action == "fault":
        operation: dict[str, Any] = {"op": "fault", "fault": _fault(ctx, opts, args)}
    elif action in ("status", "pause", "resume"):
        _no_more(args)
        operation = {"op": action}
    elif action == "step":
        _no_more(args[1:])
        operation = {"op": "step", "count": _number(int, args[0], "step") if args else 1}
    elif action == "speed":
        if not args:
            raise ExitError("error: speed needs a FACTOR, e.g. 'kubectl lab speed 10'")
        _no_more(args[1:])
        operation = {"op": "speed", "factor": _number(float, args[0], "speed")}
    else:
        raise ExitError(
            f'error: unknown command "{action}" for "kubectl lab"\n'
            "See 'kubectl lab --help' for usage."
        )
    answer = ctx.lab(operation)
    if "error" in answer:
        raise ExitError(f"error: {answer['error']}")
    ctx.out.write(_report(action, answer))


def _fault(ctx: Context, opts: Parsed, args: list[str]) -> dict[str, str]:
    if not args or args[0] not in FAULT_KINDS:
        raise ExitError(f"error: fault needs a kind: {', '.join(FAULT_KINDS)}")
    kind, names = args[0], args[1:]
    target = "POD" if kind == "crash" else "NODE"
    if not names:
        raise ExitError(f"error: fault {kind} needs a {target}")
    _no_more(names[1:])
    if kind == "crash":
        fault = {"kind": kind, "namespace": ctx.namespace, "pod": names[0]}
        return fault | ({"container": opts.text("container")} if opts.text("container") else {})
    return {"kind": kind, "node": names[0]}


def _no_more(args: list[str]) -> None:
    if args:
        raise ExitError(f'error: unexpected argument "{args[0]}"')


def _number(kind: type[int] | type[float], text: str, action: str) -> int | float:
    try:
        return kind(text)
    except ValueError:
        raise ExitError(f'error: {action} takes a number, not "{text}"') from None


# -- what it says ---------------------------------------------------------------------------


def _report(action: str, answer: dict[str, Any]) -> str:
    status = answer["status"]
    at = duration(status["now"])
    if action == "status":
        return _status(status)
    if action == "step":
        ran = answer["steps"]
        if not ran:
            return "nothing to step: no timer is pending\n"
        return "".join(f"[{duration(step['t'])}] {step['what']}\n" for step in ran)
    if action == "fault":
        return _fault_done(answer["fault"])
    already = "" if answer["changed"] else "already "
    if action == "pause":
        return f"clock {already}paused at {at}\n"
    pace = f"speed {status['speed']:g}x"
    if action == "resume":
        return f"clock {already}running at {at}, {pace}\n"
    return f"clock {pace}{' (paused)' if status['paused'] else ''}\n"


def _fault_done(done: dict[str, Any]) -> str:
    if done["kind"] == "crash":
        return (
            f"pod/{done['pod']}: container {done['container']} crashed "
            f"(exit code {done['exitCode']})\n"
        )
    already = "" if done["changed"] else "already "
    return f"node/{done['node']} {already}{done['kind'].removeprefix('node-')}\n"


def _status(status: dict[str, Any]) -> str:
    pace = f"{'paused' if status['paused'] else 'running'}, speed {status['speed']:g}x"
    if status["behind"] > 0:
        pace += f", {duration(status['behind'])} behind (catching up)"
    upcoming = [f"{t['what']} in {duration(t['in'])}" for t in status["next"]] or ["<none>"]
    etcd = status["etcd"]
    rows = [
        ("Time", f"{duration(status['now'])} ({status['time']})"),
        *_ahead(status.get("ahead", 0)),
        ("Clock", pace),
        ("Timers", f"{status['pending']} pending"),
        ("Next", upcoming[0]),
        *(("", line) for line in upcoming[1:]),
        ("etcd", _etcd_use(etcd["size"], etcd["quota"])),
        ("Nodes down", ", ".join(status["nodesDown"]) or "<none>"),
    ]
    return "".join(f"{f'{key}:' if key else '':<12}{value}\n" for key, value in rows)


def _ahead(ms: int) -> list[tuple[str, str]]:
    """A row when the cluster's time of day has run ahead of the machine's: the ages the
    real kubectl reckons itself (describe's events) then come out as <invalid>."""
    if ms < AHEAD_SHOWN_MS:
        return []
    return [
        (
            "",
            f"{duration(ms // 1000 * 1000)} ahead of this machine's clock "
            "(kubectl describe shows the newer ages as <invalid>)",
        )
    ]


def _etcd_use(size: int, quota: int) -> str:
    used = f"{_mebibytes(size)} of its {_mebibytes(quota)} quota"
    if size < quota:
        return used
    # what the deletions and changes wrote is kept until kube-apiserver's next compaction
    return f"{used}, full: new objects are refused until deletions and compaction free space"


def _mebibytes(size: int) -> str:
    return f"{size / 1024**2:.1f} MiB"


def duration(ms: int) -> str:
    """Milliseconds as Go's time.Duration prints them: 250ms, 4.2s, 5m12.345s, 1h0m0s."""
    if ms < 1000:
        return f"{ms}ms" if ms else "0s"
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds = f"{rest // 1000}" + (f".{rest % 1000:03d}".rstrip("0") if rest % 1000 else "")
    prefix = f"{hours}h{minutes}m" if hours else f"{minutes}m" if minutes else ""
    return f"{prefix}{seconds}s"
