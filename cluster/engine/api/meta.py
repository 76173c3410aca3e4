"""Object metadata helpers: names, keys, timestamps, uids."""

from __future__ import annotations

import functools
import random
from datetime import UTC, datetime
from typing import Any

Object = dict[str, Any]


TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"  # metav1.Time: RFC 3339, to the second
MIRROR_POD_ANNOTATION = "kubernetes.io/config.mirror"  # a static pod's mirror carries it
# corev1.LastAppliedConfigAnnotation: what `kubectl apply` last applied
LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration"


# every object written stamps the few seconds of now, and those stamped in the same second
# share the one string
@functools.lru_cache(maxsize=4096)
def format_timestamp(unix: int) -> str:
    return datetime.fromtimestamp(unix, tz=UTC).strftime(TIME_FORMAT)


def parse_timestamp(text: str) -> int:
    """Unix seconds of an RFC 3339 timestamp."""
    return int(datetime.strptime(text, TIME_FORMAT).replace(tzinfo=UTC).timestamp())


def new_uid(rng: random.Random) -> str:
    """A version 4 UUID from `rng`: str(uuid.UUID(int=..., version=4)), written out, for
    every object created pays for it."""
    bits = rng.getrandbits(128) & ~(0xC000 << 48 | 0xF000 << 64) | (0x8000 << 48 | 4 << 76)
    text = f"{bits:032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def name(obj: Object) -> str:
    return obj.get("metadata", {}).get("name", "")


def namespace(obj: Object) -> str:
    return obj.get("metadata", {}).get("namespace", "")


def labels(obj: Object) -> dict[str, str]:
    return obj.get("metadata", {}).get("labels") or {}


def newest(objects: list[Object]) -> Object | None:
    """The object created last, the first by name of those created at once: the one of
    several classes marked default that the default-class plugins pick."""
    by_name = sorted(objects, key=name)
    return max(by_name, key=lambda obj: obj["metadata"].get("creationTimestamp", ""), default=None)


def namespaced_name(obj: Object) -> str:
    """`namespace/name`, or `name` for a cluster-scoped object (a work queue key)."""
    # the metadata read once: every informer event and work queue key asks for this
    meta = obj.get("metadata", {})
    ns, obj_name = meta.get("namespace", ""), meta.get("name", "")
    return f"{ns}/{obj_name}" if ns else obj_name


# what ResetObjectMetaForStatus takes back from the stored object: a write through a
# subresource that serves one part of the object changes none of these
_KEPT_FOR_STATUS = (
    "deletionTimestamp",
    "generation",
    "selfLink",
    "labels",
    "annotations",
    "finalizers",
    "ownerReferences",
)


def reset_for_status(meta: Object, old: Object) -> None:
    """ResetObjectMetaForStatus: `meta` with the stored metadata's labels, annotations,
    finalizers, owners, generation and deletion time (its managedFields stay its own)."""
    for key in _KEPT_FOR_STATUS:
        if key in old:
            meta[key] = old[key]
        else:
            meta.pop(key, None)
