"""What the programs in the images do when they run: nginx, httpd and redis with their real
start-up lines and stop-signal handling, the tutorials' sample apps, busybox's shell and
utilities (see `shell`), and a few images that misbehave on purpose for lessons.

`start` gives the `Process` of a container's command (entrypoint and command merged as
Kubernetes does); `run_exec` runs an `exec` (a probe's command) to its end, against the
files and ports the container has at that moment. Everything is decided ahead, from the
command, the context and what the network answers (a main process asks through its tape:
see `tape`), so the same container always does the same thing.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache, partial
from typing import Any

from cluster.engine.api.meta import Object
from cluster.engine.node import (
    applets,
    bind_dig,
    bind_host,
    bind_nslookup,
    http_clients,
    images,
    mounts,
    network,
    nginx_files,
    nginx_proxy,
    options,
    pages,
    redis,
    redis_cli,
    resolver,
    samples,
    shell,
    shell_session,
    shell_syntax,
    users,
)
from cluster.engine.node.images import Image, Reference
from cluster.engine.node.machine import Machine
from cluster.engine.node.process import (
    PID_STEP,
    Line,
    Memory,
    Process,
    Route,
    Server,
    Stop,
    Text,
    render,
    stamped,
    text,
)
from cluster.engine.node.tape import Tape

SHELLS = {"sh": "ash", "ash": "ash", "dash": "dash", "bash": "bash"}
_PLAIN_WORD = re.compile(r"[\w./:=@%+,-]+")  # a word the shell passes on as it is
# programs that read a command a line at a prompt when their stdin is a terminal: a session
# of them is one exec a line, as a shell's (the command then [NAME, -c, LINE])
REPLS = {"redis-cli": redis_cli.check_session}
FOREGROUND = "foreground"  # a shell session's: the state of the prompt that has the terminal
NGINX_TIME = nginx_proxy.NGINX_TIME
KLOG_TIME = "%m%d %H:%M:%S.%6N"
REDIS_TIME = "%d %b %Y %H:%M:%S.%3N"
HTTPD_TIME = "%a %b %d %H:%M:%S.%6N %Y"
ACCESS_TIME = "%d/%b/%Y:%H:%M:%S +0000"
MIB = 1 << 20
INTERRUPT_MS = 10_000  # how long an attached command that never ends runs before Ctrl-C
INTERRUPTED = 130  # the shell's status for a command ended by SIGINT
EXEC_ERROR = (
    "OCI runtime exec failed: exec failed: unable to start container process: exec: {detail}: "
    "unknown\r\n"
)
START_ERROR = (
    "failed to create containerd task: failed to create shim task: OCI runtime create failed: "
    "runc create failed: unable to start container process: error during container init: "
    "exec: {detail}: unknown"
)


@dataclass(frozen=True, slots=True)
class Context:
    """What a process finds when it starts: its pod, environment, files and resources."""

    hostname: str
    pod_ip: str
    env: tuple[tuple[str, str], ...]
    files: tuple[tuple[str, str], ...] = ()
    start_unix_ms: int = 0
    kernel: str = ""
    cpus: int = 1
    memory_limit_bytes: int = 0
    open_ports: tuple[int, ...] = ()  # for an exec: what the container listens on now
    cwd: str = "/"  # the working directory its processes start in
    connect: network.Connect | None = None  # for an exec: the pod network, as it is now
    converse: network.Converse | None = None  # the same, for redis' protocol
    query: network.Query | None = None  # the same, for DNS questions
    echo: network.Echo | None = None  # the same, for ICMP echo requests
    exchange: network.Exchange | None = None  # the same, for raw TCP
    stdin: str = ""  # what a command run by exec, or in a pipe, reads
    tty: bool = False  # an exec's streams are a terminal
    user: users.User = users.ROOT  # whom the process runs as
    mounts: tuple[tuple[str, bool], ...] = ()  # where each mount is, and if it is read-only
    volumes: tuple[tuple[str, str], ...] = ()  # each volume's mount path and kind (machine)
    node_memory_bytes: int = 0  # the memory of the node the container runs on
    pid: int = 1  # the process's id in the container's PID namespace
    child_pid: int = 1 + PID_STEP  # the id its first child takes
    processes: tuple[tuple[int, str], ...] = ()  # the container's others: id, command line
    libc: str = resolver.GLIBC  # the C library of the image's userland (images.libc)
    tape: Tape | None = None  # a main process's: what it asks the network goes through it
    at_ms: int = 0  # when in the main process's life the program starts

    def pod_network(self) -> network.Network:
        """The pod network as its processes reach it, names looked up as their C library
        looks them up: in /etc/hosts first, then from /etc/resolv.conf's nameservers."""
        files = dict(self.files)
        return network.Network(
            self.pod_ip,
            self.hostname,
            self.connect,
            self.converse,
            files.get("/etc/hosts", ""),
            self.query,
            files.get("/etc/resolv.conf", ""),
            self.libc,
            self.tape,
            self.at_ms,
            self.echo,
            self.exchange,
        )


