"""sed, in its common forms: `s/RE/REPLACEMENT/[gpI N]`, `p`, `d`, `q` and `=`, each with
no address, a line number, `$`, /RE/ or a range of two; -n, -e (several), -E/-r and -i.
Anything else is refused with the message busybox's or GNU's sed gives."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cluster.engine.node.process import Text
from cluster.engine.node.textutils import compile_regex, content, parsed_options

if TYPE_CHECKING:
    from cluster.engine.node.shell import Shell

Address = int | str | re.Pattern[str] | None  # a line number, "$", a regex, or none


class SedError(Exception):
    """A script sed cannot read: what busybox says, and where GNU says it is."""

    def __init__(self, busybox: str, gnu: str, at: int) -> None:
        super().__init__(busybox)
        self.busybox, self.gnu, self.at = busybox, gnu, at


@dataclass(slots=True)
class Edit:
    first: Address
    last: Address
    name: str  # s p d q =
    regex: re.Pattern[str] | None = None
    replacement: str = ""
    flags: str = ""
    active: bool = False  # inside its range


def sed(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    found = parsed_options(shell, "sed", argv, "ne:f:Erisu")
    if found is None:
        return 1
    flags, operands = found
    letters = {letter for letter, _ in flags}
    scripts = [value for letter, value in flags if letter == "e"]
    if not scripts:
        if not operands:
            shell.err(
                "sed: no script specified\n"
                if shell.context.tools != "gnu"
                else "Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n"
            )
            return 1
        scripts, operands = [operands[0]], operands[1:]
    try:
        edits = [e for s in scripts for e in _parse(s, letters & {"E", "r"} != set())]
    except SedError as error:
        where = f"-e expression #1, char {error.at}: "
        shell.err(
            f"sed: {where}{error.gnu}\n"
            if shell.context.tools == "gnu"
            else f"sed: {error.busybox}\n"
        )
        return 1
    if "i" in letters:
        return _in_place(shell, edits, operands, "n" in letters)
    status, text_in = 0, []
    for path in operands or ["-"]:
        value = content(shell, "sed", path, stdin)
        status = 1 if value is None else status
        text_in.append(value or "")
    shell.out(_run(edits, "".join(text_in), "n" in letters))
    return status


def _in_place(shell: Shell, edits: list[Edit], paths: list[str], quiet: bool) -> int:
    status = 0
    for path in paths:
        value = content(shell, "sed", path, None)
        if value is None:
            status = 1
            continue
        shell.write_file(shell.path(path), (_run(edits, value, quiet),))
    return status


# -- reading the script -------------------------------------------------------------------------


def _parse(script: str, extended: bool) -> list[Edit]:
    edits: list[Edit] = []
    i = 0
    while i < len(script):
        if script[i] in " \t\n;":
            i += 1
            continue
        first, i = _address(script, i, extended)
        last: Address = None
        if first is not None and script[i : i + 1] == ",":
            last, i = _address(script, i + 1, extended)
        i = _blanks(script, i)
        name = script[i : i + 1]
        if name == "s":
            edit, i = _substitution(script, i, extended)
            edit.first, edit.last = first, last
            edits.append(edit)
        elif name in ("p", "d", "q", "="):
            edits.append(Edit(first, last, name))
            i += 1
        else:
            shown = name or "\\n"
            raise SedError(f"unsupported command {shown}", f"unknown command: `{shown}'", i + 1)
    return edits


def _blanks(script: str, i: int) -> int:
    while script[i : i + 1] in (" ", "\t"):
        i += 1
    return i


def _address(script: str, i: int, extended: bool) -> tuple[Address, int]:
    number = re.match(r"\d+", script[i:])
    if number:
        return int(number.group()), i + number.end()
    if script[i : i + 1] == "$":
        return "$", i + 1
    if script[i : i + 1] == "/":
        pattern, i = _delimited(script, i + 1, "/", "unterminated address regex")
        return _compile(pattern, extended, "", i), i
    return None, i


def _delimited(script: str, i: int, delimiter: str, gnu: str) -> tuple[str, int]:
    """The text up to the next unescaped delimiter, and the index after it."""
    j = i
    while j < len(script) and script[j] != delimiter:
        j += 2 if script[j] == "\\" else 1
    if j >= len(script):
        raise SedError(f"unmatched '{delimiter}'", gnu, len(script))
    return script[i:j].replace("\\" + delimiter, delimiter), j + 1


def _substitution(script: str, i: int, extended: bool) -> tuple[Edit, int]:
    delimiter = script[i + 1 : i + 2]
    if not delimiter or delimiter in "\\\n":
        raise SedError("bad format in substitution expression", "unterminated `s' command", i + 1)
    gnu = "unterminated `s' command"
    pattern, i = _delimited(script, i + 2, delimiter, gnu)
    replacement, i = _delimited(script, i, delimiter, gnu)
    found = re.match(r"[gpI\d]*", script[i:])
    flags = found.group() if found else ""
    end = i + len(flags)
    if script[end : end + 1] not in ("", ";", "\n", " ", "}"):
        raise SedError("bad option in substitution expression", "unknown option to `s'", end + 1)
    regex = _compile(pattern, extended, "I" if "I" in flags else "", end)
    return Edit(None, None, "s", regex, replacement, flags), end


def _compile(pattern: str, extended: bool, flags: str, at: int) -> re.Pattern[str]:
    try:
        return compile_regex(pattern, extended, re.IGNORECASE if flags else 0)
    except ValueError as error:
        raise SedError(f"bad regex '{pattern}': {error}", str(error), at) from None


# -- running it -----------------------------------------------------------------------------------


def _run(edits: list[Edit], value: str, quiet: bool) -> str:
    lines = value.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    out: list[str] = []
    for number, line in enumerate(lines, 1):
        last = number == len(lines)
        line, deleted, stop = _cycle(edits, line, number, last, out)
        if not deleted and not quiet:
            out.append(line)
        if stop:
            break
    return "".join(f"{line}\n" for line in out)


def _cycle(
    edits: list[Edit], line: str, number: int, last: bool, out: list[str]
) -> tuple[str, bool, bool]:
    """One line through the script: the line, whether it was deleted, whether sed quits."""
    for edit in edits:
        if not _selects(edit, line, number, last):
            continue
        if edit.name == "d":
            return line, True, False
        if edit.name == "q":
            return line, False, True
        if edit.name == "p":
            out.append(line)
        elif edit.name == "=":
            out.append(str(number))
        else:
            line, changed = _substitute(edit, line)
            if changed and "p" in edit.flags:
                out.append(line)
    return line, False, False


def _matches(address: Address, line: str, number: int, last: bool) -> bool:
    if address == "$":
        return last
    if isinstance(address, int):
        return number == address
    return address is not None and bool(address.search(line))


def _selects(edit: Edit, line: str, number: int, last: bool) -> bool:
    if edit.first is None:
        return True
    if edit.last is None:
        return _matches(edit.first, line, number, last)
    if edit.active:
        ended = _matches(edit.last, line, number, last) or (
            isinstance(edit.last, int) and number >= edit.last
        )
        edit.active = not ended
        return True
    if _matches(edit.first, line, number, last):
        edit.active = not (isinstance(edit.last, int) and edit.last <= number)
        return True
    return False


def _substitute(edit: Edit, line: str) -> tuple[str, bool]:
    assert edit.regex is not None
    occurrence = int(re.sub(r"\D", "", edit.flags) or 1)
    count = 0
    changed = False

    def replace(match: re.Match[str]) -> str:
        nonlocal count, changed
        count += 1
        wanted = count >= occurrence if "g" in edit.flags else count == occurrence
        if not wanted:
            return match.group()
        changed = True
        return _expand(edit.replacement, match)

    return edit.regex.sub(replace, line), changed


def _expand(replacement: str, match: re.Match[str]) -> str:
    """`&` is the match, `\\1`..`\\9` its groups, `\\n` a newline, `\\&` a plain &."""

    def part(token: re.Match[str]) -> str:
        piece = token.group()
        if piece == "&":
            return match.group()
        if piece[1:].isdigit():
            group = int(piece[1:])
            return (match.group(group) or "") if group <= match.re.groups else ""
        return "\n" if piece == "\\n" else "\t" if piece == "\\t" else piece[1:]

    return re.sub(r"\\.|&", part, replacement)


SED = {"sed": sed}
