"""ValidatingAdmissionPolicies on a real cluster: what they refuse, warn of and let through,
in the words of kube-apiserver's dispatcher."""

from typing import Any

import pytest

from cluster.engine.apiserver.authentication import UserInfo
from cluster.engine.apiserver.request import Credential, Request
from cluster.engine.cluster import Cluster
from tests.cluster.engine.controllers.helpers import API, deployment, pod

GROUP = "admissionregistration.k8s.io/v1"
DEPLOYMENTS = {
    "apiGroups": ["apps"],
    "apiVersions": ["v1"],
    "operations": ["CREATE", "UPDATE"],
    "resources": ["deployments"],
}
REPLICAS = "object.spec.replicas <= 5"
RESOURCES = {
    "ValidatingAdmissionPolicy": "validatingadmissionpolicies",
    "ValidatingAdmissionPolicyBinding": "validatingadmissionpolicybindings",
}


def policy(name: str = "demo-policy.example.com", *validations: dict, **spec: Any) -> dict:
    spec.setdefault("matchConstraints", {"resourceRules": [DEPLOYMENTS]})
    return {
        "apiVersion": GROUP,
        "kind": "ValidatingAdmissionPolicy",
        "metadata": {"name": name},
        "spec": {"validations": list(validations) or [{"expression": REPLICAS}], **spec},
    }


def binding(
    name: str = "demo-binding-test.example.com",
    policy_name: str = "demo-policy.example.com",
    actions: tuple[str, ...] = ("Deny",),
    **spec: Any,
) -> dict:
    return {
        "apiVersion": GROUP,
        "kind": "ValidatingAdmissionPolicyBinding",
        "metadata": {"name": name},
        "spec": {"policyName": policy_name, "validationActions": list(actions), **spec},
    }


def started(*objects: dict) -> API:
    api = API(Cluster())
    for obj in objects:
        api.create(RESOURCES[obj["kind"]], obj, "")
    return api


def refusal(response: Any) -> tuple[int, str, str]:
    body = response.body
    return response.code, body["reason"], body["details"]["causes"][-1]["message"]


def test_the_docs_example_refuses_more_than_five_replicas_in_a_test_namespace():
    test_only = {"namespaceSelector": {"matchLabels": {"environment": "test"}}}
    api = started(policy(), binding(matchResources=test_only))
    api.create("namespaces", {"metadata": {"name": "test", "labels": {"environment": "test"}}}, "")
    response = api.request("create", "deployments", "test", body=deployment("nginx", replicas=7))
    message = (
        "ValidatingAdmissionPolicy 'demo-policy.example.com' with binding "
        "'demo-binding-test.example.com' denied request: failed expression: "
        "object.spec.replicas <= 5"
    )
    assert refusal(response) == (422, "Invalid", message)
    assert response.body["message"] == f'deployments.apps "nginx" is forbidden: {message}'
    assert response.body["details"]["kind"] == "deployments"
    assert api.request("create", "deployments", body=deployment("nginx", replicas=7)).ok
    assert api.request("create", "deployments", "test", body=deployment("small", replicas=5)).ok
    assert [d["metadata"]["name"] for d in api.items("deployments", "test")] == ["small"]


def test_a_policy_no_binding_names_judges_nothing():
    api = started(policy(), binding(policy_name="another"))
    assert api.request("create", "deployments", body=deployment(replicas=7)).ok


def test_warn_adds_a_warning_and_lets_the_request_through():
    api = started(policy(), binding(actions=("Warn", "Audit")))
    response = api.request("create", "deployments", body=deployment(replicas=7))
    assert response.ok
    assert response.warnings == (
        "Validation failed for ValidatingAdmissionPolicy 'demo-policy.example.com' with binding "
        "'demo-binding-test.example.com': failed expression: object.spec.replicas <= 5",
    )


def test_message_message_expression_and_reason():
    validation = {
        "expression": REPLICAS,
        "message": "too many",
        "messageExpression": "'at most 5 replicas, not ' + string(object.spec.replicas)",
        "reason": "Forbidden",
    }
    api = started(policy("p", validation), binding("b", "p"))
    response = api.request("create", "deployments", body=deployment(replicas=7))
    message = "ValidatingAdmissionPolicy 'p' with binding 'b' denied request: at most 5 "
    assert refusal(response) == (403, "Forbidden", message + "replicas, not 7")


@pytest.mark.parametrize(
    ("message_expression", "shown"),
    [("'two\\nlines'", "too many"), ("object.spec.nope", "too many"), ("'  '", "too many")],
)
def test_a_message_expression_that_fails_falls_back_to_the_message(message_expression, shown):
    validation = {"expression": REPLICAS, "message": "too many"}
    validation["messageExpression"] = message_expression
    api = started(policy("p", validation), binding("b", "p"))
    response = api.request("create", "deployments", body=deployment(replicas=7))
    assert refusal(response)[2].endswith(f"denied request: {shown}")


