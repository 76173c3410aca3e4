"""kubectl config current-context, get-contexts, get-clusters and get-users: what the
kubeconfig names."""

from __future__ import annotations

from dataclasses import dataclass

from cluster.kubectl import kubeconfig, printers
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed


@dataclass(frozen=True)
class Names:
    """A command that prints one name under a NAME header (or alone)."""

    name: str
    header: bool = True
    FLAGS: tuple[Flag, ...] = ()

    def run(self, ctx: Context, opts: Parsed) -> None:
        ctx.out.write(f"NAME\n{self.name}\n" if self.header else f"{self.name}\n")


@dataclass(frozen=True)
class Contexts:
    """kubectl config get-contexts [NAME]."""

    FLAGS: tuple[Flag, ...] = (Flag("output", "o"), Flag("no-headers", boolean=True))

    def run(self, ctx: Context, opts: Parsed) -> None:
        missing = [name for name in opts.args if name != kubeconfig.CONTEXT]
        if missing:
            raise ExitError(f"error: context {missing[0]} not found")
        output = opts.text("output")
        if output not in ("", "name"):
            raise ExitError(f"error: output must be one of '' or 'name': {output}")
        if output == "name":
            ctx.out.write(f"{kubeconfig.CONTEXT}\n")
            return
        header = ["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"]
        rows = [] if opts.flag("no-headers") else [header]
        rows.append(["*", kubeconfig.CONTEXT, kubeconfig.CLUSTER, kubeconfig.USER, ""])
        ctx.out.write(printers.tabulate(rows))


CURRENT_CONTEXT = Names(kubeconfig.CONTEXT, header=False)
GET_CONTEXTS = Contexts()
GET_CLUSTERS = Names(kubeconfig.CLUSTER)
GET_USERS = Names(kubeconfig.USER)
