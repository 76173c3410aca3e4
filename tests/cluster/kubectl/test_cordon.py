"""kubectl cordon marks nodes unschedulable and says so as kubectl does."""

import pytest

from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import run


@pytest.fixture
def cluster():
    return Cluster()


def unschedulable(cluster, node):
    return run(cluster, "get", "node", node, "-o", "json").stdout.count('"unschedulable": true')


def test_cordon_twice(cluster):
    assert run(cluster, "cordon", "node-1").stdout == "node/node-1 cordoned\n"
    assert unschedulable(cluster, "node-1") == 1
    assert run(cluster, "cordon", "node-1").stdout == "node/node-1 already cordoned\n"


def test_dry_runs_change_nothing(cluster):
    assert run(cluster, "cordon", "node-1", "--dry-run=client").stdout == (
        "node/node-1 cordoned (dry run)\n"
    )
    assert run(cluster, "cordon", "node-1", "--dry-run=server").stdout == (
        "node/node-1 cordoned (server dry run)\n"
    )
    assert unschedulable(cluster, "node-1") == 0


def test_several_nodes_and_a_selector(cluster):
    assert run(cluster, "cordon", "node-1", "node-2").stdout == (
        "node/node-1 cordoned\nnode/node-2 cordoned\n"
    )
    result = run(cluster, "cordon", "-l", "node-role.kubernetes.io/control-plane")
    assert result.stdout == "node/control-plane cordoned\n"


def test_errors(cluster):
    assert run(cluster, "cordon").stderr == (
        "error: USAGE: cordon NODE [flags]\nSee 'kubectl cordon -h' for help and examples\n"
    )
    assert run(cluster, "cordon", "nope").stderr == (
        'Error from server (NotFound): nodes "nope" not found\n'
    )
    assert run(cluster, "cordon", "node-1", "-l", "a=b").stderr == (
        "error: cannot specify both a node name and a --selector option\n"
        "See 'kubectl cordon -h' for help and examples\n"
    )
    assert run(cluster, "cordon", "node-1", "--dry-run=maybe").stderr == (
        'error: Invalid dry-run value (maybe). Must be "none", "server", or "client".\n'
    )
