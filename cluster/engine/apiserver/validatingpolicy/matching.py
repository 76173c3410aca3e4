"""Which requests a policy or a binding judges (k8s.io/apiserver's policy/matching, and the
webhook predicates it uses: rules, namespace and object selectors)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cluster.engine.api import labels
from cluster.engine.api.meta import Object
from cluster.engine.apiserver import errors
from cluster.engine.apiserver.errors import StatusError

if TYPE_CHECKING:  # admission runs the plugin
    from cluster.engine.apiserver.admission import Attributes, Store

NAMESPACES = "namespaces"


def matches(match: Object | None, attrs: Attributes, store: Store) -> bool:
    """Matcher.Matches: the selectors, then the excluded and the named resource rules. An
    error (a namespace that cannot be found, a bad selector) is raised only for a request the
    rules match."""
    match = match or {}
    problem: StatusError | None = None
    try:
        if not _namespace_matches(match.get("namespaceSelector"), attrs, store):
            return False
        if not _object_matches(match.get("objectSelector"), attrs):
            return False
    except StatusError as error:
        problem = error
    if any(_rule_matches(rule, attrs) for rule in match.get("excludeResourceRules") or ()):
        return False
    rules = match.get("resourceRules") or ()
    if rules and not any(_rule_matches(rule, attrs) for rule in rules):
        return False
    if problem is not None:
        raise problem
    return True


def _selector(selector: Object | None) -> labels.Selector:
    try:
        return labels.from_label_selector(selector or {})
    except labels.SelectorError as error:
        raise errors.internal(error) from None


def _namespace_matches(selector: Object | None, attrs: Attributes, store: Store) -> bool:
    """Cluster-scoped requests other than a namespace's own are not judged by namespace."""
    if not attrs.namespace and attrs.resource.name != NAMESPACES:
        return True
    parsed = _selector(selector)
    if parsed.empty:
        return True
    return parsed.matches(namespace_labels(attrs, store))


def namespace_labels(attrs: Attributes, store: Store) -> dict[str, str]:
    """A namespace written is judged by its new labels; anything else by its namespace's."""
    if attrs.resource.name == NAMESPACES and not attrs.subresource and attrs.obj is not None:
        return _labels(attrs.obj)
    namespace = store.lookup(NAMESPACES, "", attrs.namespace)
    if namespace is None:
        raise errors.namespace_not_found(attrs.namespace)
    return _labels(namespace)


def _object_matches(selector: Object | None, attrs: Attributes) -> bool:
    parsed = _selector(selector)
    if parsed.empty:
        return True
    return any(obj is not None and parsed.matches(_labels(obj)) for obj in (attrs.obj, attrs.old))


def _labels(obj: Object) -> dict[str, str]:
    return (obj.get("metadata") or {}).get("labels") or {}


def _rule_matches(rule: Object, attrs: Attributes) -> bool:
    """rules.Matcher, and the rule's resourceNames."""
    resource = attrs.resource
    names = rule.get("resourceNames")
    return (
        _scope_matches(rule.get("scope"), attrs)
        and _any(rule.get("operations"), attrs.operation)
        and _any(rule.get("apiGroups"), resource.group)
        and _any(rule.get("apiVersions"), resource.version)
        and any(_resource_matches(item, attrs) for item in rule.get("resources") or ())
        and (not names or attrs.name in names)
    )


def _any(items: Any, requested: str) -> bool:
    return any(item in ("*", requested) for item in items or ())


def _scope_matches(scope: str | None, attrs: Attributes) -> bool:
    namespace_itself = attrs.resource.name == NAMESPACES and not attrs.resource.group
    if scope in (None, "*"):
        return True
    if scope == "Namespaced":
        return not namespace_itself and bool(attrs.namespace)
    if scope == "Cluster":
        return namespace_itself or not attrs.namespace
    return False


def _resource_matches(item: str, attrs: Attributes) -> bool:
    name, _, subresource = item.partition("/")
    return name in ("*", attrs.resource.name) and subresource in ("*", attrs.subresource)
