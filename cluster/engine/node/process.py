"""What a container's main process does, laid out in virtual time from the moment it starts:
the lines it writes, the files it creates and removes, the ports it listens on, when it exits
on its own and how it answers its stop signal.

A process is computed when it starts (see `programs`), and then read: the runtime renders its
logs up to now, answers connections to its ports and runs `exec` commands against its files
at the time they are asked. Output that never ends (a `while true` loop) is a `Loop` repeated
forever, so an endless program costs nothing until its logs are read. A process is laid out
again from a later moment on (`spliced`) when what it reads may have changed: a volume's
files, or the network it asks (its layout stops where it would ask later: `resume_ms`).
All times here are milliseconds after the process started.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

PID_STEP = 6  # how far apart the ids of a container's processes are (runc's helpers between)
LOG_LINES_MAX = 10_000  # the newest lines kept when rendering logs (the kubelet rotates at 10Mi)
# containerd's max_container_log_line_size: a longer line, or output that never ends one,
# goes to the log in parts of this size
LOG_LINE_MAX = 16 * 1024


@dataclass(frozen=True, slots=True)
class Stamp:
    """Output that is the time it was written, in a `date` format; `offset_ms` is relative
    to the write that holds it (a value computed earlier and printed later is in the past)."""

    format: str
    offset_ms: int = 0


Text = tuple[str | Stamp, ...]


def text(value: str) -> Text:
    return (value,) if value else ()


def join(*texts: Text) -> Text:
    """Concatenate, merging neighbouring strings (in one str.join: `+=` on a string held by
    a list copies it every time)."""
    parts: list[str | Stamp] = []
    strings: list[str] = []
    for part in (p for t in texts for p in t):
        if isinstance(part, str):
            strings.append(part)
            continue
        if strings:
            parts.append("".join(strings))
            strings = []
        parts.append(part)
    if strings:
        parts.append("".join(strings))
    return tuple(p for p in parts if p != "")


def stamped(fmt: str, before: str, after: str = "") -> Text:
    """`before`, the time of writing in `fmt`, then `after`: a log line's stamp."""
    return join(text(before), (Stamp(fmt),), text(after))


def shift(value: Text, delta_ms: int) -> Text:
    """Make a text's stamps relative to a moment `delta_ms` later than they were."""
    return tuple(
        replace(p, offset_ms=p.offset_ms - delta_ms) if isinstance(p, Stamp) else p for p in value
    )


def render(value: Text, unix_ms: int) -> str:
    """The text as written at `unix_ms`."""
    return "".join(
        p if isinstance(p, str) else strftime(p.format, unix_ms + p.offset_ms) for p in value
    )


_DIRECTIVES = {
    "a": "%a",
    "A": "%A",
    "b": "%b",
    "B": "%B",
    "d": "%d",
    "H": "%H",
    "I": "%I",
    "j": "%j",
    "m": "%m",
    "M": "%M",
    "p": "%p",
    "S": "%S",
    "y": "%y",
    "Y": "%Y",
    "T": "%H:%M:%S",
    "D": "%m/%d/%y",
    "F": "%Y-%m-%d",
    "R": "%H:%M",
    "Z": "UTC",
    "z": "+0000",
}


