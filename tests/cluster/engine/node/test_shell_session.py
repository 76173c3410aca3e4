"""An interactive shell, a line at a time: what a line changes in the shell (its working
directory, variables, exports, `$?`, aliases, functions, positional parameters) carries to
the next in the session's state, the prompt follows the working directory as each image's
shell writes it, and `exit` ends the session."""

import dataclasses

import pytest

from cluster.engine.node import images, programs, shell_session

CONTEXT = programs.Context(
    hostname="web",
    pod_ip="10.244.1.2",
    env=(("PATH", images.PATH), ("HOSTNAME", "web"), ("HOME", "/root")),
    files=(("/etc/hostname", "web\n"),),
    start_unix_ms=1_767_225_600_000,
)


class Session:
    """A client of the engine's shell sessions: it keeps the state between lines."""

    def __init__(self, image: str = "busybox", shell: str = "sh", tty: bool = True) -> None:
        self.reference = images.parse(image)
        self.image = images.resolve(self.reference)
        self.shell = shell
        started = self.exec([shell], {"interactive": tty})
        self.state, self.prompt = started.shell, started.prompt

    def exec(self, command: list[str], state: dict) -> programs.Attached:
        return programs.run_attached(self.image, self.reference, command, CONTEXT, "", state)

    def line(self, text: str) -> tuple[str, str, int]:
        """What the line printed, and its status (the shell's, once it exited)."""
        assert self.state is not None, "the shell has exited"
        attached = self.exec([self.shell, "-c", text], self.state)
        self.state, self.prompt = attached.shell, attached.prompt
        return attached.stdout, attached.stderr, attached.exit_code


def test_the_working_directory_carries_over_and_the_prompt_shows_it():
    session = Session()
    assert session.prompt == "/ # "
    assert session.line("cd /etc") == ("", "", 0)
    assert session.prompt == "/etc # "
    assert session.line("pwd") == ("/etc\n", "", 0)
    assert session.line("ls") == ("hostname\n", "", 0)
    assert session.line("cat hostname") == ("web\n", "", 0)
    assert session.line("cd") == ("", "", 0)
    assert session.prompt == "~ # "  # HOME, as busybox's \w shows it
    assert session.line("cd -") == ("/etc\n", "", 0)
    assert session.line("cd ../nope") == (
        "",
        "sh: cd: can't cd to ../nope: No such file or directory\n",
        1,
    )
    assert session.line("(cd /tmp); echo $PWD $OLDPWD") == ("/etc /root\n", "", 0)


def test_variables_exports_and_the_last_status_carry_over():
    session = Session()
    session.line("X=1")
    session.line("export GREETING=hello")
    assert session.line("echo $X $GREETING") == ("1 hello\n", "", 0)
    env = session.line("env")[0].splitlines()
    assert "GREETING=hello" in env
    assert "X=1" not in env
    assert session.line("false") == ("", "", 1)
    assert session.line("echo $?") == ("1\n", "", 0)
    session.line("unset GREETING")
    assert session.line("echo -$GREETING-") == ("--\n", "", 0)


def test_aliases_functions_and_positional_parameters_carry_over():
    session = Session()
    session.line("alias ll='ls /etc'")
    assert session.line("ll") == ("hostname\n", "", 0)
    assert session.line("alias") == ("ll='ls /etc'\n", "", 0)
    session.line("greet() { echo hello $1; return 4; }")
    assert session.line("greet you") == ("hello you\n", "", 4)
    session.line("set -- a b c")
    assert session.line("echo $# $2") == ("3 b\n", "", 0)


def test_a_command_over_several_lines_waits_for_its_end_with_ps2():
    session = Session()
    assert session.line("for i in 1 2; do") == ("", "", 0)
    assert session.prompt == "> "
    assert session.line("echo $i") == ("", "", 0)
    assert session.line("done") == ("1\n2\n", "", 0)
    assert session.prompt == "/ # "


@pytest.mark.parametrize(
    ("image", "shell", "prompts", "missing"),
    [
        ("busybox", "sh", ["/ # ", "/etc # "], "sh: nope: not found\n"),
        ("nginx", "sh", ["# ", "# "], "sh: 2: nope: not found\n"),
        ("nginx", "bash", ["root@web:/# ", "root@web:/etc# "], "bash: nope: command not found\n"),
    ],
)
def test_each_images_shell_prompts_and_complains_its_own_way(image, shell, prompts, missing):
    session = Session(image, shell)
    shown = [session.prompt]
    session.line("cd /etc")
    shown.append(session.prompt)
    assert shown == prompts
    assert session.line("nope") == ("", missing, 127)


def test_exit_ends_the_session_with_its_code():
    session = Session()
    assert session.line("echo bye; exit 3") == ("bye\n", "", 3)
    assert session.state is None
    bash = Session("nginx", "bash")
    assert bash.line("false || exit 2") == ("", "exit\n", 2)  # bash says so on a terminal
    quiet = Session("nginx", "bash", tty=False)
    quiet.line("false")
    assert quiet.line("exit") == ("", "", 1)


def test_a_subshells_exit_ends_only_the_subshell():
    session = Session()
    assert session.line("(exit 5); echo $?") == ("5\n", "", 0)
    assert session.state is not None


def test_a_state_no_shell_gave_is_refused():
    state = Session().state
    shell_session.check(state)
    for wrong in (
        [],
        {"interactive": "yes"},
        {"cwd": "/"},
        state | {"cwd": "etc"},
        state | {"vars": {"X": 1}},
        {k: v for k, v in state.items() if k != "line"},
        state | {"pid": "7"},
        state | {"pid": 0},
        state | {"pid": True},
        state | {"container": 3},
    ):
        with pytest.raises(ValueError):
            shell_session.check(wrong)


def test_the_same_line_in_the_same_state_does_the_same():
    session = Session()
    session.line("cd /tmp; X=$((6 * 7))")
    state = session.state
    first = session.exec(["sh", "-c", "echo $X; pwd"], state)
    assert first == session.exec(["sh", "-c", "echo $X; pwd"], state)
    assert first.stdout == "42\n/tmp\n"


@pytest.mark.parametrize(
    ("image", "shell", "workdir", "prompt"),
    [
        ("httpd", "bash", "", "root@web:/usr/local/apache2# "),
        ("redis", "bash", "", "root@web:/data# "),
        ("busybox", "sh", "/tmp", "/tmp # "),
    ],
)
def test_a_shell_starts_where_the_image_or_the_pod_says(image, shell, workdir, prompt):
    found = images.lookup(image)
    cwd = workdir or found.workdir
    context = dataclasses.replace(CONTEXT, cwd=cwd)
    reference = images.parse(image)
    started = programs.run_attached(found, reference, [shell], context, "", {"interactive": True})
    assert started.prompt == prompt
    assert started.shell["vars"]["PWD"] == cwd
