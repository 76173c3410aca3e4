"""The default storage kind installs in every cluster it makes (its node image's
default-storage manifest): the `local-path-storage` namespace, the provisioner's
ServiceAccount, ClusterRole and ClusterRoleBinding, its `local-path-config` ConfigMap, and
the `standard` StorageClass, marked default, whose claims rancher.io/local-path provisions
once their first pod is scheduled.

One deliberate difference, as with CoreDNS: the provisioner is a component, not a pod, so
there is no `local-path-provisioner` Deployment (and no helper pods making directories).
"""

from __future__ import annotations

from cluster.engine.api.meta import Object
from cluster.engine.client import Client, create_or_update

NAMESPACE = "local-path-storage"
SERVICE_ACCOUNT = "local-path-provisioner-service-account"
CLUSTER_ROLE = "local-path-provisioner-role"
PROVISIONER = "rancher.io/local-path"
STORAGE_CLASS = "standard"
BASE_PATH = "/var/local-path-provisioner"  # kind's nodePathMap: /var, not /opt
RBAC = "rbac.authorization.k8s.io"
CONFIG = f"""\
{{
        "nodePathMap":[
        {{
                "node":"DEFAULT_PATH_FOR_NON_LISTED_NODES",
                "paths":["{BASE_PATH}"]
        }}
        ]
}}"""
SETUP = '#!/bin/sh\nset -eu\nmkdir -m 0777 -p "$VOL_DIR"'
TEARDOWN = '#!/bin/sh\nset -eu\nrm -rf "$VOL_DIR"'
HELPER_POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: helper-pod
spec:
  containers:
  - name: helper-pod
    image: docker.io/kindest/local-path-helper:v20230510-486859a6
    imagePullPolicy: IfNotPresent"""


def _rule(groups: list[str], resources: list[str], verbs: list[str]) -> Object:
    return {"apiGroups": groups, "resources": resources, "verbs": verbs}


def objects() -> list[tuple[str, Object]]:
    """The manifest's objects, in its order, less the Deployment."""
    return [
        ("namespaces", {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NAMESPACE}}),
        (
            "serviceaccounts",
            {
                "apiVersion": "v1",
                "kind": "ServiceAccount",
                "metadata": {"name": SERVICE_ACCOUNT, "namespace": NAMESPACE},
            },
        ),
        (
            "clusterroles",
            {
                "apiVersion": f"{RBAC}/v1",
                "kind": "ClusterRole",
                "metadata": {"name": CLUSTER_ROLE},
                "rules": [
                    _rule(
                        [""],
                        ["nodes", "persistentvolumeclaims", "configmaps"],
                        ["get", "list", "watch"],
                    ),
                    _rule([""], ["endpoints", "persistentvolumes", "pods"], ["*"]),
                    _rule([""], ["events"], ["create", "patch"]),
                    _rule(["storage.k8s.io"], ["storageclasses"], ["get", "list", "watch"]),
                ],
            },
        ),
        (
            "clusterrolebindings",
            {
                "apiVersion": f"{RBAC}/v1",
                "kind": "ClusterRoleBinding",
                "metadata": {"name": "local-path-provisioner-bind"},
                "roleRef": {"apiGroup": RBAC, "kind": "ClusterRole", "name": CLUSTER_ROLE},
                "subjects": [
                    {"kind": "ServiceAccount", "name": SERVICE_ACCOUNT, "namespace": NAMESPACE}
                ],
            },
        ),
        (
            "storageclasses",
            {
                "apiVersion": "storage.k8s.io/v1",
                "kind": "StorageClass",
                "metadata": {
                    "name": STORAGE_CLASS,
                    "annotations": {"storageclass.kubernetes.io/is-default-class": "true"},
                },
                "provisioner": PROVISIONER,
                "volumeBindingMode": "WaitForFirstConsumer",
                "reclaimPolicy": "Delete",
            },
        ),
        (
            "configmaps",
            {
                "apiVersion": "v1",
                "kind": "ConfigMap",
                "metadata": {"name": "local-path-config", "namespace": NAMESPACE},
                "data": {
                    "config.json": CONFIG,
                    "setup": SETUP,
                    "teardown": TEARDOWN,
                    "helperPod.yaml": HELPER_POD,
                },
            },
        ),
    ]


def ensure(client: Client) -> None:
    """kind's `kubectl apply` of the manifest, on a cluster being made."""
    create_or_update(client, objects())
