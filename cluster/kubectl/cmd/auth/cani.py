"""kubectl auth can-i VERB [TYPE | TYPE/NAME | NONRESOURCEURL]: a SelfSubjectAccessReview;
with --list, a SelfSubjectRulesReview printed as kubectl compacts and sorts its rules."""

from __future__ import annotations

from cluster.engine.api import resources
from cluster.engine.api.meta import Object
from cluster.kubectl import printers
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    Flag("all-namespaces", "A", boolean=True),
    Flag("quiet", "q", boolean=True),
    Flag("subresource"),
    Flag("list", boolean=True),
    Flag("no-headers", boolean=True),
)
RESOURCE_VERBS = frozenset(
    [
        "get",
        "list",
        "watch",
        "create",
        "update",
        "patch",
        "delete",
        "deletecollection",
        "use",
        "bind",
        "impersonate",
        "*",
        "approve",
        "sign",
        "escalate",
        "attest",
    ]
)
NON_RESOURCE_VERBS = frozenset(["get", "put", "post", "head", "options", "delete", "patch", "*"])
NON_STANDARD = frozenset({"users", "groups"})  # resources no discovery lists (impersonation)
TWO_ARGUMENTS = (
    "error: you must specify two arguments: verb resource or verb resource/resourceName.\n"
    "See 'kubectl auth can-i -h' for help and examples."
)


def run(ctx: Context, opts: Parsed) -> None:
    namespace = "" if opts.flag("all-namespaces") else ctx.namespace
    if opts.flag("list"):
        if opts.args:
            raise ExitError("error: list option must be specified with no arguments")
        if opts.flag("quiet") or opts.flag("all-namespaces") or opts.text("subresource"):
            raise ExitError(
                "error: list option can't be specified with neither quiet, all-namespaces nor "
                "subresource options"
            )
        _list(ctx, opts, namespace)
        return
    if len(opts.args) != 2:
        raise ExitError(TWO_ARGUMENTS)
    verb, target = opts.args
    attributes = _attributes(ctx, opts, verb, target, namespace)
    if opts.flag("no-headers"):
        raise ExitError("error: --no-headers cannot be set without --list specified")
    review = {
        "apiVersion": "authorization.k8s.io/v1",
        "kind": "SelfSubjectAccessReview",
        "metadata": {"creationTimestamp": None},
        "spec": attributes,
        "status": {"allowed": False},
    }
    status = ctx.call("create", "selfsubjectaccessreviews", body=review)["status"]
    allowed = bool(status.get("allowed"))
    if not opts.flag("quiet"):
        answer = "yes" if allowed else "no"
        for key in () if allowed else ("reason", "evaluationError"):
            answer += f" - {status[key]}" if status.get(key) else ""
        ctx.out.write(answer + "\n")
    if not allowed:
        raise ExitError("", 1)


def _attributes(ctx: Context, opts: Parsed, verb: str, target: str, namespace: str) -> Object:
    """The review's spec, warning as kubectl does about what it does not know."""
    if target.startswith("/"):
        if opts.text("subresource"):
            raise ExitError("error: --subresource can not be used with NonResourceURL")
        _warn_verb(ctx, verb, NON_RESOURCE_VERBS)
        return {"nonResourceAttributes": {"path": target, "verb": verb}}
    word, _, name = target.partition("/")
    group, resource, found = _resource_for(ctx, word)
    if found is not None and not found.namespaced and namespace:
        in_group = f" in group '{group}'" if group else ""
        _warn(ctx, f"resource '{resource}' is not namespace scoped{in_group}\n")
    if word:
        _warn_verb(ctx, verb, RESOURCE_VERBS)
    attributes = {"namespace": namespace, "verb": verb, "group": group, "resource": resource}
    attributes |= {"subresource": opts.text("subresource"), "name": name}
    return {"resourceAttributes": {k: v for k, v in attributes.items() if v}}


def _resource_for(ctx: Context, word: str) -> tuple[str, str, resources.Resource | None]:
    """resourceFor: (group, plural, the resource) for `pods`, `deployments.apps`, `*`."""
    if word == "*":
        return "", "*", None
    name, _, group = word.lower().partition(".")
    found = resources.lookup(name)
    if found is not None and (not group or found.group == group):
        return found.group, found.name, found
    if word.lower() not in NON_STANDARD:
        in_group = f" in group '{group}'" if group else ""
        _warn(ctx, f"the server doesn't have a resource type '{name}'{in_group}\n")
    return "", word, None


def _warn(ctx: Context, message: str) -> None:
    ctx.err.write(f"Warning: {message}\n")


