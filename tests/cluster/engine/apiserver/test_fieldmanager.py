"""Server-side apply and managedFields, as kube-apiserver keeps them."""

from dataclasses import replace

import pytest

from cluster.engine.apiserver.request import Request
from cluster.engine.cluster import Cluster

APPLY = "application/apply-patch+yaml"


@pytest.fixture(scope="module")
def cluster():
    return Cluster()


def ask(cluster, verb, name, **options):
    options.setdefault("credential", cluster.admin)
    return cluster.handle(Request(verb, "configmaps", "default", name, **options))


def apply(cluster, name, data, manager, **query):
    body = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name}, "data": data}
    return ask(
        cluster,
        "patch",
        name,
        body=body,
        content_type=APPLY,
        query={"fieldManager": manager, **query},
    )


def owners(obj):
    return {(e["manager"], e["operation"]): e["fieldsV1"] for e in obj["metadata"]["managedFields"]}


def test_apply_needs_a_field_manager(cluster):
    body = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}}
    response = ask(cluster, "patch", "x", body=body, content_type=APPLY)
    assert response.code == 422
    assert response.body["message"] == (
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch'
    )


def test_apply_creates_what_is_not_there_and_records_its_manager(cluster):
    response = apply(cluster, "created", {"a": "1"}, "alice")
    assert response.code == 201
    [entry] = response.body["metadata"]["managedFields"]
    assert entry == {
        "manager": "alice",
        "operation": "Apply",
        "apiVersion": "v1",
        "time": entry["time"],
        "fieldsType": "FieldsV1",
        "fieldsV1": {"f:data": {"f:a": {}}},
    }


def test_an_applied_config_that_is_not_an_object_is_a_bad_request(cluster):
    response = ask(
        cluster, "patch", "list", body=["a"], content_type=APPLY, query={"fieldManager": "kubectl"}
    )
    assert (response.code, response.body["reason"]) == (400, "BadRequest")
    assert response.body["message"] == (
        "error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot "
        "unmarshal array into Go value of type map[string]interface {}"
    )


def test_a_different_value_for_a_field_someone_else_owns_conflicts(cluster):
    apply(cluster, "shared", {"a": "1"}, "alice")
    response = apply(cluster, "shared", {"a": "2"}, "bob")
    assert (response.code, response.body["reason"]) == (409, "Conflict")
    assert (
        response.body["message"] == 'Apply failed with 1 conflict: conflict with "alice": .data.a'
    )
    assert response.body["details"]["causes"] == [
        {"reason": "FieldManagerConflict", "message": 'conflict with "alice"', "field": ".data.a"}
    ]
    assert ask(cluster, "get", "shared").body["data"] == {"a": "1"}


def test_force_takes_the_field_over(cluster):
    apply(cluster, "forced", {"a": "1", "b": "1"}, "alice")
    response = apply(cluster, "forced", {"a": "2"}, "bob", force="true")
    assert response.code == 200
    assert response.body["data"] == {"a": "2", "b": "1"}
    assert owners(response.body) == {
        ("alice", "Apply"): {"f:data": {"f:b": {}}},
        ("bob", "Apply"): {"f:data": {"f:a": {}}},
    }


def test_the_same_value_is_owned_by_both_without_conflict(cluster):
    apply(cluster, "agreed", {"a": "1"}, "alice")
    response = apply(cluster, "agreed", {"a": "1"}, "bob")
    assert response.code == 200
    assert set(owners(response.body)) == {("alice", "Apply"), ("bob", "Apply")}


def test_a_field_dropped_from_the_applied_config_goes_unless_someone_else_owns_it(cluster):
    apply(cluster, "pruned", {"a": "1", "b": "2", "c": "3"}, "alice")
    apply(cluster, "pruned", {"c": "3"}, "bob")
    response = apply(cluster, "pruned", {"a": "1"}, "alice")
    assert response.body["data"] == {"a": "1", "c": "3"}


