"""The PodSecurity admission plugin (pod-security-admission/admission): a pod is refused
when it breaks its namespace's `enforce` level, and whoever writes it is warned of what
breaks the `warn` level. A pod controller (a Deployment, a Job, ...) is never refused: its
template is only warned of. A namespace given a stricter enforce level is allowed, with a
warning naming the pods already there that break it.

kube-apiserver's defaults ask for privileged:latest everywhere and exempt nothing, so only
labelled namespaces are judged. Audit annotations are left out: this cluster keeps no audit
log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cluster.engine.api.field import FieldError
from cluster.engine.api.meta import Object
from cluster.engine.apiserver import errors
from cluster.engine.apiserver.podsecurity import baseline, restricted
from cluster.engine.apiserver.podsecurity.api import (
    PRIVILEGED,
    LevelVersion,
    Policy,
    compare_levels,
    policy_to_evaluate,
)
from cluster.engine.apiserver.podsecurity.registry import Aggregate, Evaluator, aggregate

if TYPE_CHECKING:
    from cluster.engine.apiserver.admission import Attributes, Store

NAMESPACE_MAX_PODS_TO_CHECK = 3000
POD_CONTROLLERS = frozenset(
    {
        "replicationcontrollers",
        "podtemplates",
        "replicasets",
        "deployments",
        "statefulsets",
        "daemonsets",
        "jobs",
        "cronjobs",
    }
)
RESOURCES = POD_CONTROLLERS | {"pods", "namespaces"}
IGNORED_POD_SUBRESOURCES = frozenset(
    {"exec", "attach", "binding", "eviction", "log", "portforward", "proxy", "status"}
)
EVALUATOR = Evaluator(baseline.CHECKS + restricted.CHECKS)


def validate(attrs: Attributes, store: Store) -> bool:
    """Validate, for creates and updates; True when a policy other than privileged was
    applied."""
    if attrs.operation not in ("CREATE", "UPDATE") or attrs.obj is None:
        return False
    if attrs.resource.name == "namespaces":
        return _namespace(attrs, store)
    if attrs.resource.name == "pods":
        return _pod(attrs, store)
    return _pod_controller(attrs, store)


# -- namespaces ----------------------------------------------------------------------------


def _namespace(attrs: Attributes, store: Store) -> bool:
    """ValidateNamespace: labels that name no level or version are invalid (unless they
    were already); a stricter enforce level is checked against the pods already there."""
    if attrs.subresource:
        return False
    policy, problems = policy_to_evaluate(_labels(attrs.obj))
    if attrs.operation == "CREATE" or attrs.old is None:
        if problems:
            raise _invalid(attrs, problems)
        return False
    old_policy, old_problems = policy_to_evaluate(_labels(attrs.old))
    if problems and [str(p) for p in problems] != [str(p) for p in old_problems]:
        raise _invalid(attrs, problems)
    new, old = policy.enforce, old_policy.enforce
    if new == old or new.level == PRIVILEGED:
        return False
    if new.version == old.version and compare_levels(new.level, old.level) < 1:
        return False
    for warning in _existing_pods(store, attrs.name or attrs.display_name(), new):
        store.warn(warning)
    return True


def _invalid(attrs: Attributes, problems: list[FieldError]) -> errors.StatusError:
    return errors.invalid(attrs.resource, attrs.display_name(), [p.cause() for p in problems])


def _existing_pods(store: Store, namespace: str, enforce: LevelVersion) -> list[str]:
    """EvaluatePodsInNamespace: one warning per distinct violation, naming a pod with it
    and how many others; one pod per controller is checked before the rest of its pods."""
    pods = _prioritized(store.objects("pods", namespace))
    total, pods = len(pods), pods[:NAMESPACE_MAX_PODS_TO_CHECK]
    first: dict[str, str] = {}
    counts: dict[str, int] = {}
    for pod in pods:
        result = aggregate(EVALUATOR.evaluate_pod(enforce, pod["metadata"], pod["spec"]))
        if result.allowed:
            continue
        reason, name = result.reason(), pod["metadata"]["name"]
        first[reason] = min(first.get(reason, name), name)
        counts[reason] = counts.get(reason, 0) + 1
    warnings = []
    if len(pods) < total:
        warnings.append(
            "new PodSecurity enforce level only checked against the first "
            f"{len(pods)} of {total} existing pods"
        )
    if first:
        warnings.append(
            f'existing pods in namespace "{namespace}" violate the new PodSecurity enforce '
            f'level "{enforce}"'
        )
    return warnings + sorted(_decorated(first[r], counts[r], r) for r in first)


def _decorated(name: str, count: int, reason: str) -> str:
    if count == 1:
        return f"{name}: {reason}"
    others = "1 other pod" if count == 2 else f"{count - 1} other pods"
    return f"{name} (and {others}): {reason}"


def _prioritized(pods: list[Object]) -> list[Object]:
    """prioritizePods: pods of no controller and the first of each controller, then the
    rest of the controllers' pods."""
    first, rest, seen = [], [], set()
    for pod in pods:
        owner = next(
            (r for r in pod["metadata"].get("ownerReferences") or () if r.get("controller")),
            None,
        )
        if owner is not None and owner.get("uid") in seen:
            rest.append(pod)
            continue
        if owner is not None:
            seen.add(owner.get("uid"))
        first.append(pod)
    return first + rest


