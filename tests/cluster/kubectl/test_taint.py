"""kubectl taint adds, overwrites and removes node taints with kubectl's words and errors."""

import json

import pytest

from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import run


@pytest.fixture
def cluster():
    return Cluster()


def taints(cluster, node="node-1"):
    node = json.loads(run(cluster, "get", "node", node, "-o", "json").stdout)
    return node["spec"].get("taints")


def test_add_overwrite_and_remove(cluster):
    assert run(cluster, "taint", "nodes", "node-1", "dedicated=db:NoSchedule").stdout == (
        "node/node-1 tainted\n"
    )
    assert taints(cluster) == [{"effect": "NoSchedule", "key": "dedicated", "value": "db"}]
    result = run(cluster, "taint", "node", "node-1", "dedicated=web:NoSchedule", "--overwrite")
    assert result.stdout == "node/node-1 modified\n"
    assert taints(cluster)[0]["value"] == "web"
    assert run(cluster, "taint", "node", "node-1", "dedicated-").stdout == "node/node-1 untainted\n"
    assert taints(cluster) is None


def test_adding_an_existing_taint_needs_overwrite(cluster):
    run(cluster, "taint", "nodes", "node-1", "gpu:NoExecute")
    assert run(cluster, "taint", "nodes", "node-1", "gpu=yes:NoExecute").stderr == (
        "error: node node-1 already has gpu taint(s) with same effect(s) and --overwrite is false\n"
    )


def test_removing_by_key_and_effect(cluster):
    run(cluster, "taint", "nodes", "node-1", "a:NoSchedule", "a:NoExecute")
    assert run(cluster, "taint", "nodes", "node-1", "a:NoSchedule-").stdout == (
        "node/node-1 untainted\n"
    )
    assert taints(cluster) == [{"effect": "NoExecute", "key": "a"}]
    assert run(cluster, "taint", "nodes", "node-1", "b-").stderr == 'error: taint "b" not found\n'


def test_all_nodes_and_dry_run(cluster):
    result = run(cluster, "taint", "nodes", "--all", "zone=a:PreferNoSchedule", "--dry-run=client")
    assert result.stdout == (
        "node/control-plane tainted (dry run)\nnode/node-1 tainted (dry run)\n"
        "node/node-2 tainted (dry run)\n"
    )
    assert taints(cluster) is None


def test_bad_specs_are_usage_errors(cluster):
    assert run(cluster, "taint", "nodes", "node-1", "a=b:Sometimes").stderr == (
        "error: invalid taint effect: Sometimes, unsupported taint effect\n"
        "See 'kubectl taint -h' for help and examples\n"
    )
    assert run(cluster, "taint", "nodes", "node-1", "a=b=c:NoSchedule").stderr == (
        "error: invalid taint spec: a=b=c:NoSchedule\nSee 'kubectl taint -h' for help and examples\n"
    )
    assert run(cluster, "taint", "nodes", "node-1", "a:NoSchedule", "a=x:NoSchedule").stderr == (
        "error: duplicated taints with the same key and effect: {a x NoSchedule <nil>}\n"
        "See 'kubectl taint -h' for help and examples\n"
    )


def test_kubectls_other_errors(cluster):
    assert run(cluster, "taint", "pods", "web", "a=b:NoSchedule").stderr == (
        "error: invalid resource type pods, only node types are supported\n"
    )
    assert run(cluster, "taint", "nodes", "a=b:NoSchedule").stderr == (
        "error: at least one resource name must be specified since 'all' parameter is not set\n"
    )
    assert run(cluster, "taint", "nodes", "node-1").stderr == (
        "error: at least one taint update is required\n"
    )
    assert run(cluster, "taint", "nodes", "node-1", "a:NoSchedule", "node-2").stderr == (
        "error: all resources must be specified before taint changes: node-2\n"
    )
    assert run(cluster, "taint", "nodes", "node-1", "x=y:NoExecute", "x:NoExecute-").stderr == (
        "error: can not both modify and remove the following taint(s) in the same command: "
        '{"x":"NoExecute"}\n'
    )
    assert run(cluster, "taint", "nodes", "nope", "a:NoSchedule").stderr == (
        'Error from server (NotFound): nodes "nope" not found\n'
    )
