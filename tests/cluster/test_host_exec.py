"""A shell session's lines are inputs like any other: journaled with the shell's state they
carry, so another worker replaying the journal reaches the same cluster, the files the lines
wrote in the container included."""

import itertools

import pytest
import redis

from cluster.engine.apiserver.request import Credential, Request
from cluster.engine.cluster import ClusterSpec
from cluster.host import ClusterHost
from cluster.journal import Anchor, Journal

EPOCH = 1_767_225_600
_ids = itertools.count(2000)


@pytest.fixture
def cluster_id(redis_url):
    cluster_id = next(_ids)
    Journal(redis.Redis.from_url(redis_url), cluster_id).create(
        ClusterSpec(seed=9, epoch=EPOCH, admin_token="t"), Anchor(wall_ms=EPOCH * 1000, virtual=0)
    )
    return cluster_id


def test_a_sessions_lines_replay_with_the_state_each_carried(redis_url, cluster_id):
    client = redis.Redis.from_url(redis_url)
    wall = [float(EPOCH)]
    first = ClusterHost(client, None, wall_clock=lambda: wall[0])
    first.kubectl(cluster_id, "c", ["run", "web", "--image=busybox", "--", "sleep", "3600"])
    wall[0] += 10
    first.tick(cluster_id, "c")  # the pod runs

    def line(host: ClusterHost, command: list[str], state: dict) -> dict:
        body = {"command": command, "container": "web", "stdin": "", "shell": state}
        request = Request(
            "create", "pods", "default", "web", "exec", body, credential=Credential("token", "t")
        )
        return host.request(cluster_id, "c", request).body

    answer = line(first, ["sh"], {"interactive": True})
    for text in ["cd /tmp", "echo hi > note; X=1"]:
        answer = line(first, ["sh", "-c", text], answer["shell"])
    said = line(first, ["sh", "-c", "cat note; echo $X"], answer["shell"])
    assert (said["stdout"], said["prompt"]) == ("hi\n1\n", "/tmp # ")

    second = ClusterHost(client, None, wall_clock=lambda: wall[0])
    one, two = first.load(cluster_id, "c").engine, second.load(cluster_id, "c").engine
    assert one is not two
    assert one.trace.since(0) == two.trace.since(0)
    again = line(second, ["sh", "-c", "cat /tmp/note; pwd"], {"interactive": False})
    assert again["stdout"] == "hi\n/\n"  # the file is the container's; the directory the shell's
