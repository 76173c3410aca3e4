"""`perl`'s programs read: tokens, the statements and expressions this perl runs (perl's
precedence, its literals and strings with their escapes and variables), and what `use`
does as a program compiles (pragmas, core modules, bignum's exports; perl's message for a
module the image has not).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from cluster.engine.node.perl_numbers import Value, iv

BIG_MATH_LOAD_MS = 40  # loading Math::BigInt, Math::BigFloat and bignum's pragmas


@dataclass(frozen=True, slots=True)
class Build:
    """The perl an image holds: its release and the architecture it was built for."""

    version: str  # 5.34.3
    archname: str = "x86_64-linux-gnu"  # -thread-multi on the images' -threaded tags

    @property
    def parts(self) -> tuple[int, int, int]:
        numbers = [int(p) for p in self.version.split(".") if p.isdigit()][:3]
        major, minor, patch = [*numbers, 0, 0, 0][:3]
        return major, minor, patch


def inc(build: Build) -> tuple[str, ...]:
    """@INC of the image's perl (Configured with prefix and vendorprefix /usr/local)."""
    _, minor, patch = build.parts
    release, arch = f"5.{minor}.{patch}", build.archname
    return tuple(
        f"/usr/local/lib/perl5/{where}{release}{sub}"
        for where in ("site_perl/", "vendor_perl/", "")
        for sub in (f"/{arch}", "")
    )


@dataclass(slots=True)
class Module:
    """A `use` (or `no`) of a module, and what it imports (None: its defaults)."""

    name: str
    imports: tuple[str, ...] | None = None
    use: bool = True


# -- reading a program ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # num, vstring, dq, sq, var, word, op, end
    text: str
    start: int
    end: int
    line: int


