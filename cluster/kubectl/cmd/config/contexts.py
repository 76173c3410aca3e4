"""kubectl config set-context [NAME | --current] and use-context NAME: change the contexts
of the kubeconfig, which the workspace then keeps."""

from __future__ import annotations

from dataclasses import dataclass

from cluster.kubectl import helptexts, kubeconfig
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed


def help_error(ctx: Context, path: str, message: str) -> ExitError:
    """helpErrorf (or Help, then CheckErr): the command's help on stdout, then the error."""
    found = helptexts.text(path)
    ctx.out.write(found or "")
    return ExitError(f"error: {message}")


def _args(args: list[str]) -> str:
    return f"[{' '.join(args)}]"


@dataclass(frozen=True)
class SetContext:
    """Set a context's cluster, user and namespace (those given), creating it if new."""

    FLAGS: tuple[Flag, ...] = (Flag("current", boolean=True),)

    def run(self, ctx: Context, opts: Parsed) -> None:
        if len(opts.args) > 1:
            raise help_error(ctx, "config set-context", f"Unexpected args: {_args(opts.args)}")
        name = opts.args[0] if opts.args else ""
        if not name and not opts.flag("current"):
            raise ExitError("error: you must specify a non-empty context name or --current")
        if name and opts.flag("current"):
            raise ExitError("error: you cannot specify both a context name and --current")
        document = kubeconfig.config(ctx)
        if opts.flag("current"):
            name = document.get("current-context", "")
            if not name:
                raise ExitError("error: no current context is set")
        found = kubeconfig.entry(document, "contexts", name)
        context = dict(found or {"cluster": "", "user": ""})
        for flag, field in (("cluster", "cluster"), ("user", "user"), ("namespace", "namespace")):
            if opts.get(flag) is not None:  # given, even as empty
                context[field] = opts.text(flag)
        if not context.get("namespace"):
            context.pop("namespace", None)
        kubeconfig.put(document, "contexts", name, dict(sorted(context.items())))
        kubeconfig.save(ctx, document)
        ctx.out.write(f'Context "{name}" {"modified" if found is not None else "created"}.\n')


@dataclass(frozen=True)
class UseContext:
    """Make a context the current one."""

    FLAGS: tuple[Flag, ...] = ()

    def run(self, ctx: Context, opts: Parsed) -> None:
        if len(opts.args) != 1:
            raise help_error(ctx, "config use-context", f"Unexpected args: {_args(opts.args)}")
        name = opts.args[0]
        document = kubeconfig.config(ctx)
        if not name:
            raise ExitError("error: empty context names are not allowed")
        if kubeconfig.entry(document, "contexts", name) is None:
            raise ExitError(f'error: no context exists with the name: "{name}"')
        document["current-context"] = name
        kubeconfig.save(ctx, document)
        ctx.out.write(f'Switched to context "{name}".\n')


@dataclass(frozen=True)
class RenameContext:
    """Give a context another name (the current one stays current)."""

    FLAGS: tuple[Flag, ...] = ()

    def run(self, ctx: Context, opts: Parsed) -> None:
        if len(opts.args) != 2:
            path = "config rename-context"
            raise help_error(ctx, path, f"Unexpected args: {_args(opts.args)}")
        old, new = opts.args
        if not new:
            raise ExitError("error: You must specify a new non-empty context name")
        document = kubeconfig.config(ctx)
        context = kubeconfig.entry(document, "contexts", old)
        where = kubeconfig.shown(ctx)
        if context is None:
            raise ExitError(f'error: cannot rename the context "{old}", it\'s not in {where}')
        if kubeconfig.entry(document, "contexts", new) is not None:
            raise ExitError(
                f'error: cannot rename the context "{old}", the context "{new}" already '
                f"exists in {where}"
            )
        kubeconfig.remove(document, "contexts", old)
        kubeconfig.put(document, "contexts", new, context)
        if document.get("current-context") == old:
            document["current-context"] = new
        kubeconfig.save(ctx, document)
        ctx.out.write(f'Context "{old}" renamed to "{new}".\n')


SET_CONTEXT = SetContext()
RENAME_CONTEXT = RenameContext()
USE_CONTEXT = UseContext()
