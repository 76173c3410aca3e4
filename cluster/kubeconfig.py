"""Kubeconfigs for the real kubectl and client libraries: one cluster, one user, one context,
named as kubeadm names them in admin.conf (cluster NAME, user `kubernetes-admin`, context
`kubernetes-admin@NAME`), so a learner finds what a kubeadm cluster would have given them.

The cluster entry also carries a `kubelab` extension, {server: KubeLab's address, cluster:
NAME}, by which the `kubectl lab` plugin finds where to send the clock's controls and faults
(cluster/labctl.py); kubectl keeps extensions it does not know and ignores them."""

from __future__ import annotations

import base64
import urllib.parse

import yaml

API_PREFIX = "k8s"
ADMIN_USER = "kubernetes-admin"
LAB_EXTENSION = "kubelab"


def server_url(api_url: str, owner: str, cluster: str) -> str:
    """The Kubernetes API of one owner's cluster under KubeLab's API address."""
    path = "/".join(urllib.parse.quote(part, safe="") for part in (API_PREFIX, owner, cluster))
    return f"{api_url.rstrip('/')}/{path}"


def kubeconfig(
    *, cluster: str, server: str, ca_pem: bytes, token: str, lab_server: str = ""
) -> str:
    """A kubeconfig (YAML) that trusts ca_pem and presents token as a bearer token; with
    lab_server, KubeLab's own address for `kubectl lab`."""
    context = f"{ADMIN_USER}@{cluster}"
    entry: dict[str, object] = {
        "certificate-authority-data": base64.b64encode(ca_pem).decode(),
        "server": server,
    }
    if lab_server:
        lab = {"server": lab_server.rstrip("/"), "cluster": cluster}
        entry["extensions"] = [{"name": LAB_EXTENSION, "extension": lab}]
    config = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": cluster, "cluster": entry}],
        "contexts": [{"name": context, "context": {"cluster": cluster, "user": ADMIN_USER}}],
        "current-context": context,
        "preferences": {},
        "users": [{"name": ADMIN_USER, "user": {"token": token}}],
    }
    # Sorted keys: the order in which kubectl and kubeadm write kubeconfigs.
    return yaml.safe_dump(config, sort_keys=True, default_flow_style=False)
