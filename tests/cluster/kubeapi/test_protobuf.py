"""Protobuf request bodies, read into the same dicts as their JSON: checked against bodies the
real kubectl 1.37.1 sent (kubectl_protobuf_bodies.json, captured with a local HTTP server) and
against hand-built messages for what kubectl's generators never send."""

import json
from pathlib import Path
from typing import Any

import pytest

from cluster.engine.apiserver.errors import StatusError
from cluster.kubeapi import protobuf
from cluster.kubeapi.protobuf_messages import KINDS, MESSAGES

CAPTURED = json.loads((Path(__file__).parent / "kubectl_protobuf_bodies.json").read_text())


# ---------------------------------------------------------------------------------------------
# Building messages by hand


def varint(value: int) -> bytes:
    value &= (1 << 64) - 1
    out = bytearray()
    while value >= 0x80:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def field(number: int, value: int | str | bytes) -> bytes:
    """One field: an int as a varint, a str or bytes length-delimited."""
    if isinstance(value, int):
        return varint(number << 3) + varint(value)
    data = value.encode() if isinstance(value, str) else value
    return varint(number << 3 | 2) + varint(len(data)) + data


def body(api_version: str, kind: str, raw: bytes) -> bytes:
    """The magic and a runtime.Unknown around raw."""
    type_meta = field(1, api_version) + field(2, kind)
    return protobuf.MAGIC + field(1, type_meta) + field(2, raw) + field(3, "") + field(4, "")


def pod(*spec_fields: bytes, metadata: bytes = b"") -> dict[str, Any]:
    """A v1 Pod with these metadata and spec fields, decoded."""
    raw = field(1, field(1, "p") + metadata) + field(2, b"".join(spec_fields))
    return protobuf.decode(body("v1", "Pod", raw))


def container(*fields: bytes) -> bytes:
    return field(2, field(1, "c") + b"".join(fields))  # PodSpec.containers


# ---------------------------------------------------------------------------------------------
# What kubectl sends


@pytest.mark.parametrize("name", sorted(CAPTURED["bodies"]))
def test_a_body_kubectl_sent_reads_as_the_json_it_would_have_sent(name: str) -> None:
    captured = CAPTURED["bodies"][name]
    assert captured["contentType"] == "application/vnd.kubernetes.protobuf"

    assert protobuf.decode(bytes.fromhex(captured["body"])) == captured["json"]


def test_a_token_request_reads_as_go_writes_it_in_json() -> None:
    captured = CAPTURED["token"]
    assert protobuf.decode(bytes.fromhex(captured["body"])) == {
        "kind": "TokenRequest",
        "apiVersion": "authentication.k8s.io/v1",
        "metadata": {},
        "spec": {"audiences": ["api"], "expirationSeconds": 600},
        "status": {"token": "", "expirationTimestamp": None},
    }


def test_every_kind_and_field_type_has_a_schema() -> None:
    scalars = {*protobuf.SCALAR_WIRES, *protobuf.SPECIALS}
    assert all(message in MESSAGES for message in KINDS.values())
    for message in MESSAGES:
        for item in protobuf.schema(message).values():
            assert item.type in scalars or item.type in MESSAGES, (message, item)


# ---------------------------------------------------------------------------------------------
# Types JSON writes differently


def test_times_are_rfc3339_in_utc_and_an_empty_time_is_null() -> None:
    timestamp = field(1, 1_764_000_000)
    got = pod(metadata=field(8, timestamp) + field(9, b""))["metadata"]
    assert got["creationTimestamp"] == "2025-11-24T16:00:00Z"
    assert got["deletionTimestamp"] is None


def test_a_zero_creation_timestamp_is_left_out_as_omitzero_does() -> None:
    assert "creationTimestamp" not in pod(metadata=field(8, b""))["metadata"]


def test_micro_times_keep_microseconds() -> None:
    lease = field(1, field(1, "l")) + field(
        2, field(4, field(1, 1_764_000_000) + field(2, 123456789))
    )
    got = protobuf.decode(body("coordination.k8s.io/v1", "Lease", lease))
    assert got["spec"] == {"renewTime": "2025-11-24T16:00:00.123456Z"}


