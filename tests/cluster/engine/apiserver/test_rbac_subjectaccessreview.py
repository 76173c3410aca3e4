"""Access reviews: `kubectl auth can-i` asks kube-apiserver, which asks its authorizer."""

from cluster.engine.cluster import Cluster
from tests.cluster.engine.apiserver.rbac_helpers import ask, binding, create, sign_in, user

REVIEWS = "authorization.k8s.io/v1"


def can_i(verb: str, resource: str, namespace: str = "", group: str = "") -> dict:
    attributes = {"verb": verb, "resource": resource}
    attributes.update({k: v for k, v in (("namespace", namespace), ("group", group)) if v})
    return {
        "apiVersion": REVIEWS,
        "kind": "SelfSubjectAccessReview",
        "spec": {"resourceAttributes": attributes},
    }


def review(cluster, credential, body, resource="selfsubjectaccessreviews"):
    return ask(cluster, credential, "create", resource, body=body)


def test_a_user_asks_what_they_may_do_and_is_told_why():
    cluster = Cluster()
    jane = sign_in(cluster, "jane")
    question = can_i("list", "pods", "default")
    refused = review(cluster, jane, question)
    assert (refused.code, refused.body["status"]) == (201, {"allowed": False})
    create(cluster, binding("jane-view", "ClusterRole/view", user("jane"), namespace="default"))
    allowed = review(cluster, jane, question)
    assert allowed.body == {
        **question,
        "metadata": {"creationTimestamp": None},
        "status": {
            "allowed": True,
            "reason": 'RBAC: allowed by RoleBinding "jane-view/default" of ClusterRole "view" to '
            'User "jane"',
        },
    }


def test_a_review_is_answered_by_the_authorizer_and_stored_nowhere():
    cluster = Cluster()
    jane = sign_in(cluster, "jane")
    revision = cluster.etcd.revision
    mark = cluster.trace.last_seq
    review(cluster, jane, can_i("create", "deployments", "default", "apps"))
    assert cluster.etcd.revision == revision
    assert [(h.source, h.destination, h.verb) for h in cluster.trace.since(mark)] == [
        ("kubectl", "authentication", "create"),
        ("authentication", "authorization", "authenticated"),
        ("authorization", "admission", "allowed"),
        ("admission", "kube-apiserver", "admitted"),
        ("kube-apiserver", "authorization", "review"),
    ]
    assert cluster.trace.since(mark)[-1].summary == (
        'may user "jane" create deployments.apps in namespace "default"? no: no authorizer '
        "allowed it"
    )


def test_a_kubelet_is_told_the_node_authorizer_reason():
    cluster = Cluster()
    question = can_i("list", "pods")
    answer = cluster.nodes["node-1"].kubelet.client.call(
        "create", "selfsubjectaccessreviews", body=question
    )
    assert answer["status"] == {
        "allowed": False,
        "reason": "can only list/watch pods with spec.nodeName field selector",
    }


def test_the_admin_asks_for_another_user_and_their_groups_exactly_as_given():
    cluster = Cluster()
    question = {
        "apiVersion": REVIEWS,
        "kind": "SubjectAccessReview",
        "spec": {
            "user": "jane",
            "resourceAttributes": {
                "verb": "create",
                "group": "authorization.k8s.io",
                "resource": "selfsubjectaccessreviews",
            },
        },
    }
    alone = review(cluster, cluster.admin, question, "subjectaccessreviews")
    assert alone.body["status"] == {"allowed": False}
    question["spec"]["groups"] = ["system:authenticated"]
    member = review(cluster, cluster.admin, question, "subjectaccessreviews")
    assert member.body["status"]["reason"] == (
        'RBAC: allowed by ClusterRoleBinding "system:basic-user" of ClusterRole '
        '"system:basic-user" to Group "system:authenticated"'
    )


