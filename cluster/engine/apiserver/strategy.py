"""Per-kind rules for writes (pkg/registry/*/strategy.go): what a create resets, what an
update may change, when the generation moves, and how the object is validated.

The main resource of a kind with a `status` subresource never changes status, and its
`status` subresource changes nothing else; `generation` counts the changes of the spec of
Deployments, ReplicaSets and Pods (and of a Deployment's annotations, which its ReplicaSets
copy).
"""

from __future__ import annotations

import base64
from collections.abc import Callable

from cluster.engine.api import (
    admissionregistrationvalidation,
    appsvalidation,
    autoscalingvalidation,
    batchvalidation,
    content,
    defaults,
    ephemeral,
    ipaddressvalidation,
    ipcidr,
    labels,
    networkingvalidation,
    nodevalidation,
    qos,
    resize,
    storagevalidation,
    validation,
)
from cluster.engine.api.field import FieldError, invalid
from cluster.engine.api.ingress import CLASS_ANNOTATION
from cluster.engine.api.meta import Object
from cluster.engine.api.resources import Resource

SCALE_API_VERSION = "autoscaling/v1"
_GENERATION_KINDS = frozenset(
    {
        "Deployment",
        "ReplicaSet",
        "ReplicationController",
        "StatefulSet",
        "Pod",
        "Job",
        "CronJob",
        "DaemonSet",
        "PodDisruptionBudget",
        "Ingress",
        "IngressClass",
        "NetworkPolicy",
        "ValidatingAdmissionPolicy",
        "ValidatingAdmissionPolicyBinding",
    }
)
_EMPTY_STATUS_ON_CREATE = frozenset(
    {"Deployment", "ReplicaSet", "ReplicationController", "ResourceQuota"}
)
# a status struct with omitempty fields
_STATUS_STARTS_EMPTY = frozenset({"Job", "CronJob", "ValidatingAdmissionPolicy"})
# DaemonSetStatus' counts that are not omitempty: a new DaemonSet's status shows them as 0
_DAEMON_SET_STATUS = (
    "currentNumberScheduled",
    "numberMisscheduled",
    "desiredNumberScheduled",
    "numberReady",
)
# PodDisruptionBudgetStatus' counts, none omitempty: a new budget's status shows them as 0
_PDB_STATUS = ("disruptionsAllowed", "currentHealthy", "desiredHealthy", "expectedPods")
# apps/v1 keeps the internal DaemonSetSpec.TemplateGeneration in this annotation
TEMPLATE_GENERATION = "deprecated.daemonset.template.generation"
_KEEP_LABELS_ON_STATUS = frozenset({"Deployment", "ReplicaSet"})
SCHEDULING_GATED_MESSAGE = "Scheduling is blocked due to non-empty scheduling gates"


# ObjectMeta's collections, all `omitempty`: an empty one is not there once decoded
_OMITTED_WHEN_EMPTY = ("labels", "annotations", "ownerReferences", "finalizers")


def canonicalize(kind: str, obj: Object) -> None:
    """What decoding a request body does before anything else looks at it: ObjectMeta's
    empty collections dropped, defaulting, and a Secret's `stringData` folded into `data`."""
    _omit_empty_metadata(obj.get("metadata"))
    if kind == "Secret" and "stringData" in obj:
        _fold_string_data(obj)
    if kind == "Pod":
        spec = obj.get("spec") or {}
        if not spec.get("serviceAccountName") and spec.get("serviceAccount"):
            spec["serviceAccountName"] = spec["serviceAccount"]
        _condition_times(obj.get("status"))
    defaults.apply(kind, obj)


def _condition_times(status: Object | None) -> None:
    """PodCondition's lastProbeTime and lastTransitionTime are metav1.Time structs, which
    `omitempty` never leaves out: one not given decodes to the zero time and is written
    back as null."""
    if not isinstance(status, dict):
        return
    for condition in status.get("conditions") or ():
        if isinstance(condition, dict):
            condition.setdefault("lastProbeTime", None)
            condition.setdefault("lastTransitionTime", None)


def _omit_empty_metadata(meta: Object | None) -> None:
    """An empty (or null) label map, annotation map, owner list or finalizer list decodes
    to Go's nil, which `omitempty` then leaves out of everything the server writes."""
    if not isinstance(meta, dict):
        return
    for key in _OMITTED_WHEN_EMPTY:
        if key in meta and not meta[key]:
            del meta[key]


