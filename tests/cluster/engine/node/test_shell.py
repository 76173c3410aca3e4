"""The shell that works a container's commands out ahead: what they print and when, the files
they leave, when they exit, and loops that run forever."""

import pytest

from cluster.engine.node.process import Process, Server, render
from cluster.engine.node.shell import Context, Shell

START = 1_767_225_600_000  # 2026-01-01T00:00:00Z


def server(argv: list[str], stdin: str, after_ms: int) -> Process | None:
    """A program of the image: `serve` listens on 80 forever; anything else is missing."""
    return Process(servers=(Server(80),)) if argv[0] == "serve" else None


def run(script: str, tools: str = "busybox", dialect: str = "ash") -> Process:
    context = Context(
        {"PATH": ("/bin",), "HOSTNAME": ("web",)},
        {"/etc/hostname": ("web\n",)},
        "web",
        START,
        tools,
        dialect,
    )
    return Shell(context, server).run_script(script)


def output(process: Process, until_ms: int = 3_600_000) -> list[tuple[int, str, str]]:
    return [
        (line.at_ms, line.stream, render(line.text, START + line.at_ms))
        for line in process.output(until_ms)
    ]


@pytest.mark.parametrize(
    ("script", "lines", "exit_ms", "code"),
    [
        ("echo hello", [(0, "stdout", "hello")], 0, 0),
        ("echo -n a; echo b", [(0, "stdout", "ab")], 0, 0),
        (
            "echo start; sleep 2; echo done && exit 3",
            [(0, "stdout", "start"), (2000, "stdout", "done")],
            2000,
            3,
        ),
        ("false || echo rescued", [(0, "stdout", "rescued")], 0, 0),
        ("true && false; echo $?", [(0, "stdout", "1")], 0, 0),
        ("sleep 1.5; exit 300", [], 1500, 44),
        ("sleep 2m", [], 120_000, 0),
        ("env", [(0, "stdout", "PATH=/bin"), (0, "stdout", "HOSTNAME=web")], 0, 0),
        ("cat /etc/hostname", [(0, "stdout", "web")], 0, 0),
        (
            "cat /tmp/missing",
            [(0, "stderr", "cat: can't open '/tmp/missing': No such file or directory")],
            0,
            1,
        ),
        ("date", [(0, "stdout", "Thu Jan  1 00:00:00 UTC 2026")], 0, 0),
        ("sleep 5; date +%T", [(5000, "stdout", "00:00:05")], 5000, 0),
        ('X="a  b"; echo $X "$X" ${Y:-none}', [(0, "stdout", "a b a  b none")], 0, 0),
        ("echo $((6 * 7)) $((7 / 2)) $((-7 % 3))", [(0, "stdout", "42 3 -1")], 0, 0),
        ("for i in 1 2 3; do echo $i; done | tail -n 1", [(0, "stdout", "3")], 0, 0),
        ("if [ -f /etc/hostname ]; then echo yes; else echo no; fi", [(0, "stdout", "yes")], 0, 0),
        (
            "echo hi > /tmp/x; cat /tmp/x; echo there >> /tmp/x; wc -l < /tmp/x",
            [(0, "stdout", "hi"), (0, "stdout", "2")],
            0,
            0,
        ),
        ("foo", [(0, "stderr", "sh: foo: not found")], 0, 127),
        ("cd /etc && pwd && cat hostname", [(0, "stdout", "/etc"), (0, "stdout", "web")], 0, 0),
        (
            "f() { echo in f $1; return 3; }; f x; echo $?",
            [(0, "stdout", "in f x"), (0, "stdout", "3")],
            0,
            0,
        ),
        ("function g { echo g $1; }; g x", [(0, "stdout", "g x")], 0, 0),
        ("k() (echo sub; exit 2); k; echo $?", [(0, "stdout", "sub"), (0, "stdout", "2")], 0, 0),
        ("cd /usr; ls", [(0, "stdout", d) for d in ("bin", "lib", "local", "sbin", "share")], 0, 0),
        ("echo 'oops", [(0, "stderr", "sh: syntax error: unterminated quoted string")], 0, 2),
        (
            "while true; do echo x",
            [(0, "stderr", 'sh: syntax error: unexpected end of file (expecting "done")')],
            0,
            2,
        ),
        (
            "i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); sleep 1; done",
            [(0, "stdout", "0"), (1000, "stdout", "1"), (2000, "stdout", "2")],
            3000,
            0,
        ),
    ],
)
def test_a_script_prints_what_and_when_it_would_and_exits_as_it_would(script, lines, exit_ms, code):
    process = run(script)
    assert (output(process), process.exit_ms, process.exit_code) == (lines, exit_ms, code)


