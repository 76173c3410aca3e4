"""Validation reports Kubernetes' field paths and texts."""

import pytest

from cluster.engine.api import defaults, validation


def deployment(labels=None, selector=None, **spec):
    obj = {
        "metadata": {"name": "web", "namespace": "default"},
        "spec": {
            "selector": {"matchLabels": selector or {"app": "web"}},
            "template": {
                "metadata": {"labels": labels or {"app": "web"}},
                "spec": {"containers": [{"name": "web", "image": "nginx"}]},
            },
            **spec,
        },
    }
    defaults.apply("Deployment", obj)
    return obj


def problems(kind, obj, namespaced=True):
    return [str(p) for p in validation.validate(kind, obj, namespaced)]


CREATES = [
    ("a selector that misses the template's labels", "Deployment", deployment(labels={"app": "x"}),
     ['spec.template.metadata.labels: Invalid value: {"app":"x"}: `selector` does not match template `labels`']),
    ("negative replicas", "Deployment", deployment(replicas=-1),
     ["spec.replicas: Invalid value: -1: must be greater than or equal to 0"]),
    ("no surge and no unavailability", "Deployment",
     deployment(strategy={"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 0, "maxUnavailable": 0}}),
     ["spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0"]),
    ("a template that does not always restart", "ReplicaSet",
     {"metadata": {"name": "rs", "namespace": "default"},
      "spec": {"replicas": 1, "selector": {"matchLabels": {"a": "b"}},
               "template": {"metadata": {"labels": {"a": "b"}},
                            "spec": {"containers": [{"name": "c", "image": "i", "imagePullPolicy": "Always",
                                                     "terminationMessagePolicy": "File"}],
                                     "restartPolicy": "Never", "dnsPolicy": "ClusterFirst"}}}},
     ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']),
    ("a replication controller with neither selector nor template", "ReplicationController",
     {"metadata": {"name": "rc", "namespace": "default"}, "spec": {"replicas": 1}},
     ["spec.selector: Required value", "spec.template: Required value"]),
    ("a replication controller whose pods would end", "ReplicationController",
     {"metadata": {"name": "rc", "namespace": "default"},
      "spec": {"replicas": -1, "selector": {"a": "c"},
               "template": {"metadata": {"labels": {"a": "b"}},
                            "spec": {"containers": [{"name": "c", "image": "i", "imagePullPolicy": "Always",
                                                     "terminationMessagePolicy": "File"}],
                                     "restartPolicy": "Always", "dnsPolicy": "ClusterFirst",
                                     "activeDeadlineSeconds": 5}}}},
     ["spec.replicas: Invalid value: -1: must be greater than or equal to 0",
      'spec.template.metadata.labels: Invalid value: {"a":"b"}: `selector` does not match template `labels`',
      "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicationController is "
      "not Supported"]),
    ("a pod template without containers", "PodTemplate",
     {"metadata": {"name": "pt", "namespace": "default"},
      "template": {"spec": {"restartPolicy": "Never", "dnsPolicy": "ClusterFirst"}}},
     ["template.spec.containers: Required value"]),
    ("a namespace name with dots", "Namespace", {"metadata": {"name": "a.b"}},
     ['metadata.name: Invalid value: "a.b": must not contain dots']),
    ("a config map key with a slash", "ConfigMap",
     {"metadata": {"name": "cm", "namespace": "default"}, "data": {"a/b": "x"}},
     ["data[a/b]: Invalid value: \"a/b\": a valid config key must consist of alphanumeric characters, '-', '_' "
      "or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"]),
    ("a TLS secret without its keys", "Secret",
     {"metadata": {"name": "s", "namespace": "default"}, "type": "kubernetes.io/tls", "data": {}},
     ["data[tls.crt]: Required value", "data[tls.key]: Required value"]),
    ("a docker config that is no JSON", "Secret",
     {"metadata": {"name": "s", "namespace": "default"}, "type": "kubernetes.io/dockerconfigjson",
      "data": {".dockerconfigjson": "eyJhIjog"}},  # {"a":
     ['data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": unexpected end of JSON input']),
    ("a docker config that is no JSON object", "Secret",
     {"metadata": {"name": "s", "namespace": "default"}, "type": "kubernetes.io/dockercfg",
      "data": {".dockercfg": "WzFd"}},  # [1]
     ['data[.dockercfg]: Invalid value: "<secret contents redacted>": json: cannot unmarshal array into Go '
      "value of type map[string]interface {}"]),
    ("a binding to an unknown kind of role", "RoleBinding",
     {"metadata": {"name": "b", "namespace": "default"},
      "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Team", "name": "x"}},
     ['roleRef.kind: Unsupported value: "Team": supported values: "Role", "ClusterRole"']),
    ("a rule without verbs", "Role",
     {"metadata": {"name": "r", "namespace": "default"}, "rules": [{"apiGroups": [""], "resources": ["pods"]}]},
     ["rules[0].verbs: Required value: verbs must contain at least one value"]),
    ("a lease that lasts no time", "Lease",
     {"metadata": {"name": "l", "namespace": "default"}, "spec": {"leaseDurationSeconds": 0}},
     ["spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0"]),
    ("a limit range whose min is above its max", "LimitRange",
     {"metadata": {"name": "l", "namespace": "default"},
      "spec": {"limits": [{"type": "Container", "min": {"cpu": "2"}, "max": {"cpu": "1"}}]}},
     ['spec.limits[0].min[cpu]: Invalid value: "2": min value 2 is greater than max value 1']),
    ("an unknown finalizer without a domain", "ConfigMap",
     {"metadata": {"name": "cm", "namespace": "default", "finalizers": ["mine"]}},
     ['metadata.finalizers[0]: Invalid value: "mine": name is neither a standard finalizer name nor is it '
      "fully qualified"]),
    ("two controllers", "ConfigMap",
     {"metadata": {"name": "cm", "namespace": "default", "ownerReferences": [
         {"apiVersion": "v1", "kind": "Pod", "name": "a", "uid": "1", "controller": True},
         {"apiVersion": "v1", "kind": "Pod", "name": "b", "uid": "2", "controller": True}]}},
     ['metadata.ownerReferences: Invalid value: [{"apiVersion":"v1","kind":"Pod","name":"a","uid":"1",'
      '"controller":true},{"apiVersion":"v1","kind":"Pod","name":"b","uid":"2","controller":true}]: Only one '
      'reference can have Controller set to true. Found "true" in references for Pod/a and Pod/b']),
    ("an event as an owner", "ConfigMap",
     {"metadata": {"name": "cm", "namespace": "default", "ownerReferences": [
         {"uid": "1", "name": "e", "kind": "Event", "apiVersion": "v1", "blockOwnerDeletion": False}]}},
     ['metadata.ownerReferences[0]: Invalid value: {"apiVersion":"v1","kind":"Event","name":"e","uid":"1",'
      '"blockOwnerDeletion":false}: /v1, Kind=Event is disallowed from being an owner']),
    ("a best-effort quota of secrets", "ResourceQuota",
     {"metadata": {"name": "q", "namespace": "default"},
      "spec": {"hard": {"pods": "5", "secrets": "1"}, "scopes": ["BestEffort"]}},
     ['spec.scopes: Invalid value: ["BestEffort"]: unsupported scope applied to resource']),
    ("a quota of pods that end and pods that do not", "ResourceQuota",
     {"metadata": {"name": "q", "namespace": "default"},
      "spec": {"hard": {"cpu": "1"}, "scopes": ["Terminating", "NotTerminating", "Weekly"]}},
     ['spec.scopes: Invalid value: ["Terminating","NotTerminating","Weekly"]: unsupported scope',
      'spec.scopes: Invalid value: ["Terminating","NotTerminating","Weekly"]: conflicting scopes']),
]  # fmt: skip


@pytest.mark.parametrize(("case", "kind", "obj", "expected"), CREATES, ids=[c[0] for c in CREATES])
def test_an_invalid_object_is_reported_field_by_field(case, kind, obj, expected):
    assert problems(kind, obj, kind != "Namespace") == expected


def test_a_valid_deployment_has_no_problems():
    assert problems("Deployment", deployment()) == []


def test_a_deployments_selector_is_immutable():
    old = {
        **deployment(),
        "metadata": {"name": "web", "namespace": "default", "resourceVersion": "5"},
    }
    new = deployment(selector={"app": "web", "tier": "x"}, labels={"app": "web", "tier": "x"})
    new["metadata"]["resourceVersion"] = "5"
    found = [str(p) for p in validation.validate_update("Deployment", new, old)]
    assert found == [
        'spec.selector: Invalid value: {"matchLabels":{"app":"web","tier":"x"}}: field is immutable'
    ]


def test_an_immutable_config_map_keeps_its_data():
    old = {
        "metadata": {"name": "c", "namespace": "d", "resourceVersion": "1"},
        "immutable": True,
        "data": {"a": "1"},
    }
    new = {**old, "data": {"a": "2"}}
    found = [str(p) for p in validation.validate_update("ConfigMap", new, old)]
    assert found == ["data: Forbidden: field is immutable when `immutable` is set"]


def test_a_pods_spec_is_immutable_but_for_its_images():
    pod = {"metadata": {"name": "p", "namespace": "d", "resourceVersion": "1"},
           "spec": {"containers": [{"name": "c", "image": "nginx"}]}}  # fmt: skip
    defaults.apply("Pod", pod)
    new_image = {
        **pod,
        "spec": {**pod["spec"], "containers": [{**pod["spec"]["containers"][0], "image": "x"}]},
    }
    assert validation.validate_update("Pod", new_image, pod) == []
    new_policy = {**pod, "spec": {**pod["spec"], "restartPolicy": "Never"}}
    assert [p.field for p in validation.validate_update("Pod", new_policy, pod)] == ["spec"]


def gated_pod(*gates, node_name=""):
    pod = {"metadata": {"name": "p", "namespace": "d", "resourceVersion": "1"},
           "spec": {"containers": [{"name": "c", "image": "nginx"}],
                    "schedulingGates": [{"name": g} for g in gates]}}  # fmt: skip
    if node_name:
        pod["spec"]["nodeName"] = node_name
    defaults.apply("Pod", pod)
    return pod


def test_scheduling_gates_are_qualified_names_each_once():
    assert problems("Pod", gated_pod("example.com/a", "example.com/a", "-x")) == [
        'spec.schedulingGates[1]: Duplicate value: "example.com/a"',
        'spec.schedulingGates[2]: Invalid value: "-x": name part must consist of alphanumeric '
        "characters, '-', '_' or '.', and must start and end with an alphanumeric character "
        "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
        "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ]


def test_a_gated_pod_cannot_be_created_on_a_node():
    assert [str(p) for p in validation.validate_pod_create(gated_pod("g", node_name="n1"))] == [
        "spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared"
    ]
    assert validation.validate_pod_create(gated_pod(node_name="n1")) == []


def test_scheduling_gates_may_be_removed_but_not_added():
    old = gated_pod("a", "b")
    assert validation.validate_update("Pod", gated_pod("b"), old) == []
    assert validation.validate_update("Pod", gated_pod(), old) == []
    found = [str(p) for p in validation.validate_update("Pod", gated_pod("a", "c"), old)]
    assert found == [
        "spec.schedulingGates[1].name: Forbidden: only deletion is allowed, but found new "
        "scheduling gate 'c'"
    ]


def test_a_gated_pods_node_selector_may_only_gain_labels():
    old = gated_pod("g")
    old["spec"]["nodeSelector"] = {"a": "b"}
    added = gated_pod("g")
    added["spec"]["nodeSelector"] = {"a": "b", "c": "d"}
    assert validation.validate_update("Pod", added, old) == []
    changed = gated_pod("g")
    changed["spec"]["nodeSelector"] = {"a": "z", "c": "d"}
    assert [str(p) for p in validation.validate_update("Pod", changed, old)] == [
        'spec.nodeSelector: Invalid value: {"a":"z","c":"d"}: only additions to '
        "spec.nodeSelector are allowed (no mutations or deletions)"
    ]
    ungated, more = gated_pod(), gated_pod()
    ungated["spec"]["nodeSelector"], more["spec"]["nodeSelector"] = {"a": "b"}, {"a": "b", "c": "d"}
    assert [p.field for p in validation.validate_update("Pod", more, ungated)] == ["spec"]


def with_required_terms(pod, *terms):
    required = {"nodeSelectorTerms": [{"matchExpressions": list(t)} for t in terms]}
    pod["spec"]["affinity"] = {
        "nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": required}
    }
    return pod


A = {"key": "a", "operator": "In", "values": ["x"]}
B = {"key": "b", "operator": "Exists"}


def test_a_gated_pods_required_node_affinity_may_only_be_narrowed():
    old = with_required_terms(gated_pod("g"), [A])
    narrowed = with_required_terms(gated_pod("g"), [A, B])
    assert validation.validate_update("Pod", narrowed, old) == []
    assert validation.validate_update("Pod", narrowed, gated_pod("g")) == []  # set: any
    changed = with_required_terms(gated_pod("g"), [B])
    assert [str(p) for p in validation.validate_update("Pod", changed, old)] == [
        "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"
        '.nodeSelectorTerms[0]: Invalid value: {"MatchExpressions":[{"Key":"b",'
        '"Operator":"Exists","Values":null}],"MatchFields":null}: only additions are allowed '
        "(no mutations or deletions)"
    ]
    another = with_required_terms(gated_pod("g"), [A], [B])
    assert [str(p) for p in validation.validate_update("Pod", another, old)] == [
        "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"
        '.nodeSelectorTerms: Invalid value: [{"MatchExpressions":[{"Key":"a","Operator":"In",'
        '"Values":["x"]}],"MatchFields":null},{"MatchExpressions":[{"Key":"b",'
        '"Operator":"Exists","Values":null}],"MatchFields":null}]: no additions/deletions to '
        "non-empty NodeSelectorTerms list are allowed"
    ]
    ungated = with_required_terms(gated_pod(), [A])
    narrower = with_required_terms(gated_pod(), [A, B])
    assert [p.field for p in validation.validate_update("Pod", narrower, ungated)] == ["spec"]


def test_probes_and_http_hooks_are_defaulted_as_go_defaults_zero_fields():
    container = {
        "name": "c",
        "image": "nginx",
        "livenessProbe": {"grpc": {"port": 6379}, "successThreshold": 0, "periodSeconds": 0},
        "readinessProbe": {"httpGet": {"port": 80, "path": ""}},
        "lifecycle": {"preStop": {"httpGet": {"port": 8081}}},
    }
    pod = {"metadata": {"name": "p", "namespace": "d"}, "spec": {"containers": [container]}}
    defaults.apply("Pod", pod)
    assert container["livenessProbe"] == {
        "grpc": {"port": 6379, "service": ""},
        "successThreshold": 1,
        "periodSeconds": 10,
        "timeoutSeconds": 1,
        "failureThreshold": 3,
    }
    assert container["readinessProbe"]["httpGet"] == {"port": 80, "path": "/", "scheme": "HTTP"}
    assert container["lifecycle"]["preStop"]["httpGet"] == {
        "port": 8081,
        "path": "/",
        "scheme": "HTTP",
    }


def resize_policy_pod(policy, restart="Always", init_policy=None):
    pod = {"metadata": {"name": "p", "namespace": "d"},
           "spec": {"restartPolicy": restart,
                    "containers": [{"name": "c", "image": "nginx", "resizePolicy": policy}]}}  # fmt: skip
    if init_policy is not None:
        pod["spec"]["initContainers"] = [
            {"name": "i", "image": "busybox", "resizePolicy": init_policy}
        ]
    defaults.apply("Pod", pod)
    return pod


@pytest.mark.parametrize(
    ("policy", "restart", "expected"),
    [
        ([{"resourceName": "cpu", "restartPolicy": "NotRequired"},
          {"resourceName": "memory", "restartPolicy": "RestartContainer"}], "Always", []),
        ([{"resourceName": "cpu", "restartPolicy": "NotRequired"},
          {"resourceName": "cpu", "restartPolicy": "NotRequired"}], "Always",
         ['spec.containers[0].resizePolicy[1]: Duplicate value: "cpu"']),
        ([{"resourceName": "storage", "restartPolicy": "Sometimes"}], "Always",
         ['spec.containers[0].resizePolicy: Unsupported value: "storage": supported values: "cpu", "memory"',
          'spec.containers[0].resizePolicy: Unsupported value: "Sometimes": supported values: "NotRequired", "RestartContainer"']),
        ([{"resourceName": "", "restartPolicy": ""}], "Always",
         ["spec.containers[0].resizePolicy: Required value", "spec.containers[0].resizePolicy: Required value"]),
        ([{"resourceName": "memory", "restartPolicy": "RestartContainer"}], "Never",
         ['spec.containers[0].resizePolicy: Invalid value: "RestartContainer": must be \'NotRequired\' when pod `restartPolicy` is \'Never\'']),
    ],
)  # fmt: skip
def test_a_resize_policy_names_cpu_or_memory_once_with_a_policy_the_pod_allows(
    policy, restart, expected
):
    """validateResizePolicy, with its field paths (the list's, but for a duplicate)."""
    assert problems("Pod", resize_policy_pod(policy, restart)) == expected


def test_an_init_container_that_runs_to_completion_is_never_restarted_to_be_resized():
    restart = [{"resourceName": "memory", "restartPolicy": "RestartContainer"}]
    pod = resize_policy_pod([], init_policy=restart)
    assert problems("Pod", pod) == [
        "spec.initContainers[0].resizePolicy[0].restartPolicy: Invalid value: "
        "\"RestartContainer\": must not be set to 'RestartContainer' for non-sidecar initContainers"
    ]
    pod["spec"]["initContainers"][0]["restartPolicy"] = "Always"  # a sidecar may be
    assert problems("Pod", pod) == []


def _pdb(**spec) -> dict:
    return {"metadata": {"name": "web", "namespace": "default"}, "spec": spec}


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ({"minAvailable": 1, "selector": {}}, []),
        ({"maxUnavailable": "30%", "selector": {"matchLabels": {"app": "web"}}}, []),
        ({}, []),
        (
            {"minAvailable": 1, "maxUnavailable": "50%", "selector": {"matchLabels": {"a": "b"}}},
            [
                'spec: Invalid value: {"MinAvailable":1,"Selector":{"matchLabels":{"a":"b"}},'
                '"MaxUnavailable":"50%","UnhealthyPodEvictionPolicy":null}: minAvailable and '
                "maxUnavailable cannot be both set"
            ],
        ),
        (
            {"minAvailable": -1},
            ["spec.minAvailable: Invalid value: -1: must be greater than or equal to 0"],
        ),
        (
            {"maxUnavailable": "150%"},
            ['spec.maxUnavailable: Invalid value: "150%": must not be greater than 100%'],
        ),
        (
            {"minAvailable": "half"},
            [
                'spec.minAvailable: Invalid value: "half": a valid percent string must be a '
                "numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used "
                "for validation is '[0-9]+%')"
            ],
        ),
        (
            {"unhealthyPodEvictionPolicy": "Never"},
            [
                'spec.unhealthyPodEvictionPolicy: Unsupported value: "Never": supported values: '
                '"AlwaysAllow", "IfHealthyBudget"'
            ],
        ),
    ],
)
def test_a_pod_disruption_budget_is_validated_as_kubernetes_does(spec, expected):
    errors = validation.validate("PodDisruptionBudget", _pdb(**spec), True)
    assert [str(error) for error in errors] == expected


