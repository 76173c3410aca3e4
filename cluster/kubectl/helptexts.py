"""Help texts: kubectl's, word for word, and those of KubeLab's own `kubectl lab`, in its style.

kubectl's are in helptexts.txt, which scripts/helptexts.py writes from the real kubectl's
`--help` of each command the built-in kubectl has. It is read when help is first asked for,
so that other commands do not pay for it. Each entry follows an `@@ NAME` line that names the
command line printing it (`@@ kubectl get --help`), or points at another entry (`@@ kubectl
create deploy --help = kubectl create deployment --help`).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

USAGE = "kubectl help UNKNOWN-TOPIC"  # what follows its line "Unknown help topic [`TOPIC`]"
OPTIONS = "kubectl options"
# the help a command group prints when called without a subcommand, by name
_GROUPS = {
    "ROLLOUT": "rollout",
    "SET": "set",
    "CREATE_SECRET": "create secret",
    "CREATE_SERVICE": "create service",
}
_LAB_USAGE = "\n\nUsage:\n  kubectl lab {} [options]\n\n"
_GLOBAL = (
    'Use "kubectl options" for a list of global command-line options (applies to all commands).\n'
)
# KubeLab's own commands, which no kubectl has: written here in the form cobra gives kubectl's.
LAB = {
    "lab": (
        "Control KubeLab's simulated cluster: its virtual clock, and faults.\n"
        "\n"
        " The cluster's clock is virtual: it follows the wall clock while the cluster runs, and it can be slowed, sped up, stopped and stepped through one timer at a time. Faults show what Kubernetes does when things break.\n"
        "\n"
        "Examples:\n"
        "  # Stop the clock, then run the next three timers one at a time\n"
        "  kubectl lab pause\n"
        "  kubectl lab step 3\n"
        "  \n"
        "  # Cut node-1 off from the control plane\n"
        "  kubectl lab fault node-down node-1\n"
        "\n"
        "Available Commands:\n"
        "  fault         Make a node or a container fail, or a node recover\n"
        "  pause         Stop the virtual clock\n"
        "  resume        Let the virtual clock follow the wall clock again\n"
        "  speed         Set how many virtual seconds pass in a wall-clock second\n"
        "  status        Show the virtual time, the clock's speed and what is due next\n"
        "  step          Run the next timers of the paused clock\n"
        "\n"
        "Usage:\n"
        "  kubectl lab SUBCOMMAND [options]\n"
        "\n"
        'Use "kubectl lab <command> --help" for more information about a given command.\n'
        f"{_GLOBAL}"
    ),
    "lab status": (
        "Show the virtual time, the clock's speed and what is due next.\n"
        "\n"
        " The timers due next are what the cluster's components wait for: a kubelet's next status report, a controller's resync, a container that finishes starting.\n"
        "\n"
        "Examples:\n"
        "  # Show the virtual time and the next timers\n"
        "  kubectl lab status"
        f"{_LAB_USAGE.format('status')}{_GLOBAL}"
    ),
    "lab pause": (
        "Stop the virtual clock.\n"
        "\n"
        ' Nothing that waits for time happens while the clock is stopped; requests are still served. Use "kubectl lab step" to run the next timers one at a time, and "kubectl lab resume" to let the clock run again.\n'
        "\n"
        "Examples:\n"
        "  # Stop the clock\n"
        "  kubectl lab pause"
        f"{_LAB_USAGE.format('pause')}{_GLOBAL}"
    ),
    "lab resume": (
        "Let the virtual clock follow the wall clock again.\n"
        "\n"
        " The clock runs on from the virtual time it was stopped at, at its speed.\n"
        "\n"
        "Examples:\n"
        "  # Let the stopped clock run again\n"
        "  kubectl lab resume"
        f"{_LAB_USAGE.format('resume')}{_GLOBAL}"
    ),
    "lab speed": (
        "Set how many virtual seconds pass in a wall-clock second.\n"
        "\n"
        " FACTOR is from 0.1 to 100; 1 is real time. A stopped clock keeps the speed for when it runs again.\n"
        "\n"
        "Examples:\n"
        "  # Let ten virtual seconds pass every second\n"
        "  kubectl lab speed 10\n"
        "  \n"
        "  # Back to real time\n"
        "  kubectl lab speed 1"
        f"{_LAB_USAGE.format('speed FACTOR')}{_GLOBAL}"
    ),
    "lab step": (
        "Run the next timers of the paused clock.\n"
        "\n"
        " Each step moves the virtual time to the next timer that is due and runs it, with all that follows from it at that time. N is the number of steps, 1 if not given.\n"
        "\n"
        "Examples:\n"
        "  # Run the next timer\n"
        "  kubectl lab step\n"
        "  \n"
        "  # Run the next three timers\n"
        "  kubectl lab step 3"
        f"{_LAB_USAGE.format('step [N]')}{_GLOBAL}"
    ),
    "lab fault": (
        "Make a node or a container fail, or a node recover.\n"
        "\n"
        " Faults act on the machines, not through kube-apiserver: what follows is the components' doing.\n"
        "\n"
        "  *  node-down NODE: the node's kubelet can no longer reach kube-apiserver; its containers keep running\n"
        "  *  node-up NODE: the node reaches kube-apiserver again\n"
        "  *  crash POD: the process of one of the pod's running containers exits with code 1\n"
        "\n"
        "Examples:\n"
        "  # Cut node-1 off from the control plane, then let it back\n"
        "  kubectl lab fault node-down node-1\n"
        "  kubectl lab fault node-up node-1\n"
        "  \n"
        "  # Crash the container named app of pod web\n"
        "  kubectl lab fault crash web -c app\n"
        "\n"
        "Options:\n"
        "    -c, --container='':\n"
        "\tThe container of the pod to crash. If omitted, the first of its containers that is running."
        f"{_LAB_USAGE.format('fault (node-down NODE | node-up NODE | crash POD [-c CONTAINER])')}"
        f"{_GLOBAL}"
    ),
}


def invocation(path: str) -> str:
    """The command line that prints the help of `kubectl PATH`."""
    return " ".join(("kubectl", *path.split(), "--help"))


def text(path: str) -> str | None:
    """What `kubectl PATH --help` prints ("" is kubectl itself); None for a command kubectl
    has not, or the built-in one lacks."""
    own = LAB.get(" ".join(path.split()))
    return own if own is not None else _kubectls()[0].get(invocation(_unaliased(path)))


def find(path: str, args: list[str]) -> str:
    """The help of the deepest command that PATH and the arguments after it name, as cobra
    finds it: `create deploy web` has create deployment's, `create nosuch` create's."""
    for arg in args:
        if text(f"{path} {arg}") is None:
            break
        path = f"{path} {arg}"
    found = text(path)
    assert found is not None, f"no help for `kubectl {path}`: run scripts/helptexts.py"
    return found


def printed(name: str) -> str:
    """What kubectl prints that is no command's help: USAGE or OPTIONS."""
    return _kubectls()[0][name]


