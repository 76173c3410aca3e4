"""kubectl patch: the three patch types, their outcome words, and kubectl's errors."""

import pytest

from cluster.engine.cluster import Cluster
from cluster.kubectl.main import kubectl
from tests.cluster.kubectl.helpers import run

REPLICAS = '{"spec":{"replicas":3}}'


@pytest.fixture
def cluster() -> Cluster:
    cluster = Cluster()
    run(cluster, "create", "deployment", "web", "--image=nginx")
    return cluster


def patch(cluster: Cluster, *argv: str) -> tuple[str, str, int]:
    result = run(cluster, "patch", *argv)
    return result.stdout, result.stderr, result.exit_code


def replicas(cluster: Cluster) -> str:
    return run(cluster, "get", "deploy", "web", "-o", "jsonpath={.spec.replicas}").stdout


def test_a_strategic_patch_then_the_same_again(cluster):
    assert patch(cluster, "deploy", "web", "-p", REPLICAS) == (
        "deployment.apps/web patched\n",
        "",
        0,
    )
    assert patch(cluster, "deployment/web", "-p", REPLICAS) == (
        "deployment.apps/web patched (no change)\n",
        "",
        0,
    )
    assert replicas(cluster) == "3"


def test_merge_and_json_patches_yaml_and_a_patch_file(cluster):
    assert patch(cluster, "deploy", "web", "--type=merge", "-p", "spec: {replicas: 2}")[0] == (
        "deployment.apps/web patched\n"
    )
    assert replicas(cluster) == "2"
    ops = '[{"op":"replace","path":"/spec/replicas","value":4}]'
    assert patch(cluster, "deploy", "web", "--type", "JSON", "-p", ops)[2] == 0
    assert replicas(cluster) == "4"
    result = kubectl(
        ["patch", "deploy", "web", "--type=json", "--patch-file", "p.yaml"],
        cluster.handle,
        cluster.admin,
        files={"p.yaml": "- {op: replace, path: /spec/replicas, value: 1}\n"},
    )
    assert (result.stdout, result.exit_code) == ("deployment.apps/web patched\n", 0)
    assert replicas(cluster) == "1"


def test_the_scale_subresource_is_named_as_its_kind(cluster):
    argv = ("deploy", "web", "--subresource=scale", "--type=merge", "-p", REPLICAS)
    assert patch(cluster, *argv)[0] == "scale.autoscaling/web patched\n"
    assert patch(cluster, *argv)[0] == "scale.autoscaling/web patched (no change)\n"
    assert patch(cluster, "deploy", "web", "--subresource=nope", "-p", "{}")[1] == (
        "Error from server (NotFound): the server could not find the requested resource\n"
    )


def test_dry_runs_say_patched_without_a_note_and_change_nothing(cluster):
    for mode in ("client", "server"):
        assert patch(cluster, "deploy", "web", "-p", REPLICAS, f"--dry-run={mode}") == (
            "deployment.apps/web patched\n",
            "",
            0,
        )
    assert replicas(cluster) == "1"
    out, _, _ = patch(cluster, "deploy", "web", "-p", REPLICAS, "--dry-run=client", "-o", "name")
    assert out == "deployment.apps/web\n"


def test_local_patches_the_file_only(cluster):
    manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n"
    result = run(
        cluster,
        "patch",
        "--local",
        "-f",
        "-",
        "--type=merge",
        "-p",
        '{"data":{"a":"z"}}',
        "-o",
        "jsonpath={.data.a}",
        stdin=manifest,
    )
    assert (result.stdout, result.exit_code) == ("z", 0)
    assert run(cluster, "get", "cm", "c").exit_code == 1
    result = run(cluster, "patch", "--local", "-f", "-", "-p", "{}", "-o", "yaml", stdin=manifest)
    assert result.stdout == "apiVersion: v1\ndata:\n  a: b\nkind: ConfigMap\nmetadata:\n  name: c\n"


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (
            ("deploy", "web"),
            "error: must specify --patch or --patch-file containing the contents of the patch",
        ),
        (
            ("deploy", "web", "-p", "{}", "--patch-file", "f"),
            "error: cannot specify --patch and --patch-file together",
        ),
        (
            ("deploy", "web", "-p", "{}", "--type", "x"),
            'error: --type must be one of [json merge strategic], not "x"',
        ),
        (
            ("deploy", "web", "-p", "{}", "--local"),
            "error: cannot specify --local and server resources",
        ),
        (
            ("deploy", "web", "--patch-file", "f"),
            "error: unable to read patch file: open f: no such file or directory",
        ),
        (
            ("deploy", "web", "-p", "a: [b"),
            "error: unable to parse \"a: [b\": yaml: line 1: did not find expected ',' or ']'",
        ),
        (
            ("deploy", "web", "-p", "{bad"),
            "Error from server (BadRequest): invalid character 'b' looking for beginning of object key string",
        ),
        (
            ("deploy", "web", "-p", "{"),
            "Error from server (BadRequest): unexpected end of JSON input",
        ),
        (
            ("deploy", "web", "-p", "[]"),
            "Error from server (BadRequest): json: cannot unmarshal array into Go value of type map[string]interface {}",
        ),
        (
            ("deploy", "nope", "-p", "{}"),
            'Error from server (NotFound): deployments.apps "nope" not found',
        ),
        (("deploy", "-p", "{}"), "error: resource(s) were provided, but no name was specified"),
        (
            ("deploy", "web", "-p", "{}", "-o", "wide"),
            'error: unable to match a printer suitable for the output format "wide"',
        ),
        (
            (
                "deploy",
                "web",
                "--type=json",
                "-p",
                '[{"op":"replace","path":"/spec/x/y","value":1}]',
            ),
            "The request is invalid: : replace operation does not apply: doc is missing path: /spec/x/y: missing value",
        ),
        (
            ("deploy", "web", "-p", '{"spec":{"replicas":-1}}'),
            'The Deployment "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
        ),
    ],
)
def test_refusals(cluster, argv, error):
    out, err, code = patch(cluster, *argv)
    assert (out, code) == ("", 1)
    assert err.startswith(error), err
    assert replicas(cluster) == "1"
