"""kubectl explain renders OpenAPI v3 schemas as kubectl's plaintext template does.

The expected texts were checked against the real kubectl 1.37 explaining the same schemas
served over HTTP.
"""

import pytest

from cluster.engine.api import resources
from cluster.engine.cluster import Cluster
from cluster.kubectl.cmd import explain
from cluster.kubectl.context import Context
from tests.cluster.kubectl.helpers import run

POD = "io.k8s.api.core.v1.Pod"
SPEC = "io.k8s.api.core.v1.PodSpec"
LONG = "verylongwordthatgoes" + "onand" * 14 + "on"  # longer than a line: never broken
DOCUMENT = {
    "paths": {
        "/api/v1/namespaces/{namespace}/pods/{name}": {
            "get": {
                "x-kubernetes-group-version-kind": {"group": "", "kind": "Pod", "version": "v1"}
            }
        }
    },
    "components": {
        "schemas": {
            POD: {
                "description": "Pod is a collection of containers that can run on a host.",
                "type": "object",
                "properties": {
                    "kind": {"type": "string", "description": "Kind is a string value."},
                    "spec": {
                        "allOf": [{"$ref": f"#/components/schemas/{SPEC}"}],
                        "description": "Specification of the desired behavior of the Pod.",
                    },
                },
                "x-kubernetes-group-version-kind": [{"group": "", "kind": "Pod", "version": "v1"}],
            },
            SPEC: {
                "description": "PodSpec is a description of a pod.",
                "type": "object",
                "required": ["containers"],
                "properties": {
                    "containers": {
                        "type": "array",
                        "items": {"type": "object", "properties": {"name": {"type": "string"}}},
                        "description": "List of containers belonging to the pod.",
                    },
                    "dnsPolicy": {
                        "type": "string",
                        "enum": ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None", ""],
                        "description": "Set DNS policy for the pod.",
                    },
                    "hostname": {
                        "type": "string",
                        "description": "Specifies the hostname of the Pod",
                        "externalDocs": {
                            "description": "More about hostnames and how they are set for pods "
                            "in a cluster that uses DNS",
                            "url": "https://kubernetes.io/docs/hostname",
                        },
                    },
                    "nodeSelector": {
                        "type": "object",
                        "additionalProperties": {"type": "string"},
                        "description": f"A very long description with a {LONG} and more\n"
                        "with a line break   and  spaces.",
                    },
                    "restartPolicy": {
                        "type": "string",
                        "enum": ["Always", "Never", "OnFailure"],
                        "description": "Restart policy for all containers within the pod.",
                    },
                },
            },
        }
    },
}


def explained(path, recursive=False):
    ctx = Context(transport=None, credential=None)
    explainer = explain.Explainer(DOCUMENT, recursive)
    explainer.explain(ctx, resources.lookup("pods"), path)
    return ctx.out.getvalue()


def test_a_kind_with_its_fields():
    assert explained([]) == (
        "KIND:       Pod\nVERSION:    v1\n\n"
        "DESCRIPTION:\n    Pod is a collection of containers that can run on a host.\n    \n"
        "FIELDS:\n"
        "  kind\t<string>\n    Kind is a string value.\n\n"
        "  spec\t<PodSpec>\n    Specification of the desired behavior of the Pod.\n\n\n"
    )


def test_a_field_through_a_reference_with_enums_docs_and_wrapping():
    text = explained(["spec"])
    assert text.startswith(
        "KIND:       Pod\nVERSION:    v1\n\nFIELD: spec <PodSpec>\n\n\n"
        "DESCRIPTION:\n    Specification of the desired behavior of the Pod.\n"
        "    PodSpec is a description of a pod.\n    \nFIELDS:\n"
        "  containers\t<[]Object> -required-\n    List of containers belonging to the pod.\n\n"
        "  dnsPolicy\t<string>\n  enum: ClusterFirst, ClusterFirstWithHostNet, Default, None, ....\n"
        "    Set DNS policy for the pod.\n\n"
        "  hostname\t<string>\n    Specifies the hostname of the Pod\n\n"
        "    EXTERNAL DOCS:\n"
        "      More about hostnames and how they are set for pods in a cluster that uses\n"
        "      DNS\n      URL: https://kubernetes.io/docs/hostname\n\n"
        "  nodeSelector\t<map[string]string>\n    A very long description with a\n"
        f"    {LONG}\n"
        "    and more\n    with a line break   and  spaces.\n\n"
    )


