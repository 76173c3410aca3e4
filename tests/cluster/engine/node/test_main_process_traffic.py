"""A container's main process reaches Services as an exec does, each question at the moment
it asks it: the docs' Init Containers example, waiting for its Services; a loop's rounds
across Service changes, and at random among endpoints; a question asked after a sleep;
snapshots taken while they wait."""

from __future__ import annotations

import pickle

from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import run

# https://kubernetes.io/docs/concepts/workloads/pods/init-containers/#init-containers-in-use
MYAPP_POD = """apiVersion: v1
kind: Pod
metadata:
  name: myapp-pod
  labels:
    app.kubernetes.io/name: MyApp
spec:
  containers:
  - name: myapp-container
    image: busybox:1.28
    command: ['sh', '-c', 'echo The app is running! && sleep 3600']
  initContainers:
  - name: init-myservice
    image: busybox:1.28
    command: ['sh', '-c', "until nslookup myservice.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for myservice; sleep 2; done"]
  - name: init-mydb
    image: busybox:1.28
    command: ['sh', '-c', "until nslookup mydb.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for mydb; sleep 2; done"]
"""
SERVICES = """---
apiVersion: v1
kind: Service
metadata:
  name: myservice
spec:
  ports:
  - protocol: TCP
    port: 80
    targetPort: 9376
---
apiVersion: v1
kind: Service
metadata:
  name: mydb
spec:
  ports:
  - protocol: TCP
    port: 80
    targetPort: 9377
"""
SERVER = "Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n"
WAITING = (
    "nslookup: can't resolve 'myservice.default.svc.cluster.local'\n"
    + SERVER
    + "waiting for myservice\n"
)
WELCOME = "<!DOCTYPE html>"
LOOP = "while true; do wget -qO- -T 2 http://web; sleep 5; done"


def ok(cluster: Cluster, *argv: str, stdin: str = "") -> None:
    result = run(cluster, *argv, stdin=stdin)
    assert result.exit_code == 0, result.stderr


def statuses(cluster: Cluster, until_ms: int) -> list[tuple[int, str]]:
    """The STATUS column of `kubectl get pod myapp-pod` every 250 ms, when it changes."""
    seen: list[tuple[int, str]] = []
    while cluster.clock.now < until_ms:
        cluster.advance_to(cluster.clock.now + 250)
        status = run(cluster, "get", "pod", "myapp-pod").stdout.splitlines()[1].split()[2]
        if not seen or seen[-1][1] != status:
            seen.append((cluster.clock.now, status))
    return seen


def cluster_ip(cluster: Cluster, service: str) -> str:
    return run(cluster, "get", "service", service, "-o", "jsonpath={.spec.clusterIP}").stdout


def found(cluster: Cluster, service: str) -> str:
    """What busybox 1.28's nslookup prints of a Service's name it found."""
    name = f"{service}.default.svc.cluster.local"
    return f"Name:      {name}\nAddress 1: {cluster_ip(cluster, service)} {name}\n"


def rounds(cluster: Cluster, pod: str) -> list[tuple[str, str]]:
    """The first line a pod logged at each moment, with the moment's time of day."""
    firsts: list[tuple[str, str]] = []
    for line in run(cluster, "logs", pod, "--timestamps").stdout.splitlines():
        stamp, _, text = line.partition(" ")
        moment = stamp[11:-1]
        if not firsts or firsts[-1][0] != moment:
            firsts.append((moment, text))
    return firsts


def test_the_docs_init_containers_wait_for_their_services_then_the_app_runs():
    cluster = Cluster()
    ok(cluster, "apply", "-f", "-", stdin=MYAPP_POD)
    assert statuses(cluster, 20_000) == [(250, "Init:0/2")]
    # a round every 2 s, from the container's start at 0.58 s
    assert run(cluster, "logs", "myapp-pod", "-c", "init-myservice").stdout == WAITING * 10
    ok(cluster, "apply", "-f", "-", stdin=SERVICES)
    # the next round finds myservice; init-mydb finds mydb at once; then the app starts
    assert statuses(cluster, 30_000) == [
        (20_250, "Init:0/2"),
        (21_000, "Init:1/2"),
        (22_000, "PodInitializing"),
        (23_000, "Running"),
    ]
    assert run(cluster, "logs", "myapp-pod", "-c", "init-myservice").stdout == (
        WAITING * 10 + SERVER + found(cluster, "myservice")
    )
    mydb = SERVER + found(cluster, "mydb")
    assert run(cluster, "logs", "myapp-pod", "-c", "init-mydb").stdout == mydb
    assert run(cluster, "logs", "myapp-pod").stdout == "The app is running!\n"


