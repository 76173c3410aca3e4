"""The commands the shell runs itself: its builtins, and the utilities every image here has
(busybox applets, or Debian's coreutils with their own messages). Each takes the shell, the
arguments (as strings and as expanded words) and what is piped in, and returns its status."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from cluster.engine.node.awk import AWK
from cluster.engine.node.durations import busybox_ms
from cluster.engine.node.free import free
from cluster.engine.node.hostname import hostname
from cluster.engine.node.http_clients import wget
from cluster.engine.node.mounts import df, mount
from cluster.engine.node.netcat import nc
from cluster.engine.node.netinfo import ifconfig, ip, netstat
from cluster.engine.node.nslookup import nslookup
from cluster.engine.node.ping import ping
from cluster.engine.node.process import Line, Loop, Stamp, Text, join, text
from cluster.engine.node.sed import SED
from cluster.engine.node.shell_syntax import ShellSyntaxError, parse
from cluster.engine.node.tar import tar
from cluster.engine.node.textutils import TOOLS, content, missing, parsed_options, refused
from cluster.engine.node.which import which

if TYPE_CHECKING:
    from cluster.engine.node.shell import Shell

Command = Callable[["Shell", list[str], list[Text], "Text | None"], int]
DATE_FORMAT = "%a %b %e %H:%M:%S %Z %Y"
KNOWN_DIRS = (
    "/",
    "/bin",
    "/dev",
    "/etc",
    "/home",
    "/lib",
    "/proc",
    "/root",
    "/sys",
    "/tmp",
    "/usr",
    "/usr/bin",
    "/usr/lib",
    "/usr/local",
    "/usr/sbin",
    "/usr/share",
    "/var",
    "/var/log",
    "/var/tmp",
)
YES_LINES = 8192  # what `yes` writes into a pipe: more than any reader here takes
YES_BYTES = 64 * 1024  # a pipe's buffer
SIGPIPE_STATUS = 141


class Halt(Exception):
    """`exit`, or the end of the script."""

    def __init__(self, status: int) -> None:
        self.status = status


class Forever(Exception):
    """The process blocks from here on: a server, `sleep infinity`, an endless loop."""

    def __init__(self, loop: Loop | None = None) -> None:
        self.loop = loop


# -- builtins -------------------------------------------------------------------------------


def echo(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    args, newline, escapes = words[1:], True, False
    while args and re.fullmatch(r"-[neE]+", shell.plain(args[0])):
        flag = shell.plain(args[0])
        newline = newline and "n" not in flag
        escapes = "e" in flag
        args = args[1:]
    pieces: list[Text] = []
    for index, word in enumerate(args):
        pieces += [text(" ")] if index else []
        pieces.append(_escapes(word) if escapes else word)
    shell.out(join(*pieces, text("\n" if newline else "")))
    return 0


def _escapes(word: Text) -> Text:
    table = {"\\n": "\n", "\\t": "\t", "\\\\": "\\", "\\e": "\x1b"}
    return tuple(
        re.sub(r"\\[nt\\e]", lambda m: table[m.group()], p) if isinstance(p, str) else p
        for p in word
    )


def printf(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    if len(argv) < 2:
        shell.err("printf: usage: printf FORMAT [ARGUMENT...]\n")
        return 1
    fmt, args = argv[1].replace("\\n", "\n").replace("\\t", "\t"), argv[2:]
    slots = len(re.findall(r"%[sd]", fmt))
    while True:
        chunk, args = args[:slots], args[slots:]
        shell.out(_format(fmt, iter(chunk)))
        if not args or not slots:
            return 0


def _format(fmt: str, values: Iterator[str]) -> str:
    return re.sub(r"%[sd%]", lambda m: "%" if m.group() == "%%" else next(values, ""), fmt)


def exit_(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    raise Halt(
        int(argv[1]) % 256 if len(argv) > 1 and argv[1].lstrip("-").isdigit() else shell.status
    )


def exec_(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    """The shell becomes the command: how it answers signals is now that program's way."""
    if len(argv) < 2:
        return 0
    command = BUILTINS.get(argv[1]) or APPLETS.get(argv[1].rsplit("/", 1)[-1])
    given = "" if stdin is None else shell.plain(stdin)
    program = None if command else shell.resolve(argv[1:], given, shell.now)
    if program is not None:
        shell.stop = program.stop
        raise Halt(shell.run_process(program))
    if command is None:  # no function, no builtin: a program, and there is none
        shell.err(shell.not_found(argv[1], "exec"))
        raise Halt(127)
    raise Halt(shell.run_words(words[1:], stdin))