_TOKENS = re.compile(
    r"""(?P<space>[ \t\r\f]+|\n)
    |(?P<comment>\#[^\n]*)
    |(?P<num>0[xX][0-9a-fA-F_]+|0[bB][01_]+
        |(?:\d[\d_]*(?:\.(?!\.)[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?)
    |(?P<dq>"(?:\\.|[^"\\])*")
    |(?P<sq>'(?:\\.|[^'\\])*')
    |(?P<var>[$@](?:\{\w+\}|\w+(?:::\w+)*|[^\w\s{]))
    |(?P<vstring>v\d+(?:\.\d+)+|\d+\.\d+\.\d+(?:\.\d+)*)
    |(?P<word>[A-Za-z_]\w*(?:::\w+)*)
    |(?P<op>\*\*|=>|==|!=|<=>|<=|>=|&&|\|\||\.\.|->|=~|!~|<<|>>|[-+*/%.,;()\[\]{}=!<>?:&|^~\\])
    |(?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)


class Unreadable(Exception):
    """The program cannot be compiled (or holds what this perl does not run): perl's
    message, without the closing line."""


def tokens(source: str, name: str) -> list[Token]:
    """The program's tokens up to __END__, and one more at its end."""
    found: list[Token] = []
    line = 1
    for match in _TOKENS.finditer(source):
        kind, text = match.lastgroup or "other", match.group()
        if kind == "other" and text in "\"'":
            raise Unreadable(
                f"Can't find string terminator '{text}' anywhere before EOF at {name} line {line}.\n"
            )
        if kind == "word" and text in ("__END__", "__DATA__"):
            break
        if kind not in ("space", "comment"):
            found.append(Token(kind, text, match.start(), match.end(), line))
        line += text.count("\n")
    found.append(Token("end", "", len(source), len(source), line))
    return found


# -- what a program is made of -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Const:
    value: Value


@dataclass(frozen=True, slots=True)
class Var:
    sigil: str
    name: str


@dataclass(frozen=True, slots=True)
class Interpolated:
    """A double-quoted string with variables in it."""

    parts: tuple[str | Var, ...]


@dataclass(frozen=True, slots=True)
class Call:
    name: str
    args: tuple[Node, ...]
    at: int  # the index of its token (for a message about it)
    handle: str = "STDOUT"  # print's and say's filehandle
    defined: bool = True  # perl's or imported (else a subroutine the program never defines)


@dataclass(frozen=True, slots=True)
class Binary:
    op: str
    left: Node
    right: Node
    at: int
    mode: str  # the big-number pragma in force where it is written: "", bigint, bignum, bigrat


@dataclass(frozen=True, slots=True)
class Unary:
    op: str
    operand: Node
    at: int
    mode: str


Node = Const | Var | Interpolated | Call | Binary | Unary


@dataclass(frozen=True, slots=True)
class Statement:
    node: Node
    line: int


# perl's own functions and keywords this perl does not run: written where a term goes, they
# are refused, not taken for subroutines of the program's
_BUILTINS = re.compile(
    r"abs|atan2|binmode|bless|chdir|chmod|chomp|chop|chr|close|cos|defined|delete|do|each|eof"
    r"|eval|exec|exists|exp|for|foreach|format|glob|gmtime|grep|hex|if|index|int|join|keys"
    r"|last|lc|lcfirst|length|local|localtime|lock|log|lstat|m|map|mkdir|my|next|no|not|oct"
    r"|open|ord|our|pack|package|pop|pos|printf|push|q|qq|qr|quotemeta|qw|qx|rand|read"
    r"|readline|redo|ref|rename|require|return|reverse|rmdir|s|scalar|seek|select|shift|sin"
    r"|sort|splice|split|sprintf|sqrt|srand|stat|sub|substr|system|tell|time|tr|uc|ucfirst"
    r"|undef|unless|unlink|unpack|unshift|until|utime|values|vec|wait|waitpid|wantarray|while"
    r"|y|BEGIN|END"
)
# modules whose loading changes nothing here (what they export is not run)
_INERT = re.compile(
    r"utf8|lib|vars|Exporter|base|parent|overload|diagnostics|Config|Carp|Cwd|POSIX|Fcntl"
    r"|Errno|Data::Dumper|List::Util|Scalar::Util|Time::HiRes|Time::Local|Getopt::Long"
    r"|File::Basename|File::Spec|File::Temp|File::Path|IO::Handle|IO::File|Storable|Encode"
    r"|JSON::PP|English|FindBin|Socket|Sys::Hostname|HTTP::Tiny|Digest::MD5|Digest::SHA"
    r"|MIME::Base64|Math::Complex|Math::Trig|Benchmark|Text::Wrap"
    r"|Term::ANSIColor|IO::Socket|IO::Socket::INET|IO::Socket::SSL|Net::SSLeay|App::cpanminus"
)
# modules whose defaults export functions: called, they are theirs, not undefined
_DEFAULT_EXPORTS: dict[str, frozenset[str] | None] = {
    "Carp": frozenset({"croak", "carp", "confess"}),
    "Cwd": frozenset({"getcwd", "cwd"}),
    "Data::Dumper": frozenset({"Dumper"}),
    "File::Basename": frozenset({"basename", "dirname", "fileparse"}),
    "POSIX": None,  # hundreds
}
_BIG = frozenset({"bigint", "bignum", "bigrat"})
_BIG_MATH = _BIG | {"Math::BigInt", "Math::BigFloat", "Math::BigRat"}
_BPI_FROM = frozenset({"bignum", "Math::BigFloat"})  # bigint's bpi is 3, bigrat's a fraction
_MAX_NESTING = 32  # parentheses and calls within each other, and unary operators in a row
_MAX_DEPTH = 100  # operators within each other, chains of them included
_SPECIAL_VARS = frozenset({"_", "0", "ARGV", "ENV", "INC", "STDIN", "STDOUT", "STDERR"})


@dataclass(slots=True)
class Pragmas:
    """What `use` has set, as compilation reaches each point."""

    strict: bool = False
    warnings: bool = False
    say: bool = False
    mode: str = ""  # bigint, bignum or bigrat: how numbers are written and computed
    bpi: bool = False  # bpi is imported
    imported: set[str] = field(default_factory=set)  # functions imported, not run here
    anything: bool = False  # a module exporting hundreds (POSIX) is loaded
    load_ms: int = 0
    compile_warnings: list[str] = field(default_factory=list)


class Parser:
    """Statements, from tokens: a recursive descent over perl's precedence, down to what
    this perl runs."""

    def __init__(self, source: str, name: str, pragmas: Pragmas, build: Build) -> None:
        self.source, self.name, self.pragmas, self.build = source, name, pragmas, build
        self.tokens = tokens(source, name)
        self.i = 0
        self.seen: dict[str, list[int]] = {}  # package variables: the lines naming them
        self.nesting = 0  # parentheses, calls and unary operators open

    # -- tokens

    @property
    def token(self) -> Token:
        return self.tokens[self.i]

    def peek(self, ahead: int = 1) -> Token:
        return self.tokens[min(self.i + ahead, len(self.tokens) - 1)]

    def take(self) -> Token:
        token = self.token
        self.i = min(self.i + 1, len(self.tokens) - 1)
        return token

    def is_op(self, *texts: str) -> bool:
        return self.token.kind == "op" and self.token.text in texts

    def error(self, at: int | None = None) -> Unreadable:
        """perl's syntax error at a token: near it and the one before, or at EOF."""
        index = self.i if at is None else at
        token = self.tokens[index]
        if token.kind == "end":  # on the line of the last token (-e's code ends with a newline)
            line = self.tokens[index - 1].line if index else 1
            return Unreadable(f"syntax error at {self.name} line {line}, at EOF\n")
        start = self.tokens[index - 1].start if index else token.start
        near = self.source[start : token.end]
        return Unreadable(f'syntax error at {self.name} line {token.line}, near "{near}"\n')

    # -- statements

    def program(self) -> list[Statement]:
        statements: list[Statement] = []
        while self.token.kind != "end":
            if self.is_op(";"):
                self.take()
                continue
            line = self.token.line
            if self.token.kind == "word" and self.token.text in ("use", "no"):
                self.use()
                continue
            node = self.expression_list_statement()
            if not (self.is_op(";") or self.token.kind == "end"):
                raise self.error()
            _check_depth(node, self)
            statements.append(Statement(node, line))
        self.check_variables()
        return statements

    def expression_list_statement(self) -> Node:
        node = self.expression()
        if self.is_op(",", "=>"):  # a list in void context: its last value is what counts
            while self.is_op(",", "=>"):
                self.take()
                node = self.expression()
        return node

    def use(self) -> None:
        """`use MODULE LIST;`, `no MODULE;`, `use VERSION;`: loaded as the program compiles."""
        keyword = self.take()
        target = self.take()
        line = keyword.line
        if re.fullmatch(r"v\d+(\.\d+)*|\d[\d_]*(\.[\d_]*)*", target.text):
            self.require_version(target, line)
        elif target.kind != "word":
            raise self.error(self.i - 1)
        else:
            imports = self.import_list()
            where = f" at {self.name} line {line}"
            load(
                Module(target.text, imports, keyword.text == "use"), self.pragmas, self.build, where
            )
        if not (self.is_op(";") or self.token.kind == "end"):
            raise self.error()

    def import_list(self) -> tuple[str, ...] | None:
        """The strings (quoted, or in qw()) a `use` gives its module."""
        if self.is_op(";") or self.token.kind == "end":
            return None
        words: list[str] = []
        while True:
            token = self.take()
            if token.kind in ("sq", "dq"):
                words.append(token.text[1:-1])
            elif token.kind == "word" and token.text == "qw" and self.is_op("("):
                words += self.quoted_words()
            elif token.kind == "op" and token.text == "(" and self.is_op(")"):
                self.take()
            else:
                raise self.error(self.i - 1)
            if not self.is_op(","):
                return tuple(words)
            self.take()

    def quoted_words(self) -> list[str]:
        """qw(...)'s words, as written (they are no tokens of perl's)."""
        opening = self.take()
        closing = self.source.find(")", opening.end)
        if closing < 0:
            raise Unreadable(
                f'Can\'t find string terminator ")" anywhere before EOF at {self.name} line '
                f"{opening.line}.\n"
            )
        while self.token.kind != "end" and self.token.start <= closing:
            self.take()
        return self.source[opening.end : closing].split()

    def require_version(self, target: Token, line: int) -> None:
        """`use 5.010;` or `use v5.36;`: a newer perl is refused; 5.10 brings say, 5.12
        strict, 5.36 warnings."""
        wanted = _version_number(target.text)
        _, minor, patch = self.build.parts
        if wanted > (5, minor, patch):
            shown = "v" + ".".join(map(str, wanted))
            raise Unreadable(
                f"Perl {shown} required--this is only v5.{minor}.{patch}, stopped at "
                f"{self.name} line {line}.\nBEGIN failed--compilation aborted at "
                f"{self.name} line {line}.\n"
            )
        self.pragmas.say |= wanted >= (5, 10, 0)
        self.pragmas.strict |= wanted >= (5, 12, 0)
        self.pragmas.warnings |= wanted >= (5, 36, 0)

    # -- expressions, loosest first

    def expression(self) -> Node:
        return self.nested(self.additive)

    def nested(self, parse: Callable[[], Node]) -> Node:
        """What `parse` reads, one level deeper: deeper than any learner's one-liner goes,
        it is refused (its reading and running would exhaust Python's stack)."""
        if self.nesting >= _MAX_NESTING:
            raise self.error()
        self.nesting += 1
        try:
            return parse()
        finally:
            self.nesting -= 1

    def additive(self) -> Node:
        node = self.multiplicative()
        while self.is_op("+", "-", "."):
            at = self.i
            node = Binary(self.take().text, node, self.multiplicative(), at, self.pragmas.mode)
        return node

    def multiplicative(self) -> Node:
        node = self.unary()
        while self.is_op("*", "/", "%") or (self.token.kind == "word" and self.token.text == "x"):
            at = self.i
            node = Binary(self.take().text, node, self.unary(), at, self.pragmas.mode)
        return node

    def unary(self) -> Node:
        if self.is_op("!", "-", "+"):
            at = self.i
            op = self.take().text
            return Unary(op, self.nested(self.unary), at, self.pragmas.mode)
        return self.power()

    def power(self) -> Node:
        node = self.term()
        if self.is_op("**"):
            at = self.i
            self.take()
            node = Binary("**", node, self.nested(self.unary), at, self.pragmas.mode)
        return node

    def term(self) -> Node:
        token = self.token
        if token.kind == "num":
            self.take()
            return Const(self.number(token))
        if token.kind == "sq":
            self.take()
            return Const(re.sub(r"\\([\\'])", r"\1", token.text[1:-1]))
        if token.kind == "dq":
            self.take()
            return self.interpolated(token)
        if token.kind == "var":
            self.take()
            return self.variable(token)
        if self.is_op("("):
            self.take()
            node = self.expression()
            if not self.is_op(")"):
                raise self.error()
            self.take()
            return node
        if token.kind == "word":
            return self.call()
        raise self.error()

    def number(self, token: Token) -> Value:
        """A numeric literal, as the big-number pragma in force (if any) makes it."""
        text = token.text.replace("_", "")
        if re.fullmatch(r"0[xXbB].*|0[0-7]+", text):
            base = {"x": 16, "b": 2}.get(text[1:2].lower(), 8)
            digits = text[2:] if base != 8 else text
            if not digits:
                kind = "binary" if base == 2 else "hexadecimal"
                raise Unreadable(
                    f"No digits found for {kind} literal at {self.name} line {token.line}, "
                    f'near "{token.text}"\n'
                )
            return int(digits, base)
        if re.fullmatch(r"0\d+", text):
            raise Unreadable(
                f"Illegal octal digit '{next(c for c in text if c in '89')}' at {self.name} "
                f"line {token.line}, at end of line\n"
            )
        exact = Decimal(text)
        whole = exact == exact.to_integral_value()
        mode = self.pragmas.mode
        if not mode:
            return iv(int(exact)) if whole and not re.search(r"[.eE]", text) else float(exact)
        if whole or mode == "bigint":  # bigint truncates what is not an integer
            return int(exact)
        if mode == "bignum":
            return exact.normalize()
        return Fraction(exact)  # bigrat

    def variable(self, token: Token) -> Node:
        sigil, name = token.text[0], token.text[1:].strip("{}")
        if not re.fullmatch(r"\w+(::\w+)*", name) or (sigil == "@" and name == "_"):
            raise self.error(self.i - 1)  # punctuation variables, @_: not run here
        self.name_variable(sigil, name, token.line)
        return Var(sigil, name)

    def name_variable(self, sigil: str, name: str, line: int) -> None:
        """A package variable: refused under strict, counted for -w's once-only warning."""
        special = name in _SPECIAL_VARS or name.isdigit()
        if self.pragmas.strict and not special:
            raise Unreadable(
                f'Global symbol "{sigil}{name}" requires explicit package name (did you forget '
                f'to declare "my {sigil}{name}"?) at {self.name} line {line}.\n'
            )
        if not special:
            self.seen.setdefault(name, []).append(line)

    def interpolated(self, token: Token) -> Node:
        """A double-quoted string: its escapes, and the variables in it."""
        parts: list[str | Var] = []
        body = token.text[1:-1]
        for match in _INTERPOLATION.finditer(body):
            escape, sigil, name = match.group(1), match.group(2), match.group(3)
            if escape is not None:
                parts.append(self.escape(escape, token.line))
            elif sigil is not None:
                after = body[match.end() :]
                if not re.fullmatch(r"\{\w+\}|\w+(?:::\w+)*", name) or re.match(
                    r"\[|\{|->[\[{]", after
                ):
                    raise self.error(self.i - 1)  # elements, slices, expressions: not run here
                parts.append(self.interpolated_variable(sigil, name.strip("{}"), token.line))
            else:
                parts.append(match.group())
        merged = _merge(parts)
        if all(isinstance(p, str) for p in merged):
            return Const("".join(merged))  # type: ignore[arg-type]
        return Interpolated(tuple(merged))

    def escape(self, escape: str, line: int) -> str:
        if escape in _ESCAPES:
            return _ESCAPES[escape]
        if escape in tuple("ulULEQFNo"):
            raise self.error(self.i - 1)  # case changes, quoting, names: not run here
        if escape[0] == "x":
            digits = escape[1:].strip("{}")
            return chr(int(digits, 16)) if digits else "\0"
        if escape[0] in "01234567":
            return chr(int(escape, 8))
        if escape.isalnum() and self.pragmas.warnings:
            self.pragmas.compile_warnings.append(
                f"Unrecognized escape \\{escape} passed through at {self.name} line {line}.\n"
            )
        return escape

    def interpolated_variable(self, sigil: str, name: str, line: int) -> str | Var:
        if sigil == "@" and name not in ("ARGV", "_") and self.pragmas.warnings:
            self.pragmas.compile_warnings.append(
                f"Possible unintended interpolation of @{name} in string at {self.name} "
                f"line {line}.\n"
            )
        self.name_variable(sigil, name, line)
        return Var(sigil, name)

    def check_variables(self) -> None:
        """-w's warning for a package variable named only once (a typo, perl supposes)."""
        if not self.pragmas.warnings:
            return
        for name, lines in self.seen.items():
            if len(lines) == 1:
                self.pragmas.compile_warnings.append(
                    f'Name "main::{name}" used only once: possible typo at {self.name} line '
                    f"{lines[0]}.\n"
                )

    # -- calls

    def call(self) -> Node:
        at = self.i
        word = self.take().text
        if word in ("print", "say"):
            if word == "say" and not self.pragmas.say:
                raise self.error()  # a bareword followed by a term: perl sees no operator
            return self.print_call(word, at)
        if word in ("die", "warn"):
            return Call(word, self.list_args(), at)
        if word in ("exit", "sleep") or (word == "bpi" and self.pragmas.bpi):
            return Call(word, self.unary_arg(), at)
        if (
            _BUILTINS.fullmatch(word)
            or word in self.pragmas.imported
            or (self.pragmas.anything and word.islower())
        ):
            raise self.error(at)  # perl's, or a module's: not run here
        if not self.is_op("("):
            raise self.error()  # a bareword: a string, a filehandle or a typo, not run here
        return Call(word, self.list_args(), at, defined=False)

    def print_call(self, word: str, at: int) -> Call:
        parens = self.is_op("(")
        if parens:
            self.take()
        handle = "STDOUT"
        named = self.token.kind == "word" and self.token.text in ("STDOUT", "STDERR")
        if named and (self.peek().kind != "op" or self.peek().text in (";", ")")):
            handle = self.take().text  # a filehandle: followed by a term, not an operator
        args = self.list_until(")" if parens else None)
        if parens:
            self.take()
        return Call(word, args, at, handle)

    def list_args(self) -> tuple[Node, ...]:
        """A list operator's arguments: in parentheses, or the rest of the statement."""
        if self.is_op("("):
            self.take()
            args = self.list_until(")")
            self.take()
            return args
        return self.list_until(None)

    def list_until(self, closing: str | None) -> tuple[Node, ...]:
        args: list[Node] = []
        while not (self.is_op(";") or self.token.kind == "end"):
            if closing and self.is_op(closing):
                return tuple(args)
            if self.is_op(")"):
                break
            args.append(self.expression())
            if not self.is_op(",", "=>"):
                break
            self.take()
        if closing and not self.is_op(closing):
            raise self.error()
        return tuple(args)

    def unary_arg(self) -> tuple[Node, ...]:
        """A named unary operator's argument, if it has one."""
        if self.is_op("("):
            self.take()
            args = self.list_until(")")
            self.take()
            return args[:1]
        if self.is_op(";", ")", ",") or self.token.kind == "end":
            return ()
        return (self.additive(),)


_INTERPOLATION = re.compile(
    r"\\(x\{[0-9a-fA-F]*\}|x[0-9a-fA-F]{0,2}|[0-7]{1,3}|.)"  # an escape
    r"|([$@])(\{[^}]*\}?|\w+(?:::\w+)*)"  # a variable
    r"|[^\\$@]+|[$@]",
    re.DOTALL,
)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "a": "\a", "e": "\x1b"}


