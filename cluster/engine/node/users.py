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
    # the files themselves, where they are known line for line ("": not shown)
    passwd: str = ""
    group: str = ""

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


def from_files(passwd: str, group: str) -> Userland:
    """The accounts and groups of an /etc/passwd and /etc/group: each account's groups are
    those that list it as a member."""
    groups = [line.split(":") for line in group.splitlines()]
    accounts = []
    for line in passwd.splitlines():
        name, _, uid, gid, _, home, _ = line.split(":")
        member_of = tuple(int(g[2]) for g in groups if name in g[3].split(","))
        accounts.append(Account(name, int(uid), int(gid), home, member_of))
    return Userland(tuple(accounts), tuple((int(g[2]), g[0]) for g in groups), passwd, group)


def _lines(*lines: str) -> str:
    return "".join(f"{line}\n" for line in lines)


# the busybox image's: buildroot's skeleton (system/skeleton/etc), as docker-library's
# builder copies it
_BUSYBOX_PASSWD = _lines(
    "root:x:0:0:root:/root:/bin/sh",
    "daemon:x:1:1:daemon:/usr/sbin:/bin/false",
    "bin:x:2:2:bin:/bin:/bin/false",
    "sys:x:3:3:sys:/dev:/bin/false",
    "sync:x:4:100:sync:/bin:/bin/sync",
    "mail:x:8:8:mail:/var/spool/mail:/bin/false",
    "www-data:x:33:33:www-data:/var/www:/bin/false",
    "operator:x:37:37:Operator:/var:/bin/false",
    "nobody:x:65534:65534:nobody:/home:/bin/false",
)
_BUSYBOX_GROUP = _lines(
    *("root:x:0:", "daemon:x:1:", "bin:x:2:", "sys:x:3:", "adm:x:4:", "tty:x:5:", "disk:x:6:"),
    *("lp:x:7:", "mail:x:8:", "kmem:x:9:", "wheel:x:10:root", "cdrom:x:11:", "dialout:x:18:"),
    *("floppy:x:19:", "video:x:28:", "audio:x:29:", "tape:x:32:", "www-data:x:33:"),
    *("operator:x:37:", "utmp:x:43:", "plugdev:x:46:", "staff:x:50:", "lock:x:54:"),
    *("netdev:x:82:", "users:x:100:", "nobody:x:65534:"),
)
_BUSYBOX_USERLAND = from_files(_BUSYBOX_PASSWD, _BUSYBOX_GROUP)
_BUSYBOX = _BUSYBOX_USERLAND.accounts
_BUSYBOX_GROUPS = _BUSYBOX_USERLAND.groups
# alpine's: alpine-baselayout's (the trimmed set of its releases since 2023; root's shell
# is /bin/sh)
_NOLOGIN_ALPINE = "/sbin/nologin"
_ALPINE_PASSWD = _lines(
    "root:x:0:0:root:/root:/bin/sh",
    f"bin:x:1:1:bin:/bin:{_NOLOGIN_ALPINE}",
    f"daemon:x:2:2:daemon:/sbin:{_NOLOGIN_ALPINE}",
    f"lp:x:4:7:lp:/var/spool/lpd:{_NOLOGIN_ALPINE}",
    "sync:x:5:0:sync:/sbin:/bin/sync",
    "shutdown:x:6:0:shutdown:/sbin:/sbin/shutdown",
    "halt:x:7:0:halt:/sbin:/sbin/halt",
    f"mail:x:8:12:mail:/var/mail:{_NOLOGIN_ALPINE}",
    f"news:x:9:13:news:/usr/lib/news:{_NOLOGIN_ALPINE}",
    f"uucp:x:10:14:uucp:/var/spool/uucppublic:{_NOLOGIN_ALPINE}",
    f"cron:x:16:16:cron:/var/spool/cron:{_NOLOGIN_ALPINE}",
    f"ftp:x:21:21::/var/lib/ftp:{_NOLOGIN_ALPINE}",
    f"sshd:x:22:22:sshd:/dev/null:{_NOLOGIN_ALPINE}",
    f"games:x:35:35:games:/usr/games:{_NOLOGIN_ALPINE}",
    f"ntp:x:123:123:NTP:/var/empty:{_NOLOGIN_ALPINE}",
    f"guest:x:405:100:guest:/dev/null:{_NOLOGIN_ALPINE}",
    f"nobody:x:65534:65534:nobody:/:{_NOLOGIN_ALPINE}",
)
_ALPINE_GROUP = _lines(
    *("root:x:0:root", "bin:x:1:root,bin,daemon", "daemon:x:2:root,bin,daemon"),
    *("sys:x:3:root,bin", "adm:x:4:root,daemon", "tty:x:5:", "disk:x:6:root", "lp:x:7:lp"),
    *("kmem:x:9:", "wheel:x:10:root", "floppy:x:11:root", "mail:x:12:mail", "news:x:13:news"),
    *("uucp:x:14:uucp", "cron:x:16:cron", "audio:x:18:", "cdrom:x:19:", "dialout:x:20:root"),
    *("ftp:x:21:", "sshd:x:22:", "input:x:23:", "tape:x:26:root", "video:x:27:root"),
    *("netdev:x:28:", "kvm:x:34:kvm", "games:x:35:", "shadow:x:42:", "www-data:x:82:"),
    *("users:x:100:games", "ntp:x:123:", "abuild:x:300:", "utmp:x:406:", "ping:x:999:"),
    *("nogroup:x:65533:", "nobody:x:65534:"),
)
_ALPINE_USERLAND = from_files(_ALPINE_PASSWD, _ALPINE_GROUP)
_ALPINE = _ALPINE_USERLAND.accounts
_ALPINE_GROUPS = _ALPINE_USERLAND.groups
# Debian's: base-passwd's master files (3.6.1 on, with apt's _apt user), as every image on
# debian:bookworm or later starts with them
_NOLOGIN = "/usr/sbin/nologin"
_DEBIAN_PASSWD = _lines(
    "root:x:0:0:root:/root:/bin/bash",
    f"daemon:x:1:1:daemon:/usr/sbin:{_NOLOGIN}",
    f"bin:x:2:2:bin:/bin:{_NOLOGIN}",
    f"sys:x:3:3:sys:/dev:{_NOLOGIN}",
    "sync:x:4:65534:sync:/bin:/bin/sync",
    f"games:x:5:60:games:/usr/games:{_NOLOGIN}",
    f"man:x:6:12:man:/var/cache/man:{_NOLOGIN}",
    f"lp:x:7:7:lp:/var/spool/lpd:{_NOLOGIN}",
    f"mail:x:8:8:mail:/var/mail:{_NOLOGIN}",
    f"news:x:9:9:news:/var/spool/news:{_NOLOGIN}",
    f"uucp:x:10:10:uucp:/var/spool/uucp:{_NOLOGIN}",
    f"proxy:x:13:13:proxy:/bin:{_NOLOGIN}",
    f"www-data:x:33:33:www-data:/var/www:{_NOLOGIN}",
    f"backup:x:34:34:backup:/var/backups:{_NOLOGIN}",
    f"list:x:38:38:Mailing List Manager:/var/list:{_NOLOGIN}",
    f"irc:x:39:39:ircd:/run/ircd:{_NOLOGIN}",
    f"_apt:x:42:65534::/nonexistent:{_NOLOGIN}",
    f"nobody:x:65534:65534:nobody:/nonexistent:{_NOLOGIN}",
)
_DEBIAN_GROUP = _lines(
    *("root:x:0:", "daemon:x:1:", "bin:x:2:", "sys:x:3:", "adm:x:4:", "tty:x:5:", "disk:x:6:"),
    *("lp:x:7:", "mail:x:8:", "news:x:9:", "uucp:x:10:", "man:x:12:", "proxy:x:13:"),
    *("kmem:x:15:", "dialout:x:20:", "fax:x:21:", "voice:x:22:", "cdrom:x:24:"),
    *("floppy:x:25:", "tape:x:26:", "sudo:x:27:", "audio:x:29:", "dip:x:30:"),
    *("www-data:x:33:", "backup:x:34:", "operator:x:37:", "list:x:38:", "irc:x:39:"),
    *("src:x:40:", "shadow:x:42:", "utmp:x:43:", "video:x:44:", "sasl:x:45:"),
    *("plugdev:x:46:", "staff:x:50:", "games:x:60:", "users:x:100:", "nogroup:x:65534:"),
)


def _debian_with(passwd: str, group: str) -> Userland:
    """Debian's, and an official image's own account, as its Dockerfile's useradd adds it."""
    return from_files(_DEBIAN_PASSWD + _lines(passwd), _DEBIAN_GROUP + _lines(group))


USERLANDS = {
    "busybox": _BUSYBOX_USERLAND,
    "alpine": _ALPINE_USERLAND,
    "debian": from_files(_DEBIAN_PASSWD, _DEBIAN_GROUP),
    "none": Userland((), ()),  # distroless and scratch images: no /etc/passwd
    "nginx": _debian_with("nginx:x:101:101:nginx user:/nonexistent:/bin/false", "nginx:x:101:"),
    "redis": _debian_with("redis:x:999:999::/home/redis:/bin/sh", "redis:x:999:"),
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
