"""What the images' programs do: command and args merged as Kubernetes merges them, nginx's
real start-up and shutdown, processes that cannot start, and exec commands (probes)."""

from dataclasses import replace

import pytest

from cluster.engine.node import images, programs, redis
from cluster.engine.node.process import Process, render

START = 1_767_225_603_000  # 2026-01-01T00:00:03Z
CONTEXT = programs.Context(
    hostname="web",
    pod_ip="10.244.1.2",
    env=(("PATH", images.PATH), ("HOSTNAME", "web")),
    start_unix_ms=START,
    kernel="6.12.0-kubelab",
    cpus=2,
    memory_limit_bytes=128 << 20,
)


def start(image: str, argv: list[str] | None = None, context=CONTEXT) -> Process:
    found = images.lookup(image)
    assert found is not None
    reference = images.parse(image)
    command = argv if argv is not None else programs.argv(found, [], [])
    return programs.start(found, reference, command, context)


def text(lines) -> list[str]:
    return [render(line.text, START + line.at_ms) for line in lines]


@pytest.mark.parametrize(
    ("command", "args", "argv"),
    [
        ([], [], ["/docker-entrypoint.sh", "nginx", "-g", "daemon off;"]),
        ([], ["nginx", "-v"], ["/docker-entrypoint.sh", "nginx", "-v"]),
        (["sh", "-c"], ["echo hi"], ["sh", "-c", "echo hi"]),
        (["nginx"], [], ["nginx"]),
    ],
    ids=[
        "neither: the image's entrypoint and command",
        "args only: they replace the image's command",
        "command and args: both the pod's",
        "command only: the image's command is dropped",
    ],
)
def test_command_and_args_replace_entrypoint_and_cmd_as_in_kubernetes(command, args, argv):
    assert programs.argv(images.lookup("nginx"), command, args) == argv


def test_nginx_logs_its_entrypoint_then_its_start_up_with_timestamps():
    process = start("nginx:1.27")
    assert text(process.lines) == [
        "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform "
        "configuration",
        "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
        "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of "
        "/etc/nginx/conf.d/default.conf",
        "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in "
        "/etc/nginx/conf.d/default.conf",
        "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
        "/docker-entrypoint.sh: Configuration complete; ready for start up",
        '2026/01/01 00:00:03 [notice] 1#1: using the "epoll" event method',
        "2026/01/01 00:00:03 [notice] 1#1: nginx/1.27.5",
        "2026/01/01 00:00:03 [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14+deb12u1) ",
        "2026/01/01 00:00:03 [notice] 1#1: OS: Linux 6.12.0-kubelab",
        "2026/01/01 00:00:03 [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576",
        "2026/01/01 00:00:03 [notice] 1#1: start worker processes",
        "2026/01/01 00:00:03 [notice] 1#1: start worker process 29",
        "2026/01/01 00:00:03 [notice] 1#1: start worker process 30",
    ]
    assert process.exit_ms is None
    assert process.listening(80, 20).answer("/", 20).status == 200
    assert process.listening(80, 20).answer("/healthz", 20).status == 404


def test_nginx_shuts_down_gracefully_on_its_stop_signal():
    stop = start("nginx").stop
    assert (stop.after_ms, stop.exit_code) == (20, 0)
    assert text(stop.lines)[0] == (
        "2026/01/01 00:00:03 [notice] 1#1: signal 3 (SIGQUIT) received, shutting down"
    )
    assert text(stop.lines)[-1] == "2026/01/01 00:00:03 [notice] 1#1: exit"


def test_every_nginx_started_alike_is_one_process_held_once():
    first, second = start("nginx:1.27"), start("nginx:1.27")
    assert first is second
    assert start("nginx:1.27", context=replace(CONTEXT, cpus=CONTEXT.cpus + 1)) != first


