"""describePod, its containers and volumes, and DescribePodTemplate for the controllers."""

from __future__ import annotations

from cluster.engine.api.meta import Object
from cluster.engine.node import downward
from cluster.kubectl.describe import storage, writer
from cluster.kubectl.describe.writer import PrefixWriter


def describe_pod(w: PrefixWriter, pod: Object, events: list[Object] | None) -> None:
    meta, spec, status = pod["metadata"], pod.get("spec") or {}, pod.get("status") or {}
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    if spec.get("priority") is not None:
        w.write(0, f"Priority:\t{spec['priority']}\n")
    if spec.get("priorityClassName"):
        w.write(0, f"Priority Class Name:\t{spec['priorityClassName']}\n")
    if spec.get("runtimeClassName"):
        w.write(0, f"Runtime Class Name:\t{spec['runtimeClassName']}\n")
    if spec.get("serviceAccountName"):
        w.write(0, f"Service Account:\t{spec['serviceAccountName']}\n")
    node = spec.get("nodeName")
    w.write(0, f"Node:\t{node}/{status.get('hostIP', '')}\n" if node else "Node:\t<none>\n")
    if status.get("startTime"):
        w.write(0, f"Start Time:\t{writer.rfc1123z(status['startTime'])}\n")
    writer.labels_multiline(w, "Labels", meta.get("labels"))
    writer.annotations_multiline(w, "Annotations", meta.get("annotations"))
    phase = status.get("phase", "")
    if meta.get("deletionTimestamp") and phase not in ("Failed", "Succeeded"):
        w.write(0, f"Status:\tTerminating (lasts {writer.since(w, meta['deletionTimestamp'])})\n")
        w.write(0, f"Termination Grace Period:\t{meta.get('deletionGracePeriodSeconds', 0)}s\n")
    else:
        w.write(0, f"Status:\t{phase}\n")
    for key, title in (("reason", "Reason"), ("message", "Message")):
        if status.get(key):
            w.write(0, f"{title}:\t{status[key]}\n")
    w.write(0, f"IP:\t{status.get('podIP', '')}\n")
    ips = status.get("podIPs") or []
    if ips:
        w.write(0, "IPs:\n")
        for ip in ips:
            w.write(1, f"IP:\t{ip.get('ip', '')}\n")
    else:
        w.write(0, "IPs:\t<none>\n")
    controller = writer.controller_of(pod)
    if controller:
        w.write(0, f"Controlled By:\t{controller}\n")
    if status.get("nominatedNodeName"):
        w.write(0, f"NominatedNodeName:\t{status['nominatedNodeName']}\n")
    if spec.get("initContainers"):
        containers(
            w,
            "Init Containers",
            spec["initContainers"],
            status.get("initContainerStatuses"),
            pod=pod,
        )
    containers(
        w, "Containers", spec.get("containers") or [], status.get("containerStatuses"), pod=pod
    )
    if status.get("conditions"):
        w.write(0, "Conditions:\n  Type\tStatus\n")
        for c in status["conditions"]:
            w.write(1, f"{c.get('type')} \t{c.get('status')} \n")
    volumes(w, spec.get("volumes"))
    w.write(0, f"QoS Class:\t{status.get('qosClass') or qos_class(spec)}\n")
    writer.labels_multiline(w, "Node-Selectors", spec.get("nodeSelector"))
    writer.tolerations_multiline(w, "Tolerations", spec.get("tolerations"))
    writer.events_section(w, events)


def qos_class(spec: Object) -> str:
    """qos.GetPodQOS, for a pod whose status does not say."""
    requests: dict[str, str] = {}
    limits: dict[str, str] = {}
    for container in [*(spec.get("containers") or []), *(spec.get("initContainers") or [])]:
        resources = container.get("resources") or {}
        requests.update(resources.get("requests") or {})
        limits.update(resources.get("limits") or {})
    if not requests and not limits:
        return "BestEffort"
    every = all(
        {"cpu", "memory"} <= set((c.get("resources") or {}).get("limits") or {})
        for c in spec.get("containers") or []
    )
    return "Guaranteed" if every and requests.items() <= limits.items() else "Burstable"


