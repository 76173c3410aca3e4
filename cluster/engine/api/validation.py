"""Validation of API objects with Kubernetes' field paths and error texts.

Object metadata follows k8s.io/apimachinery/pkg/api/validation (objectmeta.go); pods, pod
templates and the core kinds follow pkg/apis/core/validation; ReplicaSets and Deployments
pkg/apis/apps/validation; RBAC pkg/apis/rbac/validation; Leases pkg/apis/coordination.
Each `validate_*` returns the list of field errors, empty when the object is valid.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cluster.engine.api import (
    configvalidation,
    content,
    gojson,
    ipcidr,
    labels,
    poddns,
    podresources,
    probevalidation,
    quantity,
    securityvalidation,
    servicevalidation,
)
from cluster.engine.api.field import (
    FieldError,
    Struct,
    duplicate,
    forbidden,
    invalid,
    not_found,
    not_supported,
    required,
    too_long,
)
from cluster.engine.api.meta import Object

NameCheck = Callable[[str, bool], list[str]]

IMMUTABLE = "field is immutable"
IMMUTABLE_WHEN_SET = "field is immutable when `immutable` is set"
NEGATIVE = "must be greater than or equal to 0"
ANNOTATIONS_LIMIT = 256 * (1 << 10)
MAX_SECRET_SIZE = 1 << 20
STANDARD_FINALIZERS = ("kubernetes", "orphan", "foregroundDeletion")
ORPHAN, FOREGROUND = "orphan", "foregroundDeletion"
RESTART_POLICIES = ["Always", "OnFailure", "Never"]
PULL_POLICIES = ["Always", "IfNotPresent", "Never"]
DNS_POLICIES = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"]
TERMINATION_MESSAGE_POLICIES = ["File", "FallbackToLogsOnError"]
PROTOCOLS = ["SCTP", "TCP", "UDP"]
TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"]
RBAC_GROUP = "rbac.authorization.k8s.io"


def nonnegative(value: Any, path: str) -> list[FieldError]:
    """ValidateNonnegativeField."""
    if isinstance(value, int) and not isinstance(value, bool) and value < 0:
        return [invalid(path, value, NEGATIVE)]
    return []


def immutable(new: Any, old: Any, path: str) -> list[FieldError]:
    """ValidateImmutableField."""
    return [] if new == old else [invalid(path, new, IMMUTABLE)]


# -- object metadata ---------------------------------------------------------------------


def validate_object_meta(
    obj: Object, namespaced: bool, name_check: NameCheck = content.name_is_dns_subdomain
) -> list[FieldError]:
    """ValidateObjectMeta on create (after name generation), core's finalizer check included."""
    meta = obj.get("metadata") or {}
    errors: list[FieldError] = []
    generate_name, name = meta.get("generateName", ""), meta.get("name", "")
    if generate_name:
        errors += [
            invalid("metadata.generateName", generate_name, d)
            for d in name_check(generate_name, True)
        ]
    # errors are made only for what a check finds: every create checks its name and
    # namespace, and a comprehension over no problems still costs a frame
    if not name:
        errors.append(required("metadata.name", "name or generateName is required"))
    elif problems := name_check(name, False):
        errors += [invalid("metadata.name", name, d) for d in problems]
    namespace = meta.get("namespace", "")
    if namespaced and not namespace:
        errors.append(required("metadata.namespace"))
    elif namespaced:
        if problems := content.dns1123_label(namespace):
            errors += [invalid("metadata.namespace", namespace, d) for d in problems]
    elif namespace:
        errors.append(forbidden("metadata.namespace", "not allowed on this type"))
    return errors + _common_meta(meta)


def _common_meta(meta: Object) -> list[FieldError]:
    errors = nonnegative(meta.get("generation", 0), "metadata.generation")
    # most objects carry few of these: each check runs only when there is something to check
    if meta.get("labels"):
        errors += labels.validate_labels(meta["labels"], "metadata.labels")
    if meta.get("annotations"):
        errors += validate_annotations(meta["annotations"], "metadata.annotations")
    if meta.get("ownerReferences"):
        errors += validate_owner_references(meta["ownerReferences"])
    if meta.get("finalizers"):
        errors += validate_finalizers(meta["finalizers"], "metadata.finalizers")
    return errors


def validate_object_meta_update(new: Object, old: Object) -> list[FieldError]:
    """ValidateObjectMetaUpdate."""
    meta, before = new.get("metadata") or {}, old.get("metadata") or {}
    errors: list[FieldError] = []
    if before.get("deletionTimestamp"):
        added = sorted(set(meta.get("finalizers") or []) - set(before.get("finalizers") or []))
        if added:
            listed = "[]string{" + ", ".join(f'"{f}"' for f in added) + "}"
            detail = f"no new finalizers can be added if the object is being deleted, found new finalizers {listed}"
            errors.append(forbidden("metadata.finalizers", detail))
    if not meta.get("resourceVersion"):
        errors.append(invalid("metadata.resourceVersion", "", "must be specified for an update"))
    generation = meta.get("generation", 0)
    errors += nonnegative(generation, "metadata.generation")
    if generation < before.get("generation", 0):
        errors.append(invalid("metadata.generation", generation, "must not be decremented"))
    for key in ("name", "namespace", "uid", "creationTimestamp", "deletionTimestamp"):
        errors += immutable(meta.get(key), before.get(key), f"metadata.{key}")
    grace = "deletionGracePeriodSeconds"
    errors += immutable(meta.get(grace), before.get(grace), f"metadata.{grace}")
    errors += labels.validate_labels(meta.get("labels") or {}, "metadata.labels")
    errors += validate_annotations(meta.get("annotations") or {}, "metadata.annotations")
    errors += validate_owner_references(meta.get("ownerReferences") or [])
    for i, name in enumerate(meta.get("finalizers") or []):
        errors += _kube_finalizer(name, f"metadata.finalizers[{i}]")
    return errors


def validate_annotations(annotations: Object, path: str) -> list[FieldError]:
    errors: list[FieldError] = []
    size = 0
    for key, value in annotations.items():
        if problems := content.label_key(key.lower()):  # errors only for what it finds
            errors += [invalid(path, key, d) for d in problems]
        size += len(key) + len(str(value))
    if size > ANNOTATIONS_LIMIT:
        errors.append(too_long(path, ANNOTATIONS_LIMIT))
    return errors


def validate_owner_references(references: list[Object]) -> list[FieldError]:
    errors: list[FieldError] = []
    first_controller = ""
    for i, ref in enumerate(references):
        path = f"metadata.ownerReferences[{i}]"
        errors += _owner_reference(ref, path)
        if ref.get("controller"):
            current = f"{ref.get('kind', '')}/{ref.get('name', '')}"
            if first_controller:
                detail = (
                    'Only one reference can have Controller set to true. Found "true" in '
                    f"references for {first_controller} and {current}"
                )
                structs = [_owner_reference_struct(r) for r in references]
                errors.append(invalid("metadata.ownerReferences", structs, detail))
            else:
                first_controller = current
    return errors


def _owner_reference(ref: Object, path: str) -> list[FieldError]:
    errors: list[FieldError] = []
    api_version = ref.get("apiVersion", "")
    if not api_version:
        errors.append(required(f"{path}.apiVersion", "must not be empty"))
    elif api_version.count("/") > 1 or not api_version.rpartition("/")[2]:
        errors.append(
            invalid(f"{path}.apiVersion", api_version, "must be <group>/<version> or <version>")
        )
    for key in ("kind", "name", "uid"):
        if not ref.get(key):
            errors.append(required(f"{path}.{key}", "must not be empty"))
    if api_version == "v1" and ref.get("kind") == "Event":
        detail = "/v1, Kind=Event is disallowed from being an owner"
        errors.append(invalid(path, _owner_reference_struct(ref), detail))
    return errors