def _warn_verb(ctx: Context, verb: str, known: frozenset[str]) -> None:
    if verb not in known:
        _warn(ctx, f"verb '{verb}' is not a known verb\n")


# -- --list -------------------------------------------------------------------------------


def _list(ctx: Context, opts: Parsed, namespace: str) -> None:
    review = {
        "apiVersion": "authorization.k8s.io/v1",
        "kind": "SelfSubjectRulesReview",
        "metadata": {"creationTimestamp": None},
        "spec": {"namespace": namespace},
        "status": {"resourceRules": None, "nonResourceRules": None, "incomplete": False},
    }
    status = ctx.call("create", "selfsubjectrulesreviews", body=review)["status"]
    if status.get("incomplete"):
        _warn(ctx, f"the list may be incomplete: {status.get('evaluationError', '')}")
    rules = [r for rule in _policy_rules(status) for r in _breakdown(rule)]
    compacted = sorted(_compact(rules), key=_rule_string)
    rows = (
        []
        if opts.flag("no-headers")
        else [["Resources", "Non-Resource URLs", "Resource Names", "Verbs"]]
    )
    for rule in compacted:
        rows.append(
            [
                _combine(rule["resources"], rule["apiGroups"]),
                _go_list(rule["nonResourceURLs"]),
                _go_list(rule["resourceNames"]),
                _go_list(rule["verbs"]),
            ]
        )
    ctx.out.write(printers.tabulate(rows))


Rule = dict[str, list[str]]
KEYS = ("verbs", "apiGroups", "resources", "resourceNames", "nonResourceURLs")


def _rule(**fields: list[str]) -> Rule:
    return {key: list(fields.get(key, [])) for key in KEYS}


def _policy_rules(status: Object) -> list[Rule]:
    """convertToPolicyRule: resource rules, then non-resource rules."""
    found = [
        _rule(**{k: r.get(k) or [] for k in ("verbs", "apiGroups", "resources", "resourceNames")})
        for r in status.get("resourceRules") or []
    ]
    found += [
        _rule(verbs=r.get("verbs") or [], nonResourceURLs=r.get("nonResourceURLs") or [])
        for r in status.get("nonResourceRules") or []
    ]
    return found


def _breakdown(rule: Rule) -> list[Rule]:
    """BreakdownRule: one rule per group, resource, verb (and name); one per URL and verb."""
    found = [
        _rule(apiGroups=[group], resources=[resource], verbs=[verb], resourceNames=names)
        for group in rule["apiGroups"]
        for resource in rule["resources"]
        for verb in rule["verbs"]
        for names in ([[n] for n in rule["resourceNames"]] or [[]])
    ]
    found += [
        _rule(nonResourceURLs=[url], verbs=[verb])
        for url in rule["nonResourceURLs"]
        for verb in rule["verbs"]
    ]
    return found


def _compact(rules: list[Rule]) -> list[Rule]:
    """CompactRules: simple rules on the same group, resource and name share their verbs."""
    compacted: list[Rule] = []
    simple: dict[tuple[str, str, str], Rule] = {}
    for rule in rules:
        key = _simple_key(rule)
        if key is None:
            compacted.append(rule)
        elif key in simple:
            simple[key]["verbs"] += rule["verbs"]
        else:
            simple[key] = {k: list(v) for k, v in rule.items()}
    return compacted + list(simple.values())


def _simple_key(rule: Rule) -> tuple[str, str, str] | None:
    if rule["nonResourceURLs"] or len(rule["apiGroups"]) != 1 or len(rule["resources"]) != 1:
        return None
    if len(rule["resourceNames"]) > 1:
        return None
    names = rule["resourceNames"]
    return rule["apiGroups"][0], rule["resources"][0], names[0] if names else ""


def _rule_string(rule: Rule) -> str:
    """rbacv1.PolicyRule.String(), which SortableRuleSlice sorts by."""
    parts = "".join(
        f"{name}:{_go_list(rule[key])},"
        for name, key in (
            ("Verbs", "verbs"),
            ("APIGroups", "apiGroups"),
            ("Resources", "resources"),
            ("ResourceNames", "resourceNames"),
            ("NonResourceURLs", "nonResourceURLs"),
        )
    )
    return f"&PolicyRule{{{parts}}}"


def _combine(resources_: list[str], groups: list[str]) -> str:
    """describe.CombineResourceGroup: `pods`, `deployments.apps`, `pods.x/log`."""
    if not resources_:
        return ""
    resource, slash, sub = resources_[0].partition("/")
    combined = f"{resource}.{groups[0]}" if groups and groups[0] else resource
    return combined + (f"/{sub}" if slash else "")


def _go_list(values: list[str]) -> str:
    return "[" + " ".join(values) + "]"
