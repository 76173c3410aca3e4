"""A pod's securityContext and its containers', validated as kube-apiserver's
validatePodSpecSecurityContext and ValidateSecurityContext do, in their words."""

from __future__ import annotations

from typing import Any

from cluster.engine.api.field import (
    FieldError,
    Struct,
    invalid,
    not_supported,
    required,
    too_long,
)
from cluster.engine.api.meta import Object

MAX_ID = 2**31 - 1  # math.MaxInt32: user and group ids
ID_RANGE = f"must be between 0 and {MAX_ID}, inclusive"
FS_GROUP_CHANGE_POLICIES = ["Always", "OnRootMismatch"]
SUPPLEMENTAL_GROUPS_POLICIES = ["Merge", "Strict"]
SELINUX_CHANGE_POLICIES = ["MountOption", "Recursive"]
PROFILE_TYPES = ["Localhost", "RuntimeDefault", "Unconfined"]  # seccomp's and AppArmor's
PROC_MOUNT_TYPES = ["Default", "Unmasked"]
MAX_APPARMOR_PROFILE = 4095  # PATH_MAX - 1


def validate_pod(spec: Object, path: str) -> list[FieldError]:
    """validatePodSpecSecurityContext, and what hostUsers allows the containers."""
    sc = spec.get("securityContext")
    errors = _pod_context(sc, f"{path}.securityContext") if sc else []
    if spec.get("shareProcessNamespace") and spec.get("hostPID"):
        detail = "ShareProcessNamespace and HostPID cannot both be enabled"
        errors.append(invalid(f"{path}.securityContext.shareProcessNamespace", True, detail))
    if spec.get("hostUsers") is not False:
        errors += _unmasked(spec, path)
    return errors


def _pod_context(sc: Object, here: str) -> list[FieldError]:
    errors: list[FieldError] = []
    for key in ("fsGroup", "runAsUser", "runAsGroup"):
        errors += _id(sc.get(key), f"{here}.{key}")
    for i, gid in enumerate(sc.get("supplementalGroups") or ()):
        errors += _id(gid, f"{here}.supplementalGroups[{i}]")
    errors += _choice(sc, "fsGroupChangePolicy", FS_GROUP_CHANGE_POLICIES, here)
    errors += _profile(sc.get("seccompProfile"), f"{here}.seccompProfile", seccomp=True)
    errors += _profile(sc.get("appArmorProfile"), f"{here}.appArmorProfile", seccomp=False)
    errors += _choice(sc, "supplementalGroupsPolicy", SUPPLEMENTAL_GROUPS_POLICIES, here)
    return errors + _choice(sc, "seLinuxChangePolicy", SELINUX_CHANGE_POLICIES, here)


def validate_container(sc: Object | None, path: str) -> list[FieldError]:
    """ValidateSecurityContext (a container's)."""
    if not sc:
        return []
    errors = _id(sc.get("runAsUser"), f"{path}.runAsUser")
    errors += _id(sc.get("runAsGroup"), f"{path}.runAsGroup")
    if sc.get("procMount") is not None and sc["procMount"] not in PROC_MOUNT_TYPES:
        errors.append(not_supported(f"{path}.procMount", sc["procMount"], PROC_MOUNT_TYPES))
    errors += _profile(sc.get("seccompProfile"), f"{path}.seccompProfile", seccomp=True)
    if sc.get("allowPrivilegeEscalation") is False:
        if sc.get("privileged"):
            detail = "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"
            errors.append(invalid(path, _internal(sc), detail))
        for added in (sc.get("capabilities") or {}).get("add") or ():
            if added == "CAP_SYS_ADMIN":
                detail = (
                    "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` "
                    "CAP_SYS_ADMIN"
                )
                errors.append(invalid(path, _internal(sc), detail))
    return errors + _profile(sc.get("appArmorProfile"), f"{path}.appArmorProfile", seccomp=False)


def _id(value: Any, path: str) -> list[FieldError]:
    """IsValidUserID and IsValidGroupID."""
    if value is None or 0 <= value <= MAX_ID:
        return []
    return [invalid(path, value, ID_RANGE)]


