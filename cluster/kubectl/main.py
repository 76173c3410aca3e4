"""kubectl's entry point: find the command, parse its flags, run it, report errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from types import ModuleType

from cluster.engine.apiserver.request import Credential
from cluster.kubectl import helptexts, kubeconfig, templates
from cluster.kubectl.cmd import (
    annotate,
    api_resources,
    api_versions,
    apply,
    attach,
    auth,
    autoscale,
    cluster_info,
    config,
    cordon,
    cp,
    create,
    debug,
    delete,
    describe,
    diff,
    drain,
    edit,
    events,
    explain,
    expose,
    get,
    lab,
    label,
    logs,
    options,
    patch,
    replace,
    rollout,
    run,
    scale,
    taint,
    top,
    uncordon,
    version,
    wait,
)
from cluster.kubectl.cmd import exec as exec_
from cluster.kubectl.cmd import set as set_
from cluster.kubectl.context import Context, ExitError, Lab, Result, Transport, interleaved
from cluster.kubectl.flags import GLOBAL, Flag, Parsed, parse

# in the order kubectl adds them to its root command, which is the order it suggests them in
COMMANDS: dict[str, ModuleType] = {
    "create": create,
    "expose": expose,
    "run": run,
    "set": set_,
    "explain": explain,
    "get": get,
    "edit": edit,
    "delete": delete,
    "rollout": rollout,
    "scale": scale,
    "autoscale": autoscale,
    "cluster-info": cluster_info,
    "top": top,
    "cordon": cordon,
    "uncordon": uncordon,
    "drain": drain,
    "taint": taint,
    "describe": describe,
    "logs": logs,
    "attach": attach,
    "exec": exec_,
    "cp": cp,
    "auth": auth,
    "debug": debug,
    "events": events,
    "diff": diff,
    "apply": apply,
    "patch": patch,
    "replace": replace,
    "wait": wait,
    "label": label,
    "annotate": annotate,
    "config": config,
    "version": version,
    "api-versions": api_versions,
    "api-resources": api_resources,
    "options": options,
    "lab": lab,
}

# kubectl's commands the built-in one, which runs inside KubeLab, does not have, and why
_CANNOT = "error: the built-in kubectl cannot "
NOT_HERE = {
    "port-forward": f"{_CANNOT}forward ports: it cannot listen on your machine; the real "
    "kubectl's `kubectl port-forward`, with the kubeconfig `kubelab kubeconfig` prints, does",
    "proxy": f"{_CANNOT}serve a proxy on your machine: the real kubectl's `kubectl proxy`, with "
    "the kubeconfig `kubelab kubeconfig` prints, serves the cluster's API there",
    "kustomize": f"{_CANNOT}build kustomizations: run `kubectl kustomize DIR` on your machine "
    "and apply what it prints",
    "completion": f"{_CANNOT}write shell completion scripts: the terminal completes with Tab",
    "plugin": f"{_CANNOT}list plugins: `kubectl lab` is built in",
    "alpha": f"{_CANNOT}run alpha commands",
    # what the real one says here, where no certificate signing requests are served
    "certificate": 'error: the server doesn\'t have a resource type "certificatesigningrequests"',
}
Runner = Callable[[Context], None]
# commands that run without loading the kubeconfig: config reads it itself; lab is KubeLab's
OWN_CONFIG = ("config", "options", "lab")


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
            ctx.err.write(error.message if error.message.endswith("\n") else error.message + "\n")
        code = error.code
    chunks = interleaved(ctx.transcript)
    return Result(ctx.out.getvalue(), ctx.err.getvalue(), code, ctx.written, chunks)


def copied_paths(argv: list[str]) -> tuple[str, str]:
    """The local file `kubectl cp` copies in (to read) and the one it copies out to (where
    it writes), "" for none; neither for other commands."""
    index = _command_index(argv)
    if index is None or argv[index] != "cp":
        return "", ""
    try:
        opts = parse(argv[:index] + argv[index + 1 :], cp.FLAGS, "cp")
    except ExitError:
        return "", ""
    if len(opts.args) != 2 or (":" in opts.args[0]) == (":" in opts.args[1]):
        return "", ""
    source, destination = opts.args
    return ("", destination) if ":" in source else (source, "")


def _command_index(argv: list[str], flags: tuple[Flag, ...] = GLOBAL) -> int | None:
    """Where the command word is: the first argument that is not a flag or its value."""
    return next(iter(_command_words(argv, flags)), None)


def _command_words(argv: list[str], flags: tuple[Flag, ...]) -> list[int]:
    """Where the words that may name commands are: the arguments before `--` that are not
    flags or their values. As in cobra's search for the command, -h and --help take a value
    here: the help flag is defined only once the command is found."""
    takes_value = {f"--{f.name}" for f in flags if not f.boolean} | {"--help", "-h"}
    takes_value |= {f"-{f.short}" for f in flags if f.short and not f.boolean}
    words, i = [], 0
    while i < len(argv) and argv[i] != "--":
        if not argv[i].startswith("-"):
            words.append(i)
        i += 2 if argv[i] in takes_value else 1
    return words


def _dispatch(ctx: Context, argv: list[str]) -> None:
    index = _command_index(argv)
    if index is None:  # `kubectl`, `kubectl --help`: what kubectl is, once its flags parse
        parse(argv, (), "")
        ctx.out.write(helptexts.find("", []))
        return
    name = argv[index]
    argv = argv[:index] + argv[index + 1 :]
    commands = _commands(ctx)
    if name == "help":
        _help(ctx, parse(argv, (), name), commands)
        return
    command = commands.get(name)
    if command is None and name in NOT_HERE:
        raise ExitError(NOT_HERE[name])
    if command is None:
        raise ExitError(
            f'error: unknown command "{name}" for "kubectl"{_suggestions(name, commands)}'
        )
    # `create deployment`, `rollout status`: a subcommand has its own flags and usage
    subcommands: dict[str, ModuleType] = getattr(command, "SUBCOMMANDS", {})
    sub = _command_index(argv, (*GLOBAL, *command.FLAGS)) if subcommands else None
    if sub is not None and argv[sub] in subcommands:
        command = subcommands[argv[sub]]
        # cobra's CommandPath: the subcommand's own name (the first listed), not the alias typed
        own = next(word for word, found in subcommands.items() if found is command)
        name = f"{name} {own}"
        argv = argv[:sub] + argv[sub + 1 :]
    opts = parse(argv, command.FLAGS, name)
    if any(flag.name == "template" for flag in command.FLAGS):  # kubectl's print flags
        templates.read_template_file(opts, ctx.files)
    if opts.flag("help"):  # as cobra's: once the flags parse, help wins over what else is wrong
        words = _command_words(argv, (*GLOBAL, *command.FLAGS))
        ctx.out.write(helptexts.find(name, [argv[i] for i in words]))
        return
    ctx.kubeconfig = opts.text("kubeconfig")
    if name.split()[0] not in OWN_CONFIG and not (name == "version" and opts.flag("client")):
        kubeconfig.apply(ctx, opts.text("context"))
        if opts.text("token"):  # it replaces the kubeconfig's credential, as the real one's does
            ctx.credential = Credential("token", opts.text("token"))
    if opts.text("namespace"):
        ctx.namespace = opts.text("namespace")
    ctx.impersonate_user, ctx.impersonate_groups = opts.text("as"), tuple(opts.list("as-group"))
    ctx.impersonate_uid = opts.text("as-uid")
    command.run(ctx, opts)


def _commands(ctx: Context) -> dict[str, ModuleType]:
    """The commands this kubectl has: `lab` only where there is a lab, as the real kubectl
    has it only with the kubectl-lab plugin."""
    return COMMANDS if ctx.lab else {k: v for k, v in COMMANDS.items() if v is not lab}


def _help(ctx: Context, opts: Parsed, commands: dict[str, ModuleType]) -> None:
    """`kubectl help [COMMAND [SUBCOMMAND]]`: the help of the command the words name."""
    if opts.flag("help") or opts.args[:1] == ["help"]:
        ctx.out.write(helptexts.find("help", []))
    elif not opts.args:
        ctx.out.write(helptexts.find("", []))
    elif opts.args[0] in commands:
        ctx.out.write(helptexts.find(opts.args[0], opts.args[1:]))
    else:  # cobra's %#q of the words, then kubectl's usage, on stderr, and no failure
        topics = " ".join(f"`{a}`" if _backquotable(a) else json.dumps(a) for a in opts.args)
        ctx.err.write(f"Unknown help topic [{topics}]\n{helptexts.printed(helptexts.USAGE)}")


def _suggestions(typed: str, commands: dict[str, ModuleType]) -> str:
    """cobra's "Did you mean this?": the commands the typed word begins, or is at most two
    edits from, ignoring case."""
    typed = typed.lower()
    found = [n for n in commands if n.startswith(typed) or _distance(typed, n) <= 2]
    if not found:
        return ""
    return "\n\nDid you mean this?\n" + "".join(f"\t{n}\n" for n in found)


def _distance(a: str, b: str) -> int:
    """Levenshtein's distance: the fewest insertions, deletions and substitutions."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]


def _backquotable(text: str) -> bool:
    return "`" not in text and all(c == "\t" or c.isprintable() for c in text)
