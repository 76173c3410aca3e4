"""kubectl config view|current-context|get-contexts|get-clusters|get-users, over the built-in
kubectl's notional kubeconfig (see cluster/kubectl/kubeconfig.py). Nothing can change it:
there is no file behind it."""

from __future__ import annotations

from cluster.kubectl.cmd.config import entries, view
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Parsed

FLAGS = ()
SUBCOMMANDS = {
    "view": view,
    "current-context": entries.CURRENT_CONTEXT,
    "get-contexts": entries.GET_CONTEXTS,
    "get-clusters": entries.GET_CLUSTERS,
    "get-users": entries.GET_USERS,
}
USAGE = """Modify kubeconfig files using subcommands like "kubectl config set current-context my-context".

Available Commands:
  current-context   Display the current-context
  get-clusters      Display clusters defined in the kubeconfig
  get-contexts      Describe one or many contexts
  get-users         Display users defined in the kubeconfig
  view              Display merged kubeconfig settings or a specified kubeconfig file
"""


def run(ctx: Context, opts: Parsed) -> None:
    if opts.args:
        raise ExitError(
            f'error: unknown command "{opts.args[0]}" for "kubectl config"\n'
            "See 'kubectl config -h' for help and examples"
        )
    ctx.out.write(USAGE)
