"""The container's mount table (/proc/mounts), and `mount` and `df` over it.

runc mounts the root (containerd's overlayfs snapshot: the image's layers under the
container's own writable one), then the spec's mounts: containerd's defaults (proc, /dev,
devpts, mqueue, sysfs read-only, the cgroup2 hierarchy read-only), then the CRI's, which
containerd orders by the depth of their paths, stably: the kubelet's (each volume, the
service account token among them, then /etc/hosts and /dev/termination-log), then its own
(/etc/hostname, /etc/resolv.conf, the sandbox's /dev/shm). Last come the default spec's
read-only proc paths and masked paths (a read-only tmpfs on a directory, /dev/null bound
on a file). What the kubelet and containerd keep on the node (/var/lib/kubelet,
/var/lib/containerd) is on the node's disk: kind's node keeps /var on the host's."""

from __future__ import annotations

import base64
import hashlib
import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from cluster.engine.node.machine import MEMORY_DIR
from cluster.engine.node.textutils import parsed_options

if TYPE_CHECKING:
    from collections.abc import Mapping

    from cluster.engine.node.process import Text
    from cluster.engine.node.shell import Context, Shell

SNAPSHOTS = "/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots"
OVERLAY2 = "/var/lib/docker/overlay2"  # where docker keeps the kind node's layers
ON_NODE = ("hostPath:", "persistentVolumeClaim:")  # kinds that say where on the node
DISK = "/dev/vda1"  # the node's /var: the host's disk
DISK_KIB = 20 * 1024 * 1024  # the node's ephemeral-storage capacity (nodestatus)
DISK_USED_KIB = 5_452_596  # the node's images, logs and the kubelet's files
DISK_RESERVED_KIB = DISK_KIB // 20  # ext4 keeps 5% for root: not Available
DEV_KIB = 64 * 1024  # runc's /dev and containerd's /dev/shm: size=65536k
PAGE_KIB = 4
NODE_MEMORY = 4 << 30  # a node's, where none is known (nodestatus.NodeConfig's default)
TOKEN_FILES = 3  # the service account volume: ca.crt, namespace, token (a page each)
SERVICE_ACCOUNT = "/var/run/secrets/kubernetes.io/serviceaccount"
PROC = "rw,nosuid,nodev,noexec,relatime"
READ_ONLY_PROC_MOUNT = "ro,nosuid,nodev,noexec,relatime"  # PROC, read-only
CGROUP2 = "nsdelegate,memory_recursiveprot"
READ_ONLY_PROC = ("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger")
# containerd's masked paths that a 6.x kernel has: directories, then files
MASKED = (
    ("/proc/acpi", True),
    ("/proc/kcore", False),
    ("/proc/keys", False),
    ("/proc/timer_list", False),
    ("/sys/firmware", True),
    ("/sys/devices/virtual/powercap", True),
    ("/proc/scsi", True),
)
# volumes the kubelet writes in a tmpfs of its own (a memory-backed emptyDir under them)
IN_MEMORY = frozenset({MEMORY_DIR, "secret", "projected"})
MOUNTS_FILES = ("/proc/mounts", "/proc/self/mounts", "/proc/1/mounts")


@dataclass(frozen=True, slots=True)
class Mount:
    """A line of /proc/mounts, and what statfs says of its filesystem (in KiB)."""

    source: str
    target: str
    fstype: str
    options: str
    size_kib: int = 0
    used_kib: int = 0
    avail_kib: int = 0
    device: str = ""  # its filesystem: the same for mounts of one (coreutils shows one)
    # how long the path of its root within that filesystem is (mountinfo's root): where
    # the kubelet and containerd keep what they bind (see _ROOTS)
    root_len: int = 0

    def line(self) -> str:
        return f"{self.source} {self.target} {self.fstype} {self.options} 0 0\n"