def _fold_string_data(secret: Object) -> None:
    data = secret.get("data") or {}
    for key, value in (secret.pop("stringData") or {}).items():
        data[key] = base64.b64encode(str(value).encode()).decode()
    secret["data"] = data


def prepare_for_create(kind: str, obj: Object, now: str) -> None:
    """PrepareForCreate: the status a new object starts with, and generation 1."""
    meta = obj["metadata"]
    if kind in _GENERATION_KINDS:
        meta["generation"] = 1
    if kind in _EMPTY_STATUS_ON_CREATE:
        obj.pop("status", None)
    if kind == "Pod":
        obj["status"] = {"phase": "Pending", "qosClass": qos.compute_pod_qos(obj)}
        _deprecated_service_account(obj)
        _apply_scheduling_gated_condition(obj, now)
    elif kind == "Namespace":
        _prepare_namespace(obj)
    elif kind == "Service":
        obj["status"] = {"loadBalancer": {}}
    elif kind == "Job":
        obj["spec"].pop("scheduling", None)  # WorkloadWithJob is alpha, off
        _generate_job_selector(obj)
    elif kind == "PodDisruptionBudget":
        obj["status"] = dict.fromkeys(_PDB_STATUS, 0)
    elif kind == "DaemonSet":
        obj["status"] = dict.fromkeys(_DAEMON_SET_STATUS, 0)
        _set_template_generation(obj, max(_template_generation(obj), 1))
    elif kind == "StatefulSet":
        obj["status"] = {"replicas": 0, "availableReplicas": 0}  # StatefulSetStatus{}
    elif kind == "HorizontalPodAutoscaler":
        # HorizontalPodAutoscalerStatus{}: v2 writes its currentMetrics even when nil
        obj["status"] = {"desiredReplicas": 0, "currentMetrics": None}
    elif kind == "Ingress":
        obj["status"] = {"loadBalancer": {}}  # IngressStatus{}
    elif kind == "PersistentVolume":
        obj["status"] = {"phase": "Pending", "lastPhaseTransitionTime": now}
    elif kind == "PersistentVolumeClaim":
        # the status is cleared; reading it back defaults its phase
        obj["status"] = {"phase": "Pending"}
        _normalize_data_sources(obj["spec"])
    if kind in _STATUS_STARTS_EMPTY:
        obj["status"] = {}


def _normalize_data_sources(spec: Object) -> None:
    """NormalizeDataSources: a claim's dataSource and dataSourceRef name the same source."""
    source, ref = spec.get("dataSource"), spec.get("dataSourceRef")
    if source is not None and ref is None:
        spec["dataSourceRef"] = _typed_reference(source)
    elif ref is not None and source is None and not ref.get("namespace"):
        spec["dataSource"] = _typed_reference(ref)


def _typed_reference(ref: Object) -> Object:
    return {key: ref[key] for key in ("apiGroup", "kind", "name") if key in ref}


def _template_generation(daemon_set: Object) -> int:
    """The TemplateGeneration the annotation holds (0 when it holds none, or no number)."""
    text = (daemon_set["metadata"].get("annotations") or {}).get(TEMPLATE_GENERATION, "")
    return int(text) if text.isdigit() else 0


def _set_template_generation(daemon_set: Object, generation: int) -> None:
    annotations = daemon_set["metadata"].setdefault("annotations", {})
    annotations[TEMPLATE_GENERATION] = str(generation)


def _generate_job_selector(job: Object) -> None:
    """generateSelector: unless the selector is manual, the template is labelled with the
    Job's name and uid, and the selector selects the uid. The Job's own labels, when it has
    none, are its template's (as decoding it again defaults them)."""
    spec, meta = job["spec"], job["metadata"]
    if not spec.get("manualSelector"):
        template_meta = spec["template"].setdefault("metadata", {})
        generated = template_meta.setdefault("labels", {})
        for key in (batchvalidation.LEGACY_JOB_NAME_LABEL, batchvalidation.JOB_NAME_LABEL):
            generated.setdefault(key, meta.get("name", ""))
        for key in (
            batchvalidation.LEGACY_CONTROLLER_UID_LABEL,
            batchvalidation.CONTROLLER_UID_LABEL,
        ):
            generated.setdefault(key, meta["uid"])
        selector = spec.get("selector") or {}
        match_labels = selector.get("matchLabels") or {}
        match_labels.setdefault(batchvalidation.CONTROLLER_UID_LABEL, meta["uid"])
        spec["selector"] = {**selector, "matchLabels": match_labels}
    template_labels = (spec["template"].get("metadata") or {}).get("labels")
    if template_labels and not meta.get("labels"):
        meta["labels"] = dict(template_labels)


