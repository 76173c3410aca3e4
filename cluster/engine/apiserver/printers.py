"""Server-side printing: the `Table` kube-apiserver returns when a client asks `as=Table`.

Columns, their priorities (1 = shown only with `-o wide`) and cell texts follow
pkg/printers/internalversion, so `kubectl get` prints what it prints against a real cluster.
"""

from __future__ import annotations

from collections.abc import Callable

from cluster.engine.api import docs, duration, labels, quantity
from cluster.engine.api import ingress as ingresses
from cluster.engine.api.meta import Object, parse_timestamp
from cluster.engine.api.storage import access_modes, is_default_class, storage_class_of

Column = tuple[str, str, int, str]  # name, type, priority, description


def age(obj: Object, now: int) -> str:
    """translateTimestampSince: how long ago `obj` was created, at unix time `now`."""
    created = obj.get("metadata", {}).get("creationTimestamp")
    if not created:
        return "<unknown>"
    return duration.human(now - parse_timestamp(created))


def pod_status(pod: Object) -> tuple[str, int, int]:
    """printPod's STATUS reason, ready container count and restarts."""
    status = pod.get("status") or {}
    reason = status.get("reason") or status.get("phase", "")
    for condition in status.get("conditions") or []:
        if condition.get("type") == "PodScheduled" and condition.get("reason") == "SchedulingGated":
            reason = "SchedulingGated"
    initializing = False
    restarts = sidecar_restarts = ready = 0
    init_statuses = status.get("initContainerStatuses") or []
    sidecars = _sidecars(pod)
    init_count = len((pod.get("spec") or {}).get("initContainers") or [])
    for i, container in enumerate(init_statuses):
        restarts += container.get("restartCount", 0)
        sidecar = container.get("name") in sidecars
        sidecar_restarts += container.get("restartCount", 0) if sidecar else 0
        state = container.get("state") or {}
        terminated = state.get("terminated")
        if terminated and terminated.get("exitCode") == 0:
            continue
        if sidecar and container.get("started"):  # a sidecar that runs counts as a container
            ready += bool(container.get("ready"))
            continue
        if terminated:
            why = terminated.get("reason") or (
                f"Signal:{terminated['signal']}"
                if terminated.get("signal")
                else f"ExitCode:{terminated.get('exitCode')}"
            )
            reason = f"Init:{why}"
        elif (state.get("waiting") or {}).get("reason", "PodInitializing") != "PodInitializing":
            reason = f"Init:{state['waiting']['reason']}"
        else:
            reason = f"Init:{i}/{init_count}"
        initializing = True
        break
    if not initializing or _initialized(status):
        restarts = sidecar_restarts
        has_running = False
        for container in reversed(status.get("containerStatuses") or []):
            restarts += container.get("restartCount", 0)
            state = container.get("state") or {}
            waiting, terminated = state.get("waiting"), state.get("terminated")
            if waiting and waiting.get("reason"):
                reason = waiting["reason"]
            elif terminated and terminated.get("reason"):
                reason = terminated["reason"]
            elif terminated:
                reason = (
                    f"Signal:{terminated['signal']}"
                    if terminated.get("signal")
                    else f"ExitCode:{terminated.get('exitCode', 0)}"
                )
            elif container.get("ready") and "running" in state:
                has_running = True
                ready += 1
        if reason == "Completed" and has_running:
            ready_condition = any(
                c.get("type") == "Ready" and c.get("status") == "True"
                for c in status.get("conditions") or []
            )
            reason = "Running" if ready_condition else "NotReady"
    deleting = (pod.get("metadata") or {}).get("deletionTimestamp")
    if deleting and status.get("reason") == "NodeLost":
        reason = "Unknown"
    elif deleting and status.get("phase") not in ("Succeeded", "Failed"):
        reason = "Terminating"
    return reason, ready, restarts


def _sidecars(pod: Object) -> set[str]:
    """The init containers that keep running (restartPolicy Always)."""
    inits = (pod.get("spec") or {}).get("initContainers") or []
    return {c.get("name") for c in inits if c.get("restartPolicy") == "Always"}


def _initialized(status: Object) -> bool:
    conditions = status.get("conditions") or []
    return any(c.get("type") == "Initialized" and c.get("status") == "True" for c in conditions)


def _pod_row(pod: Object, now: int) -> list[object]:
    reason, ready, restarts = pod_status(pod)
    spec, status = pod.get("spec") or {}, pod.get("status") or {}
    ips = status.get("podIPs") or []
    gates = spec.get("readinessGates") or []
    return [
        pod["metadata"]["name"],
        f"{ready}/{len(spec.get('containers') or []) + len(_sidecars(pod))}",
        reason,
        _restarts(pod, restarts, now),
        age(pod, now),
        ips[0]["ip"] if ips else "<none>",
        spec.get("nodeName") or "<none>",
        status.get("nominatedNodeName") or "<none>",
        f"{_gates_ready(status, gates)}/{len(gates)}" if gates else "<none>",
    ]


def _restarts(pod: Object, restarts: int, now: int) -> str:
    last = ""
    status = pod.get("status") or {}
    for container in [
        *(status.get("initContainerStatuses") or []),
        *(status.get("containerStatuses") or []),
    ]:
        finished = ((container.get("lastState") or {}).get("terminated") or {}).get("finishedAt")
        last = max(last, finished or "")
    if restarts and last:
        return f"{restarts} ({duration.human(now - parse_timestamp(last))} ago)"
    return str(restarts)


def _gates_ready(status: Object, gates: list[Object]) -> int:
    true = {c["type"] for c in status.get("conditions") or [] if c.get("status") == "True"}
    return sum(1 for gate in gates if gate.get("conditionType") in true)


def node_status(node: Object) -> str:
    """printNode's STATUS: Ready, NotReady (False or Unknown), or Unknown without the condition."""
    conditions = {
        c.get("type"): c.get("status") for c in (node.get("status") or {}).get("conditions") or []
    }
    if "Ready" not in conditions:
        text = "Unknown"
    else:
        text = "Ready" if conditions["Ready"] == "True" else "NotReady"
    if (node.get("spec") or {}).get("unschedulable"):
        text += ",SchedulingDisabled"
    return text


def node_roles(node: Object) -> str:
    roles = set()
    for key, value in ((node.get("metadata") or {}).get("labels") or {}).items():
        if key.startswith("node-role.kubernetes.io/"):
            roles.add(key.removeprefix("node-role.kubernetes.io/"))
        elif key == "kubernetes.io/role" and value:
            roles.add(value)
    return ",".join(sorted(roles)) or "<none>"


def _node_row(node: Object, now: int) -> list[object]:
    status = node.get("status") or {}
    info = status.get("nodeInfo") or {}
    addresses = {a.get("type"): a.get("address") for a in status.get("addresses") or []}
    return [
        node["metadata"]["name"],
        node_status(node),
        node_roles(node),
        age(node, now),
        info.get("kubeletVersion", ""),
        addresses.get("InternalIP") or "<none>",
        addresses.get("ExternalIP") or "<none>",
        info.get("osImage") or "<unknown>",
        info.get("kernelVersion") or "<unknown>",
        info.get("containerRuntimeVersion") or "<unknown>",
    ]


def _namespace_row(namespace: Object, now: int) -> list[object]:
    phase = (namespace.get("status") or {}).get("phase", "")
    return [namespace["metadata"]["name"], phase, age(namespace, now)]


def _containers(template: Object) -> list[object]:
    """layoutContainerCells: the template's container names and images, comma-separated."""
    containers = ((template or {}).get("spec") or {}).get("containers") or []
    return [
        ",".join(c.get("name", "") for c in containers),
        ",".join(c.get("image", "") for c in containers),
    ]