def containers(
    w: PrefixWriter,
    label: str,
    specs: list[Object],
    statuses: list[Object] | None,
    space: str = "",
    pod: Object | None = None,
) -> None:
    """describeContainers: each container's image, ports, state, resources, env, mounts;
    `pod`: the pod whose fields an env var's fieldRef shows (none for a template)."""
    by_name = {s["name"]: s for s in statuses or []}
    w.write(0, f"{space}{label}:{'' if specs else ' <none>'}\n")
    indent = " " if space else ""
    for container in specs:
        status = by_name.get(container["name"])
        w.write(1, f"{indent}{container['name']}:\n")
        if status is not None:
            w.write(2, f"Container ID:\t{status.get('containerID', '')}\n")
        w.write(2, f"Image:\t{container.get('image', '')}\n")
        if status is not None:
            w.write(2, f"Image ID:\t{status.get('imageID', '')}\n")
        _ports(w, container.get("ports") or [])
        for key, title in (("command", "Command"), ("args", "Args")):
            if container.get(key):
                w.write(2, f"{title}:\n")
                for part in container[key]:
                    for piece in part.split("\n"):
                        w.write(3, f"{piece}\n")
        if status is not None:
            _state(w, "State", status.get("state") or {})
            if (status.get("lastState") or {}).get("terminated"):
                _state(w, "Last State", status["lastState"])
            w.write(2, f"Ready:\t{'True' if status.get('ready') else 'False'}\n")
            w.write(2, f"Restart Count:\t{status.get('restartCount', 0)}\n")
        resources(w, container.get("resources") or {}, 2)
        for key, title in (
            ("livenessProbe", "Liveness"),
            ("readinessProbe", "Readiness"),
            ("startupProbe", "Startup"),
        ):
            if container.get(key):
                w.write(2, f"{title}:\t{probe(container[key])}\n")
        if container.get("envFrom"):
            _env_from(w, container["envFrom"])
        _env(w, container, pod)
        _mounts(w, container.get("volumeMounts") or [])


def _ports(w: PrefixWriter, ports: list[Object]) -> None:
    def listed(field: str) -> str:
        texts = []
        for port in ports:
            text = f"{port.get(field, 0)}/{port.get('protocol', 'TCP')}"
            texts.append(f"{text} ({port['name']})" if port.get("name") else text)
        return ", ".join(texts)

    for field, one, many in (
        ("containerPort", "Port", "Ports"),
        ("hostPort", "Host Port", "Host Ports"),
    ):
        text = listed(field)
        w.write(2, f"{many}:\t{text}\n" if "," in text else f"{one}:\t{text or '<none>'}\n")


def _state(w: PrefixWriter, name: str, state: Object) -> None:
    if state.get("running") is not None:
        w.write(2, f"{name}:\tRunning\n")
        w.write(3, f"Started:\t{writer.rfc1123z(state['running'].get('startedAt'))}\n")
    elif state.get("terminated") is not None:
        done = state["terminated"]
        w.write(2, f"{name}:\tTerminated\n")
        for key, title in (("reason", "Reason"), ("message", "Message")):
            if done.get(key):
                w.write(3, f"{title}:\t{done[key]}\n")
        w.write(3, f"Exit Code:\t{done.get('exitCode', 0)}\n")
        if done.get("signal"):
            w.write(3, f"Signal:\t{done['signal']}\n")
        w.write(3, f"Started:\t{writer.rfc1123z(done.get('startedAt'))}\n")
        w.write(3, f"Finished:\t{writer.rfc1123z(done.get('finishedAt'))}\n")
    else:
        w.write(2, f"{name}:\tWaiting\n")
        reason = (state.get("waiting") or {}).get("reason")
        if reason:
            w.write(3, f"Reason:\t{reason}\n")


def resources(w: PrefixWriter, resources: Object, level: int) -> None:
    for key, title in (("limits", "Limits"), ("requests", "Requests")):
        values = resources.get(key) or {}
        if values:
            w.write(level, f"{title}:\n")
        for name in sorted(values):
            w.write(level + 1, f"{name}:\t{values[name]}\n")


