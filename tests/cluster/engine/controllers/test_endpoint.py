"""The endpoints controller: each Service with a selector gets the Endpoints of its pods."""

from typing import Any

from cluster.engine.cluster import Cluster
from tests.cluster.engine.controllers.helpers import API, NGINX, settle


def web_pod(name: str, *, app: str = "web", **container: Any) -> dict[str, Any]:
    """A pod labelled app=`app` whose nginx serves a port named http (8080)."""
    nginx = {"name": "nginx", "image": NGINX, "ports": [{"name": "http", "containerPort": 8080}]}
    return {
        "metadata": {"name": name, "labels": {"app": app}},
        "spec": {"containers": [{**nginx, **container}]},
    }


def service(name: str = "web", **spec: Any) -> dict[str, Any]:
    ports = [{"name": "http", "port": 80, "targetPort": "http"}, {"name": "m", "port": 9090}]
    return {
        "metadata": {"name": name, "labels": {"tier": "front"}},
        "spec": {"selector": {"app": "web"}, "ports": ports, **spec},
    }


def address(api: API, pod: str) -> dict[str, Any]:
    found = api.get("pods", pod)
    return {
        "ip": found["status"]["podIP"],
        "nodeName": found["spec"]["nodeName"],
        "targetRef": {
            "kind": "Pod",
            "namespace": "default",
            "name": pod,
            "uid": found["metadata"]["uid"],
        },
    }


PORTS = [
    {"name": "http", "port": 8080, "protocol": "TCP"},
    {"name": "m", "port": 9090, "protocol": "TCP"},
]


def test_ready_pods_are_addresses_with_the_ports_the_service_ports_aim_at_by_name():
    cluster = Cluster()
    api = API(cluster)
    for name in ("web-b", "web-a"):
        api.create("pods", web_pod(name))
    api.create("pods", web_pod("other", app="other"))
    api.create("services", service())
    settle(cluster)
    endpoints = api.get("endpoints", "web")
    assert endpoints["metadata"]["labels"] == {
        "tier": "front",
        "endpoints.kubernetes.io/managed-by": "endpoint-controller",
    }
    ready = [
        c["lastTransitionTime"]
        for pod in ("web-a", "web-b")
        for c in api.get("pods", pod)["status"]["conditions"]
        if c["type"] == "Ready"
    ]
    assert endpoints["metadata"]["annotations"] == {  # the last change: a pod became ready
        "endpoints.kubernetes.io/last-change-trigger-time": max(ready)
    }
    addresses = sorted([address(api, "web-a"), address(api, "web-b")], key=lambda a: a["ip"])
    assert endpoints["subsets"] == [{"addresses": addresses, "ports": PORTS}]


def test_an_unready_pod_is_a_not_ready_address_until_it_is_ready():
    cluster = Cluster()
    api = API(cluster)
    api.create("pods", web_pod("web-a", readinessProbe={"tcpSocket": {"port": 81}}))
    api.create("services", service())
    cluster.advance_to(30_000)
    assert api.get("endpoints", "web")["subsets"] == [
        {"notReadyAddresses": [address(api, "web-a")], "ports": PORTS}
    ]
    slices = [s for s in api.items("endpointslices") if s["metadata"]["name"] != "kubernetes"]
    assert [e["conditions"] for s in slices for e in s["endpoints"]] == [
        {"ready": False, "serving": False, "terminating": False}
    ]


def test_a_pod_that_stops_matching_leaves_and_a_deleted_service_takes_its_endpoints():
    cluster = Cluster()
    api = API(cluster)
    api.create("pods", web_pod("web-a"))
    api.create("services", service())
    settle(cluster)
    api.patch("pods", "web-a", {"metadata": {"labels": {"app": "gone"}}})
    settle(cluster)
    assert "subsets" not in api.get("endpoints", "web")
    api.delete("services", "web")
    settle(cluster)
    assert api.names("endpoints") == ["kubernetes"]
    assert api.names("endpointslices") == ["kubernetes"]


def test_services_without_a_selector_are_left_to_their_owner():
    cluster = Cluster()
    api = API(cluster)
    api.create("pods", web_pod("web-a"))
    api.create("services", service("manual", selector=None))
    settle(cluster)
    assert api.names("endpoints") == ["kubernetes"]
    assert api.names("endpointslices") == ["kubernetes"]


def test_deleted_endpoints_are_made_again():
    cluster = Cluster()
    api = API(cluster)
    api.create("pods", web_pod("web-a"))
    api.create("services", service())
    settle(cluster)
    uid = api.get("endpoints", "web")["metadata"]["uid"]
    api.delete("endpoints", "web")
    settle(cluster)
    again = api.get("endpoints", "web")
    assert again["metadata"]["uid"] != uid
    assert again["subsets"] == [{"addresses": [address(api, "web-a")], "ports": PORTS}]


def test_a_pod_in_the_service_s_subdomain_is_listed_with_its_hostname():
    cluster = Cluster()
    api = API(cluster)
    pod = web_pod("web-0")
    pod["spec"].update(hostname="web-0", subdomain="web")
    api.create("pods", pod)
    api.create("pods", web_pod("web-1"))
    api.create("services", service(clusterIP="None"))
    settle(cluster)
    [subset] = api.get("endpoints", "web")["subsets"]
    hostnames = {a["targetRef"]["name"]: a.get("hostname") for a in subset["addresses"]}
    assert hostnames == {"web-0": "web-0", "web-1": None}
    assert api.get("endpoints", "web")["metadata"]["labels"] == {
        "tier": "front",
        "service.kubernetes.io/headless": "",
        "endpoints.kubernetes.io/managed-by": "endpoint-controller",
    }
    [found] = [s for s in api.items("endpointslices") if s["metadata"]["name"] != "kubernetes"]
    hostnames = {e["targetRef"]["name"]: e.get("hostname") for e in found["endpoints"]}
    assert hostnames == {"web-0": "web-0", "web-1": None}
