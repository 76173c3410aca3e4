"""A container's mount table (/proc/mounts) and `mount` and `df` over it: the overlay root,
containerd's and runc's mounts, the kubelet's bind mounts and volumes, as busybox and
Debian's util-linux and coreutils print them."""

from __future__ import annotations

import json

import pytest

from cluster.engine.apiserver.request import Request
from cluster.engine.cluster import Cluster
from cluster.engine.node import mounts
from tests.cluster.engine.node.test_service_traffic import settled
from tests.cluster.kubectl.helpers import run

SNAPSHOTS = "/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots"
PROC = "rw,nosuid,nodev,noexec,relatime"
READ_ONLY_PROC = "ro,nosuid,nodev,noexec,relatime"
DEV = "rw,nosuid,size=65536k,mode=755"
SA = "/var/run/secrets/kubernetes.io/serviceaccount"


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    """bb (busybox), deb (debian), and vol: busybox with an emptyDir at /cache, a memory
    one at /mem, a configMap at /etc/config and a read-only hostPath at /host, limited to
    128Mi."""
    cluster = Cluster()
    settled(cluster, "run", "bb", "--image=busybox", "--", "sleep", "3600")
    settled(cluster, "run", "deb", "--image=debian", "--", "sleep", "3600")
    container = {
        "name": "c",
        "image": "busybox",
        "command": ["sleep", "3600"],
        "resources": {"limits": {"memory": "128Mi"}},
        "volumeMounts": [
            {"name": "cache", "mountPath": "/cache"},
            {"name": "mem", "mountPath": "/mem"},
            {"name": "cm", "mountPath": "/etc/config"},
            {"name": "host", "mountPath": "/host", "readOnly": True},
        ],
    }
    volumes = [
        {"name": "cache", "emptyDir": {}},
        {"name": "mem", "emptyDir": {"medium": "Memory"}},
        {"name": "cm", "configMap": {"name": "cfg", "optional": True}},
        {"name": "host", "hostPath": {"path": "/var/log"}},
    ]
    body = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "vol"},
        "spec": {"containers": [container], "volumes": volumes},
    }
    request = Request("create", "pods", "default", body=body, credential=cluster.admin)
    assert cluster.handle(request).code == 201
    cluster.advance_to(cluster.clock.now + 10_000)
    return cluster


def in_pod(cluster: Cluster, pod: str, *argv: str) -> tuple[str, str, int]:
    result = run(cluster, "exec", pod, "--", *argv)
    return result.stdout, result.stderr, result.exit_code


def root_line(cluster: Cluster, pod: str) -> str:
    """The overlay root's options: the snapshots follow the pod's place on its node."""
    ip = json.loads(run(cluster, "get", "pod", pod, "-o", "json").stdout)["status"]["podIP"]
    lower = 10 + 2 * int(ip.rsplit(".", 1)[1])
    return (
        f"rw,relatime,lowerdir={SNAPSHOTS}/{lower}/fs,upperdir={SNAPSHOTS}/{lower + 1}/fs,"
        f"workdir={SNAPSHOTS}/{lower + 1}/work"
    )


def defaults(root: str) -> list[str]:
    return [
        f"overlay / overlay {root} 0 0",
        f"proc /proc proc {PROC} 0 0",
        f"tmpfs /dev tmpfs {DEV} 0 0",
        "devpts /dev/pts devpts rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666 0 0",
        f"mqueue /dev/mqueue mqueue {PROC} 0 0",
        f"sysfs /sys sysfs {READ_ONLY_PROC} 0 0",
        f"cgroup /sys/fs/cgroup cgroup2 {READ_ONLY_PROC},nsdelegate,memory_recursiveprot 0 0",
    ]


