"""pods/log, pods/exec and pods/eviction: kube-apiserver asks the pod's kubelet, or evicts."""

import pytest

from cluster.engine import faults
from cluster.engine.apiserver.request import Request
from cluster.engine.cluster import Cluster


@pytest.fixture(scope="module")
def cluster():
    cluster = Cluster()
    ask(cluster, "create", "pods", "default", body=pod("web", "web"))
    ask(cluster, "create", "pods", "default", body=pod("pair", "a", "b"))
    cluster.run_until_idle()
    return cluster


def ask(cluster, verb, resource, namespace="", name="", **options):
    options.setdefault("credential", cluster.admin)
    return cluster.handle(Request(verb, resource, namespace, name, **options))


def pod(name, *containers):
    spec = {"containers": [{"name": c, "image": "nginx"} for c in containers]}
    return {"metadata": {"name": name}, "spec": spec}


def execute(cluster, name, command, **body):
    return ask(
        cluster,
        "create",
        "pods",
        "default",
        name,
        subresource="exec",
        body={"command": command, **body},
    )


def test_a_log_is_read_from_the_kubelet_and_tailed(cluster):
    response = ask(
        cluster, "get", "pods", "default", "web", subresource="log", query={"tailLines": "1"}
    )
    assert response.code == 200
    assert response.body == {"log": "2026/01/01 00:00:03 [notice] 1#1: start worker process 30\n"}
    hops = [
        (h.source, h.destination, h.summary)
        for h in cluster.trace.since(cluster.trace.last_seq - 4)
    ]
    assert ("kube-apiserver", "kubelet/node-1", "GET /containerLogs/default/web/web") in hops


def test_several_containers_need_a_name(cluster):
    response = ask(cluster, "get", "pods", "default", "pair", subresource="log")
    assert (response.code, response.body["message"]) == (
        400,
        "a container name must be specified for pod pair, choose one of: [a b]",
    )
    response = ask(
        cluster, "get", "pods", "default", "pair", subresource="log", query={"container": "c"}
    )
    assert response.body["message"] == "container c is not valid for pod pair"


def test_no_previous_container_is_a_bad_request(cluster):
    response = ask(
        cluster, "get", "pods", "default", "web", subresource="log", query={"previous": "true"}
    )
    assert (response.code, response.body["message"]) == (
        400,
        'previous terminated container "web" in pod "web" not found',
    )


def test_exec_gives_the_streams_and_the_exit_status(cluster):
    body = execute(cluster, "web", ["sh", "-c", "echo out; echo err >&2; exit 3"]).body
    assert (body["stdout"], body["stderr"]) == ("out\n", "err\n")
    assert body["status"]["reason"] == "NonZeroExitCode"
    assert body["status"]["details"]["causes"] == [{"reason": "ExitCode", "message": "3"}]
    assert execute(cluster, "web", ["hostname"]).body["status"]["status"] == "Success"


def test_a_shell_without_a_script_reads_stdin(cluster):
    body = execute(cluster, "web", ["sh"], stdin="echo $HOSTNAME\n").body
    assert body["stdout"] == "web\n"


def test_a_missing_program_is_the_runtimes_error(cluster):
    status = execute(cluster, "web", ["nosuch"]).body["status"]
    assert status["code"] == 500
    assert status["message"].startswith(
        "Internal error occurred: error executing command in container: failed to exec in "
        'container: failed to start exec "'
    )
    assert status["message"].endswith('exec: "nosuch": executable file not found in $PATH: unknown')


def test_exec_into_a_pod_without_a_node_is_refused(cluster):
    ask(
        cluster,
        "create",
        "pods",
        "default",
        body=pod("nowhere", "c")
        | {
            "spec": {
                "containers": [{"name": "c", "image": "nginx"}],
                "nodeName": "",
                "nodeSelector": {"missing": "label"},
            }
        },
    )
    response = execute(cluster, "nowhere", ["ls"])
    assert (response.code, response.body["message"]) == (
        400,
        "pod nowhere does not have a host assigned",
    )


