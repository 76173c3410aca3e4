"""Defaulting, as the v1 API's SetDefaults_* functions (and the generated defaulters that walk
every nested struct) fill in what a client left out: pkg/apis/core/v1/defaults.go,
pkg/apis/apps/v1/defaults.go, pkg/apis/rbac/v1/defaults.go, pkg/apis/networking/v1/defaults.go,
pkg/apis/admissionregistration/v1/defaults.go."""

from __future__ import annotations

import copy
from collections.abc import Callable

from cluster.engine.api import podresources
from cluster.engine.api.meta import Object

RBAC_GROUP = "rbac.authorization.k8s.io"
FILE_MODE = 420  # 0644: the default mode of secret, configMap, downwardAPI and projected files
METADATA_NAME_LABEL = "kubernetes.io/metadata.name"
CLIENT_IP_TIMEOUT = 10800  # DefaultClientIPServiceAffinitySeconds: three hours
MAX_INT32 = 2**31 - 1
FILESYSTEM = "Filesystem"  # PersistentVolumeFilesystem, the volume mode of a volume not a block


def image_pull_policy(image: str) -> str:
    """Always for `:latest` or no tag (and no digest), else IfNotPresent."""
    name, _, digest = image.partition("@")
    tag = name.rsplit("/", 1)[-1].partition(":")[2]
    if not tag and not digest:
        tag = "latest"
    return "Always" if tag == "latest" else "IfNotPresent"


PROBE_DEFAULTS = (("timeoutSeconds", 1), ("periodSeconds", 10), ("successThreshold", 1))


def _unless_set(obj: Object, key: str, value: object) -> None:
    """What Go's defaulters do for a field that is zero (left out, or given as 0 or "")."""
    if not obj.get(key):
        obj[key] = value


def _http_get(action: Object | None) -> None:
    """SetDefaults_HTTPGetAction, of probes and lifecycle hooks alike."""
    if action is not None:
        _unless_set(action, "path", "/")
        _unless_set(action, "scheme", "HTTP")


def _probe(probe: Object | None) -> None:
    """SetDefaults_Probe; and a gRPC probe's service is "" (its +default)."""
    if not probe:
        return
    for key, value in (*PROBE_DEFAULTS, ("failureThreshold", 3)):
        _unless_set(probe, key, value)
    _http_get(probe.get("httpGet"))
    grpc = probe.get("grpc")
    if grpc is not None and grpc.get("service") is None:
        grpc["service"] = ""


def _lifecycle(lifecycle: Object | None) -> None:
    for hook in ("postStart", "preStop"):
        _http_get(((lifecycle or {}).get(hook) or {}).get("httpGet"))


def _selectors(source: Object) -> None:
    """SetDefaults_ObjectFieldSelector's apiVersion; and a resourceFieldRef's divisor, a
    Quantity that is never left out, so zero when unset."""
    if source.get("fieldRef") is not None:
        source["fieldRef"].setdefault("apiVersion", "v1")
    if source.get("resourceFieldRef") is not None:
        source["resourceFieldRef"].setdefault("divisor", "0")


def _field_refs(container: Object) -> None:
    for variable in container.get("env") or []:
        _selectors(variable.get("valueFrom") or {})


def container(spec: Object) -> None:
    """SetDefaults_Container and the defaults of what a container holds."""
    spec.setdefault("imagePullPolicy", image_pull_policy(spec.get("image", "")))
    spec.setdefault("terminationMessagePath", "/dev/termination-log")
    spec.setdefault("terminationMessagePolicy", "File")
    spec.setdefault("resources", {})
    for port in spec.get("ports") or []:
        port.setdefault("protocol", "TCP")
    for key in ("livenessProbe", "readinessProbe", "startupProbe"):
        _probe(spec.get(key))
    _lifecycle(spec.get("lifecycle"))
    _field_refs(spec)


