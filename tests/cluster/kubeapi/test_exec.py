"""kubectl exec over websockets (v5.channel.k8s.io) on a real stack: the real kubectl, and the
official Python client's interactive stream with a TTY (v4.channel.k8s.io)."""

import subprocess
import time
from pathlib import Path

import pytest
from kubernetes import client
from kubernetes.stream import stream

from tests.stack import KubeLab
from tests.stack import real_kubectl as kubectl


@pytest.fixture(scope="module")
def config(lab: KubeLab, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = lab.kubeconfig(tmp_path_factory.mktemp("kube") / "config")
    kubectl(path, "run", "web", "--image=busybox", "--", "sleep", "3600")
    kubectl(path, "run", "late", "--image=nginx:nope")
    deadline = time.monotonic() + 60
    while kubectl(path, "get", "pod", "web", "-o", "jsonpath={.status.phase}").stdout != "Running":
        assert time.monotonic() < deadline, "pod web never ran"
        time.sleep(0.5)
    return path


def outcome(result: subprocess.CompletedProcess[str]) -> tuple[str, str, int]:
    return result.stdout, result.stderr, result.returncode


def test_a_command_and_its_exit_code(config: Path) -> None:
    assert outcome(kubectl(config, "exec", "web", "--", "hostname")) == ("web\n", "", 0)
    failed = kubectl(config, "exec", "web", "--", "sh", "-c", "echo out; echo err >&2; exit 3")
    assert outcome(failed) == ("out\n", "err\ncommand terminated with exit code 3\n", 3)


def test_a_shell_runs_the_lines_of_stdin(config: Path) -> None:
    result = kubectl(config, "exec", "-i", "web", "--", "sh", stdin="echo hello\nhostname\n")
    assert outcome(result) == ("hello\nweb\n", "", 0)
    result = kubectl(config, "exec", "-i", "web", "--", "wc", "-l", stdin="a\nb\n")
    assert outcome(result) == ("2\n", "", 0)
    ended = kubectl(config, "exec", "-i", "web", "--", "sh", stdin="echo one\nexit 4\necho two\n")
    assert outcome(ended) == ("one\n", "command terminated with exit code 4\n", 4)


def test_refusals(config: Path) -> None:
    assert outcome(kubectl(config, "exec", "late", "--", "ls")) == (
        "",
        'error: unable to upgrade connection: container not found ("late")\n',
        1,
    )
    missing = kubectl(config, "exec", "web", "--", "nosuch")
    assert missing.returncode == 1
    assert missing.stderr.startswith(
        "error: Internal error occurred: error executing command in container: failed to "
        'exec in container: failed to start exec "'
    )


def test_an_interactive_shell_with_a_tty(lab: KubeLab, config: Path) -> None:
    token = (lab.data_dir / "token").read_text().strip()
    configuration = client.Configuration(
        host=f"{lab.url}k8s/admin/default", api_key={"authorization": f"Bearer {token}"}
    )
    api = client.CoreV1Api(client.ApiClient(configuration))
    session = stream(
        api.connect_get_namespaced_pod_exec,
        "web",
        "default",
        command=["sh"],
        stdin=True,
        stdout=True,
        stderr=True,
        tty=True,
        _preload_content=False,
    )
    seen = ""
    session.write_stdin("echo hi\r")
    deadline = time.monotonic() + 30
    while "hi\r\n/ # " not in seen and time.monotonic() < deadline:
        session.update(timeout=1)
        seen += session.read_stdout() if session.peek_stdout() else ""
    assert seen == "/ # echo hi\r\nhi\r\n/ # "
    session.write_stdin("exit\r")
    while session.is_open() and time.monotonic() < deadline:
        session.update(timeout=1)
    assert session.returncode == 0


def test_as_another_user(config: Path) -> None:
    refused = kubectl(config, "exec", "web", "--as=jane", "--", "hostname")
    assert outcome(refused) == (
        "",
        'Error from server (Forbidden): pods "web" is forbidden: User "jane" cannot get '
        'resource "pods" in API group "" in the namespace "default"\n',
        1,
    )
    assert outcome(kubectl(config, "auth", "can-i", "get", "pods", "--as=jane")) == ("no\n", "", 1)
    assert kubectl(config, "auth", "whoami", "--as=jane").stdout == (
        "ATTRIBUTE   VALUE\nUsername    jane\nGroups      [system:authenticated]\n"
    )
