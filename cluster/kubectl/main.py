"""kubectl's entry point: find the command, parse its flags, run it, report errors."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

from cluster.engine.apiserver.request import Credential
from cluster.kubectl.cmd import (
    annotate,
    api_resources,
    api_versions,
    apply,
    auth,
    cluster_info,
    config,
    cordon,
    create,
    delete,
    describe,
    drain,
    edit,
    events,
    explain,
    expose,
    get,
    lab,
    label,
    logs,
    rollout,
    run,
    scale,
    taint,
    top,
    uncordon,
    version,
)
from cluster.kubectl.cmd import exec as exec_
from cluster.kubectl.cmd import set as set_
from cluster.kubectl.context import Context, ExitError, Lab, Result, Transport
from cluster.kubectl.flags import GLOBAL, Flag, parse

COMMANDS: dict[str, ModuleType] = {
    "get": get,
    "run": run,
    "delete": delete,
    "version": version,
    "lab": lab,
    "logs": logs,
    "exec": exec_,
    "cordon": cordon,
    "uncordon": uncordon,
    "drain": drain,
    "taint": taint,
    "api-resources": api_resources,
    "api-versions": api_versions,
    "auth": auth,
    "config": config,
    "cluster-info": cluster_info,
    "events": events,
    "explain": explain,
    "top": top,
    "describe": describe,
    "create": create,
    "apply": apply,
    "edit": edit,
    "scale": scale,
    "expose": expose,
    "rollout": rollout,
    "set": set_,
    "label": label,
    "annotate": annotate,
}

Runner = Callable[[Context], None]


def kubectl(
    argv: list[str],
    transport: Transport,
    credential: Credential | None,
    *,
    stdin: str = "",
    now: int = 0,
    lab: Lab | None = None,
    files: dict[str, str] | None = None,
) -> Result:
    """Run `kubectl ARGV` (without the word kubectl) and return what it printed; `lab`
    reaches KubeLab's own controls for `kubectl lab`; `files` are the files it can read."""
    ctx = Context(transport, credential, now=now, stdin=stdin, lab=lab, files=files or {})
    try:
        _dispatch(ctx, argv)
        code = 0
    except ExitError as error:
        if error.message:
            ctx.err.write(error.message.rstrip("\n") + "\n")
        code = error.code
    return Result(ctx.out.getvalue(), ctx.err.getvalue(), code)


def _command_index(argv: list[str], flags: tuple[Flag, ...] = GLOBAL) -> int | None:
    """Where the command word is: the first argument that is not a flag or its value."""
    takes_value = {f"--{f.name}" for f in flags if not f.boolean}
    takes_value |= {f"-{f.short}" for f in flags if f.short and not f.boolean}
    i = 0
    while i < len(argv):
        if not argv[i].startswith("-"):
            return i
        i += 2 if argv[i] in takes_value else 1
    return None


def _dispatch(ctx: Context, argv: list[str]) -> None:
    index = _command_index(argv)
    if index is None:
        ctx.out.write(
            "kubectl controls the Kubernetes cluster manager.\n\n"
            f"Available commands: {', '.join(sorted(COMMANDS))}\n"
        )
        return
    name = argv[index]
    command = COMMANDS.get(name)
    if command is None:
        raise ExitError(f'error: unknown command "{name}" for "kubectl"')
    argv = argv[:index] + argv[index + 1 :]
    # `create deployment`, `rollout status`: a subcommand has its own flags and usage
    subcommands: dict[str, ModuleType] = getattr(command, "SUBCOMMANDS", {})
    sub = _command_index(argv, (*GLOBAL, *command.FLAGS)) if subcommands else None
    if sub is not None and argv[sub] in subcommands:
        command, name = subcommands[argv[sub]], f"{name} {argv[sub]}"
        argv = argv[:sub] + argv[sub + 1 :]
    opts = parse(argv, command.FLAGS, name)
    if opts.text("namespace"):
        ctx.namespace = opts.text("namespace")
    ctx.impersonate_user, ctx.impersonate_groups = opts.text("as"), tuple(opts.list("as-group"))
    if opts.text("token"):  # --token replaces the kubeconfig's credential, as the real one's does
        ctx.credential = Credential("token", opts.text("token"))
    command.run(ctx, opts)
