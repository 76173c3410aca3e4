"""RBAC: Roles, ClusterRoles and their bindings decide what a user may do.

Rules match as rbac's `RuleAllows` (pkg/apis/rbac/v1/evaluation_helpers.go); bindings are
visited as `DefaultRuleResolver.VisitRulesFor` does (pkg/registry/rbac/validation/rule.go):
ClusterRoleBindings first, then the RoleBindings of the request's namespace, and the first
rule that allows the request names its binding in the reason. Roles are read as stored:
an aggregated ClusterRole holds what the clusterrole-aggregation controller wrote into it.

The policy is an index kept in step with etcd, as kube-apiserver's informers keep its
listers: bindings are indexed by subject, and the rules a user holds in a namespace are
resolved once until the policy changes, so a request costs only the rules of its user.
Rules and grants are pure values: equal ones are shared by every cluster of the process, so
the default roles are parsed, and their verdicts worked out, once and not per cluster.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cluster.engine.api import field, labels, resources
from cluster.engine.api.meta import Object
from cluster.engine.apiserver import listers
from cluster.engine.apiserver.authentication import SERVICE_ACCOUNT_USER_PREFIX, UserInfo
from cluster.engine.store import codec

if TYPE_CHECKING:
    from cluster.engine.apiserver.authorization import Attributes

ALL = "*"  # rbacv1.VerbAll, APIGroupAll, ResourceAll, NonResourceAll
USER, GROUP, SERVICE_ACCOUNT = "User", "Group", "ServiceAccount"
ROLE, CLUSTER_ROLE = "Role", "ClusterRole"
GRANTS_REMEMBERED = 10_000  # (user, groups, namespace) resolved; beyond that, start over
VERDICTS_REMEMBERED = 10_000  # per grants: request shapes answered; beyond that, start over
SHARED = 4096  # distinct rule lists, and distinct grants, shared between clusters


@dataclass(frozen=True, slots=True)
class PolicyRule:
    verbs: tuple[str, ...]
    api_groups: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()
    resource_names: tuple[str, ...] = ()
    non_resource_urls: tuple[str, ...] = ()
    # hashed once: every user's grants are hashed, rule by rule, to be shared between
    # clusters (some 400 rules in a cluster's creation), and a rule never changes
    _hash: int = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash(self._fields()))

    def __hash__(self) -> int:
        return self._hash

    def __reduce__(self) -> tuple[type[PolicyRule], tuple[tuple[str, ...], ...]]:
        # made anew when unpickled: a string's hash differs from one process to another
        return PolicyRule, self._fields()

    def _fields(self) -> tuple[tuple[str, ...], ...]:
        return (
            self.verbs,
            self.api_groups,
            self.resources,
            self.resource_names,
            self.non_resource_urls,
        )

    @classmethod
    def from_object(cls, rule: Object) -> PolicyRule:
        def strings(name: str) -> tuple[str, ...]:
            return tuple(rule.get(name) or ())

        return cls(
            strings("verbs"),
            strings("apiGroups"),
            strings("resources"),
            strings("resourceNames"),
            strings("nonResourceURLs"),
        )

    def to_object(self) -> Object:
        """The rule as the API serializes it: empty lists are left out."""
        fields = (
            ("apiGroups", self.api_groups),
            ("nonResourceURLs", self.non_resource_urls),
            ("resourceNames", self.resource_names),
            ("resources", self.resources),
            ("verbs", self.verbs),
        )
        return {name: list(values) for name, values in fields if values}


# -- RuleAllows ---------------------------------------------------------------------------


def verb_matches(rule: PolicyRule, verb: str) -> bool:
    return ALL in rule.verbs or verb in rule.verbs


def api_group_matches(rule: PolicyRule, group: str) -> bool:
    return ALL in rule.api_groups or group in rule.api_groups


def resource_matches(rule: PolicyRule, combined: str, subresource: str) -> bool:
    """`*`, the exact `resource/subresource`, or `*/subresource`."""
    for resource in rule.resources:
        if resource in (ALL, combined):
            return True
        if subresource and resource == f"*/{subresource}":
            return True
    return False


def resource_name_matches(rule: PolicyRule, name: str) -> bool:
    return not rule.resource_names or name in rule.resource_names


def non_resource_url_matches(rule: PolicyRule, path: str) -> bool:
    for url in rule.non_resource_urls:
        if url in (ALL, path):
            return True
        if url.endswith("*") and path.startswith(url.rstrip("*")):
            return True
    return False


def rule_allows(attrs: Attributes, rule: PolicyRule) -> bool:
    if not attrs.resource_request:
        return verb_matches(rule, attrs.verb) and non_resource_url_matches(rule, attrs.path)
    return _covers(attrs, rule) and resource_name_matches(rule, attrs.name)


def _covers(attrs: Attributes, rule: PolicyRule) -> bool:
    """The rule's verbs, groups and resources take in the resource request (names aside)."""
    combined = f"{attrs.resource}/{attrs.subresource}" if attrs.subresource else attrs.resource
    return (
        verb_matches(rule, attrs.verb)
        and api_group_matches(rule, attrs.api_group)
        and resource_matches(rule, combined, attrs.subresource)
    )


