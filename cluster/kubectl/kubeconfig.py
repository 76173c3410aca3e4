"""The built-in kubectl's kubeconfig: the workspace file `.kube/config` (kubeadm's admin in
the home of a control-plane node: /root/.kube/config), read before each command as the real
kubectl reads its own, written by `kubectl config set-context|use-context|...`; with
--kubeconfig FILE, that workspace file instead.

Until something changes it there is no such file, and kubectl runs with the notional one:
kubeadm's admin.conf for the cluster (cluster `kubernetes`, user `kubernetes-admin` with the
admin's bearer token, context `kubernetes-admin@kubernetes`, the server at the control-plane
node's address). The first change writes that one out, changed.

The built-in kubectl reaches kube-apiserver inside the process that hosts the cluster, with
no TLS: whatever server a cluster entry names, that is where it goes; a context that names no
cluster reaches none, as the real kubectl then reaches no server. The token of the context's
user is what kubectl authenticates with.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import Any

import yaml

from cluster.engine.api.meta import Object
from cluster.engine.apiserver.request import Credential
from cluster.engine.cluster import DEFAULT_NODES
from cluster.kubectl import manifests, printers
from cluster.kubectl.context import Context, ExitError

PATH = ".kube/config"  # in the workspace, which is the admin's home
SHOWN_PATH = "/root/.kube/config"  # how kubectl names it in its errors
CLUSTER = "kubernetes"
USER = "kubernetes-admin"
CONTEXT = f"{USER}@{CLUSTER}"
API_PORT = 6443
SERVER = next(f"https://{n.internal_ip}:{API_PORT}" for n in DEFAULT_NODES if n.control_plane)
NO_SERVER = (
    "The connection to the server localhost:8080 was refused - did you specify the right host "
    "or port?"
)
# what ShortenConfig puts in place of secrets
DATA_OMITTED = "DATA+OMITTED"
REDACTED = "REDACTED"
_DATA = ("certificate-authority-data", "client-certificate-data", "client-key-data")
_SECRETS = ("token", "password")
_VERSION_KIND = (
    'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; '
    'Kind string "json:\\"kind,omitempty\\"" }'
)
# the Go types of the fields read
_STRING, _BOOL, _LIST, _MAP = "string", "bool", "[]string", "map"


@dataclass(frozen=True)
class _Entries:
    """One of clientcmd's v1 lists of named entries: its Go types, and the fields its entries
    keep (`always`: written even when empty, as encoding/json writes a field without
    omitempty)."""

    key: str  # clusters, contexts, users
    named: str  # the Go type of an entry: NamedCluster
    inner: str  # its value's field and Go type: cluster, Cluster
    inner_type: str
    fields: dict[str, str]
    always: tuple[str, ...] = ()


ENTRIES = (
    _Entries(
        "clusters",
        "NamedCluster",
        "cluster",
        "Cluster",
        {
            "server": _STRING,
            "tls-server-name": _STRING,
            "insecure-skip-tls-verify": _BOOL,
            "certificate-authority": _STRING,
            "certificate-authority-data": _STRING,
            "proxy-url": _STRING,
            "disable-compression": _BOOL,
        },
        ("server",),
    ),
    _Entries(
        "contexts",
        "NamedContext",
        "context",
        "Context",
        {"cluster": _STRING, "user": _STRING, "namespace": _STRING},
        ("cluster", "user"),
    ),
    _Entries(
        "users",
        "NamedAuthInfo",
        "user",
        "AuthInfo",
        {
            "client-certificate": _STRING,
            "client-certificate-data": _STRING,
            "client-key": _STRING,
            "client-key-data": _STRING,
            "token": _STRING,
            "tokenFile": _STRING,
            "as": _STRING,
            "as-uid": _STRING,
            "as-groups": _LIST,
            "username": _STRING,
            "password": _STRING,
            "auth-provider": _MAP,
            "exec": _MAP,
        },
    ),
)


def notional(credential: Credential | None) -> Object:
    """kubeadm's admin.conf for this cluster, secrets included."""
    token = credential.value if credential and credential.kind == "token" else ""
    return {
        "apiVersion": "v1",
        "clusters": [{"cluster": {"server": SERVER}, "name": CLUSTER}],
        "contexts": [{"context": {"cluster": CLUSTER, "user": USER}, "name": CONTEXT}],
        "current-context": CONTEXT,
        "kind": "Config",
        "users": [{"name": USER, "user": {"token": token} if token else {}}],
    }


