"""curl and busybox's wget in a container: the pod's own servers on localhost, other pods by
IP over the pod network (and in their access logs), and each tool's words for what fails."""

import pytest

from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import run

BOOTCAMP = "gcr.io/google-samples/kubernetes-bootcamp:v1"


@pytest.fixture(scope="module")
def cluster():
    cluster = Cluster()
    run(cluster, "run", "boot", f"--image={BOOTCAMP}")
    run(cluster, "run", "web", "--image=nginx")
    run(cluster, "run", "bb", "--image=busybox", "--", "sleep", "3600")
    cluster.advance_to(10_000)
    return cluster


def ip_of(cluster, pod: str) -> str:
    return run(cluster, "get", "pod", pod, "-o", "jsonpath={.status.podIP}").stdout


def said(cluster, pod: str, *command: str) -> tuple[str, str, int]:
    result = run(cluster, "exec", pod, "--", *command)
    return result.stdout, result.stderr, result.exit_code


def test_curl_reaches_the_pods_own_server_on_localhost(cluster):
    assert said(cluster, "boot", "curl", "http://localhost:8080") == (
        "Hello Kubernetes bootcamp! | Running on: boot | v=1\n",
        "",
        0,
    )
    head = said(cluster, "boot", "curl", "-sI", "localhost:8080")[0]
    assert head.startswith("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n")


def test_another_pod_is_reached_by_its_ip_and_logs_the_request(cluster):
    web = ip_of(cluster, "web")
    page = said(cluster, "bb", "wget", "-qO-", f"http://{web}")[0]
    assert "<title>Welcome to nginx!</title>" in page
    last = run(cluster, "logs", "web", "--tail=1").stdout
    assert last.startswith(f"{ip_of(cluster, 'bb')} - - [") and '"GET / HTTP/1.1" 200 615' in last
    assert said(cluster, "bb", "wget", "--spider", web)[1] == (
        f"Connecting to {web}:80 ({web}:80)\nremote file exists\n"
    )


@pytest.mark.parametrize(
    ("pod", "command", "error", "code"),
    [
        (
            "boot",
            ["curl", "localhost:8081"],
            "curl: (7) Failed to connect to localhost port 8081 after 0 ms: Couldn't connect to "
            "server\n",
            7,
        ),
        ("boot", ["curl", "web"], "curl: (6) Could not resolve host: web\n", 6),
        ("boot", ["curl", "-sf", "localhost:8081"], "", 7),
        (
            "bb",
            ["wget", "-qO-", "localhost"],
            "wget: can't connect to remote host (127.0.0.1): Connection refused\n",
            1,
        ),
        ("bb", ["wget", "web"], "wget: bad address 'web'\n", 1),
        ("bb", ["wget", "-T", "2", "10.9.9.9"], "wget: download timed out\n", 1),
    ],
)
def test_what_each_tool_says_when_it_cannot(cluster, pod, command, error, code):
    stdout, stderr, exit_code = said(cluster, pod, *command)
    assert (stdout, stderr, exit_code) == (
        "",
        error + f"command terminated with exit code {code}\n",
        code,
    )


def test_wget_saves_to_index_html_and_debian_has_none(cluster):
    web = ip_of(cluster, "web")
    saved = said(cluster, "bb", "sh", "-c", f"cd /tmp && wget -q {web} && head -1 index.html")
    assert saved == ("<!DOCTYPE html>\n", "", 0)
    assert said(cluster, "web", "wget", "x")[2] == 1  # not there: the runtime refuses the exec