def test_an_eviction_deletes_the_pod_gracefully(cluster):
    eviction = {
        "apiVersion": "policy/v1",
        "kind": "Eviction",
        "metadata": {"name": "pair", "namespace": "default"},
    }
    response = ask(
        cluster, "create", "pods", "default", "pair", subresource="eviction", body=eviction
    )
    assert (response.code, response.body["status"]) == (201, "Success")
    stored = ask(cluster, "get", "pods", "default", "pair").body
    assert stored["metadata"]["deletionGracePeriodSeconds"] == 30
    wrong = ask(cluster, "create", "pods", "default", "web", subresource="eviction", body=eviction)
    assert (wrong.code, wrong.body["message"]) == (
        400,
        "name in URL does not match name in Eviction object",
    )


def test_a_command_reads_what_stdin_gives_it(cluster):
    body = execute(cluster, "web", ["wc", "-l"], stdin="a\nb\n").body
    assert (body["stdout"], body["status"]["status"]) == ("2\n", "Success")


def test_a_shell_session_carries_its_state_from_line_to_line(cluster):
    opened = execute(cluster, "web", ["bash"], shell={"interactive": True}).body
    assert (opened["stdout"], opened["prompt"]) == ("", "root@web:/# ")
    state = opened["shell"]
    lines = ["cd /tmp", "echo hi > greeting; X=1", "cat /tmp/greeting; echo $X; pwd"]
    answers = []
    for line in lines:
        answer = execute(cluster, "web", ["bash", "-c", line], shell=state).body
        state = answer["shell"]
        answers.append((answer["stdout"], answer["prompt"]))
    assert answers[-1] == ("hi\n1\n/tmp\n", "root@web:/tmp# ")
    kubelet_hops = [
        h.summary
        for h in cluster.trace.since(cluster.trace.last_seq - 40)
        if h.verb == "exec" and h.destination.startswith("kubelet/")
    ]
    assert kubelet_hops[-4:] == ["POST /exec/default/web/web"] * 4  # the start, then each line
    ended = execute(cluster, "web", ["bash", "-c", "exit 4"], shell=state).body
    assert (ended["shell"], ended["stderr"]) == (None, "exit\n")
    assert ended["status"]["details"]["causes"] == [{"reason": "ExitCode", "message": "4"}]


def test_a_session_state_no_shell_gave_is_a_bad_request(cluster):
    response = execute(cluster, "web", ["sh", "-c", "pwd"], shell={"cwd": "/"})
    assert response.code == 400
    assert response.body["message"].startswith("a shell's state has exactly these fields: ")


def test_what_runs_at_a_shells_terminal_must_be_a_prompts_program(cluster):
    started = execute(cluster, "web", ["bash"], shell={"interactive": True}).body["shell"]
    for foreground in ({"interactive": True}, {"program": "redis-cli", "db": -1}):
        state = started | {"foreground": foreground}
        assert execute(cluster, "web", ["bash", "-c", "pwd"], shell=state).code == 400


def test_redis_cli_typed_in_a_shell_has_the_terminal_until_it_quits():
    cluster = Cluster()
    body = {"metadata": {"name": "r"}, "spec": {"containers": [{"name": "r", "image": "redis"}]}}
    ask(cluster, "create", "pods", "default", body=body)
    cluster.advance_to(cluster.clock.now + 20_000)
    state = execute(cluster, "r", ["bash"], shell={"interactive": True}).body["shell"]
    said = []
    for line in ("redis-cli", "set k v", "select 2", "quit", "pwd"):
        answer = execute(cluster, "r", ["bash", "-c", line], shell=state).body
        said.append((answer["stdout"], answer["prompt"]))
        state = answer["shell"]
    assert said == [
        ("", "127.0.0.1:6379> "),
        ("OK\n", "127.0.0.1:6379> "),
        ("OK\n", "127.0.0.1:6379[2]> "),
        ("", "root@r:/data# "),
        ("/data\n", "root@r:/data# "),
    ]


@pytest.fixture(scope="module")
def counting():
    """A pod that writes a line at 0, 5 and 10 s after it starts; 20 s have passed."""
    cluster = Cluster()
    body = pod("count", "count")
    container = body["spec"]["containers"][0]
    container["image"] = "busybox"
    container["command"] = [
        "sh",
        "-c",
        "echo one; sleep 5; echo two; sleep 5; echo three; sleep 600",
    ]
    ask(cluster, "create", "pods", "default", body=body)
    cluster.advance_to(cluster.clock.now + 20_000)
    return cluster


