"""The Kubernetes REST API of one cluster, under /k8s/<owner>/<cluster>/: version,
discovery, OpenAPI, and every resource request, which becomes an input of the cluster's
engine (journaled, traced, answered by its kube-apiserver). Views stay thin: access decides
who is asking, translate what they ask, discovery and the engine what the answer is."""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any

import orjson
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from cluster import services, tasks
from cluster.engine.api import openapi
from cluster.engine.apiserver import errors, podproxy
from cluster.engine.apiserver.errors import StatusError
from cluster.engine.apiserver.request import Request
from cluster.kubeapi import (
    access,
    decoding,
    discovery,
    logs,
    negotiation,
    swagger,
    translate,
    version,
    watch,
)
from cluster.kubeapi import health as health_checks
from cluster.kubeapi.access import Caller
from cluster.kubectl import printers

log = logging.getLogger(__name__)

View = Callable[..., Awaitable[HttpResponse]]
HASH_CACHE = "public, immutable"  # a document fetched by its hash never changes
NO_CACHE = "no-cache, private"
PRETTY_AGENTS = ("curl/", "Wget/", "Mozilla/")
TYPE_AND_OBJECT_META = ("kind", "apiVersion", "metadata")


def respond(
    code: int,
    body: Any,
    accept: str = "",
    content_type: str = "",
    headers: dict[str, str] | None = None,
    pretty: bool = False,
) -> HttpResponse:
    """A body in the representation the client accepts (JSON unless it prefers YAML),
    indented when `pretty`."""
    try:
        media = negotiation.response_type(accept)
    except StatusError as error:
        media, code, body = negotiation.JSON, error.code, error.status()
    if isinstance(body, dict):  # Go writes TypeMeta and ObjectMeta first
        body = {**{k: body[k] for k in TYPE_AND_OBJECT_META if k in body}, **body}
    if media == negotiation.YAML:
        data = printers.to_yaml(body).encode()  # as sigs.k8s.io/yaml writes it
    elif pretty:
        data = json.dumps(body, indent=2, ensure_ascii=False).encode() + b"\n"
    else:
        data = orjson.dumps(body) + b"\n"  # compact UTF-8, as json.dumps would write it
    return HttpResponse(data, status=code, content_type=content_type or media, headers=headers)


def pretty(request: HttpRequest) -> bool:
    """`pretty`, which defaults to true for browsers, curl and wget, as kube-apiserver's does."""
    asked = request.GET.get("pretty")
    if asked is not None:
        return asked.lower() in translate.TRUE
    return _user_agent(request).startswith(PRETTY_AGENTS)


def status(error: StatusError, request: HttpRequest) -> HttpResponse:
    return respond(error.code, error.status(), pretty=pretty(request))


def kube_api(view: View) -> View:
    """Resolve the caller, and turn every refusal into a Status, as kube-apiserver answers."""

    @csrf_exempt  # bearer tokens only: no cookies, so no cross-site forgery
    @wraps(view)
    async def wrapper(
        request: HttpRequest, owner: str, cluster: str, **kwargs: str
    ) -> HttpResponse:
        try:
            caller = await access.resolve(request, owner, cluster)
            response = await view(request, caller, **kwargs)
        except StatusError as error:
            response = status(error, request)
        except Exception as error:  # a bug of ours: kube-apiserver's 500, and the log
            log.exception("%s %s failed", request.method, request.path)
            response = status(errors.internal(error), request)
        response.headers.setdefault("Cache-Control", NO_CACHE)  # as WithCacheControl sets it
        return response

    return wrapper


def _read_only(request: HttpRequest) -> None:
    if request.method not in ("GET", "HEAD"):
        raise errors.method_not_allowed()


def _user_agent(request: HttpRequest) -> str:
    return request.headers.get("User-Agent", "")


async def ask(caller: Caller, engine_request: Request) -> dict[str, Any]:
    """The engine's reply: {"code", "body", "warnings"}."""
    try:
        return await services.ask(tasks.request, caller.cluster, engine_request.to_dict())
    except services.ClusterUnavailable as error:
        raise StatusError(503, "ServiceUnavailable", str(error)) from None


def warning_headers(reply: dict[str, Any]) -> dict[str, str]:
    """`Warning: 299 - "<text>"` for each warning, joined as HTTP joins a list header."""
    texts = reply.get("warnings") or ()
    quoted = (json.dumps(text, ensure_ascii=False) for text in texts)
    return {"Warning": ", ".join(f"299 - {q}" for q in quoted)} if texts else {}


def _impersonates(request: HttpRequest) -> bool:
    return any(
        request.headers.get(h) for h in ("Impersonate-User", "Impersonate-Group", "Impersonate-Uid")
    )


