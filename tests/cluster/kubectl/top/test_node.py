"""kubectl top node prints NodeMetrics with their share of each node's allocatable."""

from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import run


def test_nodes_and_their_share():
    cluster = Cluster()
    run(cluster, "run", "web", "--image=nginx")
    cluster.run_until_idle()
    assert run(cluster, "top", "nodes").stdout == (
        "NAME            CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)   \n"
        "control-plane   160m         8%       820Mi           20%         \n"
        "node-1          47m          2%       313Mi           7%          \n"
        "node-2          45m          2%       310Mi           7%          \n"
    )
    assert run(cluster, "top", "node", "node-1", "--no-headers").stdout == (
        "node-1   47m   2%    313Mi   7%    \n"
    )
    assert run(cluster, "top", "node", "nope").stderr == (
        'Error from server (NotFound): nodemetrics.metrics.k8s.io "nope" not found\n'
    )
