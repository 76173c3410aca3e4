"""describeReplicaSet and describeDeployment."""

from __future__ import annotations

from cluster.engine.api import labels
from cluster.engine.api.meta import Object
from cluster.kubectl.context import Context
from cluster.kubectl.describe import lookup, pods, writer
from cluster.kubectl.describe.writer import PrefixWriter

REVISION = "deployment.kubernetes.io/revision"


def describe_replicaset(
    ctx: Context, w: PrefixWriter, rs: Object, events: list[Object] | None
) -> None:
    meta, spec, status = rs["metadata"], rs.get("spec") or {}, rs.get("status") or {}
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    w.write(0, f"Selector:\t{labels.format_label_selector(spec.get('selector'))}\n")
    writer.labels_multiline(w, "Labels", meta.get("labels"))
    writer.annotations_multiline(w, "Annotations", meta.get("annotations"))
    controller = writer.controller_of(rs)
    if controller:
        w.write(0, f"Controlled By:\t{controller}\n")
    w.write(
        0, f"Replicas:\t{status.get('replicas', 0)} current / {spec.get('replicas', 0)} desired\n"
    )
    w.write(0, f"Pods Status:\t{lookup.pod_phases(lookup.owned_pods(ctx, rs))}\n")
    pods.pod_template(w, spec.get("template") or {})
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
