"""kubectl create role|clusterrole NAME --verb=VERBS --resource=RESOURCES [--resource-name=N]."""

from __future__ import annotations

from dataclasses import dataclass

from cluster.engine.api import resources
from cluster.engine.api.meta import Object
from cluster.kubectl.cmd.create.common import COMMON, fresh_meta, name, submit
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

VERBS = (
    "*",
    "get",
    "delete",
    "list",
    "create",
    "update",
    "patch",
    "watch",
    "proxy",
    "deletecollection",
    "use",
    "bind",
    "escalate",
    "impersonate",
)
NON_RESOURCE_VERBS = ("*", "get", "post", "put", "delete", "patch", "head", "options")
RBAC = "rbac.authorization.k8s.io/v1"


@dataclass(frozen=True)
class RoleCommand:
    """`create role` or `create clusterrole`: the same generator, two kinds."""

    kind: str
    resource: str
    FLAGS: tuple[Flag, ...]

    def run(self, ctx: Context, opts: Parsed) -> None:
        role_name = name(opts, f"create {self.kind.lower()}")
        rules = build_rules(opts, cluster=self.kind == "ClusterRole")
        ctx.err.write(warnings(opts, self.kind == "ClusterRole"))
        role: Object = {"apiVersion": RBAC, "kind": self.kind, "metadata": fresh_meta(role_name)}
        role["rules"] = rules
        submit(ctx, opts, resources.BY_NAME[self.resource], role)


def _split(values: list[str]) -> list[str]:
    return [part for value in values for part in value.split(",") if part]


def build_rules(opts: Parsed, *, cluster: bool) -> list[Object]:
    """One rule per API group, its resources in the order given, as create role makes them."""
    verbs = _split(opts.list("verb"))
    urls = _split(opts.list("non-resource-url")) if cluster else []
    wanted = _split(opts.list("resource"))
    if not verbs:
        raise ExitError("error: at least one verb must be specified")
    if not wanted and not urls:
        raise ExitError("error: at least one resource must be specified")
    return _rules(verbs, urls, wanted, _split(opts.list("resource-name")))


def warnings(opts: Parsed, cluster: bool) -> str:
    """What kubectl warns about a verb it does not know (and creates the role anyway)."""
    urls = _split(opts.list("non-resource-url")) if cluster else []
    allowed = NON_RESOURCE_VERBS + VERBS if urls else VERBS
    return "".join(
        f"Warning: '{verb}' is not a standard resource verb\n"
        for verb in _split(opts.list("verb"))
        if verb not in allowed
    )


def _rules(verbs: list[str], urls: list[str], wanted: list[str], names: list[str]) -> list[Object]:
    by_group: dict[str, list[str]] = {}
    for text in wanted:
        word, _, sub = text.partition("/")
        plural, _, group = word.partition(".")
        found = resources.lookup(plural)
        if found is None or (group and found.group != group):
            raise ExitError(f'the server doesn\'t have a resource type "{word}"')
        entry = f"{found.name}/{sub}" if sub else found.name
        if entry not in by_group.setdefault(found.group, []):
            by_group[found.group].append(entry)
    rules: list[Object] = []
    for group in sorted(by_group):
        rule: Object = {"apiGroups": [group], "resources": by_group[group], "verbs": list(verbs)}
        if names:
            rule["resourceNames"] = list(names)
        rules.append(rule)
    if urls:
        rules.append({"nonResourceURLs": urls, "verbs": list(verbs)})
    return rules


_FLAGS = (
    *COMMON,
    Flag("verb", repeated=True),
    Flag("resource", repeated=True),
    Flag("resource-name", repeated=True),
)
ROLE = RoleCommand("Role", "roles", _FLAGS)
CLUSTER_ROLE = RoleCommand(
    "ClusterRole",
    "clusterroles",
    (*_FLAGS, Flag("non-resource-url", repeated=True), Flag("aggregation-rule")),
)