def rules_allow(attrs: Attributes, rules: tuple[PolicyRule, ...]) -> bool:
    return any(rule_allows(attrs, rule) for rule in rules)


# -- bindings -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Subject:
    kind: str
    name: str
    namespace: str = ""

    def username(self, binding_namespace: str) -> str:
        """Whose name this subject matches: a user's, or a service account's user name."""
        if self.kind == SERVICE_ACCOUNT:
            namespace = self.namespace or binding_namespace
            return f"{SERVICE_ACCOUNT_USER_PREFIX}{namespace}:{self.name}" if namespace else ""
        return self.name if self.kind == USER else ""

    def applies_to(self, user: UserInfo, binding_namespace: str) -> bool:
        if self.kind == GROUP:
            return self.name in user.groups
        name = self.username(binding_namespace)
        return bool(name) and name == user.name

    def describe(self, binding_namespace: str) -> str:
        """describeSubject: a service account is named `name/namespace`."""
        if self.kind == SERVICE_ACCOUNT:
            return f'{self.kind} "{self.name}/{self.namespace or binding_namespace}"'
        return f'{self.kind} "{self.name}"'


@dataclass(frozen=True, slots=True)
class Binding:
    """A RoleBinding, or a ClusterRoleBinding when `namespace` is empty."""

    name: str
    namespace: str
    role_kind: str
    role_name: str
    subjects: tuple[Subject, ...]

    @classmethod
    def from_object(cls, obj: Object) -> Binding:
        meta, ref = obj["metadata"], obj.get("roleRef") or {}
        subjects = tuple(
            Subject(s.get("kind", ""), s.get("name", ""), s.get("namespace", ""))
            for s in obj.get("subjects") or ()
        )
        return cls(
            meta["name"],
            meta.get("namespace", ""),
            ref.get("kind", ""),
            ref.get("name", ""),
            subjects,
        )

    def index_keys(self) -> Iterator[str]:
        """The keys under which a user this binding may apply to looks it up."""
        for subject in self.subjects:
            if subject.kind == GROUP:
                yield _group_key(subject.name)
            elif name := subject.username(self.namespace):
                yield _user_key(name)

    def first_subject_for(self, user: UserInfo) -> Subject | None:
        for subject in self.subjects:
            if subject.applies_to(user, self.namespace):
                return subject
        return None

    def describe(self, subject: Subject) -> str:
        """The source a reason names, as clusterRoleBindingDescriber and roleBindingDescriber."""
        role = f'{self.role_kind} "{self.role_name}" to {subject.describe(self.namespace)}'
        if self.namespace:
            return f'RoleBinding "{self.name}/{self.namespace}" of {role}'
        return f'ClusterRoleBinding "{self.name}" of {role}'


def _user_key(name: str) -> str:
    return f"user:{name}"


def _group_key(name: str) -> str:
    return f"group:{name}"


def user_keys(user: UserInfo) -> Iterator[str]:
    yield _user_key(user.name)
    for group in user.groups:
        yield _group_key(group)


# -- aggregation --------------------------------------------------------------------------


