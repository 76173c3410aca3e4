"""The dashboard's websocket, end to end in this process: KubeLab's ASGI application (origin
check, session authentication, routing, the consumer) on a real channel layer, talking to a
real Celery worker that hosts the cluster."""

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.test import AsyncClient, Client

from cluster import services
from cluster.models import ApiToken
from kubelab.asgi import application
from visualizer.consumers import MAX_COMMAND, MAX_MESSAGE

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("celery_worker", "fresh_channel_layer"),
]

ORIGIN = (b"origin", b"http://127.0.0.1")
REPLY_TIMEOUT = 30.0
POD_RUNNING_TIMEOUT = 30.0
# Longer than one blocking read of the consumer's channel by the Redis channel layer (5 s).
IDLE_SECONDS = 7.0
Message = dict[str, Any]


@pytest.fixture
def fresh_channel_layer() -> Iterator[None]:
    """Each test runs in an event loop of its own; so does its channel layer."""
    channel_layers.backends = {}
    yield
    channel_layers.backends = {}


def make_user(username: str) -> AbstractBaseUser:
    return get_user_model().objects.create_user(username=username, password="pw")


def session_cookie(user: AbstractBaseUser) -> bytes:
    """The Cookie header of a browser logged in as user."""
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}".encode()


@pytest.fixture
def owner() -> AbstractBaseUser:
    return make_user("ada")


@pytest.fixture
def owner_cookie(owner: AbstractBaseUser) -> bytes:
    services.cluster_create(owner=owner, name="default", seed=7)
    return session_cookie(owner)


def communicator(path: str, cookie: bytes | None = None) -> WebsocketCommunicator:
    headers = [ORIGIN] + ([(b"cookie", cookie)] if cookie else [])
    return WebsocketCommunicator(application, path, headers=headers)


async def receive_until(
    ws: WebsocketCommunicator, done: Callable[[list[Message]], bool], timeout: float
) -> list[Message]:
    """Every message received until done(messages) holds; fails after timeout seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    messages: list[Message] = []
    while not done(messages):
        remaining = deadline - loop.time()
        if remaining <= 0:
            kinds = [m.get("type") for m in messages]
            raise AssertionError(f"gave up after {timeout} s; received {kinds}")
        try:
            messages.append(await ws.receive_json_from(timeout=remaining))
        except TimeoutError:
            kinds = [m.get("type") for m in messages]
            raise AssertionError(f"gave up after {timeout} s; received {kinds}") from None
    return messages


async def reply(ws: WebsocketCommunicator) -> Message:
    """The next message that is not a cluster update (those may arrive at any time)."""
    messages = await receive_until(
        ws, lambda ms: bool(ms) and ms[-1]["type"] != "update", REPLY_TIMEOUT
    )
    return messages[-1]


async def connect_to_default(cookie: bytes) -> tuple[WebsocketCommunicator, Message]:
    """An open connection to the user's cluster `default`, and the very first message on it."""
    ws = communicator("/ws/clusters/default/", cookie)
    connected, _ = await ws.connect(timeout=REPLY_TIMEOUT)
    assert connected
    return ws, await ws.receive_json_from(timeout=REPLY_TIMEOUT)


def hops_of(messages: list[Message]) -> list[Message]:
    return [hop for m in messages if m["type"] == "update" for hop in m["hops"]]


def pod_changes(messages: list[Message], name: str) -> list[Message]:
    return [
        change
        for m in messages
        if m["type"] == "update"
        for change in m["objects"]
        if change["kind"] == "Pod" and change["object"]["name"] == name
    ]


def index_of(
    hops: list[Message], source: str, destination: str, verb: str, start: int = 0, obj: str = ""
) -> int:
    """The position of the first matching hop at or after start."""
    for i in range(start, len(hops)):
        hop = hops[i]
        if (hop["source"], hop["destination"], hop["verb"]) == (source, destination, verb) and (
            hop["object"].startswith(obj)
        ):
            return i
    seen = "\n".join(f"{h['source']} -> {h['destination']} {h['verb']} {h['object']}" for h in hops)
    raise AssertionError(f"no hop {source} -> {destination} {verb} after #{start} in:\n{seen}")


# ---------------------------------------------------------------------------------------------


