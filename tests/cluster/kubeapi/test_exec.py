"""kubectl exec and attach over websockets (v5.channel.k8s.io) on a real stack: the real
kubectl (on a pseudo-terminal for `-it`), and the official Python client's interactive stream
with a TTY (v4.channel.k8s.io); and the real kubectl's port-forward, whose SPDY streams go
through a websocket tunnel (SPDY/3.1+portforward.k8s.io)."""

import http.client
import os
import pty
import re
import select
import subprocess
import time
from pathlib import Path

import pytest
from kubernetes import client
from kubernetes.stream import stream

from kubelab import redis_server
from tests.stack import KUBECTL, KubeLab
from tests.stack import real_kubectl as kubectl


@pytest.fixture(scope="module")
def config(lab: KubeLab, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = lab.kubeconfig(tmp_path_factory.mktemp("kube") / "config")
    kubectl(path, "run", "web", "--image=busybox", "--", "sleep", "3600")
    kubectl(path, "run", "late", "--image=nginx:nope")
    kubectl(path, "run", "debian", "--image=nginx")
    kubectl(path, "run", "redis", "--image=redis")
    deadline = time.monotonic() + 60
    phases = "jsonpath={.items[*].status.phase}"
    pods = ("web", "debian", "redis")
    while kubectl(path, "get", "pod", *pods, "-o", phases).stdout != "Running Running Running":
        assert time.monotonic() < deadline, "pods web, debian and redis never ran"
        time.sleep(0.5)
    return path


class Terminal:
    """A command on a pseudo-terminal, typed into as a user at a keyboard does: each key
    sequence once the screen shows what it waits for."""

    def __init__(self, *argv: str, home: Path) -> None:
        self.master, slave = pty.openpty()
        self.process = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            start_new_session=True,
            env={"PATH": "/usr/bin:/bin", "HOME": str(home), "TERM": "xterm"},
        )
        os.close(slave)
        self.screen = ""

    def wait_for(self, text: str | None, seen: int = -1, timeout: float = 30) -> None:
        """Read the screen until what came after its first `seen` characters ends with
        `text` (None: until the command has ended and all it wrote is read)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text is not None and len(self.screen) > seen and self.screen.endswith(text):
                return
            if select.select([self.master], [], [], 0.1)[0]:
                try:
                    self.screen += os.read(self.master, 4096).decode()
                except OSError:  # nobody has the terminal open any more: the command ended
                    return

    def type(self, keys: str, then: str | None) -> None:
        seen = len(self.screen)
        os.write(self.master, keys.encode())
        self.wait_for(then, seen)

    def end(self) -> int:
        """The command's exit code, once it ended."""
        code = self.process.wait(timeout=30)
        os.close(self.master)
        return code


def shell(
    config: Path, pod: str, program: str, prompt: str, lines: list[tuple[str, str | None]]
) -> Terminal:
    """`kubectl exec -it POD -- PROGRAM` at its first prompt, each line typed after the one
    before has printed all it prints up to its next prompt."""
    terminal = Terminal(
        KUBECTL, "--kubeconfig", str(config), "exec", "-it", pod, "--", program, home=config.parent
    )
    terminal.wait_for(prompt)
    for keys, then in lines:
        terminal.type(keys, then)
    return terminal


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


def test_an_interactive_shell_keeps_what_each_line_changes(config: Path) -> None:
    session = shell(
        config,
        "web",
        "sh",
        "/ # ",
        [
            ("cd /etc\r", "/etc # "),
            ("pwd\r", "/etc # "),
            ("X=1\r", "/etc # "),
            ("echo $X\r", "/etc # "),
            ("export GREETING=hello\r", "/etc # "),
            ("env | grep GREETING\r", "/etc # "),
            ("ls\r", "/etc # "),
            ("cat /etc/hostname\r", "/etc # "),
            ("cd\r", "~ # "),
            ("exit 3\r", None),
        ],
    )
    assert session.end() == 3
    assert session.screen.split("\r\n") == [
        "/ # cd /etc",
        "/etc # pwd",
        "/etc",
        "/etc # X=1",
        "/etc # echo $X",
        "1",
        "/etc # export GREETING=hello",
        "/etc # env | grep GREETING",
        "GREETING=hello",
        "/etc # ls",
        "group",
        "hostname",
        "hosts",
        "passwd",
        "resolv.conf",
        "/etc # cat /etc/hostname",
        "web",
        "/etc # cd",
        "~ # exit 3",
        "command terminated with exit code 3",
        "",
    ]


