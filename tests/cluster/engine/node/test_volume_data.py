"""A volume's files are the volume's: an emptyDir's the pod's (every container that mounts
it sees them, they outlive a container's restart, and go with the pod), a hostPath's the
node's (the next pod on the node that mounts the path finds them), as are those of a
claim's hostPath or local PersistentVolume. As in Kubernetes' tasks "Configure a Pod to
Use a Volume for Storage", "Communicate Between Containers in the Same Pod Using a Shared
Volume" and "Configure a Pod to Use a PersistentVolume for Storage"."""

import json
import pickle

from cluster.engine.cluster import Cluster, ClusterSpec
from cluster.engine.faults import CRASH, Fault, inject
from tests.cluster.kubectl.helpers import run

from .helpers import NODE, runtime

REDIS = """
apiVersion: v1
kind: Pod
metadata:
  name: redis
spec:
  containers:
  - name: redis
    image: redis
    volumeMounts:
    - name: redis-storage
      mountPath: /data/redis
  volumes:
  - name: redis-storage
    emptyDir: {}
"""
TWO_CONTAINERS = """
apiVersion: v1
kind: Pod
metadata:
  name: two-containers
spec:
  restartPolicy: Never
  volumes:
  - name: shared-data
    emptyDir: {}
  containers:
  - name: nginx-container
    image: nginx
    volumeMounts:
    - name: shared-data
      mountPath: /usr/share/nginx/html
  - name: debian-container
    image: debian
    volumeMounts:
    - name: shared-data
      mountPath: /pod-data
    command: ["/bin/sh"]
    args: ["-c", "echo Hello from the debian container > /pod-data/index.html"]
"""
GREETING = "Hello from Kubernetes storage"


def apply(cluster: Cluster, manifest: str) -> None:
    result = run(cluster, "apply", "-f", "-", stdin=manifest)
    assert result.exit_code == 0, result.stderr


def out(cluster: Cluster, *argv: str) -> str:
    """What `kubectl ARGV` printed, stdout then stderr."""
    result = run(cluster, *argv)
    return result.stdout + result.stderr


def pod(name: str, *containers: dict, volumes: list, **spec: object) -> str:
    body = {"containers": list(containers), "volumes": volumes, **spec}
    return json.dumps({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name}, "spec": body})


def sh(name: str, script: str, *mounts: dict, image: str = "busybox") -> dict:
    return {"name": name, "image": image, "command": ["sh", "-c", script], "volumeMounts": mounts}


# -- an emptyDir: the pod's ------------------------------------------------------------------


def test_a_volume_outlives_a_restart_of_its_container():
    cluster = Cluster(ClusterSpec(seed=1))
    apply(cluster, REDIS)
    cluster.advance_to(30_000)
    assert out(cluster, "exec", "redis", "--", "ls", "/data/redis") == ""
    write = ["sh", "-c", "cd /data/redis && echo Hello > test-file"]
    assert out(cluster, "exec", "redis", "--", *write) == ""
    assert out(cluster, "exec", "redis", "--", "ls", "/data/redis") == "test-file\n"
    inject(cluster, Fault(CRASH, namespace="default", pod="redis"))
    cluster.advance_to(60_000)
    assert out(cluster, "get", "pod", "redis") == (
        "NAME    READY   STATUS    RESTARTS      AGE\nredis   1/1     Running   1 (30s ago)   60s\n"
    )
    assert out(cluster, "exec", "redis", "--", "ls", "/data/redis") == "test-file\n"
    assert out(cluster, "exec", "redis", "--", "cat", "/data/redis/test-file") == "Hello\n"
    assert out(cluster, "exec", "redis", "--", "ls", "/data") == "redis\n"


