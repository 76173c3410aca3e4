"""redis-cli: its options, the commands it reads on stdin, how it fails to connect, and its
prompt at a terminal (a session of one exec a line)."""

import pytest

from cluster.engine.node import programs, redis, redis_cli
from tests.cluster.engine.node.fake_dns import DNS, FakeDNS

START = 1_767_225_600_000


def context(listening: bool = True, **given: object) -> programs.Context:
    """A redis pod's context: its server on 6379 (or nothing listening)."""
    keyspace = redis.Keyspace()

    def converse(ip, port, commands):
        if not listening or port != 6379:
            return None
        connection = redis.Connection(keyspace, (), (8, 2, 2), 0)
        return [connection.run(argv) for argv in commands]

    return programs.Context(
        "redis", "10.244.1.2", (), start_unix_ms=START, converse=converse, **given
    )


def output(process) -> tuple[str, str, int]:
    streams = {"stdout": "", "stderr": ""}
    for line in process.lines:
        streams[line.stream] += "".join(line.text) + line.end
    return streams["stdout"], streams["stderr"], process.exit_code


def cli(*argv: str, **given: object) -> tuple[str, str, int]:
    return output(redis_cli.redis_cli(None, None, ["redis-cli", *argv], context(**given)))


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("set a 1", ["set", "a", "1"]),
        ("  set \"x y\"   '1 2'  ", ["set", "x y", "1 2"]),
        ("echo \"a\\nb\" 'it\\'s'", ["echo", "a\nb", "it's"]),
        ("", []),
    ],
)
def test_lines_split_into_words_as_sdssplitargs_splits_them(line, words):
    assert redis_cli.split_args(line) == words


@pytest.mark.parametrize("line", ['set "a', "set 'a", 'set "a"b'])
def test_an_unbalanced_or_glued_quote_is_refused(line):
    with pytest.raises(redis_cli.InvalidArguments):
        redis_cli.split_args(line)


def test_options_and_failures():
    assert cli("-n", "2", "set", "k", "v") == ("OK\n", "", 0)
    assert cli("-n", "16", "ping") == ("", "SELECT 16 failed: ERR DB index is out of range\n", 1)
    assert cli("-z") == ("", "Unrecognized option or bad number of args for: '-z'\n", 1)
    assert cli("-p", "6380", "ping")[1:] == (
        "Could not connect to Redis at 127.0.0.1:6380: Connection refused\n",
        1,
    )
    assert cli("--no-raw", "mget", "a", "b") == ("1) (nil)\n2) (nil)\n", "", 0)


RESOLV = (
    (
        "/etc/resolv.conf",
        "search default.svc.cluster.local svc.cluster.local cluster.local\n"
        f"nameserver {DNS}\noptions ndots:5\n",
    ),
)


def test_a_host_is_looked_up_for_ipv4_addresses_by_the_images_c_library():
    dns = FakeDNS({"redis.default.svc.cluster.local.": "10.96.5.5"})
    assert cli("-h", "redis", "ping", files=RESOLV, query=dns) == ("PONG\n", "", 0)
    assert dns.questions() == ["A redis.default.svc.cluster.local."]


@pytest.mark.parametrize(
    ("libc", "outside", "why", "took"),
    [
        ("glibc", "NXDOMAIN", "Name or service not known", 0),
        ("glibc", "SERVFAIL", "Temporary failure in name resolution", 0),
        ("musl", "NXDOMAIN", "Name does not resolve", 0),
        ("musl", "SERVFAIL", "Try again", 10_000),  # waited out for A, then for AAAA
    ],
    ids=["debian", "debian-offline", "alpine", "alpine-offline"],
)
def test_a_host_nobody_has_fails_in_the_librarys_words(libc, outside, why, took):
    given = context(files=RESOLV, query=FakeDNS(outside=outside), libc=libc)
    process = redis_cli.redis_cli(None, None, ["redis-cli", "-h", "db", "ping"], given)
    assert output(process) == ("", f"Could not connect to Redis at db:6379: {why}\n", 1)
    assert process.exit_ms == took


def test_on_a_terminal_replies_are_shown_as_redis_cli_shows_them_there():
    assert cli("incr", "n", tty=True) == ("(integer) 1\n", "", 0)
    assert cli("--raw", "incr", "n", tty=True) == ("1\n", "", 0)
    assert cli("echo", 'say "hi"\n', tty=True)[0] == '"say \\"hi\\"\\n"\n'


def test_without_a_command_it_runs_the_lines_of_stdin():
    assert cli(stdin='set k "a b"\n\nget k\nget nope\n') == ("OK\na b\n\n", "", 0)
    assert cli(stdin="") == ("", "", 0)
    assert cli(stdin='set k v\nget "k\nget k\n') == ("OK\nInvalid argument(s)\nv\n", "", 0)
    assert cli(stdin='get "k\n') == ("Invalid argument(s)\n", "", 0)


def typed(pod, state, line):
    return redis_cli.repl(pod, state, ["redis-cli", "-c", line])


def test_at_a_terminal_it_prompts_and_keeps_the_database_selected():
    pod = context()
    started = redis_cli.repl(pod, {"interactive": True}, ["redis-cli"])
    assert (started.output, started.prompt) == ("", "127.0.0.1:6379> ")
    assert typed(pod, started.state, "set k v").output == "OK\n"
    selected = typed(pod, started.state, "select 3")
    assert (selected.state["db"], selected.prompt) == (3, "127.0.0.1:6379[3]> ")
    assert typed(pod, selected.state, "get k").output == "(nil)\n"
    assert typed(pod, started.state, "get k").output == '"v"\n'
    assert typed(pod, started.state, 'get "k').output == "Invalid argument(s)\n"
    assert typed(pod, started.state, "QUIT") == redis_cli.ReplLine()


def test_its_options_name_the_server_and_database_it_prompts_for():
    started = redis_cli.repl(context(), {"interactive": True}, ["redis-cli", "-n", "2"])
    assert started.prompt == "127.0.0.1:6379[2]> "
    elsewhere = redis_cli.repl(context(), {"interactive": True}, ["redis-cli", "-p", "7000"])
    assert elsewhere.prompt == "not connected> "
    assert typed(context(), elsewhere.state, "ping").output == (
        "Could not connect to Redis at 127.0.0.1:7000: Connection refused\n"
    )
    assert [
        redis_cli.prompts(argv) for argv in (["redis-cli", "-h", "db"], ["redis-cli", "ping"])
    ] == [
        True,
        False,
    ]


def test_at_a_terminal_with_no_server_it_says_not_connected():
    started = redis_cli.repl(context(listening=False), {"interactive": True}, ["redis-cli"])
    assert started.prompt == "not connected> "
    answer = typed(context(listening=False), started.state, "ping")
    assert answer.output == "Could not connect to Redis at 127.0.0.1:6379: Connection refused\n"


@pytest.mark.parametrize(
    "state",
    [
        {"program": "redis-cli", "interactive": True, "host": "h", "port": 1, "db": 99},
        {"program": "redis-cli", "interactive": True, "host": "h", "port": 1, "db": 0, "cwd": "/"},
        {"program": "redis-cli", "interactive": True, "db": 0},
        {"program": "nano", "interactive": True},
    ],
)
def test_a_session_state_no_prompt_gives_is_refused(state):
    with pytest.raises(ValueError):
        programs.check_session(state)
