"""An HTTP request to a resource path into the engine's Request, as kube-apiserver's
RequestInfoFactory reads a URL: the namespace, resource, name and subresource from the path,
the verb from the method, the name's presence and `watch`, the options from the query."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cluster.engine.api import resources
from cluster.engine.api.resources import Resource
from cluster.engine.apiserver import errors, fieldvalidation
from cluster.engine.apiserver.errors import StatusError
from cluster.engine.apiserver.request import Credential, Request
from cluster.kubeapi import decoding, discovery, negotiation

# bodies whose fields kube-apiserver's strict JSON decoding reads: an object, a merge patch
DUPLICATES_CHECKED = (negotiation.JSON, decoding.MERGE_PATCH, decoding.STRATEGIC_MERGE_PATCH)
# /namespaces/<name>/<these> are the namespace's own subresources, not resources in it
NAMESPACE_SUBRESOURCES = frozenset({"status", "finalize"})
TRUE = frozenset({"true", "1"})
STREAMED_SUBRESOURCES = frozenset({"exec", "attach", "portforward"})
CLIENT = "kubectl"  # how the trace names whoever sends REST requests
# the verbs of the other methods, by whether the path names a collection
UNSERVED_VERBS = {
    ("POST", True): "create",
    ("POST", False): "create",
    ("PUT", False): "update",
    ("PATCH", False): "patch",
    ("DELETE", True): "deletecollection",
    ("DELETE", False): "delete",
}


@dataclass(frozen=True, slots=True)
class Target:
    """What a resource path names."""

    resource: Resource
    namespace: str = ""
    name: str = ""
    subresource: str = ""
    watch: bool = False  # the deprecated /watch/ prefix
    proxy_path: str = "/"  # what pods/NAME/proxy/... asks of the pod


def not_found() -> StatusError:
    return StatusError(
        404, "NotFound", "the server could not find the requested resource", details={}
    )


def _served(group: str, version: str, name: str) -> Resource:
    resource = resources.served(group, version, name)  # metrics.k8s.io has pods too
    if resource is None:
        raise not_found()
    return resource


@dataclass(frozen=True, slots=True)
class Info:
    """RequestInfoFactory's reading of a resource path, served or not."""

    resource: str
    namespace: str = ""
    name: str = ""
    subresource: str = ""
    watch: bool = False
    proxy_path: str = "/"
    extra: bool = False  # parts after the subresource, which nothing serves


def request_info(path: str) -> Info | None:
    """The parts of `<path>` below /api/v1 or /apis/<group>/<version>; None for a path that
    names no resource at all."""
    parts = path.strip("/").split("/")
    watch = parts[0] == "watch"
    if watch:
        parts = parts[1:]
    namespace = ""
    if len(parts) > 1 and parts[0] == "namespaces":
        namespace = parts[1]
        if len(parts) > 2 and parts[2] not in NAMESPACE_SUBRESOURCES:
            parts = parts[2:]
    proxied = ""
    if len(parts) > 2 and parts[2] == "proxy":  # pods/NAME[:PORT]/proxy/PATH...
        proxied = "/" + "/".join(parts[3:]) + ("/" if path.endswith("/") and parts[3:] else "")
        parts = parts[:3]
    if not parts or not all(parts):
        return None
    name = parts[1] if len(parts) > 1 else ""
    subresource = parts[2] if len(parts) > 2 else ""
    extra = len(parts) > 3
    return Info(parts[0], namespace, name, subresource, watch, proxied or "/", extra)


def target(group: str, version: str, path: str) -> Target:
    """The target of `/api/v1/<path>` or `/apis/<group>/<version>/<path>`; 404 if nothing
    served lives there."""
    info = request_info(path)
    if info is None or info.extra:
        raise not_found()
    resource = _served(group, version, info.resource)
    namespace = info.namespace
    if not resource.namespaced:
        if namespace and resource.name != "namespaces":
            raise not_found()
        namespace = ""
    elif info.name and not namespace:
        raise not_found()
    if info.subresource and info.subresource not in resource.subresources:
        raise not_found()
    return Target(resource, namespace, info.name, info.subresource, info.watch, info.proxy_path)