# -- pods and their controllers ------------------------------------------------------------


def _pod(attrs: Attributes, store: Store) -> bool:
    """ValidatePod: enforced on a create, and on an update that changes an image or adds a
    container."""
    if attrs.subresource in IGNORED_POD_SUBRESOURCES:
        return False
    policy, problems = _policy_of(attrs, store)
    if not problems and policy.fully_privileged:
        return False
    if attrs.operation == "UPDATE" and not _significant_update(attrs.obj, attrs.old or {}):
        return False
    pod = attrs.obj
    _evaluate(attrs, store, policy, pod.get("metadata") or {}, pod.get("spec") or {}, True)
    return True


def _pod_controller(attrs: Attributes, store: Store) -> bool:
    """ValidatePodController: a controller's pod template is warned of, never refused."""
    if attrs.subresource:
        return False
    policy, problems = _policy_of(attrs, store)
    if not problems and policy.warn.level == PRIVILEGED and policy.audit.level == PRIVILEGED:
        return False
    template = _template(attrs.resource.kind, attrs.obj)
    if template is None:
        return False
    meta, spec = template.get("metadata") or {}, template.get("spec") or {}
    _evaluate(attrs, store, policy, meta, spec, False)
    return True


def _policy_of(attrs: Attributes, store: Store) -> tuple[Policy, list[FieldError]]:
    namespace = store.lookup("namespaces", "", attrs.namespace) or {}
    return policy_to_evaluate(_labels(namespace))


def _evaluate(
    attrs: Attributes, store: Store, policy: Policy, meta: Object, spec: Object, enforce: bool
) -> None:
    """EvaluatePod: refuse what breaks the enforce level, warn of what breaks warn's."""
    enforced = _judge(policy.enforce, meta, spec) if enforce else None
    if enforced is not None and not enforced.allowed:
        raise errors.forbidden_reason(
            attrs.resource,
            attrs.display_name(),
            f'violates PodSecurity "{policy.enforce}": {enforced.detail()}',
        )
    if enforced is not None and policy.warn == policy.enforce:
        return  # judged already, and allowed
    warned = _judge(policy.warn, meta, spec)
    if not warned.allowed:
        store.warn(f'would violate PodSecurity "{policy.warn}": {warned.detail()}')


def _judge(lv: LevelVersion, meta: Object, spec: Object) -> Aggregate:
    return aggregate(EVALUATOR.evaluate_pod(lv, meta, spec))


def _template(kind: str, obj: Object) -> Object | None:
    """ExtractPodSpec: where each kind keeps the template of its pods."""
    if kind == "PodTemplate":
        return obj.get("template") or {}
    spec = obj.get("spec") or {}
    if kind == "CronJob":
        return ((spec.get("jobTemplate") or {}).get("spec") or {}).get("template") or {}
    if kind == "ReplicationController":
        return spec.get("template")  # the one kind whose template may be missing
    return spec.get("template") or {}


def _significant_update(pod: Object, old: Object) -> bool:
    """isSignificantPodUpdate: a container added or removed, an image changed, an
    ephemeral container added or given another image."""
    spec, old_spec = pod.get("spec") or {}, old.get("spec") or {}
    for key in ("containers", "initContainers"):
        new_list, old_list = spec.get(key) or [], old_spec.get(key) or []
        if len(new_list) != len(old_list):
            return True
        if any(a.get("image") != b.get("image") for a, b in zip(new_list, old_list, strict=True)):
            return True
    before = {c.get("name"): c.get("image") for c in old_spec.get("ephemeralContainers") or ()}
    return any(
        c.get("name") not in before or before[c.get("name")] != c.get("image")
        for c in spec.get("ephemeralContainers") or ()
    )


def _labels(obj: Object) -> dict[str, str]:
    return (obj.get("metadata") or {}).get("labels") or {}