def test_a_pod_disruption_budget_status_needs_whole_conditions_and_no_negative_count():
    pdb = _pdb()
    pdb["status"] = {
        "disruptionsAllowed": -1,
        "conditions": [{"type": "DisruptionAllowed", "status": "Maybe", "reason": "no way"}],
    }
    assert [str(e) for e in validation.validate_pod_disruption_budget_status(pdb)] == [
        'status.conditions[0].status: Unsupported value: "Maybe": supported values: "False", '
        '"True", "Unknown"',
        "status.conditions[0].lastTransitionTime: Required value",
        'status.conditions[0].reason: Invalid value: "no way": a condition reason must start '
        "with alphabetic character, optionally followed by a string of alphanumeric characters "
        "or '_,:', and must end with an alphanumeric character or '_' (e.g. 'my_name',  or "
        "'MY_NAME',  or 'MyName',  or 'ReasonA,ReasonB',  or 'ReasonA:ReasonB', regex used for "
        "validation is '[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?')",
        "status.disruptionsAllowed: Invalid value: -1: must be greater than or equal to 0",
    ]


def test_a_replication_controller_takes_its_selector_and_labels_from_its_template():
    rc = {"metadata": {"name": "rc"}, "spec": {"template": {"metadata": {"labels": {"a": "b"}}}}}
    defaults.apply("ReplicationController", rc)
    assert rc["metadata"]["labels"] == rc["spec"]["selector"] == {"a": "b"}
    assert rc["spec"]["replicas"] == 1
    assert rc["spec"]["template"]["spec"]["restartPolicy"] == "Always"


def test_a_replication_controller_keeps_the_selector_and_labels_it_has():
    rc = {
        "metadata": {"name": "rc", "labels": {"own": "x"}},
        "spec": {
            "selector": {"a": "b"},
            "template": {"metadata": {"labels": {"a": "b", "c": "d"}}},
        },
    }
    defaults.apply("ReplicationController", rc)
    assert rc["metadata"]["labels"] == {"own": "x"}
    assert rc["spec"]["selector"] == {"a": "b"}
