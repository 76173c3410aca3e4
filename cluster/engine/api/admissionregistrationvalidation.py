"""ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding (admissionregistration.k8s.io/v1)
validation, as pkg/apis/admissionregistration/validation has it.

CEL expressions must compile in the environment Kubernetes gives each of them: `params` only
when the policy has a paramKind, `variables` only when the policy composes variables (never in
a matchCondition). `authorizer` is not declared: the plugin has no authorizer to give them, so
an expression asking it is refused when written rather than failing every request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cluster.engine import cel
from cluster.engine.api import content, labels
from cluster.engine.api.field import (
    TOO_MANY,
    FieldError,
    Struct,
    duplicate,
    error,
    forbidden,
    go_quote,
    invalid,
    not_supported,
    required,
)
from cluster.engine.api.meta import Object
from cluster.engine.api.validation import validate_conditions

FAILURE_POLICIES = ["Fail", "Ignore"]
MATCH_POLICIES = ["Equivalent", "Exact"]
OPERATIONS = ["*", "CONNECT", "CREATE", "DELETE", "UPDATE"]
SCOPES = ["*", "Cluster", "Namespaced"]
VALIDATION_ACTIONS = ["Audit", "Deny", "Warn"]
REASONS = ["Forbidden", "Invalid", "RequestEntityTooLarge"]
PARAMETER_NOT_FOUND_ACTIONS = ["Deny", "Allow"]
MAX_MATCH_CONDITIONS = 64
MAX_AUDIT_ANNOTATIONS = 20
MAX_VALUE_EXPRESSION = 5 * 1024
STATIC_SUFFIX = ".static.k8s.io"
DENY_AND_WARN = (
    "must not contain both Deny and Warn (repeating the same validation failure information in "
    "the API response and headers serves no purpose)"
)
AT_LEAST_ONE = "validations or auditAnnotations must contain at least one item"
_NEWLINES = re.compile(r"[\n\r]+")
_CEL_IDENTIFIER = re.compile(r"[_a-zA-Z][_a-zA-Z0-9]*")
_CEL_RESERVED = frozenset(
    {"true", "false", "null", "in", "as", "break", "const", "continue", "else", "for"}
    | {"function", "if", "import", "let", "loop", "package", "namespace", "return", "var"}
    | {"void", "while"}
)
_ALWAYS_DECLARED = frozenset({"object", "oldObject", "request", "namespaceObject"})


@dataclass(frozen=True, slots=True)
class _Environments:
    """The variables each kind of a policy's expressions may name."""

    expression: frozenset[str]  # validations, messages, variables, audit annotations
    condition: frozenset[str]  # matchConditions: never composed variables


def _environments(spec: Object) -> _Environments:
    declared = _ALWAYS_DECLARED | ({"params"} if spec.get("paramKind") is not None else set())
    composed = declared | ({"variables"} if spec.get("variables") else set())
    return _Environments(composed, declared)


# -- the policy ------------------------------------------------------------------------------


def validate_policy(policy: Object) -> list[FieldError]:
    """ValidateValidatingAdmissionPolicy (metadata aside), with the name check the strategy
    adds since ManifestBasedAdmissionControlConfig."""
    return _policy_spec(policy, check_conditions=True) + _static_suffix(policy)


def validate_policy_update(new: Object, old: Object) -> list[FieldError]:
    """ValidateValidatingAdmissionPolicyUpdate: match conditions are checked again only when
    they or the paramKind changed."""
    spec, before = new.get("spec") or {}, old.get("spec") or {}
    changed = any(spec.get(key) != before.get(key) for key in ("paramKind", "matchConditions"))
    return _policy_spec(new, check_conditions=changed)


def _static_suffix(obj: Object) -> list[FieldError]:
    """ValidateStaticSuffix: names of the static manifests' objects are not the API's."""
    name = obj["metadata"].get("name", "")
    if not name.endswith(STATIC_SUFFIX):
        return []
    detail = (
        f"names ending with {go_quote(STATIC_SUFFIX)} are reserved for static "
        "manifest-based configurations and cannot be managed via the API"
    )
    return [invalid("metadata.name", name, detail)]


