"""Admission: plugins that may change (mutating) or refuse (validating) a write.

kube-apiserver runs every mutating plugin first, in its fixed order (AllOrderedPlugins in
pkg/kubeapiserver/options/plugins.go), then the object is validated, then every validating
plugin runs in the same order. The plugins here are the default-on ones the objects we serve
meet: NamespaceLifecycle, LimitRanger, ServiceAccount, PodSecurity, Priority,
DefaultTolerationSeconds, DefaultStorageClass, StorageObjectInUseProtection,
PersistentVolumeClaimResize, RuntimeClass, DefaultIngressClass, PodResizeValidator,
ValidatingAdmissionPolicy and ResourceQuota. Plugins read other objects the way the real ones
read their informers' caches: from the apiserver's own index, without a request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from cluster.engine.api import meta
from cluster.engine.api.meta import Object
from cluster.engine.api.resources import Resource
from cluster.engine.apiserver import (
    errors,
    ingressadmission,
    limitranger,
    podresize,
    resourcequota,
    runtimeclass,
    storageadmission,
)
from cluster.engine.apiserver.authentication import UserInfo
from cluster.engine.apiserver.errors import StatusError
from cluster.engine.apiserver.podsecurity import admission as podsecurity
from cluster.engine.apiserver.validatingpolicy import plugin as validatingpolicy

CREATE, UPDATE, DELETE = "CREATE", "UPDATE", "DELETE"
NOT_READY = "node.kubernetes.io/not-ready"
UNREACHABLE = "node.kubernetes.io/unreachable"
DEFAULT_TOLERATION_SECONDS = 300
IMMORTAL_NAMESPACES = ("default", "kube-public", "kube-system")
DEFAULT_SERVICE_ACCOUNT = "default"
TOKEN_VOLUME_PREFIX = "kube-api-access-"
TOKEN_MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount"
TOKEN_EXPIRATION_SECONDS = 3607  # WarnOnlyBoundTokenExpirationSeconds
NOBODY = UserInfo("")  # who a request of the apiserver's own is made by


class Store(Protocol):
    """What admission may read and write: the apiserver's index of a few resources."""

    def lookup(self, resource: str, namespace: str, name: str) -> Object | None: ...

    def objects(self, resource: str, namespace: str) -> list[Object]: ...  # sorted by name

    def update_status(self, resource: str, obj: Object) -> Object: ...

    def random_suffix(self) -> str: ...

    def warn(self, text: str) -> None: ...


@dataclass(slots=True)
class Attributes:
    """What admission sees of a request (admission.Attributes)."""

    operation: str  # CREATE, UPDATE or DELETE
    resource: Resource
    subresource: str
    namespace: str
    name: str
    obj: Object | None = None
    old: Object | None = None
    dry_run: bool = False
    acted: list[str] = field(default_factory=list)
    user: UserInfo = NOBODY

    def pods(self) -> bool:
        """A write of a pod itself (no subresource) that carries the pod."""
        return self.resource.name == "pods" and not self.subresource and self.obj is not None

    def display_name(self) -> str:
        """The name admission errors give: the object's, or its generateName before one."""
        metadata = (self.obj or {}).get("metadata") or {}
        return self.name or metadata.get("name") or metadata.get("generateName") or ""


def forbidden(attrs: Attributes, reason: str) -> StatusError:
    """admission.NewForbidden."""
    return errors.forbidden_reason(attrs.resource, attrs.display_name(), reason)


# -- NamespaceLifecycle ------------------------------------------------------------------------


def namespace_lifecycle(attrs: Attributes, store: Store) -> bool:
    """Immortal namespaces stay; nothing new goes into a namespace missing or terminating."""
    kind = attrs.resource.kind
    if attrs.operation == DELETE and kind == "Namespace" and attrs.name in IMMORTAL_NAMESPACES:
        raise forbidden(attrs, "this namespace may not be deleted")
    if not attrs.resource.namespaced or kind == "Namespace" or attrs.operation != CREATE:
        return False
    namespace = store.lookup("namespaces", "", attrs.namespace)
    if namespace is None:
        raise errors.namespace_not_found(attrs.namespace)
    if (namespace.get("status") or {}).get("phase") == "Terminating":
        raise errors.namespace_terminating(attrs.resource, attrs.display_name(), attrs.namespace)
    return True


# -- ServiceAccount ----------------------------------------------------------------------------


def service_account_admit(attrs: Attributes, store: Store) -> bool:
    """Name the pod's account (`default`), mount its token, copy its image pull secrets."""
    if not attrs.pods() or attrs.operation != CREATE or _mirror(attrs.obj):
        return False
    spec = attrs.obj["spec"]
    if not spec.get("serviceAccountName"):
        spec["serviceAccountName"] = DEFAULT_SERVICE_ACCOUNT
    account = _service_account(attrs, store, spec["serviceAccountName"]) or {}
    if _automount(account, spec):
        _mount_token(spec, store)
    if not spec.get("imagePullSecrets") and account.get("imagePullSecrets"):
        spec["imagePullSecrets"] = [{"name": s["name"]} for s in account["imagePullSecrets"]]
    return True


