"""Object metadata helpers: names, keys, timestamps, uids."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime
from typing import Any

Object = dict[str, Any]


def timestamp(epoch: int, now_ms: int) -> str:
    """RFC 3339 time, to the second, of virtual time `now_ms` in a cluster started at `epoch`."""
    moment = datetime.fromtimestamp(epoch + now_ms // 1000, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_timestamp(text: str) -> int:
    """Unix seconds of an RFC 3339 timestamp."""
    return int(datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp())


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
