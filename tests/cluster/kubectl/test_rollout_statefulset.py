"""kubectl rollout status, history, undo, restart and pause of a StatefulSet, and kubectl scale
of it: the status viewer's texts over sets of each state, then each command against a set
its controller runs."""

import json
import re

import pytest

from cluster.engine.cluster import Cluster
from cluster.kubectl.cmd.rollout import status
from tests.cluster.kubectl.helpers import run

MANIFEST = """apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: 2
  selector:
    matchLabels: {app: nginx}
  template:
    metadata:
      labels: {app: nginx}
    spec:
      containers:
      - name: nginx
        image: nginx:1.26
"""


def viewed(rolling: dict | None = None, generation: int = 1, **state: object) -> tuple[str, bool]:
    """What the status viewer says of a set of 3 replicas rolled out with `rolling`."""
    strategy = {"type": "RollingUpdate", "rollingUpdate": rolling}
    sts = {
        "kind": "StatefulSet",
        "metadata": {"name": "web", "generation": generation},
        "spec": {"replicas": 3, "updateStrategy": strategy},
        "status": state,
    }
    return status.status(sts)


def test_the_status_waits_for_the_spec_to_be_observed_then_for_ready_pods():
    waiting = ("Waiting for statefulset spec update to be observed...\n", False)
    assert viewed() == waiting
    assert viewed(generation=2, observedGeneration=1) == waiting
    assert viewed(observedGeneration=1, readyReplicas=1) == (
        "Waiting for 2 pods to be ready...\n",
        False,
    )


def test_a_partitioned_roll_out_is_done_from_the_partition_up():
    ready = {"observedGeneration": 1, "readyReplicas": 3}
    assert viewed({"partition": 1}, **ready, updatedReplicas=1) == (
        "Waiting for partitioned roll out to finish: 1 out of 2 new pods have been updated...\n",
        False,
    )
    assert viewed({"partition": 1}, **ready, updatedReplicas=2) == (
        "partitioned roll out complete: 2 new pods have been updated...\n",
        True,
    )


def test_without_rolling_update_parameters_the_revisions_are_compared():
    ready = {"observedGeneration": 1, "readyReplicas": 3, "updatedReplicas": 1}
    revisions = {"currentRevision": "web-5d8f", "updateRevision": "web-7c9b"}
    assert viewed(**ready, **revisions) == (
        "waiting for statefulset rolling update to complete 1 pods at revision web-7c9b...\n",
        False,
    )
    rolled = {**revisions, "currentRevision": "web-7c9b", "currentReplicas": 3}
    assert viewed(**ready, **rolled) == (
        "statefulset rolling update complete 3 pods at revision web-7c9b...\n",
        True,
    )


@pytest.fixture
def cluster() -> Cluster:
    cluster = Cluster()
    assert run(cluster, "create", "-f", "-", stdin=MANIFEST).exit_code == 0
    cluster.run_until_idle()
    return cluster


def out(cluster: Cluster, *argv: str) -> tuple[str, str, int]:
    result = run(cluster, *argv)
    return result.stdout, result.stderr, result.exit_code


def stateful_set(cluster: Cluster) -> dict:
    return json.loads(out(cluster, "get", "sts", "web", "-o", "json")[0])


def status_of(cluster: Cluster) -> tuple[str, str, int]:
    return out(cluster, "rollout", "status", "sts/web")


def updated(cluster: Cluster) -> None:
    run(cluster, "set", "image", "sts/web", "nginx=nginx:1.27")
    cluster.run_until_idle()


def images(cluster: Cluster) -> str:
    return out(cluster, "get", "pods", "-o", "jsonpath={.items[*].spec.containers[0].image}")[0]


