"""`kubelab kubeconfig` and the dashboard's download, used by the real kubectl against a real
stack over https, verifying KubeLab's certificate against the CA in the kubeconfig."""

import base64
import itertools
import json
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import kubernetes
import pytest
import yaml

from cluster import labctl
from kubelab import cli, tls
from tests.stack import KubeLab, read_until
from tests.stack import real_kubectl as kubectl

# ---------------------------------------------------------------------------------------------
# kubelab kubeconfig, without a stack


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data dir as `kubelab up` leaves it, minus the running lab."""
    monkeypatch.delenv("KUBELAB_TOKEN", raising=False)
    tls.ensure(tmp_path / "pki", tls.server_names(), datetime.now(UTC))
    (tmp_path / "token").write_text("tok-1\n")
    return tmp_path


def printed_config(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    assert cli.main(["kubeconfig", *argv]) == 0
    return yaml.safe_load(capsys.readouterr().out)


def test_the_server_is_where_the_last_kubelab_up_served_else_6443(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = printed_config(capsys, "c1", "--data-dir", str(data_dir))
    assert config["clusters"][0]["cluster"]["server"] == "https://127.0.0.1:6443/k8s/admin/c1"

    cli.write_instance(data_dir, "http://[::1]:9000/", "https://[::1]:9443/")
    config = printed_config(capsys, "c1", "--data-dir", str(data_dir))
    assert config["clusters"][0]["cluster"]["server"] == "https://[::1]:9443/k8s/admin/c1"


def test_kubectl_lab_finds_the_last_kubelab_up_through_the_kubeconfig(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = printed_config(capsys, "c1", "--data-dir", str(data_dir))
    assert "extensions" not in config["clusters"][0]["cluster"]

    cli.write_instance(data_dir, "http://127.0.0.1:9000/", "https://127.0.0.1:9443/")
    path = data_dir / "kubeconfig"
    assert cli.main(["kubeconfig", "c1", "--data-dir", str(data_dir)]) == 0
    path.write_text(capsys.readouterr().out)
    assert labctl.find_target({"kubeconfig": str(path)}, {}) == labctl.Target(
        "http://127.0.0.1:9000", "c1", "tok-1"
    )


def test_server_and_kubelab_token_override_the_data_dirs(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KUBELAB_TOKEN", "from-env")
    argv = ["my lab", "--data-dir", str(data_dir), "--server", "https://lab.example:7443"]
    config = printed_config(capsys, *argv)
    cluster = config["clusters"][0]["cluster"]
    assert cluster["server"] == "https://lab.example:7443/k8s/admin/my%20lab"
    assert config["users"][0]["user"]["token"] == "from-env"


def test_kubeconfig_without_a_ca_says_where_it_looked(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (data_dir / "pki" / "ca.crt").unlink()
    assert cli.main(["kubeconfig", "default", "--data-dir", str(data_dir)]) == 1
    assert capsys.readouterr().err == (
        f"error: no CA at {data_dir / 'pki' / 'ca.crt'}; run 'kubelab up' there first "
        "or pass --data-dir\n"
    )


# ---------------------------------------------------------------------------------------------
# The real kubectl against a real stack


def test_up_says_and_records_where_the_kubernetes_api_is(lab: KubeLab, kubeconfig: Path) -> None:
    line = read_until(lab.lines, "Kubernetes API", timeout=5)[-1]
    assert line == (
        f"Kubernetes API of cluster default at https://127.0.0.1:{lab.api_port}/k8s/admin/default\n"
    )
    instance = json.loads((lab.data_dir / "instance.json").read_text())
    assert instance == {"url": lab.url, "apiURL": lab.api_url}


def test_the_kubeconfig_is_kubeadms_admin_conf_for_the_cluster(
    lab: KubeLab, kubeconfig: Path
) -> None:
    config = yaml.safe_load(kubeconfig.read_text())
    assert config["apiVersion"] == "v1"
    assert config["kind"] == "Config"
    assert config["current-context"] == "kubernetes-admin@default"
    assert config["contexts"] == [
        {
            "name": "kubernetes-admin@default",
            "context": {"cluster": "default", "user": "kubernetes-admin"},
        }
    ]
    cluster = config["clusters"][0]
    assert cluster["name"] == "default"
    assert cluster["cluster"]["server"] == f"https://127.0.0.1:{lab.api_port}/k8s/admin/default"
    ca = base64.b64decode(cluster["cluster"]["certificate-authority-data"])
    assert ca == (lab.data_dir / "pki" / "ca.crt").read_bytes()
    token = (lab.data_dir / "token").read_text().strip()
    assert config["users"] == [{"name": "kubernetes-admin", "user": {"token": token}}]


def test_every_namespace_publishes_the_ca_the_kubeconfig_trusts(kubeconfig: Path) -> None:
    config = yaml.safe_load(kubeconfig.read_text())
    trusted = base64.b64decode(config["clusters"][0]["cluster"]["certificate-authority-data"])
    for namespace in ("default", "kube-system"):
        result = kubectl(
            kubeconfig, "get", "configmap", "kube-root-ca.crt", "-n", namespace, "-o", "json"
        )
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["data"] == {"ca.crt": trusted.decode()}


def test_kubectl_version_reaches_the_api_over_verified_tls(kubeconfig: Path) -> None:
    result = kubectl(kubeconfig, "version", "-o", "json")
    assert result.returncode == 0, result.stderr
    versions = json.loads(result.stdout)
    assert versions["clientVersion"]["gitVersion"] == "v1.37.1"
    assert versions["serverVersion"]["gitVersion"].startswith("v1.37")


def test_kubectl_gets_the_clusters_nodes(kubeconfig: Path) -> None:
    result = kubectl(kubeconfig, "get", "nodes", "-o", "name")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["node/control-plane", "node/node-1", "node/node-2"]


def test_kubectl_creates_a_deployment_with_a_protobuf_body(kubeconfig: Path) -> None:
    created = kubectl(
        kubeconfig, "create", "deployment", "web", "--image=nginx", "--replicas=2", "-v=8"
    )
    assert created.returncode == 0, created.stderr
    assert created.stdout == "deployment.apps/web created\n"
    post = created.stderr[created.stderr.index('verb="POST"') :].splitlines()[1:]
    headers = itertools.takewhile(lambda line: line.startswith("\t"), post)
    assert "\tContent-Type: application/vnd.kubernetes.protobuf" in headers

    got = kubectl(kubeconfig, "get", "deployment", "web", "-o", "json")
    assert got.returncode == 0, got.stderr
    deployment = json.loads(got.stdout)
    assert deployment["spec"]["replicas"] == 2
    assert deployment["spec"]["selector"] == {"matchLabels": {"app": "web"}}
    assert deployment["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx"


@pytest.mark.parametrize(
    ("args", "created"),
    [
        (["namespace", "dev"], "namespace/dev"),
        (["configmap", "cfg", "--from-literal=a=1"], "configmap/cfg"),
        (["secret", "generic", "sec", "--from-literal=password=s3cret"], "secret/sec"),
        (["serviceaccount", "robot"], "serviceaccount/robot"),
        (
            ["role", "reader", "--verb=get,list", "--resource=pods"],
            "role.rbac.authorization.k8s.io/reader",
        ),
        (
            ["rolebinding", "rb", "--role=reader", "--user=alice"],
            "rolebinding.rbac.authorization.k8s.io/rb",
        ),
        (["quota", "q", "--hard=cpu=1,pods=10"], "resourcequota/q"),
    ],
)
def test_kubectl_create_generators_send_protobuf_that_kubelab_reads(
    kubeconfig: Path, args: list[str], created: str
) -> None:
    result = kubectl(kubeconfig, "create", *args)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{created} created\n"


def test_the_official_python_client_works_with_the_kubeconfig(kubeconfig: Path) -> None:
    client = kubernetes.config.new_client_from_config(str(kubeconfig))
    try:
        nodes = kubernetes.client.CoreV1Api(client).list_node()
    finally:
        client.close()
    assert [node.metadata.name for node in nodes.items] == ["control-plane", "node-1", "node-2"]


def test_a_kubeconfig_trusting_another_ca_is_refused_by_kubectl(
    kubeconfig: Path, tmp_path: Path
) -> None:
    other = tls.ensure(tmp_path / "pki", tls.server_names(), datetime.now(UTC))
    config = yaml.safe_load(kubeconfig.read_text())
    config["clusters"][0]["cluster"]["certificate-authority-data"] = base64.b64encode(
        other.ca_cert.read_bytes()
    ).decode()
    forged = tmp_path / "config"
    forged.write_text(yaml.safe_dump(config))

    result = kubectl(forged, "get", "pods")

    assert result.returncode == 1
    assert "x509: certificate signed by unknown authority" in result.stderr


def test_the_dashboards_download_works_with_kubectl(lab: KubeLab, tmp_path: Path) -> None:
    # From loopback the browser is the local owner: no login needed.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(f"{lab.url}clusters/default/kubeconfig", timeout=30) as response:
        assert (
            response.headers["Content-Disposition"] == 'attachment; filename="default.kubeconfig"'
        )
        downloaded = tmp_path / "default.kubeconfig"
        downloaded.write_bytes(response.read())

    result = kubectl(downloaded, "get", "nodes", "-o", "name")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["node/control-plane", "node/node-1", "node/node-2"]
