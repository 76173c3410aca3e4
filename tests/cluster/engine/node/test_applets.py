"""The text tools of the images' userlands (busybox, or Debian's coreutils and grep): what
they print, their exit codes, and their messages for bad options, patterns and files."""

import pytest

from cluster.engine.node.process import text
from tests.cluster.engine.node.test_shell import output, run

FILE = 'printf "foo\\nbar\\nFoo\\nbar\\n" > /tmp/f; '


def lines(script: str, tools: str = "busybox") -> list[tuple[str, str]]:
    return [(stream, line) for _, stream, line in output(run(script, tools))]


def stdout(script: str, tools: str = "busybox") -> list[str]:
    return [line for stream, line in lines(script, tools) if stream == "stdout"]


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("yes | head -n 3", ["y", "y", "y"]),
        ("yes no | head -n 2; echo done", ["no", "no", "done"]),
        ("yes | head -n 1000 | wc -l", ["1000"]),
        ("seq 10 | tail -n +8", ["8", "9", "10"]),
        ("seq 5 | head -3", ["1", "2", "3"]),
        ("seq 5 | head -n -3", ["1", "2"]),
        ("echo hello | head -c 3; echo", ["hel"]),
        ("seq 5 | tail -2", ["4", "5"]),
        (
            "seq 3 > /tmp/a; head -n 1 /tmp/a /etc/hostname",
            ["==> /tmp/a <==", "1", "", "==> /etc/hostname <==", "web"],
        ),
    ],
)
def test_head_tail_and_yes(script: str, expected: list[str]) -> None:
    process = run(script)
    assert process.exit_ms == 0
    assert stdout(script) == expected


@pytest.mark.parametrize(
    ("script", "expected", "code"),
    [
        (FILE + "grep -c foo /tmp/f", ["1"], 0),
        (FILE + "grep -in foo /tmp/f", ["1:foo", "3:Foo"], 0),
        (FILE + "grep -v bar /tmp/f", ["foo", "Foo"], 0),
        (FILE + "grep -q bar /tmp/f && echo found", ["found"], 0),
        (FILE + "grep zzz /tmp/f", [], 1),
        (FILE + "grep -e foo -e Foo /tmp/f", ["foo", "Foo"], 0),
        (FILE + "grep -n foo /tmp/f /etc/hostname", ["/tmp/f:1:foo"], 0),
        (FILE + "grep -c o /tmp/f /etc/hostname", ["/tmp/f:2", "/etc/hostname:0"], 0),
        (FILE + "grep -l bar /tmp/f /etc/hostname", ["/tmp/f"], 0),
        ("echo foo bar foo | grep -o foo", ["foo", "foo"], 0),
        ("echo foobar | grep -w foo", [], 1),
        ("echo foo bar | grep -w foo", ["foo bar"], 0),
        ('echo ab | grep -E "a|x"', ["ab"], 0),
        ('echo ab | grep "a\\|x"', ["ab"], 0),
        ('echo "a(b" | grep "a(b"', ["a(b"], 0),
        ('echo "a1" | grep "[[:digit:]]"', ["a1"], 0),
        ('echo "a.b" | grep -F "."', ["a.b"], 0),
        ("echo abc | grep -x ab", [], 1),
        ("echo hello > /srv/a; echo no > /srv/b; grep -r hell /srv", ["/srv/a:hello"], 0),
        (FILE + "echo bar > /tmp/p; grep -c -f /tmp/p /tmp/f", ["2"], 0),
    ],
)
def test_grep(script: str, expected: list[str], code: int) -> None:
    assert stdout(script + "; echo $?") == [*expected, str(code)]


