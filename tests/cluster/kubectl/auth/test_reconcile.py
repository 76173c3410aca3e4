"""kubectl auth reconcile: RBAC roles and bindings made to hold what files say, and what it
took said on stderr, as kubectl 1.37 does over KubeLab's API."""

import json

import pytest

from cluster.engine.cluster import Cluster
from cluster.kubectl.main import kubectl

ROLE = """\
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: rr, namespace: team}
rules:
- {apiGroups: [""], resources: [pods], verbs: [get, list]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: rrb, namespace: team}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: rr}
subjects:
- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}
"""
FILES = {
    "rbac.yaml": ROLE,
    "more.yaml": ROLE.replace("get, list", "get, list, watch").replace("alice", "bob"),
    "view.yaml": ROLE.replace("kind: Role, name: rr", "kind: ClusterRole, name: view"),
    "cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n",
}
DONE = "role.rbac.authorization.k8s.io/rr reconciled\nrolebinding.rbac.authorization.k8s.io/rrb reconciled\n"


@pytest.fixture
def cluster():
    return Cluster()


def reconcile(cluster, *argv):
    return kubectl(["auth", "reconcile", *argv], cluster.handle, cluster.admin, files=FILES)


def get(cluster, *argv):
    result = kubectl(["get", *argv, "-n", "team", "-o", "json"], cluster.handle, cluster.admin)
    return json.loads(result.stdout)


def test_missing_objects_are_made_with_their_namespace(cluster):
    made = reconcile(cluster, "-f", "rbac.yaml")
    assert (made.stdout, made.stderr) == (
        DONE,
        "\treconciliation required create\n\tmissing rules added:\n"
        "\t\t{Verbs:[get list] APIGroups:[] Resources:[pods] ResourceNames:[] NonResourceURLs:[]}\n"
        "\treconciliation required create\n\tmissing subjects added:\n"
        "\t\t{Kind:User APIGroup:rbac.authorization.k8s.io Name:alice Namespace:}\n",
    )
    assert get(cluster, "ns", "team")["metadata"]["name"] == "team"
    assert (
        reconcile(cluster, "-f", "rbac.yaml").stdout,
        reconcile(cluster, "-f", "rbac.yaml").stderr,
    ) == (DONE, "")


def test_what_is_missing_is_added_and_extras_go_only_when_asked(cluster):
    reconcile(cluster, "-f", "rbac.yaml")
    more = reconcile(cluster, "-f", "more.yaml")
    assert more.stderr == (
        "\treconciliation required update\n\tmissing rules added:\n"
        "\t\t{Verbs:[watch] APIGroups:[] Resources:[pods] ResourceNames:[] NonResourceURLs:[]}\n"
        "\treconciliation required update\n\tmissing subjects added:\n"
        "\t\t{Kind:User APIGroup:rbac.authorization.k8s.io Name:bob Namespace:}\n"
    )
    assert [s["name"] for s in get(cluster, "rolebinding", "rrb")["subjects"]] == ["alice", "bob"]
    assert reconcile(cluster, "-f", "rbac.yaml").stderr == ""  # extras stay, unsaid
    removed = reconcile(
        cluster, "-f", "rbac.yaml", "--remove-extra-permissions", "--remove-extra-subjects"
    )
    assert "\textra rules removed:\n\t\t{Verbs:[watch] " in removed.stderr
    assert (
        "\textra subjects removed:\n\t\t{Kind:User APIGroup:rbac.authorization.k8s.io Name:bob "
        in removed.stderr
    )
    assert get(cluster, "role", "rr")["rules"] == [
        {"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list"]}
    ]


def test_a_binding_to_another_role_is_made_anew(cluster):
    reconcile(cluster, "-f", "rbac.yaml")
    uid = get(cluster, "rolebinding", "rrb")["metadata"]["uid"]
    again = reconcile(cluster, "-f", "view.yaml")
    assert again.stderr == "\treconciliation required recreate\n"
    binding = get(cluster, "rolebinding", "rrb")
    assert binding["roleRef"]["name"] == "view" and binding["metadata"]["uid"] != uid


def test_a_dry_run_changes_nothing_and_other_objects_are_passed_over(cluster):
    assert reconcile(cluster, "-f", "rbac.yaml", "--dry-run=client").stdout == (
        "role.rbac.authorization.k8s.io/rr reconciled (dry run)\n"
        "rolebinding.rbac.authorization.k8s.io/rrb reconciled (dry run)\n"
    )
    missing = kubectl(["get", "role", "rr", "-n", "team"], cluster.handle, cluster.admin)
    assert missing.stderr.startswith("Error from server (NotFound)")
    assert (
        reconcile(cluster, "-f", "cm.yaml").stdout,
        reconcile(cluster, "-f", "cm.yaml").exit_code,
    ) == ("", 0)
    assert reconcile(cluster).stderr == "error: must specify one of -f and -k\n"
    assert reconcile(cluster, "-f", "rbac.yaml", "--dry-run=server").stderr == (
        "error: --dry-run=server for command reconcile is not supported yet\n"
    )
