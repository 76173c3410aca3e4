"""kubectl debug POD --image=IMAGE: add an ephemeral container to a running pod, through its
`ephemeralcontainers` subresource (debugByEphemeralContainer, with the legacy profile).

The built-in kubectl answers once: with -i (or --attach) the dashboard's terminal attaches to
the new container's shell itself (visualizer/attach_session.py, with `add` here), as the real
kubectl does over the REST API. Copies of pods (--copy-to) and nodes are the real kubectl's.
"""

from __future__ import annotations

import secrets
from typing import TextIO

from cluster.engine.api.merge import STRATEGIC
from cluster.engine.api.meta import Object
from cluster.kubectl.cmd.run import NO_TERMINAL, env_vars
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    Flag("image"),
    Flag("container", "c"),
    Flag("target"),
    Flag("stdin", "i", boolean=True),
    Flag("tty", "t", boolean=True),
    Flag("quiet", "q", boolean=True),
    Flag("attach", boolean=True),
    Flag("image-pull-policy"),
    Flag("env", repeated=True),
    Flag("profile", default="legacy"),
    Flag("arguments-only", boolean=True),
    Flag("copy-to"),
    Flag("replace", boolean=True),
    Flag("same-node", boolean=True),
    Flag("set-image", repeated=True),
)
PULL_POLICIES = ("Always", "IfNotPresent", "Never", "")
SUFFIX_LETTERS = "bcdfghjklmnpqrstvwxz2456789"  # utilrand.String's: no vowels, no 0, 1 or 3
ELSEWHERE = "error: kubectl debug {} is the real kubectl's: this one adds ephemeral containers"


def run(ctx: Context, opts: Parsed) -> None:
    validate(opts, ctx.out)
    if attaches(opts):
        raise ExitError(NO_TERMINAL.format("debug -i attaches"))
    add(ctx, opts, ctx.err)


def validate(opts: Parsed, out: TextIO) -> None:
    """DebugOptions.Validate, with kubectl's words (it says whom it targets on `out`)."""
    if opts.text("copy-to"):
        raise ExitError(ELSEWHERE.format("--copy-to"))
    for flag in ("replace", "same-node"):
        if opts.flag(flag):
            raise ExitError(f"error: --{flag} may only be used with --copy-to.")
    if opts.list("set-image"):
        raise ExitError("error: --set-image may only be used with --copy-to.")
    if not opts.text("image"):
        raise ExitError("error: you must specify --image when not using --copy-to.")
    if not opts.args:
        raise ExitError("error: NAME or filename is required for debug")
    kind = opts.args[0].rpartition("/")[0]
    if kind in ("node", "nodes", "no"):
        raise ExitError(ELSEWHERE.format("node/NAME"))
    if opts.text("image-pull-policy") not in PULL_POLICIES:
        raise ExitError(f"error: invalid image pull policy: {opts.text('image-pull-policy')}")
    target = opts.text("target")
    if target and not opts.flag("quiet"):
        out.write(
            f'Targeting container "{target}". If you don\'t see processes from this container '
            "it may be because the container runtime doesn't support this feature.\n"
        )
    if opts.flag("tty") and not opts.flag("stdin"):
        raise ExitError("error: -i/--stdin is required for containers with -t/--tty=true")


def attaches(opts: Parsed) -> bool:
    """--attach, which -i implies unless --attach is given."""
    return opts.flag("attach") if opts.get("attach") is not None else opts.flag("stdin")


def add(ctx: Context, opts: Parsed, warn: TextIO) -> tuple[Object, str]:
    """Add the ephemeral container to the pod: the pod as patched, and the container's name
    (made up, and said on `warn`, unless --container names it)."""
    name = opts.args[0].rpartition("/")[2]
    pod = ctx.call("get", "pods", ctx.namespace, name)
    container = _ephemeral_container(opts, _name(pod, opts, warn))
    patch = {"spec": {"ephemeralContainers": [container]}}
    patched = ctx.call(
        "patch",
        "pods",
        ctx.namespace,
        name,
        subresource="ephemeralcontainers",
        body=patch,
        content_type=STRATEGIC,
    )
    return patched, container["name"]


def _name(pod: Object, opts: Parsed, warn: TextIO) -> str:
    """computeDebugContainerName: --container, else debugger-XXXXX that no container has."""
    if opts.text("container"):
        return opts.text("container")
    spec = pod["spec"]
    taken = {
        c["name"]
        for key in ("initContainers", "containers", "ephemeralContainers")
        for c in spec.get(key) or ()
    }
    name = ""
    while not name or name in taken:
        name = "debugger-" + "".join(secrets.choice(SUFFIX_LETTERS) for _ in range(5))
    if not opts.flag("quiet"):
        warn.write(f"Defaulting debug container name to {name}.\n")
    return name


def _ephemeral_container(opts: Parsed, name: str) -> Object:
    """generateDebugContainer: the container kubectl sends, field for field."""
    container: Object = {"name": name, "image": opts.text("image"), "resources": {}}
    args = list(opts.args[1:] + opts.after_dash)
    if args:
        container["args" if opts.flag("arguments-only") else "command"] = args
    if opts.list("env"):
        container["env"] = env_vars(opts)
    if opts.text("image-pull-policy"):
        container["imagePullPolicy"] = opts.text("image-pull-policy")
    container["terminationMessagePolicy"] = "File"
    if opts.flag("stdin"):
        container["stdin"] = True
    if opts.flag("tty"):
        container["tty"] = True
    if opts.text("target"):
        container["targetContainerName"] = opts.text("target")
    return container