async def _refused(request: HttpRequest, caller: Caller) -> HttpResponse | None:
    """Whether kube-apiserver's authentication, impersonation and authorization filters, which
    run before any path is routed, refuse a non-resource request (its verb is the method's
    name). The owner is the cluster's admin, who may do anything, unless acting as another
    user; any other credential is asked of the cluster's engine."""
    if caller.owner and not _impersonates(request):
        return None
    url = _cluster_path(request)
    checked = Request(
        (request.method or "GET").lower(),
        "",
        credential=caller.credential,
        client=translate.CLIENT,
        user_agent=_user_agent(request),
        url=url,
    )
    reply = await ask(caller, _impersonating(request, checked))
    if reply["code"] == 200:
        return None
    return respond(reply["code"], reply["body"], pretty=pretty(request))


def _cluster_path(request: HttpRequest) -> str:
    """The request's path below /k8s/<owner>/<cluster>, as kube-apiserver sees it."""
    return "/" + request.path.split("/", 4)[4]


def non_resource(view: View) -> View:
    """A read-only non-resource URL, served once the request is let through."""

    @wraps(view)
    async def admitted(request: HttpRequest, caller: Caller, **kwargs: str) -> HttpResponse:
        refused = await _refused(request, caller)
        if refused is not None:
            return refused
        _read_only(request)
        return await view(request, caller, **kwargs)

    return kube_api(admitted)


def _accept(request: HttpRequest) -> str:
    return request.headers.get("Accept", "")


# -- version and discovery ------------------------------------------------------------------


@non_resource
async def root(request: HttpRequest, caller: Caller) -> HttpResponse:
    return respond(200, discovery.root_paths(), _accept(request), pretty=pretty(request))


@non_resource
async def server_version(request: HttpRequest, caller: Caller) -> HttpResponse:
    return respond(200, version.info(), _accept(request), pretty=pretty(request))


@non_resource
async def health(request: HttpRequest, caller: Caller) -> HttpResponse:
    """/healthz, /livez and /readyz: every check passes while the server answers."""
    endpoint, _, check = request.path.split("/", 4)[4].strip("/").partition("/")
    code, text = health_checks.answer(endpoint, check, dict(request.GET.lists()))
    return HttpResponse(text.encode(), status=code, content_type="text/plain; charset=utf-8")


def _discovery(request: HttpRequest, core: bool, legacy: dict[str, Any]) -> HttpResponse:
    """/api or /apis: aggregated discovery when asked for it, the legacy document otherwise."""
    accept = _accept(request)
    if negotiation.wants_aggregated_discovery(accept):
        body = discovery.aggregated(core)
        tag = discovery.etag(body)
        headers = {"ETag": tag, "Vary": "Accept", "Cache-Control": "public"}  # ServeHTTPWithETag
        if request.headers.get("If-None-Match") == tag:
            return swagger.empty(304, headers)
        media = negotiation.AGGREGATED_DISCOVERY
        return respond(200, body, content_type=media, headers=headers, pretty=pretty(request))
    return respond(200, legacy, accept, pretty=pretty(request))


@non_resource
async def core_api(request: HttpRequest, caller: Caller) -> HttpResponse:
    return _discovery(request, True, discovery.api_versions(request.get_host()))


@non_resource
async def api_groups(request: HttpRequest, caller: Caller) -> HttpResponse:
    return _discovery(request, False, discovery.group_list())


@non_resource
async def api_group(request: HttpRequest, caller: Caller, group: str) -> HttpResponse:
    return _found(request, discovery.api_group(group))


@non_resource
async def api_resources(
    request: HttpRequest, caller: Caller, group: str = "", version: str = "v1"
) -> HttpResponse:
    return _found(request, discovery.resource_list(group, version))


def _found(request: HttpRequest, document: dict[str, Any] | None) -> HttpResponse:
    if document is None:
        raise translate.not_found()
    return respond(200, document, _accept(request), pretty=pretty(request))


@kube_api
async def unknown_path(request: HttpRequest, caller: Caller) -> HttpResponse:
    """A path nothing serves: a 404 Status, whatever the method, not the site's HTML page;
    but only to whom kube-apiserver's filters let through (401 or 403 first)."""
    refused = await _refused(request, caller)
    if refused is not None:
        return refused
    raise translate.not_found()


# -- OpenAPI --------------------------------------------------------------------------------


@non_resource
async def openapi_v2(request: HttpRequest, caller: Caller) -> HttpResponse:
    """The whole API in one document: kubectl reads it where /openapi/v3 has no answer."""
    return swagger.response(_accept(request), request.headers.get("If-None-Match", ""))


