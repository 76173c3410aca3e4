"""kubectl run's attach options in the built-in kubectl: validated as RunOptions.Validate
does; attaching is the dashboard's terminal's."""

import json

import pytest

from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import run


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (["-t"], "error: -i/--stdin is required for containers with -t/--tty=true"),
        (["--rm"], "error: --rm should only be used for attached containers"),
        (
            ["-i", "--dry-run=client"],
            "error: --dry-run=[server|client] can't be used with attached containers options "
            "(--attach, --stdin, or --tty)",
        ),
        (
            ["-it", "--rm"],
            "error: kubectl run --attach, -i and -t attach to the container: run it in the "
            "dashboard's terminal, or with the real kubectl",
        ),
    ],
)
def test_attach_options_are_validated_and_nothing_is_created(argv, error):
    cluster = Cluster()
    result = run(cluster, "run", "tmp", "--image=busybox", *argv)
    assert (result.stderr, result.exit_code) == (error + "\n", 1)
    assert run(cluster, "get", "pods").stderr == "No resources found in default namespace.\n"


def test_stdin_without_attaching_keeps_stdin_open_for_a_later_attach():
    cluster = Cluster()
    result = run(cluster, "run", "tmp", "--image=busybox", "-i", "--attach=false", "-t")
    assert result.stdout == "pod/tmp created\n"
    container = run(cluster, "get", "pod", "tmp", "-o", "jsonpath={.spec.containers[0]}").stdout
    assert '"stdin":true,"stdinOnce":true' in container and '"tty":true' in container


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (["--port=abc"], "error: --port must be a number"),
        (["--expose"], "error: --port must be set when exposing a service"),
        (
            ["--restart=Sometimes"],
            "error: invalid restart policy: Sometimes, valid values are: Always, OnFailure, Never",
        ),
        (
            ["--image-pull-policy=Sometimes"],
            "error: invalid image pull policy: Sometimes, valid values are: Always, "
            "IfNotPresent, Never",
        ),
        (["--env=FOO"], "error: invalid env: FOO"),
        (["--env=1A=b"], "error: invalid env: 1A=b"),
        (["--labels=a"], "error: unexpected label spec: a"),
        (["--labels==b"], "error: unexpected empty label key"),
        (["--annotations=x", "--annotations==y"], "error: invalid annotations format: x, =y"),
        (["--image=Bad"], 'error: invalid image name "Bad": invalid reference format'),
        (["--overrides={}", "--override-type=x"], "error: invalid override type: x"),
        (["--overrides={bad"], "error: Invalid JSON Patch"),
        (
            ["--overrides={bad", "--override-type=json"],
            "error: invalid character 'b' looking for beginning of object key string",
        ),
        (["--overrides=[]", "--override-type=strategic"], "error: invalid JSON document"),
        (
            ['--overrides=[{"op":"test","path":"/x","value":1}]', "--override-type=json"],
            "error: testing value /x failed: test failed",
        ),
    ],
)
def test_what_run_options_refuse_is_refused_in_kubectls_words(argv, error):
    cluster = Cluster()
    result = run(cluster, "run", "web", "--image=nginx", *argv)
    assert (result.stderr, result.exit_code) == (error + "\n", 1)
    assert run(cluster, "get", "pods").stderr == "No resources found in default namespace.\n"


def test_a_client_dry_run_names_the_namespace_it_was_told():
    cluster = Cluster()
    shown = run(cluster, "run", "web", "--image=nginx", "--dry-run=client", "-o", "yaml").stdout
    assert "namespace" not in shown
    told = ["-n", "default", "run", "web", "--image=nginx", "--dry-run=client", "-o", "yaml"]
    assert "  namespace: default\n" in run(cluster, *told).stdout


def test_annotations_privileged_and_overrides_shape_the_pod():
    cluster = Cluster()
    result = run(
        cluster,
        "run",
        "web",
        "--image=nginx",
        "--annotations=team=blue",
        "--privileged",
        '--overrides={"spec":{"nodeName":"node-2"}}',
        "-o",
        "json",
    )
    pod = json.loads(result.stdout)
    assert pod["metadata"]["annotations"] == {"team": "blue"}
    assert pod["spec"]["containers"][0]["securityContext"] == {"privileged": True}
    assert pod["spec"]["nodeName"] == "node-2"
    assert "managedFields" not in pod["metadata"]
    shown = run(cluster, "get", "pod", "web", "-o", "yaml", "--show-managed-fields").stdout
    assert "manager: kubectl-run\n" in shown


def test_expose_creates_a_service_in_front_of_the_pod():
    cluster = Cluster()
    result = run(cluster, "run", "web", "--image=nginx", "--port=80", "--expose", "-l", "app=web")
    assert result.stdout == "pod/web created\nservice/web created\n"
    service = json.loads(run(cluster, "get", "svc", "web", "-o", "json").stdout)
    assert service["metadata"]["labels"] == {"app": "web"}
    assert service["spec"]["selector"] == {"app": "web"}
    assert service["spec"]["ports"] == [{"port": 80, "protocol": "TCP", "targetPort": 80}]
    again = run(cluster, "run", "web", "--image=nginx", "--port=80", "--expose")
    assert again.stderr == 'Error from server (AlreadyExists): pods "web" already exists\n'


def test_save_config_records_the_pod_as_kubectl_encodes_it():
    cluster = Cluster()
    run(cluster, "run", "web", "--image=nginx", "--save-config")
    annotations = run(cluster, "get", "pod", "web", "-o", "jsonpath={.metadata.annotations}").stdout
    applied = json.loads(
        json.loads(annotations)["kubectl.kubernetes.io/last-applied-configuration"]
    )
    assert list(applied) == ["kind", "apiVersion", "metadata", "spec", "status"]
    assert applied["metadata"] == {"name": "web", "labels": {"run": "web"}}
