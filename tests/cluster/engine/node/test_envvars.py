"""The environment the kubelet makes for a container, and `$(VAR)` expansion, table-driven as
Kubernetes' own tests of makeEnvironmentVariables and expansion.Expand are."""

import base64
import json

import pytest

from cluster.engine.cluster import Cluster, ClusterSpec
from cluster.engine.node import envvars
from cluster.engine.node.envvars import EnvVarError, expand, make_environment
from tests.cluster.kubectl.helpers import create_manifest, run

CONTEXT = {"VAR_A": "A", "VAR_B": "B", "VAR_EMPTY": ""}
SERVICES = [("KUBERNETES_SERVICE_HOST", "10.96.0.1")]
FIELDS = {"metadata.name": "web"}
STORE = {
    ("configmaps", "app"): {"data": {"color": "blue", "size": "L", "1st": "x"}},
    ("secrets", "db"): {"data": {"password": base64.b64encode(b"s3cret").decode()}},
}


def lookup(resource, name):
    return STORE.get((resource, name))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("$(VAR_A)", "A"),
        ("___$(VAR_B)___", "___B___"),
        ("$(VAR_A)-$(VAR_B)", "A-B"),
        ("$(VAR_EMPTY)x", "x"),
        ("$(UNKNOWN)", "$(UNKNOWN)"),
        ("$$(VAR_A)", "$(VAR_A)"),
        ("$$$(VAR_A)", "$A"),
        ("$(VAR_A", "$(VAR_A"),
        ("$VAR_A", "$VAR_A"),
        ("$", "$"),
        ("$()", "$()"),
        ("a $ b", "a $ b"),
    ],
)
def test_expansion(value, expected):
    assert expand(value, CONTEXT) == expected


def environment(**container):
    return make_environment(container, "default", FIELDS, SERVICES, lookup)


def test_env_from_first_then_env_in_order_each_overriding_then_the_services():
    env = environment(
        envFrom=[{"configMapRef": {"name": "app"}, "prefix": "APP_"}],
        env=[
            {"name": "APP_color", "value": "red"},
            {"name": "NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
            {"name": "HOST", "value": "$(KUBERNETES_SERVICE_HOST):$(APP_size)"},
            {"name": "PASS", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}},
        ],
    )
    assert env.pairs() == [
        ("APP_1st", "x"),
        ("APP_color", "red"),
        ("APP_size", "L"),
        ("NAME", "web"),
        ("HOST", "10.96.0.1:L"),
        ("PASS", "s3cret"),
        ("KUBERNETES_SERVICE_HOST", "10.96.0.1"),
    ]


def test_every_key_becomes_a_variable_as_the_relaxed_names_allow():
    env = environment(envFrom=[{"configMapRef": {"name": "app"}}])
    assert env.variables["1st"] == "x"


@pytest.mark.parametrize(
    ("ref", "value"),
    [
        ({"resource": "limits.memory"}, "134217728"),
        ({"resource": "limits.memory", "divisor": "1Mi"}, "128"),
        ({"resource": "requests.cpu", "divisor": "1m"}, "250"),
        ({"resource": "requests.cpu", "divisor": "0"}, "1"),
        ({"resource": "limits.cpu"}, "2"),
        ({"resource": "limits.ephemeral-storage", "divisor": "1Gi"}, "20"),
        ({"resource": "requests.memory"}, "0"),
        ({"resource": "limits.memory", "containerName": "side", "divisor": "1Mi"}, "4096"),
    ],
)
def test_a_resource_field_in_units_of_its_divisor_unset_limits_the_nodes(ref, value):
    container = {
        "name": "app",
        "resources": {"limits": {"memory": "128Mi"}, "requests": {"cpu": "250m"}},
        "env": [{"name": "V", "valueFrom": {"resourceFieldRef": ref}}],
    }
    pod = {"spec": {"containers": [container, {"name": "side"}]}}
    allocatable = {"cpu": "2", "memory": "4Gi", "ephemeral-storage": "20Gi"}
    env = make_environment(container, "default", FIELDS, [], lookup, pod, allocatable)
    assert env.variables == {"V": value}


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ({"configMapKeyRef": {"name": "nope", "key": "k"}}, 'configmap "nope" not found'),
        ({"secretKeyRef": {"name": "nope", "key": "k"}}, 'secret "nope" not found'),
        (
            {"configMapKeyRef": {"name": "app", "key": "k"}},
            "couldn't find key k in ConfigMap default/app",
        ),
        ({"secretKeyRef": {"name": "db", "key": "k"}}, "couldn't find key k in Secret default/db"),
    ],
)
def test_a_missing_reference_is_the_containers_config_error(source, message):
    with pytest.raises(EnvVarError, match=f"^{message}$"):
        environment(env=[{"name": "V", "valueFrom": source}])


def test_optional_references_that_are_missing_leave_their_variables_out():
    env = environment(
        envFrom=[{"secretRef": {"name": "nope", "optional": True}}],
        env=[
            {"name": "A", "valueFrom": {"configMapKeyRef": {"name": "x", "optional": True}}},
            {
                "name": "B",
                "valueFrom": {"configMapKeyRef": {"name": "app", "key": "k", "optional": True}},
            },
        ],
    )
    assert env.pairs() == SERVICES


