"""The Kubernetes API's own ASGI handler: Django's, without the site's middleware.

The API knows its callers by bearer tokens alone (no sessions, cookies, CSRF or logins) and
sets its own headers, as kube-apiserver does; and in an async server each middleware costs a
hop to a thread and back per request, more than the rest of a small request costs."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.exception import convert_exception_to_response
from django.http import HttpRequest, HttpResponseBase
from django.middleware.common import CommonMiddleware

PREFIX = "/k8s/"
App = Callable[[dict[str, Any], Any, Any], Awaitable[None]]


class KubeApiHandler(ASGIHandler):
    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """Without Django's thread of its own per request: all the API runs on threads is
        Django's signals and a Redis call or two, which one shared thread serves as well."""
        await self.handle(scope, receive, send)

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
    """HTTP requests under /k8s/ go to the Kubernetes API's handler, the rest to the site."""
    api = KubeApiHandler()

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        handler = api if scope["path"].startswith(PREFIX) else site
        await handler(scope, receive, send)

    return app
