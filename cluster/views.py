"""KubeLab's own API: run the built-in kubectl on a cluster, and a health check."""

from __future__ import annotations

import json

from asgiref.sync import sync_to_async
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from cluster import selectors, services
from cluster.auth import bearer_user

MAX_ARGV = 256
MAX_STDIN = 1 << 20


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"message": message}, status=status)


@csrf_exempt  # bearer tokens only: no cookies, so no cross-site forgery
@require_POST
async def kubectl(request: HttpRequest, name: str) -> JsonResponse:
    user = await sync_to_async(bearer_user)(request)
    if user is None:
        return _error(401, "Unauthorized: a valid bearer token is required")
    cluster = await sync_to_async(selectors.cluster_of)(user, name)
    if cluster is None:
        return _error(404, f'cluster "{name}" not found')
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return _error(400, "the request body must be JSON")
    argv, stdin = body.get("argv"), body.get("stdin", "")
    if (
        not isinstance(argv, list)
        or len(argv) > MAX_ARGV
        or not all(isinstance(a, str) for a in argv)
    ):
        return _error(400, "argv must be a list of strings")
    if not isinstance(stdin, str) or len(stdin) > MAX_STDIN:
        return _error(400, "stdin must be a string of at most 1 MiB")
    try:
        reply = await services.kubectl(cluster, argv, stdin)
    except services.ClusterUnavailable as error:
        return _error(503, str(error))
    return JsonResponse({key: reply[key] for key in ("stdout", "stderr", "exitCode")})


@require_GET
async def healthz(request: HttpRequest) -> JsonResponse:
    """200 once a worker answers: that is when KubeLab can serve clusters."""
    if await services.ping_worker():
        return JsonResponse({"status": "ok"})
    return JsonResponse({"status": "no worker answered"}, status=503)