def table(context: Context, files: Mapping[str, str]) -> tuple[Mount, ...]:
    """The container's mounts, in the order runc made them (`files`: what is on them)."""
    flags = dict(context.mounts)
    node_kib = (context.machine.node_memory_bytes or NODE_MEMORY) // 1024
    dev = Mount(
        "tmpfs", "/dev", "tmpfs", "rw,nosuid,size=65536k,mode=755", DEV_KIB, 0, DEV_KIB, "dev"
    )
    found = [
        _root(context, flags.get("/", False)),
        Mount("proc", "/proc", "proc", PROC, device="proc"),
        dev,
        Mount(
            "devpts", "/dev/pts", "devpts", "rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666"
        ),
        Mount("mqueue", "/dev/mqueue", "mqueue", PROC),
        Mount("sysfs", "/sys", "sysfs", READ_ONLY_PROC_MOUNT),
        # the node's cgroup2 hierarchy, whose options systemd chose when it mounted it
        Mount("cgroup", "/sys/fs/cgroup", "cgroup2", f"{READ_ONLY_PROC_MOUNT},{CGROUP2}"),
    ]
    found += [_resolved(context, m) for m in sorted(_cri_mounts(context, files, flags), key=_depth)]
    found += [Mount("proc", path, "proc", READ_ONLY_PROC_MOUNT) for path in READ_ONLY_PROC]
    half = node_kib // 2  # a tmpfs without a size: half the node's memory
    for path, directory in MASKED:
        if directory:
            found.append(Mount("tmpfs", path, "tmpfs", "ro,relatime", half, 0, half, path))
        else:  # /dev/null, of /dev's tmpfs
            found.append(Mount("tmpfs", path, "tmpfs", dev.options, DEV_KIB, 0, DEV_KIB, "dev"))
    return tuple(found)


def mounts_file(context: Context) -> str:
    """/proc/mounts: a line for each mount."""
    return "".join(mount.line() for mount in table(context, {}))


def _resolved(context: Context, mount: Mount) -> Mount:
    """runc mounts on the path the image's symlinks lead to: Debian's and alpine's /var/run
    is a link to /run (the busybox image has no /var/run: runc makes the directories)."""
    if context.machine.layout in ("debian", "alpine") and mount.target.startswith("/var/run/"):
        return replace(mount, target=mount.target.removeprefix("/var"))
    return mount


def _depth(mount: Mount) -> int:
    """containerd's orderedMounts: by the number of the path's parts."""
    return len(mount.target.rstrip("/").split("/"))


def _root(context: Context, read_only: bool) -> Mount:
    """The image's snapshot (lower) under the container's (upper), numbered as containerd's
    snapshotter numbers them: the image's first, the container's after."""
    lower = 10 + 2 * _serial(context)
    upper = lower + 1
    options = (
        f"{'ro' if read_only else 'rw'},relatime,lowerdir={SNAPSHOTS}/{lower}/fs,"
        f"upperdir={SNAPSHOTS}/{upper}/fs,workdir={SNAPSHOTS}/{upper}/work"
    )
    return Mount("overlay", "/", "overlay", options, *_disk(), device="overlay")


def _serial(context: Context) -> int:
    """The pod's place on its node (its address's host part): later pods, later snapshots."""
    ip = context.network.pod_ip
    last = ip.rsplit(".", 1)[-1]
    return int(last) if last.isdigit() else 0


def _disk() -> tuple[int, int, int]:
    """The node disk's size, used and available KiB."""
    return DISK_KIB, DISK_USED_KIB, DISK_KIB - DISK_USED_KIB - DISK_RESERVED_KIB


def _cri_mounts(context: Context, files: Mapping[str, str], flags: dict[str, bool]) -> list[Mount]:
    """The kubelet's mounts (each volume, /etc/hosts, the termination log), then
    containerd's (/etc/hostname, /etc/resolv.conf, /dev/shm), before sorting."""
    kinds = dict(context.machine.volumes)
    special = {"/", "/dev", "/etc/hosts", "/etc/hostname", "/etc/resolv.conf"}
    volumes = [at for at, _ in context.mounts if at not in special and at in kinds]
    logs = [at for at, _ in context.mounts if at not in special and at not in kinds]
    limit_kib = (context.machine.memory_limit_bytes or NODE_MEMORY) // 1024
    node_kib = (context.machine.node_memory_bytes or NODE_MEMORY) // 1024
    found = [
        _on_node(context, at, kinds[at], flags[at], node_kib)
        if kinds[at].startswith(ON_NODE)
        else _volume(files, at, kinds[at], flags[at], limit_kib)
        for at in volumes
    ]
    found += [_on_disk(at, flags.get(at, False), _ROOTS["hosts"]) for at in ("/etc/hosts",)]
    found += [_on_disk(at, flags.get(at, False), _ROOTS["log"]) for at in logs]
    sandbox = ("/etc/hostname", "/etc/resolv.conf")
    found += [_on_disk(at, flags.get(at, False), _ROOTS["sandbox"]) for at in sandbox]
    found.append(
        Mount("shm", "/dev/shm", "tmpfs", f"{PROC},size=65536k", DEV_KIB, 0, DEV_KIB, "shm")
    )
    return found