def test_the_containers_of_a_pod_share_its_volume():
    cluster = Cluster(ClusterSpec(seed=1))
    apply(cluster, TWO_CONTAINERS)
    cluster.advance_to(30_000)
    nginx = ("exec", "two-containers", "-c", "nginx-container", "--")
    page = "Hello from the debian container\n"
    assert out(cluster, *nginx, "cat", "/usr/share/nginx/html/index.html") == page
    assert out(cluster, *nginx, "curl", "-s", "localhost") == page
    assert out(cluster, "get", "pod", "two-containers") == (
        "NAME             READY   STATUS     RESTARTS   AGE\n"
        "two-containers   1/2     NotReady   0          30s\n"
    )
    # the other way: what nginx's container writes is in the volume too
    assert out(cluster, *nginx, "sh", "-c", "echo more > /usr/share/nginx/html/more.txt") == ""
    assert out(cluster, *nginx, "curl", "-si", "localhost/more.txt") == (
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nmore\n"
    )
    node = runtime(cluster).disk.files
    assert sorted(path.rsplit("/", 1)[1] for path in node) == ["index.html", "more.txt"]


def test_nginx_serves_what_its_volume_holds():
    cluster = Cluster(ClusterSpec(seed=1))
    apply(cluster, TWO_CONTAINERS)
    cluster.advance_to(30_000)
    nginx = ("exec", "two-containers", "-c", "nginx-container", "--")
    assert out(cluster, *nginx, "rm", "/usr/share/nginx/html/index.html") == ""
    forbidden = out(cluster, *nginx, "curl", "-si", "localhost/")
    assert forbidden.split("\r\n")[:3] == [
        "HTTP/1.1 403 Forbidden",
        "Content-Type: text/html",
        "Content-Length: 153",
    ]
    assert "<center><h1>403 Forbidden</h1></center>" in forbidden
    missing = out(cluster, *nginx, "curl", "-s", "localhost/index.html")
    assert "<center><h1>404 Not Found</h1></center>" in missing
    logs = out(cluster, "logs", "two-containers", "-c", "nginx-container").splitlines()
    assert [line.split('"')[1:3] for line in logs[-2:]] == [
        ["GET / HTTP/1.1", " 403 153 "],
        ["GET /index.html HTTP/1.1", " 404 153 "],
    ]


def test_an_empty_volume_is_an_empty_directory_and_a_container_reads_its_writes():
    cluster = Cluster(ClusterSpec(seed=1))
    scratch = {"name": "scratch", "mountPath": "/scratch"}
    shelf = {"name": "scratch", "mountPath": "/shelf", "readOnly": True}
    apply(
        cluster,
        pod(
            "p",
            sh("a", "sleep 3600", scratch),
            sh("b", "sleep 3600", shelf),
            volumes=[{"name": "scratch", "emptyDir": {}}],
            nodeName=NODE,
        ),
    )
    cluster.advance_to(10_000)
    assert out(cluster, "exec", "p", "-c", "b", "--", "ls", "/shelf") == ""
    assert out(cluster, "exec", "p", "-c", "a", "--", "sh", "-c", "echo hi > /scratch/x") == ""
    assert out(cluster, "exec", "p", "-c", "b", "--", "cat", "/shelf/x") == "hi\n"
    assert out(cluster, "exec", "p", "-c", "b", "--", "rm", "/shelf/x") == (
        "rm: can't remove '/shelf/x': Read-only file system\ncommand terminated with exit code 1\n"
    )
    assert out(cluster, "exec", "p", "-c", "a", "--", "rm", "/scratch/x") == ""
    assert out(cluster, "exec", "p", "-c", "b", "--", "cat", "/shelf/x") == (
        "cat: can't open '/shelf/x': No such file or directory\n"
        "command terminated with exit code 1\n"
    )


def test_a_process_sees_what_was_written_before_it_started_and_a_loop_from_its_next_round():
    cluster = Cluster(ClusterSpec(seed=1))
    data = {"name": "data", "mountPath": "/data"}
    writer = sh("writer", "echo first > /data/x; sleep 3600", data)
    reader = sh("reader", "while true; do cat /data/x; sleep 10; done", data)
    volumes = [{"name": "data", "emptyDir": {}}]
    apply(cluster, pod("p", writer, reader, volumes=volumes, nodeName=NODE))
    cluster.advance_to(25_000)
    write = ["sh", "-c", "echo second > /data/x"]
    assert out(cluster, "exec", "p", "-c", "writer", "--", *write) == ""
    cluster.advance_to(45_000)
    assert out(cluster, "logs", "p", "-c", "reader") == "first\nfirst\nfirst\nsecond\nsecond\n"


