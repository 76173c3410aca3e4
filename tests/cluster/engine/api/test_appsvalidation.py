"""StatefulSets' validation with Kubernetes' field paths and messages: the spec, what an update
may change, and the status."""

import copy

from cluster.engine.api import defaults
from cluster.engine.api.appsvalidation import (
    validate_stateful_set,
    validate_stateful_set_status,
    validate_stateful_set_update,
)

NEGATIVE = "Invalid value: -1: must be greater than or equal to 0"


def stateful_set(**spec):
    """A defaulted set `web` of nginx pods, each with a claim `www` mounted."""
    container = {
        "name": "nginx",
        "image": "nginx",
        "volumeMounts": [{"name": "www", "mountPath": "/usr/share/nginx/html"}],
    }
    claim = {
        "metadata": {"name": "www"},
        "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}},
    }
    obj = {
        "apiVersion": "apps/v1",
        "kind": "StatefulSet",
        "metadata": {"name": "web", "namespace": "default"},
        "spec": {
            "serviceName": "nginx",
            "selector": {"matchLabels": {"app": "nginx"}},
            "template": {
                "metadata": {"labels": {"app": "nginx"}},
                "spec": {"containers": [container]},
            },
            "volumeClaimTemplates": [claim],
            **spec,
        },
    }
    defaults.apply("StatefulSet", obj)
    return obj


def messages(errors) -> list[str]:
    return [str(e) for e in errors]


def test_a_set_whose_pods_mount_its_claim_templates_is_valid():
    assert validate_stateful_set(stateful_set()) == []


def test_the_pod_management_policy_is_required_and_one_of_two():
    missing = stateful_set()
    missing["spec"]["podManagementPolicy"] = ""
    assert messages(validate_stateful_set(missing)) == ["spec.podManagementPolicy: Required value"]
    assert messages(validate_stateful_set(stateful_set(podManagementPolicy="Random"))) == [
        "spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'"
    ]


def test_the_update_strategy_is_one_of_two():
    odd = stateful_set(updateStrategy={"type": "Blue"})
    assert messages(validate_stateful_set(odd)) == [
        'spec.updateStrategy: Invalid value: {"Type":"Blue","RollingUpdate":null}: '
        "must be 'RollingUpdate' or 'OnDelete'"
    ]


def test_on_delete_takes_no_rolling_update():
    on_delete = stateful_set(updateStrategy={"type": "OnDelete", "rollingUpdate": {}})
    assert messages(validate_stateful_set(on_delete)) == [
        'spec.updateStrategy.rollingUpdate: Invalid value: {"Partition":0,"MaxUnavailable":null}: '
        "only allowed for updateStrategy 'RollingUpdate'"
    ]


def test_counts_are_not_negative():
    negative = stateful_set(
        replicas=-1,
        minReadySeconds=-1,
        ordinals={"start": -1},
        updateStrategy={"type": "RollingUpdate", "rollingUpdate": {"partition": -1}},
    )
    assert messages(validate_stateful_set(negative)) == [
        f"spec.updateStrategy.rollingUpdate.partition: {NEGATIVE}",
        f"spec.replicas: {NEGATIVE}",
        f"spec.minReadySeconds: {NEGATIVE}",
        f"spec.ordinals.start: {NEGATIVE}",
    ]


def test_the_service_name_is_a_dns_label():
    assert messages(validate_stateful_set(stateful_set(serviceName="Nginx"))) == [
        'spec.serviceName: Invalid value: "Nginx": a lowercase RFC 1123 label must consist of '
        "lower case alphanumeric characters or '-', and must start and end with an alphanumeric "
        "character (e.g. 'my-name',  or '123-abc', regex used for validation is "
        "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
    ]


def test_the_selector_is_required_and_selects_the_template():
    missing = stateful_set()
    del missing["spec"]["selector"]
    # no selector selects nothing, not even the template's pods
    assert messages(validate_stateful_set(missing)) == [
        "spec.selector: Required value",
        'spec.template.metadata.labels: Invalid value: {"app":"nginx"}: '
        "`selector` does not match template `labels`",
    ]
    other = stateful_set(selector={"matchLabels": {"app": "db"}})
    assert messages(validate_stateful_set(other)) == [
        'spec.template.metadata.labels: Invalid value: {"app":"nginx"}: '
        "`selector` does not match template `labels`"
    ]


def test_an_empty_selector_is_refused():
    assert messages(validate_stateful_set(stateful_set(selector={}))) == [
        "spec.selector: Invalid value: {}: empty selector is invalid for statefulset"
    ]


def test_a_selector_that_does_not_parse_leaves_the_template_unchecked():
    odd = {"matchExpressions": [{"key": "app", "operator": "Near", "values": ["x"]}]}
    assert messages(validate_stateful_set(stateful_set(selector=odd))) == [
        'spec.selector.matchExpressions[0].operator: Invalid value: "Near": '
        "not a valid selector operator",
        'spec.selector: Invalid value: {"matchExpressions":[{"key":"app","operator":"Near",'
        '"values":["x"]}]}',
    ]


def test_the_pods_run_always_and_without_a_deadline():
    obj = stateful_set()
    obj["spec"]["template"]["spec"].update(restartPolicy="OnFailure", activeDeadlineSeconds=10)
    assert messages(validate_stateful_set(obj)) == [
        'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": '
        'supported values: "Always"',
        "spec.template.spec.activeDeadlineSeconds: Forbidden: "
        "activeDeadlineSeconds in StatefulSet is not Supported",
    ]