KUBELETS = [
    "/dev/vda1 /etc/hosts ext4 rw,relatime 0 0",
    "/dev/vda1 /dev/termination-log ext4 rw,relatime 0 0",
    "/dev/vda1 /etc/hostname ext4 rw,relatime 0 0",
    "/dev/vda1 /etc/resolv.conf ext4 rw,relatime 0 0",
    f"shm /dev/shm tmpfs {PROC},size=65536k 0 0",
]
MASKED = [
    *(f"proc /proc/{p} proc {READ_ONLY_PROC} 0 0" for p in ("bus", "fs", "irq", "sys")),
    f"proc /proc/sysrq-trigger proc {READ_ONLY_PROC} 0 0",
    "tmpfs /proc/acpi tmpfs ro,relatime 0 0",
    f"tmpfs /proc/kcore tmpfs {DEV} 0 0",
    f"tmpfs /proc/keys tmpfs {DEV} 0 0",
    f"tmpfs /proc/timer_list tmpfs {DEV} 0 0",
    "tmpfs /sys/firmware tmpfs ro,relatime 0 0",
    "tmpfs /sys/devices/virtual/powercap tmpfs ro,relatime 0 0",
    "tmpfs /proc/scsi tmpfs ro,relatime 0 0",
]


def test_proc_mounts_lists_runcs_mounts_then_the_kubelets(cluster: Cluster) -> None:
    expected = [
        *defaults(root_line(cluster, "bb")),
        *KUBELETS,
        f"tmpfs {SA} tmpfs ro,relatime,size=4194304k 0 0",  # the node's 4Gi: no limit
        *MASKED,
    ]
    table = "".join(f"{line}\n" for line in expected)
    for path in ("/proc/mounts", "/proc/self/mounts", "/proc/1/mounts"):
        assert in_pod(cluster, "bb", "cat", path) == (table, "", 0)
    assert in_pod(cluster, "deb", "cat", "/proc/mounts")[0].count("\n") == len(expected)


def test_volumes_come_first_as_containerd_orders_mounts_by_depth(cluster: Cluster) -> None:
    expected = [
        *defaults(root_line(cluster, "vol")),
        "/dev/vda1 /cache ext4 rw,relatime 0 0",
        "tmpfs /mem tmpfs rw,relatime,size=131072k 0 0",  # the container's 128Mi
        "/dev/vda1 /host ext4 ro,relatime 0 0",
        "/dev/vda1 /etc/config ext4 ro,relatime 0 0",  # a configMap is always read-only
        *KUBELETS,
        f"tmpfs {SA} tmpfs ro,relatime,size=131072k 0 0",
        *MASKED,
    ]
    assert in_pod(cluster, "vol", "cat", "/proc/mounts")[0].splitlines() == expected


def test_mount_prints_the_table_in_words(cluster: Cluster) -> None:
    out, err, code = in_pod(cluster, "vol", "mount")
    assert (out.splitlines()[7:9], err, code) == (
        [
            "/dev/vda1 on /cache type ext4 (rw,relatime)",
            "tmpfs on /mem type tmpfs (rw,relatime,size=131072k)",
        ],
        "",
        0,
    )
    assert in_pod(cluster, "deb", "mount", "-t", "ext4") == (
        "/dev/vda1 on /etc/hosts type ext4 (rw,relatime)\n"
        "/dev/vda1 on /dev/termination-log type ext4 (rw,relatime)\n"
        "/dev/vda1 on /etc/hostname type ext4 (rw,relatime)\n"
        "/dev/vda1 on /etc/resolv.conf type ext4 (rw,relatime)\n",
        "",
        0,
    )


def test_mounting_needs_a_capability_the_container_lacks(cluster: Cluster) -> None:
    assert in_pod(cluster, "bb", "mount", "/dev/vda1", "/mnt")[:2] == (
        "",
        "mount: mounting /dev/vda1 on /mnt failed: Permission denied\n"
        "command terminated with exit code 255\n",
    )
    assert in_pod(cluster, "deb", "mount", "/dev/vda1", "/mnt") == (
        "",
        "mount: /mnt: permission denied.\n"
        "       dmesg(1) may have more information after failed mount system call.\n"
        "command terminated with exit code 32\n",
        32,
    )


