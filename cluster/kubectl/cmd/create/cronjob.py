"""kubectl create cronjob NAME --image=IMAGE --schedule=CRON [--restart=POLICY] [-- COMMAND].

As for `create job`, the cluster serves no batch/v1 API: the CronJob is built and printed
as kubectl builds it, and the server answers its create with NotFound."""

from __future__ import annotations

from cluster.engine.api.meta import Object
from cluster.kubectl.cmd.create.common import COMMON, fresh_meta, name, submit
from cluster.kubectl.cmd.create.job import BATCH, CRONJOBS
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (*COMMON, Flag("image"), Flag("schedule"), Flag("restart"))
REQUIRED = ("image", "schedule")


def run(ctx: Context, opts: Parsed) -> None:
    missing = '", "'.join(flag for flag in REQUIRED if opts.get(flag) is None)
    if missing:  # cobra checks required flags, in name order, before the command runs
        raise ExitError(f'error: required flag(s) "{missing}" not set')
    cronjob_name = name(opts, "create cronjob")
    container: Object = {"name": cronjob_name, "image": opts.text("image"), "resources": {}}
    if opts.after_dash:
        container["command"] = list(opts.after_dash)
    pod_spec = {"containers": [container], "restartPolicy": opts.text("restart") or "OnFailure"}
    cronjob = {
        "apiVersion": f"{BATCH}/v1",
        "kind": "CronJob",
        "metadata": fresh_meta(cronjob_name),
        "spec": {
            "schedule": opts.text("schedule"),
            "jobTemplate": {
                "metadata": {"name": cronjob_name},
                "spec": {"template": {"metadata": {}, "spec": pod_spec}},
            },
        },
        "status": {},
    }
    submit(ctx, opts, CRONJOBS, cronjob, "failed to create cronjob: ")
