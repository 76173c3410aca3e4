"""Authorization: may this user do this verb on this resource?

kube-apiserver asks its authorizers in turn, as `--authorization-mode=Node,RBAC` (kubeadm's)
behind the privileged-group authorizer every kube-apiserver puts first: members of
system:masters may do anything; the Node authorizer decides for kubelets; RBAC for everyone.
The first to allow decides. When none does, the request is forbidden, and the reasons they
gave (joined by newlines, as the union authorizer joins them) end the message.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from cluster.engine.api import fields, resources
from cluster.engine.api.meta import Object
from cluster.engine.api.resources import Resource
from cluster.engine.apiserver import listers, rbac
from cluster.engine.apiserver.authentication import MASTERS, NODE_USER_PREFIX, NODES, UserInfo
from cluster.engine.apiserver.bootstrappolicy import NODE_RULES
from cluster.engine.apiserver.request import Request
from cluster.engine.interning import Interner
from cluster.engine.store import codec

NODE_LEASE_NAMESPACE = "kube-node-lease"  # api.NamespaceNodeLease
BOUND_PODS_REMEMBERED = 500_000  # beyond that, forget them all and read them again
DECISIONS_REMEMBERED = 10_000  # distinct reasons to allow; beyond that, start over


@dataclass(slots=True)
class Attributes:
    """What an authorizer sees of a request (authorizer.Attributes); built for every
    request, so not frozen (a frozen dataclass pays a setattr per field)."""

    user: UserInfo
    verb: str
    namespace: str = ""
    api_group: str = ""
    resource: str = ""
    subresource: str = ""
    name: str = ""
    resource_request: bool = True
    path: str = ""  # of a non-resource request
    field_selector: tuple[fields.Requirement, ...] = ()


def field_requirements(selector: str, kind: str) -> tuple[fields.Requirement, ...]:
    """A field selector's requirements; one that does not parse restricts nothing."""
    try:
        return fields.parse(selector, kind).requirements if selector else ()
    except fields.FieldSelectorError:
        return ()


def attributes(user: UserInfo, request: Request, resource: Resource) -> Attributes:
    """The request's attributes, as RequestInfoFactory resolves them: a list or watch with a
    `metadata.name=` field selector names its object."""
    selector = field_requirements(request.query.get("fieldSelector", ""), resource.kind)
    name = request.name
    if not name and request.verb in ("list", "watch"):
        name = _required(selector, "metadata.name")
    return Attributes(
        user,
        request.verb,
        request.namespace,
        resource.group,
        resource.name,
        request.subresource,
        name,
        field_selector=selector,
    )


_NODE_NAMES_MATTER = any(rule.resource_names for rule in NODE_RULES)


def _node_rules_allow(attrs: Attributes) -> bool:
    """Do the system:node rules allow it? Every kubelet request that no Node check decides
    asks, and the rules never change: the verdict is kept per request shape."""
    name = attrs.name if _NODE_NAMES_MATTER else ""
    request = (attrs.api_group, attrs.resource, attrs.subresource, name, attrs.resource_request)
    return _node_rules_verdict(attrs.verb, *request, attrs.path)


@functools.lru_cache(maxsize=1024)
def _node_rules_verdict(
    verb: str,
    api_group: str,
    resource: str,
    subresource: str,
    name: str,
    resource_request: bool,
    path: str,
) -> bool:
    shape = Attributes(
        UserInfo(""), verb, "", api_group, resource, subresource, name, resource_request, path
    )
    return rbac.rules_allow(shape, NODE_RULES)


def _required(selector: tuple[fields.Requirement, ...], field: str) -> str:
    """RequiresExactMatch: the value `field` must equal, or ""."""
    for requirement in selector:
        if requirement.field == field and requirement.operator == "=":
            return requirement.value
    return ""


@dataclass(frozen=True, slots=True)
class Decision:
    allowed: bool
    reason: str  # as Kubernetes gives it; a forbidden message ends with it
    summary: str  # what the trace says of it


_PRIVILEGED = Decision(True, "", f'allowed: group "{MASTERS}" is privileged')