def _volume(volume: Object) -> None:
    if len(volume) == 1 and "name" in volume:
        volume["emptyDir"] = {}  # SetDefaults_Volume: no source means an emptyDir
    for key in ("secret", "configMap", "downwardAPI", "projected"):
        if key in volume:
            volume[key].setdefault("defaultMode", FILE_MODE)
    if "hostPath" in volume:
        volume["hostPath"].setdefault("type", "")
    template = (volume.get("ephemeral") or {}).get("volumeClaimTemplate")
    if template:
        _claim_spec(template.setdefault("spec", {}))
    for source in (volume.get("projected") or {}).get("sources") or []:
        token = source.get("serviceAccountToken")
        if token is not None:
            token.setdefault("expirationSeconds", 3600)
        for item in (source.get("downwardAPI") or {}).get("items") or []:
            _selectors(item)
    for item in (volume.get("downwardAPI") or {}).get("items") or []:
        _selectors(item)


def pod_spec(spec: Object) -> None:
    """SetDefaults_PodSpec, for pods and pod templates alike."""
    for key in ("initContainers", "containers", "ephemeralContainers"):
        for each in spec.get(key) or []:
            container(each)
    for volume in spec.get("volumes") or []:
        _volume(volume)
    spec.setdefault("dnsPolicy", "ClusterFirst")
    spec.setdefault("restartPolicy", "Always")
    spec.setdefault("securityContext", {})
    spec.setdefault("terminationGracePeriodSeconds", 30)
    spec.setdefault("schedulerName", "default-scheduler")


def pod(obj: Object) -> None:
    """SetDefaults_Pod: requests default to limits, the pod's too (defaultPodRequests); then
    the pod spec's defaults."""
    spec = obj.setdefault("spec", {})
    for key in ("containers", "initContainers"):
        for each in spec.get(key) or []:
            resources = each.get("resources") or {}
            limits = resources.get("limits")
            if limits:
                requests = resources.setdefault("requests", {})
                for name, value in limits.items():
                    requests.setdefault(name, value)
    podresources.default_requests(spec)  # after the containers' own
    spec.setdefault("enableServiceLinks", True)
    pod_spec(spec)


def pod_template(template: Object) -> None:
    pod_spec(template.setdefault("spec", {}))


def namespace(obj: Object) -> None:
    name = obj.get("metadata", {}).get("name")
    if name:
        labels = obj["metadata"].get("labels") or {}
        labels[METADATA_NAME_LABEL] = name
        obj["metadata"]["labels"] = labels
    obj.setdefault("status", {}).setdefault("phase", "Active")


def node(obj: Object) -> None:
    obj.setdefault("spec", {})
    status = obj.setdefault("status", {})
    if "capacity" in status:
        status.setdefault("allocatable", dict(status["capacity"]))


def secret(obj: Object) -> None:
    if not obj.get("type"):
        obj["type"] = "Opaque"


def limit_range(obj: Object) -> None:
    """SetDefaults_LimitRangeItem: a container's default limit is its max, its default request
    the default limit, else the min."""
    for item in (obj.get("spec") or {}).get("limits") or []:
        if item.get("type") != "Container":
            continue
        default = item.setdefault("default", {})
        request = item.setdefault("defaultRequest", {})
        for name, value in (item.get("max") or {}).items():
            default.setdefault(name, value)
        for name, value in default.items():
            request.setdefault(name, value)
        for name, value in (item.get("min") or {}).items():
            request.setdefault(name, value)


def replica_set(obj: Object) -> None:
    spec = obj.setdefault("spec", {})
    spec.setdefault("replicas", 1)
    pod_template(spec.setdefault("template", {}))