def warnings_on_create(kind: str, obj: Object) -> list[str]:
    """WarningsOnCreate: a Job's (or CronJob's) name becomes its pods' hostnames; an
    Ingress's class annotation is deprecated; a NetworkPolicy's CIDRs may be ambiguous."""
    if kind == "Ingress":
        return _ingress_warnings(obj)
    if kind == "NetworkPolicy":
        return _network_policy_warnings(obj)
    if kind not in ("Job", "CronJob"):
        return []
    name = obj["metadata"].get("name", "")
    problems = content.dns1123_label(name)
    if not problems:
        return []
    return [
        "metadata.name: this is used in Pod names and hostnames, which can result in "
        f"surprising behavior; a DNS label is recommended: [{' '.join(problems)}]"
    ]


def _ingress_warnings(ingress: Object) -> list[str]:
    annotations = ingress["metadata"].get("annotations") or {}
    class_name = (ingress.get("spec") or {}).get("ingressClassName")
    if CLASS_ANNOTATION not in annotations or class_name is not None:
        return []
    return [
        f"annotation \"{CLASS_ANNOTATION}\" is deprecated, please use 'spec.ingressClassName' "
        "instead"
    ]


def _network_policy_warnings(policy: Object) -> list[str]:
    found = []
    for path, block in networkingvalidation.ip_blocks(policy.get("spec") or {}):
        found += ipcidr.cidr_warnings(f"{path}.cidr", block.get("cidr") or "")
        for i, value in enumerate(block.get("except") or []):
            found += ipcidr.cidr_warnings(f"{path}.except[{i}]", value)
    return found


