"""How the terminal reads a streaming kubectl line's flags."""

import pytest

from cluster.kubectl.cmd import delete, get, logs
from cluster.kubectl.cmd.rollout import status
from visualizer import streams


@pytest.mark.parametrize(
    ("line", "command", "flags"),
    [
        ("get pods -w --help", "get", get.FLAGS),
        ("logs -f web -h", "logs", logs.FLAGS),
        ("rollout status deployment/web --help", status.COMMAND, status.FLAGS),
        ("delete pod web -h", "delete", delete.FLAGS),
    ],
)
def test_a_line_asking_for_help_streams_nothing_the_built_in_kubectl_prints_it(
    line, command, flags
):
    assert streams.parsed(line.split(), command, flags) is None
    without_help = [word for word in line.split() if word not in ("-h", "--help")]
    assert streams.parsed(without_help, command, flags) is not None
