"""The /openapi/v3 documents: what kubectl reads from them, and the schemas being whole."""

import hashlib
import json

import pytest
from kubernetes.client import models

from cluster.engine.api import openapi, resources, schema, servicevalidation, validation

PATHS = [
    "api/v1",
    "apis/apps/v1",
    "apis/rbac.authorization.k8s.io/v1",
    "apis/node.k8s.io/v1",
    "apis/networking.k8s.io/v1",
    "apis/admissionregistration.k8s.io/v1",
]


def test_the_index_links_each_group_version_with_the_hash_of_its_document():
    index = openapi.index("/k8s/alice/default")
    assert set(PATHS) <= set(index["paths"])
    url = index["paths"]["apis/apps/v1"]["serverRelativeURL"]
    digest = hashlib.sha512(openapi.document_bytes("apis/apps/v1")).hexdigest().upper()
    assert url == f"/k8s/alice/default/openapi/v3/apis/apps/v1?hash={digest}"


def test_an_unknown_group_version_has_no_document():
    assert openapi.document("apis/flowcontrol.apiserver.k8s.io/v1") is None


def test_documents_are_computed_once_and_the_same_bytes_each_time():
    assert openapi.document("api/v1") is openapi.document("api/v1")
    assert json.loads(openapi.document_bytes("api/v1")) == openapi.document("api/v1")


def supports_query_param(doc, group, version, kind, param):
    """kubectl's supportsQueryParamV3: the first PATCH for the kind decides."""
    for path in doc["paths"].values():
        op = path.get("patch")
        if op and op["x-kubernetes-group-version-kind"] == {
            "group": group,
            "kind": kind,
            "version": version,
        }:
            return any(p["name"] == param for p in op["parameters"])
    return False


@pytest.mark.parametrize(
    "resource", [r for r in resources.all_resources() if r.serves("patch")], ids=lambda r: r.name
)
def test_kubectl_finds_server_side_field_validation_and_dry_run_for_every_kind(resource):
    doc = openapi.document("apis/" + resource.api_version if resource.group else "api/v1")
    for param in ("fieldValidation", "dryRun", "fieldManager"):
        assert supports_query_param(doc, resource.group, resource.version, resource.kind, param)


def test_creates_and_replaces_take_the_write_parameters_too():
    pods = openapi.document("api/v1")["paths"]
    for method, path in (
        ("post", "/api/v1/namespaces/{namespace}/pods"),
        ("put", "/api/v1/namespaces/{namespace}/pods/{name}"),
    ):
        names = [p["name"] for p in pods[path][method]["parameters"]]
        assert names == ["dryRun", "fieldManager", "fieldValidation"]
    patch = pods["/api/v1/namespaces/{namespace}/pods/{name}"]["patch"]
    assert patch["operationId"] == "patchCoreV1NamespacedPod"
    assert "application/strategic-merge-patch+json" in patch["requestBody"]["content"]


def test_the_scale_subresource_speaks_autoscaling_v1_scale():
    paths = openapi.document("apis/apps/v1")["paths"]
    op = paths["/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale"]["put"]
    assert op["x-kubernetes-group-version-kind"] == {
        "group": "autoscaling",
        "kind": "Scale",
        "version": "v1",
    }
    assert op["operationId"] == "replaceAppsV1NamespacedDeploymentScale"


def test_replication_controllers_and_pod_templates_are_served_with_their_kinds():
    doc = openapi.document("api/v1")
    schemas = doc["components"]["schemas"]
    for kind in ("ReplicationController", "ReplicationControllerList", "PodTemplate"):
        assert schemas[f"io.k8s.api.core.v1.{kind}"]["x-kubernetes-group-version-kind"] == [
            {"group": "", "kind": kind, "version": "v1"}
        ]
    scale = doc["paths"]["/api/v1/namespaces/{namespace}/replicationcontrollers/{name}/scale"]
    assert scale["patch"]["x-kubernetes-group-version-kind"]["kind"] == "Scale"
    assert scale["patch"]["operationId"] == "patchCoreV1NamespacedReplicationControllerScale"