def warnings_on_update(resource: Resource, obj: Object, subresource: str) -> list[str]:
    """WarningsOnUpdate: a NetworkPolicy's CIDRs, an Ingress status's non-standard IPs."""
    if resource.kind == "NetworkPolicy" and not subresource:
        return _network_policy_warnings(obj)
    if resource.kind != "Ingress" or subresource != "status":
        return []
    points = ((obj.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []
    found = []
    for i, point in enumerate(points):
        if point.get("ip"):  # sic: the path names the point, not its ip
            found += ipcidr.ip_warnings(f"status.loadBalancer.ingress[{i}]", point["ip"])
    return found


def _apply_scheduling_gated_condition(pod: Object, now: str) -> None:
    """applySchedulingGatedCondition: a pod created with scheduling gates starts out
    PodScheduled=False, reason SchedulingGated."""
    if not pod["spec"].get("schedulingGates"):
        return
    pod["status"]["conditions"] = [
        {
            "type": "PodScheduled",
            "status": "False",
            "lastProbeTime": None,
            "lastTransitionTime": now,
            "reason": "SchedulingGated",
            "message": SCHEDULING_GATED_MESSAGE,
        }
    ]


def _prepare_namespace(namespace: Object) -> None:
    """Active, with the `kubernetes` finalizer, labelled with its (maybe generated) name."""
    namespace["status"] = {"phase": "Active"}
    finalizers = namespace.setdefault("spec", {}).setdefault("finalizers", [])
    if "kubernetes" not in finalizers:
        finalizers.append("kubernetes")
    defaults.namespace(namespace)


def _deprecated_service_account(pod: Object) -> None:
    """v1 writes the account's name in the deprecated `serviceAccount` field too."""
    spec = pod["spec"]
    if spec.get("serviceAccountName"):
        spec["serviceAccount"] = spec["serviceAccountName"]


# the pod's subresources that each change one part of its spec, and drop the rest
_POD_SPEC_SUBRESOURCES: dict[str, Callable[[Object, Object], None]] = {
    "ephemeralcontainers": ephemeral.prepare_for_update,
    "resize": resize.prepare_for_update,
}


def prepare_for_update(
    resource: Resource, new: Object, old: Object, subresource: str, now: str
) -> None:
    """PrepareForUpdate of the main resource, or of one of its subresources."""
    kind = resource.kind
    if subresource == "status":
        _keep_all_but_status(kind, new, old)
        if kind == "PersistentVolume":
            _phase_transition(new["status"], old.get("status") or {}, now)
        return
    prepare_part = _POD_SPEC_SUBRESOURCES.get(subresource)
    if prepare_part is not None:
        prepare_part(new, old)
        _bump_generation(kind, new, old)
        return
    if "status" in resource.subresources:
        _copy(new, old, "status")
    if kind == "Namespace" and subresource != "finalize":
        # only the finalize subresource changes a namespace's spec.finalizers
        new.setdefault("spec", {})
        _copy(new["spec"], old.get("spec") or {}, "finalizers")
    if kind == "Pod":
        _deprecated_service_account(new)
    if kind == "DaemonSet":
        # TemplateGeneration is the server's: it moves when, and only when, the template does
        changed = (new.get("spec") or {}).get("template") != (old.get("spec") or {}).get("template")
        _set_template_generation(new, _template_generation(old) + changed)
    if kind == "Job" and "scheduling" not in (old.get("spec") or {}):
        (new.get("spec") or {}).pop("scheduling", None)
    if kind in _GENERATION_KINDS:
        _bump_generation(kind, new, old)


def _phase_transition(status: Object, old: Object, now: str) -> None:
    """A volume's lastPhaseTransitionTime moves with its phase, unless the writer moved it."""
    kept = status.get("lastPhaseTransitionTime") in (None, old.get("lastPhaseTransitionTime"))
    if status.get("phase") == old.get("phase"):
        if status.get("lastPhaseTransitionTime") is None:
            _copy(status, old, "lastPhaseTransitionTime")
    elif kept:
        status["lastPhaseTransitionTime"] = now


def _copy(new: Object, old: Object, key: str) -> None:
    if key in old:
        new[key] = old[key]
    else:
        new.pop(key, None)


def _keep_all_but_status(kind: str, new: Object, old: Object) -> None:
    """A status update changes the status and metadata; never the spec (nor, for workloads,
    the labels)."""
    meta, status = new["metadata"], new.get("status")
    new.clear()
    new.update(old, metadata=meta)
    if status is not None:
        new["status"] = status
    if kind in _KEEP_LABELS_ON_STATUS:
        _copy_meta(new, old, "labels")
    elif kind == "Pod":
        _copy_meta(new, old, "ownerReferences")


def _copy_meta(new: Object, old: Object, key: str) -> None:
    _copy(new["metadata"], old["metadata"], key)


def _bump_generation(kind: str, new: Object, old: Object) -> None:
    changed = new.get("spec") != old.get("spec")
    if kind == "Deployment":
        before, after = old["metadata"].get("annotations"), new["metadata"].get("annotations")
        changed = changed or (before or {}) != (after or {})
    if changed:
        new["metadata"]["generation"] = old["metadata"].get("generation", 0) + 1


# what the kinds' registries validate beside the metadata every kind's is
_CREATE_CHECKS = {
    "Job": batchvalidation.validate_job,
    "CronJob": batchvalidation.validate_cron_job,
    "PersistentVolume": storagevalidation.validate_persistent_volume,
    "PersistentVolumeClaim": storagevalidation.validate_persistent_volume_claim,
    "StorageClass": storagevalidation.validate_storage_class,
    "StatefulSet": appsvalidation.validate_stateful_set,
    "HorizontalPodAutoscaler": autoscalingvalidation.validate_horizontal_pod_autoscaler,
    "Ingress": networkingvalidation.validate_ingress,
    "IngressClass": networkingvalidation.validate_ingress_class,
    "NetworkPolicy": networkingvalidation.validate_network_policy,
    "RuntimeClass": nodevalidation.validate_runtime_class,
    "ServiceCIDR": ipaddressvalidation.validate_service_cidr,
    "IPAddress": ipaddressvalidation.validate_ip_address,
    "ValidatingAdmissionPolicy": admissionregistrationvalidation.validate_policy,
    "ValidatingAdmissionPolicyBinding": admissionregistrationvalidation.validate_binding,
}
_STATUS_CHECKS: dict[str, Callable[[Object, Object], list[FieldError]]] = {
    "Job": lambda new, _: batchvalidation.validate_job_status(new),
    "PodDisruptionBudget": lambda new, _: validation.validate_pod_disruption_budget_status(new),
    "PersistentVolume": storagevalidation.validate_persistent_volume_status_update,
    "PersistentVolumeClaim": storagevalidation.validate_persistent_volume_claim_status_update,
    "StatefulSet": appsvalidation.validate_stateful_set_status,
    "HorizontalPodAutoscaler": autoscalingvalidation.validate_horizontal_pod_autoscaler_status,
    "Ingress": networkingvalidation.validate_ingress_status_update,
    "ValidatingAdmissionPolicy": admissionregistrationvalidation.validate_policy_status,
}
_UPDATE_CHECKS = {
    "Job": batchvalidation.validate_job_update,
    "CronJob": batchvalidation.validate_cron_job_update,
    "PersistentVolume": storagevalidation.validate_persistent_volume_update,
    "PersistentVolumeClaim": storagevalidation.validate_persistent_volume_claim_update,
    "StorageClass": storagevalidation.validate_storage_class_update,
    "StatefulSet": appsvalidation.validate_stateful_set_update,
    "HorizontalPodAutoscaler": autoscalingvalidation.validate_horizontal_pod_autoscaler_update,
    "Ingress": networkingvalidation.validate_ingress_update,
    "IngressClass": networkingvalidation.validate_ingress_class_update,
    "NetworkPolicy": networkingvalidation.validate_network_policy_update,
    "RuntimeClass": nodevalidation.validate_runtime_class_update,
    "ServiceCIDR": ipaddressvalidation.validate_service_cidr_update,
    "IPAddress": lambda new, old: (
        ipaddressvalidation.validate_ip_address(new)
        + ipaddressvalidation.validate_ip_address_update(new, old)
    ),
    "ValidatingAdmissionPolicy": admissionregistrationvalidation.validate_policy_update,
    "ValidatingAdmissionPolicyBinding": admissionregistrationvalidation.validate_binding_update,
}


def validate(
    resource: Resource, obj: Object, old: Object | None = None, subresource: str = ""
) -> list[FieldError]:
    """Validate a create (no `old`), an update, or an update of a subresource."""
    kind = resource.kind
    if old is None:
        errors = validation.validate(kind, obj, resource.namespaced)
        if kind in _CREATE_CHECKS:
            return errors + _CREATE_CHECKS[kind](obj)
        if kind != "Pod":
            return errors
        return errors + ephemeral.validate_create(obj) + validation.validate_pod_create(obj)
    if subresource == "status":
        errors = validation.validate_object_meta_update(obj, old)
        return errors + _STATUS_CHECKS[kind](obj, old) if kind in _STATUS_CHECKS else errors
    if subresource == "ephemeralcontainers":
        return ephemeral.validate_update(obj, old)
    if subresource == "resize":
        return resize.validate_update(obj, old)
    if subresource == "finalize":
        return validation.validate_namespace_finalize(obj, old)
    errors = validation.validate_update(kind, obj, old)
    return errors + (_UPDATE_CHECKS[kind](obj, old) if kind in _UPDATE_CHECKS else [])


# -- the scale subresource -------------------------------------------------------------------


def scale_of(obj: Object) -> Object:
    """The autoscaling/v1 Scale of a Deployment, ReplicaSet, StatefulSet or
    ReplicationController (scaleFromDeployment, scaleFromRC: the same fields)."""
    meta, spec = obj["metadata"], obj.get("spec") or {}
    scale_spec = {"replicas": spec["replicas"]} if spec.get("replicas") else {}
    status: Object = {"replicas": (obj.get("status") or {}).get("replicas", 0)}
    if obj.get("kind") == "ReplicationController":
        selector = str(labels.from_set(spec.get("selector")))
    else:
        selector = str(labels.from_label_selector(spec.get("selector")))
    if selector:
        status["selector"] = selector
    keep = ("name", "namespace", "uid", "resourceVersion", "creationTimestamp")
    return {
        "kind": "Scale",
        "apiVersion": SCALE_API_VERSION,
        "metadata": {k: meta[k] for k in keep if k in meta},
        "spec": scale_spec,
        "status": status,
    }


def validate_scale(scale: Object) -> list[FieldError]:
    """ValidateScale: replicas may not be negative."""
    replicas = (scale.get("spec") or {}).get("replicas", 0)
    if isinstance(replicas, int) and replicas < 0:
        return [invalid("spec.replicas", replicas, validation.NEGATIVE)]
    return []


def apply_scale(obj: Object, scale: Object) -> Object:
    """The object with the Scale's replicas (and its resourceVersion as a precondition)."""
    scaled = {**obj, "spec": {**obj.get("spec", {})}, "metadata": {**obj["metadata"]}}
    scaled["spec"]["replicas"] = (scale.get("spec") or {}).get("replicas", 0)
    wanted = (scale.get("metadata") or {}).get("resourceVersion")
    if wanted:
        scaled["metadata"]["resourceVersion"] = wanted
    return scaled
