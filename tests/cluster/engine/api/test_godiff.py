"""diff.Diff as kube-apiserver prints it, and internal Go structs written from v1 JSON; the
expected diffs are what k8s.io/apimachinery/pkg/util/diff printed for the same values."""

import pytest

from cluster.engine.api.field import Struct
from cluster.engine.api.godiff import Quantity, diff, go_struct, layout, marshal_indent, semantic


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            {"a": 1, "b": [1, 2], "c": "x<y"},
            {"a": 1, "b": [1, 2, 3], "c": "x<y"},
            '@@ -2,7 +2,8 @@\n  "a": 1,\n  "b": [\n   1,\n-  2\n+  2,\n+  3\n  ],\n'
            '  "c": "x\\u003cy"\n }\n',
            id="a hunk with its context",
        ),
        pytest.param(
            {"k": []},
            {"k": [1]},
            '@@ -1,3 +1,5 @@\n {\n- "k": []\n+ "k": [\n+  1\n+ ]\n }\n',
            id="an empty list",
        ),
        pytest.param(
            {k: i for i, k in enumerate("abcdefghijkl", 1)},
            {**{k: i for i, k in enumerate("abcdefghijkl", 1)}, "a": 0, "m": 13},
            '@@ -1,5 +1,5 @@\n {\n- "a": 1,\n+ "a": 0,\n  "b": 2,\n  "c": 3,\n  "d": 4,\n'
            '@@ -10,5 +10,6 @@\n  "i": 9,\n  "j": 10,\n  "k": 11,\n- "l": 12\n+ "l": 12,\n'
            '+ "m": 13\n }\n',
            id="hunks apart",
        ),
        pytest.param({"a": 1}, {"a": 1}, "", id="no change"),
    ],
)
def test_diff(old, new, expected):
    assert diff(old, new) == expected


def test_marshal_indent_keeps_a_structs_order_and_sorts_a_maps():
    value = Struct(Z=None, A={"b": 1, "a": [True]})
    assert (
        marshal_indent(value) == '{\n "Z": null,\n "A": {\n  "a": [\n   true\n  ],\n  "b": 1\n }\n}'
    )


REFERENCE = layout(
    """
    Name      name      string
    ReadOnly  readOnly  bool
    Lun       lun       *int32
    """
)
HOLDER = layout(
    """
    Ref       ref       *Reference
    Refs      refs      []Reference
    Inline    inline    Reference
    Amounts   amounts   map[string]string
    """,
    Reference=REFERENCE,
)


def test_a_struct_holds_every_field_left_out_as_go_does():
    written = go_struct({"refs": [{"name": "a"}]}, HOLDER)
    assert list(written) == ["Ref", "Refs", "Inline", "Amounts"]
    assert written == {
        "Ref": None,
        "Refs": [{"Name": "a", "ReadOnly": False, "Lun": None}],
        "Inline": {"Name": "", "ReadOnly": False, "Lun": None},
        "Amounts": None,
    }
    assert go_struct(None, HOLDER) is None


def test_quantities_are_written_canonical_and_compared_by_amount():
    assert Quantity("1024Mi") == "1Gi"
    assert Quantity("1073741824") == Quantity("1Gi")
    assert Quantity("1073741824") != Quantity("1G")
    assert marshal_indent({"storage": Quantity("2048Mi")}) == '{\n "storage": "2Gi"\n}'


def test_semantic_equality_takes_empty_for_nil():
    assert semantic({"a": [], "b": {}}) == semantic({"a": None, "b": None})
    assert semantic([0]) != semantic([])
