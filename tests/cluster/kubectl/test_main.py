"""The built-in kubectl prints what the real one prints."""

import pytest
import yaml

from cluster.engine.cluster import Cluster
from cluster.kubectl.main import kubectl


@pytest.fixture
def cluster():
    return Cluster()


def run(cluster, *argv):
    return kubectl(
        list(argv),
        cluster.handle,
        cluster.admin,
        now=cluster.spec.epoch + cluster.clock.now // 1000,
    )


def test_get_pods_prints_kubectls_table(cluster):
    run(cluster, "run", "web", "--image=nginx")
    cluster.run_until_idle()
    cluster.advance_to(12_000)
    result = run(cluster, "get", "pods")
    assert result.stdout == (
        "NAME   READY   STATUS    RESTARTS   AGE\nweb    1/1     Running   0          12s\n"
    )
    assert (result.stderr, result.exit_code) == ("", 0)


def test_a_pod_being_created_shows_container_creating(cluster):
    run(cluster, "run", "web", "--image=nginx")
    assert run(cluster, "get", "pods").stdout.splitlines()[1].split() == [
        "web",
        "0/1",
        "ContainerCreating",
        "0",
        "0s",
    ]


def test_wide_output_adds_ip_and_node(cluster):
    run(cluster, "run", "web", "--image=nginx")
    cluster.run_until_idle()
    header, row = run(cluster, "get", "pods", "-o", "wide").stdout.splitlines()
    assert header.split() == [
        "NAME",
        "READY",
        "STATUS",
        "RESTARTS",
        "AGE",
        "IP",
        "NODE",
        "NOMINATED",
        "NODE",
        "READINESS",
        "GATES",
    ]
    assert row.split()[5:] == ["10.244.1.2", "node-1", "<none>", "<none>"]


def test_get_nodes(cluster):
    lines = run(cluster, "get", "nodes").stdout.splitlines()
    assert lines[0] == "NAME            STATUS   ROLES           AGE   VERSION"
    assert lines[1] == "control-plane   Ready    control-plane   0s    v1.37.1"
    assert lines[2] == "node-1          Ready    <none>          0s    v1.37.1"


def test_no_pods_is_said_on_stderr(cluster):
    result = run(cluster, "get", "pods")
    assert (result.stdout, result.stderr, result.exit_code) == (
        "",
        "No resources found in default namespace.\n",
        0,
    )


def test_a_missing_pod_is_an_error_from_the_server(cluster):
    result = run(cluster, "get", "pod", "nope")
    assert (result.stderr, result.exit_code) == (
        'Error from server (NotFound): pods "nope" not found\n',
        1,
    )


def test_output_name_and_yaml(cluster):
    run(cluster, "run", "web", "--image=nginx")
    assert run(cluster, "get", "pods", "-o", "name").stdout == "pod/web\n"
    text = run(cluster, "get", "pod", "web", "-o", "yaml").stdout
    assert text.startswith('apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: "')
    assert "  containers:\n  - image: nginx\n" in text
    document = yaml.safe_load(text)
    assert document["metadata"]["labels"] == {"run": "web"}


def test_run_needs_an_image_and_a_name(cluster):
    assert run(cluster, "run", "web").stderr == 'error: required flag(s) "image" not set\n'
    assert run(cluster, "run", "--image=nginx").stderr.startswith(
        "error: NAME is required for run\n"
    )


def test_an_invalid_name_is_reported_as_kubectl_does(cluster):
    result = run(cluster, "run", "Web", "--image=nginx")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == 'The Pod "Web" is invalid: '
    assert lines[1].startswith(
        '* metadata.name: Invalid value: "Web": a lowercase RFC 1123 '
        "subdomain must consist of lower case alphanumeric characters"
    )
    assert lines[2].startswith(
        '* spec.containers[0].name: Invalid value: "Web": a lowercase '
        "RFC 1123 label must consist of"
    )


def test_running_twice_is_already_exists(cluster):
    run(cluster, "run", "web", "--image=nginx")
    assert run(cluster, "run", "web", "--image=nginx").stderr == (
        'Error from server (AlreadyExists): pods "web" already exists\n'
    )


def test_unknown_commands_flags_and_types_get_kubectls_messages(cluster):
    assert (
        run(cluster, "frobnicate").stderr == 'error: unknown command "frobnicate" for "kubectl"\n'
    )
    assert run(cluster, "get", "pods", "--colour").stderr == (
        "error: unknown flag: --colour\nSee 'kubectl get --help' for usage.\n"
    )
    assert run(cluster, "get", "widgets").stderr == (
        'error: the server doesn\'t have a resource type "widgets"\n'
    )


def test_namespace_flag_before_the_command(cluster):
    result = run(cluster, "-n", "kube-system", "get", "pods")
    assert result.stderr == "No resources found in kube-system namespace.\n"


def test_delete_says_which_namespace(cluster):
    run(cluster, "run", "web", "--image=nginx")
    result = run(cluster, "delete", "pod", "web")
    assert result.stdout == 'pod "web" deleted from default namespace\n'
    assert run(cluster, "delete", "pod", "web", "--ignore-not-found").exit_code == 0


def test_token_acts_as_whom_it_names() -> None:
    cluster = Cluster()
    assert run(cluster, "get", "pods", "--token=garbage").stderr == (
        "error: You must be logged in to the server (Unauthorized)\n"
    )
    token = run(cluster, "create", "token", "default").stdout.strip()
    whoami = run(cluster, "auth", "whoami", f"--token={token}").stdout
    assert "system:serviceaccount:default:default" in whoami


def test_both_streams_are_kept_in_the_order_they_were_written(cluster):
    warned = run(cluster, "get", "componentstatuses", "--no-headers")
    warning = "Warning: v1 ComponentStatus is deprecated in v1.19+\n"
    assert warned.chunks == (("stderr", warning), ("stdout", warned.stdout))
    assert run(cluster, "get", "pods").chunks == ()  # one stream: its text says it all
    failed = run(cluster, "get", "cs/etcd-0", "pods/nope")
    assert [name for name, _ in failed.chunks] == ["stderr", "stdout", "stderr"]


def test_kubectls_commands_the_built_in_one_does_not_have_say_so(cluster):
    forwarded = run(cluster, "port-forward", "pod/web", "8080:80")
    assert (forwarded.stderr, forwarded.exit_code) == (
        "error: the built-in kubectl cannot forward ports: it cannot listen on your machine; the "
        "real kubectl's `kubectl port-forward`, with the kubeconfig `kubelab kubeconfig` prints, "
        "does\n",
        1,
    )
    assert run(cluster, "certificate", "approve", "csr").stderr == (
        'error: the server doesn\'t have a resource type "certificatesigningrequests"\n'
    )
    assert run(cluster, "frobnicate").stderr.startswith('error: unknown command "frobnicate"')