def _replica_set_row(rs: Object, now: int) -> list[object]:
    spec, status = rs.get("spec") or {}, rs.get("status") or {}
    return [
        rs["metadata"]["name"],
        spec.get("replicas", 0),
        status.get("replicas", 0),
        status.get("readyReplicas", 0),
        age(rs, now),
        *_containers(spec.get("template")),
        labels.format_label_selector(spec.get("selector")),
    ]


def _replication_controller_row(rc: Object, now: int) -> list[object]:
    spec, status = rc.get("spec") or {}, rc.get("status") or {}
    return [
        rc["metadata"]["name"],
        spec.get("replicas", 0),
        status.get("replicas", 0),
        status.get("readyReplicas", 0),
        age(rc, now),
        *_containers(spec.get("template")),
        labels.format_labels(spec.get("selector")),
    ]


def _pod_template_row(template: Object, now: int) -> list[object]:
    pod_template = template.get("template") or {}
    pod_labels = (pod_template.get("metadata") or {}).get("labels")
    return [
        template["metadata"]["name"],
        *_containers(pod_template),
        labels.format_labels(pod_labels),
    ]


def _deployment_row(deployment: Object, now: int) -> list[object]:
    spec, status = deployment.get("spec") or {}, deployment.get("status") or {}
    try:
        selector = str(labels.from_label_selector(spec.get("selector")))
    except labels.SelectorError:
        selector = "<invalid>"
    return [
        deployment["metadata"]["name"],
        f"{status.get('readyReplicas', 0)}/{spec.get('replicas', 0)}",
        status.get("updatedReplicas", 0),
        status.get("availableReplicas", 0),
        age(deployment, now),
        *_containers(spec.get("template")),
        selector,
    ]


def _daemon_set_row(daemon_set: Object, now: int) -> list[object]:
    spec, status = daemon_set.get("spec") or {}, daemon_set.get("status") or {}
    template = spec.get("template") or {}
    counts = (
        "desiredNumberScheduled",
        "currentNumberScheduled",
        "numberReady",
        "updatedNumberScheduled",
        "numberAvailable",
    )
    return [
        daemon_set["metadata"]["name"],
        *(status.get(count, 0) for count in counts),
        labels.format_labels((template.get("spec") or {}).get("nodeSelector")),
        age(daemon_set, now),
        *_containers(template),
        labels.format_label_selector(spec.get("selector")),
    ]


def _stateful_set_row(stateful_set: Object, now: int) -> list[object]:
    spec, status = stateful_set.get("spec") or {}, stateful_set.get("status") or {}
    return [
        stateful_set["metadata"]["name"],
        f"{status.get('readyReplicas', 0)}/{spec.get('replicas', 0)}",
        age(stateful_set, now),
        *_containers(spec.get("template") or {}),
    ]


def _controller_revision_row(revision: Object, now: int) -> list[object]:
    """printControllerRevision: its controller as `kind.group/name`."""
    controller = "<none>"
    for ref in revision["metadata"].get("ownerReferences") or ():
        if ref.get("controller"):
            group = ref.get("apiVersion", "").rpartition("/")[0]
            kind = f"{ref.get('kind', '')}.{group}" if group else ref.get("kind", "")
            controller = f"{kind.lower()}/{ref.get('name', '')}"
            break
    return [
        revision["metadata"]["name"],
        controller,
        revision.get("revision", 0),
        age(revision, now),
    ]


# printJob's STATUS: the first of these conditions that is True, else Terminating when being
# deleted, else Running
_JOB_FINISHED = ("Complete", "Failed")
_JOB_PENDING_OUTCOME = ("Suspended", "FailureTarget", "SuccessCriteriaMet")


def _job_row(job: Object, now: int) -> list[object]:
    spec, status = job.get("spec") or {}, job.get("status") or {}
    return [
        job["metadata"]["name"],
        _job_status(job),
        _job_completions(spec, status.get("succeeded", 0)),
        _job_duration(status, now),
        age(job, now),
        *_containers(spec.get("template")),
        labels.format_label_selector(spec.get("selector")),
    ]


def _job_status(job: Object) -> str:
    true = {
        c.get("type")
        for c in (job.get("status") or {}).get("conditions") or ()
        if c.get("status") == "True"
    }
    finished = next((kind for kind in _JOB_FINISHED if kind in true), None)
    if finished:
        return finished
    if job["metadata"].get("deletionTimestamp"):
        return "Terminating"
    return next((kind for kind in _JOB_PENDING_OUTCOME if kind in true), "Running")


def _job_completions(spec: Object, succeeded: int) -> str:
    if spec.get("completions") is not None:
        return f"{succeeded}/{spec['completions']}"
    parallelism = spec.get("parallelism") or 0
    return f"{succeeded}/1 of {parallelism}" if parallelism > 1 else f"{succeeded}/1"


def _job_duration(status: Object, now: int) -> str:
    start = status.get("startTime")
    if not start:
        return ""
    end = status.get("completionTime")
    return duration.human((parse_timestamp(end) if end else now) - parse_timestamp(start))


def _cron_job_row(cron_job: Object, now: int) -> list[object]:
    spec, status = cron_job.get("spec") or {}, cron_job.get("status") or {}
    last = status.get("lastScheduleTime")
    suspend = spec.get("suspend")
    job_spec = (spec.get("jobTemplate") or {}).get("spec") or {}
    return [
        cron_job["metadata"]["name"],
        spec.get("schedule", ""),
        "<none>" if spec.get("timeZone") is None else spec["timeZone"],
        "<unset>" if suspend is None else ("True" if suspend else "False"),
        len(status.get("active") or ()),
        duration.human(now - parse_timestamp(last)) if last else "<none>",
        age(cron_job, now),
        *_containers(job_spec.get("template")),
        labels.format_label_selector(job_spec.get("selector")),
    ]


def _config_map_row(config_map: Object, now: int) -> list[object]:
    count = len(config_map.get("data") or {}) + len(config_map.get("binaryData") or {})
    return [config_map["metadata"]["name"], count, age(config_map, now)]


def _scale_row(scale: Object, now: int) -> list[object]:
    """printScale: a scale subresource's desired and observed replicas."""
    spec, status = scale.get("spec") or {}, scale.get("status") or {}
    return [
        scale["metadata"]["name"],
        spec.get("replicas", 0),
        status.get("replicas", 0),
        age(scale, now),
    ]


def _secret_row(secret: Object, now: int) -> list[object]:
    data = len(secret.get("data") or {})
    return [secret["metadata"]["name"], secret.get("type", ""), data, age(secret, now)]


def _service_account_row(account: Object, now: int) -> list[object]:
    return [account["metadata"]["name"], len(account.get("secrets") or []), age(account, now)]


def _since(timestamp: str | None, now: int) -> str:
    return duration.human(now - parse_timestamp(timestamp)) if timestamp else "<unknown>"


def _event_row(event: Object, now: int) -> list[object]:
    """printEvent: LAST SEEN TYPE REASON OBJECT MESSAGE, and wide SUBOBJECT SOURCE FIRST SEEN
    COUNT NAME."""
    first = _since(event.get("firstTimestamp") or _seconds(event.get("eventTime")), now)
    last = _since(event.get("lastTimestamp"), now) if event.get("lastTimestamp") else first
    count = event.get("count") or 1
    series = event.get("series")
    if series:
        last, count = _since(_seconds(series.get("lastObservedTime")), now), series.get("count", 0)
    involved = event.get("involvedObject") or {}
    target = involved.get("kind", "").lower()
    if involved.get("name"):
        target = f"{target}/{involved['name']}"
    source = event.get("source") or {}
    component = source.get("component") or event.get("reportingComponent", "")
    host = source.get("host") or event.get("reportingInstance", "")
    return [
        last,
        event.get("type", ""),
        event.get("reason", ""),
        target,
        involved.get("fieldPath", ""),
        f"{component}, {host}" if host else component,
        (event.get("message") or "").strip(),
        first,
        count,
        event["metadata"]["name"],
    ]


