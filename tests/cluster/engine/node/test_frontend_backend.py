"""The Kubernetes docs' "Connect a Frontend to a Backend Using Services", step by step: the
backend Deployment (hello-go-gke), its Service `hello`, the frontend Deployment (nginx from
hello-frontend, proxying to `hello`) and its LoadBalancer Service, then a request to the
frontend from a client pod, answered by a backend through nginx."""

from __future__ import annotations

import pickle

import pytest

from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import run

# content/en/examples/service/access/*.yaml
BACKEND = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: backend
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: hello
      tier: backend
      track: stable
  replicas: 3
  template:
    metadata:
      labels:
        app.kubernetes.io/name: hello
        tier: backend
        track: stable
    spec:
      containers:
        - name: hello
          image: "gcr.io/google-samples/hello-go-gke:1.0"
          ports:
            - name: http
              containerPort: 80
"""
HELLO_SERVICE = """apiVersion: v1
kind: Service
metadata:
  name: hello
spec:
  selector:
    app.kubernetes.io/name: hello
    tier: backend
  ports:
  - protocol: TCP
    port: 80
    targetPort: http
"""
FRONTEND = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: frontend
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: hello
      tier: frontend
      track: stable
  replicas: 1
  template:
    metadata:
      labels:
        app.kubernetes.io/name: hello
        tier: frontend
        track: stable
    spec:
      containers:
        - name: nginx
          image: "gcr.io/google-samples/hello-frontend:1.0"
          lifecycle:
            preStop:
              exec:
                command: ["/usr/sbin/nginx","-s","quit"]
---
apiVersion: v1
kind: Service
metadata:
  name: frontend
spec:
  selector:
    app.kubernetes.io/name: hello
    tier: frontend
  ports:
  - protocol: "TCP"
    port: 80
    targetPort: 80
  type: LoadBalancer
"""
HELLO = '{"message":"Hello"}\n'
NOT_FOUND = 'host not found in upstream "hello" in /etc/nginx/conf.d/frontend.conf:2'


def applied(cluster: Cluster, manifest: str, ms: int = 20_000) -> str:
    result = run(cluster, "apply", "-f", "-", stdin=manifest)
    assert result.exit_code == 0, result.stderr
    cluster.advance_to(cluster.clock.now + ms)
    return result.stdout


def names(cluster: Cluster, tier: str) -> list[str]:
    listed = run(cluster, "get", "pods", "-l", f"tier={tier}", "-o", "name").stdout.split()
    return [name.removeprefix("pod/") for name in listed]


def jsonpath(cluster: Cluster, *what: str) -> str:
    return run(cluster, "get", *what[:-1], "-o", f"jsonpath={what[-1]}").stdout


def wget(cluster: Cluster, url: str = "http://frontend") -> tuple[str, str, int]:
    result = run(cluster, "exec", "client", "--", "wget", "-qO-", url)
    return result.stdout, result.stderr, result.exit_code


def client(cluster: Cluster) -> None:
    assert run(cluster, "run", "client", "--image=busybox", "--", "sleep", "3600").exit_code == 0
    cluster.advance_to(cluster.clock.now + 10_000)


@pytest.fixture(scope="module")
def page() -> Cluster:
    """The page's steps in its order, and a client pod."""
    cluster = Cluster()
    assert applied(cluster, BACKEND) == "deployment.apps/backend created\n"
    assert applied(cluster, HELLO_SERVICE, 2_000) == "service/hello created\n"
    assert applied(cluster, FRONTEND) == (
        "deployment.apps/frontend created\nservice/frontend created\n"
    )
    client(cluster)
    return cluster


def test_the_backend_logs_as_its_source_does(page):
    logs = run(page, "logs", names(page, "backend")[0]).stdout.splitlines()
    assert [line[20:] for line in logs] == [
        "Starting server...",
        "Health service listening on 0.0.0.0:81",
        "HTTP service listening on 0.0.0.0:80",
    ]


