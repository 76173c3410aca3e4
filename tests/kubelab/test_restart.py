"""Nothing acknowledged is lost: clusters outlive a clean restart of `kubelab up`, and a worker
killed outright, because every input is journaled in Redis before it is answered."""

import json
import os
import re
import signal
import time
from pathlib import Path
from typing import Any

from tests.stack import KubeLab, wait_until_gone

RUNNING_TIMEOUT = 30.0


def kubectl_ok(lab: KubeLab, *args: str) -> str:
    """kubectl's standard output; the command must succeed."""
    result = lab.kubectl(*args)
    assert result.returncode == 0, f"kubectl {' '.join(args)}: {result.stderr}"
    return result.stdout


def is_running(table: str, pod: str) -> bool:
    return re.search(rf"^{re.escape(pod)}\s+1/1\s+Running\s+0\s", table, re.MULTILINE) is not None


def wait_until_running(lab: KubeLab, pod: str) -> str:
    """`get pods` once pod runs (polling it also moves the cluster's clock along)."""
    deadline = time.monotonic() + RUNNING_TIMEOUT
    while not is_running(table := kubectl_ok(lab, "get", "pods"), pod):
        assert time.monotonic() < deadline, (
            f"{pod} not Running within {RUNNING_TIMEOUT} s:\n{table}"
        )
        time.sleep(0.5)
    return table


def pod(lab: KubeLab, name: str) -> dict[str, Any]:
    return json.loads(kubectl_ok(lab, "get", "pod", name, "-o", "json"))


def identity(obj: dict[str, Any]) -> tuple[str, str, str]:
    return (
        obj["metadata"]["uid"],
        obj["metadata"]["creationTimestamp"],
        obj["spec"]["nodeName"],
    )


def test_a_pod_is_still_there_after_a_clean_restart(tmp_path: Path) -> None:
    data = tmp_path / "data"
    lab = KubeLab(data).start()
    try:
        assert kubectl_ok(lab, "run", "web2", "--image=nginx") == "pod/web2 created\n"
        wait_until_running(lab, "web2")
        before = pod(lab, "web2")
        assert lab.interrupt() == 0
    finally:
        lab.kill()

    again = KubeLab(data).start()
    try:
        table = kubectl_ok(again, "get", "pods")
        assert table.splitlines()[0].rstrip() == "NAME   READY   STATUS    RESTARTS   AGE"
        assert is_running(table, "web2"), table
        after = pod(again, "web2")
        assert after["metadata"]["uid"] == before["metadata"]["uid"]
        assert identity(after) == identity(before)
        assert again.interrupt() == 0
    finally:
        again.kill()


def test_a_killed_worker_stops_the_lab_and_loses_nothing_it_acknowledged(tmp_path: Path) -> None:
    data = tmp_path / "data"
    lab = KubeLab(data).start()
    try:
        assert kubectl_ok(lab, "run", "web2", "--image=nginx") == "pod/web2 created\n"
        wait_until_running(lab, "web2")
        before = pod(lab, "web2")
        # Acknowledged, then the worker dies at once: the journal must already hold it.
        assert kubectl_ok(lab, "run", "web3", "--image=busybox") == "pod/web3 created\n"
        worker = lab.child_running("celery")
        others = [lab.child_running("daphne"), lab.child_running("redis-server")]

        os.kill(worker, signal.SIGKILL)

        assert lab.wait() == 1
        output = lab.output()
        assert "error: worker exited unexpectedly with code -9" in output
        assert "KubeLab stopped." not in output
        assert wait_until_gone([worker, *others]) == []
    finally:
        lab.kill()

    again = KubeLab(data).start()
    try:
        table = wait_until_running(again, "web2")
        assert re.search(r"^web3\s", table, re.MULTILINE), table
        assert identity(pod(again, "web2")) == identity(before)
        assert pod(again, "web3")["spec"]["containers"][0]["image"] == "busybox"
        assert again.interrupt() == 0
    finally:
        again.kill()
