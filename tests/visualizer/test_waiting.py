"""kubectl rollout status and kubectl delete in the dashboard's terminal: they wait, as the
real ones do, printing as the cluster changes, until the rollout ends or the objects are gone,
or --timeout passes; against a real Celery worker."""

import asyncio

import pytest
from channels.testing import WebsocketCommunicator

from tests.visualizer.test_consumers import (
    REPLY_TIMEOUT,
    Message,
    connect_to_default,
    fresh_channel_layer,  # noqa: F401  (a fixture)
    receive_until,
)
from tests.visualizer.test_streaming import outputs, wait_running
from tests.visualizer.test_terminal_consumer import result, run, user_with_cluster

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("celery_worker", "fresh_channel_layer"),
]

SLEEPER = "kubectl run sleeper --image=busybox -- sleep 3600"  # ends only when killed
FILED = """\
apiVersion: v1
kind: Pod
metadata:
  name: filed
spec:
  containers:
  - name: sleeper
    image: busybox
    args: [sleep, "3600"]
"""


async def waited(ws: WebsocketCommunicator, request_id: int, command: str) -> list[Message]:
    """The messages of a waiting command, from its line to its result."""
    await ws.send_json_to({"type": "kubectl", "id": request_id, "command": command})
    messages = await receive_until(
        ws,
        lambda ms: (
            bool(ms) and ms[-1].get("id") == request_id and ms[-1]["type"] == "kubectl.result"
        ),
        REPLY_TIMEOUT,
    )
    return [m for m in messages if m.get("id") == request_id]


async def test_rollout_status_prints_each_change_until_rolled_out_or_timed_out() -> None:
    _, cookie = await user_with_cluster("ro")
    ws, _ = await connect_to_default(cookie)
    try:
        created = await run(ws, 1, "kubectl create deployment web --image=nginx --replicas=2")
        assert created["exitCode"] == 0
        messages = await waited(ws, 2, "kubectl rollout status deployment/web")
        assert messages[0]["type"] == "kubectl.stream"
        lines = (outputs(messages, 2) + messages[-1]["stdout"]).splitlines()
        assert lines[-1] == 'deployment "web" successfully rolled out'
        assert len(lines) >= 2 and all(
            line.startswith('Waiting for deployment "web" rollout to finish: ')
            for line in lines[:-1]
        )
        assert messages[-1]["exitCode"] == 0
        # the deployments a selector picks, each in turn
        messages = await waited(ws, 6, "kubectl rollout status deploy -l app=web")
        assert outputs(messages, 6) == 'deployment "web" successfully rolled out\n'
        assert messages[-1] == result(6)

        bad = "kubectl set image deployment/web nginx=nosuch.example/nope:1"
        assert (await run(ws, 3, bad))["exitCode"] == 0
        messages = await waited(ws, 4, "kubectl rollout status deploy web --timeout=1s")
        assert outputs(messages, 4).startswith('Waiting for deployment "web" rollout to finish: ')
        assert messages[-1] == result(
            4, stderr="error: timed out waiting for the condition\n", code=1
        )
        # --watch=false reads it once, as before
        once = await run(ws, 5, "kubectl rollout status deployment/web --watch=false")
        assert once["stdout"].startswith('Waiting for deployment "web"') and once["exitCode"] == 0
    finally:
        await ws.disconnect()