def unserved(
    method: str,
    group: str,
    path: str,
    url: str,
    query: dict[str, str],
    credential: Credential | None,
    user_agent: str = "",
) -> Request | None:
    """For a resource path nothing serves (`url`, `path` below its group version), the
    Request that kube-apiserver's filters judge before its router answers 404: the
    attributes RequestInfoFactory reads from the path. None for a path that names no
    resource."""
    info = request_info(path)
    if info is None:
        return None
    collection = not info.name
    if method == "GET":
        watching = info.watch or (collection and query.get("watch", "").lower() in TRUE)
        action = "watch" if watching else ("list" if collection else "get")
    else:
        action = UNSERVED_VERBS.get((method, collection), method.lower())
    return Request(
        verb=action,
        resource=f"{info.resource}.{group}" if group else info.resource,
        namespace=info.namespace,
        name=info.name,
        subresource=info.subresource,
        credential=credential,
        client=CLIENT,
        user_agent=user_agent,
        url=url,
        served=False,
    )


def verb(method: str, target: Target, query: dict[str, str]) -> str:
    """The Kubernetes verb of a method on a target; 405 where kube-apiserver has no route,
    as for a verb its subresource does not serve (POST to pods/NAME/status)."""
    found = _verb(method, target, query)
    sub = discovery.SUBRESOURCES.get(target.subresource)
    if sub is not None and found not in sub.verbs:
        raise errors.method_not_allowed()
    return found


def _verb(method: str, target: Target, query: dict[str, str]) -> str:
    collection = not target.name
    everywhere = target.resource.namespaced and not target.namespace
    if method == "GET":
        if target.watch or (collection and query.get("watch", "").lower() in TRUE):
            return "watch"
        return "list" if collection else "get"
    if everywhere:
        raise errors.method_not_allowed()
    verbs = {
        "POST": "create" if collection or target.subresource else None,
        "PUT": None if collection else "update",
        "PATCH": None if collection else "patch",
        "DELETE": "deletecollection" if collection else "delete",
    }
    found = verbs.get(method)
    if found is None:
        raise errors.method_not_allowed()
    return found


def body(verb: str, data: bytes, content_type: str, kind: str = "") -> tuple[Any, str]:
    """The request's body for the engine (an object of `kind` for a create or an update),
    and its media type (a patch's type matters)."""
    if len(data) > decoding.MAX_BODY_BYTES:
        raise decoding.too_large()
    if verb == "patch":
        return decoding.patch_body(data, content_type)
    if verb in ("create", "update"):
        obj = decoding.object_body(data, content_type, kind)
        return obj, decoding.media_type(content_type)
    if verb in ("delete", "deletecollection"):
        return decoding.options_body(data, content_type), decoding.media_type(content_type)
    return None, negotiation.JSON


def duplicates(action: str, data: bytes, media: str, query: dict[str, str]) -> tuple[str, ...]:
    """The fields a JSON body of a create, update or merge patch names twice, which strict
    decoding (kjson.UnmarshalStrict) reports unless the request's fieldValidation is Ignore."""
    if action not in ("create", "update", "patch") or media not in DUPLICATES_CHECKED:
        return ()
    if query.get("fieldValidation") == fieldvalidation.IGNORE:
        return ()
    return tuple(fieldvalidation.duplicate_fields(data.decode("utf-8", "replace")))


def _body_kind(target: Target) -> str:
    """The kind a create or update body decodes into: a subresource's own, or the resource's."""
    sub = discovery.SUBRESOURCES.get(target.subresource)
    return sub.kind if sub and sub.kind else target.resource.kind


def engine_request(
    method: str,
    target: Target,
    query: dict[str, str],
    accept: str,
    data: bytes,
    content_type: str,
    credential: Credential | None,
    user_agent: str = "",
) -> Request:
    """The engine's Request for an HTTP request; StatusError for what never reaches it."""
    if target.subresource in STREAMED_SUBRESOURCES:  # only over a websocket, never plain HTTP
        raise errors.bad_request("Upgrade request required")
    action = verb(method, target, query)
    payload, media = body(action, data, content_type, _body_kind(target))
    options = dict(query)
    options["accept"] = accept  # the engine answers as=Table when asked
    if target.subresource == "proxy":
        if method not in ("GET", "HEAD"):
            raise errors.method_not_allowed()  # the simulated servers answer GETs only
        options["path"] = target.proxy_path
    if target.watch and target.name:  # /watch/.../<name>: a watch of that one object
        options["fieldSelector"] = f"metadata.name={target.name}"
    return Request(
        verb=action,
        resource=resources.request_name(target.resource),
        namespace=target.namespace,
        name="" if action == "watch" else target.name,
        subresource=target.subresource,
        body=payload,
        credential=credential,
        client=CLIENT,
        query=options,
        content_type=media,
        user_agent=user_agent,
        duplicates=duplicates(action, data, media, query),
    )