def test_nginx_without_daemon_off_forks_away_and_its_container_completes():
    process = start("nginx", ["nginx"])
    assert (process.exit_ms, process.exit_code, process.servers) == (5, 0, ())


@pytest.mark.parametrize(
    ("image", "argv", "stops"),
    [
        ("busybox", ["sleep", "3600"], None),
        ("busybox", ["sh", "-c", "while true; do sleep 1; done"], None),
        ("gcr.io/google-samples/kubernetes-bootcamp:v1", None, None),
        ("redis", None, (100, 0)),
        ("httpd", None, (10, 0)),
        ("registry.k8s.io/e2e-test-images/agnhost:2.53", None, (0, 2)),
    ],
    ids=[
        "sleep as PID 1 ignores SIGTERM",
        "a shell as PID 1 ignores SIGTERM",
        "node under sh -c ignores it too",
        "redis saves and exits",
        "httpd stops gracefully on SIGWINCH",
        "agnhost pause exits 2 on SIGTERM",
    ],
)
def test_what_a_program_does_with_its_stop_signal(image, argv, stops):
    stop = start(image, argv).stop
    assert (stop and (stop.after_ms, stop.exit_code)) == stops


@pytest.mark.parametrize(
    ("image", "argv", "error"),
    [
        (
            "busybox",
            ["bash", "-c", "echo hi"],
            'exec: "bash": executable file not found in $PATH: unknown',
        ),
        (
            "nginx",
            ["/app/run"],
            'exec: "/app/run": stat /app/run: no such file or directory: unknown',
        ),
    ],
)
def test_a_command_the_image_lacks_cannot_start(image, argv, error):
    process = start(image, argv)
    assert process.start_error == (
        "failed to create containerd task: failed to create shim task: OCI runtime create "
        "failed: runc create failed: unable to start container process: error during "
        f"container init: {error}"
    )
    assert (process.exit_ms, process.exit_code) == (0, 128)


@pytest.mark.parametrize(
    ("image", "argv", "lines", "exit_ms", "code"),
    [
        ("busybox", None, [], 0, 0),
        (
            "kubelab/crashloop",
            None,
            [
                "crashloop: starting up",
                "crashloop: fatal: cannot reach database at db:5432: connection refused",
            ],
            2000,
            1,
        ),
        ("busybox", ["echo", "hello", "world"], ["hello world"], 0, 0),
        ("busybox", ["sh", "-c", "exit 7"], [], 0, 7),
    ],
    ids=[
        "busybox's sh with nothing to read ends at once",
        "crashloop fails after 2 s",
        "an applet as PID 1",
        "a script's exit code",
    ],
)
def test_programs_that_end_by_themselves(image, argv, lines, exit_ms, code):
    process = start(image, argv)
    assert (text(process.lines), process.exit_ms, process.exit_code) == (lines, exit_ms, code)


def test_memory_hog_grows_fifty_mib_a_second():
    process = start("kubelab/memory-hog")
    assert (process.memory.from_ms, process.memory.mib_per_s) == (0, 50)
    assert text(process.lines)[:3] == [
        "memory-hog: allocating 50 MiB every second",
        "memory-hog: allocated 50 MiB",
        "memory-hog: allocated 100 MiB",
    ]


def test_slow_start_listens_only_after_thirty_seconds():
    process = start("kubelab/slow-start")
    assert process.listening(8080, 29_999) is None
    assert process.listening(8080, 30_000).answer("/ready", 30_000).status == 200


def test_agnhost_liveness_turns_unhealthy_after_ten_seconds():
    server = start("registry.k8s.io/e2e-test-images/agnhost:2.53", ["/agnhost", "liveness"])
    listening = server.listening(8080, 0)
    assert [listening.answer("/healthz", t).status for t in (0, 10_000, 10_001)] == [200, 200, 500]


