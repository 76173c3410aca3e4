"""kubectl drain: cordon nodes, then evict (or delete) the pods on them that may go.

The built-in kubectl does not wait for the evicted pods to be gone, as the real one does
(it polls until each pod has left); it says `evicted` once kube-apiserver has accepted the
eviction and the pod is terminating. Nor does it retry an eviction that a
PodDisruptionBudget refuses (429): it says what the real one says of its first try, then
ends as the real one does when its --timeout has run out.
"""

from __future__ import annotations

from cluster.engine.api import labels
from cluster.engine.api.meta import Object
from cluster.engine.apiserver.request import Response
from cluster.kubectl import flags
from cluster.kubectl.cmd import cordon
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    *cordon.FLAGS,
    Flag("force", boolean=True),
    Flag("ignore-daemonsets", boolean=True),
    Flag("delete-emptydir-data", boolean=True),
    Flag("delete-local-data", boolean=True),
    Flag("disable-eviction", boolean=True),
    Flag("grace-period", default="-1"),
    Flag("timeout", default="0s"),
    Flag("pod-selector"),
    Flag("skip-wait-for-delete-timeout", default="0"),
    Flag("chunk-size", default="500"),
)
# the pod filters' verdicts (k8s.io/kubectl/pkg/drain/filters.go)
DAEMONSET_FATAL = "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)"
DAEMONSET_WARNING = "ignoring DaemonSet-managed Pods"
LOCAL_STORAGE_FATAL = "Pods with local storage (use --delete-emptydir-data to override)"
LOCAL_STORAGE_WARNING = "deleting Pods with local storage"
UNMANAGED_FATAL = "cannot delete Pods that declare no controller (use --force to override)"
UNMANAGED_WARNING = "deleting Pods that declare no controller"
MIRROR = "kubernetes.io/config.mirror"
FINISHED = ("Succeeded", "Failed")
INTEGER_FLAGS = ("grace-period", "skip-wait-for-delete-timeout", "chunk-size")
INVALID_POD_SELECTOR = "error: --pod-selector=<pod_selector> must be a valid label selector"


def run(ctx: Context, opts: Parsed) -> None:
    _check_flags(opts)
    cordon.check_arguments(opts, "drain NODE")
    _check_pod_selector(opts)
    nodes = cordon.fetch_nodes(ctx, opts)
    cordon.cordon(ctx, opts, nodes, True)
    suffix = cordon.dry_run_suffix(opts)
    failed: list[list[str]] = []
    remaining: list[str] = []
    for node in nodes:
        name = node["metadata"]["name"]
        errors = _drain(ctx, opts, name)
        if not errors:
            ctx.out.write(f"node/{name} drained{suffix}\n")
            continue
        ctx.err.write(
            f'error: unable to drain node "{name}" due to error: {_aggregate(errors)}, '
            "continuing command...\n"
        )
        failed.append(errors)
        remaining.append(name)
    if remaining:
        ctx.err.write("There are pending nodes to be drained:\n")
        ctx.err.write("".join(f" {name}\n" for name in remaining))
        raise ExitError("\n".join(_fatal_lines(failed)))


def _check_flags(opts: Parsed) -> None:
    """What pflag refuses of the typed flags."""
    for name in INTEGER_FLAGS:
        flags.integer(opts, name, "drain")
    flags.duration(opts, "timeout", "drain")


def _check_pod_selector(opts: Parsed) -> None:
    if opts.text("pod-selector"):
        try:
            labels.parse(opts.text("pod-selector"))
        except labels.SelectorError:
            raise ExitError(INVALID_POD_SELECTOR) from None


def _fatal_lines(failed: list[list[str]]) -> list[str]:
    """What CheckErr prints of the Aggregate of the nodes' Aggregates, a line each: the one
    node's errors, unwrapped, or each node's errors as one message."""
    if len(failed) == 1:
        return failed[0]
    return [_aggregate(errors) for errors in failed]


def _drain(ctx: Context, opts: Parsed, node: str) -> list[str]:
    """deleteOrEvictPodsSimple: the errors, none when every pod that may go went."""
    query = {"fieldSelector": f"spec.nodeName={node}"}
    if opts.text("pod-selector"):
        query["labelSelector"] = opts.text("pod-selector")
    pods = ctx.call("list", "pods", "", query=query)["items"]
    verdicts = [(pod, _verdict(opts, pod)) for pod in pods]
    errors = _grouped(verdicts, "error")
    if errors:
        return [
            m if m.lower().startswith("cannot delete") else f"cannot delete {m}" for m in errors
        ]
    warnings = _grouped(verdicts, "warning")
    if warnings:
        ctx.err.write("Warning: " + "; ".join(warnings) + "\n")
    going = [pod for pod, (delete, _, _) in verdicts if delete]
    if opts.text("dry-run") == "client":
        for pod in going:
            ctx.out.write(f"evicting pod {_key(pod)} (dry run)\n")
        return []
    return _evict_all(ctx, opts, going)


