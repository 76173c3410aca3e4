"""kubectl create role NAME --verb=VERBS --resource=RESOURCES [--resource-name=N], and the
rules it shares with create clusterrole (clusterrole.py)."""

from __future__ import annotations

from dataclasses import dataclass

from cluster.engine.api import resources
from cluster.engine.api.meta import Object
from cluster.kubectl import resolve
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
RBAC_GROUP = "rbac.authorization.k8s.io"
RBAC = f"{RBAC_GROUP}/v1"
# the verbs that apply only to some resources: specialVerbs
SPECIAL_VERBS = {
    "use": (("policy", "podsecuritypolicies"), ("extensions", "podsecuritypolicies")),
    "bind": ((RBAC_GROUP, "roles"), (RBAC_GROUP, "clusterroles")),
    "escalate": ((RBAC_GROUP, "roles"), (RBAC_GROUP, "clusterroles")),
    "impersonate": (
        ("", "users"),
        ("", "serviceaccounts"),
        ("", "groups"),
        ("authentication.k8s.io", "userextras"),
    ),
}


@dataclass(frozen=True)
class ResourceOption:
    """One --resource: `pods`, `deployments.apps`, `pods/log`."""

    resource: str
    group: str = ""
    subresource: str = ""


def split(values: list[str]) -> list[str]:
    """A string slice flag's values, each comma-separated."""
    return [part for value in values for part in value.split(",") if part]


def unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def verbs(opts: Parsed) -> list[str]:
    """--verb without repeats; `*` stands for all of them."""
    given = split(opts.list("verb"))
    return ["*"] if "*" in given else unique(given)


def resource_options(opts: Parsed) -> list[ResourceOption]:
    """--resource as create role's Complete reads it; a bare `*` stands for all of them."""
    found: list[ResourceOption] = []
    for text in split(opts.list("resource")):
        word, _, sub = text.partition("/")
        plural, _, group = word.partition(".")
        if plural == "*" and not group and not sub:
            return [ResourceOption("*")]
        found.append(ResourceOption(plural, group, sub))
    return found


def warn_verbs(ctx: Context, given: list[str]) -> None:
    """What kubectl warns about a verb it does not know (and makes the rule anyway)."""
    for verb in given:
        if verb not in VERBS:
            ctx.err.write(f"Warning: '{verb}' is not a standard resource verb\n")


def _mapped(option: ResourceOption) -> tuple[str, str, str]:
    """The group and resource the RESTMapper finds, as given if none; and why it found none."""
    word = f"{option.resource}.{option.group}" if option.group else option.resource
    try:
        found = resolve.resource(word) if option.group else resources.lookup(option.resource)
    except ExitError:
        found = None
    if found is not None:
        return found.group, found.name, ""
    where = f' in group "{option.group}"' if option.group else ""
    why = f'the server doesn\'t have a resource type "{option.resource}"{where}'
    return option.group, option.resource, why


def check_resources(options: list[ResourceOption], given: list[str]) -> None:
    """validateResource: every resource known, and fit for the special verbs."""
    for option in options:
        if not option.resource:
            raise ExitError("error: resource must be specified if apiGroup/subresource specified")
        if option.resource == "*":
            return
        group, plural, why = _mapped(option)
        for verb in given:
            if verb in SPECIAL_VERBS:
                if (group, plural) not in SPECIAL_VERBS[verb]:
                    raise ExitError(
                        f"error: can not perform '{verb}' on '{plural}' in group '{group}'"
                    )
                why = ""
        if why:
            raise ExitError(why)


def rules(
    given: list[str], options: list[ResourceOption], names: list[str], urls: list[str]
) -> list[Object]:
    """generateResourcePolicyRules: a rule per API group (in order of the groups), its
    resources in the order given, then one for the non-resource URLs."""
    by_group: dict[str, list[str]] = {}
    for option in options:
        group, plural, _ = _mapped(option)
        entry = f"{plural}/{option.subresource}" if option.subresource else plural
        if entry not in by_group.setdefault(group, []):
            by_group[group].append(entry)
    made: list[Object] = []
    for group in sorted(by_group):
        rule: Object = {"apiGroups": [group], "resources": by_group[group], "verbs": given}
        if names:
            rule["resourceNames"] = names
        made.append(rule)
    if urls:
        made.append({"nonResourceURLs": urls, "verbs": given})
    return made


@dataclass(frozen=True)
class RoleCommand:
    """`create role`."""

    FLAGS: tuple[Flag, ...]

    def run(self, ctx: Context, opts: Parsed) -> None:
        role_name = name(opts, "create role")
        given, options = verbs(opts), resource_options(opts)
        if not given:
            raise ExitError("error: at least one verb must be specified")
        warn_verbs(ctx, given)
        if not options:
            raise ExitError("error: at least one resource must be specified")
        check_resources(options, given)
        role: Object = {"apiVersion": RBAC, "kind": "Role", "metadata": fresh_meta(role_name)}
        role["rules"] = rules(given, options, unique(opts.list("resource-name")), [])
        submit(ctx, opts, resources.BY_NAME["roles"], role)


FLAGS = (
    *COMMON,
    Flag("verb", repeated=True),
    Flag("resource", repeated=True),
    Flag("resource-name", repeated=True),
)
ROLE = RoleCommand(FLAGS)
