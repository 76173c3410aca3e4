"""tar as kubectl cp runs it: an archive of files out on stdout, one read from stdin
extracted into a directory, with the messages busybox's and GNU's tar give."""

import io
import tarfile

from cluster.engine.node.process import render, text
from cluster.engine.node.shell import Context, Shell

FILES = {
    "/etc/hostname": text("web\n"),
    "/srv/app/conf/a.yaml": text("a: 1\n"),
    "/srv/app/b": text("é\n"),
}


def shell(tools: str = "busybox") -> Shell:
    context = Context({"PATH": text("/bin")}, dict(FILES), "web", 0, tools)
    return Shell(context, lambda argv, stdin, after_ms: None)


def tar(sh: Shell, *argv: str, stdin: bytes | None = None) -> tuple[bytes, str, int]:
    given = None if stdin is None else stdin.decode()
    process = sh.run_argv(["tar", *argv], given)
    streams = {"stdout": "", "stderr": ""}
    for line in process.lines:
        streams[line.stream] += render(line.text, 0) + line.end
    return streams["stdout"].encode(), streams["stderr"], process.exit_code


def members(archive: bytes) -> list[tuple[str, str]]:
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:") as opened:
        return [
            (m.name, opened.extractfile(m).read().decode() if m.isfile() else "dir") for m in opened
        ]


def test_an_absolute_file_is_archived_without_its_leading_slash():
    archive, said, code = tar(shell(), "cf", "-", "/etc/hostname")
    assert (members(archive), said, code) == (
        [("etc/hostname", "web\n")],
        "tar: removing leading '/' from member names\n",
        0,
    )
    assert tar(shell("gnu"), "cf", "-", "/etc/hostname")[1] == (
        "tar: Removing leading `/' from member names\n"
    )


def test_a_directory_is_archived_with_all_under_it_relative_to_c():
    archive, said, code = tar(shell(), "cf", "-", "-C", "/srv", "app")
    assert members(archive) == [
        ("app", "dir"),
        ("app/b", "é\n"),
        ("app/conf", "dir"),
        ("app/conf/a.yaml", "a: 1\n"),
    ]
    assert (said, code) == ("", 0)


def test_an_archive_on_stdin_is_extracted_into_the_directory():
    archive = tar(shell(), "cf", "-", "-C", "/srv", "app")[0]
    sh = shell()
    assert tar(sh, "-xmf", "-", "-C", "/tmp", stdin=archive)[1:] == ("", 0)
    assert sh.plain(sh.files["/tmp/app/conf/a.yaml"]) == "a: 1\n"
    listed = tar(shell(), "tf", "-", stdin=archive)[0].decode().splitlines()
    assert listed == ["app", "app/b", "app/conf", "app/conf/a.yaml"]


def test_what_is_not_there_or_not_an_archive():
    assert tar(shell(), "cf", "-", "/nope")[1:] == (
        "tar: can't open '/nope': No such file or directory\n",
        1,
    )
    assert tar(shell(), "xf", "-", stdin=b"garbage")[1:] == ("tar: invalid tar magic\n", 1)