def replication_controller(obj: Object) -> None:
    """SetDefaults_ReplicationController: the selector and the labels, when empty, are the
    template's labels; 1 replica."""
    spec = obj.setdefault("spec", {})
    template = spec.get("template")
    if isinstance(template, dict):
        template_labels = (template.get("metadata") or {}).get("labels")
        if template_labels is not None:
            if not spec.get("selector"):
                spec["selector"] = dict(template_labels)
            meta = obj.setdefault("metadata", {})
            if not meta.get("labels"):
                meta["labels"] = dict(template_labels)
        pod_template(template)
    spec.setdefault("replicas", 1)


def deployment(obj: Object) -> None:
    """SetDefaults_Deployment: 1 replica, RollingUpdate 25%/25%, 10 revisions, 600 s."""
    spec = obj.setdefault("spec", {})
    spec.setdefault("replicas", 1)
    strategy = spec.setdefault("strategy", {})
    strategy.setdefault("type", "RollingUpdate")
    if strategy["type"] == "RollingUpdate":
        rolling = strategy.get("rollingUpdate") or {}
        rolling.setdefault("maxUnavailable", "25%")
        rolling.setdefault("maxSurge", "25%")
        strategy["rollingUpdate"] = rolling
    spec.setdefault("revisionHistoryLimit", 10)
    spec.setdefault("progressDeadlineSeconds", 600)
    pod_template(spec.setdefault("template", {}))


def daemon_set(obj: Object) -> None:
    """SetDefaults_DaemonSet: RollingUpdate one node at a time (maxUnavailable 1, maxSurge
    0), 10 revisions kept."""
    spec = obj.setdefault("spec", {})
    strategy = spec.setdefault("updateStrategy", {})
    if not strategy.get("type"):
        strategy["type"] = "RollingUpdate"
    if strategy["type"] == "RollingUpdate":
        rolling = strategy.get("rollingUpdate") or {}
        if rolling.get("maxUnavailable") is None:
            rolling["maxUnavailable"] = 1
        if rolling.get("maxSurge") is None:
            rolling["maxSurge"] = 0
        strategy["rollingUpdate"] = rolling
    if spec.get("revisionHistoryLimit") is None:
        spec["revisionHistoryLimit"] = 10
    pod_template(spec.setdefault("template", {}))


def stateful_set(obj: Object) -> None:
    """SetDefaults_StatefulSet: one replica made and replaced in order (OrderedReady), rolled
    from the highest ordinal down (RollingUpdate, partition 0), claims retained, 10 revisions
    kept; its claim templates are claims' specs."""
    spec = obj.setdefault("spec", {})
    _unless_set(spec, "podManagementPolicy", "OrderedReady")
    strategy = spec.setdefault("updateStrategy", {})
    if not strategy.get("type"):
        strategy["type"] = "RollingUpdate"
        strategy.setdefault("rollingUpdate", {})
    rolling = strategy.get("rollingUpdate")
    if (
        strategy["type"] == "RollingUpdate"
        and rolling is not None
        and rolling.get("partition") is None
    ):
        rolling["partition"] = 0
    retention = spec.get("persistentVolumeClaimRetentionPolicy") or {}
    _unless_set(retention, "whenDeleted", "Retain")
    _unless_set(retention, "whenScaled", "Retain")
    spec["persistentVolumeClaimRetentionPolicy"] = retention
    if spec.get("replicas") is None:
        spec["replicas"] = 1
    if spec.get("revisionHistoryLimit") is None:
        spec["revisionHistoryLimit"] = 10
    pod_template(spec.setdefault("template", {}))
    templates = spec.get("volumeClaimTemplates")
    if templates:
        # v1 names each template's kind, as conversion did before Kubernetes 1.17
        spec["volumeClaimTemplates"] = [_claim_template(claim) for claim in templates]


def _claim_template(claim: Object) -> Object:
    persistent_volume_claim(claim)
    return {"apiVersion": "v1", "kind": "PersistentVolumeClaim", **claim}


