"""SelfSubjectAccessReview, SubjectAccessReview and LocalSubjectAccessReview
(authorization.k8s.io/v1): "may this user do that?", answered by kube-apiserver's own
authorizer and never stored (pkg/registry/authorization/*subjectaccessreview, rest.go).

A SelfSubjectAccessReview asks for the user making the request (what `kubectl auth can-i`
sends); a SubjectAccessReview names the user and groups to ask for, exactly as given: no
system:authenticated is added to them. A LocalSubjectAccessReview is a SubjectAccessReview
about its own namespace, which whoever may create one there may ask.
"""

from __future__ import annotations

from cluster.engine.api import field, resources
from cluster.engine.api.field import FieldError
from cluster.engine.api.meta import Object
from cluster.engine.api.resources import Resource
from cluster.engine.apiserver import errors
from cluster.engine.apiserver.authentication import UserInfo
from cluster.engine.apiserver.authorization import (
    Attributes,
    Authorizer,
    Decision,
    field_requirements,
)

SELF = "SelfSubjectAccessReview"
LOCAL = "LocalSubjectAccessReview"


def review(
    authorizer: Authorizer, requester: UserInfo, resource: Resource, obj: Object
) -> tuple[Object, Attributes, Decision]:
    """The review with its status, what was asked, and the authorizer's decision."""
    spec = obj.get("spec") or {}
    problems = _validate(resource.kind, obj["metadata"], spec)
    if resource.kind == LOCAL:
        problems += _validate_local(obj["metadata"], spec)
    if problems:
        raise errors.invalid(resource, "", [p.cause() for p in problems])
    user = requester
    if resource.kind != SELF:
        user = UserInfo(spec.get("user", ""), tuple(spec.get("groups") or ()))
    attrs = _attributes(user, spec)
    decision = authorizer.authorize(attrs)
    status: Object = {"allowed": decision.allowed}
    if decision.reason:
        status["reason"] = decision.reason
    metadata = {k: v for k, v in obj["metadata"].items() if k == "namespace"}
    answered = {**obj, "metadata": {"creationTimestamp": None, **metadata}, "status": status}
    return answered, attrs, decision


def summary(attrs: Attributes, decision: Decision) -> str:
    """The question and its answer, for the trace."""
    if attrs.resource_request:
        target = f"{attrs.resource}.{attrs.api_group}" if attrs.api_group else attrs.resource
        target += f"/{attrs.subresource}" if attrs.subresource else ""
        target += f' "{attrs.name}"' if attrs.name else ""
        target += f' in namespace "{attrs.namespace}"' if attrs.namespace else " cluster-wide"
    else:
        target = attrs.path
    answer = "yes" if decision.allowed else "no"
    return f'may user "{attrs.user.name}" {attrs.verb} {target}? {answer}: {decision.summary}'


def _attributes(user: UserInfo, spec: Object) -> Attributes:
    """ResourceAttributesFrom and NonResourceAttributesFrom."""
    asked = spec.get("resourceAttributes")
    if asked is None:
        other = spec["nonResourceAttributes"]
        return Attributes(
            user, other.get("verb", ""), resource_request=False, path=other.get("path", "")
        )
    resource = asked.get("resource", "")
    kind = resources.BY_NAME.get(resource)
    selector = (asked.get("fieldSelector") or {}).get("rawSelector", "")
    return Attributes(
        user,
        asked.get("verb", ""),
        asked.get("namespace", ""),
        asked.get("group", ""),
        resource,
        asked.get("subresource", ""),
        asked.get("name", ""),
        field_selector=field_requirements(selector, kind.kind if kind else ""),
    )


def _validate(kind: str, meta: Object, spec: Object) -> list[FieldError]:
    """ValidateSubjectAccessReview and ValidateSelfSubjectAccessReview."""
    problems = []
    asked, other = spec.get("resourceAttributes"), spec.get("nonResourceAttributes")
    if asked is not None and other is not None:
        problems.append(
            field.invalid(
                "spec.nonResourceAttributes",
                other,
                "cannot be specified in combination with resourceAttributes",
            )
        )
    if asked is None and other is None:
        problems.append(
            field.invalid(
                "spec.resourceAttributes",
                other,
                "exactly one of nonResourceAttributes or resourceAttributes must be specified",
            )
        )
    if kind != SELF and not spec.get("user") and not spec.get("groups"):
        problems.append(
            field.invalid(
                "spec.user", spec.get("user", ""), "at least one of user or group must be specified"
            )
        )
    given = {k: v for k, v in meta.items() if kind != LOCAL or k != "namespace"}
    if any(value is not None for value in given.values()):  # kubectl sends creationTimestamp: null
        detail = "must be empty except for namespace" if kind == LOCAL else "must be empty"
        problems.append(field.invalid("metadata", meta, detail))
    return problems


def _validate_local(meta: Object, spec: Object) -> list[FieldError]:
    """ValidateLocalSubjectAccessReview: about resources of its own namespace only."""
    problems = []
    asked, other = spec.get("resourceAttributes"), spec.get("nonResourceAttributes")
    if asked is not None and asked.get("namespace", "") != meta.get("namespace", ""):
        path = "spec.resourceAttributes.namespace"
        problems.append(
            field.invalid(path, asked.get("namespace", ""), "must match metadata.namespace")
        )
    if other is not None:
        detail = "disallowed on this kind of request"
        problems.append(field.invalid("spec.nonResourceAttributes", other, detail))
    return problems