def test_busybox_df_shows_each_mount_that_has_blocks(cluster: Cluster) -> None:
    disk = "20971520   5452596  14470348  27%"
    half = "2097152         0   2097152   0%"
    dev = "65536         0     65536   0%"
    assert in_pod(cluster, "bb", "df")[0].splitlines() == [
        "Filesystem           1K-blocks      Used Available Use% Mounted on",
        f"overlay               {disk} /",
        f"tmpfs                    {dev} /dev",
        f"/dev/vda1             {disk} /etc/hosts",
        f"/dev/vda1             {disk} /dev/termination-log",
        f"/dev/vda1             {disk} /etc/hostname",
        f"/dev/vda1             {disk} /etc/resolv.conf",
        f"shm                      {dev} /dev/shm",
        f"tmpfs                  4194304        12   4194292   0% {SA}",
        f"tmpfs                  {half} /proc/acpi",
        f"tmpfs                    {dev} /proc/kcore",
        f"tmpfs                    {dev} /proc/keys",
        f"tmpfs                    {dev} /proc/timer_list",
        f"tmpfs                  {half} /sys/firmware",
        f"tmpfs                  {half} /sys/devices/virtual/powercap",
        f"tmpfs                  {half} /proc/scsi",
    ]


def test_busybox_df_h_and_of_paths(cluster: Cluster) -> None:
    out = in_pod(cluster, "vol", "df", "-h")[0].splitlines()
    assert out[:5] == [
        "Filesystem                Size      Used Available Use% Mounted on",
        "overlay                  20.0G      5.2G     13.8G  27% /",
        "tmpfs                    64.0M         0     64.0M   0% /dev",
        "/dev/vda1                20.0G      5.2G     13.8G  27% /cache",
        "tmpfs                   128.0M         0    128.0M   0% /mem",
    ]
    assert f"tmpfs                   128.0M     12.0K    128.0M   0% {SA}" in out
    written = "echo hello > /mem/a; df /mem /cache/x /nope"
    assert in_pod(cluster, "vol", "sh", "-c", written) == (
        "Filesystem           1K-blocks      Used Available Use% Mounted on\n"
        "tmpfs                   131072         4    131068   0% /mem\n",
        "df: /cache/x: can't find mount point\n"
        "df: /nope: can't find mount point\n"
        "command terminated with exit code 1\n",
        1,
    )
    assert in_pod(cluster, "bb", "df", "-T", "/etc/hosts")[0].splitlines() == [
        "Filesystem           Type       1K-blocks      Used Available Use% Mounted on",
        "/dev/vda1            ext4        20971520   5452596  14470348  27% /etc/hosts",
    ]


def test_coreutils_df_shows_each_filesystem_once(cluster: Cluster) -> None:
    assert in_pod(cluster, "deb", "df", "-h") == (
        "Filesystem      Size  Used Avail Use% Mounted on\n"
        "overlay          20G  5.3G   14G  28% /\n"
        "tmpfs            64M     0   64M   0% /dev\n"
        "/dev/vda1        20G  5.3G   14G  28% /etc/hosts\n"
        "shm              64M     0   64M   0% /dev/shm\n"
        # Debian's /var/run is a link to /run
        "tmpfs           4.0G   12K  4.0G   1% /run/secrets/kubernetes.io/serviceaccount\n"
        "tmpfs           2.0G     0  2.0G   0% /proc/acpi\n"
        "tmpfs           2.0G     0  2.0G   0% /sys/firmware\n"
        "tmpfs           2.0G     0  2.0G   0% /sys/devices/virtual/powercap\n"
        "tmpfs           2.0G     0  2.0G   0% /proc/scsi\n",
        "",
        0,
    )
    assert in_pod(cluster, "deb", "df", "-T", "/")[0] == (
        "Filesystem     Type    1K-blocks    Used Available Use% Mounted on\n"
        "overlay        overlay  20971520 5452596  14470348  28% /\n"
    )
    assert in_pod(cluster, "deb", "df", f"{SA}/token")[0].endswith(
        " /run/secrets/kubernetes.io/serviceaccount\n"
    )
    assert in_pod(cluster, "deb", "df", "/nope")[1].startswith(
        "df: /nope: No such file or directory\n"
    )


