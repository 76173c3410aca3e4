"""Server-side printing: the cells of the Tables kubectl get prints."""

from typing import Any

import pytest

from cluster.engine.apiserver import printers

NOW = 1_767_225_660  # a minute after the objects were made
MADE = {"creationTimestamp": "2026-01-01T00:00:00Z"}


def cells(kind: str, obj: dict[str, Any]) -> list[object]:
    obj["metadata"] = {"name": "web", **MADE}
    return printers.table(kind, [obj], NOW, {})["rows"][0]["cells"]


def columns(kind: str) -> list[tuple[str, int]]:
    table = printers.table(kind, [], NOW, {})
    return [(c["name"], c["priority"]) for c in table["columnDefinitions"]]


def test_services_print_type_addresses_ports_and_their_selector_when_wide():
    assert columns("Service") == [
        ("Name", 0),
        ("Type", 0),
        ("Cluster-IP", 0),
        ("External-IP", 0),
        ("Port(s)", 0),
        ("Age", 0),
        ("Selector", 1),
    ]


@pytest.mark.parametrize(
    ("spec", "status", "expected"),
    [
        pytest.param(
            {
                "type": "ClusterIP",
                "clusterIPs": ["10.96.5.5"],
                "ports": [{"port": 80, "protocol": "TCP"}],
                "selector": {"app": "web"},
            },
            {},
            ["ClusterIP", "10.96.5.5", "<none>", "80/TCP", "app=web"],
            id="cluster ip",
        ),
        pytest.param(
            {
                "type": "NodePort",
                "clusterIPs": ["10.96.5.5"],
                "ports": [
                    {"port": 80, "protocol": "TCP", "nodePort": 31234},
                    {"port": 53, "protocol": "UDP", "nodePort": 31235},
                ],
            },
            {},
            ["NodePort", "10.96.5.5", "<none>", "80:31234/TCP,53:31235/UDP", "<none>"],
            id="node ports",
        ),
        pytest.param(
            {
                "type": "LoadBalancer",
                "clusterIPs": ["10.96.5.5"],
                "ports": [{"port": 80, "protocol": "TCP", "nodePort": 31234}],
            },
            {"loadBalancer": {}},
            ["LoadBalancer", "10.96.5.5", "<pending>", "80:31234/TCP", "<none>"],
            id="a load balancer not yet there",
        ),
        pytest.param(
            {"type": "LoadBalancer", "clusterIPs": ["10.96.5.5"], "externalIPs": ["1.2.3.4"]},
            {"loadBalancer": {"ingress": [{"ip": "5.6.7.8"}, {"hostname": "lb.example"}]}},
            ["LoadBalancer", "10.96.5.5", "5.6.7.8,lb.example,1.2.3.4", "<none>", "<none>"],
            id="a load balancer's addresses, then the external IPs",
        ),
        pytest.param(
            {"type": "ExternalName", "externalName": "example.com"},
            {},
            ["ExternalName", "<none>", "example.com", "<none>", "<none>"],
            id="external name",
        ),
        pytest.param(
            {"type": "ClusterIP", "clusterIPs": ["None"]},
            {},
            ["ClusterIP", "None", "<none>", "<none>", "<none>"],
            id="headless",
        ),
    ],
)
def test_service_rows(spec, status, expected):
    row = cells("Service", {"spec": spec, "status": status})
    assert row[0] == "web" and row[5] == "60s"
    assert row[1:5] + row[6:] == expected


def subset(*ips: str, port: int = 80, ready: bool = True) -> dict[str, Any]:
    key = "addresses" if ready else "notReadyAddresses"
    return {key: [{"ip": ip} for ip in ips], "ports": [{"port": port, "protocol": "TCP"}]}


@pytest.mark.parametrize(
    ("subsets", "expected"),
    [
        pytest.param([], "<none>", id="no subsets"),
        pytest.param(
            [subset("10.244.1.5", "10.244.2.3")], "10.244.1.5:80,10.244.2.3:80", id="ready"
        ),
        pytest.param(
            [subset("10.244.1.5", "10.244.2.3", "10.244.1.6", "10.244.2.7")],
            "10.244.1.5:80,10.244.2.3:80,10.244.1.6:80 + 1 more...",
            id="three then how many more",
        ),
        pytest.param([subset("10.244.1.5", ready=False)], "", id="only not ready"),
        pytest.param([{"addresses": [{"ip": "10.244.1.5"}]}], "10.244.1.5", id="no ports"),
    ],
)
def test_endpoints_rows(subsets, expected):
    assert cells("Endpoints", {"subsets": subsets}) == ["web", expected, "60s"]


