"""The Node authorizer: a kubelet may touch its own Node and Lease, its own pods and what
they use, and nothing of another node's."""

import pytest

from cluster.engine.apiserver.authentication import UserInfo
from cluster.engine.apiserver.authorization import NodeAuthorizer, field_requirements
from cluster.engine.cluster import Cluster
from cluster.engine.store.etcd import Etcd
from tests.cluster.engine.apiserver.rbac_helpers import ask, attrs, create, put, sign_in

MERGE = "application/merge-patch+json"


def kubelet_user(node: str) -> UserInfo:
    return UserInfo(f"system:node:{node}", ("system:nodes", "system:authenticated"))


def pod(name: str, node: str = "", **spec) -> dict:
    spec = {"containers": [{"name": "c", "image": "nginx"}], **spec}
    if node:
        spec["nodeName"] = node
    return {"kind": "Pod", "metadata": {"name": name, "namespace": "default"}, "spec": spec}


@pytest.fixture(scope="module")
def cluster():
    cluster = Cluster()
    create(cluster, {"kind": "Secret", "metadata": {"name": "db", "namespace": "default"}})
    env = [{"name": "PW", "valueFrom": {"secretKeyRef": {"name": "db", "key": "pw"}}}]
    body = pod("web")
    body["spec"]["containers"][0]["env"] = env
    create(cluster, body)
    cluster.run_until_idle()
    return cluster


def bound_and_other(cluster) -> tuple[str, str]:
    """The node `web` runs on, and the other worker."""
    node = ask(cluster, cluster.admin, "get", "pods", "default", "web").body["spec"]["nodeName"]
    return node, ({"node-1", "node-2"} - {node}).pop()


def kubelet(cluster, node):
    return cluster.nodes[node].kubelet.client


def test_a_kubelet_reports_the_status_of_its_own_node_and_of_no_other(cluster):
    client = kubelet(cluster, "node-1")
    body = {"status": {"conditions": []}}
    own = client.request(
        "patch", "nodes", name="node-1", subresource="status", body=body, content_type=MERGE
    )
    assert own.code == 200
    other = client.request(
        "patch", "nodes", name="node-2", subresource="status", body=body, content_type=MERGE
    )
    assert (other.code, other.body["message"]) == (
        403,
        'nodes "node-2" is forbidden: User "system:node:node-1" cannot patch resource '
        '"nodes/status" in API group "" at the cluster scope: node "node-1" is not allowed to '
        'modify node "node-2"',
    )


def test_a_kubelet_reads_its_own_node_only(cluster):
    client = kubelet(cluster, "node-1")
    assert client.request("get", "nodes", name="node-1").code == 200
    assert client.request("get", "nodes", name="node-2").body["message"] == (
        'nodes "node-2" is forbidden: User "system:node:node-1" cannot get resource "nodes" in '
        "API group \"\" at the cluster scope: node 'node-1' cannot read 'node-2', only its own "
        "Node object"
    )
    assert (
        client.request("list", "nodes")
        .body["message"]
        .endswith("node 'node-1' cannot read all nodes, only its own Node object")
    )


def test_a_list_by_metadata_name_names_the_object_it_asks_for(cluster):
    client = kubelet(cluster, "node-1")
    mine = client.request("list", "nodes", query={"fieldSelector": "metadata.name=node-1"})
    assert mine.code == 200
    other = client.request("list", "nodes", query={"fieldSelector": "metadata.name=node-2"})
    assert other.body["message"].startswith('nodes "node-2" is forbidden')


def test_a_kubelet_lists_only_the_pods_bound_to_it(cluster):
    client = kubelet(cluster, "node-1")
    scoped = client.request("list", "pods", query={"fieldSelector": "spec.nodeName=node-1"})
    assert scoped.code == 200
    everything = client.request("list", "pods")
    assert everything.body["message"] == (
        'pods is forbidden: User "system:node:node-1" cannot list resource "pods" in API group '
        '"" at the cluster scope: can only list/watch pods with spec.nodeName field selector'
    )


