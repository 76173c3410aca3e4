"""The evaluator (policy/registry.go): for each level and version of the standards, the
checks that apply, baseline's first, each set in the order of its IDs. A restricted check
may stand in for baseline ones from its version on; a version newer than every check's is
judged as the newest one."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cluster.engine.api.meta import Object
from cluster.engine.apiserver.podsecurity.api import BASELINE, PRIVILEGED, LevelVersion, Version
from cluster.engine.apiserver.podsecurity.check import Check, CheckPod, CheckResult, VersionedCheck

UNKNOWN_FORBIDDEN_REASON = "unknown forbidden reason"


@dataclass(frozen=True, slots=True)
class Aggregate:
    """AggregateCheckResult: the reasons (and details) of every check that failed."""

    reasons: tuple[str, ...] = ()
    details: tuple[str, ...] = ()

    @property
    def allowed(self) -> bool:
        return not self.reasons

    def reason(self) -> str:
        return ", ".join(self.reasons)

    def detail(self) -> str:
        return ", ".join(
            f"{reason} ({detail})" if detail else reason
            for reason, detail in zip(self.reasons, self.details, strict=True)
        )


def aggregate(results: Iterable[CheckResult]) -> Aggregate:
    failed = [r for r in results if not r.allowed]
    return Aggregate(
        tuple(r.reason or UNKNOWN_FORBIDDEN_REASON for r in failed), tuple(r.detail for r in failed)
    )


class Evaluator:
    def __init__(self, checks: Iterable[Check]) -> None:
        checks = tuple(checks)
        self.max_version: Version = max(c.versions[-1].minimum_version for c in checks)
        baseline = [c for c in checks if c.level == BASELINE]
        restricted = [c for c in checks if c.level != BASELINE]
        order = sorted(c.id for c in baseline) + sorted(c.id for c in restricted)
        self._checks: dict[tuple[str, Version], tuple[CheckPod, ...]] = {}
        for minor in range(self.max_version[1] + 1):
            version = (1, minor)
            at_baseline = _at(baseline, version)
            at_restricted = _at(restricted, version)
            overridden = {o for c in at_restricted.values() for o in c.overrides}
            kept = {i: c for i, c in at_baseline.items() if i not in overridden}
            self._checks[BASELINE, version] = _ordered(at_baseline, order)
            self._checks["restricted", version] = _ordered({**at_restricted, **kept}, order)

    def evaluate_pod(self, lv: LevelVersion, meta: Object, spec: Object) -> list[CheckResult]:
        """EvaluatePod: every applicable check's answer (none at the privileged level)."""
        if lv.level == PRIVILEGED:
            return []
        version = min(lv.version, self.max_version)
        return [check(meta, spec) for check in self._checks[lv.level, version]]


def _at(checks: list[Check], version: Version) -> dict[str, VersionedCheck]:
    """Each check's newest version no newer than `version`, by ID."""
    found = {}
    for check in checks:
        applicable = [v for v in check.versions if v.minimum_version <= version]
        if applicable:
            found[check.id] = applicable[-1]
    return found


def _ordered(checks: dict[str, VersionedCheck], order: list[str]) -> tuple[CheckPod, ...]:
    return tuple(checks[i].check_pod for i in order if i in checks)
