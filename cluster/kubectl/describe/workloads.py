"""describeReplicaSet, describeReplicationController, describeDeployment, describeDaemonSet,
describeStatefulSet, describeJob and describeCronJob."""

from __future__ import annotations

from collections.abc import Mapping

from cluster.engine.api import duration, labels, quantity
from cluster.engine.api.meta import Object, parse_timestamp
from cluster.engine.api.storage import storage_class_of
from cluster.kubectl.context import Context
from cluster.kubectl.describe import lookup, pods, writer
from cluster.kubectl.describe.writer import PrefixWriter

REVISION = "deployment.kubernetes.io/revision"


def describe_replicaset(
    ctx: Context, w: PrefixWriter, rs: Object, events: list[Object] | None
) -> None:
    spec = rs.get("spec") or {}
    selector = spec.get("selector")
    _replicas_heading(w, rs, labels.format_label_selector(selector))
    controller = writer.controller_of(rs)
    if controller:
        w.write(0, f"Controlled By:\t{controller}\n")
    match_labels = (selector or {}).get("matchLabels")
    _replicas_body(ctx, w, rs, events, match_labels, spec.get("template") or {})


def describe_replication_controller(
    ctx: Context, w: PrefixWriter, rc: Object, events: list[Object] | None
) -> None:
    spec = rc.get("spec") or {}
    selector = spec.get("selector") or {}
    _replicas_heading(w, rc, labels.format_labels(selector))
    _replicas_body(ctx, w, rc, events, selector, spec.get("template"))


def _replicas_heading(w: PrefixWriter, obj: Object, selector: str) -> None:
    """What describeReplicaSet and describeReplicationController open with."""
    meta = obj["metadata"]
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    w.write(0, f"Selector:\t{selector}\n")
    writer.labels_multiline(w, "Labels", meta.get("labels"))
    writer.annotations_multiline(w, "Annotations", meta.get("annotations"))


def _replicas_body(
    ctx: Context,
    w: PrefixWriter,
    obj: Object,
    events: list[Object] | None,
    match_labels: Mapping[str, str] | None,
    template: Object | None,
) -> None:
    """Their replica counts, pods' phases, template, conditions and events."""
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    w.write(
        0, f"Replicas:\t{status.get('replicas', 0)} current / {spec.get('replicas', 0)} desired\n"
    )
    owned = lookup.owned_pods(ctx, obj, match_labels)
    w.write(0, f"Pods Status:\t{lookup.pod_phases(owned)}\n")
    pods.pod_template(w, template)
    _conditions(w, status.get("conditions"))
    writer.events_section(w, events)


def describe_deployment(
    ctx: Context, w: PrefixWriter, d: Object, events: list[Object] | None
) -> None:
    meta, spec, status = d["metadata"], d.get("spec") or {}, d.get("status") or {}
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    w.write(0, f"CreationTimestamp:\t{writer.rfc1123z(meta.get('creationTimestamp'))}\n")
    writer.labels_multiline(w, "Labels", meta.get("labels"))
    writer.annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Selector:\t{labels.format_label_selector(spec.get('selector'))}\n")
    w.write(
        0,
        f"Replicas:\t{spec.get('replicas', 0)} desired | {status.get('updatedReplicas', 0)} updated"
        f" | {status.get('replicas', 0)} total | {status.get('availableReplicas', 0)} available"
        f" | {status.get('unavailableReplicas', 0)} unavailable\n",
    )
    strategy = spec.get("strategy") or {}
    w.write(0, f"StrategyType:\t{strategy.get('type', '')}\n")
    w.write(0, f"MinReadySeconds:\t{spec.get('minReadySeconds', 0)}\n")
    rolling = strategy.get("rollingUpdate")
    if rolling is not None:
        w.write(
            0,
            f"RollingUpdateStrategy:\t{rolling.get('maxUnavailable', '')} max unavailable, "
            f"{rolling.get('maxSurge', '')} max surge\n",
        )
    pods.pod_template(w, spec.get("template") or {})
    _conditions(w, status.get("conditions"))
    old, new = replica_sets(ctx, d)
    if old or new:
        w.write(0, f"OldReplicaSets:\t{_by_labels(old)}\n")
        w.write(0, f"NewReplicaSet:\t{_by_labels(new)}\n")
    writer.events_section(w, events)