def test_int_or_string_is_a_number_or_a_string_by_its_type() -> None:
    def probe(number: int, port: bytes) -> bytes:
        """A probe: its handler (inline), the handler's httpGet, and that one's port."""
        return field(number, field(1, field(2, field(2, port))))

    number = probe(10, field(1, 0) + field(2, 8080))  # livenessProbe
    named = probe(11, field(1, 1) + field(3, "http"))  # readinessProbe
    got = pod(container(number, named))["spec"]["containers"][0]
    assert got["livenessProbe"] == {"httpGet": {"port": 8080}}
    assert got["readinessProbe"] == {"httpGet": {"port": "http"}}


def test_quantities_are_strings_in_maps() -> None:
    limits = field(1, field(1, "cpu") + field(2, field(1, "500m")))
    got = pod(container(field(8, limits)))["spec"]["containers"][0]
    assert got["resources"] == {"limits": {"cpu": "500m"}}


def test_inline_fields_join_their_parent() -> None:
    volume = field(1, "data") + field(2, field(2, field(1, "Memory")))  # volumeSource.emptyDir
    assert pod(field(1, volume))["spec"]["volumes"] == [
        {"name": "data", "emptyDir": {"medium": "Memory"}}
    ]


def test_repeated_integers_read_packed_and_unpacked() -> None:
    packed = field(4, varint(1000) + varint(2000))  # securityContext.supplementalGroups
    unpacked = field(4, 3000)
    got = pod(field(14, packed + unpacked))["spec"]
    assert got["securityContext"] == {"supplementalGroups": [1000, 2000, 3000]}


def test_negative_integers_and_zero_pointers_survive() -> None:
    got = pod(field(4, -30), field(5, 0))["spec"]  # terminationGracePeriodSeconds, activeDeadline
    assert got["terminationGracePeriodSeconds"] == -30
    assert got["activeDeadlineSeconds"] == 0


def test_zero_values_under_omitempty_are_left_out() -> None:
    got = pod(container(field(2, ""), field(16, 0)))["spec"]["containers"][0]
    assert got == {"name": "c"}


def test_a_map_entry_without_a_value_holds_the_zero_value() -> None:
    labels = field(11, field(1, "empty"))  # metadata.labels
    limits = field(1, field(1, "cpu"))  # resources.limits
    assert pod(metadata=labels)["metadata"]["labels"] == {"empty": ""}
    got = pod(container(field(8, limits)))["spec"]["containers"][0]
    assert got["resources"] == {"limits": {"cpu": "0"}}


def test_managed_fields_carry_their_json() -> None:
    entry = field(1, "kubectl") + field(6, "FieldsV1") + field(7, field(1, b'{"f:spec":{}}'))
    got = pod(metadata=field(17, entry))["metadata"]
    assert got["managedFields"] == [
        {"manager": "kubectl", "fieldsType": "FieldsV1", "fieldsV1": {"f:spec": {}}}
    ]


def test_list_types_are_lists() -> None:
    extra = field(1, "groups") + field(2, field(1, "a") + field(1, "b"))
    review = field(2, field(3, "alice") + field(5, extra))  # spec.user, spec.extra
    got = protobuf.decode(body("authorization.k8s.io/v1", "SubjectAccessReview", review))
    assert got["spec"]["extra"] == {"groups": ["a", "b"]}


def test_fields_unknown_to_the_schema_are_skipped() -> None:
    namespace = field(1, field(1, "dev") + field(999, "future")) + field(77, 1)
    assert protobuf.decode(body("v1", "Namespace", namespace)) == {
        "kind": "Namespace",
        "apiVersion": "v1",
        "metadata": {"name": "dev"},
    }


# ---------------------------------------------------------------------------------------------
# Refusals


