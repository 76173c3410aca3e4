"""kubectl rollout status, history, undo, pause, resume and restart of a Deployment."""

import json

import pytest

from cluster.engine.cluster import Cluster
from cluster.kubectl import helptexts
from cluster.kubectl.cmd.rollout import status
from cluster.kubectl.context import ExitError
from tests.cluster.kubectl.helpers import run


@pytest.fixture
def cluster() -> Cluster:
    cluster = Cluster()
    run(cluster, "create", "deployment", "web", "--image=nginx:1.26", "--replicas=2")
    cluster.run_until_idle()
    return cluster


def out(cluster: Cluster, *argv: str) -> tuple[str, str, int]:
    result = run(cluster, "rollout", *argv)
    return result.stdout, result.stderr, result.exit_code


def test_status_tells_where_the_rollout_stands_from_one_reading(cluster):
    assert out(cluster, "status", "deployment/web") == (
        'deployment "web" successfully rolled out\n',
        "",
        0,
    )
    run(cluster, "set", "image", "deployment/web", "nginx=nginx:1.27")
    waiting, _, code = out(cluster, "status", "deployment/web")
    assert waiting.startswith('Waiting for deployment "web" rollout to finish: ') and code == 0
    cluster.run_until_idle()
    assert out(cluster, "status", "deploy/web")[0] == 'deployment "web" successfully rolled out\n'


def test_history_and_one_revision_s_template(cluster):
    run(cluster, "set", "image", "deployment/web", "nginx=nginx:1.27")
    cluster.run_until_idle()
    assert out(cluster, "history", "deployment/web") == (
        "deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n",
        "",
        0,
    )
    text, _, _ = out(cluster, "history", "deployment/web", "--revision=1")
    assert text.startswith(
        "deployment.apps/web with revision #1\nPod Template:\n  Labels:\tapp=web\n"
        "\tpod-template-hash="
    )
    assert "    Image:\tnginx:1.26\n" in text and text.endswith("  Tolerations:\t<none>\n\n")
    assert out(cluster, "history", "deployment/web", "--revision=9")[1] == (
        "error: unable to find the specified revision\n"
    )