def test_a_leaf_field_lists_its_enum():
    assert explained(["spec", "restartPolicy"]) == (
        "KIND:       Pod\nVERSION:    v1\n\nFIELD: restartPolicy <string>\n"
        "ENUM:\n    Always\n    Never\n    OnFailure\n\n"
        "DESCRIPTION:\n    Restart policy for all containers within the pod.\n    \n\n"
    )


def test_recursive_lists_names_and_types_only():
    assert explained(["spec"], recursive=True).endswith(
        "FIELDS:\n  containers\t<[]Object> -required-\n    name\t<string>\n"
        "  dnsPolicy\t<string>\n  enum: ClusterFirst, ClusterFirstWithHostNet, Default, None, ....\n"
        "  hostname\t<string>\n  nodeSelector\t<map[string]string>\n"
        "  restartPolicy\t<string>\n  enum: Always, Never, OnFailure\n\n"
    )


@pytest.fixture(scope="module")
def cluster():
    return Cluster()


def test_the_servers_schema_through_kubectl(cluster):
    result = run(cluster, "explain", "deployments.apps.spec.replicas")
    assert result.stdout.startswith(
        "GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nFIELD: replicas <integer>\n"
    )
    assert run(cluster, "explain", "deploy.spec").stdout.startswith(
        "GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nFIELD: spec <DeploymentSpec>\n"
    )


TYPE_META = (
    "FIELDS:\n"
    "  apiVersion\t<string>\n"
    "    APIVersion defines the versioned schema of this representation of an object.\n"
    "    Servers should convert recognized schemas to the latest internal value, and\n"
    "    may reject unrecognized values. More info:\n"
    "    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources\n"
    "\n"
    "  kind\t<string>\n"
    "    Kind is a string value representing the REST resource this object\n"
    "    represents. Servers may infer this from the endpoint the client submits\n"
    "    requests to. Cannot be updated. In CamelCase. More info:\n"
    "    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds\n"
    "\n"
)


def test_a_replication_controller_by_its_short_name(cluster):
    assert run(cluster, "explain", "rc").stdout == (
        "KIND:       ReplicationController\n"
        "VERSION:    v1\n"
        "\n"
        "DESCRIPTION:\n"
        "    ReplicationController represents the configuration of a replication\n"
        "    controller.\n"
        "    \n"
        f"{TYPE_META}"
        "  metadata\t<ObjectMeta>\n"
        "    If the Labels of a ReplicationController are empty, they are defaulted to be\n"
        "    the same as the Pod(s) that the replication controller manages. Standard\n"
        "    object's metadata. More info:\n"
        "    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata\n"
        "\n"
        "  spec\t<ReplicationControllerSpec>\n"
        "    Spec defines the specification of the desired behavior of the replication\n"
        "    controller. More info:\n"
        "    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status\n"
        "\n"
        "  status\t<ReplicationControllerStatus>\n"
        "    Status is the most recently observed status of the replication controller.\n"
        "    This data may be out of date by some window of time. Populated by the\n"
        "    system. Read-only. More info:\n"
        "    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status\n"
        "\n\n"
    )


def test_a_replication_controllers_selector_is_a_map_of_labels(cluster):
    assert run(cluster, "explain", "replicationcontroller.spec.selector").stdout == (
        "KIND:       ReplicationController\n"
        "VERSION:    v1\n"
        "\n"
        "FIELD: selector <map[string]string>\n"
        "\n\n"
        "DESCRIPTION:\n"
        "    Selector is a label query over pods that should match the Replicas count. If\n"
        "    Selector is empty, it is defaulted to the labels present on the Pod\n"
        "    template. Label keys and values that must match in order to be controlled by\n"
        "    this replication controller, if empty defaulted to labels on Pod template.\n"
        "    More info:\n"
        "    https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors\n"
        "    \n\n"
    )


