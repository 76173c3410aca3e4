"""The horizontal pod autoscaler controller (horizontal.go): every sync period it reads each
HorizontalPodAutoscaler's target's scale, works out from its pods' metrics the replicas
that keep each metric at its target, tempers that (stabilization, bounds, rates), writes the
scale when the count changes, and records what it saw in the autoscaler's status and
conditions (AbleToScale, ScalingActive, ScalingLimited)."""

from __future__ import annotations

import copy
from fractions import Fraction

from cluster.engine.api import labels, quantity, resources
from cluster.engine.api.meta import Object, namespaced_name
from cluster.engine.apiserver.watch import DELETED
from cluster.engine.client import Client
from cluster.engine.clock import Clock
from cluster.engine.controllers.informers import InformerFactory
from cluster.engine.controllers.podautoscaler import normalize
from cluster.engine.controllers.podautoscaler.metrics import MetricsError
from cluster.engine.controllers.podautoscaler.replicacalculator import ReplicaCalculator
from cluster.engine.controllers.workqueue import WorkQueue
from cluster.engine.events import EventRecorder

NAME = "horizontal-pod-autoscaler"
SYNC_PERIOD_MS = 15_000  # --horizontal-pod-autoscaler-sync-period
ABLE_TO_SCALE, SCALING_ACTIVE, SCALING_LIMITED = "AbleToScale", "ScalingActive", "ScalingLimited"


class MetricError(Exception):
    """A metric that gave no proposal: the cause (for the ScalingActive condition and the
    event named `reason`) and the error computeReplicasForMetric returns."""

    def __init__(self, cause: str, reason: str, message: str) -> None:
        super().__init__(message)
        self.cause = cause
        self.reason = reason


class ComputeError(Exception):
    """No replica count could be worked out from the metrics; `statuses` are what was."""

    def __init__(self, message: str, statuses: list[Object]) -> None:
        super().__init__(message)
        self.statuses = statuses


