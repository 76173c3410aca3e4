"""kubectl set env TYPE NAME KEY=VALUE... KEY-... [-c CONTAINER] [--list]."""

from __future__ import annotations

from cluster.engine.api.meta import Object
from cluster.kubectl import builder, keyvalues
from cluster.kubectl.cmd.set import common
from cluster.kubectl.context import Context
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    *common.FLAGS,
    Flag("containers", "c", default="*"),
    Flag("env", "e", repeated=True),
    Flag("list", boolean=True),
    Flag("overwrite", boolean=True, default=True),
)


def run(ctx: Context, opts: Parsed) -> None:
    resources, specs = keyvalues.split(opts.args, "env")
    specs += opts.list("env")
    if opts.flag("list"):
        _list(ctx, opts, resources)
        return
    updates = dict(s.split("=", 1) for s in specs if "=" in s)
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
            for key, value in updates.items():
                same = next((e for e in env if e.get("name") == key), None)
                if same is None:
                    env.append({"name": key, "value": value})
                else:
                    same.clear()
                    same.update({"name": key, "value": value})
            if env:
                container["env"] = env
            else:
                container.pop("env", None)

    common.update(ctx, opts, resources, change, "env updated")


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