def _owner_reference_struct(ref: Object) -> Struct:
    """metav1.OwnerReference as encoding/json writes it: its fields in their order, the
    optional ones only when set."""
    struct = Struct({key: ref.get(key) or "" for key in ("apiVersion", "kind", "name", "uid")})
    for key in ("controller", "blockOwnerDeletion"):
        if ref.get(key) is not None:
            struct[key] = ref[key]
    return struct


def validate_finalizers(finalizers: list[str], path: str) -> list[FieldError]:
    """ValidateFinalizers, then core's check of each name."""
    errors = [invalid(path, name, d) for name in finalizers for d in content.label_key(name)]
    if ORPHAN in finalizers and FOREGROUND in finalizers:
        detail = f"finalizer {ORPHAN} and {FOREGROUND} cannot be both set"
        errors.append(invalid(path, finalizers, detail))
    for i, name in enumerate(finalizers):
        errors += _kube_finalizer(name, f"{path}[{i}]")
    return errors


def _kube_finalizer(name: str, path: str) -> list[FieldError]:
    if "/" in name or name in STANDARD_FINALIZERS:
        return []
    return [
        invalid(path, name, "name is neither a standard finalizer name nor is it fully qualified")
    ]


# -- pods and pod templates -----------------------------------------------------------------


def _pod(pod: Object) -> list[FieldError]:
    return validate_pod_spec(pod.get("spec") or {}, "spec")


_POD_MUTABLE = (
    "pod updates may not change fields other than `spec.containers[*].image`,"
    "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only "
    "additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set "
    "to 1 if it was previously negative)"
)


def validate_pod_create(pod: Object) -> list[FieldError]:
    """What only ValidatePodCreate checks: no node for a pod still gated."""
    spec = pod.get("spec") or {}
    if spec.get("nodeName") and spec.get("schedulingGates"):
        detail = "cannot be set until all schedulingGates have been cleared"
        return [forbidden("spec.nodeName", detail)]
    return []


def _pod_update(new: Object, old: Object) -> list[FieldError]:
    """ValidatePodUpdate: only images, the deadline, tolerations and the grace period change,
    and scheduling gates go away."""
    new_spec, old_spec = new.get("spec") or {}, old.get("spec") or {}
    deadline = _active_deadline_update(
        new_spec.get("activeDeadlineSeconds"), old_spec.get("activeDeadlineSeconds")
    )
    if deadline:
        return deadline
    errors = _only_deleted_scheduling_gates(
        new_spec.get("schedulingGates") or [], old_spec.get("schedulingGates") or []
    )
    masked_new, masked_old = _mask_mutable(new_spec), _mask_mutable(old_spec)
    if old_spec.get("schedulingGates"):
        errors += _node_selector_additions(new_spec, old_spec)
        errors += _required_node_affinity_additions(new_spec, old_spec)
        for masked in (masked_new, masked_old):
            masked["nodeSelector"] = None
            masked["affinity"] = {**(masked.get("affinity") or {}), "nodeAffinity": None}
    if masked_new != masked_old:
        errors.append(forbidden("spec", _POD_MUTABLE))
    return errors


def _active_deadline_update(new: Any, old: Any) -> list[FieldError]:
    """A running pod's deadline may be set, or shortened: never lengthened nor removed."""
    path = "spec.activeDeadlineSeconds"
    if new is None:
        detail = "must not update from a positive integer to nil value"
        return [invalid(path, None, detail)] if old is not None else []
    if not 0 <= new <= 2**31 - 1:
        return [invalid(path, new, "must be between 0 and 2147483647, inclusive")]
    if old is not None and old < new:
        return [invalid(path, new, "must be less than or equal to previous value")]
    return []


def _node_selector_additions(new_spec: Object, old_spec: Object) -> list[FieldError]:
    """validateNodeSelectorMutation: a gated pod's nodeSelector may gain labels, never lose
    or change one."""
    new, old = new_spec.get("nodeSelector") or {}, old_spec.get("nodeSelector") or {}
    if all(key in new and new[key] == value for key, value in old.items()):
        return []
    detail = "only additions to spec.nodeSelector are allowed (no mutations or deletions)"
    return [invalid("spec.nodeSelector", new_spec.get("nodeSelector"), detail)]


_TERMS = (
    "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms"
)


def _required_node_affinity_additions(new_spec: Object, old_spec: Object) -> list[FieldError]:
    """validateNodeAffinityMutation: a gated pod's required node affinity may be set when
    it had none, and then only narrowed: requirements added after each term's own."""
    old_terms = _required_terms(old_spec)
    if old_terms is None:
        return []
    new_terms = _required_terms(new_spec) or []
    if old_terms and len(old_terms) != len(new_terms):
        detail = "no additions/deletions to non-empty NodeSelectorTerms list are allowed"
        return [invalid(_TERMS, [_go_term(t) for t in new_terms] or None, detail)]
    detail = "only additions are allowed (no mutations or deletions)"
    return [
        invalid(f"{_TERMS}[{i}]", _go_term(new), detail)
        for i, (new, old) in enumerate(zip(new_terms, old_terms, strict=True))
        if not _only_additions(new, old)
    ]


def _required_terms(spec: Object) -> list[Object] | None:
    required = ((spec.get("affinity") or {}).get("nodeAffinity") or {}).get(
        "requiredDuringSchedulingIgnoredDuringExecution"
    )
    return None if required is None else required.get("nodeSelectorTerms") or []


def _only_additions(new: Object, old: Object) -> bool:
    """validateNodeSelectorTermHasOnlyAdditions: the old requirements first, in order."""
    for key in ("matchExpressions", "matchFields"):
        before, after = old.get(key) or [], new.get(key) or []
        if after[: len(before)] != before:
            return False
    return True


def _go_term(term: Object) -> Struct:
    """A NodeSelectorTerm as the internal Go type prints in an error: field names as Go
    spells them, a missing list as null."""

    def requirements(key: str) -> list[Struct] | None:
        found = term.get(key)
        if not found:
            return None
        return [
            Struct(Key=r.get("key", ""), Operator=r.get("operator", ""), Values=r.get("values"))
            for r in found
        ]

    return Struct(
        MatchExpressions=requirements("matchExpressions"),
        MatchFields=requirements("matchFields"),
    )


def _only_deleted_scheduling_gates(new: list[Object], old: list[Object]) -> list[FieldError]:
    """validateOnlyDeletedSchedulingGates: a gate may be removed, never added."""
    before = {gate.get("name") for gate in old}
    return [
        forbidden(
            f"spec.schedulingGates[{i}].name",
            f"only deletion is allowed, but found new scheduling gate '{gate.get('name', '')}'",
        )
        for i, gate in enumerate(new)
        if gate.get("name") not in before
    ]


def _mask_mutable(spec: Object) -> Object:
    masked = {
        **spec,
        "tolerations": None,
        "activeDeadlineSeconds": None,
        "terminationGracePeriodSeconds": None,
        "schedulingGates": None,
    }
    for key in ("containers", "initContainers"):
        masked[key] = [{**c, "image": None} for c in spec.get(key) or []]
    return masked


def validate_pod_template(template: Object, path: str) -> list[FieldError]:
    """ValidatePodTemplateSpec: note Kubernetes reports template labels at `<path>.labels`."""
    meta = template.get("metadata") or {}
    errors = labels.validate_labels(meta.get("labels") or {}, f"{path}.labels")
    errors += validate_annotations(meta.get("annotations") or {}, f"{path}.annotations")
    errors += validate_pod_spec(template.get("spec") or {}, f"{path}.spec")
    if (template.get("spec") or {}).get("ephemeralContainers"):
        detail = "ephemeral containers not allowed in pod template"
        errors.append(forbidden(f"{path}.spec.ephemeralContainers", detail))
    return errors