def config(ctx: Context) -> Object:
    """The whole kubeconfig, secrets included: the workspace's file (or --kubeconfig's),
    read as clientcmd reads it (its errors are kubectl's), else the notional one (or, for
    a --kubeconfig that names no file, an empty one)."""
    return _document(ctx.files, ctx.credential, ctx.kubeconfig)


def shown(ctx: Context) -> str:
    """The file's name in kubectl's messages: --kubeconfig's as given, else the home's."""
    return ctx.kubeconfig or SHOWN_PATH


def _document(files: dict[str, str], credential: Credential | None, explicit: str = "") -> Object:
    text = files.get(explicit or PATH)
    if text is None:
        return _decoded("") if explicit else notional(credential)
    try:
        return _decoded(text)
    except _Malformed as error:
        where = explicit or SHOWN_PATH
        raise ExitError(f'error: error loading config file "{where}": {error}') from None


def save(ctx: Context, document: Object) -> None:
    """ModifyConfig: the kubeconfig written back to the workspace."""
    ctx.written[ctx.kubeconfig or PATH] = printers.to_yaml(document)


def entry(document: Object, key: str, name: str) -> Object | None:
    """The value of the named cluster, context or user (`key`: clusters, contexts, users)."""
    inner = next(e.inner for e in ENTRIES if e.key == key)
    for item in document.get(key) or []:
        if item.get("name") == name:
            return item[inner]
    return None


def names(document: Object, key: str) -> list[str]:
    return sorted(item["name"] for item in document.get(key) or [])


def put(document: Object, key: str, name: str, value: Object) -> None:
    """Set the named entry, in place of the one of that name, if any."""
    inner = next(e.inner for e in ENTRIES if e.key == key)
    kept = [item for item in document.get(key) or [] if item.get("name") != name]
    document[key] = sorted([*kept, {inner: value, "name": name}], key=lambda item: item["name"])


def remove(document: Object, key: str, name: str) -> None:
    """Take the named entry out (the list is null once empty, as clientcmd writes it)."""
    kept = [item for item in document.get(key) or [] if item.get("name") != name]
    document[key] = kept or None


def apply(ctx: Context, context_name: str) -> None:
    """Run the command with the kubeconfig: the namespace and the token of its current
    context (or --context's), or the refusal the real kubectl would meet."""
    if ctx.kubeconfig and ctx.kubeconfig not in ctx.files:
        raise ExitError(f"error: stat {ctx.kubeconfig}: no such file or directory")
    document = config(ctx)
    context = _context(document, context_name)
    cluster = entry(document, "clusters", context.get("cluster", ""))
    if not cluster or not cluster.get("server"):
        ctx.unreachable = NO_SERVER
    if context.get("namespace"):
        ctx.namespace = context["namespace"]
    user = entry(document, "users", context.get("user", "")) or {}
    ctx.credential = Credential("token", user["token"]) if user.get("token") else None


def _context(document: Object, context_name: str) -> Object:
    """The context a command runs in: --context's, else the current one (none: empty)."""
    name = context_name or document.get("current-context", "")
    context = entry(document, "contexts", name) if name else {}
    if context is None:
        raise ExitError(
            f"Error in configuration: context was not found for specified context: {name}"
        )
    return context


def shortened(kubeconfig: Object) -> Object:
    """ShortenConfig: certificate and key data as DATA+OMITTED, tokens and passwords
    REDACTED."""
    for entries in ("clusters", "users"):
        for item in kubeconfig.get(entries) or []:
            _hide(item[entries[:-1]])
    return kubeconfig