class HorizontalController:
    name = "horizontalpodautoscaling"

    def __init__(self, clock: Clock, client: Client, informers: InformerFactory) -> None:
        self.clock = clock
        self.client = client
        self.recorder = EventRecorder(client, NAME)
        self.queue = WorkQueue(clock, self.sync, "horizontalpodautoscaler")
        self.hpas = informers.informer("horizontalpodautoscalers")
        self.calculator = ReplicaCalculator(client, informers.informer("pods"), clock)
        self.history = normalize.History(clock)
        self.hpas.add_handler(self._on_hpa)

    def start(self) -> None:
        """Nothing of its own: the shared informers feed it."""

    def _on_hpa(self, kind: str, hpa: Object, old: Object | None) -> None:
        """enqueueHPA: a new or changed autoscaler is looked at within a sync period (the
        queue's fixed-interval rate limiter); a deleted one is forgotten at its next sync.
        The periodic syncs keep no clock busy: they are heartbeats."""
        if kind != DELETED:
            self.queue.add_after(namespaced_name(hpa), SYNC_PERIOD_MS, background=True)

    def sync(self, key: str) -> None:
        """processNextWorkItem: reconcile, then look again a sync period later."""
        hpa = self.hpas.get(key)
        if hpa is None:
            self.history.forget(key)
            return
        self._reconcile(copy.deepcopy(hpa), key)
        self.queue.add_after(key, SYNC_PERIOD_MS, background=True)

    # -- reconcileAutoscaler ---------------------------------------------------------------

    def _reconcile(self, hpa: Object, key: str) -> None:
        original = copy.deepcopy(hpa.get("status") or {})
        hpa["status"] = copy.deepcopy(original)
        try:
            resource, scale = self._get_scale(hpa)
        except MetricsError as error:
            self.recorder.event(hpa, "Warning", "FailedGetScale", str(error))
            message = f"the HPA controller was unable to get the target's current scale: {error}"
            _set_condition(self.clock, hpa, ABLE_TO_SCALE, "False", "FailedGetScale", message)
            self._update_status_if_needed(original, hpa)
            return
        message = "the HPA controller was able to get the target's current scale"
        _set_condition(self.clock, hpa, ABLE_TO_SCALE, "True", "SucceededGetScale", message)
        current = (scale.get("spec") or {}).get("replicas", 0)
        self.history.record_initial(key, current)
        try:
            desired, reason, statuses = self._desired(hpa, key, scale, current)
        except ComputeError as error:
            _set_status(hpa, current, hpa["status"].get("desiredReplicas", 0), error.statuses)
            self._update_status_if_needed(original, hpa)
            self.recorder.event(hpa, "Warning", "FailedComputeMetricsReplicas", str(error))
            return
        rescale = desired != current
        if rescale and not self._rescale(hpa, key, resource, scale, current, desired, reason):
            _set_status(hpa, current, hpa["status"].get("desiredReplicas", 0), statuses)
            self._update_status_if_needed(original, hpa)
            return
        _set_status(hpa, current, desired, statuses, self.clock.timestamp() if rescale else None)
        self._update_status_if_needed(original, hpa)

    def _get_scale(self, hpa: Object) -> tuple[str, Object]:
        """scaleForResourceMappings: the target's scale subresource, read from the API."""
        ref = hpa["spec"]["scaleTargetRef"]
        group = ref.get("apiVersion", "").rpartition("/")[0]
        found = [
            resources.request_name(r)
            for r in resources.all_resources()
            if r.kind == ref["kind"] and r.group == group
        ]
        if not found:
            raise MetricsError(f'no matches for kind "{ref["kind"]}" in group "{group}"')
        namespace = hpa["metadata"]["namespace"]
        response = self.client.request("get", found[0], namespace, ref["name"], subresource="scale")
        if not response.ok:
            raise MetricsError(response.body.get("message", ""))
        return found[0], response.body

    def _desired(
        self, hpa: Object, key: str, scale: Object, current: int
    ) -> tuple[int, str, list[Object]]:
        """The replicas to have and why: the bounds' if the count is outside them, else the
        metrics' proposal, tempered."""
        spec = hpa["spec"]
        low, high = spec.get("minReplicas", 1), spec["maxReplicas"]
        if current == 0:
            message = "scaling is disabled since the replica count of the target is zero"
            _set_condition(self.clock, hpa, SCALING_ACTIVE, "False", "ScalingDisabled", message)
            return 0, "", []
        if current > high:
            return high, "Current number of replicas above Spec.MaxReplicas", []
        if current < low:
            return low, "Current number of replicas below Spec.MinReplicas", []
        proposal, metric, statuses = self._replicas_for_metrics(hpa, scale)
        reason = ""
        if proposal > current:
            reason = f"{metric} above target"
        elif proposal < current:
            reason = "All metrics below target"
        desired = self._normalize(hpa, key, (low, high), current, proposal)
        return desired, reason, statuses

    def _normalize(
        self, hpa: Object, key: str, bounds: tuple[int, int], current: int, proposal: int
    ) -> int:
        """normalizeDesiredReplicas(WithBehaviors): stabilized, then limited."""
        behavior = hpa["spec"].get("behavior")
        if behavior is None:
            stabilized = self.history.stabilize(key, proposal)
            reason, message = normalize.SCALE_DOWN_STABILIZED
            desired, *limit = normalize.limit_with_rules(bounds, current, stabilized)
        else:
            stabilized, reason, message = self.history.stabilize_with_behaviors(
                key, behavior, current, proposal
            )
            desired, *limit = self.history.limit_with_behaviors(
                key, behavior, bounds, current, stabilized
            )
        if stabilized == proposal:
            reason, message = "ReadyForNewScale", "recommended size matches current size"
        _set_condition(self.clock, hpa, ABLE_TO_SCALE, "True", reason, message)
        limited = "False" if desired == stabilized else "True"
        _set_condition(self.clock, hpa, SCALING_LIMITED, limited, *limit)
        return desired

    def _rescale(
        self,
        hpa: Object,
        key: str,
        resource: str,
        scale: Object,
        current: int,
        desired: int,
        why: str,
    ) -> bool:
        """Write the new count through the scale subresource. One try: nothing else runs
        between this controller's read of the scale and its write, so no conflict to retry."""
        scale = {**scale, "spec": {**(scale.get("spec") or {}), "replicas": desired}}
        meta = hpa["metadata"]
        ref = hpa["spec"]["scaleTargetRef"]
        response = self.client.request(
            "update", resource, meta["namespace"], ref["name"], subresource="scale", body=scale
        )
        if not response.ok:
            error = response.body.get("message", "")
            message = f"New size: {desired}; reason: {why}; error: {error}"
            self.recorder.event(hpa, "Warning", "FailedRescale", message)
            message = f"the HPA controller was unable to update the target scale: {error}"
            _set_condition(self.clock, hpa, ABLE_TO_SCALE, "False", "FailedUpdateScale", message)
            return False
        message = f"the HPA controller was able to update the target scale to {desired}"
        _set_condition(self.clock, hpa, ABLE_TO_SCALE, "True", "SucceededRescale", message)
        self.recorder.event(
            hpa, "Normal", "SuccessfulRescale", f"New size: {desired}; reason: {why}"
        )
        self.history.store_scale_event(key, hpa["spec"].get("behavior"), current, desired)
        return True

    # -- computeReplicasForMetrics ---------------------------------------------------------

    def _replicas_for_metrics(self, hpa: Object, scale: Object) -> tuple[int, str, list[Object]]:
        """The highest proposal of the metrics that gave one; when all failed, or some did
        and the rest would scale down, ComputeError with the first failure's condition."""
        selector = self._selector(hpa, scale)
        specs = hpa["spec"].get("metrics") or []
        current = (scale.get("spec") or {}).get("replicas", 0)
        statuses: list[Object] = [{"type": ""} for _ in specs]  # Go's zero MetricStatus
        replicas, metric, failures = 0, "", []
        for i, spec in enumerate(specs):
            try:
                proposal, name, statuses[i] = self._replicas_for_metric(
                    hpa, spec, current, selector
                )
            except MetricError as error:
                failures.append(error)
                continue
            if replicas == 0 or proposal > replicas:
                replicas, metric = proposal, name
        if failures and (len(failures) >= len(specs) or replicas < current):
            first = failures[0]
            message = f"the HPA was unable to compute the replica count: {first.cause}"
            _set_condition(self.clock, hpa, SCALING_ACTIVE, "False", first.reason, message)
            raise ComputeError(
                f"invalid metrics ({len(failures)} invalid out of {len(specs)}), first error "
                f"is: {first}",
                statuses,
            )
        message = f"the HPA was able to successfully calculate a replica count from {metric}"
        _set_condition(self.clock, hpa, SCALING_ACTIVE, "True", "ValidMetricFound", message)
        return replicas, metric, statuses

    def _selector(self, hpa: Object, scale: Object) -> str:
        """validateAndParseSelector: the scale's selector, which must be there and parse."""
        selector = (scale.get("status") or {}).get("selector", "")
        if not selector:
            self.recorder.event(hpa, "Warning", "SelectorRequired", "selector is required")
            message = "the HPA target's scale is missing a selector"
            _set_condition(self.clock, hpa, SCALING_ACTIVE, "False", "InvalidSelector", message)
            raise ComputeError("selector is required", [])
        try:
            labels.parse(selector)
        except labels.SelectorError as error:
            message = (
                f"couldn't convert selector into a corresponding internal selector object: {error}"
            )
            self.recorder.event(hpa, "Warning", "InvalidSelector", message)
            _set_condition(self.clock, hpa, SCALING_ACTIVE, "False", "InvalidSelector", message)
            raise ComputeError(message, []) from None
        return selector

    def _replicas_for_metric(
        self, hpa: Object, spec: Object, current: int, selector: str
    ) -> tuple[int, str, Object]:
        """computeReplicasForMetric, for the metrics this cluster serves: Resource and
        ContainerResource (metrics.k8s.io); the custom and external metrics APIs it lacks."""
        kind = spec.get("type", "")
        if kind not in ("Resource", "ContainerResource"):
            raise self._failed(hpa, _UNSERVED.get(kind, "InvalidMetricSourceType"), kind, "")
        field = "resource" if kind == "Resource" else "containerResource"
        source = spec[field]
        what = (
            f"{source['name']} resource"
            if kind == "Resource"
            else f"{source['container']} container"
        )
        try:
            proposal, name, value = self._resource_status(hpa, source, current, selector)
        except MetricsError as error:
            raise self._failed(hpa, f"FailedGet{kind}Metric", what, str(error)) from None
        if kind == "ContainerResource":
            name = name.replace(" resource utilization", " container resource utilization")
        status = {key: source[key] for key in ("name", "container") if key in source}
        return proposal, name, {"type": kind, field: {**status, "current": value}}

    def _failed(self, hpa: Object, reason: str, what: str, cause: str) -> MetricError:
        """getUnableComputeReplicaCountCondition: a Warning event, and the error."""
        if not cause:  # Pods, Object and External metrics: no custom metrics API here
            cause = "the server could not find the requested resource"
        self.recorder.event(hpa, "Warning", reason, cause)
        return MetricError(cause, reason, f"failed to get {what} metric value: {cause}")

    def _resource_status(
        self, hpa: Object, source: Object, current: int, selector: str
    ) -> tuple[int, str, Object]:
        """computeStatusForResourceMetricGeneric: an AverageValue target, else a Utilization
        one; the proposal, the metric's name and its current value."""
        target, resource = source.get("target") or {}, source["name"]
        namespace, container = hpa["metadata"]["namespace"], source.get("container", "")
        if target.get("averageValue") is not None:
            wanted = quantity.milli(target["averageValue"])
            try:
                replicas, usage = self.calculator.raw_resource_replicas(
                    current, wanted, resource, namespace, selector, container
                )
            except MetricsError as error:
                raise MetricsError(f"failed to get {resource} usage: {error}") from None
            return replicas, f"{resource} resource", {"averageValue": _quantity(resource, usage)}
        if target.get("averageUtilization") is None:
            raise MetricsError(
                "invalid resource metric source: neither an average utilization target nor an "
                "average value (usage) target was set"
            )
        try:
            replicas, utilization, raw = self.calculator.resource_replicas(
                current, target["averageUtilization"], resource, namespace, selector, container
            )
        except MetricsError as error:
            raise MetricsError(f"failed to get {resource} utilization: {error}") from None
        name = f"{resource} resource utilization (percentage of request)"
        value = {"averageValue": _quantity(resource, raw), "averageUtilization": utilization}
        return replicas, name, value

    def _update_status_if_needed(self, original: Object, hpa: Object) -> None:
        """updateStatusIfNeeded: write the status only when it changed."""
        if hpa["status"] == original:
            return
        meta = hpa["metadata"]
        response = self.client.request(
            "update",
            "horizontalpodautoscalers",
            meta["namespace"],
            meta["name"],
            subresource="status",
            body=hpa,
        )
        if not response.ok:
            self.recorder.event(
                hpa, "Warning", "FailedUpdateStatus", response.body.get("message", "")
            )