@pytest.mark.parametrize(
    ("dialect", "tools", "lines"),
    [
        ("dash", "gnu", [(0, "stderr", "sh: 1: foo: not found")]),
        ("bash", "gnu", [(0, "stderr", "sh: line 1: foo: command not found")]),
    ],
)
def test_each_shell_says_a_command_is_missing_its_own_way(dialect, tools, lines):
    assert output(run("foo", tools, dialect)) == lines


def test_gnu_cat_names_the_missing_file_its_own_way():
    assert output(run("cat /nope", "gnu", "dash")) == [
        (0, "stderr", "cat: /nope: No such file or directory")
    ]


def test_an_endless_loop_repeats_its_iteration_forever_without_being_run_again():
    process = run("while true; do echo tick $(date +%S); sleep 5; done")
    assert process.exit_ms is None
    assert (process.loop.start_ms, process.loop.period_ms) == (5000, 5000)
    assert output(process, 3_600_000)[-1] == (3_600_000, "stdout", "tick 00")
    assert len(output(process, 3_600_000)) == 721


def test_a_loop_of_no_time_still_advances_a_millisecond_an_iteration():
    process = run("while :; do :; done")
    assert (process.loop.start_ms, process.loop.period_ms, process.exit_ms) == (1, 1, None)


def test_sleeping_forever_never_exits():
    assert run("echo up; sleep infinity").exit_ms is None
    assert run("tail -f /dev/null").exit_ms is None


def test_a_server_the_script_runs_blocks_it_and_listens():
    process = run("echo starting; sleep 1; serve; echo never")
    assert output(process) == [(0, "stdout", "starting")]
    assert process.exit_ms is None
    assert process.listening(80, 999) is None
    assert process.listening(80, 1000) == Server(80, 1000)


def test_the_files_a_script_writes_and_removes_are_there_in_their_time():
    process = run("touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600")
    assert "/tmp/healthy" in process.files_at(29_999)
    assert "/tmp/healthy" not in process.files_at(30_000)
    assert process.exit_ms == 630_000


def test_files_a_loop_rewrites_follow_the_loop():
    process = run("while true; do touch /tmp/up; sleep 5; rm /tmp/up; sleep 5; done")
    assert "/tmp/up" in process.files_at(21_000)
    assert "/tmp/up" not in process.files_at(26_000)


@pytest.mark.parametrize(
    "script",
    [
        "X=0123456789; while true; do X=$X$X; done",  # a word that doubles forever
        'X=$(seq 1 1000000); while true; do echo "$X" >> /tmp/log; done',  # a file that grows
        "seq 1 10000000",  # output without end
    ],
)
def test_a_process_that_outgrows_its_memory_is_killed(script):
    process = run(script)
    assert (process.exit_code, process.loop) == (137, None)


@pytest.mark.parametrize(
    ("script", "printed"),
    [
        ("echo a b c | wc -c", "6"),
        ("echo a b c | wc -w", "3"),
        ("printf 'a\\nb' | wc -l", "1"),
        ("echo $(seq 1 20000) | wc -w", "20000"),
        ("echo hello | wc", "      1       1       6"),
    ],
)
def test_wc_counts_newlines_words_and_bytes(script, printed):
    assert [text for _, _, text in output(run(script))] == [printed]


@pytest.mark.parametrize(
    ("dialect", "tools", "said"),
    [
        ("ash", "busybox", "sh: exec: line 1: nothing: not found"),
        ("dash", "gnu", "sh: 1: exec: nothing: not found"),
        ("bash", "gnu", "sh: line 1: exec: nothing: not found"),
    ],
)
def test_exec_of_no_program_says_so_in_each_shells_words(dialect, tools, said):
    process = run("exec nothing; echo never", tools, dialect)
    assert output(process) == [(0, "stderr", said)]
    assert process.exit_code == 127


def test_busybox_usleep_pauses_microseconds_and_debian_has_none():
    assert output(run("usleep 2500000; echo up")) == [(2_500, "stdout", "up")]
    assert output(run("usleep 2s")) == [(0, "stderr", "usleep: invalid number '2s'")]
    assert run("usleep").exit_code == 1
    assert output(run("usleep 1", "gnu", "dash")) == [(0, "stderr", "sh: 1: usleep: not found")]


def test_a_loop_that_prints_a_dot_a_round_repeats_on_the_line_it_never_ends():
    process = run("while true; do printf .; usleep 3000; done")
    assert (process.loop.start_ms, process.loop.period_ms) == (3, 3)
    # the 16,384th dot comes at the start of the 16,384th round
    assert process.output(3 * 16_383 - 1) == []
    assert output(process, 3 * 16_383) == [(3 * 16_383, "stdout", "." * 16_384)]
