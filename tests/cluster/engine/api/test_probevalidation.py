"""Probes and lifecycle hooks are validated as pkg/apis/core/validation does, after defaulting."""

import pytest

from cluster.engine.api import defaults, validation


def pod(container=None, init=None, **spec):
    obj = {
        "metadata": {"name": "p", "namespace": "default"},
        "spec": {"containers": [{"name": "web", "image": "nginx", **(container or {})}], **spec},
    }
    if init is not None:
        obj["spec"]["initContainers"] = [{"name": "setup", "image": "busybox", **init}]
    defaults.apply("Pod", obj)
    return obj


def problems(obj):
    return [str(p) for p in validation.validate("Pod", obj, True)]


HTTP = {"httpGet": {"port": 80}}
NOT_FOR_INIT = "Forbidden: may not be set for init containers without restartPolicy=Always"

CASES = [
    ("a liveness probe that needs two successes", pod({"livenessProbe": {**HTTP, "successThreshold": 2}}),
     ["spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1"]),
    ("a startup probe that needs two successes", pod({"startupProbe": {**HTTP, "successThreshold": 2}}),
     ["spec.containers[0].startupProbe.successThreshold: Invalid value: 2: must be 1"]),
    ("a readiness probe with its own grace period",
     pod({"readinessProbe": {"tcpSocket": {"port": 6379}, "terminationGracePeriodSeconds": 5}}),
     ["spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 5: "
      "must not be set for readinessProbes"]),
    ("a liveness probe with no grace period", pod({"livenessProbe": {**HTTP, "terminationGracePeriodSeconds": 0}}),
     ["spec.containers[0].livenessProbe.terminationGracePeriodSeconds: Invalid value: 0: must be greater than 0"]),
    ("a probe with no handler", pod({"livenessProbe": {"periodSeconds": 5}}),
     ["spec.containers[0].livenessProbe: Required value: must specify a handler type"]),
    ("a probe with two handlers", pod({"readinessProbe": {**HTTP, "tcpSocket": {"port": 80}}}),
     ["spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type"]),
    ("a negative delay", pod({"readinessProbe": {**HTTP, "initialDelaySeconds": -1}}),
     ["spec.containers[0].readinessProbe.initialDelaySeconds: Invalid value: -1: "
      "must be greater than or equal to 0"]),
    ("an exec probe without a command", pod({"livenessProbe": {"exec": {}}}),
     ["spec.containers[0].livenessProbe.exec.command: Required value"]),
    ("an HTTP probe to port 0 over FTP", pod({"livenessProbe": {"httpGet": {"port": 0, "scheme": "FTP"}}}),
     ["spec.containers[0].livenessProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive",
      'spec.containers[0].livenessProbe.httpGet.scheme: Unsupported value: "FTP": supported values: "HTTP", "HTTPS"']),
    ("a TCP probe to a port named by a number", pod({"livenessProbe": {"tcpSocket": {"port": "80"}}}),
     ['spec.containers[0].livenessProbe.tcpSocket.port: Invalid value: "80": must contain at least one letter (a-z)']),
    ("a gRPC probe to a port out of range", pod({"livenessProbe": {"grpc": {"port": 70000}}}),
     ["spec.containers[0].livenessProbe.grpc.port: Invalid value: 70000: must be between 1 and 65535, inclusive"]),
    ("a postStart hook with no handler", pod({"lifecycle": {"postStart": {}}}),
     ["spec.containers[0].lifecycle.postStart: Required value: must specify a handler type"]),
    ("a preStop sleep longer than the grace period",
     pod({"lifecycle": {"preStop": {"sleep": {"seconds": 60}}}}, terminationGracePeriodSeconds=10),
     ["spec.containers[0].lifecycle.preStop.sleep: Invalid value: 60: "
      "must be non-negative and less than terminationGracePeriodSeconds (10)"]),
    ("a grpc hook", pod({"lifecycle": {"preStop": {"grpc": {"port": 80}}}}),
     ["spec.containers[0].lifecycle.preStop: Required value: must specify a handler type"]),
    ("an init container with probes and a hook",
     pod(init={"livenessProbe": HTTP, "startupProbe": HTTP, "lifecycle": {"postStart": HTTP}}),
     [f"spec.initContainers[0].lifecycle: {NOT_FOR_INIT}", f"spec.initContainers[0].livenessProbe: {NOT_FOR_INIT}",
      f"spec.initContainers[0].startupProbe: {NOT_FOR_INIT}"]),
    ("an init container restarted on failure", pod(init={"restartPolicy": "OnFailure"}),
     ['spec.initContainers[0].restartPolicy: Unsupported value: "OnFailure": supported values: "Always"']),
    ("a sidecar's liveness probe that needs two successes",
     pod(init={"restartPolicy": "Always", "livenessProbe": {**HTTP, "successThreshold": 2}}),
     ["spec.initContainers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1"]),
]  # fmt: skip


@pytest.mark.parametrize(("case", "obj", "expected"), CASES, ids=[c[0] for c in CASES])
def test_a_wrong_probe_or_hook_is_reported(case, obj, expected):
    assert problems(obj) == expected


def test_probes_and_hooks_of_containers_and_sidecars_are_valid():
    probes = {
        "livenessProbe": {"grpc": {"port": 6379}, "terminationGracePeriodSeconds": 5},
        "readinessProbe": {"tcpSocket": {"port": "redis"}, "successThreshold": 2},
        "startupProbe": {"exec": {"command": ["redis-cli", "ping"]}},
        "lifecycle": {"postStart": HTTP, "preStop": {"sleep": {"seconds": 0}}},
    }
    assert problems(pod(probes, init={"restartPolicy": "Always", **probes})) == []