def _choice(sc: Object, key: str, supported: list[str], path: str) -> list[FieldError]:
    value = sc.get(key)
    if value is None or value in supported:
        return []
    return [not_supported(f"{path}.{key}", value, supported)]


def _profile(profile: Object | None, path: str, seccomp: bool) -> list[FieldError]:
    """validateSeccompProfileField, or ValidateAppArmorProfileField."""
    if profile is None:
        return []
    what = "seccomp" if seccomp else "AppArmor"
    kind, local = profile.get("type", ""), profile.get("localhostProfile")
    if kind == "":
        return [required(f"{path}.type", f"type is required when {path.rsplit('.', 1)[1]} is set")]
    if kind not in PROFILE_TYPES:
        return [not_supported(f"{path}.type", kind, PROFILE_TYPES)]
    here = f"{path}.localhostProfile"
    if kind != "Localhost":
        if local is None:
            return []
        shown = Struct(Type=kind, LocalhostProfile=local) if seccomp else local
        return [invalid(here, shown, f"can only be set when {what} type is Localhost")]
    if local is None:
        return [required(here, f"must be set when {what} type is Localhost")]
    if seccomp:
        errors = [invalid(here, local, "must be a relative path")] if local.startswith("/") else []
        if ".." in local.split("/"):
            errors.append(invalid(here, local, "must not contain '..'"))
        return errors
    if local.strip() != local:
        errors = [invalid(here, local, "must not be padded with whitespace")]
    elif not local:
        errors = [required(here, f"must be set when {what} type is Localhost")]
    else:
        errors = []
    if len(local) > MAX_APPARMOR_PROFILE:
        errors.append(too_long(here, MAX_APPARMOR_PROFILE))
    return errors


def _unmasked(spec: Object, path: str) -> list[FieldError]:
    """Unmasked /proc asks for a user namespace: hostUsers must be false."""
    errors = []
    for group in ("initContainers", "containers", "ephemeralContainers"):
        for i, container in enumerate(spec.get(group) or ()):
            sc = container.get("securityContext")
            if sc and sc.get("procMount") == "Unmasked":
                here = f"{path}.{group}[{i}].securityContext.procMount"
                errors.append(
                    invalid(here, "Unmasked", "`hostUsers` must be false to use `Unmasked`")
                )
    return errors


def _internal(sc: Object) -> Struct:
    """The internal SecurityContext as encoding/json writes it (Go's field names, no tags),
    which is how kube-apiserver shows it in an error."""
    capabilities = sc.get("capabilities")
    return Struct(
        Capabilities=None
        if capabilities is None
        else Struct(Add=capabilities.get("add"), Drop=capabilities.get("drop")),
        Privileged=sc.get("privileged"),
        SELinuxOptions=_options(sc.get("seLinuxOptions"), User="", Role="", Type="", Level=""),
        WindowsOptions=_options(
            sc.get("windowsOptions"),
            GMSACredentialSpecName=None,
            GMSACredentialSpec=None,
            RunAsUserName=None,
            HostProcess=None,
        ),
        RunAsUser=sc.get("runAsUser"),
        RunAsGroup=sc.get("runAsGroup"),
        RunAsNonRoot=sc.get("runAsNonRoot"),
        ReadOnlyRootFilesystem=sc.get("readOnlyRootFilesystem"),
        AllowPrivilegeEscalation=sc.get("allowPrivilegeEscalation"),
        ProcMount=sc.get("procMount"),
        SeccompProfile=_options(sc.get("seccompProfile"), Type="", LocalhostProfile=None),
        AppArmorProfile=_options(sc.get("appArmorProfile"), Type="", LocalhostProfile=None),
    )


def _options(value: Object | None, **fields: Any) -> Struct | None:
    """An internal struct: each Go field (lower-camel, its v1 name), else its zero value
    (a string's "", a pointer's null)."""
    if value is None:
        return None
    return Struct({name: value.get(_json_name(name), zero) for name, zero in fields.items()})


def _json_name(go: str) -> str:
    return "gmsa" + go[4:] if go.startswith("GMSA") else go[0].lower() + go[1:]