def test_a_pod_template(cluster):
    assert run(cluster, "explain", "podtemplate").stdout == (
        "KIND:       PodTemplate\n"
        "VERSION:    v1\n"
        "\n"
        "DESCRIPTION:\n"
        "    PodTemplate describes a template for creating copies of a predefined pod.\n"
        "    \n"
        f"{TYPE_META}"
        "  metadata\t<ObjectMeta>\n"
        "    Standard object's metadata. More info:\n"
        "    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata\n"
        "\n"
        "  template\t<PodTemplateSpec>\n"
        "    Template defines the pods that will be created from this pod template.\n"
        "    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status\n"
        "\n\n"
    )


def test_a_runtime_class(cluster):
    assert run(cluster, "explain", "runtimeclass").stdout == (
        "GROUP:      node.k8s.io\n"
        "KIND:       RuntimeClass\n"
        "VERSION:    v1\n"
        "\n"
        "DESCRIPTION:\n"
        "    RuntimeClass defines a class of container runtime supported in the cluster.\n"
        "    The RuntimeClass is used to determine which container runtime is used to run\n"
        "    all containers in a pod. RuntimeClasses are manually defined by a user or\n"
        "    cluster provisioner, and referenced in the PodSpec. The Kubelet is\n"
        "    responsible for resolving the RuntimeClassName reference before running the\n"
        "    pod.  For more details, see\n"
        "    https://kubernetes.io/docs/concepts/containers/runtime-class/\n"
        "    \n"
        "FIELDS:\n"
        "  apiVersion\t<string>\n"
        "    APIVersion defines the versioned schema of this representation of an object.\n"
        "    Servers should convert recognized schemas to the latest internal value, and\n"
        "    may reject unrecognized values. More info:\n"
        "    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources\n"
        "\n"
        "  handler\t<string> -required-\n"
        "    handler specifies the underlying runtime and configuration that the CRI\n"
        "    implementation will use to handle pods of this class. The possible values\n"
        "    are specific to the node & CRI configuration.  It is assumed that all\n"
        "    handlers are available on every node, and handlers of the same name are\n"
        '    equivalent on every node. For example, a handler called "runc" might specify\n'
        "    that the runc OCI runtime (using native Linux containers) will be used to\n"
        "    run the containers in a pod. The Handler must be lowercase, conform to the\n"
        "    DNS Label (RFC 1123) requirements, and is immutable.\n"
        "\n"
        "  kind\t<string>\n"
        "    Kind is a string value representing the REST resource this object\n"
        "    represents. Servers may infer this from the endpoint the client submits\n"
        "    requests to. Cannot be updated. In CamelCase. More info:\n"
        "    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds\n"
        "\n"
        "  metadata\t<ObjectMeta>\n"
        "    metadata is the standard object metadata. More info:\n"
        "    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata\n"
        "\n"
        "  overhead\t<Overhead>\n"
        "    overhead represents the resource overhead associated with running a pod for\n"
        "    a given RuntimeClass. For more details, see\n"
        "     https://kubernetes.io/docs/concepts/scheduling-eviction/pod-overhead/\n"
        "\n"
        "  scheduling\t<Scheduling>\n"
        "    scheduling holds the scheduling constraints to ensure that pods running with\n"
        "    this RuntimeClass are scheduled to nodes that support it. If scheduling is\n"
        "    nil, this RuntimeClass is assumed to be supported by all nodes.\n"
        "\n\n"
    )