# the condition reasons of the metric types whose APIs (custom.metrics.k8s.io,
# external.metrics.k8s.io) this cluster does not serve
_UNSERVED = {
    "Pods": "FailedGetPodsMetric",
    "Object": "FailedGetObjectMetric",
    "External": "FailedGetExternalMetric",
}


def _quantity(resource: str, milli: int) -> str:
    """buildQuantity: memory in binary units (as metrics-server writes it), the rest decimal."""
    fmt = quantity.BINARY_SI if resource == "memory" else quantity.DECIMAL_SI
    return quantity.format_value(Fraction(milli, 1000), fmt)


def _set_condition(
    clock: Clock, hpa: Object, kind: str, status: str, reason: str, message: str
) -> None:
    """setCondition: the condition added or updated, its transition time moved only when
    its status changes."""
    conditions = hpa["status"].setdefault("conditions", [])
    old = next((c for c in conditions if c["type"] == kind), None)
    since = old.get("lastTransitionTime") if old and old["status"] == status else clock.timestamp()
    new = {
        "type": kind,
        "status": status,
        "lastTransitionTime": since,
        "reason": reason,
        "message": message,
    }
    if old is None:
        conditions.append(new)
    else:
        conditions[conditions.index(old)] = new


def _set_status(
    hpa: Object, current: int, desired: int, metrics: list[Object], scaled: str | None = None
) -> None:
    """setStatus: the status made anew (no observedGeneration: the controller never sets
    it), keeping the last scale time and the conditions."""
    old = hpa["status"]
    status: Object = {}
    last = scaled or old.get("lastScaleTime")
    if last:
        status["lastScaleTime"] = last
    if current:
        status["currentReplicas"] = current
    status["desiredReplicas"] = desired
    if metrics:
        status["currentMetrics"] = metrics
    if old.get("conditions"):
        status["conditions"] = old["conditions"]
    hpa["status"] = status
