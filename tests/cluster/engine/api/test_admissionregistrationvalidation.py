"""ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding validation, in Kubernetes'
words (pkg/apis/admissionregistration/validation)."""

from typing import Any

import pytest

from cluster.engine import cel
from cluster.engine.api import admissionregistrationvalidation as arv
from cluster.engine.api import defaults

Object = dict[str, Any]
SUBDOMAIN = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' "
    "or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex "
    "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
)
DNS1035 = (
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
    "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or "
    "'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
)
NAME_PART = (
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
    "with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used "
    "for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
)
AT_LEAST_ONE = "Required value: validations or auditAnnotations must contain at least one item"
OPERATIONS = 'supported values: "*", "CONNECT", "CREATE", "DELETE", "UPDATE"'
RULE = "spec.matchConstraints.resourceRules[0]"


def messages(errors: list) -> list[str]:
    return [str(e) for e in errors]


def undeclared(name: str, source: str, column: int = 1) -> str:
    """cel-go's report of a name its environment does not declare."""
    caret = "." * (column - 1) + "^"
    return (
        f"compilation failed: ERROR: <input>:1:{column}: undeclared reference to '{name}' "
        f"(in container '')\n | {source}\n | {caret}"
    )


def compile_error(source: str) -> str:
    """The compiler's own report, whatever its words: the validation quotes it whole."""
    with pytest.raises(cel.CompileError) as error:
        cel.compile_expression(source)
    return f"compilation failed: {error.value}"


def rule(**fields: Any) -> Object:
    found = {
        "apiGroups": ["apps"],
        "apiVersions": ["v1"],
        "operations": ["CREATE", "UPDATE"],
        "resources": ["deployments"],
        **fields,
    }
    return {k: v for k, v in found.items() if v is not None}


def policy(name: str = "demo", **spec: Any) -> Object:
    """A policy as kube-apiserver validates it, defaulted; a None drops a field of the spec."""
    body = {
        "matchConstraints": {"resourceRules": [rule()]},
        "validations": [{"expression": "object.spec.replicas <= 5"}],
        **spec,
    }
    obj = {"metadata": {"name": name}, "spec": {k: v for k, v in body.items() if v is not None}}
    defaults.apply("ValidatingAdmissionPolicy", obj)
    return obj


def binding(name: str = "demo-binding", **spec: Any) -> Object:
    body = {"policyName": "demo", "validationActions": ["Deny"], **spec}
    obj = {"metadata": {"name": name}, "spec": {k: v for k, v in body.items() if v is not None}}
    defaults.apply("ValidatingAdmissionPolicyBinding", obj)
    return obj


# -- the policy ------------------------------------------------------------------------------

