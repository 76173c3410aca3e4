"""Request bodies: what decodes, and the words kube-apiserver refuses the rest with."""

import pytest

from cluster.engine.apiserver.errors import StatusError
from cluster.kubeapi import decoding

VERSION_KIND = "couldn't get version/kind; json parse error: "
NOT_AN_OBJECT = (
    'Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; '
    'Kind string "json:\\"kind,omitempty\\"" }'
)


def refusal(call, *args) -> StatusError:
    with pytest.raises(StatusError) as caught:
        call(*args)
    return caught.value


@pytest.mark.parametrize(
    ("body", "go_says"),
    [
        (b"{bad", "invalid character 'b' looking for beginning of object key string"),
        (b"{]", "invalid character ']' looking for beginning of object key string"),
        (b"imastring!", "invalid character 'i' looking for beginning of value"),
        (b'{"a":1', "unexpected end of JSON input"),
        (b'{"a":"x', "unexpected end of JSON input"),
        (b"", "unexpected end of JSON input"),
        (b'{"a" 1}', "invalid character '1' after object key"),
        (b'{"a":1 "b":2}', "invalid character '\"' after object key:value pair"),
        (b'{"a":[1 2]}', "invalid character '2' after array element"),
        (b'{"a":1}x', "invalid character 'x' after top-level value"),
        (b'{"a":"x\ny"}', "invalid character '\\n' in string literal"),
        (b'{"a":NaN}', "invalid character 'N' looking for beginning of value"),
        (b"[1]", f"json: cannot unmarshal array into {NOT_AN_OBJECT}"),
        (b'"pod"', f"json: cannot unmarshal string into {NOT_AN_OBJECT}"),
    ],
)
def test_a_malformed_object_is_a_400_in_go_s_words(body: bytes, go_says: str) -> None:
    error = refusal(decoding.object_body, body, "application/json")
    assert (error.code, error.reason, error.message) == (400, "BadRequest", VERSION_KIND + go_says)


def test_a_body_that_is_no_object_is_unrecognized_as_the_kind_the_url_names() -> None:
    error = refusal(decoding.object_body, b"{bad", "application/json", "Pod")
    assert error.message == (
        "the object provided is unrecognized (must be of type Pod): "
        f"{VERSION_KIND}invalid character 'b' looking for beginning of object key string ({{bad)"
    )
    error = refusal(decoding.object_body, b"apiVersion: v1\nkind: [", "application/yaml", "Pod")
    assert error.message.startswith(
        "the object provided is unrecognized (must be of type Pod): error converting YAML to JSON"
    )
    assert error.message.endswith("(61706956657273696f6e3a2076310a6b696e643a205b)")


def test_a_long_body_is_quoted_by_its_first_thirty_bytes() -> None:
    assert decoding.summary(b'{"metadata": {"name": "a-very-long-name"}') == (
        '{"metadata": {"name": "a-very- ...'
    )
    assert decoding.summary(b"") == "<empty>"


def test_json_and_yaml_bodies_decode_and_yaml_timestamps_stay_strings() -> None:
    assert decoding.object_body(b'{"kind":"Pod"}', "application/json; charset=utf-8") == {
        "kind": "Pod"
    }
    yaml_body = b"kind: Pod\nmetadata:\n  creationTimestamp: 2026-01-01T00:00:00Z\n"
    assert decoding.object_body(yaml_body, "application/yaml") == {
        "kind": "Pod",
        "metadata": {"creationTimestamp": "2026-01-01T00:00:00Z"},
    }
    assert decoding.object_body(b"{}", "") == {}  # no Content-Type: JSON


def test_an_unknown_body_type_is_a_415_listing_what_is_accepted() -> None:
    error = refusal(decoding.object_body, b"{}", "text/plain")
    assert (error.code, error.reason) == (415, "UnsupportedMediaType")
    assert error.message == (
        "the body of the request was in an unknown format - accepted media types include: "
        "application/json, application/yaml, application/vnd.kubernetes.protobuf"
    )


def test_patches_are_one_of_the_four_patch_types() -> None:
    assert decoding.patch_body(b'[{"op":"remove","path":"/a"}]', decoding.JSON_PATCH) == (
        [{"op": "remove", "path": "/a"}],
        decoding.JSON_PATCH,
    )
    assert decoding.patch_body(b"a: 1", decoding.APPLY_PATCH) == ({"a": 1}, decoding.APPLY_PATCH)
    error = refusal(decoding.patch_body, b"{}", "application/json")
    assert error.code == 415
    assert error.message.endswith(
        "application/json-patch+json, application/merge-patch+json, "
        "application/strategic-merge-patch+json, application/apply-patch+yaml"
    )
    assert refusal(decoding.patch_body, b"{x", decoding.MERGE_PATCH).code == 400


def test_a_delete_may_carry_no_options() -> None:
    assert decoding.options_body(b"", "") is None
    assert decoding.options_body(b'{"gracePeriodSeconds":0}', "application/json") == {
        "gracePeriodSeconds": 0
    }
