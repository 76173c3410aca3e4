"""kubectl get -w printed as YAML or names, and kubectl events -w, in the dashboard's
terminal: each object (or event) there is, then each change as it comes, as the real kubectl
prints them in watch mode, until Ctrl-C; against a real Celery worker."""

import pytest
import yaml
from channels.testing import WebsocketCommunicator

from tests.visualizer.test_consumers import (
    REPLY_TIMEOUT,
    connect_to_default,
    fresh_channel_layer,  # noqa: F401  (a fixture)
    receive_until,
)
from tests.visualizer.test_streaming import outputs
from tests.visualizer.test_terminal_consumer import result, run, user_with_cluster

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("celery_worker", "fresh_channel_layer"),
]


async def streaming(ws: WebsocketCommunicator, command: str) -> None:
    """Type a streaming command (id 1) and wait until it streams."""
    await ws.send_json_to({"type": "kubectl", "id": 1, "command": command})
    await receive_until(
        ws, lambda ms: bool(ms) and ms[-1]["type"] == "kubectl.stream", REPLY_TIMEOUT
    )


async def printed(ws: WebsocketCommunicator, done: str, count: int = 1) -> str:
    """What the stream prints until `done` is in it `count` times."""
    messages = await receive_until(
        ws, lambda ms: outputs(ms, 1).count(done) >= count, REPLY_TIMEOUT
    )
    return outputs(messages, 1)