Program = Callable[[Image, Reference, list[str], Context], Process]


def argv(image: Image, command: list[str], args: list[str]) -> list[str]:
    """What runs: a pod's command replaces the entrypoint (and drops the image's CMD), its
    args replace the CMD."""
    if command:
        return [*command, *args]
    return [*image.entrypoint, *(args or image.cmd)]


def start(image: Image, reference: Reference, argv: list[str], context: Context) -> Process:
    """The process a container's command makes, from the moment it starts."""
    found = _run(image, reference, argv, context)
    if found is not None:
        return found
    name = argv[0] if argv else ""
    detail = f'"{name}": executable file not found in $PATH'
    if name.startswith("/"):
        detail = f'"{name}": stat {name}: no such file or directory'
    return Process(exit_ms=0, exit_code=128, start_error=START_ERROR.format(detail=detail))


def run_exec(
    image: Image, reference: Reference, command: list[str], context: Context, timeout_ms: int
) -> tuple[int | None, str]:
    """ExecSync: the command's exit code (None when it timed out) and its output, stdout
    and stderr together."""
    found = _run(image, reference, command, context)
    if found is None:
        name = command[0] if command else ""
        return 126, EXEC_ERROR.format(detail=f'"{name}": executable file not found in $PATH')
    if found.exit_ms is None or found.exit_ms > timeout_ms:
        return None, f'command "{" ".join(command)}" timed out'
    start = context.start_unix_ms
    output = "".join(render(line.text, start + line.at_ms) + line.end for line in found.lines)
    return found.exit_code, output


@dataclass(frozen=True, slots=True)
class Attached:
    """What an attached `exec` gave: its streams and exit code, or why it could not start."""

    exit_code: int = 0
    stdout: str = ""
    stderr: str = ""
    error: str = ""
    files: tuple[tuple[str, str | None], ...] = ()  # what it wrote, in order (None: removed)
    shell: Object | None = None  # a session's shell state after the line; None once it exits
    prompt: str = ""  # what the session's shell prompts with next
    elapsed_ms: int | None = 0  # how long it ran to its end (None: it would never end)


def run_attached(
    image: Image,
    reference: Reference,
    command: list[str],
    context: Context,
    stdin: str,
    session: Object | None = None,
) -> Attached:
    """An `exec` with stdout and stderr apart; a shell given no script reads `stdin` as one.
    A command that never ends is interrupted (as Ctrl-C would) after INTERRUPT_MS. With a
    `session` state, the command is a shell reading one line of an interactive session (see
    shell_session)."""
    argv = list(command)
    base = argv[0].rsplit("/", 1)[-1] if argv else ""
    context = _in_userland(image, reference, context)
    if session is not None and base in SHELLS and _has_shell(image, base):
        return _session_line(image, reference, argv, context, session)
    if session is not None and base in REPLS and base in image.programs:
        typed = redis_cli.repl(context, session, argv)
        return Attached(stdout=typed.output, shell=typed.state, prompt=typed.prompt)
    if len(argv) == 1 and base in SHELLS and stdin:
        argv += ["-c", stdin]
    found = _run(image, reference, argv, replace(context, stdin=stdin))
    if stdin and base in applets.APPLETS and base not in SHELLS:  # `cat`, `wc -l`: reads stdin
        found = _shell_for(image, reference, context, "sh").run_argv(argv, stdin)
    if found is None:
        name = command[0] if command else ""
        detail = f'"{name}": executable file not found in $PATH'
        return Attached(error=EXEC_ERROR.format(detail=detail).rstrip("\r\n"))
    return _attached(found, context)


def prompts(argv: list[str]) -> bool:
    """Whether the command prompts for lines at a terminal: `redis-cli` given no command."""
    base = argv[0].rsplit("/", 1)[-1] if argv else ""
    return base in REPLS and redis_cli.prompts(argv)


def check_session(state: Any) -> None:
    """ValueError unless `state` is a session's state: a shell's (with the state of the
    program it runs at the terminal, if any), or a prompt's program's."""
    program = state.get("program") if isinstance(state, dict) else None
    check = REPLS.get(program) if program else shell_session.check
    if check is None:
        raise ValueError(f"no session of {program!r}")
    if check is shell_session.check and FOREGROUND in state:
        foreground = state[FOREGROUND]
        if not isinstance(foreground, dict) or foreground.get("program") not in REPLS:
            raise ValueError("what runs at a shell's terminal is a prompt's program")
        check_session(foreground)
        state = {k: v for k, v in state.items() if k != FOREGROUND}
    check(state)


