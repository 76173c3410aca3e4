"""The plugin's dispatcher and validator: each policy with the bindings that name it judges
the requests both match, binding by binding and parameter by parameter; the first denial
refuses the request, in the dispatcher's words."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cluster.engine import cel
from cluster.engine.api import labels, resources
from cluster.engine.api.meta import Object
from cluster.engine.api.resources import Resource
from cluster.engine.apiserver import errors
from cluster.engine.apiserver.errors import StatusError
from cluster.engine.apiserver.validatingpolicy import matching

if TYPE_CHECKING:  # admission runs this plugin
    from cluster.engine.apiserver.admission import Attributes, Store

GROUP = "admissionregistration.k8s.io"
POLICIES = "validatingadmissionpolicies"
BINDINGS = "validatingadmissionpolicybindings"
# rules.IsExemptAdmissionConfigurationResource: policies never judge admission's own objects
EXEMPT = frozenset(
    {
        "ValidatingWebhookConfiguration",
        "MutatingWebhookConfiguration",
        "ValidatingAdmissionPolicy",
        "ValidatingAdmissionPolicyBinding",
        "MutatingAdmissionPolicy",
        "MutatingAdmissionPolicyBinding",
    }
)
REASON_CODES = {"Unauthorized": 401, "Forbidden": 403, "Invalid": 422, "RequestEntityTooLarge": 413}
OUT_OF_BUDGET = (
    "validation failed due to running out of cost budget, no further validation rules will be run"
)
SCALE = {"group": "autoscaling", "version": "v1", "kind": "Scale"}
OPTIONS = {"CREATE": "CreateOptions", "UPDATE": "UpdateOptions", "DELETE": "DeleteOptions"}


class ConfigurationError(Exception):
    """A policy or binding that cannot be applied (its params, its namespace)."""


@dataclass(frozen=True, slots=True)
class Denial:
    policy: str
    binding: str  # empty when the policy itself could not be configured
    message: str
    reason: str = ""


def validate(attrs: Attributes, store: Store) -> bool:
    """Judge the request by every bound policy it matches; raise the first denial."""
    if attrs.resource.group == GROUP and attrs.resource.kind in EXEMPT:
        return False
    bindings = store.objects(BINDINGS, "")
    if not bindings:
        return False
    judged, denials = False, []
    for policy in store.objects(POLICIES, ""):
        name = policy["metadata"]["name"]
        bound = [b for b in bindings if (b.get("spec") or {}).get("policyName") == name]
        if bound:
            judged |= _judge(policy, bound, attrs, store, denials)
    if denials:
        raise _refusal(attrs, denials[0])
    return judged


def _judge(
    policy: Object, bindings: list[Object], attrs: Attributes, store: Store, denials: list[Denial]
) -> bool:
    """One policy's part of Dispatch: whether it judged the request (denials noted)."""
    spec, name = policy.get("spec") or {}, policy["metadata"]["name"]
    fails = spec.get("failurePolicy", "Fail") != "Ignore"
    try:
        if not matching.matches(spec.get("matchConstraints"), attrs, store):
            return False
        param_resource = _param_resource(spec.get("paramKind"))
    except (StatusError, ConfigurationError) as error:
        if fails:
            denials.append(Denial(name, "", f"failed to configure policy: {error}"))
        return True
    for binding in bindings:
        binding_name, binding_spec = binding["metadata"]["name"], binding.get("spec") or {}
        try:
            if not matching.matches(binding_spec.get("matchResources"), attrs, store):
                continue
            params = _params(param_resource, binding_spec.get("paramRef"), attrs, store)
        except (StatusError, ConfigurationError) as error:
            if fails:
                denials.append(Denial(name, binding_name, f"failed to configure binding: {error}"))
            continue
        namespace = _namespace(attrs, store)
        for param in params:
            for message, reason in _failures(spec, attrs, param, namespace):
                _act(binding, name, message, reason, store, denials)
    return True


def _act(
    binding: Object, policy: str, message: str, reason: str, store: Store, denials: list[Denial]
) -> None:
    """A failed validation, as the binding's validationActions say (Audit: no audit log)."""
    name = binding["metadata"]["name"]
    for action in (binding.get("spec") or {}).get("validationActions") or ():
        if action == "Deny":
            denials.append(Denial(policy, name, message, reason))
        elif action == "Warn":
            store.warn(
                f"Validation failed for ValidatingAdmissionPolicy '{policy}' with binding "
                f"'{name}': {message}"
            )


