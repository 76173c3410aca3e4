"""kubectl create clusterrole NAME (--verb=VERBS (--resource=RESOURCES
[--resource-name=N] | --non-resource-url=URLS) | --aggregation-rule=KEY=VALUE,...): create
role's rules (role.py), with non-resource URLs, or a selector of the roles to aggregate."""

from __future__ import annotations

from cluster.engine.api import resources
from cluster.engine.api.meta import Object
from cluster.kubectl.cmd.create import role
from cluster.kubectl.cmd.create.common import fresh_meta, name, submit
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    *role.FLAGS,
    Flag("non-resource-url", repeated=True),
    Flag("aggregation-rule", repeated=True),
)
NON_RESOURCE_VERBS = ("*", "get", "post", "put", "delete", "patch", "head", "options")


def run(ctx: Context, opts: Parsed) -> None:
    selector = aggregation_rule(opts)
    role_name = name(opts, "create clusterrole")
    cluster_role: Object = {
        "apiVersion": role.RBAC,
        "kind": "ClusterRole",
        "metadata": fresh_meta(role_name),
    }
    urls = role.unique(role.split(opts.list("non-resource-url")))
    given, options = role.verbs(opts), role.resource_options(opts)
    if selector:
        if urls or given or options or opts.list("resource-name"):
            raise ExitError(
                "error: aggregation rule must be specified without nonResourceURLs, verbs, "
                "resources or resourceNames"
            )
        cluster_role["rules"] = None  # the typed object's nil slice, which JSON keeps
        cluster_role["aggregationRule"] = {"clusterRoleSelectors": [{"matchLabels": selector}]}
    else:
        _validate(ctx, given, options, urls)
        names = role.unique(opts.list("resource-name"))
        cluster_role["rules"] = role.rules(given, options, names, urls)
    submit(ctx, opts, resources.BY_NAME["clusterroles"], cluster_role)


def aggregation_rule(opts: Parsed) -> dict[str, str]:
    """--aggregation-rule, a map of strings (`key=value,...`, each flag adding to it)."""
    selector: dict[str, str] = {}
    for value in opts.list("aggregation-rule"):
        for pair in value.split(","):
            key, eq, label = pair.partition("=")
            if not eq:
                raise ExitError(
                    f'error: invalid argument "{value}" for "--aggregation-rule" flag: '
                    "malformed pair, expect string=string\n"
                    "See 'kubectl create clusterrole --help' for usage."
                )
            selector[key.strip()] = label.strip()
    return selector


def _validate(
    ctx: Context, given: list[str], options: list[role.ResourceOption], urls: list[str]
) -> None:
    """CreateClusterRoleOptions.Validate, for rules."""
    if not given:
        raise ExitError("error: at least one verb must be specified")
    if not options and not urls:
        raise ExitError("error: one of resource or nonResourceURL must be specified")
    if options:
        role.warn_verbs(ctx, given)
        role.check_resources(options, given)
    if urls:
        for verb in given:
            if verb not in NON_RESOURCE_VERBS:
                raise ExitError(f"error: invalid verb: '{verb}' for nonResourceURL")
        for url in urls:
            if url == "*":
                continue
            if not url.startswith("/"):
                raise ExitError("error: nonResourceURL should start with /")
            if "*" in url[:-1]:
                raise ExitError(
                    "error: nonResourceURL only supports wildcard matches when '*' is at the end"
                )
