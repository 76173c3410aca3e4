"""The ValidatingAdmissionPolicy admission plugin: policies of CEL expressions, bound to the
requests they judge (k8s.io/apiserver/pkg/admission/plugin/policy/validating)."""