def probe(spec: Object) -> str:
    """DescribeProbe: `http-get http://:8080/healthz delay=0s timeout=1s period=10s ...`."""
    attrs = (
        f"delay={spec.get('initialDelaySeconds', 0)}s timeout={spec.get('timeoutSeconds', 0)}s "
        f"period={spec.get('periodSeconds', 0)}s successThreshold={spec.get('successThreshold', 0)} "
        f"failureThreshold={spec.get('failureThreshold', 0)}"
    )
    if spec.get("exec") is not None:
        return f"exec [{' '.join(spec['exec'].get('command') or [])}] {attrs}"
    if spec.get("httpGet") is not None:
        get = spec["httpGet"]
        host = f"{get.get('host', '')}:{get.get('port', '')}"
        return f"http-get {str(get.get('scheme', 'HTTP')).lower()}://{host}{get.get('path', '')} {attrs}"
    if spec.get("tcpSocket") is not None:
        socket = spec["tcpSocket"]
        return f"tcp-socket {socket.get('host', '')}:{socket.get('port', '')} {attrs}"
    if spec.get("grpc") is not None:
        return f"grpc <pod>:{spec['grpc'].get('port')} {spec['grpc'].get('service', '')} {attrs}"
    return f"unknown {attrs}"


def _env_from(w: PrefixWriter, sources: list[Object]) -> None:
    w.write(2, "Environment Variables from:\n")
    for source in sources:
        kind, ref = (
            ("ConfigMap", source["configMapRef"])
            if source.get("configMapRef")
            else (
                "Secret",
                source.get("secretRef") or {},
            )
        )
        optional = "true" if ref.get("optional") else "false"
        prefix = source.get("prefix")
        what = f"{kind} with prefix '{prefix}'" if prefix else kind
        w.write(3, f"{ref.get('name', '')}\t{what}\tOptional: {optional}\n")


def _env(w: PrefixWriter, container: Object, pod: Object | None) -> None:
    env: list[Object] = container.get("env") or []
    w.write(2, f"Environment:{'' if env else chr(9) + '<none>'}\n")
    for var in env:
        source = var.get("valueFrom")
        if source is None:
            for i, piece in enumerate(str(var.get("value", "")).split("\n")):
                w.write(3, f"{var['name']}:\t{piece}\n" if i == 0 else f"\t{piece}\n")
        elif source.get("fieldRef"):
            ref = source["fieldRef"]
            value = field_value(pod, ref.get("fieldPath", ""))
            w.write(
                3,
                f"{var['name']}:\t{value} ({ref.get('apiVersion', '')}:{ref.get('fieldPath', '')})\n",
            )
        elif source.get("resourceFieldRef"):
            ref = source["resourceFieldRef"]
            value = resource_value(container, ref)
            w.write(3, f"{var['name']}:\t{value} ({ref.get('resource', '')})\n")
        elif source.get("secretKeyRef") or source.get("configMapKeyRef"):
            secret = bool(source.get("secretKeyRef"))
            ref = source["secretKeyRef"] if secret else source["configMapKeyRef"]
            where = (
                f"in secret '{ref.get('name', '')}'"
                if secret
                else f"of config map '{ref.get('name', '')}'"
            )
            optional = "true" if ref.get("optional") else "false"
            w.write(
                3,
                f"{var['name']}:\t<set to the key '{ref.get('key', '')}' {where}>\tOptional: {optional}\n",
            )


def field_value(pod: Object | None, path: str) -> str:
    """EnvValueRetriever: the pod's name or namespace; nothing for any other field, which
    kubectl's scheme cannot convert as a field label (DefaultMetaV1FieldSelectorConversion)."""
    if pod is None or path not in ("metadata.name", "metadata.namespace"):
        return ""
    return str(pod["metadata"].get(path.partition(".")[2], ""))


def resource_value(container: Object, ref: Object) -> str:
    """ExtractContainerResourceValue: a request or limit in units of the divisor, rounded up;
    a cpu or memory limit of 0 is said to be the node's allocatable."""
    value = downward.resource_value(ref, container, {})
    if value == "0" and ref.get("resource") in ("limits.cpu", "limits.memory"):
        return "node allocatable"
    return value


def _mounts(w: PrefixWriter, mounts: list[Object]) -> None:
    w.write(2, f"Mounts:{'' if mounts else chr(9) + '<none>'}\n")
    for mount in sorted(mounts, key=lambda m: m.get("mountPath", "")):
        flags = ["ro" if mount.get("readOnly") else "rw"]
        if mount.get("subPath"):
            flags.append(f'path="{mount["subPath"]}"')
        w.write(3, f"{mount.get('mountPath')} from {mount.get('name')} ({','.join(flags)})\n")


def volumes(w: PrefixWriter, specs: list[Object] | None, space: str = "") -> None:
    if not specs:
        w.write(0, f"{space}Volumes:\t<none>\n")
        return
    w.write(0, f"{space}Volumes:\n")
    for volume in specs:
        w.write(1, f"{' ' if space else ''}{volume['name']}:\n")
        _volume_source(w, volume)


