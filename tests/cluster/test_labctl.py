"""kubectl-lab, the real kubectl's plugin: where it finds KubeLab, and what it sends there."""

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from cluster import labctl
from cluster.labctl import ConfigError, Target, find_target, split_flags

PROJECT = Path(__file__).resolve().parents[2]
KUBECTL = PROJECT / ".venv" / "bin" / "kubectl"
STATUS = {
    "now": 0,
    "time": "2026-01-01T00:00:00Z",
    "speed": 1.0,
    "paused": True,
    "pending": 0,
    "next": [],
    "nodesDown": [],
}


@pytest.mark.parametrize(
    ("argv", "flags", "rest"),
    [
        (["pause"], {}, ["pause"]),
        (["--server", "http://lab:8000", "pause"], {"server": "http://lab:8000"}, ["pause"]),
        (
            ["fault", "crash", "web", "--cluster=demo", "-n", "shop", "-c", "app"],
            {"cluster": "demo"},
            ["fault", "crash", "web", "-n", "shop", "-c", "app"],
        ),
        (
            ["-s", "http://lab", "--token", "abc", "--data-dir=/d", "status"],
            {"server": "http://lab", "token": "abc", "data_dir": "/d"},
            ["status"],
        ),
        (
            ["--kubeconfig", "/k", "--context", "lab", "resume"],
            {"kubeconfig": "/k", "context": "lab"},
            ["resume"],
        ),
        (["step", "--", "--token", "t"], {}, ["step", "--", "--token", "t"]),
    ],
    ids=[
        "no flags",
        "a server before the command",
        "a cluster among kubectl's own flags",
        "short and long forms",
        "a kubeconfig and its context",
        "nothing after --",
    ],
)
def test_the_connection_flags_are_taken_out_wherever_they_stand(argv, flags, rest):
    assert split_flags(argv) == (flags, rest)


def test_a_connection_flag_without_its_value_is_an_error():
    with pytest.raises(ConfigError) as error:
        split_flags(["status", "--token"])
    assert str(error.value) == "flag needs an argument: --token"


def write_token(directory: Path, token: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "token").write_text(token + "\n")
    return directory


def kubeconfig(path: Path, *, extension: dict | None, token: str = "from-kubeconfig") -> Path:
    cluster: dict = {"server": "https://127.0.0.1:6443"}
    if extension is not None:
        cluster["extensions"] = [{"name": "kubelab", "extension": extension}]
    path.write_text(
        yaml.safe_dump(
            {
                "apiVersion": "v1",
                "kind": "Config",
                "current-context": "lab",
                "clusters": [{"name": "demo", "cluster": cluster}],
                "contexts": [{"name": "lab", "context": {"cluster": "demo", "user": "me"}}],
                "users": [{"name": "me", "user": {"token": token}}],
            }
        )
    )
    return path


def test_without_flags_or_settings_it_asks_the_local_kubelab_with_the_token_of_its_data_dir(
    tmp_path,
):
    data = write_token(tmp_path / "data", "from-data-dir")
    env = {"KUBELAB_DATA_DIR": str(data), "KUBECONFIG": str(tmp_path / "none")}
    assert find_target({}, env) == Target("http://127.0.0.1:8000", "default", "from-data-dir")


def test_the_environment_names_server_cluster_and_token(tmp_path):
    env = {
        "KUBELAB_SERVER": "http://lab:8000",
        "KUBELAB_CLUSTER": "demo",
        "KUBELAB_TOKEN": "from-env",
        "KUBECONFIG": str(tmp_path / "none"),
    }
    assert find_target({}, env) == Target("http://lab:8000", "demo", "from-env")


def test_flags_win_over_the_environment(tmp_path):
    env = {"KUBELAB_SERVER": "http://env", "KUBELAB_CLUSTER": "env", "KUBELAB_TOKEN": "env"}
    flags = {"server": "http://flag", "cluster": "flag", "token": "flag"}
    assert find_target(flags, env) == Target("http://flag", "flag", "flag")


def test_a_kubeconfig_that_points_at_kubelab_names_server_cluster_and_token(tmp_path):
    path = kubeconfig(tmp_path / "config", extension={"server": "http://lab:8000", "cluster": "c"})
    assert find_target({}, {"KUBECONFIG": str(path)}) == Target(
        "http://lab:8000", "c", "from-kubeconfig"
    )