def test_bash_prompts_as_debian_has_it_and_ctrl_d_ends_it(config: Path) -> None:
    session = shell(
        config,
        "debian",
        "bash",
        "root@debian:/# ",
        [
            ("cd /tmp && false\r", "root@debian:/tmp# "),
            ("for i in a b; do\r", "> "),
            ("echo $i; done\r", "root@debian:/tmp# "),
            ("\x04", None),
        ],
    )
    assert session.end() == 0
    assert session.screen.split("\r\n") == [
        "root@debian:/# cd /tmp && false",
        "root@debian:/tmp# for i in a b; do",
        "> echo $i; done",
        "a",
        "b",
        "root@debian:/tmp# exit",
        "",
    ]


def test_redis_cli_prompts_for_commands_and_answers_as_on_a_terminal(config: Path) -> None:
    prompt, second = "127.0.0.1:6379> ", "127.0.0.1:6379[1]> "
    session = shell(
        config,
        "redis",
        "redis-cli",
        prompt,
        [
            ("set k v\r", prompt),
            ("get k\r", prompt),
            ("select 1\r", second),
            ("get k\r", second),
            ("quit\r", None),
        ],
    )
    assert session.end() == 0
    assert session.screen.split("\r\n") == [
        f"{prompt}set k v",
        "OK",
        f"{prompt}get k",
        '"v"',
        f"{prompt}select 1",
        "OK",
        f"{second}get k",
        "(nil)",
        f"{second}quit",
        "",
    ]


def test_a_command_reading_no_input_runs_at_once_on_a_terminal(config: Path) -> None:
    terminal = Terminal(
        *(KUBECTL, "--kubeconfig", str(config), "exec", "-it", "web", "--", "hostname"),
        home=config.parent,
    )
    terminal.wait_for(None)
    assert (terminal.screen, terminal.end()) == ("web\r\n", 0)


def test_redis_cli_on_a_terminal_shows_replies_as_on_one(config: Path) -> None:
    terminal = Terminal(
        *(KUBECTL, "--kubeconfig", str(config), "exec", "-it", "redis", "--"),
        *("redis-cli", "incr", "on-a-tty"),
        home=config.parent,
    )
    terminal.wait_for(None)
    assert (terminal.screen, terminal.end()) == ("(integer) 1\r\n", 0)


def test_redis_cli_started_from_a_shell_prompts_until_it_quits(config: Path) -> None:
    bash, redis = "root@redis:/data# ", "127.0.0.1:6379> "
    session = shell(
        config,
        "redis",
        "bash",
        bash,
        [("redis-cli\r", redis), ("ping\r", redis), ("\x04", bash), ("\x04", None)],
    )
    assert session.end() == 0
    assert session.screen.split("\r\n") == [
        f"{bash}redis-cli",
        f"{redis}ping",
        "PONG",
        f"{redis}{bash}exit",
        "",
    ]


def test_redis_cli_runs_the_commands_piped_to_it(config: Path) -> None:
    piped = kubectl(config, "exec", "-i", "redis", "--", "redis-cli", stdin="rpush l a b\nllen l\n")
    assert outcome(piped) == ("2\n2\n", "", 0)


TERM_POD = """
apiVersion: v1
kind: Pod
metadata:
  name: term
spec:
  containers:
  - name: term
    image: busybox
    command: [sh]
    stdin: true
    tty: true
"""


def test_run_attaches_to_a_shell_reading_stdin_then_deletes_the_pod(config: Path) -> None:
    result = kubectl(
        config,
        *("run", "-i", "--rm", "tmp", "--image=busybox", "--restart=Never", "--", "sh"),
        stdin="echo hello\nhostname\nexit 3\n",
    )
    assert (result.stdout, result.returncode) == (
        'hello\ntmp\npod "tmp" deleted from default namespace\n',
        3,
    )
    assert result.stderr.endswith("pod default/tmp terminated (Error)\n")
    assert kubectl(config, "get", "pod", "tmp").returncode == 1


def test_run_attached_to_a_program_shows_its_output_until_it_ends(config: Path) -> None:
    result = kubectl(
        config,
        *("run", "-i", "--rm", "printer", "--image=busybox", "--restart=Never"),
        *("--", "sh", "-c", "echo one; sleep 2; echo two"),
    )
    assert (result.stdout, result.returncode) == (
        'one\ntwo\npod "printer" deleted from default namespace\n',
        0,
    )