def test_endpoint_slice_rows():
    found = {
        "addressType": "IPv4",
        "ports": [{"name": "http", "port": 80}, {"name": "any"}, {}, {"port": 9090}],
        "endpoints": [{"addresses": ["10.244.1.5"]}, {"addresses": ["10.244.2.3"]}],
    }
    assert cells("EndpointSlice", found) == [
        "web",
        "IPv4",
        "80,any,* + 1 more...",
        "10.244.1.5,10.244.2.3",
        "60s",
    ]
    placeholder = {"addressType": "IPv4", "ports": None, "endpoints": None}
    assert cells("EndpointSlice", placeholder) == ["web", "IPv4", "<unset>", "<unset>", "60s"]


@pytest.mark.parametrize(
    ("ready", "unschedulable", "expected"),
    [
        pytest.param("True", False, "Ready", id="ready"),
        pytest.param("False", False, "NotReady", id="not ready"),
        pytest.param("Unknown", False, "NotReady", id="unreachable"),
        pytest.param("Unknown", True, "NotReady,SchedulingDisabled", id="unreachable cordoned"),
        pytest.param(None, False, "Unknown", id="never reported"),
        pytest.param(None, True, "Unknown,SchedulingDisabled", id="never reported cordoned"),
    ],
)
def test_node_status_is_ready_or_not_ready_by_the_ready_condition(ready, unschedulable, expected):
    conditions = [{"type": "MemoryPressure", "status": "False"}]
    if ready is not None:
        conditions.append({"type": "Ready", "status": ready})
    node = {"spec": {"unschedulable": unschedulable}, "status": {"conditions": conditions}}
    assert printers.node_status(node) == expected


def test_a_scale_subresource_prints_desired_and_available_replicas():
    """printScale, which each kind's ScaleREST.ConvertToTable reaches through its store."""
    assert columns("Scale") == [("Name", 0), ("Desired", 0), ("Available", 0), ("Age", 0)]
    scale = {"spec": {"replicas": 3}, "status": {"replicas": 2, "selector": "app=web"}}
    assert cells("Scale", scale) == ["web", 3, 2, "60s"]


def test_jobs_print_status_completions_and_duration():
    assert columns("Job") == [
        ("Name", 0),
        ("Status", 0),
        ("Completions", 0),
        ("Duration", 0),
        ("Age", 0),
        ("Containers", 1),
        ("Images", 1),
        ("Selector", 1),
    ]


def _condition(kind: str, status: str = "True") -> dict[str, str]:
    return {"type": kind, "status": status}


@pytest.mark.parametrize(
    ("spec", "status", "expected"),
    [
        ({"completions": 1}, {}, ["Running", "0/1", ""]),
        (
            {"completions": 3},
            {"succeeded": 1, "startTime": "2026-01-01T00:00:05Z"},
            ["Running", "1/3", "55s"],
        ),
        ({"parallelism": 2}, {}, ["Running", "0/1 of 2", ""]),
        ({"parallelism": 1}, {}, ["Running", "0/1", ""]),
        (
            {"completions": 1},
            {
                "succeeded": 1,
                "startTime": "2026-01-01T00:00:00Z",
                "completionTime": "2026-01-01T00:00:07Z",
                "conditions": [_condition("SuccessCriteriaMet"), _condition("Complete")],
            },
            ["Complete", "1/1", "7s"],
        ),
        (
            {"completions": 1},
            {"conditions": [_condition("FailureTarget"), _condition("Failed")]},
            ["Failed", "0/1", ""],
        ),
        ({"completions": 1}, {"conditions": [_condition("Suspended")]}, ["Suspended", "0/1", ""]),
        (
            {"completions": 1},
            {"conditions": [_condition("Suspended", "False")]},
            ["Running", "0/1", ""],
        ),
    ],
)
def test_job_rows(spec, status, expected):
    assert cells("Job", {"spec": spec, "status": status})[1:4] == expected


def test_persistent_volumes_print_their_claim_class_and_mode_when_wide():
    pv = {
        "spec": {
            "capacity": {"storage": "10Gi"},
            "accessModes": ["ReadWriteMany", "ReadWriteOnce", "ReadWriteOnce"],
            "persistentVolumeReclaimPolicy": "Retain",
            "claimRef": {"namespace": "default", "name": "data"},
            "storageClassName": "manual",
            "volumeMode": "Filesystem",
        },
        "status": {"phase": "Bound"},
    }
    assert cells("PersistentVolume", pv) == [
        "web", "10Gi", "RWO,RWX", "Retain", "Bound", "default/data", "manual", "<unset>", "",
        "60s", "Filesystem",
    ]  # fmt: skip
    assert [name for name, priority in columns("PersistentVolume") if priority] == ["VolumeMode"]


