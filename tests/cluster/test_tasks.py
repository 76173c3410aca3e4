"""The Celery tasks on a real worker: a failure of ours in a request is kube-apiserver's 500,
answered at once, and the worker goes on."""

import pytest

from cluster import services, tasks
from cluster.models import Cluster

pytestmark = pytest.mark.usefixtures("celery_worker")


async def test_a_request_that_fails_in_the_worker_is_an_internal_error():
    ghost = Cluster(id=987_654, name="ghost")  # no journal: the host cannot load it
    request = {"verb": "list", "resource": "pods", "namespace": "default"}
    reply = await services.ask(tasks.request, ghost, request)
    assert reply == {
        "type": "api.response",
        "code": 500,
        "body": {
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Failure",
            "message": "Internal error occurred: cluster 987654 has no journal",
            "reason": "InternalError",
            "details": {"causes": [{"message": "cluster 987654 has no journal"}]},
            "code": 500,
        },
        "warnings": [],
    }
    assert await services.ping_worker(5.0)
