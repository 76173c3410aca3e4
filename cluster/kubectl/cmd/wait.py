"""kubectl wait, and what the commands that wait share (rollout status, delete): their
--timeout, and the words kubectl ends with when it runs out.

The built-in kubectl answers at once: `kubectl wait` looks once, as `--timeout=0` does
(`pod/web condition met`, or `condition not met for pods/web`). In the dashboard's terminal
the waiting is done on the cluster's watches (visualizer/waiting.py), with `met` telling when
an object meets a condition. Timeouts count wall time, as the real kubectl's do: they are the
client's patience, not a time inside the cluster.
"""

from __future__ import annotations

from dataclasses import dataclass

from cluster.engine.api.meta import Object
from cluster.kubectl import builder, flags, jsonpath, manifests, outcome, templates
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    Flag("for", repeated=True),
    Flag("timeout", default="30s"),
    Flag("selector", "l"),
    Flag("field-selector"),
    Flag("all", boolean=True),
    Flag("all-namespaces", "A", boolean=True),
    Flag("filename", "f", repeated=True),
    Flag("recursive", "R", boolean=True),
    *outcome.PRINT,
)
TIMED_OUT = "error: timed out waiting for the condition"
WEEK = 168 * 3600  # "wait forever" is a week to kubectl
MET = "condition met"


@dataclass(frozen=True, slots=True)
class Condition:
    """One --for: `delete`, `create`, `condition=NAME[=VALUE]` or `jsonpath=EXPR[=VALUE]`
    (`value` None: any value will do)."""

    kind: str
    name: str = ""
    value: str | None = None
    path: tuple = ()


def timeout(opts: Parsed, command: str) -> float:
    """--timeout in seconds."""
    return flags.duration(opts, "timeout", command) / 10**9


def conditions(opts: Parsed) -> list[Condition]:
    """--for, each read as conditionFuncFor reads it."""
    found = [_condition(text) for text in opts.list("for")]
    if not found:
        raise ExitError("error: unrecognized condition: []")
    return found


def _condition(text: str) -> Condition:
    if text.lower() in ("delete", "create"):
        return Condition(text.lower())
    if text.startswith("condition="):
        name, equals, value = text.removeprefix("condition=").partition("=")
        return Condition("condition", name, value if equals else "true")
    if text.startswith("jsonpath="):
        return _jsonpath(text.removeprefix("jsonpath="))
    raise ExitError(f'error: unrecognized condition: "{text}"')


def _jsonpath(text: str) -> Condition:
    """`{.status.phase}=Running`: split on the first single `=` (`==` belongs to filters)."""
    parts, at = [""], 0
    while at < len(text):
        if text.startswith("==", at):
            parts[-1] += "=="
            at += 2
            continue
        if text[at] == "=":
            parts.append("")
        else:
            parts[-1] += text[at]
        at += 1
    if len(parts) > 2:
        raise ExitError(
            "error: jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 "
            "or --for=jsonpath='{.status.readyReplicas}'"
        )
    expression = templates.relaxed(parts[0])
    if not expression:
        raise ExitError("error: jsonpath expression cannot be empty")
    value = parts[1].strip("'\"") if len(parts) == 2 else None
    if value == "":
        raise ExitError(
            "error: jsonpath wait has to have a value after equal sign, like "
            "--for=jsonpath='{.status.readyReplicas}'=3"
        )
    try:
        path = tuple(jsonpath.parse(expression))
    except jsonpath.JSONPathError as error:
        raise ExitError(f"error: {error}") from None
    return Condition("jsonpath", expression, value, path)


def met(obj: Object | None, condition: Condition) -> bool:
    """Whether the object (None: there is none) meets the condition now."""
    if condition.kind in ("delete", "create"):
        return (obj is None) == (condition.kind == "delete")
    if obj is None:
        return False
    if condition.kind == "jsonpath":
        return _jsonpath_met(obj, condition)
    return _condition_met(obj, condition)


def _condition_met(obj: Object, condition: Condition) -> bool:
    """The first status condition of one of the names (any case) has the status wanted, and
    was observed at the object's generation."""
    names = [name.lower() for name in condition.name.split(",")]
    status = obj.get("status") or {}
    for found in status.get("conditions") or []:
        if str(found.get("type", "")).lower() not in names or "status" not in found:
            continue
        observed = found.get("observedGeneration", status.get("observedGeneration"))
        generation = obj["metadata"].get("generation")
        if generation is not None and observed is not None and observed < generation:
            return False
        return str(found["status"]).lower() == str(condition.value).lower()
    return False


def _jsonpath_met(obj: Object, condition: Condition) -> bool:
    found = jsonpath.results(list(condition.path), obj)
    if not found or not found[0]:
        return False
    if len(found) > 1:
        raise ExitError("error: given jsonpath expression matches more than one list")
    if len(found[0]) > 1:
        raise ExitError("error: given jsonpath expression matches more than one value")
    if condition.value is None:
        return True
    value = found[0][0]
    if isinstance(value, dict | list):
        raise ExitError("error: jsonpath leads to a nested object or list which is not supported")
    return jsonpath.text(value).strip() == condition.value.strip()


def run(ctx: Context, opts: Parsed) -> None:
    timeout(opts, "wait")
    wanted = conditions(opts)
    kinds = {c.kind for c in wanted}
    # what is missing is what --for=delete wants, and what --for=create waits for
    problems = manifests.Problems() if kinds & {"delete", "create"} else None
    infos = builder.infos(ctx, opts, opts.args, problems)
    if problems is not None and problems.messages and "create" in kinds:
        raise ExitError(TIMED_OUT)
    if not infos and "delete" not in kinds:
        raise ExitError("error: no matching resources found")
    failures = []
    for info in infos:
        for condition in wanted:
            if not met(info.obj, condition):
                failures.append(f"condition not met for {info.object_name}")
                break
            outcome.report(ctx, opts, info.resource, info.obj, MET)
    if len(failures) == 1:
        raise ExitError(f"error: {failures[0]}")
    if failures:  # an aggregate of errors: kubectl says each as it is
        raise ExitError("\n".join(failures))