def test_a_review_may_ask_about_a_non_resource_url():
    cluster = Cluster()
    question = {
        "kind": "SubjectAccessReview",
        "spec": {
            "groups": ["system:unauthenticated"],
            "nonResourceAttributes": {"verb": "get", "path": "/healthz"},
        },
    }
    answer = review(cluster, cluster.admin, question, "subjectaccessreviews")
    assert answer.body["status"]["reason"] == (
        'RBAC: allowed by ClusterRoleBinding "system:public-info-viewer" of ClusterRole '
        '"system:public-info-viewer" to Group "system:unauthenticated"'
    )


def test_a_review_must_ask_one_thing_of_someone():
    cluster = Cluster()
    empty = review(cluster, cluster.admin, {"kind": "SelfSubjectAccessReview", "spec": {}})
    assert (empty.code, empty.body["message"]) == (
        422,
        'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: '
        "Invalid value: null: exactly one of nonResourceAttributes or resourceAttributes must be "
        "specified",
    )
    nobody = review(
        cluster,
        cluster.admin,
        {"kind": "SubjectAccessReview", "spec": {"resourceAttributes": {"verb": "get"}}},
        "subjectaccessreviews",
    )
    assert nobody.body["message"] == (
        'SubjectAccessReview.authorization.k8s.io "" is invalid: spec.user: Invalid value: "": '
        "at least one of user or group must be specified"
    )
    named = review(cluster, cluster.admin, {**can_i("get", "pods"), "metadata": {"name": "q"}})
    assert named.body["message"].endswith('metadata: Invalid value: {"name":"q"}: must be empty')


def test_only_those_allowed_may_ask_about_others():
    cluster = Cluster()
    jane = sign_in(cluster, "jane")
    question = {
        "kind": "SubjectAccessReview",
        "spec": {"user": "bob", "resourceAttributes": {"verb": "get"}},
    }
    response = review(cluster, jane, question, "subjectaccessreviews")
    assert response.body["message"] == (
        'subjectaccessreviews.authorization.k8s.io is forbidden: User "jane" cannot create '
        'resource "subjectaccessreviews" in API group "authorization.k8s.io" at the cluster scope'
    )


def test_reviews_can_only_be_created():
    cluster = Cluster()
    for verb in ("list", "get"):
        response = ask(
            cluster,
            cluster.admin,
            verb,
            "selfsubjectaccessreviews",
            name="x" if verb == "get" else "",
        )
        assert (response.code, response.body["reason"]) == (405, "MethodNotAllowed")


def local(namespace: str, asked_namespace: str, **spec: object) -> dict:
    attributes = {"namespace": asked_namespace, "verb": "get", "resource": "pods"}
    return {
        "apiVersion": REVIEWS,
        "kind": "LocalSubjectAccessReview",
        "metadata": {"namespace": namespace},
        "spec": {"user": "jane", "resourceAttributes": attributes, **spec},
    }


def test_a_local_review_asks_about_its_own_namespace_only():
    cluster = Cluster()
    create(cluster, binding("jane-view", "ClusterRole/view", user("jane"), namespace="default"))
    answered = ask(
        cluster, cluster.admin, "create", "localsubjectaccessreviews", "default",
        body=local("default", "default"),
    )  # fmt: skip
    assert answered.code == 201
    assert answered.body["metadata"] == {"creationTimestamp": None, "namespace": "default"}
    assert answered.body["status"]["allowed"] is True
    elsewhere = ask(
        cluster, cluster.admin, "create", "localsubjectaccessreviews", "default",
        body=local("default", "kube-system", nonResourceAttributes={"path": "/", "verb": "get"}),
    )  # fmt: skip
    assert elsewhere.body["message"] == (
        'LocalSubjectAccessReview.authorization.k8s.io "" is invalid: [spec.nonResourceAttributes: '
        'Invalid value: {"path":"/","verb":"get"}: cannot be specified in combination with '
        'resourceAttributes, spec.resourceAttributes.namespace: Invalid value: "kube-system": '
        "must match metadata.namespace, spec.nonResourceAttributes: Invalid value: "
        '{"path":"/","verb":"get"}: disallowed on this kind of request]'
    )
