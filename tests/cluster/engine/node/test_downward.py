"""The downward API in a running pod: its fields, labels, annotations and resources, in its
variables and in the files of its downwardAPI volumes."""

from cluster.engine.cluster import Cluster, ClusterSpec
from cluster.engine.node.downward import format_map
from tests.cluster.kubectl.helpers import run

POD = """
apiVersion: v1
kind: Pod
metadata:
  name: info
  labels: {app: web}
  annotations: {note: 'say "hi"'}
spec:
  restartPolicy: Never
  containers:
  - name: c
    image: busybox:1.36
    command: [sh, -c, "env; echo; cat /etc/info/annotations /etc/info/requests-cpu"]
    resources:
      limits: {memory: 128Mi}
      requests: {cpu: 250m}
    env:
    - {name: POD_IPS, valueFrom: {fieldRef: {fieldPath: status.podIPs}}}
    - {name: APP, valueFrom: {fieldRef: {fieldPath: "metadata.labels['app']"}}}
    - {name: MEM, valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}}
    - {name: CPU, valueFrom: {resourceFieldRef: {resource: limits.cpu}}}
    volumeMounts:
    - {name: info, mountPath: /etc/info}
  volumes:
  - name: info
    downwardAPI:
      items:
      - {path: annotations, fieldRef: {fieldPath: metadata.annotations}}
      - {path: requests-cpu, resourceFieldRef: {containerName: c, resource: requests.cpu, divisor: 1m}}
"""


def test_format_map_quotes_each_value_as_go_does():
    assert format_map({"b": 'say "hi"', "a": "x\ny"}) == 'a="x\\ny"\nb="say \\"hi\\""'


def test_a_pod_reads_its_fields_and_resources():
    cluster = Cluster(ClusterSpec())
    run(cluster, "create", "-f", "-", stdin=POD)
    cluster.advance_to(20_000)
    pod_ip = run(cluster, "get", "pod", "info", "-o", "jsonpath={.status.podIP}").stdout
    out = run(cluster, "logs", "info").stdout
    variables = dict(line.split("=", 1) for line in out.split("\n\n")[0].splitlines())
    assert {k: variables[k] for k in ("POD_IPS", "APP", "MEM", "CPU")} == {
        "POD_IPS": pod_ip,
        "APP": "web",
        "MEM": "128",
        "CPU": "2",  # no limit: the node's allocatable
    }
    # the kubelet's own annotations too: where it had the pod from, and when it first saw it
    assert out.split("\n\n", 1)[1] == (
        'kubernetes.io/config.seen="2026-01-01T00:00:00Z"\n'
        'kubernetes.io/config.source="api"\n'
        'note="say \\"hi\\""250'
    )


def test_a_resource_field_ref_shows_its_zero_divisor():
    cluster = Cluster(ClusterSpec())
    run(cluster, "create", "-f", "-", stdin=POD)
    path = "jsonpath={.spec.containers[0].env[3].valueFrom.resourceFieldRef}"
    assert run(cluster, "get", "pod", "info", "-o", path).stdout == (
        '{"divisor":"0","resource":"limits.cpu"}'
    )
