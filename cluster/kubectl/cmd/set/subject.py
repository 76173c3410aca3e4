"""kubectl set subject (TYPE NAME | -f FILE) [--user=U] [--group=G]
[--serviceaccount=NAMESPACE:NAME]: add subjects to RoleBindings and ClusterRoleBindings
(those they already have are not added twice)."""

from __future__ import annotations

from cluster.engine.api.meta import Object
from cluster.kubectl.cmd.set import common
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    *common.FLAGS,
    Flag("user", repeated=True),
    Flag("group", repeated=True),
    Flag("serviceaccount", repeated=True),
)
RBAC = "rbac.authorization.k8s.io"


def run(ctx: Context, opts: Parsed) -> None:
    wanted = _subjects(opts)
    if not wanted:
        raise ExitError(
            "error: you must specify at least one value of user, group or serviceaccount"
        )

    def change(obj: Object) -> None:
        if obj.get("kind") not in ("RoleBinding", "ClusterRoleBinding"):
            raise ValueError(f"is not a RoleBinding or ClusterRoleBinding: *v1.{obj.get('kind')}")
        subjects = obj.setdefault("subjects", [])
        subjects += [s for s in wanted if s not in subjects]

    common.update(ctx, opts, opts.args, change, "subject updated")


def _subjects(opts: Parsed) -> list[Object]:
    """The subjects the flags name, users then groups then service accounts."""
    found = [{"apiGroup": RBAC, "kind": "User", "name": name} for name in opts.list("user")]
    found += [{"apiGroup": RBAC, "kind": "Group", "name": name} for name in opts.list("group")]
    for account in opts.list("serviceaccount"):
        namespace, _, name = account.rpartition(":")
        if not namespace or not name:
            raise ExitError(f"error: serviceaccount must be <namespace>:<name>, got {account}")
        found.append({"kind": "ServiceAccount", "name": name, "namespace": namespace})
    return found
