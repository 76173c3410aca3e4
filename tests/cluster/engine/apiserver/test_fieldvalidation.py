"""Server-side field validation and the patch types, as kube-apiserver answers them."""

import pytest

from cluster.engine.apiserver import fieldvalidation
from cluster.engine.apiserver.request import Request
from cluster.engine.cluster import Cluster

MERGE = "application/merge-patch+json"
JSON_PATCH = "application/json-patch+json"
STRATEGIC = "application/strategic-merge-patch+json"


@pytest.fixture(scope="module")
def cluster():
    return Cluster()


def ask(cluster, verb, resource, name="", **options):
    options.setdefault("credential", cluster.admin)
    return cluster.handle(Request(verb, resource, "default", name, **options))


def pod(name, **container):
    return {
        "metadata": {"name": name},
        "spec": {"containers": [{"name": "c", "image": "nginx", **container}]},
    }


def test_strict_refuses_an_unknown_field_with_its_path(cluster):
    response = ask(
        cluster,
        "create",
        "pods",
        body=pod("strict", imagee="x"),
        query={"fieldValidation": "Strict"},
    )
    assert (response.code, response.body["reason"]) == (400, "BadRequest")
    assert response.body["message"] == (
        'Pod in version "v1" cannot be handled as a Pod: strict decoding error: '
        'unknown field "spec.containers[0].imagee"'
    )
    assert ask(cluster, "get", "pods", "strict").code == 404


def test_without_a_directive_unknown_fields_are_dropped_with_a_warning(cluster):
    body = {**pod("warned", imagee="x"), "spec2": {}}
    response = ask(cluster, "create", "pods", body=body)
    assert response.code == 201
    assert response.warnings == (
        'unknown field "spec.containers[0].imagee"',
        'unknown field "spec2"',
    )
    stored = ask(cluster, "get", "pods", "warned").body
    assert "imagee" not in stored["spec"]["containers"][0]
    assert "spec2" not in stored


def test_ignore_drops_unknown_fields_silently(cluster):
    response = ask(
        cluster,
        "create",
        "pods",
        body=pod("ignored", imagee="x"),
        query={"fieldValidation": "Ignore"},
    )
    assert (response.code, response.warnings) == (201, ())


def test_an_unknown_directive_makes_the_options_invalid(cluster):
    response = ask(cluster, "create", "pods", body=pod("bad"), query={"fieldValidation": "Loose"})
    assert response.code == 422
    assert response.body["message"] == (
        'CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "Loose": '
        'supported values: "", "Ignore", "Strict", "Warn"'
    )


def test_a_patch_adding_an_unknown_field_is_invalid_when_strict(cluster):
    ask(cluster, "create", "pods", body=pod("patched"))
    response = ask(
        cluster,
        "patch",
        "pods",
        "patched",
        body={"spec": {"foo": 1}},
        content_type=MERGE,
        query={"fieldValidation": "Strict"},
    )
    assert response.code == 422
    assert response.body["message"].startswith(' "" is invalid: patch: Invalid value: "{')
    assert response.body["message"].endswith('": strict decoding error: unknown field "spec.foo"')


def test_a_strategic_patch_merges_containers_by_name(cluster):
    ask(cluster, "create", "pods", body=pod("merged"))
    body = {
        "metadata": {"labels": {"tier": "web"}},
        "spec": {"containers": [{"name": "c", "image": "nginx:2"}]},
    }
    response = ask(cluster, "patch", "pods", "merged", body=body, content_type=STRATEGIC)
    assert response.code == 200
    assert response.body["metadata"]["labels"] == {"tier": "web"}
    [container] = response.body["spec"]["containers"]
    assert (container["name"], container["image"], container["imagePullPolicy"]) == (
        "c",
        "nginx:2",
        "Always",  # kept from the container the patch merged into
    )


def test_a_json_patch_that_does_not_apply_is_unprocessable(cluster):
    ask(cluster, "create", "pods", body=pod("jsonpatched"))
    body = [{"op": "test", "path": "/metadata/name", "value": "other"}]
    response = ask(cluster, "patch", "pods", "jsonpatched", body=body, content_type=JSON_PATCH)
    assert (response.code, response.body["reason"]) == (422, "Invalid")
    assert (
        response.body["message"] == "the server rejected our request due to an error in our request"
    )
    assert response.body["details"]["causes"] == [
        {
            "reason": "UnexpectedServerResponse",
            "message": "testing value /metadata/name failed: test failed",
        }
    ]


