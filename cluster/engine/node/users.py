"""Who a container's processes run as. containerd resolves the user from the pod's
securityContext (runAsUser, runAsGroup; the container's over the pod's) or else the image's
USER, looks it up in the image's /etc/passwd and /etc/group, and adds the supplementary
groups: the primary one, the image's (unless supplementalGroupsPolicy is Strict), the pod's
supplementalGroups and its fsGroup. Before that, the kubelet refuses to create a container
that runAsNonRoot forbids (verifyRunAsNonRoot)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from cluster.engine.api.meta import Object
from cluster.engine.node.images import Image
from cluster.engine.node.podstate import format_pod


@dataclass(frozen=True, slots=True)
class Account:
    """An /etc/passwd entry, with the groups /etc/group lists the user in."""

    name: str
    uid: int
    gid: int
    home: str
    groups: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Userland:
    """The accounts and group names an image's /etc/passwd and /etc/group hold."""

    accounts: tuple[Account, ...]
    groups: tuple[tuple[int, str], ...]  # gid, name

    def by_uid(self, uid: int) -> Account | None:
        return next((a for a in self.accounts if a.uid == uid), None)

    def by_name(self, name: str) -> Account | None:
        return next((a for a in self.accounts if a.name == name), None)


@dataclass(frozen=True, slots=True)
class User:
    """A process's credentials: uid, gid, its supplementary groups (the primary group first,
    as the runtime reports them) and the names the image's files give them."""

    uid: int = 0
    gid: int = 0
    groups: tuple[int, ...] = (0,)
    userland: Userland | None = None

    @property
    def name(self) -> str:
        account = self.userland.by_uid(self.uid) if self.userland else None
        return account.name if account else ""

    @property
    def home(self) -> str:
        """HOME, as runc sets it: the user's home directory, or / if it has no entry."""
        account = self.userland.by_uid(self.uid) if self.userland else None
        return account.home if account else "/"

    def group_name(self, gid: int) -> str:
        found = self.userland.groups if self.userland else ()
        return next((name for number, name in found if number == gid), "")

    def status(self) -> Object:
        """The container status' `user` (ContainerUser, SupplementalGroupsPolicy)."""
        return {
            "linux": {"uid": self.uid, "gid": self.gid, "supplementalGroups": list(self.groups)}
        }


class NonRootError(Exception):
    """runAsNonRoot forbids the container's user (a CreateContainerConfigError)."""


def effective(pod: Object, container: Object, key: str) -> object:
    """DetermineEffectiveSecurityContext's field: the container's, else the pod's."""
    own = (container.get("securityContext") or {}).get(key)
    return own if own is not None else (pod["spec"].get("securityContext") or {}).get(key)


def verify_run_as_non_root(pod: Object, container: Object, image_user: str) -> None:
    """verifyRunAsNonRoot: with runAsNonRoot, the user must be known not to be root."""
    if not effective(pod, container, "runAsNonRoot"):
        return
    where = f'(pod: "{format_pod(pod)}", container: {container["name"]})'
    run_as = effective(pod, container, "runAsUser")
    if run_as is not None:
        if run_as == 0:
            raise NonRootError(f"container's runAsUser breaks non-root policy {where}")
        return
    name = image_user.partition(":")[0]
    if name and not name.isdigit():
        raise NonRootError(
            f"container has runAsNonRoot and image has non-numeric user ({name}), cannot "
            f"verify user is non-root {where}"
        )
    if not name or int(name) == 0:
        raise NonRootError(f"container has runAsNonRoot and image will run as root {where}")


def container_user(pod: Object, container: Object, image_user: str, userland: Userland) -> User:
    """The user, group and supplementary groups containerd gives the container's process."""
    run_as = effective(pod, container, "runAsUser")
    name, _, group = image_user.partition(":")
    if run_as is not None:
        account = userland.by_uid(int(run_as))
        uid = int(run_as)
    elif name.isdigit():
        account, uid = userland.by_uid(int(name)), int(name)
    else:
        account = userland.by_name(name or "root")
        uid = account.uid if account else 0
    run_as_group = effective(pod, container, "runAsGroup")
    if run_as_group is not None:
        gid = int(run_as_group)
    elif group.isdigit() and run_as is None:
        gid = int(group)
    else:
        gid = account.gid if account else 0
    security = pod["spec"].get("securityContext") or {}
    image_groups = () if account is None else account.groups
    if security.get("supplementalGroupsPolicy") == "Strict":
        image_groups = ()
    fs_group = security.get("fsGroup")
    extra = {*image_groups, *(security.get("supplementalGroups") or ())}
    extra |= {fs_group} if fs_group is not None else set()
    return _user(uid, gid, (gid, *sorted(extra - {gid})), userland)