def validate_pod_spec(spec: Object, path: str) -> list[FieldError]:
    volumes, errors = _volumes(spec.get("volumes") or [], f"{path}.volumes")
    containers = spec.get("containers") or []
    if not containers:
        errors.append(required(f"{path}.containers"))
    grace = spec.get("terminationGracePeriodSeconds")
    restart = spec.get("restartPolicy", "")
    errors += _containers(containers, volumes, grace, restart, f"{path}.containers")
    inits = spec.get("initContainers") or []
    errors += _containers(inits, volumes, grace, restart, f"{path}.initContainers", init=True)
    errors += podresources.validate(spec, path, validate_resources)
    errors += _choice(spec.get("restartPolicy", ""), RESTART_POLICIES, f"{path}.restartPolicy")
    errors += _choice(spec.get("dnsPolicy", ""), DNS_POLICIES, f"{path}.dnsPolicy")
    errors += labels.validate_labels(spec.get("nodeSelector") or {}, f"{path}.nodeSelector")
    errors += poddns.validate(spec, path)
    errors += securityvalidation.validate_pod(spec, path)
    account = spec.get("serviceAccountName", "")
    errors += [
        invalid(f"{path}.serviceAccountName", account, d)
        for d in content.name_is_dns_subdomain(account)
        if account
    ]
    node = spec.get("nodeName", "")
    errors += [
        invalid(f"{path}.nodeName", node, d) for d in content.name_is_dns_subdomain(node) if node
    ]
    deadline = spec.get("activeDeadlineSeconds")
    if deadline is not None and not 1 <= deadline <= 2**31 - 1:
        errors.append(
            invalid(
                f"{path}.activeDeadlineSeconds",
                deadline,
                "must be between 1 and 2147483647, inclusive",
            )
        )
    errors += validate_tolerations(spec.get("tolerations") or [], f"{path}.tolerations")
    errors += nonnegative(
        spec.get("terminationGracePeriodSeconds", 0), f"{path}.terminationGracePeriodSeconds"
    )
    errors += _scheduling_gates(spec.get("schedulingGates") or [], f"{path}.schedulingGates")
    return errors


def _scheduling_gates(gates: list[Object], path: str) -> list[FieldError]:
    """validateSchedulingGates: each gate a qualified name, none twice."""
    errors: list[FieldError] = []
    seen: set[str] = set()
    for i, gate in enumerate(gates):
        name = gate.get("name", "")
        errors += labels.validate_label_name(name, f"{path}[{i}]")
        if name in seen:
            errors.append(duplicate(f"{path}[{i}]", name))
        seen.add(name)
    return errors


def _choice(value: str, supported: list[str], path: str) -> list[FieldError]:
    if value in supported:
        return []
    return [required(path)] if value == "" else [not_supported(path, value, supported)]


def _volumes(volumes: list[Object], path: str) -> tuple[set[str], list[FieldError]]:
    names: set[str] = set()
    errors: list[FieldError] = []
    for i, volume in enumerate(volumes):
        here, name = f"{path}[{i}]", volume.get("name", "")
        found = [k for k in volume if k != "name"]
        problems = [required(here, "must specify a volume type")] if not found else []
        problems += [
            forbidden(f"{here}.{k}", "may not specify more than 1 volume type") for k in found[1:]
        ]
        if found and isinstance(volume[found[0]], dict):
            kind = found[0]
            problems += configvalidation.validate_volume_source(
                kind, volume[kind], f"{here}.{kind}"
            )
        if not name:
            problems.append(required(f"{here}.name"))
        else:
            problems += [invalid(f"{here}.name", name, d) for d in content.dns1123_label(name)]
        if name in names:
            problems.append(duplicate(f"{here}.name", name))
        if not problems:
            names.add(name)
        errors += problems
    return names, errors


def _containers(
    containers: list[Object],
    volumes: set[str],
    grace: Any,
    restart: str,
    path: str,
    init: bool = False,
) -> list[FieldError]:
    """validateContainers, or validateInitContainers: each container, names unique, then
    hooks and probes (an init container's only when it is a sidecar)."""
    errors: list[FieldError] = []
    seen: set[str] = set()
    for i, container in enumerate(containers):
        here = f"{path}[{i}]"
        errors += validate_container(container, volumes, here, restart)
        if init:
            errors += probevalidation.validate_init_restart_policy(container, here)
        name = container.get("name", "")
        if name in seen:
            errors.append(duplicate(f"{here}.name", name))
        seen.add(name)
        errors += probevalidation.validate_hooks_and_probes(container, grace, here, init)
        if init and container.get("restartPolicy") != "Always":
            errors += _init_resize_policy(container.get("resizePolicy") or [], here)
    return errors


RESIZE_RESOURCES = ["cpu", "memory"]
RESIZE_RESTART_POLICIES = ["NotRequired", "RestartContainer"]


def _resize_policy(policies: list[Object], path: str, restart: str) -> list[FieldError]:
    """validateResizePolicy: each resource once, cpu or memory, with a restart policy it
    supports; none but NotRequired when the pod never restarts its containers."""
    errors: list[FieldError] = []
    seen: set[str] = set()
    for i, policy in enumerate(policies):
        name, action = policy.get("resourceName", ""), policy.get("restartPolicy", "")
        if name in seen:
            errors.append(duplicate(f"{path}[{i}]", name))
        seen.add(name)
        errors += _choice(name, RESIZE_RESOURCES, path)
        errors += _choice(action, RESIZE_RESTART_POLICIES, path)
        if restart == "Never" and action != "NotRequired":
            detail = "must be 'NotRequired' when pod `restartPolicy` is 'Never'"
            errors.append(invalid(path, action, detail))
    return errors


INIT_RESTART_TO_RESIZE = "must not be set to 'RestartContainer' for non-sidecar initContainers"


def _init_resize_policy(policies: list[Object], path: str) -> list[FieldError]:
    """validateInitContainers: an init container that runs to completion is never restarted
    to be resized."""
    detail = INIT_RESTART_TO_RESIZE
    return [
        invalid(f"{path}.resizePolicy[{j}].restartPolicy", p["restartPolicy"], detail)
        for j, p in enumerate(policies)
        if p.get("restartPolicy") == "RestartContainer"
    ]


def validate_container(
    container: Object, volumes: set[str], path: str, restart: str | None = None
) -> list[FieldError]:
    """validateContainerCommon; `restart`, the pod's restartPolicy, is None for an ephemeral
    container (which has no resizePolicy to check)."""
    name = container.get("name", "")
    errors = [required(f"{path}.name")] if not name else []
    errors += [invalid(f"{path}.name", name, d) for d in content.dns1123_label(name) if name]
    if not container.get("image"):
        errors.append(required(f"{path}.image"))
    policy = container.get("terminationMessagePolicy", "")
    errors += _choice(policy, TERMINATION_MESSAGE_POLICIES, f"{path}.terminationMessagePolicy")
    errors += _ports(container.get("ports") or [], f"{path}.ports")
    errors += configvalidation.validate_env(container.get("env") or [], f"{path}.env")
    errors += configvalidation.validate_env_from(container.get("envFrom") or [], f"{path}.envFrom")
    errors += _volume_mounts(container.get("volumeMounts") or [], volumes, f"{path}.volumeMounts")
    errors += _choice(
        container.get("imagePullPolicy", ""), PULL_POLICIES, f"{path}.imagePullPolicy"
    )
    errors += validate_resources(container.get("resources") or {}, f"{path}.resources")
    errors += securityvalidation.validate_container(
        container.get("securityContext"), f"{path}.securityContext"
    )
    if restart is not None:
        errors += _resize_policy(
            container.get("resizePolicy") or [], f"{path}.resizePolicy", restart
        )
    return errors


