"""What a container may write: readOnlyRootFilesystem, read-only volume mounts, and the
volumes that are always read-only (configMap, secret, downwardAPI, projected, the service
account's token), each refused in the words of the tool that tried."""

import pytest

from .helpers import cluster_with, container, kubelet

SLEEP = ["sh", "-c", "sleep 3600"]
VOLUMES = [
    {"name": "scratch", "emptyDir": {}},
    {"name": "shelf", "emptyDir": {}},
    {
        "name": "info",
        "downwardAPI": {"items": [{"path": "name", "fieldRef": {"fieldPath": "metadata.name"}}]},
    },
]
MOUNTS = [
    {"name": "scratch", "mountPath": "/scratch"},
    {"name": "shelf", "mountPath": "/shelf", "readOnly": True},
    {"name": "info", "mountPath": "/info"},
]


def shell(script: str, image: str = "busybox:1.28", read_only_root: bool = True) -> str:
    """What the script printed (its stdout, then its stderr)."""
    security = {"readOnlyRootFilesystem": True} if read_only_root else {}
    spec = container(image=image, command=SLEEP, securityContext=security, volumeMounts=MOUNTS)
    cluster = cluster_with(spec, volumes=VOLUMES)
    cluster.advance_to(5_000)
    done = kubelet(cluster).exec("default", "p", "app", ["sh", "-c", script])
    return done.stdout + done.stderr


def test_a_read_only_root_refuses_writes_but_not_on_writable_volumes() -> None:
    assert shell("echo a > /tmp/x; echo $?; echo b > /scratch/x; cat /scratch/x") == (
        "1\nb\nsh: can't create /tmp/x: Read-only file system\n"
    )
    assert shell("echo c > /dev/termination-log; echo $?") == "0\n"


@pytest.mark.parametrize(
    ("script", "image", "expected"),
    [
        ("touch /shelf/x", "busybox:1.28", "touch: /shelf/x: Read-only file system\n"),
        ("touch /shelf/x", "nginx:1.27", "touch: cannot touch '/shelf/x': Read-only file system\n"),
        ("rm /info/name", "busybox:1.28", "rm: can't remove '/info/name': Read-only file system\n"),
        (
            "mkdir /etc/app",
            "busybox:1.28",
            "mkdir: can't create directory '/etc/app': Read-only file system\n",
        ),
        (
            "echo x >> /etc/hosts",
            "nginx:1.27",
            "sh: 1: cannot create /etc/hosts: Read-only file system\n",
        ),
        (
            "echo t > /var/run/secrets/kubernetes.io/serviceaccount/token",
            "busybox:1.28",
            "sh: can't create /var/run/secrets/kubernetes.io/serviceaccount/token: Read-only "
            "file system\n",
        ),
    ],
)
def test_each_tool_says_so_in_its_words(script: str, image: str, expected: str) -> None:
    assert shell(script, image) == expected


def test_without_read_only_root_only_read_only_mounts_refuse() -> None:
    assert shell("echo a > /tmp/x; cat /tmp/x; echo b > /info/x", read_only_root=False) == (
        "a\nsh: can't create /info/x: Read-only file system\n"
    )


def test_a_mount_point_is_a_directory_even_when_empty() -> None:
    assert shell("ls /scratch; echo $?; cd /shelf && pwd; test -d /info && ls /info") == (
        "0\n/shelf\nname\n"
    )
    assert shell("ls /", read_only_root=False).split() == [
        "bin", "dev", "etc", "home", "info", "lib", "proc", "root", "scratch", "shelf", "sys",
        "tmp", "usr", "var",
    ]  # fmt: skip