def test_the_template_is_checked_as_a_pod_template():
    obj = stateful_set()
    obj["spec"]["template"]["spec"]["containers"][0]["volumeMounts"][0]["name"] = "data"
    assert messages(validate_stateful_set(obj)) == [
        'spec.template.spec.containers[0].volumeMounts[0].name: Not found: "data"'
    ]


def test_the_template_labels_are_reported_twice_as_kubernetes_checks_them_twice():
    obj = stateful_set(selector={"matchLabels": {"app": "nginx"}})
    obj["spec"]["template"]["metadata"]["labels"]["bad key"] = "x"
    errors = [e for e in messages(validate_stateful_set(obj)) if "bad key" in e]
    assert len(errors) == 2
    assert errors[0] == errors[1]
    assert errors[0].startswith('spec.template.labels: Invalid value: "bad key": ')


def test_claim_templates_are_claims_specs():
    obj = stateful_set()
    obj["spec"]["volumeClaimTemplates"][0]["spec"]["accessModes"] = []
    assert messages(validate_stateful_set(obj)) == [
        "spec.volumeClaimTemplates[0].spec.accessModes: Required value: "
        "at least 1 access mode is required"
    ]


def test_the_claim_retention_policy_is_retain_or_delete():
    obj = stateful_set(persistentVolumeClaimRetentionPolicy={"whenDeleted": "Keep"})
    assert messages(validate_stateful_set(obj)) == [
        "spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "
        '"Keep": supported values: "Retain", "Delete"'
    ]


# -- updates ---------------------------------------------------------------------------------

FORBIDDEN = (
    "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', "
    "'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', "
    "'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"
)


def updated(change):
    old = stateful_set()
    new = copy.deepcopy(old)
    change(new["spec"])
    return messages(validate_stateful_set_update(new, old))


def test_the_mutable_fields_change_freely():
    def change(spec):
        spec.update(replicas=5, minReadySeconds=3, ordinals={"start": 2})
        spec["updateStrategy"] = {"type": "OnDelete"}
        spec["revisionHistoryLimit"] = 2
        spec["persistentVolumeClaimRetentionPolicy"]["whenScaled"] = "Delete"
        spec["template"]["spec"]["containers"][0]["image"] = "nginx:1.27"

    assert updated(change) == []


def test_the_rest_of_the_spec_is_frozen():
    assert updated(lambda spec: spec.update(serviceName="other")) == [FORBIDDEN]
    assert updated(lambda spec: spec.update(podManagementPolicy="Parallel")) == [FORBIDDEN]

    def grow(spec):
        spec["volumeClaimTemplates"][0]["spec"]["resources"]["requests"]["storage"] = "2Gi"

    assert updated(grow) == [FORBIDDEN]


def test_an_amount_written_otherwise_is_the_same_amount():
    def rewrite(spec):
        spec["volumeClaimTemplates"][0]["spec"]["resources"]["requests"]["storage"] = "1024Mi"

    assert updated(rewrite) == []


def test_an_update_checks_the_new_spec_too():
    assert updated(lambda spec: spec.update(replicas=-1)) == [f"spec.replicas: {NEGATIVE}"]


def test_an_update_tolerates_what_it_cannot_change():
    old = stateful_set(serviceName="Nginx")
    old["spec"]["volumeClaimTemplates"][0]["spec"]["accessModes"] = []
    new = copy.deepcopy(old)
    new["spec"]["replicas"] = 3
    assert validate_stateful_set_update(new, old) == []


def test_an_update_of_a_set_stored_invalid_leaves_its_template_unchecked():
    old = stateful_set()
    old["spec"]["template"]["spec"]["containers"][0]["name"] = "Nginx"
    assert messages(validate_stateful_set(old))[0].startswith(
        'spec.template.spec.containers[0].name: Invalid value: "Nginx": '
    )
    new = copy.deepcopy(old)
    new["spec"]["replicas"] = 3
    assert validate_stateful_set_update(new, old) == []


# -- status ----------------------------------------------------------------------------------


def with_status(**status):
    obj = stateful_set()
    obj["status"] = status
    return obj


def test_a_status_counts_no_more_than_its_replicas():
    new = with_status(replicas=1, readyReplicas=2, availableReplicas=3, updatedReplicas=-1)
    assert messages(validate_stateful_set_status(new, with_status())) == [
        f"status.updatedReplicas: {NEGATIVE}",
        "status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas",
        "status.availableReplicas: Invalid value: 3: cannot be greater than status.replicas",
        "status.availableReplicas: Invalid value: 3: cannot be greater than status.readyReplicas",
    ]


def test_the_collision_count_never_goes_down():
    old = with_status(collisionCount=2)
    assert messages(validate_stateful_set_status(with_status(collisionCount=1), old)) == [
        "status.collisionCount: Invalid value: 1: cannot be decremented"
    ]
    assert messages(validate_stateful_set_status(with_status(), old)) == [
        "status.collisionCount: Invalid value: 0: cannot be decremented"
    ]
    assert validate_stateful_set_status(with_status(collisionCount=3), old) == []