def minified(kubeconfig: Object, context_name: str) -> Object:
    """MinifyConfig: only the current context, its cluster and its user."""
    name = context_name or kubeconfig.get("current-context", "")
    if not name:
        raise ExitError("error: current-context must exist in order to minify")
    context = entry(kubeconfig, "contexts", name)
    if context is None:
        raise ExitError(f"error: cannot locate context {name}")
    kept = copy.deepcopy(kubeconfig)
    kept["current-context"] = name
    for key, wanted in (("contexts", name), ("clusters", context["cluster"])):
        kept[key] = [item for item in kept.get(key) or [] if item["name"] == wanted] or None
    kept["users"] = [u for u in kept.get("users") or [] if u["name"] == context["user"]] or None
    return kept


def _hide(fields: Object) -> None:
    for key in fields:
        if key in _DATA and fields[key]:
            fields[key] = DATA_OMITTED
        elif key in _SECRETS and fields[key]:
            fields[key] = REDACTED


class _Malformed(ValueError):
    """Why clientcmd cannot load the file, in its words."""


def _decoded(text: str) -> Object:
    """clientcmd.Load: YAML into JSON, its apiVersion and kind checked, then decoded into
    v1.Config (unknown fields dropped, each known one of its Go type)."""
    try:
        value = manifests.one_document(text)
    except yaml.MarkedYAMLError as error:
        raise _Malformed(manifests._yaml_error(error)) from None
    except yaml.YAMLError as error:
        raise _Malformed(f"yaml: {error}") from None
    if value is None:
        value = {}
    value = json.loads(json.dumps(value, default=str))
    if not isinstance(value, dict):
        raise _Malformed(
            "couldn't get version/kind; json parse error: json: cannot unmarshal "
            f"{_json_kind(value)} into Go value of type {_VERSION_KIND}"
        )
    version, kind = value.get("apiVersion") or "v1", value.get("kind") or "Config"
    if (version, kind) != ("v1", "Config"):
        raise _Malformed(
            f'no kind "{kind}" is registered for version "{version}" in scheme '
            '"k8s.io/client-go/tools/clientcmd/api/latest/latest.go:50"'
        )
    current = value.get("current-context")
    _expect(current, _STRING, "Config", "current-context")
    document: Object = {"apiVersion": "v1"}
    for entries in ENTRIES:
        document[entries.key] = _entries(value.get(entries.key), entries)
    document["current-context"] = current or ""
    document["kind"] = "Config"
    return {key: document[key] for key in sorted(document)}


def _entries(value: Any, entries: _Entries) -> list[Object] | None:
    """A list of named entries as v1.Config holds it (null when there are none)."""
    _expect(value, f"[]v1.{entries.named}", "Config", entries.key)
    if not value:
        return None
    found = []
    for item in value:
        if item is None:
            item = {}
        _expect(item, f"v1.{entries.named}", "Config", entries.key)
        name = item.get("name")
        _expect(name, _STRING, entries.named, f"{entries.key}.name")
        inner = item.get(entries.inner)
        where = f"{entries.key}.{entries.inner}"
        _expect(inner, f"v1.{entries.inner_type}", entries.named, where)
        kept = {field: "" for field in entries.always}
        for field, go_type in entries.fields.items():
            if (inner or {}).get(field) is not None:
                _expect(inner[field], go_type, entries.inner_type, f"{where}.{field}")
                kept[field] = inner[field]
        found.append({entries.inner: dict(sorted(kept.items())), "name": name or ""})
    return found


def _expect(value: Any, go_type: str, struct: str, field: str) -> None:
    """encoding/json's UnmarshalTypeError for a value that is not of the field's Go type."""
    if value is None:
        return
    fits = {
        _STRING: isinstance(value, str),
        _BOOL: isinstance(value, bool),
        _LIST: isinstance(value, list) and all(isinstance(v, str) for v in value),
        _MAP: isinstance(value, dict),
    }.get(go_type)
    if fits is None:  # a struct (v1.Context) or a list of them ([]v1.NamedContext)
        fits = isinstance(value, list) if go_type.startswith("[]") else isinstance(value, dict)
    if not fits:
        raise _Malformed(
            f"json: cannot unmarshal {_json_kind(value)} into Go struct field "
            f"{struct}.{field} of type {go_type}"
        )


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "string"
