"""In-place resize through the pod's resize subresource: what a resize takes of the request,
what it may change, and Kubernetes' error texts and field paths for what it may not."""

import copy

import pytest

from cluster.engine.api import defaults, qos, resize
from cluster.engine.api.meta import MIRROR_POD_ANNOTATION
from cluster.engine.cluster import Cluster
from tests.cluster.engine.requests import admin_request

PATCH = "application/strategic-merge-patch+json"
REQUESTS = {"cpu": "100m", "memory": "64Mi"}
LIMITS = {"cpu": "200m", "memory": "128Mi"}
RUNNING = {"running": {"startedAt": "2026-01-01T00:00:00Z"}}
RESTART_CPU = [{"resourceName": "cpu", "restartPolicy": "RestartContainer"}]
ONLY_CPU_MEMORY = "spec: Forbidden: only cpu and memory resources are mutable"


def app(name="app", requests=REQUESTS, limits=LIMITS, **fields):
    resources = {}
    if requests:
        resources["requests"] = dict(requests)  # defaulting fills it in: each pod its own
    if limits:
        resources["limits"] = dict(limits)
    return {"name": name, "image": "nginx", "resources": resources, **fields}


def init(name="init", **fields):
    return app(name, **fields)


def sidecar(name="sidecar", **fields):
    return app(name, restartPolicy="Always", **fields)


def pod(*containers, inits=(), annotations=None, status=None, **spec):
    """A pod as stored: defaulted, its QoS class recorded, running."""
    found = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "name": "web",
            "namespace": "default",
            "uid": "6b1e0c1f-0000-4000-8000-000000000001",
            "resourceVersion": "42",
            "generation": 1,
            "creationTimestamp": "2026-01-01T00:00:00Z",
            "labels": {"app": "web"},
        },
        "spec": {"containers": list(containers or [app()]), **spec},
    }
    if inits:
        found["spec"]["initContainers"] = list(inits)
    if annotations:
        found["metadata"]["annotations"] = annotations
    defaults.apply("Pod", found)
    found["status"] = status or {
        "phase": "Running",
        "qosClass": qos.compute_pod_qos(found),
        "containerStatuses": [
            {"name": c["name"], "state": RUNNING, "resources": c["resources"]}
            for c in found["spec"]["containers"]
        ],
    }
    return found


