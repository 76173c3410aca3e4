"""Discovery, as kube-apiserver serves it: the aggregated documents (apidiscovery.k8s.io/v2)
that kubectl asks for first, and the legacy APIVersions, APIGroupList, APIGroup and
APIResourceList. Everything is built from the engine's resources, so a resource the engine
serves is discoverable and nothing else is."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import Any

import orjson

from cluster.engine.api import resources
from cluster.engine.api.resources import Resource

Document = dict[str, Any]

AGGREGATED_KIND = "APIGroupDiscoveryList"
AGGREGATED_API_VERSION = "apidiscovery.k8s.io/v2"
CORE_VERSION = "v1"
# Where kube-apiserver ranks each group (its APIService priorities): higher first, then by name.
GROUP_PRIORITIES = {
    "": 18000,
    "apps": 17800,
    "events.k8s.io": 17750,
    "authentication.k8s.io": 17700,
    "authorization.k8s.io": 17600,
    "autoscaling": 17500,
    "batch": 17400,
    "certificates.k8s.io": 17300,
    "networking.k8s.io": 17200,
    "policy": 17100,
    "rbac.authorization.k8s.io": 17000,
    "storage.k8s.io": 16800,
    "admissionregistration.k8s.io": 16700,
    "apiextensions.k8s.io": 16700,
    "scheduling.k8s.io": 16600,
    "coordination.k8s.io": 16500,
    "node.k8s.io": 16300,
    "discovery.k8s.io": 16200,
    "flowcontrol.apiserver.k8s.io": 16100,
    "metrics.k8s.io": 100,  # metrics-server's APIService: groupPriorityMinimum 100
}
STATUS_VERBS = ("get", "patch", "update")


@dataclass(frozen=True, slots=True)
class Subresource:
    """What a subresource answers with (None: its parent's kind) and the verbs it serves."""

    verbs: tuple[str, ...]
    kind: str | None = None
    group: str | None = None  # None: the parent's group and version
    version: str = "v1"


PROXY_VERBS = ("create", "delete", "get", "patch", "update")
SUBRESOURCES = {
    "status": Subresource(STATUS_VERBS),
    "scale": Subresource(STATUS_VERBS, "Scale", "autoscaling"),
    "binding": Subresource(("create",), "Binding", ""),
    "eviction": Subresource(("create",), "Eviction", "policy"),
    "log": Subresource(("get",)),
    "finalize": Subresource(("update",)),
    "ephemeralcontainers": Subresource(STATUS_VERBS),
    "resize": Subresource(STATUS_VERBS),
    "exec": Subresource(("create", "get"), "PodExecOptions", ""),
    "attach": Subresource(("create", "get"), "PodAttachOptions", ""),
    "portforward": Subresource(("create", "get"), "PodPortForwardOptions", ""),
    "proxy": Subresource(PROXY_VERBS, "PodProxyOptions", ""),
}


def group_names() -> list[str]:
    """The named groups served, in kube-apiserver's order of preference."""
    names = {r.group for r in resources.all_resources() if r.group}
    return sorted(names, key=lambda name: (-GROUP_PRIORITIES.get(name, 0), name))


def _served(group: str, version: str) -> list[Resource]:
    found = [r for r in resources.all_resources() if (r.group, r.version) == (group, version)]
    return sorted(found, key=lambda r: r.name)


def _versions(group: str) -> list[str]:
    return sorted({r.version for r in resources.all_resources() if r.group == group}, reverse=True)


def _verbs(resource: Resource) -> list[str]:
    return sorted(resource.verbs or resources.ALL_VERBS)


def _scope(resource: Resource) -> str:
    return "Namespaced" if resource.namespaced else "Cluster"


def _gvk(group: str, version: str, kind: str) -> dict[str, str]:
    return {"group": group, "version": version, "kind": kind}


def _subresource_gvk(resource: Resource, name: str) -> dict[str, str]:
    sub = SUBRESOURCES.get(name, Subresource(STATUS_VERBS))
    if name == "proxy":  # PodProxyOptions, NodeProxyOptions, ServiceProxyOptions
        sub = Subresource(sub.verbs, f"{resource.kind}ProxyOptions", sub.group)
    if sub.group is None:
        return _gvk(resource.group, resource.version, sub.kind or resource.kind)
    return _gvk(sub.group, sub.version, sub.kind or resource.kind)


def _subresource_verbs(name: str) -> list[str]:
    return list(SUBRESOURCES.get(name, Subresource(STATUS_VERBS)).verbs)


def storage_version_hash(resource: Resource) -> str:
    """discovery.StorageVersionHash: the first 8 bytes of sha256("group/version/Kind")."""
    digest = hashlib.sha256(f"{resource.group}/{resource.version}/{resource.kind}".encode())
    return base64.b64encode(digest.digest()[:8]).decode()


def _with_optional(entry: Document, resource: Resource) -> Document:
    """shortNames and categories, left out when empty (omitempty)."""
    if resource.short_names:
        entry["shortNames"] = list(resource.short_names)
    categories = resources.categories(resource)
    if categories:
        entry["categories"] = list(categories)
    return entry


def root_paths() -> Document:
    """GET /: every path this server serves below its root, sorted."""
    served = ["/api", "/api/v1", "/apis", "/apis/", "/healthz", "/livez", "/readyz", "/version"]
    served += ["/openapi/v2", "/openapi/v3", "/openapi/v3/"]
    for group in group_names():
        served += [f"/apis/{group}", *(f"/apis/{group}/{v}" for v in _versions(group))]
    return {"paths": sorted(served)}


# -- aggregated discovery (apidiscovery.k8s.io/v2) --------------------------------------


def _resource_discovery(resource: Resource) -> Document:
    entry: Document = {
        "resource": resource.name,
        "responseKind": _gvk(resource.group, resource.version, resource.kind),
        "scope": _scope(resource),
        "singularResource": resource.singular_name,
        "verbs": _verbs(resource),
    }
    _with_optional(entry, resource)
    if resource.subresources:
        entry["subresources"] = [
            {
                "subresource": name,
                "responseKind": _subresource_gvk(resource, name),
                "verbs": _subresource_verbs(name),
            }
            for name in sorted(resource.subresources)
        ]
    return entry


def _group_discovery(group: str) -> Document:
    metadata = {"name": group} if group else {}
    versions = [
        {
            "version": version,
            "resources": [_resource_discovery(r) for r in _served(group, version)],
            "freshness": "Current",
        }
        for version in _versions(group)
    ]
    return {"metadata": metadata, "versions": versions}


def aggregated(core: bool) -> Document:
    """The APIGroupDiscoveryList of /api (the core group) or of /apis (every named group)."""
    groups = [""] if core else group_names()
    return {
        "kind": AGGREGATED_KIND,
        "apiVersion": AGGREGATED_API_VERSION,
        "metadata": {},
        "items": [_group_discovery(group) for group in groups],
    }


def etag(document: Document) -> str:
    """The aggregated document's ETag (aggregated.calculateETag): SHA-512 of its JSON, in
    upper-case hex, quoted."""
    return '"' + hashlib.sha512(orjson.dumps(document)).hexdigest().upper() + '"'


# -- legacy discovery --------------------------------------------------------------------


def api_versions(server_address: str) -> Document:
    """/api: the core group's versions, and where clients reach the server."""
    return {
        "kind": "APIVersions",
        "versions": [CORE_VERSION],
        "serverAddressByClientCIDRs": [
            {"clientCIDR": "0.0.0.0/0", "serverAddress": server_address}
        ],
    }


def _group_version(group: str, version: str) -> dict[str, str]:
    return {"groupVersion": f"{group}/{version}", "version": version}


def _api_group(group: str) -> Document:
    versions = [_group_version(group, v) for v in _versions(group)]
    return {"name": group, "versions": versions, "preferredVersion": versions[0]}


def group_list() -> Document:
    """/apis: every named group."""
    return {
        "kind": "APIGroupList",
        "apiVersion": "v1",
        "groups": [_api_group(group) for group in group_names()],
    }


def api_group(group: str) -> Document | None:
    """/apis/<group>, or None if no such group is served."""
    if group not in group_names():
        return None
    return {"kind": "APIGroup", "apiVersion": "v1", **_api_group(group)}


def _api_resource(resource: Resource) -> Document:
    entry: Document = {
        "name": resource.name,
        "singularName": resource.singular_name,
        "namespaced": resource.namespaced,
        "kind": resource.kind,
        "verbs": _verbs(resource),
    }
    _with_optional(entry, resource)
    entry["storageVersionHash"] = storage_version_hash(resource)
    return entry


def _api_subresource(resource: Resource, name: str) -> Document:
    gvk = _subresource_gvk(resource, name)
    entry: Document = {
        "name": f"{resource.name}/{name}",
        "singularName": "",
        "namespaced": resource.namespaced,
    }
    if (gvk["group"], gvk["version"]) != (resource.group, resource.version):
        entry.update(group=gvk["group"], version=gvk["version"])
    entry.update(kind=gvk["kind"], verbs=_subresource_verbs(name))
    return entry


def resource_list(group: str, version: str) -> Document | None:
    """/api/v1 or /apis/<group>/<version>: the resources and subresources served there."""
    served = _served(group, version)
    if not served:
        return None
    entries: list[Document] = []
    for resource in served:
        entries.append(_api_resource(resource))
        entries.extend(_api_subresource(resource, name) for name in sorted(resource.subresources))
    document: Document = {"kind": "APIResourceList"}
    if group:
        document["apiVersion"] = "v1"
    document.update(groupVersion=f"{group}/{version}" if group else version, resources=entries)
    return document