def _ports(ports: list[Object], path: str) -> list[FieldError]:
    errors: list[FieldError] = []
    names: set[str] = set()
    for i, port in enumerate(ports):
        here, name = f"{path}[{i}]", port.get("name", "")
        if name and name in names:
            errors.append(duplicate(f"{here}.name", name))
        names.add(name)
        number = port.get("containerPort", 0)
        if not number:
            errors.append(required(f"{here}.containerPort"))
        elif not 1 <= number <= 65535:
            errors.append(
                invalid(f"{here}.containerPort", number, "must be between 1 and 65535, inclusive")
            )
        errors += _choice(port.get("protocol", ""), PROTOCOLS, f"{here}.protocol")
    return errors


def _volume_mounts(mounts: list[Object], volumes: set[str], path: str) -> list[FieldError]:
    errors: list[FieldError] = []
    paths: set[str] = set()
    for i, mount in enumerate(mounts):
        here, name, where = f"{path}[{i}]", mount.get("name", ""), mount.get("mountPath", "")
        if not name:
            errors.append(required(f"{here}.name"))
        if name not in volumes:
            errors.append(not_found(f"{here}.name", name))
        if not where:
            errors.append(required(f"{here}.mountPath"))
        if where in paths:
            errors.append(invalid(f"{here}.mountPath", where, "must be unique"))
        paths.add(where)
        errors += configvalidation.validate_sub_path(mount, path, i)
    return errors


def validate_resources(resources: Object, path: str) -> list[FieldError]:
    """ValidateContainerResourceRequirements: valid quantities, requests no more than limits."""
    limits, requests = resources.get("limits") or {}, resources.get("requests") or {}
    errors = _quantities(limits, f"{path}.limits")
    errors += _quantities(requests, f"{path}.requests")
    for name, request in requests.items():
        if name not in limits or not _parses(request) or not _parses(limits[name]):
            continue
        if quantity.parse(request) > quantity.parse(limits[name]):
            limit = quantity.canonical(limits[name])
            detail = f"must be less than or equal to {name} limit of {limit}"
            errors.append(invalid(f"{path}.requests", quantity.canonical(request), detail))
    return errors


def _quantities(values: Object, path: str) -> list[FieldError]:
    errors: list[FieldError] = []
    for name, value in values.items():
        if not _parses(value):
            errors.append(invalid(f"{path}[{name}]", value, "must be a valid quantity"))
        elif quantity.parse(value) < 0:
            errors.append(invalid(f"{path}[{name}]", quantity.canonical(value), NEGATIVE))
    return errors


def _parses(value: Any) -> bool:
    return quantity.parsed(value) is not None


def validate_tolerations(tolerations: list[Object], path: str) -> list[FieldError]:
    errors: list[FieldError] = []
    for i, toleration in enumerate(tolerations):
        here, key = f"{path}[{i}]", toleration.get("key", "")
        operator = toleration.get("operator") or "Equal"
        if key:
            errors += labels.validate_label_name(key, f"{here}.key")
        elif operator != "Exists":
            detail = 'operator must be Exists when `key` is empty, which means "match all values and all keys"'
            errors.append(invalid(f"{here}.operator", operator, detail))
        if operator == "Exists" and toleration.get("value"):
            detail = "value must be empty when `operator` is 'Exists'"
            errors.append(invalid(f"{here}.operator", toleration, detail))
        elif operator not in ("Equal", "Exists"):
            errors.append(not_supported(f"{here}.operator", operator, ["Equal", "Exists"]))
        effect = toleration.get("effect", "")
        if effect and effect not in TAINT_EFFECTS:
            errors.append(not_supported(f"{here}.effect", effect, TAINT_EFFECTS))
    return errors


# -- core kinds ------------------------------------------------------------------------------


def _namespace(namespace: Object) -> list[FieldError]:
    return _spec_finalizers(namespace, "spec.finalizers", indexed=False)


def validate_namespace_finalize(namespace: Object, old: Object) -> list[FieldError]:
    """ValidateNamespaceFinalizeUpdate."""
    errors = validate_object_meta_update(namespace, old)
    return errors + _spec_finalizers(namespace, "spec.finalizers", indexed=True)


def _spec_finalizers(namespace: Object, path: str, indexed: bool) -> list[FieldError]:
    errors: list[FieldError] = []
    for i, name in enumerate((namespace.get("spec") or {}).get("finalizers") or []):
        here = f"{path}[{i}]" if indexed else path
        errors += [invalid(here, name, d) for d in content.label_key(name)]
        errors += _kube_finalizer(name, here)
    return errors


def _node(node: Object) -> list[FieldError]:
    errors: list[FieldError] = []
    for i, taint in enumerate((node.get("spec") or {}).get("taints") or []):
        here = f"spec.taints[{i}]"
        errors += labels.validate_label_name(taint.get("key", ""), f"{here}.key")
        errors += _choice(taint.get("effect", ""), TAINT_EFFECTS, f"{here}.effect")
    return errors


def _config_map(config_map: Object) -> list[FieldError]:
    errors: list[FieldError] = []
    data, binary = config_map.get("data") or {}, config_map.get("binaryData") or {}
    for key in data:
        errors += [invalid(f"data[{key}]", key, d) for d in content.config_map_key(key)]
        if key in binary:
            errors.append(invalid(f"data[{key}]", key, "duplicate of key present in binaryData"))
    for key in binary:
        errors += [invalid(f"binaryData[{key}]", key, d) for d in content.config_map_key(key)]
    size = sum(len(str(v)) for v in data.values()) + sum(
        len(str(v)) * 3 // 4 for v in binary.values()
    )
    if size > MAX_SECRET_SIZE:
        errors.append(too_long("", MAX_SECRET_SIZE))
    return errors


def _config_map_update(new: Object, old: Object) -> list[FieldError]:
    return _immutable_data(new, old, ("data", "binaryData"))


def _immutable_data(new: Object, old: Object, keys: tuple[str, ...]) -> list[FieldError]:
    if not old.get("immutable"):
        return []
    errors = [] if new.get("immutable") else [forbidden("immutable", IMMUTABLE_WHEN_SET)]
    return errors + [forbidden(k, IMMUTABLE_WHEN_SET) for k in keys if new.get(k) != old.get(k)]


SECRET_REQUIRED_KEYS = {
    "kubernetes.io/dockercfg": (".dockercfg",),
    "kubernetes.io/dockerconfigjson": (".dockerconfigjson",),
    "kubernetes.io/ssh-auth": ("ssh-privatekey",),
    "kubernetes.io/tls": ("tls.crt", "tls.key"),
}


