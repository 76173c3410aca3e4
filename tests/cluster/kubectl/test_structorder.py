"""Typed objects as encoding/json writes them: struct fields in declaration order, maps
sorted, empty structs still written."""

import json

from cluster.kubectl import structorder
from cluster.kubectl.main import kubectl


def no_api(request):
    raise AssertionError(f"a client-side dry run sent a request: {request}")


def test_a_deployment_keeps_its_struct_order():
    deployment = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web", "labels": {"b": "2", "a": "1"}},
        "spec": {
            "template": {"spec": {"containers": [{"resources": {}, "name": "c"}]}},
            "replicas": 1,
        },
    }
    laid_out = structorder.ordered(deployment)
    assert list(laid_out) == ["kind", "apiVersion", "metadata", "spec", "status"]
    assert list(laid_out["metadata"]) == ["name", "labels"]
    assert list(laid_out["metadata"]["labels"]) == ["a", "b"]
    assert list(laid_out["spec"]) == ["replicas", "template", "strategy"]
    assert list(laid_out["spec"]["template"]["spec"]["containers"][0]) == ["name", "resources"]


def test_a_kind_it_does_not_know_is_sorted():
    assert list(structorder.ordered({"kind": "Lease", "spec": {}, "apiVersion": "v1"})) == [
        "apiVersion",
        "kind",
        "spec",
    ]


def test_create_prints_its_generated_object_in_struct_order():
    argv = ["create", "rolebinding", "rb", "--role=r", "--user=u", "--dry-run=client", "-o", "json"]
    text = kubectl(argv, no_api, None).stdout
    assert json.loads(text) == {
        "kind": "RoleBinding",
        "apiVersion": "rbac.authorization.k8s.io/v1",
        "metadata": {"name": "rb"},
        "subjects": [{"kind": "User", "apiGroup": "rbac.authorization.k8s.io", "name": "u"}],
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "r"},
    }
    assert text.index('"subjects"') < text.index('"roleRef"') < text.rindex('"kind": "Role"')
    assert text.startswith('{\n    "kind": "RoleBinding",\n    "apiVersion"')
