"""The Pod Security Standards' baseline checks (pod-security-admission/policy: the check_*.go
of level baseline), every version of each, with Kubernetes' reasons and details."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

from cluster.engine.api.field import go_quote
from cluster.engine.api.meta import Object
from cluster.engine.apiserver.podsecurity.api import BASELINE
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

T = TypeVar("T", bound=Hashable)

_CAPABILITIES_1_0 = frozenset(
    {
        "AUDIT_WRITE",
        "CHOWN",
        "DAC_OVERRIDE",
        "FOWNER",
        "FSETID",
        "KILL",
        "MKNOD",
        "NET_BIND_SERVICE",
        "SETFCAP",
        "SETGID",
        "SETPCAP",
        "SETUID",
        "SYS_CHROOT",
    }
)

_PROFILE_TYPES = frozenset({"RuntimeDefault", "Localhost"})
_APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/"
_SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod"
_SECCOMP_CONTAINER_ANNOTATION_PREFIX = "container.seccomp.security.alpha.kubernetes.io/"
_LOCALHOST_PREFIX = "localhost/"

_SELINUX_TYPES_1_0 = frozenset({"", "container_t", "container_init_t", "container_kvm_t"})
_SELINUX_TYPES_1_31 = _SELINUX_TYPES_1_0 | {"container_engine_t"}

_SYSCTLS_1_0 = frozenset(
    {
        "kernel.shm_rmid_forced",
        "net.ipv4.ip_local_port_range",
        "net.ipv4.tcp_syncookies",
        "net.ipv4.ping_group_range",
        "net.ipv4.ip_unprivileged_port_start",
    }
)
_SYSCTLS_1_27 = _SYSCTLS_1_0 | {"net.ipv4.ip_local_reserved_ports"}
_SYSCTLS_1_29 = _SYSCTLS_1_27 | {
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
}
_SYSCTLS_1_32 = _SYSCTLS_1_29 | {"net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"}
_SYSCTLS_1_37 = _SYSCTLS_1_32 | {"net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat"}


def _offenders(spec: Object, bad: Callable[[Object], Iterable[T]]) -> tuple[list[str], set[T]]:
    """The containers that set something forbidden, in visiting order, and what they set."""
    names: list[str] = []
    found: set[T] = set()
    for container in containers(spec):
        if values := set(bad(container)):
            names.append(container.get("name", ""))
            found |= values
    return names, found


def _setters(spec: Object, bad: Callable[[Object], Iterable[T]]) -> tuple[list[str], set[T]]:
    """Who sets something forbidden ("pod", then `containers "a", "b"`) and what they set."""
    found = set(bad(spec))
    setters = ["pod"] if found else []
    names, in_containers = _offenders(spec, bad)
    if names:
        setters.append(containers_phrase(names))
    return setters, found | in_containers


def _annotations(metadata: Object) -> dict[str, str]:
    return metadata.get("annotations") or {}


def _host_namespaces_1_0(metadata: Object, spec: Object) -> CheckResult:
    """Sharing the host network, PID, and IPC namespaces must be disallowed."""
    shared = [f"{field}=true" for field in ("hostNetwork", "hostPID", "hostIPC") if spec.get(field)]
    return forbidden("host namespaces", ", ".join(shared)) if shared else ALLOWED


def _privileged(container: Object) -> list[str]:
    return ["privileged=true"] if security_context(container).get("privileged") else []


def _privileged_1_0(metadata: Object, spec: Object) -> CheckResult:
    """Privileged Pods disable most security mechanisms and must be disallowed."""
    names, _ = _offenders(spec, _privileged)
    if not names:
        return ALLOWED
    return forbidden(
        "privileged", f"{containers_phrase(names)} must not set securityContext.privileged=true"
    )


def _non_default_capabilities(container: Object) -> list[str]:
    added = (security_context(container).get("capabilities") or {}).get("add") or ()
    return [capability for capability in added if capability not in _CAPABILITIES_1_0]


def _capabilities_baseline_1_0(metadata: Object, spec: Object) -> CheckResult:
    """Adding NET_RAW or capabilities beyond the default set must be disallowed."""
    names, capabilities = _offenders(spec, _non_default_capabilities)
    if not names:
        return ALLOWED
    return forbidden(
        "non-default capabilities",
        f"{containers_phrase(names)} must not include {join_quote(sorted(capabilities))}"
        " in securityContext.capabilities.add",
    )


def _host_path_volumes_1_0(metadata: Object, spec: Object) -> CheckResult:
    """HostPath volumes must be forbidden."""
    names = [
        volume.get("name", "")
        for volume in spec.get("volumes") or ()
        if volume.get("hostPath") is not None
    ]
    if not names:
        return ALLOWED
    return forbidden(
        "hostPath volumes", f"{pluralize('volume', 'volumes', len(names))} {join_quote(names)}"
    )


def _host_ports(container: Object) -> list[str]:
    return [str(port["hostPort"]) for port in container.get("ports") or () if port.get("hostPort")]


def _host_ports_1_0(metadata: Object, spec: Object) -> CheckResult:
    """HostPort ports must be forbidden."""
    names, ports = _offenders(spec, _host_ports)
    if not names:
        return ALLOWED
    return forbidden(
        "hostPort",
        f"{containers_phrase(names)} {pluralize('uses', 'use', len(names))}"
        f" {pluralize('hostPort', 'hostPorts', len(ports))} {', '.join(sorted(ports))}",
    )


def _handler_hosts(handler: Object | None) -> list[str]:
    handler = handler or {}
    actions = (handler.get("httpGet") or {}, handler.get("tcpSocket") or {})
    return [action["host"] for action in actions if action.get("host")]


def _probe_and_lifecycle_hosts(container: Object) -> list[str]:
    lifecycle = container.get("lifecycle") or {}
    handlers = [
        container.get(probe) for probe in ("livenessProbe", "readinessProbe", "startupProbe")
    ]
    handlers += [lifecycle.get("postStart"), lifecycle.get("preStop")]
    return [host for handler in handlers for host in _handler_hosts(handler)]


def _host_probes_and_host_lifecycle_1_34(metadata: Object, spec: Object) -> CheckResult:
    """Host field is restricted in the probes and lifecycle handlers."""
    names, hosts = _offenders(spec, _probe_and_lifecycle_hosts)
    if not names:
        return ALLOWED
    names = sorted(set(names))
    return forbidden(
        "probe or lifecycle host",
        f"{containers_phrase(names)} {pluralize('uses', 'use', len(names))}"
        f" {pluralize('probe or lifecycle host', 'probe or lifecycle hosts', len(hosts))}"
        f" {join_quote(sorted(hosts))}",
    )


def _forbidden_profile_type(owner: Object, field: str) -> list[str]:
    """The type of a pod's or container's appArmorProfile or seccompProfile, if it sets one
    that is neither RuntimeDefault nor Localhost."""
    profile = security_context(owner).get(field)
    if profile is None:
        return []
    profile_type = profile.get("type") or ""
    return [] if profile_type in _PROFILE_TYPES else [profile_type]


def _allowed_app_armor_annotation(profile: str) -> bool:
    return profile in ("", "runtime/default") or profile.startswith(_LOCALHOST_PREFIX)


def _app_armor_profile_1_0(metadata: Object, spec: Object) -> CheckResult:
    """Overriding or disabling the default AppArmor profile is restricted to an allowed set of
    profiles."""
    setters, types = _setters(spec, lambda owner: _forbidden_profile_type(owner, "appArmorProfile"))
    annotations = sorted(
        f"{key}={go_quote(value)}"
        for key, value in _annotations(metadata).items()
        if key.startswith(_APPARMOR_ANNOTATION_PREFIX) and not _allowed_app_armor_annotation(value)
    )
    if annotations:
        setters.append(pluralize("annotation", "annotations", len(annotations)))
    if not setters:
        return ALLOWED
    values = sorted(types) + annotations
    return forbidden(
        pluralize("forbidden AppArmor profile", "forbidden AppArmor profiles", len(values)),
        f"{' and '.join(setters)} must not set AppArmor profile type to {join_quote(values)}",
    )


def _se_linux_problems(owner: Object, allowed_types: frozenset[str]) -> list[tuple[str, str]]:
    options = security_context(owner).get("seLinuxOptions")
    if options is None:
        return []
    problems = []
    if (selinux_type := options.get("type") or "") not in allowed_types:
        problems.append(("type", selinux_type))
    problems += [(field, "") for field in ("user", "role") if options.get(field)]
    return problems


def _se_linux_options(spec: Object, allowed_types: frozenset[str]) -> CheckResult:
    """Setting the SELinux type is restricted, and setting a custom SELinux user or role option
    is forbidden."""
    setters, problems = _setters(spec, lambda owner: _se_linux_problems(owner, allowed_types))
    if not setters:
        return ALLOWED
    types = sorted(value for field, value in problems if field == "type")
    data = [f"{pluralize('type', 'types', len(types))} {join_quote(types)}"] if types else []
    data += [f"{field} may not be set" for field in ("user", "role") if (field, "") in problems]
    return forbidden(
        "seLinuxOptions",
        f"{' and '.join(setters)} set forbidden securityContext.seLinuxOptions: {'; '.join(data)}",
    )


def _se_linux_options_1_0(metadata: Object, spec: Object) -> CheckResult:
    return _se_linux_options(spec, _SELINUX_TYPES_1_0)


def _se_linux_options_1_31(metadata: Object, spec: Object) -> CheckResult:
    return _se_linux_options(spec, _SELINUX_TYPES_1_31)


def _unmasked_proc_mount(container: Object) -> list[str]:
    proc_mount = security_context(container).get("procMount")
    return [] if proc_mount is None or proc_mount == "Default" else [proc_mount]


def proc_mount_1_0(metadata: Object, spec: Object) -> CheckResult:
    """The default /proc masks are set up to reduce attack surface, and should be required."""
    names, proc_mounts = _offenders(spec, _unmasked_proc_mount)
    if not names:
        return ALLOWED
    return forbidden(
        "procMount",
        f"{containers_phrase(names)} must not set securityContext.procMount to"
        f" {join_quote(sorted(proc_mounts))}",
    )


def _proc_mount_baseline_1_35(metadata: Object, spec: Object) -> CheckResult:
    """The default /proc masks are required unless the pod is in a user namespace
    (hostUsers: false)."""
    return ALLOWED if relax_for_user_namespace(spec) else proc_mount_1_0(metadata, spec)


def _allowed_seccomp_annotation(profile: str) -> bool:
    return profile in ("runtime/default", "docker/default") or profile.startswith(_LOCALHOST_PREFIX)


def _seccomp_profile_baseline_1_0(metadata: Object, spec: Object) -> CheckResult:
    """If seccomp profiles are specified (in the alpha annotations), only runtime default and
    localhost profiles are allowed."""
    annotations = _annotations(metadata)
    keys = [_SECCOMP_POD_ANNOTATION] + [
        _SECCOMP_CONTAINER_ANNOTATION_PREFIX + container.get("name", "")
        for container in containers(spec)
    ]
    bad = sorted(
        {
            f"{key}={go_quote(annotations[key])}"
            for key in keys
            if key in annotations and not _allowed_seccomp_annotation(annotations[key])
        }
    )
    if not bad:
        return ALLOWED
    return forbidden(
        "seccompProfile",
        f"forbidden {pluralize('annotation', 'annotations', len(bad))} {', '.join(bad)}",
    )


def _seccomp_profile_baseline_1_19(metadata: Object, spec: Object) -> CheckResult:
    """If seccomp profiles are specified, only runtime default and localhost profiles are
    allowed."""
    setters, types = _setters(spec, lambda owner: _forbidden_profile_type(owner, "seccompProfile"))
    if not setters:
        return ALLOWED
    return forbidden(
        "seccompProfile",
        f"{' and '.join(setters)} must not set securityContext.seccompProfile.type to"
        f" {join_quote(sorted(types))}",
    )


def _sysctls(spec: Object, allowed: frozenset[str]) -> CheckResult:
    """Sysctls can disable security mechanisms or affect all containers on a host, and should be
    disallowed except for an allowed "safe" subset."""
    names = [sysctl.get("name", "") for sysctl in security_context(spec).get("sysctls") or ()]
    bad = [name for name in names if name not in allowed]
    return forbidden("forbidden sysctls", ", ".join(bad)) if bad else ALLOWED


def _sysctls_1_0(metadata: Object, spec: Object) -> CheckResult:
    return _sysctls(spec, _SYSCTLS_1_0)


def _sysctls_1_27(metadata: Object, spec: Object) -> CheckResult:
    return _sysctls(spec, _SYSCTLS_1_27)


def _sysctls_1_29(metadata: Object, spec: Object) -> CheckResult:
    return _sysctls(spec, _SYSCTLS_1_29)


def _sysctls_1_32(metadata: Object, spec: Object) -> CheckResult:
    return _sysctls(spec, _SYSCTLS_1_32)


def _sysctls_1_37(metadata: Object, spec: Object) -> CheckResult:
    return _sysctls(spec, _SYSCTLS_1_37)


def _host_process(owner: Object) -> list[str]:
    options = security_context(owner).get("windowsOptions") or {}
    return ["hostProcess=true"] if options.get("hostProcess") else []


def _windows_host_process_1_0(metadata: Object, spec: Object) -> CheckResult:
    """Pod and containers must not set securityContext.windowsOptions.hostProcess to true."""
    setters, _ = _setters(spec, _host_process)
    if not setters:
        return ALLOWED
    return forbidden(
        "hostProcess",
        f"{' and '.join(setters)} must not set securityContext.windowsOptions.hostProcess=true",
    )


APP_ARMOR_PROFILE = Check(
    "appArmorProfile", BASELINE, (VersionedCheck((1, 0), _app_armor_profile_1_0),)
)
CAPABILITIES_BASELINE = Check(
    "capabilities_baseline", BASELINE, (VersionedCheck((1, 0), _capabilities_baseline_1_0),)
)
HOST_NAMESPACES = Check("hostNamespaces", BASELINE, (VersionedCheck((1, 0), _host_namespaces_1_0),))
HOST_PATH_VOLUMES = Check(
    "hostPathVolumes", BASELINE, (VersionedCheck((1, 0), _host_path_volumes_1_0),)
)
HOST_PORTS = Check("hostPorts", BASELINE, (VersionedCheck((1, 0), _host_ports_1_0),))
HOST_PROBES_AND_HOST_LIFECYCLE = Check(
    "hostProbesAndHostLifecycle",
    BASELINE,
    (VersionedCheck((1, 34), _host_probes_and_host_lifecycle_1_34),),
)
PRIVILEGED = Check("privileged", BASELINE, (VersionedCheck((1, 0), _privileged_1_0),))
PROC_MOUNT_BASELINE = Check(
    "procMount",
    BASELINE,
    (VersionedCheck((1, 0), proc_mount_1_0), VersionedCheck((1, 35), _proc_mount_baseline_1_35)),
)
SELINUX_OPTIONS = Check(
    "seLinuxOptions",
    BASELINE,
    (
        VersionedCheck((1, 0), _se_linux_options_1_0),
        VersionedCheck((1, 31), _se_linux_options_1_31),
    ),
)
SECCOMP_PROFILE_BASELINE = Check(
    "seccompProfile_baseline",
    BASELINE,
    (
        VersionedCheck((1, 0), _seccomp_profile_baseline_1_0),
        VersionedCheck((1, 19), _seccomp_profile_baseline_1_19),
    ),
)
SYSCTLS = Check(
    "sysctls",
    BASELINE,
    (
        VersionedCheck((1, 0), _sysctls_1_0),
        VersionedCheck((1, 27), _sysctls_1_27),
        VersionedCheck((1, 29), _sysctls_1_29),
        VersionedCheck((1, 32), _sysctls_1_32),
        VersionedCheck((1, 37), _sysctls_1_37),
    ),
)
WINDOWS_HOST_PROCESS = Check(
    "windowsHostProcess", BASELINE, (VersionedCheck((1, 0), _windows_host_process_1_0),)
)

CHECKS: tuple[Check, ...] = (
    APP_ARMOR_PROFILE,
    CAPABILITIES_BASELINE,
    HOST_NAMESPACES,
    HOST_PATH_VOLUMES,
    HOST_PORTS,
    HOST_PROBES_AND_HOST_LIFECYCLE,
    PRIVILEGED,
    PROC_MOUNT_BASELINE,
    SELINUX_OPTIONS,
    SECCOMP_PROFILE_BASELINE,
    SYSCTLS,
    WINDOWS_HOST_PROCESS,
)