def _check_depth(node: Node, parser: Parser) -> None:
    """Refuse an expression deeper than _MAX_DEPTH (a chain of thousands of `+`), at its
    deepest operator: running it would exhaust Python's stack."""
    pending: list[tuple[Node, int]] = [(node, 1)]
    while pending:
        node, depth = pending.pop()
        if depth >= _MAX_DEPTH and isinstance(node, Binary | Unary | Call):
            raise parser.error(node.at)
        if isinstance(node, Binary):
            pending += [(node.left, depth + 1), (node.right, depth + 1)]
        elif isinstance(node, Unary):
            pending.append((node.operand, depth + 1))
        elif isinstance(node, Call):
            pending += [(arg, depth + 1) for arg in node.args]


def _merge(parts: list[str | Var]) -> list[str | Var]:
    merged: list[str | Var] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        elif part != "":
            merged.append(part)
    return merged


def _version_number(text: str) -> tuple[int, ...]:
    """5.010, 5.10.1, v5.36 -> (5, 10, 0) and so on."""
    text = text.replace("_", "")
    if text.startswith("v") or text.count(".") > 1:
        parts = [int(p) for p in text.lstrip("v").split(".")]
        return tuple([*parts, 0, 0][:3])
    whole, _, fraction = text.partition(".")
    fraction = (fraction + "000000")[:6]
    return (int(whole or 0), int(fraction[:3]), int(fraction[3:]))