def log(cluster, **query):
    query = {key: str(value) for key, value in query.items()}
    return ask(cluster, "get", "pods", "default", "count", subresource="log", query=query)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, "one\ntwo\nthree\n"),
        ({"sinceSeconds": 12}, "three\n"),
        ({"sinceSeconds": 12, "timestamps": "true"}, "2026-01-01T00:00:10.58Z three\n"),
        ({"sinceTime": "2026-01-01T00:00:05Z"}, "two\nthree\n"),
        ({"sinceTime": "2026-01-01T00:00:05Z", "tailLines": 1}, "three\n"),
    ],
)
def test_a_log_since_a_time_keeps_the_lines_written_from_then(counting, query, expected):
    assert log(counting, **query).body == {"log": expected}


def test_since_is_in_seconds_or_a_time_not_both(counting):
    assert log(counting, sinceSeconds=0).body["message"] == (
        'PodLogOptions "" is invalid: sinceSeconds: Invalid value: 0: must be greater than 0'
    )
    both = log(counting, sinceSeconds=5, sinceTime="2026-01-01T00:00:00Z")
    assert (both.code, both.body["message"]) == (
        422,
        'PodLogOptions "" is invalid: : Forbidden: at most one of `sinceTime` or `sinceSeconds` '
        "may be specified",
    )


def test_a_sessions_shell_dies_with_its_container():
    cluster = Cluster()
    ask(cluster, "create", "pods", "default", body=pod("web", "web"))
    cluster.run_until_idle()
    state = execute(cluster, "web", ["sh"], shell={"interactive": True}).body["shell"]
    state = execute(cluster, "web", ["sh", "-c", "cd /tmp"], shell=state).body["shell"]
    faults.crash(cluster, "default", "web")
    cluster.advance_to(cluster.clock.now + 60_000)  # the kubelet starts it again
    statuses = ask(cluster, "get", "pods", "default", "web").body["status"]["containerStatuses"]
    assert (statuses[0]["restartCount"], "running" in statuses[0]["state"]) == (1, True)
    ended = execute(cluster, "web", ["sh", "-c", "pwd"], shell=state).body
    assert (ended["stdout"], ended["shell"]) == ("", None)
    assert ended["status"]["details"]["causes"] == [{"reason": "ExitCode", "message": "137"}]


def attach(cluster, name, **body):
    return ask(cluster, "create", "pods", "default", name, subresource="attach", body=body)


def test_attach_hands_lines_to_a_shell_reading_its_stdin_until_it_exits(cluster):
    shell = {"name": "sh", "image": "busybox", "args": ["sh"], "stdin": True, "tty": True}
    ask(
        cluster,
        "create",
        "pods",
        "default",
        body=pod("term", "x") | {"spec": {"containers": [shell]}},
    )
    cluster.run_until_idle()
    assert attach(cluster, "term", container="sh").body["process"] == "reads"
    answer = attach(cluster, "term", stdin="echo hi").body
    assert (answer["stdout"], answer["prompt"], answer["process"]) == ("hi\n", "/ # ", "reads")
    hops = [(h.source, h.destination, h.summary) for h in cluster.trace.since(0)]
    assert ("kube-apiserver", "kubelet/node-1", "POST /attach/default/term/sh") in hops
    answer = attach(cluster, "term", stdin="exit 2").body
    assert (answer["process"], answer["status"]["details"]["causes"][0]["message"]) == (
        "exited",
        "2",
    )
    late = attach(cluster, "term", stdin="echo late").body  # before the kubelet's relist
    assert (late["process"], late["status"]["message"]) == (
        "exited",
        "Internal error occurred: error executing command in container: container is not "
        "created or running",
    )


