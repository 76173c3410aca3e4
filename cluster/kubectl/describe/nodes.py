"""describeNode: conditions, capacity, the node's non-terminated pods and their requests."""

from __future__ import annotations

from fractions import Fraction

from cluster.engine.api import quantity
from cluster.engine.api.meta import Object
from cluster.kubectl.context import Context
from cluster.kubectl.describe import writer
from cluster.kubectl.describe.writer import PrefixWriter

ROLE_PREFIX = "node-role.kubernetes.io/"
STANDARD = {"cpu", "memory", "ephemeral-storage", "pods"}


def describe_node(ctx: Context, w: PrefixWriter, node: Object, events: list[Object] | None) -> None:
    meta, spec, status = node["metadata"], node.get("spec") or {}, node.get("status") or {}
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Roles:\t{','.join(roles(node)) or '<none>'}\n")
    writer.labels_multiline(w, "Labels", meta.get("labels"))
    writer.annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"CreationTimestamp:\t{writer.rfc1123z(meta.get('creationTimestamp'))}\n")
    writer.taints_multiline(w, "Taints", spec.get("taints"))
    w.write(0, f"Unschedulable:\t{'true' if spec.get('unschedulable') else 'false'}\n")
    _lease(ctx, w, meta["name"])
    if status.get("conditions"):
        w.write(
            0,
            "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n",
        )
        w.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n")
        for c in status["conditions"]:
            w.write(
                1,
                f"{c.get('type')} \t{c.get('status')} \t{writer.rfc1123z(c.get('lastHeartbeatTime'))} \t"
                f"{writer.rfc1123z(c.get('lastTransitionTime'))} \t{c.get('reason', '')} \t{c.get('message', '')}\n",
            )
    w.write(0, "Addresses:\n")
    for address in status.get("addresses") or []:
        w.write(1, f"{address.get('type')}:\t{address.get('address')}\n")
    for key, title in (("capacity", "Capacity"), ("allocatable", "Allocatable")):
        if status.get(key):
            w.write(0, f"{title}:\n")
            for name in sorted(status[key]):
                w.write(0, f"  {name}:\t{status[key][name]}\n")
    info = status.get("nodeInfo") or {}
    w.write(0, "System Info:\n")
    for key, title in (
        ("machineID", "Machine ID"),
        ("systemUUID", "System UUID"),
        ("bootID", "Boot ID"),
        ("kernelVersion", "Kernel Version"),
        ("osImage", "OS Image"),
        ("operatingSystem", "Operating System"),
        ("architecture", "Architecture"),
        ("containerRuntimeVersion", "Container Runtime Version"),
        ("kubeletVersion", "Kubelet Version"),
    ):
        w.write(0, f"  {title}:\t{info.get(key, '')}\n")
    if spec.get("podCIDR"):
        w.write(0, f"PodCIDR:\t{spec['podCIDR']}\n")
    if spec.get("podCIDRs"):
        w.write(0, f"PodCIDRs:\t{','.join(spec['podCIDRs'])}\n")
    if spec.get("providerID"):
        w.write(0, f"ProviderID:\t{spec['providerID']}\n")
    selector = f"spec.nodeName={meta['name']},status.phase!=Succeeded,status.phase!=Failed"
    response = ctx.request("list", "pods", "", query={"fieldSelector": selector})
    if response.ok:
        _pods(w, response.body["items"], status.get("allocatable") or status.get("capacity") or {})
    elif response.code == 403:
        w.write(0, "Pods:\tnot authorized\n")
    writer.events_section(w, events)


def roles(node: Object) -> list[str]:
    found = set()
    for key, value in (node["metadata"].get("labels") or {}).items():
        if key.startswith(ROLE_PREFIX) and key[len(ROLE_PREFIX) :]:
            found.add(key[len(ROLE_PREFIX) :])
        elif key == "kubernetes.io/role" and value:
            found.add(value)
    return sorted(found)


