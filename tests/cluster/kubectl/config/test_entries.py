"""kubectl config current-context, get-contexts, get-clusters and get-users."""

from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import run


def test_what_the_kubeconfig_names():
    cluster = Cluster()
    assert run(cluster, "config", "current-context").stdout == "kubernetes-admin@kubernetes\n"
    assert run(cluster, "config", "get-contexts").stdout == (
        "CURRENT   NAME                          CLUSTER      AUTHINFO           NAMESPACE\n"
        "*         kubernetes-admin@kubernetes   kubernetes   kubernetes-admin   \n"
    )
    assert run(cluster, "config", "get-contexts", "-o", "name").stdout == (
        "kubernetes-admin@kubernetes\n"
    )
    assert run(cluster, "config", "get-contexts", "other").stderr == (
        "error: context other not found\n"
    )
    assert run(cluster, "config", "get-clusters").stdout == "NAME\nkubernetes\n"
    assert run(cluster, "config", "get-users").stdout == "NAME\nkubernetes-admin\n"
