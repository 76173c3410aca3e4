"""The rounds of a main process's outermost loops, on its network tape (see `tape`).

When a round of such a loop begins, the shell's state is checkpointed: its variables, the
files its script wrote or removed, what it has written of a line, its descriptors, and the
loop's own (the round before, to tell a repeat by, and its last status). A layout made again
goes on from the loop's latest checkpoint before its cutoff instead of running every round up
to it. Only a loop whose output goes to the log (or nowhere) is checkpointed: one whose output
a pipe or a file collects is run round by round.

Rounds found to repeat went, up to the cutoff, as the round they repeat: the shell goes on at
the cutoff with the state that round left, its stamps moved on (`later`). The runtime lays a
loop out again from the start of a round, so the cutoff is one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING, Any

from cluster.engine.node.process import Memory, Server, Stamp, Stop, Text, shift
from cluster.engine.node.tape import Checkpoint, Tape

if TYPE_CHECKING:
    from cluster.engine.node.shell import Shell, Sink


@dataclass(frozen=True, slots=True)
class RoundState:
    """What a shell has when a round begins; files as the script changed the container's."""

    vars: dict[str, Text]
    exported: frozenset[str]
    params: tuple[str, ...]
    cwd: str
    aliases: dict[str, str]
    functions: dict[str, str]
    written: dict[str, Text]  # the files the script wrote
    removed: tuple[str, ...]  # the container's files it removed
    partial: dict[str, tuple[str | Stamp, ...]]
    fds: dict[int, Sink]
    status: int
    line: int
    servers: tuple[Server, ...]
    memory: Memory | None
    stop: Stop | None
    previous: Any  # the loop's round before (None: none yet)
    loop_status: int  # the loop's status so far


def checkpointed(shell: Shell) -> bool:
    """Whether a loop beginning now is checkpointed: its output goes to the log or nowhere."""
    return all(sink[0] != "buf" for sink in shell.fds.values())


def begin(shell: Shell, tape: Tape, loop: int, previous: Any, status: int) -> tuple[Any, int]:
    """A round of outermost loop `loop` begins: the shell goes on from the loop's latest
    checkpoint instead, if the tape has one (and past it to the cutoff, if its rounds
    repeat); else this round is checkpointed. The loop's round before, and its status."""
    base = shell.context.network.at_ms
    found = tape.round(loop, base + shell.now, partial(capture, shell, previous, status))
    if found is None:
        return previous, status
    previous, status = restore(shell, found)
    if found.period_ms and found.at_ms < tape.cutoff_ms:
        later(shell, tape.cutoff_ms - found.at_ms, previous)  # the round they all repeat
        tape.round(loop, tape.cutoff_ms, partial(capture, shell, previous, status))
    return previous, status


def skipped(shell: Shell, loop: int | None, start_ms: int, iteration: tuple) -> bool:
    """The loop's rounds repeat `iteration` from the one that began at `start_ms`: whether
    they are history up to the layout's cutoff, and the shell has gone on to it."""
    tape = shell.context.network.tape
    if tape is None:
        return False
    base = shell.context.network.at_ms
    period_ms = iteration[0]
    if loop is not None:
        tape.repeats(loop, base + start_ms, period_ms)
    cutoff = tape.cutoff_ms - base
    if cutoff < start_ms + period_ms:  # the cutoff is in this round: the rest is new
        return False
    later(shell, cutoff - shell.now, iteration)
    return True


def capture(shell: Shell, previous: Any, status: int) -> RoundState:
    """What the shell has as a round begins, and the loop's round before and status."""
    given = shell.context.files
    return RoundState(
        dict(shell.vars),
        frozenset(shell.exported),
        tuple(shell.params),
        shell.cwd,
        dict(shell.aliases),
        dict(shell.functions),
        {path: value for path, value in shell.files.items() if given.get(path) != value},
        tuple(path for path in given if path not in shell.files),
        {stream: tuple(buffer) for stream, buffer in shell.partial.items()},
        dict(shell.fds),
        shell.status,
        shell.line,
        tuple(shell.servers),
        shell.memory,
        shell.stop,
        previous,
        status,
    )


def restore(shell: Shell, checkpoint: Checkpoint) -> tuple[Any, int]:
    """The shell as the checkpoint's round began, the container's files as they are now with
    the script's changes; the loop's round before and status."""
    state: RoundState = checkpoint.state
    shell.now = checkpoint.at_ms - shell.context.network.at_ms
    shell.vars = dict(state.vars)
    shell.exported = set(state.exported)
    shell.params = list(state.params)
    shell.cwd = state.cwd
    shell.aliases = dict(state.aliases)
    shell.functions = dict(state.functions)
    shell.files = {p: v for p, v in shell.context.files.items() if p not in state.removed}
    shell.files.update(state.written)
    shell.partial = {stream: list(buffer) for stream, buffer in state.partial.items()}
    shell.fds = dict(state.fds)
    shell.status, shell.line = state.status, state.line
    shell.servers = list(state.servers)
    shell.memory, shell.stop = state.memory, state.stop
    shell.resumed()
    return state.previous, state.loop_status


def later(shell: Shell, delta_ms: int, iteration: tuple) -> None:
    """Go on `delta_ms` later, past rounds that went as `iteration` and left the state as
    the last one did: the same values, their stamps taken that much later, and the lines
    they went on without ending (see Held) that many rounds longer."""
    shell.now += delta_ms
    shell.vars = {name: shift(value, -delta_ms) for name, value in shell.vars.items()}
    shell.files = {path: shift(value, -delta_ms) for path, value in shell.files.items()}
    for buffer in shell.partial.values():
        buffer[:] = shift(tuple(buffer), -delta_ms)
    rounds = delta_ms // iteration[0]
    for held in iteration[4]:
        buffer = shell.partial[held.stream]
        left = replace(held, first="".join(buffer)).left(rounds)
        buffer[:] = [left] if left else []
    shell.resumed()
