"""The bootstrap policy: the default roles and bindings, and what they allow, as Kubernetes'."""

import pytest

from cluster.engine.api import resources
from cluster.engine.apiserver import bootstrappolicy
from cluster.engine.apiserver.authentication import UserInfo
from cluster.engine.apiserver.authorization import Attributes
from cluster.engine.cluster import Cluster
from tests.cluster.engine.apiserver.rbac_helpers import (
    ask,
    attrs,
    binding,
    create,
    sign_in,
    user,
)

DEFAULT_ROLES = [
    "admin",
    "cluster-admin",
    "edit",
    "kindnet",  # kind's CNI's
    "local-path-provisioner-role",  # kind's default storage's
    "system:aggregate-to-admin",
    "system:aggregate-to-edit",
    "system:aggregate-to-view",
    "system:basic-user",
    "system:coredns",  # kubeadm's CoreDNS add-on's
    "system:discovery",
    "system:kube-controller-manager",
    "system:kube-dns",
    "system:kube-scheduler",
    "system:node",
    "system:node-proxier",
    "system:public-info-viewer",
    "system:volume-scheduler",
    "view",
]


@pytest.fixture(scope="module")
def cluster():
    cluster = Cluster()
    create(cluster, {"kind": "Namespace", "metadata": {"name": "team"}})
    for name, role in (("viewer", "view"), ("editor", "edit"), ("owner", "admin")):
        create(cluster, binding(name, f"ClusterRole/{role}", user(name), namespace="team"))
    return cluster


def names(cluster, resource):
    items = ask(cluster, cluster.admin, "list", resource).body["items"]
    return [item["metadata"]["name"] for item in items]


def test_the_apiserver_creates_the_default_cluster_roles_at_start(cluster):
    assert names(cluster, "clusterroles") == DEFAULT_ROLES


