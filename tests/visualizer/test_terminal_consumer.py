"""The terminal over the dashboard's websocket, end to end in this process: heredocs, the
workspace, kubectl reading its files, the editor's Save and Tab completion, against a real
Celery worker hosting the cluster."""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from cluster import services, workspace
from cluster.models import Cluster
from tests.visualizer.test_consumers import (
    REPLY_TIMEOUT,
    Message,
    connect_to_default,
    fresh_channel_layer,  # noqa: F401  (a fixture)
    make_user,
    receive_until,
    reply,
    session_cookie,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("celery_worker", "fresh_channel_layer"),
]

WEB = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx
"""


async def user_with_cluster(username: str) -> tuple[Cluster, bytes]:
    """A user, their cluster `default`, and their browser's cookie."""
    user = await sync_to_async(make_user)(username)
    cluster = await sync_to_async(services.cluster_create)(owner=user, name="default", seed=7)
    return cluster, await sync_to_async(session_cookie)(user)


async def ask(ws: WebsocketCommunicator, message: Message) -> Message:
    """Send a message and return the answer with its id (updates may come in between)."""
    await ws.send_json_to(message)
    messages = await receive_until(
        ws, lambda ms: bool(ms) and ms[-1].get("id") == message["id"], REPLY_TIMEOUT
    )
    return messages[-1]


async def run(ws: WebsocketCommunicator, request_id: int, command: str) -> Message:
    return await ask(ws, {"type": "kubectl", "id": request_id, "command": command})


def result(request_id: int, stdout: str = "", stderr: str = "", code: int = 0) -> Message:
    return {
        "type": "kubectl.result",
        "id": request_id,
        "stdout": stdout,
        "stderr": stderr,
        "exitCode": code,
    }


async def test_a_heredoc_writes_a_file_that_kubectl_creates_from() -> None:
    _, cookie = await user_with_cluster("ada")
    ws, _ = await connect_to_default(cookie)
    try:
        assert await run(ws, 1, "cat > web.yaml <<EOF") == {
            "type": "shell.more",
            "id": 1,
            "delimiter": "EOF",
        }
        assert await run(ws, 2, f"cat > web.yaml <<EOF\n{WEB}EOF") == result(2)
        assert await run(ws, 3, "ls") == result(3, "web.yaml\n")
        assert await run(ws, 4, "cat web.yaml") == result(4, WEB)
        assert await run(ws, 5, "kubectl create -f web.yaml") == result(5, "pod/web created\n")
        assert await run(ws, 6, "kubectl create -f nope.yaml") == result(
            6, stderr='error: the path "nope.yaml" does not exist\n', code=1
        )
        exists = 'pods "web" already exists\n'
        assert await run(ws, 7, "cat web.yaml | kubectl create -f -") == result(
            7,
            stderr=f'Error from server (AlreadyExists): error when creating "STDIN": {exists}',
            code=1,
        )
        assert await run(ws, 70, "kubectl create -f ./web.yaml") == result(
            70,
            stderr=f'Error from server (AlreadyExists): error when creating "./web.yaml": {exists}',
            code=1,
        )
        piped = "cat <<'EOF' | kubectl create -f -\n" + WEB.replace("web", "db") + "EOF"
        assert await run(ws, 8, piped) == result(8, "pod/db created\n")
        assert await run(ws, 9, "kubectl get pod db -o name > db.txt") == result(9)
        assert await run(ws, 90, "cat db.txt") == result(90, "pod/db\n")
        # As bash opens the file before the command runs: a failed command leaves it empty.
        assert await run(ws, 91, "kubectl get pod nope -o name > db.txt") == result(
            91, stderr='Error from server (NotFound): pods "nope" not found\n', code=1
        )
        assert await run(ws, 92, "cat db.txt") == result(92)
        assert await run(ws, 10, "rm web.yaml db.txt") == result(10)
        assert await run(ws, 100, "ls") == result(100)
        assert await run(ws, 11, "history") == {"type": "shell.local", "id": 11, "name": "history"}
    finally:
        await ws.disconnect()


