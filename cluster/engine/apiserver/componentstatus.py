"""componentstatuses (deprecated since v1.19, still served): what kube-apiserver finds when
it checks kube-scheduler, kube-controller-manager and etcd. They run as long as the cluster
does, so each is Healthy."""

from __future__ import annotations

from cluster.engine.api.meta import Object

# (name, the component asked, the message of its answer)
CHECKS = (
    ("controller-manager", "kube-controller-manager", "ok"),
    ("scheduler", "kube-scheduler", "ok"),
    ("etcd-0", "etcd", '{"health":"true","reason":""}'),
)


def healthy(name: str, message: str) -> Object:
    return {
        "kind": "ComponentStatus",
        "apiVersion": "v1",
        "metadata": {"name": name},
        "conditions": [{"type": "Healthy", "status": "True", "message": message}],
    }


def listed(items: list[Object]) -> Object:
    return {"kind": "ComponentStatusList", "apiVersion": "v1", "metadata": {}, "items": items}
