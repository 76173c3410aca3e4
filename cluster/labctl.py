"""kubectl-lab: the `kubectl lab` plugin of the real kubectl, which runs `kubectl-lab ARGS`
from PATH when someone types `kubectl lab ARGS`. It runs the built-in kubectl's lab command
here and sends each operation to KubeLab: POST /lab/clusters/NAME/lab with a bearer token.

Where KubeLab is, which cluster, and the token: the first found of
  1. the flags --server (-s), --cluster, --token, --data-dir, --kubeconfig, --context;
  2. $KUBELAB_SERVER, $KUBELAB_CLUSTER, $KUBELAB_TOKEN;
  3. the current kubeconfig context ($KUBECONFIG, else ~/.kube/config), when its cluster
     carries a `kubelab` extension ({"server": URL, "cluster": NAME}): then the server and
     cluster come from it and the token from the context's user;
  4. http://127.0.0.1:8000, cluster "default", and the token `kubelab up` wrote in the data
     directory ($KUBELAB_DATA_DIR, else ./.kubelab).
A kubeconfig without that extension is never used: its token belongs to another server.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from cluster import labapi
from cluster.engine.apiserver.request import Request, Response
from cluster.kubectl.context import ExitError, Lab
from cluster.kubectl.main import kubectl

DEFAULT_SERVER = "http://127.0.0.1:8000"
DEFAULT_CLUSTER = "default"
DEFAULT_DATA_DIR = ".kubelab"
TIMEOUT_S = 60.0
EXTENSION = "kubelab"
FLAGS = {
    "--server": "server",
    "-s": "server",
    "--cluster": "cluster",
    "--token": "token",
    "--data-dir": "data_dir",
    "--kubeconfig": "kubeconfig",
    "--context": "context",
}


class ConfigError(Exception):
    """KubeLab cannot be found or reached; the message says what to do."""


@dataclass(frozen=True, slots=True)
class Target:
    server: str
    cluster: str
    token: str

    @property
    def url(self) -> str:
        return labapi.cluster_url(self.server, self.cluster, "lab")


def split_flags(argv: Sequence[str]) -> tuple[dict[str, str], list[str]]:
    """Take the connection flags out of argv, wherever they stand before `--`; the rest is
    for the lab command."""
    found: dict[str, str] = {}
    rest: list[str] = []
    words = list(argv)
    while words:
        word = words.pop(0)
        if word == "--":
            rest += [word, *words]
            break
        name, has_value, value = word.partition("=")
        if name not in FLAGS:
            rest.append(word)
            continue
        if not has_value:
            if not words:
                raise ConfigError(f"flag needs an argument: {name}")
            value = words.pop(0)
        found[FLAGS[name]] = value
    return found, rest


def find_target(flags: Mapping[str, str], env: Mapping[str, str]) -> Target:
    """Server, cluster and token, from the first place that has each (see the module)."""
    kube = from_kubeconfig(flags.get("kubeconfig") or env.get("KUBECONFIG"), flags.get("context"))
    server = flags.get("server") or env.get("KUBELAB_SERVER") or kube.get("server")
    cluster = flags.get("cluster") or env.get("KUBELAB_CLUSTER") or kube.get("cluster")
    token = flags.get("token") or env.get("KUBELAB_TOKEN") or kube.get("token")
    if not token:
        data_dir = flags.get("data_dir") or env.get("KUBELAB_DATA_DIR") or DEFAULT_DATA_DIR
        try:
            token = labapi.token_in(Path(data_dir).expanduser())
        except labapi.LabAPIError as error:
            raise ConfigError(str(error)) from None
    return Target(server or DEFAULT_SERVER, cluster or DEFAULT_CLUSTER, token)


def from_kubeconfig(paths: str | None, context: str | None) -> dict[str, str]:
    """Server, cluster and token of a kubeconfig context that points at KubeLab, else {}."""
    config = _merged_kubeconfig(paths or str(Path("~/.kube/config").expanduser()))
    context_name = context or config.get("current-context")
    entry = _named(config.get("contexts"), context_name).get("context") or {}
    cluster = _named(config.get("clusters"), entry.get("cluster")).get("cluster") or {}
    extension = _named(cluster.get("extensions"), EXTENSION).get("extension") or {}
    if not isinstance(extension, dict) or not extension.get("server"):
        return {}
    user = _named(config.get("users"), entry.get("user")).get("user") or {}
    found = {
        "server": extension["server"],
        "cluster": extension.get("cluster"),
        "token": user.get("token"),
    }
    return {key: str(value) for key, value in found.items() if value}


def _merged_kubeconfig(paths: str) -> dict[str, Any]:
    """The files of $KUBECONFIG, the first file's entries winning, as kubectl merges them."""
    merged: dict[str, Any] = {}
    for path in filter(None, paths.split(os.pathsep)):
        try:
            loaded = yaml.safe_load(Path(path).expanduser().read_text())
        except (OSError, yaml.YAMLError):
            continue
        if not isinstance(loaded, dict):
            continue
        merged.setdefault("current-context", loaded.get("current-context"))
        for key in ("clusters", "contexts", "users"):
            merged[key] = [*merged.get(key, []), *(loaded.get(key) or [])]
    return merged


def _named(entries: Any, name: Any) -> dict[str, Any]:
    """The first entry of a kubeconfig list with that name."""
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and entry.get("name") == name:
            return entry
    return {}


# -- talking to KubeLab ---------------------------------------------------------------------


def http_lab(flags: Mapping[str, str], env: Mapping[str, str]) -> Lab:
    """The lab of the cluster the flags and environment name, over HTTP; found only when an
    operation is sent, so that `kubectl lab --help` needs no token."""

    def lab(operation: dict[str, Any]) -> dict[str, Any]:
        try:
            return post(find_target(flags, env), operation)
        except ConfigError as error:
            return {"error": str(error)}

    return lab


def post(target: Target, operation: dict[str, Any]) -> dict[str, Any]:
    """Send one lab operation; a refusal comes back as {"error": ...} like the host's own."""
    try:
        return labapi.post(target.url, target.token, operation, TIMEOUT_S)
    except labapi.LabAPIError as error:
        if error.status is None:
            raise ConfigError(str(error)) from None
        return {"error": str(error)}


def no_api(request: Request) -> Response:
    """kubectl lab asks KubeLab only, never the Kubernetes API."""
    raise ExitError("error: kubectl lab makes no Kubernetes API requests")


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        flags, rest = split_flags(argv)
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    result = kubectl(["lab", *rest], no_api, None, lab=http_lab(flags, os.environ))
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    return result.exit_code


if __name__ == "__main__":
    sys.exit(main())