def _volume_source(w: PrefixWriter, volume: Object) -> None:
    if "hostPath" in volume:
        storage.host_path(w, volume["hostPath"])
    elif "nfs" in volume:
        storage.nfs(w, volume["nfs"])
    elif "emptyDir" in volume:
        source = volume["emptyDir"] or {}
        w.write(2, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n")
        w.write(2, f"Medium:\t{source.get('medium', '')}\n")
        w.write(2, f"SizeLimit:\t{source.get('sizeLimit') or '<unset>'}\n")
    elif "secret" in volume:
        source = volume["secret"]
        w.write(2, "Type:\tSecret (a volume populated by a Secret)\n")
        w.write(2, f"SecretName:\t{source.get('secretName', '')}\n")
        w.write(2, f"Optional:\t{'true' if source.get('optional') else 'false'}\n")
    elif "configMap" in volume:
        source = volume["configMap"]
        w.write(2, "Type:\tConfigMap (a volume populated by a ConfigMap)\n")
        w.write(2, f"Name:\t{source.get('name', '')}\n")
        w.write(2, f"Optional:\t{'true' if source.get('optional') else 'false'}\n")
    elif "persistentVolumeClaim" in volume:
        source = volume["persistentVolumeClaim"]
        w.write(
            2,
            "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n",
        )
        w.write(2, f"ClaimName:\t{source.get('claimName', '')}\n")
        w.write(2, f"ReadOnly:\t{'true' if source.get('readOnly') else 'false'}\n")
    elif "downwardAPI" in volume:
        _downward_api(w, volume["downwardAPI"])
    elif "projected" in volume:
        _projected(w, volume["projected"])
    else:
        w.write(1, "<unknown>\n")


def _downward_api(w: PrefixWriter, source: Object) -> None:
    """printDownwardAPIVolumeSource: each item's field or resource and its path."""
    w.write(2, "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n")
    for item in source.get("items") or []:
        for ref, name in (("fieldRef", "fieldPath"), ("resourceFieldRef", "resource")):
            if item.get(ref) is not None:
                w.write(3, f"{item[ref].get(name, '')} -> {item.get('path', '')}\n")


def _projected(w: PrefixWriter, projected: Object) -> None:
    w.write(2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n")
    for source in projected.get("sources") or []:
        if source.get("secret") is not None:
            w.write(2, f"SecretName:\t{source['secret'].get('name', '')}\n")
            w.write(2, f"Optional:\t{'true' if source['secret'].get('optional') else 'false'}\n")
        elif source.get("downwardAPI") is not None:
            w.write(2, "DownwardAPI:\ttrue\n")
        elif source.get("configMap") is not None:
            w.write(2, f"ConfigMapName:\t{source['configMap'].get('name', '')}\n")
            w.write(2, f"Optional:\t{'true' if source['configMap'].get('optional') else 'false'}\n")
        elif source.get("serviceAccountToken") is not None:
            w.write(
                2,
                f"TokenExpirationSeconds:\t{source['serviceAccountToken'].get('expirationSeconds', 0)}\n",
            )


def pod_template(w: PrefixWriter, template: Object | None) -> None:
    """DescribePodTemplate: what a controller makes its pods from; a ReplicationController's
    may be missing, `<unset>` then, with no line end."""
    w.write(0, "Pod Template:\n")
    if template is None:
        w.write(1, "<unset>")
        return
    meta, spec = template.get("metadata") or {}, template.get("spec") or {}
    writer.labels_multiline(w, "  Labels", meta.get("labels"))
    if meta.get("annotations"):
        writer.annotations_multiline(w, "  Annotations", meta["annotations"])
    if spec.get("serviceAccountName"):
        w.write(1, f"Service Account:\t{spec['serviceAccountName']}\n")
    if spec.get("initContainers"):
        containers(w, "Init Containers", spec["initContainers"], None, "  ")
    containers(w, "Containers", spec.get("containers") or [], None, "  ")
    volumes(w, spec.get("volumes"), "  ")
    if spec.get("priorityClassName"):
        w.write(1, f"Priority Class Name:\t{spec['priorityClassName']}\n")
    writer.labels_multiline(w, "  Node-Selectors", spec.get("nodeSelector"))
    writer.tolerations_multiline(w, "  Tolerations", spec.get("tolerations"))
