"""Watches over the Kubernetes API, on a real stack: the official Python client's
watch.Watch() over http, and the real kubectl over https (get -w, delete, rollout status,
wait), each following changes as the cluster makes them."""

import http.client
import json
import re
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from kubernetes import client, watch

from cluster.engine.api import resources
from cluster.engine.apiserver.request import Request
from cluster.engine.store import codec
from cluster.kubeapi.watch import Stream
from tests.stack import KUBECTL, KubeLab, line_reader, read_until, real_kubectl

BASE = "/k8s/admin/default"
WATCH_TIMEOUT = 30
WATCHERS = "kubelab:cluster:*:apiwatchers"  # the registry of open watches over the API


@pytest.fixture(scope="module")
def v1(lab: KubeLab, token: str) -> client.CoreV1Api:
    config = client.Configuration()
    config.host = f"http://127.0.0.1:{lab.port}{BASE}"
    config.api_key = {"authorization": f"Bearer {token}"}
    return client.CoreV1Api(client.ApiClient(config))


@pytest.fixture(scope="module")
def store(lab: KubeLab) -> redis.Redis:
    """The stack's own Redis, to see who is registered as watching."""
    lines = (lab.data_dir / "redis" / "redis.conf").read_text().splitlines()
    conf = dict(line.split(" ", 1) for line in lines)
    return redis.Redis(port=int(conf["port"]), password=conf["requirepass"].strip('"'))


def pod(name: str, **labels: str) -> dict[str, Any]:
    return {
        "metadata": {"name": name, "labels": labels},
        "spec": {"containers": [{"name": "c", "image": "nginx"}]},
    }


def later(action: Callable[[], object], delay: float = 0.5) -> threading.Thread:
    """Run action in a moment, while the caller is already watching."""

    def run() -> None:
        time.sleep(delay)
        action()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def collect(
    stream: Iterator[dict[str, Any]], done: Callable[[list[dict[str, Any]]], bool]
) -> list[dict[str, Any]]:
    """Events from stream until done says so (the watch's timeoutSeconds bounds the wait)."""
    seen: list[dict[str, Any]] = []
    for event in stream:
        seen.append(event)
        if done(seen):
            break
    return seen