def test_a_sub_path_is_that_directory_of_the_volume():
    cluster = Cluster(ClusterSpec(seed=1))
    whole = {"name": "data", "mountPath": "/data"}
    part = {"name": "data", "mountPath": "/logs", "subPath": "app/logs"}
    writer = sh("writer", "echo line > /logs/today; sleep 3600", part)
    apply(
        cluster,
        pod(
            "p",
            writer,
            sh("reader", "sleep 3600", whole),
            volumes=[{"name": "data", "emptyDir": {}}],
            nodeName=NODE,
        ),
    )
    cluster.advance_to(10_000)
    assert (
        out(cluster, "exec", "p", "-c", "reader", "--", "cat", "/data/app/logs/today") == "line\n"
    )
    assert out(cluster, "exec", "p", "-c", "reader", "--", "ls", "/data/app") == "logs\n"


def test_an_empty_dir_goes_with_its_pod():
    cluster = Cluster(ClusterSpec(seed=1))
    apply(cluster, TWO_CONTAINERS)
    cluster.advance_to(30_000)
    assert len(runtime(cluster).disk.files) == 1
    assert out(cluster, "delete", "pod", "two-containers", "--wait=false") == (
        'pod "two-containers" deleted from default namespace\n'
    )
    cluster.advance_to(90_000)
    assert out(cluster, "get", "pods") == "No resources found in default namespace.\n"
    assert runtime(cluster).disk.files == {}


def test_a_snapshot_mid_way_goes_on_the_same():
    cluster = Cluster(ClusterSpec(seed=1))
    data = {"name": "data", "mountPath": "/data"}
    loop = "i=0; while true; do i=$((i+1)); echo $i > /data/n; sleep 7; done"
    reader = sh("reader", "while true; do cat /data/n; sleep 10; done", data)
    volumes = [{"name": "data", "emptyDir": {}}]
    apply(cluster, pod("p", sh("writer", loop, data), reader, volumes=volumes, nodeName=NODE))
    cluster.advance_to(20_000)
    copy = pickle.loads(pickle.dumps(cluster))
    seen = []
    for each in (cluster, copy):
        mark = each.trace.last_seq
        each.advance_to(40_000)
        exec_ = ("exec", "p", "-c", "reader", "--")
        seen.append(
            (
                out(each, *exec_, "cat", "/data/n"),
                out(each, *exec_, "sh", "-c", "echo 100 > /data/n"),
                out(each, "logs", "p", "-c", "reader"),
                [(h.time, h.source, h.verb, h.summary) for h in each.trace.since(mark)],
            )
        )
        each.advance_to(60_000)
        seen.append(out(each, "logs", "p", "-c", "reader"))
    assert seen[0] == seen[2] and seen[1] == seen[3]
    assert seen[0][0] == "6\n"


# -- a hostPath, and a claim's volume: the node's ---------------------------------------------


def host_pod(name: str, script: str, node: str = NODE) -> str:
    volume = {"name": "host", "hostPath": {"path": "/mnt/data", "type": "DirectoryOrCreate"}}
    mount = {"name": "host", "mountPath": "/host"}
    return pod(name, sh("c", script, mount), volumes=[volume], nodeName=node)


def test_a_host_path_keeps_its_files_on_its_node_for_the_next_pod():
    cluster = Cluster(ClusterSpec(seed=1))
    apply(cluster, host_pod("writer", "echo kept > /host/note; sleep 3600"))
    cluster.advance_to(10_000)
    assert out(cluster, "delete", "pod", "writer", "--wait=false") == (
        'pod "writer" deleted from default namespace\n'
    )
    cluster.advance_to(60_000)
    apply(cluster, host_pod("reader", "cat /host/note; sleep 3600"))
    apply(cluster, host_pod("elsewhere", "cat /host/note; sleep 3600", "node-2"))
    cluster.advance_to(80_000)
    assert out(cluster, "logs", "reader") == "kept\n"
    assert (
        out(cluster, "logs", "elsewhere")
        == "cat: can't open '/host/note': No such file or directory\n"
    )
    assert runtime(cluster).disk.files == {"/mnt/data/note": "kept\n"}


