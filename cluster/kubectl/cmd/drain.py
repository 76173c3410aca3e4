"""kubectl drain: cordon nodes, then evict (or delete) the pods on them that may go.

A node's pods go as drain's Helper has them go (`NodeDrain`): each eviction that a
PodDisruptionBudget refuses (429) is tried again every 5 s, and each pod whose eviction was
accepted is looked at every second until it is gone, which is when kubectl says it was
evicted. In the dashboard's terminal that takes the time it takes (visualizer/waiting.py);
`kubelab kubectl`, which answers at once, says `evicted` once the eviction is accepted and
ends a refused eviction as the real kubectl does when its --timeout runs out.
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


RETRY_SECONDS = 5  # EvictErrorRetryDelay: a refused eviction is tried again this much later
POLL_SECONDS = 1  # waitForDelete's interval


def run(ctx: Context, opts: Parsed) -> None:
    """The drain answered at once: nothing refused is tried again, nothing is waited for."""
    failed: list[list[str]] = []
    remaining: list[str] = []
    for node in begin(ctx, opts):
        drain = NodeDrain(ctx, opts, node["metadata"]["name"])
        drain.start()
        drain.give_up()
        finish(ctx, drain, failed, remaining)
    end(ctx, failed, remaining)


def begin(ctx: Context, opts: Parsed) -> list[Object]:
    """The checks, then the nodes, cordoned."""
    _check_flags(opts)
    cordon.check_arguments(opts, "drain NODE")
    _check_pod_selector(opts)
    nodes = cordon.fetch_nodes(ctx, opts)
    cordon.cordon(ctx, opts, nodes, True)
    return nodes


def finish(ctx: Context, drain: NodeDrain, failed: list[list[str]], remaining: list[str]) -> None:
    """RunDrain's word on one node: drained, or why not (with the pods still pending)."""
    if not drain.errors:
        ctx.out.write(f"node/{drain.node} drained{cordon.dry_run_suffix(drain.opts)}\n")
        return
    if drain.evicted_some_errors:
        pending = drain.pending()
        if pending:
            ctx.err.write(
                f'There are pending pods in node "{drain.node}" when an error occurred: '
                f"{_aggregate(drain.errors)}\n"
            )
            ctx.err.write("".join(f"pod/{pod['metadata']['name']}\n" for pod in pending))
    ctx.err.write(
        f'error: unable to drain node "{drain.node}" due to error: {_aggregate(drain.errors)}, '
        "continuing command...\n"
    )
    failed.append(drain.errors)
    remaining.append(drain.node)


def end(ctx: Context, failed: list[list[str]], remaining: list[str]) -> None:
    if remaining:
        ctx.err.write("There are pending nodes to be drained:\n")
        ctx.err.write("".join(f" {name}\n" for name in remaining))
        raise ExitError("\n".join(_fatal_lines(failed)))