async def test_a_new_connection_first_gets_a_snapshot_of_the_cluster(owner_cookie: bytes) -> None:
    ws, snapshot = await connect_to_default(owner_cookie)
    try:
        assert snapshot["type"] == "snapshot"
        assert snapshot["cluster"] == "default"
        assert sorted(node["name"] for node in snapshot["nodes"]) == [
            "control-plane",
            "node-1",
            "node-2",
        ]
        assert all(node["ready"] for node in snapshot["nodes"])
        assert snapshot["pods"] == []
        assert snapshot["lastHop"] > 0
        assert {"kubectl", "kube-apiserver", "etcd", "kubelet/node-1"} <= {
            component["id"] for component in snapshot["components"]
        }
    finally:
        await ws.disconnect()


async def test_a_command_sent_over_the_websocket_comes_back_with_its_hops(
    owner_cookie: bytes,
) -> None:
    ws, snapshot = await connect_to_default(owner_cookie)
    assert snapshot["type"] == "snapshot"
    try:
        await ws.send_json_to(
            {"type": "kubectl", "id": 1, "command": "kubectl run web --image=nginx"}
        )

        def web_is_running(messages: list[Message]) -> bool:
            changes = pod_changes(messages, "web")
            answered = any(m["type"] == "kubectl.result" for m in messages)
            return answered and bool(changes) and changes[-1]["object"]["status"] == "Running"

        messages = await receive_until(ws, web_is_running, POD_RUNNING_TIMEOUT)
    finally:
        await ws.disconnect()

    results = [m for m in messages if m["type"] == "kubectl.result"]
    assert results == [
        {
            "type": "kubectl.result",
            "id": 1,
            "stdout": "pod/web created\n",
            "stderr": "",
            "exitCode": 0,
        }
    ]
    assert {m["type"] for m in messages} == {"update", "kubectl.result"}

    hops = hops_of(messages)
    # Every hop after the snapshot arrives exactly once, in order.
    first = snapshot["lastHop"] + 1
    assert [hop["seq"] for hop in hops] == list(range(first, first + len(hops)))

    request = index_of(hops, "kubectl", "authentication", "create", obj="pods/default")
    admitted = index_of(hops, "admission", "kube-apiserver", "admitted", request)
    stored = index_of(hops, "kube-apiserver", "etcd", "put", admitted, "/registry/pods/default/web")
    watched = index_of(hops, "kube-apiserver", "kube-scheduler", "watch", stored)
    binding = index_of(
        hops, "kube-scheduler", "authentication", "create", watched, "pods/default/web/binding"
    )
    kubelet_watch = next(
        i
        for i in range(binding, len(hops))
        if hops[i]["source"] == "kube-apiserver"
        and hops[i]["destination"].startswith("kubelet/")
        and hops[i]["verb"] == "watch"
    )
    kubelet = hops[kubelet_watch]["destination"]
    node = kubelet.removeprefix("kubelet/")
    assert node in ("node-1", "node-2"), "the control plane is tainted: no pod of ours lands there"
    runtime = f"container-runtime/{node}"
    sandbox = index_of(hops, kubelet, runtime, "RunPodSandbox", kubelet_watch)
    pull = index_of(hops, kubelet, runtime, "PullImage", sandbox)
    create = index_of(hops, kubelet, runtime, "CreateContainer", pull)
    start = index_of(hops, kubelet, runtime, "StartContainer", create)
    assert hops[pull]["object"] == "docker.io/library/nginx:latest"

    # The container starts seconds later in virtual time, delivered by the worker's own ticks:
    # in a later update than the command's, and after the command was answered.
    assert hops[start]["time"] - hops[request]["time"] >= 1000
    updates = [m for m in messages if m["type"] == "update"]

    def update_with(seq: int) -> int:
        return next(i for i, m in enumerate(updates) if any(h["seq"] == seq for h in m["hops"]))

    assert update_with(hops[start]["seq"]) > update_with(hops[request]["seq"])
    assert messages.index(updates[update_with(hops[start]["seq"])]) > messages.index(results[0])

    changes = pod_changes(messages, "web")
    assert changes[0]["event"] == "ADDED"
    running = changes[-1]["object"]
    assert running["namespace"] == "default"
    assert running["node"] == node
    assert running["phase"] == "Running"
    assert running["ready"] == "1/1"
    assert running["containers"] == [
        {
            "name": "web",
            "image": "nginx",
            "state": "running",
            "reason": None,
            "ready": True,
        }
    ]
    clocks = [m["clock"]["now"] for m in updates]
    assert clocks == sorted(clocks)
    assert clocks[-1] >= hops[start]["time"]


