"""kubectl config delete-cluster|delete-context|delete-user NAME: take an entry out of the
kubeconfig."""

from __future__ import annotations

from dataclasses import dataclass

from cluster.kubectl import helptexts, kubeconfig
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

ACTIVE = (
    'warning: this removed your active context, use "kubectl config use-context" to select a '
    "different one\n"
)


@dataclass(frozen=True)
class Delete:
    key: str  # clusters, contexts, users
    FLAGS: tuple[Flag, ...] = ()

    @property
    def what(self) -> str:
        return {"clusters": "cluster", "contexts": "context", "users": "user"}[self.key]

    def run(self, ctx: Context, opts: Parsed) -> None:
        command = f"config delete-{self.what}"
        document = kubeconfig.config(ctx)
        if len(opts.args) != 1:
            if self.key == "users":  # UsageErrorf; the others print their help, and succeed
                raise ExitError(
                    f"error: user to delete is required\nSee 'kubectl {command} -h' for help "
                    "and examples"
                )
            ctx.out.write(helptexts.text(command) or "")
            return
        name = opts.args[0]
        if kubeconfig.entry(document, self.key, name) is None:
            raise ExitError(
                f"error: cannot delete {self.what} {name}, not in {kubeconfig.shown(ctx)}"
            )
        if self.key == "contexts" and document.get("current-context") == name:
            ctx.err.write(ACTIVE)
        kubeconfig.remove(document, self.key, name)
        kubeconfig.save(ctx, document)
        ctx.out.write(f"deleted {self.what} {name} from {kubeconfig.shown(ctx)}\n")


DELETE_CLUSTER = Delete("clusters")
DELETE_CONTEXT = Delete("contexts")
DELETE_USER = Delete("users")
