"""kubectl delete: by name, by -f, by label selector and --all; grace periods and --force."""

import pytest

from cluster.engine.cluster import Cluster
from cluster.kubectl.cmd import delete
from tests.cluster.kubectl.helpers import run

MAPS = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: a, labels: {group: x}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: b, labels: {group: x}}
"""


@pytest.fixture
def cluster() -> Cluster:
    return Cluster()


def test_by_file_then_missing_from_the_file(cluster):
    run(cluster, "create", "-f", "-", stdin=MAPS)
    result = run(cluster, "delete", "-f", "-", stdin=MAPS)
    assert result.stdout == (
        'configmap "a" deleted from default namespace\nconfigmap "b" deleted from default namespace\n'
    )
    again = run(cluster, "delete", "-f", "-", stdin=MAPS)
    assert (again.stdout, again.exit_code) == ("", 1)
    assert again.stderr == (
        'Error from server (NotFound): error when deleting "STDIN": configmaps "a" not found\n'
        'Error from server (NotFound): error when deleting "STDIN": configmaps "b" not found\n'
    )


def test_by_selector_and_all(cluster):
    run(cluster, "create", "-f", "-", stdin=MAPS)
    run(cluster, "create", "configmap", "c")
    assert run(cluster, "delete", "cm", "-l", "group=x").stdout == (
        'configmap "a" deleted from default namespace\nconfigmap "b" deleted from default namespace\n'
    )
    assert run(cluster, "delete", "cm", "-l", "group=x").stdout == "No resources found\n"
    deleted = run(cluster, "delete", "cm", "--all").stdout.splitlines()
    assert 'configmap "c" deleted from default namespace' in deleted
    assert run(cluster, "delete", "cm", "--all", "-l", "a=b").stderr == (
        "error: setting 'all' parameter but found a non empty selector. \n"
    )


def test_a_deployment_is_named_with_its_group(cluster):
    run(cluster, "create", "deployment", "web", "--image=nginx")
    assert run(cluster, "delete", "deployment", "web").stdout == (
        'deployment.apps "web" deleted from default namespace\n'
    )


def test_dry_runs_say_what_would_be_deleted_and_delete_nothing(cluster):
    run(cluster, "create", "-f", "-", stdin=MAPS)
    client = run(cluster, "delete", "cm", "a", "missing", "--dry-run=client")
    assert client.stdout == (
        'configmap "a" deleted from default namespace (dry run)\n'
        'configmap "missing" deleted from default namespace (dry run)\n'
    )
    server = run(cluster, "delete", "cm", "-l", "group=x", "--dry-run=server", "--now")
    assert server.stdout == (
        'configmap "a" deleted from default namespace (server dry run)\n'
        'configmap "b" deleted from default namespace (server dry run)\n'
    )
    assert run(cluster, "get", "cm", "a", "b", "-o", "name").stdout == (
        "configmap/a\nconfigmap/b\n"
    )


def test_force_deletes_at_once_and_warns(cluster):
    run(cluster, "run", "web", "--image=nginx")
    cluster.run_until_idle()
    result = run(cluster, "delete", "pod", "web", "--force")
    assert result.stderr == (
        "Warning: Immediate deletion does not wait for confirmation that the running resource "
        "has been terminated. The resource may continue to run on the cluster indefinitely.\n"
    )
    assert result.stdout == 'pod "web" force deleted from default namespace\n'
    assert run(cluster, "get", "pod", "web").exit_code == 1


def test_a_graceful_deletion_leaves_the_pod_terminating(cluster):
    run(cluster, "run", "web", "--image=nginx")
    cluster.run_until_idle()
    run(cluster, "delete", "pod", "web", "--grace-period=20")
    assert run(cluster, "get", "pod", "web").stdout.splitlines()[1].split()[2] == "Terminating"


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        ((), "error: You must provide one or more resources by argument or filename."),
        (("cm",), "error: resource(s) were provided, but no name was specified"),
        (("cm", "nope"), 'Error from server (NotFound): configmaps "nope" not found'),
        (
            ("cm", "x", "-o", "yaml"),
            "error: unexpected -o output mode: yaml. We only support '-o name'",
        ),
        (
            ("cm", "x", "--cascade=bad"),
            'error: invalid cascade value (bad). Must be "background", "foreground", or "orphan"',
        ),
    ],
)
def test_errors(cluster, argv, error):
    result = run(cluster, "delete", *argv)
    assert result.stderr.startswith(error + "\n") and result.exit_code == 1


@pytest.mark.parametrize(
    ("flags", "error"),
    [
        (
            ("--now", "--grace-period=5"),
            "error: --now and --grace-period cannot be specified together",
        ),
        (
            ("--grace-period=5", "--force"),
            "error: --force and --grace-period greater than 0 cannot be specified together",
        ),
        (
            ("--grace-period=abc",),
            'error: invalid argument "abc" for "--grace-period" flag: strconv.ParseInt: parsing '
            "\"abc\": invalid syntax\nSee 'kubectl delete --help' for usage.",
        ),
    ],
)
def test_grace_period_flags_that_do_not_go_together(cluster, flags, error):
    result = run(cluster, "delete", "pod", "x", *flags)
    assert (result.stdout, result.stderr, result.exit_code) == ("", error + "\n", 1)


def test_what_it_says_it_deleted_is_read_back_for_the_wait(cluster):
    run(cluster, "create", "-f", "-", stdin=MAPS)
    run(cluster, "create", "namespace", "team")
    printed = run(cluster, "delete", "cm/a", "namespace/team").stdout
    assert [(r.name, ns, name) for r, ns, name in delete.deleted(printed, "default")] == [
        ("configmaps", "default", "a"),
        ("namespaces", "", "team"),
    ]
    named = run(cluster, "delete", "cm", "b", "-o", "name").stdout
    assert named == "configmap/b\n"
    assert [(r.name, ns, n) for r, ns, n in delete.deleted(named, "")] == [("configmaps", "", "b")]
    assert delete.deleted("No resources found\n", "default") == []


def test_a_timeout_is_a_go_duration(cluster):
    result = run(cluster, "delete", "cm", "a", "--timeout=5")
    assert (result.stderr, result.exit_code) == (
        'error: invalid argument "5" for "--timeout" flag: time: missing unit in duration "5"\n'
        "See 'kubectl delete --help' for usage.\n",
        1,
    )
