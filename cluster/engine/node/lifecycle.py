"""Container lifecycle hooks (pkg/kubelet/lifecycle/handlers.go): a postStart or preStop
handler runs an exec command in the container (ExecSync) or sends an HTTP GET over the pod
network, or sleeps. An exec hook fails when the command exits non-zero; an HTTP hook only
when nothing answers (its status code does not matter). A hook takes the virtual time its
command takes (an HTTP GET none)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cluster.engine.api.meta import Object
from cluster.engine.node.podstate import PodWorker, format_pod
from cluster.engine.node.prober import resolve_port

if TYPE_CHECKING:
    from cluster.engine.node.runtime import ContainerRuntime

USER_AGENT = "kube-lifecycle/1.37"
RPC_ERROR = "rpc error: code = Unknown desc = "  # how the CRI's errors reach the kubelet
POST_START_FAILED = "PostStartHook failed"  # the event leaves the handler's message out
PRE_STOP_FAILED = "PreStopHook failed"
POST_START_HOOK_ERROR = "PostStartHookError"  # ErrPostStartHook, the start's failure reason
FAILED_POST_START_HOOK = "FailedPostStartHook"  # the Killing event's message


@dataclass(frozen=True, slots=True)
class Outcome:
    """How a handler went: its failure message ("" when it succeeded), and how long it ran
    (None: it would never end)."""

    message: str = ""
    elapsed_ms: int | None = 0


def run(
    runtime: ContainerRuntime, worker: PodWorker, container: str, container_id: str, handler: Object
) -> Outcome:
    """handlerRunner.Run."""
    pod = format_pod(worker.pod)
    if "exec" in handler:
        command = list((handler["exec"] or {}).get("command") or [])
        done = runtime.exec_hook(container_id, command)
        if not done.error and done.exit_code == 0:
            return Outcome(elapsed_ms=done.elapsed_ms)
        output = done.stdout + done.stderr
        if done.error:
            error = RPC_ERROR + done.error
        else:
            error = f"command '{' '.join(command)}' exited with {done.exit_code}: {done.stderr}"
        message = (
            f"Exec lifecycle hook ({_go_slice(command)}) for Container {_quote(container)} in "
            f"Pod {_quote(pod)} failed - error: {error}, message: {_quote(output)}"
        )
        return Outcome(message, 0 if done.error else done.elapsed_ms)
    action = handler.get("httpGet")
    if action is None:  # sleep: it only takes time
        return Outcome(elapsed_ms=int((handler.get("sleep") or {}).get("seconds") or 0) * 1000)
    host = action.get("host") or worker.ip
    port = resolve_port(action.get("port"), worker, container)
    path = action.get("path") or ""
    if runtime.http_get(host, port, path or "/", runtime.gateway, USER_AGENT) is not None:
        return Outcome()
    scheme = (action.get("scheme") or "HTTP").lower()
    url = f"{scheme}://{host}:{port}{path}"
    error = f'Get "{url}": dial tcp {host}:{port}: connect: connection refused'
    return Outcome(
        f"HTTP lifecycle hook ({path}) for Container {_quote(container)} in Pod "
        f"{_quote(pod)} failed - error: {error}"
    )


def _go_slice(items: list[str]) -> str:
    """fmt's %v of a []string."""
    return "[" + " ".join(items) + "]"


def _quote(text: str) -> str:
    """fmt's %q, for the text these messages carry."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + '"'
