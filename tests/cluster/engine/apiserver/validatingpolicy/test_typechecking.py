"""Type checking of a policy's expressions against the kinds it matches, as the
validatingadmissionpolicy-status-controller writes it into the policy's status."""

from __future__ import annotations

from cluster.engine.apiserver.validatingpolicy import typechecking
from tests.cluster.engine.apiserver.validatingpolicy.test_plugin import (
    DEPLOYMENTS,
    binding,
    policy,
    started,
)

PODS = {**DEPLOYMENTS, "apiGroups": [""], "resources": ["pods"]}


def warned(*validations: dict, rules: list[dict] | None = None) -> list[dict]:
    spec = {"matchConstraints": {"resourceRules": rules or [DEPLOYMENTS]}}
    return typechecking.warnings(policy("p", *validations, **spec))


def test_the_docs_example_of_an_undefined_field():
    assert warned({"expression": "object.replicas > 1"}) == [
        {
            "fieldRef": "spec.validations[0].expression",
            "warning": "apps/v1, Kind=Deployment: ERROR: <input>:1:7: undefined field 'replicas'\n"
            " | object.replicas > 1\n"
            " | ......^",
        }
    ]


def test_fields_are_checked_through_macros_and_not_below_maps():
    found = warned(
        {
            "expression": "object.spec.template.spec.containers.all(c, c.imagex != '')"
            " && object.metadata.labels.anything == 'x' && has(oldObject.spec.paused)",
            "messageExpression": "'at most ' + string(object.spec.replicass)",
        }
    )
    assert [(w["fieldRef"], w["warning"].splitlines()[0]) for w in found] == [
        (
            "spec.validations[0].expression",
            "apps/v1, Kind=Deployment: ERROR: <input>:1:46: undefined field 'imagex'",
        ),
        (
            "spec.validations[0].messageExpression",
            "apps/v1, Kind=Deployment: ERROR: <input>:1:32: undefined field 'replicass'",
        ),
    ]


def test_each_kind_matched_is_checked_and_wildcards_are_not():
    both = [DEPLOYMENTS, PODS]
    [warning] = warned({"expression": "object.spec.replicas > 1"}, rules=both)
    assert warning["warning"].startswith(
        "/v1, Kind=Pod: ERROR: <input>:1:12: undefined field 'replicas'"
    )
    anything = {**DEPLOYMENTS, "apiGroups": ["*"], "resources": ["*"]}
    assert warned({"expression": "object.nothing > 1"}, rules=[anything]) == []


def test_the_status_controller_writes_what_it_checked_and_checks_again_when_the_spec_changes():
    api = started(policy("p", {"expression": "object.replicas > 1"}), binding("b", "p"))
    api.cluster.advance_to(api.cluster.clock.now + 1_000)
    status = api.get("validatingadmissionpolicies", "p", "")["status"]
    assert status["observedGeneration"] == 1
    assert [w["fieldRef"] for w in status["typeChecking"]["expressionWarnings"]] == [
        "spec.validations[0].expression"
    ]
    fixed = api.get("validatingadmissionpolicies", "p", "")
    fixed["spec"]["validations"] = [{"expression": "object.spec.replicas > 1"}]
    api.call("update", "validatingadmissionpolicies", "", "p", body=fixed)
    api.cluster.advance_to(api.cluster.clock.now + 1_000)
    status = api.get("validatingadmissionpolicies", "p", "")["status"]
    assert status == {"observedGeneration": 2, "typeChecking": {}}
