"""One big cluster: N nodes, P pods created through Deployments, run until every pod runs.

Engine level, in this process, on one core: builds a cluster of a control-plane node and N
workers, creates Deployments of 100 replicas (nginx) through kube-apiserver until they ask
for P pods, then advances the virtual clock until every pod is Running. Prints the time to
build the cluster, the pods scheduled and running per second of CPU time, the time to
converge, and the peak memory of the process.

Kubernetes' published limits are 5,000 nodes and 150,000 pods; the goal there is over
1,000 pods/s end to end and under 2 GB. That size takes long here, so the default run is
the tenth of it (500 nodes, 15,000 pods); pass sizes to run others:

    .venv/bin/python benchmarks/scale.py            # 500 nodes, 15,000 pods
    .venv/bin/python benchmarks/scale.py 5000 150000
"""

from __future__ import annotations

import gc
import resource
import sys
import time

from _stats import machine

from cluster import gcpolicy
from cluster.engine.apiserver.request import Request
from cluster.engine.cluster import Cluster, ClusterSpec
from cluster.engine.node.kubelet import NodeConfig
from cluster.engine.store import codec

REPLICAS = 100
STEP_MS = 1_000  # how far the clock moves between checks of progress
# etcd's quota as Kubernetes' 5,000-node tests set it (8 GiB), not a sandbox's 16 MiB
QUOTA_BYTES = 8 * 1024**3


def nodes(count: int) -> tuple[NodeConfig, ...]:
    workers = (
        NodeConfig(
            f"node-{i}",
            f"172.{18 + i // 62500}.{i // 250 % 250}.{i % 250 + 1}",
            cpu="8",
            memory="32Gi",
            pods="110",
        )
        for i in range(1, count + 1)
    )
    return (NodeConfig("control-plane", "172.17.0.2", control_plane=True), *workers)


def deployment(name: str, replicas: int) -> dict:
    labels = {"app": name}
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": labels},
            "template": {
                "metadata": {"labels": labels},
                "spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]},
            },
        },
    }


def running(cluster: Cluster) -> int:
    pods = cluster.apiserver.etcd.range("/registry/pods/default/")
    return sum(1 for kv in pods if b'"phase":"Running"' in codec.plain(kv.value))


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    node_count = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    pod_count = int(sys.argv[2]) if len(sys.argv) > 2 else 15_000
    gcpolicy.apply()  # as a worker runs
    print(machine())
    print(f"{node_count} nodes, {pod_count} pods in Deployments of {REPLICAS} (one core)")
    print(f"  garbage collector thresholds {gc.get_threshold()}, as a worker sets them")
    start = time.process_time()
    cluster = Cluster(ClusterSpec(nodes=nodes(node_count), quota_backend_bytes=QUOTA_BYTES))
    built = time.process_time() - start
    print(f"  cluster built in {built:.1f} s of CPU; peak memory {peak_rss_mb():.0f} MB")

    start = time.process_time()
    for i in range(0, pod_count, REPLICAS):
        body = deployment(f"web-{i // REPLICAS}", min(REPLICAS, pod_count - i))
        response = cluster.handle(
            Request("create", "deployments", "default", body=body, credential=cluster.admin)
        )
        assert response.code == 201, response.body
    began = cluster.clock.now
    done = running(cluster)
    while done < pod_count:
        cluster.advance_to(cluster.clock.now + STEP_MS)
        done = running(cluster)
        print(
            f"  t={(cluster.clock.now - began) / 1000:.0f}s virtual: {done} running, "
            f"{time.process_time() - start:.1f} s of CPU",
            flush=True,
        )
    cpu = time.process_time() - start
    virtual = (cluster.clock.now - began) / 1000
    scheduled = len(cluster.apiserver.etcd.range("/registry/pods/default/"))
    print(f"  {scheduled} pods, all Running after {virtual:.0f} s of virtual time")
    print(f"  end to end: {pod_count / cpu:.0f} pods/s ({cpu:.1f} s of CPU)")
    print(f"  peak memory {peak_rss_mb():.0f} MB")
    print("goal at 5,000 nodes / 150,000 pods: over 1,000 pods/s end to end, under 2 GB")


if __name__ == "__main__":
    main()
