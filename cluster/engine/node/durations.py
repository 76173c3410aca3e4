"""Durations as the kubelet's messages print them (Go's time.Duration.String), and as
busybox's applets read them."""

import re

_BUSYBOX = re.compile(r"^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$")
_UNITS = {"": 1000, "s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000}


def go(ms: int) -> str:
    """`200ms`, `2.88s`, `1m20s`, `5m0s`, `1h0m0s`: how `%v` prints a time.Duration."""
    if ms == 0:
        return "0s"
    if ms < 1000:
        return f"{ms}ms"
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    text = f"{seconds}{f'.{millis:03d}'.rstrip('0') if millis else ''}s"
    if hours:
        return f"{hours}h{minutes}m{text}"
    return f"{minutes}m{text}" if minutes else text


def busybox_ms(text: str) -> int | None:
    """`1.5`, `2m`, `1d`: a duration as busybox's parse_duration_str reads it, in ms (None:
    not one)."""
    match = _BUSYBOX.match(text)
    if match is None:
        return None
    return int(float(match.group(1)) * _UNITS[match.group(2)])
