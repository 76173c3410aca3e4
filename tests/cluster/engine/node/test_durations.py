"""Durations as the kubelet's messages print them (Go's time.Duration.String)."""

import pytest

from cluster.engine.node import durations


@pytest.mark.parametrize(
    ("ms", "text"),
    [
        (0, "0s"),
        (200, "200ms"),
        (2_880, "2.88s"),
        (10_000, "10s"),
        (80_000, "1m20s"),
        (160_000, "2m40s"),
        (300_000, "5m0s"),
        (3_600_000, "1h0m0s"),
        (3_723_450, "1h2m3.45s"),
    ],
)
def test_a_duration_reads_as_go_prints_it(ms, text):
    assert durations.go(ms) == text
