"""A node's own file system, as far as pods' volumes reach it: the directories the kubelet
makes for a pod's emptyDir volumes (under /var/lib/kubelet/pods/UID/volumes), and the
node's directories that hostPath volumes, and the hostPath or local PersistentVolumes of
claims, name. A container's runtime bind-mounts each of them at its mount path (CRI's
Mount: container path, host path): every container that mounts one reads and writes the
same files, which outlive the container (an emptyDir's the pod's, a hostPath's the node's).

Only files are kept, by absolute path on the node; a directory is what holds them, or a
mount point.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

PODS_DIR = "/var/lib/kubelet/pods"  # the kubelet's --root-dir, then pods/
EMPTY_DIR_PLUGIN = "kubernetes.io~empty-dir"

Binds = tuple[tuple[str, str], ...]  # (mount path in the container, path on the node)
Mounts = Iterable[tuple[str, bool]]  # every mount of the container, and if it is read-only


def pod_dir(uid: str) -> str:
    """Where the kubelet keeps what belongs to a pod (getPodDir)."""
    return f"{PODS_DIR}/{uid}"


def empty_dir(uid: str, volume: str) -> str:
    """An emptyDir volume's directory on the node (getPodVolumeDir of its plugin)."""
    return f"{pod_dir(uid)}/volumes/{EMPTY_DIR_PLUGIN}/{volume}"


def normal(path: str) -> str:
    """An absolute path without `.`, `..`, doubled or trailing slashes."""
    return posixpath.normpath("/" + path).replace("//", "/")


@dataclass(slots=True)
class Disk:
    files: dict[str, str] = field(default_factory=dict)  # by path on the node

    def write(self, path: str, content: str | None) -> None:
        """Write a whole file (None: remove it)."""
        if content is None:
            self.files.pop(path, None)
        else:
            self.files[path] = content

    def under(self, root: str) -> Iterator[tuple[str, str]]:
        """The files at or below `root`: the path after it ("" for `root` itself)."""
        prefix = root.rstrip("/") + "/"
        for path, content in self.files.items():
            if path.startswith(prefix):
                yield path[len(prefix) - 1 :], content
            elif path == root:
                yield "", content

    def remove_tree(self, root: str) -> None:
        """Remove `root` and all below it (os.RemoveAll)."""
        prefix = root.rstrip("/") + "/"
        for path in [p for p in self.files if p == root or p.startswith(prefix)]:
            del self.files[path]


def innermost(mounts: Mounts, path: str) -> str:
    """The mount point of the innermost mount that holds `path` ("" if none does)."""
    found = ""
    for at, _ in mounts:
        if (path == at or path.startswith(at.rstrip("/") + "/")) and len(at) > len(found):
            found = at
    return found


def host_path(binds: Binds, mounts: Mounts, path: str) -> str | None:
    """Where on the node a container's `path` is, if a bind mount holds it (innermost:
    a volume mounted inside another hides what is there); None if the container's own."""
    if not binds:
        return None
    at = innermost(mounts, path)
    for mount_path, node_path in binds:
        if mount_path == at:
            return node_path + path[len(at.rstrip("/")) :]
    return None


def view(binds: Binds, mounts: Mounts, files: dict[str, str], disk: Disk) -> dict[str, str]:
    """A container's files with its bind mounts' in place: what the node's directories
    hold now, under their mount paths, instead of what lies under those paths in its own."""
    mounts = tuple(mounts)
    shown = {p: c for p, c in files.items() if host_path(binds, mounts, p) is None}
    for mount_path, node_path in binds:
        for rest, content in disk.under(node_path):
            path = mount_path.rstrip("/") + rest if rest else mount_path
            if innermost(mounts, path) == mount_path:
                shown[path] = content
    return shown
