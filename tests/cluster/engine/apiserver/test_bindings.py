"""Binding a pod to a node by hand, as a scheduler of one's own does: pods/binding and the
`bindings` collection, with BindingREST's checks."""

from typing import Any

from cluster.engine.cluster import Cluster
from tests.cluster.engine.controllers.helpers import API, pod, settle


def unscheduled(api: API, name: str = "web") -> None:
    body = pod(name)
    body["spec"]["schedulerName"] = "my-scheduler"  # no scheduler of that name: it waits
    api.create("pods", body)


def binding(name: str, node: str, **meta: Any) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Binding",
        "metadata": {"name": name, **meta},
        "target": {"apiVersion": "v1", "kind": "Node", "name": node},
    }


def test_a_binding_posted_to_the_namespace_binds_the_pod_it_names():
    cluster = Cluster()
    api = API(cluster)
    unscheduled(api)
    settle(cluster)
    assert not api.get("pods", "web")["spec"].get("nodeName")
    response = api.request(
        "create", "bindings", body=binding("web", "node-1", annotations={"picked-by": "me"})
    )
    assert (response.code, response.body["status"]) == (201, "Success")
    settle(cluster)
    bound = api.get("pods", "web")
    assert bound["spec"]["nodeName"] == "node-1"
    assert bound["metadata"]["annotations"] == {"picked-by": "me"}
    assert bound["status"]["phase"] == "Running"


def test_a_binding_names_its_pod_and_targets_a_node_by_name():
    api = API(Cluster())
    unscheduled(api)
    other = api.request("create", "pods", name="web", subresource="binding", body=binding("x", "n"))
    assert (other.code, other.body["message"]) == (
        400,
        "name in URL does not match name in Binding object",
    )
    nameless = binding("web", "")
    nameless["target"]["kind"] = "Pod"
    refused = api.request("create", "bindings", body=nameless)
    assert (refused.code, refused.body["message"]) == (
        500,
        '[target.kind: Unsupported value: "Pod": supported values: "Node", "<empty>", '
        "target.name: Required value]",
    )
