"""The restricted level's checks (pod-security-admission/policy: check_restrictedVolumes.go,
check_allowPrivilegeEscalation.go, check_runAsNonRoot.go, check_runAsUser.go,
check_seccompProfile_restricted.go, check_capabilities_restricted.go,
check_procMount_restricted.go), every version of each, with Kubernetes' check IDs, reasons
and details."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from cluster.engine.api.meta import Object
from cluster.engine.apiserver.podsecurity.api import RESTRICTED
from cluster.engine.apiserver.podsecurity.baseline import proc_mount_1_0
from cluster.engine.apiserver.podsecurity.check import (
    ALLOWED,
    Check,
    CheckResult,
    VersionedCheck,
    containers,
    containers_phrase,
    forbidden,
    join_quote,
    pluralize,
    relax_for_user_namespace,
    security_context,
)

ALLOWED_VOLUME_SOURCES = frozenset(
    {
        "configMap",
        "csi",
        "downwardAPI",
        "emptyDir",
        "ephemeral",
        "image",
        "persistentVolumeClaim",
        "projected",
        "secret",
    }
)
RESTRICTED_VOLUME_SOURCES = (  # in the order Kubernetes looks for them
    "hostPath",
    "gcePersistentDisk",
    "awsElasticBlockStore",
    "gitRepo",
    "nfs",
    "iscsi",
    "glusterfs",
    "rbd",
    "flexVolume",
    "cinder",
    "cephfs",
    "flocker",
    "fc",
    "azureFile",
    "vsphereVolume",
    "quobyte",
    "azureDisk",
    "photonPersistentDisk",
    "portworxVolume",
    "scaleIO",
    "storageos",
)
VALID_SECCOMP_TYPES = frozenset({"Localhost", "RuntimeDefault"})
CAPABILITY_ALL, CAPABILITY_NET_BIND_SERVICE = "ALL", "NET_BIND_SERVICE"


class _Setting(NamedTuple):
    """How a pod and its containers set one securityContext field."""

    pod_bad: bool  # the pod sets a bad value
    explicit: list[str]  # containers setting a bad value
    implicit: list[str]  # containers setting nothing, with no good pod-level value
    bad_values: list[Any]

    def setters(self) -> str:
        """`pod`, `container(s) "a", ...`, or both joined by " and "; "" when none."""
        parts = ["pod"] if self.pod_bad else []
        if self.explicit:
            parts.append(containers_phrase(self.explicit))
        return " and ".join(parts)


def _setting(spec: Object, key: str, good: Callable[[Any], bool]) -> _Setting:
    """securityContext[key] of the pod and of each container, judged by `good`."""
    pod_value = security_context(spec).get(key)
    pod_bad = pod_value is not None and not good(pod_value)
    setting = _Setting(pod_bad, [], [], [pod_value] if pod_bad else [])
    for container in containers(spec):
        value = security_context(container).get(key)
        if value is not None:
            if not good(value):
                setting.explicit.append(_name(container))
                setting.bad_values.append(value)
        elif pod_value is None or pod_bad:
            setting.implicit.append(_name(container))
    return setting


def _name(obj: Object) -> str:
    return obj.get("name") or ""


def _windows(spec: Object) -> bool:
    return (spec.get("os") or {}).get("name") == "windows"


def _restricted_volumes_1_0(metadata: Object, spec: Object) -> CheckResult:
    """Inline volume sources are limited to configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret."""
    bad_volumes: list[str] = []
    bad_types: set[str] = set()
    for volume in spec.get("volumes") or ():
        if any(volume.get(source) is not None for source in ALLOWED_VOLUME_SOURCES):
            continue
        bad_volumes.append(_name(volume))
        bad_types.add(
            next((s for s in RESTRICTED_VOLUME_SOURCES if volume.get(s) is not None), "unknown")
        )
    if not bad_volumes:
        return ALLOWED
    return forbidden(
        "restricted volume types",
        f"{pluralize('volume', 'volumes', len(bad_volumes))} {join_quote(bad_volumes)} "
        f"{pluralize('uses', 'use', len(bad_volumes))} "
        f"{pluralize('restricted volume type', 'restricted volume types', len(bad_types))} "
        f"{join_quote(sorted(bad_types))}",
    )


def _allow_privilege_escalation_1_8(metadata: Object, spec: Object) -> CheckResult:
    """Privilege escalation (such as via set-user-ID or set-group-ID file mode) should not be allowed."""
    bad = [
        _name(c)
        for c in containers(spec)
        if security_context(c).get("allowPrivilegeEscalation") is not False
    ]
    if not bad:
        return ALLOWED
    return forbidden(
        "allowPrivilegeEscalation != false",
        f"{containers_phrase(bad)} must set securityContext.allowPrivilegeEscalation=false",
    )


def _allow_privilege_escalation_1_25(metadata: Object, spec: Object) -> CheckResult:
    """As in 1.8, but Windows pods (spec.os.name=windows) are exempt."""
    return ALLOWED if _windows(spec) else _allow_privilege_escalation_1_8(metadata, spec)


def _run_as_non_root_1_0(metadata: Object, spec: Object) -> CheckResult:
    """Containers must be required to run as non-root users."""
    setting = _setting(spec, "runAsNonRoot", good=bool)
    if setters := setting.setters():
        return forbidden(
            "runAsNonRoot != true", f"{setters} must not set securityContext.runAsNonRoot=false"
        )
    if setting.implicit:
        return forbidden(
            "runAsNonRoot != true",
            f"pod or {containers_phrase(setting.implicit)} must set securityContext.runAsNonRoot=true",
        )
    return ALLOWED


def _run_as_non_root_1_35(metadata: Object, spec: Object) -> CheckResult:
    """As in 1.0, unless the pod is in a user namespace ("hostUsers: false")."""
    return ALLOWED if relax_for_user_namespace(spec) else _run_as_non_root_1_0(metadata, spec)


def _run_as_user_1_23(metadata: Object, spec: Object) -> CheckResult:
    """Containers must not set runAsUser: 0."""
    if setters := _setting(spec, "runAsUser", good=lambda uid: uid != 0).setters():
        return forbidden("runAsUser=0", f"{setters} must not set runAsUser=0")
    return ALLOWED


def _run_as_user_1_35(metadata: Object, spec: Object) -> CheckResult:
    """As in 1.23, unless the pod is in a user namespace ("hostUsers: false")."""
    return ALLOWED if relax_for_user_namespace(spec) else _run_as_user_1_23(metadata, spec)


def _seccomp_type(profile: Object) -> str:
    return profile.get("type") or ""


def _seccomp_profile_restricted_1_19(metadata: Object, spec: Object) -> CheckResult:
    """Seccomp profiles must be specified, and only runtime default and localhost profiles are allowed."""
    setting = _setting(
        spec, "seccompProfile", good=lambda profile: _seccomp_type(profile) in VALID_SECCOMP_TYPES
    )
    if setters := setting.setters():
        bad_types = sorted({_seccomp_type(profile) for profile in setting.bad_values})
        return forbidden(
            "seccompProfile",
            f"{setters} must not set securityContext.seccompProfile.type to {join_quote(bad_types)}",
        )
    if setting.implicit:
        return forbidden(
            "seccompProfile",
            f"pod or {containers_phrase(setting.implicit)} must set "
            'securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
        )
    return ALLOWED


def _seccomp_profile_restricted_1_25(metadata: Object, spec: Object) -> CheckResult:
    """As in 1.19, but Windows pods (spec.os.name=windows) are exempt."""
    return ALLOWED if _windows(spec) else _seccomp_profile_restricted_1_19(metadata, spec)


def _capabilities_restricted_1_22(metadata: Object, spec: Object) -> CheckResult:
    """Containers must drop ALL, and may only add NET_BIND_SERVICE."""
    missing_drop_all: list[str] = []
    adding_forbidden: list[str] = []
    forbidden_capabilities: set[str] = set()
    for container in containers(spec):
        capabilities = security_context(container).get("capabilities")
        if capabilities is None:
            missing_drop_all.append(_name(container))
            continue
        if CAPABILITY_ALL not in (capabilities.get("drop") or ()):
            missing_drop_all.append(_name(container))
        added = {c for c in capabilities.get("add") or () if c != CAPABILITY_NET_BIND_SERVICE}
        if added:
            adding_forbidden.append(_name(container))
            forbidden_capabilities |= added
    details = []
    if missing_drop_all:
        details.append(
            f'{containers_phrase(missing_drop_all)} must set securityContext.capabilities.drop=["ALL"]'
        )
    if adding_forbidden:
        details.append(
            f"{containers_phrase(adding_forbidden)} must not include "
            f"{join_quote(sorted(forbidden_capabilities))} in securityContext.capabilities.add"
        )
    return forbidden("unrestricted capabilities", "; ".join(details)) if details else ALLOWED


def _capabilities_restricted_1_25(metadata: Object, spec: Object) -> CheckResult:
    """As in 1.22, but Windows pods (spec.os.name=windows) are exempt."""
    return ALLOWED if _windows(spec) else _capabilities_restricted_1_22(metadata, spec)


ALLOW_PRIVILEGE_ESCALATION = Check(
    "allowPrivilegeEscalation",
    RESTRICTED,
    (
        VersionedCheck((1, 8), _allow_privilege_escalation_1_8),
        VersionedCheck((1, 25), _allow_privilege_escalation_1_25),
    ),
)
CAPABILITIES_RESTRICTED = Check(
    "capabilities_restricted",
    RESTRICTED,
    (
        VersionedCheck((1, 22), _capabilities_restricted_1_22, ("capabilities_baseline",)),
        VersionedCheck((1, 25), _capabilities_restricted_1_25, ("capabilities_baseline",)),
    ),
)
PROC_MOUNT_RESTRICTED = Check(
    "procMount_restricted",
    RESTRICTED,
    (VersionedCheck((1, 35), proc_mount_1_0, ("procMount",)),),
)
RESTRICTED_VOLUMES = Check(
    "restrictedVolumes",
    RESTRICTED,
    (VersionedCheck((1, 0), _restricted_volumes_1_0, ("hostPathVolumes",)),),
)
RUN_AS_NON_ROOT = Check(
    "runAsNonRoot",
    RESTRICTED,
    (
        VersionedCheck((1, 0), _run_as_non_root_1_0),
        VersionedCheck((1, 35), _run_as_non_root_1_35),
    ),
)
RUN_AS_USER = Check(
    "runAsUser",
    RESTRICTED,
    (
        VersionedCheck((1, 23), _run_as_user_1_23),
        VersionedCheck((1, 35), _run_as_user_1_35),
    ),
)
SECCOMP_PROFILE_RESTRICTED = Check(
    "seccompProfile_restricted",
    RESTRICTED,
    (
        VersionedCheck((1, 19), _seccomp_profile_restricted_1_19, ("seccompProfile_baseline",)),
        VersionedCheck((1, 25), _seccomp_profile_restricted_1_25, ("seccompProfile_baseline",)),
    ),
)

CHECKS: tuple[Check, ...] = (  # by ID, the order Kubernetes reports them in
    ALLOW_PRIVILEGE_ESCALATION,
    CAPABILITIES_RESTRICTED,
    PROC_MOUNT_RESTRICTED,
    RESTRICTED_VOLUMES,
    RUN_AS_NON_ROOT,
    RUN_AS_USER,
    SECCOMP_PROFILE_RESTRICTED,
)