def test_attach_to_a_shell_on_a_terminal_leaves_it_running(config: Path) -> None:
    assert kubectl(config, "apply", "-f", "-", stdin=TERM_POD).returncode == 0
    deadline = time.monotonic() + 60
    while kubectl(config, "get", "pod", "term", "-o", "jsonpath={.status.phase}").stdout != (
        "Running"
    ):
        assert time.monotonic() < deadline, "pod term never ran"
        time.sleep(0.5)
    terminal = Terminal(
        KUBECTL, "--kubeconfig", str(config), "attach", "-it", "term", home=config.parent
    )
    terminal.wait_for("try pressing enter.\r\n")
    terminal.type("\r", "/ # ")
    terminal.type("echo hi\r", "hi\r\n/ # ")
    terminal.type("\x04", None)  # Ctrl-D: the attach ends; stdin stays open (no stdinOnce)
    assert terminal.end() == 0
    # (kubectl prints the log so far, `/ # `, around its own lines, as its goroutines run)
    assert terminal.screen.endswith(
        "\r\n/ # echo hi\r\nhi\r\n/ # "
        "Session ended, resume using 'kubectl attach term -c term -n default -i -t' command\r\n"
    )
    assert kubectl(config, "get", "pod", "term", "-o", "jsonpath={.status.phase}").stdout == (
        "Running"
    )
    assert kubectl(config, "logs", "term").stdout == "/ # \n/ # echo hi\nhi\n/ # "


def test_debug_adds_an_ephemeral_container_and_attaches_to_it(config: Path) -> None:
    added = kubectl(
        config, "debug", "web", "--image=busybox", "--container=dbg", "--", "sh", "-c", "echo hi"
    )
    assert (added.stdout, added.returncode) == ("", 0)
    deadline = time.monotonic() + 30
    while kubectl(config, "logs", "web", "-c", "dbg").stdout != "hi\n":
        assert time.monotonic() < deadline, "the ephemeral container never ran"
        time.sleep(0.5)
    terminal = Terminal(
        KUBECTL,
        *("--kubeconfig", str(config), "debug", "-it", "web", "--image=busybox"),
        *("--target=web", "--container=shell"),
        home=config.parent,
    )
    terminal.wait_for("try pressing enter.\r\n")
    terminal.type("\r", "/ # ")
    terminal.type("hostname\r", "web\r\n/ # ")
    terminal.type("exit\r", None)
    assert terminal.end() == 0
    assert terminal.screen.endswith(
        "Session ended, the ephemeral container will not be restarted but may be reattached "
        "using 'kubectl attach web -c shell -n default -i -t' if it is still running\r\n"
    )
    statuses = "jsonpath={.status.ephemeralContainerStatuses[*].name}"
    assert kubectl(config, "get", "pod", "web", "-o", statuses).stdout == "dbg shell"


def test_cp_copies_files_out_of_and_into_a_container(config: Path, tmp_path: Path) -> None:
    out = kubectl(config, "cp", "-c", "web", "web:/etc/hostname", str(tmp_path / "hostname"))
    said = out.stdout + out.stderr  # kubectl passes tar's stderr on
    assert (said, out.returncode) == ("tar: removing leading '/' from member names\n", 0)
    assert (tmp_path / "hostname").read_text() == "web\n"
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "note.txt").write_text("from the laptop\n")
    into = kubectl(config, "cp", "-c", "web", str(tmp_path / "dir"), "web:/tmp/dir")
    assert (into.stdout, into.stderr, into.returncode) == ("", "", 0)
    assert kubectl(config, "exec", "web", "--", "cat", "/tmp/dir/note.txt").stdout == (
        "from the laptop\n"
    )


def test_the_api_relays_a_pods_http_answer(config: Path) -> None:
    raw = kubectl(config, "get", "--raw", "/api/v1/namespaces/default/pods/debian/proxy/")
    assert raw.stdout.startswith("<!DOCTYPE html>") and "Welcome to nginx!" in raw.stdout
    logs = kubectl(config, "logs", "debian", "--tail=1").stdout
    assert '"GET / HTTP/1.1" 200 615' in logs


def test_a_pod_reaches_another_through_a_service_name(config: Path) -> None:
    # CoreDNS answers the Service's name, kube-proxy's rules take its address to the pod,
    # once they have synced after the endpoints (a second at most, as kube-proxy's)
    assert kubectl(config, "expose", "pod", "debian", "--port=80", "--name=front").returncode == 0
    deadline = time.monotonic() + 30
    while "Welcome to nginx!" not in (page := wget(config, "http://front")).stdout:
        assert "Connection refused" in page.stderr, page.stderr
        assert time.monotonic() < deadline, "service front never reached its pod"
        time.sleep(0.5)
    name = "front.default.svc.cluster.local"
    found = kubectl(config, "exec", "web", "-c", "web", "--", "nslookup", name)
    ip = kubectl(config, "get", "service", "front", "-o", "jsonpath={.spec.clusterIP}").stdout
    assert f"Name:\tfront.default.svc.cluster.local\nAddress: {ip}\n" in found.stdout
    missing = wget(config, "http://nowhere")
    assert (missing.stderr, missing.returncode) == (
        "wget: bad address 'nowhere'\ncommand terminated with exit code 1\n",
        1,
    )


