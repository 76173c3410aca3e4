"""kubectl run: create a pod from an image."""

from __future__ import annotations

import json
import re

from cluster.engine.api import content, resources
from cluster.engine.api.merge import JSON_PATCH, MERGE, STRATEGIC, PatchError, apply_patch
from cluster.engine.api.meta import Object
from cluster.engine.api.resources import Resource
from cluster.engine.node import reference
from cluster.kubectl import outcome, threeway
from cluster.kubectl.cmd import patch as patch_cmd
from cluster.kubectl.cmd.create.service import SERVICES
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    Flag("image"),
    Flag("restart", default="Always"),
    Flag("labels", "l"),
    Flag("annotations", repeated=True),
    Flag("env", repeated=True),
    Flag("port"),
    Flag("expose", boolean=True),
    Flag("privileged", boolean=True),
    Flag("command", boolean=True),
    outcome.DRY_RUN,
    *outcome.PRINT,
    Flag("image-pull-policy"),
    Flag("overrides"),
    Flag("override-type", default="merge"),
    Flag("field-manager", default="kubectl-run"),
    Flag("save-config", boolean=True),
    Flag("stdin", "i", boolean=True),
    Flag("tty", "t", boolean=True),
    Flag("attach", boolean=True),
    Flag("rm", boolean=True),
    Flag("leave-stdin-open", boolean=True),
    Flag("quiet", "q", boolean=True),
    Flag("pod-running-timeout", default="1m0s"),
    Flag("detach-keys", default="ctrl-p,ctrl-q"),
    # DeleteFlags, for what --rm deletes
    Flag("cascade", default="background"),
    Flag("force", boolean=True),
    Flag("grace-period", default="-1"),
    Flag("timeout", default="0s"),
    Flag("wait", boolean=True),
    Flag("recursive", "R", boolean=True),
)
RESTART_POLICIES = ("Always", "OnFailure", "Never")
PULL_POLICIES = ("Always", "IfNotPresent", "Never")
BAD_JSON_DOCUMENT = "invalid JSON document"  # mergepatch.ErrBadJSONDoc
OVERRIDE_TYPES = {"json": JSON_PATCH, "merge": MERGE, "strategic": STRATEGIC}
NO_TERMINAL = (
    "error: kubectl {} to the container: run it in the dashboard's terminal, or with the "
    "real kubectl"
)


def run(ctx: Context, opts: Parsed) -> None:
    validate(opts)
    if attaches(opts):  # this kubectl answers once: it has no terminal to attach
        raise ExitError(NO_TERMINAL.format("run --attach, -i and -t attach"))
    name = opts.args[0]
    generated = [
        (resources.BY_NAME["pods"], build_pod(name, opts, opts.args[1:] + opts.after_dash))
    ]
    if opts.flag("expose"):
        generated.append((resources.BY_NAME.get("services", SERVICES), build_service(name, opts)))
    mode = outcome.dry_run(opts)
    created, failure = [], ""
    for resource, obj in generated:
        try:
            created.append((resource, _create(ctx, opts, resource, obj, mode)))
        except ExitError as error:
            if not created:  # the pod: nothing else is tried
                raise
            failure = error.message
    for resource, obj in created:
        outcome.report(ctx, opts, resource, obj, "created", typed=True)
    if failure:
        raise ExitError(failure)


def _create(ctx: Context, opts: Parsed, resource: Resource, obj: Object, mode: str) -> Object:
    """createGeneratedObject: sent (with --save-config's annotation), or with
    --dry-run=client only given the namespace kubectl was told to use."""
    if mode == "client":
        if opts.text("namespace"):  # EnforceNamespace
            obj["metadata"]["namespace"] = opts.text("namespace")
        return obj
    if opts.flag("save-config"):
        obj = threeway.with_last_applied(obj, typed=True)
    query = outcome.write_query(opts, mode)
    return ctx.call("create", resource.name, ctx.namespace, body=obj, query=query)


def env_vars(opts: Parsed) -> list[Object]:
    """--env NAME=VALUE, as EnvVars."""
    return [dict(zip(("name", "value"), e.split("=", 1), strict=False)) for e in opts.list("env")]


def validate(opts: Parsed) -> None:
    """What RunOptions.Complete and Validate refuse, in that order and kubectl's words; then
    whether the pod can be built (--overrides applied)."""
    annotations(opts)
    labels(opts)
    _check_envs(opts)
    restart = opts.text("restart")
    if restart not in RESTART_POLICIES:
        raise ExitError(
            f"error: invalid restart policy: {restart}, valid values are: Always, OnFailure, Never"
        )
    pull = opts.text("image-pull-policy")
    if pull and pull not in PULL_POLICIES:
        raise ExitError(
            f"error: invalid image pull policy: {pull}, valid values are: "
            "Always, IfNotPresent, Never"
        )
    outcome.dry_run(opts)
    outcome.check_output(opts)
    if not opts.args:
        raise ExitError(
            "error: NAME is required for run\nSee 'kubectl run -h' for help and examples"
        )
    image = opts.text("image")
    if not image:
        raise ExitError('error: required flag(s) "image" not set')
    if not reference.matches(image):
        raise ExitError(f'error: invalid image name "{image}": {reference.INVALID_FORMAT}')
    if opts.flag("tty") and not opts.flag("stdin"):
        raise ExitError("error: -i/--stdin is required for containers with -t/--tty=true")
    if opts.flag("expose") and not opts.text("port"):
        raise ExitError("error: --port must be set when exposing a service")
    if opts.text("port") and not _is_int(opts.text("port")):
        raise ExitError("error: --port must be a number")
    if opts.flag("rm") and not attaches(opts):
        raise ExitError("error: --rm should only be used for attached containers")
    if attaches(opts) and opts.text("dry-run") != "none":
        raise ExitError(
            "error: --dry-run=[server|client] can't be used with attached containers options "
            "(--attach, --stdin, or --tty)"
        )
    build_pod(opts.args[0], opts, opts.args[1:] + opts.after_dash)