def job(obj: Object) -> None:
    """SetDefaults_Job: one pod to completion, 6 retries, NonIndexed, not suspended; the
    Job's labels default to its template's."""
    spec = obj.setdefault("spec", {})
    if spec.get("completions") is None and spec.get("parallelism") is None:
        spec["completions"] = 1
    if spec.get("parallelism") is None:
        spec["parallelism"] = 1
    if spec.get("backoffLimit") is None:
        spec["backoffLimit"] = 6 if spec.get("backoffLimitPerIndex") is None else MAX_INT32
    template = spec.setdefault("template", {})
    template_labels = (template.get("metadata") or {}).get("labels")
    meta = obj.setdefault("metadata", {})
    if template_labels is not None and not meta.get("labels"):
        meta["labels"] = dict(template_labels)
    for key, value in (("completionMode", "NonIndexed"), ("suspend", False)):
        if spec.get(key) is None:
            spec[key] = value
    if spec.get("podReplacementPolicy") is None:
        failure_policy = spec.get("podFailurePolicy") is not None
        spec["podReplacementPolicy"] = "Failed" if failure_policy else "TerminatingOrFailed"
    if spec.get("manualSelector") is None:
        spec["manualSelector"] = False
    pod_template(template)


def cron_job(obj: Object) -> None:
    """SetDefaults_CronJob: concurrent runs allowed, not suspended, the last 3 successful
    and 1 failed Jobs kept; only the job template's pod template is defaulted besides."""
    spec = obj.setdefault("spec", {})
    if not spec.get("concurrencyPolicy"):
        spec["concurrencyPolicy"] = "Allow"
    for key, value in (
        ("suspend", False),
        ("successfulJobsHistoryLimit", 3),
        ("failedJobsHistoryLimit", 1),
    ):
        if spec.get(key) is None:
            spec[key] = value
    job_spec = spec.setdefault("jobTemplate", {}).setdefault("spec", {})
    pod_template(job_spec.setdefault("template", {}))


def service(obj: Object) -> None:
    """SetDefaults_Service: ClusterIP, no affinity, TCP ports aimed at the same port, Cluster
    traffic policies; the IP families are filled in when the cluster IPs are allocated."""
    spec = obj.setdefault("spec", {})
    if not spec.get("sessionAffinity"):
        spec["sessionAffinity"] = "None"
    if spec["sessionAffinity"] == "None":
        spec.pop("sessionAffinityConfig", None)
    elif spec["sessionAffinity"] == "ClientIP":
        client_ip = (spec.get("sessionAffinityConfig") or {}).get("clientIP") or {}
        if client_ip.get("timeoutSeconds") is None:
            spec["sessionAffinityConfig"] = {"clientIP": {"timeoutSeconds": CLIENT_IP_TIMEOUT}}
    if not spec.get("type"):
        spec["type"] = "ClusterIP"
    kind = spec["type"]
    for port in spec.get("ports") or []:
        if not port.get("protocol"):
            port["protocol"] = "TCP"
        if port.get("targetPort") in (None, 0, ""):
            port["targetPort"] = port.get("port")
    external = kind in ("NodePort", "LoadBalancer") or (
        kind == "ClusterIP" and spec.get("externalIPs")
    )
    if external and not spec.get("externalTrafficPolicy"):
        spec["externalTrafficPolicy"] = "Cluster"
    if kind in ("ClusterIP", "NodePort", "LoadBalancer"):
        spec.setdefault("internalTrafficPolicy", "Cluster")
    if kind == "LoadBalancer":
        spec.setdefault("allocateLoadBalancerNodePorts", True)


def endpoints(obj: Object) -> None:
    for subset in obj.get("subsets") or []:
        for port in subset.get("ports") or []:
            port.setdefault("protocol", "TCP")


def endpoint_slice(obj: Object) -> None:
    for port in obj.get("ports") or []:
        port.setdefault("name", "")
        port.setdefault("protocol", "TCP")


