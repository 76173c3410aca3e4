"""What the kubelet gives a container when it creates it (kubelet_pods.go and
kuberuntime_container.go's generateContainerConfig): its command and args, its environment
(made by `envvars`), the files it mounts (the kubelet-managed /etc/hosts, the pod's
resolv.conf, the downward API's files of its volumes, such as the namespace of the service
account's volume) and its memory limit."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import replace
from functools import partial

from cluster.engine.api import quantity
from cluster.engine.api.meta import Object
from cluster.engine.interning import Interner
from cluster.engine.node import disk, dns, downward, envvars, images, users, volumes
from cluster.engine.node.machine import MEMORY_DIR
from cluster.engine.node.nodestatus import NodeConfig
from cluster.engine.node.podstate import PodWorker
from cluster.engine.node.runtime import ContainerConfig

TERMINATION_LOG = "/dev/termination-log"  # terminationMessagePath's default
CONFIG_SOURCE_ANNOTATION = "kubernetes.io/config.source"
CONFIG_SEEN_ANNOTATION = "kubernetes.io/config.seen"
READ_ONLY_VOLUMES = frozenset({"configMap", "secret", "downwardAPI", "projected"})
# the volumes that are directories of the node (a claim's, if its volume is: see volumes)
ON_THE_NODE = ("emptyDir", "hostPath", "persistentVolumeClaim")
# the environments, files and mounts that containers have alike (those of a Deployment's
# pods), held once for them all
_environments: Interner[tuple[tuple[str, str], ...]] = Interner()
_mounts: Interner[tuple[tuple[str, bool], ...]] = Interner()
_files: Interner[tuple[str, str]] = Interner()
_kinds: Interner[tuple[tuple[str, str], ...]] = Interner()


def verify_user(pod: Object, spec: Object) -> None:
    """verifyRunAsNonRoot, for the container's image (raises users.NonRootError)."""
    image = images.lookup(spec["image"])
    users.verify_run_as_non_root(pod, spec, image.user if image else "")


def container_config(
    worker: PodWorker,
    spec: Object,
    node: NodeConfig,
    attempt: int,
    env: envvars.Env,
    sources: volumes.Sources,
    claimed: Mapping[str, str] | None = None,
) -> ContainerConfig:
    """The container as the runtime creates it, with its variables `env`, its claims'
    volumes where `claimed` says they are on the node (raises volumes.MountError)."""
    pod = worker.pod
    memory_limit, cpu_limit = limits(pod["spec"], spec, node)
    name = dns.kernel_hostname(pod, node)
    termination_log = spec.get("terminationMessagePath", TERMINATION_LOG)
    image = images.lookup(spec["image"])
    user = users.container_user(pod, spec, image.user if image else "", users.userland_of(image))
    node_binds = binds(worker, spec, claimed or {})
    return ContainerConfig(
        name=spec["name"],
        image=spec["image"],
        user=user,
        mounts=mounts(pod, spec, termination_log),
        command=envvars.expand_command(spec.get("command") or (), env),
        args=envvars.expand_command(spec.get("args") or (), env),
        working_dir=spec.get("workingDir") or "",
        termination_message_path=termination_log,
        fallback_to_logs=spec.get("terminationMessagePolicy") == "FallbackToLogsOnError",
        env=_environments(tuple(env)),
        files=(
            ("/etc/hosts", dns.hosts_file(pod, node, worker.ip)),
            ("/etc/hostname", f"{name}\n"),
            *map(
                _files,
                (
                    ("/etc/resolv.conf", dns.resolv_conf(pod)[0]),
                    # the kubelet mounts an empty file there, where the container may say why
                    # it ended
                    *([(termination_log, "")] if termination_log else []),
                    *volume_files(worker, spec, node, sources),
                ),
            ),
        ),
        stdin=bool(spec.get("stdin")),
        stdin_once=bool(spec.get("stdinOnce")),
        tty=bool(spec.get("tty")),
        memory_limit_bytes=memory_limit,
        cpus=quantity.value(node.cpu),
        cpu_limit_millis=cpu_limit,
        attempt=attempt,
        binds=node_binds,
        volumes=volume_kinds(pod, spec, node_binds),
        node_memory_bytes=quantity.value(node.memory),
    )