@functools.lru_cache(maxsize=256)  # containers of the same image and context share one
def _user(uid: int, gid: int, groups: tuple[int, ...], userland: Userland) -> User:
    return User(uid, gid, groups, userland)


def userland_of(image: Image | None) -> Userland:
    """The accounts of an image's files: its own, else those of its userland's base."""
    if image is None:
        return USERLANDS["none"]
    return USERLANDS[image.userland or _BY_TOOLS[image.tools]]


_BUSYBOX_GROUPS = ((0, "root"), (1, "daemon"), (2, "bin"), (3, "sys"), (4, "adm"), (5, "tty"))
_BUSYBOX_GROUPS += ((6, "disk"), (8, "mail"), (10, "wheel"), (33, "www-data"), (100, "users"))
_BUSYBOX_GROUPS += ((65534, "nogroup"),)
_BUSYBOX = (
    Account("root", 0, 0, "/root", (10,)),
    Account("daemon", 1, 1, "/usr/sbin"),
    Account("bin", 2, 2, "/bin"),
    Account("sys", 3, 3, "/dev"),
    Account("www-data", 33, 33, "/var/www"),
    Account("nobody", 65534, 65534, "/home"),
)
_ALPINE_GROUPS = ((0, "root"), (1, "bin"), (2, "daemon"), (3, "sys"), (4, "adm"), (6, "disk"))
_ALPINE_GROUPS += ((10, "wheel"), (11, "floppy"), (20, "dialout"), (26, "tape"), (27, "video"))
_ALPINE_GROUPS += ((82, "www-data"), (100, "users"), (65534, "nobody"))
_ALPINE = (
    Account("root", 0, 0, "/root", (1, 2, 3, 4, 6, 10, 11, 20, 26, 27)),
    Account("bin", 1, 1, "/bin", (2, 3)),
    Account("daemon", 2, 2, "/sbin", (1, 4)),
    Account("nobody", 65534, 65534, "/"),
)
_DEBIAN_GROUPS = ((0, "root"), (1, "daemon"), (2, "bin"), (3, "sys"), (4, "adm"), (5, "tty"))
_DEBIAN_GROUPS += ((6, "disk"), (33, "www-data"), (100, "users"), (65534, "nogroup"))
_DEBIAN = (
    Account("root", 0, 0, "/root"),
    Account("daemon", 1, 1, "/usr/sbin"),
    Account("bin", 2, 2, "/bin"),
    Account("sys", 3, 3, "/dev"),
    Account("www-data", 33, 33, "/var/www"),
    Account("nobody", 65534, 65534, "/nonexistent"),
)
USERLANDS = {
    "busybox": Userland(_BUSYBOX, _BUSYBOX_GROUPS),
    "alpine": Userland(_ALPINE, _ALPINE_GROUPS),
    "debian": Userland(_DEBIAN, _DEBIAN_GROUPS),
    "none": Userland((), ()),  # distroless and scratch images: no /etc/passwd
    "nginx": Userland(
        (*_DEBIAN, Account("nginx", 101, 101, "/nonexistent")), (*_DEBIAN_GROUPS, (101, "nginx"))
    ),
    "redis": Userland(
        (*_DEBIAN, Account("redis", 999, 999, "/home/redis")), (*_DEBIAN_GROUPS, (999, "redis"))
    ),
    "curl": Userland(
        (*_ALPINE, Account("curl_user", 100, 101, "/home/curl_user")),
        (*_ALPINE_GROUPS, (101, "curl_group")),
    ),
    # the docs' supplementalGroupsPolicy example: a user of its own, in a group of its own
    "agnhost": Userland(
        (
            *_BUSYBOX,
            Account("user-defined-in-image", 1000, 1000, "/home/user-defined-in-image", (50000,)),
        ),
        (*_BUSYBOX_GROUPS, (1000, "user-defined-in-image"), (50000, "group-defined-in-image")),
    ),
}
_BY_TOOLS = {"busybox": "busybox", "gnu": "debian", "none": "none"}
ROOT = User(0, 0, (0,), USERLANDS["none"])