def _verdict(opts: Parsed, pod: Object) -> tuple[bool, str, str]:
    """The filters in their order (makeFilters): (delete?, "okay"/"skip"/"warning"/"error",
    message); the first that keeps the pod decides, else the last says why it goes."""
    verdict = (True, "okay", "")
    for check in (_daemon_set, _mirror, _local_storage, _unreplicated):
        verdict = check(opts, pod)
        if not verdict[0]:
            break
    return verdict


def _controller(pod: Object) -> Object | None:
    refs = pod["metadata"].get("ownerReferences") or []
    return next((ref for ref in refs if ref.get("controller")), None)


def _finished(pod: Object) -> bool:
    return (pod.get("status") or {}).get("phase") in FINISHED


def _daemon_set(opts: Parsed, pod: Object) -> tuple[bool, str, str]:
    ref = _controller(pod)
    if ref is None or ref.get("kind") != "DaemonSet" or _finished(pod):
        return True, "okay", ""
    if not opts.flag("ignore-daemonsets"):
        return False, "error", DAEMONSET_FATAL
    return False, "warning", DAEMONSET_WARNING


def _mirror(opts: Parsed, pod: Object) -> tuple[bool, str, str]:
    if MIRROR in (pod["metadata"].get("annotations") or {}):
        return False, "skip", ""
    return True, "okay", ""


def _local_storage(opts: Parsed, pod: Object) -> tuple[bool, str, str]:
    volumes = (pod.get("spec") or {}).get("volumes") or []
    if not any("emptyDir" in volume for volume in volumes) or _finished(pod):
        return True, "okay", ""
    if not (opts.flag("delete-emptydir-data") or opts.flag("delete-local-data")):
        return False, "error", LOCAL_STORAGE_FATAL
    return True, "warning", LOCAL_STORAGE_WARNING


def _unreplicated(opts: Parsed, pod: Object) -> tuple[bool, str, str]:
    if _finished(pod) or _controller(pod) is not None:
        return True, "okay", ""
    if opts.flag("force"):
        return True, "warning", UNMANAGED_WARNING
    return False, "error", UNMANAGED_FATAL


def _grouped(verdicts: list[tuple[Object, tuple[bool, str, str]]], reason: str) -> list[str]:
    """`message: ns/a, ns/b` for each message of this kind, in the order first seen."""
    by_message: dict[str, list[str]] = {}
    for pod, (_, kind, message) in verdicts:
        if kind == reason:
            by_message.setdefault(message, []).append(_key(pod))
    return [f"{message}: {', '.join(pods)}" for message, pods in by_message.items()]


def _evict_all(ctx: Context, opts: Parsed, pods: list[Object]) -> list[str]:
    """Evict (or with --disable-eviction delete) each pod; the errors."""
    evicting = not opts.flag("disable-eviction")
    server_dry_run = opts.text("dry-run") == "server"
    timeout = flags.duration_string(flags.duration(opts, "timeout", "drain"))
    errors, done = [], []
    for pod in pods:
        meta = pod["metadata"]
        if evicting:
            ctx.out.write(
                f"evicting pod {_key(pod)}{' (server dry run)' if server_dry_run else ''}\n"
            )
        response = _remove(ctx, opts, pod, evicting)
        if response.ok and not server_dry_run:
            done.append(meta["name"])
        elif response.code == 429 and evicting:
            ctx.err.write(f"{_evicting_error(pod)} (will retry after 5s): {_message(response)}\n")
            errors.append(f"{_evicting_error(pod)}: global timeout reached: {timeout}")
        elif not response.ok and response.code != 404:  # a pod already gone is done with
            message = response.body.get("message", "")
            if evicting:
                message = f"{_evicting_error(pod)}: {message}"
            errors.append(message)
    verb = "evicted" if evicting else "deleted"
    ctx.out.write("".join(f"pod/{name} {verb}\n" for name in done))
    return errors


def _remove(ctx: Context, opts: Parsed, pod: Object, evicting: bool) -> Response:
    """One eviction, or deletion, with the drain's DeleteOptions."""
    meta = pod["metadata"]
    grace = int(opts.text("grace-period"))
    options: Object = {"gracePeriodSeconds": grace} if grace >= 0 else {}
    if opts.text("dry-run") == "server":
        options["dryRun"] = ["All"]
    if not evicting:
        return ctx.request("delete", "pods", meta["namespace"], meta["name"], body=options)
    body = {
        "apiVersion": "policy/v1",
        "kind": "Eviction",
        "metadata": {"name": meta["name"], "namespace": meta["namespace"]},
        "deleteOptions": options,
    }
    return ctx.request(
        "create", "pods", meta["namespace"], meta["name"], subresource="eviction", body=body
    )


def _evicting_error(pod: Object) -> str:
    meta = pod["metadata"]
    return f'error when evicting pods/"{meta["name"]}" -n "{meta["namespace"]}"'


def _message(response: Response) -> str:
    """The StatusError's message, as an APIStatus error prints (a 429's causes are not)."""
    return response.body.get("message", "")


def _aggregate(errors: list[str]) -> str:
    """utilerrors.NewAggregate's message: one error as itself, more in brackets."""
    return errors[0] if len(errors) == 1 else f"[{', '.join(errors)}]"


def _key(pod: Object) -> str:
    return f"{pod['metadata']['namespace']}/{pod['metadata']['name']}"
