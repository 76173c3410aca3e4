"""kubectl rollout status, history, undo and restart of a DaemonSet, from its
ControllerRevisions, and kubectl get and describe of it."""

import json

import pytest

from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import run

MANIFEST = """apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
      - name: agent
        image: nginx:1.26
"""


@pytest.fixture
def cluster() -> Cluster:
    cluster = Cluster()
    run(cluster, "create", "-f", "-", stdin=MANIFEST)
    cluster.run_until_idle()
    return cluster


def out(cluster: Cluster, *argv: str) -> tuple[str, str, int]:
    result = run(cluster, *argv)
    return result.stdout, result.stderr, result.exit_code


def updated(cluster: Cluster) -> None:
    run(cluster, "set", "image", "ds/agent", "agent=nginx:1.27")
    cluster.run_until_idle()


def test_a_daemon_set_runs_on_each_worker_and_rolls_out(cluster):
    listed = out(cluster, "get", "ds")[0].splitlines()
    assert listed[0].split() == [
        "NAME",
        "DESIRED",
        "CURRENT",
        "READY",
        "UP-TO-DATE",
        "AVAILABLE",
        "NODE",
        "SELECTOR",
        "AGE",
    ]
    assert listed[1].split()[:7] == ["agent", "2", "2", "2", "2", "2", "<none>"]
    assert out(cluster, "rollout", "status", "ds/agent") == (
        'daemon set "agent" successfully rolled out\n',
        "",
        0,
    )
    run(cluster, "set", "image", "ds/agent", "agent=nginx:1.27")
    waiting = out(cluster, "rollout", "status", "ds/agent")[0]
    assert waiting.startswith('Waiting for daemon set "agent" rollout to finish: ')
    described = out(cluster, "describe", "ds", "agent")[0]
    assert "Desired Number of Nodes Scheduled: 2\n" in described


def test_history_lists_the_revisions_and_shows_one(cluster):
    updated(cluster)
    assert out(cluster, "rollout", "history", "ds/agent") == (
        "daemonset.apps/agent \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n",
        "",
        0,
    )
    first = out(cluster, "rollout", "history", "ds/agent", "--revision=1")[0]
    assert first.startswith("daemonset.apps/agent with revision #1\nPod Template:\n")
    assert "Image:\tnginx:1.26" in first
    applied = json.loads(
        out(cluster, "rollout", "history", "ds/agent", "--revision=1", "-o", "json")[0]
    )
    assert applied["kind"] == "DaemonSet"
    assert applied["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx:1.26"
    assert out(cluster, "rollout", "history", "ds/agent", "--revision=9")[1] == (
        "error: unable to find the specified revision\n"
    )


def test_undo_restores_the_previous_template_and_skips_a_match(cluster):
    assert out(cluster, "rollout", "undo", "ds/agent")[1] == (
        "error: no last revision to roll back to\n"
    )
    updated(cluster)
    assert out(cluster, "rollout", "undo", "ds/agent") == (
        "daemonset.apps/agent rolled back\n",
        "",
        0,
    )
    cluster.run_until_idle()
    image = out(
        cluster, "get", "ds", "agent", "-o", "jsonpath={.spec.template.spec.containers[0].image}"
    )
    assert image[0] == "nginx:1.26"
    assert out(cluster, "rollout", "undo", "ds/agent", "--to-revision=3")[0] == (
        "daemonset.apps/agent skipped rollback (current template already matches revision 3)\n"
    )
    assert out(cluster, "rollout", "undo", "ds/agent", "--to-revision=7")[1] == (
        "error: unable to find specified revision 7 in history\n"
    )
    revisions = out(cluster, "get", "controllerrevisions", "-o", "name")[0].split()
    assert len(revisions) == 2  # revision 1 became revision 3: one revision per template


def test_restart_stamps_the_template(cluster):
    assert out(cluster, "rollout", "restart", "ds/agent")[0] == "daemonset.apps/agent restarted\n"
    annotations = json.loads(out(cluster, "get", "ds", "agent", "-o", "json")[0])["spec"][
        "template"
    ]["metadata"]["annotations"]
    assert "kubectl.kubernetes.io/restartedAt" in annotations
