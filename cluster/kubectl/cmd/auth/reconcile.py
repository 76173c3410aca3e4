"""kubectl auth reconcile -f: the RBAC roles and bindings of files made to hold at least what
they say, as component-helpers' reconciliation makes them: missing rules and subjects added
(all of them, and no more, with --remove-extra-permissions and --remove-extra-subjects), a
binding to another role deleted and made anew, a namespace made when missing, and what was
done said on standard error. Other objects are passed over."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from cluster.engine.api.meta import Object
from cluster.engine.apiserver.escalation import uncovered
from cluster.engine.apiserver.rbac import PolicyRule
from cluster.kubectl import manifests, outcome
from cluster.kubectl.context import Context, ExitError, server_error
from cluster.kubectl.flags import Flag, Parsed
from cluster.kubectl.manifests import Manifest

FLAGS = (
    Flag("filename", "f", repeated=True),
    Flag("recursive", "R", boolean=True),
    outcome.DRY_RUN,
    *outcome.PRINT,
    Flag("remove-extra-permissions", boolean=True),
    Flag("remove-extra-subjects", boolean=True),
)
GROUP = "rbac.authorization.k8s.io"
ROLES = ("Role", "ClusterRole")
BINDINGS = ("RoleBinding", "ClusterRoleBinding")
AUTO_UPDATE = "rbac.authorization.kubernetes.io/autoupdate"
ATTEMPTS = 3  # a role that keeps appearing and disappearing is given up on
CREATE, UPDATE, RECREATE, NONE = "create", "update", "recreate", ""


@dataclass
class Result:
    obj: Object
    operation: str = NONE
    protected: bool = False
    missing_rules: list[PolicyRule] = field(default_factory=list)
    extra_rules: list[PolicyRule] = field(default_factory=list)
    missing_subjects: list[Object] = field(default_factory=list)
    extra_subjects: list[Object] = field(default_factory=list)


def run(ctx: Context, opts: Parsed) -> None:
    if not opts.list("filename"):
        raise ExitError("error: must specify one of -f and -k")
    outcome.check_output(opts)
    mode = outcome.dry_run(opts)
    if mode == "server":
        raise ExitError("error: --dry-run=server for command reconcile is not supported yet")
    for manifest in manifests.read(ctx, opts):
        kind = manifest.obj.get("kind")
        if manifest.resource.group != GROUP or kind not in (*ROLES, *BINDINGS):
            continue  # not RBAC: nothing to reconcile
        result = _reconcile(ctx, opts, manifest, confirm=mode == "none")
        outcome.report(ctx, opts, manifest.resource, result.obj, "reconciled")
        _say(ctx, opts, result)


def _reconcile(ctx: Context, opts: Parsed, manifest: Manifest, *, confirm: bool) -> Result:
    """ReconcileRoleOptions / ReconcileRoleBindingOptions.Run."""
    resource, namespace, name = manifest.resource, manifest.namespace, manifest.name
    for _ in range(ATTEMPTS):
        response = ctx.request("get", resource.name, namespace, name)
        if response.code == 404:
            result = _to_create(manifest.obj)
        elif not response.ok:
            raise ExitError(server_error(response.body))
        elif manifest.obj["kind"] in ROLES:
            result = _computed_role(response.body, manifest.obj, opts)
        else:
            result = _computed_binding(response.body, manifest.obj, opts)
        if result.protected or not confirm or not result.operation:
            return result
        if _confirmed(ctx, manifest, result, response.body):
            return result
    raise ExitError("error: exceeded maximum attempts")


def _to_create(expected: Object) -> Result:
    if expected["kind"] in ROLES:
        return Result(expected, CREATE, missing_rules=_rules(expected))
    return Result(expected, CREATE, missing_subjects=list(expected.get("subjects") or ()))


def _confirmed(ctx: Context, manifest: Manifest, result: Result, existing: Object) -> bool:
    """Make the change; False when the object came or went meanwhile (run again)."""
    resource, namespace, name = manifest.resource, manifest.namespace, manifest.name
    if result.operation == UPDATE:
        response = ctx.request("update", resource.name, namespace, name, body=result.obj)
        if response.code == 404:
            return False
    else:
        if result.operation == RECREATE:
            body = {"preconditions": {"uid": existing["metadata"]["uid"]}}
            deleted = ctx.request("delete", resource.name, namespace, name, body=body)
            if deleted.code == 409:
                return False
            if not deleted.ok and deleted.code != 404:
                raise ExitError(server_error(deleted.body))
        if resource.namespaced:
            _ensure_namespace(ctx, namespace)
        response = ctx.request("create", resource.name, namespace, body=result.obj)
        if response.code == 409 and response.body.get("reason") == "AlreadyExists":
            return False
    if not response.ok:
        raise ExitError(server_error(response.body))
    result.obj = response.body
    return True


def _ensure_namespace(ctx: Context, namespace: str) -> None:
    """tryEnsureNamespace: made when missing (and what cannot be seen is left be)."""
    found = ctx.request("get", "namespaces", "", namespace)
    if found.ok or found.code == 403:
        return
    if found.code != 404:
        raise ExitError(server_error(found.body))
    body = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": namespace}}
    made = ctx.request("create", "namespaces", "", body=body)
    if not made.ok and made.code not in (403, 409):
        raise ExitError(server_error(made.body))


def _computed_role(existing: Object, expected: Object, opts: Parsed) -> Result:
    """computeReconciledRole."""
    result = _with_metadata(existing, expected)
    remove = opts.flag("remove-extra-permissions")
    have, want = _rules(existing), _rules(expected)
    if expected.get("aggregationRule") is None or existing.get("aggregationRule") is None:
        result.extra_rules = uncovered(want, have)
    result.missing_rules = uncovered(have, want)
    if not remove and result.missing_rules:
        result.obj["rules"] = [*(existing.get("rules") or ()), *_objects(result.missing_rules)]
        result.operation = UPDATE
    elif remove and (result.missing_rules or result.extra_rules):
        result.obj["rules"] = copy.deepcopy(expected.get("rules") or [])
        result.operation = UPDATE
    _reconcile_aggregation(result, existing, expected, remove)
    return result


def _reconcile_aggregation(
    result: Result, existing: Object, expected: Object, remove: bool
) -> None:
    """The aggregation rule's selectors, as the rules: added, or made the expected ones."""
    have, want = existing.get("aggregationRule"), expected.get("aggregationRule")
    extra = _uncovered_selectors(want, have)
    missing = _uncovered_selectors(have, want)
    if want is None and have is not None:
        del result.obj["aggregationRule"]
        result.operation = UPDATE
    elif not remove and missing:
        selectors = [*((have or {}).get("clusterRoleSelectors") or ()), *missing]
        result.obj["aggregationRule"] = {"clusterRoleSelectors": selectors}
        result.operation = UPDATE
    elif remove and (missing or extra):
        result.obj["aggregationRule"] = copy.deepcopy(want)
        result.operation = UPDATE