def role_binding(obj: Object) -> None:
    ref = obj.setdefault("roleRef", {})
    if not ref.get("apiGroup"):
        ref["apiGroup"] = RBAC_GROUP
    for subject in obj.get("subjects") or []:
        if not subject.get("apiGroup") and subject.get("kind") in ("User", "Group"):
            subject["apiGroup"] = RBAC_GROUP


def priority_class(obj: Object) -> None:
    """SetDefaults_PriorityClass: classes preempt lower priorities unless told otherwise."""
    obj.setdefault("preemptionPolicy", "PreemptLowerPriority")


def persistent_volume(obj: Object) -> None:
    """SetDefaults_PersistentVolume; its hostPath's type, as a pod volume's."""
    spec = obj.setdefault("spec", {})
    _unless_set(spec, "persistentVolumeReclaimPolicy", "Retain")
    spec.setdefault("volumeMode", FILESYSTEM)
    if "hostPath" in spec:
        spec["hostPath"].setdefault("type", "")
    _unless_set(obj.setdefault("status", {}), "phase", "Pending")


def persistent_volume_claim(obj: Object) -> None:
    """SetDefaults_PersistentVolumeClaim and its spec's."""
    _claim_spec(obj.setdefault("spec", {}))
    _unless_set(obj.setdefault("status", {}), "phase", "Pending")


def _claim_spec(spec: Object) -> None:
    spec.setdefault("volumeMode", FILESYSTEM)


def storage_class(obj: Object) -> None:
    """SetDefaults_StorageClass."""
    obj.setdefault("reclaimPolicy", "Delete")
    obj.setdefault("volumeBindingMode", "Immediate")


DEFAULT_CPU_UTILIZATION = 80  # autoscaling.DefaultCPUUtilization
# the rules a behavior's missing direction or fields default to: scale up by 4 pods or 100%
# (the larger) each 15 s, at once; scale down by up to 100% each 15 s, after the window the
# controller's --horizontal-pod-autoscaler-downscale-stabilization gives
_SCALE_UP_RULES: Object = {
    "stabilizationWindowSeconds": 0,
    "selectPolicy": "Max",
    "policies": [
        {"type": "Pods", "value": 4, "periodSeconds": 15},
        {"type": "Percent", "value": 100, "periodSeconds": 15},
    ],
}
_SCALE_DOWN_RULES: Object = {
    "selectPolicy": "Max",
    "policies": [{"type": "Percent", "value": 100, "periodSeconds": 15}],
}


def horizontal_pod_autoscaler(obj: Object) -> None:
    """SetDefaults_HorizontalPodAutoscaler (v2): at least one replica, an 80% CPU utilization
    target when no metric is given, and a behavior's unset rules filled in."""
    spec = obj.setdefault("spec", {})
    if spec.get("minReplicas") is None:
        spec["minReplicas"] = 1
    if not spec.get("metrics"):
        target = {"type": "Utilization", "averageUtilization": DEFAULT_CPU_UTILIZATION}
        spec["metrics"] = [{"type": "Resource", "resource": {"name": "cpu", "target": target}}]
    behavior = spec.get("behavior")
    if behavior is not None:
        behavior["scaleUp"] = _scaling_rules(behavior.get("scaleUp"), _SCALE_UP_RULES)
        behavior["scaleDown"] = _scaling_rules(behavior.get("scaleDown"), _SCALE_DOWN_RULES)


def _scaling_rules(given: Object | None, rules: Object) -> Object:
    """copyHPAScalingRules: the given rules' set fields over a copy of the defaults."""
    merged = copy.deepcopy(rules)
    merged.update({key: value for key, value in (given or {}).items() if value is not None})
    return merged


def _struct(obj: Object, key: str) -> Object:
    """A field of a struct type (not a pointer): decoded, it is there even when left out or
    null, and written back as `{}` at least."""
    value = obj.get(key) or {}
    obj[key] = value
    return value