def describe_daemon_set(
    ctx: Context, w: PrefixWriter, ds: Object, events: list[Object] | None
) -> None:
    meta, spec, status = ds["metadata"], ds.get("spec") or {}, ds.get("status") or {}
    template = spec.get("template") or {}
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    _selector(w, spec.get("selector"))
    node_selector = labels.format_labels((template.get("spec") or {}).get("nodeSelector"))
    w.write(0, f"Node-Selector:\t{node_selector}\n")
    writer.labels_multiline(w, "Labels", meta.get("labels"))
    writer.annotations_multiline(w, "Annotations", meta.get("annotations"))
    for title, count in (
        ("Desired Number of Nodes Scheduled", "desiredNumberScheduled"),
        ("Current Number of Nodes Scheduled", "currentNumberScheduled"),
        ("Number of Nodes Scheduled with Up-to-date Pods", "updatedNumberScheduled"),
        ("Number of Nodes Scheduled with Available Pods", "numberAvailable"),
        ("Number of Nodes Misscheduled", "numberMisscheduled"),
    ):
        w.write(0, f"{title}: {status.get(count, 0)}\n")
    w.write(0, f"Pods Status:\t{lookup.pod_phases(lookup.owned_pods(ctx, ds))}\n")
    pods.pod_template(w, template)
    writer.events_section(w, events)


def describe_stateful_set(
    ctx: Context, w: PrefixWriter, sts: Object, events: list[Object] | None
) -> None:
    meta, spec, status = sts["metadata"], sts.get("spec") or {}, sts.get("status") or {}
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    w.write(0, f"CreationTimestamp:\t{writer.rfc1123z(meta.get('creationTimestamp'))}\n")
    _selector(w, spec.get("selector"))
    writer.labels_multiline(w, "Labels", meta.get("labels"))
    writer.annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Service Name:\t{spec.get('serviceName', '')}\n")
    w.write(0, f"Pod Management Policy:\t{spec.get('podManagementPolicy', '')}\n")
    w.write(
        0, f"Replicas:\t{spec.get('replicas', 0)} desired | {status.get('replicas', 0)} total\n"
    )
    strategy = spec.get("updateStrategy") or {}
    w.write(0, f"Update Strategy:\t{strategy.get('type', '')}\n")
    rolling = strategy.get("rollingUpdate") or {}
    if rolling.get("partition") is not None:
        w.write(1, f"Partition:\t{rolling['partition']}\n")
        if rolling.get("maxUnavailable") is not None:
            w.write(1, f"MaxUnavailable:\t{rolling['maxUnavailable']}\n")
    retention = spec.get("persistentVolumeClaimRetentionPolicy")
    if retention is not None:
        w.write(0, "Persistent Volume Claim Retention Policy:\n")
        w.write(1, f"WhenDeleted:\t{retention.get('whenDeleted', '')}\n")
        w.write(1, f"WhenScaled:\t{retention.get('whenScaled', '')}\n")
    w.write(0, f"Pods Status:\t{lookup.pod_phases(lookup.owned_pods(ctx, sts))}\n")
    pods.pod_template(w, spec.get("template") or {})
    _claim_templates(w, spec.get("volumeClaimTemplates") or [])
    writer.events_section(w, events)


