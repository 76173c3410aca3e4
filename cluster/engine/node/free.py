"""free: the node's memory, as busybox's applet reads it (sysinfo and /proc/meminfo). A
container sees its node's memory there, not its cgroup's limit. Debian's base images lack
procps (see applets.BUSYBOX_ONLY)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cluster.engine.node.mounts import NODE_MEMORY

if TYPE_CHECKING:
    from cluster.engine.node.process import Text
    from cluster.engine.node.shell import Shell

# how a node running a few pods uses its memory, in parts of a thousand: the kernel,
# containerd, the kubelet and the pods; the page cache; tmpfs and shared memory
USED = 300
CACHED = 250
SHARED = 6
RECLAIMABLE = 800  # of the cache: what MemAvailable counts as free to take
UNITS = {"b": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "h": 0}


def free(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    """busybox's: -b, -k (the default), -m, -g or -h, given first."""
    option = argv[1] if len(argv) > 1 and argv[1].startswith("-") else "-k"
    unit = UNITS.get(option[1:2])
    if unit is None:
        shell.err(f"free: invalid option -- '{option[1:2]}'\n")
        return 1
    total = shell.context.machine.node_memory_bytes or NODE_MEMORY
    used, cached, shared = (total * part // 1000 for part in (USED, CACHED, SHARED))
    unused = total - used - cached
    available = unused + cached * RECLAIMABLE // 1000
    columns = ("total", "used", "free", "shared", "buff/cache", "available")
    shell.out("       " + "".join(f"{c:>12}" for c in columns) + "\n")
    memory = (total, used, unused, shared, cached, available)
    shell.out("Mem:   " + "".join(f"{_scaled(v, unit):>12}" for v in memory) + "\n")
    shell.out("Swap:  " + "".join(f"{_scaled(0, unit):>12}" for _ in range(3)) + "\n")
    return 0


def _scaled(value: int, unit: int) -> str:
    """make_human_readable_str: in the unit, rounded; or (-h) one decimal and a suffix."""
    if value == 0:
        return "0"
    if unit:
        return str((value + unit // 2) // unit)
    suffix, fraction = "", 0
    for letter in "KMGTPE":
        if value < 1024:
            break
        fraction = ((value % 1024) * 10 + 512) // 1024
        value //= 1024
        suffix = letter
    if fraction >= 10:
        value, fraction = value + 1, 0
    return f"{value}.{fraction}{suffix}" if suffix else str(value)