class Authorizer:
    """The union of the privileged-group, Node and RBAC authorizers."""

    def __init__(self, store: listers.Store, decode: listers.Decode = listers.decode) -> None:
        self.node = NodeAuthorizer(store, decode)
        self.rbac = rbac.RBACAuthorizer(store, decode)
        self._modes = (("Node", self.node), ("RBAC", self.rbac))  # asked in this order
        # a decision to allow, by mode and reason: few, and given again to request after
        # request (a Decision is immutable)
        self._allowed: dict[tuple[str, str], Decision] = {}

    def authorize(self, attrs: Attributes) -> Decision:
        if MASTERS in attrs.user.groups:
            return _PRIVILEGED
        reasons = []
        for mode, authorizer in self._modes:
            allowed, reason = authorizer.authorize(attrs)
            if allowed:
                return self._allowed_by(mode, reason)
            if reason:
                reasons.append(reason)
        reason = "\n".join(reasons)
        return Decision(False, reason, reason or "no authorizer allowed it")

    def _allowed_by(self, mode: str, reason: str) -> Decision:
        found = self._allowed.get((mode, reason))
        if found is None:
            if len(self._allowed) >= DECISIONS_REMEMBERED:
                self._allowed.clear()
            summary = reason or f"allowed by the {mode} authorizer"
            found = self._allowed[mode, reason] = Decision(True, reason, summary)
        return found


# -- the Node authorizer -------------------------------------------------------------------


def node_identity(user: UserInfo) -> tuple[str, bool]:
    """nodeidentifier: the node a user is a kubelet of, and whether it is one at all."""
    if not user.name.startswith(NODE_USER_PREFIX) or NODES not in user.groups:
        return "", False
    return user.name.removeprefix(NODE_USER_PREFIX), True


SECRET, CONFIG_MAP, PVC, SERVICE_ACCOUNT = "secret", "configmap", "pvc", "serviceaccount"

Verdict = tuple[bool, str]  # allowed, reason
_ALLOW: Verdict = (True, "")
_NO_OPINION: Verdict = (False, "")


Vertices = frozenset[tuple[str, str, str]]  # what a pod uses: (kind, namespace, name)


class NodeGraph(listers.StoreView):
    """Which node's pods use which secrets, configmaps, claims and service accounts: the
    edges of the Node authorizer's graph (node <- pod <- secret, ...)."""

    prefixes = (resources.BY_NAME["pods"].prefix(),)

    def __init__(self, store: listers.Store, decode: listers.Decode = listers.decode) -> None:
        super().__init__(store, decode)
        self.reset()

    def reset(self) -> None:
        self._pods: dict[str, tuple[str, Vertices]] = {}
        self._users: dict[tuple[str, str, str], dict[str, int]] = {}  # vertex -> node -> pods
        # each pod's vertices, held once for every pod that has the same (the pods of a
        # namespace mostly use the same service account and kube-root-ca.crt)
        self._vertex_sets: Interner[Vertices] = Interner()

    def put(self, key: str, obj: Object) -> None:
        self.delete(key)
        node = obj["spec"].get("nodeName")
        if not node:
            return
        vertices = self._vertex_sets(frozenset(_referenced(obj)))
        self._pods[key] = (node, vertices)
        for vertex in vertices:
            users = self._users.setdefault(vertex, {})
            users[node] = users.get(node, 0) + 1

    def delete(self, key: str) -> None:
        node, vertices = self._pods.pop(key, ("", frozenset()))
        for vertex in vertices:
            users = self._users[vertex]
            users[node] -= 1
            if not users[node]:
                del users[node]
            if not users:
                del self._users[vertex]

    def has_path(self, node: str, kind: str, namespace: str, name: str) -> bool:
        self.sync()
        return node in self._users.get((kind, namespace, name), {})


def _referenced(pod: Object) -> Iterator[tuple[str, str, str]]:
    """The objects a pod uses (VisitPodSecretNames, VisitPodConfigmapNames, its claims and
    its service account), as (kind, namespace, name)."""
    namespace, spec = pod["metadata"]["namespace"], pod["spec"]
    if spec.get("serviceAccountName"):
        yield SERVICE_ACCOUNT, namespace, spec["serviceAccountName"]
    for secret in spec.get("imagePullSecrets") or ():
        yield SECRET, namespace, secret.get("name", "")
    for kind in ("initContainers", "containers", "ephemeralContainers"):
        for container in spec.get(kind) or ():
            for env in container.get("envFrom") or ():
                yield from _named(namespace, env, SECRET, "secretRef", CONFIG_MAP, "configMapRef")
            for env in container.get("env") or ():
                source = env.get("valueFrom") or {}
                yield from _named(
                    namespace, source, SECRET, "secretKeyRef", CONFIG_MAP, "configMapKeyRef"
                )
    for volume in spec.get("volumes") or ():
        yield from _volume_references(pod, namespace, volume)