def aggregated_rules(role: Object, cluster_roles: Iterable[Object]) -> list[Object]:
    """What the clusterrole-aggregation controller stores in `role`: the rules of the other
    ClusterRoles its selectors pick, in name order, each rule once. SelectorError if a
    selector is invalid."""
    others = sorted(cluster_roles, key=lambda other: other["metadata"]["name"])
    rules: list[Object] = []
    for term in role["aggregationRule"].get("clusterRoleSelectors") or []:
        selector = labels.from_label_selector(term)
        for other in others:
            meta = other["metadata"]
            if meta["name"] == role["metadata"]["name"]:
                continue
            if not selector.matches(meta.get("labels") or {}):
                continue
            for rule in other.get("rules") or []:
                if rule not in rules:
                    rules.append(rule)
    return rules


# -- the policy index ---------------------------------------------------------------------

_PREFIXES = {
    name: resources.BY_NAME[name].prefix()
    for name in ("clusterroles", "roles", "clusterrolebindings", "rolebindings")
}


@dataclass(frozen=True, slots=True)
class Grants:
    """What a user holds in a namespace: (source, rules) in visiting order, and the errors
    met resolving role references."""

    sources: tuple[tuple[str, tuple[PolicyRule, ...]], ...]
    errors: tuple[str, ...]
    # the verdicts given so far: a user repeats the same few requests, and the rules only
    # change with the policy, which drops these grants
    verdicts: dict[tuple[str, ...], tuple[bool, str]] = dataclasses.field(
        default_factory=dict, compare=False, repr=False
    )
    # per request shape, whether a rule that names objects takes it in: then the object's
    # name is part of the verdict
    named: dict[tuple[str, ...], bool] = dataclasses.field(
        default_factory=dict, compare=False, repr=False
    )

    def names_matter(self, attrs: Attributes, shape: tuple[str, ...]) -> bool:
        found = self.named.get(shape)
        if found is None:
            if len(self.named) >= VERDICTS_REMEMBERED:
                self.named.clear()
            found = self.named[shape] = attrs.resource_request and any(
                rule.resource_names and _covers(attrs, rule)
                for _, rules in self.sources
                for rule in rules
            )
        return found


