"""The docs' sample images: what their programs write, hold, burn and serve, and how the
tasks that use them turn out (memory within its limit, OOMKilled over it, CPU held to its
limit, the Job that computes pi)."""

import json

from cluster.engine.cluster import Cluster
from cluster.engine.node import images, programs
from cluster.engine.node.process import render
from tests.cluster.engine.node.test_perl import PI_2000
from tests.cluster.engine.node.test_programs import CONTEXT, START
from tests.cluster.kubectl.helpers import run


def start(image: str, argv: list[str] | None = None):
    found = images.lookup(image)
    command = argv if argv is not None else programs.argv(found, [], [])
    return programs.start(found, images.parse(image), command, CONTEXT)


def written(process) -> list[str]:
    return [render(line.text, START + line.at_ms) for line in process.lines]


def test_stress_holds_what_its_vm_workers_allocate():
    process = start(
        "polinux/stress", ["stress", "--vm", "1", "--vm-bytes", "150M", "--vm-hang", "1"]
    )
    assert written(process) == ["stress: info: [1] dispatching hogs: 0 cpu, 0 io, 1 vm, 0 hdd"]
    assert (process.memory.mib_at(0), process.memory.mib_at(10_000)) == (0, 150)
    assert start("polinux/stress", ["stress", "--cpu", "2"]).busy_millicores == 2000


def test_vish_stress_spawns_a_thread_per_cpu_and_logs_as_glog():
    process = start("vish/stress", ["/stress", "-logtostderr", "-cpus", "2"])
    assert process.busy_millicores == 2000
    assert written(process)[1] == (
        "I0101 00:00:03.000000       1 main.go:39] Spawning a thread to consume CPU"
    )


def test_hello_app_says_hello_on_its_port_and_has_no_shell():
    process = start("gcr.io/google-samples/hello-app:2.0")
    assert written(process) == ["2026/01/01 00:00:03 Server listening on port 8080"]
    body = "Hello, world!\nVersion: 2.0.0\nHostname: web\n"
    assert process.listening(8080, 0).answer("/", 0).size == len(body)
    assert start("gcr.io/google-samples/hello-app:1.0", ["sh"]).start_error.endswith(
        'exec: "sh": executable file not found in $PATH: unknown'
    )


def pod(name: str, image: str, limits: dict, **container: object) -> str:
    spec = {"name": name, "image": image, "resources": {"limits": limits}, **container}
    return json.dumps(
        {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {"name": name},
            "spec": {"containers": [spec]},
        }
    )


def test_the_docs_resource_tasks_turn_out_as_they_say():
    cluster = Cluster()
    vm = ["--vm", "1", "--vm-bytes", "{}", "--vm-hang", "1"]
    within = [arg.format("150M") for arg in vm]
    over = [arg.format("250M") for arg in vm]
    for manifest in (
        pod("memory-demo", "polinux/stress", {"memory": "200Mi"}, command=["stress"], args=within),
        pod("memory-demo-2", "polinux/stress", {"memory": "100Mi"}, command=["stress"], args=over),
        pod("cpu-demo", "vish/stress", {"cpu": "1"}, args=["-cpus", "2"]),
    ):
        assert run(cluster, "create", "-f", "-", stdin=manifest).exit_code == 0
    cluster.advance_to(60_000)
    top = {
        row.split()[0]: row.split()[1:]
        for row in run(cluster, "top", "pods").stdout.splitlines()[1:]
    }
    assert top["memory-demo"][1] == "152Mi"
    assert top["cpu-demo"][0] == "1001m"  # held to its limit of 1 CPU, though it asks for 2
    last = run(
        cluster,
        "get",
        "pod",
        "memory-demo-2",
        "-o",
        "jsonpath={.status.containerStatuses[0].lastState.terminated.reason}",
    )
    assert last.stdout == "OOMKilled"


PI_COMMAND = ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]  # the docs' Job example


def test_the_docs_job_command_prints_pi_to_2000_digits():
    process = start("perl:5.34.0", PI_COMMAND)
    (digits,) = written(process)
    assert digits.startswith("3.14159265358979323846264338327950288419716939937510")
    assert len(digits) == 2001  # 2000 significant digits, after "3."
    assert digits[-50:] == PI_2000[-50:]  # computed another way, in the test
    assert digits == PI_2000
    assert (process.exit_code, process.busy_millicores) == (0, 1000)
    assert 1500 <= process.exit_ms <= 1600  # some 1.5 s of perl's arithmetic


