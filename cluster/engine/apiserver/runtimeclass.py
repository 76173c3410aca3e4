"""The RuntimeClass admission plugin (plugin/pkg/admission/runtimeclass): a new pod naming a
RuntimeClass gets the class's overhead and scheduling (node selector, tolerations); a pod
naming a class that does not exist is refused, as is an overhead that is not its class's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cluster.engine.api import quantity
from cluster.engine.api.meta import Object
from cluster.engine.apiserver import errors

if TYPE_CHECKING:
    from cluster.engine.apiserver.admission import Attributes, Store

NOT_DEFINED = "pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead"
NO_MATCH = "pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead"


def admit(attrs: Attributes, store: Store) -> bool:
    """Admit: the class's overhead and scheduling written into the pod."""
    runtime_class = _prepare(attrs, store)
    if runtime_class is None:
        return False
    spec = attrs.obj["spec"]
    overhead = (runtime_class.get("overhead") or {}).get("podFixed")
    if runtime_class.get("overhead") is not None:
        if spec.get("overhead") is not None and not _same(spec["overhead"], overhead or {}):
            raise _forbidden(attrs, NO_MATCH)
        if overhead is not None:
            spec["overhead"] = dict(overhead)
    scheduling = runtime_class.get("scheduling")
    if scheduling is not None:
        _schedule(attrs, spec, scheduling)
    return True


def validate(attrs: Attributes, store: Store) -> bool:
    """Validate: the pod's overhead is its class's, or there is none."""
    if not _applies(attrs):
        return False
    runtime_class = _prepare(attrs, store)
    overhead = (runtime_class or {}).get("overhead")
    pod_overhead = attrs.obj["spec"].get("overhead")
    if overhead is not None:
        if not _same(overhead.get("podFixed") or {}, pod_overhead or {}):
            raise _forbidden(attrs, NO_MATCH)
    elif pod_overhead is not None:
        raise _forbidden(attrs, NOT_DEFINED)
    return runtime_class is not None


def _applies(attrs: Attributes) -> bool:
    return attrs.operation == "CREATE" and attrs.pods()


def _prepare(attrs: Attributes, store: Store) -> Object | None:
    """The RuntimeClass the pod names, if it names one; refused if there is none such."""
    if not _applies(attrs):
        return None
    name = attrs.obj["spec"].get("runtimeClassName")
    if not name:
        return None
    runtime_class = store.lookup("runtimeclasses", "", name)
    if runtime_class is None:
        raise _forbidden(attrs, f'pod rejected: RuntimeClass "{name}" not found')
    return runtime_class


def _schedule(attrs: Attributes, spec: Object, scheduling: Object) -> None:
    """setScheduling: the class's node selector joins the pod's (a label set to another
    value is a conflict), and its tolerations are merged in."""
    wanted = scheduling.get("nodeSelector") or {}
    selector = spec.get("nodeSelector")
    if selector is None:
        selector = dict(wanted) if scheduling.get("nodeSelector") is not None else None
    else:
        for key, value in wanted.items():
            if key in selector and selector[key] != value:
                raise _forbidden(
                    attrs,
                    f"conflict: runtimeClass.scheduling.nodeSelector[{key}] = {value}; "
                    f"pod.spec.nodeSelector[{key}] = {selector[key]}",
                )
            selector[key] = value
    if selector is not None:
        spec["nodeSelector"] = selector
    merged = merge_tolerations(spec.get("tolerations") or [], scheduling.get("tolerations") or [])
    if merged:
        spec["tolerations"] = merged


def merge_tolerations(first: list[Object], second: list[Object]) -> list[Object]:
    """MergeTolerations: both sets, less each toleration another one covers (of two equal
    ones, the first is kept)."""
    every = [*first, *second]
    merged: list[Object] = []
    for i, toleration in enumerate(every):
        if any(_superset(kept, toleration) for kept in merged):
            continue
        if any(t != toleration and _superset(t, toleration) for t in every[i + 1 :]):
            continue
        merged.append(toleration)
    return merged


def _superset(ss: Object, t: Object) -> bool:
    """isSuperset: `ss` tolerates whatever `t` does."""
    if ss == t:
        return True
    key, operator = ss.get("key", ""), ss.get("operator", "")
    if t.get("key", "") != key and (key or operator != "Exists"):
        return False
    effect = ss.get("effect", "")
    if t.get("effect", "") != effect and effect:
        return False
    if effect == "NoExecute" and ss.get("tolerationSeconds") is not None:
        seconds = t.get("tolerationSeconds")
        if seconds is None or seconds > ss["tolerationSeconds"]:
            return False
    if operator in ("Equal", ""):
        return t.get("operator") == "Equal" and t.get("value", "") == ss.get("value", "")
    return operator == "Exists"


def _same(a: Object, b: Object) -> bool:
    """Semantic equality of two resource lists: the same names, the same quantities."""
    if a.keys() != b.keys():
        return False
    return all(quantity.parse(str(a[k])) == quantity.parse(str(b[k])) for k in a)


def _forbidden(attrs: Attributes, reason: str) -> errors.StatusError:
    """admission.NewForbidden."""
    return errors.forbidden_reason(attrs.resource, attrs.display_name(), reason)
