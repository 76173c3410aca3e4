"""Namespaces, quotas and limit ranges, ConfigMaps, Secrets, ServiceAccounts and
PriorityClasses."""

from __future__ import annotations

import base64

from cluster.engine.api import labels
from cluster.engine.api.meta import Object
from cluster.kubectl.context import Context
from cluster.kubectl.describe import writer
from cluster.kubectl.describe.writer import PrefixWriter

TOKEN_KEY = "token"
SERVICE_ACCOUNT_TOKEN = "kubernetes.io/service-account-token"


def describe_namespace(
    ctx: Context, w: PrefixWriter, ns: Object, events: list[Object] | None
) -> None:
    meta, status = ns["metadata"], ns.get("status") or {}
    writer.name_labels_annotations(w, meta)
    w.write(0, f"Status:\t{status.get('phase', '')}\n")
    if status.get("conditions"):
        writer.conditions_table(w, status["conditions"])
    quotas = ctx.request("list", "resourcequotas", meta["name"])
    if quotas.ok:
        w.write(0, "\n")
        _quotas(w, quotas.body["items"])
    limits = ctx.request("list", "limitranges", meta["name"])
    if limits.ok:
        w.write(0, "\n")
        _limit_ranges(w, limits.body["items"])


def _quotas(w: PrefixWriter, quotas: list[Object]) -> None:
    if not quotas:
        w.write(0, "No resource quota.\n")
        return
    w.write(0, "Resource Quotas\n")
    for quota in sorted(quotas, key=lambda q: q["metadata"]["name"]):
        w.write(1, f"Name:\t{quota['metadata']['name']}\n")
        w.write(1, "Resource\tUsed\tHard\n")
        w.write(1, "--------\t---\t---\n")
        status = quota.get("status") or {}
        hard, used = status.get("hard") or {}, status.get("used") or {}
        for name in sorted(hard):
            w.write(1, f"{name}\t{used.get(name, '0')}\t{hard[name]}\n")


LIMIT_HEADER = "Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n"
LIMIT_RULE = "----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n"
SCOPE_HELP = {
    "Terminating": "Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.",
    "NotTerminating": "Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.",
    "BestEffort": "Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.",
    "NotBestEffort": "Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.",
}


def _limit_ranges(w: PrefixWriter, ranges: list[Object]) -> None:
    if not ranges:
        w.write(0, "No LimitRange resource.\n")
        return
    w.write(0, f"Resource Limits\n {LIMIT_HEADER}")
    w.write(0, f" {LIMIT_RULE}")
    for limit_range in ranges:
        _limits(w, limit_range, " ")


def _limits(w: PrefixWriter, limit_range: Object, prefix: str) -> None:
    """describeLimitRangeSpec: a row per limit type and resource, `-` where none is set."""
    fields = ("min", "max", "defaultRequest", "default", "maxLimitRequestRatio")
    for item in (limit_range.get("spec") or {}).get("limits") or []:
        names = sorted({name for field in fields for name in item.get(field) or {}})
        for name in names:
            cells = "\t".join(str((item.get(field) or {}).get(name, "-")) for field in fields)
            w.write(0, f"{prefix}{item.get('type', '')}\t{name}\t{cells}\n")


def describe_limitrange(
    ctx: Context, w: PrefixWriter, lr: Object, events: list[Object] | None
) -> None:
    w.write(0, f"Name:\t{lr['metadata']['name']}\n")
    w.write(0, f"Namespace:\t{lr['metadata'].get('namespace', '')}\n")
    w.write(0, LIMIT_HEADER)
    w.write(0, LIMIT_RULE)
    _limits(w, lr, "")


def describe_quota(
    ctx: Context, w: PrefixWriter, quota: Object, events: list[Object] | None
) -> None:
    spec, status = quota.get("spec") or {}, quota.get("status") or {}
    w.write(0, f"Name:\t{quota['metadata']['name']}\n")
    w.write(0, f"Namespace:\t{quota['metadata'].get('namespace', '')}\n")
    if spec.get("scopes"):
        w.write(0, f"Scopes:\t{', '.join(sorted(spec['scopes']))}\n")
        for scope in sorted(spec["scopes"]):
            if scope in SCOPE_HELP:
                w.write(0, f" * {SCOPE_HELP[scope]}\n")
    w.write(0, "Resource\tUsed\tHard\n")
    w.write(0, "--------\t----\t----\n")
    hard, used = status.get("hard") or {}, status.get("used") or {}
    for name in sorted(hard):
        w.write(0, f"{name}\t{used.get(name, '0')}\t{hard[name]}\n")


def describe_configmap(
    ctx: Context, w: PrefixWriter, cm: Object, events: list[Object] | None
) -> None:
    meta = cm["metadata"]
    writer.name_namespace_labels_annotations(w, meta)
    w.write(0, "\nData\n====\n")
    data = cm.get("data") or {}
    for key in sorted(data):
        w.write(0, f"{key}:\n----\n")
        w.write(0, f"{data[key]}\n")
        w.write(0, "\n")
    w.write(0, "\nBinaryData\n====\n")
    binary = cm.get("binaryData") or {}
    for key in sorted(binary):
        w.write(0, f"{key}: {len(base64.b64decode(binary[key]))} bytes\n")
    w.write(0, "\n")
    writer.events_section(w, events)


def describe_secret(
    ctx: Context, w: PrefixWriter, secret: Object, events: list[Object] | None
) -> None:
    meta = secret["metadata"]
    writer.name_namespace_labels_annotations(w, meta)
    w.write(0, f"\nType:\t{secret.get('type', '')}\n")
    w.write(0, "\nData\n====\n")
    data = secret.get("data") or {}
    for key in sorted(data):
        raw = base64.b64decode(data[key])
        if key == TOKEN_KEY and secret.get("type") == SERVICE_ACCOUNT_TOKEN:
            w.write(0, f"{key}:\t{raw.decode(errors='replace')}\n")
        else:
            w.write(0, f"{key}:\t{len(raw)} bytes\n")


def describe_serviceaccount(
    ctx: Context, w: PrefixWriter, sa: Object, events: list[Object] | None
) -> None:
    meta = sa["metadata"]
    writer.name_namespace_labels_annotations(w, meta)
    names = [s.get("name", "") for s in sa.get("imagePullSecrets") or []]
    header = "Image pull secrets:"
    if not names:
        w.write(0, f"{header}\t<none>\n")
    for i, name in enumerate(names):
        w.write(0, f"{header if i == 0 else ' ' * len(header)}\t{name}\n")
    writer.events_section(w, events)


def describe_priorityclass(
    ctx: Context, w: PrefixWriter, pc: Object, events: list[Object] | None
) -> None:
    """describePriorityClass."""
    w.write(0, f"Name:\t{pc['metadata']['name']}\n")
    w.write(0, f"Value:\t{pc.get('value', 0)}\n")
    w.write(0, f"GlobalDefault:\t{str(bool(pc.get('globalDefault'))).lower()}\n")
    w.write(0, f"PreemptionPolicy:\t{pc.get('preemptionPolicy', '')}\n")
    w.write(0, f"Description:\t{pc.get('description', '')}\n")
    annotations = labels.format_labels(pc["metadata"].get("annotations"))
    w.write(0, f"Annotations:\t{annotations}\n")
    writer.events_section(w, events)
