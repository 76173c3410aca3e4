"""The text tools of busybox and coreutils: grep, sort, uniq, tr, cut, tee, rev, basename and
dirname. Each reads its files (or stdin), writes through the shell's output (so what it
writes counts towards the process' memory), and answers bad input as the real tool does."""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cluster.engine.node.process import Text

if TYPE_CHECKING:
    from cluster.engine.node.shell import Shell

Tool = Callable[["Shell", list[str], list[Text], "Text | None"], int]
_CLASSES = {
    "alpha": "a-zA-Z",
    "digit": "0-9",
    "alnum": "a-zA-Z0-9",
    "upper": "A-Z",
    "lower": "a-z",
    "space": " \\t\\n\\r\\f\\v",
    "blank": " \\t",
    "punct": "!-/:-@\\[-`{-~",
    "xdigit": "0-9A-Fa-f",
}
_REGEX_ERRORS = (
    ("missing ), unterminated subpattern", "Unmatched ( or \\("),
    ("unbalanced parenthesis", "Unmatched ) or \\)"),
    ("unterminated character set", "Unmatched [, [^, [:, [., or [="),
    ("nothing to repeat", "Invalid preceding regular expression"),
    ("multiple repeat", "Invalid preceding regular expression"),
    ("bad escape (end of pattern)", "Trailing backslash"),
)


class UsageError(Exception):
    """A bad option or a missing operand: the message, then the tool's usage status."""


READ_ONLY = "Read-only file system"  # EROFS


def refused(shell: Shell, path: str, verb: str, reason: str = READ_ONLY) -> str:
    """What a tool says when the system refuses it a path: busybox's "can't remove '/x':
    ..." or coreutils' "cannot remove '/x': ..." (touch in busybox names the path alone)."""
    if shell.context.tools == "gnu":
        return f"cannot {verb} '{path}': {reason}"
    if verb == "touch":
        return f"{path}: {reason}"
    return f"can't {verb} '{path}': {reason}"


def missing(shell: Shell, path: str, verb: str) -> str:
    """The tools' "no such file" message, busybox's or coreutils' wording."""
    if shell.context.tools == "gnu":
        gnu = {"open": "", "remove": "cannot remove ", "access": "cannot access "}[verb]
        return (
            f"{gnu}'{path}': No such file or directory"
            if gnu
            else f"{path}: No such file or directory"
        )
    if verb == "access":
        return f"{path}: No such file or directory"
    return f"can't {verb} '{path}': No such file or directory"


def content(shell: Shell, program: str, path: str, stdin: Text | None) -> str | None:
    """What the file at `path` holds, or stdin without one; None (said) if there is none."""
    if path and path != "-" and shell.path(path) not in shell.files:
        # busybox's fopen_or_warn and coreutils both name the file as perror does
        shell.err(f"{program}: {path}: No such file or directory\n")
        return None
    return shell.plain(shell.files[shell.path(path)] if path and path != "-" else (stdin or ()))


def options(argv: list[str], spec: str) -> tuple[list[tuple[str, str]], list[str]]:
    """getopt as busybox and coreutils use it: clustered flags, `-eVALUE` or `-e VALUE` for
    the letters of `spec` followed by ':', operands anywhere, `--` ends the options."""
    found: list[tuple[str, str]] = []
    operands: list[str] = []
    args = iter(argv[1:])
    for arg in args:
        if arg == "--":
            operands += list(args)
        elif arg.startswith("-") and arg != "-":
            found += _cluster(arg, spec, args)
        else:
            operands.append(arg)
    return found, operands


def parsed_options(
    shell: Shell, program: str, argv: list[str], spec: str
) -> tuple[list[tuple[str, str]], list[str]] | None:
    """options(), or None once the bad option is said, as `program: message`."""
    try:
        return options(argv, spec)
    except UsageError as error:
        shell.err(f"{program}: {error}\n")
        return None