def _refusal(attrs: Attributes, denial: Denial) -> StatusError:
    """admission.NewForbidden, given the validation's reason (Invalid by default)."""
    by = f" with binding '{denial.binding}'" if denial.binding else ""
    message = f"ValidatingAdmissionPolicy '{denial.policy}'{by} denied request: {denial.message}"
    error = errors.forbidden_reason(attrs.resource, attrs.display_name(), message)
    error.reason = denial.reason or "Invalid"
    error.code = REASON_CODES.get(error.reason, 500)
    details = error.details if error.details is not None else {}
    details.setdefault("causes", []).append({"message": message})
    error.details = details
    return error


# -- params --------------------------------------------------------------------------------------


def _param_resource(kind: Object | None) -> Resource | None:
    """The resource a policy's paramKind names (None: the policy takes no params)."""
    if kind is None:
        return None
    group, _, version = kind.get("apiVersion", "").rpartition("/")
    for resource in resources.all_resources():
        if (resource.group, resource.version, resource.kind) == (group, version, kind.get("kind")):
            return resource
    gvk = f"{group}/{version}, Kind={kind.get('kind', '')}"
    raise ConfigurationError(f"failed to find resource referenced by paramKind: '{gvk}'")


def _params(
    resource: Resource | None, ref: Object | None, attrs: Attributes, store: Store
) -> list[Object | None]:
    """CollectParams: the objects a binding's paramRef picks ([None]: no params)."""
    if resource is None or ref is None:
        return [None]
    namespace = ""
    if resource.namespaced:
        namespace = ref.get("namespace") or attrs.namespace
        if not namespace:
            raise ConfigurationError(
                "cannot use namespaced paramRef in policy binding that matches cluster-scoped "
                "resources"
            )
    elif ref.get("namespace"):
        raise ConfigurationError(
            "paramRef.namespace must not be provided for a cluster-scoped `paramKind`"
        )
    found = _find_params(resources.request_name(resource), namespace, ref, store)
    if not found and ref.get("parameterNotFoundAction") == "Deny":
        raise ConfigurationError(
            "no params found for policy binding with `Deny` parameterNotFoundAction"
        )
    return list(found)


def _find_params(resource: str, namespace: str, ref: Object, store: Store) -> list[Object]:
    if ref.get("name"):
        if ref.get("selector") is not None:
            raise ConfigurationError("paramRef.name and paramRef.selector are mutually exclusive")
        found = store.lookup(resource, namespace, ref["name"])
        return [found] if found is not None else []
    if ref.get("selector") is None:
        raise ConfigurationError("one of name or selector must be provided")
    try:
        selector = labels.from_label_selector(ref["selector"])
    except labels.SelectorError as error:
        raise ConfigurationError(str(error)) from None
    return [
        obj
        for obj in store.objects(resource, namespace)
        if selector.matches((obj.get("metadata") or {}).get("labels"))
    ]


def _namespace(attrs: Attributes, store: Store) -> Object | None:
    """The request's namespace, for `namespaceObject` (none for a namespace itself)."""
    if not attrs.namespace or (attrs.resource.name == "namespaces" and not attrs.resource.group):
        return None
    namespace = store.lookup("namespaces", "", attrs.namespace)
    if namespace is None:
        raise errors.namespace_not_found(attrs.namespace)
    return namespace


# -- the validator -------------------------------------------------------------------------------


def _failures(
    spec: Object, attrs: Attributes, param: Object | None, namespace: Object | None
) -> list[tuple[str, str]]:
    """validator.Validate: (message, reason) of each validation that denies."""
    fails = spec.get("failurePolicy", "Fail") != "Ignore"
    evaluation = _Evaluation(_activation(attrs, param, namespace))
    try:
        evaluation.compose(spec.get("variables") or ())
        try:
            if not _conditions_hold(spec.get("matchConditions") or (), evaluation):
                return []
        except cel.EvaluationError as error:
            return [(str(error), "")] if fails else []
        return _validations(spec.get("validations") or (), evaluation, fails)
    except cel.OutOfBudget:  # no further validation is run
        return [(OUT_OF_BUDGET, "")] if fails else []