def test_history_with_an_output_prints_the_revisions_replica_sets(cluster):
    run(cluster, "set", "image", "deployment/web", "nginx=nginx:1.27")
    cluster.run_until_idle()
    names, _, _ = out(cluster, "history", "deployment/web", "-o", "name")
    assert [n.startswith("replicaset.apps/web-") for n in names.splitlines()] == [True, True]
    one = json.loads(out(cluster, "history", "deployment/web", "-o", "json", "--revision=2")[0])
    assert list(one)[:5] == ["kind", "apiVersion", "metadata", "spec", "status"]
    assert one["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx:1.27"
    assert out(cluster, "history", "deployment/web", "-o", "yaml")[0].count("---\n") == 1
    assert out(cluster, "history", "deployment/web", "-o=name", "--revision=3")[1] == (
        "error: unable to find the specified revision\n"
    )


def test_undo_goes_back_a_revision_and_skips_a_match(cluster):
    run(cluster, "set", "image", "deployment/web", "nginx=nginx:1.27")
    cluster.run_until_idle()
    assert out(cluster, "undo", "deployment/web") == ("deployment.apps/web rolled back\n", "", 0)
    deployment = json.loads(run(cluster, "get", "deploy", "web", "-o", "json").stdout)
    assert deployment["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx:1.26"
    cluster.run_until_idle()
    assert out(cluster, "undo", "deployment/web", "--to-revision=3") == (
        "deployment.apps/web skipped rollback (current template already matches revision 3)\n",
        "",
        0,
    )
    assert out(cluster, "undo", "deployment/web", "--to-revision=9")[1] == (
        "error: unable to find specified revision 9 in history\n"
    )


def test_pause_resume_and_restart(cluster):
    assert out(cluster, "pause", "deployment/web") == ("deployment.apps/web paused\n", "", 0)
    assert out(cluster, "pause", "deployment/web") == (
        "",
        'error: deployments.apps "web" is already paused\n',
        1,
    )
    assert out(cluster, "restart", "deployment/web")[1] == (
        'error: deployments.apps "web" can\'t restart paused deployment (run rollout resume first)\n'
    )
    assert out(cluster, "undo", "deployment/web")[1] == (
        "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout "
        "resume' and try again\n"
    )
    assert out(cluster, "resume", "deployment/web") == ("deployment.apps/web resumed\n", "", 0)
    assert (
        out(cluster, "resume", "deployment/web")[1]
        == 'error: deployments.apps "web" is not paused\n'
    )
    assert out(cluster, "restart", "deployment/web") == ("deployment.apps/web restarted\n", "", 0)
    deployment = json.loads(run(cluster, "get", "deploy", "web", "-o", "json").stdout)
    assert deployment["spec"]["template"]["metadata"]["annotations"] == {
        "kubectl.kubernetes.io/restartedAt": "2026-01-01T00:00:04Z"
    }


def test_other_kinds_have_no_rollout(cluster):
    run(cluster, "create", "configmap", "cfg")
    assert out(cluster, "status", "rs", "-l", "app=web")[1] == (
        "error: no status viewer has been implemented for ReplicaSet.apps\n"
    )
    assert out(cluster, "history", "cm/cfg")[1] == (
        'error: error retrieving history for "ConfigMap", no visitor method exists for { ConfigMap}\n'
    )
    assert (
        out(cluster, "pause", "cm/cfg")[1] == 'error: configmaps "cfg" pausing is not supported\n'
    )
    assert (
        out(cluster, "restart", "cm/cfg")[1]
        == 'error: configmaps "cfg" restarting is not supported\n'
    )


def test_the_group_without_a_subcommand_prints_its_help(cluster):
    assert out(cluster) == (helptexts.ROLLOUT, "", 1)


def test_status_flags_are_checked_as_kubectl_checks_them(cluster):
    assert out(cluster, "status", "deployment/web", "--revision=-1")[1:] == (
        "error: revision must be a positive integer: -1\n",
        1,
    )
    assert out(cluster, "status", "deployment/web", "--timeout=abc")[1] == (
        'error: invalid argument "abc" for "--timeout" flag: time: invalid duration "abc"\n'
        "See 'kubectl rollout status --help' for usage.\n"
    )
    assert out(cluster, "status", "deployment/web", "--revision=1") == (
        'deployment "web" successfully rolled out\n',
        "",
        0,
    )
    assert out(cluster, "status", "deployment/web", "--revision=2")[1] == (
        "error: desired revision (2) is different from the running revision (1)\n"
    )


def test_each_event_of_a_watched_rollout_says_where_it_stands(cluster):
    deployment = json.loads(run(cluster, "get", "deploy", "web", "-o", "json").stdout)
    assert status.seen({"type": "ADDED", "object": deployment}, 0) == (
        'deployment "web" successfully rolled out\n',
        True,
    )
    deployment["status"]["updatedReplicas"] = 1
    assert status.seen({"type": "MODIFIED", "object": deployment}, 0) == (
        'Waiting for deployment "web" rollout to finish: 1 out of 2 new replicas have been updated...\n',
        False,
    )
    with pytest.raises(ExitError, match=r"^error: object has been deleted$"):
        status.seen({"type": "DELETED", "object": deployment}, 0)
    deployment["status"]["conditions"] = [
        {"type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded"}
    ]
    with pytest.raises(ExitError) as raised:
        status.seen({"type": "MODIFIED", "object": deployment}, 0)
    assert raised.value.message == 'error: deployment "web" exceeded its progress deadline'


def test_status_of_a_selector_that_selects_nothing_says_so(cluster):
    assert out(cluster, "status", "deploy", "-l", "app=none") == (
        "",
        "No resources found in default namespace.\n",
        0,
    )