POLICIES = [
    (policy(), []),
    (policy(failurePolicy="Ignore", paramKind={"apiVersion": "v1", "kind": "ConfigMap"}), []),
    (
        policy(failurePolicy="Never"),
        ['spec.failurePolicy: Unsupported value: "Never": supported values: "Fail", "Ignore"'],
    ),
    (
        policy(paramKind={}),
        ["spec.paramKind.apiVersion: Required value", "spec.paramKind.kind: Required value"],
    ),
    (
        policy(paramKind={"apiVersion": "a/b/c", "kind": "Config_Map"}),
        [
            'spec.paramKind.apiVersion: Invalid value: "a/b/c": unexpected GroupVersion string: '
            "a/b/c",
            'spec.paramKind.kind: Invalid value: "Config_Map": may have mixed case, but should '
            f"otherwise match: {DNS1035}",
        ],
    ),
    (
        policy(paramKind={"apiVersion": "Example/", "kind": "Setting"}),
        [
            f'spec.paramKind.apiVersion: Invalid value: "Example": {SUBDOMAIN}',
            'spec.paramKind.apiVersion: Invalid value: "Example/": version must be specified',
        ],
    ),
    (
        policy(paramKind={"apiVersion": "example.com/V1", "kind": "Setting"}),
        [f'spec.paramKind.apiVersion: Invalid value: "V1": {DNS1035}'],
    ),
    (policy(matchConstraints=None), ["spec.matchConstraints: Required value"]),
    (policy(matchConstraints={}), ["spec.matchConstraints.resourceRules: Required value"]),
    (
        policy(matchConstraints={"matchPolicy": "Fuzzy", "resourceRules": [rule()]}),
        [
            'spec.matchConstraints.matchPolicy: Unsupported value: "Fuzzy": supported values: '
            '"Equivalent", "Exact"'
        ],
    ),
    (
        policy(
            matchConstraints={
                "resourceRules": [rule()],
                "objectSelector": {"matchExpressions": [{"key": "app", "operator": "In"}]},
            }
        ),
        [
            "spec.matchConstraints.objectSelector.matchExpressions[0].values: Required value: "
            "must be specified when `operator` is 'In' or 'NotIn'"
        ],
    ),
    (
        policy(validations=None),
        [f"spec.validations: {AT_LEAST_ONE}", f"spec.auditAnnotations: {AT_LEAST_ONE}"],
    ),
    (
        policy(
            validations=[
                {"expression": " ", "message": "two\nlines", "messageExpression": "  "},
                {"expression": "true", "message": "  ", "reason": "Teapot"},
                {"expression": "true", "reason": "Forbidden", "messageExpression": "'no'"},
            ]
        ),
        [
            "spec.validations[0].expression: Required value: expression is not specified",
            'spec.validations[0].messageExpression: Invalid value: "  ": must be non-empty if '
            "specified",
            'spec.validations[0].message: Invalid value: "two\\nlines": message must not contain '
            "line breaks",
            'spec.validations[1].message: Invalid value: "  ": message must be non-empty if '
            "specified",
            'spec.validations[1].reason: Unsupported value: "Teapot": supported values: '
            '"Forbidden", "Invalid", "RequestEntityTooLarge"',
        ],
    ),
    (
        policy(validations=[{"expression": "object.spec.replicas <= "}]),
        [
            'spec.validations[0].expression: Invalid value: "object.spec.replicas <= ": '
            + compile_error("object.spec.replicas <= ")
        ],
    ),
    (
        policy(validations=[{"expression": "params.max > 1"}]),
        [
            'spec.validations[0].expression: Invalid value: "params.max > 1": '
            + undeclared("params", "params.max > 1")
        ],
    ),
    (
        policy(
            paramKind={"apiVersion": "v1", "kind": "ConfigMap"},
            validations=[{"expression": "params.data.max > 1", "messageExpression": "'no'"}],
        ),
        [],
    ),
    (
        policy(validations=[{"expression": "true", "messageExpression": "'by ' + authorizer"}]),
        [
            "spec.validations[0].messageExpression: Invalid value: \"'by ' + authorizer\": "
            + undeclared("authorizer", "'by ' + authorizer", 9)
        ],
    ),
    (
        policy(
            variables=[{"name": "replicas", "expression": "object.spec.replicas"}],
            validations=[{"expression": "variables.replicas <= 5"}],
        ),
        [],
    ),
    (
        policy(validations=[{"expression": "variables.replicas <= 5"}]),
        [
            'spec.validations[0].expression: Invalid value: "variables.replicas <= 5": '
            + undeclared("variables", "variables.replicas <= 5")
        ],
    ),
    (
        policy(
            variables=[
                {"name": "in", "expression": ""},
                {"name": " ", "expression": "object"},
                {"name": "spec", "expression": "object.spec +"},
            ]
        ),
        [
            'spec.variables[0].name: Invalid value: "in": name is not a valid CEL identifier',
            "spec.variables[0].expression: Required value: expression is not specified",
            "spec.variables[1].name: Required value: name is not specified",
            'spec.variables[2].expression: Invalid value: "object.spec +": '
            + compile_error("object.spec +"),
        ],
    ),
    (
        policy(
            variables=[{"name": "replicas", "expression": "object.spec.replicas"}],
            matchConditions=[
                {"name": "", "expression": ""},
                {"name": "Not A Name", "expression": " variables.replicas > 1"},
                {"name": "no-params", "expression": "params.enabled"},
                {"name": "ok", "expression": "true"},
                {"name": "ok", "expression": "request.userInfo.username != 'admin'"},
            ],
        ),
        [
            "spec.matchConditions[0].expression: Required value",
            "spec.matchConditions[0].name: Required value",
            # compiled as trimmed, and shown so
            'spec.matchConditions[1].expression: Invalid value: "variables.replicas > 1": '
            + undeclared("variables", "variables.replicas > 1"),
            f'spec.matchConditions[1].name: Invalid value: "Not A Name": {NAME_PART}',
            'spec.matchConditions[2].expression: Invalid value: "params.enabled": '
            + undeclared("params", "params.enabled"),
            'spec.matchConditions[4].name: Duplicate value: "ok"',
        ],
    ),
    (
        policy(
            validations=None,
            auditAnnotations=[
                {"key": "bad key", "valueExpression": " "},
                {"key": "replicas", "valueExpression": "object.spec.replicas +"},
                {"key": "replicas", "valueExpression": "'x' * " + "1" * arv.MAX_VALUE_EXPRESSION},
            ],
        ),
        [
            f'spec.auditAnnotations[0].key: Invalid value: "demo/bad key": {NAME_PART}',
            "spec.auditAnnotations[0].valueExpression: Required value: valueExpression is not "
            "specified",
            'spec.auditAnnotations[1].valueExpression: Invalid value: "object.spec.replicas +": '
            + compile_error("object.spec.replicas +"),
            "spec.auditAnnotations[2].valueExpression: Required value: must not exceed 5120 bytes "
            "in length",
            'spec.auditAnnotations[2].key: Duplicate value: "replicas"',
        ],
    ),
    (
        policy("web.static.k8s.io"),
        [
            'metadata.name: Invalid value: "web.static.k8s.io": names ending with '
            '".static.k8s.io" are reserved for static manifest-based configurations and cannot '
            "be managed via the API"
        ],
    ),
]


