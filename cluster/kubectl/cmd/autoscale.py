"""kubectl autoscale TYPE NAME --max=N [--min=N] [--cpu=TARGET] [--memory=TARGET].

kubectl builds an autoscaling/v2 HorizontalPodAutoscaler for each object (one with a scale
subresource), prints it with --dry-run=client, and otherwise creates it, falling back to
autoscaling/v1 when the v2 create fails and the targets fit v1 (autoscale.go). The cluster
serves autoscaling/v2 only, so a v1 create is answered as a path nothing serves.
"""

from __future__ import annotations

import math

from cluster.engine.api import quantity, resources
from cluster.engine.api.meta import Object
from cluster.engine.api.resources import Resource
from cluster.kubectl import builder, flags, manifests, outcome
from cluster.kubectl.context import Context, ExitError, server_error
from cluster.kubectl.flags import Flag, Parsed

AUTOSCALING = "autoscaling"
HPAS = Resource("horizontalpodautoscalers", "HorizontalPodAutoscaler", True, AUTOSCALING, "v2")
HPAS_V1 = Resource("horizontalpodautoscalers", "HorizontalPodAutoscaler", True, AUTOSCALING)
FLAGS = (
    outcome.DRY_RUN,
    *outcome.PRINT,
    Flag("save-config", boolean=True),
    Flag("field-manager", default="kubectl-autoscale"),
    Flag("filename", "f", repeated=True),
    Flag("recursive", "R", boolean=True),
    Flag("record", boolean=True),
    Flag("min", default="-1"),
    Flag("max", default="-1"),
    Flag("cpu-percent", default="-1"),
    Flag("cpu"),
    Flag("memory"),
    Flag("name"),
)
DEPRECATED = {
    "record": "--record will be removed in the future",
    "cpu-percent": "Use --cpu with percentage or resource quantity format (e.g., '70%' for "
    "utilization or '500m' for milliCPU).",
}
DEFAULT_UNITS = {"cpu": "m", "memory": "Mi"}
INCOMPATIBLE = "failed to create autoscaling/v2 HPA and the configuration is incompatible with autoscaling/v1: "


class Target:
    """What --cpu or --memory asks for: an average utilization (a percentage of what the
    pods request) or an average value (a quantity)."""

    def __init__(self, text: str, resource: str) -> None:
        text = text.strip()
        if not text:
            raise ExitError("error: empty input")
        self.utilization: int | None = None
        self.value = ""
        if text.endswith("%"):
            self.utilization = _percentage(text[:-1])
        else:
            self.value = _quantity(text, resource)

    def metric(self, resource: str) -> Object:
        target: Object = (
            {"type": "Utilization", "averageUtilization": self.utilization}
            if self.utilization is not None
            else {"type": "AverageValue", "averageValue": self.value}
        )
        return {"type": "Resource", "resource": {"name": resource, "target": target}}


def run(ctx: Context, opts: Parsed) -> None:
    for flag, why in DEPRECATED.items():  # pflag says so as it parses
        if opts.was_given(flag):
            ctx.err.write(f"Flag --{flag} has been deprecated, {why}\n")
    if not opts.was_given("max"):
        raise ExitError('error: required flag(s) "max" not set')
    mode = outcome.dry_run(opts)
    minimum, maximum = (flags.integer(opts, flag, "autoscale") for flag in ("min", "max"))
    percent = flags.integer(opts, "cpu-percent", "autoscale")
    targets = _validated(opts, minimum, maximum, percent)
    problems = manifests.Problems()
    found = builder.infos(ctx, opts, opts.args, problems)
    for info in found:
        if "scale" not in info.resource.subresources:
            gvr = f"{info.resource.group}/{info.resource.version}, Resource={info.resource.name}"
            problems.add(
                f"error: cannot autoscale a {info.resource.kind}: could not find scale "
                f"subresource for {gvr} in discovery information"
            )
            continue
        hpa = _hpa(ctx, opts, info, maximum, minimum, percent, targets)
        if failed := _autoscale(ctx, opts, mode, hpa, percent, targets):
            problems.add(failed)
    if not found and not problems.messages:
        raise ExitError("error: no objects passed to autoscale")
    problems.raise_if_any()


def _validated(opts: Parsed, minimum: int, maximum: int, percent: int) -> dict[str, Target | None]:
    """AutoscaleOptions.Validate; the --cpu and --memory targets read."""
    if maximum < 1:
        raise ExitError(f"error: --max=MAXPODS is required and must be at least 1, max: {maximum}")
    if maximum < minimum:
        raise ExitError(
            "error: --max=MAXPODS must be larger or equal to --min=MINPODS, "
            f"max: {maximum}, min: {minimum}"
        )
    if percent > 0 and opts.text("cpu"):
        raise ExitError("error: --cpu-percent and --cpu are mutually exclusive")
    return {
        resource: Target(opts.text(resource), resource) if opts.text(resource) else None
        for resource in ("cpu", "memory")
    }