def resized(old, new):
    """What a resize of `old` into `new` is told: the strategy's preparation, then validation."""
    new = copy.deepcopy(new)
    new["metadata"] = copy.deepcopy(old["metadata"])
    new["status"] = copy.deepcopy(old["status"])
    resize.prepare_for_update(new, old)
    return [str(error) for error in resize.validate_update(new, old)]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            pod(),
            pod(app(requests={"cpu": "150m", "memory": "96Mi"}, limits=LIMITS | {"cpu": "300m"})),
            [],
            id="a container's cpu and memory change",
        ),
        pytest.param(
            pod(),
            pod(app(requests={"cpu": "300m", "memory": "64Mi"})),
            [
                'spec.containers[0].resources.requests: Invalid value: "300m": must be less '
                "than or equal to cpu limit of 200m"
            ],
            id="a request above its limit is invalid, as on create",
        ),
        pytest.param(
            pod(annotations={MIRROR_POD_ANNOTATION: "abc"}),
            pod(app(requests={"cpu": "300m", "memory": "64Mi"})),
            [": Forbidden: static pods cannot be resized"],
            id="a static pod is never resized, and is told nothing else",
        ),
        pytest.param(
            pod(os={"name": "windows"}),
            pod(app(requests={"cpu": "150m", "memory": "64Mi"})),
            [": Forbidden: windows pods cannot be resized"],
            id="a windows pod is never resized",
        ),
        pytest.param(
            pod(),
            pod(app(requests=LIMITS)),
            [
                'spec: Invalid value: "Burstable": Pod QOS Class may not change as a result '
                "of resizing"
            ],
            id="the QoS class may not change",
        ),
        pytest.param(
            pod(
                status={
                    "phase": "Running",
                    "qosClass": "Burstable",
                    "containerStatuses": [{"name": "app", "state": RUNNING}],
                }
            ),
            pod(app(requests={"cpu": "150m", "memory": "64Mi"})),
            ["spec: Forbidden: Pod running on node without support for resize"],
            id="a node that reports no resources of a running container cannot resize",
        ),
        pytest.param(
            pod(resources={"requests": {"cpu": "1"}}),
            pod(),
            ["spec.resources: Forbidden: pod-level resources cannot be removed"],
            id="pod-level resources may not go",
        ),
        pytest.param(
            # without pod-level limits nothing defaults the requests (defaultPodRequests)
            pod(resources={"requests": {"cpu": "1", "memory": "1Gi"}}),
            pod(resources={"requests": {"cpu": "1"}}),
            ["spec.resources.requests: Forbidden: pod-level resource requests cannot be removed"],
            id="pod-level requests may not go",
        ),
        pytest.param(
            # the stored pod's memory request was defaulted from its containers' (its limits
            # set, defaultPodRequests filled it in): it goes too
            pod(resources={"requests": {"cpu": "1"}, "limits": {"cpu": "2"}}),
            pod(resources={"requests": {"cpu": "1"}}),
            [
                "spec.resources.requests: Forbidden: pod-level resource requests cannot be removed",
                "spec.resources.limits: Forbidden: pod-level resource limits cannot be removed",
            ],
            id="pod-level limits may not go",
        ),
        pytest.param(
            pod(resources={"requests": {"cpu": "1"}}),
            pod(resources={"requests": {"cpu": "2", "memory": "1Gi"}}),
            [],
            id="pod-level cpu and memory change",
        ),
        pytest.param(
            pod(resources={"requests": {"cpu": "1"}}),
            pod(resources={"requests": {"cpu": "1", "hugepages-2Mi": "2Mi"}}),
            ["spec: Forbidden: only cpu and memory resources are mutable at pod-level"],
            id="pod-level resources change only in cpu and memory",
        ),
        pytest.param(
            pod(
                status={
                    "phase": "Running",
                    "qosClass": "Burstable",
                    "nodeAllocatableResourceClaimStatuses": [{"resourceClaimName": "gpu"}],
                }
            ),
            pod(app(requests={"cpu": "150m", "memory": "64Mi"})),
            ["spec: Forbidden: pods with node allocatable resource claims cannot be resized"],
            id="a pod holding node-allocatable resource claims",
        ),
        pytest.param(
            pod(),
            pod(app(), app("b")),
            ["spec.containers: Forbidden: containers may not be added or removed on resize"],
            id="no container is added",
        ),
        pytest.param(
            pod(),
            pod(app("other")),
            [
                "spec.containers[0].name: Forbidden: containers may not be renamed or reordered "
                "on resize"
            ],
            id="no container is renamed",
        ),
        pytest.param(
            pod(),
            pod(inits=[init()]),
            [
                "spec.initContainers: Forbidden: initContainers may not be added or removed on "
                "resize"
            ],
            id="no init container is added",
        ),
        pytest.param(
            pod(inits=[init(), init("second")]),
            pod(inits=[init("second"), init()]),
            [
                "spec.initContainers[0].name: Forbidden: initContainers may not be renamed or "
                "reordered on resize",
                "spec.initContainers[1].name: Forbidden: initContainers may not be renamed or "
                "reordered on resize",
            ],
            id="no init container is moved",
        ),
        pytest.param(
            pod(app(limits={"cpu": "200m"})),
            pod(app(requests={"cpu": "100m"}, limits={"cpu": "200m"})),
            [
                "spec.containers[0].resources.requests: Forbidden: resource requests cannot be removed"
            ],
            id="no request goes",
        ),
        pytest.param(
            pod(),
            pod(app(limits={"cpu": "200m"})),
            ["spec.containers[0].resources.limits: Forbidden: resource limits cannot be removed"],
            id="no limit goes",
        ),
        pytest.param(
            pod(inits=[init(limits=None)]),
            pod(inits=[init(requests={"cpu": "100m"}, limits=None)]),
            [
                "spec.initContainers[0].resources.requests: Forbidden: resource requests cannot "
                "be removed"
            ],
            id="no request of an init container goes",
        ),
        pytest.param(
            pod(),
            pod(app(limits=LIMITS | {"ephemeral-storage": "1Gi"})),
            [ONLY_CPU_MEMORY],
            id="a container's other resources do not change",
        ),
        pytest.param(
            pod(),
            pod(app(resizePolicy=[{"resourceName": "cpu", "restartPolicy": "NotRequired"}])),
            [ONLY_CPU_MEMORY],
            id="a container's resize policy does not change",
        ),
        pytest.param(
            pod(inits=[init()]),
            pod(inits=[init(limits=LIMITS | {"ephemeral-storage": "1Gi"})]),
            [
                "spec.initContainers[0]: Forbidden: only cpu and memory resources for init or "
                "sidecar containers are mutable"
            ],
            id="an init container's other resources do not change",
        ),
        pytest.param(
            pod(inits=[init()]),
            pod(inits=[init(requests={"cpu": "150m", "memory": "64Mi"})]),
            [],
            id="an init container's cpu changes",
        ),
        pytest.param(
            pod(inits=[init(resizePolicy=RESTART_CPU)]),
            pod(inits=[init(requests={"cpu": "150m", "memory": "64Mi"}, resizePolicy=RESTART_CPU)]),
            [
                "spec.initContainers[0]: Forbidden: non-sidecar init containers with a resize "
                "policy of RestartContainer cannot be resized"
            ],
            id="an init container restarted to resize is not resized",
        ),
        pytest.param(
            pod(inits=[sidecar(resizePolicy=RESTART_CPU)]),
            pod(
                inits=[
                    sidecar(requests={"cpu": "150m", "memory": "64Mi"}, resizePolicy=RESTART_CPU)
                ]
            ),
            [],
            id="a sidecar restarted to resize is resized",
        ),
        pytest.param(
            pod(app(requests=None, limits=None)),
            pod(app(requests=None, limits=None), resources={}),
            [ONLY_CPU_MEMORY],
            id="empty pod-level resources are a change too",
        ),
        pytest.param(
            pod(),
            pod(app(requests={"cpu": "300m"}, limits={"cpu": "200m"}), app("b")),
            [
                'spec.containers[0].resources.requests: Invalid value: "300m": must be less '
                "than or equal to cpu limit of 200m",
                "spec.containers: Forbidden: containers may not be added or removed on resize",
            ],
            id="a container added stops the checks of each container",
        ),
    ],
)
def test_what_a_resize_may_change(old, new, expected):
    assert resized(old, new) == expected


