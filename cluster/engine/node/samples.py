"""The programs of the sample images Kubernetes' documentation runs in its tasks and
tutorials: `stress` (polinux/stress, "Assign Memory Resources"), vish/stress ("Assign CPU
Resources"), hello-app (the Ingress tutorial), node-hello, goproxy (TCP probes), perl (the
Job example, which prints pi to 2000 digits), serve_hostname ("Debug Services") and
hello-go-gke ("Connect a Frontend to a Backend Using Services").

A sample program is a `Program` as in `programs`: argv and the container's context in, the
process laid out in virtual time out.
"""

from __future__ import annotations

import posixpath
from functools import partial
from typing import TYPE_CHECKING

from cluster.engine.node import options
from cluster.engine.node import perl as perl_interpreter
from cluster.engine.node.images import Image, Reference
from cluster.engine.node.perl_syntax import Build
from cluster.engine.node.process import (
    Line,
    Memory,
    Process,
    Route,
    Server,
    Stop,
    stamped,
    text,
    written_lines,
)

if TYPE_CHECKING:
    from cluster.engine.node.programs import Context

GLOG_TIME = "%m%d %H:%M:%S.%6N"
GO_LOG_TIME = "%Y/%m/%d %H:%M:%S"
STRESS_MIB_PER_S = 2000  # how fast a stress worker touches what it allocates
SERVE_HOSTNAME_PORT = 9376
# serve_hostname sleeps this long after SIGTERM, for its pod to be deleted, then exits
AWAIT_DELETION_MS = 60_000
_SERVE_HOSTNAME_FLAGS = (
    options.GoFlag("tcp", "bool", "false", "Serve raw over TCP."),
    options.GoFlag("udp", "bool", "false", "Serve raw over UDP."),
    options.GoFlag("http", "bool", "true", "Serve HTTP."),
    options.GoFlag("port", "int", str(SERVE_HOSTNAME_PORT), "Port number."),
)
_UNITS = {"": 1, "b": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}


def stress(image: Image, reference: Reference, argv: list[str], context: Context) -> Process:
    """stress (1.0.4): `--vm N --vm-bytes B` workers hold B bytes each (touched at once);
    `--cpu N` workers keep N CPUs busy. It says how many hogs it dispatches."""
    counts = {kind: options.value(argv, f"--{kind}") or "0" for kind in ("cpu", "io", "vm", "hdd")}
    if not any(int(count) for count in counts.values() if count.isdigit()):
        usage = "`stress' imposes certain types of compute stress on your system\n"
        return Process((Line(0, text(usage)),), exit_ms=0, exit_code=1)
    vm, cpu = int(counts["vm"] or 0), int(counts["cpu"] or 0)
    held = vm * _bytes(options.value(argv, "--vm-bytes") or "256M") >> 20
    hogs = ", ".join(f"{counts[kind]} {kind}" for kind in ("cpu", "io", "vm", "hdd"))
    line = Line(0, text(f"stress: info: [1] dispatching hogs: {hogs}"))
    memory = Memory(0, STRESS_MIB_PER_S, held) if held else None
    return Process((line,), memory=memory, busy_millicores=cpu * 1000, stop=Stop(0, 0))


def vish_stress(image: Image, reference: Reference, argv: list[str], context: Context) -> Process:
    """vish/stress: `-cpus N` threads copying /dev/zero to /dev/null, glog to stderr."""
    cpus = int(options.value(argv, "-cpus") or 0)
    total = options.value(argv, "-mem-total") or "0"
    logged = [
        f'main.go:26] Allocating "{total}" memory, in "4Ki" chunks, with a 1ms sleep between '
        "allocations",
        *["main.go:39] Spawning a thread to consume CPU"] * cpus,
        f'main.go:29] Allocated "{total}" memory',
    ]
    lines = tuple(
        Line(0, stamped(GLOG_TIME, "I", f"       1 {entry}"), "stderr") for entry in logged
    )
    held = _bytes(total) >> 20
    memory = Memory(0, STRESS_MIB_PER_S, held) if held else None
    return Process(lines, memory=memory, busy_millicores=cpus * 1000)


def hello_app(image: Image, reference: Reference, argv: list[str], context: Context) -> Process:
    """hello-app: `Hello, world!`, its version and the hostname, on $PORT (8080); a line
    logged for each request."""
    port = int(dict(context.env).get("PORT", "8080") or 8080)
    version = image.version(reference.tag)
    body = f"Hello, world!\nVersion: {version}\nHostname: {context.hostname}\n"
    server = Server(port, 0, (Route("", 200, len(body), body=body),), access_log="go")
    return Process((_go_log(f"Server listening on port {port}"),), servers=(server,))


HPA_REQUEST_CPU_MS = 7  # index.php's million square roots, on a core of the node
_APACHE_TIME = "%a %b %d %H:%M:%S.%6N %Y"


