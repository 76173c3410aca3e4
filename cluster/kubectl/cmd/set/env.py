"""kubectl set env TYPE NAME KEY=VALUE... KEY-... [-c CONTAINER] [--list]."""

from __future__ import annotations

import copy
import re

from cluster.engine.api import content
from cluster.engine.api.meta import Object
from cluster.engine.node import downward, envvars
from cluster.kubectl import builder, keyvalues, resolve
from cluster.kubectl.cmd.set import common
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    *common.FLAGS,
    Flag("containers", "c", default="*"),
    Flag("env", "e", repeated=True),
    Flag("list", boolean=True),
    Flag("resolve", boolean=True),
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
    for key, _ in pairs:  # parseIntoEnvVar
        errors = content.env_var_name(key)
        if errors:
            raise ExitError(f'error: "{key}" is not a valid key name: {";".join(errors)}')
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
    """Each container's variables; a reference's value with --resolve, and what could not be
    resolved (for each message, the variables it hindered) on stderr."""
    store: dict[tuple[str, str], Object] = {}
    for info in builder.infos(ctx, opts, resources):
        for container in common.containers(common.pod_spec(info.obj), opts.text("containers")):
            ctx.out.write(f"# {info.resource.kind} {info.name}, container {container['name']}\n")
            failed: dict[str, list[str]] = {}
            for var in container.get("env") or []:
                name, source = var["name"], var.get("valueFrom")
                if source is None:
                    ctx.out.write(f"{name}={var.get('value', '')}\n")
                    continue
                if opts.flag("resolve"):
                    try:
                        value = _value(ctx, store, source, info.obj, container)
                    except _Unresolved as error:
                        failed.setdefault(str(error), []).append(name)
                    else:
                        ctx.out.write(f"{name}={value}\n")
                        continue
                ctx.out.write(f"# {name} from {_source(source)}\n")
            for message in sorted(
                f"error retrieving reference for {', '.join(sorted(names))}: {error}"
                for error, names in failed.items()
            ):
                ctx.err.write(f"{message}\n")


class _Unresolved(Exception):
    """A reference GetEnvVarRefValue cannot resolve."""


def _value(
    ctx: Context, store: dict[tuple[str, str], Object], source: Object, obj: Object, c: Object
) -> str:
    """GetEnvVarRefValue: a key of a ConfigMap or Secret of the namespace, a field of the
    object, or a resource of the container."""
    for ref_field, resource, kind in (
        ("secretKeyRef", "secrets", "secret"),
        ("configMapKeyRef", "configmaps", "config map"),
    ):
        if ref_field in source:
            ref = source[ref_field]
            name, key = ref.get("name", ""), ref.get("key", "")
            if (resource, name) not in store:
                response = ctx.request("get", resource, ctx.namespace, name)
                if not response.ok:
                    raise _Unresolved(response.body.get("message", ""))
                store[resource, name] = response.body
            values = dict(envvars.data(resource, store[resource, name]))
            if key not in values:
                raise _Unresolved(f"key {key} not found in {kind} {name}")
            return values[key]
    if "fieldRef" in source:
        return _field(obj, source["fieldRef"].get("fieldPath", ""))
    if "resourceFieldRef" in source:
        try:
            return downward.resource_value(source["resourceFieldRef"], c, {})
        except downward.ResourceFieldError:
            raise _Unresolved(
                f"Unsupported container resource : {source['resourceFieldRef'].get('resource')}"
            ) from None
    raise _Unresolved("invalid valueFrom")


def _field(obj: Object, path: str) -> str:
    """extractFieldPathAsString: the object's name, namespace, uid, labels or annotations
    (whole, or one key of them)."""
    meta = obj.get("metadata") or {}
    whole, _, key = path.removesuffix("']").partition("['")
    if key and path.endswith("']") and whole:
        if whole not in ("metadata.labels", "metadata.annotations"):
            raise _Unresolved(f'fieldPath "{path}" does not support subscript')
        return str((meta.get(whole.partition(".")[2]) or {}).get(key, ""))
    if path in ("metadata.labels", "metadata.annotations"):
        return downward.format_map(meta.get(path.partition(".")[2]) or {})
    if path in ("metadata.name", "metadata.namespace", "metadata.uid"):
        return str(meta.get(path.partition(".")[2], ""))
    raise _Unresolved(f"unsupported fieldPath: {path}")


def _source(value_from: Object) -> str:
    """GetEnvVarRefString."""
    for key, what in (("configMapKeyRef", "configmap"), ("secretKeyRef", "secret")):
        if key in value_from:
            return f"{what} {value_from[key].get('name')}, key {value_from[key].get('key')}"
    if "fieldRef" in value_from:
        return f"field path {value_from['fieldRef'].get('fieldPath')}"
    if "resourceFieldRef" in value_from:
        ref = value_from["resourceFieldRef"]
        container = f"{ref['containerName']}/" if ref.get("containerName") else ""
        return f"resource field {container}{ref.get('resource', '')}"
    return "invalid valueFrom"