@pytest.mark.parametrize(
    ("argv", "port", "stops"),
    [
        (["/agnhost", "netexec", "--http-port=8080"], 8080, (0, 2)),
        (["/agnhost", "netexec"], 8080, (0, 2)),
        # it catches SIGTERM and waits a minute for its pod to be deleted
        (["/agnhost", "serve-hostname", "--port", "9000"], 9000, (60_000, 0)),
        (["/agnhost", "test-webserver"], 80, (0, 2)),
    ],
)
def test_agnhost_servers_listen_on_their_port(argv, port, stops):
    process = start("registry.k8s.io/e2e-test-images/agnhost:2.39", argv)
    assert process.listening(port, 0).answer("/", 0).status == 200
    assert (process.stop.after_ms, process.stop.exit_code) == stops


def test_agnhost_netexec_logs_its_start_as_klog_does():
    process = start("registry.k8s.io/e2e-test-images/agnhost:2.39", ["/agnhost", "netexec"])
    assert text(process.lines) == [
        "I0101 00:00:03.000000       1 log.go:245] Started HTTP server on port 8080"
    ]


@pytest.mark.parametrize(
    ("command", "files", "ports", "result"),
    [
        (["cat", "/tmp/healthy"], (("/tmp/healthy", ""),), (), (0, "")),
        (
            ["cat", "/tmp/healthy"],
            (),
            (),
            (1, "cat: can't open '/tmp/healthy': No such file or directory\n"),
        ),
        (["sh", "-c", "echo ok"], (), (), (0, "ok\n")),
        (["sleep", "5"], (), (), (None, 'command "sleep 5" timed out')),
        (
            ["nope"],
            (),
            (),
            (
                126,
                "OCI runtime exec failed: exec failed: unable to start container process: "
                'exec: "nope": executable file not found in $PATH: unknown\r\n',
            ),
        ),
    ],
)
def test_an_exec_runs_to_its_end_against_the_container_as_it_is(command, files, ports, result):
    context = programs.Context("web", "", CONTEXT.env, files, START, open_ports=ports)
    image = images.lookup("busybox")
    assert programs.run_exec(image, images.parse("busybox"), command, context, 1000) == result


@pytest.mark.parametrize(
    ("ports", "result"),
    [
        ((6379,), (0, "PONG\n")),
        ((), (1, "Could not connect to Redis at 127.0.0.1:6379: Connection refused\n")),
    ],
)
def test_redis_cli_ping_answers_when_the_server_listens(ports, result):
    def converse(ip, port, commands):
        keys = redis.Connection(redis.Keyspace(), (), (8, 2, 2), 0)
        return [keys.run(argv) for argv in commands] if port in ports else None

    context = programs.Context("r", "10.244.1.2", CONTEXT.env, (), START, converse=converse)
    image = images.lookup("redis")
    assert (
        programs.run_exec(image, images.parse("redis"), ["redis-cli", "ping"], context, 1000)
        == result
    )


def test_nginx_given_args_that_name_no_program_fails_in_its_entrypoint():
    process = start("nginx", ["/docker-entrypoint.sh", "secretpod"])
    assert (process.start_error, process.exit_code) == ("", 127)
    assert text(process.lines) == ["/docker-entrypoint.sh: 47: exec: secretpod: not found"]


@pytest.mark.parametrize(
    ("argv", "reads"),
    [
        (["ls", "/"], False),
        (["hostname"], False),
        (["cat", "/etc/hosts"], False),
        (["cat"], True),
        (["cat", "-"], True),
        (["grep", "x"], True),
        (["grep", "x", "/etc/hosts"], False),
        (["tr", "a", "b"], True),
        (["sh"], True),
        (["sh", "-c", "echo hi"], False),
        (["redis-cli"], True),
        (["redis-cli", "ping"], False),
        (["tar", "xmf", "-"], True),
        (["tar", "cf", "/tmp/a.tar", "/etc"], False),
    ],
)
def test_what_reads_its_stdin(argv, reads):
    assert programs.reads_stdin(argv) is reads