class Policy(listers.StoreView):
    """Roles, ClusterRoles and their bindings, indexed by subject."""

    prefixes = tuple(_PREFIXES.values())

    def __init__(self, store: listers.Store, decode: listers.Decode = listers.decode) -> None:
        super().__init__(store, decode)
        self.reset()

    def reset(self) -> None:
        self._cluster_roles: dict[str, tuple[PolicyRule, ...]] = {}
        self._roles: dict[tuple[str, str], tuple[PolicyRule, ...]] = {}
        self._bindings: dict[tuple[str, str], Binding] = {}  # (namespace, name)
        self._by_subject: dict[tuple[str, str], set[str]] = {}  # (namespace, key) -> names
        self._invalidate()

    def _invalidate(self) -> None:
        self._grants: dict[tuple[str, tuple[str, ...], str], Grants] = {}

    def put(self, key: str, obj: Object) -> None:
        self.delete(key)
        meta = obj["metadata"]
        namespace, name = meta.get("namespace", ""), meta["name"]
        if key.startswith(_PREFIXES["clusterroles"]):
            self._cluster_roles[name] = _rules(obj)
        elif key.startswith(_PREFIXES["roles"]):
            self._roles[namespace, name] = _rules(obj)
        else:
            binding = Binding.from_object(obj)
            self._bindings[namespace, name] = binding
            for subject_key in binding.index_keys():
                self._by_subject.setdefault((namespace, subject_key), set()).add(name)

    def delete(self, key: str) -> None:
        self._invalidate()
        prefix = next(p for p in self.prefixes if key.startswith(p))
        namespace, _, name = key[len(prefix) :].rpartition("/")
        if prefix == _PREFIXES["clusterroles"]:
            self._cluster_roles.pop(name, None)
        elif prefix == _PREFIXES["roles"]:
            self._roles.pop((namespace, name), None)
        else:
            binding = self._bindings.pop((namespace, name), None)
            for subject_key in set(binding.index_keys()) if binding else ():
                names = self._by_subject[namespace, subject_key]
                names.discard(name)
                if not names:
                    del self._by_subject[namespace, subject_key]

    def grants(self, user: UserInfo, namespace: str) -> Grants:
        """VisitRulesFor: the ClusterRoleBindings, then the namespace's RoleBindings, that
        apply to `user`, each with the rules of its role (bindings in name order)."""
        cache_key = (user.name, user.groups, namespace)
        found = self._grants.get(cache_key)
        if found is None:
            if len(self._grants) >= GRANTS_REMEMBERED:
                self._grants.clear()
            found = self._grants[cache_key] = self._resolve(user, namespace)
        return found

    def _resolve(self, user: UserInfo, namespace: str) -> Grants:
        sources: list[tuple[str, tuple[PolicyRule, ...]]] = []
        errors: list[str] = []
        for scope in ("", namespace) if namespace else ("",):
            for name in self._binding_names(user, scope):
                binding = self._bindings[scope, name]
                subject = binding.first_subject_for(user)
                if subject is None:
                    continue
                rules = self._role_rules(binding)
                if isinstance(rules, str):
                    errors.append(rules)
                else:
                    sources.append((binding.describe(subject), rules))
        return _shared_grants(Grants(tuple(sources), tuple(errors)))

    def _binding_names(self, user: UserInfo, namespace: str) -> list[str]:
        names: set[str] = set()
        for key in user_keys(user):
            names.update(self._by_subject.get((namespace, key), ()))
        return sorted(names)

    def role_rules(self, resource: str, namespace: str, name: str) -> tuple[PolicyRule, ...] | None:
        """The rules of Role `namespace/name` (resource "roles") or of ClusterRole `name`;
        None when there is no such role."""
        if resource == "roles":
            return self._roles.get((namespace, name))
        return self._cluster_roles.get(name)

    def _role_rules(self, binding: Binding) -> tuple[PolicyRule, ...] | str:
        """GetRoleReferenceRules: the rules, or the error that the role cannot be found."""
        if binding.role_kind == ROLE:
            rules = self._roles.get((binding.namespace, binding.role_name))
            return rules if rules is not None else _not_found("role", binding.role_name)
        if binding.role_kind == CLUSTER_ROLE:
            rules = self._cluster_roles.get(binding.role_name)
            return rules if rules is not None else _not_found("clusterrole", binding.role_name)
        return f'unsupported role reference kind: "{binding.role_kind}"'


def _rules(role: Object) -> tuple[PolicyRule, ...]:
    return _parsed_rules(codec.encode(role.get("rules") or ()))


@functools.lru_cache(maxsize=SHARED)
def _parsed_rules(encoded: bytes) -> tuple[PolicyRule, ...]:
    return tuple(PolicyRule.from_object(rule) for rule in codec.decode(encoded))


@functools.lru_cache(maxsize=SHARED)
def _shared_grants(grants: Grants) -> Grants:
    """The first grants equal to these: their verdicts hold for every cluster alike."""
    return grants


def _not_found(resource: str, name: str) -> str:
    """The listers' NotFound error: `clusterrole.rbac.authorization.k8s.io "x" not found`."""
    return f'{resource}.{resources.RBAC} "{name}" not found'


class RBACAuthorizer:
    def __init__(self, store: listers.Store, decode: listers.Decode = listers.decode) -> None:
        self.policy = Policy(store, decode)

    def authorize(self, attrs: Attributes) -> tuple[bool, str]:
        """Allowed and the reason, or no opinion and the errors met on the way."""
        self.policy.sync()
        grants = self.policy.grants(attrs.user, attrs.namespace)
        shape = (attrs.verb, attrs.api_group, attrs.resource, attrs.subresource, attrs.path)
        key = (*shape, attrs.name) if grants.names_matter(attrs, shape) else shape
        verdict = grants.verdicts.get(key)
        if verdict is None:
            if len(grants.verdicts) >= VERDICTS_REMEMBERED:
                grants.verdicts.clear()
            verdict = grants.verdicts[key] = _verdict(attrs, grants)
        return verdict


def _verdict(attrs: Attributes, grants: Grants) -> tuple[bool, str]:
    for source, rules in grants.sources:
        if rules_allow(attrs, rules):
            return True, f"RBAC: allowed by {source}"
    return False, f"RBAC: {field.aggregate(list(grants.errors))}" if grants.errors else ""