def service_account_validate(attrs: Attributes, store: Store) -> bool:
    if not attrs.pods() or attrs.operation != CREATE:
        return False
    spec = attrs.obj["spec"]
    if _mirror(attrs.obj):
        if spec.get("serviceAccountName"):
            raise forbidden(attrs, "a mirror pod may not reference service accounts")
        return True
    if not spec.get("serviceAccountName"):
        pod = f"{attrs.namespace}/{attrs.display_name()}"
        raise forbidden(attrs, f"no service account specified for pod {pod}")
    _service_account(attrs, store, spec["serviceAccountName"])
    return True


def _mirror(pod: Object) -> bool:
    return meta.MIRROR_POD_ANNOTATION in ((pod.get("metadata") or {}).get("annotations") or {})


def _service_account(attrs: Attributes, store: Store, name: str) -> Object | None:
    account = store.lookup("serviceaccounts", attrs.namespace, name)
    if account is None:
        raise forbidden(
            attrs,
            f"error looking up service account {attrs.namespace}/{name}: "
            f'serviceaccount "{name}" not found',
        )
    return account


def _automount(account: Object, spec: Object) -> bool:
    """The pod's preference wins, then the account's; mount by default."""
    for holder in (spec, account):
        if holder.get("automountServiceAccountToken") is not None:
            return bool(holder["automountServiceAccountToken"])
    return True


def _mount_token(spec: Object, store: Store) -> None:
    volumes = spec.get("volumes") or []
    existing = next(
        (v["name"] for v in volumes if v.get("name", "").startswith(TOKEN_VOLUME_PREFIX)), ""
    )
    name = existing or TOKEN_VOLUME_PREFIX + store.random_suffix()
    mount = {"name": name, "readOnly": True, "mountPath": TOKEN_MOUNT_PATH}
    needed = False
    for key in ("initContainers", "containers"):
        for container in spec.get(key) or []:
            mounts = container.get("volumeMounts") or []
            if all(m.get("mountPath") != TOKEN_MOUNT_PATH for m in mounts):
                container["volumeMounts"] = [*mounts, dict(mount)]
                needed = True
    if needed and not existing:
        spec["volumes"] = [*volumes, {"name": name, "projected": token_volume_source()}]


def token_volume_source() -> Object:
    """TokenVolumeSource: the bound token, the cluster's CA bundle and the namespace."""
    return {
        "defaultMode": 420,
        "sources": [
            {
                "serviceAccountToken": {
                    "expirationSeconds": TOKEN_EXPIRATION_SECONDS,
                    "path": "token",
                }
            },
            {
                "configMap": {
                    "name": "kube-root-ca.crt",
                    "items": [{"key": "ca.crt", "path": "ca.crt"}],
                }
            },
            {
                "downwardAPI": {
                    "items": [
                        {
                            "path": "namespace",
                            "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"},
                        }
                    ]
                }
            },
        ],
    }


# -- Priority and DefaultTolerationSeconds -------------------------------------------------------


PREEMPT_LOWER_PRIORITY = "PreemptLowerPriority"


def priority(attrs: Attributes, store: Store) -> bool:
    """Priority (Admit): a new pod gets the value and preemption policy of its PriorityClass,
    or of the global default one, or 0; an update keeps what the pod had."""
    if not attrs.pods() or attrs.operation not in (CREATE, UPDATE):
        return False
    spec = attrs.obj["spec"]
    if attrs.operation == UPDATE:
        old = (attrs.old or {}).get("spec") or {}
        for name in ("priority", "preemptionPolicy"):
            if spec.get(name) is None and old.get(name) is not None:
                spec[name] = old[name]
        return False
    name = spec.get("priorityClassName") or ""
    if name:
        pc = store.lookup("priorityclasses", "", name)
        if pc is None:
            raise forbidden(attrs, f"no PriorityClass with name {name} was found")
    else:
        pc = _default_priority_class(store)
        if pc is not None:
            spec["priorityClassName"] = pc["metadata"]["name"]
    value = pc.get("value", 0) if pc is not None else 0
    policy = pc.get("preemptionPolicy") if pc is not None else PREEMPT_LOWER_PRIORITY
    if spec.get("priority") is not None and spec["priority"] != value:
        raise forbidden(
            attrs,
            f"the integer value of priority ({spec['priority']}) must not be provided in pod "
            f"spec; priority admission controller computed {value} from the given "
            "PriorityClass name",
        )
    spec["priority"] = value
    if policy is not None:
        if spec.get("preemptionPolicy") not in (None, policy):
            raise forbidden(
                attrs,
                f"the string value of PreemptionPolicy ({spec['preemptionPolicy']}) must not be "
                f"provided in pod spec; priority admission controller computed {policy} from "
                "the given PriorityClass name",
            )
        spec["preemptionPolicy"] = policy
    return True


