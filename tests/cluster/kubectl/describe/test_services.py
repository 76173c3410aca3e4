"""describeService over a Service object (the engine has no Services yet): its ports and the
endpoints an EndpointSlice lists."""

from cluster.engine.apiserver.request import Response
from cluster.kubectl.context import Context
from cluster.kubectl.describe import services
from cluster.kubectl.describe.writer import PrefixWriter

SERVICE = {
    "apiVersion": "v1",
    "kind": "Service",
    "metadata": {"name": "web", "namespace": "default", "labels": {"app": "web"}},
    "spec": {
        "selector": {"app": "web"},
        "type": "NodePort",
        "ipFamilyPolicy": "SingleStack",
        "ipFamilies": ["IPv4"],
        "clusterIP": "10.96.0.10",
        "clusterIPs": ["10.96.0.10"],
        "ports": [{"port": 80, "protocol": "TCP", "targetPort": 8080, "nodePort": 30080}],
        "sessionAffinity": "None",
        "externalTrafficPolicy": "Cluster",
        "internalTrafficPolicy": "Cluster",
    },
}


def no_requests(request):
    return Response(404, {"kind": "Status", "reason": "NotFound", "code": 404})


def test_a_node_port_service():
    w = PrefixWriter(0)
    services.describe_service(Context(no_requests, None), w, SERVICE, [])
    assert w.text() == (
        "Name:                     web\n"
        "Namespace:                default\n"
        "Labels:                   app=web\n"
        "Annotations:              <none>\n"
        "Selector:                 app=web\n"
        "Type:                     NodePort\n"
        "IP Family Policy:         SingleStack\n"
        "IP Families:              IPv4\n"
        "IP:                       10.96.0.10\n"
        "IPs:                      10.96.0.10\n"
        "Port:                     <unset>  80/TCP\n"
        "TargetPort:               8080/TCP\n"
        "NodePort:                 <unset>  30080/TCP\n"
        "Endpoints:                <none>\n"
        "Session Affinity:         None\n"
        "External Traffic Policy:  Cluster\n"
        "Internal Traffic Policy:  Cluster\n"
        "Events:                   <none>\n"
    )


def test_endpoints_are_the_first_three_ready_ones():
    slices = [
        {
            "ports": [{"name": "", "port": 8080}],
            "endpoints": [
                {"addresses": [f"10.244.1.{i}"], "conditions": {"ready": i != 2}}
                for i in range(1, 7)
            ],
        }
    ]
    assert services.endpoints(slices, "") == (
        "10.244.1.1:8080,10.244.1.3:8080,10.244.1.4:8080 + 2 more..."
    )
    assert services.endpoints([], "") == "<none>"
    four = [{"ports": [{"name": "", "port": 80}], "endpoints": slices[0]["endpoints"][:5]}]
    assert services.endpoints(four, "") == "10.244.1.1:80,10.244.1.3:80,10.244.1.4:80 + 1 more..."
    three_and_one_not_ready = [
        {
            "ports": [{"name": "", "port": 80}],
            "endpoints": [*slices[0]["endpoints"][2:5], slices[0]["endpoints"][1]],
        }
    ]
    assert services.endpoints(three_and_one_not_ready, "") == (
        "10.244.1.3:80,10.244.1.4:80,10.244.1.5:80 + 0 more..."
    )