def refusal(data: bytes) -> StatusError:
    with pytest.raises(StatusError) as raised:
        protobuf.decode(data)
    return raised.value


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty data"),
        (
            b'{"kind":"Pod"}',
            "provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]",
        ),
        (b"k8s\x00", "empty body"),
        (body("v1", "Namespace", field(1, field(1, "dev")))[:-12], "unexpected EOF"),
        (
            body("v1", "Namespace", field(1, field(1, 7))),
            "proto: wrong wireType = 0 for field Name",
        ),
        (protobuf.MAGIC + b"\x0f", "proto: illegal wireType 7"),
        (protobuf.MAGIC + b"\x00", "proto: illegal tag 0 (wire type 0)"),
        (protobuf.MAGIC + b"\x08" + b"\xff" * 11, "proto: integer overflow"),
    ],
)
def test_a_malformed_body_is_a_bad_request(data: bytes, message: str) -> None:
    error = refusal(data)
    assert (error.code, error.reason, error.message) == (400, "BadRequest", message)


def test_a_kind_without_a_schema_is_an_unsupported_media_type() -> None:
    error = refusal(body("example.com/v1", "Widget", field(1, field(1, "w"))))
    assert (error.code, error.reason) == (415, "UnsupportedMediaType")
    assert error.message == (
        "the body of the request was in an unknown format - accepted media types include: "
        "application/json, application/yaml"
    )


def test_delete_options_of_any_group_version_are_read() -> None:
    """A typed RBAC client sends its DeleteOptions as rbac.authorization.k8s.io/v1's, as
    `kubectl auth reconcile` does when a binding's roleRef changes."""
    raw = field(2, field(1, "1a2b")) + field(4, "Foreground")
    read = protobuf.decode(body("rbac.authorization.k8s.io/v1", "DeleteOptions", raw))
    assert read == {
        "kind": "DeleteOptions",
        "apiVersion": "rbac.authorization.k8s.io/v1",
        "preconditions": {"uid": "1a2b"},
        "propagationPolicy": "Foreground",
    }


def test_a_replication_controller_and_a_service_cidr_read_as_json_has_them() -> None:
    selector = field(1, "app") + field(2, "web")  # a map entry: key 1, value 2
    spec = field(1, 0) + field(2, selector)  # replicas: a pointer, kept at 0
    rc = protobuf.decode(
        body("v1", "ReplicationController", field(1, field(1, "rc")) + field(2, spec))
    )
    assert rc == {
        "kind": "ReplicationController",
        "apiVersion": "v1",
        "metadata": {"name": "rc"},
        "spec": {"replicas": 0, "selector": {"app": "web"}},
    }
    cidrs = field(1, "10.200.0.0/24")
    cidr = body(
        "networking.k8s.io/v1", "ServiceCIDR", field(1, field(1, "extra")) + field(2, cidrs)
    )
    assert protobuf.decode(cidr)["spec"] == {"cidrs": ["10.200.0.0/24"]}


def test_a_validating_admission_policy_and_its_binding_read_as_json_has_them() -> None:
    rule = field(1, "apps") + field(2, "v1") + field(3, "pods")
    with_operations = field(1, "CREATE") + field(2, rule)  # the Rule, inlined
    constraints = field(2, field(3, field(2, with_operations)))  # resourceRules[0], inlined
    validation = field(3, field(1, "object.spec.replicas <= 5"))
    spec = field(1, field(1, "v1") + field(2, "ConfigMap")) + constraints + validation
    policy = protobuf.decode(
        body(
            "admissionregistration.k8s.io/v1",
            "ValidatingAdmissionPolicy",
            field(1, field(1, "limit")) + field(2, spec),
        )
    )
    assert policy["spec"] == {
        "paramKind": {"apiVersion": "v1", "kind": "ConfigMap"},
        "matchConstraints": {
            "resourceRules": [
                {
                    "operations": ["CREATE"],
                    "apiGroups": ["apps"],
                    "apiVersions": ["v1"],
                    "resources": ["pods"],
                }
            ]
        },
        "validations": [{"expression": "object.spec.replicas <= 5"}],
    }
    ref = field(1, "limits") + field(4, "Deny")
    spec = field(1, "limit") + field(2, ref) + field(4, "Deny") + field(4, "Audit")
    binding = protobuf.decode(
        body(
            "admissionregistration.k8s.io/v1",
            "ValidatingAdmissionPolicyBinding",
            field(1, field(1, "limit-binding")) + field(2, spec),
        )
    )
    assert binding["spec"] == {
        "policyName": "limit",
        "paramRef": {"name": "limits", "parameterNotFoundAction": "Deny"},
        "validationActions": ["Deny", "Audit"],
    }
