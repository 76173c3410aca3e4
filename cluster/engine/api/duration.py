"""Durations the way kubectl prints them (k8s.io/apimachinery/pkg/util/duration)."""


def human(seconds: float) -> str:
    """HumanDuration: `12s`, `2m3s`, `15m`, `3h10m`, `2d4h`, `1y30d`."""
    whole = int(seconds)
    if whole < -1:
        return "<invalid>"
    if whole < 0:
        return "0s"
    if whole < 120:
        return f"{whole}s"
    minutes = whole // 60
    if minutes < 10:
        rest = whole % 60
        return f"{minutes}m{rest}s" if rest else f"{minutes}m"
    if minutes < 180:
        return f"{minutes}m"
    hours = whole // 3600
    if hours < 8:
        rest = minutes % 60
        return f"{hours}h{rest}m" if rest else f"{hours}h"
    if hours < 48:
        return f"{hours}h"
    if hours < 24 * 8:
        rest = hours % 24
        return f"{hours // 24}d{rest}h" if rest else f"{hours // 24}d"
    if hours < 24 * 365 * 2:
        return f"{hours // 24}d"
    if hours < 24 * 365 * 8:
        rest = (hours // 24) % 365
        years = hours // 24 // 365
        return f"{years}y{rest}d" if rest else f"{years}y"
    return f"{hours // 24 // 365}y"


# -- time.ParseDuration ----------------------------------------------------------------

_UNITS_NS = {
    "ns": 1,
    "us": 10**3,
    "µs": 10**3,  # U+00B5, the micro sign
    "μs": 10**3,  # U+03BC, the Greek letter mu
    "ms": 10**6,
    "s": 10**9,
    "m": 60 * 10**9,
    "h": 3600 * 10**9,
}
_MAX_NS = 1 << 63  # d may reach it only when negative


class DurationError(ValueError):
    """time.ParseDuration's error, worded as Go words it."""


def parse_duration(text: str) -> int:
    """time.ParseDuration, in nanoseconds: `[-+]?([0-9]*(\\.[0-9]*)?[a-z]+)+`, e.g. `90s`,
    `1h30m`, `1.5h`, `-2ms`, `0`; Go's overflow limits and error texts."""
    invalid = DurationError(f"time: invalid duration {go_time_quote(text)}")
    rest, negative = text, False
    if rest[:1] in ("-", "+"):
        negative, rest = rest[0] == "-", rest[1:]
    if rest == "0":
        return 0
    if not rest:
        raise invalid
    total = 0
    while rest:
        nanoseconds, rest = _duration_part(text, rest, invalid)
        total = (total + nanoseconds) % (1 << 64)  # a uint64, as Go adds them
        if total > _MAX_NS:
            raise invalid
    if negative:
        return -total
    if total > _MAX_NS - 1:
        raise invalid
    return total


def _duration_part(text: str, rest: str, invalid: DurationError) -> tuple[int, str]:
    """One number and its unit off the front of `rest`, in nanoseconds, and what follows."""
    if not (rest[0] == "." or "0" <= rest[0] <= "9"):
        raise invalid
    whole, after = _leading_int(rest)
    if whole is None:
        raise invalid
    pre = len(after) != len(rest)  # digits before a period
    fraction, scale, post = 0, 1.0, False
    if after[:1] == ".":
        fraction, scale, tail = _leading_fraction(after[1:])
        post, after = len(tail) != len(after) - 1, tail
    if not pre and not post:
        raise invalid  # no digits at all: ".s", "-.s"
    end = 0
    while end < len(after) and not (after[end] == "." or "0" <= after[end] <= "9"):
        end += 1
    if end == 0:
        raise DurationError(f"time: missing unit in duration {go_time_quote(text)}")
    unit_name, after = after[:end], after[end:]
    unit = _UNITS_NS.get(unit_name)
    if unit is None:
        raise DurationError(
            f"time: unknown unit {go_time_quote(unit_name)} in duration {go_time_quote(text)}"
        )
    if whole > _MAX_NS // unit:
        raise invalid
    value = whole * unit
    if fraction > 0:
        # float64, as Go computes it (nanosecond-accurate for fractions of an hour)
        value += int(float(fraction) * (float(unit) / scale))
        if value > _MAX_NS:
            raise invalid
    return value, after


def _leading_int(text: str) -> tuple[int | None, str]:
    """leadingInt: the digits at the front and what follows; None when they overflow."""
    value, at = 0, 0
    while at < len(text) and "0" <= text[at] <= "9":
        if value > _MAX_NS // 10:
            return None, text
        value = value * 10 + ord(text[at]) - ord("0")
        if value > _MAX_NS:
            return None, text
        at += 1
    return value, text[at:]


def _leading_fraction(text: str) -> tuple[int, float, str]:
    """leadingFraction: the digits at the front as an integer over `scale`, precision past
    what fits dropped, and what follows."""
    value, scale, at, overflow = 0, 1.0, 0, False
    while at < len(text) and "0" <= text[at] <= "9":
        at += 1
        if overflow:
            continue
        if value > (_MAX_NS - 1) // 10:
            overflow = True
            continue
        candidate = value * 10 + ord(text[at - 1]) - ord("0")
        if candidate > _MAX_NS:
            overflow = True
            continue
        value, scale = candidate, scale * 10
    return value, scale, text[at:]


def go_time_quote(text: str) -> str:
    """The time package's own quote: ASCII as is (with `"` and `\\` escaped), every byte of
    anything else, and of control characters, as \\xNN."""
    out = ['"']
    for char in text:
        if char >= "\x80" or char < " ":
            out.extend(f"\\x{byte:02x}" for byte in char.encode("utf-8", "surrogatepass"))
        else:
            out.append("\\" + char if char in '"\\' else char)
    out.append('"')
    return "".join(out)
