"""Sending inputs to workers: the message services.send pushes is the one Celery's
apply_async sends, and a real worker runs it."""

import base64
import json

import pytest

from cluster import services, tasks
from cluster.models import Cluster
from cluster.routing import SHARED_QUEUE

GHOST = Cluster(id=987_655, name="ghost")  # no journal: the worker answers with an error
ARGS = (GHOST.id, GHOST.name, {"op": "status"}, "kubelab:replies:x#1")


def popped(client, queue: str) -> dict:
    message = json.loads(client.rpop(queue))
    message["body"] = json.loads(base64.b64decode(message["body"]))
    return message


def test_the_message_is_celerys_as_apply_async_sends_it(redis_url):
    client = services.redis_client()
    tasks.lab.apply_async(ARGS, queue="probe.kombu", argsrepr=repr(ARGS[:2]), kwargsrepr="{}")
    client.lpush("probe.ours", services.celery_message(tasks.lab, ARGS, "probe.ours"))
    kombu, ours = popped(client, "probe.kombu"), popped(client, "probe.ours")
    assert ours["body"] == kombu["body"]
    assert ours["body"][:2] == [list(ARGS), {}]
    for field in ("id", "root_id", "origin"):  # its own, or this process' name
        assert ours["headers"].pop(field) and kombu["headers"].pop(field)
    assert ours["headers"] == kombu["headers"]
    assert ours["properties"]["delivery_info"] == {"exchange": "", "routing_key": "probe.ours"}
    shared = {"delivery_mode", "priority", "body_encoding"}
    assert {k: ours["properties"][k] for k in shared} == {k: kombu["properties"][k] for k in shared}
    assert ours["headers"]["task"] == "cluster.lab"
    envelope = {"content-encoding": "utf-8", "content-type": "application/json"}
    assert {k: ours[k] for k in envelope} == {k: kombu[k] for k in envelope} == envelope
    assert ours.keys() == kombu.keys()
    assert client.llen(SHARED_QUEUE) == 0


@pytest.mark.usefixtures("celery_worker")
async def test_a_worker_runs_what_send_pushed():
    assert await services.lab(GHOST, {"op": "status"}) == {"error": "internal error in KubeLab"}
