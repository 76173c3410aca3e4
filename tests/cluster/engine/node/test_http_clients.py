"""curl and busybox's wget in a container: the pod's own servers on localhost, other pods by
IP over the pod network (and in their access logs), services by name as the image's C library
looks it up, and each tool's words for what fails (and when)."""

from dataclasses import replace

import pytest

from cluster.engine.cluster import Cluster
from cluster.engine.node import http_clients, images, programs
from cluster.engine.node.network import Network, Unreachable
from cluster.engine.node.process import Route
from cluster.engine.node.shell import Context, Shell
from tests.cluster.engine.node.fake_dns import DNS, FakeDNS
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
        f"Connecting to {web} ({web}:80)\nremote file exists\n"
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
        (
            "bb",
            ["wget", "-T", "2", "10.9.9.9"],
            "Connecting to 10.9.9.9 (10.9.9.9:80)\nwget: download timed out\n",
            1,
        ),
        (
            "bb",
            ["wget", "--spider", "--timeout=1", "10.9.9.9"],
            "Connecting to 10.9.9.9 (10.9.9.9:80)\nwget: download timed out\n",
            1,
        ),
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


# -- names, looked up by the image's C library -------------------------------------------

HOSTS = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n10.244.1.2\tclient\n"
RESOLV = (
    "search default.svc.cluster.local svc.cluster.local cluster.local\n"
    f"nameserver {DNS}\noptions ndots:5\n"
)
FILES = (("/etc/hosts", HOSTS), ("/etc/resolv.conf", RESOLV))


def web(ip: str, port: int, path: str, agent: str) -> Route | None:
    """The web Service's address answers on port 80; nothing routes to 10.9.9.9."""
    if ip == "10.96.12.34" and port == 80:
        return Route("", 200, 6, body="hello\n")
    if ip == "10.9.9.9":
        raise Unreachable(ip)
    return None


def curl_in(
    libc: str, *argv: str, dns: FakeDNS | None = None, image: str = "curlimages/curl"
) -> tuple[str, str, int, int]:
    context = programs.Context(
        "client", "10.244.1.2", (), FILES, connect=web, query=dns or FakeDNS(), libc=libc
    )
    found = images.lookup(image)
    process = http_clients.curl(found, images.parse(image), ["curl", *argv], context)
    streams = {"stdout": "", "stderr": ""}
    for line in process.lines:
        streams[line.stream] += "".join(line.text) + line.end
    return streams["stdout"], streams["stderr"], process.exit_code, process.exit_ms


def wget_in(libc: str, busybox: str, script: str, dns: FakeDNS | None = None) -> list[tuple]:
    net = Network(
        "10.244.1.2", "client", web, hosts=HOSTS, query=dns or FakeDNS(), resolv_conf=RESOLV
    )
    files = {path: (content,) for path, content in FILES}
    context = Context({}, files, "client", busybox=busybox, network=replace(net, libc=libc))
    process = Shell(context, lambda argv, stdin, after_ms: None).run_script(script)
    lines = [(line.at_ms, line.stream, "".join(line.text)) for line in process.lines]
    return [*lines, ("exit", process.exit_ms, process.exit_code)]


def test_curl_reaches_a_service_by_its_name():
    assert curl_in("glibc", "http://web") == ("hello\n", "", 0, 0)


@pytest.mark.parametrize(
    ("libc", "took"),
    [("glibc", 0), ("musl", 5_000)],  # outside the cluster: SERVFAIL, which musl waits out
    ids=["debian", "curlimages"],
)
def test_curl_cannot_resolve_a_name_nobody_has(libc, took):
    assert curl_in(libc, "nosuch") == ("", "curl: (6) Could not resolve host: nosuch\n", 6, took)


def test_curl_waits_out_a_silent_nameserver_and_gives_up_at_its_max_time():
    silent = FakeDNS(silent=(DNS,))
    assert curl_in("glibc", "web", dns=silent)[1:] == (
        "curl: (6) Could not resolve host: web\n",
        6,
        20_000,
    )
    assert curl_in("glibc", "-m", "3", "web", dns=silent)[1:] == (
        "curl: (28) Resolving timed out after 3000 milliseconds\n",
        28,
        3_000,
    )


def test_curl_answers_localhost_itself():
    dns = FakeDNS()
    assert curl_in("glibc", "localhost:8081", dns=dns)[2] == 7
    assert dns.asked == []


@pytest.mark.parametrize(
    ("libc", "busybox", "took"),
    [("glibc", "1.37.0", 20_000), ("musl", "1.37.0", 5_000), ("uclibc", "1.28", 20_000)],
    ids=["busybox", "alpine", "busybox:1.28"],
)
def test_wget_says_bad_address_once_the_lookup_has_failed(libc, busybox, took):
    assert wget_in(libc, busybox, "wget web", FakeDNS(silent=(DNS,))) == [
        (took, "stderr", "wget: bad address 'web'"),
        ("exit", took, 1),
    ]


def test_wget_connects_to_the_address_the_name_has():
    assert wget_in("musl", "1.37.0", "wget -O- web.default.svc.cluster.local") == [
        (0, "stderr", "Connecting to web.default.svc.cluster.local (10.96.12.34:80)"),
        (0, "stderr", "writing to stdout"),
        (0, "stdout", "hello"),
        (
            0,
            "stderr",
            "-                    100% |********************************|     6  0:00:00 ETA",
        ),
        (0, "stderr", "written to stdout"),
        ("exit", 0, 0),
    ]


@pytest.mark.parametrize(
    ("busybox", "said"),
    [
        # a carriage return before the meter, and wget's newline after it
        ("1.22.1", ["\r-                    100% |" + "*" * 31 + "|     6   0:00:00 ETA"]),
        # the meter ends its line itself, and wget adds another
        ("1.27.2", ["-                    100% |" + "*" * 31 + "|     6   0:00:00 ETA", ""]),
    ],
)
def test_an_old_wget_names_the_server_as_written_and_says_nothing_of_stdout(busybox, said):
    assert wget_in("uclibc", busybox, "wget -O- http://web.default.svc.cluster.local:80/") == [
        (0, "stderr", "Connecting to web.default.svc.cluster.local:80 (10.96.12.34:80)"),
        (0, "stdout", "hello"),
        *[(0, "stderr", line) for line in said],
        ("exit", 0, 0),
    ]


BUSYBOXPLUS = "radial/busyboxplus:curl"  # curl 7.35.0, as old as its words


@pytest.mark.parametrize(
    ("argv", "error", "code", "took"),
    [
        (["nosuch"], "curl: (6) Couldn't resolve host 'nosuch'\n", 6, 0),
        (["web:81"], "curl: (7) Failed to connect to web port 81: Connection refused\n", 7, 0),
        # no answer: the kernel gives up on its SYNs first, unless -m ends it
        (
            ["10.9.9.9"],
            "curl: (7) Failed to connect to 10.9.9.9 port 80: Connection timed out\n",
            7,
            134_000,
        ),
        (
            ["-m", "3", "10.9.9.9"],
            "curl: (28) Connection timed out after 3000 milliseconds\n",
            28,
            3_000,
        ),
        # localhost is /etc/hosts' before 7.78, as any name
        (
            ["localhost:8081"],
            "curl: (7) Failed to connect to localhost port 8081: Connection refused\n",
            7,
            0,
        ),
    ],
)
def test_an_old_curl_says_what_fails_in_its_own_words(argv, error, code, took):
    assert curl_in("uclibc", *argv, image=BUSYBOXPLUS) == ("", error, code, took)
