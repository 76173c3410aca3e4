"""Durations as the kubelet's messages print them: Go's time.Duration.String."""


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