def validate_priority_class(attrs: Attributes, store: Store) -> bool:
    """Priority (Validate): only one PriorityClass may be the global default."""
    if attrs.resource.name != "priorityclasses" or attrs.subresource or attrs.obj is None:
        return False
    if attrs.operation not in (CREATE, UPDATE):
        return False
    if attrs.obj.get("globalDefault"):
        current = _default_priority_class(store)
        name = attrs.obj["metadata"].get("name", "")
        if current is not None and (
            attrs.operation == CREATE or current["metadata"]["name"] != name
        ):
            raise forbidden(
                attrs,
                f"PriorityClass {name} is marked as default and another PriorityClass "
                f"{current['metadata']['name']} is already marked as default",
            )
    return True


def _default_priority_class(store: Store) -> Object | None:
    """getDefaultPriorityClass: of the global defaults, the one with the lowest value."""
    defaults = [pc for pc in store.objects("priorityclasses", "") if pc.get("globalDefault")]
    return min(defaults, key=lambda pc: pc.get("value", 0), default=None)


def default_toleration_seconds(attrs: Attributes, _: Store) -> bool:
    """Pods tolerate a not-ready or unreachable node for 300 s before they are evicted."""
    if not attrs.pods() or attrs.operation != CREATE:
        return False
    tolerations = attrs.obj["spec"].setdefault("tolerations", [])
    tolerates_all = any(t.get("operator") == "Exists" and not t.get("key") for t in tolerations)
    for key in (NOT_READY, UNREACHABLE):
        if tolerates_all or any(
            t.get("key") == key and t.get("effect") in ("NoExecute", None, "") for t in tolerations
        ):
            continue
        tolerations.append(
            {
                "key": key,
                "operator": "Exists",
                "effect": "NoExecute",
                "tolerationSeconds": DEFAULT_TOLERATION_SECONDS,
            }
        )
    return True


# -- the chain ---------------------------------------------------------------------------------

Check = Callable[[Attributes, Store], bool]
Phase = Check | None
Chain = tuple[tuple[str, Check], ...]  # a phase's plugins, by name, in order

PODS = frozenset({"pods"})
CLAIMS = frozenset({"persistentvolumeclaims"})
# name, the resources it acts on (None: any), mutating (Admit), validating (Validate): in
# kube-apiserver's order. Each plugin still checks what it is given; the resources only
# spare calling it for a write it would find is not its own
PLUGINS: tuple[tuple[str, frozenset[str] | None, Phase, Phase], ...] = (
    ("NamespaceLifecycle", None, namespace_lifecycle, None),
    ("LimitRanger", PODS, limitranger.admit, limitranger.validate),
    ("ServiceAccount", PODS, service_account_admit, service_account_validate),
    ("PodSecurity", podsecurity.RESOURCES, None, podsecurity.validate),
    ("Priority", PODS | {"priorityclasses"}, priority, validate_priority_class),
    ("DefaultTolerationSeconds", PODS, default_toleration_seconds, None),
    ("DefaultStorageClass", CLAIMS, storageadmission.default_storage_class, None),
    (
        "StorageObjectInUseProtection",
        CLAIMS | {"persistentvolumes"},
        storageadmission.storage_object_in_use_protection,
        None,
    ),
    ("PersistentVolumeClaimResize", CLAIMS, None, storageadmission.persistent_volume_claim_resize),
    ("RuntimeClass", PODS, runtimeclass.admit, runtimeclass.validate),
    (
        "DefaultIngressClass",
        frozenset({"ingresses"}),
        ingressadmission.default_ingress_class,
        None,
    ),
    ("PodResizeValidator", PODS, None, podresize.validate),
    ("ValidatingAdmissionPolicy", None, None, validatingpolicy.validate),
    ("ResourceQuota", None, None, resourcequota.validate),
)


def _chains(resource: str | None) -> tuple[Chain, Chain]:
    """The mutating and the validating plugins that act on `resource` (None: on a resource
    no plugin names)."""
    plugins = [plugin for plugin in PLUGINS if plugin[1] is None or resource in plugin[1]]
    mutating = tuple((name, admit) for name, _, admit, _ in plugins if admit is not None)
    validating = tuple((name, check) for name, _, _, check in plugins if check is not None)
    return mutating, validating


# the chains of each resource a plugin names, and (under None) those of every other one
_CHAINS = {
    resource: _chains(resource)
    for resource in {None, *(name for plugin in PLUGINS for name in plugin[1] or ())}
}


def _chains_of(resource: Resource) -> tuple[Chain, Chain]:
    return _CHAINS.get(resource.name) or _CHAINS[None]


def mutate(attrs: Attributes, store: Store) -> None:
    """The mutating phase; raises StatusError to refuse. Notes who acted on `attrs.acted`."""
    _run(attrs, store, _chains_of(attrs.resource)[0])


def validate(attrs: Attributes, store: Store) -> None:
    """The validating phase, after the object has been validated."""
    _run(attrs, store, _chains_of(attrs.resource)[1])


def _run(attrs: Attributes, store: Store, plugins: Chain) -> None:
    for name, check in plugins:
        if check(attrs, store) and name not in attrs.acted:
            attrs.acted.append(name)
