"""kubectl create token, and the Services kubectl create service and expose make, against
a cluster that serves them."""

import base64
import json

import pytest

from cluster.engine.apiserver.request import Credential, Request
from cluster.engine.cluster import Cluster
from cluster.kubectl.flags import go_duration
from tests.cluster.kubectl.helpers import run


@pytest.fixture
def cluster() -> Cluster:
    return Cluster()


def claims(token: str) -> dict:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def test_the_token_printed_authenticates_as_the_service_account(cluster):
    result = run(cluster, "create", "token", "default", "--duration=2h", "--audience=vault")
    token = result.stdout.strip()
    assert result.stdout == token + "\n"
    found = claims(token)
    assert (found["sub"], found["aud"], found["exp"] - found["iat"]) == (
        "system:serviceaccount:default:default",
        ["vault"],
        7200,
    )
    token = run(cluster, "create", "token", "default").stdout.strip()
    pods = cluster.handle(Request("list", "pods", "default", credential=Credential("token", token)))
    assert pods.code == 403


def test_what_create_token_refuses(cluster):
    assert run(cluster, "create", "token", "default", "--duration=5m").stderr == (
        'error: failed to create token: TokenRequest.authentication.k8s.io "" is invalid: '
        "spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 "
        "minutes\n"
    )
    assert run(cluster, "create", "token", "nobody").stderr == (
        'error: failed to create token: serviceaccounts "nobody" not found\n'
    )
    assert run(cluster, "create", "token", "default", "--duration=1.5s").stderr == (
        "error: --duration cannot be expressed in units less than seconds\n"
    )
    assert run(cluster, "create", "token", "default", "--duration=abc").stderr == (
        'error: invalid argument "abc" for "--duration" flag: time: invalid duration "abc"\n'
        "See 'kubectl create token --help' for usage.\n"
    )
    assert run(cluster, "create", "token").stderr == (
        "error: exactly one NAME is required, got 0\n"
        "See 'kubectl create token -h' for help and examples\n"
    )


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (
            ["--bound-object-name=x"],
            "--bound-object-name can only be set if --bound-object-kind is provided",
        ),
        (
            ["--bound-object-uid=x"],
            "--bound-object-uid can only be set if --bound-object-kind is provided",
        ),
        (
            ["--bound-object-kind=Pod"],
            "--bound-object-name is required if --bound-object-kind is provided",
        ),
        (
            ["--bound-object-kind=Job", "--bound-object-name=x"],
            "supported --bound-object-kind values are Node, Pod, Secret",
        ),
        (["--audience="], "--audience must not be an empty string"),
        (
            ["--bound-object-kind=Pod", "--bound-object-name=nope"],
            'failed to create token: pods "nope" not found',
        ),
    ],
)
def test_what_the_bound_object_flags_refuse(cluster, flags, message):
    assert run(cluster, "create", "token", "default", *flags).stderr == f"error: {message}\n"


def test_a_token_bound_to_a_pod(cluster):
    run(cluster, "run", "web", "--image=nginx")
    uid = run(cluster, "get", "pod", "web", "-o", "jsonpath={.metadata.uid}").stdout
    args = ("--bound-object-kind=Pod", "--bound-object-name=web", f"--bound-object-uid={uid}")
    token = run(cluster, "create", "token", "default", *args).stdout.strip()
    assert claims(token)["kubernetes.io"]["pod"] == {"name": "web", "uid": uid}


def test_go_durations():
    assert [go_duration(t) for t in ("0", "90s", "1h30m", "1.5h", "-2m", "300ms")] == [
        0,
        90 * 10**9,
        5400 * 10**9,
        5400 * 10**9,
        -120 * 10**9,
        300 * 10**6,
    ]
    with pytest.raises(ValueError, match='time: missing unit in duration "5"'):
        go_duration("5")


def test_load_balancer_and_external_name_services(cluster):
    assert run(cluster, "create", "service", "loadbalancer", "lb", "--tcp=80").stdout == (
        "service/lb created\n"
    )
    created = run(
        cluster, "create", "service", "externalname", "ext", "--external-name=example.com"
    )
    assert created.stdout == "service/ext created\n"
    assert run(cluster, "create", "service", "externalname", "x").stderr == (
        "error: external-name must be specified\n"
    )
    rows = [line.split() for line in run(cluster, "get", "svc", "lb", "ext").stdout.splitlines()]
    assert [row[1:4] for row in rows[1:]] == [
        ["LoadBalancer", "10.103.219.239", "<pending>"],
        ["ExternalName", "<none>", "example.com"],
    ]


def test_an_exposed_deployment_has_the_endpoints_of_its_pods(cluster):
    run(cluster, "create", "deployment", "web", "--image=nginx", "--replicas=2", "--port=80")
    assert run(cluster, "expose", "deployment", "web", "--port=80").stdout == (
        "service/web exposed\n"
    )
    cluster.advance_to(60_000)
    assert run(cluster, "get", "endpoints", "web").stdout == (
        "NAME   ENDPOINTS                     AGE\nweb    10.244.1.2:80,10.244.2.2:80   60s\n"
    )