def test_status_follows_the_controller_s_roll_out(cluster):
    done = "partitioned roll out complete: 2 new pods have been updated...\n"
    assert status_of(cluster) == (done, "", 0)
    run(cluster, "set", "image", "sts/web", "nginx=nginx:1.27")
    waiting = (
        "Waiting for partitioned roll out to finish: 0 out of 2 new pods have been updated...\n"
    )
    assert status_of(cluster) == (waiting, "", 0)
    cluster.run_until_idle()
    assert status_of(cluster) == (done, "", 0)


def test_an_on_delete_set_has_no_rollout_to_follow(cluster):
    on_delete = {"spec": {"updateStrategy": {"type": "OnDelete", "rollingUpdate": None}}}
    assert out(cluster, "patch", "sts", "web", "--type=merge", "-p", json.dumps(on_delete))[2] == 0
    assert status_of(cluster) == (
        "",
        "error: rollout status is only available for RollingUpdate strategy type\n",
        1,
    )


def test_history_lists_the_controller_revisions_and_shows_one(cluster):
    updated(cluster)
    assert out(cluster, "rollout", "history", "sts/web") == (
        "statefulset.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n",
        "",
        0,
    )
    first = out(cluster, "rollout", "history", "statefulset/web", "--revision=1")[0]
    assert first.startswith("statefulset.apps/web with revision #1\nPod Template:\n")
    assert "    Image:\tnginx:1.26\n" in first
    as_made = json.loads(
        out(cluster, "rollout", "history", "sts/web", "--revision=1", "-o", "json")[0]
    )
    assert as_made["kind"] == "StatefulSet"
    assert as_made["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx:1.26"


def test_undo_restores_the_previous_template_and_skips_a_match(cluster):
    assert out(cluster, "rollout", "undo", "sts/web")[1] == (
        "error: no last revision to roll back to\n"
    )
    updated(cluster)
    dry = out(cluster, "rollout", "undo", "sts/web", "--dry-run=client")[0]
    assert dry.startswith("statefulset.apps/web will roll back to Pod Template:\n")
    assert "    Image:\tnginx:1.26\n" in dry and images(cluster) == "nginx:1.27 nginx:1.27"
    assert out(cluster, "rollout", "undo", "sts/web") == (
        "statefulset.apps/web rolled back\n",
        "",
        0,
    )
    cluster.run_until_idle()
    assert images(cluster) == "nginx:1.26 nginx:1.26"
    # revision 1 came back as revision 3: one revision per template
    assert out(cluster, "rollout", "history", "sts/web")[0].endswith(
        "2         <none>\n3         <none>\n\n"
    )
    assert out(cluster, "rollout", "undo", "sts/web", "--to-revision=3")[0] == (
        "statefulset.apps/web skipped rollback (current template already matches revision 3)\n"
    )
    assert out(cluster, "rollout", "undo", "sts/web", "--to-revision=7")[1] == (
        "error: unable to find specified revision 7 in history\n"
    )


def test_restart_stamps_the_template(cluster):
    assert out(cluster, "rollout", "restart", "sts/web") == (
        "statefulset.apps/web restarted\n",
        "",
        0,
    )
    annotations = stateful_set(cluster)["spec"]["template"]["metadata"]["annotations"]
    stamp = annotations["kubectl.kubernetes.io/restartedAt"]
    assert re.fullmatch(r"2026-01-01T00:00:\d\dZ", stamp)


def test_a_set_cannot_be_paused(cluster):
    assert out(cluster, "rollout", "pause", "sts/web") == (
        "",
        'error: statefulsets.apps "web" pausing is not supported\n',
        1,
    )


def test_scale_goes_through_the_scale_subresource(cluster):
    assert out(cluster, "scale", "sts", "web", "--replicas=3") == (
        "statefulset.apps/web scaled\n",
        "",
        0,
    )
    assert stateful_set(cluster)["spec"]["replicas"] == 3
    assert out(cluster, "scale", "sts/web", "--replicas=1", "--current-replicas=2")[1] == (
        "error: Expected replicas to be 2, was 3\n"
    )
