"""Validation of what configures a container (pkg/apis/core/validation): its variables (`env`,
with their ConfigMap, Secret, field and resource references, and `envFrom`), the subPath of its
mounts, and the volumes made of ConfigMaps, Secrets, the downward API and projections, in
Kubernetes' words and order. Variable names follow the relaxed rules (any printable ASCII but
`=`), as RelaxedEnvironmentVariableValidation, GA, has them."""

from __future__ import annotations

from cluster.engine.api import content, labels, quantity
from cluster.engine.api.field import FieldError, forbidden, invalid, not_supported, required
from cluster.engine.api.meta import Object

ENV_FIELD_PATHS = (  # validEnvDownwardAPIFieldPathExpressions
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
    "spec.nodeName",
    "spec.serviceAccountName",
    "status.hostIP",
    "status.hostIPs",
    "status.podIP",
    "status.podIPs",
)
VOLUME_FIELD_PATHS = (  # validVolumeDownwardAPIFieldPathExpressions
    "metadata.name",
    "metadata.namespace",
    "metadata.labels",
    "metadata.annotations",
    "metadata.uid",
)
# what ConvertDownwardAPIFieldLabel converts (spec.host is spec.nodeName, for old clients)
_CONVERTIBLE = frozenset(
    {
        "metadata.annotations",
        "metadata.labels",
        "metadata.name",
        "metadata.namespace",
        "metadata.uid",
        "spec.nodeName",
        "spec.restartPolicy",
        "spec.serviceAccountName",
        "spec.schedulerName",
        "status.phase",
        "status.hostIP",
        "status.hostIPs",
        "status.podIP",
        "status.podIPs",
    }
)
RESOURCES = (  # validContainerResourceFieldPathExpressions
    "limits.cpu",
    "limits.memory",
    "limits.ephemeral-storage",
    "requests.cpu",
    "requests.memory",
    "requests.ephemeral-storage",
)
_HUGEPAGES = ("limits.hugepages-", "requests.hugepages-")
_BYTE_DIVISORS = frozenset(
    {"1", "1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei"}
)
_BYTES_LISTED = "1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei"
RELAXED_ENV_VAR_NAME = (
    "a valid environment variable name must consist only of printable ASCII characters "
    "other than '='"
)
FILE_MODE = "must be a number between 0 and 0777 (octal), both inclusive"
_ONE_OF_VALUE_FROM = (
    "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"
)


def relaxed_env_var_name(value: str) -> list[str]:
    """IsRelaxedEnvVarName."""
    errors = ["environment variable name must be non-empty"] if not value else []
    if any(not (" " <= char <= "~") or char == "=" for char in value):
        errors.append(RELAXED_ENV_VAR_NAME)
    return errors


def validate_env(variables: list[Object], path: str) -> list[FieldError]:
    """ValidateEnv: each variable's name, then where its value comes from."""
    errors: list[FieldError] = []
    for i, variable in enumerate(variables):
        here, name = f"{path}[{i}]", variable.get("name") or ""
        if not name:
            errors.append(required(f"{here}.name"))
        errors += [invalid(f"{here}.name", name, d) for d in relaxed_env_var_name(name) if name]
        errors += _value_from(variable, f"{here}.valueFrom")
    return errors


def _value_from(variable: Object, path: str) -> list[FieldError]:
    """validateEnvVarValueFrom: exactly one source, and no value beside it."""
    source = variable.get("valueFrom")
    if source is None:
        return []
    errors: list[FieldError] = []
    count = 0
    if source.get("fieldRef") is not None:
        count += 1
        errors += _field_selector(source["fieldRef"], ENV_FIELD_PATHS, f"{path}.fieldRef")
    if source.get("resourceFieldRef") is not None:
        count += 1
        errors += _resource_selector(source["resourceFieldRef"], f"{path}.resourceFieldRef")
    for key in ("configMapKeyRef", "secretKeyRef"):
        if source.get(key) is not None:
            count += 1
            errors += _key_selector(source[key], f"{path}.{key}")
    if count == 0:
        errors.append(invalid(path, "", _ONE_OF_VALUE_FROM))
    elif variable.get("value"):
        errors.append(invalid(path, "", "may not be specified when `value` is not empty"))
    elif count > 1:
        errors.append(invalid(path, "", "may not have more than one field specified at a time"))
    return errors