def test_an_expression_that_fails_denies_unless_the_policy_ignores_failures():
    failing = {"expression": "object.spec.nope > 1"}
    api = started(policy("p", failing), binding("b", "p"))
    response = api.request("create", "deployments", body=deployment())
    assert refusal(response) == (
        422,
        "Invalid",
        "ValidatingAdmissionPolicy 'p' with binding 'b' denied request: expression "
        "'object.spec.nope > 1' resulted in error: no such key: nope",
    )
    ignoring = policy("p", failing, failurePolicy="Ignore")
    api = started(ignoring, binding("b", "p"))
    assert api.request("create", "deployments", body=deployment()).ok


def test_params_from_a_config_map_in_the_requests_namespace():
    limits = policy(
        "p",
        {"expression": "object.spec.replicas <= int(params.data.maxReplicas)"},
        paramKind={"apiVersion": "v1", "kind": "ConfigMap"},
    )
    by_name = binding("b", "p", paramRef={"name": "limits", "parameterNotFoundAction": "Deny"})
    api = started(limits, by_name)
    response = api.request("create", "deployments", body=deployment(replicas=3))
    assert refusal(response)[2] == (
        "ValidatingAdmissionPolicy 'p' with binding 'b' denied request: failed to configure "
        "binding: no params found for policy binding with `Deny` parameterNotFoundAction"
    )
    config_map = {"metadata": {"name": "limits"}, "data": {"maxReplicas": "2"}}
    api.create("configmaps", config_map)
    assert refusal(api.request("create", "deployments", body=deployment(replicas=3)))[2].endswith(
        "failed expression: object.spec.replicas <= int(params.data.maxReplicas)"
    )
    assert api.request("create", "deployments", body=deployment(replicas=2)).ok


def test_params_by_selector_judge_once_each_and_allow_when_none_is_found():
    limits = policy(
        "p",
        {"expression": "object.spec.replicas <= int(params.data.max)"},
        paramKind={"apiVersion": "v1", "kind": "ConfigMap"},
    )
    selected = {"selector": {"matchLabels": {"limit": "yes"}}, "parameterNotFoundAction": "Allow"}
    api = started(limits, binding("b", "p", paramRef=selected))
    assert api.request("create", "deployments", body=deployment("first", replicas=9)).ok
    for name, most in (("a", "4"), ("b", "6")):
        body = {"metadata": {"name": name, "labels": {"limit": "yes"}}, "data": {"max": most}}
        api.create("configmaps", body)
    assert api.request("create", "deployments", body=deployment("four", replicas=4)).ok
    assert api.request("create", "deployments", body=deployment("five", replicas=5)).code == 422


def test_a_param_kind_not_served_fails_the_policy():
    unknown = policy("p", paramKind={"apiVersion": "rules.example.com/v1", "kind": "ReplicaLimit"})
    api = started(
        unknown, binding("b", "p", paramRef={"name": "x", "parameterNotFoundAction": "Deny"})
    )
    response = api.request("create", "deployments", body=deployment())
    assert refusal(response)[2] == (
        "ValidatingAdmissionPolicy 'p' denied request: failed to configure policy: failed to "
        "find resource referenced by paramKind: 'rules.example.com/v1, Kind=ReplicaLimit'"
    )


def test_namespaced_params_for_a_cluster_scoped_request():
    rules = {"resourceRules": [{**DEPLOYMENTS, "apiGroups": [""], "resources": ["namespaces"]}]}
    limits = policy(
        "p", paramKind={"apiVersion": "v1", "kind": "ConfigMap"}, matchConstraints=rules
    )
    api = started(
        limits, binding("b", "p", paramRef={"name": "x", "parameterNotFoundAction": "Deny"})
    )
    response = api.request("create", "namespaces", "", body={"metadata": {"name": "n"}})
    assert refusal(response)[2].endswith(
        "failed to configure binding: cannot use namespaced paramRef in policy binding that "
        "matches cluster-scoped resources"
    )


def test_match_conditions_variables_and_the_request():
    judged = policy(
        "p",
        {
            "expression": "variables.replicas <= 1",
            "messageExpression": "request.userInfo.username + ' asked ' + "
            "string(variables.replicas) + ' for ' + request.namespace + '/' + request.name",
        },
        variables=[{"name": "replicas", "expression": "object.spec.replicas"}],
        matchConditions=[
            {"name": "not-kube-system", "expression": "request.namespace != 'kube-system'"}
        ],
    )
    api = started(judged, binding("b", "p"))
    response = api.request("create", "deployments", body=deployment("web", replicas=2))
    assert refusal(response)[2].endswith("denied request: kubernetes-admin asked 2 for default/web")
    assert api.request("create", "deployments", "kube-system", body=deployment(replicas=2)).ok


def test_a_match_condition_that_fails_is_an_error_of_the_policy():
    judged = policy("p", matchConditions=[{"name": "c", "expression": "object.nope"}])
    api = started(judged, binding("b", "p"))
    assert refusal(api.request("create", "deployments", body=deployment()))[2].endswith(
        "denied request: expression 'object.nope' resulted in error: no such key: nope"
    )


