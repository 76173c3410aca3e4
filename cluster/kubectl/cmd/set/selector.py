"""kubectl set selector (TYPE NAME | -f FILE) EXPRESSIONS: a Service's selector, replaced by
the one given (equalities only: a Service selects by labels' values)."""

from __future__ import annotations

from cluster.engine.api import labels
from cluster.engine.api.meta import Object
from cluster.kubectl.cmd.set import common
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    *(flag for flag in common.FLAGS if flag.name != "selector"),
    Flag("resource-version"),
)
_OPERATORS = {  # the LabelSelector operator of each selector operator
    labels.IN: "In",
    labels.NOT_IN: "NotIn",
    labels.EXISTS: "Exists",
    labels.DOES_NOT_EXIST: "DoesNotExist",
}


def run(ctx: Context, opts: Parsed) -> None:
    if not opts.args:
        raise ExitError("error: one selector is required")
    *resources, text = opts.args
    match_labels, expressions = label_selector(text)
    version = opts.text("resource-version")

    def change(obj: Object) -> None:
        if obj.get("kind") != "Service":
            raise common.Refusal("error: setting a selector is only supported for Services")
        if expressions:
            shown = " ".join(
                f"{{{key} {op} [{' '.join(values)}]}}" for key, op, values in expressions
            )
            raise common.Refusal(f"error: match expression [{shown}] not supported on this object")
        obj.setdefault("spec", {})["selector"] = dict(match_labels)
        if version:  # sent in the patch, to be checked there
            obj["metadata"]["resourceVersion"] = version

    common.update(ctx, opts, resources, change, "selector updated", named_failures=False)


def label_selector(text: str) -> tuple[dict[str, str], list[tuple[str, str, list[str]]]]:
    """ParseToLabelSelector: the matchLabels and the matchExpressions of a selector string
    (its requirements sorted by key, as labels.ParseToRequirements gives them)."""
    try:
        requirements = labels.parse_requirements(text)
    except labels.SelectorError as error:
        raise ExitError(f'error: couldn\'t parse the selector string "{text}": {error}') from None
    match_labels: dict[str, str] = {}
    expressions = []
    for requirement in requirements:
        operator = requirement.operator
        if operator in (labels.EQUALS, labels.DOUBLE_EQUALS):
            match_labels[requirement.key] = requirement.values[0]
        elif operator in _OPERATORS:
            expressions.append((requirement.key, _OPERATORS[operator], sorted(requirement.values)))
        elif operator in (labels.GREATER_THAN, labels.LESS_THAN):
            raise ExitError(f'error: "{operator}" isn\'t supported in label selectors')
        else:
            raise ExitError(f'error: "{operator}" is not a valid label selector operator')
    return match_labels, expressions
