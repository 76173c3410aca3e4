"""An HTTP request to a resource path into the engine's Request, as kube-apiserver's
RequestInfoFactory reads a URL: the namespace, resource, name and subresource from the path,
the verb from the method, the name's presence and `watch`, the options from the query."""

from __future__ import annotations

import dataclasses
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
# streams kube-apiserver serves only over a websocket (port forwarding's engine request
# judges a plain HTTP one first, and answers it 400 itself)
STREAMED_SUBRESOURCES = frozenset({"exec", "attach"})
# connect subresources: their options are the query's, and a body means nothing to them
CONNECT_SUBRESOURCES = STREAMED_SUBRESOURCES | {"portforward"}
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
    """What a resource path names, as RequestInfoFactory reads it: the resource served
    there, or one named as the path names it when nothing is."""

    resource: Resource
    namespace: str = ""
    name: str = ""
    subresource: str = ""
    watch: bool = False  # the deprecated /watch/ prefix
    proxy_path: str = "/"  # what pods/NAME/proxy/... asks of the pod
    served: bool = True
    extra: bool = False  # parts after the subresource, which nothing serves


def not_found() -> StatusError:
    return StatusError(
        404, "NotFound", "the server could not find the requested resource", details={}
    )


def request_info(group: str, version: str, path: str) -> Target | None:
    """What `/api/v1/<path>` or `/apis/<group>/<version>/<path>` names, served or not; None
    for a path that names no resource at all."""
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
    served = resources.served(group, version, parts[0])  # metrics.k8s.io has pods too
    resource = served or Resource(parts[0], "", bool(namespace), group, version)
    name = parts[1] if len(parts) > 1 else ""
    subresource = parts[2] if len(parts) > 2 else ""
    proxy_path = proxied or "/"
    extra = len(parts) > 3
    return Target(resource, namespace, name, subresource, watch, proxy_path, bool(served), extra)


def target(group: str, version: str, path: str) -> Target:
    """The served target of a resource path; 404 if nothing served lives there."""
    found = request_info(group, version, path)
    if found is None or found.extra or not found.served:
        raise not_found()
    resource, namespace = found.resource, found.namespace
    if not resource.namespaced:
        if namespace and resource.name != "namespaces":
            raise not_found()
        namespace = ""
    elif found.name and not namespace:
        raise not_found()
    if found.subresource and found.subresource not in resource.subresources:
        raise not_found()
    return dataclasses.replace(found, namespace=namespace)


def unserved(
    method: str,
    group: str,
    version: str,
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
    found = request_info(group, version, path)
    if found is None:
        return None
    if method == "GET":
        action = _read_verb(found, query)
    else:
        action = UNSERVED_VERBS.get((method, not found.name), method.lower())
    return Request(
        verb=action,
        resource=found.resource.group_resource,
        namespace=found.namespace,
        name=found.name,
        subresource=found.subresource,
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


def _read_verb(target: Target, query: dict[str, str]) -> str:
    """What a GET of the target is: a watch, a list or a get."""
    collection = not target.name
    if target.watch or (collection and query.get("watch", "").lower() in TRUE):
        return "watch"
    return "list" if collection else "get"


def _verb(method: str, target: Target, query: dict[str, str]) -> str:
    collection = not target.name
    everywhere = target.resource.namespaced and not target.namespace
    if method == "GET":
        return _read_verb(target, query)
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
    if target.subresource in CONNECT_SUBRESOURCES:
        payload, media = None, content_type
    else:
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
