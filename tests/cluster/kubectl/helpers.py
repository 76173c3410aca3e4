"""Running the built-in kubectl against an engine cluster, as the tests of its commands do."""

import json
from typing import Any

from cluster.engine.apiserver.request import Request, Response
from cluster.engine.cluster import Cluster
from cluster.kubectl.context import Result
from cluster.kubectl.main import kubectl


def run(cluster: Cluster, *argv: str, stdin: str = "") -> Result:
    """`kubectl ARGV` as the cluster's admin, at the cluster's virtual time."""
    return kubectl(
        list(argv),
        cluster.handle,
        cluster.admin,
        now=cluster.spec.epoch + cluster.clock.now // 1000,
        stdin=stdin,
    )


def create_pod(cluster: Cluster, name: str, *containers: str, **spec: object) -> Response:
    """A pod with nginx containers of these names (and more of its spec), as the admin."""
    body = {
        "metadata": {"name": name},
        "spec": {"containers": [{"name": c, "image": "nginx"} for c in containers], **spec},
    }
    request = Request("create", "pods", "default", body=body, credential=cluster.admin)
    return cluster.handle(request)


def create_manifest(cluster: Cluster, name: str, *containers: Any, **spec: Any) -> Result:
    """`kubectl create -f -` of pod `name` with these containers (and more of its spec), run
    once (restartPolicy Never) unless the spec says otherwise."""
    pod = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": name},
        "spec": {"restartPolicy": "Never", "containers": list(containers), **spec},
    }
    return run(cluster, "create", "-f", "-", stdin=json.dumps(pod))