async def test_the_editor_opens_a_file_and_its_save_writes_it_or_says_why_not() -> None:
    cluster, cookie = await user_with_cluster("ada")
    await sync_to_async(workspace.workspace_put)(cluster, "web.yaml", WEB)
    ws, _ = await connect_to_default(cookie)
    try:
        assert await run(ws, 1, "vi web.yaml") == {
            "type": "shell.edit",
            "id": 1,
            "path": "web.yaml",
            "content": WEB,
        }
        save = {"type": "workspace.save", "id": 2, "path": "web.yaml", "content": "kind: Pod\n"}
        assert await ask(ws, save) == {
            "type": "workspace.saved",
            "id": 2,
            "path": "web.yaml",
            "error": None,
        }
        assert await sync_to_async(workspace.workspace_read)(cluster, "web.yaml") == "kind: Pod\n"

        big = {**save, "id": 3, "content": "x" * (workspace.MAX_BYTES + 1)}
        assert (await ask(ws, big))["error"] == (
            "web.yaml: files are at most 256 KiB (this one is 256 KiB)"
        )
        escaping = {**save, "id": 4, "path": "../../web.yaml"}
        assert (await ask(ws, escaping))["error"] == (
            "../../web.yaml: the workspace has no directories: name a file in it"
        )
        assert await sync_to_async(workspace.workspace_read)(cluster, "web.yaml") == "kind: Pod\n"

        await ws.send_json_to({"type": "workspace.save", "id": 5, "path": "web.yaml"})
        assert await reply(ws) == {
            "type": "error",
            "message": "a workspace.save message needs a path and a content string",
        }
    finally:
        await ws.disconnect()


async def test_nobody_sees_or_changes_another_users_workspace() -> None:
    mine, ada = await user_with_cluster("ada")
    theirs, _ = await user_with_cluster("mallory")
    await sync_to_async(workspace.workspace_put)(theirs, "secret.yaml", WEB)
    ws, _ = await connect_to_default(ada)
    try:
        assert await run(ws, 1, "ls") == result(1)
        assert await run(ws, 2, "cat secret.yaml") == result(
            2, stderr="cat: secret.yaml: No such file or directory\n", code=1
        )
        assert await run(ws, 3, "rm secret.yaml") == result(
            3, stderr="rm: cannot remove 'secret.yaml': No such file or directory\n", code=1
        )
        assert await run(ws, 4, "kubectl create -f secret.yaml") == result(
            4, stderr='error: the path "secret.yaml" does not exist\n', code=1
        )
        assert await run(ws, 5, "cat > mine.yaml <<EOF\nkind: Pod\nEOF") == result(5)
    finally:
        await ws.disconnect()
    assert await sync_to_async(workspace.workspace_names)(theirs) == ["secret.yaml"]
    assert await sync_to_async(workspace.workspace_names)(mine) == ["mine.yaml"]


async def test_tab_completes_types_from_the_kubectl_and_names_from_the_cluster() -> None:
    cluster, cookie = await user_with_cluster("ada")
    await sync_to_async(workspace.workspace_put)(cluster, "web.yaml", WEB)
    ws, _ = await connect_to_default(cookie)
    try:
        assert await run(ws, 1, "kubectl create -f web.yaml") == result(1, "pod/web created\n")

        async def complete(request_id: int, line: str) -> Message:
            return await ask(ws, {"type": "complete", "id": request_id, "line": line})

        assert await complete(2, "kubectl get po") == {
            "type": "complete.result",
            "id": 2,
            "line": "kubectl get po",
            "start": 12,
            "candidates": ["poddisruptionbudgets", "pods", "podtemplates"],
        }
        assert (await complete(3, "kubectl get pods w"))["candidates"] == ["web"]
        assert (await complete(4, "kubectl describe pod/"))["candidates"] == ["pod/web"]
        assert (await complete(5, "kubectl get nodes "))["candidates"] == [
            "control-plane",
            "node-1",
            "node-2",
        ]
        namespaces = (await complete(6, "kubectl get pods -n kube-"))["candidates"]
        assert namespaces == ["kube-node-lease", "kube-public", "kube-system"]
        assert (await complete(7, "kubectl apply -f "))["candidates"] == ["web.yaml"]
        # The browser counts UTF-16 code units: a ship is two of them.
        assert (await complete(8, "cat 🚢 w"))["start"] == 7
    finally:
        await ws.disconnect()