@pytest.mark.parametrize(("obj", "expected"), POLICIES)
def test_validate_policy(obj: Object, expected: list[str]) -> None:
    assert messages(arv.validate_policy(obj)) == expected


def test_more_than_20_audit_annotations_are_refused_as_the_internal_type_marshals():
    annotations = [{"key": f"k{i}", "valueExpression": "'v'"} for i in range(21)]
    [error] = arv.validate_policy(policy(validations=None, auditAnnotations=annotations))
    assert str(error).startswith(
        'spec.auditAnnotations: Invalid value: [{"Key":"k0","ValueExpression":"\'v\'"},'
    )
    assert str(error).endswith("]: must not have more than 20 auditAnnotations")


def test_more_than_64_match_conditions_are_too_many():
    conditions = [{"name": f"c{i}", "expression": "true"} for i in range(65)]
    errors = arv.validate_policy(policy(matchConditions=conditions))
    assert messages(errors) == ["spec.matchConditions: Too many: 65: must have at most 64 items"]


RULES = [
    (rule(resources=["pods", "pods/status", "*/scale", "deployments/*"]), []),
    (rule(resources=["*"], operations=["*"], apiGroups=["*"], apiVersions=["*"]), []),
    (
        rule(apiGroups=None, apiVersions=None, operations=None, resources=None),
        [
            f"{RULE}.operations: Required value",
            f"{RULE}.apiGroups: Required value",
            f"{RULE}.apiVersions: Required value",
            f"{RULE}.resources: Required value",
        ],
    ),
    (
        rule(
            operations=["*", "PATCH"],
            apiGroups=["*", "apps"],
            apiVersions=["*", ""],
            scope="Global",
            resourceNames=["a/b", "web", "web"],
        ),
        [
            f"{RULE}.resourceNames[0]: Invalid value: \"a/b\": may not contain '/'",
            f'{RULE}.resourceNames[2]: Duplicate value: "web"',
            f'{RULE}.operations: Invalid value: ["*","PATCH"]: if \'*\' is present, must not '
            "specify other operations",
            f'{RULE}.operations[1]: Unsupported value: "PATCH": {OPERATIONS}',
            f'{RULE}.apiGroups: Invalid value: ["*","apps"]: if \'*\' is present, must not '
            "specify other API groups",
            f'{RULE}.apiVersions: Invalid value: ["*",""]: if \'*\' is present, must not '
            "specify other API versions",
            f"{RULE}.apiVersions[1]: Required value",
            f'{RULE}.scope: Unsupported value: "Global": supported values: "*", "Cluster", '
            '"Namespaced"',
        ],
    ),
    (
        rule(resources=["*/scale", "deployments/scale", "pods/*", "pods/log", ""]),
        [
            f"{RULE}.resources[1]: Invalid value: \"deployments/scale\": if '*/scale' is "
            "present, must not specify deployments/scale",
            f"{RULE}.resources[3]: Invalid value: \"pods/log\": if 'pods/*' is present, must "
            "not specify pods/log",
            f"{RULE}.resources[4]: Required value",
        ],
    ),
    (
        rule(resources=["*/*", "pods"]),
        [
            f'{RULE}.resources: Invalid value: ["*/*","pods"]: if \'*/*\' is present, must not '
            "specify other resources"
        ],
    ),
    (
        rule(resources=["*", "pods"]),
        [
            f'{RULE}.resources: Invalid value: ["*","pods"]: if \'*\' is present, must not '
            "specify other resources without subresources"
        ],
    ),
    # sic: only the last resource without a subresource counts
    (rule(resources=["pods", "*"]), []),
]


