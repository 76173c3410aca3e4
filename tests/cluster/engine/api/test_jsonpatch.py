"""JSON patch (RFC 6902) as kube-apiserver applies it, errors worded as json-patch words them."""

import pytest

from cluster.engine.api import jsonpatch

DOC = {"metadata": {"name": "web", "labels": {"app": "web"}}, "spec": {"args": ["a", "b"]}}

APPLIES = [
    (
        "add sets a key of an object",
        [{"op": "add", "path": "/metadata/labels/tier", "value": "front"}],
        {
            "metadata": {"name": "web", "labels": {"app": "web", "tier": "front"}},
            "spec": {"args": ["a", "b"]},
        },
    ),
    (
        "add inserts into a list before the index",
        [{"op": "add", "path": "/spec/args/1", "value": "x"}],
        {**DOC, "spec": {"args": ["a", "x", "b"]}},
    ),
    (
        "add at - appends to a list",
        [{"op": "add", "path": "/spec/args/-", "value": "c"}],
        {**DOC, "spec": {"args": ["a", "b", "c"]}},
    ),
    (
        "remove deletes a key",
        [{"op": "remove", "path": "/metadata/labels/app"}],
        {**DOC, "metadata": {"name": "web", "labels": {}}},
    ),
    (
        "replace changes a list item",
        [{"op": "replace", "path": "/spec/args/0", "value": "z"}],
        {**DOC, "spec": {"args": ["z", "b"]}},
    ),
    (
        "replace of a key the object lacks adds it, as json-patch v4 does",
        [{"op": "replace", "path": "/spec/replicas", "value": 3}],
        {**DOC, "spec": {"args": ["a", "b"], "replicas": 3}},
    ),
    (
        "move takes the value away from where it was",
        [{"op": "move", "from": "/metadata/labels/app", "path": "/metadata/labels/name"}],
        {**DOC, "metadata": {"name": "web", "labels": {"name": "web"}}},
    ),
    (
        "copy leaves the value where it was",
        [{"op": "copy", "from": "/spec/args/0", "path": "/spec/args/-"}],
        {**DOC, "spec": {"args": ["a", "b", "a"]}},
    ),
    (
        "a passing test changes nothing",
        [{"op": "test", "path": "/metadata/name", "value": "web"}],
        DOC,
    ),
    (
        "~1 and ~0 in a token are / and ~",
        [{"op": "add", "path": "/metadata/labels/example.com~1a~0b", "value": "x"}],
        {**DOC, "metadata": {"name": "web", "labels": {"app": "web", "example.com/a~b": "x"}}},
    ),
]


@pytest.mark.parametrize(("case", "patch", "expected"), APPLIES, ids=[c[0] for c in APPLIES])
def test_operations_apply_as_rfc_6902_says(case, patch, expected):
    assert jsonpatch.apply(DOC, patch) == expected


def test_the_original_document_is_left_alone():
    jsonpatch.apply(DOC, [{"op": "remove", "path": "/metadata/labels/app"}])
    assert DOC["metadata"]["labels"] == {"app": "web"}


FAILS = [
    (
        "a failing test",
        [{"op": "test", "path": "/metadata/name", "value": "db"}],
        "testing value /metadata/name failed: test failed",
    ),
    (
        "true is not 1 to a test",
        [{"op": "add", "path": "/x", "value": True}, {"op": "test", "path": "/x", "value": 1}],
        "testing value /x failed: test failed",
    ),
    (
        "removing a key that is not there",
        [{"op": "remove", "path": "/metadata/labels/tier"}],
        "error in remove for path: '/metadata/labels/tier': Unable to remove nonexistent key: tier: missing value",
    ),
    (
        "adding under a parent that is not there",
        [{"op": "add", "path": "/spec/template/spec", "value": {}}],
        'add operation does not apply: doc is missing path: "/spec/template/spec": missing value',
    ),
    (
        "an index past the end",
        [{"op": "add", "path": "/spec/args/5", "value": "x"}],
        "error in add for path: '/spec/args/5': Unable to access invalid index: 5: invalid index referenced",
    ),
    (
        "replacing a list item that is not there",
        [{"op": "replace", "path": "/spec/args/2", "value": "x"}],
        "replace operation does not apply: doc is missing key: /spec/args/2: missing value",
    ),
    (
        "an unknown operation",
        [{"op": "merge", "path": "/spec"}],
        "Unexpected kind: merge",
    ),
    (
        "moving from nowhere",
        [{"op": "move", "from": "/nope/x", "path": "/y"}],
        "move operation does not apply: doc is missing from path: /nope/x: missing value",
    ),
]


@pytest.mark.parametrize(("case", "patch", "message"), FAILS, ids=[c[0] for c in FAILS])
def test_operations_that_do_not_apply_are_refused_in_json_patch_words(case, patch, message):
    with pytest.raises(jsonpatch.ApplyError) as error:
        jsonpatch.apply(DOC, patch)
    assert str(error.value) == message


def test_a_patch_that_is_not_a_list_cannot_be_decoded():
    with pytest.raises(jsonpatch.DecodeError) as error:
        jsonpatch.apply(DOC, {"op": "add"})
    assert str(error.value) == "json: cannot unmarshal object into Go value of type jsonpatch.Patch"
