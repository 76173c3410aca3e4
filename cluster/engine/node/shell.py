"""A small shell that runs a container's commands ahead of time, in virtual time.

Given a script (`sh -c "..."`) or one command (`sleep 3600`), the shell works out the whole
life of the process: each line it writes and when, the files it writes and removes, when it
exits and with what code. A `while` loop whose iterations have become identical (same output,
same variables, same files) runs forever: it becomes a `Loop` that repeats without being run
again. Programs of the image (nginx, redis-server...) run through `resolve`, which gives
their `Process`; a server that never exits ends the script there.

A main process's questions to the network go through its tape (see `tape`): one it would
ask later than now ends its layout there (`Process.resume_ms`; a job in the background, only
its own), and a layout made again goes on from the checkpoints of its loops' rounds (see
shell_rounds).
"""

from __future__ import annotations

import contextlib
import posixpath
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import NoReturn

from cluster.engine.node import applets, expansions, shell_builtins, shell_rounds
from cluster.engine.node.applets import Forever, Halt
from cluster.engine.node.machine import Machine
from cluster.engine.node.network import Network
from cluster.engine.node.process import (
    LOG_LINE_MAX,
    PID_STEP,
    FileOp,
    Held,
    Line,
    Loop,
    Memory,
    Process,
    Server,
    Stamp,
    Stop,
    Text,
    join,
    render,
    shift,
    text,
)
from cluster.engine.node.shell_syntax import (
    AndOr,
    Command,
    For,
    Function,
    Group,
    If,
    Pipeline,
    Redirect,
    Sequence,
    ShellSyntaxError,
    Simple,
    While,
    parse,
)
from cluster.engine.node.tape import AHEAD_MS, Later
from cluster.engine.node.textutils import READ_ONLY
from cluster.engine.node.users import ROOT, User

STEPS_MAX = 20_000  # commands run before the rest of a long program is left unsimulated
FIELDS_PER_STEP = 16  # words expanded that cost as much as running one command
# what one process may hold and write (its words, output and files) before it runs out of
# memory: the simulation's host has many clusters to keep, and `X=$X$X` doubles forever
MEMORY_MAX = 16 * 1024 * 1024
HORIZON_MS = 7 * 24 * 3_600_000
# a program's argv, its stdin, and when in the shell's life it starts
Resolve = Callable[[list[str], str, int], Process | None]
Sink = tuple  # ("log", stream) | ("buf", list) | ("null",)


@dataclass(slots=True)
class Context:
    """What the process finds around it: its environment, files, names and clock."""

    env: dict[str, Text]
    files: dict[str, Text] = field(default_factory=dict)
    hostname: str = ""
    start_unix_ms: int = 0
    tools: str = "busybox"  # busybox or gnu: whose messages the commands print
    dialect: str = "ash"  # ash (busybox), dash (Debian's sh) or bash
    kernel: str = ""
    busybox: str = ""  # the busybox release of a busybox userland (applets change across them)
    cwd: str = "/"
    network: Network = field(default_factory=Network)  # what wget reaches
    user: User = ROOT  # whom the shell runs as
    mounts: tuple[tuple[str, bool], ...] = ()  # where each mount is, and if it is read-only
    pid: int = 1  # the process's id: a script's shell, or the one program it stands in for
    child_pid: int = 1 + PID_STEP  # the id a script's first child takes
    # what runs in the container, as `ps` lists it: id and command line (a script's shell
    # included; a program it runs is a child, the next id on)
    processes: tuple[tuple[int, str], ...] = ()
    machine: Machine = field(default_factory=Machine)  # what ip, df, free, which... read


@dataclass(slots=True)
class _Mark:
    now: int
    lines: int
    files: int
    partial: dict[str, tuple[str | Stamp, ...]]  # the lines begun and not yet ended
    asked: int  # the entries of the main process's tape by then