def _claim_templates(w: PrefixWriter, claims: list[Object]) -> None:
    """describeVolumeClaimTemplates."""
    if not claims:
        w.write(0, "Volume Claims:\t<none>\n")
        return
    w.write(0, "Volume Claims:\n")
    for claim in claims:
        meta, spec = claim.get("metadata") or {}, claim.get("spec") or {}
        w.write(1, f"Name:\t{meta.get('name', '')}\n")
        w.write(1, f"StorageClass:\t{storage_class_of({'metadata': meta, 'spec': spec})}\n")
        writer.labels_multiline(w, "Labels", meta.get("labels"), "  ")
        writer.labels_multiline(w, "Annotations", meta.get("annotations"), "  ")
        storage = ((spec.get("resources") or {}).get("requests") or {}).get("storage")
        capacity = "<default>" if storage is None else quantity.canonical(storage)
        w.write(1, f"Capacity:\t{capacity}\n")
        w.write(1, f"Access Modes:\t[{' '.join(spec.get('accessModes') or [])}]\n")


def describe_job(ctx: Context, w: PrefixWriter, job: Object, events: list[Object] | None) -> None:
    meta, spec, status = job["metadata"], job.get("spec") or {}, job.get("status") or {}
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    _selector(w, spec.get("selector"))
    writer.labels_multiline(w, "Labels", meta.get("labels"))
    writer.annotations_multiline(w, "Annotations", meta.get("annotations"))
    controller = writer.controller_of(job)
    if controller:
        w.write(0, f"Controlled By:\t{controller}\n")
    _job_spec(w, spec)
    _job_times(w, status, spec)
    active, succeeded, failed = (status.get(k, 0) for k in ("active", "succeeded", "failed"))
    ready = "" if status.get("ready") is None else f" ({status['ready']} Ready)"
    w.write(
        0, f"Pods Statuses:\t{active} Active{ready} / {succeeded} Succeeded / {failed} Failed\n"
    )
    if spec.get("completionMode") == "Indexed":
        w.write(0, f"Completed Indexes:\t{_capped(status.get('completedIndexes', ''), 50)}\n")
    pods.pod_template(w, spec.get("template") or {})
    writer.events_section(w, events)


def _job_spec(w: PrefixWriter, spec: Object) -> None:
    if spec.get("parallelism") is not None:
        w.write(0, f"Parallelism:\t{spec['parallelism']}\n")
    w.write(0, f"Completions:\t{_unset(spec.get('completions'))}\n")
    if spec.get("completionMode") is not None:
        w.write(0, f"Completion Mode:\t{spec['completionMode']}\n")
    if spec.get("suspend") is not None:
        w.write(0, f"Suspend:\t{'true' if spec['suspend'] else 'false'}\n")
    if spec.get("backoffLimit") is not None:
        w.write(0, f"Backoff Limit:\t{spec['backoffLimit']}\n")
    if spec.get("ttlSecondsAfterFinished") is not None:
        w.write(0, f"TTL Seconds After Finished:\t{spec['ttlSecondsAfterFinished']}\n")


def _job_times(w: PrefixWriter, status: Object, spec: Object) -> None:
    start, end = status.get("startTime"), status.get("completionTime")
    if start:
        w.write(0, f"Start Time:\t{writer.rfc1123z(start)}\n")
    if end:
        w.write(0, f"Completed At:\t{writer.rfc1123z(end)}\n")
    if start and end:
        w.write(0, f"Duration:\t{duration.human(parse_timestamp(end) - parse_timestamp(start))}\n")
    if spec.get("activeDeadlineSeconds") is not None:
        w.write(0, f"Active Deadline Seconds:\t{spec['activeDeadlineSeconds']}s\n")


