"""kubectl config view prints the built-in kubectl's kubeconfig, secrets shortened."""

import json

from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import run

VIEW = """apiVersion: v1
clusters:
- cluster:
    server: https://172.18.0.2:6443
  name: kubernetes
contexts:
- context:
    cluster: kubernetes
    user: kubernetes-admin
  name: kubernetes-admin@kubernetes
current-context: kubernetes-admin@kubernetes
kind: Config
users:
- name: kubernetes-admin
  user:
    token: REDACTED
"""


def test_the_token_is_redacted_unless_raw():
    cluster = Cluster()
    assert run(cluster, "config", "view").stdout == VIEW
    raw = json.loads(run(cluster, "config", "view", "--raw", "-o", "json").stdout)
    assert raw["users"][0]["user"] == {"token": "kubelab-admin"}


def test_templates_and_bad_formats():
    cluster = Cluster()
    template = "jsonpath={.contexts[0].context.user}"
    assert run(cluster, "config", "view", "-o", template).stdout == "kubernetes-admin"
    assert run(cluster, "config", "view", "-o", "wide").stderr == (
        'error: unable to match a printer suitable for the output format "wide", allowed '
        "formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,"
        "jsonpath-file,kyaml,name,template,templatefile,yaml\n"
    )


def test_json_and_kyaml_keep_the_order_of_the_kubeconfig_types():
    cluster = Cluster()
    document = json.loads(run(cluster, "config", "view", "-o", "json").stdout)
    assert list(document) == [
        "kind",
        "apiVersion",
        "clusters",
        "users",
        "contexts",
        "current-context",
    ]
    assert list(document["clusters"][0]) == ["name", "cluster"]
    assert run(cluster, "config", "view", "-o", "kyaml").stdout.startswith(
        '---\n{\n  kind: "Config",\n  apiVersion: "v1",\n  clusters: [{\n    name: "kubernetes",\n'
    )
