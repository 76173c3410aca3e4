"""kubectl create poddisruptionbudget NAME --selector=SELECTOR --min-available=N.

The cluster serves no policy/v1 PodDisruptionBudgets (evictions are all it has of that
group): kubectl builds the budget as it does anywhere (and prints it with --dry-run=client),
and the server answers its create with NotFound."""

from __future__ import annotations

import re

from cluster.engine.api.meta import Object
from cluster.engine.api.resources import Resource
from cluster.kubectl import flags
from cluster.kubectl.cmd.create.common import COMMON, fresh_meta, name, submit
from cluster.kubectl.cmd.set.selector import label_selector
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

POLICY = "policy"
PODDISRUPTIONBUDGETS = Resource("poddisruptionbudgets", "PodDisruptionBudget", True, POLICY)
FLAGS = (*COMMON, Flag("min-available"), Flag("max-unavailable"), Flag("selector"))
_AMOUNT = re.compile(r"[0-9]+%?")
# PodDisruptionBudgetStatus' fields without omitempty: a new budget's are zero
ZERO_STATUS = {"disruptionsAllowed": 0, "currentHealthy": 0, "desiredHealthy": 0, "expectedPods": 0}


def run(ctx: Context, opts: Parsed) -> None:
    budget_name = name(opts, "create poddisruptionbudget")
    selector = opts.text("selector")
    minimum, maximum = opts.text("min-available"), opts.text("max-unavailable")
    if not selector:
        raise ExitError("error: a selector must be specified")
    if not minimum and not maximum:
        raise ExitError("error: one of min-available or max-unavailable must be specified")
    if minimum and maximum:
        raise ExitError("error: min-available and max-unavailable cannot be both specified")
    for flag, value in (("min-available", minimum), ("max-unavailable", maximum)):
        if value and not _AMOUNT.fullmatch(value):
            raise ExitError(f"error: invalid format specified for {flag}")
    spec: Object = {"selector": _selector(selector)}
    if minimum:
        spec["minAvailable"] = flags.int_or_string(minimum)
    else:
        spec["maxUnavailable"] = flags.int_or_string(maximum)
    budget = {
        "apiVersion": f"{POLICY}/v1",
        "kind": "PodDisruptionBudget",
        "metadata": fresh_meta(budget_name),
        "spec": spec,
        "status": dict(ZERO_STATUS),
    }
    submit(ctx, opts, PODDISRUPTIONBUDGETS, budget, "failed to create poddisruptionbudgets: ")


def _selector(text: str) -> Object:
    """metav1.ParseToLabelSelector, as a LabelSelector object."""
    match_labels, expressions = label_selector(text)
    selector: Object = {}
    if match_labels:
        selector["matchLabels"] = match_labels
    if expressions:
        selector["matchExpressions"] = [
            {"key": key, "operator": operator, **({"values": values} if values else {})}
            for key, operator, values in expressions
        ]
    return selector