def describe_cron_job(
    ctx: Context, w: PrefixWriter, cron_job: Object, events: list[Object] | None
) -> None:
    meta, spec = cron_job["metadata"], cron_job.get("spec") or {}
    status = cron_job.get("status") or {}
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    writer.labels_multiline(w, "Labels", meta.get("labels"))
    writer.annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Schedule:\t{spec.get('schedule', '')}\n")
    w.write(0, f"Concurrency Policy:\t{spec.get('concurrencyPolicy', '')}\n")
    suspend = spec.get("suspend")
    w.write(0, f"Suspend:\t{_unset(None if suspend is None else str(suspend))}\n")
    w.write(0, f"Time Zone:\t{_unset(spec.get('timeZone'))}\n")
    history = spec.get("successfulJobsHistoryLimit")
    w.write(0, f"Successful Job History Limit:\t{_unset(history)}\n")
    w.write(0, f"Failed Job History Limit:\t{_unset(spec.get('failedJobsHistoryLimit'))}\n")
    deadline = spec.get("startingDeadlineSeconds")
    w.write(0, f"Starting Deadline Seconds:\t{_unset(deadline, 's')}\n")
    _job_template(w, spec.get("jobTemplate") or {})
    last = status.get("lastScheduleTime")
    w.write(0, f"Last Schedule Time:\t{writer.rfc1123z(last) if last else '<unset>'}\n")
    active = [ref.get("name", "") for ref in status.get("active") or ()]
    w.write(0, f"Active Jobs:\t{', '.join(active) or '<none>'}\n")
    writer.events_section(w, events)


def _unset(value: object, unit: str = "") -> str:
    return "<unset>" if value is None else f"{value}{unit}"


def _job_template(w: PrefixWriter, template: Object) -> None:
    """describeJobTemplate."""
    spec = template.get("spec") or {}
    if spec.get("selector") is None:
        w.write(0, "Selector:\t<unset>\n")
    else:
        _selector(w, spec["selector"])
    w.write(0, f"Parallelism:\t{_unset(spec.get('parallelism'))}\n")
    w.write(0, f"Completions:\t{_unset(spec.get('completions'))}\n")
    if spec.get("activeDeadlineSeconds") is not None:
        w.write(0, f"Active Deadline Seconds:\t{spec['activeDeadlineSeconds']}s\n")
    pods.pod_template(w, spec.get("template") or {})


def _selector(w: PrefixWriter, selector: Object | None) -> None:
    try:
        w.write(0, f"Selector:\t{labels.from_label_selector(selector)}\n")
    except labels.SelectorError as error:
        w.write(0, f"Selector:\tFailed to get selector: {error}\n")


def _capped(indexes: str, soft_limit: int) -> str:
    """capIndexesListOrNone: the list up to the first comma past `soft_limit` characters."""
    if not indexes:
        return "<none>"
    cut = indexes.find(",", soft_limit)
    return indexes if cut < 0 else indexes[: cut + 1] + "..."


def replica_sets(ctx: Context, d: Object) -> tuple[list[Object], list[Object]]:
    """GetAllReplicaSets: the deployment's old ReplicaSets and its new one (whose template
    equals the deployment's, pod-template-hash aside; the oldest if several)."""
    owned = [
        rs
        for rs in ctx.call("list", "replicasets", d["metadata"]["namespace"])["items"]
        if any(
            ref.get("controller") and ref.get("uid") == d["metadata"].get("uid")
            for ref in rs["metadata"].get("ownerReferences") or []
        )
    ]
    oldest = sorted(owned, key=lambda rs: rs["metadata"].get("creationTimestamp", ""))
    wanted = _without_hash((d.get("spec") or {}).get("template") or {})
    new = [rs for rs in oldest if _without_hash(rs["spec"].get("template") or {}) == wanted][:1]
    return [rs for rs in owned if rs not in new], new


def _without_hash(template: Object) -> Object:
    labels = dict((template.get("metadata") or {}).get("labels") or {})
    labels.pop("pod-template-hash", None)
    return {**template, "metadata": {**(template.get("metadata") or {}), "labels": labels}}


def _by_labels(sets: list[Object]) -> str:
    texts = [
        f"{rs['metadata']['name']} ({(rs.get('status') or {}).get('replicas', 0)}/"
        f"{rs['spec'].get('replicas', 0)} replicas created)"
        for rs in sets
    ]
    return ", ".join(texts) or "<none>"


def _conditions(w: PrefixWriter, conditions: list[Object] | None) -> None:
    if conditions:
        w.write(0, "Conditions:\n  Type\tStatus\tReason\n")
        w.write(1, "----\t------\t------\n")
        for c in conditions:
            w.write(1, f"{c.get('type')} \t{c.get('status')}\t{c.get('reason', '')}\n")