def test_writes_by_a_named_client_are_updates_it_owns(cluster):
    body = {"metadata": {"name": "updated"}, "data": {"a": "1"}}
    created = ask(
        cluster, "create", "updated", body=body, user_agent="kubectl-create/v1.37.1 (linux/amd64)"
    )
    assert owners(created.body) == {("kubectl-create", "Update"): {"f:data": {".": {}, "f:a": {}}}}
    changed = {**created.body, "data": {"a": "2"}}
    response = ask(
        cluster, "update", "updated", body=changed, query={"fieldManager": "kubectl-edit"}
    )
    assert owners(response.body) == {
        ("kubectl-create", "Update"): {"f:data": {".": {}}},
        ("kubectl-edit", "Update"): {"f:data": {"f:a": {}}},
    }
    conflict = apply(cluster, "updated", {"a": "3"}, "kubectl")
    assert conflict.code == 409
    assert conflict.body["message"].startswith(
        'Apply failed with 1 conflict: conflict with "kubectl-edit" using v1 at '
    )


def test_the_clusters_own_components_leave_owners_as_they_were(cluster):
    created = apply(cluster, "kept", {"a": "1"}, "alice")
    body = {**created.body, "data": {"a": "1", "b": "2"}}
    body["metadata"] = {k: v for k, v in body["metadata"].items() if k != "managedFields"}
    response = ask(cluster, "update", "kept", body=body)
    assert owners(response.body) == {("alice", "Apply"): {"f:data": {"f:a": {}}}}


JSON_PATCH = "application/json-patch+json"


def test_a_write_that_sets_managed_fields_replaces_them(cluster):
    """kubectl's client-side to server-side apply migration rewrites managedFields so."""
    apply(cluster, "rewritten", {"a": "1"}, "alice")
    entry = {
        "manager": "kubectl",
        "operation": "Apply",
        "apiVersion": "v1",
        "fieldsType": "FieldsV1",
        "fieldsV1": {"f:data": {"f:a": {}}},
    }
    patch = [{"op": "replace", "path": "/metadata/managedFields", "value": [entry]}]
    response = ask(
        cluster, "patch", "rewritten", body=patch, content_type=JSON_PATCH, user_agent="kubectl"
    )
    assert response.body["metadata"]["managedFields"] == [entry]


@pytest.mark.parametrize("reset", [[], [{}]])
def test_managed_fields_set_to_an_empty_list_or_entry_are_reset(cluster, reset):
    apply(cluster, "reset", {"a": "1"}, "alice")
    patch = [{"op": "replace", "path": "/metadata/managedFields", "value": reset}]
    response = ask(
        cluster, "patch", "reset", body=patch, content_type=JSON_PATCH, user_agent="kubectl"
    )
    assert "managedFields" not in response.body["metadata"]


def test_managed_fields_that_do_not_decode_leave_the_live_ones(cluster):
    apply(cluster, "undecodable", {"a": "1"}, "alice")
    patch = [
        {"op": "replace", "path": "/metadata/managedFields", "value": [{"manager": "x"}]},
    ]
    response = ask(
        cluster, "patch", "undecodable", body=patch, content_type=JSON_PATCH, user_agent="kubectl"
    )
    assert owners(response.body) == {("alice", "Apply"): {"f:data": {"f:a": {}}}}


def deployment(port):
    container = {"name": "web", "image": "nginx", "ports": [{"containerPort": port}]}
    template = {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [container]}}
    spec = {"selector": {"matchLabels": {"app": "web"}}, "template": template}
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web"},
        "spec": spec,
    }


def test_a_port_dropped_from_the_applied_config_goes_and_its_key_counts_the_default_protocol(
    cluster,
):
    def apply_port(port):
        request = Request(
            "patch",
            "deployments",
            "default",
            "web",
            body=deployment(port),
            content_type=APPLY,
            query={"fieldManager": "kubectl"},
            credential=cluster.admin,
        )
        return cluster.handle(request)

    assert apply_port(80).code == 201
    response = apply_port(81)
    assert response.code == 200
    [container] = response.body["spec"]["template"]["spec"]["containers"]
    assert container["ports"] == [{"containerPort": 81, "protocol": "TCP"}]
    [entry] = response.body["metadata"]["managedFields"]
    containers = entry["fieldsV1"]["f:spec"]["f:template"]["f:spec"]["f:containers"]
    assert list(containers['k:{"name":"web"}']["f:ports"]) == [
        'k:{"containerPort":81,"protocol":"TCP"}'
    ]


def test_an_applied_config_with_an_undeclared_field_is_refused_with_its_path(cluster):
    body = deployment(80)
    body["spec"]["template"]["spec"]["containers"][0]["imagee"] = "x"
    request = Request(
        "patch",
        "deployments",
        "default",
        "web",
        body=body,
        content_type=APPLY,
        query={"fieldManager": "kubectl"},
        credential=cluster.admin,
    )
    response = cluster.handle(request)
    assert (response.code, response.body["reason"]) == (400, "BadRequest")
    assert response.body["message"] == (
        "failed to create typed patch object (apps/v1, Kind=Deployment) /web: "
        '.spec.template.spec.containers[name="web"].imagee: field not declared in schema'
    )


