"""free: the node's memory, as busybox's applet reads it (sysinfo and /proc/meminfo). A
container sees its node's memory there, not its cgroup's limit. Debian's base images lack
procps (see applets.BUSYBOX_ONLY). busybox's columns changed over its releases: buffers
and cached until 1.30, buff/cache and available since (with the slab's reclaimable part
since 1.31), rounded and with -h since 1.34."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cluster.engine.node import images
from cluster.engine.node.mounts import NODE_MEMORY, human_readable

if TYPE_CHECKING:
    from cluster.engine.node.process import Text
    from cluster.engine.node.shell import Shell

# how a node running a few pods uses its memory, in parts of a thousand: the kernel,
# containerd, the kubelet and the pods; the page cache, the buffers and the slab's
# reclaimable part; tmpfs and shared memory
USED = 300
CACHED = 200
BUFFERS = 20
RECLAIMABLE = 30
SHARED = 6
AVAILABLE_CACHE = 800  # of buff/cache: what MemAvailable counts as free to take
UNITS = {"b": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "h": 0}
BUFF_CACHE_SINCE = (1, 30)
RECLAIMABLE_SINCE = (1, 31)
ROUNDED_SINCE = (1, 34)  # and -h


def free(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    """busybox's: -b, -k (the default), -m, -g or -h, given first."""
    release = images.release(shell.context.busybox) or ROUNDED_SINCE
    option = argv[1] if len(argv) > 1 and argv[1].startswith("-") else "-k"
    unit = UNITS.get(option[1:2])
    if unit is None or (unit == 0 and release < ROUNDED_SINCE):
        shell.err(f"free: invalid option -- '{option[1:2]}'\n")
        return 1
    total = shell.context.machine.node_memory_bytes or NODE_MEMORY
    if release < BUFF_CACHE_SINCE:
        shell.out(_old(total, unit))
        return 0
    used, cached, buffers, reclaimable, shared = _parts(total)
    cache = cached + buffers + (reclaimable if release >= RECLAIMABLE_SINCE else 0)
    unused = total - used - cached - buffers - reclaimable
    available = unused + (cached + buffers + reclaimable) * AVAILABLE_CACHE // 1000
    rounded = release >= ROUNDED_SINCE
    columns = ("total", "used", "free", "shared", "buff/cache", "available")
    memory = (total, total - unused - cache, unused, shared, cache, available)
    lines = [
        "       " + "".join(f"{c:>12}" for c in columns),
        "Mem:   " + "".join(f"{_scaled(v, unit, rounded):>12}" for v in memory),
        "Swap:  " + "".join(f"{_scaled(0, unit, rounded):>12}" for _ in range(3)),
    ]
    shell.out("".join(f"{line}\n" for line in lines))
    return 0


def _parts(total: int) -> tuple[int, int, int, int, int]:
    """Used, cached, buffers, reclaimable and shared bytes (the cache's parts summing to
    its share exactly)."""
    used, cache, buffers, reclaimable, shared = (
        total * part // 1000
        for part in (USED, CACHED + BUFFERS + RECLAIMABLE, BUFFERS, RECLAIMABLE, SHARED)
    )
    return used, cache - buffers - reclaimable, buffers, reclaimable, shared


def _old(total: int, unit: int) -> str:
    """Until 1.30: used counts the cache, which a line of its own takes back."""
    used, cached, buffers, reclaimable, shared = _parts(total)
    unused = total - used - cached - buffers - reclaimable
    columns = ("total", "used", "free", "shared", "buffers", "cached")
    memory = (total, total - unused, unused, shared, buffers, cached)
    lines = [
        "       " + "".join(f"{c:>11}" for c in columns),
        "Mem:   " + "".join(f"{v // unit:>11}" for v in memory),
        "-/+ buffers/cache:"
        + f"{(total - unused - cached - buffers) // unit:>11}"
        + f"{(unused + cached + buffers) // unit:>11}",
        "Swap:  " + f"{0:>11}" * 3,
    ]
    return "".join(f"{line}\n" for line in lines)


def _scaled(value: int, unit: int, rounded: bool) -> str:
    """make_human_readable_str (1.34 on): in the unit, rounded; or (-h) one decimal and a
    suffix. Before, the value shifted down to the unit."""
    if not rounded:
        return str(value // unit)
    if unit:
        return str((value + unit // 2) // unit)
    return human_readable(value)
