"""serviceaccounts/token: kube-apiserver signs a token for a ServiceAccount (TokenRequest)."""

import base64
import json
from typing import Any

from cluster.engine.apiserver.request import Credential, Request, Response
from cluster.engine.cluster import Cluster

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
