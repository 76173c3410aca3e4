"""GET /openapi/v2: gnostic's protobuf read back field by field, the representation each
Accept header gets, and the real kubectl 1.37.1 on a real stack validating with it where
/openapi/v3 has no answer (a v1 List, a kind nobody serves)."""

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

from cluster.engine.api import openapi_v2
from cluster.kubeapi import negotiation, swagger
from cluster.kubeapi.protobuf import _fields
from tests.cluster.kubeapi.test_views import UNAUTHORIZED, http
from tests.stack import KubeLab, real_kubectl

DOC = openapi_v2.document()
DEPLOYMENT = "/apis/apps/v1/namespaces/{namespace}/deployments/{name}"

# ---------------------------------------------------------------------------------------------
# Reading the message back


def fields(data: bytes) -> dict[int, list[Any]]:
    """A message's fields by number, each with its values in order."""
    out: dict[int, list[Any]] = defaultdict(list)
    for number, _, value in _fields(data):
        out[number].append(value)
    return out


def entries(data: bytes, number: int) -> dict[str, bytes]:
    """A map's Named* entries {1: name, 2: value}: name → the value's bytes."""
    named = (fields(entry) for entry in fields(data)[number])
    return {entry[1][0].decode(): entry[2][0] for entry in named}


def test_the_document_message_has_gnostics_field_numbers():
    document = swagger.protobuf_bytes()
    top = fields(document)
    assert top[1] == [b"2.0"]  # swagger
    assert fields(top[2][0])[1] == [b"Kubernetes"]  # info.title
    definitions = entries(top[9][0], 1)  # Definitions.additional_properties
    assert list(definitions) == list(DOC["definitions"])
    deployment = fields(definitions["io.k8s.api.apps.v1.Deployment"])
    assert fields(deployment[22][0])[1] == [b"object"]  # type: TypeItem.value
    extensions = {
        fields(e)[1][0].decode(): fields(e)[2][0] for e in deployment[31]
    }  # vendor_extension: NamedAny
    gvk = yaml.safe_load(fields(extensions["x-kubernetes-group-version-kind"])[2][0])  # Any.yaml
    assert gvk == [{"group": "apps", "kind": "Deployment", "version": "v1"}]
    properties = entries(deployment[25][0], 1)  # Properties.additional_properties
    spec = fields(properties["spec"])
    assert spec[1] == [b"#/definitions/io.k8s.api.apps.v1.DeploymentSpec"]  # _ref


def test_an_operations_parameters_are_the_oneofs_gnostic_makes_of_them():
    paths = entries(fields(swagger.protobuf_bytes())[8][0], 2)  # Paths.path
    patch = fields(fields(paths[DEPLOYMENT])[8][0])  # PathItem.patch: Operation
    assert patch[5] == [b"patchAppsV1NamespacedDeployment"]  # operation_id
    body, *queries = (fields(fields(item)[1][0]) for item in patch[8])  # ParametersItem
    body_parameter = fields(body[1][0])  # Parameter.body_parameter
    assert (body_parameter[2], body_parameter[3], body_parameter[4]) == ([b"body"], [b"body"], [1])
    names = [fields(fields(q[2][0])[3][0])[4][0] for q in queries]  # non-body → query → name
    assert b"fieldValidation" in names
    extensions = {fields(e)[1][0]: fields(e)[2][0] for e in patch[13]}
    action = fields(extensions[b"x-kubernetes-action"])[2][0]
    assert yaml.safe_load(action) == "patch"


# gnostic's oneofs: which message each field number holds (OpenAPIv2.proto)
ONEOFS = {
    "ParametersItem": {1: "Parameter", 2: "JsonReference"},
    "Parameter": {1: "BodyParameter", 2: "NonBodyParameter"},
    "NonBodyParameter": {3: "QueryParameterSubSchema", 4: "PathParameterSubSchema"},
    "ResponseValue": {1: "Response", 2: "JsonReference"},
    "SchemaItem": {1: "Schema"},
    "AdditionalPropertiesItem": {1: "Schema", 2: "b"},
    "SecurityDefinitionsItem": {2: "ApiKeySecurity"},
}


def decode(kind: str, data: bytes) -> Any:
    """A message back into the JSON it was made of."""
    if kind == "Any":
        return json.loads(fields(data)[2][0])
    if kind in swagger._WRAPPERS:
        number, item = swagger._WRAPPERS[kind]
        values = [value(item, raw) for raw in fields(data)[number]]
        return values if kind == "StringArray" else values[0]
    if kind in ONEOFS:
        ((number, raw),) = ((n, v) for n, _, v in _fields(data))
        return value(ONEOFS[kind][number], raw)
    by_number = {number: (key, item) for key, (number, item) in swagger.MESSAGES[kind].items()}
    out: dict[str, Any] = {}
    for number, _, raw in _fields(data):
        key, item = by_number[number]
        if key in ("*", "x-"):
            entry = fields(raw)
            out[entry[1][0].decode()] = value(item, entry[2][0])
        elif item.endswith("*"):
            out.setdefault(key, []).append(value(item[:-1], raw))
        else:
            out[key] = value(item, raw)
    return out


def value(kind: str, raw: Any) -> Any:
    if kind == "s":
        return raw.decode()
    if kind == "b":
        return bool(raw)
    return decode(kind, raw)


def test_the_whole_document_reads_back_as_its_json():
    assert decode("Document", swagger.protobuf_bytes()) == DOC


