"""kubectl create poddisruptionbudget NAME --selector=SELECTOR [--min-available=N |
--max-unavailable=N]: a policy/v1 PodDisruptionBudget, as create_pdb.go builds it."""

from __future__ import annotations

import re

from cluster.engine.api import resources
from cluster.engine.api.meta import Object
from cluster.kubectl import flags, outcome
from cluster.kubectl.cmd.create.common import COMMON, fresh_meta, name, submit
from cluster.kubectl.cmd.set.selector import label_selector
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (*COMMON, Flag("min-available"), Flag("max-unavailable"), Flag("selector"))
_AMOUNT = re.compile(r"[0-9]+%?")
# PodDisruptionBudgetStatus' fields without omitempty: a new budget's are zero
ZERO_STATUS = {"disruptionsAllowed": 0, "currentHealthy": 0, "desiredHealthy": 0, "expectedPods": 0}


def run(ctx: Context, opts: Parsed) -> None:
    budget_name = name(opts, "create poddisruptionbudget")
    outcome.dry_run(opts)  # Complete reads --dry-run and -o before Validate looks at the rest
    outcome.check_output(opts)
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
        "apiVersion": f"{resources.POLICY}/v1",
        "kind": "PodDisruptionBudget",
        "metadata": fresh_meta(budget_name),
        "spec": spec,
        "status": dict(ZERO_STATUS),
    }
    resource = resources.BY_NAME["poddisruptionbudgets"]
    submit(ctx, opts, resource, budget, "failed to create poddisruptionbudgets: ")


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