def test_a_pod_waits_in_create_container_config_error_until_its_configmap_exists():
    cluster = Cluster(ClusterSpec())
    env = [{"name": "LEVEL", "valueFrom": {"configMapKeyRef": {"name": "special", "key": "level"}}}]
    container = {
        "name": "c",
        "image": "busybox:1.36",
        "command": ["echo", "level=$(LEVEL)"],
        "env": env,
    }
    create_manifest(cluster, "e", container)
    cluster.advance_to(20_000)
    assert run(cluster, "get", "pod", "e", "--no-headers").stdout.split()[2] == (
        "CreateContainerConfigError"
    )
    state = run(cluster, "get", "pod", "e", "-o", "jsonpath={.status.containerStatuses[0].state}")
    assert json.loads(state.stdout) == {
        "waiting": {
            "message": 'configmap "special" not found',
            "reason": "CreateContainerConfigError",
        }
    }
    events = run(cluster, "get", "events", "--field-selector", "reason=Failed", "--no-headers")
    assert 'Error: configmap "special" not found' in events.stdout
    run(cluster, "create", "configmap", "special", "--from-literal=level=high")
    cluster.advance_to(40_000)
    assert run(cluster, "logs", "e").stdout == "level=high\n"
    assert run(cluster, "get", "pod", "e", "--no-headers").stdout.split()[2] == "Completed"


def _service(name, ip, *ports, namespace="default"):
    return {
        "metadata": {"name": name, "namespace": namespace},
        "spec": {"clusterIP": ip, "ports": list(ports)},
    }


KUBERNETES = _service("kubernetes", "10.96.0.1", {"name": "https", "port": 443, "protocol": "TCP"})


def test_service_links_as_the_kubelet_makes_them():
    services = [
        KUBERNETES,
        _service(
            "my-web",
            "10.96.7.7",
            {"name": "http", "port": 80, "protocol": "TCP"},
            {"name": "dns", "port": 53, "protocol": "UDP"},
            namespace="shop",
        ),
        _service("headless", "None", {"port": 80}, namespace="shop"),
        _service("elsewhere", "10.96.8.8", {"port": 80}, namespace="other"),
    ]
    assert envvars.service_links(services, "shop", True) == [
        ("KUBERNETES_SERVICE_HOST", "10.96.0.1"),
        ("KUBERNETES_SERVICE_PORT", "443"),
        ("KUBERNETES_SERVICE_PORT_HTTPS", "443"),
        ("KUBERNETES_PORT", "tcp://10.96.0.1:443"),
        ("KUBERNETES_PORT_443_TCP", "tcp://10.96.0.1:443"),
        ("KUBERNETES_PORT_443_TCP_PROTO", "tcp"),
        ("KUBERNETES_PORT_443_TCP_PORT", "443"),
        ("KUBERNETES_PORT_443_TCP_ADDR", "10.96.0.1"),
        ("MY_WEB_SERVICE_HOST", "10.96.7.7"),
        ("MY_WEB_SERVICE_PORT", "80"),
        ("MY_WEB_SERVICE_PORT_HTTP", "80"),
        ("MY_WEB_SERVICE_PORT_DNS", "53"),
        ("MY_WEB_PORT", "tcp://10.96.7.7:80"),
        ("MY_WEB_PORT_80_TCP", "tcp://10.96.7.7:80"),
        ("MY_WEB_PORT_80_TCP_PROTO", "tcp"),
        ("MY_WEB_PORT_80_TCP_PORT", "80"),
        ("MY_WEB_PORT_80_TCP_ADDR", "10.96.7.7"),
        ("MY_WEB_PORT_53_UDP", "udp://10.96.7.7:53"),
        ("MY_WEB_PORT_53_UDP_PROTO", "udp"),
        ("MY_WEB_PORT_53_UDP_PORT", "53"),
        ("MY_WEB_PORT_53_UDP_ADDR", "10.96.7.7"),
    ]
    # enableServiceLinks: false leaves only the kubernetes service's
    only = envvars.service_links(services, "shop", False)
    assert only == envvars.service_links([KUBERNETES], "shop", True)
    assert len(only) == 8


def test_a_container_sees_the_services_there_were_when_it_was_created():
    """Connecting Applications with Services: a pod made before the service has none of its
    variables; one made after has them."""
    cluster = Cluster(ClusterSpec())
    sleeper = {"name": "c", "image": "busybox:1.36", "command": ["sleep", "3600"]}
    create_manifest(cluster, "before", sleeper)
    cluster.advance_to(10_000)
    created = run(cluster, "create", "service", "clusterip", "my-nginx", "--tcp=80:80")
    assert created.stdout == "service/my-nginx created\n"
    create_manifest(cluster, "after", sleeper)
    cluster.advance_to(20_000)
    ip = run(cluster, "get", "svc", "my-nginx", "-o", "jsonpath={.spec.clusterIP}").stdout

    def services(pod):
        shown = run(cluster, "exec", pod, "--", "printenv").stdout.splitlines()
        return sorted(line for line in shown if "SERVICE_HOST" in line)

    assert services("before") == ["KUBERNETES_SERVICE_HOST=10.96.0.1"]
    assert services("after") == ["KUBERNETES_SERVICE_HOST=10.96.0.1", f"MY_NGINX_SERVICE_HOST={ip}"]
