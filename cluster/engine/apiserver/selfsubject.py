"""SelfSubjectRulesReview (authorization.k8s.io/v1) and SelfSubjectReview
(authentication.k8s.io/v1): "what may I do in this namespace?" (`kubectl auth can-i --list`)
and "who am I?" (`kubectl auth whoami`), answered about the user making the request and never
stored (pkg/registry/authorization/selfsubjectrulesreview and
pkg/registry/authentication/selfsubjectreview).
"""

from __future__ import annotations

from cluster.engine.api import field
from cluster.engine.api.meta import Object
from cluster.engine.apiserver import errors
from cluster.engine.apiserver.authentication import UserInfo
from cluster.engine.apiserver.rbac import Policy

RULES_REVIEW = "SelfSubjectRulesReview"
SELF_REVIEW = "SelfSubjectReview"
KINDS = (RULES_REVIEW, SELF_REVIEW)


def answer(kind: str, policy: Policy, user: UserInfo, obj: Object) -> Object:
    """The review with its status filled in."""
    if kind == SELF_REVIEW:
        status: Object = {"userInfo": user.to_dict()}
    else:
        status = _rules(policy, user, (obj.get("spec") or {}).get("namespace", ""))
    return {**obj, "metadata": {"creationTimestamp": None}, "status": status}


def summary(kind: str, user: UserInfo, answered: Object) -> str:
    """What was asked and answered, for the trace."""
    if kind == SELF_REVIEW:
        return f"who am I? {user.describe()}"
    status = answered["status"]
    namespace = answered.get("spec", {}).get("namespace", "")
    rules = len(status["resourceRules"]) + len(status["nonResourceRules"])
    return f'what may user "{user.name}" do in namespace "{namespace}"? {rules} rules'


def _rules(policy: Policy, user: UserInfo, namespace: str) -> Object:
    """RBAC's RulesFor: every rule of every role bound to the user there, split into
    resource and non-resource rules, in the order the bindings are visited."""
    if not namespace:
        raise errors.bad_request("no namespace on request")
    policy.sync()
    grants = policy.grants(user, namespace)
    resource_rules: list[Object] = []
    non_resource_rules: list[Object] = []
    for _, rules in grants.sources:
        for rule in rules:
            if rule.resources:
                found: Object = {"verbs": list(rule.verbs)}
                for key, values in (
                    ("apiGroups", rule.api_groups),
                    ("resources", rule.resources),
                    ("resourceNames", rule.resource_names),
                ):
                    if values:
                        found[key] = list(values)
                resource_rules.append(found)
            if rule.non_resource_urls:
                non_resource_rules.append(
                    {"verbs": list(rule.verbs), "nonResourceURLs": list(rule.non_resource_urls)}
                )
    status: Object = {
        "resourceRules": resource_rules,
        "nonResourceRules": non_resource_rules,
        "incomplete": bool(grants.errors),
    }
    if grants.errors:
        status["evaluationError"] = field.aggregate(list(grants.errors))
    return status
