"""kubectl auth whoami prints the SelfSubjectReview's user as kubectl does."""

import json

from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import run


def test_the_table_and_json():
    cluster = Cluster()
    assert run(cluster, "auth", "whoami").stdout == (
        "ATTRIBUTE   VALUE\n"
        "Username    kubernetes-admin\n"
        "Groups      [kubeadm:cluster-admins system:authenticated]\n"
    )
    text = run(cluster, "auth", "whoami", "-o", "json").stdout
    assert text.startswith('{\n    "kind": "SelfSubjectReview",\n    "apiVersion"')  # Go's order
    review = json.loads(text)
    assert review == {
        "apiVersion": "authentication.k8s.io/v1",
        "kind": "SelfSubjectReview",
        "metadata": {},
        "status": {
            "userInfo": {
                "groups": ["kubeadm:cluster-admins", "system:authenticated"],
                "username": "kubernetes-admin",
            }
        },
    }
    assert run(cluster, "auth", "whoami", "-o", "wide").stderr == (
        'error: unable to match a printer suitable for the output format "wide", allowed '
        "formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,"
        "kyaml,name,template,templatefile,yaml\n"
    )


def test_any_printer_kubectl_has():
    cluster = Cluster()
    jsonpath = run(cluster, "auth", "whoami", "-o", "jsonpath={.status.userInfo.username}")
    assert jsonpath.stdout == "kubernetes-admin"
    named = run(cluster, "auth", "whoami", "-o", "name")
    assert named.stdout == "selfsubjectreview.authentication.k8s.io/<unknown>\n"


def test_who_may_not_ask_gets_kubectls_own_words():
    cluster = Cluster()
    result = run(cluster, "auth", "whoami", "--as=system:anonymous")
    assert (result.exit_code, result.stderr) == (
        1,
        "error: the selfsubjectreviews API is not enabled in the cluster or you do not have "
        "permission to call it\n",
    )


def test_as_uid_impersonates_the_users_uid():
    cluster = Cluster()
    assert run(cluster, "auth", "whoami", "--as=jane", "--as-uid=42").stdout == (
        "ATTRIBUTE   VALUE\nUsername    jane\nUID         42\nGroups      [system:authenticated]\n"
    )