def wait_for(condition: Callable[[], object], what: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"no {what} within {timeout} s"
        time.sleep(0.05)


def names_and_types(events: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(e["type"], e["raw_object"]["metadata"].get("name", "")) for e in events]


def test_the_python_client_sees_a_pod_added_then_running(v1: client.CoreV1Api) -> None:
    listed = v1.list_namespaced_pod("default")
    later(lambda: v1.create_namespaced_pod("default", pod("first")))
    w = watch.Watch()
    stream = w.stream(
        v1.list_namespaced_pod,
        "default",
        resource_version=listed.metadata.resource_version,
        field_selector="metadata.name=first",
        timeout_seconds=WATCH_TIMEOUT,
    )
    events = collect(stream, lambda seen: seen[-1]["object"].status.phase == "Running")
    w.stop()
    assert events[0]["type"] == "ADDED"
    assert events[0]["object"].status.phase == "Pending"
    assert {e["type"] for e in events[1:]} == {"MODIFIED"}
    assert events[-1]["object"].status.phase == "Running"
    versions = [int(e["object"].metadata.resource_version) for e in events]
    assert versions == sorted(set(versions))


def test_a_watch_resumes_after_a_resource_version(v1: client.CoreV1Api) -> None:
    created = v1.create_namespaced_pod("default", pod("resumed", app="resumed"))
    v1.patch_namespaced_pod("resumed", "default", {"metadata": {"labels": {"tier": "back"}}})
    w = watch.Watch()
    stream = w.stream(
        v1.list_namespaced_pod,
        "default",
        resource_version=created.metadata.resource_version,
        label_selector="app=resumed",
        timeout_seconds=WATCH_TIMEOUT,
    )
    events = collect(stream, lambda seen: "tier" in (seen[-1]["object"].metadata.labels or {}))
    w.stop()
    assert events[0]["type"] == "MODIFIED"  # the creation itself was before it
    assert events[-1]["object"].metadata.labels == {"app": "resumed", "tier": "back"}


def test_initial_events_end_with_a_bookmark(v1: client.CoreV1Api) -> None:
    v1.create_namespaced_pod("default", pod("listed", app="listed"))
    w = watch.Watch()
    stream = w.stream(
        v1.list_namespaced_pod,
        "default",
        label_selector="app=listed",
        send_initial_events=True,
        resource_version_match="NotOlderThan",
        allow_watch_bookmarks=True,
        timeout_seconds=WATCH_TIMEOUT,
    )
    events = collect(stream, lambda seen: seen[-1]["type"] == "BOOKMARK")
    w.stop()
    assert names_and_types(events) == [("ADDED", "listed"), ("BOOKMARK", "")]
    bookmark = events[-1]["raw_object"]
    assert bookmark["kind"] == "Pod"
    assert bookmark["metadata"]["annotations"] == {"k8s.io/initial-events-end": "true"}
    assert int(bookmark["metadata"]["resourceVersion"]) >= int(
        events[0]["object"].metadata.resource_version
    )


def test_objects_come_and_go_as_they_start_and_stop_matching(v1: client.CoreV1Api) -> None:
    v1.create_namespaced_pod("default", pod("mover", app="elsewhere"))

    def relabel() -> None:
        for app in ("here", "elsewhere"):
            body = {"metadata": {"labels": {"app": app}}}
            v1.patch_namespaced_pod("mover", "default", body)

    later(relabel)
    w = watch.Watch()
    stream = w.stream(
        v1.list_namespaced_pod,
        "default",
        label_selector="app=here",
        timeout_seconds=WATCH_TIMEOUT,
    )
    events = collect(stream, lambda seen: seen[-1]["type"] == "DELETED")
    w.stop()
    assert [t for t, name in names_and_types(events) if name == "mover"] == ["ADDED", "DELETED"]
    assert events[-1]["object"].metadata.labels == {"app": "here"}


def test_a_table_watch_defines_its_columns_once(lab: KubeLab, token: str) -> None:
    accept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"
    connection = http.client.HTTPConnection("127.0.0.1", lab.port, timeout=WATCH_TIMEOUT)
    connection.request(
        "GET",
        f"{BASE}/api/v1/namespaces/default/pods?watch=true&timeoutSeconds=1",
        headers={"Authorization": f"Bearer {token}", "Accept": accept},
    )
    response = connection.getresponse()
    assert (response.status, response.getheader("Content-Type")) == (200, "application/json")
    lines = response.read().decode().splitlines()
    connection.close()
    tables = [json.loads(line)["object"] for line in lines]
    assert len(tables) >= 2
    assert {t["kind"] for t in tables} == {"Table"}
    assert tables[0]["columnDefinitions"][0]["name"] == "Name"
    assert all(t["columnDefinitions"] is None for t in tables[1:])
    assert all(len(t["rows"]) == 1 for t in tables)


def test_a_client_that_leaves_leaves_no_registration_behind(
    lab: KubeLab, token: str, store: redis.Redis
) -> None:
    wait_for(lambda: not store.keys(WATCHERS), "earlier watches to end")
    connection = http.client.HTTPConnection("127.0.0.1", lab.port, timeout=WATCH_TIMEOUT)
    connection.request(
        "GET",
        f"{BASE}/api/v1/namespaces/default/pods?watch=true",
        headers={"Authorization": f"Bearer {token}"},
    )
    response = connection.getresponse()
    assert json.loads(response.readline())["type"] == "ADDED"
    registered = store.keys(WATCHERS)
    assert registered and store.zcard(registered[0]) == 1
    response.close()
    connection.close()
    wait_for(lambda: not store.keys(WATCHERS), "the registration to go")
    assert store.keys("asgi:group:*-api") == []


def test_kubectl_get_w_prints_each_change_as_a_row(
    lab: KubeLab, kubeconfig: Path, store: redis.Redis
) -> None:
    argv = [KUBECTL, "--kubeconfig", str(kubeconfig), "get", "pods", "-w", "-l", "app=watched"]
    process = subprocess.Popen(
        argv,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={"PATH": "/usr/bin:/bin", "HOME": str(kubeconfig.parent)},
    )
    try:
        assert process.stdout is not None
        lines = line_reader(process.stdout)
        wait_for(lambda: store.keys(WATCHERS), "kubectl's watch")
        created = real_kubectl(
            kubeconfig, "run", "watched", "--image=nginx", "--labels=app=watched"
        )
        assert created.returncode == 0, created.stderr
        seen = read_until(lines, "Running", timeout=WATCH_TIMEOUT)
    finally:
        process.terminate()
        process.wait(10)
    rows = [line.split() for line in seen[1:]]
    assert seen[0].split() == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
    assert rows[0][:3] == ["watched", "0/1", "Pending"]
    assert rows[-1][:3] == ["watched", "1/1", "Running"]
    wait_for(lambda: not store.keys(WATCHERS), "kubectl's watch to end with kubectl")


def test_kubectl_delete_waits_for_the_pod_to_go(v1: client.CoreV1Api, kubeconfig: Path) -> None:
    v1.create_namespaced_pod("default", pod("doomed"))
    result = real_kubectl(kubeconfig, "delete", "pod", "doomed")
    assert (result.returncode, result.stdout) == (
        0,
        'pod "doomed" deleted from default namespace\n',
    )
    gone = real_kubectl(kubeconfig, "get", "pod", "doomed")
    assert gone.stderr == 'Error from server (NotFound): pods "doomed" not found\n'


def test_kubectl_rollout_status_follows_a_deployment_to_the_end(kubeconfig: Path) -> None:
    deployment = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "rolled"},
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": {"app": "rolled"}},
            "template": {
                "metadata": {"labels": {"app": "rolled"}},
                "spec": {"containers": [{"name": "c", "image": "nginx"}]},
            },
        },
    }
    created = real_kubectl(kubeconfig, "create", "-f", "-", stdin=json.dumps(deployment))
    assert created.returncode == 0, created.stderr
    result = real_kubectl(kubeconfig, "rollout", "status", "deployment/rolled", "--timeout=60s")
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith('deployment "rolled" successfully rolled out\n')