def _field_selector(ref: Object, allowed: tuple[str, ...], path: str) -> list[FieldError]:
    """validateObjectFieldSelector."""
    version, field_path = ref.get("apiVersion") or "", ref.get("fieldPath") or ""
    if not version:
        return [required(f"{path}.apiVersion")]
    if not field_path:
        return [required(f"{path}.fieldPath")]
    problem = _conversion_error(version, field_path)
    if problem:
        detail = f"error converting fieldPath: {problem}"
        return [invalid(f"{path}.fieldPath", field_path, detail)]
    field_path = "spec.nodeName" if field_path == "spec.host" else field_path
    whole, key = _subscripted(field_path)
    if key is not None:
        subscript = key.lower() if whole == "metadata.annotations" else key
        return labels.validate_label_name(subscript, path)
    if field_path not in allowed:
        return [not_supported(f"{path}.fieldPath", field_path, sorted(allowed))]
    return []


def _conversion_error(version: str, field_path: str) -> str:
    """ConvertDownwardAPIFieldLabel's error, or ''."""
    if version != "v1":
        return f"unsupported pod version: {version}"
    whole, key = _subscripted(field_path)
    if key is not None:
        if whole in ("metadata.annotations", "metadata.labels"):
            return ""
        return f"field label does not support subscript: {field_path}"
    if field_path in _CONVERTIBLE or field_path == "spec.host":
        return ""
    return f"field label not supported: {field_path}"


def _subscripted(field_path: str) -> tuple[str, str | None]:
    """SplitMaybeSubscriptedPath: `metadata.labels['app']` is (metadata.labels, app)."""
    if not field_path.endswith("']"):
        return field_path, None
    whole, found, key = field_path[:-2].partition("['")
    if not found or not whole:
        return field_path, None
    return whole, key


def _resource_selector(ref: Object, path: str, volume: bool = False) -> list[FieldError]:
    """validateContainerResourceFieldSelector (a volume's must name its container)."""
    resource = ref.get("resource") or ""
    errors: list[FieldError] = []
    if volume and not ref.get("containerName"):
        errors.append(required(f"{path}.containerName"))
    elif not resource:
        errors.append(required(f"{path}.resource"))
    elif resource not in RESOURCES and not resource.startswith(_HUGEPAGES):
        errors.append(not_supported(f"{path}.resource", resource, sorted(RESOURCES)))
    return errors + _divisor(resource, ref.get("divisor"), path)


def _divisor(resource: str, divisor: object, path: str) -> list[FieldError]:
    """validateContainerResourceDivisor: cpu in 1m or 1; bytes in 1 or a power of 1000 or
    1024."""
    try:
        shown = quantity.canonical(divisor) if divisor is not None else "0"
    except (quantity.QuantityError, TypeError, ValueError):
        return []
    if shown == "0":
        return []
    kind = resource.partition(".")[2]
    if kind == "cpu" and shown not in ("1m", "1"):
        detail = "only divisor's values 1m and 1 are supported with the cpu resource"
        return [invalid(f"{path}.divisor", resource, detail)]
    what = {"memory": "memory", "ephemeral-storage": "local ephemeral storage"}.get(kind)
    if kind.startswith("hugepages-"):
        what = "hugepages"
    if what and shown not in _BYTE_DIVISORS:
        detail = f"only divisor's values {_BYTES_LISTED} are supported with the {what} resource"
        return [invalid(f"{path}.divisor", resource, detail)]
    return []


