"""kubectl apply view-last-applied and set-last-applied: the last-applied-configuration
annotation shown and set, as kubectl 1.37 does over KubeLab's API."""

import json

import pytest

from cluster.engine.cluster import Cluster
from cluster.kubectl.main import kubectl
from tests.cluster.kubectl.helpers import run

APPLIED = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  color: <blue>\n"
PLAIN = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\ndata:\n  a: '1'\n"
CHANGED = PLAIN.replace("'1'", "'2'")
FILES = {"app.yaml": APPLIED, "plain.yaml": PLAIN, "changed.yaml": CHANGED}


def with_files(cluster: Cluster, *argv: str):
    return kubectl(list(argv), cluster.handle, cluster.admin, files=FILES)


@pytest.fixture
def cluster():
    cluster = Cluster()
    assert with_files(cluster, "apply", "-f", "app.yaml").exit_code == 0
    assert with_files(cluster, "create", "-f", "plain.yaml").exit_code == 0
    return cluster


def test_view_prints_the_annotation_as_yaml_or_as_json_laid_out(cluster):
    assert run(cluster, "apply", "view-last-applied", "cm/app").stdout == (
        "apiVersion: v1\ndata:\n  color: <blue>\nkind: ConfigMap\nmetadata:\n"
        "  annotations: {}\n  name: app\n  namespace: default\n"
    )
    assert run(cluster, "apply", "view-last-applied", "cm/app", "-o", "json").stdout == (
        '{\n  "apiVersion": "v1",\n  "data": {\n    "color": "\\u003cblue\\u003e"\n  },\n'
        '  "kind": "ConfigMap",\n  "metadata": {\n    "annotations": {},\n    "name": "app",\n'
        '    "namespace": "default"\n  }\n}\n'
    )


def test_objects_without_it_are_passed_over_unless_a_file_names_them(cluster):
    assert run(cluster, "apply", "view-last-applied", "cm/plain").stdout == ""
    named = run(cluster, "apply", "view-last-applied", "-n", "default", "configmaps")
    assert named.stdout.count("apiVersion: v1") == 1 and "name: app" in named.stdout
    assert run(cluster, "apply", "view-last-applied", "configmaps").stderr == (
        "error: resource(s) were provided, but no name was specified\n"
    )
    filed = with_files(cluster, "apply", "view-last-applied", "-f", "plain.yaml")
    assert (filed.stderr, filed.exit_code) == (
        "error: error when no last-applied-configuration annotation found on resource: plain\n"
        ' "plain.yaml": <nil>\n',
        1,
    )


def test_view_prints_only_yaml_or_json(cluster):
    result = run(cluster, "apply", "view-last-applied", "cm/app", "-o", "kyaml")
    assert result.stderr == (
        "error: Unexpected -o output mode: kyaml, the flag 'output' must be one of yaml|json\n"
        "See 'kubectl apply view-last-applied -h' for help and examples\n"
    )


def test_set_needs_the_annotation_or_leave_to_create_it(cluster):
    refused = with_files(cluster, "apply", "set-last-applied", "-f", "plain.yaml")
    assert refused.stderr == (
        "error: no last-applied-configuration annotation found on resource: plain, to create "
        "the annotation, run the command with --create-annotation\n"
    )
    dry = with_files(
        cluster,
        "apply",
        "set-last-applied",
        "-f",
        "plain.yaml",
        "--create-annotation",
        "--dry-run=client",
    )
    assert dry.stdout == "configmap/plain configured (dry run)\n"
    assert run(cluster, "apply", "view-last-applied", "cm/plain").stdout == ""
    created = ("apply", "set-last-applied", "-f", "plain.yaml", "--create-annotation")
    assert with_files(cluster, *created).stdout == "configmap/plain configured\n"
    assert json.loads(run(cluster, "apply", "view-last-applied", "cm/plain", "-o=json").stdout) == {
        "apiVersion": "v1",
        "data": {"a": "1"},
        "kind": "ConfigMap",
        "metadata": {"name": "plain", "namespace": "default"},
    }
    again = with_files(cluster, "apply", "set-last-applied", "-f", "plain.yaml")
    assert again.stdout == "set-last-applied plain: no changes required.\n"


def test_set_changes_the_annotation_and_nothing_else(cluster):
    created = ("apply", "set-last-applied", "-f", "plain.yaml", "--create-annotation")
    assert with_files(cluster, *created).exit_code == 0
    changed = with_files(cluster, "apply", "set-last-applied", "-f", "changed.yaml", "-o", "name")
    assert changed.stdout == "configmap/plain\n"
    assert '  a: "2"\n' in run(cluster, "apply", "view-last-applied", "cm/plain").stdout
    data = run(cluster, "get", "cm", "plain", "-o", "jsonpath={.data}").stdout
    assert data == '{"a":"1"}'
    assert run(cluster, "apply", "set-last-applied").stderr.startswith(
        "error: You must provide one or more resources by argument or filename.\n"
    )


EDITED = (
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  namespace: default\n"
    "data:\n  color: green\n"
)


def test_edit_last_applied_sets_the_annotation_to_what_the_editor_saved(cluster):
    edited = run(cluster, "apply", "edit-last-applied", "cm/app", stdin=EDITED)
    assert (edited.stdout, edited.stderr, edited.exit_code) == ("configmap/app edited\n", "", 0)
    assert json.loads(run(cluster, "get", "cm", "app", "-o", "json").stdout)["data"] == {
        "color": "<blue>"  # the object itself is not changed: only what was last applied
    }
    shown = run(cluster, "apply", "view-last-applied", "cm/app").stdout
    assert "color: green" in shown
    again = run(cluster, "apply", "edit-last-applied", "cm/app", stdin=shown)
    assert (again.stdout, again.stderr) == ("", "Edit cancelled, no changes made.\n")
    red = EDITED.replace("green", "red")
    as_json = run(cluster, "apply", "edit-last-applied", "cm/app", "-o", "json", stdin=red)
    assert json.loads(as_json.stdout)["data"] == {"color": "red"}  # what it set, as JSON


def test_edit_last_applied_refusals(cluster):
    none = run(cluster, "apply", "edit-last-applied", "cm/plain", stdin=EDITED)
    assert none.stderr == (
        "error: no last-applied-configuration annotation found on resources, to create the "
        "annotation, use command `kubectl apply set-last-applied --create-annotation`\n"
    )
    no_editor = run(cluster, "apply", "edit-last-applied", "cm/app")
    assert no_editor.stderr == 'error: unable to launch the editor "vi"\n'
    by_name = run(cluster, "apply", "edit-last-applied", "cm/app", "-o", "name", stdin=EDITED)
    assert by_name.stderr == (
        'error: unable to match a printer suitable for the output format "name", allowed '
        "formats are: json,kyaml,yaml\n"
    )
