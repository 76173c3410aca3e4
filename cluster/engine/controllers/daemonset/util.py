"""What the DaemonSet controller and its rolling update share (pkg/controller/daemon/util):
the template generation, the tolerations every daemon pod gets, the pod template with its
revision labels, surge and unavailability counts, and the node a daemon pod is meant for."""

from __future__ import annotations

from cluster.engine.api.meta import Object
from cluster.engine.controllers.deployment.util import scaled_value
from cluster.engine.store import codec

DEPRECATED_TEMPLATE_GENERATION = "deprecated.daemonset.template.generation"
TEMPLATE_GENERATION_KEY = "pod-template-generation"  # DaemonSetTemplateGenerationKey
DEFAULT_UNIQUE_LABEL_KEY = "controller-revision-hash"  # DefaultDaemonSetUniqueLabelKey
ROLLING_UPDATE = "RollingUpdate"
ON_DELETE = "OnDelete"
OBJECT_NAME_FIELD = "metadata.name"  # metav1.ObjectNameField

# AddOrUpdateDaemonPodTolerations: daemon pods survive the conditions that would evict or
# keep out ordinary pods (NoExecute ones without tolerationSeconds: they stay forever).
DAEMON_POD_TOLERATIONS = (
    ("node.kubernetes.io/not-ready", "NoExecute"),
    ("node.kubernetes.io/unreachable", "NoExecute"),
    ("node.kubernetes.io/disk-pressure", "NoSchedule"),
    ("node.kubernetes.io/memory-pressure", "NoSchedule"),
    ("node.kubernetes.io/pid-pressure", "NoSchedule"),
    ("node.kubernetes.io/unschedulable", "NoSchedule"),
)
NETWORK_UNAVAILABLE = ("node.kubernetes.io/network-unavailable", "NoSchedule")


def get_template_generation(ds: Object) -> int | None:
    """GetTemplateGeneration: the annotation's value; None if missing or not a number (the
    controller then relies on the hash alone)."""
    annotation = (ds["metadata"].get("annotations") or {}).get(DEPRECATED_TEMPLATE_GENERATION)
    if annotation is None:
        return None
    try:
        return int(annotation)
    except ValueError:
        return None


def _matches(a: Object, b: Object) -> bool:
    """Toleration.MatchToleration: the same key, operator, value and effect."""
    return all((a.get(k) or "") == (b.get(k) or "") for k in ("key", "operator", "value", "effect"))


def add_or_update_toleration(spec: Object, toleration: Object) -> None:
    """AddOrUpdateTolerationInPodSpec: replace a matching toleration, or append it."""
    found = list(spec.get("tolerations") or ())
    for i, existing in enumerate(found):
        if _matches(existing, toleration):
            found[i] = toleration
            break
    else:
        found.append(toleration)
    spec["tolerations"] = found


def add_or_update_daemon_pod_tolerations(spec: Object) -> None:
    """AddOrUpdateDaemonPodTolerations (network-unavailable only for hostNetwork pods)."""
    wanted = DAEMON_POD_TOLERATIONS + ((NETWORK_UNAVAILABLE,) if spec.get("hostNetwork") else ())
    for key, effect in wanted:
        add_or_update_toleration(spec, {"key": key, "operator": "Exists", "effect": effect})


def create_pod_template(template: Object, generation: int | None, hash_: str) -> Object:
    """CreatePodTemplate: the template with the daemon tolerations and the labels of its
    generation and revision."""
    new = codec.deep_copy(template)
    new.setdefault("spec", {})
    add_or_update_daemon_pod_tolerations(new["spec"])
    meta = new.setdefault("metadata", {})
    meta["labels"] = dict(meta.get("labels") or {})
    if generation is not None:
        meta["labels"][TEMPLATE_GENERATION_KEY] = str(generation)
    if hash_:
        meta["labels"][DEFAULT_UNIQUE_LABEL_KEY] = hash_
    return new


def _rolling_update(ds: Object) -> Object | None:
    strategy = ds["spec"].get("updateStrategy") or {}
    if strategy.get("type") != ROLLING_UPDATE:
        return None
    return strategy.get("rollingUpdate")


def surge_count(ds: Object, number_to_schedule: int) -> int:
    """SurgeCount: maxSurge scaled (rounded up); 0 unless a rolling update."""
    rolling = _rolling_update(ds)
    if rolling is None or rolling.get("maxSurge") is None:
        return 0
    return scaled_value(rolling["maxSurge"], number_to_schedule, True)


def unavailable_count(ds: Object, number_to_schedule: int) -> int:
    """UnavailableCount: maxUnavailable scaled (rounded up); 0 unless a rolling update."""
    rolling = _rolling_update(ds)
    if rolling is None:
        return 0
    return scaled_value(rolling.get("maxUnavailable"), number_to_schedule, True)


def allows_surge(ds: Object) -> bool:
    return surge_count(ds, 1) > 0


def is_pod_updated(pod: Object, hash_: str, generation: int | None) -> bool:
    """IsPodUpdated: the pod carries the current revision's hash or template generation."""
    pod_labels = pod["metadata"].get("labels") or {}
    template_matches = generation is not None and pod_labels.get(TEMPLATE_GENERATION_KEY) == str(
        generation
    )
    hash_matches = bool(hash_) and pod_labels.get(DEFAULT_UNIQUE_LABEL_KEY) == hash_
    return hash_matches or template_matches


def replace_node_name_node_affinity(affinity: Object | None, node_name: str) -> Object:
    """ReplaceDaemonSetPodNodeNameNodeAffinity: require the one node, by name, in place of
    the required terms (the template's own were already checked against the node)."""
    term = {"matchFields": [{"key": OBJECT_NAME_FIELD, "operator": "In", "values": [node_name]}]}
    affinity = dict(affinity or {})
    node_affinity = dict(affinity.get("nodeAffinity") or {})
    required = dict(node_affinity.get("requiredDuringSchedulingIgnoredDuringExecution") or {})
    required["nodeSelectorTerms"] = [term]
    node_affinity["requiredDuringSchedulingIgnoredDuringExecution"] = required
    affinity["nodeAffinity"] = node_affinity
    return affinity


def get_target_node_name(pod: Object) -> str | None:
    """GetTargetNodeName: spec.nodeName, else the node its required affinity names (None
    when there is no single one)."""
    spec = pod.get("spec") or {}
    if spec.get("nodeName"):
        return spec["nodeName"]
    node_affinity = (spec.get("affinity") or {}).get("nodeAffinity") or {}
    required = node_affinity.get("requiredDuringSchedulingIgnoredDuringExecution") or {}
    for term in required.get("nodeSelectorTerms") or ():
        for field in term.get("matchFields") or ():
            if field.get("key") == OBJECT_NAME_FIELD and field.get("operator") == "In":
                values = field.get("values") or []
                return values[0] if len(values) == 1 else None
    return None