def test_only_the_kubelet_a_pod_is_bound_to_reports_its_status(cluster):
    node, other = bound_and_other(cluster)
    body = {"status": {"message": "hello"}}
    options = {"subresource": "status", "body": body, "content_type": MERGE}
    assert kubelet(cluster, node).request("patch", "pods", "default", "web", **options).code == 200
    refused = kubelet(cluster, other).request("patch", "pods", "default", "web", **options)
    assert refused.body["message"] == (
        f'pods "web" is forbidden: User "system:node:{other}" cannot patch resource '
        f'"pods/status" in API group "" in the namespace "default": node "{other}" can only '
        "update pod status for pods with spec.nodeName set to itself"
    )


def test_a_kubelet_gets_only_its_own_pods(cluster):
    node, other = bound_and_other(cluster)
    assert kubelet(cluster, node).request("get", "pods", "default", "web").code == 200
    refused = kubelet(cluster, other).request("get", "pods", "default", "web")
    assert refused.body["message"].endswith(
        f"no relationship found between node '{other}' and this object"
    )


def test_a_kubelet_reads_the_secrets_of_its_pods_and_no_others(cluster):
    node, other = bound_and_other(cluster)
    assert kubelet(cluster, node).request("get", "secrets", "default", "db").code == 200
    refused = kubelet(cluster, other).request("get", "secrets", "default", "db")
    assert refused.body["message"] == (
        f'secrets "db" is forbidden: User "system:node:{other}" cannot get resource "secrets" in '
        f'API group "" in the namespace "default": no relationship found between node '
        f"'{other}' and this object"
    )
    listed = kubelet(cluster, node).request("list", "secrets", "default")
    assert listed.body["message"].endswith(": No Object name found")


def test_a_kubelet_holds_its_own_lease_in_kube_node_lease(cluster):
    refused = kubelet(cluster, "node-1").request("get", "leases", "kube-node-lease", "node-2")
    assert refused.body["message"] == (
        'leases.coordination.k8s.io "node-2" is forbidden: User "system:node:node-1" cannot get '
        'resource "leases" in API group "coordination.k8s.io" in the namespace '
        '"kube-node-lease": can only access node lease with the same name as the requesting node'
    )


LEASE_CASES = [
    ("its own lease may be renewed", "update", "kube-node-lease", "node-1", (True, "")),
    (
        "a lease is created before the authorizer knows its name",
        "create",
        "kube-node-lease",
        "",
        (True, ""),
    ),
    (
        "leases live in kube-node-lease only",
        "get",
        "default",
        "node-1",
        (False, 'can only access leases in the "kube-node-lease" system namespace'),
    ),
    (
        "leases are not listed",
        "list",
        "kube-node-lease",
        "",
        (False, "can only get, create, update, patch, or delete a node lease"),
    ),
]


@pytest.mark.parametrize(
    ("verb", "namespace", "name", "verdict"),
    [case[1:] for case in LEASE_CASES],
    ids=[case[0] for case in LEASE_CASES],
)
def test_the_node_authorizer_decides_leases(verb, namespace, name, verdict):
    request = attrs(kubelet_user("node-1"), verb, "leases.coordination.k8s.io", namespace, name)
    assert NodeAuthorizer(Etcd()).authorize(request) == verdict


def test_kubelets_share_the_node_rules_for_everything_else(cluster):
    client = kubelet(cluster, "node-1")
    event = {"metadata": {"name": "e", "namespace": "default"}, "involvedObject": {}}
    assert client.request("create", "events", "default", body=event).code == 201
    assert client.request("create", "configmaps", "default", body={}).code == 403
    assert client.request("delete", "namespaces", name="default").code == 403


def test_a_user_not_in_system_nodes_is_no_kubelet(cluster):
    impostor = sign_in(cluster, "system:node:node-1")
    response = ask(cluster, impostor, "get", "nodes", name="node-1")
    assert response.body["message"] == (
        'nodes "node-1" is forbidden: User "system:node:node-1" cannot get resource "nodes" in '
        'API group "" at the cluster scope'
    )


