"""kubectl set serviceaccount (TYPE NAME | -f FILE) SERVICE_ACCOUNT: the service account of
the pods an object makes (its pod template's serviceAccountName)."""

from __future__ import annotations

from cluster.engine.api.meta import Object
from cluster.kubectl.cmd.set import common
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Parsed

FLAGS = common.FLAGS


def run(ctx: Context, opts: Parsed) -> None:
    if not opts.args:
        raise ExitError("error: serviceaccount is required")
    *resources, account = opts.args

    def change(obj: Object) -> None:
        common.pod_spec(obj)["serviceAccountName"] = account

    common.update(ctx, opts, resources, change, "serviceaccount updated")
