"""busybox's `ps` in a container: what runs in its PID namespace, as whom, itself last; an
exec's processes take new ids, a shell's session keeps its own."""

from .helpers import cluster_with, container, kubelet

HEADER = "PID   USER     TIME  COMMAND"


def started(*command: str, image: str = "busybox:1.28", **security):
    spec = container(image=image, command=list(command))
    cluster = cluster_with(spec, securityContext=security)
    cluster.advance_to(5_000)
    return cluster


def execute(cluster, *command: str, session=None):
    return kubelet(cluster).exec("default", "p", "app", list(command), session=session)


def test_the_docs_security_context_demo():
    """`sh -c "sleep 1h"`: the shell execs its one command, which is PID 1."""
    cluster = started("sh", "-c", "sleep 1h", runAsUser=1000)
    assert execute(cluster, "ps").stdout.splitlines() == [
        HEADER,
        "    1 1000      0:00 sleep 1h",
        "    7 1000      0:00 ps",
    ]
    # a second exec is a new process; a script's shell runs ps as its child
    assert execute(cluster, "sh", "-c", "ps; true").stdout.splitlines() == [
        HEADER,
        "    1 1000      0:00 sleep 1h",
        "   19 1000      0:00 sh -c ps; true",
        "   25 1000      0:00 ps",
    ]


def test_an_interactive_shell_keeps_its_id_from_line_to_line():
    cluster = started("sleep", "3600")
    first = execute(cluster, "sh", "-c", "ps", session={"interactive": True})
    assert first.stdout.splitlines()[1:] == [
        "    1 root      0:00 sleep 3600",
        "    7 root      0:00 sh",
        "   13 root      0:00 ps",
    ]
    again = execute(cluster, "sh", "-c", "ps", session=first.shell)
    assert again.stdout.splitlines()[2:] == ["    7 root      0:00 sh", "   19 root      0:00 ps"]


def test_debian_images_have_no_ps():
    cluster = started("sleep", "3600", image="nginx:1.27")
    found = execute(cluster, "sh", "-c", "ps")
    assert found.stderr == "sh: 1: ps: not found\n"