async def test_delete_waits_for_the_grace_period_unless_told_not_to() -> None:
    _, cookie = await user_with_cluster("de")
    ws, _ = await connect_to_default(cookie)
    try:
        assert (await run(ws, 1, SLEEPER))["exitCode"] == 0
        await wait_running(ws, "sleeper")
        loop = asyncio.get_running_loop()
        started = loop.time()
        messages = await waited(ws, 2, "kubectl delete pod sleeper --grace-period=2")
        # the line first, as kubectl prints it before it waits; then the pod's grace period
        assert [m["type"] for m in messages[:2]] == ["kubectl.stream", "kubectl.output"]
        assert outputs(messages, 2) == 'pod "sleeper" deleted from default namespace\n'
        assert messages[-1] == result(2)
        assert loop.time() - started >= 2
        gone = await run(ws, 3, "kubectl get pod sleeper")
        assert gone["stderr"] == 'Error from server (NotFound): pods "sleeper" not found\n'

        assert (await run(ws, 4, SLEEPER))["exitCode"] == 0
        await wait_running(ws, "sleeper")
        messages = await waited(ws, 5, "kubectl delete pod sleeper --timeout=1s")
        assert messages[-1] == result(
            5, stderr="error: timed out waiting for the condition on pods/sleeper\n", code=1
        )
        at_once = await run(ws, 6, "kubectl delete pod sleeper --wait=false")
        assert at_once == result(6, 'pod "sleeper" deleted from default namespace\n')

        # what a workspace file names waits too
        assert await run(ws, 7, f"cat > filed.yaml <<EOF\n{FILED}EOF") == result(7)
        assert (await run(ws, 8, "kubectl apply -f filed.yaml"))["exitCode"] == 0
        await wait_running(ws, "filed")
        messages = await waited(ws, 9, "kubectl delete -f filed.yaml --grace-period=1")
        assert messages[0]["type"] == "kubectl.stream"
        assert outputs(messages, 9) == 'pod "filed" deleted from default namespace\n'
        assert messages[-1] == result(9)
    finally:
        await ws.disconnect()


async def test_wait_watches_until_the_condition_is_met_the_object_gone_or_time_is_up() -> None:
    _, cookie = await user_with_cluster("wt")
    ws, _ = await connect_to_default(cookie)
    other, _ = await connect_to_default(cookie)
    try:
        assert (await run(ws, 1, "kubectl run web --image=nginx"))["exitCode"] == 0
        messages = await waited(ws, 2, "kubectl wait --for=condition=Ready pod/web")
        assert messages[0]["type"] == "kubectl.stream"  # not ready yet: it waited
        assert outputs(messages, 2) == "pod/web condition met\n"
        assert messages[-1] == result(2)

        messages = await waited(
            ws, 3, "kubectl wait --for=condition=Ready=false pod/web --timeout=1s"
        )
        assert messages[-1] == result(
            3, stderr="error: timed out waiting for the condition on pods/web\n", code=1
        )

        await ws.send_json_to(
            {"type": "kubectl", "id": 4, "command": "kubectl wait --for=delete pod/web"}
        )
        await receive_until(
            ws, lambda ms: any(m["type"] == "kubectl.stream" for m in ms), REPLY_TIMEOUT
        )
        assert (await run(other, 1, "kubectl delete pod web --wait=false"))["exitCode"] == 0
        messages = await receive_until(
            ws, lambda ms: any(m["type"] == "kubectl.result" for m in ms), REPLY_TIMEOUT
        )
        assert outputs(messages, 4) == "pod/web condition met\n"
        assert messages[-1] == result(4)
    finally:
        await ws.disconnect()
        await other.disconnect()


async def test_they_wait_in_the_namespace_of_the_kubeconfig_s_context() -> None:
    _, cookie = await user_with_cluster("ns")
    ws, _ = await connect_to_default(cookie)
    try:
        assert (await run(ws, 1, "kubectl create namespace team"))["exitCode"] == 0
        switched = await run(ws, 2, "kubectl config set-context --current --namespace=team")
        assert switched["exitCode"] == 0
        assert (await run(ws, 3, "kubectl run web --image=nginx"))["exitCode"] == 0
        messages = await waited(ws, 4, "kubectl wait --for=condition=Ready pod/web")
        assert outputs(messages, 4) == "pod/web condition met\n"
        messages = await waited(ws, 5, "kubectl delete pod web")
        assert outputs(messages, 5) == 'pod "web" deleted from team namespace\n'
        assert messages[-1] == result(5)
    finally:
        await ws.disconnect()


