"""What the dashboard terminal's commands do: the workspace's `ls`, `cat`, `rm` and `edit` are
answered here; kubectl lines go on to the cluster's worker, with the workspace files they
name. Runs in the web process, so it blocks on the database: call it from a thread."""

from __future__ import annotations

from dataclasses import dataclass, field

from cluster import workspace
from cluster.kubectl.main import copied_paths
from cluster.models import Cluster
from cluster.workspace import WorkspaceError
from visualizer import shell

HELP = """\
This terminal runs a small shell, not bash. It knows:
  kubectl ARGS                      the built-in kubectl, on this cluster
  ls [FILE...]                      the files of this cluster's workspace
  cat FILE...                       print files
  cat > FILE <<EOF                  write FILE: the lines that follow, up to EOF
  cat <<EOF | kubectl apply -f -    hand kubectl the lines up to EOF as its input
  cat FILE | kubectl apply -f -     ... or a file (kubectl apply -f FILE reads it too)
  kubectl ARGS > FILE               write what kubectl prints to FILE
  kubectl exec -it POD -- sh        a shell in the pod's container, until exit or Ctrl-D
  edit FILE                         edit or create a file (nano, vi and vim do the same)
  rm FILE...                        remove files
  history                           the commands typed before
  clear                             wipe the screen (Ctrl-L)
  help                              this text
Words are quoted as in bash; nothing is expanded. Tab completes commands, flags,
resources and file names, and twice lists the choices; Up and Down walk the history;
Ctrl-C drops the line.
"""


@dataclass(frozen=True, slots=True)
class Printed:
    """A command answered here and now."""

    stdout: str = ""
    stderr: str = ""
    code: int = 0


@dataclass(frozen=True, slots=True)
class RunKubectl:
    """For the cluster's worker: kubectl's arguments, its standard input, and the workspace
    files its -f flags name (by the name given)."""

    argv: list[str]
    stdin: str = ""
    files: dict[str, str] = field(default_factory=dict)
    output: str | None = None  # the workspace file its stdout goes to (see `save`)


@dataclass(frozen=True, slots=True)
class OpenEditor:
    path: str
    content: str


Outcome = Printed | RunKubectl | OpenEditor | shell.Incomplete | shell.Local


def run(cluster: Cluster, text: str) -> Outcome:
    """What a typed line (and its heredoc) comes to."""
    try:
        command = shell.parse(text)
        if command is None:
            return Printed()
        return _run(cluster, command)
    except shell.ShellError as error:
        return Printed(stderr=f"{error.message}\n", code=error.code)


def _run(cluster: Cluster, command: shell.Command | shell.Incomplete) -> Outcome:
    match command:
        case shell.Kubectl(argv, stdin, output):
            text = "" if stdin is None else _read(cluster, stdin)
            files = workspace.kubectl_files(cluster, [*file_flags(argv), copied_paths(argv)[0]])
            if output is None:
                return RunKubectl(argv, text, files)
            try:  # as bash opens the file first: a name that cannot be one runs nothing
                return RunKubectl(argv, text, files, workspace.clean_path(output))
            except WorkspaceError as error:
                return Printed(stderr=f"bash: {error}\n", code=1)
        case shell.Cat(source, output):
            return _cat(cluster, source, output)
        case shell.Ls(paths):
            return _ls(cluster, paths)
        case shell.Rm(paths):
            return _rm(cluster, paths)
        case shell.Edit(path):
            return _edit(cluster, path)
        case shell.Help():
            return Printed(HELP)
        case _:
            return command  # Incomplete and Local: for the browser


FILE_FLAGS = ("--filename", "--patch-file", "--kubeconfig", "--template")


def file_flags(argv: list[str]) -> list[str]:
    """The files argv names: the values of -f/--filename, of patch's --patch-file, of
    --kubeconfig, and the templates of -o FORMAT-file=PATH (or --template=PATH), in each way
    pflag accepts them."""
    found = []
    for i, word in enumerate(argv):
        if word in ("-f", *FILE_FLAGS) and i + 1 < len(argv):
            found.append(argv[i + 1])
        elif word.startswith(tuple(f"{flag}=" for flag in FILE_FLAGS)):
            found.append(word.partition("=")[2])
        elif word.startswith("-f") and not word.startswith("--") and len(word) > 2:
            found.append(word[2:].removeprefix("="))
        elif word in ("-o", "--output") and i + 1 < len(argv):
            found.append(argv[i + 1].partition("=")[2])  # -o go-template-file=PATH
        elif word.startswith(("-o", "--output=")):  # -oFORMAT=PATH, --output=FORMAT=PATH
            value = word.removeprefix("--output=") if word.startswith("--") else word[2:]
            found.append(value.removeprefix("=").partition("=")[2])
    return found


def _read(cluster: Cluster, source: shell.Source) -> str:
    """The text a source gives, or the program's error for the first missing file."""
    if source.text is not None:
        return source.text
    if len(source.paths) > workspace.MAX_FILES:  # the same file over and over: no end of text
        raise shell.ShellError(f"{source.reader}: at most {workspace.MAX_FILES} files at a time", 1)
    parts = []
    for path in source.paths:
        content = _content(cluster, path)
        if content is None:
            raise shell.ShellError(f"{source.reader}: {path}: No such file or directory", 1)
        parts.append(content)
    return "".join(parts)


def _content(cluster: Cluster, path: str) -> str | None:
    try:
        return workspace.workspace_read(cluster, path)
    except WorkspaceError:
        return None  # not a name any file could have: so no such file


def _cat(cluster: Cluster, source: shell.Source, output: str | None) -> Printed:
    text = _read(cluster, source)
    if output is None:
        return Printed(text)
    try:
        workspace.workspace_put(cluster, output, text)
    except WorkspaceError as error:
        return Printed(stderr=f"bash: {error}\n", code=1)
    return Printed()


def _ls(cluster: Cluster, paths: list[str]) -> Printed:
    names = workspace.workspace_names(cluster)
    if not paths:
        return Printed("".join(f"{name}\n" for name in names))
    out, err = [], []
    for path in paths:
        if path.removeprefix("./") in names:
            out.append(f"{path}\n")
        else:
            err.append(f"ls: cannot access '{path}': No such file or directory\n")
    return Printed("".join(out), "".join(err), 2 if err else 0)


def _rm(cluster: Cluster, paths: list[str]) -> Printed:
    err = []
    for path in paths:
        try:
            removed = workspace.workspace_remove(cluster, path)
        except WorkspaceError:
            removed = False
        if not removed:
            err.append(f"rm: cannot remove '{path}': No such file or directory\n")
    return Printed(stderr="".join(err), code=1 if err else 0)


def _edit(cluster: Cluster, path: str) -> Outcome:
    try:
        name = workspace.clean_path(path)
    except WorkspaceError as error:
        return Printed(stderr=f"edit: {error}\n", code=1)
    return OpenEditor(name, workspace.workspace_read(cluster, name) or "")


def save(cluster: Cluster, path: str, content: str) -> str | None:
    """The editor's Save: None once written, else why not."""
    try:
        workspace.workspace_put(cluster, path, content)
    except WorkspaceError as error:
        return str(error)
    return None
