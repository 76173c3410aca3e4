"""spec.podFailurePolicy (pod_failure_policy.go): the first rule whose exit codes or pod
conditions a failed pod matches decides what its failure means."""

from __future__ import annotations

from cluster.engine.api.meta import Object

IGNORE = "Ignore"
FAIL_JOB = "FailJob"
FAIL_INDEX = "FailIndex"
COUNT = "Count"


def match_pod_failure_policy(
    policy: Object | None, pod: Object
) -> tuple[str | None, bool, str | None]:
    """matchPodFailurePolicy: (the Job's failure message for FailJob, whether the failure
    counts towards the backoff limit, the action of the matching rule)."""
    if policy is None:
        return None, True, None
    status = pod.get("status") or {}
    meta = pod["metadata"]
    for index, rule in enumerate(policy.get("rules") or ()):
        action = rule.get("action")
        if rule.get("onExitCodes") is not None:
            container = _match_on_exit_codes(status, rule["onExitCodes"])
            if container is None:
                continue
            code = container["state"]["terminated"]["exitCode"]
            message = (
                f"Container {container['name']} for pod {meta['namespace']}/{meta['name']} "
                f"failed with exit code {code} matching {action} rule at index {index}"
            )
        elif rule.get("onPodConditions") is not None:
            condition = _match_on_pod_conditions(status, rule["onPodConditions"])
            if condition is None:
                continue
            message = (
                f"Pod {meta['namespace']}/{meta['name']} has condition {condition['type']} "
                f"matching {action} rule at index {index}"
            )
        else:
            continue
        if action == IGNORE:
            return None, False, IGNORE
        if action in (FAIL_INDEX, COUNT):
            return None, True, action
        if action == FAIL_JOB:
            return message, True, FAIL_JOB
    return None, True, None


def _match_on_exit_codes(status: Object, requirement: Object) -> Object | None:
    """matchOnExitCodes: the first terminated container (then init container) with a
    non-zero exit code the requirement matches."""
    for statuses in (status.get("containerStatuses"), status.get("initContainerStatuses")):
        for container in statuses or ():
            terminated = (container.get("state") or {}).get("terminated")
            if terminated is None:
                continue
            name = requirement.get("containerName")
            code = terminated.get("exitCode", 0)
            named = name is None or name == container.get("name")
            if named and code != 0 and _operator_matches(code, requirement):
                return container
    return None


def _operator_matches(code: int, requirement: Object) -> bool:
    values = requirement.get("values") or ()
    operator = requirement.get("operator")
    if operator == "In":
        return code in values
    if operator == "NotIn":
        return code not in values
    return False


def _match_on_pod_conditions(status: Object, patterns: list[Object]) -> Object | None:
    for condition in status.get("conditions") or ():
        for pattern in patterns:
            if condition.get("type") == pattern.get("type") and condition.get(
                "status"
            ) == pattern.get("status", "True"):
                return condition
    return None
