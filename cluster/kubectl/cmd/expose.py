"""kubectl expose TYPE NAME --port=PORT [--target-port=P] [--name=N] [--type=T]: a Service
selecting the object's pods. Against a server without Services, kubectl finds no mapping
for the Service it built, and says so."""

from __future__ import annotations

from cluster.engine.api import resources
from cluster.engine.api.meta import Object
from cluster.kubectl import builder, outcome
from cluster.kubectl.cmd.create.service import SERVICES
from cluster.kubectl.context import Context, ExitError, server_error
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    Flag("port"),
    Flag("target-port"),
    Flag("protocol"),
    Flag("name"),
    Flag("type"),
    Flag("selector"),
    Flag("labels", "l"),
    Flag("cluster-ip"),
    Flag("external-ip"),
    Flag("session-affinity"),
    Flag("filename", "f", repeated=True),
    Flag("recursive", "R", boolean=True),
    outcome.DRY_RUN,
    *outcome.PRINT,
)
EXPOSABLE = ("Pod", "Service", "ReplicationController", "Deployment", "ReplicaSet")


def run(ctx: Context, opts: Parsed) -> None:
    if not opts.args and not opts.list("filename"):
        raise ExitError(
            "error: You must provide one or more resources by argument or filename.\n"
            "Example resource specifications include:\n   '-f rsrc.yaml'\n   "
            "'--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'"
        )
    outcome.check_output(opts)
    mode = outcome.dry_run(opts)
    resource = resources.BY_NAME.get("services", SERVICES)
    served = "services" in resources.BY_NAME
    for info in builder.infos(ctx, opts, opts.args):
        if info.resource.kind not in EXPOSABLE:
            raise ExitError(f"error: cannot expose a {info.resource.kind}")
        service = build(info, opts)
        if mode != "client" and not served:  # the RESTMapping of the Service it built
            raise ExitError('error: no matches for kind "Service" in version "v1"')
        if mode != "client":
            response = ctx.request(
                "create",
                "services",
                info.namespace,
                body=service,
                query=outcome.write_query(opts, mode, "kubectl-expose"),
            )
            if not response.ok:
                raise ExitError(server_error(response.body))
            service = response.body
        outcome.report(ctx, opts, resource, service, "exposed", typed=True)


def _selector(obj: Object) -> dict[str, str]:
    spec = obj.get("spec") or {}
    if obj["kind"] == "Pod":
        return dict(obj["metadata"].get("labels") or {})
    selector = spec.get("selector") or {}
    if selector.get("matchExpressions"):
        raise ExitError(
            'error: couldn\'t convert expressions - "{...}" to map-based selector format'
        )
    return dict(selector.get("matchLabels") or selector)


def _ports(obj: Object) -> list[Object]:
    spec = obj.get("spec") or {}
    pod_spec = spec if obj["kind"] == "Pod" else (spec.get("template") or {}).get("spec") or {}
    return [p for c in pod_spec.get("containers") or [] for p in c.get("ports") or []]


def build(info: builder.Info, opts: Parsed) -> Object:
    """The Service kubectl expose generates for the object."""
    obj = info.obj
    selector = _selector(obj)
    if opts.text("selector"):
        selector = dict(p.split("=", 1) for p in opts.text("selector").split(","))
    if not selector:
        raise ExitError(
            f"error: couldn't retrieve selectors via --selector flag or introspection: "
            f"the {info.resource.kind.lower()} has no labels"
        )
    known = _ports(obj)
    wanted = [opts.text("port")] if opts.text("port") else [str(p["containerPort"]) for p in known]
    if not wanted:
        raise ExitError("error: couldn't find port via --port flag or introspection")
    protocol = opts.text("protocol") or "TCP"
    ports: list[Object] = []
    for i, port in enumerate(wanted):
        entry: Object = {"port": int(port), "protocol": protocol}
        if len(wanted) > 1:
            entry["name"] = f"port-{i + 1}"
        target = opts.text("target-port")
        entry["targetPort"] = int(target) if target.isdigit() else (target or int(port))
        ports.append(entry)
    labels = dict(obj["metadata"].get("labels") or {})
    if opts.text("labels"):
        labels = dict(p.split("=", 1) for p in opts.text("labels").split(","))
    spec: Object = {"ports": ports, "selector": selector}
    if opts.text("type"):
        spec["type"] = opts.text("type")
    if opts.text("cluster-ip"):
        spec["clusterIP"] = opts.text("cluster-ip")
    meta: Object = {"name": opts.text("name") or info.name}
    if labels:
        meta["labels"] = labels
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": meta,
        "spec": spec,
        "status": {"loadBalancer": {}},
    }