def test_defaults_are_labelled_and_annotated_as_kubernetes_bootstraps_them(cluster):
    role = ask(cluster, cluster.admin, "get", "clusterroles", name="cluster-admin").body
    assert role["metadata"]["labels"] == {"kubernetes.io/bootstrapping": "rbac-defaults"}
    assert role["metadata"]["annotations"] == {
        "rbac.authorization.kubernetes.io/autoupdate": "true"
    }
    assert role["rules"] == [
        {"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]},
        {"nonResourceURLs": ["*"], "verbs": ["*"]},
    ]


def test_the_default_bindings_bind_each_role_to_its_kubernetes_subjects(cluster):
    items = ask(cluster, cluster.admin, "list", "clusterrolebindings").body["items"]
    subjects = {
        item["metadata"]["name"]: [(s["kind"], s["name"]) for s in item.get("subjects", [])]
        for item in items
    }
    assert subjects == {
        "cluster-admin": [("Group", "system:masters")],
        "kubeadm:cluster-admins": [("Group", "kubeadm:cluster-admins")],  # kubeadm init's
        "kindnet": [("ServiceAccount", "kindnet")],  # kind's CNI's
        "kubeadm:node-proxier": [("ServiceAccount", "kube-proxy")],  # its kube-proxy add-on's
        "local-path-provisioner-bind": [  # kind's default storage's
            ("ServiceAccount", "local-path-provisioner-service-account")
        ],
        "system:basic-user": [("Group", "system:authenticated")],
        "system:coredns": [("ServiceAccount", "coredns")],  # and its CoreDNS add-on's
        "system:discovery": [("Group", "system:authenticated")],
        "system:kube-controller-manager": [("User", "system:kube-controller-manager")],
        "system:kube-dns": [("ServiceAccount", "kube-dns")],
        "system:kube-scheduler": [("User", "system:kube-scheduler")],
        "system:node": [],
        "system:node-proxier": [("User", "system:kube-proxy")],
        "system:public-info-viewer": [
            ("Group", "system:authenticated"),
            ("Group", "system:unauthenticated"),
        ],
        "system:volume-scheduler": [("User", "system:kube-scheduler")],
    }
    # Kubernetes' own bind each role by its name; kubeadm's and kind's name theirs otherwise
    roles = {item["metadata"]["name"]: item["roleRef"]["name"] for item in items}
    assert roles["local-path-provisioner-bind"] == "local-path-provisioner-role"
    assert all(
        role == name
        for name, role in roles.items()
        if not name.startswith("kubeadm:") and not name.startswith("local-path-")
    )


def test_aggregated_roles_are_stored_with_the_rules_of_the_roles_they_pick(cluster):
    def rules(name):
        return ask(cluster, cluster.admin, "get", "clusterroles", name=name).body["rules"]

    view, edit, admin = rules("view"), rules("edit"), rules("admin")
    assert view == rules("system:aggregate-to-view")
    assert edit == rules("system:aggregate-to-edit") + view
    assert admin == edit + rules("system:aggregate-to-admin")
    edit_role = ask(cluster, cluster.admin, "get", "clusterroles", name="edit").body
    assert edit_role["aggregationRule"] == {
        "clusterRoleSelectors": [
            {"matchLabels": {"rbac.authorization.k8s.io/aggregate-to-edit": "true"}}
        ]
    }
    assert edit_role["metadata"]["labels"]["rbac.authorization.k8s.io/aggregate-to-admin"] == "true"


def test_stored_rules_leave_out_api_groups_the_engine_does_not_serve(cluster):
    served = {resource.group for resource in resources.all_resources()}
    view = ask(cluster, cluster.admin, "get", "clusterroles", name="view").body
    assert all(served & set(rule["apiGroups"]) for rule in view["rules"])
    groups = {group for rule in view["rules"] for group in rule["apiGroups"]}
    assert "extensions" not in groups
    assert {
        "",
        "events.k8s.io",
        "apps",
        "autoscaling",
        "batch",
    } <= groups  # events: one rule for both groups
    assert len(bootstrappolicy.NODE_RULES) == 25  # the Node authorizer still uses them all


def member(name):
    return UserInfo(name, ("system:authenticated",))


ROLE_CASES = [
    ("view can list pods", "viewer", "list", "pods", True),
    ("view can read a pod's logs", "viewer", "get", "pods/log", True),
    ("view cannot read secrets", "viewer", "get", "secrets", False),
    ("view cannot create pods", "viewer", "create", "pods", False),
    ("view cannot scale a deployment", "viewer", "update", "deployments/scale.apps", False),
    ("edit can create deployments", "editor", "create", "deployments.apps", True),
    ("edit can read secrets", "editor", "get", "secrets", True),
    ("edit can scale a replicaset", "editor", "patch", "replicasets/scale.apps", True),
    ("edit cannot write a pod's status", "editor", "update", "pods/status", False),
    ("edit cannot create roles", "editor", "create", "roles.rbac.authorization.k8s.io", False),
    ("edit cannot change quotas", "editor", "update", "resourcequotas", False),
    (
        "admin can create roles in its namespace",
        "owner",
        "create",
        "roles.rbac.authorization.k8s.io",
        True,
    ),
    (
        "admin can bind roles in its namespace",
        "owner",
        "create",
        "rolebindings.rbac.authorization.k8s.io",
        True,
    ),
    ("admin can delete deployments", "owner", "delete", "deployments.apps", True),
    ("admin cannot change quotas", "owner", "update", "resourcequotas", False),
]


@pytest.mark.parametrize(
    ("who", "verb", "what", "allowed"),
    [case[1:] for case in ROLE_CASES],
    ids=[case[0] for case in ROLE_CASES],
)
def test_the_user_facing_roles_allow_what_kubernetes_allows(cluster, who, verb, what, allowed):
    decision = cluster.apiserver.authorizer.authorize(attrs(member(who), verb, what, "team", "x"))
    assert decision.allowed is allowed


@pytest.mark.parametrize("who", ["viewer", "editor", "owner"])
def test_a_role_binding_gives_nothing_outside_its_namespace(cluster, who):
    authorizer = cluster.apiserver.authorizer
    assert not authorizer.authorize(attrs(member(who), "get", "pods", "default", "x")).allowed
    assert not authorizer.authorize(attrs(member(who), "list", "namespaces")).allowed


def test_admin_creates_a_role_in_its_namespace_through_the_api():
    cluster = Cluster()
    owner = sign_in(cluster, "owner")
    create(cluster, binding("owner", "ClusterRole/admin", user("owner"), namespace="default"))
    body = {"metadata": {"name": "reader"}, "rules": []}
    assert ask(cluster, owner, "create", "roles", "default", body=body).code == 201
    assert ask(cluster, owner, "create", "roles", "kube-system", body=body).code == 403


CONTROLLER_MANAGER_CASES = [
    # the shared informers
    ("list", "pods", ""),
    ("watch", "deployments.apps", ""),
    # ReplicaSet controller
    ("create", "pods", "default"),
    ("patch", "pods", "default"),
    ("update", "replicasets/status.apps", "default"),
    # Deployment controller
    ("create", "replicasets.apps", "default"),
    ("update", "deployments/status.apps", "default"),
    # garbage collector
    ("delete", "replicasets.apps", "default"),
    ("patch", "configmaps", "default"),
    # namespace controller
    ("deletecollection", "pods", "team"),
    ("update", "namespaces/finalize", ""),
    ("delete", "namespaces", ""),
    # service account controller
    ("create", "serviceaccounts", "team"),
    # node lifecycle and node IPAM (the node-controller's role)
    ("patch", "nodes", ""),
    ("patch", "nodes/status", ""),
    ("patch", "pods/status", "default"),
    ("delete", "pods", "default"),
    # endpoints, quotas, the root CA publisher, and events
    ("create", "endpoints", "default"),
    # endpointslice mirroring: slices owned by Endpoints that block their deletion
    ("update", "endpoints/finalizers", "default"),
    ("create", "endpointslices.discovery.k8s.io", "default"),
    ("update", "resourcequotas/status", "default"),
    ("create", "configmaps", "team"),
    ("create", "events", "default"),
    ("create", "leases.coordination.k8s.io", "kube-system"),
]

KUBE_CONTROLLER_MANAGER = UserInfo("system:kube-controller-manager", ("system:authenticated",))


@pytest.mark.parametrize(("verb", "what", "namespace"), CONTROLLER_MANAGER_CASES)
def test_the_controller_manager_may_do_what_its_controllers_need(cluster, verb, what, namespace):
    request = attrs(KUBE_CONTROLLER_MANAGER, verb, what, namespace, "x")
    decision = cluster.apiserver.authorizer.authorize(request)
    assert decision.reason == (
        'RBAC: allowed by ClusterRoleBinding "system:kube-controller-manager" of ClusterRole '
        '"system:kube-controller-manager" to User "system:kube-controller-manager"'
    )


@pytest.mark.parametrize(
    ("verb", "what"),
    [("create", "clusterroles.rbac.authorization.k8s.io"), ("create", "deployments.apps")],
)
def test_the_controller_manager_creates_nothing_its_controllers_do_not(cluster, verb, what):
    request = attrs(KUBE_CONTROLLER_MANAGER, verb, what, "default")
    assert not cluster.apiserver.authorizer.authorize(request).allowed


SCHEDULER = UserInfo("system:kube-scheduler", ("system:authenticated",))


@pytest.mark.parametrize(
    ("verb", "what", "allowed"),
    [
        ("watch", "pods", True),
        ("create", "pods/binding", True),
        ("patch", "pods/status", True),
        ("create", "events", True),
        ("create", "pods", False),
        ("update", "nodes", False),
    ],
)
def test_the_scheduler_may_bind_pods_and_little_else(cluster, verb, what, allowed):
    request = attrs(SCHEDULER, verb, what, "default", "web")
    assert cluster.apiserver.authorizer.authorize(request).allowed is allowed


def test_every_authenticated_user_may_discover_the_api_and_review_their_own_access(cluster):
    authorizer = cluster.apiserver.authorizer
    review = attrs(member("nobody"), "create", "selfsubjectaccessreviews.authorization.k8s.io")
    assert authorizer.authorize(review).reason == (
        'RBAC: allowed by ClusterRoleBinding "system:basic-user" of ClusterRole '
        '"system:basic-user" to Group "system:authenticated"'
    )
    version = Attributes(member("nobody"), "get", resource_request=False, path="/version")
    assert authorizer.authorize(version).reason == (
        'RBAC: allowed by ClusterRoleBinding "system:discovery" of ClusterRole '
        '"system:discovery" to Group "system:authenticated"'
    )