def test_a_resize_takes_the_containers_resources_and_policies_and_the_pod_level_ones():
    old = pod(inits=[sidecar()])
    new = copy.deepcopy(old)
    new["metadata"]["labels"] = {"app": "other"}
    new["metadata"]["managedFields"] = [{"manager": "resizer"}]
    new["spec"]["containers"][0] |= {"image": "busybox", "resources": {"requests": LIMITS}}
    new["spec"]["containers"][0]["resizePolicy"] = RESTART_CPU
    new["spec"]["initContainers"][0]["resources"] = {"limits": LIMITS}
    new["spec"] |= {"resources": {"requests": REQUESTS}, "restartPolicy": "Never"}
    new["status"] = {"phase": "Failed"}
    resize.prepare_for_update(new, old)
    assert new["metadata"] == old["metadata"] | {"managedFields": [{"manager": "resizer"}]}
    assert new["status"] == old["status"]
    assert new["spec"] == old["spec"] | {
        "containers": [
            old["spec"]["containers"][0]
            | {"resources": {"requests": LIMITS}, "resizePolicy": RESTART_CPU}
        ],
        "initContainers": [old["spec"]["initContainers"][0] | {"resources": {"limits": LIMITS}}],
        "resources": {"requests": REQUESTS},
    }


def test_a_renamed_container_comes_as_sent_for_validation_to_refuse():
    old = pod()
    new = copy.deepcopy(old)
    new["spec"]["containers"][0] |= {"name": "other", "image": "busybox"}
    new["metadata"]["labels"] = {}
    resize.prepare_for_update(new, old)
    assert new["spec"]["containers"][0]["image"] == "busybox"
    assert new["metadata"]["labels"] == {"app": "web"}


def test_an_added_container_leaves_the_whole_request_as_it_came():
    old = pod()
    new = copy.deepcopy(old)
    new["spec"]["containers"].append(app("b"))
    new["metadata"]["labels"] = {}
    sent = copy.deepcopy(new)
    resize.prepare_for_update(new, old)
    assert new == sent


# -- through the apiserver ----------------------------------------------------------------------


@pytest.fixture
def cluster():
    cluster = Cluster()
    body = {"metadata": {"name": "web", "labels": {"app": "web"}}, "spec": {"containers": [app()]}}
    assert ask(cluster, "create", body=body).code == 201
    cluster.run_until_idle()
    return cluster


def ask(cluster, verb, name="", subresource="", body=None):
    return admin_request(cluster, verb, "pods", name, subresource, body)


def resize_to(cluster, **container):
    return ask(
        cluster, "patch", "web", "resize", {"spec": {"containers": [{"name": "app", **container}]}}
    )


def test_the_resize_subresource_serves_the_pod(cluster):
    assert ask(cluster, "get", "web", "resize").body == ask(cluster, "get", "web").body


def test_a_resize_changes_the_resources_and_counts_a_generation(cluster):
    resources = {"requests": {"cpu": "150m"}, "limits": {"cpu": "300m"}}
    response = resize_to(cluster, resources=resources)
    assert response.code == 200
    assert response.body["metadata"]["generation"] == 2
    assert response.body["spec"]["containers"][0]["resources"] == {
        "requests": {"cpu": "150m", "memory": "64Mi"},
        "limits": {"cpu": "300m", "memory": "128Mi"},
    }
    again = resize_to(cluster, resources=resources)
    assert again.body["metadata"]["generation"] == 2


def test_what_else_a_resize_sends_is_dropped_without_a_word(cluster):
    before = ask(cluster, "get", "web").body
    body = {
        "metadata": {"labels": {"app": "other"}},
        "spec": {"containers": [{"name": "app", "image": "busybox"}]},
    }
    response = ask(cluster, "patch", "web", "resize", body)
    assert (response.code, response.body) == (200, before)


def test_a_refused_resize_is_invalid_as_kube_apiserver_words_it(cluster):
    response = resize_to(cluster, resources={"requests": LIMITS})
    assert (response.code, response.body["message"], response.body["details"]["causes"]) == (
        422,
        'Pod "web" is invalid: spec: Invalid value: "Burstable": Pod QOS Class may not change '
        "as a result of resizing",
        [
            {
                "reason": "FieldValueInvalid",
                "message": 'Invalid value: "Burstable": Pod QOS Class may not change as a result '
                "of resizing",
                "field": "spec",
            }
        ],
    )