def _secret(secret: Object) -> list[FieldError]:
    errors: list[FieldError] = []
    data = secret.get("data") or {}
    for key in data:
        errors += [invalid(f"data[{key}]", key, d) for d in content.config_map_key(key)]
    if sum(len(str(v)) * 3 // 4 for v in data.values()) > MAX_SECRET_SIZE:
        errors.append(too_long("data", MAX_SECRET_SIZE))
    kind = secret.get("type", "")
    annotations = (secret.get("metadata") or {}).get("annotations") or {}
    if kind == "kubernetes.io/service-account-token" and not annotations.get(
        "kubernetes.io/service-account.name"
    ):
        errors.append(required("metadata.annotations[kubernetes.io/service-account.name]"))
    if kind == "kubernetes.io/basic-auth" and not {"username", "password"} & set(data):
        errors += [required("data[username]"), required("data[password]")]
    for key in SECRET_REQUIRED_KEYS.get(kind, ()):
        if key not in data:
            errors.append(required(f"data[{key}]"))
            if kind != "kubernetes.io/tls":
                break
        elif kind in DOCKER_CONFIG_TYPES and (problem := _json_object_problem(data[key])):
            errors.append(invalid(f"data[{key}]", "<secret contents redacted>", problem))
    return errors


DOCKER_CONFIG_TYPES = ("kubernetes.io/dockercfg", "kubernetes.io/dockerconfigjson")
_GO_TYPES = {list: "array", str: "string", int: "number", float: "number", bool: "bool"}


def _json_object_problem(encoded: str) -> str:
    """What json.Unmarshal into a map[string]interface{} says of a Secret's value."""
    try:
        text = base64.b64decode(encoded).decode(errors="replace")
    except (binascii.Error, ValueError):
        return ""  # not base64: decoding the object refused it already
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        return gojson.go_json_error(text, error)
    if value is None or isinstance(value, dict):
        return ""
    return f"json: cannot unmarshal {_GO_TYPES[type(value)]} into Go value of type map[string]interface {{}}"


def _secret_update(new: Object, old: Object) -> list[FieldError]:
    errors = immutable(new.get("type"), old.get("type"), "type")
    return errors + _immutable_data(new, old, ("data",))


def _event(event: Object) -> list[FieldError]:
    """legacyValidateEvent for v1 Events: the namespaces of the event and its object agree."""
    errors: list[FieldError] = []
    namespace = (event.get("metadata") or {}).get("namespace", "")
    involved = (event.get("involvedObject") or {}).get("namespace", "")
    if not event.get("eventTime"):
        agree = namespace in ("", "default") if not involved else namespace == involved
        if not agree:
            errors.append(
                invalid("involvedObject.namespace", involved, "does not match event.namespace")
            )
    return errors


LIMIT_TYPES = ("Pod", "Container", "PersistentVolumeClaim")
_LIMIT_ORDER = (
    ("min", "max", "min", "min value {a} is greater than max value {b}", "min"),
    (
        "min",
        "defaultRequest",
        "defaultRequest",
        "min value {a} is greater than default request value {b}",
        "defaultRequest",
    ),
    (
        "defaultRequest",
        "max",
        "defaultRequest",
        "default request value {a} is greater than max value {b}",
        "defaultRequest",
    ),
    (
        "defaultRequest",
        "default",
        "defaultRequest",
        "default request value {a} is greater than default limit value {b}",
        "defaultRequest",
    ),
    ("min", "default", "default", "min value {a} is greater than default value {b}", "min"),
    ("default", "max", "default", "default value {a} is greater than max value {b}", "max"),
)


def _limit_range(limit_range: Object) -> list[FieldError]:
    errors: list[FieldError] = []
    seen: set[str] = set()
    for i, limit in enumerate((limit_range.get("spec") or {}).get("limits") or []):
        here, kind = f"spec.limits[{i}]", limit.get("type", "")
        if not kind:
            errors.append(required(f"{here}.type"))
        if kind in seen:
            errors.append(duplicate(f"{here}.type", kind))
        seen.add(kind)
        errors += _limit_quantities(limit, here)
    return errors


def _limit_quantities(limit: Object, path: str) -> list[FieldError]:
    errors: list[FieldError] = []
    sections = ("max", "min", "default", "defaultRequest", "maxLimitRequestRatio")
    for section in sections:
        errors += _quantities(limit.get(section) or {}, f"{path}.{section}")
    if errors:
        return errors
    if limit.get("type") == "Pod":
        for section in ("default", "defaultRequest"):
            if limit.get(section):
                errors.append(
                    forbidden(f"{path}.{section}", "may not be specified when `type` is 'Pod'")
                )
    names = sorted({k for s in sections for k in (limit.get(s) or {})})
    for name in names:
        for low, high, where, detail, shown in _LIMIT_ORDER:
            a, b = (limit.get(low) or {}).get(name), (limit.get(high) or {}).get(name)
            if a is not None and b is not None and quantity.parse(a) > quantity.parse(b):
                text = detail.format(a=quantity.canonical(a), b=quantity.canonical(b))
                value = quantity.canonical(a if shown == low else b)
                errors.append(invalid(f"{path}.{where}[{name}]", value, text))
    return errors


QUOTA_RESOURCES = (
    "pods", "services", "replicationcontrollers", "resourcequotas", "secrets", "configmaps",
    "persistentvolumeclaims", "services.nodeports", "services.loadbalancers", "cpu", "memory",
    "ephemeral-storage", "requests.cpu", "requests.memory", "requests.ephemeral-storage",
    "requests.storage", "limits.cpu", "limits.memory", "limits.ephemeral-storage",
)  # fmt: skip


QUOTA_SCOPES = (
    "Terminating", "NotTerminating", "BestEffort", "NotBestEffort", "PriorityClass",
    "CrossNamespacePodAffinity",
)  # fmt: skip
_POD_COUNT = frozenset({"pods"})
_POD_COMPUTE = frozenset(
    {"cpu", "memory", "limits.cpu", "limits.memory", "requests.cpu", "requests.memory"}
)
_CONFLICTING_SCOPES = ({"BestEffort", "NotBestEffort"}, {"Terminating", "NotTerminating"})


def _resource_quota(quota: Object) -> list[FieldError]:
    errors: list[FieldError] = []
    for section in ("spec.hard", "status.hard", "status.used"):
        part, key = section.split(".")
        errors += _quota_list((quota.get(part) or {}).get(key) or {}, section)
    return errors + _quota_scopes(quota.get("spec") or {})


def _quota_scopes(spec: Object) -> list[FieldError]:
    """validateResourceQuotaScopes: known scopes, each for resources it can restrict."""
    scopes = spec.get("scopes") or []
    errors: list[FieldError] = []
    for scope in scopes:
        if scope not in QUOTA_SCOPES:
            errors.append(invalid("spec.scopes", scopes, "unsupported scope"))
        for name in sorted(spec.get("hard") or {}):
            if name in QUOTA_RESOURCES and not _scope_restricts(scope, name):
                errors.append(
                    invalid("spec.scopes", scopes, "unsupported scope applied to resource")
                )
    errors += [
        invalid("spec.scopes", scopes, "conflicting scopes")
        for pair in _CONFLICTING_SCOPES
        if pair <= set(scopes)
    ]
    return errors


def _scope_restricts(scope: str, resource: str) -> bool:
    """IsResourceQuotaScopeValidForResource."""
    if scope == "BestEffort":
        return resource in _POD_COUNT
    if scope in QUOTA_SCOPES:
        return resource in _POD_COUNT or resource in _POD_COMPUTE
    return True


def _quota_list(values: Object, path: str) -> list[FieldError]:
    """ValidateResourceQuotaResourceName: a name with a slash (`count/pods`,
    `gold.storageclass.storage.k8s.io/requests.storage`) is a qualified name; one without is
    a standard quota resource."""
    errors: list[FieldError] = []
    for name in values:
        if "/" in name:
            errors += labels.validate_label_name(name, f"{path}[{name}]")
        elif name not in QUOTA_RESOURCES and not name.startswith(("requests.", "hugepages-")):
            errors.append(invalid(f"{path}[{name}]", name, "must be a standard resource for quota"))
    return errors + _quantities(values, path)


# -- apps ------------------------------------------------------------------------------------


def _replica_set(replica_set: Object) -> list[FieldError]:
    spec = replica_set.get("spec") or {}
    errors = nonnegative(spec.get("replicas", 0), "spec.replicas")
    errors += nonnegative(spec.get("minReadySeconds", 0), "spec.minReadySeconds")
    return errors + _selector_and_template(spec)


def _selector_and_template(spec: Object) -> list[FieldError]:
    """The selector is required, non-empty, valid, and matches the template's labels."""
    selector = spec.get("selector")
    errors: list[FieldError] = []
    if selector is None:
        errors.append(required("spec.selector"))
    else:
        errors += labels.validate_label_selector(selector, "spec.selector")
        if not selector.get("matchLabels") and not selector.get("matchExpressions"):
            errors.append(
                invalid("spec.selector", selector, "empty selector is invalid for deployment")
            )
    try:
        parsed = labels.from_label_selector(selector)
    except labels.SelectorError:
        return [*errors, invalid("spec.selector", selector, "invalid label selector")]
    return errors + _template_for(spec.get("template") or {}, parsed, "ReplicaSet")


def _replication_controller(controller: Object) -> list[FieldError]:
    """ValidateReplicationControllerSpec: its selector is a plain map, never empty, and the
    template is required."""
    spec = controller.get("spec") or {}
    errors = nonnegative(spec.get("minReadySeconds", 0), "spec.minReadySeconds")
    selector = spec.get("selector") or {}
    if not selector:
        errors.append(required("spec.selector"))
    errors += nonnegative(spec.get("replicas", 0), "spec.replicas")
    template = spec.get("template")
    if template is None:
        return [*errors, required("spec.template")]
    return errors + _template_for(template, labels.from_set(selector), "ReplicationController")


def _template_for(template: Object, selector: labels.Selector, kind: str) -> list[FieldError]:
    template_labels = (template.get("metadata") or {}).get("labels") or {}
    errors: list[FieldError] = []
    if not selector.empty and not selector.matches(template_labels):
        detail = "`selector` does not match template `labels`"
        errors.append(invalid("spec.template.metadata.labels", template_labels, detail))
    return errors + _always_running(template, kind)


def _always_running(template: Object, kind: str) -> list[FieldError]:
    """The template of pods that keep running (a ReplicaSet's, a DaemonSet's): restarted
    always, with no active deadline."""
    return validate_pod_template(template, "spec.template") + keeps_running(template, kind)


def keeps_running(template: Object, kind: str) -> list[FieldError]:
    """A workload's pods are restarted always, with no active deadline."""
    errors: list[FieldError] = []
    spec = template.get("spec") or {}
    if spec.get("restartPolicy") != "Always":
        path = "spec.template.spec.restartPolicy"
        errors.append(not_supported(path, spec.get("restartPolicy", ""), ["Always"]))
    if spec.get("activeDeadlineSeconds") is not None:
        detail = f"activeDeadlineSeconds in {kind} is not Supported"
        errors.append(forbidden("spec.template.spec.activeDeadlineSeconds", detail))
    return errors


def _selector_unchanged(new: Object, old: Object) -> list[FieldError]:
    """The strategies' check for apps/v1: a selector never changes."""
    return immutable(
        (new.get("spec") or {}).get("selector"),
        (old.get("spec") or {}).get("selector"),
        "spec.selector",
    )


def _deployment(deployment: Object) -> list[FieldError]:
    spec = deployment.get("spec") or {}
    errors = nonnegative(spec.get("replicas", 0), "spec.replicas")
    errors += _selector_and_template(spec)
    errors += _deployment_strategy(spec.get("strategy") or {})
    errors += nonnegative(spec.get("minReadySeconds", 0), "spec.minReadySeconds")
    errors += nonnegative(spec.get("revisionHistoryLimit", 0), "spec.revisionHistoryLimit")
    deadline = spec.get("progressDeadlineSeconds")
    if deadline is not None:
        errors += nonnegative(deadline, "spec.progressDeadlineSeconds")
        if deadline <= spec.get("minReadySeconds", 0):
            errors.append(
                invalid(
                    "spec.progressDeadlineSeconds", deadline, "must be greater than minReadySeconds"
                )
            )
    return errors


def _deployment_strategy(strategy: Object) -> list[FieldError]:
    kind = strategy.get("type", "")
    if kind == "Recreate":
        if strategy.get("rollingUpdate") is not None:
            detail = "may not be specified when strategy `type` is 'Recreate'"
            return [forbidden("spec.strategy.rollingUpdate", detail)]
        return []
    if kind != "RollingUpdate":
        return [not_supported("spec.strategy", strategy, ["Recreate", "RollingUpdate"])]
    rolling = strategy.get("rollingUpdate")
    if rolling is None:
        return [
            required("spec.strategy.rollingUpdate", "this should be defaulted and never be nil")
        ]
    path = "spec.strategy.rollingUpdate"
    unavailable, surge = rolling.get("maxUnavailable", 0), rolling.get("maxSurge", 0)
    errors = _int_or_percent(unavailable, f"{path}.maxUnavailable")
    errors += _int_or_percent(surge, f"{path}.maxSurge")
    if _int_or_percent_value(unavailable) == 0 and _int_or_percent_value(surge) == 0:
        errors.append(
            invalid(f"{path}.maxUnavailable", unavailable, "may not be 0 when `maxSurge` is 0")
        )
    if (
        isinstance(unavailable, str)
        and not content.percent(unavailable)
        and int(unavailable[:-1]) > 100
    ):
        errors.append(
            invalid(f"{path}.maxUnavailable", unavailable, "must not be greater than 100%")
        )
    return errors


def _int_or_percent(value: Any, path: str) -> list[FieldError]:
    if isinstance(value, str):
        return [invalid(path, value, d) for d in content.percent(value)]
    return nonnegative(value, path)


def _int_or_percent_value(value: Any) -> int:
    if isinstance(value, str):
        return 0 if content.percent(value) else int(value[:-1])
    return value


def _daemon_set(daemon_set: Object) -> list[FieldError]:
    """ValidateDaemonSetSpec."""
    spec = daemon_set.get("spec") or {}
    selector = spec.get("selector")
    errors: list[FieldError] = []
    if selector is None:
        errors.append(required("spec.selector"))
    else:
        errors += labels.validate_label_selector(selector, "spec.selector")
    template = spec.get("template") or {}
    template_labels = (template.get("metadata") or {}).get("labels") or {}
    try:
        parsed = labels.from_label_selector(selector)
    except labels.SelectorError:
        parsed = None
    if parsed is not None and not parsed.matches(template_labels):
        detail = "`selector` does not match template `labels`"
        errors.append(invalid("spec.template.metadata.labels", template_labels, detail))
    if (
        selector is not None
        and not selector.get("matchLabels")
        and not selector.get("matchExpressions")
    ):
        errors.append(invalid("spec.selector", selector, "empty selector is invalid for daemonset"))
    errors += _always_running(template, "DaemonSet")
    errors += nonnegative(spec.get("minReadySeconds", 0), "spec.minReadySeconds")
    errors += _daemon_set_strategy(spec.get("updateStrategy") or {})
    if spec.get("revisionHistoryLimit") is not None:
        errors += nonnegative(spec["revisionHistoryLimit"], "spec.revisionHistoryLimit")
    return errors


def _daemon_set_strategy(strategy: Object) -> list[FieldError]:
    """ValidateDaemonSetUpdateStrategy: exactly one of maxSurge and maxUnavailable is set."""
    kind = strategy.get("type", "")
    if kind == "OnDelete":
        return []
    if kind != "RollingUpdate":
        return [not_supported("spec.updateStrategy", strategy, ["RollingUpdate", "OnDelete"])]
    rolling = strategy.get("rollingUpdate")
    path = "spec.updateStrategy.rollingUpdate"
    if rolling is None:
        return [required(path)]
    unavailable, surge = rolling.get("maxUnavailable", 0), rolling.get("maxSurge", 0)
    errors = _int_or_percent(unavailable, f"{path}.maxUnavailable")
    errors += _int_or_percent(surge, f"{path}.maxSurge")
    for name, value in (("maxUnavailable", unavailable), ("maxSurge", surge)):
        if isinstance(value, str) and not content.percent(value) and int(value[:-1]) > 100:
            errors.append(invalid(f"{path}.{name}", value, "must not be greater than 100%"))
    has_unavailable = _int_or_percent_value(unavailable) != 0
    has_surge = _int_or_percent_value(surge) != 0
    if has_unavailable and has_surge:
        detail = "may not be set when maxUnavailable is non-zero"
        errors.append(invalid(f"{path}.maxSurge", surge, detail))
    elif not has_unavailable and not has_surge:
        errors.append(required(f"{path}.maxUnavailable", "cannot be 0 when maxSurge is 0"))
    return errors


def _controller_revision(revision: Object) -> list[FieldError]:
    """ValidateControllerRevisionCreate: a revision number and a JSON object of data."""
    errors = nonnegative(revision.get("revision", 0), "revision")
    data = revision.get("data")
    if data is None:
        errors.append(required("data", "data is mandatory"))
    elif not isinstance(data, dict):
        errors.append(required("data", "data must be a valid JSON object"))
    return errors


def _controller_revision_update(new: Object, old: Object) -> list[FieldError]:
    return immutable(new.get("data"), old.get("data"), "data")


# -- rbac and coordination -------------------------------------------------------------------


def _rules(role: Object, namespaced: bool) -> list[FieldError]:
    errors: list[FieldError] = []
    for i, rule in enumerate(role.get("rules") or []):
        errors += _policy_rule(rule, namespaced, f"rules[{i}]")
    return errors


def _policy_rule(rule: Object, namespaced: bool, path: str) -> list[FieldError]:
    errors: list[FieldError] = []
    if not rule.get("verbs"):
        errors.append(required(f"{path}.verbs", "verbs must contain at least one value"))
    urls = rule.get("nonResourceURLs") or []
    if urls:
        if namespaced:
            detail = "namespaced rules cannot apply to non-resource URLs"
            errors.append(invalid(f"{path}.nonResourceURLs", urls, detail))
        if rule.get("apiGroups") or rule.get("resources") or rule.get("resourceNames"):
            detail = "rules cannot apply to both regular resources and non-resource URLs"
            errors.append(invalid(f"{path}.nonResourceURLs", urls, detail))
        return errors
    if not rule.get("apiGroups"):
        errors.append(
            required(f"{path}.apiGroups", "resource rules must supply at least one api group")
        )
    if not rule.get("resources"):
        errors.append(
            required(f"{path}.resources", "resource rules must supply at least one resource")
        )
    return errors


def _binding(binding: Object, namespaced: bool) -> list[FieldError]:
    errors: list[FieldError] = []
    ref = binding.get("roleRef") or {}
    if ref.get("apiGroup", "") != RBAC_GROUP:
        errors.append(not_supported("roleRef.apiGroup", ref.get("apiGroup", ""), [RBAC_GROUP]))
    kinds = ["Role", "ClusterRole"] if namespaced else ["ClusterRole"]
    if ref.get("kind", "") not in kinds:
        errors.append(not_supported("roleRef.kind", ref.get("kind", ""), kinds))
    name = ref.get("name", "")
    if not name:
        errors.append(required("roleRef.name"))
    errors += [invalid("roleRef.name", name, d) for d in content.path_segment_name(name) if name]
    for i, subject in enumerate(binding.get("subjects") or []):
        errors += _subject(subject, namespaced, f"subjects[{i}]")
    return errors


def _binding_update(new: Object, old: Object) -> list[FieldError]:
    ref, before = new.get("roleRef") or {}, old.get("roleRef") or {}
    if ref == before:
        return []
    # the internal rbac.RoleRef has no json tags: encoding/json writes its Go field names
    value = {
        "APIGroup": ref.get("apiGroup", ""),
        "Kind": ref.get("kind", ""),
        "Name": ref.get("name", ""),
    }
    return [invalid("roleRef", value, "cannot change roleRef")]


def _subject(subject: Object, namespaced: bool, path: str) -> list[FieldError]:
    name, kind, group = (
        subject.get("name", ""),
        subject.get("kind", ""),
        subject.get("apiGroup", ""),
    )
    errors = [required(f"{path}.name")] if not name else []
    if kind == "ServiceAccount":
        errors += [
            invalid(f"{path}.name", name, d) for d in content.name_is_dns_subdomain(name) if name
        ]
        if group:
            errors.append(not_supported(f"{path}.apiGroup", group, [""]))
        if not namespaced and not subject.get("namespace"):
            errors.append(required(f"{path}.namespace"))
    elif kind in ("User", "Group"):
        if group != RBAC_GROUP:
            errors.append(not_supported(f"{path}.apiGroup", group, [RBAC_GROUP]))
    else:
        errors.append(not_supported(f"{path}.kind", kind, ["ServiceAccount", "User", "Group"]))
    return errors


def _lease(lease: Object) -> list[FieldError]:
    errors: list[FieldError] = []
    spec = lease.get("spec") or {}
    duration = spec.get("leaseDurationSeconds")
    if duration is not None and duration <= 0:
        errors.append(invalid("spec.leaseDurationSeconds", duration, "must be greater than 0"))
    transitions = spec.get("leaseTransitions")
    if transitions is not None:
        errors += nonnegative(transitions, "spec.leaseTransitions")
    return errors


# -- scheduling ------------------------------------------------------------------------------

SYSTEM_PRIORITY_CLASS_PREFIX = "system-"
HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000
PREEMPTION_POLICIES = ["Never", "PreemptLowerPriority"]
# scheduling.SystemPriorityClasses: name -> (value, globalDefault, description)
SYSTEM_PRIORITY_CLASSES = {
    "system-node-critical": (
        2_000_001_000,
        False,
        "Used for system critical pods that must not be moved from their current node.",
    ),
    "system-cluster-critical": (
        2_000_000_000,
        False,
        "Used for system critical pods that must run in the cluster, but can be moved to "
        "another node if necessary.",
    ),
}


def _known_system_priority_class(name: str, value: Any, global_default: bool) -> str:
    """IsKnownSystemPriorityClass: "" if it is one, else why not."""
    known = SYSTEM_PRIORITY_CLASSES.get(name)
    if known is None:
        return f"{name} is not a known system priority class"
    if known[0] != value:
        return f"value of {name} PriorityClass must be {known[0]}"
    if known[1] != global_default:
        return f"globalDefault of {name} PriorityClass must be {str(known[1]).lower()}"
    return ""


def _priority_class(pc: Object) -> list[FieldError]:
    """ValidatePriorityClass: `system-` names are reserved; user values are capped."""
    errors: list[FieldError] = []
    name, value = pc["metadata"].get("name", ""), pc.get("value")
    if name.startswith(SYSTEM_PRIORITY_CLASS_PREFIX):
        why = _known_system_priority_class(name, value, bool(pc.get("globalDefault")))
        if why:
            errors.append(
                forbidden(
                    "metadata.name",
                    f"priority class names with '{SYSTEM_PRIORITY_CLASS_PREFIX}' prefix are "
                    f"reserved for system use only. error: {why}",
                )
            )
    elif isinstance(value, int) and value > HIGHEST_USER_DEFINABLE_PRIORITY:
        errors.append(
            forbidden(
                "value",
                f"maximum allowed value of a user defined priority is "
                f"{HIGHEST_USER_DEFINABLE_PRIORITY}",
            )
        )
    policy = pc.get("preemptionPolicy")
    if policy is not None and policy not in PREEMPTION_POLICIES:
        errors.append(not_supported("preemptionPolicy", policy, PREEMPTION_POLICIES))
    return errors


def _priority_class_update(new: Object, old: Object) -> list[FieldError]:
    """ValidatePriorityClassUpdate: the value and the preemption policy never change."""
    errors: list[FieldError] = []
    if new.get("value") != old.get("value"):
        errors.append(forbidden("value", "may not be changed in an update."))
    errors += immutable(
        new.get("preemptionPolicy"), old.get("preemptionPolicy"), "preemptionPolicy"
    )
    return errors


# -- every kind ------------------------------------------------------------------------------


UNHEALTHY_POD_EVICTION_POLICIES = ("AlwaysAllow", "IfHealthyBudget")


def _pod_disruption_budget(pdb: Object) -> list[FieldError]:
    """ValidatePodDisruptionBudgetSpec (a create and an update alike: the spec may change)."""
    spec = pdb.get("spec") or {}
    errors: list[FieldError] = []
    if spec.get("minAvailable") is not None and spec.get("maxUnavailable") is not None:
        # the bad value is the internal PodDisruptionBudgetSpec, which has no JSON tags
        internal = Struct(
            MinAvailable=spec["minAvailable"],
            Selector=selector_struct(spec.get("selector")),
            MaxUnavailable=spec["maxUnavailable"],
            UnhealthyPodEvictionPolicy=spec.get("unhealthyPodEvictionPolicy"),
        )
        errors.append(
            invalid("spec", internal, "minAvailable and maxUnavailable cannot be both set")
        )
    for name in ("minAvailable", "maxUnavailable"):
        if spec.get(name) is not None:
            errors += _int_or_percent(spec[name], f"spec.{name}")
            errors += _not_more_than_100_percent(spec[name], f"spec.{name}")
    if spec.get("selector") is not None:
        errors += labels.validate_label_selector(spec["selector"], "spec.selector")
    policy = spec.get("unhealthyPodEvictionPolicy")
    if policy is not None and policy not in UNHEALTHY_POD_EVICTION_POLICIES:
        path = "spec.unhealthyPodEvictionPolicy"
        errors.append(not_supported(path, policy, list(UNHEALTHY_POD_EVICTION_POLICIES)))
    return errors


def selector_struct(selector: Object | None) -> Struct | None:
    """A metav1.LabelSelector as encoding/json writes it: its fields in their order."""
    if selector is None:
        return None
    keys = ("matchLabels", "matchExpressions")
    expressions = [
        Struct({k: e[k] for k in ("key", "operator", "values") if e.get(k)})
        for e in selector.get("matchExpressions") or ()
    ]
    found = {"matchLabels": selector.get("matchLabels"), "matchExpressions": expressions}
    return Struct({key: found[key] for key in keys if found[key]})


def _not_more_than_100_percent(value: Any, path: str) -> list[FieldError]:
    """IsNotMoreThan100Percent."""
    if isinstance(value, str) and not content.percent(value) and int(value[:-1]) > 100:
        return [invalid(path, value, "must not be greater than 100%")]
    return []


def validate_pod_disruption_budget_status(pdb: Object) -> list[FieldError]:
    """ValidatePodDisruptionBudgetStatusUpdate (policy/v1): conditions, and no negative count."""
    status = pdb.get("status") or {}
    errors = validate_conditions(status.get("conditions") or [], "status.conditions")
    for name in ("disruptionsAllowed", "currentHealthy", "desiredHealthy", "expectedPods"):
        errors += nonnegative(status.get(name, 0), f"status.{name}")
    return errors


CONDITION_STATUSES = ["False", "True", "Unknown"]
MAX_CONDITION_REASON, MAX_CONDITION_MESSAGE = 1024, 32 * 1024
_CONDITION_REASON = "[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?"
_CONDITION_REASON_RE = re.compile(f"^{_CONDITION_REASON}$")
_CONDITION_REASON_MESSAGE = (
    "a condition reason must start with alphabetic character, optionally followed by a string "
    "of alphanumeric characters or '_,:', and must end with an alphanumeric character or '_'"
)


def validate_conditions(conditions: list[Object], path: str) -> list[FieldError]:
    """metav1 ValidateConditions: each type once, each condition whole."""
    errors: list[FieldError] = []
    seen: set[str] = set()
    for index, condition in enumerate(conditions):
        at = f"{path}[{index}]"
        kind = condition.get("type", "")
        if kind in seen:
            errors.append(duplicate(f"{at}.type", kind))
        seen.add(kind)
        errors += _condition(condition, at)
    return errors


def _condition(condition: Object, path: str) -> list[FieldError]:
    """metav1 ValidateCondition."""
    errors = labels.validate_label_name(condition.get("type", ""), f"{path}.type")
    status = condition.get("status", "")
    if status not in CONDITION_STATUSES:
        errors.append(not_supported(f"{path}.status", status, CONDITION_STATUSES))
    generation = condition.get("observedGeneration", 0)
    if generation < 0:
        detail = "must be greater than or equal to zero"
        errors.append(invalid(f"{path}.observedGeneration", generation, detail))
    if not condition.get("lastTransitionTime"):
        errors.append(required(f"{path}.lastTransitionTime"))
    reason = condition.get("reason", "")
    if not reason:
        errors.append(required(f"{path}.reason"))
    elif not _CONDITION_REASON_RE.match(reason):
        message = content.regex_error(
            _CONDITION_REASON_MESSAGE,
            _CONDITION_REASON,
            *("my_name", "MY_NAME", "MyName", "ReasonA,ReasonB", "ReasonA:ReasonB"),
        )
        errors.append(invalid(f"{path}.reason", reason, message))
    if len(reason) > MAX_CONDITION_REASON:
        errors.append(too_long(f"{path}.reason", MAX_CONDITION_REASON))
    if len(condition.get("message", "")) > MAX_CONDITION_MESSAGE:
        errors.append(too_long(f"{path}.message", MAX_CONDITION_MESSAGE))
    return errors


def _none(_: Object) -> list[FieldError]:
    return []


def _no_update(_: Object, __: Object) -> list[FieldError]:
    return []


@dataclass(frozen=True, slots=True)
class Rules:
    """How one kind validates: its name rule, its body, and what only an update checks."""

    name_check: NameCheck = content.name_is_dns_subdomain
    body: Callable[[Object], list[FieldError]] = _none
    update: Callable[[Object, Object], list[FieldError]] = _no_update


RULES: dict[str, Rules] = {
    "Pod": Rules(body=_pod, update=_pod_update),
    "Namespace": Rules(content.name_is_dns_label, _namespace),
    "Node": Rules(body=_node),
    "ConfigMap": Rules(body=_config_map, update=_config_map_update),
    "Secret": Rules(body=_secret, update=_secret_update),
    "Event": Rules(body=_event),
    "LimitRange": Rules(body=_limit_range),
    "ResourceQuota": Rules(body=_resource_quota),
    "ReplicaSet": Rules(body=_replica_set, update=_selector_unchanged),
    "ReplicationController": Rules(body=_replication_controller),
    "PodTemplate": Rules(
        body=lambda obj: validate_pod_template(obj.get("template") or {}, "template")
    ),
    "Deployment": Rules(body=_deployment, update=_selector_unchanged),
    "DaemonSet": Rules(body=_daemon_set, update=_selector_unchanged),
    "StatefulSet": Rules(content.name_is_dns_label),
    "ControllerRevision": Rules(body=_controller_revision, update=_controller_revision_update),
    "Role": Rules(content.path_segment_name, lambda role: _rules(role, True)),
    "ClusterRole": Rules(content.path_segment_name, lambda role: _rules(role, False)),
    "RoleBinding": Rules(content.path_segment_name, lambda b: _binding(b, True), _binding_update),
    "ClusterRoleBinding": Rules(
        content.path_segment_name, lambda b: _binding(b, False), _binding_update
    ),
    "Lease": Rules(body=_lease),
    "IPAddress": Rules(lambda name, prefix=False: ipcidr.ip_problems(name)),
    "PriorityClass": Rules(body=_priority_class, update=_priority_class_update),
    "PodDisruptionBudget": Rules(body=_pod_disruption_budget),
    "Service": Rules(
        content.name_is_dns1035_label,
        servicevalidation.validate_service,
        servicevalidation.validate_service_update,
    ),
    "Endpoints": Rules(body=servicevalidation.validate_endpoints),
    "EndpointSlice": Rules(
        body=servicevalidation.validate_endpoint_slice,
        update=servicevalidation.validate_address_type_update,
    ),
}
_DEFAULT_RULES = Rules()


def validate(kind: str, obj: Object, namespaced: bool) -> list[FieldError]:
    """Validate an object being created."""
    rules = RULES.get(kind, _DEFAULT_RULES)
    return validate_object_meta(obj, namespaced, rules.name_check) + rules.body(obj)


def validate_update(kind: str, new: Object, old: Object) -> list[FieldError]:
    """Validate an update of `old` into `new` (ValidateObjectMetaUpdate, the body, then the
    checks only an update makes, such as immutable fields)."""
    rules = RULES.get(kind, _DEFAULT_RULES)
    return validate_object_meta_update(new, old) + rules.body(new) + rules.update(new, old)
