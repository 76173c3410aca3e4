"""How the controller tempers a metric's proposal (horizontal.go): the recent
recommendations it remembers per autoscaler keep a scale-down from following a dip at once
(the stabilization window), and the bounds and scaling policies cap each change. What it
returns is (replicas, the ScalingLimited reason, its message)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from cluster.engine.api.meta import Object
from cluster.engine.clock import Clock

DOWNSCALE_STABILIZATION_MS = 5 * 60_000  # --horizontal-pod-autoscaler-downscale-stabilization
SCALE_UP_LIMIT_FACTOR = 2  # scaleUpLimitFactor
SCALE_UP_LIMIT_MINIMUM = 4  # scaleUpLimitMinimum
WITHIN_RANGE = ("DesiredWithinRange", "the desired count is within the acceptable range")
TOO_FEW = ("TooFewReplicas", "the desired replica count is less than the minimum replica count")
TOO_MANY = ("TooManyReplicas", "the desired replica count is more than the maximum replica count")
SCALE_UP_LIMIT = (
    "ScaleUpLimit",
    "the desired replica count is increasing faster than the maximum scale rate",
)
SCALE_DOWN_LIMIT = (
    "ScaleDownLimit",
    "the desired replica count is decreasing faster than the maximum scale rate",
)
SCALE_UP_STABILIZED = (
    "ScaleUpStabilized",
    "recent recommendations were lower than current one, applying the lowest recent recommendation",
)
SCALE_DOWN_STABILIZED = (
    "ScaleDownStabilized",
    "recent recommendations were higher than current one, applying the highest recent "
    "recommendation",
)
Limited = tuple[int, str, str]


@dataclass(slots=True)
class Stamped:
    """timestampedRecommendation and timestampedScaleEvent: a count and when it was."""

    value: int
    at_ms: int
    outdated: bool = False


@dataclass(slots=True)
class History:
    """What the controller remembers of each autoscaler (by key) between its syncs."""

    clock: Clock
    recommendations: dict[str, list[Stamped]] = field(default_factory=dict)
    scale_ups: dict[str, list[Stamped]] = field(default_factory=dict)
    scale_downs: dict[str, list[Stamped]] = field(default_factory=dict)

    def forget(self, key: str) -> None:
        for memory in (self.recommendations, self.scale_ups, self.scale_downs):
            memory.pop(key, None)

    def record_initial(self, key: str, current: int) -> None:
        """recordInitialRecommendation: the target's count is the first recommendation."""
        self.recommendations.setdefault(key, [Stamped(current, self.clock.now)])

    def stabilize(self, key: str, desired: int) -> int:
        """stabilizeRecommendation: the highest recommendation of the window."""
        cutoff = self.clock.now - DOWNSCALE_STABILIZATION_MS
        kept = [r.value for r in self.recommendations.get(key, ()) if r.at_ms >= cutoff]
        self._remember(key, desired, lambda r: r.at_ms < cutoff)
        return max([desired, *kept])

    def stabilize_with_behaviors(self, key: str, behavior: Object, current: int, desired: int):
        """stabilizeRecommendationWithBehaviors: within the lowest recommendation of the
        scale-up window and the highest of the scale-down one."""
        now = self.clock.now
        up_cutoff = now - _window_ms(behavior.get("scaleUp"), 0)
        down_cutoff = now - _window_ms(behavior.get("scaleDown"), DOWNSCALE_STABILIZATION_MS)
        history = self.recommendations.get(key, ())
        up = min([desired, *(r.value for r in history if r.at_ms > up_cutoff)])
        down = max([desired, *(r.value for r in history if r.at_ms > down_cutoff)])
        self._remember(key, desired, lambda r: r.at_ms < up_cutoff and r.at_ms < down_cutoff)
        reason = SCALE_UP_STABILIZED if desired >= current else SCALE_DOWN_STABILIZED
        return min(max(current, up), down), *reason

    def _remember(self, key: str, desired: int, old) -> None:
        """Record the recommendation in place of the last outdated one, if any."""
        history = self.recommendations.setdefault(key, [])
        outdated = [i for i, r in enumerate(history) if old(r)]
        if outdated:
            history[outdated[-1]] = Stamped(desired, self.clock.now)
        else:
            history.append(Stamped(desired, self.clock.now))

    def limit_with_behaviors(
        self, key: str, behavior: Object, bounds: tuple[int, int], current: int, desired: int
    ) -> Limited:
        """convertDesiredReplicasWithBehaviorRate: the bounds and the policies' rates."""
        low, high = bounds
        ups, downs = self.scale_ups.get(key, []), self.scale_downs.get(key, [])
        if desired > current:
            limit = max(current, self._scale_limit(behavior["scaleUp"], current, ups, downs, 1))
            cap, reason = (limit, SCALE_UP_LIMIT) if high > limit else (high, TOO_MANY)
            return (cap, *reason) if desired > cap else (desired, *WITHIN_RANGE)
        if desired < current:
            limit = min(current, self._scale_limit(behavior["scaleDown"], current, ups, downs, -1))
            floor, reason = (limit, SCALE_DOWN_LIMIT) if low < limit else (low, TOO_FEW)
            return (floor, *reason) if desired < floor else (desired, *WITHIN_RANGE)
        return desired, *WITHIN_RANGE

    def _scale_limit(
        self, rules: Object, current: int, ups: list[Stamped], downs: list[Stamped], sign: int
    ) -> int:
        """calculateScaleUpLimitWithScalingRules (sign 1) and
        calculateScaleDownLimitWithBehaviors (sign -1): the furthest each policy lets the
        count go from where its period started, the policy chosen by selectPolicy."""
        select = rules.get("selectPolicy", "Max")
        if select == "Disabled":
            return current
        proposals = []
        for policy in rules.get("policies") or ():
            period = policy["periodSeconds"] * 1000
            start = current - self._changed(period, ups) + self._changed(period, downs)
            if policy["type"] == "Pods":
                proposals.append(start + sign * policy["value"])
            elif sign > 0:  # rounded up, or a small count would never grow
                proposals.append(math.ceil(start * (1 + policy["value"] / 100)))
            else:
                proposals.append(int(start * (1 - policy["value"] / 100)))
        # the largest change: the highest count up, the lowest down (Min: the other way)
        pick = max if (select == "Min") == (sign < 0) else min
        return pick(proposals)

    def _changed(self, period_ms: int, events: list[Stamped]) -> int:
        """getReplicasChangePerPeriod: the replicas the events of the period added (or took)."""
        cutoff = self.clock.now - period_ms
        return sum(event.value for event in events if event.at_ms > cutoff)

    def store_scale_event(self, key: str, behavior: Object | None, old: int, new: int) -> None:
        """storeScaleEvent: a change remembered (in place of the last outdated one) for the
        policies' periods; only an autoscaler with a behavior uses them."""
        if behavior is None:
            return
        up = new > old
        rules = behavior["scaleUp"] if up else behavior["scaleDown"]
        longest = max((p["periodSeconds"] for p in rules.get("policies") or ()), default=0)
        events = (self.scale_ups if up else self.scale_downs).setdefault(key, [])
        cutoff = self.clock.now - longest * 1000
        for event in events:
            event.outdated = event.outdated or event.at_ms < cutoff
        outdated = [i for i, event in enumerate(events) if event.outdated]
        event = Stamped(abs(new - old), self.clock.now)
        if outdated:
            events[outdated[-1]] = event
        else:
            events.append(event)


def limit_with_rules(bounds: tuple[int, int], current: int, desired: int) -> Limited:
    """convertDesiredReplicasWithRules: within the bounds, and at most twice the current
    count (or 4) at once, against bogus usage reports."""
    low, high = bounds
    limit = max(SCALE_UP_LIMIT_FACTOR * current, SCALE_UP_LIMIT_MINIMUM)
    cap, reason = (limit, SCALE_UP_LIMIT) if high > limit else (high, TOO_MANY)
    if desired < low:
        return low, *TOO_FEW
    if desired > cap:
        return cap, *reason
    return desired, *WITHIN_RANGE


def _window_ms(rules: Object | None, default_ms: int) -> int:
    """A direction's stabilization window (the controller's default for an unset
    scale-down one: maybeInitScaleDownStabilizationWindow)."""
    seconds = (rules or {}).get("stabilizationWindowSeconds")
    return default_ms if seconds is None else seconds * 1000