def _validations(validations: Any, evaluation: _Evaluation, fails: bool) -> list[tuple[str, str]]:
    found = []
    for validation in validations:
        try:
            result = evaluation.evaluate(validation.get("expression", ""))
        except cel.EvaluationError as error:
            if fails:
                found.append((str(error), ""))
            continue
        if not cel.is_true(result):
            found.append((_message(validation, evaluation), validation.get("reason", "")))
    return found


def _activation(attrs: Attributes, param: Object | None, namespace: Object | None) -> dict:
    return {
        "object": cel.value(attrs.obj),
        "oldObject": cel.value(attrs.old),
        "request": cel.value(_request(attrs)),
        "params": cel.value(param),
        "namespaceObject": cel.value(namespace),
    }


@dataclass(slots=True)
class _Evaluation:
    """One evaluation of a policy, for one binding and param: what its expressions see, and
    the cost budget they share (cel.OutOfBudget when they spend it)."""

    activation: dict[str, Any]
    budget: cel.Budget = field(default_factory=cel.Budget)

    def evaluate(self, expression: str) -> cel.Value:
        """The expression's value; an error in Kubernetes' words."""
        try:
            return cel.compile_expression(expression).evaluate(self.activation, self.budget)
        except cel.CompileError as error:
            raise cel.EvaluationError(f"compilation error: {error}") from None
        except cel.EvaluationError as error:
            message = f"expression '{expression}' resulted in error: {error}"
            raise cel.EvaluationError(message) from None

    def compose(self, variables: Any) -> None:
        """`variables`: each in order, over those before it; a failed one fails only the
        expressions that read it."""
        found: dict[str, cel.Value | cel.EvaluationError] = {}
        for variable in variables:
            self.activation["variables"] = cel.lazy_map(found)
            try:
                found[variable["name"]] = self.evaluate(variable.get("expression", ""))
            except cel.EvaluationError as error:
                found[variable["name"]] = error
        self.activation["variables"] = cel.lazy_map(found)


def _conditions_hold(conditions: Any, evaluation: _Evaluation) -> bool:
    """matchConditions: any false one skips the policy; else any error is the aggregate's."""
    problems = []
    for condition in conditions:
        try:
            if cel.is_false(evaluation.evaluate(condition.get("expression", ""))):
                return False
        except cel.EvaluationError as error:
            problems.append(str(error))
    if problems:
        raise cel.EvaluationError(problems[0] if len(problems) == 1 else f"[{', '.join(problems)}]")
    return True


def _message(validation: Object, evaluation: _Evaluation) -> str:
    """messageExpression's one-line text, else message, else the failed expression."""
    if validation.get("messageExpression"):
        try:
            text = evaluation.evaluate(validation["messageExpression"])
        except cel.EvaluationError:
            text = None
        if isinstance(text, str) and text.strip() and "\n" not in text:
            return text.strip()
    return (validation.get("message") or "").strip() or (
        f"failed expression: {validation.get('expression', '').strip()}"
    )


def _request(attrs: Attributes) -> Object:
    """CreateAdmissionRequest, as `request` shows it."""
    resource = attrs.resource
    kind = {"group": resource.group, "version": resource.version, "kind": resource.kind}
    if attrs.subresource == "scale":
        kind = SCALE
    gvr = {"group": resource.group, "version": resource.version, "resource": resource.name}
    request: Object = {"kind": kind, "resource": gvr}
    if attrs.subresource:
        request["subResource"] = attrs.subresource
    request |= {"requestKind": kind, "requestResource": gvr}
    if attrs.subresource:
        request["requestSubResource"] = attrs.subresource
    name = attrs.name or ((attrs.obj or {}).get("metadata") or {}).get("name")
    if name:  # a create's name is its object's
        request["name"] = name
    if attrs.namespace:
        request["namespace"] = attrs.namespace
    return request | {
        "operation": attrs.operation,
        "userInfo": attrs.user.to_dict(),
        "dryRun": attrs.dry_run,
        "options": {"kind": OPTIONS.get(attrs.operation, ""), "apiVersion": "meta.k8s.io/v1"},
    }
