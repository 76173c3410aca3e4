"""The ResourceQuota admission plugin: Services, their node ports and load balancers counted
against a namespace's quota, and what a pod's resize adds to its usage."""

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


def resize_to(api, resources):
    body = {"spec": {"containers": [{"name": "app", "resources": resources}]}}
    strategic = "application/strategic-merge-patch+json"
    return api.request(
        "patch", "pods", name="web", subresource="resize", body=body, content_type=strategic
    )


def test_a_resize_is_charged_what_it_adds_and_refused_past_the_quota():
    api = API(Cluster())
    hard = {"requests.cpu": "1", "limits.cpu": "1"}
    api.create("resourcequotas", {"metadata": {"name": "cpu"}, "spec": {"hard": hard}})
    quota = api.get("resourcequotas", "cpu")
    quota["status"] = {"hard": hard, "used": dict.fromkeys(hard, "0")}  # as the controller would
    api.call("update", "resourcequotas", name="cpu", subresource="status", body=quota)
    resources = {"requests": {"cpu": "100m"}, "limits": {"cpu": "200m"}}
    container = {"name": "app", "image": "nginx", "resources": resources}
    api.create("pods", {"metadata": {"name": "web"}, "spec": {"containers": [container]}})
    assert resize_to(api, {"requests": {"cpu": "150m"}, "limits": {"cpu": "500m"}}).code == 200
    used = api.get("resourcequotas", "cpu")["status"]["used"]
    assert used == {"requests.cpu": "150m", "limits.cpu": "500m"}
    refused = resize_to(api, {"limits": {"cpu": "1200m"}})
    assert (refused.code, refused.body["message"]) == (
        403,
        'pods "web" is forbidden: exceeded quota: cpu, requested: limits.cpu=700m, '
        "used: limits.cpu=500m, limited: limits.cpu=1",
    )
