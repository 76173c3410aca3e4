"""kubectl create secret generic|docker-registry|tls NAME: a Secret from literals and files,
registry credentials, or a certificate and its key (files of the cluster's workspace)."""

from __future__ import annotations

import base64
import json

from cluster.engine.api import resources
from cluster.kubectl import helptexts
from cluster.kubectl.cmd.create import sources
from cluster.kubectl.cmd.create.common import COMMON, fresh_meta, name, submit
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    *COMMON,
    *sources.FLAGS,
    Flag("type"),
    Flag("docker-server", default="https://index.docker.io/v1/"),
    Flag("docker-username"),
    Flag("docker-password"),
    Flag("docker-email"),
    Flag("cert"),
    Flag("key"),
)


def run(ctx: Context, opts: Parsed) -> None:
    kind = opts.args[0] if opts.args else ""
    build = {"generic": _generic, "docker-registry": _docker_registry, "tls": _tls}.get(kind)
    if build is None:
        if kind:
            raise ExitError(
                f"error: unknown command \"{kind}\"\nSee 'kubectl create secret -h' for help and examples"
            )
        raise ExitError(helptexts.CREATE_SECRET.rstrip("\n"))
    opts.args = opts.args[1:]
    secret_name = name(opts, f"create secret {kind}")
    secret = {"apiVersion": "v1", "kind": "Secret", "metadata": fresh_meta(secret_name)}
    data, secret_type = build(ctx, opts, secret_name)
    if data:
        secret["data"] = {k: _b64(v) for k, v in data.items()}
    if secret_type:
        secret["type"] = secret_type
    submit(ctx, opts, resources.BY_NAME["secrets"], secret, "failed to create secret ")


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _generic(ctx: Context, opts: Parsed, secret_name: str) -> tuple[dict[str, str], str]:
    return sources.pairs(ctx, opts, "Secret", secret_name), opts.text("type")


def _docker_registry(ctx: Context, opts: Parsed, secret_name: str) -> tuple[dict[str, str], str]:
    """A .dockerconfigjson with the registry's credentials, as DockerConfigJSON marshals."""
    if opts.list("from-file"):
        return sources.pairs(ctx, opts, "Secret", secret_name), "kubernetes.io/dockerconfigjson"
    user, password = opts.text("docker-username"), opts.text("docker-password")
    if not user or not password or not opts.text("docker-server"):
        raise ExitError(
            "error: either --from-file or the combination of --docker-username, "
            "--docker-password and --docker-server is required"
        )
    entry = {"username": user, "password": password}
    if opts.text("docker-email"):
        entry["email"] = opts.text("docker-email")
    entry["auth"] = _b64(f"{user}:{password}")
    config = json.dumps({"auths": {opts.text("docker-server"): entry}}, separators=(",", ":"))
    return {".dockerconfigjson": config}, "kubernetes.io/dockerconfigjson"


def _tls(ctx: Context, opts: Parsed, secret_name: str) -> tuple[dict[str, str], str]:
    """The certificate and key files, which must at least hold PEM blocks (X509KeyPair)."""
    if not opts.text("cert") or not opts.text("key"):
        raise ExitError("error: key and cert must be specified")
    found = {}
    for flag, key in (("cert", "tls.crt"), ("key", "tls.key")):
        path = opts.text(flag)
        text = ctx.files.get(path)
        if text is None:
            raise ExitError(
                f"error: Cannot read file {path}, open {path}: no such file or directory"
            )
        found[key] = text
    for key, what in (("tls.crt", "certificate"), ("tls.key", "key")):
        if "-----BEGIN " not in found[key]:
            raise ExitError(f"error: tls: failed to find any PEM data in {what} input")
    return found, "kubernetes.io/tls"