def _hpa(
    ctx: Context,
    opts: Parsed,
    info: builder.Info,
    maximum: int,
    minimum: int,
    percent: int,
    targets: dict[str, Target | None],
) -> Object:
    """createHorizontalPodAutoscalerV2, and the change cause --record asks for."""
    spec: Object = {
        "scaleTargetRef": {
            "kind": info.resource.kind,
            "name": info.name,
            "apiVersion": info.resource.api_version,
        },
        "maxReplicas": maximum,
    }
    if minimum > 0:
        spec["minReplicas"] = minimum
    metrics = [Target(f"{percent}%", "cpu").metric("cpu")] if percent > 0 else []
    metrics += [t.metric(resource) for resource, t in targets.items() if t is not None]
    if metrics:
        spec["metrics"] = metrics
    metadata: Object = {"name": opts.text("name") or info.name}
    if opts.text("namespace"):  # EnforceNamespace
        metadata["namespace"] = opts.text("namespace")
    if opts.flag("record"):
        metadata["annotations"] = {"kubernetes.io/change-cause": _change_cause(opts)}
    return {
        "apiVersion": f"{AUTOSCALING}/v2",
        "kind": "HorizontalPodAutoscaler",
        "metadata": metadata,
        "spec": spec,
        "status": {"desiredReplicas": 0, "currentMetrics": None},
    }


def _autoscale(
    ctx: Context,
    opts: Parsed,
    mode: str,
    hpa: Object,
    percent: int,
    targets: dict[str, Target | None],
) -> str:
    """The v2 autoscaler, then the autoscaling/v1 one when v2's fails and the targets fit
    v1 (canCreateHPAV1): what went wrong, in kubectl's words."""
    failed = _handle(ctx, opts, mode, hpa, HPAS)
    if not failed:
        return ""
    cpu, memory = targets["cpu"], targets["memory"]
    if cpu is None:  # parseResourceInput("") fails
        return f"error: {INCOMPATIBLE}empty input"
    if memory is not None or (percent < 0 and cpu.utilization is None):
        return f"error: {INCOMPATIBLE}%!w(<nil>)"  # no error to wrap
    spec = {key: value for key, value in hpa["spec"].items() if key != "metrics"}
    spec["targetCPUUtilizationPercentage"] = cpu.utilization if percent < 0 else percent
    v1 = {**hpa, "apiVersion": HPAS_V1.api_version, "spec": spec}
    return _handle(ctx, opts, mode, v1, HPAS_V1)


def _handle(ctx: Context, opts: Parsed, mode: str, hpa: Object, resource: Resource) -> str:
    """handleHPA: print the autoscaler (--dry-run=client) or create it; what went wrong."""
    if mode != "client":
        query = outcome.write_query(opts, mode)
        response = ctx.request(
            "create",
            resource.name,
            ctx.namespace,
            body=hpa,
            query=query,
            **_unserved(ctx, resource),
        )
        if not response.ok:
            return server_error(response.body)
        hpa = response.body
    try:
        outcome.check_output(opts)  # the printer is made when there is one to print
    except ExitError as error:
        return error.message
    outcome.report(ctx, opts, resource, hpa, "created" if mode == "client" else "autoscaled", True)
    return ""


def _unserved(ctx: Context, resource: Resource) -> dict[str, object]:
    """The options of a request to a version the cluster does not serve: its path, which
    kube-apiserver's filters judge before its router answers 404."""
    if resources.served(resource.group, resource.version, resource.name):
        return {}
    path = f"/apis/{resource.api_version}/namespaces/{ctx.namespace}/{resource.name}"
    return {"served": False, "url": path}


def _change_cause(opts: Parsed) -> str:
    """parseCommandArguments: the command, its arguments, then each flag as set."""
    flags_set = "".join(f" --{name}={value}" for name, value in opts.given)
    return f"kubectl autoscale{''.join(f' {arg}' for arg in opts.args)}{flags_set}"


def _percentage(text: str) -> int:
    """parsePercentage: a percentage that fits an int32 and is not negative."""
    try:
        value = int(text, 10)
    except ValueError:
        value = -1
    if not 0 <= value < 2**31 or "_" in text:
        raise ExitError(f"error: invalid percentage value: {text}")
    return value


def _quantity(text: str, resource: str) -> str:
    """A quantity; a bare number is in millicores of CPU or mebibytes of memory."""
    number = _go_float(text)
    written = f"{_go_g(number)}{DEFAULT_UNITS[resource]}" if number is not None else text
    try:
        return quantity.canonical(written)
    except quantity.QuantityError as error:
        if number is not None:
            raise ExitError(f"error: {error}") from None
        raise ExitError(f"error: invalid resource {resource} value: {text}") from None


def _go_float(text: str) -> float | None:
    """strconv.ParseFloat's number, or None where it fails."""
    if "_" in text:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _go_g(number: float) -> str:
    """Go's %g of a float64: its shortest digits, in exponent form below 1e-4 or from 1e6."""
    if math.isinf(number):
        return "+Inf" if number > 0 else "-Inf"
    if math.isnan(number):
        return "NaN"
    digits = repr(abs(number)).replace(".", "").lstrip("0").split("e")[0].rstrip("0") or "0"
    exponent = math.floor(math.log10(abs(number))) if number else 0
    if exponent < -4 or exponent >= 6:
        return f"{number:.{len(digits) - 1}e}"
    return f"{number:.{max(len(digits) - 1 - exponent, 0)}f}"