def ingress(obj: Object) -> None:
    """An Ingress's spec and status (and the status' loadBalancer) are structs."""
    _struct(obj, "spec")
    _struct(_struct(obj, "status"), "loadBalancer")


def ingress_class(obj: Object) -> None:
    """SetDefaults_IngressClass: parameters are cluster-scoped unless said otherwise."""
    parameters = _struct(obj, "spec").get("parameters")
    if parameters is not None and parameters.get("scope") is None:
        parameters["scope"] = "Cluster"


def network_policy(obj: Object) -> None:
    """SetDefaults_NetworkPolicy: a policy without types is about ingress, and egress too when
    it has egress rules; SetDefaults_NetworkPolicyPort: TCP. The pod selector is a struct."""
    spec = _struct(obj, "spec")
    _struct(spec, "podSelector")
    if not spec.get("policyTypes"):
        spec["policyTypes"] = ["Ingress", "Egress"] if spec.get("egress") else ["Ingress"]
    for direction in ("ingress", "egress"):
        for rule in spec.get(direction) or []:
            for port in rule.get("ports") or []:
                if port.get("protocol") is None:
                    port["protocol"] = "TCP"


def _match_resources(match: Object | None) -> None:
    """SetDefaults_MatchResources, and SetDefaults_Rule of each rule: requests are matched by
    equivalent resources too, every namespace and object is selected, rules are of any scope."""
    if match is None:
        return
    if match.get("matchPolicy") is None:
        match["matchPolicy"] = "Equivalent"
    for key in ("namespaceSelector", "objectSelector"):
        if match.get(key) is None:
            match[key] = {}
    for key in ("resourceRules", "excludeResourceRules"):
        for rule in match.get(key) or []:
            if rule.get("scope") is None:
                rule["scope"] = "*"


def validating_admission_policy(obj: Object) -> None:
    """SetDefaults_ValidatingAdmissionPolicySpec: a policy that cannot be evaluated fails the
    request. The spec and status are structs."""
    spec = _struct(obj, "spec")
    _struct(obj, "status")
    if spec.get("failurePolicy") is None:
        spec["failurePolicy"] = "Fail"
    _match_resources(spec.get("matchConstraints"))


def validating_admission_policy_binding(obj: Object) -> None:
    """A binding's matchResources defaults as a policy's matchConstraints do; v1 leaves its
    paramRef's parameterNotFoundAction to the writer (v1alpha1 defaulted it to Deny)."""
    _match_resources(_struct(obj, "spec").get("matchResources"))


BY_KIND: dict[str, Callable[[Object], None]] = {
    "Pod": pod,
    "Namespace": namespace,
    "Node": node,
    "Secret": secret,
    "LimitRange": limit_range,
    "ReplicaSet": replica_set,
    "ReplicationController": replication_controller,
    "PodTemplate": lambda obj: pod_template(obj.setdefault("template", {})),
    "Deployment": deployment,
    "Job": job,
    "DaemonSet": daemon_set,
    "StatefulSet": stateful_set,
    "CronJob": cron_job,
    "Service": service,
    "Endpoints": endpoints,
    "EndpointSlice": endpoint_slice,
    "RoleBinding": role_binding,
    "ClusterRoleBinding": role_binding,
    "PriorityClass": priority_class,
    "PersistentVolume": persistent_volume,
    "PersistentVolumeClaim": persistent_volume_claim,
    "StorageClass": storage_class,
    "HorizontalPodAutoscaler": horizontal_pod_autoscaler,
    "Ingress": ingress,
    "IngressClass": ingress_class,
    "NetworkPolicy": network_policy,
    "ValidatingAdmissionPolicy": validating_admission_policy,
    "ValidatingAdmissionPolicyBinding": validating_admission_policy_binding,
}


def apply(kind: str, obj: Object) -> None:
    """Fill in the defaults of an object of `kind` (a no-op for kinds without any)."""
    default = BY_KIND.get(kind)
    if default is not None:
        default(obj)
