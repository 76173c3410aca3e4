"""Roles, ClusterRoles and their bindings: rules broken down, compacted and sorted as
kubectl's util/rbac does."""

from __future__ import annotations

from cluster.engine.api.meta import Object
from cluster.kubectl.context import Context
from cluster.kubectl.describe import writer
from cluster.kubectl.describe.writer import PrefixWriter

Rule = dict[str, list[str]]
FIELDS = ("verbs", "apiGroups", "resources", "resourceNames", "nonResourceURLs")


def describe_role(ctx: Context, w: PrefixWriter, role: Object, events: list[Object] | None) -> None:
    rules = sorted(
        compact([r for rule in role.get("rules") or [] for r in breakdown(rule)]), key=_key
    )
    meta = role["metadata"]
    w.write(0, f"Name:\t{meta['name']}\n")
    writer.labels_multiline(w, "Labels", meta.get("labels"))
    writer.annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, "PolicyRule:\n")
    w.write(1, "Resources\tNon-Resource URLs\tResource Names\tVerbs\n")
    w.write(1, "---------\t-----------------\t--------------\t-----\n")
    for rule in rules:
        w.write(
            1,
            f"{_resource_group(rule)}\t{_go(rule['nonResourceURLs'])}\t"
            f"{_go(rule['resourceNames'])}\t{_go(rule['verbs'])}\n",
        )


def describe_binding(
    ctx: Context, w: PrefixWriter, binding: Object, events: list[Object] | None
) -> None:
    meta, ref = binding["metadata"], binding.get("roleRef") or {}
    w.write(0, f"Name:\t{meta['name']}\n")
    writer.labels_multiline(w, "Labels", meta.get("labels"))
    writer.annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, "Role:\n")
    w.write(1, f"Kind:\t{ref.get('kind', '')}\n")
    w.write(1, f"Name:\t{ref.get('name', '')}\n")
    w.write(0, "Subjects:\n")
    w.write(1, "Kind\tName\tNamespace\n")
    w.write(1, "----\t----\t---------\n")
    for subject in binding.get("subjects") or []:
        w.write(
            1,
            f"{subject.get('kind', '')}\t{subject.get('name', '')}\t{subject.get('namespace', '')}\n",
        )


def breakdown(rule: Object) -> list[Rule]:
    """BreakdownRule: one rule per group, resource, verb and resource name."""
    found: list[Rule] = []
    names = rule.get("resourceNames") or []
    for group in rule.get("apiGroups") or []:
        for resource in rule.get("resources") or []:
            for verb in rule.get("verbs") or []:
                for name in names or [None]:
                    found.append(_rule([verb], [group], [resource], [name] if name else []))
    for url in rule.get("nonResourceURLs") or []:
        for verb in rule.get("verbs") or []:
            found.append(_rule([verb], [], [], [], [url]))
    return found


def compact(rules: list[Rule]) -> list[Rule]:
    """CompactRules: rules for one group, resource and name gather their verbs, each once."""
    complex_rules: list[Rule] = []
    simple: dict[tuple[str, str, str | None], Rule] = {}
    for rule in rules:
        if rule["nonResourceURLs"]:
            complex_rules.append(rule)
            continue
        key = (rule["apiGroups"][0], rule["resources"][0], (rule["resourceNames"] or [None])[0])
        if key in simple:
            gathered = simple[key]["verbs"]  # a verb the rule has already is not added again
            gathered += [verb for verb in rule["verbs"] if verb not in gathered]
        else:
            simple[key] = {field: list(values) for field, values in rule.items()}
    return complex_rules + list(simple.values())


def _rule(
    verbs: list[str],
    groups: list[str],
    resources: list[str],
    names: list[str],
    urls: list[str] | None = None,
) -> Rule:
    return dict(zip(FIELDS, (verbs, groups, resources, names, urls or []), strict=True))


def _key(rule: Rule) -> str:
    """PolicyRule.String(), by which kubectl sorts the rules."""
    inner = "".join(
        f"{name}:{_go(rule[field])},"
        for name, field in zip(
            ("Verbs", "APIGroups", "Resources", "ResourceNames", "NonResourceURLs"),
            FIELDS,
            strict=True,
        )
    )
    return "&PolicyRule{" + inner + "}"


def _go(values: list[str]) -> str:
    """How Go's %v prints a []string."""
    return "[" + " ".join(values) + "]"


def _resource_group(rule: Rule) -> str:
    """CombineResourceGroup: `deployments.apps`, `pods/log`, `deployments.apps/scale`."""
    if not rule["resources"]:
        return ""
    resource, _, sub = rule["resources"][0].partition("/")
    group = rule["apiGroups"][0] if rule["apiGroups"] else ""
    combined = f"{resource}.{group}" if group else resource
    return f"{combined}/{sub}" if sub else combined