# the lengths of the paths (under the node's /var) the kubelet and containerd bind: the
# pod's etc-hosts, its container's termination log, the sandbox's hostname and
# resolv.conf, a volume's directory (36: a pod's UID, 64: a sandbox's ID)
_ROOTS = {
    "hosts": len("/lib/kubelet/pods//etc-hosts") + 36,
    "log": len("/lib/kubelet/pods//containers/app/01234567") + 36,
    "sandbox": len("/lib/containerd/io.containerd.grpc.v1.cri/sandboxes//resolv.conf") + 64,
    "volume": len("/lib/kubelet/pods//volumes/kubernetes.io~empty-dir/data") + 36,
}


def _on_disk(target: str, read_only: bool, root_len: int) -> Mount:
    options = f"{'ro' if read_only else 'rw'},relatime"
    return Mount(DISK, target, "ext4", options, *_disk(), device=DISK, root_len=root_len)


def _volume(
    files: Mapping[str, str], target: str, kind: str, read_only: bool, memory_kib: int
) -> Mount:
    """A volume: the kubelet's directory on the node's disk, or a tmpfs of its own as large
    as the container's memory (SizeMemoryBackedVolumes) holding its files."""
    if kind not in IN_MEMORY:
        return _on_disk(target, read_only, _ROOTS["volume"])
    inside = target.rstrip("/") + "/"
    held = [len(content.encode()) for path, content in files.items() if path.startswith(inside)]
    pages = sum(max(1, math.ceil(size / 4096)) for size in held)
    if target == SERVICE_ACCOUNT:
        pages = max(pages, TOKEN_FILES)
    used = pages * PAGE_KIB
    options = f"{'ro' if read_only else 'rw'},relatime,size={memory_kib}k"
    return Mount("tmpfs", target, "tmpfs", options, memory_kib, used, memory_kib - used, target)


def _on_node(context: Context, target: str, kind: str, read_only: bool, node_kib: int) -> Mount:
    """A hostPath (or a claim's volume on the node): where the node keeps that path. kind's
    node keeps /var on the host's disk, /tmp and /run in tmpfs of docker's (noexec,
    nosuid, nodev), the rest in its own root, an overlay of docker's."""
    path = kind.partition(":")[2]
    mode = "ro" if read_only else "rw"
    top = path.split("/")[1] if path.count("/") else ""
    if top == "var":
        return _on_disk(target, read_only, len(path) - len("/var"))
    if top in ("tmp", "run"):
        options = f"{mode},nosuid,nodev,noexec,relatime"
        half = node_kib // 2  # no size given: half the memory
        return Mount("tmpfs", target, "tmpfs", options, half, 0, half, f"node:/{top}", len(path))
    options = f"{mode},relatime,{_node_root(context)}"
    return Mount("overlay", target, "overlay", options, *_disk(), "node:/", len(path))


def _node_root(context: Context) -> str:
    """The options of the node container's root: docker's overlay2 layers (the init
    layer over the node image's), named as docker names them, drawn from the node."""
    node = context.network.pod_ip.rsplit(".", 2)[-2] if context.network.pod_ip else "0"
    digest = hashlib.sha256(f"kind-node-{node}".encode()).hexdigest()
    links = [base64.b32encode(bytes.fromhex(digest[i : i + 32]))[:26].decode() for i in (0, 32)]
    lower = ":".join(f"{OVERLAY2}/l/{link}" for link in links)
    return f"lowerdir={lower},upperdir={OVERLAY2}/{digest}/diff,workdir={OVERLAY2}/{digest}/work"


