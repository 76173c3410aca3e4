"""PriorityClasses (scheduling.k8s.io/v1) and the Priority admission plugin, which gives
each new pod the value and preemption policy of its class."""

import pytest

from cluster.engine.apiserver.request import Request
from cluster.engine.cluster import Cluster


def ask(cluster, verb, resource, namespace="", name="", **options):
    options.setdefault("credential", cluster.admin)
    return cluster.handle(Request(verb, resource, namespace, name, **options))


def priority_class(name, value, **fields):
    return {
        "apiVersion": "scheduling.k8s.io/v1",
        "kind": "PriorityClass",
        "metadata": {"name": name},
        "value": value,
        **fields,
    }


def pod(name, **spec):
    containers = [{"name": "c", "image": "nginx"}]
    return {"metadata": {"name": name}, "spec": {"containers": containers, **spec}}


def create_pod(cluster, name, **spec):
    return ask(cluster, "create", "pods", "default", body=pod(name, **spec))


def test_the_system_priority_classes_are_there_from_the_start():
    items = ask(Cluster(), "list", "priorityclasses").body["items"]
    assert [(pc["metadata"]["name"], pc["value"], pc["preemptionPolicy"]) for pc in items] == [
        ("system-cluster-critical", 2000000000, "PreemptLowerPriority"),
        ("system-node-critical", 2000001000, "PreemptLowerPriority"),
    ]


def test_a_pod_takes_the_value_and_preemption_policy_of_its_class():
    cluster = Cluster()
    never = priority_class("batch", 50, preemptionPolicy="Never")
    assert ask(cluster, "create", "priorityclasses", body=never).code == 201
    created = create_pod(cluster, "job", priorityClassName="batch").body
    assert (created["spec"]["priority"], created["spec"]["preemptionPolicy"]) == (50, "Never")
    plain = create_pod(cluster, "plain").body["spec"]
    assert (plain.get("priorityClassName"), plain["priority"], plain["preemptionPolicy"]) == (
        None,
        0,
        "PreemptLowerPriority",
    )


def test_a_pod_naming_a_missing_class_is_forbidden():
    response = create_pod(Cluster(), "vip", priorityClassName="high")
    assert (response.code, response.body["message"]) == (
        403,
        'pods "vip" is forbidden: no PriorityClass with name high was found',
    )


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        pytest.param(
            {"priority": 7},
            "the integer value of priority (7) must not be provided in pod spec; priority "
            "admission controller computed 0 from the given PriorityClass name",
            id="priority",
        ),
        pytest.param(
            {"preemptionPolicy": "Never"},
            "the string value of PreemptionPolicy (Never) must not be provided in pod spec; "
            "priority admission controller computed PreemptLowerPriority from the given "
            "PriorityClass name",
            id="preemptionPolicy",
        ),
    ],
)
def test_a_pod_may_not_set_what_its_class_decides(spec, message):
    response = create_pod(Cluster(), "p", **spec)
    assert (response.code, response.body["message"]) == (403, f'pods "p" is forbidden: {message}')


def test_the_global_default_class_goes_to_pods_without_one_and_there_is_only_one():
    cluster = Cluster()
    default = priority_class("normal", 10, globalDefault=True)
    assert ask(cluster, "create", "priorityclasses", body=default).code == 201
    spec = create_pod(cluster, "p").body["spec"]
    assert (spec["priorityClassName"], spec["priority"]) == ("normal", 10)
    second = priority_class("other", 20, globalDefault=True)
    response = ask(cluster, "create", "priorityclasses", body=second)
    assert (response.code, response.body["message"]) == (
        403,
        'priorityclasses.scheduling.k8s.io "other" is forbidden: PriorityClass other is marked '
        "as default and another PriorityClass normal is already marked as default",
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param(
            priority_class("system-mine", 5),
            'PriorityClass.scheduling.k8s.io "system-mine" is invalid: metadata.name: '
            "Forbidden: priority class names with 'system-' prefix are reserved for system "
            "use only. error: system-mine is not a known system priority class",
            id="system prefix",
        ),
        pytest.param(
            priority_class("huge", 1000000001),
            'PriorityClass.scheduling.k8s.io "huge" is invalid: value: Forbidden: maximum '
            "allowed value of a user defined priority is 1000000000",
            id="too high",
        ),
        pytest.param(
            priority_class("odd", 1, preemptionPolicy="Sometimes"),
            'PriorityClass.scheduling.k8s.io "odd" is invalid: preemptionPolicy: Unsupported '
            'value: "Sometimes": supported values: "Never", "PreemptLowerPriority"',
            id="policy",
        ),
    ],
)
def test_priority_classes_are_validated(body, message):
    response = ask(Cluster(), "create", "priorityclasses", body=body)
    assert (response.code, response.body["message"]) == (422, message)


def test_a_classs_value_never_changes():
    cluster = Cluster()
    ask(cluster, "create", "priorityclasses", body=priority_class("high", 100))
    response = ask(
        cluster,
        "patch",
        "priorityclasses",
        name="high",
        body={"value": 200},
        content_type="application/merge-patch+json",
    )
    assert (response.code, response.body["message"]) == (
        422,
        'PriorityClass.scheduling.k8s.io "high" is invalid: value: Forbidden: may not be '
        "changed in an update.",
    )
