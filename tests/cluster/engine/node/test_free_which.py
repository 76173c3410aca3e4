"""free (the node's memory, as busybox reads it) and which (where a command is in $PATH:
the busybox image's /bin, alpine's busybox places, Debian's merged /usr)."""

from __future__ import annotations

import pytest

from cluster.engine.cluster import Cluster
from tests.cluster.engine.node.test_service_traffic import settled
from tests.cluster.kubectl.helpers import run

HEADER = "              total        used        free      shared  buff/cache   available\n"
SWAP = "Swap:             0           0           0\n"


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    cluster = Cluster()
    settled(cluster, "run", "bb", "--image=busybox", "--", "sleep", "3600")
    settled(cluster, "run", "deb", "--image=debian", "--", "sleep", "3600")
    settled(cluster, "run", "web", "--image=nginx")
    settled(cluster, "run", "al", "--image=alpine", "--", "sleep", "3600")
    settled(cluster, "run", "old", "--image=busybox:1.28", "--", "sleep", "3600")
    settled(cluster, "run", "mid", "--image=busybox:1.32", "--", "sleep", "3600")
    return cluster


def in_pod(cluster: Cluster, pod: str, script: str) -> tuple[str, str, int]:
    result = run(cluster, "exec", pod, "--", "sh", "-c", script)
    return result.stdout, result.stderr, result.exit_code


def test_free_shows_the_nodes_memory_not_the_containers_limit(cluster: Cluster) -> None:
    mem = "Mem:        4194304     1258291     1887437       25166     1048576     2726298\n"
    assert in_pod(cluster, "bb", "free") == (HEADER + mem + SWAP, "", 0)
    human = "Mem:           4.0G        1.2G        1.8G       24.6M        1.0G        2.6G\n"
    assert in_pod(cluster, "bb", "free -h") == (HEADER + human + SWAP, "", 0)
    mebi = "Mem:           4096        1229        1843          25        1024        2662\n"
    assert in_pod(cluster, "bb", "free -m") == (HEADER + mebi + SWAP, "", 0)
    assert in_pod(cluster, "bb", "free -x")[1].startswith("free: invalid option -- 'x'\n")


def test_free_of_older_busybox_releases(cluster: Cluster) -> None:
    """Before 1.30: buffers and cached, and a line counting them free; before 1.34: the
    values cut down to the unit, and no -h."""
    assert in_pod(cluster, "old", "free") == (
        "             total       used       free     shared    buffers     cached\n"
        "Mem:       4194304    2306867    1887436      25165      83886     838860\n"
        "-/+ buffers/cache:    1384120    2810183\n"
        "Swap:            0          0          0\n",
        "",
        0,
    )
    assert in_pod(cluster, "mid", "free")[0] == (
        HEADER
        + "Mem:        4194304     1258291     1887436       25165     1048576     2726297\n"
        + SWAP
    )
    assert in_pod(cluster, "mid", "free -h")[1].startswith("free: invalid option -- 'h'\n")


def test_debian_has_no_free(cluster: Cluster) -> None:
    assert in_pod(cluster, "deb", "free")[:2] == (
        "",
        "sh: 1: free: not found\ncommand terminated with exit code 127\n",
    )


@pytest.mark.parametrize(
    ("pod", "script", "out", "code"),
    [
        ("bb", "which wget ip sh", "/bin/wget\n/bin/ip\n/bin/sh\n", 0),
        ("bb", "which nope", "", 1),
        ("bb", "which -a env", "/usr/bin/env\n/bin/env\n", 0),
        ("bb", "which ls nope; echo $?", "/bin/ls\n1\n", 0),
        ("al", "which ip free ls wget", "/sbin/ip\n/usr/bin/free\n/bin/ls\n/usr/bin/wget\n", 0),
        (
            "deb",
            "which ls sh bash mount",
            "/usr/bin/ls\n/usr/bin/sh\n/usr/bin/bash\n/usr/bin/mount\n",
            0,
        ),
        ("deb", "which -a ls", "/usr/bin/ls\n/bin/ls\n", 0),
        ("deb", "which wget ip", "", 1),
        (
            "web",
            "which nginx curl /docker-entrypoint.sh",
            "/usr/sbin/nginx\n/usr/bin/curl\n/docker-entrypoint.sh\n",
            0,
        ),
        ("bb", "PATH=/usr/bin which ls", "", 1),
        ("al", "which /bin/ls /bin/nope", "/bin/ls\n", 1),
    ],
)
def test_which_finds_a_command_in_path(
    cluster: Cluster, pod: str, script: str, out: str, code: int
) -> None:
    found = in_pod(cluster, pod, script)
    assert (found[0], found[2]) == (out, code)
