"""The kubeconfig the built-in kubectl notionally runs with: kubeadm's admin.conf for the
cluster (cluster `kubernetes`, user `kubernetes-admin` with the admin's bearer token, context
`kubernetes-admin@kubernetes`, the server at the control-plane node's address).

The built-in kubectl reaches kube-apiserver inside the process that hosts the cluster, with
no TLS, so its kubeconfig holds no certificate authority; the real kubectl's (from
`kubelab kubeconfig NAME`) does.
"""

from __future__ import annotations

from cluster.engine.api.meta import Object
from cluster.engine.cluster import DEFAULT_NODES
from cluster.kubectl.context import Context

CLUSTER = "kubernetes"
USER = "kubernetes-admin"
CONTEXT = f"{USER}@{CLUSTER}"
API_PORT = 6443
SERVER = next(f"https://{n.internal_ip}:{API_PORT}" for n in DEFAULT_NODES if n.control_plane)
# what ShortenConfig puts in place of secrets
DATA_OMITTED = "DATA+OMITTED"
REDACTED = "REDACTED"
_DATA = ("certificate-authority-data", "client-certificate-data", "client-key-data")
_SECRETS = ("token", "password")


def config(ctx: Context) -> Object:
    """The whole kubeconfig, secrets included."""
    token = ctx.credential.value if ctx.credential and ctx.credential.kind == "token" else ""
    return {
        "apiVersion": "v1",
        "clusters": [{"cluster": {"server": SERVER}, "name": CLUSTER}],
        "contexts": [{"context": {"cluster": CLUSTER, "user": USER}, "name": CONTEXT}],
        "current-context": CONTEXT,
        "kind": "Config",
        "preferences": {},
        "users": [{"name": USER, "user": {"token": token} if token else {}}],
    }


def shortened(kubeconfig: Object) -> Object:
    """ShortenConfig: certificate and key data as DATA+OMITTED, tokens and passwords
    REDACTED."""
    for entry in kubeconfig["clusters"]:
        _hide(entry["cluster"])
    for entry in kubeconfig["users"]:
        _hide(entry["user"])
    return kubeconfig


def _hide(fields: Object) -> None:
    for key in fields:
        if key in _DATA and fields[key]:
            fields[key] = DATA_OMITTED
        elif key in _SECRETS and fields[key]:
            fields[key] = REDACTED
