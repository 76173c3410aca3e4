"""The kubelab command, its private Redis and the supervisor that leaves no process behind."""

import io
import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import redis
from twisted.internet import endpoints

from kubelab import cli, tls
from kubelab.cli import CommandError, KubectlOptions, reads_stdin, split_kubectl_args
from kubelab.redis_server import RedisServer, bundled_executable, find_executable
from kubelab.supervisor import Supervisor
from tests.stack import (
    free_port,
    is_running,
    kubelab_command,
    line_reader,
    python_env,
    read_until,
    wait_until_gone,
)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]


# ---------------------------------------------------------------------------------------------
# Helpers


def descendants(root: int) -> list[int]:
    """Every process below root, found through the parent pids in /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


# ---------------------------------------------------------------------------------------------
# Redis


def test_a_redis_server_binary_is_always_found() -> None:
    assert os.access(find_executable(), os.X_OK)
    assert os.access(bundled_executable(), os.X_OK)


def test_redis_answers_only_with_the_password_on_the_port_in_its_url(tmp_path: Path) -> None:
    with RedisServer(tmp_path, "s3cret", bundled_executable()) as server:
        assert server.url == f"redis://:s3cret@127.0.0.1:{server.port}/0"
        with redis.Redis.from_url(server.url) as client:
            assert client.ping()
        with (
            redis.Redis(host="127.0.0.1", port=server.port) as stranger,
            pytest.raises(redis.AuthenticationError),
        ):
            stranger.ping()


def test_redis_keeps_its_password_out_of_reach_of_other_users(tmp_path: Path) -> None:
    with RedisServer(tmp_path, "s3cret", bundled_executable()) as server:
        config = tmp_path / "redis" / "redis.conf"
        assert config.stat().st_mode & 0o077 == 0
        assert server.process is not None
        cmdline = Path(f"/proc/{server.process.pid}/cmdline").read_bytes()
        assert b"s3cret" not in cmdline


def test_redis_keeps_keys_across_a_stop_and_start_in_the_same_data_dir(tmp_path: Path) -> None:
    with (
        RedisServer(tmp_path, "pw", bundled_executable()) as server,
        redis.Redis.from_url(server.url) as client,
    ):
        client.set("lesson", "pods are cattle")
    assert (tmp_path / "redis" / "appendonly.aof").exists()
    with (
        RedisServer(tmp_path, "pw", bundled_executable()) as again,
        redis.Redis.from_url(again.url) as client,
    ):
        assert client.get("lesson") == b"pods are cattle"


def test_redis_stop_leaves_no_process_behind(tmp_path: Path) -> None:
    server = RedisServer(tmp_path, "pw", bundled_executable())
    server.start()
    assert server.process is not None
    pid = server.process.pid
    server.stop()
    assert not is_running(pid)
    assert server.process is None
    server.stop()  # A second stop is harmless.


# ---------------------------------------------------------------------------------------------
# kubelab kubectl: arguments


@pytest.mark.parametrize(
    ("argv", "options", "kubectl_argv"),
    [
        (
            ["get", "pods", "-n", "kube-system", "-o", "wide"],
            KubectlOptions(),
            ["get", "pods", "-n", "kube-system", "-o", "wide"],
        ),
        (
            ["--server", "http://lab:9000", "--cluster=c2", "--data-dir", "/d", "apply", "-f", "-"],
            KubectlOptions(server="http://lab:9000", cluster="c2", data_dir="/d"),
            ["apply", "-f", "-"],
        ),
        (
            ["run", "web", "--image=nginx", "--cluster", "other"],
            KubectlOptions(),
            ["run", "web", "--image=nginx", "--cluster", "other"],
        ),
        (
            ["-n", "kube-system", "get", "pods"],
            KubectlOptions(),
            ["-n", "kube-system", "get", "pods"],
        ),
        (["--cluster", "c3", "--", "--help"], KubectlOptions(cluster="c3"), ["--help"]),
        (["--help"], KubectlOptions(help=True), []),
        ([], KubectlOptions(), []),
    ],
)
def test_kubectl_options_are_recognised_only_before_kubectls_own_arguments(
    argv: list[str],
    options: KubectlOptions,
    kubectl_argv: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("KUBELAB_DATA_DIR", raising=False)
    assert split_kubectl_args(argv) == (options, kubectl_argv)


def test_a_kubectl_option_without_its_value_is_an_error() -> None:
    with pytest.raises(CommandError, match="--server needs a value"):
        split_kubectl_args(["--server"])


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["apply", "-f", "-"], True),
        (["apply", "--filename=-"], True),
        (["apply", "-f=-"], True),
        (["apply", "--filename", "-"], True),
        (["apply", "-f", "pod.yaml"], False),
        (["get", "pods"], False),
        (["get", "-"], False),
        (["edit", "deployment", "web"], True),
        (["create", "configmap", "c", "--from-file=app.conf=/dev/stdin"], True),
    ],
)
def test_standard_input_is_sent_only_when_kubectl_reads_a_manifest_from_it(
    argv: list[str], expected: bool
) -> None:
    assert reads_stdin(argv) is expected


# ---------------------------------------------------------------------------------------------
# kubelab kubectl: talking to KubeLab


class FakeLab(BaseHTTPRequestHandler):
    """Answers like KubeLab's kubectl endpoint and remembers what it was sent."""

    requests: list[dict[str, object]] = []
    status = 200
    answer: dict[str, object] = {}

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        FakeLab.requests.append(
            {"path": self.path, "auth": self.headers["Authorization"], "body": json.loads(body)}
        )
        payload = json.dumps(FakeLab.answer).encode()
        self.send_response(FakeLab.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def fake_lab(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    FakeLab.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeLab)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.delenv("KUBELAB_TOKEN", raising=False)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_kubectl_mirrors_the_clusters_output_and_exit_code(
    fake_lab: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "token").write_text("tok-123\n")
    monkeypatch.setattr(sys, "stdin", io.StringIO("kind: Pod\n"))
    FakeLab.status = 200
    FakeLab.answer = {"stdout": "pod/web created\n", "stderr": "warning\n", "exitCode": 3}
    argv = [
        "--server",
        fake_lab,
        "--data-dir",
        str(tmp_path),
        "--cluster",
        "c 1",
        "apply",
        "-f",
        "-",
    ]

    assert cli.main(["kubectl", *argv]) == 3

    assert capsys.readouterr() == ("pod/web created\n", "warning\n")
    assert FakeLab.requests == [
        {
            "path": "/lab/clusters/c%201/kubectl",
            "auth": "Bearer tok-123",
            "body": {"argv": ["apply", "-f", "-"], "stdin": "kind: Pod\n", "files": {}},
        }
    ]


def test_kubectl_writes_both_streams_in_the_order_kubectl_wrote_them(
    fake_lab: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "token").write_text("tok-123\n")
    written: list[tuple[str, str]] = []
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        monkeypatch.setattr(stream, "write", lambda text, name=name: written.append((name, text)))
    FakeLab.status = 200
    chunks = [["stderr", "Warning: deprecated\n"], ["stdout", "NAME\n"], ["stderr", "error\n"]]
    FakeLab.answer = {"stdout": "NAME\n", "stderr": "Warning: deprecated\nerror\n", "exitCode": 1}
    FakeLab.answer["chunks"] = chunks

    assert (
        cli.main(["kubectl", "--server", fake_lab, "--data-dir", str(tmp_path), "get", "cs"]) == 1
    )

    assert written == [tuple(chunk) for chunk in chunks]


def test_kubectl_sends_no_stdin_unless_asked_and_prefers_the_token_from_the_environment(
    fake_lab: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KUBELAB_TOKEN", "from-env")
    monkeypatch.setattr(sys, "stdin", io.StringIO("ignored"))
    FakeLab.status = 200
    FakeLab.answer = {"stdout": "", "stderr": "", "exitCode": 0}

    assert cli.main(["kubectl", "--server", fake_lab, "get", "pods"]) == 0

    assert FakeLab.requests[0]["auth"] == "Bearer from-env"
    assert FakeLab.requests[0]["body"] == {"argv": ["get", "pods"], "stdin": "", "files": {}}


def test_kubectl_sends_the_local_files_it_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "web.yaml").write_text("kind: Pod\n")
    manifests = tmp_path / "manifests"
    (manifests / "nested").mkdir(parents=True)
    (manifests / "b.yml").write_text("b\n")
    (manifests / "a.json").write_text("{}")
    (manifests / "notes.txt").write_text("not a manifest")
    (manifests / "nested" / "c.yaml").write_text("c\n")
    (tmp_path / "game.properties").write_text("lives=3\n")

    assert cli.local_files(["apply", "-f", "web.yaml", "--filename=manifests"]) == {
        "web.yaml": "kind: Pod\n",
        "manifests/a.json": "{}",
        "manifests/b.yml": "b\n",
    }
    assert cli.local_files(["apply", "-R", "-f", "manifests/"])["manifests/nested/c.yaml"] == "c\n"
    from_file = ["create", "cm", "game", "--from-file=config=game.properties", "-f", "-"]
    assert cli.local_files(from_file) == {"game.properties": "lives=3\n"}
    assert cli.local_files(["apply", "-f", "missing.yaml"]) == {}
    assert cli.local_files(["create", "cm", "m", "--from-file=manifests"]) == {
        "manifests/a.json": "{}",
        "manifests/b.yml": "b\n",
        "manifests/notes.txt": "not a manifest",
    }
    tls = ["create", "secret", "tls", "t", "--cert=web.yaml", "--key", "game.properties"]
    assert cli.local_files(tls) == {"web.yaml": "kind: Pod\n", "game.properties": "lives=3\n"}
    templated = ["get", "pods", "-o", "go-template-file=web.yaml", "--output=jsonpath-file=x"]
    assert cli.local_files(templated) == {"web.yaml": "kind: Pod\n"}
    assert cli.local_files(["get", "pods", "-o", "yaml", "--template", "game.properties"]) == {
        "game.properties": "lives=3\n"
    }


def test_kubectl_reports_kubelabs_refusal_message(
    fake_lab: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KUBELAB_TOKEN", "wrong")
    FakeLab.status = 401
    FakeLab.answer = {"message": "invalid token"}

    assert cli.main(["kubectl", "--server", fake_lab, "get", "pods"]) == 1

    assert capsys.readouterr().err == "error: invalid token\n"


def test_kubectl_says_when_kubelab_is_not_running(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KUBELAB_TOKEN", "t")
    server = f"http://127.0.0.1:{free_port()}"

    assert cli.main(["kubectl", "--server", server, "get", "pods"]) == 1

    assert capsys.readouterr().err == (
        f"error: cannot reach KubeLab at {server} (is 'kubelab up' running?)\n"
    )


def test_kubectl_without_a_token_says_where_it_looked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KUBELAB_TOKEN", raising=False)

    assert cli.main(["kubectl", "--data-dir", str(tmp_path), "get", "pods"]) == 1

    assert f"no API token at {tmp_path / 'token'}" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------
# kubelab up: what needs no backend


@pytest.mark.parametrize(
    ("host", "url"),
    [
        ("127.0.0.1", "http://127.0.0.1:8000/"),
        ("0.0.0.0", "http://127.0.0.1:8000/"),
        ("localhost", "http://localhost:8000/"),
        ("::1", "http://[::1]:8000/"),
        ("::", "http://[::1]:8000/"),
    ],
)
def test_the_printed_address_is_one_a_browser_on_this_machine_can_open(host: str, url: str) -> None:
    assert cli.public_url(host, 8000) == url


@pytest.mark.parametrize(
    ("host", "local_owner"),
    [("127.0.0.1", "1"), ("localhost", "1"), ("::1", "1"), ("0.0.0.0", None), ("10.1.2.3", None)],
)
def test_only_a_loopback_host_makes_local_browsers_the_owner(
    host: str, local_owner: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("KUBELAB_DATA_DIR", "DJANGO_SETTINGS_MODULE", "KUBELAB_ALLOWED_HOSTS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KUBELAB_LOCAL_OWNER", "1")

    cli.export_environment(tmp_path, host)

    assert os.environ.get("KUBELAB_LOCAL_OWNER") == local_owner
    assert os.environ["KUBELAB_DATA_DIR"] == str(tmp_path)
    assert os.environ["DJANGO_SETTINGS_MODULE"] == "kubelab.settings"


def test_the_data_dir_is_private_and_holds_logs_and_redis(tmp_path: Path) -> None:
    data = cli.prepare_data_dir(tmp_path / "new" / ".kubelab")
    assert data.is_absolute()
    assert data.stat().st_mode & 0o777 == 0o700
    assert (data / "logs").is_dir()
    assert (data / "redis").is_dir()


def test_up_fails_fast_when_the_port_is_taken(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        started = time.monotonic()
        result = subprocess.run(
            kubelab_command("up", "--port", str(port), "--data-dir", str(tmp_path / "data")),
            cwd=PROJECT_ROOT,
            env=python_env(),
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert result.returncode == 1
    assert f"port {port} on 127.0.0.1 is already in use" in result.stderr
    assert time.monotonic() - started < 10
    assert not (tmp_path / "data").exists(), "nothing may start before the port check"


def test_up_rejects_a_port_out_of_range(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["up", "--port", "70000"])
    assert exit_info.value.code == 2
    assert "port must be between 1 and 65535" in capsys.readouterr().err


def test_up_fails_fast_when_the_api_port_is_taken(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        api_port = taken.getsockname()[1]
        argv = ["up", "--port", str(free_port(api_port)), "--api-port", str(api_port)]
        result = subprocess.run(
            kubelab_command(*argv, "--data-dir", str(tmp_path / "data")),
            cwd=PROJECT_ROOT,
            env=python_env(),
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert result.returncode == 1
    assert result.stderr == (
        f"error: port {api_port} on 127.0.0.1 is already in use (is KubeLab already running?); "
        "stop that program or pick another port with --api-port\n"
    )
    assert not (tmp_path / "data").exists(), "nothing may start before the port check"


def test_the_api_port_must_differ_from_the_web_port(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["up", "--port", "18000", "--api-port", "18000"]) == 1
    assert capsys.readouterr().err == "error: --api-port must differ from --port (18000)\n"


def test_daphne_serves_the_api_port_over_tls_with_kubelabs_certificate(tmp_path: Path) -> None:
    # Twisted parses the endpoint as daphne will, loading the key and certificate; a path with
    # Twisted's separators in it must survive.
    pki = tls.ensure(tmp_path / "da:ta=dir", tls.server_names(), datetime.now(UTC))
    argv = cli.daphne_command("::1", cli.Ports(8000, 6443), pki)
    endpoint = endpoints.serverFromString(object(), argv[argv.index("-e") + 1])
    assert isinstance(endpoint, endpoints.SSL4ServerEndpoint)
    assert (endpoint._port, endpoint._interface) == (6443, "::1")
    assert argv[argv.index("-p") + 1] == "8000"


# ---------------------------------------------------------------------------------------------
# Supervisor

SUPERVISED = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from kubelab.supervisor import Stopped, Supervisor, ignore_stop_signals, raise_on_stop_signals

    supervisor = Supervisor()
    raise_on_stop_signals()
    try:
        logs = Path(sys.argv[1])
        sleeper = [sys.executable, "-c", "import time; time.sleep(60)"]
        pids = [supervisor.start(f"sleeper{i}", sleeper, logs / f"{i}.log").pid for i in range(3)]
        print(json.dumps(pids), flush=True)
        supervisor.wait()
    except Stopped:
        ignore_stop_signals()
        supervisor.stop()
        print("stopped", flush=True)
    """
)


def start_supervised(tmp_path: Path) -> tuple[subprocess.Popen[bytes], list[int]]:
    """A supervisor in its own session, with three sleeping children; and their pids."""
    supervisor = subprocess.Popen(
        [sys.executable, "-c", SUPERVISED, str(tmp_path)],
        cwd=PROJECT_ROOT,
        env=python_env(),
        stdout=subprocess.PIPE,
        start_new_session=True,
    )
    assert supervisor.stdout is not None
    pids = json.loads(supervisor.stdout.readline())
    return supervisor, pids


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_stops_every_process_the_supervisor_started(
    signum: int, tmp_path: Path
) -> None:
    supervisor, pids = start_supervised(tmp_path)
    assert all(is_running(pid) for pid in pids)
    assert sorted(descendants(supervisor.pid)) == sorted(pids)

    # A terminal's Ctrl-C goes to the foreground process group: the supervisor's.
    os.killpg(supervisor.pid, signum)

    out, _ = supervisor.communicate(timeout=20)
    assert supervisor.returncode == 0
    assert out == b"stopped\n"
    assert wait_until_gone(pids, timeout=1) == []


def test_children_leave_the_supervisors_process_group_so_ctrl_c_reaches_only_it(
    tmp_path: Path,
) -> None:
    supervisor, pids = start_supervised(tmp_path)
    try:
        assert all(os.getsid(pid) == pid for pid in pids)
        assert all(os.getpgid(pid) != os.getpgid(supervisor.pid) for pid in pids)
    finally:
        supervisor.terminate()
        supervisor.communicate(timeout=20)


def test_children_die_when_the_supervisor_is_killed(tmp_path: Path) -> None:
    supervisor, pids = start_supervised(tmp_path)

    supervisor.kill()
    supervisor.communicate(timeout=10)

    assert wait_until_gone(pids, timeout=10) == []


def test_a_child_that_ignores_sigterm_is_killed_after_the_timeout(tmp_path: Path) -> None:
    stubborn = (
        "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
        "print('ready', flush=True); time.sleep(60)"
    )
    supervisor = Supervisor()
    log = tmp_path / "stubborn.log"
    process = supervisor.start("stubborn", [sys.executable, "-c", stubborn], log)
    while "ready" not in (log.read_text() if log.exists() else ""):
        time.sleep(0.02)

    started = time.monotonic()
    supervisor.stop(timeout=1)

    assert process.returncode == -signal.SIGKILL
    assert 1 <= time.monotonic() - started < 5


def test_wait_returns_the_child_that_died_with_the_end_of_its_log(tmp_path: Path) -> None:
    supervisor = Supervisor()
    sleeper = supervisor.start("sleeper", SLEEPER, tmp_path / "sleeper.log")
    dying = [sys.executable, "-c", "print('out of cheese'); raise SystemExit(3)"]
    supervisor.start("dying", dying, tmp_path / "dying.log")
    try:
        child = supervisor.wait()
        assert child.name == "dying"
        assert child.process.returncode == 3
        assert "out of cheese" in child.describe_exit()
    finally:
        supervisor.stop()
    assert sleeper.returncode is not None


def test_run_returns_a_one_off_commands_exit_code(tmp_path: Path) -> None:
    supervisor = Supervisor({**os.environ, "GREETING": "hello"})
    log = tmp_path / "once.log"
    code = supervisor.run(
        "once", [sys.executable, "-c", "import os; print(os.environ['GREETING']); exit(4)"], log
    )
    assert code == 4
    assert log.read_text() == "hello\n"


# ---------------------------------------------------------------------------------------------
# kubelab up, end to end: needs the whole backend (healthz, kubelab_bootstrap, migrations).


def test_up_serves_and_ctrl_c_stops_everything(tmp_path: Path) -> None:
    port = free_port()
    api_port = free_port(port)
    data = tmp_path / "data"
    supervisor = subprocess.Popen(
        kubelab_command(
            "up", "--port", str(port), "--api-port", str(api_port), "--data-dir", str(data)
        ),
        cwd=PROJECT_ROOT,
        env=python_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    assert supervisor.stdout is not None
    lines = line_reader(supervisor.stdout)
    try:
        read_until(lines, f"KubeLab is running at http://127.0.0.1:{port}/", timeout=90)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as response:
            assert response.status == 200
        assert (data / "token").read_text().strip()
        children = descendants(supervisor.pid)
        assert len(children) >= 3, "redis, the worker and daphne"

        os.killpg(supervisor.pid, signal.SIGINT)

        assert supervisor.wait(timeout=60) == 0
        read_until(lines, "KubeLab stopped.", timeout=5)
        assert wait_until_gone(children, timeout=5) == []
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
            supervisor.wait()


def test_kubectl_cp_sends_its_source_and_writes_only_its_destination(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "up.txt").write_text("hello\n")
    assert cli.local_files(["cp", "up.txt", "web:/tmp"]) == {"up.txt": "hello\n"}
    assert cli.local_files(["cp", "web:/tmp/up.txt", "up.txt"]) == {}
    copied = {"etc/hostname": "web\n", "etc/sub/x": "x\n", "elsewhere.txt": "no\n", "../up": "no"}
    cli.write_copied(["cp", "web:/etc", "etc"], copied)
    assert (tmp_path / "etc" / "hostname").read_text() == "web\n"
    assert (tmp_path / "etc" / "sub" / "x").read_text() == "x\n"
    assert not (tmp_path / "elsewhere.txt").exists() and not (tmp_path.parent / "up").exists()
    cli.write_copied(["get", "pods"], {"etc/hostname": "changed\n"})
    assert (tmp_path / "etc" / "hostname").read_text() == "web\n"
