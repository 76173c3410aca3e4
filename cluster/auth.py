"""Who is asking: a session, a bearer token, or (on a loopback-only install) the local owner."""

from __future__ import annotations

from collections.abc import Callable
from ipaddress import ip_address

from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async
from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest, HttpResponse

from cluster import selectors


def _is_loopback(request: HttpRequest) -> bool:
    try:
        return ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def _wants_local_owner(request: HttpRequest) -> bool:
    """A request from this machine that does not say who it is (API clients do)."""
    return not request.headers.get("Authorization") and _is_loopback(request)


def _log_in_local_owner(request: HttpRequest) -> None:
    if request.user.is_authenticated:
        return
    owner = selectors.local_owner(settings.KUBELAB_LOCAL_OWNER_NAME)
    if owner is not None:
        login(request, owner, backend="django.contrib.auth.backends.ModelBackend")


class LocalOwnerMiddleware:
    """When KubeLab only listens on loopback, the person at this machine is its owner."""

    async_capable = True
    sync_capable = True

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if iscoroutinefunction(self.get_response):
            return self._acall(request)
        if settings.KUBELAB_LOCAL_OWNER and _wants_local_owner(request):
            _log_in_local_owner(request)
        return self.get_response(request)

    async def _acall(self, request: HttpRequest) -> HttpResponse:
        # decided before the thread hop, which costs API requests more than they do
        if settings.KUBELAB_LOCAL_OWNER and _wants_local_owner(request):
            await sync_to_async(_log_in_local_owner)(request)
        return await self.get_response(request)


def bearer_token(request: HttpRequest) -> str:
    """The token of an `Authorization: Bearer` header, or ""."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def bearer_user(request: HttpRequest) -> AbstractBaseUser | None:
    """The user of an `Authorization: Bearer` token, if valid."""
    token = bearer_token(request)
    return selectors.user_for_token(token) if token else None
