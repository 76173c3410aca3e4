"""Turning what a user typed (`po`, `pods`, `pod/web`, `deployment.apps`) into resources."""

from __future__ import annotations

from cluster.engine.api import resources
from cluster.engine.api.resources import Resource
from cluster.kubectl.context import ExitError


def resource(word: str) -> Resource:
    """`pods`, `deploy`, `deployments.apps`, `deployments.v1.apps`, `nodes.metrics.k8s.io`."""
    name, _, group = word.partition(".")
    found = resources.lookup(name) if not group else _in_group(name.lower(), group)
    if found is None:
        raise ExitError(f"error: the server doesn't have a resource type {_partial(name, group)}")
    return found


def _partial(name: str, group: str) -> str:
    """NoResourceMatchError's partial resource, as kubectl's CheckErr words it."""
    return f'"{name}" in group "{group}"' if group else f'"{name}"'


def _in_group(name: str, group: str) -> Resource | None:
    """The resource of that name in the group (or version.group) named."""
    for found in resources.all_resources():
        known = (found.name, found.singular_name, found.kind.lower(), *found.short_names)
        if name in known and group in (found.group, f"{found.version}.{found.group}"):
            return found
    return None


def _expand(word: str) -> list[Resource]:
    """A resource, or the resources of a category (`all`) as discovery lists them: the core
    group first, then the others, each's resources by name."""
    if resources.lookup(word.split(".", 1)[0]) is None:
        members = [r for r in resources.all_resources() if word in resources.categories(r)]
        if members:
            return sorted(members, key=lambda r: (r.group != "", r.group, r.name))
    return [resource(word)]


def targets(args: list[str]) -> list[tuple[Resource, str]]:
    """`TYPE NAME...` or `TYPE/NAME...`: the (resource, name) pairs to act on; name may be ''.
    `TYPE,TYPE NAME...` names each of the types (normalizeMultipleResourcesArgs)."""
    if not args:
        return []
    if all("/" in arg for arg in args):
        return [(resource(arg.split("/", 1)[0]), arg.split("/", 1)[1]) for arg in args]
    if any("/" in arg for arg in args):
        raise ExitError(
            "error: there is no need to specify a resource type as a separate "
            "argument when passing arguments in resource/name form (e.g. 'kubectl "
            "get resource/<resource_name>' instead of 'kubectl get resource "
            "resource/<resource_name>'"
        )
    kinds = [found for word in args[0].split(",") for found in _expand(word)]
    names = args[1:]
    if not names:
        return [(kind, "") for kind in kinds]
    if len(args[0].split(",")) > 1:
        return [(kind, name) for kind in kinds for name in names]
    if len(kinds) > 1:  # a category with names: visitByName's refusal
        raise ExitError("error: you must specify only one resource")
    return [(kinds[0], name) for name in names]