async def test_garbage_on_the_websocket_gets_clear_errors_and_the_connection_stays_usable(
    owner_cookie: bytes,
) -> None:
    ws, _ = await connect_to_default(owner_cookie)
    try:
        await ws.send_to(text_data="kubectl get pods")
        assert await reply(ws) == {"type": "error", "message": "messages must be JSON"}

        await ws.send_to(text_data='["kubectl", "get", "pods"]')
        assert await reply(ws) == {"type": "error", "message": "messages must be JSON objects"}

        await ws.send_to(bytes_data=b'{"type": "kubectl"}')
        assert await reply(ws) == {
            "type": "error",
            "message": f"messages must be JSON text of at most {MAX_MESSAGE // 1024} KiB",
        }

        await ws.send_to(text_data='{"type": "kubectl", "command": "' + "x" * MAX_MESSAGE + '"}')
        assert await reply(ws) == {
            "type": "error",
            "message": f"messages must be JSON text of at most {MAX_MESSAGE // 1024} KiB",
        }

        await ws.send_json_to({"type": "launch-missiles"})
        assert await reply(ws) == {
            "type": "error",
            "message": "unknown message type 'launch-missiles'",
        }

        await ws.send_json_to({"type": "kubectl", "id": 2, "command": ["kubectl", "get"]})
        assert await reply(ws) == {
            "type": "error",
            "message": "a kubectl message needs a command string of at most "
            f"{MAX_COMMAND // 1024} KiB",
        }

        await ws.send_json_to({"type": "kubectl", "id": 3, "command": "make deploy"})
        assert await reply(ws) == {
            "type": "kubectl.result",
            "id": 3,
            "stdout": "",
            "stderr": "bash: make: command not found\n",
            "exitCode": 127,
        }

        await ws.send_json_to({"type": "kubectl", "id": 4, "command": "kubectl get pod 'web"})
        unterminated = await reply(ws)
        assert unterminated["type"] == "kubectl.result"
        assert unterminated["id"] == 4
        assert unterminated["exitCode"] == 2
        assert unterminated["stderr"] == "bash: unexpected EOF while looking for matching `''\n"

        await ws.send_json_to({"type": "ping"})
        await ws.send_json_to({"type": "kubectl", "id": 5, "command": "kubectl get pods"})
        assert await reply(ws) == {
            "type": "kubectl.result",
            "id": 5,
            "stdout": "",
            "stderr": "No resources found in default namespace.\n",
            "exitCode": 0,
        }

        await ws.send_json_to({"type": "kubectl", "id": 6, "command": "kubectl get cs/etcd-0"})
        warned = await reply(ws)
        assert [name for name, _ in warned["chunks"]] == ["stderr", "stdout"]
        assert warned["chunks"][0][1] == warned["stderr"]
        assert warned["chunks"][1][1] == warned["stdout"]
    finally:
        await ws.disconnect()


async def test_a_connection_left_idle_stays_open_and_answers_afterwards(
    owner_cookie: bytes,
) -> None:
    ws, _ = await connect_to_default(owner_cookie)
    try:
        await asyncio.sleep(IDLE_SECONDS)
        if ws.future.done():
            raise AssertionError(f"the consumer died while idle: {ws.future.exception()!r}")

        await ws.send_json_to({"type": "kubectl", "id": 1, "command": "kubectl get nodes"})
        answer = await reply(ws)
        assert (answer["type"], answer["id"], answer["exitCode"]) == ("kubectl.result", 1, 0)
        assert answer["stdout"].splitlines()[0].split() == [
            "NAME",
            "STATUS",
            "ROLES",
            "AGE",
            "VERSION",
        ]
    finally:
        await ws.disconnect()


