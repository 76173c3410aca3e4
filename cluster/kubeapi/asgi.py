"""The Kubernetes API's own ASGI handler: Django's, without the site's middleware.

The API knows its callers by bearer tokens alone (no sessions, cookies, CSRF or logins) and
sets its own headers, as kube-apiserver does; and in an async server each middleware costs a
hop to a thread and back per request, more than the rest of a small request costs."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from asgiref.sync import sync_to_async
from django.core.exceptions import RequestAborted
from django.core.handlers.asgi import ASGIHandler, get_script_prefix
from django.core.handlers.exception import convert_exception_to_response
from django.http import HttpRequest, HttpResponseBase
from django.middleware.common import CommonMiddleware
from django.urls import set_script_prefix

from cluster.kubeapi import access

PREFIX = "/k8s/"
# the Kubernetes API's own paths, which the site does not have
ROOT_PATHS = re.compile(r"^/(api|apis|version|openapi|livez|readyz)(/|$)")
ROOT_NOT_FOUND = (
    "the server could not find the requested resource: each cluster's API is under "
    "/k8s/OWNER/CLUSTER/, as the kubeconfig's server says (kubectl proxy "
    "--append-server-path keeps that path); at / only the one cluster of a user who has one"
)
App = Callable[[dict[str, Any], Any, Any], Awaitable[None]]


class KubeApiHandler(ASGIHandler):
    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """Without Django's thread of its own per request: all the API runs on threads is a
        Redis call or two, which one shared thread serves as well."""
        await self.handle(scope, receive, send)

    async def handle(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """Django's, without its request_started and request_finished signals: their receivers
        tidy the database connections a request used, at the cost of two hops to a thread and
        back, and the API uses none on its way (access.py queries on threads of its own, and
        tidies their connections there)."""
        try:
            body = await self.read_body(receive)
        except RequestAborted:
            return
        set_script_prefix(get_script_prefix(scope))
        request, response = self.create_request(scope, body)
        if request is None:
            await self.send_response(response, send)
        else:
            response = await self._answered(request, receive, send)
        body.close()
        if response is not None and response.streaming:  # a stream may hold something open
            await sync_to_async(response.close)()

    async def _answered(
        self, request: HttpRequest, receive: Any, send: Any
    ) -> HttpResponseBase | None:
        """The response, sent; None if the client left before it was (the view is cancelled,
        so that a watch stops when its client goes)."""

        async def answer() -> HttpResponseBase:
            response = await self.run_get_response(request)
            with contextlib.suppress(asyncio.CancelledError):  # the client left meanwhile
                await self.send_response(response, send)
            return response

        listening = asyncio.create_task(self.listen_for_disconnect(receive))
        answering = asyncio.create_task(answer())
        await asyncio.wait((listening, answering), return_when=asyncio.FIRST_COMPLETED)
        for task in (listening, answering):
            if task.done():
                with contextlib.suppress(RequestAborted):
                    task.result()
            else:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        return None if answering.cancelled() else answering.result()

    def load_middleware(self, is_async: bool = False) -> None:
        """No middleware: the views alone, with Django's conversion of errors to responses."""
        self._view_middleware = []
        self._template_response_middleware = []
        self._exception_middleware = []
        self._middleware_chain = convert_exception_to_response(self._get_response_async)
        self._common = CommonMiddleware(self._middleware_chain)

    async def run_get_response(self, request: HttpRequest) -> HttpResponseBase:
        """The response as the site's CommonMiddleware finishes it (its Content-Length, the
        slash a path lacks), without the thread hop: it reads no database."""
        response = await super().run_get_response(request)
        return self._common.process_response(request, response)


def routed(site: App) -> App:
    """HTTP requests under /k8s/ go to the Kubernetes API's handler, the rest to the site;
    the API's own paths at the root too, for the one cluster of the caller's token (as
    `kubectl proxy` asks, dropping the kubeconfig's path)."""
    api = KubeApiHandler()

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        path = scope["path"]
        if path.startswith(PREFIX):
            await api(scope, receive, send)
        elif ROOT_PATHS.match(path):
            moved = await _under_prefix(scope)
            if moved is None:
                await _not_found(send)
            else:
                await api(moved, receive, send)
        else:
            await site(scope, receive, send)

    return app


async def _under_prefix(scope: dict[str, Any]) -> dict[str, Any] | None:
    """The request as if made under its token's only cluster's /k8s/OWNER/NAME/; None when
    the token is no user's, or its user has no cluster or several."""
    headers = dict(scope.get("headers") or ())
    scheme, _, token = headers.get(b"authorization", b"").decode("latin-1").partition(" ")
    found = await access.only_cluster(token.strip()) if scheme.lower() == "bearer" else None
    if found is None:
        return None
    prefix = f"{PREFIX}{quote(found[0], safe='')}/{quote(found[1], safe='')}"
    return scope | {"path": prefix + scope["path"], "raw_path": None}


async def _not_found(send: Any) -> None:
    """kube-apiserver's 404 Status, saying where each cluster's API is."""
    body = json.dumps(
        {
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Failure",
            "message": ROOT_NOT_FOUND,
            "reason": "NotFound",
            "details": {},
            "code": 404,
        }
    ).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 404, "headers": headers})
    await send({"type": "http.response.body", "body": body})
