"""spec.successPolicy of Indexed Jobs (success_policy.go): the Job succeeds once the
succeeded indexes meet one of its rules, whatever else is running."""

from __future__ import annotations

from cluster.engine.api.meta import Object
from cluster.engine.controllers.job import util
from cluster.engine.controllers.job.indexed import OrderedIntervals, parse_indexes_from_string

RULES_MATCHED_MSG = "Matched rules at index"


def match_success_policy(
    policy: Object | None, completions: int, succeeded: OrderedIntervals
) -> tuple[str, bool]:
    """matchSuccessPolicy: the message naming the first rule met, and whether one was."""
    if policy is None or not succeeded:
        return "", False
    for index, rule in enumerate(policy.get("rules") or ()):
        count = rule.get("succeededCount")
        if rule.get("succeededIndexes") is not None:
            required = parse_indexes_from_string(rule["succeededIndexes"], completions)
            if required and match_succeeded_indexes_rule(required, succeeded, count):
                return f"{RULES_MATCHED_MSG} {index}", True
        elif count is not None and succeeded.total() >= count:
            return f"{RULES_MATCHED_MSG} {index}", True
    return "", False


def match_succeeded_indexes_rule(
    rule: OrderedIntervals, succeeded: OrderedIntervals, count: int | None
) -> bool:
    """All the rule's indexes succeeded, or at least `count` of them."""
    contains = sum(
        max(0, min(r_last, s_last) - max(r_first, s_first) + 1)
        for r_first, r_last in rule
        for s_first, s_last in succeeded
    )
    return contains == rule.total() or (count is not None and contains >= count)


def has_success_criteria_met_condition(job: Object) -> Object | None:
    """The Job's SuccessCriteriaMet condition, when it is True."""
    conditions = (job.get("status") or {}).get("conditions") or []
    found = util.find_condition_by_type(conditions, util.SUCCESS_CRITERIA_MET)
    return found if found is not None and found.get("status") == util.TRUE else None


def is_success_criteria_met_condition(condition: Object | None) -> bool:
    return (
        condition is not None
        and condition.get("type") == util.SUCCESS_CRITERIA_MET
        and condition.get("status") == util.TRUE
    )
