"""kubectl set env TYPE NAME KEY=VALUE... KEY-... [-c CONTAINER] [--list]."""

from __future__ import annotations

import copy
import re

from cluster.engine.api.meta import Object
from cluster.kubectl import builder, keyvalues, resolve
from cluster.kubectl.cmd.set import common
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    *common.FLAGS,
    Flag("containers", "c", default="*"),
    Flag("env", "e", repeated=True),
    Flag("list", boolean=True),
    Flag("overwrite", boolean=True, default=True),
    Flag("from"),
    Flag("keys", repeated=True),
    Flag("prefix"),
)
INVALID_IN_NAMES = re.compile(r"[^a-zA-Z0-9_]")


def run(ctx: Context, opts: Parsed) -> None:
    resources, specs = keyvalues.split(opts.args, "env")
    specs += opts.list("env")
    if opts.flag("list"):
        _list(ctx, opts, resources)
        return
    if opts.list("keys") and not opts.text("from"):
        raise ExitError(
            "error: when specifying --keys, a configmap or secret must be provided with --from"
        )
    pairs = [s.split("=", 1) for s in specs if "=" in s]
    additions = [{"name": key, "value": value} for key, value in pairs] + _sourced(ctx, opts)
    for var in additions:
        var["name"] = opts.text("prefix") + var["name"]
    removals = [s[:-1] for s in specs if "=" not in s]
    wanted = opts.text("containers")

    def change(obj: Object) -> None:
        found = common.containers(common.pod_spec(obj), wanted)
        if not found:
            ctx.err.write(
                f"Warning: {obj['kind']}/{obj['metadata']['name']} does not have any containers "
                f'matching "{wanted}"\n'
            )
        for container in found:
            env = [e for e in container.get("env") or [] if e.get("name") not in removals]
            for var in additions:  # updateEnv: a variable of that name is replaced in place
                same = next((e for e in env if e.get("name") == var["name"]), None)
                if same is None:
                    env.append(copy.deepcopy(var))
                else:
                    same.clear()
                    same.update(copy.deepcopy(var))
            if env:
                container["env"] = env
            else:
                container.pop("env", None)

    common.update(ctx, opts, resources, change, "env updated")


def _sourced(ctx: Context, opts: Parsed) -> list[Object]:
    """--from=configmap/NAME or secret/NAME: a variable per key (or per --keys), named after
    it in capitals with what a name cannot hold as `_` (said when that changes it)."""
    if not opts.text("from"):
        return []
    wanted = [key for value in opts.list("keys") for key in value.split(",")]
    found: list[Object] = []
    for resource, name in resolve.targets([opts.text("from")]):
        if resource.kind not in ("ConfigMap", "Secret"):
            raise ExitError("error: unsupported resource specified in --from")
        source = ctx.call("get", resource.name, ctx.namespace, name)
        ref = "configMapKeyRef" if resource.kind == "ConfigMap" else "secretKeyRef"
        # Go ranges over the map in no order; sorted keys are one of its orders
        for key in sorted(source.get("data") or {}):
            if wanted and key not in wanted:
                continue
            env_name = INVALID_IN_NAMES.sub("_", key).upper()
            if env_name != key:
                ctx.err.write(f"Warning: key {key} transferred to {env_name}\n")
            found.append({"name": env_name, "valueFrom": {ref: {"key": key, "name": name}}})
    return found


def _list(ctx: Context, opts: Parsed, resources: list[str]) -> None:
    for info in builder.infos(ctx, opts, resources):
        for container in common.containers(common.pod_spec(info.obj), opts.text("containers")):
            ctx.out.write(f"# {info.resource.kind} {info.name}, container {container['name']}\n")
            for var in container.get("env") or []:
                if "valueFrom" in var:
                    ctx.out.write(f"# {var['name']} from {_source(var['valueFrom'])}\n")
                else:
                    ctx.out.write(f"{var['name']}={var.get('value', '')}\n")


def _source(value_from: Object) -> str:
    for key, what in (("configMapKeyRef", "configmap"), ("secretKeyRef", "secret")):
        if key in value_from:
            return f"{what} {value_from[key].get('name')}, key {value_from[key].get('key')}"
    if "fieldRef" in value_from:
        return f"field path {value_from['fieldRef'].get('fieldPath')}"
    return "resource field"
