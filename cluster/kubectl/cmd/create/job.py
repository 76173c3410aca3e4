"""kubectl create job NAME --image=IMAGE [-- COMMAND], or --from=cronjob/NAME.

kubectl builds the Job as it does anywhere (and prints it with --dry-run=client). KubeLab's
cluster serves Jobs but no CronJobs, so --from finds no CronJob to make one from."""

from __future__ import annotations

from cluster.engine.api.meta import Object
from cluster.engine.api.resources import Resource
from cluster.kubectl import builder
from cluster.kubectl.cmd.create.common import COMMON, fresh_meta, name, submit
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

BATCH = "batch"
# kubectl knows these types of its own: the server need not serve them
JOBS = Resource("jobs", "Job", True, BATCH)
CRONJOBS = Resource("cronjobs", "CronJob", True, BATCH)

FLAGS = (*COMMON, Flag("image"), Flag("from"))
INSTANTIATE = "cronjob.kubernetes.io/instantiate"


def run(ctx: Context, opts: Parsed) -> None:
    job_name = name(opts, "create job")
    image, source = opts.text("image"), opts.text("from")
    if bool(image) == bool(source):
        raise ExitError("error: either --image or --from must be specified")
    if opts.after_dash and source:
        raise ExitError("error: cannot specify --from and command")
    if source:
        job = _from_cron_job(ctx, opts, job_name)
    else:
        job = template_job(job_name, image, list(opts.after_dash))
    submit(ctx, opts, JOBS, job, "failed to create job: ")


def template_job(job_name: str, image: str, command: list[str]) -> Object:
    """createJob: one container named as the Job, never restarted."""
    container: Object = {"name": job_name, "image": image, "resources": {}}
    if command:
        container["command"] = command
    return {
        "apiVersion": f"{BATCH}/v1",
        "kind": "Job",
        "metadata": fresh_meta(job_name),
        "spec": {
            "template": {
                "metadata": {},
                "spec": {"containers": [container], "restartPolicy": "Never"},
            }
        },
        "status": {},
    }


def _from_cron_job(ctx: Context, opts: Parsed, job_name: str) -> Object:
    """createJobFromCronJob: the CronJob's job template, run now by hand, controlled by the
    CronJob (without blockOwnerDeletion, which would need the cronjobs/finalizers right)."""
    found = builder.infos(ctx, opts, [opts.text("from")])
    if len(found) != 1:
        raise ExitError("error: from must be an existing cronjob")
    resource, cron_job = found[0].resource, found[0].obj
    if resource.kind != "CronJob":
        raise ExitError(f"error: unknown object type *{resource.version}.{resource.kind}")
    template = cron_job["spec"].get("jobTemplate") or {}
    template_meta = template.get("metadata") or {}
    annotations = {INSTANTIATE: "manual", **(template_meta.get("annotations") or {})}
    owner = {
        "apiVersion": f"{BATCH}/v1",
        "kind": "CronJob",
        "name": cron_job["metadata"]["name"],
        "uid": cron_job["metadata"]["uid"],
        "controller": True,
    }
    meta = fresh_meta(job_name, annotations=annotations, ownerReferences=[owner])
    if template_meta.get("labels"):
        meta["labels"] = template_meta["labels"]
    return {
        "apiVersion": f"{BATCH}/v1",
        "kind": "Job",
        "metadata": meta,
        "spec": template.get("spec") or {},
        "status": {},
    }
