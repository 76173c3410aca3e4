"""kubectl rollout pause and resume: spec.paused, by a strategic merge patch."""

from __future__ import annotations

from dataclasses import dataclass

from cluster.engine.api.merge import STRATEGIC
from cluster.kubectl import outcome
from cluster.kubectl.cmd.rollout import common
from cluster.kubectl.context import Context, ExitError, server_error
from cluster.kubectl.flags import Flag, Parsed


@dataclass(frozen=True)
class PausedCommand:
    paused: bool
    said: str  # what is printed on success
    refusal: str  # why an object already so is refused
    unsupported: str
    FLAGS: tuple[Flag, ...] = (*common.FLAGS, Flag("field-manager", default="kubectl-rollout"))

    def run(self, ctx: Context, opts: Parsed) -> None:
        failures = []
        for info in common.infos(ctx, opts):
            named = f'error: {common.resource_string(info)} "{info.name}"'
            if info.resource.kind != "Deployment":
                failures.append(f"{named} {self.unsupported}")
                continue
            if bool((info.obj.get("spec") or {}).get("paused")) == self.paused:
                failures.append(f"{named} {self.refusal}")
                continue
            response = ctx.request(
                "patch",
                info.resource.name,
                info.namespace,
                info.name,
                body={"spec": {"paused": self.paused or None}},
                content_type=STRATEGIC,
                query=outcome.write_query(opts, "none", "kubectl-rollout"),
            )
            if not response.ok:
                raise ExitError(server_error(response.body))
            obj = response.body
            outcome.report(ctx, opts, info.resource, obj, self.said)
        if failures:
            raise ExitError("\n".join(failures))


PAUSE = PausedCommand(True, "paused", "is already paused", "pausing is not supported")
RESUME = PausedCommand(False, "resumed", "is not paused", "resuming is not supported")
