"""`kubectl get -w` and `kubectl logs -f` in the dashboard's terminal: the first output, then
the lines that follow as the cluster changes, until Ctrl-C; against a real Celery worker."""

import asyncio
from collections.abc import AsyncIterator

import pytest
from channels.testing import WebsocketCommunicator

from tests.visualizer.test_consumers import (
    POD_RUNNING_TIMEOUT,
    REPLY_TIMEOUT,
    Message,
    connect_to_default,
    fresh_channel_layer,  # noqa: F401  (a fixture)
    receive_until,
)
from tests.visualizer.test_terminal_consumer import result, run, user_with_cluster
from visualizer import streaming, streams
from visualizer.consumers import BUSY

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("celery_worker", "fresh_channel_layer"),
]

TICKER = 'kubectl run ticker --image=busybox -- sh -c "while true; do echo tick; sleep 1; done"'


def outputs(messages: list[Message], request_id: int) -> str:
    """What a streaming command printed in these messages."""
    return "".join(
        m["stdout"] for m in messages if m["type"] == "kubectl.output" and m["id"] == request_id
    )


async def printed_until(ws: WebsocketCommunicator, request_id: int, done: str) -> str:
    """The streaming command's output from now until a line of it starts with `done`."""

    def printed(messages: list[Message]) -> bool:
        return any(line.startswith(done) for line in outputs(messages, request_id).splitlines())

    return outputs(await receive_until(ws, printed, REPLY_TIMEOUT), request_id)


async def wait_running(ws: WebsocketCommunicator, pod: str) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + POD_RUNNING_TIMEOUT
    while "Running" not in (await run(ws, 99, f"kubectl get pod {pod}"))["stdout"]:
        assert loop.time() < deadline, f"{pod} never ran"
        await asyncio.sleep(0.5)


async def test_get_w_prints_the_table_then_a_row_per_change_until_interrupted() -> None:
    _, cookie = await user_with_cluster("ada")
    ws, _ = await connect_to_default(cookie)
    other, _ = await connect_to_default(cookie)
    try:
        assert (await run(ws, 1, "kubectl run first --image=nginx"))["exitCode"] == 0
        await ws.send_json_to({"type": "kubectl", "id": 2, "command": "kubectl get pods -w"})
        started = await receive_until(
            ws, lambda ms: bool(ms) and ms[-1]["type"] == "kubectl.output", REPLY_TIMEOUT
        )
        assert [m["type"] for m in started if m.get("id") == 2] == [
            "kubectl.stream",
            "kubectl.output",
        ]
        header, row = started[-1]["stdout"].splitlines()
        assert header.split() == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
        assert row.startswith("first   ")

        # the terminal is busy until ^C
        assert await run(ws, 3, "kubectl get pods") == result(3, stderr=BUSY, code=1)

        assert (await run(other, 1, "kubectl run second --image=nginx"))["exitCode"] == 0
        rows = (await printed_until(ws, 2, "second   1/1     Running")).splitlines()
        assert "NAME" not in "".join(rows)  # no header after the first table
        assert [line.split()[0] for line in rows].count("second") >= 2  # ADDED, ..., Running
        # the first table's widths, wider where a cell needs it (kubectl's RememberWidths)
        assert header.index("READY") == len("first   ")
        assert {line.index("/1") - 1 for line in rows} == {len("second   ")}

        await ws.send_json_to({"type": "kubectl.interrupt", "id": 2})
        assert (await run(other, 2, "kubectl delete pod first --wait=false"))["exitCode"] == 0
        # the next line runs (not busy), and nothing streams after the ^C
        await ws.send_json_to({"type": "kubectl", "id": 4, "command": "kubectl get pod second"})
        messages = await receive_until(
            ws, lambda ms: bool(ms) and ms[-1].get("id") == 4, REPLY_TIMEOUT
        )
        assert messages[-1]["type"] == "kubectl.result" and "second" in messages[-1]["stdout"]
        assert outputs(messages, 2) == ""
    finally:
        await ws.disconnect()
        await other.disconnect()


@pytest.mark.parametrize("flag", ["-w", "--watch-only"])
async def test_a_watch_of_nothing_prints_the_header_with_the_first_event(flag: str) -> None:
    _, cookie = await user_with_cluster("bo")
    ws, _ = await connect_to_default(cookie)
    other, _ = await connect_to_default(cookie)
    try:
        command = f"kubectl get pods {flag} --output-watch-events"
        await ws.send_json_to({"type": "kubectl", "id": 1, "command": command})
        await receive_until(
            ws, lambda ms: bool(ms) and ms[-1]["type"] == "kubectl.stream", REPLY_TIMEOUT
        )
        assert (await run(other, 1, "kubectl run web --image=nginx"))["exitCode"] == 0
        messages = await receive_until(ws, lambda ms: "MODIFIED" in outputs(ms, 1), REPLY_TIMEOUT)
        # not even "No resources found": kubectl says nothing of an empty list when it watches
        assert not [m for m in messages if m["type"] == "kubectl.output" and m["stderr"]]
        lines = outputs(messages, 1).splitlines()
        assert lines[0].split() == ["EVENT", "NAME", "READY", "STATUS", "RESTARTS", "AGE"]
        assert lines[1].startswith("ADDED      web   ")  # EVENT as wide as MODIFIED, as kubectl
        assert lines[0].index("NAME") == lines[1].index("web")
        assert all(line.split()[0] == "MODIFIED" for line in lines[2:])
    finally:
        await ws.disconnect()
        await other.disconnect()