async def test_objects_and_events_stream_as_kubectl_prints_them_in_watch_mode() -> None:
    _, cookie = await user_with_cluster("wa")
    sockets = [(await connect_to_default(cookie))[0] for _ in range(5)]
    names, documents, kyamls, events, other = sockets
    try:
        assert (await run(other, 1, "kubectl run first --image=nginx"))["exitCode"] == 0
        await streaming(names, "kubectl get pods -w -o name")
        await streaming(documents, "kubectl get pods -l run=second -w -o yaml")
        watched = "kubectl get pods -l run=second -w -o kyaml --output-watch-events"
        await streaming(kyamls, watched)
        await streaming(events, "kubectl events -w --for pod/second")
        assert (await run(other, 2, "kubectl run second --image=nginx"))["exitCode"] == 0

        lines = (await printed(names, "pod/second", 3)).splitlines()
        assert lines[0] == "pod/first" and set(lines[1:]) == {"pod/second"}

        text = await printed(documents, "phase: Running")
        assert not text.startswith("---")  # a separator before every document but the first
        pods = [yaml.safe_load(document) for document in text.split("---\n")]
        assert len(pods) >= 3 and {pod["metadata"]["name"] for pod in pods} == {"second"}
        assert (
            "managedFields" not in pods[0]["metadata"] and pods[0]["status"]["phase"] == "Pending"
        )

        text = await printed(kyamls, 'phase: "Running"')
        assert text.startswith('---\n{\n  type: "ADDED",\n  object: {\n    apiVersion: "v1",\n')
        watched_events = list(yaml.safe_load_all(text))  # each its own document
        assert [e["type"] for e in watched_events[:2]] == ["ADDED", "MODIFIED"]
        assert {e["object"]["metadata"]["name"] for e in watched_events} == {"second"}

        lines = (await printed(events, "Container started")).splitlines()
        assert lines[0].split() == ["LAST", "SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
        assert lines[1].startswith("0s          Normal   Scheduled   Pod/second   Successfully ")
        assert lines[-1] == "0s          Normal   Started     Pod/second   Container started"

        for ws in (names, documents, kyamls, events):
            await ws.send_json_to({"type": "kubectl.interrupt", "id": 1})
        assert await run(events, 2, "kubectl get pod second -o name") == result(2, "pod/second\n")
    finally:
        for ws in sockets:
            await ws.disconnect()


async def test_a_kubeconfig_file_named_by_a_flag_is_the_one_they_run_with() -> None:
    _, cookie = await user_with_cluster("kc")
    ws, _ = await connect_to_default(cookie)
    try:
        assert (await run(ws, 1, "kubectl create namespace team"))["exitCode"] == 0
        assert (await run(ws, 2, "kubectl config view --raw > other.yaml"))["exitCode"] == 0
        switched = "kubectl --kubeconfig other.yaml config set-context --current --namespace=team"
        assert (await run(ws, 3, switched))["exitCode"] == 0
        assert (await run(ws, 4, "kubectl run web --image=nginx -n team"))["exitCode"] == 0

        # the watches, as objects and as a table, are of team's pods
        await streaming(ws, "kubectl get pods -w -o name --kubeconfig other.yaml")
        assert (await printed(ws, "pod/web")).startswith("pod/web\n")
        await ws.send_json_to({"type": "kubectl.interrupt", "id": 1})
        await streaming(ws, "kubectl --kubeconfig=other.yaml get pods -w")
        assert "\nweb " in await printed(ws, "\nweb ")
        await ws.send_json_to({"type": "kubectl.interrupt", "id": 1})
        # and so is what a deletion waits for
        deleting = "kubectl delete pod web --grace-period=1 --kubeconfig other.yaml"
        await ws.send_json_to({"type": "kubectl", "id": 5, "command": deleting})
        messages = await receive_until(
            ws, lambda ms: bool(ms) and ms[-1]["type"] == "kubectl.result", REPLY_TIMEOUT
        )
        assert next(m["type"] for m in messages if m.get("id") == 5) == "kubectl.stream"
        assert outputs(messages, 5) == 'pod "web" deleted from team namespace\n'
        assert messages[-1] == result(5)
    finally:
        await ws.disconnect()


SECOND = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: second\nspec:\n  containers:\n  - name: web\n    image: nginx\n"


async def test_custom_columns_and_the_object_of_a_file_stream_as_well() -> None:
    _, cookie = await user_with_cluster("cc")
    columns, filed, table, other = [(await connect_to_default(cookie))[0] for _ in range(4)]
    try:
        assert (await run(other, 1, "kubectl run first --image=nginx"))["exitCode"] == 0
        assert await run(other, 2, f"cat > second.yaml <<EOF\n{SECOND}EOF") == result(2)
        assert (await run(other, 3, "kubectl apply -f second.yaml"))["exitCode"] == 0
        spec = "custom-columns=NAME:.metadata.name,LABEL:.metadata.labels.l"
        await streaming(columns, f"kubectl get pods -w -o {spec}")
        await streaming(filed, "kubectl get -f second.yaml -w -o name")
        await streaming(table, "kubectl get -f second.yaml -w --output-watch-events")
        labeled = await run(other, 4, "kubectl label pod second l=x --overwrite")
        assert labeled["exitCode"] == 0

        # the header once, then a row per object and per change, RememberWidths' widths
        lines = (await printed(columns, "second   x")).splitlines()
        assert lines[0] == "NAME     LABEL" and "first    <none>" in lines[1:3]
        assert [line.split()[0] for line in lines[1:]].count("NAME") == 0
        # the file's one object, and it only, as it is and as it changes
        names = set((await printed(filed, "pod/second", 2)).splitlines())
        assert names == {"pod/second"}
        await filed.send_json_to({"type": "kubectl.interrupt", "id": 1})
        await streaming(filed, "cat second.yaml | kubectl get -f - -w -o name")
        assert (await printed(filed, "pod/second")).startswith("pod/second\n")
        rows = (await printed(table, "MODIFIED")).splitlines()
        assert rows[0].split() == ["EVENT", "NAME", "READY", "STATUS", "RESTARTS", "AGE"]
        assert rows[1].startswith("ADDED      second   ")
        assert {row.split()[1] for row in rows[1:]} == {"second"}
    finally:
        for ws in (columns, filed, table, other):
            await ws.disconnect()