# commands that read their input from stdin when given no file operand (after those that
# take a pattern or a script first), or always
_FILTERS = frozenset(
    {"cat", "tac", "more", "less", "head", "tail", "wc", "sort", "uniq", "cut", "base64", "od"}
    | {"md5sum", "sha1sum", "sha256sum", "sha512sum", "hexdump", "xxd", "gzip", "gunzip", "zcat"}
)
_PATTERN_FIRST = frozenset({"grep", "egrep", "fgrep", "sed", "awk"})
_ALWAYS = frozenset({"tr", "tee", "xargs", "read", "nc"})


def reads_stdin(argv: list[str]) -> bool:
    """Whether the command reads what is typed on its stdin: `cat` and the other filters
    with no file to read, `tr`, `tee`, a shell or `redis-cli` given nothing to run, `tar` to
    or from `-`. What runs a script or lists, prints or serves reads none."""
    base = argv[0].rsplit("/", 1)[-1] if argv else ""
    operands = [a for a in argv[1:] if a == "-" or not a.startswith("-")]
    if base in _ALWAYS or "-" in operands:
        return True
    if base in _FILTERS:
        return not operands
    if base in _PATTERN_FIRST:
        return len(operands) <= 1
    if base in SHELLS:
        return len(argv) == 1
    if base in REPLS:
        return prompts(argv)
    if base == "tar":
        return bool(argv[1:]) and "f" not in argv[1].lstrip("-")
    return False


# the images' entrypoint scripts, which end in `exec "$@"`: what they run is their arguments
# (redis' first makes options or a config file redis-server's)
_EXEC_ENTRYPOINTS = frozenset({"/docker-entrypoint.sh", "docker-entrypoint.sh"})


def execed(image: Image, argv: list[str]) -> list[str]:
    """The command the container's process becomes once its entrypoint script `exec`s it
    (nothing to do with a command of its own)."""
    if argv and argv[0] in _EXEC_ENTRYPOINTS and argv[0] in image.programs and argv[1:]:
        rest = argv[1:]
        if argv[0] == "docker-entrypoint.sh" and (
            rest[0].startswith("-") or rest[0].endswith(".conf")
        ):
            return ["redis-server", *rest]
        return rest
    return argv


def lone_shell(image: Image, argv: list[str]) -> bool:
    """Whether `argv` is a shell given no script, which reads its commands from stdin."""
    base = argv[0].rsplit("/", 1)[-1] if len(argv) == 1 else ""
    return base in SHELLS and _has_shell(image, base)


def _attached(found: Process, context: Context) -> Attached:
    """The streams of a process run to its end, or interrupted after INTERRUPT_MS."""
    until = found.exit_ms if found.exit_ms is not None else INTERRUPT_MS
    streams: dict[str, list[str]] = {"stdout": [], "stderr": []}
    for line in found.output(until):
        rendered = render(line.text, context.start_unix_ms + line.at_ms)
        streams[line.stream].append(rendered + line.end)
    code = found.exit_code if found.exit_ms is not None else INTERRUPTED
    start = context.start_unix_ms
    files = tuple(
        (op.path, None if op.content is None else render(op.content, start + op.at_ms))
        for op in found.files
        if op.at_ms <= until
    )
    stdout, stderr = "".join(streams["stdout"]), "".join(streams["stderr"])
    return Attached(code, stdout, stderr, files=files, elapsed_ms=found.exit_ms)


def _session_line(
    image: Image, reference: Reference, argv: list[str], context: Context, session: Object
) -> Attached:
    """`sh -c LINE` as the next line of an interactive shell in `session`'s state (`sh`
    alone: the shell starting, which runs nothing)."""
    name = argv[0].rsplit("/", 1)[-1]
    sh = _shell_for(image, reference, context, name, _dialect(image, name), name)
    foreground = session.get(FOREGROUND)
    shell_session.start(sh, {k: v for k, v in session.items() if k != FOREGROUND})
    line = argv[2] if argv[1:2] == ["-c"] and len(argv) > 2 else ""
    if foreground is not None or (prompts(line.split()) and "redis-cli" in image.programs):
        return _foreground_line(sh, context, foreground, line)
    script = str(session.get("pending", "")) + line
    if shell_session.incomplete(script):
        state = shell_session.state(sh) | {"pending": script + "\n"}
        return Attached(sh.status, shell=state, prompt=shell_session.PS2)
    attached = _attached(sh.run_script(script), context)
    if sh.exited:
        farewell = "exit\n" if sh.interactive and sh.context.dialect == "bash" else ""
        return replace(attached, stderr=attached.stderr + farewell)
    state = shell_session.state(sh) | {"status": attached.exit_code}  # 130 if interrupted
    return replace(attached, shell=state, prompt=shell_session.prompt(sh))