def _policy_spec(policy: Object, check_conditions: bool) -> list[FieldError]:
    spec = policy.get("spec") or {}
    environments = _environments(spec)
    errors = _failure_policy(spec.get("failurePolicy"))
    if spec.get("paramKind") is not None:
        errors += _param_kind(spec["paramKind"], "spec.paramKind")
    constraints = spec.get("matchConstraints")
    if constraints is None:
        errors.append(required("spec.matchConstraints"))
    else:
        errors += _match_resources(constraints, "spec.matchConstraints")
        # the resource rules give the expressions their types
        if not constraints.get("resourceRules"):
            errors.append(required("spec.matchConstraints.resourceRules"))
    if check_conditions:
        errors += _match_conditions(spec.get("matchConditions") or [], environments.condition)
    for i, variable in enumerate(spec.get("variables") or []):
        errors += _variable(variable, f"spec.variables[{i}]", environments.expression)
    validations, annotations = spec.get("validations") or [], spec.get("auditAnnotations")
    if not validations and not annotations:
        return [
            *errors,
            required("spec.validations", AT_LEAST_ONE),
            required("spec.auditAnnotations", AT_LEAST_ONE),
        ]
    for i, validation in enumerate(validations):
        errors += _validation(validation, f"spec.validations[{i}]", environments)
    name = policy["metadata"].get("name", "")
    return errors + _audit_annotations(annotations or [], name, environments.expression)


def _failure_policy(policy: str | None) -> list[FieldError]:
    if policy is None:
        return [required("spec.failurePolicy")]
    if policy not in FAILURE_POLICIES:
        return [not_supported("spec.failurePolicy", policy, FAILURE_POLICIES)]
    return []


def _param_kind(param_kind: Object, path: str) -> list[FieldError]:
    """validateParamKind: a group/version as an APIService's, a kind that is a DNS label but
    for its case."""
    api_version, kind = param_kind.get("apiVersion") or "", param_kind.get("kind") or ""
    errors = (
        _param_api_version(api_version, f"{path}.apiVersion")
        if api_version
        else [required(f"{path}.apiVersion")]
    )
    if not kind:
        return [*errors, required(f"{path}.kind")]
    if problems := content.dns1035_label(kind.lower()):
        detail = "may have mixed case, but should otherwise match: " + ",".join(problems)
        errors.append(invalid(f"{path}.kind", kind, detail))
    return errors


def _param_api_version(api_version: str, path: str) -> list[FieldError]:
    if api_version.count("/") > 1:
        return [invalid(path, api_version, f"unexpected GroupVersion string: {api_version}")]
    group, _, version = api_version.rpartition("/")
    errors = []
    if group and (problems := content.dns1123_subdomain(group)):
        errors.append(invalid(path, group, ",".join(problems)))
    if not version:
        errors.append(invalid(path, api_version, "version must be specified"))
    elif problems := content.dns1035_label(version):
        errors.append(invalid(path, version, ",".join(problems)))
    return errors


def _match_conditions(conditions: list[Object], declared: frozenset[str]) -> list[FieldError]:
    """validateMatchConditions: at most 64, each named once, each expression compiling."""
    path = "spec.matchConditions"
    errors = []
    if len(conditions) > MAX_MATCH_CONDITIONS:
        detail = f"must have at most {MAX_MATCH_CONDITIONS} items"
        errors.append(error(TOO_MANY, path, len(conditions), detail))
    seen: set[str] = set()
    for i, condition in enumerate(conditions):
        at = f"{path}[{i}]"
        expression = (condition.get("expression") or "").strip()
        if expression:
            errors += _compiles(expression, expression, f"{at}.expression", declared)
        else:
            errors.append(required(f"{at}.expression"))
        name = condition.get("name") or ""
        if not name:
            errors.append(required(f"{at}.name"))
            continue
        errors += labels.validate_label_name(name, f"{at}.name")
        if name in seen:
            errors.append(duplicate(f"{at}.name", name))
        seen.add(name)
    return errors


