"""The ResourceQuota admission plugin's service evaluator: Services, their node ports and
load balancers counted against a namespace's quota."""

from cluster.engine.cluster import Cluster
from tests.cluster.engine.controllers.helpers import API

HARD = {"services": "2", "services.nodeports": "2", "services.loadbalancers": "1"}


def test_node_ports_and_load_balancers_count_against_the_quota():
    api = API(Cluster())
    api.create("resourcequotas", {"metadata": {"name": "svc"}, "spec": {"hard": HARD}})
    quota = api.get("resourcequotas", "svc")
    quota["status"] = {"hard": HARD, "used": dict.fromkeys(HARD, "0")}  # as the controller would
    api.call("update", "resourcequotas", name="svc", subresource="status", body=quota)
    ports = [{"name": "a", "port": 80}, {"name": "b", "port": 81}]
    balancer = {"metadata": {"name": "lb"}, "spec": {"type": "LoadBalancer", "ports": ports}}
    api.create("services", balancer)
    assert api.get("resourcequotas", "svc")["status"]["used"] == {
        "services": "1",
        "services.nodeports": "2",
        "services.loadbalancers": "1",
    }
    node_port = {"metadata": {"name": "np"}, "spec": {"type": "NodePort", "ports": ports[:1]}}
    refused = api.request("create", "services", body=node_port)
    assert (refused.code, refused.body["message"]) == (
        403,
        'services "np" is forbidden: exceeded quota: svc, requested: services.nodeports=1, '
        "used: services.nodeports=2, limited: services.nodeports=2",
    )