def hpa_example(image: Image, reference: Reference, argv: list[str], context: Context) -> Process:
    """hpa-example (php:5-apache with the HorizontalPodAutoscaler walkthrough's index.php):
    Apache's start-up lines, `OK!` on :80 for every path after burning CPU, a line logged
    for each request; SIGWINCH stops it gracefully."""
    fqdn = (
        "AH00558: apache2: Could not reliably determine the server's fully qualified domain "
        f"name, using {context.pod_ip}. Set the 'ServerName' directive globally to suppress "
        "this message"
    )
    notices = (
        "[mpm_prefork:notice] [pid 1] AH00163: Apache/2.4.25 (Debian) PHP/5.6.40 configured "
        "-- resuming normal operations",
        "[core:notice] [pid 1] AH00094: Command line: 'apache2 -D FOREGROUND'",
    )
    stamp = partial(stamped, _APACHE_TIME, "[")
    lines = (*(Line(0, text(fqdn), "stderr") for _ in range(2)),)
    lines += tuple(Line(0, stamp(f"] {n}"), "stderr") for n in notices)
    stopping = stamp(
        "] [mpm_prefork:notice] [pid 1] AH00170: caught SIGWINCH, shutting down gracefully"
    )
    server = Server(
        80,
        0,
        (Route("", 200, 3, body="OK!", content_type="text/html; charset=UTF-8"),),
        access_log="combined",
        request_cpu_ms=HPA_REQUEST_CPU_MS,
    )
    return Process(lines, servers=(server,), stop=Stop(10, 0, (Line(0, stopping, "stderr"),)))


HELLO_GO = '{"message":"Hello"}\n'  # json.NewEncoder(w).Encode(HelloResponse{"Hello"})


def hello_go(image: Image, reference: Reference, argv: list[str], context: Context) -> Process:
    """hello-go-gke (kelseyhightower/app's hello, the docs' "hello greeter" backend): its
    start-up lines (Go's log, before its flags are parsed, so the defaults they name), the
    greeting on :80 for every path, its health server on :81; on SIGTERM (or SIGINT) it
    says so and exits 0."""
    logged = ("Starting server...", "Health service listening on 0.0.0.0:81")
    lines = (*(_go_log(m) for m in logged), _go_log("HTTP service listening on 0.0.0.0:80"))
    hello = Server(80, 0, (Route("", 200, len(HELLO_GO), body=HELLO_GO),))
    health = Server(81, 0, (Route("/healthz", 200), Route("/readiness", 200)))
    stopping = (_go_log("Captured terminated. Exiting..."),)
    return Process(lines, servers=(hello, health), stop=Stop(0, 0, stopping))


def serve_hostname(
    image: Image, reference: Reference, argv: list[str], context: Context
) -> Process:
    """serve_hostname [-port N] [-http=false] [-tcp] [-udp], its flags as Go's flag package
    reads them (test/images/serve-hostname)."""
    try:
        given = options.go_flags(argv, _SERVE_HOSTNAME_FLAGS)
    except options.GoFlagError as error:
        said = f"{error}\n" if str(error) else ""
        usage = options.go_usage(argv[0], _SERVE_HOSTNAME_FLAGS)
        lines = written_lines(0, said + usage, "stderr")
        return Process(lines, exit_ms=0, exit_code=2 if said else 0)  # -h: the usage asked
    modes = {mode: given[mode] == "true" for mode in ("http", "tcp", "udp")}
    return hostname_server(context.hostname, int(given["port"]), **modes)


def hostname_server(hostname: str, port: int, http: bool, tcp: bool, udp: bool) -> Process:
    """What serve_hostname (and agnhost's serve-hostname) do once their flags are read: the
    hostname, with no newline, to each HTTP request, or to each raw TCP connection (UDP is
    not modelled); on SIGTERM they say so and wait a minute for the pod to be deleted."""
    if http and (tcp or udp):
        fatal = "Can't server TCP/UDP mode and HTTP mode at the same time"
        return Process((_go_log(fatal),), exit_ms=0, exit_code=1)
    servers: tuple[Server, ...] = ()
    if http:
        servers = (Server(port, 0, (Route("", 200, len(hostname), body=hostname),)),)
    elif tcp:
        servers = (Server(port, 0),)
    stopping = (
        _go_log("Shutting down after receiving signal: terminated."),
        _go_log("Awaiting pod deletion."),
    )
    serving = _go_log(f"Serving on port {port}.")
    return Process((serving,), servers=servers, stop=Stop(AWAIT_DELETION_MS, 0, stopping))


def _go_log(message: str) -> Line:
    """A line of Go's log package: the date and time, then the message, on stderr."""
    return Line(0, stamped(GO_LOG_TIME, "", f" {message}"), "stderr")


def goproxy(image: Image, reference: Reference, argv: list[str], context: Context) -> Process:
    """goproxy: an HTTP proxy on 8080, which answers requests not meant for a proxy with 500."""
    message = "This is a proxy server. Does not respond to non-proxy requests.\n"
    return Process(servers=(Server(8080, 0, (Route("", 500, len(message), body=message),)),))


def perl(image: Image, reference: Reference, argv: list[str], context: Context) -> Process:
    """perl (the `perl` module runs it): stderr as it writes it, stdout once it exits (perl
    buffers what goes to a pipe), a CPU kept busy if it computes most of its life."""
    threaded = "threaded" in reference.tag  # those tags are Configured with -Dusethreads
    arch = "x86_64-linux-gnu-thread-multi" if threaded else "x86_64-linux-gnu"
    build = Build(image.version(reference.tag), arch)
    files = dict(context.files)

    def read(path: str) -> str | None:
        return files.get(posixpath.join(context.cwd, path))

    ran = perl_interpreter.run(argv, build, read, context.stdin)
    lines = tuple(line for at, stream, out in ran.writes for line in written_lines(at, out, stream))
    busy = 1000 if ran.busy else 0
    return Process(lines, exit_ms=ran.exit_ms, exit_code=ran.exit_code, busy_millicores=busy)


def _bytes(size: str) -> int:
    """A size as stress and Kubernetes' quantities write it: 150M, 1G, 4096 (bytes)."""
    digits = size.rstrip("bBkKmMgGi").rstrip()
    unit = size[len(digits) :].lower().removesuffix("i")[:1]
    return int(digits) * _UNITS.get(unit, 1) if digits.isdigit() else 0