def test_a_kubeconfig_of_another_cluster_is_never_used(tmp_path):
    path = kubeconfig(tmp_path / "config", extension=None, token="secret-of-another-cluster")
    data = write_token(tmp_path / "data", "from-data-dir")
    env = {"KUBECONFIG": str(path), "KUBELAB_DATA_DIR": str(data)}
    assert find_target({}, env) == Target("http://127.0.0.1:8000", "default", "from-data-dir")


def test_the_first_kubeconfig_file_chooses_the_context(tmp_path):
    first = tmp_path / "first"
    first.write_text(yaml.safe_dump({"current-context": "lab"}))
    second = kubeconfig(tmp_path / "second", extension={"server": "http://lab"})
    env = {"KUBECONFIG": f"{first}{os.pathsep}{second}"}
    assert find_target({}, env) == Target("http://lab", "default", "from-kubeconfig")


def test_no_token_anywhere_says_where_to_put_one(tmp_path):
    env = {"KUBELAB_DATA_DIR": str(tmp_path), "KUBECONFIG": str(tmp_path / "none")}
    with pytest.raises(ConfigError) as error:
        find_target({}, env)
    assert str(error.value) == (
        f"no API token at {tmp_path / 'token'}; run 'kubelab up' there first, pass --data-dir, "
        "or set KUBELAB_TOKEN"
    )


def test_the_cluster_name_is_quoted_in_the_url():
    assert Target("http://lab/", "a b", "t").url == "http://lab/lab/clusters/a%20b/lab"


class FakeKubeLab(BaseHTTPRequestHandler):
    """Answers POST /lab/clusters/NAME/lab with the server's `answer` and keeps the request."""

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.seen.append((self.path, self.headers["Authorization"], body))
        status, answer = self.server.answer
        data = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def kubelab():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeKubeLab)
    server.seen, server.answer = [], (200, {})
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def run_main(argv, kubelab, monkeypatch, capsys):
    monkeypatch.setenv("KUBELAB_SERVER", f"http://127.0.0.1:{kubelab.server_port}")
    monkeypatch.setenv("KUBELAB_TOKEN", "tok")
    monkeypatch.setenv("KUBECONFIG", "/nonexistent")
    code = labctl.main(argv)
    out = capsys.readouterr()
    return out.out, out.err, code


def test_an_operation_goes_to_the_clusters_lab_with_the_token(kubelab, monkeypatch, capsys):
    kubelab.answer = (200, {"changed": True, "status": STATUS})
    assert run_main(["--cluster", "demo", "pause"], kubelab, monkeypatch, capsys) == (
        "clock paused at 0s\n",
        "",
        0,
    )
    assert kubelab.seen == [("/lab/clusters/demo/lab", "Bearer tok", {"op": "pause"})]


def test_a_refusal_from_kubelab_is_printed_as_kubectl_prints_errors(kubelab, monkeypatch, capsys):
    kubelab.answer = (422, {"message": 'node "node-9" not found'})
    assert run_main(["fault", "node-down", "node-9"], kubelab, monkeypatch, capsys) == (
        "",
        'error: node "node-9" not found\n',
        1,
    )


def test_a_kubelab_that_does_not_answer_is_an_error(kubelab, monkeypatch, capsys):
    port = kubelab.server_port
    kubelab.shutdown()
    kubelab.server_close()
    assert run_main(["status"], kubelab, monkeypatch, capsys) == (
        "",
        f"error: cannot reach KubeLab at http://127.0.0.1:{port} (is 'kubelab up' running?)\n",
        1,
    )


def test_help_needs_no_token(monkeypatch, capsys, tmp_path):
    monkeypatch.delenv("KUBELAB_TOKEN", raising=False)
    monkeypatch.setenv("KUBELAB_DATA_DIR", str(tmp_path))
    assert labctl.main(["--help"]) == 0
    assert capsys.readouterr().out.startswith("Control KubeLab's simulated cluster")


def test_the_real_kubectl_runs_it_as_its_lab_plugin(tmp_path):
    plugin = tmp_path / "kubectl-lab"
    plugin.write_text(
        f"#!{sys.executable}\nimport sys\nfrom cluster.labctl import main\nsys.exit(main())\n"
    )
    plugin.chmod(0o755)
    env = {
        **os.environ,
        "PATH": f"{tmp_path}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": str(PROJECT),
        "KUBECONFIG": str(tmp_path / "none"),
    }
    result = subprocess.run(
        [str(KUBECTL), "lab", "--help"], env=env, capture_output=True, text=True, timeout=60
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("Control KubeLab's simulated cluster")