def _key_selector(ref: Object, path: str) -> list[FieldError]:
    """validateConfigMapKeySelector and validateSecretKeySelector."""
    name, key = ref.get("name") or "", ref.get("key") or ""
    errors = [invalid(f"{path}.name", name, d) for d in content.name_is_dns_subdomain(name)]
    if not key:
        return [*errors, required(f"{path}.key")]
    return errors + [invalid(f"{path}.key", key, d) for d in content.config_map_key(key)]


def validate_env_from(sources: list[Object], path: str) -> list[FieldError]:
    """ValidateEnvFrom: each source's prefix, and exactly one ConfigMap or Secret."""
    errors: list[FieldError] = []
    for i, source in enumerate(sources):
        here, prefix = f"{path}[{i}]", source.get("prefix") or ""
        if prefix:
            errors += [invalid(f"{here}.prefix", prefix, d) for d in relaxed_env_var_name(prefix)]
        count = 0
        for key in ("configMapRef", "secretRef"):
            if source.get(key) is not None:
                count += 1
                errors += _object_name(source[key].get("name") or "", f"{here}.{key}.name")
        if count == 0:
            errors.append(invalid(path, "", "must specify one of: `configMapRef` or `secretRef`"))
        elif count > 1:
            detail = "may not have more than one field specified at a time"
            errors.append(invalid(path, "", detail))
    return errors


def _object_name(name: str, path: str) -> list[FieldError]:
    """A ConfigMap's or Secret's name: required, and a DNS subdomain (a prefix of one)."""
    if not name:
        return [required(path)]
    return [invalid(path, name, d) for d in content.name_is_dns_subdomain(name, prefix=True)]


def validate_sub_path(mount: Object, path: str, index: int) -> list[FieldError]:
    """ValidateVolumeMounts' subPath and subPathExpr checks of mount `index`; Kubernetes
    names the list's path, not the mount's, for their relative paths."""
    errors: list[FieldError] = []
    sub, expr = mount.get("subPath") or "", mount.get("subPathExpr") or ""
    if sub:
        errors += _descending(sub, f"{path}.subPath")
    if expr:
        if sub:
            detail = "subPathExpr and subPath are mutually exclusive"
            errors.append(invalid(f"{path}[{index}].subPathExpr", expr, detail))
        errors += _descending(expr, f"{path}.subPathExpr")
    return errors


def _descending(target: str, path: str) -> list[FieldError]:
    """validateLocalDescendingPath: relative, and no `..` element."""
    errors = [invalid(path, target, "must be a relative path")] if target.startswith("/") else []
    if ".." in target.split("/"):
        errors.append(invalid(path, target, "must not contain '..'"))
    return errors


def _non_reserved(target: str, path: str) -> list[FieldError]:
    """ValidateLocalNonReservedPath: a descending path that does not start with `..`."""
    errors = _descending(target, path)
    if target.startswith("..") and not target.startswith("../"):
        errors.append(invalid(path, target, "must not start with '..'"))
    return errors


def validate_volume_source(kind: str, source: Object, path: str) -> list[FieldError]:
    """validateVolumeSource's part for configMap, secret, downwardAPI and projected volumes."""
    if kind in ("configMap", "secret"):
        name_field = "name" if kind == "configMap" else "secretName"
        errors = [] if source.get(name_field) else [required(f"{path}.{name_field}")]
        errors += _mode(source.get("defaultMode"), f"{path}.defaultMode")
        for i, item in enumerate(source.get("items") or []):
            errors += _key_to_path(item, f"{path}.items[{i}]")
        return errors
    if kind == "downwardAPI":
        errors = _mode(source.get("defaultMode"), f"{path}.defaultMode")
        for item in source.get("items") or []:
            errors += _downward_file(item, path)
        return errors
    if kind == "projected":
        return _mode(source.get("defaultMode"), f"{path}.defaultMode") + _projections(
            source.get("sources") or [], path
        )
    return []


def _mode(mode: object, path: str) -> list[FieldError]:
    if isinstance(mode, int) and not 0 <= mode <= 0o777:
        return [invalid(path, mode, FILE_MODE)]
    return []