@pytest.mark.parametrize(
    ("script", "tools", "expected"),
    [
        (
            'echo a | grep -E "a("',
            "busybox",
            [("stderr", "grep: bad regex 'a(': Unmatched ( or \\("), ("stdout", "2")],
        ),
        ('echo a | grep -E "a("', "gnu", [("stderr", "grep: Unmatched ( or \\("), ("stdout", "2")]),
        (
            "grep x /nofile",
            "busybox",
            [("stderr", "grep: /nofile: No such file or directory"), ("stdout", "2")],
        ),
        ("grep -Z x", "busybox", [("stderr", "grep: invalid option -- 'Z'"), ("stdout", "2")]),
        ("grep", "busybox", [("stderr", "grep: missing pattern"), ("stdout", "2")]),
    ],
)
def test_grep_errors(script: str, tools: str, expected: list[tuple[str, str]]) -> None:
    assert lines(script + "; echo $?", tools) == expected


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        (FILE + "sort /tmp/f", ["Foo", "bar", "bar", "foo"]),
        (FILE + "sort -u /tmp/f", ["Foo", "bar", "foo"]),
        (FILE + "sort -r /tmp/f | uniq -c", ["      1 foo", "      2 bar", "      1 Foo"]),
        (FILE + "sort /tmp/f | uniq -d", ["bar"]),
        (FILE + "sort /tmp/f | uniq -u", ["Foo", "foo"]),
        ('printf "10 x\\n9 y\\n100 z\\n" | sort -n', ["9 y", "10 x", "100 z"]),
        ('printf "10 x\\n9 y\\n100 z\\n" | sort', ["10 x", "100 z", "9 y"]),
        ('printf "a:3\\nb:1\\nc:2\\n" | sort -t: -k2 -n', ["b:1", "c:2", "a:3"]),
        ('printf "x 2\\ny 10\\n" | sort -k 2 -rn', ["y 10", "x 2"]),
        ('printf "b 2\\na 10\\nc 2\\n" | sort -k2n', ["b 2", "c 2", "a 10"]),
        ('printf "b 2\\na 10\\nc 2\\n" | sort -k2,2nr -k1,1r', ["a 10", "c 2", "b 2"]),
        ('printf "b\\nB\\na\\n" | sort -f', ["a", "B", "b"]),
        ("echo hello | tr a-z A-Z", ["HELLO"]),
        ('echo hello | tr "[:lower:]" "[:upper:]"', ["HELLO"]),
        ("echo hello | tr -d l", ["heo"]),
        ('echo "a  b   c" | tr -s " "', ["a b c"]),
        ("echo abc | tr abc x", ["xxx"]),
        ("echo a:b:c | cut -d: -f2", ["b"]),
        ("echo a:b:c:d | cut -d: -f1,3-", ["a:c:d"]),
        ("echo abcdef | cut -c2-4", ["bcd"]),
        ("echo nocolon | cut -d: -f2", ["nocolon"]),
        ("echo nocolon | cut -s -d: -f2", []),
        ("echo hi | tee /tmp/t; cat /tmp/t", ["hi", "hi"]),
        ("echo a > /tmp/t; echo b | tee -a /tmp/t >/dev/null; cat /tmp/t", ["a", "b"]),
        ("basename /a/b/c.txt .txt; basename /a/b/; basename c", ["c", "b", "c"]),
        ("dirname /a/b/c; dirname c; dirname /a; dirname /a/b/", ["/a/b", ".", "/", "/a"]),
        ("echo abc | rev", ["cba"]),
    ],
)
def test_text_tools(script: str, expected: list[str]) -> None:
    assert stdout(script) == expected


@pytest.mark.parametrize(
    ("script", "tools", "expected"),
    [
        ("sort /nofile", "busybox", "sort: can't open '/nofile': No such file or directory"),
        ("sort /nofile", "gnu", "sort: cannot read: /nofile: No such file or directory"),
        ("uniq /nofile", "busybox", "uniq: can't open '/nofile': No such file or directory"),
        ("cut -f1 /nofile", "busybox", "cut: /nofile: No such file or directory"),
        ("cut -d: x", "busybox", "cut: expected a list of bytes, characters, or fields"),
        ("cut -d: x", "gnu", "cut: you must specify a list of bytes, characters, or fields"),
        ("tr", "busybox", "tr: missing operand"),
        ("sort -Z", "busybox", "sort: invalid option -- 'Z'"),
        ("sort -t ab", "gnu", "sort: multi-character tab 'ab'"),
        ("head -n x /etc/hostname", "busybox", "head: invalid number 'x'"),
    ],
)
def test_messages(script: str, tools: str, expected: str) -> None:
    found = lines(script + "; echo $?", tools)
    assert found[0] == ("stderr", expected)
    assert found[-1][1] != "0"


