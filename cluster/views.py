"""KubeLab's own API: run the built-in kubectl on a cluster, the lab's controls (clock and
faults), and a health check."""

from __future__ import annotations

import json
from typing import Any

from asgiref.sync import sync_to_async
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from cluster import selectors, services
from cluster.auth import bearer_user
from cluster.models import Cluster

MAX_ARGV = 256
MAX_STDIN = 1 << 20
MAX_OPERATION = 64 * 1024


class Refused(Exception):
    """A request answered with an error status before it reaches the cluster."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"message": message}, status=status)


async def _cluster_and_body(request: HttpRequest, name: str) -> tuple[Cluster, dict[str, Any]]:
    """The bearer's cluster of that name and the request's JSON object, or Refused."""
    user = await sync_to_async(bearer_user)(request)
    if user is None:
        raise Refused(401, "Unauthorized: a valid bearer token is required")
    cluster = await sync_to_async(selectors.cluster_of)(user, name)
    if cluster is None:
        raise Refused(404, f'cluster "{name}" not found')
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        raise Refused(400, "the request body must be JSON") from None
    if not isinstance(body, dict):
        raise Refused(400, "the request body must be a JSON object")
    return cluster, body


@csrf_exempt  # bearer tokens only: no cookies, so no cross-site forgery
@require_POST
async def kubectl(request: HttpRequest, name: str) -> JsonResponse:
    try:
        cluster, body = await _cluster_and_body(request, name)
    except Refused as refused:
        return _error(refused.status, refused.message)
    argv, stdin = body.get("argv"), body.get("stdin", "")
    if (
        not isinstance(argv, list)
        or len(argv) > MAX_ARGV
        or not all(isinstance(a, str) for a in argv)
    ):
        return _error(400, "argv must be a list of strings")
    if not isinstance(stdin, str) or len(stdin) > MAX_STDIN:
        return _error(400, "stdin must be a string of at most 1 MiB")
    files = body.get("files", {})
    if not _files_ok(files):
        return _error(400, "files must map paths to texts, at most 1 MiB in all")
    try:
        reply = await services.kubectl(cluster, argv, stdin, files, local=True)
    except services.ClusterUnavailable as error:
        return _error(503, str(error))
    return JsonResponse(
        {
            key: reply[key]
            for key in ("stdout", "stderr", "exitCode", "files", "chunks")
            if key in reply
        }
    )


def _files_ok(files: Any) -> bool:
    """The local files a command names (kubectl -f, --from-file): paths to their texts."""
    if not isinstance(files, dict) or not all(
        isinstance(path, str) and isinstance(text, str) for path, text in files.items()
    ):
        return False
    return sum(len(path) + len(text) for path, text in files.items()) <= MAX_STDIN


@csrf_exempt  # bearer tokens only, as for kubectl
@require_POST
async def lab(request: HttpRequest, name: str) -> JsonResponse:
    """The lab's controls: the body is one operation (see cluster.host.LAB_OPERATIONS), the
    answer what it did and the clock's status; a refused operation is a 422 with its reason."""
    if len(request.body) > MAX_OPERATION:
        return _error(413, "a lab operation is at most 64 KiB of JSON")
    try:
        cluster, operation = await _cluster_and_body(request, name)
    except Refused as refused:
        return _error(refused.status, refused.message)
    try:
        answer = await services.lab(cluster, operation)
    except services.ClusterUnavailable as error:
        return _error(503, str(error))
    if "error" in answer:
        return _error(422, answer["error"])
    return JsonResponse(answer)


@require_GET
async def healthz(request: HttpRequest) -> JsonResponse:
    """200 once a worker answers: that is when KubeLab can serve clusters."""
    if await services.ping_worker():
        return JsonResponse({"status": "ok"})
    return JsonResponse({"status": "no worker answered"}, status=503)
