"""The environment the kubelet makes for a container (kubelet_pods.go's
makeEnvironmentVariables) and the `$(VAR)` expansion of its command and args
(ExpandContainerCommandAndArgs).

The variables of the container's `envFrom` ConfigMaps and Secrets come first (every key, with
its prefix: the relaxed rules for variable names leave the kubelet nothing to skip), then its
`env` in order, each overriding what came before: a value with its `$(VAR)` references
expanded (from the variables before it and the services'), a field or a resource of the
downward API, a key of a ConfigMap or a Secret; then the services' variables the container did
not set itself. A reference that cannot be resolved (no such ConfigMap, Secret or key, unless
`optional`) means no container: CreateContainerConfigError, in the kubelet's words.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from cluster.engine.api.meta import Object
from cluster.engine.node import downward

Lookup = Callable[[str, str], Object | None]  # (resource, name) -> the object, None if absent
Env = list[tuple[str, str]]
_REFERENCE = re.compile(r"\$(\$|\(([^)]*)\))?")  # $$, $(NAME), or a $ of its own
_RESOURCES = {  # a reference's field -> the resource it names
    "configMapRef": "configmaps",
    "configMapKeyRef": "configmaps",
    "secretRef": "secrets",
    "secretKeyRef": "secrets",
}
_KINDS = {"configmaps": ("configmap", "ConfigMap"), "secrets": ("secret", "Secret")}


class EnvVarError(Exception):
    """Why a container's environment cannot be made (its CreateContainerConfigError)."""


@dataclass
class Environment:
    """One container's variables as they are made, and the ConfigMaps and Secrets read."""

    namespace: str
    lookup: Lookup
    fields: Mapping[str, str]
    container: Object = field(default_factory=dict)
    pod: Object | None = None  # whose containers' resources a resourceFieldRef may name
    allocatable: Mapping[str, str] = field(default_factory=dict)  # the node's
    variables: dict[str, str] = field(default_factory=dict)  # the container's own
    services: Env = field(default_factory=list)  # the services' it did not set itself
    _read: dict[tuple[str, str], Object | None] = field(default_factory=dict)

    def pairs(self) -> Env:
        """Every variable, the container's own then the services'."""
        return [*self.variables.items(), *self.services]

    def source(self, ref_field: str, ref: Object) -> Object | None:
        """The ConfigMap or Secret a reference names; None for an optional one that is
        absent."""
        resource, name = _RESOURCES[ref_field], ref.get("name", "")
        if (resource, name) not in self._read:
            self._read[resource, name] = read(self.lookup, resource, name, ref.get("optional"))
        return self._read[resource, name]


def read(lookup: Lookup, resource: str, name: str, optional: bool | None) -> Object | None:
    """The ConfigMap or Secret `name`; None when it is absent and optional (EnvVarError when
    it is absent and not)."""
    found = lookup(resource, name)
    if found is None and not optional:
        raise EnvVarError(f'{_KINDS[resource][0]} "{name}" not found')
    return found


def data(resource: str, obj: Object, binary: bool = False) -> list[tuple[str, str]]:
    """A ConfigMap's data, or a Secret's decoded (its values are base64 in the API);
    `binary`: a ConfigMap's binaryData too, decoded, as its volumes hold it (MakePayload)."""
    if resource == "secrets":
        return sorted((k, _decoded(v)) for k, v in (obj.get("data") or {}).items())
    binary_data = (obj.get("binaryData") or {}) if binary else {}
    decoded = ((k, _decoded(v)) for k, v in binary_data.items())
    return sorted([*(obj.get("data") or {}).items(), *decoded])


def make_environment(
    spec: Object,
    namespace: str,
    fields: Mapping[str, str],
    services: Env,
    lookup: Lookup,
    pod: Object | None = None,
    allocatable: Mapping[str, str] | None = None,
) -> Environment:
    """The container's variables, its own then the services' (raises EnvVarError);
    `allocatable` is the node's, the limits a resourceFieldRef reads when the container sets
    none."""
    env = Environment(namespace, lookup, fields, spec, pod, allocatable or {})
    for source in spec.get("envFrom") or ():
        _add_source(env, source)
    service_values = dict(services)
    for variable in spec.get("env") or ():
        value = _value(env, variable, service_values)
        if value is not None:
            env.variables[variable["name"]] = value
    # the services' pairs themselves: a large cluster's containers share them
    env.services = [pair for pair in services if pair[0] not in env.variables]
    return env


