"""Content negotiation as kube-apiserver does it (apiserver/pkg/endpoints/handlers/negotiation):
which representation a client accepts, and what a request body is."""

from __future__ import annotations

from dataclasses import dataclass

from cluster.engine.apiserver.errors import StatusError

JSON = "application/json"
YAML = "application/yaml"
PROTOBUF = "application/vnd.kubernetes.protobuf"
AGGREGATED_DISCOVERY = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"
SERVED = (JSON, YAML)  # what responses can be; protobuf only comes in


@dataclass(frozen=True, slots=True)
class MediaType:
    type: str  # "application/json"
    params: dict[str, str]

    def matches(self, offered: str) -> bool:
        major, _, minor = offered.partition("/")
        mine_major, _, mine_minor = self.type.partition("/")
        return mine_major in ("*", major) and mine_minor in ("*", minor)


def parse(header: str) -> MediaType:
    """One media type with its parameters, lower-cased as HTTP treats them."""
    kind, *params = (part.strip() for part in header.split(";"))
    pairs = (param.partition("=") for param in params if "=" in param)
    return MediaType(kind.lower(), {k.strip().lower(): v.strip().strip('"') for k, _, v in pairs})


def accepted(header: str) -> list[MediaType]:
    """The Accept header's media types, in the client's order (no header: anything)."""
    clauses = [clause for clause in header.split(",") if clause.strip()]
    return [parse(clause) for clause in clauses] or [MediaType("*/*", {})]


def wants_aggregated_discovery(header: str) -> bool:
    """Whether the first clause we can serve asks for apidiscovery.k8s.io/v2."""
    for media in accepted(header):
        if media.params.get("as") == "APIGroupDiscoveryList":
            if media.matches(JSON) and (media.params.get("g"), media.params.get("v")) == (
                "apidiscovery.k8s.io",
                "v2",
            ):
                return True
        elif not media.params.get("as") and any(media.matches(served) for served in SERVED):
            return False
    return False


def response_type(header: str) -> str:
    """The representation to answer in: JSON unless the client prefers YAML; 406 when the
    client accepts neither."""
    for media in accepted(header):
        for served in SERVED:
            if media.matches(served):
                return served
    raise StatusError(
        406,
        "NotAcceptable",
        f"only the following media types are accepted: {', '.join(SERVED)}",
    )


def unsupported(allowed: tuple[str, ...]) -> StatusError:
    """NewUnsupportedMediaTypeError."""
    return StatusError(
        415,
        "UnsupportedMediaType",
        "the body of the request was in an unknown format - accepted media types include: "
        + ", ".join(allowed),
    )
