"""-o kyaml writes what kubectl 1.37 writes: flow style, values quoted, keys bare where YAML
cannot misread them, strings as a YAML parser reads them from the JSON."""

import pytest
import yaml

from cluster.engine.cluster import Cluster
from cluster.kubectl import kyaml, printers
from cluster.kubectl.context import ExitError
from tests.cluster.kubectl.helpers import run

# what the real kubectl printed for this object (create -f --dry-run=client -o kyaml)
EDGES = {
    "apiVersion": "v1",
    "data": {
        "-": "d",
        ".hidden": "q",
        "007": "x",
        "0x1F": "u",
        "1_000": "o",
        "1e3": "y",
        "Null": "n",
        "_a": "e",
        "a-": "r",
        "astral": "\U0001f600",
        "bell": "\a\x1b\x85\u2029",
        "ctl": "\x01<&>",
        "inf": "v",
        "lead": "\n\tx\n",
        "multi": "line1\n  indented\n\nlast",
        "nl": "\n",
        "on": "z",
        "tab": "a\tb",
        "trail": "ends\n",
        "uni": "caf\xe9\xa0x\u2028y",
        "~": "t",
    },
    "kind": "ConfigMap",
    "metadata": {
        "annotations": {
            "": "empty",
            "12:30": "s",
            "2001-12-14": "t",
            "a b": "c",
            "multi\nkey": "k",
            "x/": "w",
            "\xffes": "u",
        },
        "name": "edge",
        "namespace": "bk1",
    },
}
EDGES_KYAML = """---
{
  apiVersion: "v1",
  data: {
    "-": "d",
    ".hidden": "q",
    "007": "x",
    "0x1F": "u",
    "1_000": "o",
    "1e3": "y",
    "Null": "n",
    _a: "e",
    "a-": "r",
    astral: "\U0001f600",
    bell: "\\a\\e \\P",
    ctl: "\\x01<&>",
    "inf": "v",
    lead: "\\
       \\n\\
      \\\tx\\n\\
      ",
    multi: "\\
       line1\\n\\
      \\  indented\\n\\
       \\n\\
       last\\
      ",
    nl: "\\
       \\n\\
      ",
    "on": "z",
    tab: "a\tb",
    trail: "\\
       ends\\n\\
      ",
    uni: "caf\xe9\\_x\\Ly",
    "~": "t",
  },
  kind: "ConfigMap",
  metadata: {
    annotations: {
      "": "empty",
      "12:30": "s",
      "2001-12-14": "t",
      "a b": "c",
      "multi\\nkey": "k",
      "x/": "w",
      \xffes: "u",
    },
    name: "edge",
    namespace: "bk1",
  },
}
"""


def test_strings_and_keys_as_kubectl_writes_them():
    assert printers.to_kyaml(EDGES) == EDGES_KYAML


def test_it_is_yaml_that_reads_back_as_the_object_but_for_what_json_to_yaml_changes():
    read = yaml.safe_load(EDGES_KYAML)
    assert read["metadata"] == EDGES["metadata"]
    assert read["data"]["bell"] == "\a\x1b \u2029"  # YAML folds NEL, a line break, to a space
    assert {k: v for k, v in read["data"].items() if k != "bell"} == {
        k: v for k, v in EDGES["data"].items() if k != "bell"
    }


@pytest.mark.parametrize(
    ("key", "bare"),
    [
        ("app.kubernetes.io/name", True),
        ("f:metadata", False),
        ("y", False),
        ("Off", False),
        ("0o17", False),
        ("0b", True),
        ("1.2.3", True),
        (".5", False),
        ("infinity", False),
        ("nan", False),
        ("2026-1-2", False),
        ("2026-13-45", True),  # no date: time.Parse refuses it
        ("2026-02-29", True),
        ("2028-02-29", False),
        ("x_", True),
        ("x.", False),
    ],
)
def test_a_key_is_bare_unless_yaml_would_misread_it(key, bare):
    assert (not kyaml.needs_quotes(key)) is bare


def test_numbers_lists_and_empty_collections():
    document = {"b": True, "d": {}, "e": [], "i": 1, "l": [1, "a", [], {}], "m": [{}, []]}
    assert printers.to_kyaml(document) == (
        '---\n{\n  b: true,\n  d: {},\n  e: [],\n  i: 1,\n  l: [\n    1,\n    "a",\n    [],\n'
        "    {},\n  ],\n  m: [{}, []],\n}\n"
    )


def test_what_yaml_cannot_read_ends_the_command():
    with pytest.raises(ExitError) as raised:
        printers.to_kyaml({"data": {"k": "a\x7fb"}})
    assert str(raised.value) == "error: error decoding: yaml: control characters are not allowed"


def test_get_and_the_objects_kubectl_builds():
    cluster = Cluster()
    assert run(cluster, "create", "configmap", "cfg", "--from-literal=a=1").exit_code == 0
    assert run(cluster, "get", "cm", "cfg", "-o", "kyaml").stdout.startswith(
        '---\n{\n  apiVersion: "v1",\n  data: {\n    a: "1",\n  },\n  kind: "ConfigMap",\n'
    )
    built = run(cluster, "create", "cm", "x", "--from-literal=a=1", "--dry-run=client", "-o=kyaml")
    assert built.stdout == (  # a typed struct: its fields in their order
        '---\n{\n  kind: "ConfigMap",\n  apiVersion: "v1",\n  metadata: {\n    name: "x",\n'
        '  },\n  data: {\n    a: "1",\n  },\n}\n'
    )
