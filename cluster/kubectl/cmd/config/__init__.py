"""kubectl config: the built-in kubectl's kubeconfig (see cluster/kubectl/kubeconfig.py),
read by view, current-context and get-*, changed by set-cluster, set-credentials,
set-context, use-context, rename-context and delete-*."""

from __future__ import annotations

from cluster.kubectl.cmd import groups
from cluster.kubectl.cmd.config import contexts, delete, entries, setters, view
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
    "set-cluster": setters.SET_CLUSTER,
    "set-context": contexts.SET_CONTEXT,
    "set-credentials": setters.SET_CREDENTIALS,
    "use-context": contexts.USE_CONTEXT,
    "use": contexts.USE_CONTEXT,
    "view": view,
}


def run(ctx: Context, opts: Parsed) -> None:
    groups.run_alone(opts, "config")