@pytest.mark.parametrize(("resource_rule", "expected"), RULES)
def test_resource_rules(resource_rule: Object, expected: list[str]) -> None:
    obj = policy(matchConstraints={"resourceRules": [resource_rule]})
    assert messages(arv.validate_policy(obj)) == expected


def test_an_update_checks_match_conditions_again_only_when_they_or_the_param_kind_change():
    conditions = [{"name": "uses-params", "expression": "params.enabled"}]
    old = policy(matchConditions=conditions)
    assert messages(arv.validate_policy_update(old, old)) == []
    renamed = policy(failurePolicy="Ignore", matchConditions=conditions)
    assert messages(arv.validate_policy_update(renamed, old)) == []
    moved = policy(matchConditions=[{**conditions[0], "name": "moved"}])
    assert messages(arv.validate_policy_update(moved, old)) == [
        'spec.matchConditions[0].expression: Invalid value: "params.enabled": '
        + undeclared("params", "params.enabled")
    ]


def test_the_status_names_its_warnings_fields_and_holds_metav1_conditions():
    status = {
        "typeChecking": {"expressionWarnings": [{"fieldRef": " "}]},
        "conditions": [{"type": "Ready", "status": "Maybe"}],
    }
    assert messages(arv.validate_policy_status({"status": status}, {})) == [
        "status.typeChecking.expressionWarnings[0].warning: Required value",
        "status.typeChecking.expressionWarnings[0].fieldRef: Required value",
        'status.conditions[0].status: Unsupported value: "Maybe": supported values: "False", '
        '"True", "Unknown"',
        "status.conditions[0].lastTransitionTime: Required value",
        "status.conditions[0].reason: Required value",
    ]


# -- the binding ------------------------------------------------------------------------------