def test_a_claim_shows_capacity_and_modes_only_once_it_names_its_volume():
    spec = {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "3Gi"}}}
    pending = {"spec": spec, "status": {"phase": "Pending"}}
    assert cells("PersistentVolumeClaim", pending) == [
        "web", "Pending", "", "", "", "", "<unset>", "60s", "<unset>",
    ]  # fmt: skip
    bound = {
        "spec": {**spec, "volumeName": "pv1", "storageClassName": "manual"},
        "status": {
            "phase": "Bound",
            "accessModes": ["ReadWriteOnce"],
            "capacity": {"storage": "10Gi"},
        },
    }
    assert cells("PersistentVolumeClaim", bound)[:6] == [
        "web", "Bound", "pv1", "10Gi", "RWO", "manual",
    ]  # fmt: skip


def test_claims_and_volumes_being_deleted_are_terminating():
    pvc = {"spec": {}, "status": {"phase": "Bound"}}
    row = printers.table(
        "PersistentVolumeClaim",
        [{**pvc, "metadata": {"name": "c", "deletionTimestamp": "2026-01-01T00:00:30Z", **MADE}}],
        NOW,
        {},
    )["rows"][0]["cells"]
    assert row[1] == "Terminating"


def test_the_default_storage_class_is_marked_by_its_name():
    sc = {"provisioner": "rancher.io/local-path", "volumeBindingMode": "WaitForFirstConsumer"}
    row = printers.table(
        "StorageClass",
        [
            {
                **sc,
                "metadata": {
                    "name": "standard",
                    "annotations": {"storageclass.kubernetes.io/is-default-class": "true"},
                    **MADE,
                },
            }
        ],
        NOW,
        {},
    )["rows"][0]["cells"]
    assert row == [
        "standard (default)", "rancher.io/local-path", "Delete", "WaitForFirstConsumer", False,
        "60s",
    ]  # fmt: skip


def test_an_ingress_prints_its_class_hosts_addresses_and_ports():
    assert columns("Ingress") == [
        ("Name", 0), ("Class", 0), ("Hosts", 0), ("Address", 0), ("Ports", 0), ("Age", 0),
    ]  # fmt: skip
    plain = {"spec": {"defaultBackend": {}}, "status": {"loadBalancer": {}}}
    assert cells("Ingress", plain) == ["web", "<none>", "*", "", "80", "60s"]
    points = [{"hostname": "lb.example"}, {"ip": "10.0.0.2"}, {"ip": "10.0.0.1"}, {}]
    served = {
        "spec": {
            "ingressClassName": "",
            "rules": [{"host": "a.com"}, {}, {"host": "b.com"}],
            "tls": [{"hosts": ["a.com"]}],
        },
        "status": {"loadBalancer": {"ingress": [*points, {"ip": "10.0.0.1"}]}},
    }
    assert cells("Ingress", served) == [
        "web", "", "a.com,b.com", "10.0.0.1,10.0.0.2,lb.example", "80, 443", "60s",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("hosts", "expected"),
    [
        (["a", "b", "c"], "a,b,c"),
        (["a", "b", "c", "d", "e"], "a,b,c + 2 more..."),
        (["a", "", "b", "", "c", "d"], "a,b,c + 3 more..."),  # sic: rules, not hosts, counted
        (["", ""], "*"),
    ],
)
def test_an_ingress_lists_three_hosts_then_how_many_more_rules(hosts, expected):
    rules = [{"host": host} if host else {} for host in hosts]
    assert cells("Ingress", {"spec": {"rules": rules}})[2] == expected


def test_an_ingress_class_prints_its_controller_and_parameters_and_its_default_mark():
    assert columns("IngressClass") == [
        ("Name", 0), ("Controller", 0), ("Parameters", 0), ("Age", 0),
    ]  # fmt: skip
    spec = {"controller": "k8s.io/ingress-nginx"}
    assert cells("IngressClass", {"spec": spec}) == ["web", "k8s.io/ingress-nginx", "<none>", "60s"]
    grouped = {**spec, "parameters": {"apiGroup": "k8s.example.com", "kind": "P", "name": "p"}}
    assert cells("IngressClass", {"spec": grouped})[2] == "P.k8s.example.com/p"
    default = {"ingressclass.kubernetes.io/is-default-class": "true"}
    row = printers.table(
        "IngressClass",
        [
            {
                "spec": {**spec, "parameters": {"kind": "P", "name": "p"}},
                "metadata": {"name": "nginx", "annotations": default, **MADE},
            }
        ],
        NOW,
        {},
    )["rows"][0]["cells"]
    assert row == ["nginx (default)", "k8s.io/ingress-nginx", "P/p", "60s"]


