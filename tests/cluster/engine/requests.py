"""Requests an admin sends kube-apiserver, for tests that go through it."""

from cluster.engine.apiserver.request import Request, Response

PATCH = "application/strategic-merge-patch+json"


def admin_request(
    cluster,
    verb: str,
    resource: str,
    name: str = "",
    subresource: str = "",
    body: dict | None = None,
    namespace: str = "default",
) -> Response:
    """The cluster's answer to the admin's request (a patch is a strategic merge patch)."""
    request = Request(
        verb,
        resource,
        namespace,
        name,
        subresource,
        body,
        credential=cluster.admin,
        content_type=PATCH,
    )
    return cluster.handle(request)
