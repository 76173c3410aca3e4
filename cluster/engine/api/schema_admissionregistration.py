"""The kinds of admissionregistration.k8s.io/v1 the cluster serves: ValidatingAdmissionPolicy
and ValidatingAdmissionPolicyBinding, and the types they hold."""

from __future__ import annotations

from cluster.engine.api.schema_dsl import define

GROUP = "admissionregistration.k8s.io"

DEFINITIONS = (
    define(
        "admissionregistration.v1.AuditAnnotation",
        "AuditAnnotation describes how to produce an audit annotation for an API request.",
        """
        key              string!  key specifies the audit annotation key.
        valueExpression  string!  valueExpression represents the expression which is evaluated by CEL to produce an audit annotation value.
        """,
    ),
    define(
        "admissionregistration.v1.ExpressionWarning",
        "ExpressionWarning is a warning information that targets a specific expression.",
        """
        fieldRef  string!  fieldRef is the path to the field that refers to the expression.
        warning   string!  warning contains the content of type checking information in a human-readable form.
        """,
    ),
    define(
        "admissionregistration.v1.MatchCondition",
        "MatchCondition represents a condition which must by fulfilled for a request to be sent to a webhook.",
        """
        expression  string!  expression represents the expression which will be evaluated by CEL.
        name        string!  name is an identifier for this match condition, used for strategic merging of MatchConditions, as well as providing an identifier for logging purposes.
        """,
    ),
    define(
        "admissionregistration.v1.MatchResources",
        "MatchResources decides whether to run the admission control policy on an object based on whether it meets the match criteria.",
        """
        excludeResourceRules  []admissionregistration.v1.NamedRuleWithOperations  @list=atomic excludeResourceRules describes what operations on what resources/subresources the ValidatingAdmissionPolicy should not care about.
        matchPolicy           string                                              @enum=Equivalent,Exact matchPolicy defines how the "MatchResources" list is used to match incoming requests.
        namespaceSelector     meta.v1.LabelSelector                               namespaceSelector decides whether to run the admission control policy on an object based on whether the namespace for that object matches the selector.
        objectSelector        meta.v1.LabelSelector                               objectSelector decides whether to run the validation based on if the object has matching labels.
        resourceRules         []admissionregistration.v1.NamedRuleWithOperations  @list=atomic resourceRules describes what operations on what resources/subresources the ValidatingAdmissionPolicy matches.
        """,
        map_type="atomic",
    ),
    define(
        "admissionregistration.v1.NamedRuleWithOperations",
        "NamedRuleWithOperations is a tuple of Operations and Resources with ResourceNames.",
        """
        apiGroups      []string  @list=atomic apiGroups is the API groups the resources belong to.
        apiVersions    []string  @list=atomic apiVersions is the API versions the resources belong to.
        operations     []string  @list=atomic operations is the operations the admission hook cares about - CREATE, UPDATE, DELETE, CONNECT or * for all of those operations and any future admission operations that are added.
        resourceNames  []string  @list=atomic resourceNames is an optional white list of names that the rule applies to.
        resources      []string  @list=atomic resources is a list of resources this rule applies to.
        scope          string    @enum=*,Cluster,Namespaced scope specifies the scope of this rule.
        """,
        map_type="atomic",
    ),
    define(
        "admissionregistration.v1.ParamKind",
        "ParamKind is a tuple of Group Kind and Version.",
        """
        apiVersion  string  apiVersion is the API group version the resources belong to.
        kind        string  kind is the API kind the resources belong to.
        """,
        map_type="atomic",
    ),
    define(
        "admissionregistration.v1.ParamRef",
        "ParamRef describes how to locate the params to be used as input to expressions of rules applied by a policy binding.",
        """
        name                     string                 name is the name of the resource being referenced.
        namespace                string                 namespace is the namespace of the referenced resource.
        parameterNotFoundAction  string                 parameterNotFoundAction controls the behavior of the binding when the resource exists, and name or selector is valid, but there are no parameters matched by the binding.
        selector                 meta.v1.LabelSelector  selector can be used to match multiple param objects based on their labels.
        """,
        map_type="atomic",
    ),
    define(
        "admissionregistration.v1.TypeChecking",
        "TypeChecking contains results of type checking the expressions in the ValidatingAdmissionPolicy",
        """
        expressionWarnings  []admissionregistration.v1.ExpressionWarning  @list=atomic expressionWarnings contains the type checking warnings for each expression.
        """,
    ),
    define(
        "admissionregistration.v1.ValidatingAdmissionPolicy",
        "ValidatingAdmissionPolicy describes the definition of an admission validation policy that accepts or rejects an object without changing it.",
        """
        apiVersion  string                                                    APIVersion defines the versioned schema of this representation of an object.
        kind        string                                                    Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta                                        metadata is the standard object metadata.
        spec        admissionregistration.v1.ValidatingAdmissionPolicySpec    spec defines the desired behavior of the ValidatingAdmissionPolicy.
        status      admissionregistration.v1.ValidatingAdmissionPolicyStatus  status represents the current status of the ValidatingAdmissionPolicy, including warnings that are useful to determine if the policy behaves in the expected way.
        """,
        gvk=(GROUP, "v1", "ValidatingAdmissionPolicy"),
    ),
    define(
        "admissionregistration.v1.ValidatingAdmissionPolicyBinding",
        "ValidatingAdmissionPolicyBinding binds the ValidatingAdmissionPolicy with paramerized resources.",
        """
        apiVersion  string                                                        APIVersion defines the versioned schema of this representation of an object.
        kind        string                                                        Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ObjectMeta                                            metadata is the standard object metadata.
        spec        admissionregistration.v1.ValidatingAdmissionPolicyBindingSpec!  spec defines the desired behavior of the ValidatingAdmissionPolicyBinding.
        """,
        gvk=(GROUP, "v1", "ValidatingAdmissionPolicyBinding"),
    ),
    define(
        "admissionregistration.v1.ValidatingAdmissionPolicyBindingList",
        "ValidatingAdmissionPolicyBindingList is a list of ValidatingAdmissionPolicyBinding.",
        """
        apiVersion  string                                                        APIVersion defines the versioned schema of this representation of an object.
        items       []admissionregistration.v1.ValidatingAdmissionPolicyBinding!  List of PolicyBinding.
        kind        string                                                        Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta                                              metadata is the standard list metadata.
        """,
        gvk=(GROUP, "v1", "ValidatingAdmissionPolicyBindingList"),
    ),
    define(
        "admissionregistration.v1.ValidatingAdmissionPolicyBindingSpec",
        "ValidatingAdmissionPolicyBindingSpec is the specification of the ValidatingAdmissionPolicyBinding.",
        """
        matchResources     admissionregistration.v1.MatchResources  matchResources declares what resources match this binding and will be validated by it.
        paramRef           admissionregistration.v1.ParamRef        paramRef specifies the parameter resource used to configure the admission control policy.
        policyName         string!                                  policyName references a ValidatingAdmissionPolicy name which the ValidatingAdmissionPolicyBinding binds to.
        validationActions  []string!                                @list=set validationActions declares how Validations of the referenced ValidatingAdmissionPolicy are enforced.
        """,
    ),
    define(
        "admissionregistration.v1.ValidatingAdmissionPolicyList",
        "ValidatingAdmissionPolicyList is a list of ValidatingAdmissionPolicy.",
        """
        apiVersion  string                                                 APIVersion defines the versioned schema of this representation of an object.
        items       []admissionregistration.v1.ValidatingAdmissionPolicy!  List of ValidatingAdmissionPolicy.
        kind        string                                                 Kind is a string value representing the REST resource this object represents.
        metadata    meta.v1.ListMeta                                       metadata is the standard list metadata.
        """,
        gvk=(GROUP, "v1", "ValidatingAdmissionPolicyList"),
    ),
    define(
        "admissionregistration.v1.ValidatingAdmissionPolicySpec",
        "ValidatingAdmissionPolicySpec is the specification of the desired behavior of the AdmissionPolicy.",
        """
        auditAnnotations  []admissionregistration.v1.AuditAnnotation  @list=atomic auditAnnotations contains CEL expressions which are used to produce audit annotations for the audit event of the API request.
        failurePolicy     string                                      @enum=Fail,Ignore failurePolicy defines how to handle failures for the admission policy.
        matchConditions   []admissionregistration.v1.MatchCondition   @merge=name @strategy=merge @list=map @keys=name matchConditions is a list of conditions that must be met for a request to be validated.
        matchConstraints  admissionregistration.v1.MatchResources     matchConstraints specifies what resources this policy is designed to validate.
        paramKind         admissionregistration.v1.ParamKind          paramKind specifies the kind of resources used to parameterize this policy.
        validations       []admissionregistration.v1.Validation       @list=atomic validations contain CEL expressions which is used to apply the validation.
        variables         []admissionregistration.v1.Variable         @merge=name @strategy=merge @list=map @keys=name variables contain definitions of variables that can be used in composition of other expressions.
        """,
    ),
    define(
        "admissionregistration.v1.ValidatingAdmissionPolicyStatus",
        "ValidatingAdmissionPolicyStatus represents the status of an admission validation policy.",
        """
        conditions          []meta.v1.Condition                    @list=map @keys=type conditions represent the latest available observations of a policy's current state.
        observedGeneration  int64                                  observedGeneration is the generation observed by the controller.
        typeChecking        admissionregistration.v1.TypeChecking  typeChecking contains the results of type checking for each expression.
        """,
    ),
    define(
        "admissionregistration.v1.Validation",
        "Validation specifies the CEL expression which is used to apply the validation.",
        """
        expression         string!  expression represents the expression which will be evaluated by CEL.
        message            string   message represents the message displayed when validation fails.
        messageExpression  string   messageExpression declares a CEL expression that evaluates to the validation failure message that is returned when this rule fails.
        reason             string   reason represents a machine-readable description of why this validation failed.
        """,
    ),
    define(
        "admissionregistration.v1.Variable",
        "Variable is the definition of a variable that is used for composition.",
        """
        expression  string!  expression is the expression that will be evaluated as the value of the variable.
        name        string!  name is the name of the variable.
        """,
        map_type="atomic",
    ),
)