async def test_logs_f_streams_the_lines_a_container_writes_until_interrupted() -> None:
    _, cookie = await user_with_cluster("cy")
    ws, _ = await connect_to_default(cookie)
    try:
        assert (await run(ws, 1, TICKER))["exitCode"] == 0
        await wait_running(ws, "ticker")
        await ws.send_json_to({"type": "kubectl", "id": 2, "command": "kubectl logs -f ticker"})
        await receive_until(
            ws, lambda ms: bool(ms) and ms[-1]["type"] == "kubectl.stream", REPLY_TIMEOUT
        )
        # a line a second, each as it is written: three more in a few seconds
        messages = await receive_until(
            ws, lambda ms: outputs(ms, 2).count("tick") >= 3, REPLY_TIMEOUT
        )
        pieces = [m for m in messages if m["type"] == "kubectl.output"]
        assert len(pieces) >= 2 and set(outputs(messages, 2).split()) == {"tick"}
        await ws.send_json_to({"type": "kubectl.interrupt", "id": 2})
        assert (await run(ws, 3, "kubectl get pod ticker -o name")) == result(3, "pod/ticker\n")
    finally:
        await ws.disconnect()


async def test_logs_f_of_a_selector_or_a_workload_follows_its_pods() -> None:
    _, cookie = await user_with_cluster("di")
    ws, _ = await connect_to_default(cookie)
    try:
        ticking = 'sh -c "while true; do echo tick; sleep 1; done"'
        command = f"kubectl create deployment tk --image=busybox --replicas=2 -- {ticking}"
        assert (await run(ws, 1, command))["exitCode"] == 0
        pods = (await run(ws, 2, "kubectl get pods -l app=tk -o name"))["stdout"].split()
        for pod in pods:
            await wait_running(ws, pod.removeprefix("pod/"))
        follow = "kubectl logs -f -l app=tk --prefix --tail=0"
        await ws.send_json_to({"type": "kubectl", "id": 3, "command": follow})
        messages = await receive_until(
            ws, lambda ms: outputs(ms, 3).count("tick") >= 6, REPLY_TIMEOUT
        )
        lines = outputs(messages, 3).splitlines()
        # each pod's lines, as they come, each saying whose it is
        assert {line.removesuffix("/busybox] tick") for line in lines} == {
            f"[{pod}" for pod in pods
        }
        await ws.send_json_to({"type": "kubectl.interrupt", "id": 3})

        # a workload's log: the pod kubectl picks, said so, then its lines as they come
        await ws.send_json_to({"type": "kubectl", "id": 4, "command": "kubectl logs -f deploy/tk"})
        messages = await receive_until(
            ws, lambda ms: outputs(ms, 4).count("tick") >= 3, REPLY_TIMEOUT
        )
        said = "".join(m["stderr"] for m in messages if m["type"] == "kubectl.output")
        assert said.startswith("Found 2 pods, using pod/tk-")
        await ws.send_json_to({"type": "kubectl.interrupt", "id": 4})
        assert (await run(ws, 5, "kubectl get deploy tk -o name"))["exitCode"] == 0
    finally:
        await ws.disconnect()


async def test_a_fault_of_ours_while_streaming_is_said_and_frees_the_terminal(monkeypatch) -> None:
    async def broken(cluster: object, line: object) -> AsyncIterator[streams.Output]:
        yield streams.Output(first=True)
        raise RuntimeError("a bug")

    monkeypatch.setattr(streaming, "run", broken)
    _, cookie = await user_with_cluster("fa")
    ws, _ = await connect_to_default(cookie)
    try:
        await ws.send_json_to({"type": "kubectl", "id": 1, "command": "kubectl get pods -w"})
        messages = await receive_until(
            ws, lambda ms: bool(ms) and ms[-1]["type"] == "kubectl.result", REPLY_TIMEOUT
        )
        assert messages[-1] == result(1, stderr="error: internal error in KubeLab\n", code=1)
        assert (await run(ws, 2, "kubectl get pods"))["stderr"] == (
            "No resources found in default namespace.\n"
        )
    finally:
        await ws.disconnect()
