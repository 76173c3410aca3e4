"""perl, a small part of it, as the official perl image runs it: the command line as perl
reads it (switches bundled or apart, -e and -E, -l, -w, -M and -m, -n and -p, -c, -v, -h),
and programs of a few statements: `print` (and `say` under -E or `use v5.10`) of strings,
numbers and their arithmetic, `use` of pragmas and core modules, `sleep`, `exit`, `die`
and `warn`, and Math::BigFloat's `bpi` as bignum exports it (the Job example of
Kubernetes' docs prints `bpi(2000)`).

What perl would run and this does not answers as a compilation error, in perl's words, so
nothing runs half-understood. A run is decided whole, ahead: what it writes when, how long
it computes and sleeps, and how it ends.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from cluster.engine.node.perl_numbers import (
    MAX_STRING,
    Number,
    OutOfMemory,
    Value,
    big,
    bpi_ms,
    native,
    numeric,
    pi,
    to_string,
    truthy,
)
from cluster.engine.node.perl_syntax import (
    Binary,
    Build,
    Call,
    Const,
    Interpolated,
    Module,
    Node,
    Parser,
    Pragmas,
    Statement,
    Unary,
    Unreadable,
    Var,
    load,
)

BPI_DEFAULT_DIGITS = 40  # Math::BigFloat's div_scale: bpi() with no accuracy
BPI_MAX_DIGITS = 20_000  # 150 s of perl; beyond (minutes to hours), it never ends here
DIE_STATUS = 255  # die's exit status when $! and $? are 0
NOT_FOUND_STATUS = 2  # a failed require leaves $! at ENOENT, which perl exits with


@dataclass(frozen=True, slots=True)
class Outcome:
    """A run: what it wrote (when, on which stream), when it ended and how, and whether it
    kept a CPU busy (computing for most of its life, rather than sleeping)."""

    writes: tuple[tuple[int, str, str], ...] = ()
    exit_ms: int | None = 0  # None: it never ends on its own
    exit_code: int = 0
    busy: bool = False


# -- what perl prints of itself -----------------------------------------------------------------

# the year of each release, which its -v banner's copyright runs to (a maintenance release
# carries the year it came out); other releases: the year of their .0 (one a year since 5.10)
_RELEASED = {
    "5.34.1": 2022,
    "5.34.2": 2023,
    "5.34.3": 2023,
    "5.36.1": 2023,
    "5.36.2": 2023,
    "5.36.3": 2023,
    "5.38.3": 2025,
    "5.38.4": 2025,
    "5.38.5": 2025,
    "5.40.1": 2025,
    "5.40.2": 2025,
    "5.40.3": 2025,
    "5.42.1": 2026,
}


def version_banner(build: Build) -> str:
    """`perl -v`."""
    _, minor, patch = build.parts
    year = _RELEASED.get(build.version, 2004 + minor // 2)
    scheme = "https" if minor >= 36 else "http"  # perl.org's address took https in 5.36
    return (
        f"\nThis is perl 5, version {minor}, subversion {patch} (v5.{minor}.{patch}) built for "
        f"{build.archname}\n\nCopyright 1987-{year}, Larry Wall\n\n"
        "Perl may be copied only under the terms of either the Artistic License or the\n"
        "GNU General Public License, which may be found in the Perl 5 source kit.\n\n"
        "Complete documentation for Perl, including FAQ lists, should be found on\n"
        'this system using "man perl" or "perldoc perl".  If you have access to the\n'
        f"Internet, point your browser at {scheme}://www.perl.org/, the Perl Home Page.\n\n"
    )


_USAGE = (
    "  -0[octal/hexadecimal] specify record separator (\\0, if no argument)\n"
    "  -a                    autosplit mode with -n or -p (splits $_ into @F)\n"
    "  -C[number/list]       enables the listed Unicode features\n"
    "  -c                    check syntax only (runs BEGIN and CHECK blocks)\n"
    "  -d[t][:MOD]           run program under debugger or module Devel::MOD\n"
    "  -D[number/letters]    set debugging flags (argument is a bit mask or alphabets)\n"
    "  -e commandline        one line of program (several -e's allowed, omit programfile)\n"
    "  -E commandline        like -e, but enables all optional features\n"
    "  -f                    don't do $sitelib/sitecustomize.pl at startup\n"
    "  -F/pattern/           split() pattern for -a switch (//'s are optional)\n"
    "{slurp}"
    "  -i[extension]         edit <> files in place (makes backup if extension supplied)\n"
    "  -Idirectory           specify @INC/#include directory (several -I's allowed)\n"
    "  -l[octnum]            enable line ending processing, specifies line terminator\n"
    '  -[mM][-]module        execute "use/no module..." before executing program\n'
    '  -n                    assume "while (<>) { ... }" loop around program\n'
    "  -p                    assume loop like -n but print line also, like sed\n"
    "  -s                    enable rudimentary parsing for switches after programfile\n"
    "  -S                    look for programfile using PATH environment variable\n"
    "  -t                    enable tainting warnings\n"
    "  -T                    enable tainting checks\n"
    "  -u                    dump core after parsing program\n"
    "  -U                    allow unsafe operations\n"
    "  -v                    print version, patchlevel and license\n"
    "  -V[:configvar]        print configuration summary (or a single Config.pm variable)\n"
    "  -w                    enable many useful warnings\n"
    "  -W                    enable all warnings\n"
    "  -x[directory]         ignore text before #!perl line (optionally cd to directory)\n"
    "  -X                    disable all warnings\n"
    "  \n"
    "Run 'perldoc perl' for more help with Perl.\n\n"
)


def usage(build: Build, name: str) -> str:
    """`perl -h` (the -g line came with 5.38)."""
    slurp = (
        "  -g                    read all input in one go (slurp), rather than line-by-line "
        "(alias for -0777)\n"
    )
    lines = _USAGE.replace("{slurp}", slurp if build.parts[1] >= 38 else "")
    return f"\nUsage: {name} [switches] [--] [programfile] [arguments]\n{lines}"


# -- the command line -------------------------------------------------------------------------


class Finished(Exception):
    """perl ends before it runs a program: -v, -h, or what it croaks at on its command line."""

    def __init__(self, stdout: str = "", stderr: str = "", status: int = 0) -> None:
        super().__init__(stderr or stdout)
        self.stdout, self.stderr, self.status = stdout, stderr, status


def _croak(message: str, status: int = DIE_STATUS) -> Finished:
    """A message perl dies with before any line of the program is read (hence no place)."""
    return Finished(stderr=f"{message}.\n", status=status)


@dataclass(slots=True)
class Switches:
    code: list[str] = field(default_factory=list)  # the -e lines
    features: bool = False  # -E: say and the other optional features
    warnings: bool = False
    ors: str = ""  # -l: what print adds ($\)
    modules: list[Module] = field(default_factory=list)  # -M and -m, in order
    check: bool = False  # -c: compile only
    loop: str = ""  # -n or -p: the program runs for each line of input
    rest: list[str] = field(default_factory=list)  # the program file and its arguments


# switches perl takes that change nothing here: -C (Unicode features), -t and -T (taint),
# -U, -s, -S, -f, -d (the debugger reads commands from a terminal: given none, perl -de0
# ends at once, as the program `0` does)
_IGNORED = frozenset("tTUsSf")
_UNICODE_FLAGS = "0123456789ioeSAdDLa"  # what -C takes: a number or letters


def parse_switches(argv: list[str], build: Build) -> Switches:
    """perl's switches, as perl.c's parse_body and moreswitches read them."""
    switches = Switches()
    args = argv[1:]
    name = argv[0] if argv else "perl"
    while args and args[0].startswith("-") and args[0] != "-":
        arg = args.pop(0)
        if arg == "--":
            break
        if arg in ("--version", "--help"):
            raise Finished(version_banner(build) if arg == "--version" else usage(build, name))
        rest = arg[1:]
        while rest:
            rest = _switch(rest, switches, args, build, name)
    switches.rest = args
    return switches


def _switch(rest: str, switches: Switches, args: list[str], build: Build, name: str) -> str:
    """One switch at the start of `rest` (taking what it needs of it or of the next
    argument); what is left of `rest` for the next."""
    char = rest[0]
    if char in "eE":
        code = rest[1:] or (args.pop(0) if args else None)
        if code is None:
            raise _croak(f"No code specified for -{char}")
        switches.code.append(code)
        switches.features |= char == "E"
        return ""
    if char in "mM":
        switches.modules.append(_module_switch(char, rest[1:]))
        return ""
    if char == "I":
        if not rest[1:] and not args:
            raise _croak("No directory specified for -I")
        if not rest[1:]:
            args.pop(0)
        return ""
    return _flag(char, rest[1:], switches, build, name)


def _flag(char: str, after: str, switches: Switches, build: Build, name: str) -> str:
    """A switch of one letter (some with a value glued on): what follows it."""
    if char == "v":
        raise Finished(version_banner(build))
    if char == "h":
        raise Finished(usage(build, name))
    if char in "wW":
        switches.warnings = True
    elif char == "X":
        switches.warnings = False
    elif char == "c":
        switches.check = True
    elif char in "np":
        switches.loop = "p" if "p" in (char, switches.loop) else "n"
    elif char == "l":
        digits = re.match(r"[0-7]{1,4}" if after.startswith("0") else r"[0-7]{1,3}", after)
        switches.ors = chr(int(digits.group(), 8) & 0xFF) if digits else "\n"
        return after[digits.end() :] if digits else after
    elif char == "d":
        return "" if after.lstrip("t")[:1] in (":", "=") else after.removeprefix("t")
    elif char == "C":
        return after.lstrip(_UNICODE_FLAGS)
    elif char not in _IGNORED and not (char == "g" and build.parts[1] >= 36):  # -g: 5.36 on
        raise _croak(f"Unrecognized switch: -{char}{after}  (-h will show valid options)")
    return after


_NAME_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_:"


def _module_switch(option: str, given: str) -> Module:
    """-MMODULE, -MMODULE=A,B, -M-MODULE (no MODULE), -mMODULE (imports nothing)."""
    use = not given.startswith("-")
    given = given if use else given[1:]
    if not given:
        raise _croak(f"Missing argument to -{option}")
    name = given[: len(given) - len(given.lstrip(_NAME_CHARS))]
    if not name:
        raise _croak(f"Module name required with -{option} option")
    if re.search(r"(?<!:):(?!:)", name):
        raise _croak(f"Invalid module name {name} with -{option} option: contains single ':'")
    after = given[len(name) :]
    if after.startswith("="):
        return Module(name, tuple(after[1:].split(",")), use)
    if after and option == "m":
        raise _croak(f"Can't use '{after[0]}' after -mname")
    words = re.fullmatch(r"\s+qw\s*\(([^)]*)\)\s*", after)
    if after and words is None:  # the rest is code, which perl compiles after `use NAME`
        raise Finished(
            stderr=f'syntax error at -e line 0, near "use {name}{after}"\n'
            "Execution of -e aborted due to compilation errors.\n",
            status=DIE_STATUS,
        )
    imports = tuple(words.group(1).split()) if words else None
    return Module(name, () if option == "m" else imports, use)


# -- running -------------------------------------------------------------------------------------


class NotRun(Exception):
    """What perl would compute and this does not (bignum's floating point, say): refused as
    perl refuses what it cannot read, at the operator's token."""

    def __init__(self, at: int) -> None:
        super().__init__(at)
        self.at = at


class _Died(Exception):
    """die, or what perl dies of as it runs: the message."""


class _Exited(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class _Forever(Exception):
    """The run does not end in any time that matters, computing or sleeping."""

    def __init__(self, computing: bool) -> None:
        super().__init__(computing)
        self.computing = computing


_OP_NAMES = {
    "+": "addition (+)",
    "-": "subtraction (-)",
    "*": "multiplication (*)",
    "/": "division (/)",
    "%": "modulus (%)",
    "**": "exponentiation (**)",
    "x": "repeat (x)",
    ".": "concatenation (.) or string",
}


class _Machine:
    """Runs statements in virtual time: stdout kept until the end (perl buffers what goes
    to a pipe), stderr written as it goes."""

    def __init__(self, name: str, ors: str, warnings: bool, argv: list[str]) -> None:
        self.name, self.ors, self.warnings, self.argv = name, ors, warnings, argv
        self.line = 1  # of the statement running
        self.now = 0
        self.busy = 0
        self.stdout: list[str] = []
        self.stderr: list[tuple[int, str]] = []
        self.topic: str | None = None  # $_
        self.input_line = 0  # $. once -n or -p read a line

    def at(self, line: int) -> str:
        """Where a message says it was written: " at -e line 1." (and the input line)."""
        read = f", <> line {self.input_line}" if self.input_line else ""
        return f" at {self.name} line {line}{read}.\n"

    def warn(self, message: str, line: int) -> None:
        self.stderr.append((self.now, message + self.at(line)))

    def run(self, statements: list[Statement]) -> None:
        for statement in statements:
            self.line = statement.line
            self.value(statement.node)

    # -- values

    def value(self, node: Node) -> Value:
        if isinstance(node, Const):
            return node.value
        if isinstance(node, Var):
            return self.variable(node)
        if isinstance(node, Interpolated):
            return self.interpolated(node)
        if isinstance(node, Call):
            return self.call(node)
        if isinstance(node, Unary):
            return self.unary(node)
        return self.binary(node)

    def variable(self, var: Var) -> Value:
        if var.sigil == "@":
            return " ".join(self.argv) if var.name == "ARGV" else ""
        if var.name == "_":
            return self.topic
        if var.name == "0":
            return self.name
        return None

    def interpolated(self, node: Interpolated) -> str:
        what = "string" if len(node.parts) == 1 else "concatenation (.) or string"
        pieces = []
        for part in node.parts:
            value = part if isinstance(part, str) else self.variable(part)
            if value is None and isinstance(part, Var):
                self.uninitialized(part, what)
            pieces.append(to_string(value))
        return self.sized("".join(pieces))

    def uninitialized(self, node: Node, what: str) -> None:
        if self.warnings:
            name = f" {node.sigil}{node.name}" if isinstance(node, Var) else ""
            self.warn(f"Use of uninitialized value{name} in {what}", self.line)

    def sized(self, text: str) -> str:
        if len(text) > MAX_STRING:
            raise OutOfMemory
        return text

    # -- operators

    def unary(self, node: Unary) -> Value:
        value = self.value(node.operand)
        if node.op == "!":
            return "" if truthy(value) else 1
        if node.op == "+":
            return value
        if isinstance(value, str) and re.match(r"[A-Za-z_]", value):
            return "-" + value  # -foo is "-foo"
        return -self.number(value, node.operand, "negation (-)", node.mode, node.at)

    def binary(self, node: Binary) -> Value:
        left, right = self.value(node.left), self.value(node.right)
        if node.op == ".":
            return self.sized(self.text(left, node.left) + self.text(right, node.right))
        what = _OP_NAMES[node.op]
        if node.op == "x":
            count = self.number(right, node.right, what)
            times = max(0, int(count)) if math.isfinite(count) else 0
            repeated = self.text(left, node.left)
            if len(repeated) * times > MAX_STRING:
                raise OutOfMemory
            return repeated * times
        a = self.number(left, node.left, what, node.mode, node.at)
        b = self.number(right, node.right, what, node.mode, node.at)
        if node.mode:
            try:
                return big(node.op, a, b, node.mode)
            except ValueError:
                raise NotRun(node.at) from None
        if isinstance(a, Decimal | Fraction) or isinstance(b, Decimal | Fraction):
            raise NotRun(node.at)  # bpi's value: Math::BigFloat's arithmetic, not run here
        if node.op == "/" and b == 0:
            raise _Died(f"Illegal division by zero{self.at(self.line)}")
        if node.op == "%" and not (math.isfinite(a) and math.isfinite(b)):
            return math.nan
        if node.op == "%" and int(b) == 0:
            raise _Died(f"Illegal modulus zero{self.at(self.line)}")
        return native(node.op, a, b)

    def text(self, value: Value, node: Node) -> str:
        if value is None:
            self.uninitialized(node, "concatenation (.) or string")
        return to_string(value)

    def number(self, value: Value, node: Node, what: str, mode: str = "", at: int = 0) -> Number:
        """An operand as a number, with -w's warnings for undef and for text that is none
        (under a big-number pragma a string would be a big number: not run here)."""
        if value is None:
            self.uninitialized(node, what)
            return 0
        if not isinstance(value, str):
            return value
        if mode:
            raise NotRun(at)
        number, whole = numeric(value)
        if not whole and self.warnings:
            self.warn(f'Argument "{_shown(value)}" isn\'t numeric in {what}', self.line)
        return number

    # -- functions

    def call(self, node: Call) -> Value:
        if node.name in ("print", "say"):
            return self.print(node)
        args = [self.value(arg) for arg in node.args]  # evaluated before the call fails, too
        if not node.defined:
            raise _Died(f"Undefined subroutine &main::{node.name} called{self.at(self.line)}")
        if node.name == "bpi":
            return self.bpi(args[0] if args else None, node)
        if node.name == "sleep":
            return self.sleep(args[0] if args else None, node)
        if node.name == "exit":
            status = self.number(args[0], node.args[0], "exit") if args else 0
            raise _Exited(int(status) & 0xFF if math.isfinite(status) else 0xFF)
        return self.die_or_warn(node.name, "".join(to_string(a) for a in args))

    def print(self, node: Call) -> int:
        values = [self.value(arg) for arg in node.args] if node.args else [self.topic]
        nodes = node.args or (Var("$", "_"),)
        for value, arg in zip(values, nodes, strict=True):
            if value is None:
                self.uninitialized(arg, node.name)
        text = "".join(to_string(v) for v in values) + ("\n" if node.name == "say" else self.ors)
        if node.handle == "STDERR":
            self.stderr.append((self.now, text))
        else:
            self.stdout.append(text)
        return 1

    def die_or_warn(self, name: str, message: str) -> int:
        if not message:
            message = "Died" if name == "die" else "Warning: something's wrong"
        if not message.endswith("\n"):
            message += self.at(self.line)
        if name == "die":
            raise _Died(message)
        self.stderr.append((self.now, message))
        return 1

    def bpi(self, given: Value, node: Call) -> Decimal:
        digits = self.number(given, node.args[0], "bpi") if node.args else 0
        digits = int(digits) if math.isfinite(digits) and digits >= 1 else BPI_DEFAULT_DIGITS
        cost = bpi_ms(digits)
        self.now += cost
        self.busy += cost
        if digits > BPI_MAX_DIGITS:
            raise _Forever(computing=True)
        return Decimal(pi(digits))

    def sleep(self, given: Value, node: Call) -> int:
        if not node.args:
            raise _Forever(computing=False)  # sleep with no argument sleeps for ever
        seconds = self.number(given, node.args[0], "sleep")
        if not math.isfinite(seconds):
            raise _Forever(computing=False)
        seconds = max(0, int(seconds))
        self.now += seconds * 1000
        return seconds


def _shown(text: str) -> str:
    """A string as perl's warnings quote it: its newlines as \\n."""
    return text.replace("\n", "\\n")


# -- a run ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Program:
    source: str
    name: str  # -e, the program file, or - (stdin)
    argv: list[str]  # @ARGV
    input: str  # what -n and -p read


def run(argv: list[str], build: Build, read: Callable[[str], str | None], stdin: str) -> Outcome:
    """perl with these arguments, its files read through `read` (None: no such file), and
    `stdin` on its standard input."""
    try:
        switches = parse_switches(argv, build)
        program = _program(switches, read, stdin)
    except Finished as finished:
        return _finished(finished)
    if program is None:
        return Outcome()  # nothing on stdin: an empty program
    pragmas = Pragmas(warnings=switches.warnings, say=switches.features)
    try:
        for module in switches.modules:
            load(module, pragmas, build, "")
        _shebang(program, switches, pragmas, build)
        parser = Parser(program.source, program.name, pragmas, build)
        statements = parser.program()
    except Finished as finished:
        return _finished(finished)
    except Unreadable as unreadable:
        return _unreadable(str(unreadable), program.name, switches, pragmas)
    if switches.check:
        checked = [*pragmas.compile_warnings, f"{program.name} syntax OK\n"]
        return Outcome(tuple((0, "stderr", text) for text in checked))
    try:
        return _execute(statements, program, switches, pragmas)
    except NotRun as refused:
        return _unreadable(str(parser.error(refused.at)), program.name, switches, pragmas)


def _finished(finished: Finished) -> Outcome:
    writes = [
        (0, stream, text)
        for stream, text in (("stdout", finished.stdout), ("stderr", finished.stderr))
        if text
    ]
    return Outcome(tuple(writes), 0, finished.status)


def _program(switches: Switches, read: Callable[[str], str | None], stdin: str) -> Program | None:
    """The program: the -e lines, the file named first, or stdin (None: stdin has none)."""
    if switches.code:
        source = "\n".join(switches.code) + "\n"
        return Program(source, "-e", switches.rest, stdin)
    name = switches.rest[0] if switches.rest else "-"
    if name == "-":
        return Program(stdin, "-", switches.rest[1:], "") if stdin else None
    source = read(name)
    if source is None:
        raise Finished(
            stderr=f'Can\'t open perl script "{name}": No such file or directory\n',
            status=NOT_FOUND_STATUS,
        )
    return Program(source, name, switches.rest[1:], stdin)


def _shebang(program: Program, switches: Switches, pragmas: Pragmas, build: Build) -> None:
    """A program file's #! line: the switches after `perl` count, as perl reads them."""
    first = program.source.split("\n", 1)[0]
    found = re.match(r"#!\S*perl\S*\s+(.*)", first)
    if program.name == "-e" or found is None:
        return
    for word in found.group(1).split():
        rest = word[1:] if word.startswith("-") else ""
        while rest:
            if rest[0] in "eEmMI":
                raise _croak(f"Can't emulate -{rest[0]} on #! line")
            rest = _flag(rest[0], rest[1:], switches, build, "perl")
    pragmas.warnings |= switches.warnings


# what perl's parser reports (more may follow) rather than dies at once
_COMPILATION_ERRORS = ("syntax error", "Global symbol", "Illegal octal digit", "No digits found")


def _unreadable(message: str, name: str, switches: Switches, pragmas: Pragmas) -> Outcome:
    """A compilation that failed: what perl says, and its status."""
    if message.startswith(_COMPILATION_ERRORS) and switches.check:
        message += f"{name} had compilation errors.\n"
    elif message.startswith(_COMPILATION_ERRORS):
        message += f"Execution of {name} aborted due to compilation errors.\n"
    status = NOT_FOUND_STATUS if message.startswith("Can't locate ") else DIE_STATUS
    return Outcome(((0, "stderr", "".join(pragmas.compile_warnings) + message),), 0, status)


def _execute(
    statements: list[Statement], program: Program, switches: Switches, pragmas: Pragmas
) -> Outcome:
    """The statements run (once, or for each line of input under -n and -p), after the
    modules loaded; a NotRun where the machine meets what it does not compute."""
    machine = _Machine(program.name, switches.ors, pragmas.warnings, program.argv)
    machine.now = pragmas.load_ms
    status: int | None = 0
    busy = False
    try:
        _loop(machine, statements, switches, program.input)
    except _Exited as exited:
        status = exited.status
    except _Died as died:
        machine.stderr.append((machine.now, str(died)))
        status = DIE_STATUS
    except OutOfMemory:
        machine.stderr.append((machine.now, "Out of memory!\n"))
        status = 1
    except _Forever as forever:
        status, busy = None, forever.computing
    writes = [(0, "stderr", text) for text in pragmas.compile_warnings]
    writes += [(at, "stderr", text) for at, text in machine.stderr]
    if status is not None and machine.stdout:  # flushed as perl exits
        writes.append((machine.now, "stdout", "".join(machine.stdout)))
    if status is not None:
        busy = machine.busy * 2 > machine.now
    exit_ms = None if status is None else machine.now
    return Outcome(tuple(writes), exit_ms, status or 0, busy)


def _loop(machine: _Machine, statements: list[Statement], switches: Switches, given: str) -> None:
    if not switches.loop:
        machine.run(statements)
        return
    for line in re.findall(r"[^\n]*\n|[^\n]+$", given):
        machine.input_line += 1
        machine.topic = line.removesuffix("\n") if switches.ors else line
        machine.run(statements)
        if switches.loop == "p":
            machine.stdout.append(machine.topic + switches.ors)
