"""kubectl get --raw PATH (and delete --raw): a GET of the path, printed as the server sends it.

A resource's path (/api/v1/..., /apis/GROUP/VERSION/..., pods' proxy included) is the
request the REST API makes of it (cluster/kubeapi/translate.py); the server's own documents
(/version, /api, /apis, the health checks) are written as the REST API writes them, once the
engine has authorized the caller for the path, as kube-apiserver authorizes non-resource
URLs. JSON comes compact, as kube-apiserver answers kubectl.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

from cluster.engine.apiserver import errors, podproxy
from cluster.engine.apiserver.errors import StatusError
from cluster.engine.apiserver.version import info
from cluster.kubeapi import discovery, health, translate
from cluster.kubectl.context import Context, ExitError, server_error

RESOURCE = re.compile(r"^/(?:api/v1|apis/(?P<group>[^/]+)/(?P<version>[^/]+))/(?P<path>.+)$")
HEALTH = re.compile(r"^/(?P<endpoint>healthz|livez|readyz)(?:/(?P<check>.+?))?/?$")
SERVER_ADDRESS = "172.18.0.2:6443"  # where kube-apiserver listens, as /api says


def get(ctx: Context, path: str) -> None:
    """Print what the server answers at `path`, or fail as kubectl does."""
    if not path.startswith("/"):
        path = "/" + path
    url, _, query = path.partition("?")
    found = RESOURCE.match(url)
    if found:
        _resource(ctx, found, parse_qs(query, keep_blank_values=True))
        return
    document = _document(url)
    ctx.call("get", "", url=url)  # authorized as kube-apiserver authorizes any path, first
    if document is None:
        raise ExitError(server_error(translate.not_found().status()))
    ctx.out.write(document(parse_qs(query, keep_blank_values=True)))


def delete(ctx: Context, path: str, data: str) -> None:
    """kubectl delete --raw PATH [-f FILE]: a DELETE of the path, the file its body (JSON),
    the answer printed as the server sends it."""
    if not path.startswith("/"):
        path = "/" + path
    url, _, query = path.partition("?")
    found = RESOURCE.match(url)
    if found is None:
        ctx.call("delete", "", url=url)  # authorized before anything is routed
        error = translate.not_found() if _document(url) is None else errors.method_not_allowed()
        raise ExitError(server_error(error.status()))
    _resource(ctx, found, parse_qs(query, keep_blank_values=True), "DELETE", data.encode())


def _resource(
    ctx: Context,
    found: re.Match[str],
    query: dict[str, list[str]],
    method: str = "GET",
    data: bytes = b"",
) -> None:
    url = found.group(0)
    group, version = found["group"] or "", found["version"] or "v1"
    flat = {key: values[-1] for key, values in query.items()}
    try:
        target = translate.target(group, version, found["path"])
    except StatusError as error:  # nothing served there: the filters judge it first
        checked = translate.unserved(method, group, version, found["path"], url, flat, None)
        if checked is not None:
            ctx.call(
                checked.verb,
                checked.resource,
                checked.namespace,
                checked.name,
                subresource=checked.subresource,
                url=url,
                served=False,
            )
        raise ExitError(server_error(error.status())) from None
    try:
        request = translate.engine_request(
            method,
            target,
            flat,
            "application/json",
            data,
            "application/json" if data else "",
            ctx.credential,
        )
    except StatusError as error:
        raise ExitError(server_error(error.status())) from None
    response = ctx.request(
        request.verb,
        request.resource,
        request.namespace,
        request.name,
        subresource=request.subresource,
        query=request.query,
        body=request.body,
    )
    body = response.body
    if response.ok and body.get("kind") == podproxy.PROXIED:
        if body["code"] >= 400:
            raise ExitError(f"Error from server: {body['body']}")
        ctx.out.write(body["body"])
        return
    if not response.ok:
        raise ExitError(server_error(body))
    if (request.resource, request.subresource) == ("pods", "log"):  # text/plain, as it is
        ctx.out.write(str(body.get("log", "")))
        return
    ctx.out.write(_json(body))


def _document(url: str) -> Callable[[dict[str, list[str]]], str] | None:
    """What the server writes at a non-resource URL, given the query."""
    checked = HEALTH.match(url)
    if checked:
        endpoint, check = checked["endpoint"], checked["check"] or ""
        return lambda query: _health(endpoint, check, query)
    documents: dict[str, Any] = {
        "/version": info,
        "/api": lambda: discovery.api_versions(SERVER_ADDRESS),
        "/apis": discovery.group_list,
        "/api/v1": lambda: discovery.resource_list("", "v1"),
    }
    parts = url.strip("/").split("/")
    if url.rstrip("/") in documents:
        return lambda query: _json(documents[url.rstrip("/")]())
    if parts[0] == "apis" and len(parts) in (2, 3):
        found = (
            discovery.api_group(parts[1])
            if len(parts) == 2
            else discovery.resource_list(parts[1], parts[2])
        )
        return None if found is None else lambda query: _json(found)
    return None


def _health(endpoint: str, check: str, query: dict[str, list[str]]) -> str:
    code, text = health.answer(endpoint, check, query)
    if code != 200:
        raise ExitError(
            "Error from server (NotFound): the server could not find the requested resource"
        )
    return text


def _json(document: Any) -> str:
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False) + "\n"