def _lease(ctx: Context, w: PrefixWriter, name: str) -> None:
    response = ctx.request("get", "leases", "kube-node-lease", name)
    if not response.ok:
        w.write(0, f"Lease:\tFailed to get lease: {response.body.get('message', '')}\n")
        return
    spec = response.body.get("spec") or {}
    w.write(0, "Lease:\n")
    w.write(1, f"HolderIdentity:\t{spec.get('holderIdentity') or '<unset>'}\n")
    for key, title in (("acquireTime", "AcquireTime"), ("renewTime", "RenewTime")):
        value = spec.get(key)
        w.write(1, f"{title}:\t{_micro_rfc1123z(value) if value else '<unset>'}\n")


def _micro_rfc1123z(value: str) -> str:
    return writer.rfc1123z(value[:19] + "Z")


Amounts = dict[str, tuple[Fraction, str]]  # resource name -> value, and the format it keeps


def _add(into: Amounts, name: str, text: str, *, largest: bool = False) -> None:
    """Quantity.Add (or the max, for init containers): the sum keeps the first one's format."""
    value = quantity.parse(text)
    if name not in into:
        into[name] = (value, quantity.format_of(text))
        return
    old, fmt = into[name]
    into[name] = (max(old, value) if largest else old + value, fmt)


def _totals(pod: Object) -> tuple[Amounts, Amounts]:
    """resourcehelper.PodRequests / PodLimits: the sum over containers, but at least the
    largest init container's."""
    spec = pod.get("spec") or {}
    totals: tuple[Amounts, Amounts] = ({}, {})
    for amounts, key in zip(totals, ("requests", "limits"), strict=True):
        for container in spec.get("containers") or []:
            for name, text in ((container.get("resources") or {}).get(key) or {}).items():
                _add(amounts, name, text)
        for container in spec.get("initContainers") or []:
            for name, text in ((container.get("resources") or {}).get(key) or {}).items():
                _add(amounts, name, text, largest=True)
    return totals


def _pods(w: PrefixWriter, pods: list[Object], allocatable: dict[str, str]) -> None:
    w.write(0, f"Non-terminated Pods:\t({len(pods)} in total)\n")
    w.write(1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n")
    w.write(1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n")
    capacity = {name: quantity.parse(text) for name, text in allocatable.items()}
    sums: tuple[Amounts, Amounts] = ({}, {})
    for pod in pods:
        own = _totals(pod)
        for total, amounts in zip(sums, own, strict=True):
            for name, (value, fmt) in amounts.items():
                _add(total, name, quantity.format_value(value, fmt))
        cells = [_share(amounts, name, capacity) for name in ("cpu", "memory") for amounts in own]
        meta = pod["metadata"]
        w.write(
            1,
            f"{meta.get('namespace', '')}\t{meta['name']}\t\t{cells[0]}\t{cells[1]}\t{cells[2]}\t"
            f"{cells[3]}\t{writer.since(w, meta.get('creationTimestamp'))}\n",
        )
    w.write(
        0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n"
    )
    w.write(1, "Resource\tRequests\tLimits\n")
    w.write(1, "--------\t--------\t------\n")
    huge = sorted(n for n in allocatable if n.startswith("hugepages-"))
    for name in ("cpu", "memory", "ephemeral-storage", *huge):
        w.write(
            1, f"{name}\t{_share(sums[0], name, capacity)}\t{_share(sums[1], name, capacity)}\n"
        )
    for name in sorted(n for n in allocatable if n not in STANDARD and n not in huge):
        w.write(1, f"{name}\t{_amount(sums[0], name)}\t{_amount(sums[1], name)}\n")


def _share(amounts: Amounts, name: str, capacity: dict[str, Fraction]) -> str:
    """`100m (5%)`: an amount and its whole percentage of what the node can allocate."""
    value = amounts.get(name, (Fraction(0), ""))[0]
    whole = capacity.get(name, Fraction(0))
    return f"{_amount(amounts, name)} ({int(value * 100 / whole) if whole else 0}%)"


def _amount(amounts: Amounts, name: str) -> str:
    value, fmt = amounts.get(name, (Fraction(0), quantity.DECIMAL_SI))
    return quantity.format_value(value, fmt)
