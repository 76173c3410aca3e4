"""kubectl apply: client-side apply with its last-applied-configuration and three-way
merges, and server-side apply (outputs checked against kubectl 1.37 over KubeLab's API)."""

import json

import pytest
import yaml

from cluster.engine.cluster import Cluster
from cluster.kubectl.main import kubectl
from tests.cluster.kubectl.helpers import run

MANIFEST = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
data:
  a: "1"
"""


@pytest.fixture
def cluster() -> Cluster:
    return Cluster()


def apply(cluster: Cluster, manifest: str, *flags: str):
    return run(cluster, "apply", "-f", "-", *flags, stdin=manifest)


def test_created_then_unchanged_then_configured(cluster):
    assert apply(cluster, MANIFEST).stdout == "deployment.apps/web created\nconfigmap/cfg created\n"
    cluster.run_until_idle()
    assert (
        apply(cluster, MANIFEST).stdout
        == "deployment.apps/web unchanged\nconfigmap/cfg unchanged\n"
    )
    changed = MANIFEST.replace("replicas: 2", "replicas: 3").replace('a: "1"', 'b: "2"')
    result = apply(cluster, changed)
    assert (result.stdout, result.stderr, result.exit_code) == (
        "deployment.apps/web configured\nconfigmap/cfg configured\n",
        "",
        0,
    )
    config = yaml.safe_load(run(cluster, "get", "cm", "cfg", "-o", "yaml").stdout)
    assert config["data"] == {"b": "2"}  # a key dropped from the manifest is deleted
    assert config["metadata"]["annotations"] == {
        "kubectl.kubernetes.io/last-applied-configuration": '{"apiVersion":"v1","data":{"b":"2"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"cfg","namespace":"default"}}\n'
    }
    assert run(cluster, "get", "deploy", "web", "-o", "jsonpath={.spec.replicas}").stdout == "3"


def test_fields_others_set_are_left_alone(cluster):
    apply(cluster, MANIFEST)
    run(cluster, "label", "cm", "cfg", "team=blue")
    assert apply(cluster, MANIFEST).stdout.splitlines()[1] == "configmap/cfg unchanged"
    labels = json.loads(run(cluster, "get", "cm", "cfg", "-o", "json").stdout)["metadata"]["labels"]
    assert labels == {"team": "blue"}


def test_an_object_made_otherwise_is_warned_about_and_taken_over(cluster):
    run(cluster, "create", "configmap", "cfg", "--from-literal=a=1")
    result = apply(cluster, MANIFEST.split("---\n")[1])
    assert result.stdout == "configmap/cfg configured\n"
    assert result.stderr == (
        "Warning: resource configmaps/cfg is missing the kubectl.kubernetes.io/last-applied-"
        "configuration annotation which is required by kubectl apply. kubectl apply should only "
        "be used on resources created declaratively by either kubectl create --save-config or "
        "kubectl apply. The missing annotation will be patched automatically.\n"
    )


def test_dry_runs_change_nothing(cluster):
    assert apply(cluster, MANIFEST, "--dry-run=client").stdout == (
        "deployment.apps/web created (dry run)\nconfigmap/cfg created (dry run)\n"
    )
    assert apply(cluster, MANIFEST, "--dry-run=server").stdout == (
        "deployment.apps/web created (server dry run)\nconfigmap/cfg created (server dry run)\n"
    )
    listed = run(cluster, "get", "cm,deploy")
    assert (listed.stdout, listed.stderr) == (
        "NAME                         DATA   AGE\nconfigmap/kube-root-ca.crt   1      0s\n",
        "",
    )


def test_the_good_objects_are_applied_and_the_bad_ones_reported(cluster):
    bad = "apiVersion: v1\nkind: Foo\nmetadata:\n  name: x\n---\n" + MANIFEST.split("---\n")[1]
    result = apply(cluster, bad)
    assert (result.stdout, result.exit_code) == ("configmap/cfg created\n", 1)
    assert result.stderr == (
        'error: resource mapping not found for name: "x" namespace: "" from "STDIN": no matches '
        'for kind "Foo" in version "v1"\nensure CRDs are installed first\n'
    )
    invalid = MANIFEST.split("---\n")[0].replace("replicas: 2", "replicas: -1")
    assert apply(cluster, invalid).stderr == (
        'The Deployment "web" is invalid: spec.replicas: Invalid value: -1: must be greater than '
        "or equal to 0\n"
    )


def test_nothing_to_apply(cluster):
    assert apply(cluster, "").stderr == "error: no objects passed to apply\n"
    assert run(cluster, "apply").stderr == (
        "error: must specify one of -f and -k\nSee 'kubectl apply -h' for help and examples\n"
    )


def test_server_side_apply_and_its_conflicts(cluster):
    deployment = MANIFEST.split("---\n")[0]
    assert apply(cluster, deployment, "--server-side").stdout == (
        "deployment.apps/web serverside-applied\n"
    )
    assert apply(cluster, deployment, "--server-side").stdout == (
        "deployment.apps/web serverside-applied\n"
    )
    run(cluster, "scale", "deployment", "web", "--replicas=5")
    shown = run(cluster, "get", "deploy", "web", "-o", "json", "--show-managed-fields")
    managed = json.loads(shown.stdout)
    managers = {entry["manager"] for entry in managed["metadata"]["managedFields"]}
    assert "kubectl" in managers


def test_an_object_of_another_namespace_is_refused_and_the_others_applied(cluster):
    text = (
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: dev\n---\n"
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: dev\n"
    )
    result = apply(cluster, text, "-n", "prod")
    assert (result.stdout, result.exit_code) == ("namespace/dev created\n", 1)
    assert result.stderr == (
        'error: the namespace from the provided object "dev" does not match the namespace '
        "\"prod\". You must pass '--namespace=dev' to perform this operation.\n"
    )


def test_a_deployment_switches_to_recreate_and_back(cluster):
    rolling = MANIFEST.split("---\n")[0]
    recreate = rolling.replace(
        "  replicas: 2\n", "  replicas: 2\n  strategy:\n    type: Recreate\n"
    )
    apply(cluster, rolling)
    assert apply(cluster, recreate).stdout == "deployment.apps/web configured\n"
    strategy = "jsonpath={.spec.strategy}"
    assert run(cluster, "get", "deploy", "web", "-o", strategy).stdout == '{"type":"Recreate"}'
    assert apply(cluster, rolling).stdout == "deployment.apps/web configured\n"
    assert run(cluster, "get", "deploy", "web", "-o", strategy).stdout == (
        '{"rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"},"type":"RollingUpdate"}'
    )


def test_merged_lists_take_the_manifest_s_order(cluster):
    deployment = MANIFEST.split("---\n")[0]
    with_env = deployment.replace(
        "image: nginx:1.27\n", 'image: nginx:1.27\n        env: [{name: X, value: "1"}]\n'
    )
    apply(cluster, with_env)
    reordered = with_env.replace(
        '[{name: X, value: "1"}]', '[{name: W, value: "0"}, {name: X, value: "1"}]'
    )
    assert apply(cluster, reordered).stdout == "deployment.apps/web configured\n"
    env = "jsonpath={.spec.template.spec.containers[0].env[*].name}"
    assert run(cluster, "get", "deploy", "web", "-o", env).stdout == "W X"


def test_a_server_side_conflict_says_how_to_resolve_it(cluster):
    deployment = MANIFEST.split("---\n")[0]
    apply(cluster, deployment, "--server-side")
    apply(
        cluster,
        deployment.replace("replicas: 2", "replicas: 4"),
        "--server-side",
        "--field-manager=ops",
        "--force-conflicts",
    )
    result = apply(cluster, deployment, "--server-side")
    assert result.exit_code == 1
    assert result.stderr.startswith('error: Apply failed with 1 conflict: conflict with "ops"')
    assert result.stderr.endswith(
        "  stop managing the field (remove it from their configuration).\n"
        "See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts\n"
    )
    forced = apply(cluster, deployment, "--server-side", "--force-conflicts")
    assert forced.stdout == "deployment.apps/web serverside-applied\n"


UNKNOWN_FIELD = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  foo: bar\n"


def test_an_unknown_field_is_refused_or_warned_of_as_validate_says(cluster):
    assert apply(cluster, UNKNOWN_FIELD).stderr == (
        'Error from server (BadRequest): error when creating "STDIN": ConfigMap in version "v1" '
        'cannot be handled as a ConfigMap: strict decoding error: unknown field "metadata.foo"\n'
    )
    warned = apply(cluster, UNKNOWN_FIELD, "--validate=warn")
    assert (warned.stdout, warned.stderr) == (
        "configmap/cfg created\n",
        'Warning: unknown field "metadata.foo"\n',
    )


def test_a_directory_brings_its_manifests_in_lexical_order(cluster):
    def config_map(name: str) -> str:
        return f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n"

    files = {
        "app/b.yml": config_map("b"),
        "app/a.json": '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}',
        "app/README.md": "not a manifest",
        "app/deeper/c.yaml": config_map("c"),
    }
    applied = kubectl(["apply", "-f", "app/"], cluster.handle, cluster.admin, files=files)
    assert applied.stdout == "configmap/a created\nconfigmap/b created\n"
    again = kubectl(["apply", "-R", "-f", "app"], cluster.handle, cluster.admin, files=files)
    assert again.stdout == ("configmap/a unchanged\nconfigmap/b unchanged\nconfigmap/c created\n")
    missing = kubectl(["apply", "-f", "nothing"], cluster.handle, cluster.admin, files=files)
    assert missing.stderr == 'error: the path "nothing" does not exist\n'


def test_a_label_value_of_y_is_a_yaml_boolean_as_kubectl_reads_it(cluster):
    manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: flags\n  labels: {app: y}\n"
    result = run(cluster, "apply", "-f", "-", stdin=manifest)
    assert result.stderr == (
        'Error from server (BadRequest): error when creating "STDIN": ConfigMap in version "v1" '
        "cannot be handled as a ConfigMap: json: cannot unmarshal bool into Go struct field "
        "ObjectMeta.metadata.labels of type string\n"
    )