def test_a_replication_controllers_selector_is_atomic_and_its_conditions_keyed_by_type():
    rc = "io.k8s.api.core.v1.ReplicationController"
    selector = schema.field_schema(rc, ["spec", "selector"])
    assert (selector["additionalProperties"], selector["x-kubernetes-map-type"]) == (
        {"type": "string"},
        "atomic",
    )
    conditions = schema.field_schema(rc, ["status", "conditions"])
    assert {k: v for k, v in conditions.items() if k.startswith("x-kubernetes-")} == {
        "x-kubernetes-patch-merge-key": "type",
        "x-kubernetes-patch-strategy": "merge",
        "x-kubernetes-list-type": "map",
        "x-kubernetes-list-map-keys": ["type"],
    }
    assert schema.resolve(schema.field_schema(rc, ["status"]))["required"] == ["replicas"]


def test_runtime_classes_are_served_in_the_node_group_document():
    doc = openapi.document("apis/node.k8s.io/v1")
    schemas = doc["components"]["schemas"]
    for kind in ("RuntimeClass", "RuntimeClassList"):
        assert schemas[f"io.k8s.api.node.v1.{kind}"]["x-kubernetes-group-version-kind"] == [
            {"group": "node.k8s.io", "kind": kind, "version": "v1"}
        ]
    assert {"io.k8s.api.node.v1.Overhead", "io.k8s.api.node.v1.Scheduling"} <= set(schemas)
    patch = doc["paths"]["/apis/node.k8s.io/v1/runtimeclasses/{name}"]["patch"]
    assert patch["operationId"] == "patchNodeV1RuntimeClass"
    scheduling = schemas["io.k8s.api.node.v1.Scheduling"]["properties"]
    assert scheduling["nodeSelector"]["x-kubernetes-map-type"] == "atomic"
    assert scheduling["tolerations"]["x-kubernetes-list-type"] == "atomic"


def test_service_cidrs_and_ip_addresses_are_served_in_the_networking_group_document():
    doc = openapi.document("apis/networking.k8s.io/v1")
    schemas = doc["components"]["schemas"]
    for kind in ("ServiceCIDR", "ServiceCIDRList", "IPAddress", "IPAddressList"):
        assert schemas[f"io.k8s.api.networking.v1.{kind}"]["x-kubernetes-group-version-kind"] == [
            {"group": "networking.k8s.io", "kind": kind, "version": "v1"}
        ]
    patches = {
        path: ops["patch"]["operationId"] for path, ops in doc["paths"].items() if "patch" in ops
    }
    assert patches["/apis/networking.k8s.io/v1/servicecidrs/{name}/status"] == (
        "patchNetworkingV1ServiceCIDRStatus"
    )
    assert patches["/apis/networking.k8s.io/v1/ipaddresses/{name}"] == "patchNetworkingV1IPAddress"
    spec = schemas["io.k8s.api.networking.v1.IPAddressSpec"]
    assert spec["required"] == ["parentRef"]
    parent = schemas["io.k8s.api.networking.v1.ParentReference"]
    assert set(parent["required"]) == {"name", "resource"}


def test_a_service_cidrs_cidrs_are_atomic_and_its_conditions_keyed_by_type():
    cidr = "io.k8s.api.networking.v1.ServiceCIDR"
    assert schema.field_schema(cidr, ["spec", "cidrs"])["x-kubernetes-list-type"] == "atomic"
    conditions = schema.field_schema(cidr, ["status", "conditions"])
    assert {k: v for k, v in conditions.items() if k.startswith("x-kubernetes-")} == {
        "x-kubernetes-patch-merge-key": "type",
        "x-kubernetes-patch-strategy": "merge",
        "x-kubernetes-list-type": "map",
        "x-kubernetes-list-map-keys": ["type"],
    }