def _uncovered_selectors(owner: Object | None, servant: Object | None) -> list[Object]:
    if servant is None:
        return []
    owned = (owner or {}).get("clusterRoleSelectors") or []
    return [s for s in servant.get("clusterRoleSelectors") or () if s not in owned]


def _computed_binding(existing: Object, expected: Object, opts: Parsed) -> Result:
    """computeReconciledRoleBinding: a binding to another role is made anew."""
    if _role_ref(expected) != _role_ref(existing):
        return Result(expected, RECREATE, protected=_protected(existing))
    result = _with_metadata(existing, expected)
    want, have = list(expected.get("subjects") or ()), list(existing.get("subjects") or ())
    result.missing_subjects = _only_in(want, have)
    result.extra_subjects = _only_in(have, want)
    if opts.flag("remove-extra-subjects"):
        if result.missing_subjects or result.extra_subjects:
            result.obj["subjects"] = want
            result.operation = UPDATE
    elif result.missing_subjects:
        result.obj["subjects"] = [*have, *result.missing_subjects]
        result.operation = UPDATE
    return result


def _with_metadata(existing: Object, expected: Object) -> Result:
    """A copy of the existing object, with the expected labels and annotations it lacks."""
    result = Result(copy.deepcopy(existing), protected=_protected(existing))
    meta, old = result.obj["metadata"], existing["metadata"]
    for key in ("annotations", "labels"):
        merged = _merged(expected["metadata"].get(key), old.get(key))
        if merged != old.get(key):
            meta[key] = merged
            result.operation = UPDATE
    return result