def test_kubectl_wait_returns_once_the_pod_is_ready(kubeconfig: Path) -> None:
    created = real_kubectl(kubeconfig, "run", "awaited", "--image=nginx")
    assert created.returncode == 0, created.stderr
    result = real_kubectl(
        kubeconfig, "wait", "--for=condition=Ready", "pod/awaited", "--timeout=60s"
    )
    assert (result.returncode, result.stdout) == (0, "pod/awaited condition met\n")


def test_a_compacted_resource_version_is_410_gone(lab: KubeLab, v1: client.CoreV1Api) -> None:
    def refusal() -> client.ApiException | None:
        stream = watch.Watch().stream(
            v1.list_namespaced_pod, "default", resource_version="2", timeout_seconds=1
        )
        try:
            collect(stream, lambda seen: False)
        except client.ApiException as error:
            return error
        return None

    # kube-apiserver compacts etcd every five virtual minutes up to where it was five minutes
    # before: let ten pass quickly
    assert lab.kubectl("lab", "speed", "100").returncode == 0
    try:
        wait_for(refusal, "410 Gone", timeout=30)
    finally:
        assert lab.kubectl("lab", "speed", "1").returncode == 0
    gone = refusal()
    assert gone is not None and gone.status == 410
    assert re.fullmatch(r"Expired: too old resource version: 2 \(\d+\)", gone.reason)


def change(name: str, revision: int, **labels: str) -> list[Any]:
    """A published change: a pod created or updated at revision."""
    obj = pod(name, **labels) | {"kind": "Pod", "apiVersion": "v1"}
    obj["metadata"]["namespace"] = "default"
    return [f"/registry/pods/default/{name}", codec.encode(obj), None, revision]


def published(since: int, revision: int, *changes: list[Any]) -> dict[str, Any]:
    return {"since": since, "revision": revision, "now": 0, "changes": list(changes)}


def test_a_stream_skips_what_its_answer_covered_and_ends_when_it_missed_changes() -> None:
    request = Request("watch", "pods", "default", query={"labelSelector": "app=web"})
    stream = Stream(resources.BY_NAME["pods"], request, {"resourceVersion": "10"})
    first = published(8, 11, change("old", 9, app="web"), change("new", 11, app="web"))
    lines = [json.loads(line) for line in stream.changes(first).splitlines()]
    assert [(e["type"], e["object"]["metadata"]["name"]) for e in lines] == [("ADDED", "new")]
    assert stream.changes(published(11, 12, change("db", 12, app="db"))) == b""
    bookmark = json.loads(stream.bookmark())  # a periodic one: where the watch is now
    assert (bookmark["type"], bookmark["object"]["metadata"]) == (
        "BOOKMARK",
        {"resourceVersion": "12"},
    )
    assert stream.changes(published(13, 14, change("web", 14, app="web"))) is None
