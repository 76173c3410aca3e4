"""A cluster's workspace: the few text files the dashboard's terminal lists, prints, edits and
hands to `kubectl -f`, and where lessons put their manifests.

The workspace is flat (no directories) and small: at most MAX_FILES files of at most
MAX_BYTES each, named as ordinary file names are. Whatever breaks a rule is refused with a
WorkspaceError that says which, and changes nothing.
"""

from __future__ import annotations

import string
from typing import Any

from django.db import transaction

from cluster.models import Cluster, WorkspaceFile

MAX_FILES = 64
MAX_BYTES = 256 * 1024
MAX_NAME = 255  # NAME_MAX of Linux file systems
NAME_CHARACTERS = frozenset(string.ascii_letters + string.digits + "._-+")
# Text is what the terminal shows and kubectl parses: tabs and line ends, no other controls.
CONTROL_CHARACTERS = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\r") | {"\x7f"}


# the built-in kubectl's kubeconfig (cluster/kubectl/kubeconfig.py): the one file in a
# directory, as the real kubectl keeps it in the home directory
KUBECONFIG = ".kube/config"


class WorkspaceError(Exception):
    """A workspace change or read refused; the message says why."""


def clean_path(path: str) -> str:
    """The file's name in the workspace (`./web.yaml` is `web.yaml`), or WorkspaceError."""
    name = path.removeprefix("./")
    if name == KUBECONFIG:
        return name
    if not name:
        raise WorkspaceError("a file name is required")
    if len(name.encode()) > MAX_NAME:
        raise WorkspaceError(f"{name[:40]}...: File name too long")
    if "/" in name:
        raise WorkspaceError(f"{path}: the workspace has no directories: name a file in it")
    if name in (".", ".."):
        raise WorkspaceError(f"{path}: not a file name")
    if name.startswith("-"):
        raise WorkspaceError(f'{path}: file names may not start with "-"')
    if not set(name) <= NAME_CHARACTERS:
        raise WorkspaceError(
            f'{path}: file names may only hold letters, digits, ".", "_", "-" and "+"'
        )
    return name


def check_content(name: str, content: str) -> None:
    try:
        size = len(content.encode())
    except UnicodeEncodeError:  # lone surrogates: not text in any encoding
        size = -1
    if size > MAX_BYTES:
        raise WorkspaceError(
            f"{name}: files are at most {MAX_BYTES // 1024} KiB (this one is {size / 1024:.0f} KiB)"
        )
    if size < 0 or not CONTROL_CHARACTERS.isdisjoint(content):
        raise WorkspaceError(f"{name}: binary content is not supported: files hold text")


# -- services ---------------------------------------------------------------------------------


def workspace_put(cluster: Cluster, path: str, content: str) -> WorkspaceFile:
    """Create or replace a file of the cluster's workspace."""
    name = clean_path(path)
    check_content(name, content)
    with transaction.atomic():
        found = WorkspaceFile.objects.select_for_update().filter(cluster=cluster, path=name).first()
        if found is None:
            if WorkspaceFile.objects.filter(cluster=cluster).count() >= MAX_FILES:
                raise WorkspaceError(
                    f"{name}: the workspace is full ({MAX_FILES} files): remove one with rm first"
                )
            return WorkspaceFile.objects.create(cluster=cluster, path=name, content=content)
        found.content = content
        found.save(update_fields=["content", "updated"])
        return found


def workspace_remove(cluster: Cluster, path: str) -> bool:
    """Remove a file; whether it was there."""
    deleted, _ = WorkspaceFile.objects.filter(cluster=cluster, path=clean_path(path)).delete()
    return deleted > 0


# -- selectors --------------------------------------------------------------------------------


def workspace_names(cluster: Cluster) -> list[str]:
    """The workspace's file names, sorted as `ls` sorts them in the C locale."""
    return sorted(WorkspaceFile.objects.filter(cluster=cluster).values_list("path", flat=True))


def workspace_read(cluster: Cluster, path: str) -> str | None:
    """A file's content, or None when the workspace has no such file."""
    found = WorkspaceFile.objects.filter(cluster=cluster, path=clean_path(path)).first()
    return None if found is None else found.content


def workspace_contents(cluster: Cluster, paths: list[str]) -> dict[str, str]:
    """The content of each of `paths` (as given) that names a file of the workspace; names that
    are no file's, or no file name at all, are left out."""
    names = {}
    for path in paths:
        try:
            names[path] = clean_path(path)
        except WorkspaceError:
            continue
    found = dict(
        WorkspaceFile.objects.filter(cluster=cluster, path__in=set(names.values())).values_list(
            "path", "content"
        )
    )
    return {path: found[name] for path, name in names.items() if name in found}


# -- the built-in kubectl's files -------------------------------------------------------------


def kubectl_files(cluster: Cluster, paths: list[str]) -> dict[str, str]:
    """What the built-in kubectl reads: the files its -f flags name (`paths`), and its
    kubeconfig when there is one."""
    return workspace_contents(cluster, [*paths, KUBECONFIG])


def keep_kubectl_files(cluster: Cluster, answer: dict[str, Any]) -> dict[str, Any]:
    """kubectl's answer once the files it wrote (its "files", its kubeconfig) are in the
    workspace; a file the workspace refuses is kubectl's error."""
    written = answer.get("files") or {}
    answer = {key: value for key, value in answer.items() if key != "files"}
    for path, content in written.items():
        try:
            workspace_put(cluster, path, content)
        except WorkspaceError as error:
            stderr = f"{answer.get('stderr', '')}error: {error}\n"
            return answer | {"stderr": stderr, "exitCode": 1}
    return answer