def limits(pod_spec: Object, container: Object, node: NodeConfig) -> tuple[int, int]:
    """The container's memory limit in bytes (else the node's memory) and its CPU limit in
    millicores (0: none), within the pod's own limits when it has them: its cgroup sits in
    the pod's (PodLevelResources)."""
    found = []
    for name, default in (("memory", node.memory), ("cpu", None)):
        bounds = [
            quantity.milli(text) if name == "cpu" else quantity.value(text)
            for text in (
                ((container.get("resources") or {}).get("limits") or {}).get(name),
                ((pod_spec.get("resources") or {}).get("limits") or {}).get(name),
            )
            if text
        ]
        fallback = quantity.value(default) if default else 0
        found.append(min(bounds) if bounds else fallback)
    return found[0], found[1]


def kubelet_pod(worker: PodWorker) -> Object:
    """The pod as the kubelet holds it: with the annotations its config adds when it first
    sees the pod from the API (pkg/kubelet/config: config.source, recordFirstSeenTime)."""
    pod = worker.pod
    meta = pod["metadata"]
    annotations = {
        **(meta.get("annotations") or {}),
        CONFIG_SOURCE_ANNOTATION: "api",
        CONFIG_SEEN_ANNOTATION: worker.first_seen,
    }
    return {**pod, "metadata": {**meta, "annotations": annotations}}


def _fields(worker: PodWorker, node: NodeConfig, pod: Object) -> dict[str, str]:
    """The pod's fields the downward API gives, of the pod as the kubelet holds it."""
    return {
        "metadata.name": pod["metadata"]["name"],
        "metadata.namespace": pod["metadata"]["namespace"],
        "metadata.uid": worker.uid,
        "spec.nodeName": node.name,
        "spec.serviceAccountName": pod["spec"].get("serviceAccountName", "default"),
        "status.hostIP": node.internal_ip,
        "status.hostIPs": node.internal_ip,
        "status.podIP": worker.ip,
        "status.podIPs": worker.ip,
        **downward.subscripted_fields(pod["metadata"]),
    }


def _with_resources(
    worker: PodWorker, node: NodeConfig, sources: volumes.Sources
) -> volumes.Sources:
    """The sources, able to read the resources of the pod's containers too."""
    return replace(sources, resource=partial(_resource, worker.pod, node.capacity()))


def _resource(pod: Object, allocatable: dict[str, str], ref: Object) -> str:
    container = downward.container_named(pod, ref.get("containerName", ""))
    return downward.resource_value(ref, container, allocatable)


def volume_files(
    worker: PodWorker,
    spec: Object,
    node: NodeConfig,
    sources: volumes.Sources,
    whole_volumes_only: bool = False,
) -> list[tuple[str, str]]:
    """The files of the volumes the container mounts, under their mount paths: a subPath
    mount puts that file (or directory) of the volume at its mount path (raises
    volumes.MountError). `whole_volumes_only`: leave subPath mounts out, as a remount does
    (they are bind mounts of what the volume held then)."""
    pod = kubelet_pod(worker)
    fields = volumes.pod_fields(pod, _fields(worker, node, pod))
    sources = _with_resources(worker, node, sources)
    declared = {v["name"]: v for v in worker.pod["spec"].get("volumes") or []}
    files = []
    for mount in spec.get("volumeMounts") or []:
        sub = (mount.get("subPath") or "").strip("/")
        if sub and whole_volumes_only:
            continue
        volume = declared.get(mount["name"]) or {"name": mount["name"]}
        at = mount["mountPath"].rstrip("/")
        for path, content in volumes.volume_files(volume, fields, sources):
            if not sub:  # the same paths in every container: one string each
                files.append((sys.intern(f"{at}/{path}"), content))
            elif path == sub:
                files.append((at, content))
            elif path.startswith(sub + "/"):
                files.append((f"{at}/{path[len(sub) + 1 :]}", content))
    return files