def strftime(fmt: str, unix_ms: int) -> str:
    """`date`'s format directives in UTC, plus %e (space-padded day), %s (epoch seconds) and
    %3N/%6N/%9N (fractions of a second)."""
    moment = datetime.fromtimestamp(unix_ms // 1000, tz=UTC)
    out: list[str] = []
    i = 0
    while i < len(fmt):
        char = fmt[i]
        if char != "%" or i + 1 == len(fmt):
            out.append(char)
            i += 1
            continue
        directive = fmt[i + 1]
        if directive.isdigit() and fmt[i + 2 : i + 3] == "N":
            digits = int(directive)
            out.append(f"{unix_ms % 1000:03d}{'0' * 6}"[:digits])
            i += 3
            continue
        out.append(_directive(directive, moment, unix_ms))
        i += 2
    return "".join(out)


def _directive(directive: str, moment: datetime, unix_ms: int) -> str:
    if directive == "e":
        return f"{moment.day:2d}"
    if directive == "s":
        return str(unix_ms // 1000)
    if directive == "N":
        return f"{unix_ms % 1000:03d}000000"
    if directive == "n":
        return "\n"
    if directive == "%":
        return "%"
    known = _DIRECTIVES.get(directive)
    return moment.strftime(known) if known else f"%{directive}"


@dataclass(frozen=True, slots=True)
class Line:
    at_ms: int
    text: Text
    stream: str = "stdout"
    end: str = "\n"  # "" for the last line when a process's output does not end with one


def written_lines(at_ms: int, written: str, stream: str = "stdout") -> tuple[Line, ...]:
    """What a process wrote at once, as log lines (the last one partial unless the text
    ends with a newline)."""
    *whole, rest = written.split("\n")
    lines = [Line(at_ms, text(piece), stream) for piece in whole]
    return (*lines, Line(at_ms, text(rest), stream, "")) if rest else tuple(lines)


@dataclass(frozen=True, slots=True)
class FileOp:
    """A file written (its whole content) or removed (`content` None)."""

    at_ms: int
    path: str
    content: Text | None


@dataclass(frozen=True, slots=True)
class Upstream:
    """Where a proxy's route gets its answer when a request comes: the address its server
    resolved the upstream's name to when it started (nginx resolves it once, then)."""

    ip: str
    port: int
    worker: int  # the id of the worker process that connects (its error lines say it)


@dataclass(frozen=True, slots=True)
class Route:
    """An HTTP answer: `path` "" matches every path; active from `from_ms` until `until_ms`;
    its `body`, when the answer is read (a probe reads only the status). A proxy's route
    answers what its `upstream` answers, and itself (its error page) when that refuses."""

    path: str
    status: int
    size: int = 0  # bytes of the body, for access logs
    from_ms: int = 0
    until_ms: int | None = None
    body: str = ""
    content_type: str = "text/plain; charset=utf-8"
    upstream: Upstream | None = None


@dataclass(frozen=True, slots=True)
class Server:
    """A listening socket; `routes` when it speaks HTTP (first match wins, else 404)."""

    port: int
    from_ms: int = 0
    routes: tuple[Route, ...] = ()
    not_found: str = ""  # its 404 page (HTML), if it has one
    access_log: str = ""  # the access-log format of the server (see programs)
    # a redis server: the settings it started with (its config file, then its options)
    redis: tuple[tuple[str, str], ...] | None = None
    version: tuple[int, ...] = ()  # the release of the program serving, where it matters
    # where the files it serves are (its routes are the image's files there), if it serves
    # files
    root: str = ""
    request_cpu_ms: int = 0  # the CPU each request costs it, where that is not negligible

    @property
    def http(self) -> bool:
        return bool(self.routes)

    def answer(self, path: str, at_ms: int) -> Route:
        for route in self.routes:
            started = route.path in ("", path) and route.from_ms <= at_ms
            if started and (route.until_ms is None or at_ms < route.until_ms):
                return route
        if not self.not_found:
            return Route(path, 404)
        page = self.not_found
        return Route(path, 404, len(page.encode()), body=page, content_type="text/html")


@dataclass(frozen=True, slots=True)
class Held:
    """What each round of an endless loop adds to a line it never ends on `stream`: `text`,
    written `at_ms` into the round, after `first` (what the line had when the loop began).
    containerd logs such a line in parts of LOG_LINE_MAX, each once it has filled."""

    stream: str
    at_ms: int
    text: str
    first: str = ""

    def parts(self, start_ms: int, period_ms: int, until_ms: int, limit: int) -> list[Line]:
        """The parts logged up to `until_ms` (the newest `limit`), the loop beginning at
        `start_ms` with a round every `period_ms`."""
        if until_ms < start_ms + self.at_ms:
            return []
        rounds = (until_ms - start_ms - self.at_ms) // period_ms + 1
        filled = (len(self.first) + rounds * len(self.text)) // LOG_LINE_MAX
        found = []
        for part in range(max(0, filled - limit), filled):
            end = (part + 1) * LOG_LINE_MAX
            filling = -(-(end - len(self.first)) // len(self.text)) - 1  # the round it filled in
            at_ms = start_ms + filling * period_ms + self.at_ms
            found.append(Line(at_ms, (self.slice(end - LOG_LINE_MAX, end),), self.stream, ""))
        return found

    def left(self, rounds: int) -> str:
        """What the line holds, not yet logged, after `rounds` rounds."""
        total = len(self.first) + rounds * len(self.text)
        return self.slice(total - total % LOG_LINE_MAX, total)

    def slice(self, begin: int, end: int) -> str:
        """The line's characters from `begin` to `end`: `first`, then `text` over and over."""
        first, text = self.first, self.text
        head = first[begin:end]
        begin, end = max(0, begin - len(first)), end - len(first)
        if end <= 0:
            return head
        skipped = begin - begin % len(text)
        times = -(-(end - skipped) // len(text))
        return head + (text * times)[begin - skipped : end - skipped]


@dataclass(frozen=True, slots=True)
class Loop:
    """Output repeated forever, every `period_ms` from `start_ms` (offsets per iteration)."""

    start_ms: int
    period_ms: int
    lines: tuple[Line, ...] = ()
    files: tuple[FileOp, ...] = ()
    held: tuple[Held, ...] = ()  # lines its rounds go on writing, never ending them


@dataclass(frozen=True, slots=True)
class Stop:
    """How the process answers its stop signal: it exits `after_ms` later with `exit_code`,
    writing `lines` (offsets from the signal)."""

    after_ms: int
    exit_code: int
    lines: tuple[Line, ...] = ()


@dataclass(frozen=True, slots=True)
class Memory:
    """Memory the process allocates and never frees, from `from_ms` on (until it holds
    `up_to_mib`, if it stops there)."""

    from_ms: int
    mib_per_s: int
    up_to_mib: int | None = None

    def mib_at(self, at_ms: int) -> int:
        """What it has allocated by `at_ms`."""
        grown = max(0, at_ms - self.from_ms) * self.mib_per_s // 1000
        return grown if self.up_to_mib is None else min(grown, self.up_to_mib)

    def reaches_ms(self, mib: int) -> int | None:
        """When it has allocated `mib` (None: never)."""
        if not self.mib_per_s or (self.up_to_mib is not None and self.up_to_mib < mib):
            return None
        return self.from_ms + -(-mib * 1000 // self.mib_per_s)


@dataclass(frozen=True, slots=True)
class Process:
    lines: tuple[Line, ...] = ()
    files: tuple[FileOp, ...] = ()
    servers: tuple[Server, ...] = ()
    loop: Loop | None = None
    exit_ms: int | None = None  # when it exits on its own; None: it runs until stopped
    exit_code: int = 0
    stop: Stop | None = None  # None: it ignores the signal (PID 1 without a handler)
    memory: Memory | None = None
    busy_millicores: int = 0  # the CPU it keeps busy, as much as it may use
    start_error: str = ""  # the runtime could not start it at all
    # its layout stops where it asks the network later than when it was made: the runtime
    # lays it out further then (see tape)
    resume_ms: int | None = None

    def shifted(self, delta_ms: int) -> Process:
        """The same process started `delta_ms` later (a program a shell runs mid-script)."""
        if not delta_ms:
            return self
        loop = self.loop and replace(self.loop, start_ms=self.loop.start_ms + delta_ms)
        return replace(
            self,
            # built directly: dataclasses.replace per line was most of a container's start
            lines=tuple(Line(ln.at_ms + delta_ms, ln.text, ln.stream, ln.end) for ln in self.lines),
            files=tuple(replace(op, at_ms=op.at_ms + delta_ms) for op in self.files),
            servers=tuple(_shift_server(s, delta_ms) for s in self.servers),
            loop=loop,
            exit_ms=None if self.exit_ms is None else self.exit_ms + delta_ms,
            memory=self.memory and replace(self.memory, from_ms=self.memory.from_ms + delta_ms),
            resume_ms=None if self.resume_ms is None else self.resume_ms + delta_ms,
        )

    def next_round(self, now_ms: int) -> int:
        """When the next round of its endless loop begins, at `now_ms` or after."""
        loop = self.loop
        assert loop is not None, "only an endless loop has rounds"
        rounds = max(0, -(-(now_ms - loop.start_ms) // loop.period_ms))
        return loop.start_ms + rounds * loop.period_ms

    def spliced(
        self, now_ms: int, from_ms: int, fresh: Process, kept: Callable[[str], bool] | None = None
    ) -> Process:
        """This process until `from_ms` (`now_ms` or later), then `fresh`: the same process
        laid out again from there. What it wrote before stays: the newest LOG_LINES_MAX lines,
        and its files as they are now (those `kept` says, if it says: a volume's files are
        the volume's, not the process's)."""
        files = self.files_at(now_ms)
        return replace(
            fresh,
            lines=(*self.output(from_ms - 1), *(ln for ln in fresh.lines if ln.at_ms >= from_ms)),
            files=(
                *(
                    FileOp(now_ms, path, content)
                    for path, content in files.items()
                    if kept is None or kept(path)
                ),
                *(op for op in fresh.files if op.at_ms >= from_ms),
            ),
        )

    def output(self, until_ms: int, limit: int = LOG_LINES_MAX) -> list[Line]:
        """The lines written up to `until_ms` (the newest `limit`), times from the start."""
        lines = [line for line in self.lines if line.at_ms <= until_ms]
        loop = self.loop
        if loop is None or not (loop.lines or loop.held) or until_ms < loop.start_ms:
            return lines[-limit:]
        lines = [line for line in lines if line.at_ms < loop.start_ms]
        looped: list[Line] = []
        for held in loop.held:
            looped += held.parts(loop.start_ms, loop.period_ms, until_ms, limit)
        per = len(loop.lines)
        done = (until_ms - loop.start_ms) // loop.period_ms
        first = max(0, done - limit // per - 1) if per else done + 1
        for k in range(first, done + 1):
            base = loop.start_ms + k * loop.period_ms
            looped += [
                replace(line, at_ms=base + line.at_ms)
                for line in loop.lines
                if base + line.at_ms <= until_ms
            ]
        if loop.held:
            looped.sort(key=lambda line: line.at_ms)  # stable: a round's lines keep their order
        return (lines + looped)[-limit:]

    def files_at(self, at_ms: int) -> dict[str, Text]:
        """The files the process has written and not removed by `at_ms`."""
        files: dict[str, Text] = {}
        ops = [op for op in self.files if op.at_ms <= at_ms]
        loop = self.loop
        if loop is not None and at_ms >= loop.start_ms:
            within = (at_ms - loop.start_ms) % loop.period_ms
            done = (at_ms - loop.start_ms) // loop.period_ms
            ops = [op for op in ops if op.at_ms < loop.start_ms]
            if done:  # every whole iteration leaves the files as the last one did
                ops += list(loop.files)
            ops += [op for op in loop.files if op.at_ms <= within]
        for op in ops:
            if op.content is None:
                files.pop(op.path, None)
            else:
                files[op.path] = op.content
        return files

    def written_between(self, after_ms: int, until_ms: int) -> list[FileOp]:
        """What it wrote and removed after `after_ms` until `until_ms`, in order, as files_at
        counts it: applied in turn to its files at `after_ms`, they give its files at
        `until_ms`. Of an endless loop's rounds in between, one whole round stands for all
        the whole ones (each writes the same files, and writing them again changes nothing)."""
        if until_ms <= after_ms:
            return []
        loop = self.loop
        before = until_ms if loop is None else min(until_ms, loop.start_ms - 1)
        ops = sorted(
            (op for op in self.files if after_ms < op.at_ms <= before), key=lambda op: op.at_ms
        )
        if loop is None or until_ms < loop.start_ms or not loop.files:
            return ops
        period = loop.period_ms
        first = max(0, (after_ms - loop.start_ms) // period - 1)
        last = (until_ms - loop.start_ms) // period
        rounds = sorted({k for k in (first, first + 1, last - 1, last) if first <= k <= last})
        for k in rounds:
            base = loop.start_ms + k * period
            ops += [
                FileOp(base + op.at_ms, op.path, op.content)
                for op in loop.files
                if after_ms < base + op.at_ms <= until_ms
            ]
        return ops

    def listening(self, port: int, at_ms: int) -> Server | None:
        for server in self.servers:
            if server.port == port and server.from_ms <= at_ms:
                return server
        return None


def _shift_server(server: Server, delta_ms: int) -> Server:
    routes = tuple(
        replace(
            r,
            from_ms=r.from_ms + delta_ms,
            until_ms=None if r.until_ms is None else r.until_ms + delta_ms,
        )
        for r in server.routes
    )
    return replace(server, from_ms=server.from_ms + delta_ms, routes=routes)
