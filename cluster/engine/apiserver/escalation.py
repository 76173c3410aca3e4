"""RBAC's escalation prevention: a user may write a Role or ClusterRole only with rules they
hold themselves (or with the `escalate` verb on it), and a binding only to a role whose rules
they hold (or with the `bind` verb on it); system:masters may do either.

As the policy-based storage of pkg/registry/rbac/{role,clusterrole,rolebinding,
clusterrolebinding}/policybased does, after mutating admission and before validation, with
the rule coverage and wording of pkg/registry/rbac/validation (ConfirmNoEscalation, Covers,
CompactRules) and rbacv1helpers.CompactString.
"""

from __future__ import annotations

from collections.abc import Iterable

from cluster.engine.api import field, resources
from cluster.engine.api.meta import Object
from cluster.engine.api.resources import Resource
from cluster.engine.apiserver import errors
from cluster.engine.apiserver.authentication import MASTERS, UserInfo
from cluster.engine.apiserver.authorization import Attributes, Authorizer
from cluster.engine.apiserver.rbac import ALL, CLUSTER_ROLE, ROLE, PolicyRule

ROLES = ("roles", "clusterroles")
BINDINGS = ("rolebindings", "clusterrolebindings")
GUARDED = frozenset((*ROLES, *BINDINGS))
_ROLE_RESOURCES = {ROLE: "roles", CLUSTER_ROLE: "clusterroles"}
_FULL_AUTHORITY = (
    PolicyRule((ALL,), (ALL,), (ALL,)),
    PolicyRule((ALL,), non_resource_urls=(ALL,)),
)
# fields a write may change without the check, as IsOnlyMutatingGCFields allows
_GC_FIELDS = ("ownerReferences", "finalizers", "managedFields", "selfLink")


def confirm(
    authorizer: Authorizer,
    user: UserInfo,
    resource: Resource,
    namespace: str,
    obj: Object,
    old: Object | None = None,
) -> None:
    """Raise the 403 kube-apiserver gives when writing `obj` would grant `user` more than
    they hold; `old` is the object an update replaces."""
    if MASTERS in user.groups or (old is not None and _only_gc_fields(obj, old)):
        return
    name = obj["metadata"].get("name", "")
    if resource.name in ROLES:
        if _allowed(authorizer, user, "escalate", resource.name, namespace, name):
            return
        _confirm_held(authorizer, user, resource, namespace, name, _rules(obj))
        if resource.name == "clusterroles" and obj.get("aggregationRule"):
            _confirm_aggregation(authorizer, user, resource, name)
        return
    ref = obj.get("roleRef") or {}
    role_resource = _ROLE_RESOURCES.get(ref.get("kind", ""))
    if role_resource is None:
        return  # validation refuses the roleRef
    if _allowed(authorizer, user, "bind", role_resource, namespace, ref.get("name", "")):
        return
    rules = _role_rules(authorizer, role_resource, namespace, ref.get("name", ""))
    _confirm_held(authorizer, user, resource, namespace, name, rules)


def _allowed(
    authorizer: Authorizer, user: UserInfo, verb: str, resource: str, namespace: str, name: str
) -> bool:
    """RoleEscalationAuthorized and BindingAuthorized: the verb on that role."""
    attrs = Attributes(user, verb, namespace, resources.RBAC, resource, "", name)
    return authorizer.authorize(attrs).allowed


def _role_rules(
    authorizer: Authorizer, role_resource: str, namespace: str, name: str
) -> tuple[PolicyRule, ...]:
    """GetRoleReferenceRules: the role's rules, or the registry's 404 for a missing role."""
    policy = authorizer.rbac.policy
    policy.sync()
    scope = namespace if role_resource == "roles" else ""
    rules = policy.role_rules(role_resource, scope, name)
    if rules is None:
        raise errors.not_found(resources.BY_NAME[role_resource], name)
    return rules


def _confirm_held(
    authorizer: Authorizer,
    user: UserInfo,
    resource: Resource,
    namespace: str,
    name: str,
    rules: Iterable[PolicyRule],
) -> None:
    """ConfirmNoEscalation: every rule is covered by the rules `user` holds there."""
    policy = authorizer.rbac.policy
    policy.sync()
    grants = policy.grants(user, namespace)
    held = [rule for _, source in grants.sources for rule in source]
    missing = uncovered(held, rules)
    if not missing:
        return
    groups = " ".join(map(field.go_quote, user.groups))
    described = sorted({compact_string(rule) for rule in compact_rules(missing)})
    message = (
        f'user "{user.name}" (groups=[{groups}]) is attempting to grant RBAC permissions not '
        "currently held:\n" + "\n".join(described)
    )
    if grants.errors:
        message += f"; resolution errors: [{field.aggregate(list(grants.errors))}]"
    raise errors.forbidden_reason(resource, name, message)