def _cluster(arg: str, spec: str, rest: Iterator[str]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for index, letter in enumerate(arg[1:], 1):
        at = spec.find(letter)
        if letter == ":" or at < 0:
            raise UsageError(f"invalid option -- '{letter}'")
        if spec[at + 1 : at + 2] != ":":
            found.append((letter, ""))
            continue
        value = arg[index + 1 :] or next(rest, None)
        if value is None:
            raise UsageError(f"option requires an argument -- '{letter}'")
        return [*found, (letter, value)]
    return found


def _usage(shell: Shell, program: str, message: str, status: int = 1) -> int:
    shell.err(f"{program}: {message}\n")
    if shell.context.tools == "gnu":
        shell.err(f"Try '{program} --help' for more information.\n")
    return status


def _lines(value: str) -> list[str]:
    return value.split("\n")[:-1] if value.endswith("\n") else value.split("\n") if value else []


# -- regular expressions ----------------------------------------------------------------------


def posix_regex(pattern: str, extended: bool) -> str:
    """A POSIX regular expression (basic or extended) as Python's `re` reads it."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "[":
            part, i = _bracket(pattern, i)
            out.append(part)
            continue
        if char == "\\" and i + 1 < len(pattern):
            following = pattern[i + 1]
            if following in "<>":
                out.append("\\b")
            elif not extended and following in "(){}|+?":
                out.append(following)
            else:
                out.append("\\" + following)
            i += 2
            continue
        out.append("\\" + char if not extended and char in "(){}|+?" else char)
        i += 1
    return "".join(out)


def _bracket(pattern: str, i: int) -> tuple[str, int]:
    """A bracket expression from `[`: its classes spelt out, backslashes literal."""
    j = i + 1
    out = ["["]
    if pattern[j : j + 1] == "^":
        out.append("^")
        j += 1
    if pattern[j : j + 1] == "]":
        out.append("\\]")
        j += 1
    while j < len(pattern) and pattern[j] != "]":
        match = re.match(r"\[:(\w+):\]", pattern[j:])
        if match and match.group(1) in _CLASSES:
            out.append(_CLASSES[match.group(1)])
            j += match.end()
            continue
        out.append("\\" + pattern[j] if pattern[j] in "\\[" else pattern[j])
        j += 1
    if j >= len(pattern):
        return "[", i + 1  # unterminated: left for `re` to report
    return "".join(out) + "]", j + 1


def compile_regex(pattern: str, extended: bool, flags: int = 0) -> re.Pattern[str]:
    """Compile, or raise ValueError with the C library's words for what is wrong."""
    try:
        return re.compile(posix_regex(pattern, extended), flags)
    except re.error as error:
        words = next((c for p, c in _REGEX_ERRORS if str(error.msg).startswith(p)), None)
        raise ValueError(words or "Invalid regular expression") from None


def regex_error(shell: Shell, program: str, pattern: str, message: str) -> None:
    """busybox names the pattern (xregcomp); GNU says only what is wrong."""
    if shell.context.tools == "gnu":
        shell.err(f"{program}: {message}\n")
    else:
        shell.err(f"{program}: bad regex '{pattern}': {message}\n")


# -- grep ---------------------------------------------------------------------------------------


def grep(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    try:
        flags, operands = options(argv, "cnivqEFwolhHsxe:f:r")
    except UsageError as error:
        return _usage(shell, "grep", str(error), 2)
    letters = {letter for letter, _ in flags}
    patterns = [value for letter, value in flags if letter == "e"]
    for path in (value for letter, value in flags if letter == "f"):
        listed = content(shell, "grep", path, None)
        if listed is None:
            return 2
        patterns += _lines(listed)
    if not patterns and "f" not in letters:
        if not operands:
            if shell.context.tools == "gnu":
                shell.err("Usage: grep [OPTION]... PATTERNS [FILE]...\n")
                shell.err("Try 'grep --help' for more information.\n")
                return 2
            return _usage(shell, "grep", "missing pattern", 2)
        patterns, operands = [operands[0]], operands[1:]
    if "r" in letters:
        operands = _recursive(shell, operands or ["."])
    try:
        regex = _grep_regex(patterns, letters)
    except ValueError as error:
        regex_error(shell, "grep", patterns[0], str(error))
        return 2
    named = len(operands) > 1 or bool(letters & {"H", "r"})
    found = errors = False
    for path in operands or ["-"]:
        value = (
            content(shell, "grep", path, stdin)
            if "s" not in letters
            else _quiet(shell, path, stdin)
        )
        if value is None:
            errors = True
            continue
        label = "(standard input)" if path == "-" else path
        found |= _grep_file(
            shell, regex, _lines(value), letters, label if named and "h" not in letters else ""
        )
        if found and "q" in letters:
            return 0
    return 2 if errors else 0 if found else 1


def _recursive(shell: Shell, operands: list[str]) -> list[str]:
    """grep -r: a directory stands for the files under it (named as reached from it)."""
    found: list[str] = []
    for operand in operands:
        prefix = shell.path(operand).rstrip("/") + "/"
        inside = sorted(p for p in shell.files if p.startswith(prefix))
        found += [operand.rstrip("/") + "/" + p[len(prefix) :] for p in inside] or [operand]
    return found


def _quiet(shell: Shell, path: str, stdin: Text | None) -> str | None:
    if path != "-" and shell.path(path) not in shell.files:
        return None
    return content(shell, "grep", path, stdin)


def _grep_regex(patterns: list[str], letters: set[str]) -> re.Pattern[str]:
    pieces = [
        re.escape(p) if "F" in letters else posix_regex(p, "E" in letters)
        for pattern in patterns
        for p in pattern.split("\n")
    ]
    for piece in pieces:
        compile_regex(piece, True)  # each on its own, so a bad one is named as grep names it
    joined = "|".join(f"(?:{p})" for p in pieces)
    if "w" in letters:
        joined = f"(?<!\\w)(?:{joined})(?!\\w)"
    if "x" in letters:
        joined = f"^(?:{joined})$"
    return re.compile(joined, re.IGNORECASE if "i" in letters else 0)


def _grep_file(
    shell: Shell, regex: re.Pattern[str], lines: list[str], letters: set[str], label: str
) -> bool:
    """Write what grep writes for one file; whether any line was selected."""
    prefix = f"{label}:" if label else ""
    invert = "v" in letters
    chosen = [(n, line) for n, line in enumerate(lines, 1) if bool(regex.search(line)) != invert]
    if "q" in letters:
        return bool(chosen)
    if "l" in letters:
        shell.out(f"{label or '(standard input)'}\n" if chosen else "")
    elif "c" in letters:
        shell.out(f"{prefix}{len(chosen)}\n")
    else:
        shell.out("".join(_grep_lines(regex, chosen, letters, prefix)))
    return bool(chosen)


def _grep_lines(
    regex: re.Pattern[str], chosen: list[tuple[int, str]], letters: set[str], prefix: str
):
    for number, line in chosen:
        head = f"{prefix}{number}:" if "n" in letters else prefix
        if "o" not in letters:
            yield f"{head}{line}\n"
        elif "v" not in letters:
            yield from (f"{head}{m.group()}\n" for m in regex.finditer(line) if m.group())


# -- sort and uniq -------------------------------------------------------------------------------


def sort(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    try:
        flags, operands = options(argv, "rnufbsk:t:o:")
        keys = [_key(value) for letter, value in flags if letter == "k"]
    except UsageError as error:
        return _usage(shell, "sort", str(error), 2 if shell.context.tools == "gnu" else 1)
    letters = {letter for letter, _ in flags}
    separator = next((v for letter, v in flags if letter == "t"), None)
    if separator is not None and len(separator) != 1:
        gnu = shell.context.tools == "gnu"
        shell.err(
            f"sort: multi-character tab '{separator}'\n" if gnu else "sort: bad -t parameter\n"
        )
        return 2 if gnu else 1
    lines: list[str] = []
    for path in operands or ["-"]:
        if path != "-" and shell.path(path) not in shell.files:
            message = (
                f"cannot read: {path}" if shell.context.tools == "gnu" else f"can't open '{path}'"
            )
            shell.err(f"sort: {message}: No such file or directory\n")
            return 2 if shell.context.tools == "gnu" else 1
        lines += _lines(content(shell, "sort", path, stdin) or "")

    ordered = _sorted(lines, keys or [_Key(1, None, "")], letters, separator)
    output = "".join(f"{line}\n" for line in ordered)
    target = next((v for letter, v in flags if letter == "o"), None)
    if target is not None:
        shell.write_file(shell.path(target), (output,))
    else:
        shell.out(output)
    return 0


@dataclass(frozen=True, slots=True)
class _Key:
    """-k START[,END][MODIFIERS]: whole fields counted from 1; n, r, f, b for this key."""

    start: int
    end: int | None
    modifiers: str


def _key(value: str) -> _Key:
    match = re.fullmatch(r"(\d+)(?:\.\d+)?([bfnr]*)(?:,(\d+)(?:\.\d+)?([bfnr]*))?", value)
    if match is None or match.group(1) == "0":
        raise UsageError(f"invalid number at field start: invalid count at start of '{value}'")
    start, first, end, second = match.groups()
    return _Key(int(start), int(end) if end else None, (first or "") + (second or ""))


def _sorted(
    lines: list[str], keys: list[_Key], letters: set[str], separator: str | None
) -> list[str]:
    """Ordered by the keys in turn; ties broken on the whole line (in byte order, reversed
    by -r) unless the sort is stable (-s) or unique (-u, which keeps the first of equals)."""

    def by_keys(a: str, b: str) -> int:
        for key in keys:
            options_ = key.modifiers or "".join(letters & set("bfnr"))
            left, right = (_key_value(_field(x, key, separator), options_) for x in (a, b))
            order = (left > right) - (left < right)
            if order:
                return -order if "r" in options_ else order
        return 0

    def whole(a: str, b: str) -> int:
        order = by_keys(a, b)
        if order or "s" in letters or "u" in letters:
            return order
        return ((a > b) - (a < b)) * (-1 if "r" in letters else 1)

    ordered = sorted(lines, key=functools.cmp_to_key(whole))
    if "u" in letters:
        ordered = [x for i, x in enumerate(ordered) if not i or by_keys(ordered[i - 1], x)]
    return ordered


def _key_value(field: str, modifiers: str) -> tuple:
    field = field.lstrip() if "b" in modifiers else field
    field = field.lower() if "f" in modifiers else field
    return (_number(field), "") if "n" in modifiers else (0.0, field)


def _field(line: str, key: _Key, separator: str | None) -> str:
    if key.start == 1 and key.end is None:
        return line
    if separator is not None:
        return separator.join(line.split(separator)[key.start - 1 : key.end])
    fields = re.findall(r"\s*\S+", line)  # blank-separated fields keep their leading blanks
    return "".join(fields[key.start - 1 : key.end])


def _number(field: str) -> float:
    match = re.match(r"\s*(-?\d*\.?\d+|-?\d+)", field)
    return float(match.group(1)) if match else 0.0


def uniq(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    try:
        flags, operands = options(argv, "cduif:s:")
    except UsageError as error:
        return _usage(shell, "uniq", str(error))
    letters = {letter for letter, _ in flags}
    if operands and operands[0] != "-" and shell.path(operands[0]) not in shell.files:
        shell.err(f"uniq: {missing(shell, operands[0], 'open')}\n")  # xopen: "can't open"
        return 1
    value = content(shell, "uniq", operands[0] if operands else "", stdin) or ""
    groups: list[list[str]] = []
    for line in _lines(value):
        same = groups and (
            groups[-1][0].lower() == line.lower() if "i" in letters else groups[-1][0] == line
        )
        groups[-1].append(line) if same else groups.append([line])
    shown = [
        group
        for group in groups
        if not ("d" in letters and len(group) == 1) and not ("u" in letters and len(group) > 1)
    ]
    counted = "c" in letters
    output = "".join(f"{len(g):7d} {g[0]}\n" if counted else f"{g[0]}\n" for g in shown)
    if len(operands) > 1:
        shell.write_file(shell.path(operands[1]), (output,))
    else:
        shell.out(output)
    return 0


# -- tr and cut ------------------------------------------------------------------------------------


def tr(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    try:
        flags, operands = options(argv, "dscC")
    except UsageError as error:
        return _usage(shell, "tr", str(error))
    letters = {letter for letter, _ in flags}
    needed = 1 if "d" in letters or ("s" in letters and len(operands) == 1) else 2
    if len(operands) < needed:
        gnu = "missing operand" if not operands else f"missing operand after '{operands[0]}'"
        return _usage(shell, "tr", gnu if shell.context.tools == "gnu" else "missing operand")
    data = shell.plain(stdin or ())
    first = _set(operands[0])
    if "c" in letters or "C" in letters:
        first = "".join(sorted({c for c in data if c not in first}))
    if "d" in letters:
        data = "".join(c for c in data if c not in first)
        squeeze = _set(operands[1]) if len(operands) > 1 else ""
    elif len(operands) > 1:
        second = _set(operands[1])
        second = second + second[-1:] * (len(first) - len(second))
        table = {c: second[i] for i, c in enumerate(first)} if second else {}
        data = "".join(table.get(c, c) for c in data)
        squeeze = second
    else:
        squeeze = first
    if "s" in letters and squeeze:
        data = re.sub("([" + re.escape(squeeze) + "])\\1+", r"\1", data)
    shell.out(data)
    return 0


def _set(spec: str) -> str:
    """A tr set spelt out: escapes, [:class:], and ranges a-z."""
    spec = re.sub(
        r"\\([ntr\\])", lambda m: {"n": "\n", "t": "\t", "r": "\r", "\\": "\\"}[m.group(1)], spec
    )
    out: list[str] = []
    i = 0
    while i < len(spec):
        named = re.match(r"\[:(\w+):\]", spec[i:])
        if named and _members(named.group(1)):
            out.append(_members(named.group(1)))
            i += named.end()
        elif i + 2 < len(spec) and spec[i + 1] == "-" and spec[i] <= spec[i + 2]:
            out += [chr(c) for c in range(ord(spec[i]), ord(spec[i + 2]) + 1)]
            i += 3
        else:
            out.append(spec[i])
            i += 1
    return "".join(out)


def _members(name: str) -> str:
    """The ASCII characters of a POSIX class ([:upper:]...), in order."""
    if name not in _CLASSES:
        return ""
    return "".join(c for c in map(chr, range(128)) if re.fullmatch(f"[{_CLASSES[name]}]", c))


def cut(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    try:
        flags, operands = options(argv, "d:f:c:b:sn")
    except UsageError as error:
        return _usage(shell, "cut", str(error))
    chosen = {letter: value for letter, value in flags}
    kinds = [k for k in "bcf" if k in chosen]
    if len(kinds) != 1:
        message = (
            "you must specify a list of bytes, characters, or fields"
            if shell.context.tools == "gnu"
            else "expected a list of bytes, characters, or fields"
        )
        return _usage(
            shell, "cut", message if not kinds else "only one type of list may be specified"
        )
    separator = chosen.get("d", "\t")
    if len(separator) != 1:
        return _usage(shell, "cut", "the delimiter must be a single character")
    try:
        ranges = _ranges(chosen[kinds[0]])
    except ValueError as error:
        return _usage(shell, "cut", str(error))
    status = 0
    for path in operands or ["-"]:
        value = content(shell, "cut", path, stdin)
        if value is None:
            status = 1
            continue
        for line in _lines(value):
            if kinds[0] != "f":
                shell.out("".join(c for i, c in enumerate(line, 1) if _within(i, ranges)) + "\n")
            elif separator in line:
                fields = line.split(separator)
                shell.out(
                    separator.join(f for i, f in enumerate(fields, 1) if _within(i, ranges)) + "\n"
                )
            elif "s" not in chosen:
                shell.out(f"{line}\n")
    return status


def _ranges(spec: str) -> list[tuple[int, int]]:
    """A cut LIST: N, N-M, N-, -M, separated by commas."""
    ranges = []
    for part in spec.split(","):
        match = re.fullmatch(r"(\d*)(-?)(\d*)", part)
        if match is None or part in ("", "-"):
            raise ValueError(
                "invalid byte, character or field list"
                if part
                else "fields and positions are numbered from 1"
            )
        low, dash, high = match.groups()
        start = int(low) if low else 1
        end = int(high) if high else (start if not dash else 1 << 30)
        if start == 0:
            raise ValueError("fields and positions are numbered from 1")
        ranges.append((start, end))
    return ranges


def _within(index: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= index <= end for start, end in ranges)


# -- small ones ------------------------------------------------------------------------------------


def tee(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    try:
        flags, operands = options(argv, "ai")
    except UsageError as error:
        return _usage(shell, "tee", str(error))
    append = any(letter == "a" for letter, _ in flags)
    data = stdin or ()
    for path in operands:
        target = shell.path(path)
        if target != "/dev/null":
            shell.write_file(target, (*(shell.files.get(target, ()) if append else ()), *data))
    shell.out(data)
    return 0


def rev(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    status = 0
    for path in argv[1:] or ["-"]:
        value = content(shell, "rev", path, stdin)
        if value is None:
            status = 1
            continue
        shell.out("".join(f"{line[::-1]}\n" for line in _lines(value)))
    return status


def basename(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    if len(argv) < 2:
        return _usage(shell, "basename", "missing operand")
    name = argv[1].rstrip("/").rsplit("/", 1)[-1] or ("/" if argv[1] else "")
    if len(argv) > 2 and name.endswith(argv[2]) and name != argv[2]:
        name = name[: -len(argv[2])]
    shell.out(f"{name}\n")
    return 0


def dirname(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    if len(argv) < 2:
        return _usage(shell, "dirname", "missing operand")
    path = argv[1].rstrip("/") or ("/" if argv[1].startswith("/") else ".")
    parent = posixpath.dirname(path).rstrip("/") or ("/" if path.startswith("/") else ".")
    shell.out(f"{parent}\n")
    return 0


TOOLS: dict[str, Tool] = {
    "grep": grep,
    "sort": sort,
    "uniq": uniq,
    "tr": tr,
    "cut": cut,
    "tee": tee,
    "rev": rev,
    "basename": basename,
    "dirname": dirname,
}
