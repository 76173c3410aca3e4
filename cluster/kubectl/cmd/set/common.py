"""What the `set` subcommands share: their flags, the pod spec inside each kind, and
sending each object's change as a strategic merge patch (printing `KIND/NAME what`)."""

from __future__ import annotations

import copy
from collections.abc import Callable

from cluster.engine.api.merge import STRATEGIC
from cluster.engine.api.meta import Object
from cluster.kubectl import builder, outcome, threeway
from cluster.kubectl.context import Context, ExitError, server_error
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    Flag("all", boolean=True),
    Flag("selector", "l"),
    Flag("filename", "f", repeated=True),
    Flag("recursive", "R", boolean=True),
    Flag("local", boolean=True),
    Flag("field-manager", default="kubectl-set"),
    outcome.DRY_RUN,
    *outcome.PRINT,
)
# a change to one object's pod spec; it raises ValueError with why it cannot
Change = Callable[[Object], None]


class Refusal(ValueError):
    """Why a change cannot be made, said as it is: not one of the patches' errors, which
    kubectl prefixes with the object's name, but one it collects itself."""


def pod_spec(obj: Object) -> Object:
    """UpdatePodSpecForObject: the pod spec a kind carries."""
    if obj.get("kind") == "Pod":
        return obj.setdefault("spec", {})
    template = (obj.get("spec") or {}).get("template")
    if not isinstance(template, dict):
        raise ValueError(
            f"the object is not a pod or does not have a pod template: *v1.{obj.get('kind')}"
        )
    return template.setdefault("spec", {})


LOCAL_NEEDS_FILES = (
    "error: you must specify resources by --filename when --local is set.\n"
    "Example resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'"
)


def update(
    ctx: Context,
    opts: Parsed,
    resources: list[str],
    change: Change,
    said: str,
    *,
    named_failures: bool = True,
) -> None:
    """CalculatePatches, then one PATCH per object that changed; with --local, the objects of
    the files changed and printed (as the typed objects kubectl decoded them), the server
    never asked. A refused patch is said with the object's name (`named_failures`), or as the
    server's error alone."""
    outcome.check_output(opts)
    mode = outcome.dry_run(opts)
    local = opts.flag("local")
    if local and resources:
        raise ExitError(LOCAL_NEEDS_FILES)
    failures: list[str] = []
    infos = builder.local_infos(ctx, opts) if local else builder.infos(ctx, opts, resources)
    for info in infos:
        new = copy.deepcopy(info.obj)
        try:
            change(new)
        except Refusal as refusal:
            failures.append(str(refusal))
            continue
        except ValueError as error:
            failures.append(f"error: {info.object_name} {error}")
            continue
        patch = threeway.two_way(info.obj, new)
        if not patch:
            continue
        if mode != "client" and not local:
            response = ctx.request(
                "patch",
                info.resource.name,
                info.namespace,
                info.name,
                body=patch,
                content_type=STRATEGIC,
                query=outcome.write_query(opts, mode),
            )
            if not response.ok:
                failed = server_error(response.body)
                if not named_failures:
                    raise ExitError(failed)
                failures.append(f"failed to patch {info.resource.name} {info.name}: {failed}")
                continue
            new = response.body
        outcome.report(ctx, opts, info.resource, new, said, typed=local)
    if failures:
        raise ExitError("\n".join(failures))


def containers(spec: Object, wanted: str) -> list[Object]:
    """The containers `-c` names (`*`: all), init containers included as kubectl does."""
    every = [*(spec.get("initContainers") or []), *(spec.get("containers") or [])]
    return [c for c in every if wanted in ("*", c.get("name"))]
