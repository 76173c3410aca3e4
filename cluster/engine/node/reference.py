"""Image references as github.com/distribution/reference parses them: the grammar kubectl run
checks `--image` against, and the kubelet a container's image before anything is pulled."""

from __future__ import annotations

import re

NAME_TOTAL_LENGTH_MAX = 255
INVALID_FORMAT = "invalid reference format"

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


def matches(image: str) -> bool:
    """ReferenceRegexp.MatchString, as kubectl run validates --image."""
    return REFERENCE.fullmatch(image) is not None


def parse_error(image: str) -> str:
    """What reference.Parse says of `image` ("" when it parses)."""
    found = REFERENCE.fullmatch(image)
    if found is None:
        if not image:
            return "repository name must have at least one component"
        if REFERENCE.fullmatch(image.lower()) is not None:
            return f"{INVALID_FORMAT}: repository name must be lowercase"
        return INVALID_FORMAT
    if len(found[1]) > NAME_TOTAL_LENGTH_MAX:
        return (
            f"{INVALID_FORMAT}: repository name must not be more than "
            f"{NAME_TOTAL_LENGTH_MAX} characters"
        )
    return ""
