"""Levels, versions and the policy a namespace's labels ask for (pod-security-admission/api)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from cluster.engine.api.field import FieldError, invalid

PRIVILEGED, BASELINE, RESTRICTED = "privileged", "baseline", "restricted"
LEVELS = (PRIVILEGED, BASELINE, RESTRICTED)

LABEL_PREFIX = "pod-security.kubernetes.io/"
ENFORCE, ENFORCE_VERSION = f"{LABEL_PREFIX}enforce", f"{LABEL_PREFIX}enforce-version"
AUDIT, AUDIT_VERSION = f"{LABEL_PREFIX}audit", f"{LABEL_PREFIX}audit-version"
WARN, WARN_VERSION = f"{LABEL_PREFIX}warn", f"{LABEL_PREFIX}warn-version"

Version = tuple[int, int]  # (major, minor); LATEST is newer than every release
LATEST: Version = (1, 1 << 62)
_VERSION = re.compile(r"^v1\.([0-9]|[1-9][0-9]*)$")


def version_string(version: Version) -> str:
    return "latest" if version == LATEST else f"v{version[0]}.{version[1]}"


@dataclass(frozen=True, slots=True)
class LevelVersion:
    level: str = PRIVILEGED
    version: Version = LATEST

    def __str__(self) -> str:
        return f"{self.level}:{version_string(self.version)}"


@dataclass(frozen=True, slots=True)
class Policy:
    enforce: LevelVersion = LevelVersion()
    audit: LevelVersion = LevelVersion()
    warn: LevelVersion = LevelVersion()

    @property
    def fully_privileged(self) -> bool:
        return all(lv.level == PRIVILEGED for lv in (self.enforce, self.audit, self.warn))


DEFAULT_POLICY = Policy()  # kube-apiserver's defaults: privileged:latest throughout


def parse_level(text: str) -> str | None:
    return text if text in LEVELS else None


def parse_version(text: str) -> Version | None:
    if text == "latest":
        return LATEST
    match = _VERSION.match(text)
    return (1, int(match.group(1))) if match else None


def compare_levels(a: str, b: str) -> int:
    return LEVELS.index(a) - LEVELS.index(b)


def policy_to_evaluate(
    labels: Mapping[str, str] | None, defaults: Policy = DEFAULT_POLICY
) -> tuple[Policy, list[FieldError]]:
    """PolicyToEvaluate: the namespace's policy, and the errors of labels it cannot read. A
    bad audit or warn level fails open (privileged); with an enforce level and no warn level,
    warn is at least as strict as enforce."""
    if not labels or not any(key.startswith(LABEL_PREFIX) for key in labels):
        return defaults, []
    errors: list[FieldError] = []

    def level(label: str, current: str, fallback: str) -> str:
        if label not in labels:
            return current
        parsed = parse_level(labels[label])
        if parsed is None:
            errors.append(
                _bad(label, labels[label], "must be one of privileged, baseline, restricted")
            )
        return parsed or fallback

    def version(label: str, current: Version) -> Version:
        if label not in labels:
            return current
        parsed = parse_version(labels[label])
        if parsed is None:
            errors.append(_bad(label, labels[label], 'must be "latest" or "v1.x"'))
        return parsed or LATEST

    enforce = LevelVersion(
        level(ENFORCE, defaults.enforce.level, RESTRICTED),
        version(ENFORCE_VERSION, defaults.enforce.version),
    )
    has_enforce_level = ENFORCE in labels and parse_level(labels[ENFORCE]) is not None
    audit = LevelVersion(
        level(AUDIT, defaults.audit.level, PRIVILEGED),
        version(AUDIT_VERSION, defaults.audit.version),
    )
    warn = LevelVersion(
        level(WARN, defaults.warn.level, PRIVILEGED), version(WARN_VERSION, defaults.warn.version)
    )
    if WARN not in labels and has_enforce_level and compare_levels(enforce.level, warn.level) > 0:
        warn = LevelVersion(
            enforce.level, warn.version if WARN_VERSION in labels else enforce.version
        )
    return Policy(enforce, audit, warn), errors


def _bad(label: str, value: str, detail: str) -> FieldError:
    return invalid(f"metadata.labels[{label}]", value, detail)
