"""kubectl cluster-info says where the control plane answers."""

from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import run


def test_the_control_plane_and_coredns_without_colour_codes():
    result = run(Cluster(), "cluster-info")
    assert (result.stdout, result.exit_code) == (
        "Kubernetes control plane is running at https://172.18.0.2:6443\n"
        "CoreDNS is running at https://172.18.0.2:6443/api/v1/namespaces/kube-system/services/"
        "kube-dns:dns/proxy\n\n"
        "To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
        0,
    )
