"""curl (a program of the images that carry it) and busybox's wget (an applet): an HTTP GET
over the pod's network (see `network`), the host's name looked up by the C library first
(see `resolver`), with their options and their words for what goes wrong."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cluster.engine.node import images, network, options, resolver
from cluster.engine.node.images import Image, Reference
from cluster.engine.node.process import FileOp, Line, Process, Route, Text, text, written_lines

if TYPE_CHECKING:
    from cluster.engine.node.programs import Context
    from cluster.engine.node.shell import Shell

CURL_VERSION = "8.14.1"
# the releases from which curl words its errors as it does now: the status alone for -f
# (7.75.0, before: the status line's code and words), "Could not resolve host:" (7.76.0),
# and how long it tried before it failed to connect (7.78.0)
STATUS_WORDS_UNTIL = (7, 75)
RESOLVE_WORDS_SINCE = (7, 76)
CONNECT_WORDS_SINCE = (7, 78)
WGET_AGENT = "Wget"
CURL_TIMEOUT_MS = network.SYN_TIMEOUT_MS  # what a connection to nowhere takes, no --max-time
WGET_TIMEOUT_MS = 900_000  # busybox wget's default -T
WGET_NOTIFY_SINCE = (1, 31)  # wget says where it writes, and that it is done
PROGRESS_NOTTY_SINCE = (1, 25)  # the meter knows when stderr is no terminal
PROGRESS_REDRAWN_SINCE = (1, 29)
PROGRESS_TTY_NEWLINE_SINCE = (1, 30)  # wget's newline after the meter, on a terminal only


# curl answers these itself, without the resolver (RFC 6761), since 7.78.0
CURL_LOCALHOST = ("localhost", "localhost.")
LOCALHOST_SINCE = (7, 78)


def curl(image: Image, reference: Reference, argv: list[str], context: Context) -> Process:
    """curl [-s] [-S] [-f] [-i|-I] [-o FILE] [-m SECONDS] URL"""
    flags, values, urls = _curl_options(argv[1:])
    if not urls:
        message = "curl: try 'curl --help' or 'curl --manual' for more information"
        return _ended(2, err=message)
    url = network.parse_url(urls[0])
    net = context.pod_network()
    quiet = "s" in flags and "S" not in flags
    limit = int(float(values.get("m", "0")) * 1000)
    version = image.curl or CURL_VERSION
    generation = images.release(version)
    local = url.host.lower() in CURL_LOCALHOST or url.host.lower().endswith(".localhost")
    found = _curl_lookup(net, url.host, local and generation >= LOCALHOST_SINCE)
    took = found.elapsed_ms
    if limit and took > limit:
        message = f"curl: (28) Resolving timed out after {limit} milliseconds"
        return _ended(28, err="" if quiet else message, after_ms=limit)
    if found.error:
        return _ended(6, err="" if quiet else _unresolved(generation, url.host), after_ms=took)
    try:
        answer = net.get(found.address, url.port, url.path, f"curl/{version}")
    except network.Unreachable:
        return _unreachable(generation, url, took + CURL_TIMEOUT_MS, limit, quiet)
    if answer is None or not answer.status:
        code, message = _not_connected(generation, url, answer, took)
        return _ended(code, err="" if quiet else message, after_ms=took)
    if "f" in flags and answer.status >= 400:
        status = str(answer.status)
        if generation < STATUS_WORDS_UNTIL:
            status = network.status_line(answer.status).partition(" ")[2]
        message = f"curl: (22) The requested URL returned error: {status}"
        return _ended(22, err="" if quiet else message, after_ms=took)
    head = network.response_head(answer) if ("i" in flags or "I" in flags) else ""
    body = head + ("" if "I" in flags else answer.body)
    if "o" in values:
        return Process(files=(FileOp(took, values["o"], text(body)),), exit_ms=took)
    return Process(written_lines(took, body), exit_ms=took)


def _unresolved(generation: tuple[int, ...], host: str) -> str:
    if generation < RESOLVE_WORDS_SINCE:
        return f"curl: (6) Couldn't resolve host '{host}'"
    return f"curl: (6) Could not resolve host: {host}"


def _unreachable(
    generation: tuple[int, ...], url: network.Url, gives_up_ms: int, limit: int, quiet: bool
) -> Process:
    """A connection nothing answers: the kernel gives up after its SYN retries, unless -m
    ends it first."""
    after = min(limit or gives_up_ms, gives_up_ms)
    if generation >= CONNECT_WORDS_SINCE:
        why = "Timeout was reached"
        message = (
            f"curl: (28) Failed to connect to {url.host} port {url.port} after {after} ms: {why}"
        )
        return _ended(28, err="" if quiet else message, after_ms=after)
    if after < gives_up_ms:
        message = f"curl: (28) Connection timed out after {after} milliseconds"
        return _ended(28, err="" if quiet else message, after_ms=after)
    message = f"curl: (7) Failed to connect to {url.host} port {url.port}: Connection timed out"
    return _ended(7, err="" if quiet else message, after_ms=after)


def _not_connected(
    generation: tuple[int, ...], url: network.Url, answer: Route | None, took: int
) -> tuple[int, str]:
    """A connection refused (None), or a server that does not speak HTTP: the exit code
    and what curl says."""
    if answer is None and generation < CONNECT_WORDS_SINCE:
        return 7, f"curl: (7) Failed to connect to {url.host} port {url.port}: Connection refused"
    why = "Couldn't connect to server" if answer is None else "Received HTTP/0.9 when not allowed"
    code = 7 if answer is None else 1
    return (
        code,
        f"curl: ({code}) Failed to connect to {url.host} port {url.port} after {took} ms: {why}",
    )


def _curl_lookup(net: network.Network, host: str, local: bool) -> resolver.Lookup:
    """The host's addresses: curl's own for localhost, else getaddrinfo's (both families,
    the pod having IPv6)."""
    if local:
        return resolver.Lookup(("127.0.0.1",))
    return resolver.Resolver(net).getaddrinfo(host)


def _curl_options(args: list[str]) -> tuple[set[str], dict[str, str], list[str]]:
    """Single-letter flags (bundled: -sS), those that take a value (-o, -m), and the URLs."""
    flags: set[str] = set()
    values: dict[str, str] = {}
    urls: list[str] = []
    longs = {"--silent": "s", "--show-error": "S", "--fail": "f", "--include": "i", "--head": "I"}
    taking = {"-o": "o", "--output": "o", "-m": "m", "--max-time": "m"}
    pending = ""
    for arg in args:
        if pending:
            values[pending], pending = arg, ""
        elif arg in taking:
            pending = taking[arg]
        elif arg in longs:
            flags.add(longs[arg])
        elif arg.startswith("-") and not arg.startswith("--") and len(arg) > 1:
            for letter in arg[1:]:
                if letter in "om":
                    pending = letter
                else:
                    flags.add(letter)
        elif not arg.startswith("-"):
            urls.append(arg)
    return flags, values, urls


def wget(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    """busybox wget [-q] [-O FILE] [--spider] [-T SECONDS|--timeout=SECONDS] URL"""
    args = argv[1:]
    quiet, spider = "-q" in args or "-qO-" in args, "--spider" in args
    output = "-" if "-qO-" in args else options.value(args, "-O", attached="")
    given = options.value(args, "-T", attached="") or options.value(args, "--timeout")
    timeout = int(given or 0)
    urls = [a for a in args if not a.startswith("-") and a not in (output, given)]
    if not urls:
        shell.err("BusyBox: wget: missing URL\n")
        return 1
    url = network.parse_url(urls[0])
    net = shell.pod_network()
    found = resolver.Resolver(net).getaddrinfo(url.host)
    shell.sleep(found.elapsed_ms)
    if found.error:
        shell.err(f"wget: bad address '{url.host}'\n")
        return 1
    ip = found.address
    if not quiet:  # said before it connects
        shell.err(f"Connecting to {url.authority} ({ip}:{url.port})\n")
    try:
        answer = net.get(ip, url.port, url.path, WGET_AGENT)
    except network.Unreachable:
        shell.sleep(timeout * 1000 or WGET_TIMEOUT_MS)
        shell.err("wget: download timed out\n")
        return 1
    if answer is None:
        shell.err(f"wget: can't connect to remote host ({ip}): Connection refused\n")
        return 1
    if answer.status >= 400 or not answer.status:
        shell.err(f"wget: server returned error: {network.status_line(answer.status)}\n")
        return 1
    if spider:
        shell.err("" if quiet else "remote file exists\n")
        return 0
    name = output or (url.path.rstrip("/").rsplit("/", 1)[-1] or "index.html")
    size = len(answer.body.encode())
    release = images.release(shell.context.busybox)
    notify = not quiet and release >= WGET_NOTIFY_SINCE
    if name == "-":
        shell.err("writing to stdout\n" if notify else "")
        shell.out(answer.body)
    else:
        shell.err(f"saving to '{name}'\n" if notify else "")
        shell.write_file(shell.path(name), text(answer.body))
    if not quiet:
        shell.err(_progress(release, name, size))
    if notify:
        shell.err("written to stdout\n" if name == "-" else f"'{name}' saved\n")
    return 0


def _progress(release: tuple[int, ...], name: str, size: int) -> str:
    """The progress meter's one line for a download done at once, stderr not a terminal
    (80 columns): from 1.29 drawn anew; from 1.25 without a carriage return, ended by the
    meter, and until 1.30 followed by wget's own newline (libbb/progress.c, wget.c)."""
    if release >= PROGRESS_REDRAWN_SINCE:
        meter = f"{name:<20.20} 100% |{'*' * 32}| {size:>5}  0:00:00 ETA"
    else:
        meter = f"{name:<20.20} 100% |{'*' * 31}|{size:>6}   0:00:00 ETA"
    if release < PROGRESS_NOTTY_SINCE:
        return f"\r{meter}\n"
    return meter + "\n" + ("\n" if release < PROGRESS_TTY_NEWLINE_SINCE else "")


def _ended(code: int, err: str = "", after_ms: int = 0) -> Process:
    lines = (Line(after_ms, text(err), "stderr"),) if err else ()
    return Process(lines, exit_ms=after_ms, exit_code=code)
