"""kubectl create priorityclass, and what get and describe show of PriorityClasses."""

import json

from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import run


def test_create_get_and_describe_a_priority_class():
    cluster = Cluster()
    created = run(cluster, "create", "priorityclass", "high", "--value=1000", "--description=vip")
    assert created.stdout == "priorityclass.scheduling.k8s.io/high created\n"
    assert run(cluster, "get", "pc").stdout == (
        "NAME                      VALUE        GLOBAL-DEFAULT   AGE   PREEMPTIONPOLICY\n"
        "high                      1000         false            0s    PreemptLowerPriority\n"
        "system-cluster-critical   2000000000   false            0s    PreemptLowerPriority\n"
        "system-node-critical      2000001000   false            0s    PreemptLowerPriority\n"
    )
    assert run(cluster, "describe", "priorityclass", "high").stdout == (
        "Name:              high\n"
        "Value:             1000\n"
        "GlobalDefault:     false\n"
        "PreemptionPolicy:  PreemptLowerPriority\n"
        "Description:       vip\n"
        "Annotations:       <none>\n"
        "Events:            <none>\n"
    )


def test_create_priorityclass_flags_and_refusals():
    cluster = Cluster()
    never = run(
        cluster, "create", "pc", "batch", "--value=5", "--preemption-policy=Never", "-o", "yaml"
    )
    assert "preemptionPolicy: Never\n" in never.stdout
    assert "value: 5\n" in never.stdout
    bad = run(cluster, "create", "pc", "x", "--value=abc")
    assert bad.stderr.startswith(
        'error: invalid argument "abc" for "--value" flag: strconv.ParseInt: parsing "abc": '
        "invalid syntax\n"
    )
    reserved = run(cluster, "create", "pc", "system-x", "--value=1")
    assert reserved.stderr == (
        'error: failed to create priorityclass: PriorityClass.scheduling.k8s.io "system-x" '
        "is invalid: metadata.name: Forbidden: priority class names with 'system-' prefix are "
        "reserved for system use only. error: system-x is not a known system priority class\n"
    )


def test_the_generated_object_leaves_out_what_is_empty_in_the_structs_order():
    cluster = Cluster()
    printed = run(
        cluster, "create", "priorityclass", "pc", "--value=10", "--dry-run=client", "-o=json"
    )
    assert json.loads(printed.stdout) == {
        "kind": "PriorityClass",
        "apiVersion": "scheduling.k8s.io/v1",
        "metadata": {"name": "pc"},
        "value": 10,
        "preemptionPolicy": "PreemptLowerPriority",
    }
    assert printed.stdout.startswith('{\n    "kind": "PriorityClass",\n    "apiVersion"')