def _variable(variable: Object, path: str, declared: frozenset[str]) -> list[FieldError]:
    """validateVariable: a name that is a CEL identifier, an expression that compiles."""
    name, expression = variable.get("name") or "", variable.get("expression") or ""
    if not name.strip():
        errors = [required(f"{path}.name", "name is not specified")]
    elif not _CEL_IDENTIFIER.fullmatch(name) or name in _CEL_RESERVED:
        errors = [invalid(f"{path}.name", name, "name is not a valid CEL identifier")]
    else:
        errors = []
    if not expression.strip():
        return [*errors, required(f"{path}.expression", "expression is not specified")]
    return errors + _compiles(expression, expression, f"{path}.expression", declared)


def _validation(validation: Object, path: str, environments: _Environments) -> list[FieldError]:
    """validateValidation: the expression compiles, and so does the messageExpression; a
    message is one line; the reason is an API status reason."""
    expression = validation.get("expression") or ""
    if expression.strip():
        errors = _compiles(expression, expression, f"{path}.expression", environments.expression)
    else:
        errors = [required(f"{path}.expression", "expression is not specified")]
    errors += _message_expression(validation.get("messageExpression") or "", path, environments)
    message = validation.get("message") or ""
    if message and not message.strip():
        detail = "message must be non-empty if specified"
        errors.append(invalid(f"{path}.message", message, detail))
    elif _NEWLINES.search(message.strip()):
        errors.append(invalid(f"{path}.message", message, "message must not contain line breaks"))
    reason = validation.get("reason")
    if reason is not None and reason not in REASONS:
        errors.append(not_supported(f"{path}.reason", reason, REASONS))
    return errors


def _message_expression(source: str, path: str, environments: _Environments) -> list[FieldError]:
    at = f"{path}.messageExpression"
    if source and not source.strip():
        return [invalid(at, source, "must be non-empty if specified")]
    # compiled as written, so that the compiler's columns are the writer's
    return _compiles(source, source, at, environments.expression) if source.strip() else []


def _audit_annotations(
    annotations: list[Object], policy_name: str, declared: frozenset[str]
) -> list[FieldError]:
    """At most 20 audit annotations, each key once; validateAuditAnnotation for each."""
    path = "spec.auditAnnotations"
    errors = []
    if len(annotations) > MAX_AUDIT_ANNOTATIONS:
        detail = f"must not have more than {MAX_AUDIT_ANNOTATIONS} auditAnnotations"
        errors.append(invalid(path, [_go_annotation(a) for a in annotations], detail))
    keys: set[str] = set()
    for i, annotation in enumerate(annotations):
        errors += _audit_annotation(annotation, policy_name, f"{path}[{i}]", declared)
        key = annotation.get("key") or ""
        if key in keys:
            errors.append(duplicate(f"{path}[{i}].key", key))
        keys.add(key)
    return errors


def _go_annotation(annotation: Object) -> Struct:
    """An AuditAnnotation as the internal Go type (no json tags) is marshalled."""
    return Struct(
        Key=annotation.get("key") or "", ValueExpression=annotation.get("valueExpression") or ""
    )


def _audit_annotation(
    annotation: Object, policy_name: str, path: str, declared: frozenset[str]
) -> list[FieldError]:
    """The key joined to the policy's name is a qualified name; the value expression is at
    most 5 KiB and compiles."""
    key, source = annotation.get("key") or "", annotation.get("valueExpression") or ""
    if policy_name:
        errors = labels.validate_label_name(f"{policy_name}/{key}", f"{path}.key")
    else:
        errors = [invalid(f"{path}.key", key, "requires metadata.name be non-empty")]
    trimmed, at = source.strip(), f"{path}.valueExpression"
    if not trimmed:
        return [*errors, required(at, "valueExpression is not specified")]
    if len(trimmed.encode()) > MAX_VALUE_EXPRESSION:
        return [*errors, required(at, f"must not exceed {MAX_VALUE_EXPRESSION} bytes in length")]
    return errors + _compiles(trimmed, source, at, declared)


def _compiles(source: str, shown: str, path: str, declared: frozenset[str]) -> list[FieldError]:
    """The compiler's error as the apiserver's CEL compiler reports it, the expression shown
    as the field holds it."""
    try:
        cel.compile_expression(source, declared)
    except cel.CompileError as failure:
        return [invalid(path, shown, f"compilation failed: {failure}")]
    return []