def _foreground_line(
    sh: shell.Shell, context: Context, foreground: Object | None, line: str
) -> Attached:
    """A line for the program that has the terminal, until it quits and the shell prompts
    again (no foreground yet: the line starts it)."""
    argv = ["redis-cli", "-c", line] if foreground else line.split()
    typed = redis_cli.repl(context, foreground or {"interactive": True}, argv)
    state = shell_session.state(sh)
    if typed.state is None:
        return Attached(shell=state | {"status": 0}, prompt=shell_session.prompt(sh))
    return Attached(
        stdout=typed.output, shell=state | {FOREGROUND: typed.state}, prompt=typed.prompt
    )


def command_line(argv: list[str]) -> str:
    """A process's command line as `ps` shows it: a shell given one plain command with -c
    execs it (ash, dash and bash all do), so that command takes the shell's place."""
    if len(argv) == 3 and argv[0].rsplit("/", 1)[-1] in SHELLS and argv[1] == "-c":
        words = _lone_command(argv[2])
        if words:
            return " ".join(words)
    return " ".join(argv)


def _lone_command(script: str) -> tuple[str, ...]:
    """The words of a script that is one plain command (no redirection, assignment,
    expansion or quoting), else ()."""
    try:
        tree = shell_syntax.parse(script)
    except shell_syntax.ShellSyntaxError:
        return ()
    if len(tree.items) != 1 or tree.items[0][1]:
        return ()
    pipeline = tree.items[0][0].first
    if tree.items[0][0].rest or pipeline.negate or len(pipeline.commands) != 1:
        return ()
    command = pipeline.commands[0]
    if not isinstance(command, shell_syntax.Simple) or command.redirects or command.assigns:
        return ()
    return command.words if all(map(_PLAIN_WORD.fullmatch, command.words)) else ()


def _has_shell(image: Image, base: str) -> bool:
    """Busybox images have ash (as sh and ash); Debian's have dash as sh, and bash."""
    return image.tools == "gnu" or (image.tools == "busybox" and SHELLS[base] == "ash")


def _dialect(image: Image, base: str) -> str:
    """The shell a name runs: Debian's sh is dash."""
    return "dash" if image.tools == "gnu" and SHELLS[base] == "ash" else SHELLS[base]


def _run(image: Image, reference: Reference, argv: list[str], context: Context) -> Process | None:
    if not argv:
        return None
    context = _in_userland(image, reference, context)
    base = argv[0].rsplit("/", 1)[-1]
    if base in SHELLS and _has_shell(image, base):
        return _shell(image, reference, argv, context, _dialect(image, base))
    program = PROGRAMS.get(argv[0]) if argv[0] in image.programs else None
    program = program or (PROGRAMS.get(base) if base in image.programs else None)
    if program is not None:
        return program(image, reference, argv, context)
    if base in applets.APPLETS and applets.has(image.tools, base):
        return _shell_for(image, reference, context, "sh").run_argv(argv)
    return None


def _in_userland(image: Image, reference: Reference, context: Context) -> Context:
    """The context with the C library of the image's userland, whose resolver its
    programs ask."""
    libc = images.libc(image, reference)
    return context if context.libc == libc else replace(context, libc=libc)


def _shell_for(
    image: Image,
    reference: Reference,
    context: Context,
    name: str,
    dialect: str = "",
    command_line: str = "",
) -> shell.Shell:
    """A shell for a script, or (with no `command_line`) standing in for one program."""
    dialect = dialect or ("dash" if image.tools == "gnu" else "ash")
    files = {path: text(content) for path, content in context.files}
    env = {name: text(value) for name, value in context.env}
    shell_context = shell.Context(
        env,
        files,
        context.hostname,
        context.start_unix_ms,
        image.tools,
        dialect,
        context.kernel,
        images.busybox_release(image, reference),
        context.cwd,
        context.pod_network(),
        context.user,
        context.mounts,
        context.pid,
        context.child_pid,
        (*context.processes, *([(context.pid, command_line)] if command_line else [])),
        Machine(
            context.open_ports,
            context.volumes,
            context.memory_limit_bytes,
            context.node_memory_bytes,
            image.programs,
            _layout(image, reference),
        ),
    )

    for path, content in _system_files(shell_context).items():
        files.setdefault(path, text(content))

    def resolve(argv: list[str], stdin: str, after_ms: int) -> Process | None:
        """The program `argv` runs as, started `after_ms` into the shell's life."""
        if not (stdin or after_ms):
            return _run(image, reference, argv, context)
        at_ms = context.at_ms + after_ms
        return _run(image, reference, argv, replace(context, stdin=stdin, at_ms=at_ms))

    return shell.Shell(shell_context, resolve, name)


