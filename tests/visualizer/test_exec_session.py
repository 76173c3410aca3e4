"""`kubectl exec -it POD -- sh` in the dashboard's terminal: a container's shell whose lines
keep what they change, until it exits; against a real Celery worker hosting the cluster."""

import pytest

from tests.visualizer.test_consumers import (
    connect_to_default,
    fresh_channel_layer,  # noqa: F401  (a fixture)
)
from tests.visualizer.test_streaming import wait_running
from tests.visualizer.test_terminal_consumer import ask, result, run, user_with_cluster
from visualizer.consumers import IN_SESSION

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("celery_worker", "fresh_channel_layer"),
]


async def test_a_shell_session_keeps_its_state_until_exit() -> None:
    _, cookie = await user_with_cluster("ada")
    ws, _ = await connect_to_default(cookie)
    try:
        assert (await run(ws, 1, "kubectl run web --image=busybox -- sleep 3600"))["exitCode"] == 0
        await wait_running(ws, "web")
        opened = await run(ws, 2, "kubectl exec -it web -- sh")
        assert opened == {
            "type": "exec.open",
            "id": 2,
            "stdout": "",
            "stderr": "",
            "prompt": "/ # ",
        }
        busy = await run(ws, 3, "kubectl get pods")
        assert busy == result(3, stderr=IN_SESSION, code=1)
        said = []
        for number, line in enumerate(
            ["cd /etc", "X=1; export Y=2", "echo $X $Y; pwd", "for i in a b; do", "echo $i; done"],
            start=4,
        ):
            answer = await ask(ws, {"type": "exec.line", "id": number, "line": line})
            said.append((answer["stdout"], answer["prompt"], answer["more"], answer["exitCode"]))
        assert said == [
            ("", "/etc # ", False, None),
            ("", "/etc # ", False, None),
            ("1 2\n/etc\n", "/etc # ", False, None),
            ("", "> ", True, None),
            ("a\nb\n", "/etc # ", False, None),
        ]
        ended = await ask(ws, {"type": "exec.line", "id": 9, "line": "cat hostname; exit 3"})
        assert (ended["stdout"], ended["stderr"], ended["exitCode"]) == (
            "web\n",
            "command terminated with exit code 3\n",
            3,
        )
        assert (await run(ws, 10, "kubectl get pod web -o name"))["stdout"] == "pod/web\n"
    finally:
        await ws.disconnect()


async def test_ctrl_d_ends_the_session_and_a_missing_pod_opens_none() -> None:
    _, cookie = await user_with_cluster("ada")
    ws, _ = await connect_to_default(cookie)
    try:
        missing = await run(ws, 1, "kubectl exec -it nope -- sh")
        assert missing == result(
            1, stderr='Error from server (NotFound): pods "nope" not found\n', code=1
        )
        assert (await run(ws, 2, "kubectl run web --image=nginx"))["exitCode"] == 0
        await wait_running(ws, "web")
        assert (await run(ws, 3, "kubectl exec -ti web -- bash"))["prompt"] == "root@web:/# "
        await ask(ws, {"type": "exec.line", "id": 4, "line": "false"})
        ended = await ask(ws, {"type": "exec.eof", "id": 5})
        assert (ended["stderr"], ended["exitCode"]) == (
            "exit\ncommand terminated with exit code 1\n",
            1,
        )
    finally:
        await ws.disconnect()


async def test_kubectl_cp_copies_between_the_workspace_and_a_container() -> None:
    _, cookie = await user_with_cluster("cpy")
    ws, _ = await connect_to_default(cookie)
    try:
        assert (await run(ws, 1, "kubectl run bb --image=busybox -- sleep 3600"))["exitCode"] == 0
        await wait_running(ws, "bb")
        assert (await run(ws, 2, "cat > up.txt <<EOF\nhello\nEOF"))["exitCode"] == 0
        assert await run(ws, 3, "kubectl cp up.txt bb:/tmp") == result(3)
        assert await run(ws, 4, "kubectl exec bb -- cat /tmp/up.txt") == result(4, "hello\n")
        copied = await run(ws, 5, "kubectl cp bb:/etc/hostname name.txt")
        assert copied == result(5, "tar: removing leading '/' from member names\n")
        assert await run(ws, 6, "cat name.txt") == result(6, "bb\n")
    finally:
        await ws.disconnect()


async def test_redis_cli_prompts_in_the_terminal_until_quit() -> None:
    _, cookie = await user_with_cluster("ada")
    ws, _ = await connect_to_default(cookie)
    try:
        assert (await run(ws, 1, "kubectl run cache --image=redis"))["exitCode"] == 0
        await wait_running(ws, "cache")
        opened = await run(ws, 2, "kubectl exec -it cache -- redis-cli")
        assert opened["prompt"] == "127.0.0.1:6379> "
        said = []
        for number, line in enumerate(["set k v", "select 2", "get k"], start=3):
            answer = await ask(ws, {"type": "exec.line", "id": number, "line": line})
            said.append((answer["stdout"], answer["prompt"]))
        assert said == [
            ("OK\n", "127.0.0.1:6379> "),
            ("OK\n", "127.0.0.1:6379[2]> "),
            ("(nil)\n", "127.0.0.1:6379[2]> "),
        ]
        ended = await ask(ws, {"type": "exec.line", "id": 6, "line": "quit"})
        assert (ended["stdout"], ended["stderr"], ended["exitCode"]) == ("", "", 0)
    finally:
        await ws.disconnect()