def test_the_load_balancer_stays_pending_without_a_cloud(page):
    listed = run(page, "get", "service", "frontend").stdout.splitlines()
    ip = jsonpath(page, "service", "frontend", "{.spec.clusterIP}")
    assert listed[1].split()[:4] == ["frontend", "LoadBalancer", ip, "<pending>"]


def test_the_frontend_answers_what_a_backend_answers(page):
    since = page.trace.last_seq
    assert wget(page) == (HELLO, "", 0)
    frontend = names(page, "frontend")[0]
    frontend_ip = jsonpath(page, "pod", frontend, "{.status.podIP}")
    client_ip = jsonpath(page, "pod", "client", "{.status.podIP}")
    access = run(page, "logs", frontend).stdout.splitlines()[-1]
    assert access.startswith(f"{client_ip} - - [")
    assert access.endswith('] "GET / HTTP/1.1" 200 20 "-" "Wget" "-"')
    # the hops: the client's node's rules to the frontend, then the frontend's node's to a
    # backend, from the frontend pod's address
    forwards = [h for h in page.trace.since(since) if h.verb == "forward"]
    assert [h.summary.split(" from ")[1].split()[0] for h in forwards] == [
        client_ip,
        frontend_ip,
    ]
    backends = {jsonpath(page, "pod", b, "{.status.podIP}") for b in names(page, "backend")}
    assert forwards[1].summary.rsplit(" to ", 1)[1].split(":")[0] in backends


def test_a_snapshot_mid_way_goes_on_the_same():
    cluster = Cluster()
    applied(cluster, BACKEND)
    applied(cluster, HELLO_SERVICE, 2_000)
    copy = pickle.loads(pickle.dumps(cluster))
    for each in (cluster, copy):
        applied(each, FRONTEND)
        client(each)
    assert wget(copy) == wget(cluster) == (HELLO, "", 0)
    frontend = names(cluster, "frontend")[0]
    assert run(copy, "logs", frontend).stdout == run(cluster, "logs", frontend).stdout


def test_without_the_backend_service_nginx_stops_at_its_upstream_and_crash_loops():
    cluster = Cluster()
    applied(cluster, BACKEND)
    applied(cluster, FRONTEND, 60_000)
    frontend = names(cluster, "frontend")[0]
    logs = run(cluster, "logs", frontend).stdout.splitlines()
    assert (logs[0][20:], logs[1]) == (f"[emerg] 1#1: {NOT_FOUND}", f"nginx: [emerg] {NOT_FOUND}")
    status = jsonpath(
        cluster, "pod", frontend, "{.status.containerStatuses[0].state.waiting.reason}"
    )
    assert status == "CrashLoopBackOff"
    code = "{.status.containerStatuses[0].lastState.terminated.exitCode}"
    assert jsonpath(cluster, "pod", frontend, code) == "1"
    applied(cluster, HELLO_SERVICE, 320_000)  # the back-off, at most 5 minutes, runs out
    ready = "{.status.containerStatuses[0].ready}"
    assert jsonpath(cluster, "pod", frontend, ready) == "true"
    client(cluster)
    assert wget(cluster) == (HELLO, "", 0)


def test_an_upstream_that_refuses_gets_nginx_s_502_and_its_error_line(page):
    run(page, "scale", "deployment", "backend", "--replicas=0")
    page.advance_to(page.clock.now + 40_000)
    hello = jsonpath(page, "service", "hello", "{.spec.clusterIP}")
    client_ip = jsonpath(page, "pod", "client", "{.status.podIP}")
    assert wget(page) == (
        "",
        "wget: server returned error: HTTP/1.1 502 Bad Gateway\n"
        "command terminated with exit code 1\n",
        1,
    )
    logs = run(page, "logs", names(page, "frontend")[0]).stdout.splitlines()
    assert logs[-2][20:] == (
        "[error] 7#7: *3 connect() failed (111: Connection refused) while connecting to "
        f'upstream, client: {client_ip}, server: , request: "GET / HTTP/1.1", '
        f'upstream: "http://{hello}:80/"'
    )
    assert logs[-1].endswith('] "GET / HTTP/1.1" 502 173 "-" "Wget" "-"')
