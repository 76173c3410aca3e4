"""ValidatingAdmissionPolicies and their bindings as kube-apiserver serves them: defaulted,
validated, their generation moving with their spec, a policy's status its own subresource's."""

import copy
from typing import Any

import pytest

from cluster.engine.cluster import Cluster
from tests.cluster.engine.controllers.helpers import API

POLICIES, BINDINGS = "validatingadmissionpolicies", "validatingadmissionpolicybindings"
GROUP = "admissionregistration.k8s.io"
RULE = {
    "apiGroups": ["apps"],
    "apiVersions": ["v1"],
    "operations": ["CREATE", "UPDATE"],
    "resources": ["deployments"],
}


def policy(name: str = "replica-limit", **spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": f"{GROUP}/v1",
        "kind": "ValidatingAdmissionPolicy",
        "metadata": {"name": name},
        "spec": {
            "matchConstraints": {"resourceRules": [RULE]},
            "validations": [{"expression": "object.spec.replicas <= 5"}],
            **spec,
        },
    }


def binding(name: str = "replica-limit-binding", **spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": f"{GROUP}/v1",
        "kind": "ValidatingAdmissionPolicyBinding",
        "metadata": {"name": name},
        "spec": {"policyName": "replica-limit", "validationActions": ["Deny"], **spec},
    }


@pytest.fixture
def api() -> API:
    return API(Cluster())


def merge_patch(api: API, resource: str, name: str, body: dict, subresource: str = "") -> Any:
    return api.request(
        "patch",
        resource,
        "",
        name,
        subresource=subresource,
        body=body,
        content_type="application/merge-patch+json",
    )


def test_a_new_policy_is_defaulted_at_generation_1_with_an_empty_status(api: API):
    made = api.create(POLICIES, {**policy(), "status": {"observedGeneration": 7}}, "")
    assert made["metadata"]["generation"] == 1
    assert made["status"] == {}
    assert made["spec"]["failurePolicy"] == "Fail"
    constraints = made["spec"]["matchConstraints"]
    assert constraints == {
        "resourceRules": [{**RULE, "scope": "*"}],
        "matchPolicy": "Equivalent",
        "namespaceSelector": {},
        "objectSelector": {},
    }


def test_a_policys_generation_moves_with_its_spec_and_its_status_only_through_status(api: API):
    api.create(POLICIES, policy(), "")
    changed = merge_patch(
        api, POLICIES, "replica-limit", {"spec": {"failurePolicy": "Ignore"}, "status": {"a": 1}}
    ).body
    checked = {"observedGeneration": 1, "typeChecking": {}}  # by the status controller
    assert (changed["metadata"]["generation"], changed["status"]) == (2, checked)
    labelled = merge_patch(api, POLICIES, "replica-limit", {"metadata": {"labels": {"a": "b"}}})
    assert labelled.body["metadata"]["generation"] == 2
    body = {"spec": {"failurePolicy": "Fail"}, "status": {"observedGeneration": 2}}
    status = merge_patch(api, POLICIES, "replica-limit", body, "status").body
    assert status["status"] == {"observedGeneration": 2, "typeChecking": {}}
    assert (status["metadata"]["generation"], status["spec"]["failurePolicy"]) == (2, "Ignore")


def test_a_policys_status_is_validated_as_its_own(api: API):
    api.create(POLICIES, policy(), "")
    warnings = {"typeChecking": {"expressionWarnings": [{"fieldRef": "spec.validations[0]"}]}}
    response = merge_patch(api, POLICIES, "replica-limit", {"status": warnings}, "status")
    assert (response.code, response.body["message"]) == (
        422,
        f'ValidatingAdmissionPolicy.{GROUP} "replica-limit" is invalid: '
        "status.typeChecking.expressionWarnings[0].warning: Required value",
    )


def test_an_invalid_policy_is_refused_with_every_reason(api: API):
    empty = policy("empty")
    empty["spec"] = {}
    response = api.request("create", POLICIES, "", body=empty)
    assert (response.code, response.body["message"]) == (
        422,
        f'ValidatingAdmissionPolicy.{GROUP} "empty" is invalid: [spec.matchConstraints: '
        "Required value, spec.validations: Required value: validations or auditAnnotations must "
        "contain at least one item, spec.auditAnnotations: Required value: validations or "
        "auditAnnotations must contain at least one item]",
    )


def test_an_update_refuses_a_match_condition_naming_params_the_policy_has_not(api: API):
    api.create(POLICIES, policy(), "")
    conditions = [{"name": "enabled", "expression": "params.enabled"}]
    response = merge_patch(
        api, POLICIES, "replica-limit", {"spec": {"matchConditions": conditions}}
    )
    assert (response.code, response.body["message"]) == (
        422,
        f'ValidatingAdmissionPolicy.{GROUP} "replica-limit" is invalid: '
        'spec.matchConditions[0].expression: Invalid value: "params.enabled": compilation '
        "failed: ERROR: <input>:1:1: undeclared reference to 'params' (in container '')\n"
        " | params.enabled\n | ^",
    )


def test_a_binding_is_defaulted_and_its_generation_moves_with_its_spec(api: API):
    made = api.create(BINDINGS, binding(matchResources={}), "")
    assert made["metadata"]["generation"] == 1
    assert made["spec"]["matchResources"] == {
        "matchPolicy": "Equivalent",
        "namespaceSelector": {},
        "objectSelector": {},
    }
    assert "status" not in made
    changed = merge_patch(
        api, BINDINGS, "replica-limit-binding", {"spec": {"validationActions": ["Warn", "Audit"]}}
    )
    assert changed.body["metadata"]["generation"] == 2


def test_a_binding_must_say_what_a_missing_parameter_does(api: API):
    refused = binding(paramRef={"name": "limits", "namespace": "default"})
    response = api.request("create", BINDINGS, "", body=copy.deepcopy(refused))
    assert (response.code, response.body["message"]) == (
        422,
        f'ValidatingAdmissionPolicyBinding.{GROUP} "replica-limit-binding" is invalid: '
        "spec.paramRef.parameterNotFoundAction: Required value",
    )
