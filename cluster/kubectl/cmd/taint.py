"""kubectl taint: add, overwrite and remove taints on nodes (taint.go and utils.go)."""

from __future__ import annotations

from dataclasses import dataclass

from cluster.engine.api import content
from cluster.engine.api.meta import Object
from cluster.kubectl import outcome, resolve
from cluster.kubectl.cmd.cordon import DRY_RUNS, dry_run_suffix
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    Flag("selector", "l"),
    Flag("overwrite", boolean=True),
    Flag("all", boolean=True),
    Flag("dry-run", default="none"),
    *outcome.PRINT,
    Flag("validate", default="strict"),
    Flag("field-manager", default="kubectl-taint"),
)
EFFECTS = ("NoSchedule", "PreferNoSchedule", "NoExecute")
MERGE = "application/merge-patch+json"


@dataclass(frozen=True, slots=True)
class Taint:
    key: str
    value: str = ""
    effect: str = ""

    def __str__(self) -> str:
        """Taint.ToString."""
        if not self.effect:
            return f"{self.key}={self.value}:" if self.value else self.key
        return (
            f"{self.key}={self.value}:{self.effect}" if self.value else f"{self.key}:{self.effect}"
        )

    def matches(self, other: Object) -> bool:
        return self.key == other.get("key") and self.effect == other.get("effect")

    def to_object(self) -> Object:
        taint = {"key": self.key, "effect": self.effect}
        return taint | ({"value": self.value} if self.value else {})


def run(ctx: Context, opts: Parsed) -> None:
    names, specs = _split(opts.args)
    if not names:
        raise ExitError("error: one or more resources must be specified as <resource> <name>")
    if not specs:
        raise ExitError("error: at least one taint update is required")
    try:
        add, remove = parse_taints(specs)
    except ValueError as error:
        raise ExitError(f"error: {error}\nSee 'kubectl taint -h' for help and examples") from None
    _validate(opts, names, add, remove)
    suffix = dry_run_suffix(opts)
    for node in _nodes(ctx, opts, names):
        operation, taints = _updated(opts, node, add, remove)
        name = node["metadata"]["name"]
        if opts.text("dry-run") != "client":
            query = {"dryRun": "All"} if opts.text("dry-run") == "server" else {}
            body = {"spec": {"taints": taints or None}}
            ctx.call("patch", "nodes", "", name, body=body, content_type=MERGE, query=query)
        ctx.out.write(f"node/{name} {operation}{suffix}\n")


def _split(args: list[str]) -> tuple[list[str], list[str]]:
    """Resources first, then taint changes (anything with `=`, `:` or a trailing `-`)."""
    names: list[str] = []
    specs: list[str] = []
    for arg in args:
        if "=" in arg or ":" in arg or arg.endswith("-"):
            specs.append(arg)
        elif specs:
            raise ExitError(f"error: all resources must be specified before taint changes: {arg}")
        else:
            names.append(arg)
    return names, specs


def parse_taints(specs: list[str]) -> tuple[list[Taint], list[Taint]]:
    """parseTaints: the taints to add and those to remove (ValueError: a bad spec)."""
    add: list[Taint] = []
    remove: list[Taint] = []
    for spec in specs:
        if spec.endswith("-"):
            taint = _parse(spec[:-1])
            remove.append(Taint(taint.key, "", taint.effect))
            continue
        taint = _parse(spec)
        if not taint.effect:
            raise ValueError(f"invalid taint spec: {spec}")
        if any(t.key == taint.key and t.effect == taint.effect for t in add):
            raise ValueError(
                f"duplicated taints with the same key and effect: "
                f"{{{taint.key} {taint.value} {taint.effect} <nil>}}"
            )
        add.append(taint)
    return add, remove


def _parse(spec: str) -> Taint:
    """parseTaint: `key=value:effect`, `key:effect` or `key`."""
    parts = spec.split(":")
    if len(parts) > 2:
        raise ValueError(f"invalid taint spec: {spec}")
    key, value, effect = parts[0], "", ""
    if len(parts) == 2:
        effect = parts[1]
        if effect not in EFFECTS:
            raise ValueError(f"invalid taint effect: {effect}, unsupported taint effect")
        pair = parts[0].split("=")
        if len(pair) > 2:
            raise ValueError(f"invalid taint spec: {spec}")
        key = pair[0]
        if len(pair) == 2:
            value = pair[1]
            problems = content.label_value(value)
            if problems:
                raise ValueError(f"invalid taint spec: {spec}, {'; '.join(problems)}")
    problems = content.label_key(key)
    if problems:
        raise ValueError(f"invalid taint spec: {spec}, {'; '.join(problems)}")
    return Taint(key, value, effect)


def _validate(opts: Parsed, names: list[str], add: list[Taint], remove: list[Taint]) -> None:
    kind = resolve.resource(names[0].lower())
    if kind.kind != "Node":
        raise ExitError(
            f"error: invalid resource type {names[0].lower()}, only node types are supported"
        )
    conflicts = [
        f'{{"{r.key}":"{r.effect}"}}'
        for a in add
        for r in remove
        if a.key == r.key and (not r.effect or a.effect == r.effect)
    ]
    if conflicts:
        raise ExitError(
            "error: can not both modify and remove the following taint(s) in the same "
            f"command: {', '.join(conflicts)}"
        )
    if opts.flag("all") and opts.text("selector"):
        raise ExitError("error: setting 'all' parameter with a non empty selector is prohibited")
    if not opts.flag("all") and not opts.text("selector") and len(names) < 2:
        raise ExitError(
            "error: at least one resource name must be specified since 'all' parameter is not set"
        )
    if opts.text("dry-run") not in DRY_RUNS:
        dry_run_suffix(opts)


def _nodes(ctx: Context, opts: Parsed, names: list[str]) -> list[Object]:
    if opts.flag("all") or opts.text("selector"):
        query = {"labelSelector": opts.text("selector")} if opts.text("selector") else {}
        return list(ctx.call("list", "nodes", query=query)["items"])
    return [ctx.call("get", "nodes", "", name) for name in names[1:]]


def _updated(
    opts: Parsed, node: Object, add: list[Taint], remove: list[Taint]
) -> tuple[str, list[Object]]:
    """updateTaints / reorganizeTaints: what the command did and the node's new taints."""
    old = list((node.get("spec") or {}).get("taints") or [])
    name = node["metadata"]["name"]
    if not opts.flag("overwrite"):
        existing = [t.key for t in add for o in old if t.matches(o)]
        if existing:
            raise ExitError(
                f"error: node {name} already has {','.join(existing)} taint(s) with same "
                "effect(s) and --overwrite is false"
            )
    taints = [t.to_object() for t in add]
    taints += [o for o in old if not any(t.matches(o) for t in add)]
    added = len(old) != len(taints)
    missing, deleted = [], False
    for r in remove:
        kept = [
            t
            for t in taints
            if not (r.key == t["key"] and (not r.effect or r.effect == t["effect"]))
        ]
        deleted = len(kept) != len(taints)
        if not deleted:
            missing.append(f'taint "{r}" not found')
        taints = kept
    if missing:
        raise ExitError(
            "error: " + (missing[0] if len(missing) == 1 else f"[{', '.join(missing)}]")
        )
    if (added and deleted) or opts.flag("overwrite"):
        return "modified", taints
    return ("tainted" if added else "untainted"), taints