def test_a_snapshot_of_the_waiting_init_container_goes_on_identically():
    cluster = Cluster()
    ok(cluster, "apply", "-f", "-", stdin=MYAPP_POD)
    cluster.advance_to(9_000)
    copy = pickle.loads(pickle.dumps(cluster))
    outcomes = []
    for each in (cluster, copy):
        each.advance_to(15_000)
        ok(each, "apply", "-f", "-", stdin=SERVICES)
        seen = statuses(each, 25_000)
        logs = run(each, "logs", "myapp-pod", "-c", "init-myservice", "--timestamps").stdout
        hops = [(h.time, h.source, h.destination, h.verb, h.summary) for h in each.trace.since(0)]
        outcomes.append((seen, logs, hops))
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][0] == [
        (15_250, "Init:0/2"),
        (17_000, "Init:1/2"),
        (18_000, "PodInitializing"),
        (19_000, "Running"),
    ]


def test_a_loop_asks_each_round_and_hears_of_service_changes_from_its_next_round():
    cluster = Cluster()
    ok(cluster, "create", "deployment", "web", "--image=nginx")
    ok(cluster, "run", "client", "--image=busybox", "--", "sh", "-c", LOOP)
    cluster.advance_to(12_000)
    ok(cluster, "expose", "deployment", "web", "--port=80")
    cluster.advance_to(27_000)
    ok(cluster, "scale", "deployment", "web", "--replicas=0")
    cluster.advance_to(40_000)
    refused = (
        f"wget: can't connect to remote host ({cluster_ip(cluster, 'web')}): Connection refused"
    )
    assert rounds(cluster, "client") == [
        ("00:00:00.58", "wget: bad address 'web'"),
        ("00:00:05.58", "wget: bad address 'web'"),
        ("00:00:10.58", "wget: bad address 'web'"),
        ("00:00:15.58", WELCOME),
        ("00:00:20.58", WELCOME),
        ("00:00:25.58", WELCOME),
        ("00:00:30.58", refused),
        ("00:00:35.58", refused),
    ]
    assert run(cluster, "logs", "client").stdout.count("<title>Welcome to nginx!</title>") == 3


def test_a_loop_over_a_service_with_several_endpoints_reaches_them_at_random():
    cluster = Cluster()
    image = "--image=gcr.io/google-samples/hello-app:1.0"
    ok(cluster, "create", "deployment", "hello", image, "--replicas=3")
    ok(cluster, "expose", "deployment", "hello", "--port=80", "--target-port=8080")
    cluster.advance_to(10_000)
    loop = "while true; do wget -qO- http://hello | grep Hostname; sleep 1; done"
    ok(cluster, "run", "client", "--image=busybox", "--", "sh", "-c", loop)
    cluster.advance_to(40_000)
    copy = pickle.loads(pickle.dumps(cluster))  # as it waits to ask its next round
    cluster.advance_to(70_000)
    copy.advance_to(70_000)
    assert run(copy, "logs", "client").stdout == run(cluster, "logs", "client").stdout
    seen = [text for _, text in rounds(cluster, "client")]
    pods = run(cluster, "get", "pods", "-l", "app=hello", "-o", "name").stdout.split()
    assert len(seen) == 60
    assert {text.removeprefix("Hostname: ") for text in seen} == {
        pod.removeprefix("pod/") for pod in pods
    }
    # each request logged by the pod it reached, when it reached it
    served = [moment for pod in pods for moment, _ in rounds(cluster, pod[4:])[1:]]
    assert sorted(served) == [moment for moment, _ in rounds(cluster, "client")]


def test_a_question_asked_after_a_sleep_finds_the_network_as_it_is_then():
    cluster = Cluster()
    ok(cluster, "create", "deployment", "web", "--image=nginx")
    later = "sleep 20; wget -qO- http://web | grep title"
    ok(cluster, "run", "late", "--image=busybox", "--restart=Never", "--", "sh", "-c", later)
    cluster.advance_to(10_000)
    ok(cluster, "expose", "deployment", "web", "--port=80")  # while it sleeps
    cluster.advance_to(30_000)
    assert rounds(cluster, "late") == [("00:00:20.58", "<title>Welcome to nginx!</title>")]