def _layout(image: Image, reference: Reference) -> str:
    """Where the image's tools are: Debian's places, the busybox image's /bin (and its
    builds' for Kubernetes' tests), or alpine's busybox's own places."""
    if image.tools == "gnu":
        return "debian"
    built_apart = image.repository.endswith("/busybox") or image.userland in ("busybox", "agnhost")
    return "busybox" if built_apart or not image.userland else "alpine"


def _system_files(context: shell.Context) -> dict[str, str]:
    """The files the kernel makes (the mount table, as /proc/mounts and each process's),
    and the image's /etc/passwd and /etc/group where they are known."""
    found = dict.fromkeys(mounts.MOUNTS_FILES, mounts.mounts_file(context))
    userland = context.user.userland
    if userland is not None and userland.passwd:
        found.update({"/etc/passwd": userland.passwd, "/etc/group": userland.group})
    return found


def _shell(
    image: Image, reference: Reference, argv: list[str], context: Context, dialect: str
) -> Process:
    name = argv[0].rsplit("/", 1)[-1]
    sh = _shell_for(image, reference, context, name, dialect, " ".join(argv))
    args = argv[1:]
    if not args:
        return Process(exit_ms=0)  # no script and nothing on stdin: it ends at once
    if args[0] != "-c":
        script = _context_file(context, args[0])
        if script is None:
            message = f"{name}: can't open '{args[0]}': No such file or directory"
            return Process((Line(0, text(message), "stderr"),), exit_ms=0, exit_code=2)
        return sh.run_script(script, args[1:])
    if len(args) < 2:
        return Process(
            (Line(0, text(f"{name}: -c requires an argument"), "stderr"),), exit_ms=0, exit_code=2
        )
    return sh.run_script(args[1], args[3:])


def _context_file(context: Context, path: str) -> str | None:
    return dict(context.files).get(path)


# -- programs ---------------------------------------------------------------------------------


def _lines(stream: str, at_ms: int, *values: Text | str) -> tuple[Line, ...]:
    return tuple(Line(at_ms, text(v) if isinstance(v, str) else v, stream) for v in values)


_ENTRYPOINT = "/docker-entrypoint.sh: "
ENTRYPOINT_EXEC_LINE = 47  # `exec "$@"`, the last line of nginx's docker-entrypoint.sh
_IPV6 = "10-listen-on-ipv6-by-default.sh: info: "
_ENTRYPOINT_LINES = _lines(
    "stdout",
    0,
    _ENTRYPOINT + "/docker-entrypoint.d/ is not empty, will attempt to perform configuration",
    _ENTRYPOINT + "Looking for shell scripts in /docker-entrypoint.d/",
    _ENTRYPOINT + "Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
    _IPV6 + "Getting the checksum of /etc/nginx/conf.d/default.conf",
    _IPV6 + "Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
    _ENTRYPOINT + "Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
    _ENTRYPOINT + "Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
    _ENTRYPOINT + "Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
    _ENTRYPOINT + "Configuration complete; ready for start up",
)


def nginx_entrypoint(
    image: Image, reference: Reference, argv: list[str], context: Context
) -> Process:
    """/docker-entrypoint.sh: configure, then `exec "$@"` (quietly unless it runs nginx)."""
    rest = argv[1:]
    if not rest:
        return Process(exit_ms=0)
    execed = start(image, reference, rest, context)
    if execed.start_error:  # dash's exec, on the script's last line, finds no such program
        found_none = f"{argv[0]}: {ENTRYPOINT_EXEC_LINE}: exec: {rest[0]}: not found"
        return Process(_lines("stderr", 0, found_none), exit_ms=0, exit_code=127)
    if rest[0] not in ("nginx", "nginx-debug"):
        return execed
    return _after_entrypoint(execed)


# what _after_entrypoint composed, by the identity of the process execed: every nginx of a
# Deployment is the same one (see _nginx_daemon), and hashing a process takes some 20 µs
_COMPOSED: dict[int, tuple[Process, Process]] = {}


def _after_entrypoint(execed: Process) -> Process:
    """The entrypoint's lines, then what it execs, 10 ms later."""
    found = _COMPOSED.get(id(execed))
    if found is not None and found[0] is execed:
        return found[1]
    if len(_COMPOSED) >= 64:
        _COMPOSED.clear()
    later = execed.shifted(10)
    composed = replace(later, lines=_ENTRYPOINT_LINES + later.lines)
    _COMPOSED[id(execed)] = (execed, composed)
    return composed