def _is_int(text: str) -> bool:
    """strconv.Atoi: an optional sign and decimal digits."""
    return re.fullmatch(r"[+-]?[0-9]+", text) is not None


def attaches(opts: Parsed) -> bool:
    """--attach, which -i implies unless --attach is given."""
    return opts.flag("attach") if opts.get("attach") is not None else opts.flag("stdin")


def annotations(opts: Parsed) -> dict[str, str]:
    """--annotations KEY=VALUE..., as cmdutil.ParsePairs reads them."""
    pairs = opts.list("annotations")
    invalid = [pair for pair in pairs if "=" not in pair or pair.startswith("=")]
    if invalid:
        raise ExitError(f"error: invalid annotations format: {', '.join(invalid)}")
    return dict(pair.split("=", 1) for pair in pairs)


def labels(opts: Parsed) -> dict[str, str]:
    """parseLabels: --labels as `key=value,...`."""
    found: dict[str, str] = {}
    for spec in opts.text("labels").split(",") if opts.text("labels") else ():
        parts = spec.split("=")
        if len(parts) != 2:
            raise ExitError(f"error: unexpected label spec: {spec}")
        if not parts[0]:
            raise ExitError("error: unexpected empty label key")
        found[parts[0]] = parts[1]
    return found


def _check_envs(opts: Parsed) -> None:
    """parseEnvs: each --env NAME=VALUE, with a valid variable name."""
    for env in opts.list("env"):
        name, found, _ = env.partition("=")
        if not found or content.env_var_name(name):
            raise ExitError(f"error: invalid env: {env}")


def build_pod(name: str, opts: Parsed, args: list[str]) -> Object:
    """The object kubectl run sends, field for field (createPod, then --overrides)."""
    container: Object = {"image": opts.text("image"), "name": name, "resources": {}}
    if args:
        container["command" if opts.flag("command") else "args"] = args
    if opts.list("env"):
        container["env"] = env_vars(opts)
    if opts.text("port"):
        container["ports"] = [{"containerPort": int(opts.text("port"))}]
    if opts.text("image-pull-policy"):
        container["imagePullPolicy"] = opts.text("image-pull-policy")
    if opts.flag("privileged"):
        container["securityContext"] = {"privileged": True}
    if opts.flag("stdin"):
        container["stdin"] = True
        container["stdinOnce"] = not opts.flag("leave-stdin-open")
    if opts.flag("tty"):
        container["tty"] = True
    meta: Object = {"labels": labels(opts) or {"run": name}, "name": name}
    if opts.list("annotations"):
        meta["annotations"] = annotations(opts)
    pod = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": meta,
        "spec": {
            "containers": [container],
            "dnsPolicy": "ClusterFirst",
            "restartPolicy": opts.text("restart"),
        },
        "status": {},
    }
    return _overridden(pod, opts)


def _overridden(pod: Object, opts: Parsed) -> Object:
    """Overrider.Apply: --overrides as a patch of --override-type's kind."""
    text = opts.text("overrides")
    if not text:
        return pod
    kind = opts.text("override-type") or "merge"
    if kind not in OVERRIDE_TYPES:
        raise ExitError(f"error: invalid override type: {kind}")
    try:
        patch = json.loads(text)
    except json.JSONDecodeError as error:
        raise ExitError(f"error: {_malformed(kind, text, error)}") from None
    if kind == "strategic" and not isinstance(patch, dict):
        raise ExitError(f"error: {BAD_JSON_DOCUMENT}")
    try:
        return apply_patch(pod, patch, OVERRIDE_TYPES[kind])
    except PatchError as error:
        raise ExitError(f"error: {error}") from None


def _malformed(kind: str, text: str, error: json.JSONDecodeError) -> str:
    """What each patch library says of --overrides that are not JSON."""
    if kind == "json":
        return patch_cmd.go_json_error(text, error)
    return BAD_JSON_DOCUMENT if kind == "strategic" else "Invalid JSON Patch"


def build_service(name: str, opts: Parsed) -> Object:
    """createService: a ClusterIP Service in front of the pod, for --expose."""
    port = int(opts.text("port"))
    meta: Object = {"name": name}
    if labels(opts):
        meta["labels"] = labels(opts)
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": meta,
        "spec": {
            "ports": [{"port": port, "protocol": "TCP", "targetPort": port}],
            "selector": labels(opts) or {"run": name},
        },
        "status": {"loadBalancer": {}},
    }