def test_a_json_patch_sets_a_label(cluster):
    ask(cluster, "create", "pods", body=pod("labelled"))
    body = [{"op": "add", "path": "/metadata/labels", "value": {"app": "web"}}]
    response = ask(cluster, "patch", "pods", "labelled", body=body, content_type=JSON_PATCH)
    assert (response.code, response.body["metadata"]["labels"]) == (200, {"app": "web"})


def test_a_strategic_patch_item_without_its_merge_key_is_an_unexpected_error(cluster):
    body = {"spec": {"containers": [{"image": "x"}]}}
    response = ask(cluster, "patch", "pods", "labelled", body=body, content_type=STRATEGIC)
    assert response.code == 500
    assert response.body["message"] == "map: map[image:x] does not contain declared merge key: name"


def test_an_unknown_patch_type_is_an_unsupported_media_type(cluster):
    response = ask(cluster, "patch", "pods", "labelled", body={}, content_type="text/plain")
    assert (response.code, response.body["reason"]) == (415, "UnsupportedMediaType")
    assert response.body["message"] == (
        "the body of the request was in an unknown format - accepted media types include: "
        "application/json-patch+json, application/merge-patch+json, "
        "application/strategic-merge-patch+json, application/apply-patch+yaml"
    )


def test_force_is_only_for_apply(cluster):
    response = ask(
        cluster, "patch", "pods", "labelled", body={}, content_type=MERGE, query={"force": "true"}
    )
    assert response.code == 422
    assert response.body["message"] == (
        'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch'
    )


def test_a_strategic_patch_that_is_not_an_object_cannot_be_decoded(cluster):
    response = ask(cluster, "patch", "pods", "labelled", body=[1], content_type=STRATEGIC)
    assert (response.code, response.body["reason"]) == (400, "BadRequest")
    assert response.body["message"] == (
        "json: cannot unmarshal array into Go value of type map[string]interface {}"
    )


def test_a_value_of_the_wrong_type_is_refused_whatever_the_directive(cluster):
    body = pod("typed", ports=[{"containerPort": "80"}])
    response = ask(cluster, "create", "pods", body=body, query={"fieldValidation": "Ignore"})
    assert (response.code, response.body["reason"]) == (400, "BadRequest")
    assert response.body["message"] == (
        'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go '
        "struct field ContainerPort.spec.containers.ports.containerPort of type int32"
    )


def test_a_patch_giving_a_field_the_wrong_type_is_invalid(cluster):
    ask(cluster, "create", "pods", body=pod("retyped"))
    body = {"spec": {"activeDeadlineSeconds": "soon"}}
    response = ask(cluster, "patch", "pods", "retyped", body=body, content_type=MERGE)
    assert response.code == 422
    assert response.body["message"].endswith(
        '": json: cannot unmarshal string into Go struct field PodSpec.spec.activeDeadlineSeconds '
        "of type int64"
    )


def test_the_fields_a_json_body_names_twice_are_found_with_their_paths():
    text = '{"metadata": {"name": "a", "name": "b"}, "spec": {"containers": [{"name": "c", "image": "x", "image": "y"}]}}'
    assert fieldvalidation.duplicate_fields(text) == ["metadata.name", "spec.containers[0].image"]
    assert fieldvalidation.duplicate_fields("{not json") == []


def test_strict_refuses_duplicate_fields_before_unknown_ones(cluster):
    body = pod("doubled", imagee="x")
    response = ask(
        cluster,
        "create",
        "pods",
        body=body,
        query={"fieldValidation": "Strict"},
        duplicates=("metadata.name",),
    )
    assert response.body["message"] == (
        'Pod in version "v1" cannot be handled as a Pod: strict decoding error: '
        'duplicate field "metadata.name", unknown field "spec.containers[0].imagee"'
    )
    warned = ask(cluster, "create", "pods", body=pod("doubled"), duplicates=("metadata.name",))
    assert (warned.code, warned.warnings) == (201, ('duplicate field "metadata.name"',))
