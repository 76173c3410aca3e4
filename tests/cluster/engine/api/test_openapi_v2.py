"""The /openapi/v2 document: whole, readable by kubectl's parser (kube-openapi's
util/proto), and answering kubectl's questions as kube-apiserver's does."""

import hashlib
import json
from collections.abc import Iterator

import pytest

from cluster.engine.api import openapi, openapi_v2, resources

DOC = openapi_v2.document()
DEFINITIONS = DOC["definitions"]
PRIMITIVES = ("string", "integer", "number", "boolean")


def test_it_is_one_swagger_document_of_every_group_version():
    assert (DOC["swagger"], DOC["info"]) == ("2.0", {"title": "Kubernetes", "version": "v1.37.1"})
    assert DOC["securityDefinitions"]["BearerToken"]["in"] == "header"
    assert DOC["security"] == [{"BearerToken": []}]
    for path in openapi.group_versions():
        v3 = openapi.document(path)
        assert set(v3["paths"]) <= set(DOC["paths"])
        assert set(v3["components"]["schemas"]) <= set(DEFINITIONS)


def test_it_is_computed_once_and_tagged_with_the_hash_of_its_json():
    assert openapi_v2.document() is DOC
    assert json.loads(openapi_v2.document_bytes()) == DOC
    assert openapi_v2.etag() == hashlib.sha512(openapi_v2.document_bytes()).hexdigest().upper()


def test_the_v3_documents_it_is_made_of_are_left_as_they_were():
    for path in openapi.group_versions():
        again = json.dumps(openapi.document(path), sort_keys=True, separators=(",", ":"))
        assert again.encode() == openapi.document_bytes(path)


def keywords(node: object) -> Iterator[tuple[str, object]]:
    """Every (keyword, value) of a schema, into the schemas it holds: the names under
    `properties` are fields (JSONSchemaProps has fields `$ref`, `allOf`, `oneOf`)."""
    if isinstance(node, list):
        for item in node:
            yield from keywords(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from keywords(list(value.values()) if key == "properties" else value)


def test_references_point_into_definitions_and_resolve():
    found = list(keywords(DEFINITIONS))
    assert not {"allOf", "oneOf"} & {key for key, _ in found}
    refs = {value for key, value in found if key == "$ref"}
    assert refs and all(ref.startswith("#/definitions/") for ref in refs)
    assert {ref.removeprefix("#/definitions/") for ref in refs} <= set(DEFINITIONS)


def check_parsable(schema: dict, where: str) -> None:
    """What kube-openapi's ParseSchema refuses: a reference with a type or properties, an
    array without exactly one item schema, a type it does not know."""
    if "$ref" in schema:
        assert "type" not in schema and "properties" not in schema, where
        return
    kind = schema.get("type")
    assert kind in (None, "object", "array", *PRIMITIVES), where
    if kind == "array":
        assert isinstance(schema.get("items"), dict), where
        check_parsable(schema["items"], where + "[]")
    for name, field in schema.get("properties", {}).items():
        check_parsable(field, f"{where}.{name}")
    if isinstance(schema.get("additionalProperties"), dict):
        check_parsable(schema["additionalProperties"], where + "{}")


@pytest.mark.parametrize("name", sorted(DEFINITIONS))
def test_kubectl_can_parse_every_definition(name):
    check_parsable(DEFINITIONS[name], name)


def test_types_written_as_a_string_or_a_number_are_strings_as_kube_openapi_writes_them():
    assert DEFINITIONS["io.k8s.apimachinery.pkg.util.intstr.IntOrString"] == {
        "description": "IntOrString is a type that can hold an int32 or a string.",
        "format": "int-or-string",
        "type": "string",
    }
    assert DEFINITIONS["io.k8s.apimachinery.pkg.api.resource.Quantity"]["type"] == "string"


def test_a_fields_description_sits_beside_its_reference():
    spec = DEFINITIONS["io.k8s.api.apps.v1.Deployment"]["properties"]["spec"]
    assert spec["$ref"] == "#/definitions/io.k8s.api.apps.v1.DeploymentSpec"
    assert spec["description"].startswith("Specification of the desired behavior")
    containers = DEFINITIONS["io.k8s.api.core.v1.PodSpec"]["properties"]["containers"]
    assert containers["items"] == {"$ref": "#/definitions/io.k8s.api.core.v1.Container"}
    assert containers["x-kubernetes-patch-merge-key"] == "name"


def kind_model(group: str, version: str, kind: str) -> list[str]:
    """kubectl's LookupResource: the definitions whose group-version-kind it is."""
    wanted = {"group": group, "kind": kind, "version": version}
    return [
        name
        for name, schema in DEFINITIONS.items()
        if wanted in schema.get("x-kubernetes-group-version-kind", ())
    ]


def test_kubectl_finds_each_kinds_definition_by_its_group_version_kind():
    for resource in resources.all_resources():
        found = kind_model(resource.group, resource.version, resource.kind)
        assert len(found) == 1, resource
    assert kind_model("", "v1", "List") == []


def supports_query_param(group: str, version: str, kind: str, param: str) -> bool | None:
    """kubectl's supportsQueryParam on v2: the first PATCH of the kind decides; None if none."""
    wanted = {"group": group, "kind": kind, "version": version}
    for item in DOC["paths"].values():
        patch = item.get("patch")
        if patch and patch["x-kubernetes-group-version-kind"] == wanted:
            return any(p["in"] == "query" and p["name"] == param for p in patch["parameters"])
    return None


@pytest.mark.parametrize(
    "resource", [r for r in resources.all_resources() if r.serves("patch")], ids=lambda r: r.name
)
def test_every_patched_kind_takes_field_validation(resource):
    assert supports_query_param(resource.group, resource.version, resource.kind, "fieldValidation")


def test_an_operations_body_is_a_parameter_and_its_media_types_are_listed():
    pods = DOC["paths"]["/api/v1/namespaces/{namespace}/pods"]
    create = pods["post"]
    assert create["parameters"][0] == {
        "name": "body",
        "in": "body",
        "schema": {"$ref": "#/definitions/io.k8s.api.core.v1.Pod"},
        "required": True,
    }
    assert create["consumes"] == ["*/*"] and create["schemes"] == ["https"]
    assert create["produces"] == [
        "application/json",
        "application/yaml",
        "application/vnd.kubernetes.protobuf",
    ]
    assert create["responses"]["201"] == {
        "description": "Created",
        "schema": {"$ref": "#/definitions/io.k8s.api.core.v1.Pod"},
    }
    assert create["responses"]["401"] == {"description": "Unauthorized"}
    dry_run = create["parameters"][1]
    assert dry_run["name"] == "dryRun" and (dry_run["type"], dry_run["uniqueItems"]) == (
        "string",
        True,
    )
    assert "schema" not in dry_run
    patch = DOC["paths"]["/api/v1/namespaces/{namespace}/pods/{name}"]["patch"]
    assert "application/strategic-merge-patch+json" in patch["consumes"]
    delete = DOC["paths"]["/api/v1/namespaces/{namespace}/pods/{name}"]["delete"]
    assert delete["parameters"][0] == {
        "name": "body",
        "in": "body",
        "schema": {"$ref": "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions"},
    }


def test_a_log_is_text():
    log = DOC["paths"]["/api/v1/namespaces/{namespace}/pods/{name}/log"]["get"]
    assert log["produces"] == ["text/plain"]
    assert log["responses"]["200"] == {"description": "OK", "schema": {"type": "string"}}
