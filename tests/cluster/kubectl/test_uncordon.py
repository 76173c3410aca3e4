"""kubectl uncordon makes nodes schedulable again."""

from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import run


def test_uncordon_after_cordon_and_twice():
    cluster = Cluster()
    run(cluster, "cordon", "node-2")
    assert run(cluster, "uncordon", "node-2").stdout == "node/node-2 uncordoned\n"
    assert run(cluster, "uncordon", "node-2").stdout == "node/node-2 already uncordoned\n"
    assert run(cluster, "uncordon").stderr == (
        "error: USAGE: uncordon NODE [flags]\nSee 'kubectl uncordon -h' for help and examples\n"
    )


def test_a_cordoned_node_gets_no_new_pods():
    cluster = Cluster()
    run(cluster, "cordon", "node-1")
    run(cluster, "cordon", "node-2")
    run(cluster, "run", "web", "--image=nginx")
    cluster.run_until_idle()
    assert run(cluster, "get", "pods").stdout.split()[7] == "Pending"
    run(cluster, "uncordon", "node-1")
    cluster.run_until_idle()
    assert run(cluster, "get", "pods", "-o", "wide").stdout.split()[17] == "node-1"