def nginx(image: Image, reference: Reference, argv: list[str], context: Context) -> Process:
    version = image.version(reference.tag)
    if "-v" in argv or "-V" in argv:
        return Process(_lines("stderr", 0, f"nginx version: nginx/{version}"), exit_ms=0)
    if "-t" in argv:
        conf = "/etc/nginx/nginx.conf"
        return Process(
            _lines(
                "stderr",
                0,
                f"nginx: the configuration file {conf} syntax is ok",
                f"nginx: configuration file {conf} test is successful",
            ),
            exit_ms=0,
        )
    if not any("daemon off" in a for a in argv):
        return Process(exit_ms=5)  # the master forks into the background and PID 1 is done
    if image.repository == nginx_proxy.IMAGE:  # its own configuration, baked in
        return nginx_proxy.frontend(image, reference, argv, context)
    return _nginx_daemon(version, context.kernel, max(1, context.cpus))


# Every nginx of a Deployment runs the same: built once and shared (processes are
# immutable), not a process, its server and 68 lines per pod.
@lru_cache(maxsize=64)
def _nginx_daemon(version: str, kernel: str, cpus: int) -> Process:
    """nginx in the foreground: its lines, its server on port 80, and how it quits."""
    lines, quit_lines = _nginx_output(version, kernel, cpus)
    welcome = {"body": pages.NGINX_WELCOME, "content_type": pages.HTML}
    error = {"body": pages.NGINX_50X, "content_type": pages.HTML}
    routes = (
        Route("/", 200, 615, **welcome),
        Route("/index.html", 200, 615, **welcome),
        Route("/50x.html", 200, 497, **error),
    )
    release = tuple(int(part) for part in version.split(".") if part.isdigit())
    server = Server(
        80,
        5,
        routes,
        pages.nginx_not_found(version),
        "nginx",
        version=release,
        root=nginx_files.ROOT,
    )
    return Process(lines, servers=(server,), stop=Stop(20, 0, quit_lines))


def _nginx_output(version: str, kernel: str, cpus: int) -> tuple[tuple[Line, ...], ...]:
    """nginx's start-up lines and what it writes when it quits on SIGQUIT."""
    workers = [29 + i for i in range(cpus)]
    notice = partial(stamped, NGINX_TIME)
    lines = _lines(
        "stderr",
        0,
        notice("", ' [notice] 1#1: using the "epoll" event method'),
        notice("", f" [notice] 1#1: nginx/{version}"),
        notice("", " [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14+deb12u1) "),
        notice("", f" [notice] 1#1: OS: Linux {kernel}"),
        notice("", " [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576"),
        notice("", " [notice] 1#1: start worker processes"),
        *(notice("", f" [notice] 1#1: start worker process {pid}") for pid in workers),
    )
    quit_lines = [notice("", " [notice] 1#1: signal 3 (SIGQUIT) received, shutting down")]
    for pid in workers:
        quit_lines += [
            notice("", f" [notice] {pid}#{pid}: gracefully shutting down"),
            notice("", f" [notice] {pid}#{pid}: exiting"),
            notice("", f" [notice] {pid}#{pid}: exit"),
        ]
    for pid in workers:
        quit_lines += [
            notice("", f" [notice] 1#1: signal 17 (SIGCHLD) received from {pid}"),
            notice("", f" [notice] 1#1: worker process {pid} exited with code 0"),
        ]
    quit_lines.append(notice("", " [notice] 1#1: exit"))
    return lines, _lines("stderr", 0, *quit_lines)


def httpd(image: Image, reference: Reference, argv: list[str], context: Context) -> Process:
    version = image.version(reference.tag)
    fqdn = (
        "AH00558: httpd: Could not reliably determine the server's fully qualified domain "
        f"name, using {context.pod_ip}. Set the 'ServerName' directive globally to suppress "
        "this message"
    )
    stamp = partial(stamped, HTTPD_TIME, "[")
    lines = _lines(
        "stderr",
        0,
        fqdn,
        fqdn,
        stamp(
            f"] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/{version} (Unix) configured "
            "-- resuming normal operations"
        ),
        stamp("] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'"),
    )
    stop_line = stamp(
        "] [mpm_event:notice] [pid 1:tid 1] AH00492: caught SIGWINCH, shutting down gracefully"
    )
    return Process(
        lines,
        servers=(
            Server(
                80,
                10,
                (Route("/", 200, 45, body=pages.HTTPD_IT_WORKS, content_type=pages.HTML),),
                pages.HTTPD_NOT_FOUND,
                "common",
            ),
        ),
        stop=Stop(10, 0, _lines("stderr", 0, stop_line)),
    )


def redis_entrypoint(
    image: Image, reference: Reference, argv: list[str], context: Context
) -> Process:
    """docker-entrypoint.sh: options alone mean `redis-server` with them; then `exec`."""
    rest = execed(image, argv)
    return start(image, reference, rest, context) if argv[1:] else Process(exit_ms=0)


