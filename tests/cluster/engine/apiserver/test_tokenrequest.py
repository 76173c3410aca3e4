"""serviceaccounts/token: kube-apiserver signs a token for a ServiceAccount (TokenRequest)."""

import base64
import json
from typing import Any

from cluster.engine.apiserver.request import Credential, Request, Response
from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import run

ISSUER = "https://kubernetes.default.svc.cluster.local"


def token_request(cluster: Cluster, account: str = "default", **body: Any) -> Response:
    request = Request(
        "create",
        "serviceaccounts",
        "default",
        account,
        subresource="token",
        body={"apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest", **body},
        credential=cluster.admin,
    )
    return cluster.handle(request)


def claims(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def test_the_token_is_for_an_hour_and_kube_apiserver_s_audience_by_default():
    cluster = Cluster()
    response = token_request(cluster, spec={})
    assert response.code == 201
    token = response.body["status"]["token"]
    assert response.body == {
        "kind": "TokenRequest",
        "apiVersion": "authentication.k8s.io/v1",
        "metadata": {
            "name": "default",
            "namespace": "default",
            "creationTimestamp": "2026-01-01T00:00:00Z",
        },
        "spec": {"audiences": [ISSUER], "expirationSeconds": 3600, "boundObjectRef": None},
        "status": {"token": token, "expirationTimestamp": "2026-01-01T01:00:00Z"},
    }
    found = claims(token)
    assert (found["aud"], found["sub"], found["exp"] - found["iat"]) == (
        [ISSUER],
        "system:serviceaccount:default:default",
        3600,
    )
    hop = cluster.trace.since(0)[-1]
    assert (hop.source, hop.destination, hop.verb, hop.object) == (
        "kube-apiserver",
        "authentication",
        "token",
        "serviceaccounts/default/default/token",
    )
    pods = cluster.handle(Request("list", "pods", "default", credential=Credential("token", token)))
    assert pods.body["message"] == (
        'pods is forbidden: User "system:serviceaccount:default:default" cannot list resource '
        '"pods" in API group "" in the namespace "default"'
    )


def test_a_token_for_another_audience_does_not_authenticate_to_kube_apiserver():
    cluster = Cluster()
    token = token_request(cluster, spec={"audiences": ["vault"]}).body["status"]["token"]
    assert claims(token)["aud"] == ["vault"]
    pods = cluster.handle(Request("list", "pods", "default", credential=Credential("token", token)))
    assert pods.code == 401


def test_what_a_token_request_may_not_ask():
    cluster = Cluster()
    short = token_request(cluster, spec={"expirationSeconds": 599})
    assert (short.code, short.body["message"]) == (
        422,
        'TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid '
        "value: 599: may not specify a duration less than 10 minutes",
    )
    other = token_request(cluster, metadata={"name": "builder"}, spec={})
    assert other.body["message"] == (
        'TokenRequest.authentication.k8s.io "default" is invalid: metadata.name: Invalid '
        'value: "builder": must match the service account name if specified'
    )
    missing = token_request(cluster, "nobody", spec={})
    assert (missing.code, missing.body["message"]) == (404, 'serviceaccounts "nobody" not found')


def running_pod(cluster: Cluster, name: str = "web", account: str = "") -> dict[str, Any]:
    spec: dict[str, Any] = {"containers": [{"name": "c", "image": "nginx"}]}
    if account:
        spec["serviceAccountName"] = account
    body = {"metadata": {"name": name}, "spec": spec}
    cluster.handle(Request("create", "pods", "default", body=body, credential=cluster.admin))
    cluster.advance_to(cluster.clock.now + 10_000)
    got = cluster.handle(Request("get", "pods", "default", name, credential=cluster.admin))
    return got.body


def bound_to(pod: dict[str, Any], **ref: str) -> dict[str, Any]:
    meta = pod["metadata"]
    return {"apiVersion": "v1", "kind": "Pod", "name": meta["name"], "uid": meta["uid"], **ref}


def test_a_token_bound_to_a_pod_names_the_pod_and_its_node_and_ends_with_the_pod():
    cluster = Cluster()
    pod = running_pod(cluster)
    response = token_request(cluster, spec={"boundObjectRef": bound_to(pod)})
    assert response.code == 201
    token = response.body["status"]["token"]
    node = cluster.handle(
        Request("get", "nodes", name=pod["spec"]["nodeName"], credential=cluster.admin)
    ).body
    assert claims(token)["kubernetes.io"] == {
        "namespace": "default",
        "node": {"name": node["metadata"]["name"], "uid": node["metadata"]["uid"]},
        "pod": {"name": "web", "uid": pod["metadata"]["uid"]},
        "serviceaccount": claims(token)["kubernetes.io"]["serviceaccount"],
    }
    as_token = Request("list", "configmaps", "kube-system", credential=Credential("token", token))
    assert cluster.handle(as_token).code == 403  # authenticated; the default account may not
    cluster.handle(
        Request(
            "delete",
            "pods",
            "default",
            "web",
            credential=cluster.admin,
            query={"gracePeriodSeconds": "0"},
        )
    )
    cluster.advance_to(cluster.clock.now + 5_000)
    assert cluster.handle(as_token).code == 401


def test_the_kubelets_hour_and_seven_seconds_is_a_year_with_a_warning_after_the_hour():
    cluster = Cluster()
    pod = running_pod(cluster)
    response = token_request(
        cluster, spec={"boundObjectRef": bound_to(pod), "expirationSeconds": 3607}
    )
    found = claims(response.body["status"]["token"])
    assert found["exp"] - found["iat"] == 365 * 24 * 3600
    assert found["kubernetes.io"]["warnafter"] - found["iat"] == 3607
    assert response.body["status"]["expirationTimestamp"] == cluster.clock.timestamp(3_607_000)


def test_a_token_cannot_be_bound_to_another_accounts_pod_a_recreated_pod_or_a_deployment():
    cluster = Cluster()
    pod = running_pod(cluster)
    cluster.handle(
        Request(
            "create",
            "serviceaccounts",
            "default",
            body={"metadata": {"name": "builder"}},
            credential=cluster.admin,
        )
    )
    other = token_request(cluster, account="builder", spec={"boundObjectRef": bound_to(pod)})
    assert (other.code, other.body["message"]) == (
        400,
        'cannot bind token for serviceaccount "builder" to pod running with different '
        "serviceaccount name.",
    )
    stale = token_request(cluster, spec={"boundObjectRef": bound_to(pod, uid="0000")})
    assert (stale.code, stale.body["message"]) == (
        409,
        'Operation cannot be fulfilled on Pod "web": the UID in the bound object reference '
        "(0000) does not match the UID in record. The object might have been deleted and "
        "then recreated",
    )
    ref = {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}
    wrong = token_request(cluster, spec={"boundObjectRef": ref})
    assert (wrong.code, wrong.body["message"]) == (
        400,
        "cannot bind token to object of type apps/v1, Kind=Deployment",
    )


def test_a_pods_service_account_volume_holds_its_token_ca_and_namespace():
    cluster = Cluster()
    pod = running_pod(cluster)
    mount = "/var/run/secrets/kubernetes.io/serviceaccount"
    listed = run(cluster, "exec", "web", "--", "ls", mount)
    assert listed.stdout.split() == ["ca.crt", "namespace", "token"]
    token = run(cluster, "exec", "web", "--", "cat", f"{mount}/token").stdout.strip()
    assert claims(token)["kubernetes.io"]["pod"] == {"name": "web", "uid": pod["metadata"]["uid"]}
    whoami = run(
        cluster, "auth", "whoami", "--token", token, "-o", "jsonpath={.status.userInfo.username}"
    )
    assert whoami.stdout == "system:serviceaccount:default:default"


def test_who_a_bound_token_is_its_account_s_uid_and_the_pod_node_and_token_as_extra():
    cluster = Cluster()
    pod = running_pod(cluster)
    token = token_request(cluster, spec={"boundObjectRef": bound_to(pod)}).body["status"]["token"]
    found = claims(token)
    review = Request(
        "create",
        "selfsubjectreviews",
        body={"kind": "SelfSubjectReview"},
        credential=Credential("token", token),
    )
    private = found["kubernetes.io"]
    assert cluster.handle(review).body["status"]["userInfo"] == {
        "username": "system:serviceaccount:default:default",
        "uid": private["serviceaccount"]["uid"],
        "groups": [
            "system:serviceaccounts",
            "system:serviceaccounts:default",
            "system:authenticated",
        ],
        "extra": {
            "authentication.kubernetes.io/credential-id": [f"JTI={found['jti']}"],
            "authentication.kubernetes.io/node-name": [private["node"]["name"]],
            "authentication.kubernetes.io/node-uid": [private["node"]["uid"]],
            "authentication.kubernetes.io/pod-name": ["web"],
            "authentication.kubernetes.io/pod-uid": [pod["metadata"]["uid"]],
        },
    }
