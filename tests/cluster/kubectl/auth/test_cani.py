"""kubectl auth can-i asks kube-apiserver and answers yes or no as kubectl does."""

import pytest

from cluster.engine.apiserver.request import Request
from cluster.engine.cluster import Cluster
from cluster.kubectl.main import kubectl
from tests.cluster.kubectl.helpers import run


@pytest.fixture(scope="module")
def cluster():
    cluster = Cluster()
    run(cluster, "create", "serviceaccount", "robot")
    run(cluster, "create", "role", "reader", "--verb=get,list", "--resource=pods")
    run(
        cluster,
        "create",
        "rolebinding",
        "robot-reads",
        "--role=reader",
        "--serviceaccount=default:robot",
    )
    return cluster


def as_robot(cluster, *argv):
    """`kubectl ARGV` with the token of ServiceAccount default/robot."""
    account = cluster.handle(
        Request("get", "serviceaccounts", "default", "robot", credential=cluster.admin)
    )
    uid = account.body["metadata"]["uid"]
    token = cluster.apiserver.authenticator.issue_service_account_token("default", "robot", uid)
    credential = type(cluster.admin)("token", token)
    return kubectl(list(argv), cluster.handle, credential)


def test_the_admin_may(cluster):
    result = run(cluster, "auth", "can-i", "create", "deployments.apps")
    assert (result.stdout, result.stderr, result.exit_code) == ("yes\n", "", 0)
    assert run(cluster, "auth", "can-i", "get", "/healthz").stdout == "yes\n"


def test_a_role_allows_what_it_lists_and_no_more(cluster):
    assert as_robot(cluster, "auth", "can-i", "list", "pods").stdout == "yes\n"
    denied = as_robot(cluster, "auth", "can-i", "delete", "pods")
    assert (denied.stdout, denied.exit_code) == ("no\n", 1)
    assert as_robot(cluster, "auth", "can-i", "list", "pods", "-n", "kube-system").stdout == "no\n"
    quiet = as_robot(cluster, "auth", "can-i", "delete", "pods", "-q")
    assert (quiet.stdout, quiet.exit_code) == ("", 1)


def test_warnings_about_scope_verbs_and_types(cluster):
    assert run(cluster, "auth", "can-i", "get", "nodes").stderr == (
        "Warning: resource 'nodes' is not namespace scoped\n\n"
    )
    assert run(cluster, "auth", "can-i", "get", "nodes", "-A").stderr == ""
    assert run(cluster, "auth", "can-i", "frob", "pods").stderr == (
        "Warning: verb 'frob' is not a known verb\n\n"
    )
    assert run(cluster, "auth", "can-i", "get", "widgets").stderr == (
        "Warning: the server doesn't have a resource type 'widgets'\n\n"
    )


def test_usage_errors(cluster):
    assert run(cluster, "auth", "can-i", "get").stderr == (
        "error: you must specify two arguments: verb resource or verb resource/resourceName.\n"
        "See 'kubectl auth can-i -h' for help and examples.\n"
    )
    assert run(cluster, "auth", "can-i", "get", "pods", "--no-headers").stderr == (
        "error: --no-headers cannot be set without --list specified\n"
    )
    assert run(cluster, "auth", "can-i", "--list", "-A").stderr == (
        "error: list option can't be specified with neither quiet, all-namespaces nor "
        "subresource options\n"
    )


def test_list_compacts_and_sorts_the_rules(cluster):
    lines = as_robot(cluster, "auth", "can-i", "--list").stdout.splitlines()
    assert lines[0].split("   ")[0] == "Resources"
    assert [line.split() for line in lines[1:4]] == [
        ["selfsubjectreviews.authentication.k8s.io", "[]", "[]", "[create]"],
        ["selfsubjectaccessreviews.authorization.k8s.io", "[]", "[]", "[create]"],
        ["selfsubjectrulesreviews.authorization.k8s.io", "[]", "[]", "[create]"],
    ]
    assert ["pods", "[]", "[]", "[get", "list]"] in [line.split() for line in lines]
    admin = run(cluster, "auth", "can-i", "--list", "--no-headers").stdout.splitlines()
    assert admin[0].split() == ["*.*", "[]", "[]", "[*]"]
    assert admin[1].split() == ["[*]", "[]", "[*]"]


def test_as_another_user(cluster):
    robot = "--as=system:serviceaccount:default:robot"
    assert run(cluster, "auth", "can-i", "list", "pods", robot).stdout == "yes\n"
    assert run(cluster, "auth", "can-i", "delete", "pods", robot).stdout == "no\n"
    assert run(cluster, "auth", "whoami", "--as=jane", "--as-group=devs").stdout == (
        "ATTRIBUTE   VALUE\nUsername    jane\nGroups      [devs system:authenticated]\n"
    )
    assert run(cluster, "get", "pods", "--as=jane").stderr == (
        'Error from server (Forbidden): pods is forbidden: User "jane" cannot list resource '
        '"pods" in API group "" in the namespace "default"\n'
    )