# -- match resources and rules ----------------------------------------------------------------


def _match_resources(match: Object, path: str) -> list[FieldError]:
    """validateMatchResources: a match policy, strict selectors, valid rules."""
    errors = []
    policy = match.get("matchPolicy")
    if policy is None:
        errors.append(required(f"{path}.matchPolicy"))
    elif policy not in MATCH_POLICIES:
        errors.append(not_supported(f"{path}.matchPolicy", policy, MATCH_POLICIES))
    for key in ("namespaceSelector", "objectSelector"):
        if match.get(key) is None:
            errors.append(required(f"{path}.{key}"))
        else:
            errors += labels.validate_label_selector(match[key], f"{path}.{key}")
    for key in ("resourceRules", "excludeResourceRules"):
        for i, rule in enumerate(match.get(key) or []):
            errors += _named_rule(rule, f"{path}.{key}[{i}]")
    return errors


def _named_rule(rule: Object, path: str) -> list[FieldError]:
    """validateNamedRuleWithOperations: resource names are path segments, each once."""
    errors = []
    seen: set[str] = set()
    for i, name in enumerate(rule.get("resourceNames") or []):
        at = f"{path}.resourceNames[{i}]"
        errors += [invalid(at, name, m) for m in content.path_segment_name(name)]
        if name in seen:
            errors.append(duplicate(at, name))
        seen.add(name)
    return errors + _operations(rule.get("operations") or [], path) + _rule(rule, path)


def _operations(operations: list[str], path: str) -> list[FieldError]:
    at = f"{path}.operations"
    errors = [] if operations else [required(at)]
    if len(operations) > 1 and "*" in operations:
        errors.append(
            invalid(at, operations, "if '*' is present, must not specify other operations")
        )
    return errors + [
        not_supported(f"{at}[{i}]", operation, OPERATIONS)
        for i, operation in enumerate(operations)
        if operation not in OPERATIONS
    ]


def _rule(rule: Object, path: str) -> list[FieldError]:
    """validateRule: groups and versions given, `*` alone; resources; a known scope."""
    groups, versions = rule.get("apiGroups") or [], rule.get("apiVersions") or []
    errors = _listed(groups, f"{path}.apiGroups", "API groups")
    errors += _listed(versions, f"{path}.apiVersions", "API versions")
    errors += [required(f"{path}.apiVersions[{i}]") for i, v in enumerate(versions) if not v]
    errors += _resources(rule.get("resources") or [], f"{path}.resources")
    scope = rule.get("scope")
    if scope is not None and scope not in SCOPES:
        errors.append(not_supported(f"{path}.scope", scope, SCOPES))
    return errors


def _listed(values: list[str], path: str, what: str) -> list[FieldError]:
    """A list that is required, and holds `*` only alone."""
    if not values:
        return [required(path)]
    if len(values) > 1 and "*" in values:
        return [invalid(path, values, f"if '*' is present, must not specify other {what}")]
    return []


def _resources(resources: list[str], path: str) -> list[FieldError]:
    """validateResources: `res`, `res/sub`, `*`, `res/*`, `*/sub` or `*/*`, none that another
    already covers."""
    errors = [] if resources else [required(path)]
    wildcard_subresources: set[str] = set()  # res of res/*
    wildcard_resources: set[str] = set()  # sub of */sub
    without_subresource = False
    for i, item in enumerate(resources):
        if not item:
            errors.append(required(f"{path}[{i}]"))
            continue
        resource, slash, subresource = item.partition("/")
        if not slash:
            without_subresource = item != "*"  # sic: the last plain resource decides
            continue
        if resource in wildcard_subresources:
            detail = f"if '{resource}/*' is present, must not specify {item}"
            errors.append(invalid(f"{path}[{i}]", item, detail))
        if subresource in wildcard_resources:
            detail = f"if '*/{subresource}' is present, must not specify {item}"
            errors.append(invalid(f"{path}[{i}]", item, detail))
        if subresource == "*":
            wildcard_subresources.add(resource)
        if resource == "*":
            wildcard_resources.add(subresource)
    if len(resources) > 1 and "*/*" in resources:
        detail = "if '*/*' is present, must not specify other resources"
        errors.append(invalid(path, resources, detail))
    if "*" in resources and without_subresource:
        detail = "if '*' is present, must not specify other resources without subresources"
        errors.append(invalid(path, resources, detail))
    return errors


