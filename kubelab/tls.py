"""The certificates of KubeLab's Kubernetes API port, laid out as kubeadm lays out
/etc/kubernetes/pki: a CA made once per data dir (ca.crt, ca.key) and the serving certificate
it signs (apiserver.crt, apiserver.key).

The CA never changes once made, so kubeconfigs handed out earlier stay valid. The serving
certificate is made again when it no longer covers the names the server is reached by, is
about to expire, or was not signed by this CA. Nothing here reads the clock or the machine's
name itself: callers pass `now` and the names.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

# kubeadm's choices: a ten-year CA named "kubernetes", one-year serving certificates
# named "kube-apiserver", RSA 2048 keys, and NotBefore set back a little for clock skew.
CA_VALIDITY = timedelta(days=3650)
SERVER_VALIDITY = timedelta(days=365)
RENEW_BEFORE = timedelta(days=30)
BACKDATE = timedelta(minutes=5)
KEY_SIZE = 2048
CA_NAME = "kubernetes"
SERVER_NAME = "kube-apiserver"
LOCAL_NAMES = ("127.0.0.1", "::1", "localhost")


@dataclass(frozen=True)
class Pki:
    """Where the files are."""

    directory: Path

    @property
    def ca_cert(self) -> Path:
        return self.directory / "ca.crt"

    @property
    def ca_key(self) -> Path:
        return self.directory / "ca.key"

    @property
    def cert(self) -> Path:
        return self.directory / "apiserver.crt"

    @property
    def key(self) -> Path:
        return self.directory / "apiserver.key"


def server_names(*others: str) -> list[str]:
    """Loopback's names and addresses and the others given (the machine's name, the address
    it listens on), once each."""
    return list(dict.fromkeys(name.strip("[]") for name in (*LOCAL_NAMES, *others) if name))


def ensure(directory: Path, names: Iterable[str], now: datetime) -> Pki:
    """The CA and a serving certificate for names, made only where missing or unfit."""
    pki = Pki(directory)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not (pki.ca_cert.exists() and pki.ca_key.exists()):
        ca_key = _new_key()
        _write(pki.ca_key, _key_pem(ca_key))
        _write(pki.ca_cert, _ca_certificate(ca_key, now).public_bytes(serialization.Encoding.PEM))
    ca_cert = load_certificate(pki.ca_cert)
    wanted = list(names)
    if not _fits(pki, ca_cert, wanted, now):
        ca_key = serialization.load_pem_private_key(pki.ca_key.read_bytes(), password=None)
        assert isinstance(ca_key, rsa.RSAPrivateKey)
        key = _new_key()
        cert = _server_certificate(key, ca_cert, ca_key, wanted, now)
        _write(pki.key, _key_pem(key))
        _write(pki.cert, cert.public_bytes(serialization.Encoding.PEM))
    return pki


def load_certificate(path: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(path.read_bytes())


def subject_alt_names(cert: x509.Certificate) -> list[str]:
    """The DNS names and IP addresses a certificate is valid for."""
    try:
        extension = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    except x509.ExtensionNotFound:
        return []
    sans = extension.value
    ips = [str(ip) for ip in sans.get_values_for_type(x509.IPAddress)]
    return [*sans.get_values_for_type(x509.DNSName), *ips]


def is_signed_by(cert: x509.Certificate, ca: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(ca)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _fits(pki: Pki, ca: x509.Certificate, names: list[str], now: datetime) -> bool:
    """Whether the serving certificate can be used as it is."""
    if not (pki.cert.exists() and pki.key.exists()):
        return False
    cert = load_certificate(pki.cert)
    key = serialization.load_pem_private_key(pki.key.read_bytes(), password=None)
    covered = {_canonical(name) for name in subject_alt_names(cert)}
    return (
        is_signed_by(cert, ca)
        and key.public_key() == cert.public_key()  # not half of an interrupted renewal
        and all(_canonical(name) in covered for name in names)
        and cert.not_valid_after_utc - RENEW_BEFORE > now
    )


def _ca_certificate(key: rsa.RSAPrivateKey, now: datetime) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, CA_NAME)])
    usage = x509.KeyUsage(
        digital_signature=True, key_encipherment=True, key_cert_sign=True,
        content_commitment=False, data_encipherment=False, key_agreement=False,
        crl_sign=False, encipher_only=False, decipher_only=False,
    )  # fmt: skip
    return (
        _builder(name, name, key.public_key(), now, CA_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )


def _server_certificate(
    key: rsa.RSAPrivateKey,
    ca_cert: x509.Certificate,
    ca_key: rsa.RSAPrivateKey,
    names: list[str],
    now: datetime,
) -> x509.Certificate:
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, SERVER_NAME)])
    usage = x509.KeyUsage(
        digital_signature=True, key_encipherment=True, key_cert_sign=False,
        content_commitment=False, data_encipherment=False, key_agreement=False,
        crl_sign=False, encipher_only=False, decipher_only=False,
    )  # fmt: skip
    authority = x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_cert.public_key())
    return (
        _builder(subject, ca_cert.subject, key.public_key(), now, SERVER_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(authority, critical=False)
        .add_extension(x509.SubjectAlternativeName(_general_names(names)), critical=False)
        .sign(ca_key, hashes.SHA256())
    )


def _builder(
    subject: x509.Name,
    issuer: x509.Name,
    public_key: rsa.RSAPublicKey,
    now: datetime,
    validity: timedelta,
) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - BACKDATE)
        .not_valid_after(now + validity)
    )


def _general_names(names: list[str]) -> list[x509.GeneralName]:
    result: list[x509.GeneralName] = []
    for name in names:
        try:
            result.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            result.append(x509.DNSName(name))
    return result


def _canonical(name: str) -> str:
    """One spelling per address, so ::1 and 0:0::1 compare equal; names are case-blind."""
    try:
        return str(ipaddress.ip_address(name))
    except ValueError:
        return name.lower()


def _new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)


def _key_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )


def _write(path: Path, data: bytes) -> None:
    """Replace path at once with data, readable by its owner only."""
    partial = path.with_name(path.name + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    partial.replace(path)
