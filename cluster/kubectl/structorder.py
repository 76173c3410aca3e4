"""The order of Go struct fields, for the objects kubectl prints as typed structs.

kubectl's generators (`create deployment`, `expose`, ...) build typed objects, and
encoding/json writes a struct's fields in their declaration order, not sorted as it writes a
map's keys. `ordered` lays an object out so: the fields a type declares in its order, then
any others, sorted. Maps (labels, data) stay sorted.
"""

from __future__ import annotations

from typing import Any

# type -> its fields in declaration order, each with the type of its value (None: a scalar
# or a map, written sorted); a list's type is that of its items
FIELDS: dict[str, tuple[tuple[str, str | None], ...]] = {
    "ObjectMeta": (
        ("name", None),
        ("generateName", None),
        ("namespace", None),
        ("selfLink", None),
        ("uid", None),
        ("resourceVersion", None),
        ("generation", None),
        ("creationTimestamp", None),
        ("deletionTimestamp", None),
        ("deletionGracePeriodSeconds", None),
        ("labels", None),
        ("annotations", None),
        ("ownerReferences", "OwnerReference"),
        ("finalizers", None),
        ("managedFields", None),
    ),
    "OwnerReference": (
        ("apiVersion", None),
        ("kind", None),
        ("name", None),
        ("uid", None),
        ("controller", None),
        ("blockOwnerDeletion", None),
    ),
    "Job": (("spec", "JobSpec"), ("status", None)),
    "JobSpec": (
        ("parallelism", None),
        ("completions", None),
        ("activeDeadlineSeconds", None),
        ("podFailurePolicy", None),
        ("successPolicy", None),
        ("backoffLimit", None),
        ("backoffLimitPerIndex", None),
        ("maxFailedIndexes", None),
        ("selector", "LabelSelector"),
        ("manualSelector", None),
        ("template", "PodTemplateSpec"),
        ("ttlSecondsAfterFinished", None),
        ("completionMode", None),
        ("suspend", None),
        ("podReplacementPolicy", None),
        ("managedBy", None),
    ),
    "CronJob": (("spec", "CronJobSpec"), ("status", None)),
    "CronJobSpec": (
        ("schedule", None),
        ("timeZone", None),
        ("startingDeadlineSeconds", None),
        ("concurrencyPolicy", None),
        ("suspend", None),
        ("jobTemplate", "JobTemplateSpec"),
        ("successfulJobsHistoryLimit", None),
        ("failedJobsHistoryLimit", None),
    ),
    "JobTemplateSpec": (("metadata", "ObjectMeta"), ("spec", "JobSpec")),
    "HorizontalPodAutoscaler": (
        ("spec", "HorizontalPodAutoscalerSpec"),
        ("status", "HorizontalPodAutoscalerStatus"),
    ),
    "HorizontalPodAutoscalerSpec": (
        ("scaleTargetRef", "CrossVersionObjectReference"),
        ("minReplicas", None),
        ("maxReplicas", None),
        ("metrics", "MetricSpec"),
        ("behavior", None),
    ),
    "CrossVersionObjectReference": (("kind", None), ("name", None), ("apiVersion", None)),
    "MetricSpec": (
        ("type", None),
        ("object", None),
        ("pods", None),
        ("resource", "ResourceMetricSource"),
        ("containerResource", None),
        ("external", None),
    ),
    "ResourceMetricSource": (("name", None), ("target", "MetricTarget")),
    "MetricTarget": (
        ("type", None),
        ("value", None),
        ("averageValue", None),
        ("averageUtilization", None),
    ),
    "HorizontalPodAutoscalerStatus": (
        ("observedGeneration", None),
        ("lastScaleTime", None),
        ("currentReplicas", None),
        ("desiredReplicas", None),
        ("currentMetrics", None),
        ("conditions", None),
    ),
    "Ingress": (("spec", "IngressSpec"), ("status", None)),
    "IngressSpec": (
        ("ingressClassName", None),
        ("defaultBackend", "IngressBackend"),
        ("tls", "IngressTLS"),
        ("rules", "IngressRule"),
    ),
    "IngressBackend": (("service", "IngressServiceBackend"), ("resource", None)),
    "IngressServiceBackend": (("name", None), ("port", "ServiceBackendPort")),
    "ServiceBackendPort": (("name", None), ("number", None)),
    "IngressTLS": (("hosts", None), ("secretName", None)),
    "IngressRule": (("host", None), ("http", "HTTPIngressRuleValue")),
    "HTTPIngressRuleValue": (("paths", "HTTPIngressPath"),),
    "HTTPIngressPath": (("path", None), ("pathType", None), ("backend", "IngressBackend")),
    "PodDisruptionBudget": (
        ("spec", "PodDisruptionBudgetSpec"),
        ("status", "PodDisruptionBudgetStatus"),
    ),
    "PodDisruptionBudgetSpec": (
        ("minAvailable", None),
        ("selector", "LabelSelector"),
        ("maxUnavailable", None),
        ("unhealthyPodEvictionPolicy", None),
    ),
    "PodDisruptionBudgetStatus": (
        ("observedGeneration", None),
        ("disruptedPods", None),
        ("disruptionsAllowed", None),
        ("currentHealthy", None),
        ("desiredHealthy", None),
        ("expectedPods", None),
        ("conditions", None),
    ),
    "Deployment": (("spec", "DeploymentSpec"), ("status", "DeploymentStatus")),
    "DeploymentSpec": (
        ("replicas", None),
        ("selector", "LabelSelector"),
        ("template", "PodTemplateSpec"),
        ("strategy", "DeploymentStrategy"),
        ("minReadySeconds", None),
        ("revisionHistoryLimit", None),
        ("paused", None),
        ("progressDeadlineSeconds", None),
    ),
    "DeploymentStrategy": (("type", None), ("rollingUpdate", "RollingUpdateDeployment")),
    "RollingUpdateDeployment": (("maxUnavailable", None), ("maxSurge", None)),
    "DeploymentStatus": (
        ("observedGeneration", None),
        ("replicas", None),
        ("updatedReplicas", None),
        ("readyReplicas", None),
        ("availableReplicas", None),
        ("unavailableReplicas", None),
        ("terminatingReplicas", None),
        ("conditions", "DeploymentCondition"),
        ("collisionCount", None),
    ),
    "DeploymentCondition": (
        ("type", None),
        ("status", None),
        ("lastUpdateTime", None),
        ("lastTransitionTime", None),
        ("reason", None),
        ("message", None),
    ),
    "LabelSelector": (("matchLabels", None), ("matchExpressions", "LabelSelectorRequirement")),
    "LabelSelectorRequirement": (("key", None), ("operator", None), ("values", None)),
    "Pod": (("spec", "PodSpec"), ("status", None)),
    "PodTemplateSpec": (("metadata", "ObjectMeta"), ("spec", "PodSpec")),
    "PodSpec": (
        ("volumes", None),
        ("initContainers", "Container"),
        ("containers", "Container"),
        ("ephemeralContainers", None),
        ("restartPolicy", None),
        ("terminationGracePeriodSeconds", None),
        ("activeDeadlineSeconds", None),
        ("dnsPolicy", None),
        ("nodeSelector", None),
        ("serviceAccountName", None),
        ("serviceAccount", None),
        ("automountServiceAccountToken", None),
        ("nodeName", None),
        ("hostNetwork", None),
        ("hostPID", None),
        ("hostIPC", None),
        ("shareProcessNamespace", None),
        ("securityContext", None),
        ("imagePullSecrets", None),
        ("hostname", None),
        ("subdomain", None),
        ("affinity", None),
        ("schedulerName", None),
        ("tolerations", None),
        ("hostAliases", None),
        ("priorityClassName", None),
        ("priority", None),
        ("dnsConfig", None),
        ("readinessGates", None),
        ("runtimeClassName", None),
        ("enableServiceLinks", None),
        ("preemptionPolicy", None),
    ),
    "Container": (
        ("name", None),
        ("image", None),
        ("command", None),
        ("args", None),
        ("workingDir", None),
        ("ports", "ContainerPort"),
        ("envFrom", None),
        ("env", "EnvVar"),
        ("resources", "ResourceRequirements"),
        ("resizePolicy", None),
        ("restartPolicy", None),
        ("volumeMounts", None),
        ("volumeDevices", None),
        ("livenessProbe", None),
        ("readinessProbe", None),
        ("startupProbe", None),
        ("lifecycle", None),
        ("terminationMessagePath", None),
        ("terminationMessagePolicy", None),
        ("imagePullPolicy", None),
        ("securityContext", None),
        ("stdin", None),
        ("stdinOnce", None),
        ("tty", None),
    ),
    "ContainerPort": (
        ("name", None),
        ("hostPort", None),
        ("containerPort", None),
        ("protocol", None),
        ("hostIP", None),
    ),
    "EnvVar": (("name", None), ("value", None), ("valueFrom", None)),
    "ResourceRequirements": (("limits", None), ("requests", None), ("claims", None)),
    "Namespace": (("spec", "NamespaceSpec"), ("status", "NamespaceStatus")),
    "NamespaceSpec": (("finalizers", None),),
    "NamespaceStatus": (("phase", None), ("conditions", None)),
    "ConfigMap": (("immutable", None), ("data", None), ("binaryData", None)),
    "Secret": (("immutable", None), ("data", None), ("stringData", None), ("type", None)),
    "ServiceAccount": (
        ("secrets", None),
        ("imagePullSecrets", None),
        ("automountServiceAccountToken", None),
    ),
    "Role": (("rules", "PolicyRule"),),
    "ClusterRole": (("rules", "PolicyRule"), ("aggregationRule", None)),
    "PolicyRule": (
        ("verbs", None),
        ("apiGroups", None),
        ("resources", None),
        ("resourceNames", None),
        ("nonResourceURLs", None),
    ),
    "RoleBinding": (("subjects", "Subject"), ("roleRef", "RoleRef")),
    "ClusterRoleBinding": (("subjects", "Subject"), ("roleRef", "RoleRef")),
    "Subject": (("kind", None), ("apiGroup", None), ("name", None), ("namespace", None)),
    "RoleRef": (("apiGroup", None), ("kind", None), ("name", None)),
    "Service": (("spec", "ServiceSpec"), ("status", "ServiceStatus")),
    "ServiceSpec": (
        ("ports", "ServicePort"),
        ("selector", None),
        ("clusterIP", None),
        ("clusterIPs", None),
        ("type", None),
        ("externalIPs", None),
        ("sessionAffinity", None),
        ("loadBalancerIP", None),
        ("loadBalancerSourceRanges", None),
        ("externalName", None),
        ("externalTrafficPolicy", None),
        ("healthCheckNodePort", None),
        ("publishNotReadyAddresses", None),
        ("sessionAffinityConfig", None),
        ("ipFamilies", None),
        ("ipFamilyPolicy", None),
        ("allocateLoadBalancerNodePorts", None),
        ("loadBalancerClass", None),
        ("internalTrafficPolicy", None),
        ("trafficDistribution", None),
    ),
    "ServicePort": (
        ("name", None),
        ("protocol", None),
        ("appProtocol", None),
        ("port", None),
        ("targetPort", None),
        ("nodePort", None),
    ),
    "ServiceStatus": (("loadBalancer", None), ("conditions", None)),
    "ResourceQuota": (("spec", "ResourceQuotaSpec"), ("status", None)),
    "ResourceQuotaSpec": (("hard", None), ("scopes", None), ("scopeSelector", None)),
    "ReplicaSet": (("spec", "ReplicaSetSpec"), ("status", "ReplicaSetStatus")),
    "ReplicaSetSpec": (
        ("replicas", None),
        ("minReadySeconds", None),
        ("selector", "LabelSelector"),
        ("template", "PodTemplateSpec"),
    ),
    "ReplicaSetStatus": (
        ("replicas", None),
        ("fullyLabeledReplicas", None),
        ("readyReplicas", None),
        ("availableReplicas", None),
        ("terminatingReplicas", None),
        ("observedGeneration", None),
        ("conditions", None),
    ),
    "PriorityClass": (
        ("value", None),
        ("globalDefault", None),
        ("description", None),
        ("preemptionPolicy", None),
    ),
    "EventList": (("items", "Event"),),
    "Event": (
        ("kind", None),  # its TypeMeta and ObjectMeta first also as an item of a list
        ("apiVersion", None),
        ("metadata", "ObjectMeta"),
        ("involvedObject", "ObjectReference"),
        ("reason", None),
        ("message", None),
        ("source", "EventSource"),
        ("firstTimestamp", None),
        ("lastTimestamp", None),
        ("count", None),
        ("type", None),
        ("eventTime", None),
        ("series", "EventSeries"),
        ("action", None),
        ("related", "ObjectReference"),
        ("reportingComponent", None),
        ("reportingInstance", None),
    ),
    "ObjectReference": (
        ("kind", None),
        ("namespace", None),
        ("name", None),
        ("uid", None),
        ("apiVersion", None),
        ("resourceVersion", None),
        ("fieldPath", None),
    ),
    "EventSource": (("component", None), ("host", None)),
    "SelfSubjectReview": (("status", "SelfSubjectReviewStatus"),),
    "SelfSubjectReviewStatus": (("userInfo", "UserInfo"),),
    "UserInfo": (("username", None), ("uid", None), ("groups", None), ("extra", None)),
    "TokenRequest": (("spec", "TokenRequestSpec"), ("status", "TokenRequestStatus")),
    "TokenRequestSpec": (
        ("audiences", None),
        ("expirationSeconds", None),
        ("boundObjectRef", "BoundObjectReference"),
    ),
    "BoundObjectReference": (("kind", None), ("apiVersion", None), ("name", None), ("uid", None)),
    "TokenRequestStatus": (("token", None), ("expirationTimestamp", None)),
    "EventSeries": (("count", None), ("lastObservedTime", None)),
    # a kubeconfig, as clientcmd's v1 types declare it
    "Config": (
        ("preferences", None),
        ("clusters", "NamedCluster"),
        ("users", "NamedAuthInfo"),
        ("contexts", "NamedContext"),
        ("current-context", None),
        ("extensions", "NamedExtension"),
    ),
    "NamedCluster": (("name", None), ("cluster", "Cluster")),
    "Cluster": (
        ("server", None),
        ("tls-server-name", None),
        ("insecure-skip-tls-verify", None),
        ("certificate-authority", None),
        ("certificate-authority-data", None),
        ("proxy-url", None),
        ("disable-compression", None),
        ("extensions", "NamedExtension"),
    ),
    "NamedAuthInfo": (("name", None), ("user", "AuthInfo")),
    "AuthInfo": (
        ("client-certificate", None),
        ("client-certificate-data", None),
        ("client-key", None),
        ("client-key-data", None),
        ("token", None),
        ("tokenFile", None),
        ("as", None),
        ("as-uid", None),
        ("as-groups", None),
        ("as-user-extra", None),
        ("username", None),
        ("password", None),
        ("auth-provider", None),
        ("exec", None),
        ("extensions", "NamedExtension"),
    ),
    "NamedContext": (("name", None), ("context", "Context")),
    "Context": (
        ("cluster", None),
        ("user", None),
        ("namespace", None),
        ("extensions", "NamedExtension"),
    ),
    "NamedExtension": (("name", None), ("extension", None)),
}
TOP = (("kind", None), ("apiVersion", None), ("metadata", "ObjectMeta"))
# struct-valued fields encoding/json writes even when empty (omitempty spares no struct)
ALWAYS: dict[str, tuple[str, ...]] = {
    "Deployment": ("spec", "status"),
    "Pod": ("spec", "status"),
    "DeploymentSpec": ("template", "strategy"),
    "PodTemplateSpec": ("spec",),
    "Container": ("resources",),
    "Namespace": ("spec", "status"),
    "Service": ("spec", "status"),
    "ServiceStatus": ("loadBalancer",),
    "ResourceQuota": ("spec", "status"),
    "Event": ("involvedObject", "source"),
}


def ordered(obj: dict[str, Any]) -> dict[str, Any]:
    """The object as encoding/json writes its typed struct (its kind's fields, if known)."""
    kind = obj.get("kind", "")
    return _laid_out(obj, kind, TOP) if kind in FIELDS else sorted_keys(obj)


def _laid_out(
    value: dict[str, Any], kind: str, first: tuple[tuple[str, str | None], ...] = ()
) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name, child in (*first, *FIELDS[kind]):
        if name in value:
            found[name] = _typed(value[name], child)
        elif name in ALWAYS.get(kind, ()):
            found[name] = _typed({}, child)
    for name in sorted(set(value) - set(found)):
        found[name] = sorted_keys(value[name])
    return found


def _typed(value: Any, kind: str | None) -> Any:
    if isinstance(value, list):
        return [_typed(item, kind) for item in value]
    if isinstance(value, dict):
        return _laid_out(value, kind) if kind else sorted_keys(value)
    return value


def sorted_keys(value: Any) -> Any:
    """The value with its objects' keys sorted, as encoding/json writes a map."""
    if isinstance(value, list):
        return [sorted_keys(item) for item in value]
    if isinstance(value, dict):
        return {key: sorted_keys(value[key]) for key in sorted(value)}
    return value