def test_a_node_user_with_no_name_is_unknown():
    nameless = UserInfo("system:node:", ("system:nodes",))
    assert NodeAuthorizer(Etcd()).authorize(attrs(nameless, "get", "nodes", name="x")) == (
        False,
        'unknown node for user "system:node:"',
    )


REFERENCES = [
    ("an image pull secret", {"imagePullSecrets": [{"name": "it"}]}, "secrets"),
    (
        "a secret volume",
        {"volumes": [{"name": "v", "secret": {"secretName": "it"}}]},
        "secrets",
    ),
    (
        "a projected configmap",
        {"volumes": [{"name": "v", "projected": {"sources": [{"configMap": {"name": "it"}}]}}]},
        "configmaps",
    ),
    (
        "an envFrom configmap",
        {"containers": [{"name": "c", "envFrom": [{"configMapRef": {"name": "it"}}]}]},
        "configmaps",
    ),
    (
        "an init container's secret key",
        {
            "containers": [],
            "initContainers": [
                {"name": "i", "env": [{"name": "E", "valueFrom": {"secretKeyRef": {"name": "it"}}}]}
            ],
        },
        "secrets",
    ),
    (
        "a claim",
        {"volumes": [{"name": "v", "persistentVolumeClaim": {"claimName": "it"}}]},
        "persistentvolumeclaims",
    ),
]


@pytest.mark.parametrize(
    ("spec", "resource"), [case[1:] for case in REFERENCES], ids=[case[0] for case in REFERENCES]
)
def test_a_kubelet_may_get_what_its_pods_use(spec, resource):
    etcd = Etcd()
    authorizer = NodeAuthorizer(etcd)
    request = attrs(kubelet_user("n1"), "get", resource, "default", "it")
    assert authorizer.authorize(request)[0] is False
    put(etcd, pod("p", "n1", **spec))
    assert authorizer.authorize(request) == (True, "")
    assert (
        authorizer.authorize(attrs(kubelet_user("n2"), "get", resource, "default", "it"))[0]
        is False
    )
    put(etcd, pod("p", "", **spec))  # a pod that is not bound yet uses nothing of a node's
    assert authorizer.authorize(request)[0] is False


def test_a_kubelet_may_ask_a_token_for_the_service_account_of_its_pod():
    etcd = Etcd()
    put(etcd, pod("p", "n1", serviceAccountName="bot"))
    authorizer = NodeAuthorizer(etcd)
    token = attrs(kubelet_user("n1"), "create", "serviceaccounts/token", "default", "bot")
    assert authorizer.authorize(token) == (True, "")
    other = attrs(kubelet_user("n1"), "create", "serviceaccounts/token", "default", "admin")
    assert (
        authorizer.authorize(other)[1] == "no relationship found between node 'n1' and this object"
    )
    read = attrs(kubelet_user("n1"), "get", "serviceaccounts", "default", "bot")
    assert authorizer.authorize(read)[1] == "can only create tokens for individual service accounts"


def test_the_field_selector_of_a_kubelet_watch_is_read_for_its_node():
    selector = field_requirements("spec.nodeName=n1", "Pod")
    request = attrs(kubelet_user("n1"), "watch", "pods", field_selector=selector)
    assert NodeAuthorizer(Etcd()).authorize(request) == (True, "")
    elsewhere = attrs(kubelet_user("n2"), "watch", "pods", field_selector=selector)
    assert NodeAuthorizer(Etcd()).authorize(elsewhere)[0] is False


def test_pods_that_use_the_same_objects_share_their_vertices_in_the_graph():
    fresh = Cluster()
    for name in ("a", "b"):
        create(fresh, pod(name, "node-1", serviceAccountName="default"))
    graph = fresh.apiserver.authorizer.node.graph
    assert graph.has_path("node-1", "serviceaccount", "default", "default")
    (_, first), (_, second) = (graph._pods[f"/registry/pods/default/{name}"] for name in ("a", "b"))
    assert first is second
