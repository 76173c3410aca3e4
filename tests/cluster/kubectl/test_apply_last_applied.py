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