def _named(
    namespace: str, holder: Object, *kinds_and_fields: str
) -> Iterator[tuple[str, str, str]]:
    for kind, field in zip(kinds_and_fields[::2], kinds_and_fields[1::2], strict=True):
        if holder.get(field):
            yield kind, namespace, holder[field].get("name", "")


def _volume_references(
    pod: Object, namespace: str, volume: Object
) -> Iterator[tuple[str, str, str]]:
    if volume.get("secret"):
        yield SECRET, namespace, volume["secret"].get("secretName", "")
    yield from _named(namespace, volume, CONFIG_MAP, "configMap")
    for source in (volume.get("projected") or {}).get("sources") or ():
        yield from _named(namespace, source, SECRET, "secret", CONFIG_MAP, "configMap")
    if (volume.get("csi") or {}).get("nodePublishSecretRef"):
        yield SECRET, namespace, volume["csi"]["nodePublishSecretRef"].get("name", "")
    if volume.get("persistentVolumeClaim"):
        yield PVC, namespace, volume["persistentVolumeClaim"].get("claimName", "")
    if volume.get("ephemeral"):
        yield PVC, namespace, f"{pod['metadata']['name']}-{volume.get('name', '')}"


class NodeAuthorizer:
    """plugin/pkg/auth/authorizer/node: a kubelet may touch its own Node and Lease, the pods
    bound to it and what they use, and otherwise only what NodeRules() allow every node.

    The checks that Kubernetes leaves to the NodeRestriction admission plugin (a node may
    modify only its own Node object, and the status of pods bound to it) are made here too,
    with that plugin's messages as reasons.
    """

    def __init__(self, store: listers.Store, decode: listers.Decode = listers.decode) -> None:
        self._store = store
        self.graph = NodeGraph(store, decode)
        self._bound: dict[str, tuple[int, str]] = {}  # pod key -> create revision, node

    def authorize(self, attrs: Attributes) -> Verdict:
        node, is_node = node_identity(attrs.user)
        if not is_node:
            return _NO_OPINION
        if not node:
            return False, f'unknown node for user "{attrs.user.name}"'
        check = _CHECKS.get((attrs.api_group, attrs.resource)) if attrs.resource_request else None
        if check is not None:
            return check(self, node, attrs)
        return _node_rules_allow(attrs), ""

    def _read_namespaced(self, node: str, attrs: Attributes) -> Verdict:
        """authorizeReadNamespacedObject: a secret or configmap a pod on this node uses."""
        if attrs.verb not in ("get", "list", "watch"):
            return False, "can only read resources of this type"
        if attrs.subresource:
            return False, "cannot read subresource"
        if not attrs.namespace:
            return False, "can only read namespaced object of this type"
        kind = SECRET if attrs.resource == "secrets" else CONFIG_MAP
        return self._related(node, kind, attrs)

    def _claims(self, node: str, attrs: Attributes) -> Verdict:
        """persistentvolumeclaims: get one a pod on this node uses, or update its status."""
        if attrs.subresource == "status":
            if attrs.verb not in ("update", "patch"):
                return False, "can only get/update/patch this type"
            return self._related(node, PVC, attrs)
        return self._get_related(node, PVC, attrs)

    def _service_accounts(self, node: str, attrs: Attributes) -> Verdict:
        """authorizeCreateToken: tokens for the service accounts of pods on this node."""
        if attrs.verb != "create" or not attrs.name:
            return False, "can only create tokens for individual service accounts"
        if attrs.subresource != "token":
            return False, "can only create token subresource of serviceaccount"
        return self._related(node, SERVICE_ACCOUNT, attrs)

    def _leases(self, node: str, attrs: Attributes) -> Verdict:
        """authorizeLease: its own Lease in kube-node-lease."""
        if attrs.verb not in ("get", "create", "update", "patch", "delete"):
            return False, "can only get, create, update, patch, or delete a node lease"
        if attrs.namespace != NODE_LEASE_NAMESPACE:
            return False, f'can only access leases in the "{NODE_LEASE_NAMESPACE}" system namespace'
        if attrs.verb != "create" and attrs.name != node:
            return False, "can only access node lease with the same name as the requesting node"
        return _ALLOW

    def _nodes(self, node: str, attrs: Attributes) -> Verdict:
        """authorizeNode: read and write its own Node object and status."""
        writes = (
            ("update", "patch") if attrs.subresource == "status" else ("update", "patch", "create")
        )
        if attrs.subresource not in ("", "status"):
            return _NO_OPINION
        if attrs.verb in writes:
            if attrs.verb != "create" and attrs.name != node:
                return False, f'node "{node}" is not allowed to modify node "{attrs.name}"'
            return _ALLOW
        if attrs.subresource or attrs.verb not in ("get", "list", "watch"):
            return _NO_OPINION
        if attrs.name == node:
            return _ALLOW
        if not attrs.name:
            return False, f"node '{node}' cannot read all nodes, only its own Node object"
        return False, f"node '{node}' cannot read '{attrs.name}', only its own Node object"

    def _pods(self, node: str, attrs: Attributes) -> Verdict:
        """authorizePod: the pods bound to this node."""
        verb, subresource = attrs.verb, attrs.subresource
        if not subresource and verb == "get":
            return self._get_related(node, "pod", attrs)
        if not subresource and verb in ("list", "watch"):
            if _required(attrs.field_selector, "spec.nodeName") == node:
                return _ALLOW
            if attrs.name:
                return self._related(node, "pod", attrs)
            return False, "can only list/watch pods with spec.nodeName field selector"
        if not subresource and verb == "create":
            return _ALLOW  # mirror pods: NodeRestriction checks their node
        if (subresource, verb) in _POD_WRITES:
            verdict = self._bound_here(node, attrs, _POD_WRITES[subresource, verb])
            if verb == "delete":  # the kubelet's last word on a pod: it goes for good
                self._bound.pop(resources.BY_NAME["pods"].key(attrs.namespace, attrs.name), None)
            return verdict
        return _NO_OPINION

    def _bound_here(self, node: str, attrs: Attributes, refusal: str) -> Verdict:
        """NodeRestriction: a pod that exists must be bound to this node."""
        bound = self._pod_node(attrs.namespace, attrs.name)
        if bound is not None and bound != node:
            return False, refusal.format(node=node)
        return _ALLOW

    def _get_related(self, node: str, kind: str, attrs: Attributes) -> Verdict:
        """authorizeGet."""
        if attrs.verb != "get":
            return False, "can only get individual resources of this type"
        if attrs.subresource:
            return False, "cannot get subresource"
        return self._related(node, kind, attrs)

    def _related(self, node: str, kind: str, attrs: Attributes) -> Verdict:
        """authorize: allowed when the named object has a path to this node."""
        if not attrs.name:
            return False, "No Object name found"
        if kind == "pod":
            related = self._pod_node(attrs.namespace, attrs.name) == node
        else:
            related = self.graph.has_path(node, kind, attrs.namespace, attrs.name)
        if not related:
            return False, f"no relationship found between node '{node}' and this object"
        return _ALLOW

    def _pod_node(self, namespace: str, name: str) -> str | None:
        """The node a pod is bound to ("" if none), or None if there is no such pod.

        A pod is bound once and for all, so what was read of it holds for as long as its key
        keeps the same create revision: a kubelet's status reports cost no decoding."""
        key = resources.BY_NAME["pods"].key(namespace, name)
        kv = self._store.get(key)
        if kv is None:
            self._bound.pop(key, None)
            return None
        known = self._bound.get(key)
        if known is not None and known[0] == kv.create_revision:
            return known[1]
        node = sys.intern(codec.decode(kv.value)["spec"].get("nodeName", ""))
        if node:
            if len(self._bound) >= BOUND_PODS_REMEMBERED:
                self._bound.clear()
            self._bound[key] = (kv.create_revision, node)
        return node


# NodeRestriction's refusals for the pod writes a node may make only to its own pods
_POD_WRITES = {
    ("", "delete"): 'node "{node}" can only delete pods with spec.nodeName set to itself',
    ("status", "update"): (
        'node "{node}" can only update pod status for pods with spec.nodeName set to itself'
    ),
    ("status", "patch"): (
        'node "{node}" can only update pod status for pods with spec.nodeName set to itself'
    ),
    ("eviction", "create"): "node {node} can only evict pods with spec.nodeName set to itself",
}

_CHECKS: dict[tuple[str, str], Callable[[NodeAuthorizer, str, Attributes], Verdict]] = {
    ("", "secrets"): NodeAuthorizer._read_namespaced,
    ("", "configmaps"): NodeAuthorizer._read_namespaced,
    ("", "persistentvolumeclaims"): NodeAuthorizer._claims,
    ("", "serviceaccounts"): NodeAuthorizer._service_accounts,
    ("coordination.k8s.io", "leases"): NodeAuthorizer._leases,
    ("", "nodes"): NodeAuthorizer._nodes,
    ("", "pods"): NodeAuthorizer._pods,
}