class NodeDrain:
    """deleteOrEvictPodsSimple of one node: its pods that may go, each evicted (or deleted)
    and then waited for until it is gone; `retry` and `poll` are the Helper's two clocks."""

    def __init__(self, ctx: Context, opts: Parsed, node: str) -> None:
        self.ctx, self.opts, self.node = ctx, opts, node
        self.evicting = not opts.flag("disable-eviction")
        self.server_dry_run = opts.text("dry-run") == "server"
        self.errors: list[str] = []
        self.evicted_some_errors = False  # errors of the evictions, not of the filters
        self.refused: dict[str, Object] = {}  # evictions to try again
        self.going: dict[str, Object] = {}  # accepted, waited for until gone
        self.gone: set[str] = set()

    @property
    def done(self) -> bool:
        return not self.refused and not self.going

    def start(self) -> None:
        """GetPodsForDeletion, its warnings, and the first try at each pod."""
        pods, errors, warnings = self._for_deletion()
        if errors:
            self.errors = [
                m if m.lower().startswith("cannot delete") else f"cannot delete {m}" for m in errors
            ]
            return
        if warnings:
            self.ctx.err.write("Warning: " + "; ".join(warnings) + "\n")
        if self.opts.text("dry-run") == "client":
            self.ctx.out.write("".join(f"evicting pod {_key(p)} (dry run)\n" for p in pods))
            return
        for pod in pods:
            self._try(pod)

    def retry(self) -> None:
        """Each refused eviction again, with the pod as it is now."""
        refused, self.refused = self.refused, {}
        for key, pod in refused.items():
            meta = pod["metadata"]
            fresh = self.ctx.request("get", "pods", meta["namespace"], meta["name"])
            self._try(fresh.body if fresh.ok else pod, key)

    def poll(self) -> None:
        """waitForDelete: each pod whose eviction was accepted, gone or not."""
        for key, pod in list(self.going.items()):
            meta = pod["metadata"]
            found = self.ctx.request("get", "pods", meta["namespace"], meta["name"])
            if found.code == 404 or (found.ok and found.body["metadata"]["uid"] != meta["uid"]):
                self._went(key, pod)

    def give_up(self) -> None:
        """What the built-in kubectl, which waits for nothing, leaves: the accepted pods as
        gone, the refused ones as the global timeout ends them."""
        for key, pod in list(self.going.items()):
            self._went(key, pod)
        self.time_out()

    def time_out(self) -> None:
        """The global --timeout ran out."""
        timeout = flags.duration_string(flags.duration(self.opts, "timeout", "drain"))
        for pod in self.refused.values():
            self._error(f"{_evicting_error(pod)}: global timeout reached: {timeout}")
        for pod in self.going.values():
            meta = pod["metadata"]
            self._error(
                f'error when waiting for pod "{meta["name"]}" in namespace '
                f'"{meta["namespace"]}" to terminate: context deadline exceeded'
            )
        self.refused, self.going = {}, {}

    def pending(self) -> list[Object]:
        """The pods still to go, listed again after an error (those seen gone left out)."""
        pods, _, _ = self._for_deletion()
        return [pod for pod in pods if _key(pod) not in self.gone]

    def _for_deletion(self) -> tuple[list[Object], list[str], list[str]]:
        query = {"fieldSelector": f"spec.nodeName={self.node}"}
        if self.opts.text("pod-selector"):
            query["labelSelector"] = self.opts.text("pod-selector")
        pods = self.ctx.call("list", "pods", "", query=query)["items"]
        verdicts = [(pod, _verdict(self.opts, pod)) for pod in pods]
        going = [pod for pod, (delete, _, _) in verdicts if delete]
        return going, _grouped(verdicts, "error"), _grouped(verdicts, "warning")

    def _try(self, pod: Object, key: str | None = None) -> None:
        key = key or _key(pod)
        if self.evicting:
            suffix = " (server dry run)" if self.server_dry_run else ""
            self.ctx.out.write(f"evicting pod {key}{suffix}\n")
        response = _remove(self.ctx, self.opts, pod, self.evicting)
        if response.ok:
            if not self.server_dry_run:
                self.going[key] = pod
        elif response.code == 429 and self.evicting:
            retry = f"(will retry after {RETRY_SECONDS}s)"
            self.ctx.err.write(f"{_evicting_error(pod)} {retry}: {_message(response)}\n")
            self.refused[key] = pod
        elif response.code != 404:  # a pod already gone is done with
            message = _message(response)
            self._error(f"{_evicting_error(pod)}: {message}" if self.evicting else message)

    def _went(self, key: str, pod: Object) -> None:
        del self.going[key]
        self.gone.add(key)
        verb = "evicted" if self.evicting else "deleted"
        self.ctx.out.write(f"pod/{pod['metadata']['name']} {verb}\n")

    def _error(self, message: str) -> None:
        self.errors.append(message)
        self.evicted_some_errors = True


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
