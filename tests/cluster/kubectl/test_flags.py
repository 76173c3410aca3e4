"""The flags' values as Go's libraries read and print them."""

import pytest

from cluster.kubectl import flags


@pytest.mark.parametrize(
    ("nanoseconds", "expected"),
    [
        (0, "0s"),
        (500 * 10**6, "500ms"),
        (1500 * 10**6, "1.5s"),
        (30 * 10**9, "30s"),
        (90 * 10**9, "1m30s"),
        (2 * 3600 * 10**9, "2h0m0s"),
        (-5 * 10**9, "-5s"),
        (2**63 - 1, "2562047h47m16.854775807s"),
    ],
)
def test_durations_print_as_go_prints_them(nanoseconds, expected):
    assert flags.duration_string(nanoseconds) == expected