def test_replicas_set_through_the_scale_subresource_are_owned_there(cluster):
    body = deployment(80)
    body["metadata"]["name"] = "scaled"
    body["spec"]["replicas"] = 2
    options = {"credential": cluster.admin, "content_type": APPLY}
    apply_request = Request("patch", "deployments", "default", "scaled", body=body, **options)
    assert cluster.handle(replace(apply_request, query={"fieldManager": "kubectl"})).code == 201
    scale = Request(
        "patch",
        "deployments",
        "default",
        "scaled",
        subresource="scale",
        body={"spec": {"replicas": 3}},
        content_type="application/merge-patch+json",
        user_agent="kubectl-scale/v1.37.1 (linux/amd64) kubernetes/abcdef0",
        credential=cluster.admin,
    )
    assert cluster.handle(scale).code == 200
    stored = cluster.handle(
        Request("get", "deployments", "default", "scaled", credential=cluster.admin)
    )
    [scaler] = [
        e for e in stored.body["metadata"]["managedFields"] if e["manager"] == "kubectl-scale"
    ]
    assert (scaler["subresource"], scaler["fieldsV1"]) == ("scale", {"f:spec": {"f:replicas": {}}})
    conflict = cluster.handle(replace(apply_request, query={"fieldManager": "kubectl"}))
    assert conflict.code == 409
    assert conflict.body["message"].startswith(
        'Apply failed with 1 conflict: conflict with "kubectl-scale" with subresource "scale" using apps/v1 at '
    )
    assert conflict.body["message"].endswith(": .spec.replicas")


def test_fields_of_an_object_made_without_managers_belong_to_before_first_apply(cluster):
    body = {"metadata": {"name": "unowned"}, "data": {"a": "1", "b": "2"}}
    assert ask(cluster, "create", "unowned", body=body).code == 201  # no manager: none recorded
    conflict = apply(cluster, "unowned", {"a": "9"}, "kubectl")
    assert conflict.body["message"] == (
        'Apply failed with 1 conflict: conflict with "before-first-apply" using v1: .data.a'
    )
    response = apply(cluster, "unowned", {"a": "1"}, "kubectl")
    assert response.code == 200
    assert owners(response.body) == {
        ("before-first-apply", "Update"): {"f:data": {".": {}, "f:a": {}, "f:b": {}}},
        ("kubectl", "Apply"): {"f:data": {"f:a": {}}},
    }


def test_resources_resized_are_owned_through_the_resize_subresource_and_nothing_else(cluster):
    resources = {"requests": {"cpu": "100m"}, "limits": {"cpu": "200m"}}
    container = {"name": "app", "image": "nginx", "resources": resources}
    body = {"metadata": {"name": "resized"}, "spec": {"containers": [container]}}
    created = Request(
        "create", "pods", "default", body=body, credential=cluster.admin, user_agent="kubectl"
    )
    assert cluster.handle(created).code == 201
    change = {"resources": {"limits": {"cpu": "300m"}}, "image": "busybox"}
    resize = Request(
        "patch",
        "pods",
        "default",
        "resized",
        subresource="resize",
        body={
            "metadata": {"labels": {"a": "b"}},
            "spec": {"containers": [{"name": "app", **change}]},
        },
        content_type="application/strategic-merge-patch+json",
        user_agent="kubectl-patch/v1.37.1 (linux/amd64) kubernetes/abcdef0",
        credential=cluster.admin,
    )
    entries = cluster.handle(resize).body["metadata"]["managedFields"]
    assert [(e["manager"], e.get("subresource")) for e in entries] == [
        ("kubectl", None),
        ("kubectl-patch", "resize"),
    ]
    key = 'k:{"name":"app"}'
    resized = {"f:limits": {"f:cpu": {}}}
    assert entries[1]["fieldsV1"] == {"f:spec": {"f:containers": {key: {"f:resources": resized}}}}
    created_resources = entries[0]["fieldsV1"]["f:spec"]["f:containers"][key]["f:resources"]
    assert created_resources == {"f:limits": {".": {}}, "f:requests": {".": {}, "f:cpu": {}}}
