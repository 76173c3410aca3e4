"""`-h`, `--help` and `kubectl help` print what the real kubectl prints, for every command the
built-in one has; KubeLab's own `kubectl lab` has help in the same form."""

import itertools
import runpy
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import redis

from cluster.engine.apiserver.request import Request, Response
from cluster.engine.cluster import ClusterSpec
from cluster.host import ClusterHost
from cluster.journal import Anchor, Journal
from cluster.kubectl import helptexts
from cluster.kubectl.main import COMMANDS, kubectl

PROJECT = Path(__file__).resolve().parents[3]
# the script that writes helptexts.txt runs the real kubectl as the tests do
SCRIPT = runpy.run_path(str(PROJECT / "scripts" / "helptexts.py"))
KUBECTL = PROJECT / ".venv" / "bin" / "kubectl"
# `create secret` and `create service` read their subcommands themselves
NESTED = [
    "create secret generic",
    "create secret docker-registry",
    "create secret tls",
    "create service clusterip",
    "create service nodeport",
    "create service loadbalancer",
    "create service externalname",
    "create svc nodeport",
]
COMMAND_HELPS = [
    f"{path} --help"
    for path in itertools.chain(
        (name for name in COMMANDS if name != "lab"),
        (f"{n} {sub}" for n, cmd in COMMANDS.items() for sub in getattr(cmd, "SUBCOMMANDS", {})),
        NESTED,
    )
]
PLACEMENTS = [
    "",
    "--help",
    "-h",
    "-n default --help",
    "-v=3 get -h",
    "get -h",
    "get pods --help",
    "get --help=1",
    "get -h=true",
    "get pods -n default --help -o wide",
    "create deploy -h",
    "create deployment web --image=nginx -h",
    "create -h deployment",
    "create --help=true deployment",
    "rollout --help status",
    "rollout status --help",
    "rollout nosuch --help",
    "top pods -h",
    "create nosuch --help",
    "help",
    "help get",
    "help get pods",
    "help -n x get",
    "help create deploy",
    "help create svc nodeport",
    "help create nosuch",
    "help rollout status",
    "help help",
    "help -h",
    "help get --help",
    "help options",
    "options",
    "options --help",
    "options extra",
]
MISTAKES = [
    "nosuch --help",
    "help nosuch",
    "help nosuch more",
    "--bogus --help",
    "-n",
    "get --bogus --help",
    "get --help --bogus",
    "get --help -o",
    "get --help=bogus",
    "get -A=maybe",
    "help get --bogus",
    "help -n",
    "options --bogus",
    "options -n",
    "gte pods",
    "Get pods",
    "exe web -- ls",
    "optins",
    "desc",
    "hlep",
]


def no_api(request: Request) -> Response:
    raise AssertionError(f"help asked the API: {request}")


def no_lab(operation: dict) -> dict:
    raise AssertionError(f"help asked the lab: {operation}")


def ours(line: str, lab=no_lab) -> tuple[str, str, int]:
    result = kubectl(line.split(), no_api, None, lab=lab)
    return result.stdout, result.stderr, result.exit_code


@pytest.fixture(scope="module")
def real() -> dict[str, tuple[str, str, int]]:
    """The real kubectl's answers to every line of the tests, run at once."""
    lines = [*COMMAND_HELPS, *PLACEMENTS, *MISTAKES, "port-forward --help"]

    def answer(line: str) -> tuple[str, str, int]:
        result = SCRIPT["run"](KUBECTL, *line.split())
        return result.stdout, result.stderr, result.returncode

    with ThreadPoolExecutor(4) as pool:
        return dict(zip(lines, pool.map(answer, lines), strict=True))


@pytest.mark.parametrize("line", COMMAND_HELPS)
def test_every_command_prints_kubectls_help(line, real):
    assert ours(line) == real[line]
    assert real[line][1:] == ("", 0)


@pytest.mark.parametrize("line", PLACEMENTS)
def test_help_is_found_wherever_kubectl_finds_it(line, real):
    assert ours(line) == real[line]


@pytest.mark.parametrize("line", MISTAKES)
def test_mistakes_get_kubectls_errors_even_with_help(line, real):
    assert ours(line) == real[line]


def test_a_command_kubectl_has_and_we_do_not_says_so_even_for_help(real):
    assert real["port-forward --help"][0].startswith("Forward one or more local ports to a pod.")
    cannot = (
        "error: the built-in kubectl cannot forward ports: it cannot listen on your machine; the "
        "real kubectl's `kubectl port-forward`, with the kubeconfig `kubelab kubeconfig` prints, "
        "does\n"
    )
    assert ours("port-forward --help") == ("", cannot, 1)
    usage = real["help nosuch"][1].partition("\n")[2]
    assert ours("help port-forward") == ("", f"Unknown help topic [`port-forward`]\n{usage}", 0)


def test_kubectl_lab_has_help_in_kubectls_form():
    assert ours("lab --help") == (helptexts.LAB["lab"], "", 0)
    assert ours("lab") == (helptexts.LAB["lab"], "", 0)
    assert ours("help lab") == (helptexts.LAB["lab"], "", 0)
    assert ours("lab step -h") == (helptexts.LAB["lab step"], "", 0)
    assert ours("lab fault crash web -c app --help") == (helptexts.LAB["lab fault"], "", 0)
    listed = helptexts.LAB["lab"].partition("Available Commands:\n")[2].partition("\n\n")[0]
    for line in listed.splitlines():
        name = line.split()[0]
        text = helptexts.LAB[f"lab {name}"]
        assert text.startswith(line.split(maxsplit=1)[1] + ".\n\n")
        assert f"\nUsage:\n  kubectl lab {name}" in text
        assert "\n\n\n" not in text
        assert text.endswith(
            '\nUse "kubectl options" for a list of global command-line options (applies to all commands).\n'
        )


def test_without_a_lab_there_is_no_lab_command_to_help_with(real):
    unknown = 'error: unknown command "lab" for "kubectl"\n\nDid you mean this?\n\tlabel\n'
    assert ours("lab --help", lab=None) == ("", unknown, 1)
    _, stderr, code = ours("help lab", lab=None)
    assert (stderr.partition("\n")[0], code) == ("Unknown help topic [`lab`]", 0)


def test_the_group_texts_commands_print_without_a_subcommand_are_their_help(real):
    assert real["rollout --help"][0] == helptexts.ROLLOUT
    assert real["set --help"][0] == helptexts.SET
    assert real["create secret --help"][0] == helptexts.CREATE_SECRET
    assert real["create service --help"][0] == helptexts.CREATE_SERVICE


def test_the_terminal_of_a_hosted_cluster_prints_the_same_help(redis_url, real):
    client = redis.Redis.from_url(redis_url)
    cluster_id = 7_000_001
    Journal(client, cluster_id).create(
        ClusterSpec(seed=1, epoch=1_767_225_600, admin_token="t"),
        Anchor(wall_ms=1_767_225_600_000, virtual=0),
    )
    host = ClusterHost(client, None)
    result = host.kubectl(cluster_id, "c", ["create", "deployment", "-h"])
    assert (result.stdout, result.stderr, result.exit_code) == real["create deploy -h"]
    assert host.kubectl(cluster_id, "c", ["lab", "-h"]).stdout == helptexts.LAB["lab"]
    assert Journal(client, cluster_id).entries(0) == []  # help is no input of the cluster