def test_a_runtime_classs_scheduling(cluster):
    assert run(cluster, "explain", "runtimeclasses.node.k8s.io.scheduling").stdout == (
        "GROUP:      node.k8s.io\n"
        "KIND:       RuntimeClass\n"
        "VERSION:    v1\n"
        "\n"
        "FIELD: scheduling <Scheduling>\n"
        "\n\n"
        "DESCRIPTION:\n"
        "    scheduling holds the scheduling constraints to ensure that pods running with\n"
        "    this RuntimeClass are scheduled to nodes that support it. If scheduling is\n"
        "    nil, this RuntimeClass is assumed to be supported by all nodes.\n"
        "    Scheduling specifies the scheduling constraints for nodes supporting a\n"
        "    RuntimeClass.\n"
        "    \n"
        "FIELDS:\n"
        "  nodeSelector\t<map[string]string>\n"
        "    nodeSelector lists labels that must be present on nodes that support this\n"
        "    RuntimeClass. Pods using this RuntimeClass can only be scheduled to a node\n"
        "    matched by this selector. The RuntimeClass nodeSelector is merged with a\n"
        "    pod's existing nodeSelector. Any conflicts will cause the pod to be rejected\n"
        "    in admission.\n"
        "\n"
        "  tolerations\t<[]Toleration>\n"
        "    tolerations are appended (excluding duplicates) to pods running with this\n"
        "    RuntimeClass during admission, effectively unioning the set of nodes\n"
        "    tolerated by the pod and the RuntimeClass.\n"
        "\n\n"
    )


def test_a_service_cidr(cluster):
    assert run(cluster, "explain", "servicecidr").stdout == (
        "GROUP:      networking.k8s.io\n"
        "KIND:       ServiceCIDR\n"
        "VERSION:    v1\n"
        "\n"
        "DESCRIPTION:\n"
        "    ServiceCIDR defines a range of IP addresses using CIDR format (e.g.\n"
        "    192.168.0.0/24 or 2001:db2::/64). This range is used to allocate ClusterIPs\n"
        "    to Service objects.\n"
        "    \n"
        f"{TYPE_META}"
        "  metadata\t<ObjectMeta>\n"
        "    metadata is the standard object metadata. More info:\n"
        "    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata\n"
        "\n"
        "  spec\t<ServiceCIDRSpec>\n"
        "    spec is the desired state of the ServiceCIDR. More info:\n"
        "    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status\n"
        "\n"
        "  status\t<ServiceCIDRStatus>\n"
        "    status represents the current state of the ServiceCIDR. More info:\n"
        "    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status\n"
        "\n\n"
    )


def test_an_ip_addresss_parent_reference_by_its_short_name(cluster):
    assert run(cluster, "explain", "ip.spec.parentRef").stdout == (
        "GROUP:      networking.k8s.io\n"
        "KIND:       IPAddress\n"
        "VERSION:    v1\n"
        "\n"
        "FIELD: parentRef <ParentReference>\n"
        "\n\n"
        "DESCRIPTION:\n"
        "    parentRef references the resource that an IPAddress is attached to. An\n"
        "    IPAddress must reference a parent object.\n"
        "    ParentReference describes a reference to a parent object.\n"
        "    \n"
        "FIELDS:\n"
        "  group\t<string>\n"
        "    group is the group of the object being referenced.\n"
        "\n"
        "  name\t<string> -required-\n"
        "    name is the name of the object being referenced.\n"
        "\n"
        "  namespace\t<string>\n"
        "    namespace is the namespace of the object being referenced.\n"
        "\n"
        "  resource\t<string> -required-\n"
        "    resource is the resource of the object being referenced.\n"
        "\n\n"
    )


