"""Durations: time.ParseDuration's values, limits and error texts."""

import pytest

from cluster.engine.api.duration import DurationError, parse_duration

SECOND = 10**9


@pytest.mark.parametrize(
    ("text", "nanoseconds"),
    [
        ("0", 0),
        ("+0", 0),
        ("-0", 0),
        ("5s", 5 * SECOND),
        ("1478s", 1478 * SECOND),
        ("-5s", -5 * SECOND),
        ("+5s", 5 * SECOND),
        ("-0.5s", -SECOND // 2),
        ("1h", 3600 * SECOND),
        ("1.5h", 5400 * SECOND),
        ("1h30m", 5400 * SECOND),
        ("2m3.4s", 123_400_000_000),
        ("5.s", 5 * SECOND),
        (".5s", SECOND // 2),
        ("10.5ms", 10_500_000),
        ("1µs", 1000),  # the micro sign
        ("1μs", 1000),  # the Greek mu
        ("1us", 1000),
        ("100ns", 100),
        ("1.00000000000000000000001s", SECOND),  # digits past what fits are dropped
        ("2562047h47m16.854775807s", 2**63 - 1),
        ("9223372036854775807ns", 2**63 - 1),
        ("-9223372036854775808ns", -(2**63)),
    ],
)
def test_parse_duration(text, nanoseconds):
    assert parse_duration(text) == nanoseconds


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", 'time: invalid duration ""'),
        ("-", 'time: invalid duration "-"'),
        ("s", 'time: invalid duration "s"'),
        (".", 'time: invalid duration "."'),
        ("+.s", 'time: invalid duration "+.s"'),
        (" 1h", 'time: invalid duration " 1h"'),
        ("3", 'time: missing unit in duration "3"'),
        ("1.5.5s", 'time: missing unit in duration "1.5.5s"'),
        ("1d", 'time: unknown unit "d" in duration "1d"'),
        ("1h 2m", 'time: unknown unit "h " in duration "1h 2m"'),
        ("9223372036854775808ns", 'time: invalid duration "9223372036854775808ns"'),
        ("2562048h", 'time: invalid duration "2562048h"'),
        ("99999999999999999999s", 'time: invalid duration "99999999999999999999s"'),
        # the time package quotes bytes, not runes
        ("1é", 'time: unknown unit "\\xc3\\xa9" in duration "1\\xc3\\xa9"'),
        ('1"s', 'time: unknown unit "\\"s" in duration "1\\"s"'),
        ("\x01s", 'time: invalid duration "\\x01s"'),
    ],
)
def test_a_duration_that_does_not_parse_says_why_in_gos_words(text, message):
    with pytest.raises(DurationError) as error:
        parse_duration(text)
    assert str(error.value) == message
