"""describeHorizontalPodAutoscalerV2 (autoscaling/v2)."""

from __future__ import annotations

from cluster.engine.api import quantity
from cluster.engine.api.meta import Object
from cluster.kubectl.context import Context
from cluster.kubectl.describe import writer
from cluster.kubectl.describe.writer import PrefixWriter

UNKNOWN = "<unknown>"


def describe_horizontal_pod_autoscaler(
    ctx: Context, w: PrefixWriter, hpa: Object, events: list[Object] | None
) -> None:
    """Each metric's current value over its target, the bounds, the behavior when set, the
    target's replicas and the autoscaler's conditions."""
    meta, spec, status = hpa["metadata"], hpa.get("spec") or {}, hpa.get("status") or {}
    ref = spec.get("scaleTargetRef") or {}
    writer.name_namespace_labels_annotations(w, meta)
    w.write(0, f"CreationTimestamp:\t{writer.rfc1123z(meta.get('creationTimestamp'))}\n")
    w.write(0, f"Reference:\t{ref.get('kind', '')}/{ref.get('name', '')}\n")
    w.write(0, "Metrics:\t( current / target )\n")
    current = status.get("currentMetrics") or []
    for i, metric in enumerate(spec.get("metrics") or []):
        _metric(w, metric, current[i] if i < len(current) else {})
    minimum = spec.get("minReplicas")
    w.write(0, f"Min replicas:\t{'<unset>' if minimum is None else minimum}\n")
    w.write(0, f"Max replicas:\t{spec.get('maxReplicas', 0)}\n")
    if spec.get("behavior") is not None:
        w.write(0, "Behavior:\n")
        _direction(w, "Scale Up", spec["behavior"].get("scaleUp"))
        _direction(w, "Scale Down", spec["behavior"].get("scaleDown"))
    replicas = f"{status.get('currentReplicas', 0)} current / {status.get('desiredReplicas', 0)}"
    w.write(0, f"{ref.get('kind', '')} pods:\t{replicas} desired\n")
    if status.get("conditions"):
        w.write(0, "Conditions:\n")
        w.write(1, "Type\tStatus\tReason\tMessage\n")
        w.write(1, "----\t------\t------\t-------\n")
        for c in status["conditions"]:
            w.write(
                1, f"{c['type']}\t{c['status']}\t{c.get('reason', '')}\t{c.get('message', '')}\n"
            )
    writer.events_section(w, events)


def _metric(w: PrefixWriter, metric: Object, status: Object) -> None:
    """One metric's line, as the describer's switch on its type writes it."""
    kind = metric.get("type", "")
    if kind == "External":
        source, now = metric["external"], (status.get("external") or {}).get("current")
        _external(w, f'"{source["metric"]["name"]}"', source["target"], now)
    elif kind == "Pods":
        source, now = metric["pods"], (status.get("pods") or {}).get("current")
        value = _quantity(source["target"].get("averageValue"))
        w.write(
            1, f'"{source["metric"]["name"]}" on pods:\t{_current(now, "averageValue")} / {value}\n'
        )
    elif kind == "Object":
        source, now = metric["object"], (status.get("object") or {}).get("current")
        described = source["describedObject"]
        w.write(1, f'"{source["metric"]["name"]}" on {described["kind"]}/{described["name"]} ')
        average = source["target"].get("type") == "AverageValue"
        key = "averageValue" if average else "value"
        label = "(target average value)" if average else "(target value)"
        w.write(0, f"{label}:\t{_current(now, key)} / {_quantity(source['target'].get(key))}\n")
    elif kind in ("Resource", "ContainerResource"):
        _resource(w, metric, status)
    else:
        w.write(1, f'<unknown metric type "{kind}">\n')


def _external(w: PrefixWriter, name: str, target: Object, now: Object | None) -> None:
    """An external metric: its average value target, else its value target."""
    if target.get("averageValue") is not None:
        shown = f"{_current(now, 'averageValue')} / {_quantity(target['averageValue'])}"
        w.write(1, f"{name} (target average value):\t{shown}\n")
    else:
        w.write(
            1,
            f"{name} (target value):\t{_current(now, 'value')} / {_quantity(target.get('value'))}\n",
        )


def _resource(w: PrefixWriter, metric: Object, status: Object) -> None:
    """A resource of the pods, or of one container of them: an average value, or a
    utilization as a percentage of request."""
    key = "resource" if metric["type"] == "Resource" else "containerResource"
    source, now = metric[key], (status.get(key) or {}).get("current")
    where = "" if key == "resource" else f' of container "{source.get("container", "")}"'
    w.write(1, f"resource {source['name']}{where} on pods")
    target = source.get("target") or {}
    if target.get("averageValue") is not None:
        w.write(0, f":\t{_current(now, 'averageValue')} / {_quantity(target['averageValue'])}\n")
        return
    shown = UNKNOWN
    if now is not None and now.get("averageUtilization") is not None:
        shown = f"{now['averageUtilization']}% ({_quantity(now.get('averageValue'))})"
    wanted = target.get("averageUtilization")
    w.write(
        1,
        f"(as a percentage of request):\t{shown} / {'<auto>' if wanted is None else f'{wanted}%'}\n",
    )


def _current(now: Object | None, key: str) -> str:
    return UNKNOWN if now is None else _quantity(now.get(key))


def _quantity(value: str | None) -> str:
    """Quantity.String, which a nil quantity answers with <nil>."""
    return "<nil>" if value is None else quantity.canonical(value)


def _direction(w: PrefixWriter, direction: str, rules: Object | None) -> None:
    """printDirectionBehavior."""
    if rules is None:
        return
    w.write(1, f"{direction}:\n")
    if rules.get("stabilizationWindowSeconds") is not None:
        w.write(2, f"Stabilization Window: {rules['stabilizationWindowSeconds']} seconds\n")
    if rules.get("policies"):
        w.write(2, f"Select Policy: {rules.get('selectPolicy') or 'Max'}\n")
        w.write(2, "Policies:\n")
        for p in rules["policies"]:
            w.write(
                3,
                f"- Type: {p['type']}\tValue: {p['value']}\tPeriod: {p['periodSeconds']} seconds\n",
            )