@pytest.mark.parametrize(
    ("kib", "busybox", "coreutils"),
    [(0, "0", "0"), (12, "12.0K", "12K"), (65536, "64.0M", "64M"), (5452596, "5.2G", "5.3G")],
)
def test_human_sizes(kib: int, busybox: str, coreutils: str) -> None:
    assert (mounts.human_readable(kib * 1024), mounts._gnu_human(kib)) == (busybox, coreutils)


def test_coreutils_keeps_the_mount_nearest_the_filesystems_root() -> None:
    """A later bind of the disk wins with a shorter path, unless what it binds is deeper."""
    hosts = mounts._on_disk("/etc/hosts", False, mounts._ROOTS["hosts"])
    deep = mounts._on_disk("/a/b/c", False, mounts._ROOTS["volume"])
    wide = mounts._on_disk("/config-files", False, mounts._ROOTS["volume"])
    assert mounts._distinct([hosts, deep]) == [hosts]
    assert mounts._distinct([wide, hosts]) == [hosts]
    assert mounts._distinct([mounts._on_disk("/data", False, 99), hosts])[0].target == "/data"


def test_df_units_and_filters(cluster: Cluster) -> None:
    assert in_pod(cluster, "bb", "df", "-m", "/")[0] == (
        "Filesystem           1M-blocks      Used Available Use% Mounted on\n"
        "overlay                  20480      5325     14131  27% /\n"
    )
    assert in_pod(cluster, "bb", "df", "-P", "/")[0] == (
        "Filesystem           1024-blocks    Used Available Capacity Mounted on\n"
        "overlay               20971520   5452596  14470348  27% /\n"
    )
    assert in_pod(cluster, "deb", "df", "-x", "tmpfs")[0] == (
        "Filesystem     1K-blocks    Used Available Use% Mounted on\n"
        "overlay         20971520 5452596  14470348  28% /\n"
        "/dev/vda1       20971520 5452596  14470348  28% /etc/hosts\n"
    )
    assert in_pod(cluster, "bb", "df", "-t", "shm")[0] == (
        "Filesystem           1K-blocks      Used Available Use% Mounted on\n"
    )


def test_a_host_path_is_where_the_kind_node_keeps_it(cluster: Cluster) -> None:
    """kind's node keeps /var on the host's disk, /tmp in a tmpfs of docker's, the rest in
    its root: an overlay of docker's layers."""
    container = {
        "name": "c",
        "image": "busybox",
        "command": ["sleep", "3600"],
        "volumeMounts": [
            {"name": "data", "mountPath": "/data"},
            {"name": "scratch", "mountPath": "/scratch", "readOnly": True},
        ],
    }
    volumes = [
        {"name": "data", "hostPath": {"path": "/mnt/data"}},
        {"name": "scratch", "hostPath": {"path": "/tmp/scratch"}},
    ]
    body = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "hp"},
        "spec": {"containers": [container], "volumes": volumes, "nodeName": "node-1"},
    }
    request = Request("create", "pods", "default", body=body, credential=cluster.admin)
    assert cluster.handle(request).code == 201
    cluster.advance_to(cluster.clock.now + 10_000)
    lines = in_pod(cluster, "hp", "cat", "/proc/mounts")[0].splitlines()
    data = next(line for line in lines if " /data " in line)
    assert data.startswith("overlay /data overlay rw,relatime,lowerdir=/var/lib/docker/overlay2/l/")
    assert data.endswith("/work 0 0") and ",upperdir=/var/lib/docker/overlay2/" in data
    assert "tmpfs /scratch tmpfs ro,nosuid,nodev,noexec,relatime 0 0" in lines
    assert in_pod(cluster, "hp", "df", "/data", "/scratch")[0].splitlines()[1:] == [
        "overlay               20971520   5452596  14470348  27% /data",
        "tmpfs                  2097152         0   2097152   0% /scratch",
    ]
