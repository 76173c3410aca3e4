"""kubectl config current-context, get-contexts, get-clusters and get-users: what the
kubeconfig names."""

from __future__ import annotations

from dataclasses import dataclass

from cluster.kubectl import kubeconfig, printers
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed


@dataclass(frozen=True)
class CurrentContext:
    """kubectl config current-context."""

    FLAGS: tuple[Flag, ...] = ()

    def run(self, ctx: Context, opts: Parsed) -> None:
        current = kubeconfig.config(ctx).get("current-context", "")
        if not current:
            raise ExitError("error: current-context is not set")
        ctx.out.write(f"{current}\n")


@dataclass(frozen=True)
class Names:
    """kubectl config get-clusters|get-users: the entries' names under a NAME header."""

    key: str
    FLAGS: tuple[Flag, ...] = ()

    def run(self, ctx: Context, opts: Parsed) -> None:
        found = kubeconfig.names(kubeconfig.config(ctx), self.key)
        ctx.out.write("NAME\n" + "".join(f"{name}\n" for name in found))


@dataclass(frozen=True)
class Contexts:
    """kubectl config get-contexts [NAME...]."""

    FLAGS: tuple[Flag, ...] = (Flag("output", "o"), Flag("no-headers", boolean=True))

    def run(self, ctx: Context, opts: Parsed) -> None:
        output = opts.text("output")
        if output not in ("", "name"):
            raise ExitError(
                f"error: --output {output} is not available in kubectl config get-contexts; "
                "resetting to default output format"
            )
        document = kubeconfig.config(ctx)
        known = kubeconfig.names(document, "contexts")
        wanted = [name for name in known if name in opts.args] if opts.args else known
        if output == "name":
            ctx.out.write("".join(f"{name}\n" for name in wanted))
        else:
            header = ["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"]
            rows = [] if opts.flag("no-headers") else [header]
            for name in wanted:
                found = kubeconfig.entry(document, "contexts", name) or {}
                current = "*" if name == document.get("current-context") else ""
                fields = (found.get(key, "") for key in ("cluster", "user", "namespace"))
                rows.append([current, name, *fields])
            ctx.out.write(printers.tabulate(rows))
        missing = [name for name in opts.args if name not in known]
        if missing:
            raise ExitError("\n".join(f"error: context {name} not found" for name in missing))


CURRENT_CONTEXT = CurrentContext()
GET_CONTEXTS = Contexts()
GET_CLUSTERS = Names("clusters")
GET_USERS = Names("users")
