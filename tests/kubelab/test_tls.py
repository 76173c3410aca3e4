"""The API port's certificates: a CA made once, a serving certificate it signs for every name
the server is reached by, made again only when it no longer fits."""

import socket
import ssl
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from kubelab import cli, tls

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
NAMES = tls.server_names("lab-host", "10.1.2.3")


def test_the_certificate_is_valid_for_loopback_the_machine_and_the_listen_address(
    tmp_path: Path,
) -> None:
    pki = tls.ensure(tmp_path, NAMES, NOW)
    cert = tls.load_certificate(pki.cert)
    assert sorted(tls.subject_alt_names(cert)) == sorted(
        ["127.0.0.1", "::1", "localhost", "lab-host", "10.1.2.3"]
    )
    assert cert.subject.rfc4514_string() == "CN=kube-apiserver"
    assert cert.not_valid_after_utc == NOW + timedelta(days=365)
    usage = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(usage) == [x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]


def test_the_ca_is_a_ten_year_ca_named_kubernetes_and_signed_the_server_certificate(
    tmp_path: Path,
) -> None:
    pki = tls.ensure(tmp_path, NAMES, NOW)
    ca = tls.load_certificate(pki.ca_cert)
    assert ca.subject.rfc4514_string() == "CN=kubernetes"
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert ca.not_valid_after_utc == NOW + timedelta(days=3650)
    assert tls.is_signed_by(tls.load_certificate(pki.cert), ca)
    assert not tls.is_signed_by(ca, tls.load_certificate(pki.cert))


def test_keys_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    pki = tls.ensure(tmp_path / "pki", NAMES, NOW)
    assert pki.directory.stat().st_mode & 0o077 == 0
    assert all(path.stat().st_mode & 0o077 == 0 for path in (pki.ca_key, pki.key))


def test_certificates_are_made_once_and_reused(tmp_path: Path) -> None:
    pki = tls.ensure(tmp_path, NAMES, NOW)
    files = {path: path.read_bytes() for path in (pki.ca_cert, pki.ca_key, pki.cert, pki.key)}

    tls.ensure(tmp_path, ["localhost", "10.1.2.3"], NOW + timedelta(days=300))

    assert {path: path.read_bytes() for path in files} == files


@pytest.mark.parametrize(
    ("names", "later"),
    [
        pytest.param([*NAMES, "lab.example"], timedelta(0), id="a new name to listen on"),
        pytest.param(NAMES, timedelta(days=340), id="expiring within 30 days"),
    ],
)
def test_an_unfit_server_certificate_is_made_again_by_the_same_ca(
    tmp_path: Path, names: list[str], later: timedelta
) -> None:
    pki = tls.ensure(tmp_path, NAMES, NOW)
    ca, old = pki.ca_cert.read_bytes(), pki.cert.read_bytes()

    tls.ensure(tmp_path, names, NOW + later)

    assert pki.ca_cert.read_bytes() == ca
    assert pki.cert.read_bytes() != old
    cert = tls.load_certificate(pki.cert)
    assert tls.is_signed_by(cert, tls.load_certificate(pki.ca_cert))
    assert set(names) <= set(tls.subject_alt_names(cert))


def test_a_key_that_is_not_the_certificates_is_replaced_with_both(tmp_path: Path) -> None:
    pki = tls.ensure(tmp_path, NAMES, NOW)
    other = tls.ensure(tmp_path / "other", NAMES, NOW)
    pki.key.write_bytes(other.key.read_bytes())

    tls.ensure(tmp_path, NAMES, NOW)

    key = serialization.load_pem_private_key(pki.key.read_bytes(), password=None)
    assert key.public_key() == tls.load_certificate(pki.cert).public_key()


def test_a_server_certificate_of_another_ca_is_replaced(tmp_path: Path) -> None:
    pki = tls.ensure(tmp_path, NAMES, NOW)
    pki.ca_cert.unlink()

    tls.ensure(tmp_path, NAMES, NOW)

    assert tls.is_signed_by(tls.load_certificate(pki.cert), tls.load_certificate(pki.ca_cert))


def test_kubelab_up_asks_for_its_listen_address_unless_it_is_a_wildcard(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("KUBELAB_ALLOWED_HOSTS", raising=False)
    assert cli.certificate_names("10.1.2.3")[-1] == "10.1.2.3"
    assert "0.0.0.0" not in cli.certificate_names("0.0.0.0")
    assert "::" not in cli.certificate_names("[::]")
    assert cli.certificate_names("[::1]").count("::1") == 1


def test_kubelab_up_asks_for_the_names_django_answers_to_but_not_patterns(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KUBELAB_ALLOWED_HOSTS", "lab.example,.example.org,*,10.0.0.9,[::1]")
    names = cli.certificate_names("0.0.0.0")
    assert names[-2:] == ["lab.example", "10.0.0.9"]
    assert not {".example.org", "*", "[::1]"} & set(names)


class Hello(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def https_port(tmp_path: Path) -> Iterator[int]:
    """An https server on loopback with KubeLab's serving certificate."""
    pki = tls.ensure(tmp_path, NAMES, datetime.now(UTC))
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hello)
    serving = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    serving.load_cert_chain(pki.cert, pki.key)
    server.socket = serving.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def status_line(port: int, server_name: str, ca: Path) -> bytes:
    """GET / over TLS to loopback, verifying the certificate for server_name against ca."""
    client = ssl.create_default_context(cafile=str(ca))
    with client.wrap_socket(
        socket.create_connection(("127.0.0.1", port)), server_hostname=server_name
    ) as conn:
        conn.sendall(b"GET / HTTP/1.0\r\n\r\n")
        return conn.recv(4096).split(b"\r\n")[0]


@pytest.mark.parametrize("server_name", ["127.0.0.1", "localhost", "lab-host"])
def test_a_client_trusting_only_the_ca_verifies_the_server(
    https_port: int, tmp_path: Path, server_name: str
) -> None:
    assert status_line(https_port, server_name, tmp_path / "ca.crt") == b"HTTP/1.0 200 OK"


def test_a_name_outside_the_certificate_fails_verification(https_port: int, tmp_path: Path) -> None:
    with pytest.raises(ssl.SSLCertVerificationError, match="Hostname mismatch"):
        status_line(https_port, "elsewhere.example", tmp_path / "ca.crt")