def test_a_validating_admission_policy_binding(cluster):
    assert run(cluster, "explain", "validatingadmissionpolicybinding").stdout == (
        "GROUP:      admissionregistration.k8s.io\n"
        "KIND:       ValidatingAdmissionPolicyBinding\n"
        "VERSION:    v1\n"
        "\n"
        "DESCRIPTION:\n"
        "    ValidatingAdmissionPolicyBinding binds the ValidatingAdmissionPolicy with\n"
        "    paramerized resources. ValidatingAdmissionPolicyBinding and parameter CRDs\n"
        "    together define how cluster administrators configure policies for clusters.\n"
        "    \n"
        "    For a given admission request, each binding will cause its policy to be\n"
        "    evaluated N times, where N is 1 for policies/bindings that don't use params,\n"
        "    otherwise N is the number of parameters selected by the binding.\n"
        "    \n"
        "    The CEL expressions of a policy must have a computed CEL cost below the\n"
        "    maximum CEL budget. Each evaluation of the policy is given an independent\n"
        "    CEL cost budget. Adding/removing policies, bindings, or params can not\n"
        "    affect whether a given (policy, binding, param) combination is within its\n"
        "    own CEL budget.\n"
        "    \n"
        f"{TYPE_META}"
        "  metadata\t<ObjectMeta>\n"
        "    metadata is the standard object metadata; More info:\n"
        "    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata.\n"
        "\n"
        "  spec\t<ValidatingAdmissionPolicyBindingSpec> -required-\n"
        "    spec defines the desired behavior of the ValidatingAdmissionPolicyBinding.\n"
        "\n\n"
    )


def test_a_policy_rules_scope_lists_its_values(cluster):
    path = "validatingadmissionpolicies.spec.matchConstraints.resourceRules.scope"
    assert run(cluster, "explain", path).stdout == (
        "GROUP:      admissionregistration.k8s.io\n"
        "KIND:       ValidatingAdmissionPolicy\n"
        "VERSION:    v1\n"
        "\n"
        "FIELD: scope <string>\n"
        "ENUM:\n"
        "    *\n"
        "    Cluster\n"
        "    Namespaced\n"
        "\n"
        "DESCRIPTION:\n"
        '    scope specifies the scope of this rule. Valid values are "Cluster",\n'
        '    "Namespaced", and "*" "Cluster" means that only cluster-scoped resources\n'
        '    will match this rule. Namespace API objects are cluster-scoped. "Namespaced"\n'
        '    means that only namespaced resources will match this rule. "*" means that\n'
        "    there are no scope restrictions. Subresources match the scope of their\n"
        '    parent resource. Default is "*".\n'
        "    \n\n"
    )


def test_errors(cluster):
    missing = run(cluster, "explain", "pods.spec.nope")
    assert (missing.stdout, missing.stderr) == (
        "KIND:       Pod\nVERSION:    v1\n\n",
        'error: field "nope" does not exist\n',
    )
    assert run(cluster, "explain", "widgets").stderr == (
        'the server doesn\'t have a resource type "widgets"\n'
    )
    assert run(cluster, "explain", "pods", "--api-version=apps/v1").stderr == (
        "error: GVR (apps/v1, Resource=pods) not found in OpenAPI schema\n"
    )
    assert run(cluster, "explain").stderr == (
        'error: You must specify the type of resource to explain. Use "kubectl api-resources" '
        "for a complete list of supported resources.\n"
    )


def test_a_core_resource_wins_over_a_group_named_after_it() -> None:
    """kubectl takes `nodes.metrics.k8s.io` for the core nodes and the fields after it."""
    result = run(Cluster(), "explain", "nodes.metrics.k8s.io")
    assert (result.stdout, result.stderr) == (
        "KIND:       Node\nVERSION:    v1\n\n",
        'error: field "io" does not exist\n',
    )


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (
            ["pods", "--api-version=apps/v1"],
            "GVR (apps/v1, Resource=pods) not found in OpenAPI schema",
        ),
        (
            ["deployments", "--api-version=apps/v2"],
            'couldn\'t find resource for "apps/v2, Resource=deployments"',
        ),
        (
            ["deployments", "--api-version=v2"],
            'couldn\'t find resource for "/v2, Resource=deployments"',
        ),
    ],
)
def test_another_api_version_is_looked_for_as_the_openapi_client_looks(argv, error):
    assert run(Cluster(), "explain", *argv).stderr == f"error: {error}\n"
