"""kubectl top pod prints PodMetrics as kubectl's TopCmdPrinter does."""

import pytest

from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import create_pod, run

LOOP = "while true; do echo hi; sleep 1; done"


@pytest.fixture(scope="module")
def cluster():
    cluster = Cluster()
    run(cluster, "run", "web", "--image=nginx")
    run(cluster, "run", "loop", "--image=busybox", "--", "sh", "-c", LOOP)
    create_pod(cluster, "pair", "a", "b")
    cluster.run_until_idle()
    cluster.advance_to(60_000)
    return cluster


def test_pods_by_name_with_every_cell_padded(cluster):
    assert run(cluster, "top", "pods").stdout == (
        "NAME   CPU(cores)   MEMORY(bytes)   \n"
        "loop   2m           1Mi             \n"
        "pair   1m           6Mi             \n"
        "web    1m           3Mi             \n"
    )


def test_containers_sorting_and_the_sum(cluster):
    assert run(cluster, "top", "pod", "pair", "--containers").stdout == (
        "POD    NAME   CPU(cores)   MEMORY(bytes)   \n"
        "pair   a      1m           3Mi             \n"
        "pair   b      1m           3Mi             \n"
    )
    assert run(cluster, "top", "pods", "--sort-by=memory", "--no-headers").stdout.split()[::3] == [
        "pair",
        "web",
        "loop",
    ]
    lines = run(cluster, "top", "pods", "-A", "--sum").stdout.splitlines()
    assert lines[0].split() == ["NAMESPACE", "NAME", "CPU(cores)", "MEMORY(bytes)"]
    assert lines[-2].split() == ["________", "________"]
    assert lines[-1].split() == ["3m", "10Mi"]  # added exactly, then rounded up: not 2+1+1


def test_errors(cluster):
    assert run(cluster, "top", "pod", "nope").stderr == (
        'Error from server (NotFound): podmetrics.metrics.k8s.io "default/nope" not found\n'
    )
    assert run(cluster, "top", "pods", "--sort-by=disk").stderr == (
        "error: --sort-by accepts only cpu or memory\n"
    )
    assert run(cluster, "top", "pod", "web", "-l", "a=b").stderr == (
        "error: only one of NAME or selector can be provided\n"
    )
    assert run(cluster, "top", "pods", "-n", "kube-public").stderr == (
        "No resources found in kube-public namespace.\n"
    )


def test_new_pods_have_no_metrics_yet():
    cluster = Cluster()
    run(cluster, "run", "web", "--image=nginx")
    assert run(cluster, "top", "pods").stderr == "error: metrics not available yet\n"
    cluster.advance_to(180_000)
    run(cluster, "cordon", "node-1")
    assert run(cluster, "top", "pods").stdout.startswith("NAME ")
