"""kubectl explain --output=plaintext-openapiv2 prints the OpenAPI v2 document's schemas as
kubectl's older printer does. The expected texts are the real kubectl 1.37's, explaining the
same cluster; the parity tests compare many more."""

import pytest

from cluster.engine.cluster import Cluster
from cluster.kubectl.cmd.explain_openapiv2 import wrap_string
from tests.cluster.kubectl.helpers import run


@pytest.fixture(scope="module")
def cluster():
    return Cluster()


def test_a_field_prints_its_kind_version_type_and_description(cluster):
    result = run(cluster, "explain", "deploy.spec.paused", "--output=plaintext-openapiv2")
    assert result.stdout == (
        "KIND:     Deployment\nVERSION:  apps/v1\n\nFIELD:    paused <boolean>\n\n"
        "DESCRIPTION:\n     Indicates that the deployment is paused.\n"
    )


def test_a_reference_adds_its_description_before_the_types(cluster):
    result = run(cluster, "explain", "deploy.spec.strategy", "--output=plaintext-openapiv2")
    assert result.stdout.startswith(
        "KIND:     Deployment\nVERSION:  apps/v1\n\nRESOURCE: strategy <Object>\n\n"
        "DESCRIPTION:\n"
        "     The deployment strategy to use to replace existing pods with new ones.\n\n"
        "     DeploymentStrategy describes how to replace existing pods with new ones.\n\n"
        "FIELDS:\n   rollingUpdate\t<Object>\n"
    )


def test_a_replication_controllers_selector(cluster):
    result = run(cluster, "explain", "rc.spec.selector", "--output=plaintext-openapiv2")
    assert result.stdout.startswith(
        "KIND:     ReplicationController\nVERSION:  v1\n\n"
        "FIELD:    selector <map[string]string>\n\nDESCRIPTION:\n"
        "     Selector is a label query over pods that should match the Replicas count.\n"
    )


def test_recursive_lists_the_tree_of_names_and_types(cluster):
    result = run(
        cluster, "explain", "pods.spec.affinity", "--recursive", "--output=plaintext-openapiv2"
    )
    assert "FIELDS:\n   nodeAffinity\t<Object>\n      preferredDuringScheduling" in result.stdout


def test_errors_name_the_field_or_the_kind_not_found(cluster):
    missing = run(cluster, "explain", "pods.spec.nope", "--output=plaintext-openapiv2")
    assert (missing.stderr, missing.exit_code) == ('error: field "nope" does not exist\n', 1)
    other = run(
        cluster, "explain", "deploy", "--api-version=foo/v1", "--output=plaintext-openapiv2"
    )
    assert other.stderr == 'error: couldn\'t find resource for "foo/v1, Kind=Deployment"\n'
    assert run(cluster, "explain", "pods", "--output=foo").stderr == (
        "error: unrecognized format: foo\n"
    )


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("one two three four", ["one two", "three four"]),
        ("Lead in:\nkept apart", ["Lead in:", "kept apart"]),
        ("List:\n- a\n- b", ["List:", "- a", "- b"]),
        ("First\n\nSecond", ["First", "Second"]),  # a blank line before any line is written
        ("one two three four\n\nfive", ["one two", "three four", "", "five"]),
        ("Code:\n    x = 1\nafter", ["Code:", "    x = 1", "after"]),
        ("unbreakablewordlongerthanwidth", ["unbreakablewordlongerthanwidth"]),
    ],
)
def test_wrapping_keeps_what_kubectls_formatter_keeps(text, lines):
    assert wrap_string(text, 10) == lines