def _confirm_aggregation(
    authorizer: Authorizer, user: UserInfo, resource: Resource, name: str
) -> None:
    """An aggregationRule can gather anything: it takes `*` on everything."""
    try:
        _confirm_held(authorizer, user, resource, "", name, _FULL_AUTHORITY)
    except errors.StatusError:
        reason = "must have cluster-admin privileges to use the aggregationRule"
        raise errors.forbidden_reason(resource, name, reason) from None


def _rules(obj: Object) -> list[PolicyRule]:
    return [PolicyRule.from_object(rule) for rule in obj.get("rules") or ()]


def _only_gc_fields(obj: Object, old: Object) -> bool:
    """IsOnlyMutatingGCFields: nothing but owners, finalizers and managed fields change."""

    def stripped(item: Object) -> Object:
        meta = {k: v for k, v in item["metadata"].items() if k not in _GC_FIELDS}
        return {**item, "metadata": meta}

    return stripped(obj) == stripped(old)


def uncovered(owner: Iterable[PolicyRule], servant: Iterable[PolicyRule]) -> list[PolicyRule]:
    """Covers: the servant's rules, broken down, that no rule of the owner covers."""
    owned = list(owner)
    return [sub for sub in breakdown(servant) if not any(covers(rule, sub) for rule in owned)]


def breakdown(rules: Iterable[PolicyRule]) -> list[PolicyRule]:
    """BreakdownRule: each rule as rules of one group, resource, verb and name (or one URL
    and verb)."""
    found = []
    for rule in rules:
        for group in rule.api_groups:
            for resource in rule.resources:
                for verb in rule.verbs:
                    names = [(n,) for n in rule.resource_names] or [()]
                    found += [PolicyRule((verb,), (group,), (resource,), n) for n in names]
        for url in rule.non_resource_urls:
            found += [PolicyRule((verb,), non_resource_urls=(url,)) for verb in rule.verbs]
    return found


def covers(owner: PolicyRule, sub: PolicyRule) -> bool:
    """ruleCovers: the owner's rule takes in all of the sub-rule."""
    if sub.resource_names:
        names = not owner.resource_names or set(sub.resource_names) <= set(owner.resource_names)
    else:
        names = not owner.resource_names
    return (
        (ALL in owner.verbs or set(sub.verbs) <= set(owner.verbs))
        and (ALL in owner.api_groups or set(sub.api_groups) <= set(owner.api_groups))
        and _resources_cover(owner.resources, sub.resources)
        and all(_url_covers(owner.non_resource_urls, url) for url in sub.non_resource_urls)
        and names
    )


def _resources_cover(owned: tuple[str, ...], wanted: tuple[str, ...]) -> bool:
    """resourceCoversAll: `*`, the resource itself, or `*/subresource`."""
    if ALL in owned:
        return True
    for path in wanted:
        if path in owned:
            continue
        if "/" not in path or f"*/{path.split('/', 1)[1]}" not in owned:
            return False
    return True


def _url_covers(owned: tuple[str, ...], path: str) -> bool:
    """nonResourceURLCovers: the URL itself, or a prefix ending in `*`."""
    return any(
        url == path or (url.endswith("*") and path.startswith(url.rstrip("*"))) for url in owned
    )


def compact_rules(rules: list[PolicyRule]) -> list[PolicyRule]:
    """CompactRules: rules of one group and resource (and at most one name) that differ only
    in their verbs become one rule."""
    compacted: list[PolicyRule] = []
    simple: dict[tuple[str, str, tuple[str, ...]], PolicyRule] = {}
    for rule in rules:
        if (
            len(rule.resource_names) > 1
            or rule.non_resource_urls
            or len(rule.api_groups) != 1
            or len(rule.resources) != 1
        ):
            compacted.append(rule)
            continue
        key = (rule.api_groups[0], rule.resources[0], rule.resource_names)
        found = simple.get(key)
        if found is None:
            simple[key] = rule
        else:
            verbs = found.verbs + tuple(v for v in rule.verbs if v not in found.verbs)
            simple[key] = PolicyRule(verbs, found.api_groups, found.resources, found.resource_names)
    return [*compacted, *simple.values()]


def compact_string(rule: PolicyRule) -> str:
    """rbacv1helpers.CompactString: `{APIGroups:["apps"], Resources:["pods"], Verbs:["get"]}`."""
    parts = (
        ("APIGroups", rule.api_groups),
        ("Resources", rule.resources),
        ("NonResourceURLs", rule.non_resource_urls),
        ("ResourceNames", rule.resource_names),
        ("Verbs", rule.verbs),
    )
    quoted = [
        f"{name}:[{' '.join(map(field.go_quote, values))}]" for name, values in parts if values
    ]
    return "{" + ", ".join(quoted) + "}"
