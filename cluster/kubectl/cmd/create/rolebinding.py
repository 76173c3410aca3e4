"""kubectl create rolebinding|clusterrolebinding NAME --role|--clusterrole=ROLE
[--user=U] [--group=G] [--serviceaccount=NAMESPACE:NAME]."""

from __future__ import annotations

from dataclasses import dataclass

from cluster.engine.api import resources
from cluster.engine.api.meta import Object
from cluster.kubectl.cmd.create.common import COMMON, fresh_meta, name, submit
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

RBAC_GROUP = "rbac.authorization.k8s.io"


@dataclass(frozen=True)
class BindingCommand:
    """`create rolebinding` or `create clusterrolebinding`."""

    kind: str
    resource: str
    FLAGS: tuple[Flag, ...]

    def run(self, ctx: Context, opts: Parsed) -> None:
        binding_name = name(opts, f"create {self.kind.lower()}")
        binding: Object = {
            "apiVersion": f"{RBAC_GROUP}/v1",
            "kind": self.kind,
            "metadata": fresh_meta(binding_name),
            "roleRef": self._role_ref(opts),
        }
        subjects = _subjects(opts)
        if subjects:
            binding["subjects"] = subjects
        failed = f"failed to create {self.kind.lower()}: "
        submit(ctx, opts, resources.BY_NAME[self.resource], binding, failed)

    def _role_ref(self, opts: Parsed) -> Object:
        role, cluster_role = opts.text("role"), opts.text("clusterrole")
        if self.kind == "ClusterRoleBinding":
            if not cluster_role:
                raise ExitError('error: required flag(s) "clusterrole" not set')
            return {"apiGroup": RBAC_GROUP, "kind": "ClusterRole", "name": cluster_role}
        if bool(role) == bool(cluster_role):
            raise ExitError("error: exactly one of clusterrole or role must be specified")
        kind = "Role" if role else "ClusterRole"
        return {"apiGroup": RBAC_GROUP, "kind": kind, "name": role or cluster_role}


def _subjects(opts: Parsed) -> list[Object]:
    subjects: list[Object] = [
        {"apiGroup": RBAC_GROUP, "kind": kind, "name": value}
        for flag, kind in (("user", "User"), ("group", "Group"))
        for value in opts.list(flag)
    ]
    for account in opts.list("serviceaccount"):
        namespace, sep, account_name = account.partition(":")
        if not sep or not namespace or not account_name or ":" in account_name:
            raise ExitError("error: serviceaccount must be <namespace>:<name>")
        subjects.append({"kind": "ServiceAccount", "name": account_name, "namespace": namespace})
    return subjects


_FLAGS = (
    *COMMON,
    Flag("clusterrole"),
    Flag("user", repeated=True),
    Flag("group", repeated=True),
    Flag("serviceaccount", repeated=True),
)
ROLE_BINDING = BindingCommand("RoleBinding", "rolebindings", (*_FLAGS, Flag("role")))
CLUSTER_ROLE_BINDING = BindingCommand("ClusterRoleBinding", "clusterrolebindings", _FLAGS)
