"""kubectl create: objects from -f, or built by a generator subcommand (create deployment,
create namespace, ...), each in a module of its own."""

from __future__ import annotations

from cluster.kubectl import manifests, outcome
from cluster.kubectl.cmd.create import (
    clusterrole,
    configmap,
    cronjob,
    deployment,
    ingress,
    job,
    namespace,
    poddisruptionbudget,
    priorityclass,
    quota,
    role,
    rolebinding,
    secret,
    service,
    serviceaccount,
    token,
)
from cluster.kubectl.cmd.create.common import COMMON, save_config
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    *COMMON,
    Flag("filename", "f", repeated=True),
    Flag("recursive", "R", boolean=True),
    Flag("edit", boolean=True),
    Flag("selector", "l"),
)
SUBCOMMANDS = {
    "deployment": deployment,
    "deploy": deployment,
    "namespace": namespace,
    "ns": namespace,
    "configmap": configmap,
    "cm": configmap,
    "secret": secret,
    "service": service,
    "svc": service,
    "serviceaccount": serviceaccount,
    "sa": serviceaccount,
    "token": token,
    "priorityclass": priorityclass,
    "pc": priorityclass,
    "quota": quota,
    "resourcequota": quota,
    "role": role.ROLE,
    "clusterrole": clusterrole,
    "rolebinding": rolebinding.ROLE_BINDING,
    "clusterrolebinding": rolebinding.CLUSTER_ROLE_BINDING,
    "job": job,
    "cronjob": cronjob,
    "cj": cronjob,
    "ingress": ingress,
    "ing": ingress,
    "poddisruptionbudget": poddisruptionbudget,
    "pdb": poddisruptionbudget,
}


def run(ctx: Context, opts: Parsed) -> None:
    if opts.args:
        raise ExitError(
            f"error: Unexpected args: [{' '.join(opts.args)}]\n"
            "See 'kubectl create -h' for help and examples"
        )
    if not opts.list("filename"):
        raise ExitError("error: must specify one of -f and -k")
    outcome.check_output(opts)
    mode = outcome.dry_run(opts)
    problems = manifests.Problems()
    created = 0
    for manifest in manifests.read_in_order(ctx, opts):
        if isinstance(manifest, str):
            problems.add(manifest)
            continue
        obj = manifest.obj
        if opts.flag("save-config"):
            obj = save_config(obj)
        if mode == "client":
            outcome.report(ctx, opts, manifest.resource, obj, "created")
            created += 1
            continue
        response = ctx.request(
            "create",
            manifest.resource.name,
            manifest.namespace,
            body=obj,
            query=outcome.write_query(opts, mode),
        )
        if not response.ok:
            problems.add(outcome.with_source(response.body, "creating", manifest.source))
            continue
        created += 1
        outcome.report(ctx, opts, manifest.resource, response.body, "created")
    if not created and not problems.messages:
        raise ExitError("error: no objects passed to create")
    problems.raise_if_any()
