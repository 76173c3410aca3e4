"""The default RBAC policy kube-apiserver bootstraps (plugin/pkg/auth/authorizer/rbac/
bootstrappolicy/policy.go and controller_policy.go, as rendered in their testdata).

kube-apiserver's `rbac/bootstrap-roles` post-start hook creates these ClusterRoles and
ClusterRoleBindings through its loopback client, each labelled
`kubernetes.io/bootstrapping: rbac-defaults` and annotated
`rbac.authorization.kubernetes.io/autoupdate: "true"`. Rules are written as policy.go writes
them (`NewRule(verbs...).Groups(...).Resources(...)`, every list sorted); a rule only about
API groups this engine does not serve (autoscaling, extensions, networking, ...) is
left out of what is stored.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Protocol

from cluster.engine.api import resources
from cluster.engine.api.meta import Object
from cluster.engine.apiserver import rbac
from cluster.engine.apiserver.authentication import AUTHENTICATED, MASTERS
from cluster.engine.apiserver.rbac import ALL, PolicyRule
from cluster.engine.apiserver.request import Response

UNAUTHENTICATED = "system:unauthenticated"
KUBE_SCHEDULER = "system:kube-scheduler"
KUBE_CONTROLLER_MANAGER = "system:kube-controller-manager"
KUBE_PROXY = "system:kube-proxy"
NODE = "system:node"

LABELS = {"kubernetes.io/bootstrapping": "rbac-defaults"}
ANNOTATIONS = {"rbac.authorization.kubernetes.io/autoupdate": "true"}
AGGREGATE_TO = "rbac.authorization.k8s.io/aggregate-to-"

READ = "get list watch"
WRITE = "create update patch delete deletecollection"
READ_WRITE = f"{READ} {WRITE}"
READ_UPDATE = f"{READ} update patch"

CORE = ("",)
ADMISSIONREGISTRATION = ("admissionregistration.k8s.io",)
APPS = ("apps",)
EXTENSIONS = ("extensions",)
AUTHENTICATION = ("authentication.k8s.io",)
AUTHORIZATION = ("authorization.k8s.io",)
AUTOSCALING = ("autoscaling",)
BATCH = ("batch",)
CERTIFICATES = ("certificates.k8s.io",)
COORDINATION = ("coordination.k8s.io",)
DISCOVERY = ("discovery.k8s.io",)
NETWORKING = ("networking.k8s.io",)
NODE_API = ("node.k8s.io",)
POLICY = ("policy",)
RBAC = (resources.RBAC,)
RESOURCE = ("resource.k8s.io",)
STORAGE = ("storage.k8s.io",)
EVENTS = ("", "events.k8s.io")


def rule(verbs: str, groups: tuple[str, ...], names: str, resource_names: str = "") -> PolicyRule:
    """NewRule(verbs).Groups(groups).Resources(names).Names(resource_names).RuleOrDie()."""
    return PolicyRule(
        tuple(sorted(verbs.split())),
        tuple(sorted(groups)),
        tuple(sorted(names.split())),
        tuple(sorted(resource_names.split())),
    )


def urls(verbs: str, paths: str) -> PolicyRule:
    """NewRule(verbs).URLs(paths).RuleOrDie()."""
    return PolicyRule(tuple(sorted(verbs.split())), non_resource_urls=tuple(sorted(paths.split())))


def events_rule() -> PolicyRule:
    return rule("create update patch", EVENTS, "events")


# NodeRules(): what every kubelet may do; the Node authorizer narrows it to its own node.
NODE_RULES = (
    rule("create", AUTHENTICATION, "tokenreviews"),
    rule("create", AUTHORIZATION, "subjectaccessreviews localsubjectaccessreviews"),
    rule(READ, CORE, "services"),
    rule("create get list watch", CORE, "nodes"),
    rule("update patch", CORE, "nodes/status"),
    rule("update patch", CORE, "nodes"),
    rule("create update patch", EVENTS, "events"),
    rule(READ, CORE, "pods"),
    rule("create delete", CORE, "pods"),
    rule("update patch", CORE, "pods/status"),
    rule("create", CORE, "pods/eviction"),
    rule("get list watch", CORE, "secrets configmaps"),
    rule("get", CORE, "persistentvolumeclaims persistentvolumes"),
    rule("get", CORE, "endpoints"),
    rule("create get list watch", CERTIFICATES, "certificatesigningrequests"),
    rule("get create update patch delete", COORDINATION, "leases"),
    rule("get", STORAGE, "volumeattachments"),
    rule("create", CORE, "serviceaccounts/token"),
    rule("get update patch", CORE, "persistentvolumeclaims/status"),
    rule("get watch list", STORAGE, "csidrivers"),
    rule("get create update patch delete", STORAGE, "csinodes"),
    rule("get list watch", NODE_API, "runtimeclasses"),
    rule("get", RESOURCE, "resourceclaims"),
    rule("deletecollection", RESOURCE, "resourceslices"),
    rule("get", CORE, "serviceaccounts"),
)

_KUBE_CONTROLLER_MANAGER_RULES = (
    events_rule(),
    rule("create", COORDINATION, "leases"),
    rule("get update", COORDINATION, "leases", "kube-controller-manager"),
    rule("create", CORE, "secrets serviceaccounts"),
    rule("delete", CORE, "secrets"),
    rule("get", CORE, "namespaces secrets serviceaccounts configmaps"),
    rule("update", CORE, "secrets serviceaccounts"),
    rule("create", AUTHENTICATION, "tokenreviews"),
    rule("create", AUTHORIZATION, "subjectaccessreviews"),
    rule("list watch", (ALL,), ALL),
    rule("create", CORE, "serviceaccounts/token"),
)

# controller_policy.go: the roles of the controllers this engine's kube-controller-manager
# runs, or will (nodeipam runs with the node-controller's service account).
_CONTROLLER_RULES = {
    "replicaset-controller": (
        rule("get list watch update", APPS + EXTENSIONS, "replicasets"),
        rule("update", APPS + EXTENSIONS, "replicasets/status"),
        rule("update", APPS + EXTENSIONS, "replicasets/finalizers"),
        rule("list watch patch create delete", CORE, "pods"),
        events_rule(),
    ),
    "service-cidrs-controller": (
        rule("get list watch patch update", NETWORKING, "servicecidrs"),
        rule("patch update", NETWORKING, "servicecidrs/finalizers"),
        rule("patch update", NETWORKING, "servicecidrs/status"),
        rule("get list watch", NETWORKING, "ipaddresses"),
        events_rule(),
    ),
    "validatingadmissionpolicy-status-controller": (
        rule("get list watch", ADMISSIONREGISTRATION, "validatingadmissionpolicies"),
        rule("get patch update", ADMISSIONREGISTRATION, "validatingadmissionpolicies/status"),
        events_rule(),
    ),
    "replication-controller": (
        rule("get list watch update", CORE, "replicationcontrollers"),
        rule("update", CORE, "replicationcontrollers/status"),
        rule("update", CORE, "replicationcontrollers/finalizers"),
        rule("list watch patch create delete", CORE, "pods"),
        events_rule(),
    ),
    "deployment-controller": (
        rule("get list watch update", APPS + EXTENSIONS, "deployments"),
        rule("update", APPS + EXTENSIONS, "deployments/status"),
        rule("update", APPS + EXTENSIONS, "deployments/finalizers"),
        rule("get list watch create update patch delete", APPS + EXTENSIONS, "replicasets"),
        rule("get list watch update", CORE, "pods"),
        events_rule(),
    ),
    "daemon-set-controller": (
        rule("get list watch", APPS + EXTENSIONS, "daemonsets"),
        rule("update", APPS + EXTENSIONS, "daemonsets/status"),
        rule("update", APPS + EXTENSIONS, "daemonsets/finalizers"),
        rule("list watch", CORE, "nodes"),
        rule("list watch create delete patch", CORE, "pods"),
        rule("create", CORE, "pods/binding"),
        rule("get list watch create delete update patch", APPS, "controllerrevisions"),
        events_rule(),
    ),
    "statefulset-controller": (
        rule("list watch", CORE, "pods"),
        rule("get list watch", APPS, "statefulsets"),
        rule("update", APPS, "statefulsets/status"),
        rule("update", APPS, "statefulsets/finalizers"),
        rule("get create delete update patch", CORE, "pods"),
        rule("get create delete update patch list watch", APPS, "controllerrevisions"),
        rule("get create list watch", CORE, "persistentvolumeclaims"),
        rule("update delete", CORE, "persistentvolumeclaims"),
        rule("update", CORE, "pods/finalizers"),
        events_rule(),
    ),
    "disruption-controller": (
        rule("get list watch", EXTENSIONS + APPS, "deployments"),
        rule("get list watch", APPS + EXTENSIONS, "replicasets"),
        rule("get list watch", CORE, "replicationcontrollers"),
        rule("get list watch", POLICY, "poddisruptionbudgets"),
        rule("get list watch", APPS, "statefulsets"),
        rule("update", POLICY, "poddisruptionbudgets/status"),
        rule("get", (ALL,), "*/scale"),
        events_rule(),
    ),
    "horizontal-pod-autoscaler": (
        rule("get list watch", AUTOSCALING, "horizontalpodautoscalers"),
        rule("update", AUTOSCALING, "horizontalpodautoscalers/status"),
        rule("get update", (ALL,), "*/scale"),
        rule("list watch", CORE, "pods"),
        # resource, custom and external metrics
        rule("list watch", (resources.METRICS,), "pods"),
        rule("get list watch", ("custom.metrics.k8s.io",), ALL),
        rule("get list watch", ("external.metrics.k8s.io",), ALL),
        events_rule(),
    ),
    "cronjob-controller": (
        rule("get list watch update", BATCH, "cronjobs"),
        rule("get list watch create update delete patch", BATCH, "jobs"),
        rule("update", BATCH, "cronjobs/status"),
        rule("update", BATCH, "cronjobs/finalizers"),
        rule("list delete", CORE, "pods"),
        events_rule(),
    ),
    "job-controller": (
        rule("get list watch update patch", BATCH, "jobs"),
        rule("update", BATCH, "jobs/status"),
        rule("update", BATCH, "jobs/finalizers"),
        rule("list watch create delete patch", CORE, "pods"),
        events_rule(),
    ),
    "generic-garbage-collector": (
        rule("get list watch patch update delete", (ALL,), ALL),
        events_rule(),
    ),
    "namespace-controller": (
        rule("get list watch delete", CORE, "namespaces"),
        rule("update", CORE, "namespaces/finalize namespaces/status"),
        rule("get list delete deletecollection", (ALL,), ALL),
    ),
    "service-account-controller": (rule("create", CORE, "serviceaccounts"), events_rule()),
    "node-controller": (
        rule("get list update delete patch", CORE, "nodes"),
        rule("patch update", CORE, "nodes/status"),
        rule("patch update", CORE, "pods/status"),
        rule("list get delete", CORE, "pods"),
        events_rule(),
    ),
    "pod-garbage-collector": (
        rule("list watch delete", CORE, "pods"),
        rule("get list", CORE, "nodes"),
        rule("patch", CORE, "pods/status"),
    ),
    "endpoint-controller": (
        rule(READ, CORE, "services pods"),
        rule("get list watch create update delete", CORE, "endpoints"),
        rule("create", CORE, "endpoints/restricted"),
        events_rule(),
    ),
    "endpointslice-controller": (
        rule(READ, CORE, "services pods nodes"),
        rule("update", CORE, "services/finalizers"),
        rule("get list watch create update delete", DISCOVERY, "endpointslices"),
        rule("create", DISCOVERY, "endpointslices/restricted"),
        events_rule(),
    ),
    "endpointslicemirroring-controller": (
        rule(READ, CORE, "services endpoints"),
        rule("update", CORE, "services/finalizers"),
        rule("update", CORE, "endpoints/finalizers"),
        rule("get list watch create update delete", DISCOVERY, "endpointslices"),
        rule("create", DISCOVERY, "endpointslices/restricted"),
        events_rule(),
    ),
    "resourcequota-controller": (
        rule("list watch", (ALL,), ALL),
        rule("update", CORE, "resourcequotas/status"),
        events_rule(),
    ),
    "ttl-after-finished-controller": (rule("get list watch delete", BATCH, "jobs"), events_rule()),
    "root-ca-cert-publisher": (rule("create update", CORE, "configmaps"), events_rule()),
    "clusterrole-aggregation-controller": (
        rule("escalate get list patch update watch", RBAC, "clusterroles"),
    ),
    "persistent-volume-binder": (
        rule("get list watch update create delete", CORE, "persistentvolumes"),
        rule("update", CORE, "persistentvolumes/status"),
        rule("get list watch update", CORE, "persistentvolumeclaims"),
        rule("update", CORE, "persistentvolumeclaims/status"),
        rule("list watch get create delete", CORE, "pods"),
        rule(READ, STORAGE, "storageclasses"),
        rule("list watch", CORE, "nodes"),
        events_rule(),
        rule("watch", CORE, "events"),  # recyclerClient.WatchPod
    ),
    "pvc-protection-controller": (
        rule("get list watch update", CORE, "persistentvolumeclaims"),
        rule("update", CORE, "persistentvolumeclaims/status"),
        rule("list watch get", CORE, "pods"),
        events_rule(),
    ),
    "pv-protection-controller": (
        rule("get list watch update", CORE, "persistentvolumes"),
        events_rule(),
    ),
}


def kube_controller_manager_rules() -> tuple[PolicyRule, ...]:
    """system:kube-controller-manager, plus the rules of every controller's own role.

    A real kube-controller-manager runs with `--use-service-account-credentials`: each
    controller acts as its own service account in kube-system, bound to its
    `system:controller:<name>` ClusterRole, and the manager's identity only lists and watches
    for the shared informers. This engine's manager makes every request as
    system:kube-controller-manager, so that role holds the union of those controller roles.
    """
    union = dict.fromkeys(_KUBE_CONTROLLER_MANAGER_RULES)
    for rules in _CONTROLLER_RULES.values():
        union.update(dict.fromkeys(rules))
    return tuple(union)


@dataclass(frozen=True, slots=True)
class _ClusterRole:
    name: str
    rules: tuple[PolicyRule, ...] = ()
    labels: tuple[tuple[str, str], ...] = ()
    aggregate: str = ""  # its aggregationRule picks the roles labelled aggregate-to-this

    def to_object(self) -> Object:
        """The role with the rules about what this engine serves."""
        obj: Object = {
            "apiVersion": f"{resources.RBAC}/v1",
            "kind": "ClusterRole",
            "metadata": _metadata(self.name, dict(self.labels)),
        }
        if self.aggregate:
            obj["aggregationRule"] = {"clusterRoleSelectors": [_aggregate_selector(self.aggregate)]}
        obj["rules"] = [r.to_object() for r in self.rules if _served(r)]
        return obj


def _aggregate_to(role: str) -> tuple[tuple[str, str], ...]:
    return ((f"{AGGREGATE_TO}{role}", "true"),)


def _aggregate_selector(role: str) -> Object:
    return {"matchLabels": dict(_aggregate_to(role))}


_CLUSTER_ROLES = (
    _ClusterRole("cluster-admin", (rule("*", (ALL,), ALL), urls("*", "*"))),
    _ClusterRole(
        "system:discovery",
        (
            urls(
                "get",
                "/livez /readyz /healthz /version /version/ /openapi /openapi/* "
                "/api /api/* /apis /apis/*",
            ),
        ),
    ),
    _ClusterRole(
        "system:basic-user",
        (
            rule("create", AUTHORIZATION, "selfsubjectaccessreviews selfsubjectrulesreviews"),
            rule("create", AUTHENTICATION, "selfsubjectreviews"),
        ),
    ),
    _ClusterRole(
        "system:public-info-viewer", (urls("get", "/livez /readyz /healthz /version /version/"),)
    ),
    _ClusterRole("admin", aggregate="admin"),
    _ClusterRole("edit", labels=_aggregate_to("admin"), aggregate="edit"),
    _ClusterRole("view", labels=_aggregate_to("edit"), aggregate="view"),
    _ClusterRole(
        "system:aggregate-to-admin",
        (
            rule("create", AUTHORIZATION, "localsubjectaccessreviews"),
            rule(READ_WRITE, RBAC, "roles rolebindings"),
        ),
        _aggregate_to("admin"),
    ),
    _ClusterRole(
        "system:aggregate-to-edit",
        (
            rule(
                READ,
                CORE,
                "pods/attach pods/proxy pods/exec pods/portforward secrets services/proxy",
            ),
            rule("impersonate", CORE, "serviceaccounts"),
            rule(WRITE, CORE, "pods pods/attach pods/proxy pods/exec pods/portforward"),
            rule("create", CORE, "pods/eviction"),
            rule(
                WRITE,
                CORE,
                "replicationcontrollers replicationcontrollers/scale serviceaccounts services "
                "services/proxy persistentvolumeclaims configmaps secrets",
            ),
            rule("create", CORE, "serviceaccounts/token"),
            rule(WRITE, EVENTS, "events"),
            rule(
                WRITE,
                APPS,
                "statefulsets statefulsets/scale daemonsets deployments deployments/scale "
                "deployments/rollback replicasets replicasets/scale",
            ),
            rule(WRITE, AUTOSCALING, "horizontalpodautoscalers"),
            rule(WRITE, BATCH, "jobs cronjobs"),
            rule(
                WRITE,
                EXTENSIONS,
                "daemonsets deployments deployments/scale deployments/rollback ingresses "
                "replicasets replicasets/scale replicationcontrollers/scale networkpolicies",
            ),
            rule(WRITE, POLICY, "poddisruptionbudgets"),
            rule(WRITE, NETWORKING, "networkpolicies ingresses"),
            rule(READ_WRITE, COORDINATION, "leases"),
            rule(WRITE, RESOURCE, "resourceclaims resourceclaimtemplates"),
        ),
        _aggregate_to("edit"),
    ),
    _ClusterRole(
        "system:aggregate-to-view",
        (
            rule(
                READ,
                CORE,
                "pods replicationcontrollers replicationcontrollers/scale serviceaccounts "
                "services services/status endpoints persistentvolumeclaims "
                "persistentvolumeclaims/status configmaps",
            ),
            rule(
                READ,
                CORE,
                "limitranges resourcequotas bindings pods/status resourcequotas/status "
                "namespaces/status replicationcontrollers/status pods/log",
            ),
            rule(READ, CORE, "namespaces"),
            rule(READ, EVENTS, "events"),
            rule(READ, DISCOVERY, "endpointslices"),
            rule(
                READ,
                APPS,
                "controllerrevisions statefulsets statefulsets/status statefulsets/scale "
                "daemonsets daemonsets/status deployments deployments/status deployments/scale "
                "replicasets replicasets/status replicasets/scale",
            ),
            rule(READ, AUTOSCALING, "horizontalpodautoscalers horizontalpodautoscalers/status"),
            rule(READ, BATCH, "jobs cronjobs cronjobs/status jobs/status"),
            rule(
                READ,
                EXTENSIONS,
                "daemonsets daemonsets/status deployments deployments/scale deployments/status "
                "ingresses ingresses/status replicasets replicasets/scale replicasets/status "
                "replicationcontrollers/scale networkpolicies",
            ),
            rule(READ, POLICY, "poddisruptionbudgets poddisruptionbudgets/status"),
            rule(READ, NETWORKING, "ingresses ingresses/status networkpolicies"),
            rule(READ, RESOURCE, "resourceclaims resourceclaims/status resourceclaimtemplates"),
        ),
        _aggregate_to("view"),
    ),
    _ClusterRole(NODE, NODE_RULES),
    _ClusterRole(KUBE_CONTROLLER_MANAGER, kube_controller_manager_rules()),
    _ClusterRole("system:kube-dns", (rule("list watch", CORE, "endpoints services"),)),
    _ClusterRole(
        "system:volume-scheduler",
        (
            rule(READ_UPDATE, CORE, "persistentvolumes"),
            rule(READ, STORAGE, "storageclasses"),
            rule(READ_UPDATE, CORE, "persistentvolumeclaims"),
        ),
    ),
    _ClusterRole(
        "system:node-proxier",
        (
            rule("list watch", CORE, "services endpoints"),
            rule("get list watch", CORE, "nodes"),
            events_rule(),
            rule("list watch", NETWORKING, "servicecidrs"),
            rule("list watch", DISCOVERY, "endpointslices"),
        ),
    ),
    _ClusterRole(
        KUBE_SCHEDULER,
        (
            events_rule(),
            rule("create", COORDINATION, "leases"),
            rule("get list update watch", COORDINATION, "leases", "kube-scheduler"),
            rule(READ_WRITE, COORDINATION, "leasecandidates"),
            rule(READ, CORE, "nodes"),
            rule("get list watch delete", CORE, "pods"),
            rule("create", CORE, "pods/binding bindings"),
            rule("patch update", CORE, "pods/status"),
            rule(READ, CORE, "services replicationcontrollers"),
            rule(READ, APPS + EXTENSIONS, "replicasets"),
            rule(READ, APPS, "statefulsets"),
            rule(READ, POLICY, "poddisruptionbudgets"),
            rule(READ, CORE, "persistentvolumeclaims persistentvolumes"),
            rule("create", AUTHENTICATION, "tokenreviews"),
            rule("create", AUTHORIZATION, "subjectaccessreviews"),
            rule(READ, STORAGE, "csinodes"),
            rule(READ, STORAGE, "volumeattachments"),
            rule(READ, CORE, "namespaces"),
            rule(READ, STORAGE, "csidrivers"),
            rule(READ, STORAGE, "csistoragecapacities"),
            rule(READ, RESOURCE, "deviceclasses"),
            rule(READ_UPDATE, RESOURCE, "resourceclaims"),
            rule(READ_UPDATE, RESOURCE, "resourceclaims/status"),
            rule("update", CORE, "pods/finalizers"),
            rule(READ, RESOURCE, "resourceslices"),
            rule("create delete", RESOURCE, "resourceclaims"),
        ),
    ),
)

# ClusterRoleBindings(): (name, subjects); each binds the ClusterRole of the same name.
_CLUSTER_ROLE_BINDINGS: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...] = (
    ("cluster-admin", (("Group", MASTERS, ""),)),
    ("system:discovery", (("Group", AUTHENTICATED, ""),)),
    ("system:basic-user", (("Group", AUTHENTICATED, ""),)),
    (
        "system:public-info-viewer",
        (("Group", AUTHENTICATED, ""), ("Group", UNAUTHENTICATED, "")),
    ),
    ("system:node-proxier", (("User", KUBE_PROXY, ""),)),
    (KUBE_CONTROLLER_MANAGER, (("User", KUBE_CONTROLLER_MANAGER, ""),)),
    ("system:kube-dns", (("ServiceAccount", "kube-dns", "kube-system"),)),
    (KUBE_SCHEDULER, (("User", KUBE_SCHEDULER, ""),)),
    ("system:volume-scheduler", (("User", KUBE_SCHEDULER, ""),)),
    # deprecated since the Node authorizer: kept, with no subjects, for reconciliation
    (NODE, ()),
)


def _metadata(name: str, labels: dict[str, str]) -> Object:
    return {"name": name, "labels": {**LABELS, **labels}, "annotations": dict(ANNOTATIONS)}


def _served(rule: PolicyRule) -> bool:
    """Whether a rule is about something this engine serves: any of its groups, or URLs."""
    served = {resource.group for resource in resources.all_resources()} | {ALL}
    return bool(rule.non_resource_urls) or not served.isdisjoint(rule.api_groups)


@functools.cache  # the same for every cluster: requests copy what they send
def cluster_roles() -> tuple[Object, ...]:
    """The default ClusterRoles, in policy.go's order. Admin, edit and view already hold the
    rules the clusterrole-aggregation controller gives them, so that it finds nothing to do
    (Kubernetes creates them empty and the controller fills them within a second)."""
    roles = {role.name: role.to_object() for role in _CLUSTER_ROLES}
    for _ in range(len(roles)):  # until nothing changes: edit picks view, admin picks edit
        changed = False
        for role in roles.values():
            if "aggregationRule" in role:
                rules = rbac.aggregated_rules(role, roles.values())
                changed |= rules != role["rules"]
                role["rules"] = rules
        if not changed:
            break
    return tuple(roles.values())


def _subject(kind: str, name: str, namespace: str) -> Object:
    if kind == "ServiceAccount":
        return {"kind": kind, "name": name, "namespace": namespace}
    return {"apiGroup": resources.RBAC, "kind": kind, "name": name}


@functools.cache
def cluster_role_bindings() -> tuple[Object, ...]:
    bindings = []
    for name, subjects in _CLUSTER_ROLE_BINDINGS:
        binding: Object = {
            "apiVersion": f"{resources.RBAC}/v1",
            "kind": "ClusterRoleBinding",
            "metadata": _metadata(name, {}),
            "roleRef": {"apiGroup": resources.RBAC, "kind": "ClusterRole", "name": name},
        }
        if subjects:
            binding["subjects"] = [_subject(*subject) for subject in subjects]
        bindings.append(binding)
    return tuple(bindings)


class Loopback(Protocol):
    """kube-apiserver's loopback client."""

    def request(
        self, verb: str, resource: str, namespace: str = "", name: str = "", **options: object
    ) -> Response: ...


def ensure_rbac_policy(loopback: Loopback) -> None:
    """The rbac/bootstrap-roles post-start hook: create every default ClusterRole, then every
    ClusterRoleBinding, that does not exist yet."""
    for resource, objects in (
        ("clusterroles", cluster_roles()),
        ("clusterrolebindings", cluster_role_bindings()),
    ):
        for obj in objects:
            response = loopback.request("create", resource, body=obj)
            if not response.ok and response.body.get("reason") != "AlreadyExists":
                kind = resources.BY_NAME[resource].singular_name
                raise RuntimeError(
                    f"unable to reconcile {kind}.{resources.RBAC}/{obj['metadata']['name']}: "
                    f"{response.body.get('message')}"
                )
