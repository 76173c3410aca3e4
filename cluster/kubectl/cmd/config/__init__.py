"""kubectl config: the built-in kubectl's kubeconfig (see cluster/kubectl/kubeconfig.py),
read by view, current-context and get-*, changed by set-context, use-context,
rename-context and delete-*."""

from __future__ import annotations

from cluster.kubectl.cmd import groups
from cluster.kubectl.cmd.config import contexts, delete, entries, view
from cluster.kubectl.context import Context
from cluster.kubectl.flags import Parsed

FLAGS = ()
SUBCOMMANDS = {
    "current-context": entries.CURRENT_CONTEXT,
    "delete-cluster": delete.DELETE_CLUSTER,
    "delete-context": delete.DELETE_CONTEXT,
    "delete-user": delete.DELETE_USER,
    "get-clusters": entries.GET_CLUSTERS,
    "get-contexts": entries.GET_CONTEXTS,
    "get-users": entries.GET_USERS,
    "rename-context": contexts.RENAME_CONTEXT,
    "set-context": contexts.SET_CONTEXT,
    "use-context": contexts.USE_CONTEXT,
    "use": contexts.USE_CONTEXT,
    "view": view,
}


def run(ctx: Context, opts: Parsed) -> None:
    groups.run_alone(opts, "config")