async def test_someone_elses_cluster_is_refused_before_the_websocket_is_accepted(
    owner: AbstractBaseUser,
) -> None:
    await sync_to_async(services.cluster_create)(owner=owner, name="private", seed=7)
    stranger = await sync_to_async(session_cookie)(await sync_to_async(make_user)("mallory"))

    ws = communicator("/ws/clusters/private/", stranger)
    assert await ws.connect(timeout=REPLY_TIMEOUT) == (False, 4404)

    # The owner, on the same path, is let in: the refusal was about whose cluster it is.
    ws = communicator("/ws/clusters/private/", await sync_to_async(session_cookie)(owner))
    connected, _ = await ws.connect(timeout=REPLY_TIMEOUT)
    assert connected
    assert (await reply(ws))["type"] == "snapshot"
    await ws.disconnect()


async def test_a_cluster_that_does_not_exist_is_refused(owner_cookie: bytes) -> None:
    ws = communicator("/ws/clusters/nowhere/", owner_cookie)
    assert await ws.connect(timeout=REPLY_TIMEOUT) == (False, 4404)


async def test_an_anonymous_visitor_is_refused(owner_cookie: bytes) -> None:
    ws = communicator("/ws/clusters/default/")
    assert await ws.connect(timeout=REPLY_TIMEOUT) == (False, 4404)


async def shell_kubectl(token: str, cluster: str, *argv: str) -> tuple[int, Message]:
    """`kubelab kubectl ARGV` as the shell sends it: KubeLab's HTTP API with a bearer token."""
    response = await AsyncClient().post(
        f"/lab/clusters/{cluster}/kubectl",
        data={"argv": list(argv), "stdin": ""},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    return response.status_code, response.json()


async def test_a_command_from_the_shell_animates_in_an_open_browser(
    owner: AbstractBaseUser, owner_cookie: bytes
) -> None:
    token = await sync_to_async(ApiToken.issue)(owner)
    ws, snapshot = await connect_to_default(owner_cookie)
    assert snapshot["type"] == "snapshot"
    try:
        code, answer = await shell_kubectl(token, "default", "run", "shell", "--image=nginx")
        assert (code, answer) == (
            200,
            {"stdout": "pod/shell created\n", "stderr": "", "exitCode": 0},
        )

        def created(messages: list[Message]) -> bool:
            return any(
                (h["source"], h["destination"], h["object"])
                == ("kubectl", "authentication", "pods/default")
                for h in hops_of(messages)
            )

        messages = await receive_until(ws, created, REPLY_TIMEOUT)
    finally:
        await ws.disconnect()
    hops = hops_of(messages)
    request = index_of(hops, "kubectl", "authentication", "create", obj="pods/default")
    index_of(hops, "kube-apiserver", "etcd", "put", request, "/registry/pods/default/shell")
    assert all(m["type"] == "update" for m in messages)  # the answer went to the shell only


async def test_over_http_nobody_reaches_a_cluster_that_is_not_theirs(owner_cookie: bytes) -> None:
    intruder = await sync_to_async(make_user)("mallory")
    token = await sync_to_async(ApiToken.issue)(intruder)
    assert await shell_kubectl(token, "default", "get", "pods") == (
        404,
        {"message": 'cluster "default" not found'},
    )
    assert await shell_kubectl("not-a-token", "default", "get", "pods") == (
        401,
        {"message": "Unauthorized: a valid bearer token is required"},
    )


async def test_over_http_kubectl_reads_the_files_the_shell_sends(owner_cookie: bytes) -> None:
    owner = await sync_to_async(make_user)("files-owner")
    token = await sync_to_async(ApiToken.issue)(owner)
    await sync_to_async(services.cluster_create)(owner=owner, name="files")
    manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-file\n"

    async def send(body: object) -> tuple[int, Message]:
        response = await AsyncClient().post(
            "/lab/clusters/files/kubectl",
            data=body,
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )
        return response.status_code, response.json()

    argv = ["apply", "-f", "manifests"]
    assert await send({"argv": argv, "files": {"manifests/cm.yaml": manifest}}) == (
        200,
        {"stdout": "configmap/from-file created\n", "stderr": "", "exitCode": 0},
    )
    refused = (400, {"message": "files must map paths to texts, at most 1 MiB in all"})
    assert await send({"argv": argv, "files": {"cm.yaml": 1}}) == refused
    assert await send({"argv": argv, "files": {"big.yaml": "x" * (1 << 20)}}) == refused