def mounts(pod: Object, spec: Object, termination_log: str) -> tuple[tuple[str, bool], ...]:
    """The container's mounts, each with whether it is read-only: the root filesystem (and
    the files the runtime puts on it) as readOnlyRootFilesystem says, /dev's tmpfs, the
    termination log, and each volume (configMap, secret, downwardAPI and projected ones are
    always read-only, a claim's when the pod's volume says so)."""
    root = bool((spec.get("securityContext") or {}).get("readOnlyRootFilesystem"))
    table = [(path, root) for path in ("/", "/etc/hosts", "/etc/hostname", "/etc/resolv.conf")]
    table += [("/dev", False), *([(termination_log, False)] if termination_log else [])]
    declared = {v["name"]: v for v in pod["spec"].get("volumes") or []}
    for mount in spec.get("volumeMounts") or []:
        volume = declared.get(mount["name"]) or {}
        kind = next((key for key in volume if key != "name"), "")
        claim = volume.get("persistentVolumeClaim") or {}
        read_only = (
            bool(mount.get("readOnly") or claim.get("readOnly")) or kind in READ_ONLY_VOLUMES
        )
        table.append((mount["mountPath"].rstrip("/") or "/", read_only))
    return _mounts(tuple(table))


def volume_kinds(pod: Object, spec: Object, node_binds: disk.Binds) -> tuple[tuple[str, str], ...]:
    """Each volume the container mounts: its mount path and kind (an emptyDir of medium
    Memory is machine.MEMORY_DIR; a hostPath or a claim's volume says where on the node
    it is, `hostPath:/mnt/data`), as its mount table tells them apart."""
    declared = {v["name"]: v for v in pod["spec"].get("volumes") or []}
    on_node = dict(node_binds)
    found = []
    for mount in spec.get("volumeMounts") or []:
        volume = declared.get(mount["name"]) or {}
        kind = next((key for key in volume if key != "name"), "")
        at = mount["mountPath"].rstrip("/") or "/"
        if kind == "emptyDir" and (volume["emptyDir"] or {}).get("medium") == "Memory":
            kind = MEMORY_DIR
        elif kind in ("hostPath", "persistentVolumeClaim") and at in on_node:
            kind = f"{kind}:{on_node[at]}"
        found.append((at, kind))
    return _kinds(tuple(found))


def binds(worker: PodWorker, spec: Object, claimed: Mapping[str, str]) -> disk.Binds:
    """The container's mounts of the node's own directories, each at its mount path (a
    subPath: that file or directory of the volume): an emptyDir's, in the pod's directory;
    a hostPath's; a claim's volume's, as `claimed` (by volume) says where that is."""
    declared = worker.pod["spec"].get("volumes") or ()
    if not any(key in volume for volume in declared for key in ON_THE_NODE):
        return ()
    found = []
    by_name = {volume.get("name", ""): volume for volume in declared}
    for mount in spec.get("volumeMounts") or ():
        volume = by_name.get(mount.get("name", "")) or {}
        if "emptyDir" in volume:
            root = disk.empty_dir(worker.uid, volume["name"])
        elif "hostPath" in volume:
            root = disk.normal(volume["hostPath"].get("path", ""))
        elif volume.get("name") in claimed:
            root = claimed[volume["name"]]
        else:
            continue
        sub = (mount.get("subPath") or "").strip("/")
        found.append((mount["mountPath"].rstrip("/") or "/", disk.normal(f"{root}/{sub}")))
    return tuple(found)


def remounted(spec: Object) -> list[str]:
    """The mount paths a remount rewrites: those of whole volumes, not subPaths."""
    return [m["mountPath"] for m in spec.get("volumeMounts") or [] if not m.get("subPath")]


def mount_all(
    worker: PodWorker,
    node: NodeConfig,
    sources: volumes.Sources,
    get: volumes.Get,
    claimed: dict[str, str] | None = None,
) -> list[str]:
    """Set up the pod's volumes before its sandbox: FailedMount's messages, if they cannot
    all be (`get` reads claims and volumes from kube-apiserver; `claimed` gets where on
    the node each claim's volume is)."""
    pod = kubelet_pod(worker)
    fields = volumes.pod_fields(pod, _fields(worker, node, pod))
    with_resources = _with_resources(worker, node, sources)
    return volumes.mount_failures(worker.pod, fields, with_resources, get, claimed)


def environment(
    worker: PodWorker,
    spec: Object,
    node: NodeConfig,
    lookup: envvars.Lookup,
    services: envvars.Env,
) -> envvars.Environment:
    """The container's variables, then the `services`' (raises envvars.EnvVarError when a
    ConfigMap or Secret it needs is missing)."""
    pod = worker.pod
    namespace = pod["metadata"]["namespace"]
    fields = _fields(worker, node, kubelet_pod(worker))
    return envvars.make_environment(spec, namespace, fields, services, lookup, pod, node.capacity())
