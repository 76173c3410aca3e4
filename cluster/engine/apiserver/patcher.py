"""The PATCH handler's checks (staging/.../endpoints/handlers/patch.go): the patch type, the
PatchOptions, the applied configuration of a server-side apply, and the errors a patch
that does not apply becomes."""

from __future__ import annotations

from typing import Any

from cluster.engine.api import field, jsonpatch, merge
from cluster.engine.api.meta import Object
from cluster.engine.api.resources import Resource
from cluster.engine.apiserver import errors
from cluster.engine.apiserver.request import Request

FIELD_MANAGER_MAX = 128
UNPROCESSABLE = "the server rejected our request due to an error in our request"


def patch_type(request: Request) -> str:
    """The Content-Type without parameters; 415 unless kube-apiserver takes it."""
    content_type = request.content_type.split(";", 1)[0].strip()
    if content_type not in merge.PATCH_TYPES:
        accepted = ", ".join(merge.PATCH_TYPES)
        raise errors.StatusError(
            415,
            "UnsupportedMediaType",
            f"the body of the request was in an unknown format - accepted media types include: {accepted}",
        )
    return content_type


def check_options(query: dict[str, str], patch_type: str) -> None:
    """ValidatePatchOptions: force only for apply, which needs a field manager."""
    problems = []
    if patch_type != merge.APPLY and "force" in query:
        problems.append(field.forbidden("force", "may not be specified for non-apply patch"))
    manager = query.get("fieldManager", "")
    if patch_type == merge.APPLY and not manager:
        problems.append(field.required("fieldManager", "is required for apply patch"))
    if len(manager) > FIELD_MANAGER_MAX:
        problems.append(field.too_long("fieldManager", FIELD_MANAGER_MAX))
    if problems:
        causes = [p.cause() for p in problems]
        raise errors.invalid_kind("PatchOptions", "meta.k8s.io", "", causes)


def forced(query: dict[str, str]) -> bool:
    return query.get("force", "").lower() == "true"


def applied_config(request: Request, resource: Resource) -> Object:
    """An apply's body, naming the kind and object it applies. The engine reads no YAML: the
    HTTP layer decodes the YAML it was sent (answering `error decoding YAML: ...` with 400
    if it cannot)."""
    body: Any = request.body
    if not isinstance(body, dict):
        raise errors.bad_request(
            "error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot "
            f"unmarshal {jsonpatch.json_kind(body)} into Go value of type map[string]interface {{}}"
        )
    if body.get("apiVersion") != resource.api_version or body.get("kind") != resource.kind:
        raise errors.bad_request(
            f"the API version in the data ({body.get('apiVersion', '')}) does not match the "
            f"expected API version ({resource.api_version})"
        )
    meta = body.get("metadata") or {}
    if meta.get("name") != request.name:
        raise errors.bad_request(
            f"the name of the object ({meta.get('name', '')}) does not match the name on the URL ({request.name})"
        )
    if resource.namespaced and meta.get("namespace", request.namespace) != request.namespace:
        raise errors.bad_request(
            f"the namespace of the object ({meta['namespace']}) does not match the namespace on the request ({request.namespace})"
        )
    return body


def patch_error(error: merge.PatchError) -> errors.StatusError:
    """400 for a malformed patch; 422 (a generic server response) for one that does not
    apply; 500 with no reason for what kube-apiserver hands on as an unexpected error."""
    if error.code == 422:
        details = {"causes": [{"reason": "UnexpectedServerResponse", "message": str(error)}]}
        return errors.StatusError(422, "Invalid", UNPROCESSABLE, details)
    if error.code == 500:
        return errors.StatusError(500, "", str(error))
    return errors.bad_request(str(error))
