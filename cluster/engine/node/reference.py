"""Image references as github.com/distribution/reference parses them: the grammar kubectl run
checks `--image` against, and the kubelet a container's image before anything is pulled."""

from __future__ import annotations

import re

NAME_TOTAL_LENGTH_MAX = 255
INVALID_FORMAT = "invalid reference format"
DOCKER_DOMAIN = "docker.io"
LEGACY_DOCKER_DOMAIN = "index.docker.io"

_ALPHANUMERIC = r"[a-z0-9]+"
_SEPARATOR = r"(?:[._]|__|[-]+)"
_PATH_COMPONENT = rf"{_ALPHANUMERIC}(?:{_SEPARATOR}{_ALPHANUMERIC})*"
_DOMAIN_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_HOST = rf"(?:{_DOMAIN_COMPONENT}(?:\.{_DOMAIN_COMPONENT})*|\[[a-fA-F0-9:]+\])"
_NAME = rf"(?:{_HOST}(?::[0-9]+)?/)?{_PATH_COMPONENT}(?:/{_PATH_COMPONENT})*"
_TAG = r"\w[\w.-]{0,127}"
_DIGEST = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}"
# ReferenceRegexp: a name, an optional tag, an optional digest (Go's \w is ASCII)
REFERENCE = re.compile(rf"({_NAME})(?::{_TAG})?(?:@{_DIGEST})?", re.ASCII)
_IDENTIFIER = re.compile(r"[a-f0-9]{64}")


def matches(image: str) -> bool:
    """ReferenceRegexp.MatchString, as kubectl run validates --image."""
    return REFERENCE.fullmatch(image) is not None


def parse_normalized_error(image: str) -> str:
    """What reference.ParseNormalizedNamed says of `image` ("" when it parses): `nginx` is
    docker.io/library/nginx, and its repository must be lowercase."""
    if _IDENTIFIER.fullmatch(image):
        return f"invalid repository name ({image}), cannot specify 64-byte hexadecimal strings"
    domain, remainder = _split_docker_domain(image)
    remote = remainder.partition(":")[0]
    if remote.lower() != remote:
        return f"{INVALID_FORMAT}: repository name ({remote}) must be lowercase"
    return _parse_error(f"{domain}/{remainder}")


def _parse_error(name: str) -> str:
    """reference.Parse's error for a reference with its domain."""
    found = REFERENCE.fullmatch(name)
    if found is None:
        return INVALID_FORMAT
    if len(found[1]) > NAME_TOTAL_LENGTH_MAX:
        return f"repository name must not be more than {NAME_TOTAL_LENGTH_MAX} characters"
    return ""


def _split_docker_domain(name: str) -> tuple[str, str]:
    """splitDockerDomain: a first part that is no host name is docker.io's (library/ for
    a single name)."""
    first, slash, rest = name.partition("/")
    if slash and (any(c in first for c in ".:") or first == "localhost" or first.lower() != first):
        domain, remainder = first, rest
    else:
        domain, remainder = DOCKER_DOMAIN, name
    if domain == LEGACY_DOCKER_DOMAIN:
        domain = DOCKER_DOMAIN
    if domain == DOCKER_DOMAIN and "/" not in remainder:
        remainder = f"library/{remainder}"
    return domain, remainder
