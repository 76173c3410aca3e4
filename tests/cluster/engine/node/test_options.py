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


FLAGS = (
    options.GoFlag("tcp", "bool", "false", "Serve raw over TCP."),
    options.GoFlag("http", "bool", "true", "Serve HTTP."),
    options.GoFlag("port", "int", "9376", "Port number."),
)


@pytest.mark.parametrize(
    ("args", "found"),
    [
        ([], {"tcp": "false", "http": "true", "port": "9376"}),
        (["-port=80", "--tcp"], {"tcp": "true", "http": "true", "port": "80"}),
        (["--port", "0x50", "-http=F"], {"tcp": "false", "http": "false", "port": "80"}),
        (["-port", "0120"], {"tcp": "false", "http": "true", "port": "80"}),  # octal
        # flags end at the first word that is none, or after --
        (["-tcp", "x", "-port=1"], {"tcp": "true", "http": "true", "port": "9376"}),
        (["--", "-tcp"], {"tcp": "false", "http": "true", "port": "9376"}),
    ],
)
def test_go_flags_read_as_the_flag_package_reads_them(args, found):
    assert options.go_flags(["/prog", *args], FLAGS) == found


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["-udp"], "flag provided but not defined: -udp"),
        (["-port"], "flag needs an argument: -port"),
        (["-port=80x"], 'invalid value "80x" for flag -port: parse error'),
        (
            ["-port", "1" + "0" * 19],
            f'invalid value "1{"0" * 19}" for flag -port: value out of range',
        ),
        (["-http=yes"], 'invalid boolean value "yes" for -http: parse error'),
        (["---port=1"], "bad flag syntax: ---port=1"),
        (["-=1"], "bad flag syntax: -=1"),
        (["-help"], ""),
    ],
)
def test_what_the_flag_package_says_of_a_wrong_flag(args, error):
    with pytest.raises(options.GoFlagError) as raised:
        options.go_flags(["/prog", *args], FLAGS)
    assert str(raised.value) == error


def test_go_usage_lists_the_flags_sorted_with_the_defaults_that_are_not_zero():
    assert options.go_usage("/prog", FLAGS) == (
        "Usage of /prog:\n"
        "  -http\n    \tServe HTTP. (default true)\n"
        "  -port int\n    \tPort number. (default 9376)\n"
        "  -tcp\n    \tServe raw over TCP.\n"
    )