def test_validating_admission_policies_and_bindings_are_served_in_their_group_document():
    group = "admissionregistration.k8s.io"
    doc = openapi.document(f"apis/{group}/v1")
    schemas = doc["components"]["schemas"]
    kinds = ("ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding")
    for kind in (*kinds, *(f"{kind}List" for kind in kinds)):
        assert schemas[f"io.k8s.api.admissionregistration.v1.{kind}"][
            "x-kubernetes-group-version-kind"
        ] == [{"group": group, "kind": kind, "version": "v1"}]
    patches = {
        path: ops["patch"]["operationId"] for path, ops in doc["paths"].items() if "patch" in ops
    }
    assert patches[f"/apis/{group}/v1/validatingadmissionpolicies/{{name}}/status"] == (
        "patchAdmissionregistrationV1ValidatingAdmissionPolicyStatus"
    )
    assert patches[f"/apis/{group}/v1/validatingadmissionpolicybindings/{{name}}"] == (
        "patchAdmissionregistrationV1ValidatingAdmissionPolicyBinding"
    )
    spec = schemas["io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicyBindingSpec"]
    assert spec["required"] == ["policyName", "validationActions"]
    assert spec["properties"]["validationActions"]["x-kubernetes-list-type"] == "set"


def test_a_policys_match_conditions_and_variables_are_keyed_by_name():
    policy = "io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicy"
    for field in ("matchConditions", "variables"):
        found = schema.field_schema(policy, ["spec", field])
        assert {k: v for k, v in found.items() if k.startswith("x-kubernetes-")} == {
            "x-kubernetes-patch-merge-key": "name",
            "x-kubernetes-patch-strategy": "merge",
            "x-kubernetes-list-type": "map",
            "x-kubernetes-list-map-keys": ["name"],
        }
    rules = schema.field_schema(policy, ["spec", "matchConstraints", "resourceRules"])
    assert rules["x-kubernetes-list-type"] == "atomic"
    assert schema.field_schema(policy, ["spec", "failurePolicy"])["enum"] == ["Fail", "Ignore"]


@pytest.mark.parametrize("path", PATHS)
def test_every_reference_resolves_inside_its_document(path):
    doc = openapi.document(path)
    text = openapi.document_bytes(path).decode()
    refs = {part.split('"')[0] for part in text.split('"$ref":"#/components/schemas/')[1:]}
    assert refs <= set(doc["components"]["schemas"])


def client_model(name):
    """The official Python client's model of a definition, by its Kubernetes name."""
    group, version, kind = name.rsplit(".", 3)[1:]
    # CoreV1EndpointPort, V1Pod, V2HorizontalPodAutoscaler, V1alpha3WorkloadPodGroupSchedulingPolicy
    for prefix in (group.capitalize() + version.capitalize(), version.capitalize(), "V1"):
        model = getattr(models, prefix + kind, None)
        if model is not None:
            return model
    return None


# structs with fields: the client has no model of an empty one
STRUCTS = sorted(n for n, s in schema.definitions().items() if s.get("properties"))
METRICS = "io.k8s.metrics.pkg.apis.metrics.v1beta1."  # metrics-server's: not in the client


def test_every_type_but_metrics_servers_is_one_the_official_client_knows():
    unknown = [name for name in STRUCTS if client_model(name) is None]
    assert unknown and all(name.startswith(METRICS) for name in unknown)


@pytest.mark.parametrize("name", [n for n in STRUCTS if not n.startswith(METRICS)])
def test_each_type_has_the_fields_and_required_fields_kubernetes_gives_it(name):
    model = client_model(name)
    definition = schema.definitions()[name]
    wire = {attr: json for attr, json in model.attribute_map.items()}
    assert set(definition["properties"]) == set(wire.values())
    required = {
        wire[attr] for attr, f in model.model_fields.items() if f.is_required() and attr in wire
    }
    assert set(definition.get("required", ())) == required


def test_lists_carry_their_strategic_merge_keys():
    spec = schema.definitions()["io.k8s.api.core.v1.PodSpec"]["properties"]
    assert spec["containers"]["x-kubernetes-patch-merge-key"] == "name"
    assert spec["containers"]["x-kubernetes-list-map-keys"] == ["name"]
    ports = schema.field_schema("io.k8s.api.core.v1.Pod", ["spec", "containers", "ports"])
    assert (ports["x-kubernetes-patch-strategy"], ports["x-kubernetes-patch-merge-key"]) == (
        "merge",
        "containerPort",
    )
    port = schema.field_schema(
        "io.k8s.api.core.v1.Pod", ["spec", "containers", "livenessProbe", "httpGet", "port"]
    )
    assert schema.resolve(port)["x-kubernetes-int-or-string"] is True


