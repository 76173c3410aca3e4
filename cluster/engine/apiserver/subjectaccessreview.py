"""SelfSubjectAccessReview and SubjectAccessReview (authorization.k8s.io/v1): "may this user
do that?", answered by kube-apiserver's own authorizer and never stored
(pkg/registry/authorization/selfsubjectaccessreview and subjectaccessreview, rest.go).

A SelfSubjectAccessReview asks for the user making the request (what `kubectl auth can-i`
sends); a SubjectAccessReview names the user and groups to ask for, exactly as given: no
system:authenticated is added to them.
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


def review(
    authorizer: Authorizer, requester: UserInfo, resource: Resource, obj: Object
) -> tuple[Object, Attributes, Decision]:
    """The review with its status, what was asked, and the authorizer's decision."""
    spec = obj.get("spec") or {}
    problems = _validate(resource.kind, obj["metadata"], spec)
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
    answered = {**obj, "metadata": {"creationTimestamp": None}, "status": status}
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
    if any(value is not None for value in meta.values()):  # kubectl sends creationTimestamp: null
        problems.append(field.invalid("metadata", meta, "must be empty"))
    return problems
