"""Object metadata helpers: names, keys, timestamps, uids."""

from __future__ import annotations

import functools
import random
import uuid
from datetime import UTC, datetime
from typing import Any

Object = dict[str, Any]


TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"  # metav1.Time: RFC 3339, to the second


@functools.lru_cache(maxsize=4096)  # every object written stamps the few seconds of now
def format_timestamp(unix: int) -> str:
    return datetime.fromtimestamp(unix, tz=UTC).strftime(TIME_FORMAT)


def parse_timestamp(text: str) -> int:
    """Unix seconds of an RFC 3339 timestamp."""
    return int(datetime.strptime(text, TIME_FORMAT).replace(tzinfo=UTC).timestamp())


def new_uid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def name(obj: Object) -> str:
    return obj.get("metadata", {}).get("name", "")


def namespace(obj: Object) -> str:
    return obj.get("metadata", {}).get("namespace", "")


def labels(obj: Object) -> dict[str, str]:
    return obj.get("metadata", {}).get("labels") or {}


def namespaced_name(obj: Object) -> str:
    """`namespace/name`, or `name` for a cluster-scoped object (a work queue key)."""
    ns = namespace(obj)
    return f"{ns}/{name(obj)}" if ns else name(obj)