def _unaliased(path: str) -> str:
    """The path with its command's name for an alias: `create svc nodeport` is `create
    service nodeport`."""
    words, aliases = path.split(), _kubectls()[1]
    for end in range(len(words), 0, -1):
        head = " ".join(words[:end])
        if head in aliases:
            return " ".join((aliases[head], *words[end:]))
    return " ".join(words)


@functools.cache
def _kubectls() -> tuple[dict[str, str], dict[str, str]]:
    """kubectl's texts by the command line that prints them, and its aliases' paths."""
    data = Path(__file__).with_name("helptexts.txt").read_text(encoding="utf-8")
    _, *parts = re.split(r"^@@ (.*)\n", data, flags=re.MULTILINE)
    texts, aliases = {}, {}
    for name, found in zip(parts[::2], parts[1::2], strict=True):
        alias, is_alias, target = name.partition(" = ")
        if is_alias:
            aliases[_path(alias)] = _path(target)
        else:
            texts[name] = found
    return texts, aliases


def _path(line: str) -> str:
    """The command's path in the line that prints its help: `create deploy` in `kubectl
    create deploy --help`."""
    return line.removeprefix("kubectl").removesuffix("--help").strip()


def __getattr__(name: str) -> str:
    """ROLLOUT, SET, CREATE_SECRET, CREATE_SERVICE: what those groups print without a
    subcommand, which is their help."""
    if name not in _GROUPS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    found = text(_GROUPS[name])
    assert found is not None
    return found
