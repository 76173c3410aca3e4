"""kubectl create quota: hard limits in canonical form, scopes, and kubectl's errors."""

import json

import pytest

from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import run


@pytest.fixture
def cluster() -> Cluster:
    return Cluster()


def test_a_quota_is_created_with_its_limits_and_scopes(cluster):
    result = run(cluster, "create", "quota", "q", "--hard=pods=2,cpu=500m,memory=1.5Gi")
    assert (result.stdout, result.stderr, result.exit_code) == ("resourcequota/q created\n", "", 0)
    spec = json.loads(run(cluster, "get", "quota", "q", "-o", "json").stdout)["spec"]
    assert spec == {"hard": {"cpu": "500m", "memory": "1536Mi", "pods": "2"}}
    result = run(cluster, "create", "resourcequota", "be", "--hard=pods=9", "--scopes=BestEffort")
    assert result.stdout == "resourcequota/be created\n"


def test_client_dry_run_prints_the_typed_object(cluster):
    result = run(
        cluster,
        "create",
        "quota",
        "q",
        "--hard=memory=1000000000,cpu=1,cpu=2",
        "--scopes=NotBestEffort,NotTerminating",
        "-o",
        "json",
        "--dry-run=client",
    )
    assert result.stdout == (
        '{\n    "kind": "ResourceQuota",\n    "apiVersion": "v1",\n    "metadata": {\n'
        '        "name": "q"\n    },\n    "spec": {\n        "hard": {\n'
        '            "cpu": "2",\n            "memory": "1G"\n        },\n'
        '        "scopes": [\n            "NotBestEffort",\n            "NotTerminating"\n'
        '        ]\n    },\n    "status": {}\n}\n'
    )
    assert run(cluster, "get", "quota", "q").exit_code == 1


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (
            (),
            "error: exactly one NAME is required, got 0\nSee 'kubectl create quota -h' for help and examples\n",
        ),
        (("q", "--hard=cpu"), "error: Invalid argument syntax cpu, expected <resource>=<value>\n"),
        (
            ("q", "--hard=cpu=1=2"),
            "error: Invalid argument syntax cpu=1=2, expected <resource>=<value>\n",
        ),
        (
            ("q", "--hard=cpu=1x"),
            "error: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'\n",
        ),
        (
            ("q", "--hard=pods=1", "--scopes=BestEffort,,"),
            'error: invalid resource quota scope ""\n',
        ),
        (
            ("q", "--hard=pods=1", "-n", "nons"),
            'error: failed to create quota: namespaces "nons" not found\n',
        ),
    ],
)
def test_refusals(cluster, argv, error):
    result = run(cluster, "create", "quota", *argv)
    assert (result.stdout, result.stderr, result.exit_code) == ("", error, 1)
