"""Options read as Go's flag package and getopt read them."""

import pytest

from cluster.engine.node import options


@pytest.mark.parametrize(
    ("argv", "name", "attached", "found"),
    [
        (["netexec", "--http-port=8080"], "--http-port", "=", "8080"),
        (["netexec", "--http-port", "8081"], "--http-port", "=", "8081"),
        (["netexec"], "--http-port", "=", None),
        (["wget", "-T5", "x"], "-T", "", "5"),
        (["wget", "-O", "out.html", "x"], "-O", "", "out.html"),
        (["stress", "--vm-bytes=150M"], "--vm", "=", None),  # another option's prefix
    ],
)
def test_an_options_value(argv, name, attached, found):
    assert options.value(argv, name, attached) == found