def test_object_selector_matches_the_old_or_the_new_object_and_delete_sees_old_object():
    rules = {
        "resourceRules": [{**DEPLOYMENTS, "apiGroups": [""], "resources": ["pods"]}],
        "objectSelector": {"matchLabels": {"protected": "true"}},
    }
    rules["resourceRules"][0]["operations"] = ["DELETE", "UPDATE"]
    keep = policy(
        "keep",
        {"expression": "false", "message": "protected pods stay"},
        matchConstraints=rules,
    )
    api = started(keep, binding("b", "keep"))
    api.create("pods", pod("web", {"protected": "true"}))
    api.create("pods", pod("other"))
    assert api.request("delete", "pods", name="other").ok
    response = api.request("delete", "pods", name="web")
    assert refusal(response)[2].endswith("denied request: protected pods stay")
    unlabelled = api.get("pods", "web")
    unlabelled["metadata"]["labels"] = {}
    assert api.request("update", "pods", name="web", body=unlabelled).code == 422


def test_the_policies_own_objects_are_never_judged():
    everything = {
        "resourceRules": [
            {"apiGroups": ["*"], "apiVersions": ["*"], "operations": ["*"], "resources": ["*"]}
        ]
    }
    api = started(policy("p", {"expression": "false"}, matchConstraints=everything))
    api.create("validatingadmissionpolicybindings", binding("b", "p"), "")
    assert api.request("create", "configmaps", body={"metadata": {"name": "c"}}).code == 422
    assert api.request("delete", "validatingadmissionpolicybindings", "", "b").ok
    assert api.request("create", "configmaps", body={"metadata": {"name": "c"}}).ok


def test_a_user_is_judged_by_name_and_group():
    judged = policy(
        "p",
        {"expression": "'developers' in request.userInfo.groups && request.dryRun == false"},
        matchConstraints={
            "resourceRules": [{**DEPLOYMENTS, "resources": ["*"], "apiGroups": ["*"]}]
        },
    )
    api = started(judged)
    api.cluster.apiserver.authenticator.add_token("t", UserInfo("jane", ("developers",)))
    allow_all = {
        "apiVersion": "rbac.authorization.k8s.io/v1",
        "kind": "ClusterRoleBinding",
        "metadata": {"name": "jane"},
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "edit"},
        "subjects": [{"kind": "User", "name": "jane", "apiGroup": "rbac.authorization.k8s.io"}],
    }
    api.create("clusterrolebindings", allow_all, "")
    api.create("validatingadmissionpolicybindings", binding("b", "p"), "")
    jane = Credential("token", "t")
    response = api.cluster.handle(
        Request(
            "create", "configmaps", "default", body={"metadata": {"name": "c"}}, credential=jane
        )
    )
    assert response.ok, response.body
    assert api.request("create", "configmaps", body={"metadata": {"name": "d"}}).code == 422


def test_the_scale_subresource_is_judged_as_a_scale():
    scales = {**DEPLOYMENTS, "resources": ["deployments/scale"], "operations": ["UPDATE"]}
    limit = policy(
        "scale-limit",
        {"expression": "request.kind.kind == 'Scale' && object.spec.replicas <= 5"},
        matchConstraints={"resourceRules": [scales]},
    )
    api = started(policy(), binding(), limit, binding("b", "scale-limit"))
    api.create("deployments", deployment(replicas=2))
    scale = {"spec": {"replicas": 4}}
    patch = {"name": "web", "subresource": "scale", "content_type": "application/merge-patch+json"}
    assert api.request("patch", "deployments", body=scale, **patch).ok
    response = api.request("patch", "deployments", body={"spec": {"replicas": 8}}, **patch)
    assert refusal(response)[2] == (
        "ValidatingAdmissionPolicy 'scale-limit' with binding 'b' denied request: failed "
        "expression: request.kind.kind == 'Scale' && object.spec.replicas <= 5"
    )
    assert api.get("deployments", "web")["spec"]["replicas"] == 4


def test_an_evaluation_that_runs_out_of_its_cost_budget_fails_the_policy():
    config_maps = {**DEPLOYMENTS, "apiGroups": [""], "resources": ["configmaps"]}
    nested = {"expression": "object.data.all(k, object.data.all(j, k != '' && j != ''))"}
    for failure_policy, allowed in (("Fail", False), ("Ignore", True)):
        api = started(
            policy(
                "p",
                nested,
                matchConstraints={"resourceRules": [config_maps]},
                failurePolicy=failure_policy,
            ),
            binding("b", "p"),
        )
        body = {"metadata": {"name": "big"}, "data": {f"k{i}": "v" for i in range(400)}}
        response = api.request("create", "configmaps", body=body)
        assert response.ok is allowed
        if not allowed:
            assert refusal(response)[2] == (
                "ValidatingAdmissionPolicy 'p' with binding 'b' denied request: validation failed "
                "due to running out of cost budget, no further validation rules will be run"
            )
