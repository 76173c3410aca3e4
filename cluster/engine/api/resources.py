"""The resources kube-apiserver serves: their group, version, kind, scope and storage key."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Resource:
    name: str  # plural, as in URLs: "pods"
    kind: str
    namespaced: bool
    group: str = ""
    version: str = "v1"
    short_names: tuple[str, ...] = ()
    storage: str = ""  # the etcd prefix under /registry, when it differs from `name`
    subresources: tuple[str, ...] = ()
    singular: str = ""
    verbs: tuple[str, ...] = ()  # the verbs it serves, when not all of ALL_VERBS
    deprecation: str = ""  # the warning every request about a deprecated resource gets

    def serves(self, verb: str) -> bool:
        return not self.verbs or verb in self.verbs

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version

    @property
    def group_resource(self) -> str:
        """`pods`, `deployments.apps`: how errors name a resource."""
        return f"{self.name}.{self.group}" if self.group else self.name

    @property
    def singular_name(self) -> str:
        return self.singular or self.kind.lower()

    def key(self, namespace: str, name: str) -> str:
        """The etcd key of one object: its prefix (written out, as every write asks) and name."""
        base = f"/registry/{self.storage or self.name}/"
        return f"{base}{namespace}/{name}" if self.namespaced and namespace else f"{base}{name}"

    def prefix(self, namespace: str = "") -> str:
        """The etcd prefix of every object of this resource (in `namespace`)."""
        base = f"/registry/{self.storage or self.name}/"
        return f"{base}{namespace}/" if self.namespaced and namespace else base


APPS = "apps"
BATCH = "batch"
RBAC = "rbac.authorization.k8s.io"
COORDINATION = "coordination.k8s.io"
AUTHORIZATION = "authorization.k8s.io"
AUTHENTICATION = "authentication.k8s.io"
METRICS = "metrics.k8s.io"
DISCOVERY = "discovery.k8s.io"
SCHEDULING = "scheduling.k8s.io"
STORAGE = "storage.k8s.io"
NETWORKING = "networking.k8s.io"
POLICY = "policy"
AUTOSCALING = "autoscaling"
APIEXTENSIONS = "apiextensions.k8s.io"
NODE = "node.k8s.io"
ADMISSIONREGISTRATION = "admissionregistration.k8s.io"
ALL_VERBS = ("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch")

_ALL = (
    Resource(
        "namespaces",
        "Namespace",
        False,
        short_names=("ns",),
        subresources=("status", "finalize"),
        verbs=("create", "delete", "get", "list", "patch", "update", "watch"),  # never a collection
    ),
    Resource(
        "nodes",
        "Node",
        False,
        short_names=("no",),
        storage="minions",
        subresources=("status", "proxy"),
    ),
    Resource(
        "pods",
        "Pod",
        True,
        short_names=("po",),
        subresources=(
            "status",
            "binding",
            "log",
            "eviction",
            "exec",
            "attach",
            "ephemeralcontainers",
            "resize",
            "proxy",
            "portforward",
        ),
    ),
    Resource("podtemplates", "PodTemplate", True),
    Resource(
        "replicationcontrollers",
        "ReplicationController",
        True,
        short_names=("rc",),
        subresources=("status", "scale"),
    ),
    # a pod's binding, posted to its namespace: create is all it serves
    Resource("bindings", "Binding", True, verbs=("create",)),
    Resource("configmaps", "ConfigMap", True, short_names=("cm",)),
    Resource("secrets", "Secret", True),
    Resource(
        "serviceaccounts", "ServiceAccount", True, short_names=("sa",), subresources=("token",)
    ),
    Resource(
        "services",
        "Service",
        True,
        short_names=("svc",),
        storage="services/specs",
        subresources=("status",),
        verbs=("create", "delete", "get", "list", "patch", "update", "watch"),  # no collection
    ),
    Resource(
        "endpoints",
        "Endpoints",
        True,
        short_names=("ep",),
        storage="services/endpoints",
        deprecation="v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice",
    ),
    Resource("events", "Event", True, short_names=("ev",)),
    Resource("limitranges", "LimitRange", True, short_names=("limits",)),
    Resource(
        "resourcequotas", "ResourceQuota", True, short_names=("quota",), subresources=("status",)
    ),
    Resource(
        "persistentvolumes",
        "PersistentVolume",
        False,
        short_names=("pv",),
        subresources=("status",),
    ),
    Resource(
        "persistentvolumeclaims",
        "PersistentVolumeClaim",
        True,
        short_names=("pvc",),
        subresources=("status",),
    ),
    Resource(
        "replicasets",
        "ReplicaSet",
        True,
        APPS,
        short_names=("rs",),
        subresources=("status", "scale"),
    ),
    Resource(
        "deployments",
        "Deployment",
        True,
        APPS,
        short_names=("deploy",),
        subresources=("status", "scale"),
    ),
    Resource("jobs", "Job", True, BATCH, subresources=("status",)),
    Resource("cronjobs", "CronJob", True, BATCH, short_names=("cj",), subresources=("status",)),
    Resource("daemonsets", "DaemonSet", True, APPS, short_names=("ds",), subresources=("status",)),
    Resource(
        "statefulsets",
        "StatefulSet",
        True,
        APPS,
        short_names=("sts",),
        subresources=("status", "scale"),
    ),
    # autoscaling/v2 only: v1 would need its conversion (targetCPUUtilizationPercentage, and
    # the annotations v1 keeps v2's other metrics in)
    Resource(
        "horizontalpodautoscalers",
        "HorizontalPodAutoscaler",
        True,
        AUTOSCALING,
        "v2",
        short_names=("hpa",),
        subresources=("status",),
    ),
    Resource("controllerrevisions", "ControllerRevision", True, APPS),
    Resource("roles", "Role", True, RBAC),
    Resource("clusterroles", "ClusterRole", False, RBAC),
    Resource("rolebindings", "RoleBinding", True, RBAC),
    Resource("clusterrolebindings", "ClusterRoleBinding", False, RBAC),
    Resource("leases", "Lease", True, COORDINATION),
    Resource("endpointslices", "EndpointSlice", True, DISCOVERY),
    Resource("priorityclasses", "PriorityClass", False, SCHEDULING, short_names=("pc",)),
    Resource("runtimeclasses", "RuntimeClass", False, NODE),
    Resource("storageclasses", "StorageClass", False, STORAGE, short_names=("sc",)),
    Resource(
        "ingresses", "Ingress", True, NETWORKING, short_names=("ing",), subresources=("status",)
    ),
    Resource("ingressclasses", "IngressClass", False, NETWORKING),
    Resource("networkpolicies", "NetworkPolicy", True, NETWORKING, short_names=("netpol",)),
    Resource("servicecidrs", "ServiceCIDR", False, NETWORKING, subresources=("status",)),
    Resource("ipaddresses", "IPAddress", False, NETWORKING, short_names=("ip",)),
    Resource(
        "poddisruptionbudgets",
        "PodDisruptionBudget",
        True,
        POLICY,
        short_names=("pdb",),
        subresources=("status",),
    ),
    Resource(
        "validatingadmissionpolicies",
        "ValidatingAdmissionPolicy",
        False,
        ADMISSIONREGISTRATION,
        subresources=("status",),
    ),
    Resource(
        "validatingadmissionpolicybindings",
        "ValidatingAdmissionPolicyBinding",
        False,
        ADMISSIONREGISTRATION,
    ),
    # the cluster defines no custom resources: its CustomResourceDefinitions can be read (none
    # there), as kubectl does to tell an unknown kind from a custom one, but not written
    Resource(
        "customresourcedefinitions",
        "CustomResourceDefinition",
        False,
        APIEXTENSIONS,
        short_names=("crd", "crds"),
        storage="apiextensions.k8s.io/customresourcedefinitions",
        verbs=("get", "list", "watch"),
    ),
    # asked and answered, never stored: create is all they serve
    Resource(
        "selfsubjectaccessreviews",
        "SelfSubjectAccessReview",
        False,
        AUTHORIZATION,
        verbs=("create",),
    ),
    Resource(
        "subjectaccessreviews", "SubjectAccessReview", False, AUTHORIZATION, verbs=("create",)
    ),
    Resource(
        "localsubjectaccessreviews",
        "LocalSubjectAccessReview",
        True,
        AUTHORIZATION,
        verbs=("create",),
    ),
    Resource(
        "selfsubjectrulesreviews",
        "SelfSubjectRulesReview",
        False,
        AUTHORIZATION,
        verbs=("create",),
    ),
    Resource("selfsubjectreviews", "SelfSubjectReview", False, AUTHENTICATION, verbs=("create",)),
    # what kube-apiserver finds out when asked: read-only, never stored
    Resource(
        "componentstatuses",
        "ComponentStatus",
        False,
        short_names=("cs",),
        verbs=("get", "list"),
        deprecation="v1 ComponentStatus is deprecated in v1.19+",
    ),
    # metrics-server's, through the aggregation layer: read-only, never stored
    Resource("nodes", "NodeMetrics", False, METRICS, "v1beta1", verbs=("get", "list")),
    Resource("pods", "PodMetrics", True, METRICS, "v1beta1", verbs=("get", "list")),
)


# The categories each resource's storage declares (CategoriesProvider), by group resource:
# discovery lists them and kubectl expands them (`kubectl get all`).
CATEGORIES: dict[str, tuple[str, ...]] = {
    "pods": ("all",),
    "services": ("all",),
    "replicationcontrollers": ("all",),
    "deployments.apps": ("all",),
    "replicasets.apps": ("all",),
    "statefulsets.apps": ("all",),
    "daemonsets.apps": ("all",),
    "jobs.batch": ("all",),
    "cronjobs.batch": ("all",),
    "horizontalpodautoscalers.autoscaling": ("all",),
    "customresourcedefinitions.apiextensions.k8s.io": ("api-extensions",),
    "validatingadmissionpolicies.admissionregistration.k8s.io": ("api-extensions",),
    "validatingadmissionpolicybindings.admissionregistration.k8s.io": ("api-extensions",),
}


def categories(resource: Resource) -> tuple[str, ...]:
    return CATEGORIES.get(resource.group_resource, ())


def _keyed(served: tuple[Resource, ...]) -> dict[str, Resource]:
    """Each resource under its plural, or under plural.group when an earlier one has that
    plural (metrics.k8s.io's nodes and pods): the name requests address it by."""
    found: dict[str, Resource] = {}
    for resource in served:
        found[resource.group_resource if resource.name in found else resource.name] = resource
    return found


BY_NAME: dict[str, Resource] = _keyed(_ALL)
_KEYS = {id(resource): key for key, resource in BY_NAME.items()}


def request_name(resource: Resource) -> str:
    """The name a Request gives the resource by (its key in BY_NAME)."""
    return _KEYS[id(resource)]


def served(group: str, version: str, name: str) -> Resource | None:
    """The resource a URL names: /api/v1/<name> or /apis/<group>/<version>/<name>."""
    return next((r for r in _ALL if (r.group, r.version, r.name) == (group, version, name)), None)


def lookup(name: str) -> Resource | None:
    """A resource by plural, singular or short name, or kind (case-insensitive)."""
    wanted = name.lower()
    for resource in _ALL:
        if wanted in (resource.name, resource.singular_name, resource.kind.lower()):
            return resource
        if wanted in resource.short_names:
            return resource
    return None


def all_resources() -> tuple[Resource, ...]:
    return _ALL
