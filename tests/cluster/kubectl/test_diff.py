"""kubectl diff -f: `diff -u -N` of the objects as they are and as a dry run of applying
them would make them, with kubectl 1.37's exit codes (checked over KubeLab's API)."""

import pytest

from cluster.engine.cluster import Cluster
from cluster.kubectl.cmd import diff
from cluster.kubectl.main import kubectl

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
"""
SECRET = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: sec\nstringData:\n  a: one\n  b: two\n"
FILES = {
    "web.yaml": DEPLOYMENT,
    "scaled.yaml": DEPLOYMENT.replace("replicas: 3", "replicas: 5"),
    "invalid.yaml": DEPLOYMENT.replace("replicas: 3", "replicas: -3"),
    "secret.yaml": SECRET,
    "secret2.yaml": SECRET.replace("two", "three").replace("  a: one\n", "  a: one\n  c: new\n"),
}


def run(cluster: Cluster, *argv: str):
    now = cluster.spec.epoch + cluster.clock.now // 1000
    return kubectl(list(argv), cluster.handle, cluster.admin, files=FILES, now=now)


@pytest.fixture
def cluster():
    return Cluster()


def test_a_new_object_is_all_added_and_the_diff_exits_1(cluster):
    result = run(cluster, "diff", "-f", "web.yaml")
    lines = result.stdout.splitlines()
    live, merged = "/tmp/LIVE-", "/tmp/MERGED-"
    assert lines[0].startswith(f"diff -u -N {live}") and f" {merged}" in lines[0]
    assert lines[0].endswith("/apps.v1.Deployment.default.web")
    assert lines[1].startswith(f"--- {live}") and lines[1].endswith(
        "\t2026-01-01 00:00:00.000000000 +0000"
    )
    assert lines[2].startswith(f"+++ {merged}")
    assert lines[3] == "@@ -0,0 +1,39 @@"
    assert "+  replicas: 3" in lines and "+        imagePullPolicy: IfNotPresent" in lines
    assert (result.stderr, result.exit_code) == ("", 1)
    assert run(cluster, "get", "deploy").stderr == "No resources found in default namespace.\n"


def test_an_applied_object_shows_only_what_would_change(cluster):
    assert run(cluster, "apply", "-f", "web.yaml").exit_code == 0
    unchanged = run(cluster, "diff", "-f", "web.yaml")
    assert (unchanged.stdout, unchanged.exit_code) == ("", 0)
    changed = run(cluster, "diff", "-f", "scaled.yaml")
    hunks = changed.stdout.split("@@")
    assert "-  generation: 1\n+  generation: 2\n" in changed.stdout
    assert "-  replicas: 3\n+  replicas: 5\n" in changed.stdout
    assert "last-applied-configuration" in hunks[2]  # kept, as a line of context
    assert changed.exit_code == 1


def test_errors_exit_2(cluster):
    assert (run(cluster, "diff").stderr, run(cluster, "diff").exit_code) == (
        "error: must specify one of -f and -k\n",
        2,
    )
    flagged = run(cluster, "diff", "-f", "web.yaml", "-o", "yaml")
    assert (flagged.stderr, flagged.exit_code) == (
        "error: unknown shorthand flag: 'o' in -o\nSee 'kubectl diff -h' for help and examples\n",
        2,
    )
    assert run(cluster, "apply", "-f", "web.yaml").exit_code == 0
    invalid = run(cluster, "diff", "-f", "invalid.yaml")
    assert invalid.stderr == (
        'The Deployment "web" is invalid: spec.replicas: Invalid value: -3: must be greater '
        "than or equal to 0\n"
    )
    assert invalid.exit_code == 2


def test_secret_values_are_masked(cluster):
    assert run(cluster, "apply", "-f", "secret.yaml").exit_code == 0
    result = run(cluster, "diff", "-f", "secret2.yaml")
    assert result.stdout.split("@@")[2].startswith(
        "\n apiVersion: v1\n data:\n   a: '***'\n-  b: '*** (before)'\n+  b: '*** (after)'\n"
        "+  c: '***'\n kind: Secret\n"
    )


def test_a_label_selector_picks_the_objects_of_the_files(cluster):
    assert run(cluster, "diff", "-f", "web.yaml", "-l", "app=db").exit_code == 0
    assert run(cluster, "diff", "-f", "web.yaml", "-l", "app=web").exit_code == 1
    assert run(cluster, "diff", "-f", "web.yaml", "-l", "app in (x").stderr == (
        'error: the provided selector "app in (x" is not valid: unable to parse requirement: '
        "found '', expected: ',' or ')'\n"
    )
    assert run(cluster, "apply", "-f", "web.yaml", "-l", "app=db").stderr == (
        "error: no objects passed to apply\n"
    )


def test_hunks_are_laid_out_as_diff_u_does():
    before = [f"{n}\n" for n in range(1, 12)]
    after = [*before[:5], "six\n", *before[6:]]
    assert diff.unified(before, after) == ("@@ -3,7 +3,7 @@\n 3\n 4\n 5\n-6\n+six\n 7\n 8\n 9\n")
    assert diff.unified(["a\n"], ["b\n"]) == "@@ -1 +1 @@\n-a\n+b\n"
    assert diff.unified(["a\n"], []) == "@@ -1 +0,0 @@\n-a\n"
