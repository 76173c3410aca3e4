"""SelfSubjectReview and SelfSubjectRulesReview answer about the user asking."""

from cluster.engine.apiserver.request import Request
from cluster.engine.cluster import Cluster


def create(cluster, resource, body):
    return cluster.handle(Request("create", resource, body=body, credential=cluster.admin))


def test_who_am_i():
    response = create(cluster := Cluster(), "selfsubjectreviews", {"kind": "SelfSubjectReview"})
    assert response.code == 201
    assert response.body["status"] == {
        "userInfo": {
            "username": "kubernetes-admin",
            "groups": ["kubeadm:cluster-admins", "system:authenticated"],
        }
    }
    assert cluster.trace.since(cluster.trace.last_seq - 1)[0].summary == (
        'who am I? user "kubernetes-admin" groups [kubeadm:cluster-admins system:authenticated]'
    )


def test_rules_in_a_namespace():
    body = {"kind": "SelfSubjectRulesReview", "spec": {"namespace": "default"}}
    status = create(Cluster(), "selfsubjectrulesreviews", body).body["status"]
    assert status["resourceRules"][0] == {"verbs": ["*"], "apiGroups": ["*"], "resources": ["*"]}
    assert status["nonResourceRules"][0] == {"verbs": ["*"], "nonResourceURLs": ["*"]}
    assert status["incomplete"] is False


def test_rules_need_a_namespace():
    response = create(Cluster(), "selfsubjectrulesreviews", {"kind": "SelfSubjectRulesReview"})
    assert (response.code, response.body["message"]) == (400, "no namespace on request")