def test_perl_in_the_perl_image():
    assert written(start("perl:5.34", ["perl", "-le", 'print "hi"'])) == ["hi"]
    missing = start("perl:5.34.0", ["perl", "-wle", "print bpi(2000)"])  # no -Mbignum=bpi
    assert [
        (line.stream, text) for line, text in zip(missing.lines, written(missing), strict=True)
    ] == [("stderr", "Undefined subroutine &main::bpi called at -e line 1.")]
    assert missing.exit_code == 255
    assert written(start("perl:5.34", ["perl", "-v"]))[1].startswith(
        "This is perl 5, version 34, subversion 3 (v5.34.3) built for x86_64-linux-gnu"
    )
    assert start("perl:5.34.0").exit_ms == 0  # perl -de0 with no terminal: done at once


JOB = """apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  template:
    spec:
      containers:
      - name: pi
        image: perl:5.34.0
        command: ["perl",  "-Mbignum=bpi", "-wle", "print bpi(2000)"]
      restartPolicy: Never
  backoffLimit: 4
"""


def test_the_docs_job_completes_and_its_log_is_pi():
    cluster = Cluster()
    assert run(cluster, "apply", "-f", "-", stdin=JOB).exit_code == 0
    cluster.advance_to(60_000)
    status = run(cluster, "get", "job", "pi", "-o", "jsonpath={.status.succeeded}")
    assert status.stdout == "1"
    assert run(cluster, "logs", "job/pi").stdout == PI_2000 + "\n"


SERVE_HOSTNAME = "registry.k8s.io/serve_hostname"
SERVE_HOSTNAME_USAGE = (
    "Usage of /serve_hostname:\n"
    "  -http\n    \tServe HTTP. (default true)\n"
    "  -port int\n    \tPort number. (default 9376)\n"
    "  -tcp\n    \tServe raw over TCP.\n"
    "  -udp\n    \tServe raw over UDP.\n"
)


def test_serve_hostname_answers_its_hostname_over_http_on_9376_alone_in_its_image():
    image = images.lookup(SERVE_HOSTNAME)
    assert (image.entrypoint, image.cmd, image.tools) == (("/serve_hostname",), (), "none")
    process = start(SERVE_HOSTNAME)
    assert written(process) == ["2026/01/01 00:00:03 Serving on port 9376."]
    answer = process.listening(9376, 0).answer("/anything", 0)
    assert (answer.status, answer.body, answer.content_type) == (
        200,
        "web",  # no newline after it
        "text/plain; charset=utf-8",
    )


def test_serve_hostname_waits_a_minute_after_sigterm_for_its_pod_to_go():
    stop = start(SERVE_HOSTNAME).stop
    assert (stop.after_ms, stop.exit_code) == (60_000, 0)
    assert [render(line.text, START) for line in stop.lines] == [
        "2026/01/01 00:00:03 Shutting down after receiving signal: terminated.",
        "2026/01/01 00:00:03 Awaiting pod deletion.",
    ]


def test_serve_hostname_flags():
    assert start(SERVE_HOSTNAME, ["/serve_hostname", "-port=8080"]).listening(8080, 0)
    raw = start(SERVE_HOSTNAME, ["/serve_hostname", "-http=false", "-tcp"])
    assert raw.listening(9376, 0).http is False
    assert start(SERVE_HOSTNAME, ["/serve_hostname", "-http=false", "-udp"]).servers == ()
    both = start(SERVE_HOSTNAME, ["/serve_hostname", "-tcp"])
    assert (written(both), both.exit_ms, both.exit_code) == (
        [
            "2026/01/01 00:00:03 Can't server TCP/UDP mode and HTTP mode at the same time",
        ],
        0,
        1,
    )


def test_serve_hostname_refuses_a_flag_it_does_not_know_with_its_usage():
    wrong = start(SERVE_HOSTNAME, ["/serve_hostname", "--port=x"])
    said = "".join(render(line.text, START) + line.end for line in wrong.lines)
    assert (said, wrong.exit_code) == (
        'invalid value "x" for flag -port: parse error\n' + SERVE_HOSTNAME_USAGE,
        2,
    )
    asked = start(SERVE_HOSTNAME, ["/serve_hostname", "-h"])
    said = "".join(render(line.text, START) + line.end for line in asked.lines)
    assert (said, asked.exit_code) == (SERVE_HOSTNAME_USAGE, 0)