class Shell:
    def __init__(self, context: Context, resolve: Resolve, name: str = "sh") -> None:
        self.context = context
        self.resolve = resolve
        self.name = name
        self.vars: dict[str, Text] = dict(context.env)
        self.exported: set[str] = set(context.env)
        self.params: list[str] = []
        self.cwd = context.cwd
        self.aliases: dict[str, str] = {}
        self.functions: dict[str, str] = {}  # name: the source of its body
        self.expanding: set[str] = set()  # the aliases being expanded
        self.files: dict[str, Text] = dict(context.files)
        self.now = 0
        self.status = 0
        self.exited = False  # the shell itself ended (`exit`, `exec`), not only its script
        self.interactive = False  # reading a terminal's lines (its messages say no line)
        self.line = 1  # the number of the line being run (dash's messages say it)
        self.steps = 0
        self.produced = 0  # bytes written so far, towards MEMORY_MAX
        self.lines: list[Line] = []
        self.file_ops: list[FileOp] = []
        self.servers: list[Server] = []
        self.memory: Memory | None = None
        self.stop: Stop | None = None  # the stop behaviour of a program this shell `exec`s
        self.fds: dict[int, Sink] = {1: ("log", "stdout"), 2: ("log", "stderr")}
        self.partial: dict[str, list[str | Stamp]] = {"stdout": [], "stderr": []}
        self.held_ms: dict[str, int] = {}  # when each stream's line last got more
        self.depth = 0  # the loops being run, one inside another
        self.horizon_ms = HORIZON_MS  # how far the layout goes before it gives up
        # the first question a job in the background (or the script) asks later than now,
        # where the process's layout stops (in the main process's time: see tape)
        self.asks_ms: int | None = None

    # -- entry points -----------------------------------------------------------------------

    def run_script(self, script: str, params: list[str] | None = None) -> Process:
        """`sh -c script`: parse it, then run it to its end (or forever). Without `params`
        the positional parameters stay as they are (a session's next line)."""
        if params is not None:
            self.params = params
        try:
            tree = parse(script)
        except ShellSyntaxError as error:
            self.err(f"{error}\n")
            return self._finish(lambda: 2)
        return self._finish(lambda: self.run_sequence(tree))

    def run_argv(self, argv: list[str], stdin: str | None = None) -> Process:
        """One command as the container's process (`sleep 3600`, `echo hi`), or an exec's
        command with what it reads on stdin."""
        given = None if stdin is None else text(stdin)
        return self._finish(lambda: self.run_words([text(a) for a in argv], given))

    def run_program(
        self, command: applets.Command, argv: list[str], stdin: str | None = None
    ) -> Process:
        """A program of the image written as a command of this shell (bind's dig, host and
        nslookup), run as the one command of the process."""
        given = None if stdin is None else text(stdin)
        return self._finish(lambda: command(self, argv, [text(a) for a in argv], given))

    def _finish(self, body: Callable[[], int]) -> Process:
        loop: Loop | None = None
        exit_ms: int | None = None
        try:
            self.status = body()
            exit_ms = self.now
        except Halt as halt:
            self.status, self.exited, exit_ms = halt.status, True, self.now
        except shell_builtins.Return as returned:  # `return` outside a function ends the script
            self.status, exit_ms = returned.status, self.now
        except Forever as forever:
            loop = forever.loop
        except Later as later:
            self._asks_later(later.at_ms)
        if exit_ms is not None:
            self._flush()
        return Process(
            lines=tuple(self.lines),
            files=tuple(self.file_ops),
            servers=tuple(self.servers),
            loop=loop,
            exit_ms=exit_ms,
            exit_code=self.status,
            stop=self.stop,
            memory=self.memory,
            resume_ms=None if self.asks_ms is None else self.asks_ms - self.context.network.at_ms,
        )

    def _asks_later(self, at_ms: int) -> None:
        """A job asks the network at `at_ms`, later than now: the layout stops there."""
        self.asks_ms = at_ms if self.asks_ms is None else min(self.asks_ms, at_ms)

    # -- output ------------------------------------------------------------------------------

    def out(self, value: str | Text) -> None:
        self.write(1, text(value) if isinstance(value, str) else value)

    def err(self, value: str) -> None:
        self.write(2, text(value))

    def write(self, fd: int, data: Text) -> None:
        self._produce(data)
        sink = self.fds.get(fd, ("null",))
        if sink[0] == "log":
            self._log(sink[1], data)
        elif sink[0] == "buf":
            sink[1].append(data)

    def _log(self, stream: str, data: Text) -> None:
        for part in data:
            if isinstance(part, Stamp) or "\n" not in part:
                self._hold(stream, part)
                continue
            *complete, rest = part.split("\n")
            for piece in complete:
                self.partial[stream].append(piece)
                self._emit(stream)
            if rest:
                self._hold(stream, rest)

    def _hold(self, stream: str, part: str | Stamp) -> None:
        """Output that ends no line yet: kept to go on, but what reaches LOG_LINE_MAX goes
        to the log as a part of its line, as containerd writes it."""
        buffer = self.partial[stream]
        self.held_ms[stream] = self.now
        if isinstance(part, str) and buffer and isinstance(buffer[-1], str):
            buffer[-1] += part  # one piece, not one per write: a loop may write thousands
        else:
            buffer.append(part)
        if isinstance(part, Stamp) or len(buffer[-1]) < LOG_LINE_MAX or len(buffer) > 1:
            return
        whole = buffer[-1]
        while len(whole) >= LOG_LINE_MAX:
            buffer[-1] = whole[:LOG_LINE_MAX]
            self._emit(stream, "")
            whole = whole[LOG_LINE_MAX:]
            buffer.append(whole)
        if not whole:
            buffer.clear()

    def _emit(self, stream: str, end: str = "\n") -> None:
        buffer = self.partial[stream]
        self.lines.append(Line(self.now, shift(join(tuple(buffer)), self.now), stream, end))
        buffer.clear()

    def _flush(self) -> None:
        """The output left without a newline at the end: a line of its own that ends none."""
        for stream, buffer in self.partial.items():
            if buffer:
                self._emit(stream, "")

    def plain(self, value: Text) -> str:
        """A value as a string now (stamps rendered at the time they were taken)."""
        return render(value, self.context.start_unix_ms)

    def file_text(self, path: str) -> str:
        """A file's content as it is now ("" for none)."""
        return self.plain(self.files.get(path, ()))

    def pod_network(self) -> Network:
        """What the process reaches, its names looked up in /etc/hosts and with
        /etc/resolv.conf as those files are now."""
        network = self.context.network
        return replace(
            network,
            hosts=self.file_text("/etc/hosts"),
            resolv_conf=self.file_text("/etc/resolv.conf"),
            at_ms=network.at_ms + self.now,
        )

    # -- time and files ------------------------------------------------------------------------

    def sleep(self, ms: int) -> None:
        self.now += ms
        if self.now > self.horizon_ms:
            raise Forever()

    def block(self) -> NoReturn:
        """The program waits from here on, forever."""
        raise Forever()

    def resumed(self) -> None:
        """The layout goes on from `now` (past rounds it did not run): HORIZON_MS from here."""
        self.horizon_ms = self.now + HORIZON_MS

    def write_file(self, path: str, content: Text) -> None:
        self._produce(content)
        self.files[path] = content
        self.file_ops.append(FileOp(self.now, path, shift(content, self.now)))

    def _work(self, steps: int) -> None:
        """Count work done; past STEPS_MAX the rest of the program is left unsimulated."""
        self.steps += steps
        if self.steps > STEPS_MAX:
            raise Forever()

    def _produce(self, data: Text) -> None:
        """Count what is written; past MEMORY_MAX the kernel kills the process (SIGKILL)."""
        self.produced += _size(data)
        if self.produced > MEMORY_MAX:
            raise OutOfMemory(SIGKILL_STATUS)

    def read_only(self, path: str) -> bool:
        """Whether `path` lies on a read-only mount: the innermost mount that holds it."""
        found, read_only = "", False
        for at, flag in self.context.mounts:
            inside = path == at or path.startswith(at.rstrip("/") + "/")
            if inside and len(at) > len(found):
                found, read_only = at, flag
        return read_only

    def remove_file(self, path: str) -> None:
        self.files.pop(path, None)
        self.file_ops.append(FileOp(self.now, path, None))

    def run_process(self, process: Process) -> int:
        """Run a program of the image from now: its output joins ours; a server blocks."""
        started = process.shifted(self.now)
        self.lines += started.lines
        self.file_ops += started.files
        self.servers += started.servers
        self.memory = started.memory or self.memory
        if started.resume_ms is not None:  # it, or a job it left behind, asks later
            self._asks_later(self.context.network.at_ms + started.resume_ms)
            if started.exit_ms is None:
                raise Later(self.context.network.at_ms + started.resume_ms)
        if started.exit_ms is None:
            raise Forever(started.loop)
        self.now = started.exit_ms
        return started.exit_code

    # -- the grammar, run --------------------------------------------------------------------

    def run_sequence(self, sequence: Sequence) -> int:
        for command, background in sequence.items:
            if background:
                self._background(command)
            else:
                self.status = self.run_and_or(command)
        return self.status

    def _background(self, command: AndOr) -> None:
        """`cmd &`: it runs alongside; the script goes on at once. A question it asks later
        than now ends its layout there, not the script's."""
        now = self.now
        try:
            with contextlib.suppress(Forever):
                self.run_and_or(command)
        except Later as later:
            self._asks_later(later.at_ms)
        self.now, self.status = now, 0

    def run_and_or(self, node: AndOr) -> int:
        status = self.run_pipeline(node.first)
        for op, pipeline in node.rest:
            if (op == "&&") == (status == 0):
                status = self.run_pipeline(pipeline)
        return status

    def run_pipeline(self, node: Pipeline) -> int:
        stdin: Text | None = None
        for command in node.commands[:-1]:
            captured: list[Text] = []
            saved = self.fds[1]
            self.fds[1] = ("buf", captured)
            try:
                self.run_command(command, stdin)
            finally:
                self.fds[1] = saved
            stdin = join(*captured)
        status = self.run_command(node.commands[-1], stdin)
        return int(not status) if node.negate else status

    def run_command(self, command: Command, stdin: Text | None) -> int:
        self._work(1)
        if isinstance(command, Simple):
            return self.run_simple(command, stdin)
        if isinstance(command, While):
            return self.run_while(command)
        if isinstance(command, For):
            return self.run_for(command)
        if isinstance(command, If):
            return self.run_if(command)
        if isinstance(command, Function):
            self.functions[command.name] = command.source
            return 0
        return self.run_group(command)

    def run_group(self, node: Group) -> int:
        if not node.subshell:
            return self.run_sequence(node.body)
        with self.subshell():
            try:
                return self.run_sequence(node.body)
            except Halt as halt:
                return halt.status

    def run_if(self, node: If) -> int:
        for condition, body in node.branches:
            if self.run_sequence(condition) == 0:
                return self.run_sequence(body)
        return self.run_sequence(node.otherwise) if node.otherwise else 0

    def run_for(self, node: For) -> int:
        words = (
            [text(p) for p in self.params]
            if node.words is None
            else [w for raw in node.words for w in self.expand(raw)]
        )
        status = 0
        for word in words:
            self.vars[node.name] = word
            status = self.run_sequence(node.body)
        return status

    def run_while(self, node: While) -> int:
        """Run the loop; once two iterations in a row are the same, it is a `Loop` forever
        (unless those rounds are history to a layout made again: see shell_rounds)."""
        tape = self.context.network.tape
        outermost = not self.depth and shell_rounds.checkpointed(self)
        loop = tape.begin_loop() if tape is not None and outermost else None
        previous: tuple | None = None
        status = 0
        self.depth += 1
        try:
            while True:
                if tape is not None and loop is not None:
                    previous, status = shell_rounds.begin(self, tape, loop, previous, status)
                mark = self._mark()
                if (self.run_sequence(node.condition) == 0) == node.until:
                    return status
                status = self.run_sequence(node.body)
                self.now = max(self.now, mark.now + 1)  # an iteration takes some time
                iteration = self._iteration(mark)
                if self._repeats(iteration, previous, mark):
                    del self.lines[mark.lines :]
                    del self.file_ops[mark.files :]
                    if shell_rounds.skipped(self, loop, mark.now, iteration):
                        continue
                    raise Forever(self._loop(mark, iteration))
                previous = iteration
        finally:
            self.depth -= 1

    def _mark(self) -> _Mark:
        tape = self.context.network.tape
        asked = 0 if tape is None else len(tape.entries)
        partial = {stream: tuple(buffer) for stream, buffer in self.partial.items()}
        return _Mark(self.now, len(self.lines), len(self.file_ops), partial, asked)

    def _repeats(self, iteration: tuple, previous: tuple | None, mark: _Mark) -> bool:
        """Whether the round went as the one before, and so will every round after: not if
        an answer it got came by chance, unless it is too short to be asked apart."""
        tape = self.context.network.tape
        if iteration != previous:
            return False
        return tape is None or iteration[0] < AHEAD_MS or not tape.by_chance(mark.asked)

    def _state(self, held: dict[str, Held]) -> tuple:
        now = self.now
        variables = tuple((k, shift(v, now)) for k, v in self.vars.items())
        files = tuple((k, shift(v, now)) for k, v in self.files.items())
        partial = tuple(tuple(b) for stream, b in self.partial.items() if stream not in held)
        return variables, files, partial, self.cwd

    def _iteration(self, mark: _Mark) -> tuple:
        """What one iteration did, relative to its start, and the state it left. Of a line
        it went on and did not end, what it added stands for the line (see Held): else a
        loop writing `OK!` each round would never repeat."""
        held = self._held(mark)
        lines = tuple(
            Line(line.at_ms - mark.now, line.text, line.stream, line.end)
            for line in self.lines[mark.lines :]
            if line.stream not in held
        )
        files = tuple(
            FileOp(op.at_ms - mark.now, op.path, op.content) for op in self.file_ops[mark.files :]
        )
        return self.now - mark.now, lines, files, self._state(held), tuple(held.values())

    def _held(self, mark: _Mark) -> dict[str, Held]:
        """The lines the round added text to and ended none of: what it added, by stream."""
        found = {}
        for stream, buffer in self.partial.items():
            logged = [ln for ln in self.lines[mark.lines :] if ln.stream == stream]
            if any(ln.end for ln in logged):
                continue
            pieces = (*mark.partial[stream], *(p for ln in logged for p in ln.text), *buffer)
            if not all(isinstance(piece, str) for piece in pieces):
                continue  # a stamp: each round's differs
            first = "".join(mark.partial[stream])  # type: ignore[arg-type]
            written = "".join(pieces[len(mark.partial[stream]) :])  # type: ignore[arg-type]
            if len(written) > len(first):
                added = written[len(first) :]
                found[stream] = Held(stream, self.held_ms[stream] - mark.now, added)
        return found

    def _loop(self, mark: _Mark, iteration: tuple) -> Loop:
        """The rounds from `mark` on, found to repeat `iteration`."""
        period, lines, files, _, held = iteration
        held = tuple(replace(h, first="".join(mark.partial[h.stream])) for h in held)
        return Loop(mark.now, period, lines, files, held)

    # -- simple commands ---------------------------------------------------------------------

    def run_simple(self, node: Simple, stdin: Text | None) -> int:
        if node.words and node.words[0] in self.aliases and node.words[0] not in self.expanding:
            return self._run_alias(node, stdin)
        words = [field for raw in node.words for field in self.expand(raw)]
        assigns = [(name, self.expand_one(raw)) for name, raw in node.assigns]
        if not words:
            for name, value in assigns:
                self.vars[name] = value
            return self.with_redirects(node.redirects, stdin, lambda _: 0)
        for name, value in assigns:  # for this command's environment only: good enough
            self.vars[name] = value
        return self.with_redirects(node.redirects, stdin, lambda s: self.run_words(words, s))

    def _run_alias(self, node: Simple, stdin: Text | None) -> int:
        """An alias' value in place of the command's first word (and not again inside it)."""
        name = node.words[0]
        assigns = (f"{n}={raw}" for n, raw in node.assigns)
        script = " ".join((*assigns, self.aliases[name], *node.words[1:]))
        self.expanding.add(name)
        try:
            tree = parse(script)
            return self.with_redirects(node.redirects, stdin, lambda _: self.run_sequence(tree))
        except ShellSyntaxError as error:
            self.err(f"{error}\n")
            return 2
        finally:
            self.expanding.discard(name)

    def call(self, name: str, args: list[str]) -> int:
        """A function: its body, with the arguments as positional parameters meanwhile."""
        body = parse(self.functions[name])
        saved, self.params = self.params, args
        try:
            return self.run_sequence(body)
        except shell_builtins.Return as returned:
            return returned.status
        finally:
            self.params = saved

    def run_words(self, words: list[Text], stdin: Text | None) -> int:
        argv = [self.plain(w) for w in words]
        if argv[0] in self.functions:
            return self.call(argv[0], argv[1:])
        base = argv[0].rsplit("/", 1)[-1]
        command = (
            shell_builtins.BUILTINS.get(argv[0])
            or applets.BUILTINS.get(argv[0])
            or (applets.APPLETS.get(base) if applets.has(self.context.tools, base) else None)
        )
        if command is not None:
            return command(self, argv, words, stdin)
        process = self.resolve(argv, "" if stdin is None else self.plain(stdin), self.now)
        if process is None:
            self.err(self.not_found(argv[0]))
            return 127
        return self.run_process(process)

    def not_found(self, name: str, builtin: str = "") -> str:
        """The shell's words for a command it finds nowhere (`builtin`: the one that
        looked, `exec`)."""
        by = f"{builtin}: " if builtin else ""
        if self.context.dialect == "bash":
            where = "" if self.interactive else f"line {self.line}: "
            return f"{self.name}: {where}{by}{name}: {'not found' if by else 'command not found'}\n"
        if self.context.dialect == "dash":
            return f"{self.name}: {self.line}: {by}{name}: not found\n"
        if by:
            return f"{self.name}: {by}line {self.line}: {name}: not found\n"
        return f"{self.name}: {name}: not found\n"

    def with_redirects(
        self, redirects: tuple[Redirect, ...], stdin: Text | None, run: Callable[[Text | None], int]
    ) -> int:
        saved = dict(self.fds)
        targets: list[tuple[str, bool, list[Text]]] = []
        try:
            for redirect in redirects:
                stdin = self._redirect(redirect, stdin, targets)
            return run(stdin)
        except _RedirectError:
            return 2 if self.context.dialect == "dash" else 1
        finally:
            self.fds = saved
            for path, append, captured in targets:
                before = self.files.get(path, ()) if append else ()
                self.write_file(path, join(before, *captured))

    def _redirect(
        self, redirect: Redirect, stdin: Text | None, targets: list[tuple[str, bool, list[Text]]]
    ) -> Text | None:
        target = self.plain(self.expand_one(redirect.target))
        if redirect.op == ">&":
            self.fds[redirect.fd] = self.fds.get(int(target) if target.isdigit() else 1, ("null",))
            return stdin
        given, target = target, self.path(target)
        if redirect.op == "<":
            if target not in self.files:
                self.err(f"{self.name}: can't open '{given}': No such file or directory\n")
                raise _RedirectError
            return self.files[target]
        if target == "/dev/null":
            self.fds[redirect.fd] = ("null",)
        elif target in ("/dev/stdout", "/dev/stderr", "/proc/1/fd/1", "/proc/1/fd/2"):
            self.fds[redirect.fd] = ("log", "stderr" if target.endswith(("err", "2")) else "stdout")
        elif self.read_only(target):
            self.err(self._cannot_create(given, READ_ONLY))
            raise _RedirectError
        else:
            captured: list[Text] = []
            self.fds[redirect.fd] = ("buf", captured)
            targets.append((target, redirect.op == ">>", captured))
        return stdin

    def _cannot_create(self, given: str, reason: str) -> str:
        """The shell's word for a file it cannot open to write: ash's, dash's or bash's."""
        if self.context.dialect == "dash":
            return f"{self.name}: {self.line}: cannot create {given}: {reason}\n"
        if self.context.dialect == "bash":
            where = "" if self.interactive else f"line {self.line}: "
            return f"{self.name}: {where}{given}: {reason}\n"
        return f"{self.name}: can't create {given}: {reason}\n"

    # -- expansion -----------------------------------------------------------------------------

    def expand(self, raw: str) -> list[Text]:
        """A word's fields after expansion and field splitting."""
        if raw == '"$@"':
            return [text(p) for p in self.params]
        fields: list[Text] = []
        current: list[Text] = []
        present = False
        for value, splittable in self._segments(raw):
            if not splittable:
                current.append(value)
                present = True
                continue
            for index, piece in enumerate(_split(value)):
                if index:
                    if present or current:
                        fields.append(join(*current))
                    current, present = [], False
                if piece:
                    current.append(piece)
                    present = True
        if present or current:
            fields.append(join(*current))
        self._work(len(fields) // FIELDS_PER_STEP)
        return fields

    def expand_one(self, raw: str) -> Text:
        """A word expanded without field splitting (assignments, redirection targets)."""
        return join(*(value for value, _ in self._segments(raw)))

    def _segments(self, raw: str) -> list[tuple[Text, bool]]:
        segments: list[tuple[Text, bool]] = []
        i = 0
        while i < len(raw):
            char = raw[i]
            if char == "'":
                end = raw.index("'", i + 1)
                segments.append((text(raw[i + 1 : end]), False))
                i = end + 1
            elif char == '"':
                value, i = self._double_quoted(raw, i + 1)
                segments.append((value, False))
            elif char == "\\":
                segments.append((text(raw[i + 1 : i + 2]), False))
                i += 2
            elif char in "$`":
                value, i = self._dollar(raw, i)
                segments.append((value, True))
            else:
                j = i
                while j < len(raw) and raw[j] not in "'\"\\$`":
                    j += 1
                segments.append((text(raw[i:j]), False))
                i = j
        if sum(_size(value) for value, _ in segments) > MEMORY_MAX:
            raise OutOfMemory(SIGKILL_STATUS)
        return segments

    def _double_quoted(self, raw: str, i: int) -> tuple[Text, int]:
        parts: list[Text] = []
        while i < len(raw) and raw[i] != '"':
            if raw[i] == "\\" and raw[i + 1 : i + 2] in ('"', "\\", "$", "`"):
                parts.append(text(raw[i + 1]))
                i += 2
            elif raw[i] in "$`":
                value, i = self._dollar(raw, i)
                parts.append(value)
            else:
                parts.append(text(raw[i]))
                i += 1
        return join(*parts), i + 1

    def _dollar(self, raw: str, i: int) -> tuple[Text, int]:
        return expansions.dollar(self, raw, i)

    def substitute(self, script: str) -> Text:
        """$(...): run in a subshell, its output without trailing newlines."""
        captured: list[Text] = []
        saved_fd = self.fds[1]
        self.fds[1] = ("buf", captured)
        try:
            with self.subshell():
                self.run_sequence(parse(script))
        except Halt:
            pass
        except ShellSyntaxError as error:
            self.err(f"{error}\n")
        finally:
            self.fds[1] = saved_fd
        return _strip_newlines(join(*captured))

    @contextlib.contextmanager
    def subshell(self) -> Iterator[None]:
        """What a subshell changes of the shell's own state stays in the subshell."""
        saved = (dict(self.vars), set(self.exported), self.cwd, dict(self.aliases))
        functions = dict(self.functions)
        try:
            yield
        finally:
            self.vars, self.exported, self.cwd, self.aliases = saved
            self.functions = functions

    def path(self, name: str) -> str:
        """A path as the shell's working directory makes it absolute."""
        found = posixpath.normpath(posixpath.join(self.cwd, name)) if name else self.cwd
        return "/" + found.lstrip("/")


class _RedirectError(Exception):
    pass


def _split(value: Text) -> list[Text]:
    """Field splitting on blanks: the pieces between runs of whitespace (stamps never split)."""
    pieces: list[list[str | Stamp]] = [[]]
    for part in value:
        if isinstance(part, Stamp):
            pieces[-1].append(part)
            continue
        words = part.split()
        if part[:1].isspace():
            pieces.append([])
        for index, word in enumerate(words):
            if index:
                pieces.append([])
            pieces[-1].append(word)
        if part[-1:].isspace() and words:
            pieces.append([])
    return [join(tuple(p)) for p in pieces]


def _strip_newlines(value: Text) -> Text:
    parts = list(value)
    while parts and isinstance(parts[-1], str) and parts[-1].endswith("\n"):
        parts[-1] = parts[-1].rstrip("\n")
        if not parts[-1]:
            parts.pop()
    return tuple(parts)


SIGKILL_STATUS = 137


class OutOfMemory(Halt):
    """The process outgrew what it may hold: killed, as the OOM killer kills it."""


def _size(value: Text) -> int:
    return sum(len(part) for part in value if isinstance(part, str))
