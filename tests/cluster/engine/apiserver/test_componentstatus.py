"""componentstatuses: kube-scheduler, kube-controller-manager and etcd, asked there and then,
with the deprecation warning kube-apiserver gives."""

from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import run


def test_kubectl_get_cs_shows_each_component_healthy_with_a_warning():
    cluster = Cluster()
    result = run(cluster, "get", "cs")
    assert result.stdout.splitlines() == [
        "NAME                 STATUS    MESSAGE                         ERROR",
        "controller-manager   Healthy   ok                              ",
        "scheduler            Healthy   ok                              ",
        'etcd-0               Healthy   {"health":"true","reason":""}   ',
    ]
    assert result.stderr == "Warning: v1 ComponentStatus is deprecated in v1.19+\n"
    hops = [
        (h.source, h.destination)
        for h in cluster.trace.since(0)
        if h.object.startswith("componentstatuses/")
    ]
    assert hops == [
        ("kube-apiserver", "kube-controller-manager"),
        ("kube-apiserver", "kube-scheduler"),
        ("kube-apiserver", "etcd"),
    ]


def test_one_component_or_none():
    cluster = Cluster()
    assert (
        run(cluster, "get", "cs", "scheduler", "-o", "jsonpath={.conditions[0].message}").stdout
        == "ok"
    )
    missing = run(cluster, "get", "cs", "nope")
    assert missing.stderr.endswith(
        'Error from server (NotFound): componentstatuses "nope" not found\n'
    )
    assert run(cluster, "delete", "cs", "scheduler").exit_code == 1