def test_a_key_gnostic_does_not_know_is_refused():
    with pytest.raises(ValueError, match="gnostic's Info has no field 'colour'"):
        swagger.encode({"swagger": "2.0", "info": {"colour": "blue"}})


# ---------------------------------------------------------------------------------------------
# Which representation


@pytest.mark.parametrize(
    ("accept", "answer"),
    [
        ("application/com.github.proto-openapi.spec.v2@v1.0+protobuf", swagger.PROTOBUF),
        ("application/com.github.proto-openapi.spec.v2.v1.0+protobuf", swagger.PROTOBUF),
        ("application/json", negotiation.JSON),
        ("", negotiation.JSON),
        ("*/*", negotiation.JSON),
        ("application/json;q=0.5, application/com.github.proto-openapi.spec.v2.v1.0+protobuf", swagger.PROTOBUF),
        ("*/*, application/com.github.proto-openapi.spec.v2@v1.0+protobuf", swagger.PROTOBUF),
        ("text/plain", None),
    ],
)  # fmt: skip
def test_the_accept_header_picks_json_or_protobuf(accept, answer):
    assert swagger.representation(accept) == answer


@pytest.mark.parametrize(
    ("if_none_match", "code"),
    [("{etag}", 304), ('"other", W/{etag}', 304), ("*", 304), ('"other"', 200), ("", 200)],
)
def test_a_client_that_has_the_document_is_told_so(if_none_match, code):
    etag = f'"{openapi_v2.etag()}"'
    answer = swagger.response(swagger.PROTOBUF, if_none_match.format(etag=etag))
    assert (answer.status_code, answer["ETag"], answer["Vary"]) == (code, etag, "Accept")
    assert answer.content == (swagger.protobuf_bytes() if code == 200 else b"")


# ---------------------------------------------------------------------------------------------
# On a real stack


@pytest.fixture(scope="module")
def url(lab: KubeLab) -> str:
    return f"{lab.url}k8s/admin/default/openapi/v2"


def test_it_is_served_as_json_and_as_protobuf_with_one_etag(url: str, token: str):
    code, headers, body = http(url, token, Accept="application/json")
    assert (code, headers["Content-Type"], json.loads(body)) == (200, "application/json", DOC)
    etag = f'"{openapi_v2.etag()}"'
    assert (headers["ETag"], headers["Vary"]) == (etag, "Accept")
    code, headers, body = http(url, token, Accept=swagger.PROTOBUF_DEPRECATED)
    assert (code, headers["Content-Type"], headers["ETag"]) == (200, swagger.PROTOBUF, etag)
    assert body == swagger.protobuf_bytes()
    code, headers, body = http(url, token, Accept=swagger.PROTOBUF, **{"If-None-Match": etag})
    assert (code, body, headers["ETag"]) == (304, b"", etag)
    assert "Content-Type" not in headers


def test_it_is_refused_as_other_urls_are(url: str, token: str):
    code, _, body = http(url)
    assert (code, json.loads(body)) == (401, UNAUTHORIZED)
    code, _, body = http(url, token, Accept="text/plain")
    assert (code, body) == (406, b"")


def kubectl_with(kubeconfig: Path, manifest: str, *args: str):
    path = kubeconfig.parent / "manifest.yaml"
    path.write_text(manifest)
    return real_kubectl(kubeconfig, *args, "-f", str(path))


LIST = """\
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: listed}
  data: {a: b}
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: listed}
  spec:
    selector: {matchLabels: {app: listed}}
    template:
      metadata: {labels: {app: listed}}
      spec:
        containers: [{name: web, image: nginx}]
"""


def test_kubectl_creates_the_items_of_a_list(kubeconfig: Path):
    result = kubectl_with(kubeconfig, LIST, "create")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "configmap/listed created\ndeployment.apps/listed created\n"


def test_kubectl_refuses_a_list_whose_item_has_an_unknown_field(kubeconfig: Path):
    manifest = LIST.replace("data: {a: b}", "data: {a: b}\n  datta: {a: b}").replace(
        "listed", "strict"
    )
    result = kubectl_with(kubeconfig, manifest, "create")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f'error: error validating "{kubeconfig.parent / "manifest.yaml"}": error validating '
        'data: ValidationError(ConfigMap): unknown field "datta" in io.k8s.api.core.v1.ConfigMap; '
        "if you choose to ignore these errors, turn validation off with --validate=false\n"
    )
    left = real_kubectl(kubeconfig, "get", "configmap,deployment", "strict")
    assert "NotFound" in left.stderr and left.stdout == ""


def test_kubectl_says_a_kind_nobody_serves_has_no_mapping(kubeconfig: Path):
    manifest = "apiVersion: example.com/v1\nkind: Foo\nmetadata: {name: x}\n"
    result = kubectl_with(kubeconfig, manifest, "apply")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f'error: resource mapping not found for name: "x" namespace: "" from '
        f'"{kubeconfig.parent / "manifest.yaml"}": no matches for kind "Foo" in version '
        '"example.com/v1"\nensure CRDs are installed first\n'
    )


def test_kubectl_explains_from_the_v2_document_when_asked_to(kubeconfig: Path):
    args = ("explain", "deployments.spec.strategy", "--output=plaintext-openapiv2")
    result = real_kubectl(kubeconfig, *args)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith(
        "KIND:     Deployment\nVERSION:  apps/v1\n\nRESOURCE: strategy <Object>\n"
    )
    assert "   rollingUpdate\t<Object>\n" in result.stdout
