"""tar, as `kubectl cp` runs it in a container: `tar cf - PATH` writes an archive of the files
under PATH to stdout (copying out of the pod), `tar -xmf - -C DIR` extracts the archive read
from stdin (copying in), `tar tf -` lists one. Archives are ustar, as busybox's and GNU's are
read by kubectl; member names lose their leading `/`, which tar says on stderr.

The container's files are text, so an archive of them is valid UTF-8 and crosses the exec
stream as the text it is; what is extracted is decoded as UTF-8 too.
"""

from __future__ import annotations

import io
import tarfile
from typing import TYPE_CHECKING

from cluster.engine.node.process import Text, render, text
from cluster.engine.node.textutils import missing

if TYPE_CHECKING:
    from cluster.engine.node.shell import Shell

_NOT_TAR = (
    "tar: This does not look like a tar archive\n"
    "tar: Exiting with failure status due to previous errors\n"
)
LEADING_SLASH = {  # what each tar says as it makes member names relative
    "busybox": "tar: removing leading '/' from member names\n",
    "gnu": "tar: Removing leading `/' from member names\n",
}


def tar(shell: Shell, argv: list[str], words: list[Text], stdin: Text | None) -> int:
    mode, archive, directory, paths = _options(argv[1:])
    if mode == "" or archive not in ("-", ""):
        shell.err("tar: need -c, -x or -t, and -f - (this tar reads and writes pipes only)\n")
        return 1
    if mode == "c":
        return _create(shell, paths, directory)
    try:
        with tarfile.open(fileobj=io.BytesIO(_bytes(shell, stdin)), mode="r:") as members:
            for member in members:
                if mode == "t":
                    shell.out(f"{member.name}\n")
                elif member.isfile():
                    data = members.extractfile(member)
                    content = data.read().decode("utf-8", errors="replace") if data else ""
                    shell.write_file(shell.path(f"{directory}/{member.name}"), text(content))
    except tarfile.TarError:
        shell.err("tar: invalid tar magic\n" if shell.context.tools != "gnu" else _NOT_TAR)
        return 1
    return 0


def _options(args: list[str]) -> tuple[str, str, str, list[str]]:
    """The mode (c, x, t), the archive (`-` for the pipe), -C's directory and the paths, from
    tar's bundled first argument (`cf`, `-xmf`) or separate flags."""
    mode, archive, directory, paths = "", "", ".", []
    pending: list[str] = []  # flags that take the next argument: f, C
    for arg in args:
        if pending:
            if pending.pop(0) == "f":
                archive = arg
            else:
                directory = arg
        elif arg == "-C":
            pending.append("C")
        elif arg.startswith("--"):
            continue  # --no-same-permissions, --no-same-owner: nothing to keep here
        elif not mode and (arg.startswith("-") or not paths) and arg.lstrip("-").isalpha():
            for letter in arg.lstrip("-"):
                mode = letter if letter in "cxt" else mode
                pending += [letter] if letter == "f" else []
        else:
            paths.append(arg)
    return mode, archive, directory, paths


def _create(shell: Shell, paths: list[str], directory: str) -> int:
    """An archive of each path (a file, or a directory and all under it) on stdout."""
    out = io.BytesIO()
    status, said = 0, False
    mtime = (shell.context.start_unix_ms + shell.now) // 1000
    with tarfile.open(fileobj=out, mode="w:", format=tarfile.USTAR_FORMAT) as archive:
        for path in paths:
            found = shell.path(path if path.startswith("/") else f"{directory}/{path}")
            entries = _entries(shell, found)
            if not entries:
                shell.err(f"tar: {missing(shell, path, 'open')}\n")
                status = 1
                continue
            if path.startswith("/") and not said:
                shell.err(LEADING_SLASH.get(shell.context.tools, LEADING_SLASH["busybox"]))
                said = True
            # an absolute path is kept whole, a relative one from its last part
            cut = 1 if path.startswith("/") else len(found.rstrip("/").rsplit("/", 1)[0]) + 1
            for entry, content in entries:
                _add(archive, entry[cut:], content, mtime)
    shell.out(out.getvalue().decode("utf-8"))
    return status


def _entries(shell: Shell, found: str) -> list[tuple[str, str | None]]:
    """The file at `found`, or the directory and what is under it (content None: a
    directory), in the order tar walks them."""
    if found in shell.files:
        return [(found, shell.plain(shell.files[found]))]
    prefix = found.rstrip("/") + "/"
    under = sorted(path for path in shell.files if path.startswith(prefix))
    if not under:
        return []
    directories = {found.rstrip("/")}
    for path in under:
        parts = path[len(prefix) :].split("/")[:-1]
        directories.update(prefix + "/".join(parts[: i + 1]) for i in range(len(parts)))
    entries = [(d, None) for d in directories] + [(p, shell.plain(shell.files[p])) for p in under]
    return sorted(entries, key=lambda entry: entry[0])


def _add(archive: tarfile.TarFile, name: str, content: str | None, mtime: int) -> None:
    info = tarfile.TarInfo(name if content is not None else name + "/")
    info.mtime, info.uname, info.gname = mtime, "root", "root"
    if content is None:
        info.type, info.mode = tarfile.DIRTYPE, 0o755
        archive.addfile(info)
        return
    data = content.encode()
    info.size, info.mode = len(data), 0o644
    archive.addfile(info, io.BytesIO(data))


def _bytes(shell: Shell, stdin: Text | None) -> bytes:
    return render(stdin or (), shell.context.start_unix_ms).encode("utf-8", errors="replace")