def redis_server(image: Image, reference: Reference, argv: list[str], context: Context) -> Process:
    """redis-server [CONFIG_FILE] [--NAME VALUE...]: its settings from both, then it serves."""
    version = image.version(reference.tag)
    starting = partial(stamped, REDIS_TIME, "1:C ")
    master = partial(stamped, REDIS_TIME, "1:M ")
    given = argv[1:]
    settings: list[tuple[str, str]] = []
    if given and not given[0].startswith("--"):
        text = dict(context.files).get(posixpath.join(context.cwd, given[0]))
        if text is None:
            why = f" # Fatal error, can't open config file '{given[0]}': No such file or directory"
            return Process(_lines("stdout", 0, starting(why)), exit_ms=10, exit_code=1)
        settings += redis.parse_config(text)
        given = given[1:]
    settings += redis.parse_config(_redis_options(given))
    port = int(dict(settings).get("port", "6379"))
    loaded = (
        " * Configuration loaded"
        if argv[1:]
        else (
            " # Warning: no config file specified, using the default config. In order to "
            "specify a config file use redis-server /path/to/redis.conf"
        )
    )
    lines = _lines(
        "stdout",
        0,
        starting(" * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo"),
        starting(
            f" * Redis version={version}, bits=64, commit=00000000, modified=1, pid=1, just started"
        ),
        starting(loaded),
        master(" * monotonic clock: POSIX clock_gettime"),
        master(f" * Running mode=standalone, port={port}."),
        master(" * Server initialized"),
        master(" * Ready to accept connections tcp"),
    )
    stop = _lines(
        "stdout",
        0,
        stamped("%s", "1:signal-handler (", ") Received SIGTERM scheduling shutdown..."),
        master(" * User requested shutdown..."),
        master(" * Saving the final RDB snapshot before exiting."),
        master(" * DB saved on disk"),
        master(" # Redis is now ready to exit, bye bye..."),
    )
    release = tuple(int(part) for part in version.split(".") if part.isdigit())
    server = Server(port, 5, redis=tuple(settings), version=release)
    return Process(lines, servers=(server,), stop=Stop(100, 0, stop))


def _redis_options(words: list[str]) -> str:
    """`--name value...` options as the config lines redis-server makes of them."""
    lines: list[str] = []
    for word in words:
        if word.startswith("--"):
            lines.append(word[2:])
        elif lines:
            lines[-1] += f" {word}"
    return "\n".join(lines)


def node(image: Image, reference: Reference, argv: list[str], context: Context) -> Process:
    """kubernetes-bootcamp's server.js: says when it started, answers on 8080 (node-hello's:
    `Hello Kubernetes!`, and a line for each request)."""
    if argv[1:] != ["server.js"]:
        return Process(
            _lines(
                "stderr",
                0,
                f"module.js:442\n    throw err;\n    ^\n\nError: Cannot find module '/{argv[1] if len(argv) > 1 else ''}'",
            ),
            exit_ms=50,
            exit_code=1,
        )
    if reference.repository.endswith("/node-hello"):
        routes = (Route("", 200, len("Hello Kubernetes!"), body="Hello Kubernetes!"),)
        return Process(servers=(Server(8080, 0, routes, access_log="node-hello"),))
    started = stamped(
        "%Y-%m-%dT%H:%M:%S.%3NZ",
        "Kubernetes Bootcamp App Started At: ",
        f" | Running On:  {context.hostname} ",
    )
    hello = f"Hello Kubernetes bootcamp! | Running on: {context.hostname} | v=1\n"
    return Process(
        _lines("stdout", 0, started, ""),
        servers=(Server(8080, 0, (Route("", 200, len(hello), body=hello),)),),
    )


def agnhost(image: Image, reference: Reference, argv: list[str], context: Context) -> Process:
    command = argv[1] if len(argv) > 1 else ""
    klog = partial(stamped, KLOG_TIME, "I")
    if command == "pause":
        stop = _lines(
            "stdout",
            0,
            "Shutting down after receiving signal: terminated.",
            "Exiting with status: 2.",
        )
        return Process(_lines("stdout", 0, "Paused"), stop=Stop(0, 2, stop))
    if command == "netexec":
        port = _port(argv, "--http-port", 8080)
        lines = _lines(
            "stderr", 0, klog(f"       1 log.go:245] Started HTTP server on port {port}")
        )
        return Process(lines, servers=(Server(port, 0, (Route("", 200, 20),)),), stop=Stop(0, 2))
    if command == "liveness":
        routes = (
            Route("/healthz", 200, 2, 0, 10_001),
            Route("/healthz", 500, 20, 10_001),
            Route("/started", 200, 30),
        )
        return Process(servers=(Server(8080, 0, routes),), stop=Stop(0, 2))
    if command == "serve-hostname":
        port = _port(argv, "--port", samples.SERVE_HOSTNAME_PORT)
        modes = {mode: f"--{mode}" in argv for mode in ("tcp", "udp")}
        http = "--http=false" not in argv
        return samples.hostname_server(context.hostname, port, http, **modes)
    if command == "test-webserver":
        return Process(servers=(Server(80, 0, (Route("/", 200, 12),)),), stop=Stop(0, 2))
    unknown = f'Error: unknown command "{command}" for "agnhost"'
    hint = "Run 'agnhost --help' for usage."
    return Process(_lines("stderr", 0, unknown, hint), exit_ms=10, exit_code=1)


