"""kubectl create deployment NAME --image=IMAGE [--replicas=N] [--port=PORT] [-- COMMAND]."""

from __future__ import annotations

from cluster.engine.api import resources
from cluster.engine.api.meta import Object
from cluster.kubectl import flags
from cluster.kubectl.cmd.create.common import COMMON, fresh_meta, name, submit
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    *COMMON,
    Flag("image", repeated=True),
    Flag("replicas", "r", default="1"),
    Flag("port", default="-1"),
)


def run(ctx: Context, opts: Parsed) -> None:
    if not opts.list("image"):  # cobra checks required flags before the command runs
        raise ExitError('error: required flag(s) "image" not set')
    deployment_name = name(opts, "create deployment")
    replicas = flags.integer(opts, "replicas", "create deployment")
    port = flags.integer(opts, "port", "create deployment")
    deployment = build(deployment_name, opts, replicas, port)
    submit(ctx, opts, resources.BY_NAME["deployments"], deployment, "failed to create deployment: ")


def build(deployment_name: str, opts: Parsed, replicas: int, port: int) -> Object:
    """The Deployment kubectl's generator builds, field for field."""
    labels = {"app": deployment_name}
    containers: list[Object] = []
    for image in opts.list("image"):
        base = image.rsplit("/", 1)[-1].split(":", 1)[0].split("@", 1)[0].replace("_", "-")
        container: Object = {"image": image, "name": base, "resources": {}}
        if opts.after_dash:
            container["command"] = list(opts.after_dash)
        containers.append(container)
    if port >= 0:
        containers[0]["ports"] = [{"containerPort": port}]
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": fresh_meta(deployment_name, labels=labels),
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": dict(labels)},
            "strategy": {},
            "template": {
                "metadata": {"labels": dict(labels)},
                "spec": {"containers": containers},
            },
        },
        "status": {},
    }