DENY_AND_WARN = (
    "must not contain both Deny and Warn (repeating the same validation failure information in "
    "the API response and headers serves no purpose)"
)
EXCLUSIVE = "Forbidden: name and selector are mutually exclusive"
BINDINGS = [
    (binding(), []),
    (binding(validationActions=["Warn", "Audit"]), []),
    (
        binding(
            paramRef={"name": "limits", "namespace": "default", "parameterNotFoundAction": "Deny"}
        ),
        [],
    ),
    (
        binding(policyName=None, validationActions=None),
        [
            "spec.policyName: Required value",
            "spec.validationActions: Required value: at least one validation action is required",
        ],
    ),
    (
        binding(policyName="Demo_Policy", validationActions=["Deny", "Warn", "Deny", "Log"]),
        [
            f'spec.policyName: Invalid value: "Demo_Policy": {SUBDOMAIN}',
            'spec.validationActions[2]: Duplicate value: "Deny"',
            'spec.validationActions[3]: Unsupported value: "Log": supported values: "Audit", '
            '"Deny", "Warn"',
            'spec.validationActions: Invalid value: ["Deny","Warn","Deny","Log"]: ' + DENY_AND_WARN,
        ],
    ),
    (
        binding(paramRef={}),
        [
            "spec.paramRef: Required value: one of name or selector must be specified",
            "spec.paramRef.parameterNotFoundAction: Required value",
        ],
    ),
    (
        binding(
            paramRef={
                "name": "a/b",
                "selector": {"matchLabels": {"tier": "-"}},
                "parameterNotFoundAction": "Ignore",
            }
        ),
        [
            "spec.paramRef.name: Invalid value: \"a/b\": may not contain '/'",
            f"spec.paramRef.name: {EXCLUSIVE}",
            'spec.paramRef.selector.matchLabels: Invalid value: "-": a valid label must be an '
            "empty string or consist of alphanumeric characters, '-', '_' or '.', and must start "
            "and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', "
            "regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
            f"spec.paramRef.selector: {EXCLUSIVE}",
            'spec.paramRef.parameterNotFoundAction: Unsupported value: "Ignore": supported '
            'values: "Deny", "Allow"',
        ],
    ),
    (
        # sic: Kubernetes spells the path matchResouces
        binding(matchResources={"matchPolicy": "Fuzzy", "excludeResourceRules": [rule(scope="")]}),
        [
            'spec.matchResouces.matchPolicy: Unsupported value: "Fuzzy": supported values: '
            '"Equivalent", "Exact"',
            'spec.matchResouces.excludeResourceRules[0].scope: Unsupported value: "": supported '
            'values: "*", "Cluster", "Namespaced"',
        ],
    ),
]


@pytest.mark.parametrize(("obj", "expected"), BINDINGS)
def test_validate_binding(obj: Object, expected: list[str]) -> None:
    assert messages(arv.validate_binding(obj)) == expected
    assert messages(arv.validate_binding_update(obj, obj)) == expected


def test_only_a_new_binding_may_not_take_a_static_manifests_name():
    made = binding("deny.static.k8s.io")
    assert messages(arv.validate_binding(made)) == [
        'metadata.name: Invalid value: "deny.static.k8s.io": names ending with ".static.k8s.io" '
        "are reserved for static manifest-based configurations and cannot be managed via the API"
    ]
    assert arv.validate_binding_update(made, made) == []


# -- defaults ---------------------------------------------------------------------------------


def test_a_policy_fails_closed_and_matches_equivalent_requests_of_any_scope_by_default():
    spec = policy(matchConstraints={"resourceRules": [rule()], "excludeResourceRules": [rule()]})
    assert spec["spec"]["failurePolicy"] == "Fail"
    constraints = spec["spec"]["matchConstraints"]
    assert {k: constraints[k] for k in ("matchPolicy", "namespaceSelector", "objectSelector")} == {
        "matchPolicy": "Equivalent",
        "namespaceSelector": {},
        "objectSelector": {},
    }
    assert [
        r["scope"] for r in constraints["resourceRules"] + constraints["excludeResourceRules"]
    ] == [
        "*",
        "*",
    ]
    assert spec["status"] == {}


def test_a_bindings_match_resources_default_but_not_its_parameter_not_found_action():
    made = binding(matchResources={}, paramRef={"name": "limits"})["spec"]
    assert made["matchResources"] == {
        "matchPolicy": "Equivalent",
        "namespaceSelector": {},
        "objectSelector": {},
    }
    assert made["paramRef"] == {"name": "limits"}