# -- the binding ------------------------------------------------------------------------------


def validate_binding(binding: Object) -> list[FieldError]:
    """ValidateValidatingAdmissionPolicyBinding (metadata aside), with the name check the
    strategy adds on create since ManifestBasedAdmissionControlConfig."""
    return _binding_spec(binding.get("spec") or {}) + _static_suffix(binding)


def validate_binding_update(new: Object, _: Object) -> list[FieldError]:
    """ValidateValidatingAdmissionPolicyBindingUpdate: the spec checked as on create."""
    return _binding_spec(new.get("spec") or {})


def _binding_spec(spec: Object) -> list[FieldError]:
    policy_name = spec.get("policyName") or ""
    if policy_name:
        problems = content.name_is_dns_subdomain(policy_name)
        errors = [invalid("spec.policyName", policy_name, m) for m in problems]
    else:
        errors = [required("spec.policyName")]
    if spec.get("paramRef") is not None:
        errors += _param_ref(spec["paramRef"], "spec.paramRef")
    if spec.get("matchResources") is not None:
        # sic: Kubernetes misspells the path
        errors += _match_resources(spec["matchResources"], "spec.matchResouces")
    return errors + _validation_actions(spec.get("validationActions") or [])


def _param_ref(ref: Object, path: str) -> list[FieldError]:
    """validateParamRef: a name or a selector (not both), and what to do when none is found."""
    name, selector = ref.get("name") or "", ref.get("selector")
    exclusive = "name and selector are mutually exclusive"
    errors = []
    if name:
        errors += [invalid(f"{path}.name", name, m) for m in content.path_segment_name(name)]
        errors += [forbidden(f"{path}.name", exclusive)] if selector is not None else []
    if selector is not None:
        errors += labels.validate_label_selector(selector, f"{path}.selector")
        errors += [forbidden(f"{path}.selector", exclusive)] if name else []
    if not name and selector is None:
        errors.append(required(path, "one of name or selector must be specified"))
    action = ref.get("parameterNotFoundAction") or ""
    at = f"{path}.parameterNotFoundAction"
    if not action:
        errors.append(required(at))
    elif action not in PARAMETER_NOT_FOUND_ACTIONS:
        errors.append(not_supported(at, action, PARAMETER_NOT_FOUND_ACTIONS))
    return errors


def _validation_actions(actions: list[str]) -> list[FieldError]:
    """validateValidationActions: at least one, each known and once, not Deny with Warn."""
    path = "spec.validationActions"
    errors: list[FieldError] = []
    seen: set[str] = set()
    for i, action in enumerate(actions):
        if action not in VALIDATION_ACTIONS:
            errors.append(not_supported(f"{path}[{i}]", action, VALIDATION_ACTIONS))
        if action in seen:
            errors.append(duplicate(f"{path}[{i}]", action))
        seen.add(action)
    if {"Deny", "Warn"} <= seen:
        errors.append(invalid(path, actions, DENY_AND_WARN))
    if not seen:
        errors.append(required(path, "at least one validation action is required"))
    return errors


# -- the status subresource -------------------------------------------------------------------


def validate_policy_status(new: Object, _: Object) -> list[FieldError]:
    """ValidateValidatingAdmissionPolicyStatusUpdate: type checking warnings name their field
    and say something; conditions are metav1 conditions."""
    status = new.get("status") or {}
    path = "status.typeChecking.expressionWarnings"
    errors = []
    for i, warning in enumerate((status.get("typeChecking") or {}).get("expressionWarnings") or []):
        if not warning.get("warning"):
            errors.append(required(f"{path}[{i}].warning"))
        if not (warning.get("fieldRef") or "").strip():
            errors.append(required(f"{path}[{i}].fieldRef"))
    return errors + validate_conditions(status.get("conditions") or [], "status.conditions")
