"""kubectl create service clusterip|nodeport|loadbalancer NAME --tcp=PORT[:TARGET]
[--node-port=N], and kubectl create service externalname NAME --external-name=DNS.

The Service is built and sent with the typed client, as kubectl does: against a server
without Services the request itself fails and says so."""

from __future__ import annotations

from cluster.engine.api import resources
from cluster.engine.api.meta import Object
from cluster.engine.api.resources import Resource
from cluster.kubectl import helptexts
from cluster.kubectl.cmd.create.common import COMMON, fresh_meta, name, submit
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    *COMMON,
    Flag("tcp", repeated=True),
    Flag("clusterip"),
    Flag("node-port", default="0"),
    Flag("external-name"),
)
TYPES = {
    "clusterip": "ClusterIP",
    "nodeport": "NodePort",
    "loadbalancer": "LoadBalancer",
    "externalname": "ExternalName",
}
# how the request path is named when the server has no such resource
SERVICES = Resource("services", "Service", True, short_names=("svc",))


def run(ctx: Context, opts: Parsed) -> None:
    if not opts.args:
        raise ExitError(helptexts.CREATE_SERVICE.rstrip("\n"))
    if opts.args[0] not in TYPES:
        raise ExitError(
            f'error: unknown command "{opts.args[0]}"\n'
            "See 'kubectl create service -h' for help and examples"
        )
    kind = TYPES[opts.args[0]]
    opts.args = opts.args[1:]
    service_name = name(opts, f"create service {kind.lower()}")
    if kind == "ExternalName" and not opts.text("external-name"):
        raise ExitError("error: external-name must be specified")
    if not opts.list("tcp") and opts.text("clusterip") != "None" and kind != "ExternalName":
        raise ExitError("error: at least one tcp port specifier must be provided")
    service = build(service_name, kind, opts)
    resource = resources.BY_NAME.get("services", SERVICES)
    submit(ctx, opts, resource, service, f"failed to create {kind} service: ")


def build(service_name: str, kind: str, opts: Parsed) -> Object:
    ports = []
    for spec in opts.list("tcp"):
        port, _, target = spec.partition(":")
        if not port.isdigit() or (target and not target.isdigit() and not target.isalpha()):
            raise ExitError(f"error: {spec} is not a valid port specifier")
        entry: Object = {
            "name": f"{port}-{target}" if target else port,
            "port": int(port),
            "protocol": "TCP",
            "targetPort": int(target) if target.isdigit() else (target or int(port)),
        }
        if kind == "NodePort" and int(opts.text("node-port", "0")):
            entry["nodePort"] = int(opts.text("node-port"))
        ports.append(entry)
    labels = {"app": service_name}
    spec: Object = {"ports": ports} if ports else {}  # omitted when empty, as Go omits it
    spec.update(selector=dict(labels), type=kind)
    if opts.text("clusterip"):
        spec["clusterIP"] = opts.text("clusterip")
    if kind == "ExternalName":
        spec["externalName"] = opts.text("external-name")
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": fresh_meta(service_name, labels=labels),
        "spec": spec,
        "status": {"loadBalancer": {}},
    }