def load(module: Module, pragmas: Pragmas, build: Build, where: str) -> None:
    """`use` (or `no`) of a module, at compile time: what it sets, or perl's message for a
    module the image has not."""
    name, imports = module.name, module.imports
    if name in ("strict", "warnings"):
        setattr(pragmas, name, module.use)
    elif name == "feature":
        named = set(imports or ())
        if "say" in named or ":all" in named or any(w.startswith(":5.") for w in named):
            pragmas.say = module.use
    elif name in _BIG_MATH:
        if name in _BIG:
            pragmas.mode = name if module.use else ""
        if pragmas.load_ms == 0:
            pragmas.load_ms = BIG_MATH_LOAD_MS
        names = {w for w in imports or () if re.fullmatch(r"[A-Za-z_]\w*", w)}
        if name in _BPI_FROM and "bpi" in names:
            pragmas.bpi = True
            names.remove("bpi")
        pragmas.imported |= names
    elif _INERT.fullmatch(name):
        pragmas.imported |= {w for w in imports or () if re.fullmatch(r"[A-Za-z_]\w*", w)}
        if imports is None and name in _DEFAULT_EXPORTS:
            defaults = _DEFAULT_EXPORTS[name]
            pragmas.anything |= defaults is None
            pragmas.imported |= defaults or set()
    else:
        raise _not_found(name, build, where)


def _not_found(name: str, build: Build, where: str) -> Unreadable:
    path = name.replace("::", "/") + ".pm"
    checked = "contains" if build.parts[1] < 38 else "entries checked"  # reworded in 5.38
    return Unreadable(
        f"Can't locate {path} in @INC (you may need to install the {name} module) "
        f"(@INC {checked}: {' '.join(inc(build))}){where}.\n"
        f"BEGIN failed--compilation aborted{where}.\n"
    )
