"""Authorization: may this user do this verb on this resource?

The rules below are the default ClusterRoles that kube-apiserver bootstraps for the cluster's
own components (system:kube-scheduler, system:kube-controller-manager, and the Node
authorizer's rules for kubelets), and the superuser group system:masters.
"""

from __future__ import annotations

from dataclasses import dataclass

from cluster.engine.apiserver.authentication import UserInfo

MASTERS = "system:masters"
NODES = "system:nodes"
READ = ("get", "list", "watch")

# (resource or resource/subresource) -> verbs, per bootstrap role
_ROLES: dict[str, dict[str, tuple[str, ...]]] = {
    "system:kube-scheduler": {
        "pods": (*READ, "delete"),
        "pods/binding": ("create",),
        "pods/status": ("patch", "update"),
        "nodes": READ,
        "namespaces": READ,
        "events": ("create", "patch", "update"),
    },
    "system:kube-controller-manager": {
        "nodes": (*READ, "patch", "update"),
        "nodes/status": ("patch", "update"),
        "pods": (*READ, "create", "delete", "patch", "update"),
        "pods/status": ("patch", "update"),
        "namespaces": (*READ, "delete", "update"),
        "events": ("create", "patch", "update"),
    },
    "system:node": {
        "nodes": (*READ, "create", "patch", "update"),
        "nodes/status": ("patch", "update"),
        "pods": (*READ, "delete"),
        "pods/status": ("patch", "update"),
        "namespaces": ("get",),
        "events": ("create", "patch", "update"),
    },
}


@dataclass(frozen=True, slots=True)
class Decision:
    allowed: bool
    reason: str


def authorize(user: UserInfo, verb: str, resource: str, subresource: str) -> Decision:
    if MASTERS in user.groups:
        return Decision(True, f'RBAC: allowed to group "{MASTERS}" by ClusterRole "cluster-admin"')
    role = "system:node" if NODES in user.groups else user.name
    rules = _ROLES.get(role, {})
    target = f"{resource}/{subresource}" if subresource else resource
    if verb in rules.get(target, ()):
        return Decision(True, f'RBAC: allowed to user "{user.name}" by ClusterRole "{role}"')
    return Decision(False, f'RBAC: no rule allows "{user.name}" to {verb} {target}')
