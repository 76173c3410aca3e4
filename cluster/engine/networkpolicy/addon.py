"""kind's default CNI manifest (pkg/build/nodeimage/const_cni.go), as the request bodies its
`kubectl apply` sends: the `kindnet` ClusterRole (nodes, pods, namespaces and
NetworkPolicies to list and watch), its ClusterRoleBinding, and the ServiceAccount.

Not the DaemonSet: KubeLab runs kindnet as a component of each node (agent.py), not as pods;
the component's client acts as the ServiceAccount (USER, GROUPS).
"""

from __future__ import annotations

from cluster.engine.api.meta import Object
from cluster.engine.client import Client, create_or_update

NAMESPACE = "kube-system"
NAME = "kindnet"  # the ClusterRole, its binding, and the ServiceAccount
USER = f"system:serviceaccount:{NAMESPACE}:{NAME}"
GROUPS = ("system:serviceaccounts", f"system:serviceaccounts:{NAMESPACE}")
RBAC = "rbac.authorization.k8s.io"


def objects() -> list[tuple[str, Object]]:
    """The manifest's objects, in its order."""
    role = {
        "kind": "ClusterRole",
        "apiVersion": f"{RBAC}/v1",
        "metadata": {"name": NAME},
        "rules": [
            {
                "apiGroups": ["policy"],
                "resources": ["podsecuritypolicies"],
                "verbs": ["use"],
                "resourceNames": [NAME],
            },
            {
                "apiGroups": [""],
                "resources": ["nodes", "pods", "namespaces"],
                "verbs": ["list", "watch"],
            },
            {
                "apiGroups": ["networking.k8s.io"],
                "resources": ["networkpolicies"],
                "verbs": ["list", "watch"],
            },
        ],
    }
    binding = {
        "kind": "ClusterRoleBinding",
        "apiVersion": f"{RBAC}/v1",
        "metadata": {"name": NAME},
        "roleRef": {"apiGroup": RBAC, "kind": "ClusterRole", "name": NAME},
        "subjects": [{"kind": "ServiceAccount", "name": NAME, "namespace": NAMESPACE}],
    }
    account = {
        "apiVersion": "v1",
        "kind": "ServiceAccount",
        "metadata": {"name": NAME, "namespace": NAMESPACE},
    }
    return [("clusterroles", role), ("clusterrolebindings", binding), ("serviceaccounts", account)]


def ensure(client: Client) -> None:
    """kind's `kubectl apply` of the manifest, on a cluster being made."""
    create_or_update(client, objects())
