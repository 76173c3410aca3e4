"""kubectl replace -f: an update in place, or with --force a deletion and a creation."""

import pytest

from cluster.engine.cluster import Cluster
from cluster.kubectl.main import kubectl
from tests.cluster.kubectl.helpers import run

CONFIGMAP = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {}\ndata:\n  a: {}\n"


@pytest.fixture
def cluster() -> Cluster:
    cluster = Cluster()
    run(cluster, "create", "configmap", "cfg", "--from-literal=a=one")
    return cluster


def replace(cluster: Cluster, *argv: str, stdin: str = "") -> tuple[str, str, int]:
    result = run(cluster, "replace", *argv, stdin=stdin)
    return result.stdout, result.stderr, result.exit_code


def value(cluster: Cluster, name: str = "cfg") -> str:
    return run(cluster, "get", "cm", name, "-o", "jsonpath={.data.a}").stdout


def test_replace_from_a_workspace_file_and_from_stdin(cluster):
    result = kubectl(
        ["replace", "-f", "cfg.yaml"],
        cluster.handle,
        cluster.admin,
        files={"cfg.yaml": CONFIGMAP.format("cfg", "two")},
    )
    assert (result.stdout, result.stderr, result.exit_code) == ("configmap/cfg replaced\n", "", 0)
    assert value(cluster) == "two"
    assert replace(cluster, "-f", "-", "-o", "name", stdin=CONFIGMAP.format("cfg", "three")) == (
        "configmap/cfg\n",
        "",
        0,
    )
    assert value(cluster) == "three"


def test_dry_runs_leave_the_object(cluster):
    manifest = CONFIGMAP.format("cfg", "two")
    assert replace(cluster, "-f", "-", "--dry-run=client", stdin=manifest)[0] == (
        "configmap/cfg replaced (dry run)\n"
    )
    assert replace(cluster, "-f", "-", "--dry-run=server", stdin=manifest)[0] == (
        "configmap/cfg replaced (server dry run)\n"
    )
    assert value(cluster) == "one"


def test_force_deletes_then_creates(cluster):
    uid = run(cluster, "get", "cm", "cfg", "-o", "jsonpath={.metadata.uid}").stdout
    assert replace(cluster, "-f", "-", "--force", stdin=CONFIGMAP.format("cfg", "two")) == (
        'configmap "cfg" deleted from default namespace\nconfigmap/cfg replaced\n',
        "",
        0,
    )
    assert value(cluster) == "two"
    assert run(cluster, "get", "cm", "cfg", "-o", "jsonpath={.metadata.uid}").stdout != uid
    assert replace(cluster, "-f", "-", "--force", stdin=CONFIGMAP.format("new", "x")) == (
        "configmap/new replaced\n",
        "",
        0,
    )


@pytest.mark.parametrize(
    ("argv", "stdin", "error"),
    [
        ((), "", "error: must specify one of -f and -k\n"),
        (("cm", "cfg"), "", "error: must specify one of -f and -k\n"),
        (("-f", "nofile"), "", 'error: the path "nofile" does not exist\n'),
        (
            ("-f", "-", "--grace-period=3"),
            "",
            "error: --grace-period must have --force specified\n",
        ),
        (("-f", "-", "--timeout=3s"), "", "error: --timeout must have --force specified\n"),
        (
            ("-f", "-", "--force", "--dry-run=server"),
            "",
            "error: --dry-run can not be used when --force is set\n",
        ),
        (  # pflag reads the numbers before anything is checked, as replace's flags
            ("-f", "-", "--force", "--timeout=abc", "-o", "bad"),
            "",
            'error: invalid argument "abc" for "--timeout" flag: time: invalid duration "abc"\n'
            "See 'kubectl replace --help' for usage.\n",
        ),
        (
            ("-f", "-", "--force", "--grace-period=x"),
            "",
            'error: invalid argument "x" for "--grace-period" flag: strconv.ParseInt: parsing '
            "\"x\": invalid syntax\nSee 'kubectl replace --help' for usage.\n",
        ),
        (
            ("-f", "-"),
            CONFIGMAP.format("nope", "x"),
            'Error from server (NotFound): error when replacing "STDIN": configmaps "nope" not found\n',
        ),
    ],
)
def test_refusals(cluster, argv, stdin, error):
    assert replace(cluster, *argv, stdin=stdin) == ("", error, 1)
    assert value(cluster) == "one"


def test_the_scale_subresource_is_named_as_its_kind() -> None:
    cluster = Cluster()
    run(cluster, "create", "deployment", "web", "--image=nginx")
    scale = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 3}\n"
    result = run(cluster, "replace", "--subresource=scale", "-f", "-", stdin=scale)
    assert (result.stdout, result.exit_code) == ("scale.autoscaling/web replaced\n", 0), result
    assert run(cluster, "get", "deploy", "web", "-o", "jsonpath={.spec.replicas}").stdout == "3"