def wget(config: Path, url: str) -> subprocess.CompletedProcess[str]:
    return kubectl(config, "exec", "web", "-c", "web", "--", "wget", "-qO-", url)


def test_a_commands_standard_input_is_limited(config: Path) -> None:
    result = kubectl(
        config, "exec", "-i", "web", "-c", "web", "--", "wc", "-c", stdin="x" * (4 << 20)
    )
    assert (result.stderr, result.returncode) == (
        "error: the standard input of a command is limited to 3 MiB\n",
        1,
    )


# -- kubectl port-forward ------------------------------------------------------------------


def port_forward(config: Path, *args: str) -> tuple[subprocess.Popen[str], int]:
    """`kubectl port-forward` listening, and its local port."""
    process = subprocess.Popen(
        [KUBECTL, "--kubeconfig", str(config), "port-forward", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(config.parent)},
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    found = re.match(r"Forwarding from 127\.0\.0\.1:(\d+) -> \d+$", first.strip())
    assert found, first + process.communicate(timeout=30)[1]
    return process, int(found.group(1))


def test_port_forward_carries_http_to_the_pods_port_and_back(config: Path) -> None:
    process, port = port_forward(config, "pod/debian", ":80")
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/", headers={"User-Agent": "curl/8.5.0"})
        answer = connection.getresponse()
        page = answer.read().decode()
        connection.request("GET", "/nope")  # the same connection, kept alive
        missing = connection.getresponse()
        not_found = missing.read()
    finally:
        process.terminate()
        process.communicate(timeout=30)
    assert (answer.status, answer.getheader("Content-Type")) == (200, "text/html")
    assert "<title>Welcome to nginx!</title>" in page
    assert (missing.status, len(not_found)) == (404, 153)
    log = kubectl(config, "logs", "debian", "--tail=2").stdout.splitlines()
    assert log[0].startswith("127.0.0.1 - - [")
    assert log[0].endswith('"GET / HTTP/1.1" 200 615 "-" "curl/8.5.0" "-"')
    assert log[1].endswith('"GET /nope HTTP/1.1" 404 153 "-" "-" "-"')


def test_port_forward_carries_redis_commands_from_the_real_redis_cli(config: Path) -> None:
    process, port = port_forward(config, "pod/redis", ":6379")
    cli = [str(Path(redis_server.bundled_executable()).with_name("redis-cli")), "-p", str(port)]
    try:
        said = [
            subprocess.run([*cli, *argv], capture_output=True, text=True, timeout=30).stdout
            for argv in (["set", "fw", "1"], ["incr", "fw"], ["-n", "4", "get", "fw"])
        ]
    finally:
        process.terminate()
        process.communicate(timeout=30)
    assert said == ["OK\n", "2\n", "\n"]
    assert kubectl(config, "exec", "redis", "--", "redis-cli", "get", "fw").stdout == "2\n"


def test_port_forward_to_a_port_nothing_listens_on_loses_the_connection(config: Path) -> None:
    process, port = port_forward(config, "pod/debian", ":81")
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    with pytest.raises(http.client.RemoteDisconnected):
        connection.request("GET", "/")
        connection.getresponse()
    _, err = process.communicate(timeout=30)
    assert process.returncode == 1
    assert "error forwarding port 81 to pod " in err
    assert "connect to localhost:81 inside namespace" in err
    assert err.endswith("error: lost connection to pod\n")


def test_port_forward_is_authorized_as_create_on_pods_portforward(config: Path) -> None:
    """A viewer reads the pod (kubectl's first step), but may not forward to it."""
    kubectl(config, "create", "rolebinding", "viewers", "--clusterrole=view", "--user=jane")
    result = kubectl(config, "port-forward", "pod/debian", ":80", "--as=jane")
    assert (result.returncode, result.stderr) == (
        1,
        'error: error upgrading connection: unable to upgrade connection: pods "debian" is '
        'forbidden: User "jane" cannot create resource "pods/portforward" in API group "" in '
        'the namespace "default"\n',
    )