def test_redis_cli_as_a_pods_command_prompts_through_attach():
    cluster = Cluster()
    server = {"name": "redis", "image": "redis"}
    ask(cluster, "create", "pods", "default", body={**pod("srv"), "spec": {"containers": [server]}})
    cluster.advance_to(cluster.clock.now + 20_000)
    ip = ask(cluster, "get", "pods", "default", "srv").body["status"]["podIP"]
    client = {"name": "cli", "image": "redis", "args": ["redis-cli", "-h", ip]}
    client |= {"stdin": True, "tty": True}
    ask(cluster, "create", "pods", "default", body={**pod("c"), "spec": {"containers": [client]}})
    cluster.advance_to(cluster.clock.now + 20_000)
    answer = attach(cluster, "c", container="cli", stdin="set k v").body
    assert (answer["stdout"], answer["prompt"]) == ("OK\n", f"{ip}:6379> ")
    assert attach(cluster, "c", container="cli", stdin="quit").body["process"] == "exited"
    got = execute(cluster, "srv", ["redis-cli", "get", "k"], container="redis").body
    assert got["stdout"] == "v\n"


def test_a_shell_an_entrypoint_script_execs_reads_the_lines_attached():
    cluster = Cluster()
    shell = {"name": "sh", "image": "nginx", "args": ["bash"], "stdin": True, "tty": True}
    ask(cluster, "create", "pods", "default", body={**pod("n"), "spec": {"containers": [shell]}})
    cluster.advance_to(cluster.clock.now + 20_000)
    answer = attach(cluster, "n", container="sh", stdin="echo hi").body
    assert (answer["stdout"], answer["prompt"]) == ("hi\n", "root@n:/# ")


def test_attach_to_a_process_that_reads_no_stdin(cluster):
    assert attach(cluster, "web", stdin="echo hi").body["process"] == "ignores"


def test_attach_is_authorized_as_create_on_pods_attach(cluster):
    response = ask(
        cluster,
        "create",
        "pods",
        "default",
        "web",
        subresource="attach",
        body={},
        impersonate_user="jane",
    )
    assert (response.code, response.body["message"]) == (
        403,
        'pods "web" is forbidden: User "jane" cannot create resource "pods/attach" in API '
        'group "" in the namespace "default"',
    )


def proxy(cluster, name, path="/", **options):
    query = {"path": path}
    return ask(cluster, "get", "pods", "default", name, subresource="proxy", query=query, **options)


def test_proxy_relays_what_the_pods_server_answers(cluster):
    answer = proxy(cluster, "web").body
    assert (answer["code"], answer["contentType"]) == (200, "text/html")
    assert answer["body"].startswith("<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!")
    missing = proxy(cluster, "web", "/nope").body
    assert (missing["code"], missing["contentType"]) == (404, "text/html")
    assert "<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.29.3" in missing["body"]
    hops = [(h.source, h.destination, h.verb) for h in cluster.trace.since(0)]
    assert ("kube-apiserver", "pod/default/web", "proxy") in hops


def test_proxy_to_a_port_nothing_listens_on_is_unavailable(cluster):
    response = proxy(cluster, "web:81")
    ip = ask(cluster, "get", "pods", "default", "web").body["status"]["podIP"]
    assert (response.code, response.body["message"]) == (
        503,
        f"error trying to reach service: dial tcp {ip}:81: connect: connection refused",
    )


def test_proxy_is_authorized_as_get_on_pods_proxy(cluster):
    response = proxy(cluster, "web", impersonate_user="jane")
    assert response.body["message"] == (
        'pods "web" is forbidden: User "jane" cannot get resource "pods/proxy" in API group "" '
        'in the namespace "default"'
    )


CURL = "GET /index.html HTTP/1.1\r\nHost: localhost:8080\r\nUser-Agent: curl/8.5.0\r\n\r\n"


def forward(cluster, name, body, **options):
    return ask(
        cluster, "create", "pods", "default", name, subresource="portforward", body=body, **options
    )


def test_a_forwarded_connection_reaches_the_port_from_inside_the_pod(cluster):
    response = forward(cluster, "web", {"port": 80, "data": CURL})
    hops = [(h.source, h.destination, h.verb, h.summary) for h in cluster.trace.since(0)][-3:]
    assert response.code == 200
    head, _, body = response.body["data"].partition("\r\n\r\n")
    assert head == "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 615"
    assert len(body) == 615 and "<title>Welcome to nginx!</title>" in body
    log = ask(cluster, "get", "pods", "default", "web", subresource="log").body["log"]
    assert log.splitlines()[-1].startswith("127.0.0.1 - - [")
    assert log.splitlines()[-1].endswith('"GET /index.html HTTP/1.1" 200 615 "-" "curl/8.5.0" "-"')
    assert hops == [
        ("kube-apiserver", "kubelet/node-1", "portforward", "POST /portForward/default/web"),
        ("kubelet/node-1", "container-runtime/node-1", "PortForward", "connect to localhost:80"),
        (
            "kubelet/node-1",
            "pod/default/web",
            "portforward",
            "GET http://localhost:80/index.html → 200",
        ),
    ]


