"""The requests kube-apiserver handles and the responses it gives, as plain data."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from cluster.engine.api import resources
from cluster.engine.api.meta import Object

MUTATING_VERBS = frozenset({"create", "update", "patch", "delete", "deletecollection"})

# Which HTTP method carries each verb: the trace shows requests as kubectl sends them.
HTTP_METHODS = {
    "get": "GET",
    "list": "GET",
    "watch": "GET",
    "create": "POST",
    "update": "PUT",
    "patch": "PATCH",
    "delete": "DELETE",
    "deletecollection": "DELETE",
}


@dataclass(frozen=True, slots=True)
class Credential:
    """What the client presented: a bearer token or a client certificate's subject."""

    kind: str  # "token" | "x509"
    value: str


@dataclass(slots=True)
class Request:
    """One API request. Not frozen: every component request builds one, and a frozen
    dataclass pays a setattr per field; nothing changes a request once it is made."""

    verb: str  # get list watch create update patch delete
    resource: str  # plural: "pods"
    namespace: str = ""
    name: str = ""
    subresource: str = ""
    body: Object | None = None
    credential: Credential | None = None
    client: str = "kubectl"  # the component sending it, as the trace names it
    query: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"  # for patches: merge, json, strategic or apply
    user_agent: str = ""  # names the field manager of a write without `fieldManager`
    duplicates: tuple[str, ...] = ()  # fields the JSON body named twice (fieldvalidation)
    url: str = ""  # a non-resource request's path (/api, /version), or an unserved one's
    impersonate_user: str = ""  # Impersonate-User (kubectl --as)
    impersonate_groups: tuple[str, ...] = ()  # Impersonate-Group (kubectl --as-group)
    impersonate_uid: str = ""  # Impersonate-Uid (kubectl --as-uid)
    # a component's body, encoded by client-go from the kinds' Go types: decoding it finds no
    # unknown field and no value of the wrong type, so kube-apiserver's checks are skipped
    typed: bool = False
    # False: the path names nothing served; the filters still judge it (401, 403) before
    # the router's 404, `resource` naming what it asks for (`foos.example.com`)
    served: bool = True

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Request:
        credential = data.get("credential")
        return cls(**{**data, "credential": Credential(**credential) if credential else None})

    @property
    def path(self) -> str:
        """The REST path the request travels on, for the trace."""
        if self.url:
            return self.url
        resource = resources.BY_NAME.get(self.resource)
        root = (
            f"/apis/{resource.group}/{resource.version}"
            if resource and resource.group
            else "/api/v1"
        )
        # joined as it goes: every request's first hop names its path
        path = f"{root}/namespaces/{self.namespace}/" if self.namespace else f"{root}/"
        path += resource.name if resource else self.resource
        if self.name:
            path += "/" + self.name
        if self.subresource:
            path += "/" + self.subresource
        return path


@dataclass(slots=True)
class Response:
    code: int
    body: Object
    warnings: tuple[str, ...] = ()  # each one a `Warning: 299 - "<text>"` header

    @property
    def ok(self) -> bool:
        return 200 <= self.code < 300
