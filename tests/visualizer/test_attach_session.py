"""`kubectl run -it ... -- sh` and `kubectl attach -it POD` in the dashboard's terminal: the
terminal attached to the shell that is the container's main process, until it ends; against a
real Celery worker hosting the cluster."""

import pytest

from tests.visualizer.test_consumers import (
    connect_to_default,
    fresh_channel_layer,  # noqa: F401  (a fixture)
    receive_until,
)
from tests.visualizer.test_streaming import wait_running
from tests.visualizer.test_terminal_consumer import (
    REPLY_TIMEOUT,
    ask,
    result,
    run,
    user_with_cluster,
)
from visualizer.attach_session import ANNOUNCED

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("celery_worker", "fresh_channel_layer"),
]

TERM_POD = """kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: term
spec:
  containers:
  - name: term
    image: busybox
    command: [sh]
    stdin: true
    tty: true
EOF"""


async def test_run_it_attaches_to_the_shell_and_rm_deletes_the_pod_after() -> None:
    _, cookie = await user_with_cluster("ada")
    ws, _ = await connect_to_default(cookie)
    try:
        opened = await run(ws, 1, "kubectl run -it --rm tmp --image=busybox --restart=Never -- sh")
        assert opened == {
            "type": "exec.open",
            "id": 1,
            "stdout": "",
            "stderr": ANNOUNCED,
            "prompt": "/ # ",
        }
        moved = await ask(ws, {"type": "exec.line", "id": 2, "line": "cd /tmp"})
        assert (moved["stdout"], moved["prompt"], moved["exitCode"]) == ("", "/tmp # ", None)
        ended = await ask(ws, {"type": "exec.line", "id": 3, "line": "echo $PWD; exit 3"})
        assert (ended["stdout"], ended["stderr"], ended["exitCode"]) == (
            '/tmp\npod "tmp" deleted from default namespace\n',
            "Session ended, resume using 'kubectl attach tmp -c tmp -n default -i -t' command\n"
            "pod default/tmp terminated (Error)\n",
            3,
        )
        gone = await run(ws, 4, "kubectl get pod tmp -o jsonpath={.metadata.deletionTimestamp}")
        assert gone["exitCode"] == 1 or gone["stdout"]  # deleted, or being deleted
    finally:
        await ws.disconnect()


async def test_attach_it_to_a_running_shell_and_ctrl_d_leaves_it_running() -> None:
    _, cookie = await user_with_cluster("ada")
    ws, _ = await connect_to_default(cookie)
    try:
        missing = await run(ws, 1, "kubectl attach -it nope")
        assert missing == result(
            1, stderr='Error from server (NotFound): pods "nope" not found\n', code=1
        )
        refused = await run(ws, 2, "kubectl run x --image=busybox -t")
        assert refused == result(
            2, stderr="error: -i/--stdin is required for containers with -t/--tty=true\n", code=1
        )
        assert (await run(ws, 3, TERM_POD))["exitCode"] == 0
        await wait_running(ws, "term")
        opened = await run(ws, 4, "kubectl attach -it term")
        assert (opened["type"], opened["prompt"]) == ("exec.open", "/ # ")
        said = await ask(ws, {"type": "exec.line", "id": 5, "line": "echo hi"})
        assert (said["stdout"], said["prompt"]) == ("hi\n", "/ # ")
        ended = await ask(ws, {"type": "exec.eof", "id": 6})
        assert (ended["stderr"], ended["exitCode"]) == (
            "Session ended, resume using 'kubectl attach term -c term -n default -i -t' command\n",
            0,
        )
        assert "Running" in (await run(ws, 7, "kubectl get pod term"))["stdout"]
        logs = await run(ws, 8, "kubectl logs term")
        assert logs["stdout"] == "/ # echo hi\nhi\n/ # "
    finally:
        await ws.disconnect()


async def test_debug_it_adds_an_ephemeral_container_and_attaches_to_its_shell() -> None:
    _, cookie = await user_with_cluster("ada")
    ws, _ = await connect_to_default(cookie)
    try:
        assert (await run(ws, 1, "kubectl run web --image=nginx"))["exitCode"] == 0
        await wait_running(ws, "web")
        opened = await run(ws, 2, "kubectl debug -it web --image=busybox --target=web -c dbg")
        assert (opened["type"], opened["prompt"], opened["stderr"]) == (
            "exec.open",
            "/ # ",
            ANNOUNCED,
        )
        assert opened["stdout"].startswith('Targeting container "web".')
        said = await ask(ws, {"type": "exec.line", "id": 3, "line": "hostname"})
        assert (said["stdout"], said["prompt"]) == ("web\n", "/ # ")
        ended = await ask(ws, {"type": "exec.line", "id": 4, "line": "exit"})
        assert (ended["stderr"], ended["exitCode"]) == (
            "Session ended, the ephemeral container will not be restarted but may be "
            "reattached using 'kubectl attach web -c dbg -n default -i -t' if it is still "
            "running\n",
            0,
        )
    finally:
        await ws.disconnect()


async def test_run_attached_to_a_program_streams_its_output_until_it_ends() -> None:
    _, cookie = await user_with_cluster("ada")
    ws, _ = await connect_to_default(cookie)
    try:
        command = (
            "kubectl run printer -i --rm --image=busybox --restart=Never -- "
            "sh -c 'echo one; sleep 2; echo two; exit 4'"
        )
        await ws.send_json_to({"type": "kubectl", "id": 1, "command": command})
        messages = await receive_until(
            ws, lambda ms: bool(ms) and ms[-1].get("type") == "kubectl.result", REPLY_TIMEOUT
        )
        printed = "".join(m["stdout"] for m in messages if m.get("type") == "kubectl.output")
        result = messages[-1]
        assert printed == "one\ntwo\n"
        assert (result["stdout"], result["stderr"], result["exitCode"]) == (
            'pod "printer" deleted from default namespace\n',
            "pod default/printer terminated (Error)\n",
            4,
        )
    finally:
        await ws.disconnect()


async def test_attach_without_stdin_shows_the_output_from_then_on() -> None:
    _, cookie = await user_with_cluster("ada")
    ws, _ = await connect_to_default(cookie)
    try:
        ticking = (
            "kubectl run ticker --image=busybox -- sh -c 'while true; do date +%s; sleep 1; done'"
        )
        assert (await run(ws, 1, ticking))["exitCode"] == 0
        await wait_running(ws, "ticker")
        await ws.send_json_to({"type": "kubectl", "id": 2, "command": "kubectl attach ticker"})
        streamed = await receive_until(
            ws,
            lambda ms: sum(1 for m in ms if m.get("type") == "kubectl.output") >= 2,
            REPLY_TIMEOUT,
        )
        pieces = [m["stdout"] for m in streamed if m.get("type") == "kubectl.output"]
        assert all(line.isdigit() for piece in pieces for line in piece.split())
        await ws.send_json_to({"type": "kubectl.interrupt"})
        assert (await run(ws, 3, "kubectl get pod ticker -o name"))["stdout"] == "pod/ticker\n"
    finally:
        await ws.disconnect()
