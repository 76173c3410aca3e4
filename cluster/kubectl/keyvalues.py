"""What `kubectl label` and `kubectl annotate` share: telling resources from `key=value`
and `key-` arguments, and changing a metadata map by them (refusing overwrites unless
--overwrite), then sending the change as a JSON merge patch."""

from __future__ import annotations

import copy

from cluster.engine.api.merge import MERGE
from cluster.kubectl import builder, manifests, outcome, threeway
from cluster.kubectl.context import Context, ExitError, server_error
from cluster.kubectl.flags import Flag, Parsed

COMMANDS = {"labels": "label", "annotations": "annotate"}  # which command changes which map
FLAGS = (
    Flag("overwrite", boolean=True),
    Flag("all", boolean=True),
    Flag("all-namespaces", "A", boolean=True),
    Flag("selector", "l"),
    Flag("field-selector"),
    Flag("filename", "f", repeated=True),
    Flag("recursive", "R", boolean=True),
    Flag("resource-version"),
    Flag("local", boolean=True),
    Flag("list", boolean=True),
    Flag("field-manager"),
    outcome.DRY_RUN,
    *outcome.PRINT,
)


def split(args: list[str], what: str) -> tuple[list[str], list[str]]:
    """GetResourcesAndPairs: resources first, then `key=value` / `key-` changes."""
    resources: list[str] = []
    pairs: list[str] = []
    for arg in args:
        change = ("=" in arg and not arg.startswith("=")) or (arg.endswith("-") and arg != "-")
        if change:
            pairs.append(arg)
        elif pairs:
            raise ExitError(f"error: all resources must be specified before {what} changes: {arg}")
        else:
            resources.append(arg)
    return resources, pairs


def change(
    ctx: Context,
    opts: Parsed,
    resources: list[str],
    field: str,
    updates: dict[str, str],
    removals: list[str],
    message: str,
) -> None:
    """Set and remove keys of metadata.`field` on every object; print `KIND/NAME message`
    (label's message depends on what changed: see `labels_message`)."""
    outcome.check_output(opts)
    mode = outcome.dry_run(opts)
    problems = manifests.Problems()
    for info in builder.infos(ctx, opts, resources, problems):
        obj = info.obj
        if opts.text("resource-version"):
            obj["metadata"].pop("resourceVersion", None)
        old = copy.deepcopy(obj)
        current = obj["metadata"].get(field) or {}
        if field == "labels" and mode != "client":
            for key in removals:
                if key not in current:
                    ctx.out.write(f'label "{key}" not found.\n')
        taken = sorted(key for key in updates if key in current)
        if taken and not opts.flag("overwrite"):  # ContinueOnError: the others go on
            problems.add(_overwrites(field, current, taken))
            continue
        values = {**current, **updates}
        for key in removals:
            values.pop(key, None)
        obj["metadata"][field] = values
        if opts.text("resource-version"):
            obj["metadata"]["resourceVersion"] = opts.text("resource-version")
        said = message or labels_message(old, obj, opts.flag("overwrite"))
        if mode != "client":
            patch = threeway.merge_patch(old, obj)
            response = ctx.request(
                "patch",
                info.resource.name,
                info.namespace,
                info.name,
                body=patch,
                content_type=MERGE,
                query=outcome.write_query(opts, mode, f"kubectl-{COMMANDS[field]}"),
            )
            if not response.ok:
                problems.add(server_error(response.body))
                continue
            obj = response.body
        outcome.report(ctx, opts, info.resource, obj, said)
    problems.raise_if_any()


def labels_message(old: dict, new: dict, overwrite: bool) -> str:
    """updateDataChangeMsg: labeled, unlabeled (the object shrank), or not labeled."""
    if old == new:
        return "not labeled"
    if not overwrite and len(threeway.go_json(new)) < len(threeway.go_json(old)):
        return "unlabeled"
    return "labeled"


def _overwrites(field: str, current: dict[str, str], taken: list[str]) -> str:
    """validateNoOverwrites, as label and as annotate word it."""
    if field == "annotations":
        said = "; ".join(f"'{key}' already has a value ({current[key]})" for key in taken)
        return f"error: --overwrite is false but found the following declared annotation(s): {said}"
    said = [
        f"'{key}' already has a value ({current[key]}), and --overwrite is false" for key in taken
    ]
    return "error: " + (said[0] if len(said) == 1 else "[" + ", ".join(said) + "]")


def list_values(ctx: Context, opts: Parsed, resources: list[str], field: str) -> None:
    """--list: each object's labels (or annotations), `key=value` a line; indented under a
    heading when there are several objects."""
    found = builder.infos(ctx, opts, resources)
    for info in found:
        indent = ""
        if len(found) > 1:
            indent = " "
            kind, group = info.resource.kind, info.resource.group
            ctx.out.write(f"Listing {field} for {kind}.{group}/{info.name}:\n")
        for key, value in sorted((info.obj["metadata"].get(field) or {}).items()):
            ctx.out.write(f"{indent}{key}={value}\n")