def service_links(services: Iterable[Object], namespace: str, enabled: bool) -> Env:
    """getServiceEnvVarMap and FromServices: the variables of each service with a cluster IP,
    the `kubernetes` service's always, the namespace's others when enableServiceLinks (in
    the order of their names; the kubelet's map has none)."""
    chosen: dict[str, Object] = {}
    for service in services:
        meta, ip = service["metadata"], service["spec"].get("clusterIP", "")
        if ip in ("", "None"):
            continue
        if meta.get("namespace") == "default" and meta["name"] == "kubernetes":
            chosen.setdefault(meta["name"], service)
        elif meta.get("namespace") == namespace and enabled:
            chosen[meta["name"]] = service
    return [pair for name in sorted(chosen) for pair in _service_variables(chosen[name])]


def _service_variables(service: Object) -> Env:
    prefix = service["metadata"]["name"].replace("-", "_").upper()
    ip, ports = service["spec"]["clusterIP"], service["spec"].get("ports") or []
    host = f"[{ip}]" if ":" in ip else ip
    found = [(f"{prefix}_SERVICE_HOST", ip), (f"{prefix}_SERVICE_PORT", str(ports[0]["port"]))]
    found += [
        (f"{prefix}_SERVICE_PORT_{p['name'].replace('-', '_').upper()}", str(p["port"]))
        for p in ports
        if p.get("name")
    ]
    for index, port in enumerate(ports):  # the Docker links' variables
        protocol = port.get("protocol") or "TCP"
        address = f"{protocol.lower()}://{host}:{port['port']}"
        if index == 0:
            found.append((f"{prefix}_PORT", address))
        each = f"{prefix}_PORT_{port['port']}_{protocol.upper()}"
        found += [
            (each, address),
            (f"{each}_PROTO", protocol.lower()),
            (f"{each}_PORT", str(port["port"])),
            (f"{each}_ADDR", ip),
        ]
    return found


def expand(value: str, *contexts: Mapping[str, str]) -> str:
    """expansion.Expand: `$(NAME)` from the first context that has NAME (left as it is when
    none has), `$$` for a `$`; any other `$` stays."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(2)
        if name is None:
            return "$"
        return next((context[name] for context in contexts if name in context), match.group())

    return _REFERENCE.sub(replace, value)


def expand_command(words: Sequence[str], env: Env) -> tuple[str, ...]:
    """A container's command or args with `$(VAR)` references to its variables expanded."""
    variables = dict(env)
    return tuple(expand(word, variables) for word in words)


def _add_source(env: Environment, source: Object) -> None:
    ref_field = "configMapRef" if "configMapRef" in source else "secretRef"
    ref = source.get(ref_field)
    if ref is None:
        return
    found = env.source(ref_field, ref)
    if found is None:
        return
    prefix = source.get("prefix", "")
    for key, value in data(_RESOURCES[ref_field], found):
        env.variables[prefix + key] = value


def _value(env: Environment, variable: Object, services: Mapping[str, str]) -> str | None:
    """A variable's value; None when an optional reference leaves it out."""
    value = str(variable.get("value") or "")
    source = variable.get("valueFrom")
    if value or not source:
        return expand(value, env.variables, services)
    if "fieldRef" in source:
        return env.fields.get(source["fieldRef"].get("fieldPath", ""), "")
    if "resourceFieldRef" in source:
        return _resource(env, source["resourceFieldRef"])
    ref_field = next((f for f in ("configMapKeyRef", "secretKeyRef") if f in source), None)
    if ref_field is None:
        return ""
    ref = source[ref_field]
    found = env.source(ref_field, ref)
    if found is None:
        return None
    resource = _RESOURCES[ref_field]
    values = dict(data(resource, found))
    key = ref.get("key", "")
    if key not in values:
        if ref.get("optional"):
            return None
        kind = _KINDS[resource][1]
        raise EnvVarError(f"couldn't find key {key} in {kind} {env.namespace}/{ref.get('name')}")
    return values[key]


def _resource(env: Environment, ref: Object) -> str:
    """containerResourceRuntimeValue: of the container, or of the pod's container named."""
    try:
        name = ref.get("containerName")
        container = downward.container_named(env.pod, name) if name and env.pod else None
        return downward.resource_value(ref, container or env.container, env.allocatable)
    except downward.ResourceFieldError as error:
        raise EnvVarError(str(error)) from None


def _decoded(value: str) -> str:
    try:
        return base64.b64decode(value).decode(errors="replace")
    except (binascii.Error, ValueError):
        return ""