def test_a_network_policy_prints_its_pod_selector():
    assert columns("NetworkPolicy") == [("Name", 0), ("Pod-Selector", 0), ("Age", 0)]
    assert cells("NetworkPolicy", {"spec": {"podSelector": {}}}) == ["web", "<none>", "60s"]
    selector = {
        "matchLabels": {"app": "web"},
        "matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["db"]}],
    }
    assert cells("NetworkPolicy", {"spec": {"podSelector": selector}})[1] == (
        "app=web,tier notin (db)"
    )


def test_a_replication_controller_prints_its_counts_and_its_selector_map_when_wide():
    assert columns("ReplicationController") == [
        ("Name", 0),
        ("Desired", 0),
        ("Current", 0),
        ("Ready", 0),
        ("Age", 0),
        ("Containers", 1),
        ("Images", 1),
        ("Selector", 1),
    ]
    rc = {
        "spec": {
            "replicas": 3,
            "selector": {"app": "web", "tier": "front"},
            "template": {"spec": {"containers": [{"name": "nginx", "image": "nginx"}]}},
        },
        "status": {"replicas": 2, "readyReplicas": 1},
    }
    assert cells("ReplicationController", rc) == [
        "web",
        3,
        2,
        1,
        "60s",
        "nginx",
        "nginx",
        "app=web,tier=front",
    ]


def test_a_pod_template_prints_its_containers_and_pod_labels_but_no_age():
    assert columns("PodTemplate") == [
        ("Name", 0),
        ("Containers", 0),
        ("Images", 0),
        ("Pod Labels", 0),
    ]
    template = {
        "template": {
            "metadata": {"labels": {"app": "web"}},
            "spec": {
                "containers": [{"name": "a", "image": "nginx"}, {"name": "b", "image": "redis"}]
            },
        }
    }
    assert cells("PodTemplate", template) == ["web", "a,b", "nginx,redis", "app=web"]


def test_a_validating_admission_policy_prints_its_validation_count_and_param_kind():
    assert columns("ValidatingAdmissionPolicy") == [
        ("Name", 0),
        ("Validations", 0),
        ("ParamKind", 0),
        ("Age", 0),
    ]
    spec = {"validations": [{"expression": "true"}, {"expression": "false"}]}
    assert cells("ValidatingAdmissionPolicy", {"spec": spec}) == ["web", 2, "<unset>", "60s"]
    spec = {"paramKind": {"apiVersion": "rules.example.com/v1", "kind": "ReplicaLimit"}}
    assert cells("ValidatingAdmissionPolicy", {"spec": spec})[1:3] == [
        0,
        "rules.example.com/v1/ReplicaLimit",
    ]


@pytest.mark.parametrize(
    ("param_ref", "expected"),
    [
        (None, "<unset>"),
        ({"name": "limits", "namespace": "default"}, "default/limits"),
        ({"name": "limits"}, "*/limits"),  # it may be cluster-scoped: the printer cannot tell
        (
            {"selector": {}},
            "&LabelSelector{MatchLabels:map[string]string{},"
            "MatchExpressions:[]LabelSelectorRequirement{},}",
        ),
        (
            {
                "selector": {
                    "matchLabels": {"tier": "db", "app": "web"},
                    "matchExpressions": [{"key": "env", "operator": "In", "values": ["a", "b"]}],
                }
            },
            "&LabelSelector{MatchLabels:map[string]string{app: web,tier: db,},"
            "MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:env,"
            "Operator:In,Values:[a b],},},}",
        ),
        ({"parameterNotFoundAction": "Deny"}, "<unset>"),
    ],
)
def test_a_validating_admission_policy_binding_prints_its_policy_and_param_ref(param_ref, expected):
    assert columns("ValidatingAdmissionPolicyBinding") == [
        ("Name", 0),
        ("PolicyName", 0),
        ("ParamRef", 0),
        ("Age", 0),
    ]
    spec = {"policyName": "demo", "paramRef": param_ref} if param_ref else {"policyName": "demo"}
    assert cells("ValidatingAdmissionPolicyBinding", {"spec": spec}) == [
        "web",
        "demo",
        expected,
        "60s",
    ]
