"""Validation of a container's variables and of the volumes made of ConfigMaps, Secrets and
the downward API, in Kubernetes' field paths and texts."""

import pytest

from cluster.engine.api import defaults, validation

C = "spec.containers[0]"


def pod(container=None, volumes=None):
    obj = {
        "metadata": {"name": "p", "namespace": "default"},
        "spec": {
            "containers": [{"name": "c", "image": "busybox", **(container or {})}],
            "volumes": volumes or [],
        },
    }
    defaults.apply("Pod", obj)
    return obj


def mounted(volume, **mount):
    return pod(
        {"volumeMounts": [{"name": "v", "mountPath": "/v", **mount}]}, [{"name": "v", **volume}]
    )


def volume(source):
    """A pod with this volume, unmounted: a mount of a volume in error is not found, too."""
    return pod(None, [{"name": "v", **source}])


def problems(obj):
    return [str(p) for p in validation.validate("Pod", obj, True)]


CASES = [
    ("a relaxed variable name is fine", pod({"env": [{"name": "1A.b c", "value": "x"}]}), []),
    ("a name with '='", pod({"env": [{"name": "A=B", "value": "x"}]}),
     [f'{C}.env[0].name: Invalid value: "A=B": a valid environment variable name must consist only of '
      "printable ASCII characters other than '='"]),
    ("no name", pod({"env": [{"name": "", "value": "x"}]}), [f"{C}.env[0].name: Required value"]),
    ("a value and a source", pod({"env": [{"name": "A", "value": "x",
                                           "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}]}),
     [f'{C}.env[0].valueFrom: Invalid value: "": may not be specified when `value` is not empty']),
    ("two sources", pod({"env": [{"name": "A", "valueFrom": {
        "fieldRef": {"fieldPath": "metadata.name"}, "configMapKeyRef": {"name": "a", "key": "b"}}}]}),
     [f'{C}.env[0].valueFrom: Invalid value: "": may not have more than one field specified at a time']),
    ("a field a variable cannot have", pod({"env": [{"name": "A", "valueFrom": {
        "fieldRef": {"fieldPath": "metadata.labels"}}}]}),
     [f'{C}.env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "metadata.labels": supported values: '
      '"metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", '
      '"status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"']),
    ("a field there is not", pod({"env": [{"name": "A", "valueFrom": {"fieldRef": {"fieldPath": "spec.x"}}}]}),
     [f'{C}.env[0].valueFrom.fieldRef.fieldPath: Invalid value: "spec.x": error converting fieldPath: '
      "field label not supported: spec.x"]),
    ("a label's key that is not one", pod({"env": [{"name": "A", "valueFrom": {
        "fieldRef": {"fieldPath": "metadata.labels['a b']"}}}]}),
     [f"{C}.env[0].valueFrom.fieldRef: Invalid value: \"a b\": name part must consist of alphanumeric "
      "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or "
      "'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"]),
    ("a key that is not a config key", pod({"env": [{"name": "A", "valueFrom": {
        "secretKeyRef": {"name": "s", "key": "a b"}}}]}),
     [f"{C}.env[0].valueFrom.secretKeyRef.key: Invalid value: \"a b\": a valid config key must consist of "
      "alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for "
      "validation is '[-._a-zA-Z0-9]+')"]),
    ("no key", pod({"env": [{"name": "A", "valueFrom": {"configMapKeyRef": {"name": "c"}}}]}),
     [f"{C}.env[0].valueFrom.configMapKeyRef.key: Required value"]),
    ("a resource there is not", pod({"env": [{"name": "A", "valueFrom": {
        "resourceFieldRef": {"resource": "limits.foo"}}}]}),
     [f'{C}.env[0].valueFrom.resourceFieldRef.resource: Unsupported value: "limits.foo": supported values: '
      '"limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", '
      '"requests.ephemeral-storage", "requests.memory"']),
    ("a cpu divisor of 3m", pod({"env": [{"name": "A", "valueFrom": {
        "resourceFieldRef": {"resource": "limits.cpu", "divisor": "3m"}}}]}),
     [f'{C}.env[0].valueFrom.resourceFieldRef.divisor: Invalid value: "limits.cpu": only divisor\'s values '
      "1m and 1 are supported with the cpu resource"]),
    ("a prefix with '='", pod({"envFrom": [{"prefix": "A=", "configMapRef": {"name": "c"}}]}),
     [f'{C}.envFrom[0].prefix: Invalid value: "A=": a valid environment variable name must consist only of '
      "printable ASCII characters other than '='"]),
    ("a ConfigMap and a Secret in one source", pod({"envFrom": [{"configMapRef": {"name": "c"},
                                                                 "secretRef": {"name": "s"}}]}),
     [f'{C}.envFrom: Invalid value: "": may not have more than one field specified at a time']),
    ("an item's path out of the volume", volume({"configMap": {"name": "c", "items": [{"key": "a", "path": "../x"}]}}),
     ['spec.volumes[0].configMap.items[0].path: Invalid value: "../x": must not contain \'..\'']),
    ("an absolute item path", volume({"secret": {"secretName": "s", "items": [{"key": "a", "path": "/x"}]}}),
     ['spec.volumes[0].secret.items[0].path: Invalid value: "/x": must be a relative path']),
    ("a path that starts with ..", volume({"configMap": {"name": "c", "items": [{"key": "a", "path": "..x"}]}}),
     ['spec.volumes[0].configMap.items[0].path: Invalid value: "..x": must not start with \'..\'']),
    ("a mode past 0777", volume({"configMap": {"name": "c", "defaultMode": 1000}}),
     ["spec.volumes[0].configMap.defaultMode: Invalid value: 1000: must be a number between 0 and 0777 (octal), "
      "both inclusive"]),
    ("a downward file of a field a volume cannot have",
     volume({"downwardAPI": {"items": [{"path": "x", "fieldRef": {"fieldPath": "spec.nodeName"}}]}}),
     ['spec.volumes[0].downwardAPI.fieldRef.fieldPath: Unsupported value: "spec.nodeName": supported values: '
      '"metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid"']),
    ("a downward file of a resource without its container",
     volume({"downwardAPI": {"items": [{"path": "x", "resourceFieldRef": {"resource": "limits.cpu"}}]}}),
     ["spec.volumes[0].downwardAPI.resourceFieldRef.containerName: Required value"]),
    ("a token that expires too soon",
     volume({"projected": {"sources": [{"serviceAccountToken": {"path": "t", "expirationSeconds": 60}}]}}),
     ["spec.volumes[0].projected.sources[0].serviceAccountToken.expirationSeconds: Invalid value: 60: may not "
      "specify a duration less than 10 minutes"]),
    ("two projections of one path", volume({"projected": {"sources": [
        {"configMap": {"name": "a", "items": [{"key": "k", "path": "x"}]}},
        {"secret": {"name": "b", "items": [{"key": "k", "path": "x"}]}}]}}),
     ['spec.volumes[0].projected: Invalid value: "b": conflicting duplicate paths']),
    ("a subPath out of the volume", mounted({"configMap": {"name": "c"}}, subPath="../x"),
     [f'{C}.volumeMounts.subPath: Invalid value: "../x": must not contain \'..\'']),
    ("a subPath and a subPathExpr", mounted({"configMap": {"name": "c"}}, subPath="a", subPathExpr="b"),
     [f'{C}.volumeMounts[0].subPathExpr: Invalid value: "b": subPathExpr and subPath are mutually exclusive']),
]  # fmt: skip


@pytest.mark.parametrize(("case", "obj", "expected"), CASES, ids=[c[0] for c in CASES])
def test_what_configures_a_container_is_validated_as_kubernetes_does(case, obj, expected):
    assert problems(obj) == expected
