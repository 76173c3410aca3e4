"""kubectl edit: no terminal editor in a browser, so the edited document comes on stdin."""

import pytest
import yaml

from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import run


@pytest.fixture
def cluster() -> Cluster:
    cluster = Cluster()
    run(cluster, "create", "configmap", "cfg", "--from-literal=a=1")
    return cluster


def current(cluster: Cluster) -> str:
    return run(cluster, "get", "cm", "cfg", "-o", "yaml").stdout


def test_without_an_edited_document_no_editor_can_be_launched(cluster):
    result = run(cluster, "edit", "cm", "cfg")
    assert (result.stdout, result.stderr, result.exit_code) == (
        "",
        'error: unable to launch the editor "vi"\n',
        1,
    )


def test_the_edited_document_is_patched_in(cluster):
    edited = "# Please edit the object below.\n" + current(cluster).replace('a: "1"', 'a: "2"')
    result = run(cluster, "edit", "cm", "cfg", stdin=edited)
    assert (result.stdout, result.stderr, result.exit_code) == ("configmap/cfg edited\n", "", 0)
    assert yaml.safe_load(current(cluster))["data"] == {"a": "2"}


def test_no_change_cancels_and_a_renamed_object_is_refused(cluster):
    unchanged = run(cluster, "edit", "cm", "cfg", stdin=current(cluster))
    assert (unchanged.stdout, unchanged.stderr) == ("", "Edit cancelled, no changes made.\n")
    renamed = run(
        cluster, "edit", "cm", "cfg", stdin=current(cluster).replace("name: cfg", "name: x")
    )
    assert renamed.stderr == "error: At least one of apiVersion, kind and name was changed\n"
