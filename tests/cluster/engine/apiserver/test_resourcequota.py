"""The ResourceQuota admission plugin: Services, their node ports and load balancers counted
against a namespace's quota, what a pod's resize adds to its usage, and claims' storage."""

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


def claim(name, size, klass="gold"):
    spec = {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": size}}}
    return {"metadata": {"name": name}, "spec": {**spec, "storageClassName": klass}}


def test_claims_count_their_storage_in_all_and_by_storage_class():
    cluster = Cluster()
    api = API(cluster)
    hard = {
        "requests.storage": "5Gi",
        "persistentvolumeclaims": "3",
        "gold.storageclass.storage.k8s.io/requests.storage": "3Gi",
    }
    api.create("resourcequotas", {"metadata": {"name": "storage"}, "spec": {"hard": hard}})
    cluster.advance_to(1_000)  # the quota controller fills in its status
    api.create("persistentvolumeclaims", claim("gold-1", "2Gi"))
    api.create("persistentvolumeclaims", claim("silver-1", "2Gi", "silver"))
    assert api.get("resourcequotas", "storage")["status"]["used"] == {
        "requests.storage": "4Gi",
        "persistentvolumeclaims": "2",
        "gold.storageclass.storage.k8s.io/requests.storage": "2Gi",
    }
    refused = api.request("create", "persistentvolumeclaims", body=claim("gold-2", "2Gi"))
    assert (refused.code, refused.body["message"]) == (
        403,
        'persistentvolumeclaims "gold-2" is forbidden: exceeded quota: storage, requested: '
        "gold.storageclass.storage.k8s.io/requests.storage=2Gi,requests.storage=2Gi, "
        "used: gold.storageclass.storage.k8s.io/requests.storage=2Gi,requests.storage=4Gi, "
        "limited: gold.storageclass.storage.k8s.io/requests.storage=3Gi,requests.storage=5Gi",
    )
    api.request("delete", "persistentvolumeclaims", name="gold-1")
    cluster.advance_to(5_000)  # the claim's finalizer goes, then the controller gives it back
    assert api.get("resourcequotas", "storage")["status"]["used"]["requests.storage"] == "2Gi"