def _contents(shell: Shell) -> dict[str, str]:
    return {path: shell.file_text(path) for path in shell.files}


# -- mount ----------------------------------------------------------------------------------


def mount(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    """With no device: the table (-t TYPE: of that type), as busybox's and util-linux's
    mount print it alike. Mounting needs CAP_SYS_ADMIN, which a container lacks."""
    args = argv[1:]
    fstype = ""
    if len(args) == 2 and args[0] == "-t":
        fstype, args = args[1], []
    if not args:
        found = table(shell.context, _contents(shell))
        shown = [m for m in found if not fstype or m.fstype == fstype]
        shell.out(
            "".join(f"{m.source} on {m.target} type {m.fstype} ({m.options})\n" for m in shown)
        )
        return 0
    return _refused(shell, [a for a in args if not a.startswith("-")])


def _refused(shell: Shell, operands: list[str]) -> int:
    target = operands[-1] if operands else ""
    root = shell.context.user.uid == 0
    if shell.context.tools == "gnu":
        why = "permission denied" if root else "must be superuser to use mount"
        shell.err(f"mount: {target}: {why}.\n")
        shell.err("       dmesg(1) may have more information after failed mount system call.\n")
        return 32
    if not root:
        shell.err("mount: permission denied (are you root?)\n")
        return 1
    source = operands[0] if len(operands) > 1 else target
    shell.err(f"mount: mounting {source} on {target} failed: Permission denied\n")
    return 255


# -- df -------------------------------------------------------------------------------------


# the options done here: busybox's -k, -m, -h (-H alike), -P, -T, -t, -a; coreutils' -h,
# -k, -T, -t, -x, -a
_DF_LETTERS = {"busybox": "kPTt:ahHm", "gnu": "ahkTt:x:"}


def df(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    """busybox's df (each mount whose filesystem has blocks) or coreutils' (one mount of
    each filesystem, no pseudo ones); -h in powers of 1024, -T with the type, -t TYPE of
    that type, -a all; operands: the mount holding each."""
    tools = "gnu" if shell.context.tools == "gnu" else "busybox"
    found = parsed_options(shell, "df", argv, _DF_LETTERS[tools])
    if found is None:
        if tools == "gnu":
            shell.err("Try 'df --help' for more information.\n")
        return 1
    flags, operands = found
    letters = {letter for letter, _ in flags}
    wanted = [value for letter, value in flags if letter == "t"]
    unwanted = [value for letter, value in flags if letter == "x"]
    every = "a" in letters
    mounts = [m for m in table(shell.context, _contents(shell)) if every or m.size_kib]
    mounts = [m for m in mounts if (not wanted or m.fstype in wanted) and m.fstype not in unwanted]
    status = 0
    if operands:
        mounts, status = _holding(shell, mounts, operands, tools)
    elif tools == "gnu" and not every:
        mounts = _distinct(mounts)
    typed = "T" in letters
    if tools == "gnu":
        _coreutils(shell, mounts, "h" in letters, typed)
        return status
    # the last of -k, -m and -h says the unit
    unit = next((letter for letter, _ in reversed(flags) if letter in "kmhH"), "k")
    shell.out(_busybox(mounts, "h" if unit == "H" else unit, typed, "P" in letters))
    return status


def _holding(
    shell: Shell, mounts: list[Mount], operands: list[str], tools: str
) -> tuple[list[Mount], int]:
    """The innermost mount holding each path that exists."""
    from cluster.engine.node.applets import is_dir  # applets registers this module's tools

    found, status = [], 0
    links = shell.context.machine.layout in ("debian", "alpine")  # /var/run: see _resolved
    for given in operands:
        path = shell.path(given)
        exists = path in shell.files or is_dir(shell, path)
        if links and path.startswith("/var/run/"):
            path = path.removeprefix("/var")
        inside = [m for m in mounts if path.startswith(m.target.rstrip("/") + "/")]
        holding = [m for m in mounts if m.target == path] + inside
        if not exists or not holding:
            why = "No such file or directory" if tools == "gnu" else "can't find mount point"
            shell.err(f"df: {given}: {why}\n")
            status = 1
            continue
        found.append(max(holding, key=lambda m: len(m.target)))
    return found, status


def _busybox(mounts: list[Mount], unit: str, typed: bool, posix: bool) -> str:
    """busybox's columns: in KiB (-k), MiB (-m) or sizes with a unit (-h); -P names the
    block size in bytes, says Capacity, and keeps a long source on its line."""
    units = {"h": "     Size", "m": "1M-blocks", "k": "1024-blocks" if posix else "1K-blocks"}
    kind = "Type       " if typed else ""
    used_word = "Capacity" if posix else "Use%"
    out = f"Filesystem           {kind}{units[unit]:<15}Used Available {used_word} Mounted on\n"
    for m in mounts:
        size, used, avail = (_bb_size(k, unit) for k in (m.size_kib, m.used_kib, m.avail_kib))
        total = m.used_kib + m.avail_kib
        percent = (m.used_kib * 100 + total // 2) // total if total else 0
        wraps = len(m.source) > 20 and not posix
        source = f"{m.source}\n{'':20}" if wraps else f"{m.source:<20}"
        source += f" {m.fstype:<10}" if typed else ""
        out += f"{source} {size:>9} {used:>9} {avail:>9} {percent:>3}% {m.target}\n"
    return out


def _bb_size(kib: int, unit: str) -> str:
    """make_human_readable_str: KiB as they are, MiB rounded, or -h's."""
    if unit == "h":
        return human_readable(kib * 1024)
    return str((kib + 512) // 1024 if unit == "m" else kib)


def human_readable(value: int) -> str:
    """busybox's make_human_readable_str for -h: one decimal and a unit from K on, rounded."""
    if value == 0:
        return "0"
    units, fraction = "", 0
    for unit in "KMGTPE":
        if value < 1024:
            break
        fraction = ((value % 1024) * 10 + 512) // 1024
        value //= 1024
        units = unit
    if fraction >= 10:
        value, fraction = value + 1, 0
    return f"{value}.{fraction}{units}" if units else str(value)


def _distinct(mounts: list[Mount]) -> list[Mount]:
    """coreutils' filter_mount_list: one mount of each filesystem, where the first of
    them was: a later one wins if its path is shorter, unless what it binds lies deeper
    in the filesystem."""
    chosen: dict[str, Mount] = {}
    for m in mounts:
        seen = chosen.get(m.device)
        nearer = seen is not None and len(m.target) < len(seen.target)
        if seen is None or (nearer and seen.root_len >= m.root_len):
            chosen[m.device] = m
    return list(chosen.values())


def _coreutils(shell: Shell, mounts: list[Mount], human: bool, typed: bool) -> None:
    """coreutils' columns: each as wide as its widest cell (the source at least 14, the
    type 4, the sizes 5), text to the left, numbers to the right."""
    size, avail = ("Size", "Avail") if human else ("1K-blocks", "Available")
    rows = [["Filesystem", "Type", size, "Used", avail, "Use%", "Mounted on"]]
    for m in mounts:
        numbers = [
            _gnu_human(c) if human else str(c) for c in (m.size_kib, m.used_kib, m.avail_kib)
        ]
        total = m.used_kib + m.avail_kib
        percent = f"{-(-m.used_kib * 100 // total)}%" if total else "-"
        rows.append([m.source, m.fstype, *numbers, percent, m.target])
    least = (14, 4, 5, 5, 5, 4)
    widths = [max(least[i], *(len(row[i]) for row in rows)) for i in range(6)]
    for row in rows:
        cells = [row[0].ljust(widths[0])]
        cells += [row[1].ljust(widths[1])] if typed else []
        cells += [row[i].rjust(widths[i]) for i in range(2, 6)]
        shell.out(" ".join([*cells, row[6]]) + "\n")


def _gnu_human(kib: int) -> str:
    """coreutils' -h: rounded up, one decimal below 10, powers of 1024."""
    if kib == 0:
        return "0"
    value, unit = float(kib), "K"
    for bigger in "MGTPE":
        if value < 1024:
            break
        value, unit = value / 1024, bigger
    if value < 10:
        tenths = math.ceil(value * 10 - 1e-9)
        if tenths < 100:
            return f"{tenths / 10:.1f}{unit}"
        value = 10
    return f"{math.ceil(value - 1e-9)}{unit}"