def test_yes_alone_runs_forever() -> None:
    process = run("yes")
    assert process.exit_ms is None and process.loop is not None
    assert [line.text for line in process.loop.lines] == [text("y")]
    silent = run("yes > /dev/null; echo never")
    assert silent.exit_ms is None and silent.loop is not None
    assert silent.loop.lines == silent.lines == ()
    assert [line.stream for line in run("yes 1>&2").loop.lines] == ["stderr"]


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("echo hello world | sed s/o/0/", ["hell0 world"]),
        ('echo hello world | sed "s/o/0/g"', ["hell0 w0rld"]),
        ("echo aaa | sed s/a/b/2", ["aba"]),
        ("seq 5 | sed -n 2p", ["2"]),
        ("seq 4 | sed 3d", ["1", "2", "4"]),
        ('seq 5 | sed "/[24]/d"', ["1", "3", "5"]),
        ('seq 5 | sed -n "2,4p"', ["2", "3", "4"]),
        ('seq 3 | sed -n "\\$p"', ["3"]),
        ("seq 5 | sed 2q", ["1", "2"]),
        ('seq 3 | sed -e 1d -e "s/3/three/"', ["2", "three"]),
        ('echo abc | sed "s/\\(b\\)/[\\1]/"', ["a[b]c"]),
        ('echo abc | sed -E "s/(b)/<&>/"', ["a<b>c"]),
        ('echo "a(b" | sed "s/(/-/"', ["a-b"]),
        ("echo a > /tmp/z; sed -i s/a/b/ /tmp/z; cat /tmp/z", ["b"]),
        ('echo ab | sed -n "s/a/x/p"', ["xb"]),
    ],
)
def test_sed(script: str, expected: list[str]) -> None:
    assert stdout(script) == expected


@pytest.mark.parametrize(
    ("script", "tools", "expected"),
    [
        ("sed k", "busybox", "sed: unsupported command k"),
        ("sed k", "gnu", "sed: -e expression #1, char 1: unknown command: `k'"),
        ("sed s/a", "busybox", "sed: unmatched '/'"),
        ("sed s/a", "gnu", "sed: -e expression #1, char 3: unterminated `s' command"),
        ('sed -E "s/a(/b/"', "busybox", "sed: bad regex 'a(': Unmatched ( or \\("),
        ("sed", "busybox", "sed: no script specified"),
    ],
)
def test_sed_errors(script: str, tools: str, expected: str) -> None:
    assert lines(script + "; echo $?", tools) == [("stderr", expected), ("stdout", "1")]


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ('echo "a b  c" | awk "{print \\$2}"', ["b"]),
        ('echo a:b:c | awk -F: "{print \\$NF, NF}"', ["c 3"]),
        ('seq 3 | awk "{s+=\\$1} END {print s}"', ["6"]),
        ('printf "x 1\\ny 2\\n" | awk "/y/ {print \\$1}"', ["y"]),
        ('seq 5 | awk "NR==2"', ["2"]),
        ('seq 2 | awk "{print NR \\": \\" \\$0}"', ["1: 1", "2: 2"]),
        ('echo 1 2 | awk "{print \\$1+\\$2, \\$1/4}"', ["3 0.25"]),
        ('awk "BEGIN {print \\"hi\\"}"', ["hi"]),
        ('seq 4 | awk "\\$1 > 2"', ["3", "4"]),
        ('echo a b | awk -v x=1 "{\\$1 = x; print}"', ["1 b"]),
        (
            "echo a 3.14159 65 | awk '{printf \"%s=%.2f %d%% %3s|%-2s|%c\\n\", $1, $2, $2, $1, $1, $3}'",
            ["a=3.14 3%   a|a |A"],
        ),
    ],
)
def test_awk(script: str, expected: list[str]) -> None:
    assert stdout(script) == expected


@pytest.mark.parametrize(
    ("script", "tools", "expected"),
    [
        (
            'awk "{print"',
            "busybox",
            [("stderr", "awk: cmd. line:1: Unexpected token"), ("stdout", "1")],
        ),
        (
            'awk "{getline x}"',
            "gnu",
            [("stderr", "mawk: line 1: syntax error at or near getline"), ("stdout", "2")],
        ),
        (
            'awk "/a(/"',
            "busybox",
            [("stderr", "awk: cmd. line:1: Unexpected token"), ("stdout", "1")],
        ),
        (
            'awk "{print}" /nofile',
            "gnu",
            [("stderr", "mawk: cannot open /nofile (No such file or directory)"), ("stdout", "2")],
        ),
        (
            'awk "BEGIN {print 1; print 1/0}"',
            "busybox",
            [("stdout", "1"), ("stderr", "awk: cmd. line:1: Division by zero"), ("stdout", "2")],
        ),
    ],
)
def test_awk_errors(script: str, tools: str, expected: list[tuple[str, str]]) -> None:
    assert lines(script + "; echo $?", tools) == expected
