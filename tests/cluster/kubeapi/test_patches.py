"""The real kubectl against a real stack: server-side field validation, the patch types,
server-side apply with its conflicts, managed fields, and `kubectl explain` reading the
OpenAPI v3 documents."""

import json
from pathlib import Path

from tests.stack import real_kubectl

TYPO = """apiVersion: v1
kind: Pod
metadata:
  name: {name}
spec:
  containers:
  - name: c
    image: nginx
    imagee: x
"""
DEPLOYMENT = """apiVersion: apps/v1
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
        image: nginx:1.25
"""


def test_kubectl_asks_for_strict_validation_and_an_unknown_field_is_refused(
    kubeconfig: Path,
) -> None:
    result = real_kubectl(kubeconfig, "create", "-f", "-", stdin=TYPO.format(name="strict"))
    assert result.returncode == 1
    assert result.stderr == (
        'Error from server (BadRequest): error when creating "STDIN": Pod in version "v1" cannot be '
        'handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagee"\n'
    )


def test_validate_warn_creates_the_object_and_prints_the_servers_warning(kubeconfig: Path) -> None:
    stdin = TYPO.format(name="warned")
    result = real_kubectl(kubeconfig, "create", "--validate=warn", "-f", "-", stdin=stdin)
    assert (result.returncode, result.stdout) == (0, "pod/warned created\n")
    assert result.stderr == 'Warning: unknown field "spec.containers[0].imagee"\n'


def test_server_side_apply_conflicts_with_what_kubectl_scale_set_until_forced(
    kubeconfig: Path,
) -> None:
    applied = real_kubectl(kubeconfig, "apply", "--server-side", "-f", "-", stdin=DEPLOYMENT)
    assert applied.stdout == "deployment.apps/web serverside-applied\n"
    assert real_kubectl(kubeconfig, "scale", "deployment", "web", "--replicas=3").returncode == 0
    again = real_kubectl(kubeconfig, "apply", "--server-side", "-f", "-", stdin=DEPLOYMENT)
    assert again.returncode == 1
    # kubectl scale's field manager is "kubectl" too: the subresource tells the two apart
    assert (
        'Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1'
        in again.stderr
    )
    assert ".spec.replicas" in again.stderr
    forced = real_kubectl(
        kubeconfig, "apply", "--server-side", "--force-conflicts", "-f", "-", stdin=DEPLOYMENT
    )
    assert forced.returncode == 0, forced.stderr
    shown = real_kubectl(
        kubeconfig, "get", "deployment", "web", "-o", "json", "--show-managed-fields"
    )
    deployment = json.loads(shown.stdout)
    assert deployment["spec"]["replicas"] == 2
    [entry] = [e for e in deployment["metadata"]["managedFields"] if e["manager"] == "kubectl"]
    assert entry["operation"] == "Apply"
    containers = entry["fieldsV1"]["f:spec"]["f:template"]["f:spec"]["f:containers"]
    assert containers == {'k:{"name":"nginx"}': {".": {}, "f:image": {}, "f:name": {}}}


def test_kubectl_patch_speaks_strategic_merge_and_json_patch(kubeconfig: Path) -> None:
    real_kubectl(kubeconfig, "create", "configmap", "settings", "--from-literal=a=1")
    json_patch = '[{"op":"add","path":"/data/b","value":"2"}]'
    assert (
        real_kubectl(
            kubeconfig, "patch", "cm", "settings", "--type=json", "-p", json_patch
        ).returncode
        == 0
    )
    failing = '[{"op":"test","path":"/data/a","value":"9"}]'
    refused = real_kubectl(kubeconfig, "patch", "cm", "settings", "--type=json", "-p", failing)
    assert refused.returncode == 1
    assert "testing value /data/a failed: test failed" in refused.stderr
    got = real_kubectl(kubeconfig, "get", "cm", "settings", "-o", "jsonpath={.data}")
    assert json.loads(got.stdout) == {"a": "1", "b": "2"}


def test_kubectl_explain_reads_the_openapi_documents(kubeconfig: Path) -> None:
    result = real_kubectl(kubeconfig, "explain", "deployment.spec.strategy")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n")
    assert "FIELD: strategy <DeploymentStrategy>" in result.stdout
    assert "The deployment strategy to use to replace existing pods with new ones." in result.stdout
    assert "  rollingUpdate\t<RollingUpdateDeployment>" in result.stdout
