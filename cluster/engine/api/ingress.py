"""Reading Ingresses and IngressClasses as Kubernetes' helpers do (pkg/apis/networking/util):
the class an Ingress names by annotation, a class's default mark."""

from __future__ import annotations

from cluster.engine.api.meta import Object

CLASS_ANNOTATION = "kubernetes.io/ingress.class"  # before spec.ingressClassName; deprecated
DEFAULT_CLASS = "ingressclass.kubernetes.io/is-default-class"


def is_default_class(ingress_class: Object) -> bool:
    """HasDefaultAnnotation: the annotation says "true"."""
    return (ingress_class["metadata"].get("annotations") or {}).get(DEFAULT_CLASS) == "true"
