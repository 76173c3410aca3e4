"""What the websocket streams of pods (exec, attach, port forwarding) share: who connects,
as their headers say, and the requests about the pod they send the engine on that caller's
behalf.

kubectl sends no Origin and authenticates with a bearer token, so these routes sit outside
the dashboard's origin and session checks; who may connect is decided as for every request
of the REST API (cluster/kubeapi/access.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from channels.routing import URLRouter
from django.urls import re_path

from cluster.engine.api.meta import Object
from cluster.engine.apiserver.errors import StatusError
from cluster.engine.apiserver.request import Request
from cluster.kubeapi import access, translate, views

Headers = list[tuple[bytes, bytes]]
POD_PATH = (
    r"^k8s/(?P<owner>[^/]+)/(?P<cluster>[^/]+)/api/v1/namespaces/(?P<namespace>[^/]+)"
    r"/pods/(?P<pod>[^/]+)/"
)


def routed(other: Any, streams: dict[str, Any]) -> Any:
    """The websocket application: each pod subresource in `streams` (a regex of their
    names) to its consumer, everything else to `other`."""
    routes = [re_path(f"{POD_PATH}(?P<action>{names})$", app) for names, app in streams.items()]
    return URLRouter([*routes, re_path(r"", other)])  # type: ignore[arg-type]


def header(headers: Headers, name: bytes) -> str:
    """A header's values, joined as HTTP joins a list header."""
    return ", ".join(v.decode("latin-1") for k, v in headers if k.lower() == name)


@dataclass(frozen=True, slots=True)
class Caller:
    """Who connected, with the identity they act as (kubectl --as)."""

    access: access.Caller
    impersonate_user: str = ""
    impersonate_groups: tuple[str, ...] = ()
    impersonate_uid: str = ""

    @classmethod
    async def of(cls, scope: dict[str, Any]) -> Caller | None:
        """The caller of a websocket connection (None: its token opens nothing)."""
        headers, route = scope["headers"], scope["url_route"]["kwargs"]
        scheme, _, token = header(headers, b"authorization").partition(" ")
        try:
            found = await access.resolve_token(
                token.strip() if scheme.lower() == "bearer" else "",
                route["owner"],
                route["cluster"],
            )
        except StatusError:
            return None
        groups = header(headers, b"impersonate-group").split(",")
        return cls(
            found,
            header(headers, b"impersonate-user"),
            tuple(g.strip() for g in groups if g.strip()),
            header(headers, b"impersonate-uid"),
        )

    @property
    def cluster(self) -> Any:
        return self.access.cluster

    async def ask(
        self, verb: str, namespace: str, pod: str, subresource: str = "", body: Object | None = None
    ) -> Object:
        """The engine's reply to a request about the pod: {"code", "body"}."""
        request = Request(
            verb,
            "pods",
            namespace,
            pod,
            subresource,
            body,
            credential=self.access.credential,
            client=translate.CLIENT,
            impersonate_user=self.impersonate_user,
            impersonate_groups=self.impersonate_groups,
            impersonate_uid=self.impersonate_uid,
        )
        try:
            return await views.ask(self.access, request)
        except StatusError as error:
            return {"code": error.code, "body": error.status()}
