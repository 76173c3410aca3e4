"""kubectl cp: files to and from a container, through the container's tar, as kubectl copies
them: out with `tar cf - PATH` (what tar says going to standard output, as kubectl sends
it), in with `tar -xmf - -C DIR` fed an archive of the local file. The local side is what
the built-in kubectl reads and writes: the terminal's workspace, or the files `kubelab
kubectl` sends from this machine and writes there."""

from __future__ import annotations

import io
import posixpath
import tarfile
from dataclasses import dataclass
from typing import TextIO

from cluster.engine.api.meta import Object
from cluster.kubectl.cmd import exec as exec_
from cluster.kubectl.context import Context, ExitError, server_error
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    Flag("container", "c"),
    Flag("no-preserve", boolean=True),
    Flag("retries", default="0"),
)
FILE_SPEC = "error: filespec must match the canonical format: [[namespace/]pod:]file/path"


@dataclass(frozen=True)
class FileSpec:
    path: str
    pod: str = ""  # "": a local file
    namespace: str = ""


def run(ctx: Context, opts: Parsed) -> None:
    if len(opts.args) != 2:
        raise ExitError("error: source and destination are required")
    src, dest = (file_spec(arg) for arg in opts.args)
    if src.pod and dest.pod:
        raise ExitError("error: one of src or dest must be a local file specification")
    if not src.path or not dest.path:
        raise ExitError("error: filepath can not be empty")
    if src.pod:
        _copy_from_pod(ctx, opts, src, dest.path)
    elif dest.pod:
        _copy_to_pod(ctx, opts, src.path, dest)
    else:
        raise ExitError("error: one of src or dest must be a remote file specification")


def file_spec(arg: str) -> FileSpec:
    """extractFileSpec: `[[namespace/]pod:]path`."""
    pod, colon, path = arg.partition(":")
    if not colon:
        return FileSpec(arg)
    pieces = pod.split("/")
    if not pod or len(pieces) > 2:
        raise ExitError(FILE_SPEC)
    return FileSpec(path, pieces[-1], pieces[0] if len(pieces) == 2 else "")


def _copy_from_pod(ctx: Context, opts: Parsed, src: FileSpec, dest: str) -> None:
    pod, container = _target(ctx, opts, src, ctx.out)
    ran = exec_.execute(ctx, pod, container, ["tar", "cf", "-", src.path], "")
    ctx.out.write(ran["stderr"])  # the tar pipe's errors go where kubectl sends them
    prefix = _stripped(posixpath.normpath(src.path.lstrip("/") or "."))
    for member, content in _members(ran["stdout"]):
        if not member.name.startswith(prefix):
            raise ExitError("error: tar contents corrupted")
        name = posixpath.join(dest, member.name[len(prefix) :].lstrip("/"))
        if member.issym():
            ctx.err.write(f'warning: skipping symlink: "{name}" -> "{member.linkname}"\n')
        elif member.isfile():
            ctx.written[name.removesuffix("/")] = content
    # no check of tar's exit code: kubectl is done once the archive ends, and tar's failure,
    # reported as the exec ends, comes too late to change its own


def _copy_to_pod(ctx: Context, opts: Parsed, src: str, dest: FileSpec) -> None:
    content = ctx.files.get(src)
    if content is None:
        raise ExitError(f"error: {src} doesn't exist in local filesystem")
    pod, container = _target(ctx, opts, dest, ctx.err)
    target = dest.path
    tested = exec_.execute(ctx, pod, container, ["test", "-d", target], "")
    if tested["status"].get("status") == "Success":  # a directory: the file goes in it
        target = posixpath.join(target, posixpath.basename(src))
    keep = ["--no-same-permissions", "--no-same-owner"] if opts.flag("no-preserve") else []
    command = ["tar", *keep, "-xmf", "-", "-C", posixpath.dirname(target) or "."]
    archive = _archive(posixpath.basename(target), content, ctx.now)
    ran = exec_.execute(ctx, pod, container, command, archive)
    ctx.out.write(ran["stdout"])
    ctx.err.write(ran["stderr"])
    exec_.check_status(ran)


def _target(ctx: Context, opts: Parsed, spec: FileSpec, warn: TextIO) -> tuple[Object, str]:
    """The pod and the container to exec in, as exec finds them."""
    response = ctx.request("get", "pods", spec.namespace or ctx.namespace, spec.pod)
    if not response.ok:
        raise ExitError(server_error(response.body))
    return response.body, exec_.container_for(response.body, opts, warn)


def _stripped(path: str) -> str:
    """stripPathShortcuts: no leading `../` or `./`; `.` and `..` are nothing."""
    while path.startswith(("../", "./")):
        path = path.partition("/")[2]
    return "" if path in (".", "..") else path


def _members(archive: str) -> list[tuple[tarfile.TarInfo, str]]:
    """The archive's members with their text (an empty stream is an empty archive)."""
    if not archive:
        return []
    found = []
    with tarfile.open(fileobj=io.BytesIO(archive.encode()), mode="r:") as members:
        for member in members:
            data = members.extractfile(member) if member.isfile() else None
            found.append((member, data.read().decode("utf-8", "replace") if data else ""))
    return found


def _archive(name: str, content: str, now: int) -> str:
    """A ustar archive of one file, as text (the file is text, and so is the archive)."""
    data = content.encode()
    member = tarfile.TarInfo(name)
    member.size, member.mode, member.mtime = len(data), 0o644, now
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        archive.addfile(member, io.BytesIO(data))
    return out.getvalue().decode()
