"""The garbage collector of a process that hosts cluster engines.

An engine makes containers (dicts, lists, tuples) for nearly everything it does: a request
decodes and encodes objects, a watch event is a decoded object, a hop is a tuple. CPython
collects its youngest generation every 700 containers made and not yet freed, and every
tenth of those collections the middle one, so a large cluster's work runs thousands of
collections a second. Few of those containers are garbage in a cycle: refcounting frees
them. With young collections every 10,000 containers, benchmarks/scale.py converges 10-15%
sooner on 1,000 nodes and 5,000 pods; a pause is still under a millisecond. Full collections
keep CPython's own rule (when the objects that survived grew by a quarter).
"""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 10_000  # containers made between collections of the youngest generation


def apply() -> None:
    """Set the worker's thresholds (the older generations' stay CPython's)."""
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, oldest)