PV = """
apiVersion: v1
kind: PersistentVolume
metadata:
  name: task-pv-volume
spec:
  storageClassName: manual
  capacity:
    storage: 10Gi
  accessModes:
    - ReadWriteOnce
  {source}
"""
CLAIM = """
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: task-pv-claim
spec:
  storageClassName: manual
  accessModes:
    - ReadWriteOnce
  resources:
    requests:
      storage: 3Gi
"""
HOST_PATH = 'hostPath: {path: "/mnt/data"}'
LOCAL = (
    'local: {path: "/mnt/disks/ssd1"}\n'
    "  nodeAffinity: {required: {nodeSelectorTerms: [{matchExpressions: "
    "[{key: kubernetes.io/hostname, operator: In, values: [node-1]}]}]}}"
)


def claim_pod(name: str, container: dict, **spec: object) -> str:
    volume = {"name": "task-pv-storage", "persistentVolumeClaim": {"claimName": "task-pv-claim"}}
    return pod(name, container, volumes=[volume], **spec)


def test_a_claim_s_volume_keeps_its_files_for_the_next_pod_on_its_node():
    cluster = Cluster(ClusterSpec(seed=1))
    apply(cluster, PV.format(source=HOST_PATH))
    apply(cluster, CLAIM)
    html = {"name": "task-pv-storage", "mountPath": "/usr/share/nginx/html"}
    write = f"echo '{GREETING}' > /usr/share/nginx/html/index.html"
    apply(cluster, claim_pod("writer", sh("c", write, html), nodeName=NODE, restartPolicy="Never"))
    cluster.advance_to(20_000)
    assert runtime(cluster).disk.files == {"/mnt/data/index.html": f"{GREETING}\n"}
    nginx = {"name": "task-pv-container", "image": "nginx", "volumeMounts": [html]}
    apply(cluster, claim_pod("task-pv-pod", nginx, nodeName=NODE))
    cluster.advance_to(40_000)
    assert out(cluster, "exec", "task-pv-pod", "--", "curl", "-s", "http://localhost/") == (
        f"{GREETING}\n"
    )


def test_a_local_volume_is_its_node_s_directory():
    cluster = Cluster(ClusterSpec(seed=1))
    apply(cluster, PV.format(source=LOCAL))
    apply(cluster, CLAIM)
    data = {"name": "task-pv-storage", "mountPath": "/data"}
    apply(cluster, claim_pod("first", sh("c", "date > /data/first; sleep 3600", data)))
    cluster.advance_to(20_000)
    assert out(cluster, "delete", "pod", "first", "--wait=false") == (
        'pod "first" deleted from default namespace\n'
    )
    cluster.advance_to(60_000)
    apply(cluster, claim_pod("second", sh("c", "cat /data/first; sleep 3600", data)))
    cluster.advance_to(80_000)
    assert out(cluster, "get", "pod", "second", "-o", "jsonpath={.spec.nodeName}") == NODE
    assert out(cluster, "logs", "second") == "Thu Jan  1 00:00:00 UTC 2026\n"
    assert list(runtime(cluster).disk.files) == ["/mnt/disks/ssd1/first"]


def test_nginx_serves_a_config_map_mounted_at_its_root_and_otherwise_its_own_page():
    cluster = Cluster(ClusterSpec(seed=1))
    page = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "page"}}
    apply(cluster, json.dumps({**page, "data": {"index.html": "<p>mine</p>\n"}}))
    html = {"name": "page", "mountPath": "/usr/share/nginx/html"}
    mounted = {"name": "web", "image": "nginx", "volumeMounts": [html]}
    volumes = [{"name": "page", "configMap": {"name": "page"}}]
    apply(cluster, pod("mounted", mounted, volumes=volumes, nodeName=NODE))
    apply(cluster, pod("plain", {"name": "web", "image": "nginx"}, volumes=[], nodeName=NODE))
    cluster.advance_to(20_000)
    assert out(cluster, "exec", "mounted", "--", "curl", "-s", "localhost") == "<p>mine</p>\n"
    assert "<h1>Welcome to nginx!</h1>" in out(
        cluster, "exec", "plain", "--", "curl", "-s", "localhost"
    )
