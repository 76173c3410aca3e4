"""Strategic merge patch on the kinds' schemas, cases in the spirit of apimachinery's own."""

import pytest

from cluster.engine.api import schema, strategicpatch

POD = schema.kind_schema("v1", "Pod")
DEPLOYMENT = schema.kind_schema("apps/v1", "Deployment")
REPLICATION_CONTROLLER = schema.kind_schema("v1", "ReplicationController")
POD_TEMPLATE = schema.kind_schema("v1", "PodTemplate")
SERVICE_CIDR = schema.kind_schema("networking.k8s.io/v1", "ServiceCIDR")
POLICY = schema.kind_schema("admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicy")


def container(name, **fields):
    return {"name": name, **fields}


def pod(*containers, **spec):
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "p"},
        "spec": {"containers": list(containers), **spec},
    }


CASES = [
    (
        "containers are merged by name",
        pod(container("a", image="nginx"), container("b", image="busybox")),
        {"spec": {"containers": [{"name": "b", "image": "busybox:2"}]}},
        pod(container("a", image="nginx"), container("b", image="busybox:2")),
    ),
    (
        "a container the original lacks is appended",
        pod(container("a", image="nginx")),
        {"spec": {"containers": [{"name": "c", "image": "redis"}]}},
        pod(container("a", image="nginx"), container("c", image="redis")),
    ),
    (
        "ports are merged by containerPort",
        pod(container("a", ports=[{"containerPort": 80, "name": "http"}])),
        {
            "spec": {
                "containers": [
                    {
                        "name": "a",
                        "ports": [{"containerPort": 80, "name": "web"}, {"containerPort": 443}],
                    }
                ]
            }
        },
        pod(container("a", ports=[{"containerPort": 80, "name": "web"}, {"containerPort": 443}])),
    ),
    (
        "env is merged by name, and null deletes a key of an item",
        pod(container("a", env=[{"name": "A", "value": "1"}, {"name": "B", "value": "2"}])),
        {
            "spec": {
                "containers": [
                    {
                        "name": "a",
                        "env": [
                            {
                                "name": "A",
                                "value": None,
                                "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}},
                            }
                        ],
                    }
                ]
            }
        },
        pod(
            container(
                "a",
                env=[
                    {"name": "A", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
                    {"name": "B", "value": "2"},
                ],
            )
        ),
    ),
    (
        "$patch: delete removes the item with that key",
        pod(container("a"), container("b")),
        {"spec": {"containers": [{"name": "a", "$patch": "delete"}]}},
        pod(container("b")),
    ),
    (
        "$patch: replace makes the patch's items the whole list",
        pod(container("a"), container("b")),
        {"spec": {"containers": [{"name": "z"}, {"$patch": "replace"}]}},
        pod(container("z")),
    ),
    (
        "$setElementOrder orders the merged list",
        pod(container("a"), container("b"), container("c")),
        {
            "spec": {
                "$setElementOrder/containers": [{"name": "c"}, {"name": "a"}, {"name": "b"}],
                "containers": [{"name": "a", "image": "x"}],
            }
        },
        pod(container("c"), container("a", image="x"), container("b")),
    ),
    (
        "a list without a patch strategy is replaced",
        pod(container("a"), tolerations=[{"key": "k1"}]),
        {"spec": {"tolerations": [{"key": "k2"}]}},
        pod(container("a"), tolerations=[{"key": "k2"}]),
    ),
    (
        "$patch: replace on a map replaces it",
        pod(container("a"), nodeSelector={"disk": "ssd", "zone": "a"}),
        {"spec": {"nodeSelector": {"zone": "b", "$patch": "replace"}}},
        pod(container("a"), nodeSelector={"zone": "b"}),
    ),
    (
        "$retainKeys drops the keys it does not name",
        pod(container("a"), volumes=[{"name": "v", "emptyDir": {}}]),
        {
            "spec": {
                "volumes": [
                    {"name": "v", "$retainKeys": ["name", "hostPath"], "hostPath": {"path": "/x"}}
                ]
            }
        },
        pod(container("a"), volumes=[{"name": "v", "hostPath": {"path": "/x"}}]),
    ),
]


@pytest.mark.parametrize(
    ("case", "original", "patch", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_pods_are_patched_as_kubernetes_patches_them(case, original, patch, expected):
    assert strategicpatch.apply(original, patch, POD) == expected


def test_finalizers_are_a_set_that_can_lose_values():
    original = {"metadata": {"name": "p", "finalizers": ["a", "b"]}}
    added = strategicpatch.apply(original, {"metadata": {"finalizers": ["b", "c"]}}, POD)
    assert added["metadata"]["finalizers"] == ["a", "b", "c"]
    patch = {"metadata": {"$deleteFromPrimitiveList/finalizers": ["a"]}}
    assert strategicpatch.apply(original, patch, POD)["metadata"]["finalizers"] == ["b"]


def test_a_deployment_template_is_merged_deep_down():
    original = {
        "spec": {
            "replicas": 1,
            "template": {"spec": {"containers": [container("web", image="nginx:1")]}},
        }
    }
    patch = {"spec": {"template": {"spec": {"containers": [{"name": "web", "image": "nginx:2"}]}}}}
    patched = strategicpatch.apply(original, patch, DEPLOYMENT)
    assert patched["spec"] == {
        "replicas": 1,
        "template": {"spec": {"containers": [container("web", image="nginx:2")]}},
    }


def test_a_replication_controllers_conditions_are_merged_by_type_and_its_selector_key_by_key():
    original = {
        "spec": {"selector": {"app": "web"}},
        "status": {
            "replicas": 1,
            "conditions": [{"type": "ReplicaFailure", "status": "True", "reason": "FailedCreate"}],
        },
    }
    patch = {
        "spec": {"selector": {"tier": "front"}},
        "status": {"conditions": [{"type": "ReplicaFailure", "status": "False"}]},
    }
    patched = strategicpatch.apply(original, patch, REPLICATION_CONTROLLER)
    assert patched == {
        "spec": {"selector": {"app": "web", "tier": "front"}},
        "status": {
            "replicas": 1,
            "conditions": [{"type": "ReplicaFailure", "status": "False", "reason": "FailedCreate"}],
        },
    }


def test_a_pod_templates_containers_are_merged_by_name():
    original = {"template": {"spec": {"containers": [container("a"), container("b", image="x")]}}}
    patch = {"template": {"spec": {"containers": [{"name": "b", "image": "y"}]}}}
    patched = strategicpatch.apply(original, patch, POD_TEMPLATE)
    assert patched["template"]["spec"]["containers"] == [container("a"), container("b", image="y")]


def test_a_service_cidrs_cidrs_are_replaced_and_its_conditions_merged_by_type():
    original = {
        "spec": {"cidrs": ["10.100.0.0/24", "fd00:100::/112"]},
        "status": {
            "conditions": [
                {"type": "Ready", "status": "True", "message": "ready"},
                {"type": "Other", "status": "False"},
            ]
        },
    }
    patch = {
        "spec": {"cidrs": ["10.200.0.0/24"]},
        "status": {"conditions": [{"type": "Ready", "status": "False"}]},
    }
    assert strategicpatch.apply(original, patch, SERVICE_CIDR) == {
        "spec": {"cidrs": ["10.200.0.0/24"]},
        "status": {
            "conditions": [
                {"type": "Ready", "status": "False", "message": "ready"},
                {"type": "Other", "status": "False"},
            ]
        },
    }


def test_a_policys_match_conditions_and_variables_merge_by_name_and_its_validations_replace():
    original = {
        "spec": {
            "matchConditions": [{"name": "a", "expression": "true"}],
            "variables": [{"name": "x", "expression": "1"}, {"name": "y", "expression": "2"}],
            "validations": [{"expression": "true"}, {"expression": "false"}],
        }
    }
    patch = {
        "spec": {
            "matchConditions": [{"name": "b", "expression": "false"}],
            "variables": [{"name": "y", "expression": "3"}],
            "validations": [{"expression": "object.spec.replicas < 5"}],
        }
    }
    assert strategicpatch.apply(original, patch, POLICY) == {
        "spec": {
            "matchConditions": [
                {"name": "a", "expression": "true"},
                {"name": "b", "expression": "false"},
            ],
            "variables": [{"name": "x", "expression": "1"}, {"name": "y", "expression": "3"}],
            "validations": [{"expression": "object.spec.replicas < 5"}],
        }
    }


def test_an_item_without_the_merge_key_is_refused():
    with pytest.raises(strategicpatch.StrategicPatchError) as error:
        strategicpatch.apply(pod(container("a")), {"spec": {"containers": [{"image": "x"}]}}, POD)
    assert str(error.value) == "map: map[image:x] does not contain declared merge key: name"
    assert error.value.code == 500  # kube-apiserver did not expect it: no reason, just 500


def test_an_unknown_directive_is_named_with_its_map():
    with pytest.raises(strategicpatch.StrategicPatchError) as error:
        strategicpatch.apply(pod(container("a")), {"spec": {"$patch": "keep", "x": 1}}, POD)
    assert str(error.value) == "unknown patch type: keep in map: map[$patch:keep x:1]"


def test_a_patch_that_sets_keys_retain_keys_does_not_name_does_not_apply():
    patch = {"spec": {"volumes": [{"name": "v", "$retainKeys": ["name"], "emptyDir": {}}]}}
    with pytest.raises(strategicpatch.StrategicPatchError) as error:
        strategicpatch.apply(pod(container("a")), patch, POD)
    assert (str(error.value), error.value.code) == (
        "patch content doesn't match retainKeys list",
        422,
    )


def test_a_deployment_strategy_keeps_only_the_keys_the_patch_retains():
    original = {"spec": {"strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1}}}}
    patch = {"spec": {"strategy": {"$retainKeys": ["type"], "type": "Recreate"}}}
    patched = strategicpatch.apply(original, patch, DEPLOYMENT)
    assert patched["spec"]["strategy"] == {"type": "Recreate"}
    strategy = schema.field_schema("io.k8s.api.apps.v1.Deployment", ["spec", "strategy"])
    assert strategy["x-kubernetes-patch-strategy"] == "retainKeys"
