"""apps/v1 DaemonSets and ControllerRevisions through kube-apiserver: defaults, the template
generation, validation with Kubernetes' messages, and their tables."""

import pytest

from cluster.engine.apiserver import printers
from cluster.engine.cluster import Cluster
from tests.cluster.engine.requests import admin_request

GENERATION = "deprecated.daemonset.template.generation"


@pytest.fixture(scope="module")
def cluster():
    return Cluster()


def daemon_set(name="agent", **spec):
    template = {
        "metadata": {"labels": {"app": name}},
        "spec": {"containers": [{"name": "agent", "image": "busybox", "command": ["sleep", "1d"]}]},
    }
    return {
        "apiVersion": "apps/v1",
        "kind": "DaemonSet",
        "metadata": {"name": name},
        "spec": {"selector": {"matchLabels": {"app": name}}, "template": template, **spec},
    }


def refusal(cluster, body) -> str:
    answer = admin_request(cluster, "create", "daemonsets", body=body)
    assert answer.code == 422
    return answer.body["message"]


def test_a_daemon_set_is_defaulted_and_starts_at_template_generation_one(cluster):
    made = admin_request(cluster, "create", "daemonsets", body=daemon_set("defaults")).body
    assert made["spec"]["updateStrategy"] == {
        "type": "RollingUpdate",
        "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0},
    }
    assert made["spec"]["revisionHistoryLimit"] == 10
    assert made["metadata"]["annotations"] == {GENERATION: "1"}
    assert made["metadata"]["generation"] == 1
    assert made["status"] == {
        "currentNumberScheduled": 0,
        "numberMisscheduled": 0,
        "desiredNumberScheduled": 0,
        "numberReady": 0,
    }


def test_the_template_generation_moves_with_the_template_only(cluster):
    admin_request(cluster, "create", "daemonsets", body=daemon_set("gen"))
    current = admin_request(cluster, "get", "daemonsets", "gen").body
    current["spec"]["minReadySeconds"] = 5
    current["metadata"]["annotations"][GENERATION] = "7"  # the server's, not the client's
    updated = admin_request(cluster, "update", "daemonsets", "gen", body=current).body
    assert (updated["metadata"]["annotations"][GENERATION], updated["metadata"]["generation"]) == (
        "1",
        2,
    )
    updated = admin_request(cluster, "get", "daemonsets", "gen").body  # its status moved on
    updated["spec"]["template"]["spec"]["containers"][0]["image"] = "busybox:1.36"
    changed = admin_request(cluster, "update", "daemonsets", "gen", body=updated).body
    assert (changed["metadata"]["annotations"][GENERATION], changed["metadata"]["generation"]) == (
        "2",
        3,
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"updateStrategy": {"type": "Sometimes"}},
            'spec.updateStrategy: Unsupported value: {"type":"Sometimes"}: supported values: '
            '"RollingUpdate", "OnDelete"',
        ),
        (
            {"updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1}}},
            "spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when "
            "maxUnavailable is non-zero",
        ),
        (
            {
                "updateStrategy": {
                    "type": "RollingUpdate",
                    "rollingUpdate": {"maxSurge": 0, "maxUnavailable": 0},
                }
            },
            "spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when "
            "maxSurge is 0",
        ),
        (
            {"selector": {"matchLabels": {"app": "other"}}},
            'spec.template.metadata.labels: Invalid value: {"app":"x"}: `selector` does not '
            "match template `labels`",
        ),
        (
            {"revisionHistoryLimit": -1},
            "spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0",
        ),
    ],
)
def test_a_daemon_set_is_validated_as_kubernetes_does(cluster, change, message):
    assert refusal(cluster, daemon_set("x", **change)) == (
        f'DaemonSet.apps "x" is invalid: {message}'
    )


def test_a_daemon_sets_pods_always_restart_and_have_no_deadline(cluster):
    body = daemon_set("never")
    body["spec"]["template"]["spec"].update(restartPolicy="Never", activeDeadlineSeconds=5)
    assert refusal(cluster, body) == (
        'DaemonSet.apps "never" is invalid: [spec.template.spec.restartPolicy: Unsupported '
        'value: "Never": supported values: "Always", spec.template.spec.activeDeadlineSeconds: '
        "Forbidden: activeDeadlineSeconds in DaemonSet is not Supported]"
    )


def test_a_daemon_sets_selector_is_immutable(cluster):
    admin_request(cluster, "create", "daemonsets", body=daemon_set("fixed"))
    current = admin_request(cluster, "get", "daemonsets", "fixed").body
    current["spec"]["selector"] = {"matchLabels": {"app": "fixed", "tier": "x"}}
    current["spec"]["template"]["metadata"]["labels"]["tier"] = "x"
    answer = admin_request(cluster, "update", "daemonsets", "fixed", body=current)
    assert "spec.selector: Invalid value: " in answer.body["message"]
    assert answer.body["message"].endswith("field is immutable")


def test_a_controller_revisions_data_is_an_object_and_never_changes(cluster):
    revision = {
        "apiVersion": "apps/v1",
        "kind": "ControllerRevision",
        "metadata": {"name": "agent-1"},
        "revision": 1,
    }
    answer = admin_request(cluster, "create", "controllerrevisions", body=revision)
    assert answer.body["message"] == (
        'ControllerRevision.apps "agent-1" is invalid: data: Required value: data is mandatory'
    )
    revision["data"] = {"spec": {}}
    made = admin_request(cluster, "create", "controllerrevisions", body=revision).body
    made["data"] = {"spec": {"x": 1}}
    answer = admin_request(cluster, "update", "controllerrevisions", "agent-1", body=made)
    assert answer.body["message"].endswith(
        'data: Invalid value: {"spec":{"x":1}}: field is immutable'
    )


def test_daemon_sets_and_revisions_print_as_kubectl_shows_them():
    ds = daemon_set("fluentd")
    ds["metadata"]["creationTimestamp"] = "2026-01-01T00:00:00Z"
    ds["spec"]["template"]["spec"]["nodeSelector"] = {"disk": "ssd"}
    ds["status"] = {
        "desiredNumberScheduled": 2,
        "currentNumberScheduled": 2,
        "numberReady": 1,
        "updatedNumberScheduled": 2,
        "numberAvailable": 1,
    }
    row = printers.table("DaemonSet", [ds], 1_767_225_660, {})["rows"][0]["cells"]
    assert row == ["fluentd", 2, 2, 1, 2, 1, "disk=ssd", "60s", "agent", "busybox", "app=fluentd"]
    revision = {
        "metadata": {
            "name": "fluentd-5d8f",
            "creationTimestamp": "2026-01-01T00:00:00Z",
            "ownerReferences": [
                {
                    "apiVersion": "apps/v1",
                    "kind": "DaemonSet",
                    "name": "fluentd",
                    "controller": True,
                }
            ],
        },
        "revision": 3,
    }
    row = printers.table("ControllerRevision", [revision], 1_767_225_660, {})["rows"][0]["cells"]
    assert row == ["fluentd-5d8f", "daemonset.apps/fluentd", 3, "60s"]
