"""kubectl cluster-info: where the control plane (and the cluster's services) answer.

The real kubectl writes the names in green and the addresses in yellow with ANSI escape codes;
the browser's terminal shows text as it is, so the built-in kubectl writes none.
"""

from __future__ import annotations

from cluster.engine.api import resources
from cluster.kubectl import kubeconfig
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Parsed

FLAGS = ()
CLUSTER_SERVICE = "kubernetes.io/cluster-service=true"
DUMP_HINT = "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n"


def run(ctx: Context, opts: Parsed) -> None:
    if opts.args and opts.args[0] == "dump":
        raise ExitError("error: the built-in kubectl cannot dump the cluster: use kubectl get")
    namespace = opts.text("namespace") or "kube-system"
    lines = [_running("Kubernetes control plane", kubeconfig.SERVER)]
    if resources.lookup("services") is not None:
        listed = ctx.call("list", "services", namespace, query={"labelSelector": CLUSTER_SERVICE})
        lines += [_running(*_service_link(service)) for service in listed["items"]]
    ctx.out.write("".join(lines) + DUMP_HINT)


def _service_link(service: dict) -> tuple[str, str]:
    """The service's kubernetes.io/name (or name) and its proxy URL on kube-apiserver."""
    meta, spec = service["metadata"], service.get("spec") or {}
    ingress = ((service.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []
    label = (meta.get("labels") or {}).get("kubernetes.io/name") or meta["name"]
    if ingress:
        ip = ingress[0].get("ip") or ingress[0].get("hostname", "")
        return label, "".join(f"http://{ip}:{p['port']} " for p in spec.get("ports") or [])
    name = meta["name"]
    ports = spec.get("ports") or []
    if ports:
        port = ports[0]
        scheme = "https" if port.get("name") == "https" or port.get("port") == 443 else ""
        name = _join_scheme_name_port(scheme, name, port.get("name", ""))
    return label, f"{kubeconfig.SERVER}/api/v1/namespaces/{meta['namespace']}/services/{name}/proxy"


def _join_scheme_name_port(scheme: str, name: str, port: str) -> str:
    """utilnet.JoinSchemeNamePort: `https:name:port`, `name:port` or `name`."""
    if scheme:
        return f"{scheme}:{name}:{port}"
    return f"{name}:{port}" if port else name


def _running(name: str, link: str) -> str:
    return f"{name} is running at {link}\n"