def _seconds(micro_time: str | None) -> str | None:
    """A MicroTime (`...T10:00:00.123456Z`) to the second, as translateMicroTimestampSince."""
    return micro_time.split(".")[0] + "Z" if micro_time and "." in micro_time else micro_time


def _role_binding_row(binding: Object, now: int) -> list[object]:
    ref = binding.get("roleRef") or {}
    users, groups, accounts = [], [], []
    for subject in binding.get("subjects") or []:
        kind, name = subject.get("kind"), subject.get("name", "")
        if kind == "ServiceAccount":
            accounts.append(f"{subject.get('namespace', '')}/{name}")
        elif kind == "User":
            users.append(name)
        elif kind == "Group":
            groups.append(name)
    return [
        binding["metadata"]["name"],
        f"{ref.get('kind', '')}/{ref.get('name', '')}",
        age(binding, now),
        ", ".join(users),
        ", ".join(groups),
        ", ".join(accounts),
    ]


def _lease_row(lease: Object, now: int) -> list[object]:
    holder = (lease.get("spec") or {}).get("holderIdentity") or ""
    return [lease["metadata"]["name"], holder, age(lease, now)]


def _pod_disruption_budget_row(pdb: Object, now: int) -> list[object]:
    spec, status = pdb.get("spec") or {}, pdb.get("status") or {}
    return [
        pdb["metadata"]["name"],
        _int_or_string(spec.get("minAvailable")),
        _int_or_string(spec.get("maxUnavailable")),
        status.get("disruptionsAllowed", 0),
        age(pdb, now),
    ]


def _hpa_row(hpa: Object, now: int) -> list[object]:
    """printHorizontalPodAutoscaler."""
    spec, status = hpa.get("spec") or {}, hpa.get("status") or {}
    ref = spec.get("scaleTargetRef") or {}
    minimum = spec.get("minReplicas")
    return [
        hpa["metadata"]["name"],
        f"{ref.get('kind', '')}/{ref.get('name', '')}",
        hpa_metrics(spec.get("metrics") or [], status.get("currentMetrics") or []),
        "<unset>" if minimum is None else str(minimum),
        spec.get("maxReplicas", 0),
        status.get("currentReplicas", 0),
        age(hpa, now),
    ]


def hpa_metrics(specs: list[Object], statuses: list[Object]) -> str:
    """formatHPAMetrics: each metric's current value over its target, the first two only."""
    if not specs:
        return "<none>"
    shown = [
        _hpa_metric(spec, statuses[i] if i < len(statuses) else {}) for i, spec in enumerate(specs)
    ]
    more = f" + {len(shown) - 2} more..." if len(shown) > 2 else ""
    return ", ".join(shown[:2]) + more


def _hpa_metric(spec: Object, status: Object) -> str:
    kind = spec.get("type")
    source_key = _HPA_SOURCES.get(kind or "")
    if source_key is None:
        return "<unknown type>"
    source, current = spec.get(source_key) or {}, (status.get(source_key) or {}).get("current")
    target = source.get("target") or {}
    if source_key in ("resource", "containerResource"):
        prefix = f"{source.get('name', '')}: "
        if target.get("averageValue") is None:
            return prefix + _utilization(current, target)
        return f"{prefix}{_quantity(current, 'averageValue')}/{_canonical(target['averageValue'])}"
    if source_key == "pods" or target.get("averageValue") is not None:
        avg = "" if source_key == "pods" else " (avg)"
        return f"{_quantity(current, 'averageValue')}/{_canonical(target.get('averageValue'))}{avg}"
    return f"{_quantity(current, 'value')}/{_canonical(target.get('value'))}"


_HPA_SOURCES = {
    "External": "external",
    "Pods": "pods",
    "Object": "object",
    "Resource": "resource",
    "ContainerResource": "containerResource",
}


def _utilization(current: Object | None, target: Object) -> str:
    now = (current or {}).get("averageUtilization")
    wanted = target.get("averageUtilization")
    shown = "<unknown>" if now is None else f"{now}%"
    return f"{shown}/{'<auto>' if wanted is None else f'{wanted}%'}"


def _quantity(current: Object | None, key: str) -> str:
    """A current value, or <unknown> before the autoscaler has read one."""
    if current is None:
        return "<unknown>"
    return _canonical(current.get(key))


def _canonical(value: str | None) -> str:
    """Quantity.String, which a nil quantity answers with <nil>."""
    return quantity.canonical(value) if value is not None else "<nil>"


def _int_or_string(value: int | str | None) -> str:
    """An IntOrString's String(), N/A when it is not set."""
    return "N/A" if value is None else str(value)


def _phase_or_terminating(obj: Object) -> str:
    if obj["metadata"].get("deletionTimestamp"):
        return "Terminating"
    return (obj.get("status") or {}).get("phase") or ""


def _persistent_volume_row(pv: Object, now: int) -> list[object]:
    spec, status = pv.get("spec") or {}, pv.get("status") or {}
    ref = spec.get("claimRef")
    claim = f"{ref.get('namespace', '')}/{ref.get('name', '')}" if ref is not None else ""
    return [
        pv["metadata"]["name"],
        quantity.canonical((spec.get("capacity") or {}).get("storage", "0")),
        access_modes(spec.get("accessModes") or []),
        spec.get("persistentVolumeReclaimPolicy") or "",
        _phase_or_terminating(pv),
        claim,
        storage_class_of(pv),
        spec.get("volumeAttributesClassName", "<unset>"),
        status.get("reason") or "",
        age(pv, now),
        spec.get("volumeMode", "<unset>"),
    ]


def _persistent_volume_claim_row(pvc: Object, now: int) -> list[object]:
    spec, status = pvc.get("spec") or {}, pvc.get("status") or {}
    capacity = modes = ""
    if spec.get("volumeName"):
        modes = access_modes(status.get("accessModes") or [])
        capacity = quantity.canonical((status.get("capacity") or {}).get("storage", "0"))
    return [
        pvc["metadata"]["name"],
        _phase_or_terminating(pvc),
        spec.get("volumeName") or "",
        capacity,
        modes,
        storage_class_of(pvc),
        spec.get("volumeAttributesClassName", "<unset>"),
        age(pvc, now),
        spec.get("volumeMode", "<unset>"),
    ]


def _storage_class_row(sc: Object, now: int) -> list[object]:
    name = sc["metadata"]["name"] + (" (default)" if is_default_class(sc) else "")
    return [
        name,
        sc.get("provisioner", ""),
        sc.get("reclaimPolicy") or "Delete",
        sc.get("volumeBindingMode") or "Immediate",
        bool(sc.get("allowVolumeExpansion")),
        age(sc, now),
    ]


def _ingress_row(ingress: Object, now: int) -> list[object]:
    spec, status = ingress.get("spec") or {}, ingress.get("status") or {}
    points = (status.get("loadBalancer") or {}).get("ingress") or []
    # ingressLoadBalancerStatusStringer, wide as tables are on the server: never clipped
    address = sorted({p.get("ip") or p.get("hostname") or "" for p in points} - {""})
    class_name = spec.get("ingressClassName")
    return [
        ingress["metadata"]["name"],
        "<none>" if class_name is None else class_name,
        _ingress_hosts(spec.get("rules") or []),
        ",".join(address),
        "80, 443" if spec.get("tls") else "80",
        age(ingress, now),
    ]