async def test_replace_force_waits_until_the_old_object_is_gone_before_it_creates() -> None:
    _, cookie = await user_with_cluster("rp")
    ws, _ = await connect_to_default(cookie)
    try:
        graceful = FILED.replace("spec:\n", "spec:\n  terminationGracePeriodSeconds: 3\n")
        assert await run(ws, 1, f"cat > filed.yaml <<EOF\n{graceful}EOF") == result(1)
        assert (await run(ws, 2, "kubectl apply -f filed.yaml"))["exitCode"] == 0
        await wait_running(ws, "filed")
        old = await run(ws, 3, "kubectl get pod filed -o jsonpath={.metadata.uid}")
        deleted = 'pod "filed" deleted from default namespace\n'
        loop = asyncio.get_running_loop()
        started = loop.time()

        # its grace period outlasts --timeout: each object polled for until not found, or (with
        # --wait) the deletion waited for as kubectl delete waits, each with its error
        messages = await waited(ws, 4, "kubectl replace --force -f filed.yaml --timeout=1s")
        assert messages[0]["type"] == "kubectl.stream" and outputs(messages, 4) == deleted
        assert messages[-1] == result(4, stderr="error: context deadline exceeded\n", code=1)
        waiting = "kubectl replace --force -f filed.yaml --wait --timeout=1s"
        messages = await waited(ws, 5, waiting)
        assert outputs(messages, 5) == deleted
        assert messages[-1] == result(
            5, stderr="error: timed out waiting for the condition on pods/filed\n", code=1
        )
        # once the pod is gone, it is created anew
        messages = await waited(ws, 6, "kubectl replace --force -f filed.yaml")
        assert outputs(messages, 6) == deleted
        assert messages[-1] == result(6, "pod/filed replaced\n")
        assert loop.time() - started >= 3
        new = await run(ws, 7, "kubectl get pod filed -o jsonpath={.metadata.uid}")
        assert new["exitCode"] == 0 and new["stdout"] != old["stdout"]

        # from the standard input, an object that is not there: created at once
        configmap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n"
        fed = f"kubectl replace --force -f - -o name <<EOF\n{configmap}EOF"
        messages = await waited(ws, 8, fed)
        assert messages[0]["type"] == "kubectl.stream"
        assert messages[-1] == result(8, "configmap/c\n")
    finally:
        await ws.disconnect()


def said(messages: list[Message], request_id: int, stream: str) -> str:
    """What a waiting command wrote to one stream, over all its messages."""
    return "".join(m.get(stream, "") for m in messages if m.get("id") == request_id)


async def test_drain_tries_a_refused_eviction_again_until_the_budget_allows_it() -> None:
    _, cookie = await user_with_cluster("dr")
    ws, _ = await connect_to_default(cookie)
    try:
        assert (await run(ws, 1, "kubectl cordon node-1"))["exitCode"] == 0
        made = "kubectl create deployment web --image=nginx --replicas=3"
        assert (await run(ws, 2, made))["exitCode"] == 0
        budget = "kubectl create pdb web --selector=app=web --min-available=2"
        assert (await run(ws, 3, budget))["exitCode"] == 0
        loop = asyncio.get_running_loop()
        deadline = loop.time() + REPLY_TIMEOUT
        while " 1 " not in (await run(ws, 4, "kubectl get pdb web --no-headers"))["stdout"]:
            assert loop.time() < deadline, "the budget never allowed a disruption"
            await asyncio.sleep(0.5)
        assert (await run(ws, 5, "kubectl uncordon node-1"))["exitCode"] == 0
        started = loop.time()
        messages = await waited(ws, 6, "kubectl drain node-2")
        out, err = said(messages, 6, "stdout"), said(messages, 6, "stderr")
        assert out.startswith("node/node-2 cordoned\nevicting pod default/web-")
        assert out.count(" evicted\n") == 3
        assert out.endswith("node/node-2 drained\n")
        assert "(will retry after 5s): Cannot evict pod as it would violate the pod's" in err
        assert loop.time() - started >= 5  # a refused eviction waits 5 s for its next try
        assert messages[-1]["exitCode"] == 0
        pods = (await run(ws, 7, "kubectl get pods -o wide --no-headers"))["stdout"]
        assert pods.count("node-1") == 3

        # --timeout ends what the budget keeps refusing
        assert (await run(ws, 8, "kubectl cordon node-1"))["exitCode"] == 0
        messages = await waited(ws, 9, "kubectl drain node-1 --timeout=3s")
        err = said(messages, 9, "stderr")
        assert 'error: unable to drain node "node-1" due to error: ' in err
        assert "global timeout reached: 3s" in err
        assert messages[-1]["exitCode"] == 1
    finally:
        await ws.disconnect()
