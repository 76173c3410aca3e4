"""etcd's limits, the space quota (--quota-backend-bytes) and the largest write
(--max-request-bytes): a write beyond them gets etcd's error from kube-apiserver, a 500 with no
reason, and stores nothing; deletions still work and free the space."""

import json

from cluster.engine.apiserver.server import COMPACTION_INTERVAL_MS
from cluster.engine.cluster import Cluster, ClusterSpec
from tests.cluster.kubectl.helpers import run

NO_SPACE = "Error from server: etcdserver: mvcc: database space exceeded\n"
PAYLOAD = "x" * 20_000
NGINX = {"name": "nginx", "image": "nginx"}
COMPACTED = 2 * COMPACTION_INTERVAL_MS + 1  # compacted to the revision of the first look


def test_a_write_over_the_quota_is_refused_and_what_is_stored_stays():
    cluster = Cluster(ClusterSpec(quota_backend_bytes=120_000))
    refused = None
    for i in range(10):
        result = run(cluster, "create", "configmap", f"c{i}", f"--from-literal=data={PAYLOAD}")
        if result.exit_code:
            refused = i
            expected = (
                "error: failed to create configmap: etcdserver: mvcc: database space exceeded\n"
            )
            assert (result.stdout, result.stderr) == ("", expected)
            break
    assert refused is not None
    names = run(cluster, "get", "configmaps", "-o", "name").stdout.split()
    assert [f"configmap/c{i}" for i in range(refused)] == [n for n in names if "/c" in n]
    assert run(cluster, "delete", "configmap", "c0").exit_code == 0
    cluster.apiserver.etcd.compact(cluster.apiserver.etcd.revision)
    created = run(cluster, "create", "configmap", "again", f"--from-literal=data={PAYLOAD}")
    assert created.stdout == "configmap/again created\n"


def test_a_deployment_scaled_out_of_all_measure_stops_at_the_quota_and_can_be_scaled_down():
    cluster = Cluster(ClusterSpec(quota_backend_bytes=2 * 1024 * 1024))
    run(cluster, "create", "deployment", "web", "--image=nginx", "--replicas=100000000")
    cluster.advance_to(60_000)
    assert run(cluster, "create", "configmap", "c").stderr.endswith(NO_SPACE[18:])
    assert run(cluster, "scale", "deployment", "web", "--replicas=3").exit_code == 0
    cluster.advance_to(120_000)
    assert cluster.etcd.count("/registry/pods/") == 3


def test_a_deployment_scaled_out_of_all_measure_stops_at_the_quota_and_its_deletion_recovers():
    cluster = Cluster(ClusterSpec(quota_backend_bytes=2 * 1024 * 1024))
    run(cluster, "create", "deployment", "web", "--image=nginx", "--replicas=100000000")
    cluster.advance_to(60_000)
    assert 100 < cluster.etcd.count("/registry/pods/") < 2_000
    deleted = run(cluster, "delete", "deployment", "web")
    assert deleted.stdout == 'deployment.apps "web" deleted from default namespace\n'
    cluster.advance_to(120_000)
    assert cluster.etcd.count("/registry/pods/") == 0
    # the deletions' revisions hold the space until kube-apiserver's compactions let go of it
    assert run(cluster, "run", "next", "--image=nginx").stderr == NO_SPACE
    cluster.advance_to(COMPACTED)
    assert run(cluster, "run", "next", "--image=nginx").stdout == "pod/next created\n"


def test_an_object_over_etcds_largest_request_is_refused():
    cluster = Cluster(ClusterSpec())
    env = [{"name": f"V{i}", "value": "x" * 1000} for i in range(1600)]
    pod = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "huge"},
        "spec": {"containers": [{"name": "c", "image": "nginx", "env": env}]},
    }
    result = run(cluster, "create", "-f", "-", stdin=json.dumps(pod))
    too_large = 'Error from server: error when creating "STDIN": etcdserver: request is too large\n'
    assert result.stderr == too_large
    assert (
        run(cluster, "get", "pod", "huge").stderr
        == 'Error from server (NotFound): pods "huge" not found\n'
    )


def test_a_statefulset_scaled_out_of_all_measure_stops_at_the_quota_and_can_be_scaled_down():
    """Its sync makes the pods of the first missing ordinals, never all 100,000,000 at once."""
    cluster = Cluster(ClusterSpec(quota_backend_bytes=300_000))
    template = {"metadata": {"labels": {"app": "s"}}, "spec": {"containers": [NGINX]}}
    spec = {"serviceName": "s", "selector": {"matchLabels": {"app": "s"}}, "template": template}
    for policy in ("OrderedReady", "Parallel"):
        manifest = {
            "apiVersion": "apps/v1",
            "kind": "StatefulSet",
            "metadata": {"name": policy.lower()},
            "spec": {**spec, "replicas": 100_000_000, "podManagementPolicy": policy},
        }
        assert run(cluster, "apply", "-f", "-", stdin=json.dumps(manifest)).exit_code == 0
    cluster.advance_to(60_000)
    names = run(cluster, "get", "pods", "-o", "name").stdout.split()
    assert names[0] == "pod/orderedready-0"
    assert 20 < sum(name.startswith("pod/parallel-") for name in names) < 500
    for name in ("orderedready", "parallel"):
        assert run(cluster, "scale", "statefulset", name, "--replicas=1").exit_code == 0
    cluster.advance_to(COMPACTED)
    names = run(cluster, "get", "pods", "-o", "name").stdout.split()
    assert names == ["pod/orderedready-0", "pod/parallel-0"]