ENUMS_VALIDATED = [
    ("io.k8s.api.core.v1.PodSpec", "restartPolicy", validation.RESTART_POLICIES),
    ("io.k8s.api.core.v1.PodSpec", "dnsPolicy", validation.DNS_POLICIES),
    ("io.k8s.api.core.v1.PodSpec", "preemptionPolicy", validation.PREEMPTION_POLICIES),
    ("io.k8s.api.core.v1.Container", "imagePullPolicy", validation.PULL_POLICIES),
    (
        "io.k8s.api.core.v1.Container",
        "terminationMessagePolicy",
        validation.TERMINATION_MESSAGE_POLICIES,
    ),
    ("io.k8s.api.core.v1.ContainerPort", "protocol", validation.PROTOCOLS),
    ("io.k8s.api.core.v1.Taint", "effect", validation.TAINT_EFFECTS),
    ("io.k8s.api.core.v1.ServiceSpec", "sessionAffinity", servicevalidation.AFFINITIES),
    ("io.k8s.api.core.v1.ServicePort", "protocol", servicevalidation.PROTOCOLS),
    ("io.k8s.api.discovery.v1.EndpointSlice", "addressType", servicevalidation.ADDRESS_TYPES),
]


@pytest.mark.parametrize(("name", "field", "accepted"), ENUMS_VALIDATED)
def test_an_enum_lists_what_validation_accepts(name, field, accepted):
    """`kubectl explain` shows the values of a Go `+enum` type; validation takes those."""
    assert schema.definitions()[name]["properties"][field]["enum"] == sorted(accepted)


def test_enums_are_sorted_as_kube_openapi_writes_them():
    enums = [
        prop["enum"]
        for definition in schema.definitions().values()
        for prop in definition.get("properties", {}).values()
        if "enum" in prop
    ]
    assert len(enums) > 30
    assert all(values == sorted(values) for values in enums)


def test_kinds_are_found_by_api_version_and_kind():
    assert schema.kind_definition("apps/v1", "Deployment") == "io.k8s.api.apps.v1.Deployment"
    pod = schema.definitions()["io.k8s.api.core.v1.Pod"]
    assert pod["x-kubernetes-group-version-kind"] == [{"group": "", "kind": "Pod", "version": "v1"}]
    pod = {"spec": {"containers": [{"name": "a", "imagee": "x"}]}}
    assert schema.prune_unknown("v1", "Pod", pod) == ["spec.containers[0].imagee"]
    assert pod == {"spec": {"containers": [{"name": "a"}]}}


def test_exec_is_a_connect_operation_and_logs_take_their_options():
    paths = openapi.document("api/v1")["paths"]
    connect = paths["/api/v1/namespaces/{namespace}/pods/{name}/exec"]["post"]
    assert connect["operationId"] == "connectCoreV1PostNamespacedPodExec"
    assert connect["x-kubernetes-group-version-kind"] == {
        "group": "",
        "kind": "PodExecOptions",
        "version": "v1",
    }
    log = paths["/api/v1/namespaces/{namespace}/pods/{name}/log"]["get"]
    assert log["operationId"] == "readCoreV1NamespacedPodLog"
    assert "follow" in [p["name"] for p in log["parameters"]]


CRD = "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition"


def test_a_custom_resource_definition_is_described_down_into_its_versions_schemas():
    crd = schema.kind_schema("apiextensions.k8s.io/v1", "CustomResourceDefinition")
    assert crd is schema.definitions()[CRD]
    assert crd["required"] == ["spec"]
    root = schema.field_schema(CRD, ["spec", "versions", "schema", "openAPIV3Schema"])
    assert schema.referenced(root) == CRD.replace("CustomResourceDefinition", "JSONSchemaProps")
    fields = schema.resolve(root)["properties"]
    assert {"$ref", "$schema", "x-kubernetes-preserve-unknown-fields"} <= set(fields)
    assert fields["x-kubernetes-validations"]["x-kubernetes-list-map-keys"] == ["rule"]
    assert schema.field_schema(CRD, ["spec", "versions", "served"])["type"] == "boolean"
    # a schema's properties are schemas again, as deep as the custom resource goes
    deep = ["openAPIV3Schema", "properties", "spec", "properties", "replicas", "type"]
    assert schema.field_schema(CRD, ["spec", "versions", "schema", *deep])["type"] == "string"