def _key_to_path(item: Object, path: str) -> list[FieldError]:
    """validateKeyToPath."""
    errors = [] if item.get("key") else [required(f"{path}.key")]
    target = item.get("path") or ""
    if not target:
        errors.append(required(f"{path}.path"))
    return errors + _non_reserved(target, f"{path}.path") + _mode(item.get("mode"), f"{path}.mode")


def _downward_file(item: Object, path: str) -> list[FieldError]:
    """validateDownwardAPIVolumeFile (its errors name the volume's path, not the item's)."""
    target = item.get("path") or ""
    errors = [] if target else [required(f"{path}.path")]
    errors += _non_reserved(target, f"{path}.path")
    if item.get("fieldRef") is not None:
        errors += _field_selector(item["fieldRef"], VOLUME_FIELD_PATHS, f"{path}.fieldRef")
        if item.get("resourceFieldRef") is not None:
            detail = "fieldRef and resourceFieldRef can not be specified simultaneously"
            errors.append(invalid(path, "resource", detail))
    elif item.get("resourceFieldRef") is not None:
        ref_path = f"{path}.resourceFieldRef"
        errors += _resource_selector(item["resourceFieldRef"], ref_path, volume=True)
    else:
        errors.append(required(path, "one of fieldRef and resourceFieldRef is required"))
    return errors + _mode(item.get("mode"), f"{path}.mode")


def _projections(sources: list[Object], path: str) -> list[FieldError]:
    """validateProjectionSources: each source's items, no path twice, one kind per source."""
    errors: list[FieldError] = []
    paths: set[str] = set()
    for i, source in enumerate(sources):
        here = f"{path}.sources[{i}]"
        kinds = [k for k in _PROJECTIONS if source.get(k) is not None]
        for kind in kinds:
            found, claimed = _projection(kind, source[kind], f"{here}.{kind}", path)
            errors += found
            for target, shown in claimed:
                if target in paths:
                    errors.append(invalid(path, shown, "conflicting duplicate paths"))
                paths.add(target)
        if len(kinds) > 1:
            errors.append(forbidden(here, "may not specify more than 1 volume type per source"))
    return errors


_PROJECTIONS = ("secret", "configMap", "downwardAPI", "serviceAccountToken")


def _projection(
    kind: str, source: Object, here: str, path: str
) -> tuple[list[FieldError], list[tuple[str, str]]]:
    """One projected source's errors, and the paths it claims (with what a duplicate of each
    is said to be: the ConfigMap's or Secret's name, or the path)."""
    if kind == "serviceAccountToken":
        return _token(source, here, path), []
    if kind == "downwardAPI":
        items = source.get("items") or []
        errors = [e for item in items for e in _downward_file(item, here)]
        return errors, [(i["path"], i["path"]) for i in items if i.get("path")]
    errors = [] if source.get("name") else [required(f"{here}.name")]
    items = source.get("items") or []
    for i, item in enumerate(items):
        errors += _key_to_path(item, f"{here}.items[{i}]")
    name = source.get("name") or ""
    return errors, [(item["path"], name) for item in items if item.get("path")]


def _token(source: Object, here: str, path: str) -> list[FieldError]:
    """A serviceAccountToken projection: 10 minutes to 2^32 seconds, and a local path (which
    Kubernetes names at the volume's path)."""
    seconds = source.get("expirationSeconds", 0)
    errors: list[FieldError] = []
    if isinstance(seconds, int) and seconds < 600:
        detail = "may not specify a duration less than 10 minutes"
        errors.append(invalid(f"{here}.expirationSeconds", seconds, detail))
    if isinstance(seconds, int) and seconds > 1 << 32:
        detail = "may not specify a duration larger than 2^32 seconds"
        errors.append(invalid(f"{here}.expirationSeconds", seconds, detail))
    target = source.get("path") or ""
    if not target:
        return [*errors, required(f"{path}.path")]
    return errors + _non_reserved(target, f"{path}.path")
