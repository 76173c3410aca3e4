"""kubectl create ingress NAME --rule=host/path=service:port[,tls[=secret]] ..."""

from __future__ import annotations

import re

from cluster.engine.api import resources
from cluster.engine.api.meta import Object
from cluster.kubectl import flags
from cluster.kubectl.cmd.create.common import COMMON, fresh_meta, name, submit
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

INGRESSES = resources.BY_NAME["ingresses"]
FLAGS = (
    *COMMON,
    Flag("class"),
    Flag("rule", repeated=True),
    Flag("default-backend"),
    Flag("annotation", repeated=True),
)
# host/path=svcname:svcport, then ,tls or ,tls=secret; matched from the start only
RULE = re.compile(
    r"(?P<host>[\w*\-.]*)(?P<path>/.*)=(?P<svcname>[\w\-]+):(?P<svcport>[\w\-]+)"
    r"(,(?P<istls>tls)=?(?P<secretname>[\w\-]+)?)?",
    re.ASCII,
)


def run(ctx: Context, opts: Parsed) -> None:
    ingress_name = name(opts, "create ingress")
    rules, backend = opts.list("rule"), opts.text("default-backend")
    annotations = opts.list("annotation")
    if not backend and not rules:
        raise ExitError(
            "error: not enough information provided: every ingress has to either specify a "
            "default-backend (which catches all traffic) or a list of rules (which catch "
            "specific paths)"
        )
    for rule in rules:
        if not RULE.match(rule):
            raise ExitError(
                f"error: rule {rule} is invalid and should be in format "
                "host/path=svcname:svcport[,tls[=secret]]"
            )
    for annotation in annotations:
        if "=" not in annotation:
            raise ExitError(
                f"error: annotation {annotation} is invalid and should be in format key=[value]"
            )
    if backend and backend.count(":") != 1:
        raise ExitError("error: default-backend should be in format servicename:serviceport")
    metadata = fresh_meta(ingress_name)
    if annotations:
        metadata["annotations"] = dict(a.split("=", 1) for a in annotations)
    spec: Object = {}
    if opts.text("class"):
        spec["ingressClassName"] = opts.text("class")
    if backend:
        spec["defaultBackend"] = _backend(backend)
    if tls := _tls(rules):
        spec["tls"] = tls
    if rules:
        spec["rules"] = _rules(rules)
    ingress = {
        "apiVersion": INGRESSES.api_version,
        "kind": "Ingress",
        "metadata": metadata,
        "spec": spec,
        "status": {"loadBalancer": {}},
    }
    submit(ctx, opts, INGRESSES, ingress, "failed to create ingress: ")


def _tls(rules: list[str]) -> list[Object]:
    """buildTLSRules: a host of a rule with `tls` joins the entry of its secret, once."""
    entries: list[Object] = []
    seen: set[str] = set()
    for rule in rules:
        parts = rule.split(",")
        if len(parts) != 2:
            continue
        host = rule.split("/", 1)[0]
        secret_parts = parts[1].split("=")
        secret = secret_parts[1] if len(secret_parts) > 1 else ""
        if host in seen:
            continue
        seen.add(host)
        same = next((e for e in entries if e.get("secretName", "") == secret), None)
        if same is not None:
            same.setdefault("hosts", []).append(host)
            continue
        entry: Object = {}
        if host:
            entry["hosts"] = [host]
        if secret:
            entry["secretName"] = secret
        if entry:
            entries.append(entry)
    return entries


def _rules(rules: list[str]) -> list[Object]:
    """buildIngressRules: one rule per host, its paths in the order given."""
    found: list[Object] = []
    for rule in rules:
        host, _, path_service = rule.split(",")[0].partition("/")
        path = _path(path_service)
        same = next((r for r in found if r.get("host", "") == host), None)
        if same is not None:
            same["http"]["paths"].append(path)
            continue
        found.append({**({"host": host} if host else {}), "http": {"paths": [path]}})
    return found


def _path(path_service: str) -> Object:
    """buildHTTPIngressPath: a path ending in `*` is a Prefix, any other Exact."""
    parts = path_service.split("=")
    path, path_type = f"/{parts[0]}", "Exact"
    if path.endswith("*"):
        path, path_type = path[:-1], "Prefix"
    return {"path": path, "pathType": path_type, "backend": _backend(parts[1])}


def _backend(service: str) -> Object:
    """buildIngressBackendSvc: the port by number when it is one, else by name."""
    parts = service.split(":")
    if len(parts) < 2:  # a path with `=` in it: kubectl 1.37 indexes past the parts
        raise ExitError(f"panic: runtime error: index out of range [1] with length {len(parts)}", 2)
    port = flags.int_or_string(parts[1])
    return {
        "service": {
            "name": parts[0],
            "port": {"number": port} if isinstance(port, int) else {"name": port},
        }
    }