def _merged(*maps: dict[str, str] | None) -> dict[str, str] | None:
    """merge: the later maps win; none at all when every one is none."""
    if all(m is None for m in maps):
        return None
    return {key: value for m in maps for key, value in (m or {}).items()}


def _protected(existing: Object) -> bool:
    return (existing["metadata"].get("annotations") or {}).get(AUTO_UPDATE) == "false"


def _role_ref(binding: Object) -> tuple[str, str, str]:
    ref = binding.get("roleRef") or {}
    return ref.get("apiGroup", ""), ref.get("kind", ""), ref.get("name", "")


def _only_in(subjects: list[Object], others: list[Object]) -> list[Object]:
    """diffSubjectLists' half: the subjects not among the others, each once."""
    others_keys = {_subject(other) for other in others}
    found: dict[tuple[str, ...], Object] = {}
    for subject in subjects:
        if _subject(subject) not in others_keys:
            found.setdefault(_subject(subject), subject)
    return list(found.values())


def _subject(subject: Object) -> tuple[str, ...]:
    return tuple(subject.get(key, "") for key in ("kind", "apiGroup", "name", "namespace"))


def _rules(obj: Object) -> list[PolicyRule]:
    return [PolicyRule.from_object(rule) for rule in obj.get("rules") or ()]


def _objects(rules: list[PolicyRule]) -> list[Object]:
    return [rule.to_object() for rule in rules]


def _say(ctx: Context, opts: Parsed, result: Result) -> None:
    """printResults' account of what the reconciliation needed (the extras only when they
    were to go)."""
    if not result.operation:
        return
    caveat = f", but object opted out ({AUTO_UPDATE}: false)" if result.protected else ""
    ctx.err.write(f"\treconciliation required {result.operation}{caveat}\n")
    removing_subjects = opts.flag("remove-extra-subjects")
    removing_rules = opts.flag("remove-extra-permissions")
    sections: list[tuple[str, list[Any]]] = [
        ("missing subjects added", [_go_subject(s) for s in result.missing_subjects]),
        ("extra subjects removed", [_go_subject(s) for s in result.extra_subjects]),
        ("missing rules added", [_go_rule(r) for r in result.missing_rules]),
        ("extra rules removed", [_go_rule(r) for r in result.extra_rules]),
    ]
    shown = (True, removing_subjects, True, removing_rules)
    for (title, lines), show in zip(sections, shown, strict=True):
        if show and lines:
            ctx.err.write(f"\t{title}:\n" + "".join(f"\t\t{line}\n" for line in lines))


def _go_rule(rule: PolicyRule) -> str:
    """%+v of an rbacv1.PolicyRule."""
    parts = (
        ("Verbs", rule.verbs),
        ("APIGroups", rule.api_groups),
        ("Resources", rule.resources),
        ("ResourceNames", rule.resource_names),
        ("NonResourceURLs", rule.non_resource_urls),
    )
    return "{" + " ".join(f"{name}:[{' '.join(values)}]" for name, values in parts) + "}"


def _go_subject(subject: Object) -> str:
    """%+v of an rbacv1.Subject."""
    kind, group, name, namespace = _subject(subject)
    return f"{{Kind:{kind} APIGroup:{group} Name:{name} Namespace:{namespace}}}"
