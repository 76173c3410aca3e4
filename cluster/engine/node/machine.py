"""What a container's tools see of their machine beyond its files: the ports listening, the
volumes mounted, the memory, the image's own programs. `ip`, `netstat`, `mount`, `df`,
`free` and `which` read it, as the real ones read the kernel's tables and $PATH."""

from __future__ import annotations

from dataclasses import dataclass

# a volume's kind, as the container's mount table shows it (see mounts)
MEMORY_DIR = "emptyDir:Memory"  # an emptyDir of medium Memory: a tmpfs


@dataclass(frozen=True, slots=True)
class Machine:
    """The container's listening ports, its volumes (mount path and kind: emptyDir,
    emptyDir:Memory, hostPath, configMap, secret, projected, downwardAPI,
    persistentVolumeClaim), its memory limit and its node's memory, the image's programs
    and where its tools are."""

    open_ports: tuple[int, ...] = ()
    volumes: tuple[tuple[str, str], ...] = ()
    memory_limit_bytes: int = 0
    node_memory_bytes: int = 0
    programs: tuple[str, ...] = ()
    # where its tools are (which): "busybox" (the busybox image: all in /bin), "alpine"
    # (busybox's own places) or "debian"
    layout: str = ""