def _port(argv: list[str], name: str, default: int) -> int:
    """A port option, as `--name=N` or `--name N` (cobra takes both)."""
    given = options.value(argv, name) or ""
    return int(given) if given.isdigit() else default


def pause(image: Image, reference: Reference, argv: list[str], context: Context) -> Process:
    return Process(stop=Stop(0, 0))


def crashloop(image: Image, reference: Reference, argv: list[str], context: Context) -> Process:
    """kubelab/crashloop: starts, fails to reach its database, exits 1 after 2 s."""
    lines = _lines("stdout", 0, "crashloop: starting up") + _lines(
        "stderr", 2000, "crashloop: fatal: cannot reach database at db:5432: connection refused"
    )
    return Process(lines, exit_ms=2000, exit_code=1, stop=Stop(0, 0))


def memory_hog(image: Image, reference: Reference, argv: list[str], context: Context) -> Process:
    """kubelab/memory-hog: allocates 50 MiB a second and never frees it."""
    rate = 50
    limit = context.memory_limit_bytes or 1 << 40
    seconds = min(limit // (rate * MIB) + 1, 3600)
    lines = _lines("stdout", 0, f"memory-hog: allocating {rate} MiB every second") + tuple(
        Line(1000 * s, text(f"memory-hog: allocated {rate * s} MiB"), "stdout")
        for s in range(1, seconds + 1)
    )
    return Process(lines, memory=Memory(0, rate), stop=Stop(0, 0))


def slow_start(image: Image, reference: Reference, argv: list[str], context: Context) -> Process:
    """kubelab/slow-start: warms up for 30 s before it listens on 8080."""
    lines = _lines("stdout", 0, "slow-start: warming up caches (this takes 30s)...") + _lines(
        "stdout", 30_000, "slow-start: listening on :8080"
    )
    routes = (Route("", 200, 2),)
    return Process(lines, servers=(Server(8080, 30_000, routes),), stop=Stop(0, 0))


def _shell_command(
    command: applets.Command, image: Image, reference: Reference, argv: list[str], context: Context
) -> Process:
    """A program written as a shell's command, run by a shell standing in for it."""
    sh = _shell_for(image, reference, context, "sh")
    return sh.run_program(command, argv, context.stdin or None)


PROGRAMS: dict[str, Program] = {
    "/docker-entrypoint.sh": nginx_entrypoint,
    "nginx": nginx,
    "httpd-foreground": httpd,
    "httpd": httpd,
    "docker-entrypoint.sh": redis_entrypoint,
    "redis-server": redis_server,
    "redis-cli": redis_cli.redis_cli,
    "node": node,
    "/agnhost": agnhost,
    "/pause": pause,
    "/crashloop": crashloop,
    "/memory-hog": memory_hog,
    "/slow-start": slow_start,
    "curl": http_clients.curl,
    "stress": samples.stress,
    "/stress": samples.vish_stress,
    "/hello-app": samples.hello_app,
    "apache2-foreground": samples.hpa_example,
    "hello": samples.hello_go,
    "/goproxy": samples.goproxy,
    "/serve_hostname": samples.serve_hostname,
    "perl": samples.perl,
    "dig": partial(_shell_command, bind_dig.dig),
    "host": partial(_shell_command, bind_host.host),
    "nslookup": partial(_shell_command, bind_nslookup.nslookup),
}


def access_line(style: str, source_ip: str, path: str, status: int, size: int, agent: str) -> Text:
    """The line a server writes for a request (nginx's `combined`, Apache's `common`, and
    those of the docs' sample servers)."""
    if style == "go":
        return stamped(samples.GO_LOG_TIME, "", f" Serving request: {path}")
    if style == "node-hello":
        return text(f"Received request for URL: {path}")
    request = f' "GET {path} HTTP/1.1" {status} {size}'
    if style == "combined":  # Apache's, as Debian's default site logs
        return stamped(ACCESS_TIME, f"{source_ip} - - [", f']{request} "-" "{agent or "-"}"')
    if style == "nginx":
        return stamped(ACCESS_TIME, f"{source_ip} - - [", f']{request} "-" "{agent or "-"}" "-"')
    return stamped(ACCESS_TIME, f"{source_ip} - - [", f"]{request}")
