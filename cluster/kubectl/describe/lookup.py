"""What describers read besides the object: its events, and the pods a controller owns."""

from __future__ import annotations

from collections.abc import Mapping

from cluster.engine.api import labels
from cluster.engine.api.meta import Object
from cluster.kubectl.context import Context


def events_for(ctx: Context, obj: Object, *, with_kind: bool = True, uid: str = "") -> list[Object]:
    """searchEvents: the events whose involvedObject is `obj` (by name, namespace, kind, uid)."""
    meta = obj.get("metadata", {})
    namespace = meta.get("namespace", "")
    terms = [f"involvedObject.name={meta.get('name', '')}"]
    terms.append(f"involvedObject.namespace={namespace}")
    if with_kind:
        terms.append(f"involvedObject.kind={obj.get('kind', '')}")
    if uid or meta.get("uid"):
        terms.append(f"involvedObject.uid={uid or meta['uid']}")
    response = ctx.request("list", "events", namespace, query={"fieldSelector": ",".join(terms)})
    return response.body.get("items", []) if response.ok else []


def owned_pods(
    ctx: Context, owner: Object, match_labels: Mapping[str, str] | None = None
) -> list[Object]:
    """The pods matching `match_labels` (by default the matchLabels of the owner's selector)
    whose controller is the owner."""
    meta = owner["metadata"]
    if match_labels is None:
        match_labels = ((owner.get("spec") or {}).get("selector") or {}).get("matchLabels")
    query = {"labelSelector": labels.format_labels(match_labels)} if match_labels else {}
    response = ctx.request("list", "pods", meta.get("namespace", ""), query=query)
    pods = response.body.get("items", []) if response.ok else []
    return [
        pod
        for pod in pods
        if any(
            ref.get("controller") and ref.get("uid") == meta.get("uid")
            for ref in pod["metadata"].get("ownerReferences") or []
        )
    ]


def pod_phases(pods: list[Object]) -> str:
    """getPodStatusForController, as `1 Running / 0 Waiting / 0 Succeeded / 0 Failed`."""
    counts = dict.fromkeys(("Running", "Pending", "Succeeded", "Failed"), 0)
    for pod in pods:
        phase = (pod.get("status") or {}).get("phase", "")
        if phase in counts:
            counts[phase] += 1
    return (
        f"{counts['Running']} Running / {counts['Pending']} Waiting / "
        f"{counts['Succeeded']} Succeeded / {counts['Failed']} Failed"
    )