def test_a_head_request_gets_the_head_alone(cluster):
    data = forward(cluster, "web", {"port": 80, "data": CURL.replace("GET", "HEAD")}).body["data"]
    assert data.endswith("Content-Length: 615\r\n\r\n")


def test_forwarding_to_a_port_nothing_listens_on_is_the_runtimes_refusal(cluster):
    response = forward(cluster, "web", {"port": 81, "data": CURL})
    sandbox = next(
        s.id
        for n in cluster.nodes.values()
        for s in n.runtime.sandboxes.values()
        if s.pod == "default/web"
    )
    netns = f"cni-{sandbox[:8]}-{sandbox[8:12]}-{sandbox[12:16]}-{sandbox[16:20]}-{sandbox[20:32]}"
    assert (response.code, response.body["message"]) == (
        500,
        f"error forwarding port 81 to pod {sandbox}, uid : failed to execute portforward in "
        f'network namespace "/var/run/netns/{netns}": failed to connect to localhost:81 inside '
        f'namespace "{sandbox}", IPv4: dial tcp4 127.0.0.1:81: connect: connection refused '
        "IPv6 dial tcp6 [::1]:81: connect: connection refused",
    )


def test_opening_the_stream_is_judged_and_only_an_upgrade_opens_it(cluster):
    assert (forward(cluster, "web", {}).code, forward(cluster, "web", {}).body) == (200, {})
    response = forward(cluster, "web", None)
    assert (response.code, response.body["message"]) == (400, "Upgrade request required")
    assert forward(cluster, "web", {"port": 0}).body["message"] == "invalid port: 0"
    assert forward(cluster, "nope", {}).body["message"] == 'pods "nope" not found'
    response = forward(cluster, "web", {}, impersonate_user="jane")
    assert response.body["message"] == (
        'pods "web" is forbidden: User "jane" cannot create resource "pods/portforward" in API '
        'group "" in the namespace "default"'
    )


def test_a_forwarded_redis_command_is_answered_on_the_connections_database():
    cluster = Cluster()
    created = ask(
        cluster,
        "create",
        "pods",
        "default",
        body={**pod("cache"), "spec": {"containers": [{"name": "redis", "image": "redis"}]}},
    )
    assert created.code == 201
    cluster.run_until_idle()
    assert forward(cluster, "cache", {"port": 6379, "redis": ["SET", "k", "v"]}).body == {
        "data": "+OK\r\n",
        "db": 0,
    }
    selected = forward(cluster, "cache", {"port": 6379, "redis": ["SELECT", "2"]}).body
    assert selected == {"data": "+OK\r\n", "db": 2}
    other = forward(cluster, "cache", {"port": 6379, "redis": ["GET", "k"], "db": 2}).body
    assert other == {"data": "$-1\r\n", "db": 2}
    same = forward(cluster, "cache", {"port": 6379, "redis": ["MGET", "k", "x"]}).body
    assert same["data"] == "*2\r\n$1\r\nv\r\n$-1\r\n"
    hop = cluster.trace.since(0)[-1]
    assert (hop.verb, hop.summary) == ("portforward", "MGET k x to localhost:6379 → *2")


def test_a_redis_command_to_a_server_of_another_protocol_closes_the_connection(cluster):
    assert forward(cluster, "web", {"port": 80, "redis": ["PING"]}).body == {"data": "", "db": 0}


@pytest.mark.parametrize("body", [{"redis": []}, {"redis": [1]}, {"redis": ["GET"], "db": 16}])
def test_a_redis_command_must_be_words_and_its_database_one_there_is(cluster, body):
    assert forward(cluster, "web", {"port": 80, **body}).code == 400