@non_resource
async def openapi_v3(request: HttpRequest, caller: Caller) -> HttpResponse:
    base = request.path.removesuffix("/").removesuffix("/openapi/v3")
    index = openapi.index(base)
    return respond(200, index, headers={"Cache-Control": NO_CACHE}, pretty=pretty(request))


@non_resource
async def openapi_v3_document(request: HttpRequest, caller: Caller, path: str) -> HttpResponse:
    """One group version's document; asked for by its hash, it may be cached for good."""
    document = openapi.document(path)
    if document is None:
        raise translate.not_found()
    data = openapi.document_bytes(path)
    etag = openapi.index()["paths"][path]["serverRelativeURL"].rpartition("hash=")[2]
    wanted = request.GET.get("hash")
    if wanted and wanted != etag:
        return HttpResponse(status=301, headers={"Location": f"{request.path}?hash={etag}"})
    headers = {"ETag": f'"{etag}"', "Cache-Control": HASH_CACHE if wanted else NO_CACHE}
    if request.headers.get("If-None-Match") == f'"{etag}"':
        return swagger.empty(304, headers)
    return HttpResponse(data, content_type=negotiation.JSON, headers=headers)


# -- resources ------------------------------------------------------------------------------


def _query(request: HttpRequest) -> dict[str, str]:
    """The options of the request: each parameter's first value, as Kubernetes decodes them."""
    return {key: request.GET.get(key, "") for key in request.GET}


def _body(request: HttpRequest) -> bytes:
    """The body, at most the limit kube-apiserver reads (413 beyond it)."""
    length = request.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > decoding.MAX_BODY_BYTES:
        raise decoding.too_large()
    data = request.read(decoding.MAX_BODY_BYTES + 1)
    if len(data) > decoding.MAX_BODY_BYTES:
        raise decoding.too_large()
    return data


async def _serve(
    request: HttpRequest, caller: Caller, group: str, version: str, path: str
) -> HttpResponse:
    try:
        target = translate.target(group, version, path)
    except StatusError as error:
        if error.code != 404:
            raise
        return await _unserved(request, caller, group, version, path, error)
    engine_request = translate.engine_request(
        request.method or "GET",
        target,
        _query(request),
        _accept(request),
        _body(request),
        request.headers.get("Content-Type", ""),
        caller.credential,
        _user_agent(request),
    )
    engine_request = _impersonating(request, engine_request)
    negotiation.response_type(_accept(request))  # 406 before the engine is bothered
    if engine_request.verb == "watch":
        return await watch.serve(request, caller.cluster, engine_request)
    if (engine_request.resource, engine_request.subresource) == ("pods", "log"):
        return await logs.serve(request, caller.cluster, engine_request)
    reply = await ask(caller, engine_request)
    if reply["code"] == 200 and reply["body"].get("kind") == podproxy.PROXIED:  # as it is
        answer = reply["body"]
        return HttpResponse(
            answer["body"], status=answer["code"], content_type=answer["contentType"]
        )
    return respond(
        reply["code"],
        reply["body"],
        _accept(request),
        headers=warning_headers(reply),
        pretty=pretty(request),
    )


async def _unserved(
    request: HttpRequest,
    caller: Caller,
    group: str,
    version: str,
    path: str,
    missing: StatusError,
) -> HttpResponse:
    """A resource path nothing serves: kube-apiserver's filters judge it as the resource
    request it reads (401, 403), and only then does its router answer 404."""
    checked = translate.unserved(
        request.method or "GET",
        group,
        version,
        path,
        _cluster_path(request),
        _query(request),
        caller.credential,
        _user_agent(request),
    )
    if checked is None or (caller.owner and not _impersonates(request)):
        raise missing
    reply = await ask(caller, _impersonating(request, checked))
    return respond(reply["code"], reply["body"], pretty=pretty(request))


def _impersonating(request: HttpRequest, engine_request: Request) -> Request:
    """Impersonate-User, Impersonate-Group and Impersonate-Uid (kubectl --as, --as-group,
    --as-uid) travel with it."""
    groups = [g.strip() for g in request.headers.get("Impersonate-Group", "").split(",")]
    return dataclasses.replace(
        engine_request,
        impersonate_user=request.headers.get("Impersonate-User", ""),
        impersonate_groups=tuple(g for g in groups if g),
        impersonate_uid=request.headers.get("Impersonate-Uid", ""),
    )


@kube_api
async def core_resource(request: HttpRequest, caller: Caller, path: str) -> HttpResponse:
    return await _serve(request, caller, "", "v1", path)


@kube_api
async def group_resource(
    request: HttpRequest, caller: Caller, group: str, version: str, path: str
) -> HttpResponse:
    return await _serve(request, caller, group, version, path)
