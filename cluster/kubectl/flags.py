"""Command-line flags parsed as kubectl's (pflag) are: `--name=value`, `--name value`,
`-n value`, `-nvalue`, booleans that take `=false`, and `--` to end the flags."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cluster.kubectl.context import ExitError


@dataclass(frozen=True, slots=True)
class Flag:
    name: str
    short: str = ""
    boolean: bool = False
    default: str | bool | None = None
    repeated: bool = False


GLOBAL = (
    Flag("namespace", "n"),
    Flag("kubeconfig"),
    Flag("context"),
    Flag("cluster"),
    Flag("user"),
    Flag("server", "s"),
    Flag("token"),
    Flag("request-timeout", default="0"),
    Flag("v", "v", default="0"),
    Flag("as"),
    Flag("as-group", repeated=True),
    Flag("as-uid"),
    Flag("help", "h", boolean=True),
)


@dataclass
class Parsed:
    values: dict[str, object] = field(default_factory=dict)
    args: list[str] = field(default_factory=list)
    after_dash: list[str] = field(default_factory=list)
    dashed: bool = False
    given: list[tuple[str, str]] = field(default_factory=list)  # each flag set, in order

    def was_given(self, name: str) -> bool:
        """Whether the flag was set (pflag's Changed), even to its default."""
        return any(flag == name for flag, _ in self.given)

    def get(self, name: str, default: object = None) -> object:
        return self.values.get(name, default)

    def text(self, name: str, default: str = "") -> str:
        value = self.values.get(name)
        return default if value is None else str(value)

    def flag(self, name: str) -> bool:
        return bool(self.values.get(name))

    def list(self, name: str) -> list[str]:
        value = self.values.get(name)
        return list(value) if isinstance(value, list) else []


def parse(argv: list[str], flags: tuple[Flag, ...], command: str) -> Parsed:
    """Split argv into flag values and arguments; unknown flags end with kubectl's error."""
    by_long = {f.name: f for f in (*GLOBAL, *flags)}
    by_short = {f.short: f for f in (*GLOBAL, *flags) if f.short}
    parsed = Parsed({f.name: f.default for f in (*GLOBAL, *flags) if f.default is not None})
    i = 0
    while i < len(argv):
        word = argv[i]
        i += 1
        if word == "--":
            parsed.dashed = True
            parsed.after_dash = argv[i:]
            break
        if word.startswith("--"):
            name, eq, value = word[2:].partition("=")
            spec = by_long.get(name)
            if spec is None:
                raise _unknown(f"unknown flag: --{name}", command)
        elif word.startswith("-") and len(word) > 1:
            name, value = word[1], word[2:]
            spec = by_short.get(name)
            if spec is None:
                raise _unknown(f"unknown shorthand flag: '{name}' in {word}", command)
            if spec.boolean and value and not value.startswith("="):
                argv = [*argv[:i], f"-{value}", *argv[i:]]  # `-it`: booleans run together
                value = ""
            eq = "=" if value else ""
            value = value.removeprefix("=")
        else:
            parsed.args.append(word)
            continue
        if spec.boolean:
            parsed.values[spec.name] = _boolean(value, spec, command) if eq else True
            parsed.given.append((spec.name, str(parsed.values[spec.name]).lower()))
            continue
        if not eq:
            if i >= len(argv):
                named = f"--{spec.name}" if word.startswith("--") else f"'{spec.short}' in {word}"
                raise _unknown(f"flag needs an argument: {named}", command)
            value = argv[i]
            i += 1
        parsed.given.append((spec.name, value))
        if spec.repeated:
            current = parsed.values.get(spec.name)
            parsed.values[spec.name] = [*(current if isinstance(current, list) else []), value]
        else:
            parsed.values[spec.name] = value
    return parsed


def integer(opts: Parsed, name: str, command: str) -> int:
    """An integer flag's value; a malformed one ends the command as pflag words it."""
    text = opts.text(name)
    try:
        return int(text)
    except ValueError:
        raise _unknown(
            f'invalid argument "{text}" for "--{name}" flag: strconv.ParseInt: parsing '
            f'"{text}": invalid syntax',
            command,
        ) from None


_GO_INT = re.compile(r"[+-]?[0-9]+")


def int_or_string(text: str) -> int | str:
    """intstr.Parse: a number when strconv.ParseInt reads one that fits an int32, else the
    string as it is."""
    if _GO_INT.fullmatch(text) and -(2**31) <= int(text) < 2**31:
        return int(text)
    return text


NANOSECONDS = {"ns": 1, "us": 10**3, "µs": 10**3, "μs": 10**3, "ms": 10**6, "s": 10**9}
NANOSECONDS.update(m=60 * 10**9, h=3600 * 10**9)
_PART = re.compile(r"(\d*\.?\d*)([^\d.]*)")


def go_duration(text: str) -> int:
    """time.ParseDuration, in nanoseconds: `90s`, `1h30m`, `1.5h`, `0`."""
    sign, rest = (-1, text[1:]) if text.startswith("-") else (1, text.removeprefix("+"))
    if rest == "0":
        return 0
    if not rest:
        raise ValueError(f'time: invalid duration "{text}"')
    total, at = 0.0, 0
    while at < len(rest):
        found = _PART.match(rest, at)
        number, unit = found.groups() if found else ("", "")
        if number in ("", "."):
            raise ValueError(f'time: invalid duration "{text}"')
        if not unit:
            raise ValueError(f'time: missing unit in duration "{text}"')
        if unit not in NANOSECONDS:
            raise ValueError(f'time: unknown unit "{unit}" in duration "{text}"')
        total += float(number) * NANOSECONDS[unit]
        at = found.end() if found else len(rest)
    return sign * round(total)


def duration_string(nanoseconds: int) -> str:
    """time.Duration.String: `0s`, `500ms`, `1.5s`, `1m30s`, `2h0m0s`."""
    if nanoseconds == 0:
        return "0s"
    sign, left = ("-", -nanoseconds) if nanoseconds < 0 else ("", nanoseconds)
    if left < 10**9:
        for unit, size in (("ms", 10**6), ("µs", 10**3), ("ns", 1)):
            if left >= size:
                return f"{sign}{_decimal(left, size)}{unit}"
    hours, left = divmod(left, 3600 * 10**9)
    minutes, left = divmod(left, 60 * 10**9)
    seconds = f"{_decimal(left, 10**9)}s"
    if hours:
        return f"{sign}{hours}h{minutes}m{seconds}"
    return f"{sign}{minutes}m{seconds}" if minutes else f"{sign}{seconds}"


def _decimal(value: int, unit: int) -> str:
    """`value / unit` with as many decimals as it needs."""
    whole, fraction = divmod(value, unit)
    digits = str(fraction).rjust(len(str(unit)) - 1, "0").rstrip("0")
    return f"{whole}.{digits}" if digits else str(whole)


def duration(opts: Parsed, name: str, command: str, default: str = "0s") -> int:
    """A duration flag in nanoseconds, as time.ParseDuration reads it (pflag's error if it
    cannot)."""
    text = opts.text(name, default)
    try:
        return go_duration(text)
    except ValueError as error:
        raise _unknown(f'invalid argument "{text}" for "--{name}" flag: {error}', command) from None


def _boolean(value: str, spec: Flag, command: str) -> bool:
    if value.lower() in ("true", "1", "t"):
        return True
    if value.lower() in ("false", "0", "f"):
        return False
    named = f"-{spec.short}, --{spec.name}" if spec.short else f"--{spec.name}"
    raise _unknown(
        f'invalid argument "{value}" for "{named}" flag: '
        f'strconv.ParseBool: parsing "{value}": invalid syntax',
        command,
    )


def _unknown(message: str, command: str) -> ExitError:
    """kubectl's error for flags that do not parse; COMMAND is "" for kubectl itself."""
    if command == "options":  # it takes no flags of its own, and says so
        return ExitError(f"error: {message}\nRun 'kubectl options' without flags.")
    if command == "diff":  # its own FlagErrorFunc: a usage error, whose exit code is 2 there
        return ExitError(f"error: {message}\nSee 'kubectl diff -h' for help and examples", 2)
    return ExitError(
        f"error: {message}\nSee '{' '.join(('kubectl', *command.split()))} --help' for usage."
    )
