"""Values of the wrong JSON type, in Go's encoding/json words."""

import pytest

from cluster.engine.api import gotypes


def pod(**spec):
    return {"apiVersion": "v1", "kind": "Pod", "spec": spec}


def container(**fields):
    return pod(containers=[{"name": "c", "image": "nginx", **fields}])


CASES = [
    (
        "a bool where a string goes",
        container(env=[{"name": True}]),
        "json: cannot unmarshal bool into Go struct field EnvVar.spec.containers.env.name of type string",
    ),
    (
        "a string where an int32 goes",
        container(ports=[{"containerPort": "80"}]),
        "json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32",
    ),
    (
        "a number with a fraction where an integer goes",
        container(ports=[{"containerPort": 1.5}]),
        "json: cannot unmarshal number 1.5 into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32",
    ),
    (
        "a string where a struct goes",
        pod(affinity="near"),
        "json: cannot unmarshal string into Go struct field PodSpec.spec.affinity of type v1.Affinity",
    ),
    (
        "an object where a list goes",
        pod(containers={"name": "c"}),
        "json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container",
    ),
    (
        "a quantity that does not parse",
        container(resources={"requests": {"cpu": "lots"}}),
        "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    ),
    (
        "a quantity with two decimal points",
        container(resources={"limits": {"memory": "1.2.3"}}),
        "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    ),
    (
        "a bool as a quantity",
        container(resources={"limits": {"memory": True}}),
        "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    ),
    (
        "a number as a label value",
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"labels": {"tier": 1}}},
        "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string",
    ),
    (
        "a field of the kind itself: its struct is the kind's",
        {"apiVersion": "v1", "kind": "ConfigMap", "data": {"enabled": True}},
        "json: cannot unmarshal bool into Go struct field ConfigMap.data of type string",
    ),
    (
        "a struct where a field of the kind goes",
        {"apiVersion": "v1", "kind": "Pod", "spec": "x"},
        "json: cannot unmarshal string into Go struct field Pod.spec of type v1.PodSpec",
    ),
]


@pytest.mark.parametrize(("case", "obj", "message"), CASES, ids=[c[0] for c in CASES])
def test_the_first_value_of_the_wrong_type_is_named_as_go_names_it(case, obj, message):
    assert gotypes.unmarshal_error(obj) == message


@pytest.mark.parametrize(
    "obj",
    [
        container(ports=[{"containerPort": 80}], resources={"limits": {"cpu": "1", "memory": 64}}),
        container(livenessProbe={"httpGet": {"port": "http"}}),
        container(livenessProbe={"httpGet": {"port": 8080}}),
        pod(nodeName=None, containers=None),
        {"apiVersion": "v1", "kind": "Unknown", "spec": 5},
    ],
    ids=[
        "quantities as strings or numbers",
        "a named port",
        "a numbered port",
        "nulls",
        "no schema",
    ],
)
def test_what_fits_is_no_error(obj):
    assert gotypes.unmarshal_error(obj) is None