def _ingress_hosts(rules: list[Object], most: int = 3) -> str:
    """formatHosts: the first three hosts named; past them, how many rules (not hosts) more."""
    hosts, more = [], False
    for rule in rules:
        more = more or len(hosts) == most
        if not more and rule.get("host"):
            hosts.append(rule["host"])
    if not hosts:
        return "*"
    listed = ",".join(hosts)
    return f"{listed} + {len(rules) - most} more..." if more else listed


def _ingress_class_row(ingress_class: Object, now: int) -> list[object]:
    meta, spec = ingress_class["metadata"], ingress_class.get("spec") or {}
    parameters = spec.get("parameters")
    reference = "<none>"
    if parameters is not None:
        group = parameters.get("apiGroup")
        kind = parameters.get("kind", "") + ("" if group is None else f".{group}")
        reference = f"{kind}/{parameters.get('name', '')}"
    return [
        meta["name"] + (" (default)" if ingresses.is_default_class(ingress_class) else ""),
        spec.get("controller", ""),
        reference,
        age(ingress_class, now),
    ]


def _network_policy_row(policy: Object, now: int) -> list[object]:
    selector = (policy.get("spec") or {}).get("podSelector") or {}
    return [policy["metadata"]["name"], labels.format_label_selector(selector), age(policy, now)]


def _runtime_class_row(runtime_class: Object, now: int) -> list[object]:
    meta = runtime_class["metadata"]
    return [meta["name"], runtime_class.get("handler", ""), age(runtime_class, now)]


def _service_cidr_row(service_cidr: Object, now: int) -> list[object]:
    cidrs = (service_cidr.get("spec") or {}).get("cidrs") or []
    return [service_cidr["metadata"]["name"], ",".join(cidrs), age(service_cidr, now)]


def _ip_address_row(ip_address: Object, now: int) -> list[object]:
    """printIPAddress: the parent as group resource, namespace and name."""
    ref = (ip_address.get("spec") or {}).get("parentRef")
    parent = "<none>"
    if ref is not None:
        group, resource = ref.get("group") or "", ref.get("resource") or ""
        parent = (f"{resource}.{group}" if group else resource).lower()
        parent += f"/{ref['namespace']}" if ref.get("namespace") else ""
        parent += f"/{ref.get('name') or ''}"
    return [ip_address["metadata"]["name"], parent]


def _validating_admission_policy_row(policy: Object, now: int) -> list[object]:
    spec = policy.get("spec") or {}
    kind = spec.get("paramKind")
    param_kind = f"{kind.get('apiVersion', '')}/{kind.get('kind', '')}" if kind else "<unset>"
    return [
        policy["metadata"]["name"],
        len(spec.get("validations") or []),
        param_kind,
        age(policy, now),
    ]


def _validating_admission_policy_binding_row(binding: Object, now: int) -> list[object]:
    spec = binding.get("spec") or {}
    return [
        binding["metadata"]["name"],
        spec.get("policyName", ""),
        _param_ref(spec),
        age(binding, now),
    ]


def _param_ref(spec: Object) -> str:
    """printValidatingAdmissionPolicyBinding's ParamRef: `*` as the namespace of a param
    named without one, which may as well be cluster-scoped; a selector in Go's syntax."""
    ref = spec.get("paramRef")
    if ref is None:
        return "<unset>"
    if ref.get("name"):
        return f"{ref.get('namespace') or '*'}/{ref['name']}"
    if ref.get("selector") is not None:
        return labels.go_string(ref["selector"])
    return "<unset>"


def _priority_class_row(pc: Object, now: int) -> list[object]:
    policy = pc.get("preemptionPolicy") or ""
    return [
        pc["metadata"]["name"],
        pc.get("value", 0),
        bool(pc.get("globalDefault")),
        age(pc, now),
        policy,
    ]


def _resource_quota_row(quota: Object, now: int) -> list[object]:
    """printResourceQuota: `name: used/hard` per resource, limits.* in the LIMIT column."""
    status = quota.get("status") or {}
    hard, used = status.get("hard") or {}, status.get("used") or {}
    request, limit = [], []
    for name in sorted(hard):
        column = limit if name.split(".")[0] == "limits" and "." in name else request
        current = quantity.canonical(used[name]) if name in used else "0"
        column.append(f"{name}: {current}/{quantity.canonical(hard[name])}")
    return [quota["metadata"]["name"], ", ".join(request), ", ".join(limit), age(quota, now)]


