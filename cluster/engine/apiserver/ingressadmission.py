"""DefaultIngressClass (plugin/pkg/admission/network/defaultingressclass): a new Ingress that
names no class gets the class marked default, when there is one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cluster.engine.api.ingress import CLASS_ANNOTATION, is_default_class
from cluster.engine.api.meta import newest

if TYPE_CHECKING:
    from cluster.engine.apiserver.admission import Attributes, Store


def default_ingress_class(attrs: Attributes, store: Store) -> bool:
    """Admit: on create only; an Ingress with spec.ingressClassName, or the class annotation,
    keeps what it asked for."""
    ingress = attrs.obj
    if attrs.operation != "CREATE" or attrs.subresource or ingress is None:
        return False
    spec = ingress.setdefault("spec", {})
    annotations = ingress["metadata"].get("annotations") or {}
    if spec.get("ingressClassName") is not None or CLASS_ANNOTATION in annotations:
        return False
    found = newest([c for c in store.objects("ingressclasses", "") if is_default_class(c)])
    if found is None:
        return False
    spec["ingressClassName"] = found["metadata"]["name"]
    return True