def export(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    for word in words[1:]:
        name, equals, _ = shell.plain(word).partition("=")
        if equals:
            shell.vars[name] = _after_equals(word)
        shell.exported.add(name)
    return 0


def _after_equals(word: Text) -> Text:
    head, *rest = word
    assert isinstance(head, str)
    return join(text(head.partition("=")[2]), tuple(rest))


def unset(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    for name in argv[1:]:
        shell.vars.pop(name, None)
        shell.exported.discard(name)
    return 0


def shift_(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    shell.params = shell.params[int(argv[1]) if len(argv) > 1 else 1 :]
    return 0


def eval_(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    try:
        return shell.run_sequence(parse(" ".join(argv[1:])))
    except ShellSyntaxError as error:
        shell.err(f"{error}\n")
        return 2


def test(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    args = argv[1:]
    if argv[0] == "[":
        if not args or args[-1] != "]":
            shell.err(f"{shell.name}: missing ]\n")
            return 2
        args = args[:-1]
    try:
        return 0 if _test(shell, args) else 1
    except ValueError as error:
        shell.err(f"{shell.name}: {error}\n")
        return 2


def _test(shell: Shell, args: list[str]) -> bool:
    if not args:
        return False
    if args[0] == "!":
        return not _test(shell, args[1:])
    for joiner in ("-o", "-a"):
        if joiner in args:
            at = args.index(joiner)
            left, right = _test(shell, args[:at]), _test(shell, args[at + 1 :])
            return (left or right) if joiner == "-o" else (left and right)
    if len(args) == 1:
        return args[0] != ""
    if len(args) == 2:
        return _unary(shell, *args)
    left, op, right = args[:3]
    if op in ("=", "=="):
        return left == right
    if op == "!=":
        return left != right
    numbers = {
        "-eq": operator.eq,
        "-ne": operator.ne,
        "-lt": operator.lt,
        "-le": operator.le,
        "-gt": operator.gt,
        "-ge": operator.ge,
    }
    if op in numbers:
        try:
            a, b = int(left), int(right)
        except ValueError:
            bad = right if left.lstrip("-").isdigit() else left
            raise ValueError(f"bad number '{bad}'") from None
        return numbers[op](a, b)
    raise ValueError(f"unknown operand '{op}'")


def _unary(shell: Shell, op: str, operand: str) -> bool:
    if op == "-z":
        return operand == ""
    if op == "-n":
        return operand != ""
    path = shell.path(operand)
    if op in ("-f", "-e", "-r", "-s"):
        found = path in shell.files or (op == "-e" and is_dir(shell, path))
        return found and (op != "-s" or bool(shell.plain(shell.files.get(path, ()))))
    if op == "-d":
        return is_dir(shell, path)
    raise ValueError(f"unknown operand '{op}'")


def is_dir(shell: Shell, path: str) -> bool:
    """Whether an absolute path is a directory: one every image has, one holding files, or
    a mount point that is no file (an empty volume is an empty directory) or holds one."""
    path = path.rstrip("/") or "/"
    if path in KNOWN_DIRS or any(f.startswith(path + "/") for f in shell.files):
        return True
    return any(
        (at == path and at not in shell.files) or at.startswith(path + "/")
        for at, _ in shell.context.mounts
    )


def true(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    return 0


def false(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    return 1


def read(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    return 1  # a container's stdin is empty


# -- utilities ------------------------------------------------------------------------------


def sleep(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    if len(argv) < 2:
        shell.err("sleep: missing operand\n")
        return 1
    total = 0
    for arg in argv[1:]:
        if arg in ("infinity", "inf"):
            raise Forever()
        ms = busybox_ms(arg)
        if ms is None:
            invalid = "invalid time interval" if shell.context.tools == "gnu" else "invalid number"
            shell.err(f"sleep: {invalid} '{arg}'\n")
            return 1
        total += ms
    shell.sleep(total)
    return 0


def usleep(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    """busybox's usleep N: N microseconds (xatou's number: digits only)."""
    if len(argv) < 2:
        shell.err("Usage: usleep N\n\nPause for N microseconds\n")
        return 1
    if not (argv[1].isascii() and argv[1].isdigit()):
        shell.err(f"usleep: invalid number '{argv[1]}'\n")
        return 1
    shell.sleep(int(argv[1]) // 1000)
    return 0


def cat(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    status = 0
    for path in argv[1:] or ["-"]:
        if path == "-":
            shell.out(stdin or ())
        elif shell.path(path) in shell.files:
            shell.out(shell.files[shell.path(path)])
        elif shell.path(path) != "/dev/null":
            shell.err(f"cat: {missing(shell, path, 'open')}\n")
            status = 1
    return status


def env(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    names = [n for n in shell.vars if n in shell.exported]
    if argv[0] == "printenv" and len(argv) > 1:
        found = [n for n in argv[1:] if n in names]
        for name in found:
            shell.out(join(shell.vars[name], text("\n")))
        return 0 if len(found) == len(argv) - 1 else 1
    for name in names:
        shell.out(join(text(f"{name}="), shell.vars[name], text("\n")))
    return 0


def date(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    fmt = next((a[1:] for a in argv[1:] if a.startswith("+")), DATE_FORMAT)
    shell.out((Stamp(fmt, shell.now), "\n"))
    return 0


def touch(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    status = 0
    for given in (a for a in argv[1:] if not a.startswith("-")):
        path = shell.path(given)
        if shell.read_only(path):
            shell.err(f"touch: {refused(shell, given, 'touch')}\n")
            status = 1
        elif path not in shell.files:
            shell.write_file(path, ())
    return status


def rm(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    force = any(a.startswith("-") and "f" in a for a in argv[1:])
    status = 0
    for path in (a for a in argv[1:] if not a.startswith("-")):
        if shell.path(path) in shell.files and shell.read_only(shell.path(path)):
            shell.err(f"rm: {refused(shell, path, 'remove')}\n")
            status = 1
        elif shell.path(path) in shell.files:
            shell.remove_file(shell.path(path))
        elif not force:
            shell.err(f"rm: {missing(shell, path, 'remove')}\n")
            status = 1
    return status


def mkdir(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    """Directories are not kept; one on a read-only mount is refused."""
    status = 0
    for given in (a for a in argv[1:] if not a.startswith("-")):
        if shell.read_only(shell.path(given)):
            shell.err(f"mkdir: {refused(shell, given, 'create directory')}\n")
            status = 1
    return status


def ls(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    status = 0
    for path in [a for a in argv[1:] if not a.startswith("-")] or ["."]:
        found = shell.path(path)
        if found in shell.files:
            shell.out(f"{path}\n")
        elif is_dir(shell, found):
            prefix = found.rstrip("/") + "/"
            mounts = (at for at, _ in shell.context.mounts)
            inside = (f for f in (*shell.files, *KNOWN_DIRS, *mounts) if f.startswith(prefix))
            names = sorted({f[len(prefix) :].split("/")[0] for f in inside} - {""})
            shell.out("".join(f"{n}\n" for n in names))
        else:
            shell.err(f"ls: {missing(shell, path, 'access')}\n")
            status = 2 if shell.context.tools == "gnu" else 1
    return status


def seq(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    try:
        numbers = [int(a) for a in argv[1:4]]
    except ValueError:
        shell.err(f"seq: invalid number '{argv[1]}'\n")
        return 1
    first, step, last = {1: (1, 1, numbers[0]), 2: (numbers[0], 1, numbers[-1])}.get(
        len(numbers), tuple(numbers) if len(numbers) == 3 else (1, 1, 0)
    )
    shell.out("".join(f"{n}\n" for n in range(first, last + (1 if step > 0 else -1), step or 1)))
    return 0


def head(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    """head and tail: -n N lines (tail -n +N: from line N on), -c N bytes, or -N."""
    program = argv[0]
    given = [
        f"-n{a[1:]}" if re.fullmatch(r"-\d+", a) and argv[i - 1] not in ("-n", "-c") else a
        for i, a in enumerate(argv)
    ]
    found = parsed_options(shell, program, given, "n:c:fFqvs:")
    if found is None:
        return 1
    flags, operands = found
    letters = {letter for letter, _ in flags}
    if program == "tail" and letters & {"f", "F"}:
        raise Forever()
    unit, raw = next(((k, v) for k, v in reversed(flags) if k in "nc"), ("n", "10"))
    if not re.fullmatch(r"[+-]?\d+", raw):
        what = "" if shell.context.tools != "gnu" else " of lines" if unit == "n" else " of bytes"
        shell.err(
            f"{program}: invalid number{what}: '{raw}'\n"
            if what
            else f"{program}: invalid number '{raw}'\n"
        )
        return 1
    status = 0
    headers = (len(operands) > 1 and "q" not in letters) or "v" in letters
    for index, path in enumerate(operands or ["-"]):
        value = content(shell, program, path, stdin)
        if value is None:
            status = 1
            continue
        if headers:
            name = "standard input" if path == "-" else path
            shell.out(("\n" if index else "") + f"==> {name} <==\n")
        pieces = value.splitlines(keepends=True) if unit == "n" else list(value)
        shell.out("".join(_chosen(program, pieces, raw)))
    return status


def _chosen(program: str, pieces: list[str], raw: str) -> list[str]:
    count = int(raw.lstrip("+-"))
    if program == "head":
        return pieces[: -count or len(pieces)] if raw.startswith("-") else pieces[:count]
    if raw.startswith("+"):
        return pieces[max(count - 1, 0) :]
    return pieces[-count:] if count else []


def wc(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    """Newlines, words and bytes (-l, -w, -c): one count alone, several in columns."""
    options = "".join(a[1:] for a in argv[1:] if a.startswith("-") and a != "-")
    files = [a for a in argv[1:] if not a.startswith("-") or a == "-"]
    path = files[-1] if files and files[-1] != "-" else ""
    value = content(shell, argv[0], path, stdin)
    if value is None:
        return 1
    counts = {"l": value.count("\n"), "w": len(value.split()), "c": len(value.encode())}
    numbers = [counts[c] for c in "lwc" if c in options] or list(counts.values())
    shown = str(numbers[0]) if len(numbers) == 1 else " ".join(f"{n:7d}" for n in numbers)
    shell.out(f"{shown} {path}\n" if path else f"{shown}\n")
    return 0


def yes(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    """Forever into the log or /dev/null; into a pipe (or a file), a bounded amount: the
    pipe's reader closes it (SIGPIPE) long before this much is used."""
    word = " ".join(argv[1:]) or "y"
    fd = shell.fds.get(1, ("null",))
    if fd[0] == "log":
        raise Forever(Loop(shell.now, 1, (Line(0, text(word), fd[1]),)))
    if fd[0] == "null":
        raise Forever(Loop(shell.now, 1))
    shell.out(f"{word}\n" * max(1, min(YES_LINES, YES_BYTES // (len(word) + 1))))
    return SIGPIPE_STATUS


def uname(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    if "-a" in argv:
        kernel = shell.context.kernel
        shell.out(f"Linux {shell.context.hostname} {kernel} #1 SMP x86_64 GNU/Linux\n")
    else:
        shell.out("Linux\n")
    return 0


def ps(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    """busybox ps: PID, USER, TIME and COMMAND of what runs in the container's PID
    namespace, itself last (the options it takes change nothing here)."""
    user = shell.context.user
    listed = list(shell.context.processes)
    child = any(pid == shell.context.pid for pid, _ in listed)  # a script's shell runs it
    own = shell.context.child_pid if child else shell.context.pid
    listed.append((own, " ".join(argv)))
    name = user.name[:8] if user.name else str(user.uid)
    rows = [f"{'PID':<5} {'USER':<8} {'TIME':<5} COMMAND"]
    rows += [f"{pid:>5} {name:<8} {'0:00':>5} {command}" for pid, command in sorted(listed)]
    shell.out("".join(f"{row}\n" for row in rows))
    return 0


def whoami(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    user = shell.context.user
    if user.name:
        shell.out(f"{user.name}\n")
        return 0
    if shell.context.tools == "gnu":
        shell.err(f"whoami: cannot find name for user ID {user.uid}\n")
    else:
        shell.err(f"whoami: unknown uid {user.uid}\n")
    return 1


def id_(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    """id [-u|-g|-G] [-n]: the process's ids, named where the image's files name them. The
    kernel keeps the supplementary groups sorted; coreutils shows the primary group first,
    busybox does not."""
    found = parsed_options(shell, "id", argv, "ugGnr")
    if found is None:
        return 1
    letters = {letter for letter, _ in found[0]}
    user = shell.context.user
    groups = sorted(user.groups)
    if shell.context.tools == "gnu":
        groups = [user.gid, *(g for g in groups if g != user.gid)]
    uid = (user.uid, user.name)
    gid = (user.gid, user.group_name(user.gid))
    supplementary = [(g, user.group_name(g)) for g in groups]
    chosen = next((letter for letter in "ugG" if letter in letters), "")
    if not chosen:
        listed = ",".join(map(_named, supplementary))
        shell.out(f"uid={_named(uid)} gid={_named(gid)} groups={listed}\n")
        return 0
    picked = {"u": [uid], "g": [gid], "G": supplementary}[chosen]
    by_name = "n" in letters
    shell.out(" ".join(name if by_name and name else str(n) for n, name in picked) + "\n")
    unnamed = [n for n, name in picked if by_name and not name]
    if unnamed and shell.context.tools == "gnu":
        what = "user" if chosen == "u" else "group"
        shell.err(f"id: cannot find name for {what} ID {unnamed[0]}\n")
        return 1
    return 0


def _named(number_and_name: tuple[int, str]) -> str:
    number, name = number_and_name
    return f"{number}({name})" if name else str(number)


BUILTINS: dict[str, Command] = {
    "echo": echo,
    "printf": printf,
    "exit": exit_,
    "exec": exec_,
    "export": export,
    "unset": unset,
    "shift": shift_,
    "eval": eval_,
    "test": test,
    "[": test,
    "true": true,
    "false": false,
    ":": true,
    "trap": true,
    "wait": true,
    "read": read,
}
# what only busybox has: Debian's base images carry no wget, nslookup, ps, ping, nc or usleep,
# nor iproute2's ip, net-tools' ifconfig and netstat, or procps' free
BUSYBOX_ONLY = frozenset(
    {"wget", "nslookup", "ps", "ping", "nc", "ip", "ifconfig", "netstat", "free", "usleep"}
)


def has(tools: str, applet: str) -> bool:
    """Whether a userland has the tool: Debian's base images have none of busybox's own."""
    return tools == "busybox" or applet not in BUSYBOX_ONLY


APPLETS: dict[str, Command] = {
    "sleep": sleep,
    "usleep": usleep,
    "cat": cat,
    "env": env,
    "printenv": env,
    "date": date,
    "hostname": hostname,
    "touch": touch,
    "rm": rm,
    "mkdir": mkdir,
    "ls": ls,
    "seq": seq,
    "head": head,
    "tail": head,
    "wc": wc,
    "yes": yes,
    "uname": uname,
    "whoami": whoami,
    "ps": ps,
    "id": id_,
    "nslookup": nslookup,
    "ping": ping,
    "nc": nc,
    "tar": tar,
    "ip": ip,
    "ifconfig": ifconfig,
    "netstat": netstat,
    "mount": mount,
    "df": df,
    "free": free,
    "which": which,
    "wget": wget,
    "echo": echo,
    "printf": printf,
    "test": test,
    "[": test,
    "true": true,
    "false": false,
    **TOOLS,
    **SED,
    **AWK,
}