def _service_external_ip(service: Object) -> str:
    """getServiceExternalIP, as kube-apiserver prints it (wide: never clipped)."""
    spec = service.get("spec") or {}
    kind, external = spec.get("type"), list(spec.get("externalIPs") or [])
    if kind in ("ClusterIP", "NodePort"):
        return ",".join(external) or "<none>"
    if kind == "LoadBalancer":
        ingress = ((service.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []
        found = sorted({i.get("ip") or i.get("hostname") for i in ingress} - {None, ""})
        return ",".join(found + external) or "<pending>"
    if kind == "ExternalName":
        return spec.get("externalName", "")
    return "<unknown>"


def _service_ports(ports: list[Object]) -> str:
    """makePortString: `80/TCP`, or `80:31234/TCP` with a node port."""
    pieces = []
    for port in ports:
        node_port = f":{port['nodePort']}" if port.get("nodePort") else ""
        pieces.append(f"{port.get('port')}{node_port}/{port.get('protocol', '')}")
    return ",".join(pieces)


def _service_row(service: Object, now: int) -> list[object]:
    spec = service.get("spec") or {}
    cluster_ips = spec.get("clusterIPs") or []
    return [
        service["metadata"]["name"],
        spec.get("type", ""),
        cluster_ips[0] if cluster_ips else "<none>",
        _service_external_ip(service),
        _service_ports(spec.get("ports") or []) or "<none>",
        age(service, now),
        labels.format_labels(spec.get("selector")),
    ]


def _component_status_row(component: Object, now: int) -> list[object]:
    """printComponentStatus: Healthy while its Healthy condition is True."""
    healthy = next((c for c in component.get("conditions") or () if c.get("type") == "Healthy"), {})
    status = "Healthy" if healthy.get("status") == "True" else "Unhealthy"
    name = component["metadata"]["name"]
    return [name, status, healthy.get("message", ""), healthy.get("error", "")]


def _endpoints_row(endpoints: Object, now: int) -> list[object]:
    return [endpoints["metadata"]["name"], _format_endpoints(endpoints), age(endpoints, now)]


def _format_endpoints(endpoints: Object, most: int = 3) -> str:
    """formatEndpoints: the first three ready `ip:port`s, then how many more."""
    subsets = endpoints.get("subsets") or []
    if not subsets:
        return "<none>"
    found, count = [], 0
    for subset in subsets:
        addresses = [a.get("ip", "") for a in subset.get("addresses") or []]
        ports = subset.get("ports") or []
        for port in ports or [None]:
            count += len(addresses)
            suffix = "" if port is None else f":{port.get('port')}"
            found += [_join_host_port(ip, suffix) for ip in addresses]
    listed = ",".join(found[:most])
    return f"{listed} + {count - most} more..." if count > most else listed


def _join_host_port(ip: str, suffix: str) -> str:
    """net.JoinHostPort: IPv6 addresses in brackets."""
    return f"[{ip}]{suffix}" if suffix and ":" in ip else f"{ip}{suffix}"


def _endpoint_slice_row(slice_: Object, now: int) -> list[object]:
    ports = [
        str(p["port"]) if p.get("port") is not None else p.get("name") or "*"
        for p in slice_.get("ports") or []
    ]
    addresses = [a for e in slice_.get("endpoints") or [] for a in e.get("addresses") or []]
    return [
        slice_["metadata"]["name"],
        slice_.get("addressType", ""),
        _list_with_more(ports),
        _list_with_more(addresses),
        age(slice_, now),
    ]


def _list_with_more(values: list[str], most: int = 3) -> str:
    """listWithMoreString: three values, then how many more; `<unset>` for none."""
    listed = ",".join(values[:most])
    if len(values) > most:
        return f"{listed} + {len(values) - most} more..."
    return listed or "<unset>"


def _default_row(obj: Object, now: int) -> list[object]:
    return [obj["metadata"]["name"], obj["metadata"].get("creationTimestamp", "")]


_NAME_DOC = (
    "Name must be unique within a namespace. Is required when creating resources, although "
    "some resources may allow a client to request the generation of an appropriate name "
    "automatically. Name is primarily intended for creation idempotence and configuration "
    "definition. Cannot be updated. More info: "
    "https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"
)
_AGE_DOC = (
    "CreationTimestamp is a timestamp representing the server time when this object was "
    "created. It is not guaranteed to be set in happens-before order across separate "
    "operations. Clients may not set this value. It is represented in RFC3339 form and is in "
    "UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: "
    "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"
)
CORE_V1, STORAGE_V1 = "io.k8s.api.core.v1", "io.k8s.api.storage.v1"
AUTOSCALING_V2 = "io.k8s.api.autoscaling.v2"
NETWORKING_V1 = "io.k8s.api.networking.v1"


def _documented(
    title: str, kind: str, field: str, group: str = CORE_V1, priority: int = 0
) -> Column:
    """A string column described as its field is (SwaggerDoc, the text OpenAPI serves)."""
    return (title, "string", priority, docs.FIELDS[f"{group}.{kind}"][field])


def _rc_column(title: str, kind: str, field: str, priority: int = 0) -> Column:
    """An integer column of a ReplicationController, described as its field is."""
    return (title, "integer", priority, docs.FIELDS[f"{CORE_V1}.{kind}"][field])


def _hpa_column(title: str, field: str) -> Column:
    return _documented(title, "HorizontalPodAutoscalerSpec", field, AUTOSCALING_V2)


_NAME: Column = ("Name", "string", 0, _NAME_DOC)
_AGE: Column = ("Age", "string", 0, _AGE_DOC)
_CONTAINERS: Column = ("Containers", "string", 1, "Names of each container in the template.")
_IMAGES: Column = ("Images", "string", 1, "Images referenced by each container in the template.")
_JOB_SELECTOR: Column = (
    "Selector",
    "string",
    1,
    "A label query over pods that should match the pod count. Normally, the system sets this "
    "field for you. More info: "
    "https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors",
)
_TIME_ZONE_DOC = (
    "The time zone name for the given schedule, see "
    "https://en.wikipedia.org/wiki/List_of_tz_database_time_zones. If not specified, this will "
    "default to the time zone of the kube-controller-manager process. The set of valid time "
    "zone names and the time zone offset is loaded from the system-wide time zone database by "
    "the API server during CronJob validation and the controller manager during execution. If "
    "no system-wide time zone database can be found a bundled version of the database is used "
    "instead. If the time zone name becomes invalid during the lifetime of a CronJob or due to "
    "a change in host configuration, the controller will stop creating new new Jobs and will "
    "create a system event with the reason UnknownTimeZone. More information can be found in "
    "https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones"
)
_ADDRESSES = (
    "List of addresses reachable to the node. Queried from cloud provider, if available. More "
    "info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is "
    "declared as mergeable, but the merge key is not sufficiently unique, which can cause data "
    "corruption when it is merged. Callers should instead use a full-replacement patch. See "
    "https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change "
    "during the lifetime of a Node. However, there are some exceptions where this may not be "
    "possible, such as Pods that inherit a Node's address in its own status or consumers of the "
    "downward API (status.hostIP)."
)
_ROLE_BINDING_WIDE: tuple[Column, ...] = (
    ("Users", "string", 1, "Users in the roleBinding"),
    ("Groups", "string", 1, "Groups in the roleBinding"),
    ("ServiceAccounts", "string", 1, "ServiceAccounts in the roleBinding"),
)

# pkg/printers/internalversion/printers.go AddHandlers: the columns of each kind
_COLUMNS: dict[str, tuple[tuple[Column, ...], Callable[[Object, int], list[object]]]] = {
    "Pod": (
        (
            _NAME,
            (
                "Ready",
                "string",
                0,
                "The aggregate readiness state of this pod for accepting traffic.",
            ),
            ("Status", "string", 0, "The aggregate status of the containers in this pod."),
            (
                "Restarts",
                "string",
                0,
                "The number of times the containers in this pod have been restarted and when the "
                "last container in this pod has restarted.",
            ),
            _AGE,
            (
                "IP",
                "string",
                1,
                "podIP address allocated to the pod. Routable at least within the cluster. Empty "
                "if not yet allocated.",
            ),
            (
                "Node",
                "string",
                1,
                "NodeName indicates in which node this pod is scheduled. If empty, this pod is a "
                "candidate for scheduling by the scheduler defined in schedulerName. Once this "
                "field is set, the kubelet for this node becomes responsible for the lifecycle of "
                "this pod. This field should not be used to express a desire for the pod to be "
                "scheduled on a specific node. "
                "https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename",
            ),
            (
                "Nominated Node",
                "string",
                1,
                "nominatedNodeName is set only when this pod preempts other pods on the node, but "
                "it cannot be scheduled right away as preemption victims receive their graceful "
                "termination periods. This field does not guarantee that the pod will be "
                "scheduled on this node. Scheduler may decide to place the pod elsewhere if other "
                "nodes become available sooner. Scheduler may also decide to give the resources "
                "on this node to a higher priority pod that is created after preemption. As a "
                "result, this field may be different than PodSpec.nodeName when the pod is "
                "scheduled.",
            ),
            (
                "Readiness Gates",
                "string",
                1,
                "If specified, all readiness gates will be evaluated for pod readiness. A pod is "
                "ready when all its containers are ready AND all conditions specified in the "
                'readiness gates have status equal to "True" More info: '
                "https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates",
            ),
        ),
        _pod_row,
    ),
    "Node": (
        (
            _NAME,
            ("Status", "string", 0, "The status of the node"),
            ("Roles", "string", 0, "The roles of the node"),
            _AGE,
            ("Version", "string", 0, "Kubelet Version reported by the node."),
            ("Internal-IP", "string", 1, _ADDRESSES),
            ("External-IP", "string", 1, _ADDRESSES),
            (
                "OS-Image",
                "string",
                1,
                "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 "
                "(wheezy)).",
            ),
            (
                "Kernel-Version",
                "string",
                1,
                "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).",
            ),
            (
                "Container-Runtime",
                "string",
                1,
                "ContainerRuntime Version reported by the node through runtime remote API (e.g. "
                "containerd://1.4.2).",
            ),
        ),
        _node_row,
    ),
    "Namespace": (
        (_NAME, ("Status", "string", 0, "The status of the namespace"), _AGE),
        _namespace_row,
    ),
    "ReplicaSet": (
        (
            _NAME,
            (
                "Desired",
                "integer",
                0,
                "Replicas is the number of desired pods. This is a pointer to distinguish between "
                "explicit zero and unspecified. Defaults to 1. More info: "
                "https://kubernetes.io/docs/concepts/workloads/controllers/replicaset",
            ),
            (
                "Current",
                "integer",
                0,
                "Replicas is the most recently observed number of non-terminating pods. More "
                "info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset",
            ),
            (
                "Ready",
                "integer",
                0,
                "The number of non-terminating pods targeted by this ReplicaSet with a Ready "
                "Condition.",
            ),
            _AGE,
            _CONTAINERS,
            _IMAGES,
            (
                "Selector",
                "string",
                1,
                "Selector is a label query over pods that should match the replica count. If the "
                "selector is empty, it is defaulted to the labels present on the pod template. "
                "Label keys and values that must match in order to be controlled by this replica "
                "set. More info: "
                "https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors",
            ),
        ),
        _replica_set_row,
    ),
    "ReplicationController": (
        (
            _NAME,
            _rc_column("Desired", "ReplicationControllerSpec", "replicas"),
            _rc_column("Current", "ReplicationControllerStatus", "replicas"),
            _rc_column("Ready", "ReplicationControllerStatus", "readyReplicas"),
            _AGE,
            _CONTAINERS,
            _IMAGES,
            _documented("Selector", "ReplicationControllerSpec", "selector", priority=1),
        ),
        _replication_controller_row,
    ),
    "PodTemplate": (
        (
            _NAME,
            ("Containers", "string", 0, "Names of each container in the template."),
            ("Images", "string", 0, "Images referenced by each container in the template."),
            ("Pod Labels", "string", 0, "The labels for the pod template."),
        ),
        _pod_template_row,
    ),
    "Deployment": (
        (
            _NAME,
            ("Ready", "string", 0, "Number of the pod with ready state"),
            (
                "Up-to-date",
                "string",
                0,
                "Total number of non-terminating pods targeted by this deployment that have the "
                "desired template spec.",
            ),
            (
                "Available",
                "string",
                0,
                "Total number of available non-terminating pods (ready for at least "
                "minReadySeconds) targeted by this deployment.",
            ),
            _AGE,
            _CONTAINERS,
            _IMAGES,
            (
                "Selector",
                "string",
                1,
                "Label selector for pods. Existing ReplicaSets whose pods are selected by this "
                "will be the ones affected by this deployment.",
            ),
        ),
        _deployment_row,
    ),
    "DaemonSet": (
        (
            _NAME,
            (
                "Desired",
                "integer",
                0,
                "The total number of nodes that should be running the daemon pod (including "
                "nodes correctly running the daemon pod). More info: "
                "https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/",
            ),
            (
                "Current",
                "integer",
                0,
                "The number of nodes that are running at least 1 daemon pod and are supposed to "
                "run the daemon pod. More info: "
                "https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/",
            ),
            (
                "Ready",
                "integer",
                0,
                "numberReady is the number of nodes that should be running the daemon pod and "
                "have one or more of the daemon pod running with a Ready Condition.",
            ),
            (
                "Up-to-date",
                "integer",
                0,
                "The total number of nodes that are running updated daemon pod",
            ),
            (
                "Available",
                "integer",
                0,
                "The number of nodes that should be running the daemon pod and have one or more "
                "of the daemon pod running and available (ready for at least "
                "spec.minReadySeconds)",
            ),
            (
                "Node Selector",
                "string",
                0,
                "NodeSelector is a selector which must be true for the pod to fit on a node. "
                "Selector which must match a node's labels for the pod to be scheduled on that "
                "node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/",
            ),
            _AGE,
            _CONTAINERS,
            _IMAGES,
            (
                "Selector",
                "string",
                1,
                "A label query over pods that are managed by the daemon set. Must match in order "
                "to be controlled. It must match the pod template's labels. More info: "
                "https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors",
            ),
        ),
        _daemon_set_row,
    ),
    "StatefulSet": (
        (
            _NAME,
            ("Ready", "string", 0, "Number of the pod with ready state"),
            _AGE,
            _CONTAINERS,
            _IMAGES,
        ),
        _stateful_set_row,
    ),
    "ControllerRevision": (
        (
            _NAME,
            ("Controller", "string", 0, "Controller of the object"),
            (
                "Revision",
                "string",
                0,
                "Revision indicates the revision of the state represented by Data.",
            ),
            _AGE,
        ),
        _controller_revision_row,
    ),
    "Job": (
        (
            _NAME,
            ("Status", "string", 0, "Status of the job."),
            (
                "Completions",
                "string",
                0,
                "The number of pods which reached phase Succeeded. The value increases "
                "monotonically for a given spec. However, it may decrease in reaction to scale "
                "down of elastic indexed jobs.",
            ),
            ("Duration", "string", 0, "Time required to complete the job."),
            _AGE,
            _CONTAINERS,
            _IMAGES,
            _JOB_SELECTOR,
        ),
        _job_row,
    ),
    "CronJob": (
        (
            _NAME,
            (
                "Schedule",
                "string",
                0,
                "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.",
            ),
            ("Timezone", "string", 0, _TIME_ZONE_DOC),
            (
                "Suspend",
                "boolean",
                0,
                "This flag tells the controller to suspend subsequent executions, it does not "
                "apply to already started executions.  Defaults to false.",
            ),
            ("Active", "integer", 0, "A list of pointers to currently running jobs."),
            (
                "Last Schedule",
                "string",
                0,
                "Information when was the last time the job was successfully scheduled.",
            ),
            _AGE,
            _CONTAINERS,
            _IMAGES,
            _JOB_SELECTOR,
        ),
        _cron_job_row,
    ),
    "Scale": (
        (
            _NAME,
            (
                "Desired",
                "integer",
                0,
                "replicas is the desired number of instances for the scaled object.",
            ),
            (
                "Available",
                "integer",
                0,
                "replicas is the actual number of observed instances of the scaled object.",
            ),
            _AGE,
        ),
        _scale_row,
    ),
    "ConfigMap": (
        (
            _NAME,
            (
                "Data",
                "string",
                0,
                "Data contains the configuration data. Each key must consist of alphanumeric "
                "characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the "
                "BinaryData field. The keys stored in Data must not overlap with the keys in the "
                "BinaryData field, this is enforced during validation process.",
            ),
            _AGE,
        ),
        _config_map_row,
    ),
    "Secret": (
        (
            _NAME,
            (
                "Type",
                "string",
                0,
                "Used to facilitate programmatic handling of secret data. More info: "
                "https://kubernetes.io/docs/concepts/configuration/secret/#secret-types",
            ),
            (
                "Data",
                "string",
                0,
                "Data contains the secret data. Each key must consist of alphanumeric "
                "characters, '-', '_' or '.'. The serialized form of the secret data is a base64 "
                "encoded string, representing the arbitrary (possibly non-string) data value "
                "here. Described in https://tools.ietf.org/html/rfc4648#section-4",
            ),
            _AGE,
        ),
        _secret_row,
    ),
    "ServiceAccount": (
        (
            _NAME,
            (
                "Secrets",
                "string",
                0,
                "Secrets is a list of the secrets in the same namespace that pods running using "
                "this ServiceAccount are allowed to use. Pods are only limited to this list if "
                'this service account has a "kubernetes.io/enforce-mountable-secrets" annotation '
                'set to "true". The "kubernetes.io/enforce-mountable-secrets" annotation is '
                "deprecated since v1.32. Prefer separate namespaces to isolate access to mounted "
                "secrets. This field should not be used to find auto-generated service account "
                "token secrets for use outside of pods. Instead, tokens can be requested directly "
                "using the TokenRequest API, or service account token secrets can be manually "
                "created. More info: https://kubernetes.io/docs/concepts/configuration/secret",
            ),
            _AGE,
        ),
        _service_account_row,
    ),
    "Event": (
        (
            (
                "Last Seen",
                "string",
                0,
                "The time at which the most recent occurrence of this event was recorded.",
            ),
            (
                "Type",
                "string",
                0,
                "Type of this event (Normal, Warning), new types could be added in the future",
            ),
            (
                "Reason",
                "string",
                0,
                "This should be a short, machine understandable string that gives the reason for "
                "the transition into the object's current status.",
            ),
            ("Object", "string", 0, "The object that this event is about."),
            (
                "Subobject",
                "string",
                1,
                "If referring to a piece of an object instead of an entire object, this string "
                "should contain a valid JSON/Go field access statement, such as "
                "desiredState.manifest.containers[2]. For example, if the object reference is to "
                "a container within a pod, this would take on a value like: "
                '"spec.containers{name}" (where "name" refers to the name of the container that '
                'triggered the event) or if no container name is specified "spec.containers[2]" '
                "(container with index 2 in this pod). This syntax is chosen only to have some "
                "well-defined way of referencing a part of an object.",
            ),
            (
                "Source",
                "string",
                1,
                "The component reporting this event. Should be a short machine understandable "
                "string.",
            ),
            (
                "Message",
                "string",
                0,
                "A human-readable description of the status of this operation.",
            ),
            (
                "First Seen",
                "string",
                1,
                "The time at which the event was first recorded. (Time of server receipt is in "
                "TypeMeta.)",
            ),
            ("Count", "string", 1, "The number of times this event has occurred."),
            ("Name", "string", 1, _NAME_DOC),
        ),
        _event_row,
    ),
    "RoleBinding": (
        (
            _NAME,
            (
                "Role",
                "string",
                0,
                "roleRef can reference a Role in the current namespace or a ClusterRole in the "
                "global namespace. If the RoleRef cannot be resolved, the Authorizer must return "
                "an error.",
            ),
            _AGE,
            *_ROLE_BINDING_WIDE,
        ),
        _role_binding_row,
    ),
    "ClusterRoleBinding": (
        (
            _NAME,
            (
                "Role",
                "string",
                0,
                "roleRef can only reference a ClusterRole in the global namespace. If the RoleRef "
                "cannot be resolved, the Authorizer must return an error.",
            ),
            _AGE,
            ("Users", "string", 1, "Users in the clusterRoleBinding"),
            ("Groups", "string", 1, "Groups in the clusterRoleBinding"),
            ("ServiceAccounts", "string", 1, "ServiceAccounts in the clusterRoleBinding"),
        ),
        _role_binding_row,
    ),
    "Lease": (
        (
            _NAME,
            (
                "Holder",
                "string",
                0,
                "holderIdentity contains the identity of the holder of a current lease. If "
                "Coordinated Leader Election is used, the holder identity must be equal to the "
                "elected LeaseCandidate.metadata.name field.",
            ),
            _AGE,
        ),
        _lease_row,
    ),
    "PodDisruptionBudget": (
        (
            _NAME,
            ("Min Available", "string", 0, "The minimum number of pods that must be available."),
            (
                "Max Unavailable",
                "string",
                0,
                "The maximum number of pods that may be unavailable.",
            ),
            (
                "Allowed Disruptions",
                "integer",
                0,
                "Calculated number of pods that may be disrupted at this time.",
            ),
            _AGE,
        ),
        _pod_disruption_budget_row,
    ),
    "HorizontalPodAutoscaler": (
        (
            _NAME,
            _hpa_column("Reference", "scaleTargetRef"),
            _hpa_column("Targets", "metrics"),
            _hpa_column("MinPods", "minReplicas"),
            _hpa_column("MaxPods", "maxReplicas"),
            _documented(
                "Replicas", "HorizontalPodAutoscalerStatus", "currentReplicas", AUTOSCALING_V2
            ),
            _AGE,
        ),
        _hpa_row,
    ),
    "PersistentVolume": (
        (
            _NAME,
            _documented("Capacity", "PersistentVolumeSpec", "capacity"),
            _documented("Access Modes", "PersistentVolumeSpec", "accessModes"),
            _documented("Reclaim Policy", "PersistentVolumeSpec", "persistentVolumeReclaimPolicy"),
            _documented("Status", "PersistentVolumeStatus", "phase"),
            _documented("Claim", "PersistentVolumeSpec", "claimRef"),
            ("StorageClass", "string", 0, "StorageClass of the pv"),
            ("VolumeAttributesClass", "string", 0, "VolumeAttributesClass of the pv"),
            _documented("Reason", "PersistentVolumeStatus", "reason"),
            _AGE,
            _documented("VolumeMode", "PersistentVolumeSpec", "volumeMode", priority=1),
        ),
        _persistent_volume_row,
    ),
    "PersistentVolumeClaim": (
        (
            _NAME,
            _documented("Status", "PersistentVolumeClaimStatus", "phase"),
            _documented("Volume", "PersistentVolumeClaimSpec", "volumeName"),
            _documented("Capacity", "PersistentVolumeClaimStatus", "capacity"),
            _documented("Access Modes", "PersistentVolumeClaimStatus", "accessModes"),
            ("StorageClass", "string", 0, "StorageClass of the pvc"),
            ("VolumeAttributesClass", "string", 0, "VolumeAttributesClass of the pvc"),
            _AGE,
            _documented("VolumeMode", "PersistentVolumeClaimSpec", "volumeMode", priority=1),
        ),
        _persistent_volume_claim_row,
    ),
    "StorageClass": (
        (
            _NAME,
            _documented("Provisioner", "StorageClass", "provisioner", STORAGE_V1),
            _documented("ReclaimPolicy", "StorageClass", "reclaimPolicy", STORAGE_V1),
            _documented("VolumeBindingMode", "StorageClass", "volumeBindingMode", STORAGE_V1),
            _documented("AllowVolumeExpansion", "StorageClass", "allowVolumeExpansion", STORAGE_V1),
            _AGE,
        ),
        _storage_class_row,
    ),
    "Ingress": (
        (
            _NAME,
            (
                "Class",
                "string",
                0,
                "The name of the IngressClass resource that should be used for additional "
                "configuration",
            ),
            (
                "Hosts",
                "string",
                0,
                "Hosts that incoming requests are matched against before the ingress rule",
            ),
            (
                "Address",
                "string",
                0,
                "Address is a list containing ingress points for the load-balancer",
            ),
            ("Ports", "string", 0, "Ports of TLS configurations that open"),
            _AGE,
        ),
        _ingress_row,
    ),
    "IngressClass": (
        (
            _NAME,
            ("Controller", "string", 0, "Controller that is responsible for handling this class"),
            ("Parameters", "string", 0, "A reference to a resource with additional parameters"),
            _AGE,
        ),
        _ingress_class_row,
    ),
    "NetworkPolicy": (
        (
            _NAME,
            _documented("Pod-Selector", "NetworkPolicySpec", "podSelector", NETWORKING_V1),
            _AGE,
        ),
        _network_policy_row,
    ),
    "RuntimeClass": (
        (_NAME, ("Handler", "string", 0, "RuntimeClass Handler"), _AGE),
        _runtime_class_row,
    ),
    "ServiceCIDR": (
        (_NAME, _documented("CIDRs", "ServiceCIDRSpec", "cidrs", NETWORKING_V1), _AGE),
        _service_cidr_row,
    ),
    # Kubernetes' printer defines no Age column for it
    "IPAddress": (
        (_NAME, _documented("ParentRef", "IPAddressSpec", "parentRef", NETWORKING_V1)),
        _ip_address_row,
    ),
    "ValidatingAdmissionPolicy": (
        (
            _NAME,
            (
                "Validations",
                "integer",
                0,
                "Validations indicates the number of validation rules defined in this configuration",
            ),
            (
                "ParamKind",
                "string",
                0,
                "ParamKind specifies the kind of resources used to parameterize this policy",
            ),
            _AGE,
        ),
        _validating_admission_policy_row,
    ),
    "ValidatingAdmissionPolicyBinding": (
        (
            _NAME,
            (
                "PolicyName",
                "string",
                0,
                "PolicyName indicates the policy definition which the policy binding binded to",
            ),
            (
                "ParamRef",
                "string",
                0,
                "ParamRef indicates the param resource which sets the configration param",
            ),
            _AGE,
        ),
        _validating_admission_policy_binding_row,
    ),
    "PriorityClass": (
        (
            _NAME,
            (
                "Value",
                "integer",
                0,
                "value represents the integer value of this priority class. This is the actual "
                "priority that pods receive when they have the name of this class in their pod "
                "spec.",
            ),
            (
                "Global-Default",
                "boolean",
                0,
                "globalDefault specifies whether this PriorityClass should be considered as the "
                "default priority for pods that do not have any priority class. Only one "
                "PriorityClass can be marked as `globalDefault`. However, if more than one "
                "PriorityClasses exists with their `globalDefault` field set to true, the "
                "smallest value of such global default PriorityClasses will be used as the "
                "default priority.",
            ),
            _AGE,
            (
                "PreemptionPolicy",
                "string",
                0,
                "preemptionPolicy is the Policy for preempting pods with lower priority. One of "
                "Never, PreemptLowerPriority. Defaults to PreemptLowerPriority if unset.",
            ),
        ),
        _priority_class_row,
    ),
    "ResourceQuota": (
        (
            _NAME,
            (
                "Request",
                "string",
                0,
                "Request represents a minimum amount of cpu/memory that a container may consume.",
            ),
            (
                "Limit",
                "string",
                0,
                "Limits control the maximum amount of cpu/memory that a container may use "
                "independent of contention on the node.",
            ),
            _AGE,
        ),
        _resource_quota_row,
    ),
    "Service": (
        (
            _NAME,
            (
                "Type",
                "string",
                0,
                'type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer. "ClusterIP" allocates a cluster-internal IP address for load-balancing to endpoints. Endpoints are determined by the selector or if that is not specified, by manual construction of an Endpoints object or EndpointSlice objects. If clusterIP is "None", no virtual IP is allocated and the endpoints are published as a set of endpoints rather than a virtual IP. "NodePort" builds on ClusterIP and allocates a port on every node which routes to the same endpoints as the clusterIP. "LoadBalancer" builds on NodePort and creates an external load-balancer (if supported in the current cloud) which routes to the same endpoints as the clusterIP. "ExternalName" aliases this service to the specified externalName. Several other fields do not apply to ExternalName services. More info: https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types',
            ),
            (
                "Cluster-IP",
                "string",
                0,
                'clusterIP is the IP address of the service and is usually assigned randomly. If an address is specified manually, is in-range (as per system configuration), and is not in use, it will be allocated to the service; otherwise creation of the service will fail. This field may not be changed through updates unless the type field is also being changed to ExternalName (which requires this field to be blank) or the type field is being changed from ExternalName (in which case this field may optionally be specified, as describe above).\n\nValid values are "None", empty string (""), or a valid IP address. Setting this to "None" makes a "headless service" (no virtual IP), which is useful when direct endpoint connections are preferred and proxying is not required.\n\nOnly applies to types ClusterIP, NodePort, and LoadBalancer. If this field is specified when creating a Service of type ExternalName, creation will fail. This field will be wiped when updating a Service to type ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies',
            ),
            (
                "External-IP",
                "string",
                0,
                "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.\n\nThese IPs are not managed by Kubernetes.\n\nThe user is responsible for ensuring that traffic arrives at a node with this IP.\n\nA common example is external load-balancers that are not part of the Kubernetes system.",
            ),
            (
                "Port(s)",
                "string",
                0,
                "The list of ports that are exposed by this service. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies",
            ),
            _AGE,
            (
                "Selector",
                "string",
                1,
                "Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify. Only applies to types ClusterIP, NodePort, and LoadBalancer. Ignored if type is ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/",
            ),
        ),
        _service_row,
    ),
    "ComponentStatus": (
        (
            _NAME,
            ("Status", "string", 0, "Status of the component conditions"),
            ("Message", "string", 0, "Message of the component conditions"),
            ("Error", "string", 0, "Error of the component conditions"),
        ),
        _component_status_row,
    ),
    "Endpoints": (
        (
            _NAME,
            (
                "Endpoints",
                "string",
                0,
                "The set of all endpoints is the union of all subsets. Addresses are placed into subsets according to the IPs they share. A single address with multiple ports, some of which are ready and some of which are not (because they come from different containers) will result in the address being displayed in different subsets for the different ports. No address will appear in both Addresses and NotReadyAddresses in the same subset. Sets of addresses and ports that comprise a service.",
            ),
            _AGE,
        ),
        _endpoints_row,
    ),
    "EndpointSlice": (
        (
            _NAME,
            (
                "AddressType",
                "string",
                0,
                'addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type. This field is immutable after creation. The following address types are currently supported: * IPv4: Represents an IPv4 Address. * IPv6: Represents an IPv6 Address. * FQDN: Represents a Fully Qualified Domain Name. (Deprecated) The EndpointSlice controller only generates, and kube-proxy only processes, slices of addressType "IPv4" and "IPv6". No semantics are defined for the "FQDN" type.',
            ),
            (
                "Ports",
                "string",
                0,
                "ports specifies the list of network ports exposed by each endpoint in this slice. Each port must have a unique name. Each slice may include a maximum of 100 ports. Services always have at least 1 port, so EndpointSlices generated by the EndpointSlice controller will likewise always have at least 1 port. EndpointSlices used for other purposes may have an empty ports list.",
            ),
            (
                "Endpoints",
                "string",
                0,
                "endpoints is a list of unique endpoints in this slice. Each slice may include a maximum of 1000 endpoints.",
            ),
            _AGE,
        ),
        _endpoint_slice_row,
    ),
}
# kinds without a printer (Role, ClusterRole, LimitRange...): the default table convertor
_DEFAULT: tuple[tuple[Column, ...], Callable[[Object, int], list[object]]] = (
    (_NAME, ("Created At", "date", 0, _AGE_DOC)),
    _default_row,
)


def table(kind: str, objects: list[Object], now: int, list_meta: Object) -> Object:
    """A meta.k8s.io/v1 Table of `objects`, with ages as of unix time `now`."""
    columns, row = _COLUMNS.get(kind, _DEFAULT)
    return {
        "kind": "Table",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": list_meta,
        "columnDefinitions": [
            {
                "name": n,
                "type": t,
                "format": "name" if n == "Name" else "",
                "description": d,
                "priority": p,
            }
            for n, t, p, d in columns
        ],
        "rows": [{"cells": row(obj, now), "object": _partial(obj)} for obj in objects],
    }


def _partial(obj: Object) -> Object:
    return {
        "kind": "PartialObjectMetadata",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": obj.get("metadata", {}),
    }
