"""kubectl create poddisruptionbudget (pdb) against a cluster that serves policy/v1 budgets,
and kubectl describe of them, with kubectl 1.37's words (create_pdb.go, describe.go's
describePodDisruptionBudgetV1)."""

import pytest

from cluster.engine.cluster import Cluster, ClusterSpec
from tests.cluster.kubectl.helpers import run


@pytest.fixture
def cluster() -> Cluster:
    """Three ready pods of Deployment web (app=web)."""
    cluster = Cluster(ClusterSpec(seed=1))
    created = run(cluster, "create", "deployment", "web", "--image=nginx", "--replicas=3")
    assert created.exit_code == 0
    cluster.advance_to(cluster.clock.now + 10_000)
    return cluster


def settle(cluster: Cluster) -> None:
    """Time for the disruption controller to work the budgets' status out."""
    cluster.advance_to(cluster.clock.now + 2_000)


def test_budgets_are_created_and_described_with_their_status(cluster):
    created = run(cluster, "create", "pdb", "web", "--selector=app=web", "--min-available=2")
    assert (created.stdout, created.stderr) == ("poddisruptionbudget.policy/web created\n", "")
    half = run(
        cluster,
        "create",
        "poddisruptionbudget",
        "half",
        "--selector=app=web,tier notin (db,cache)",
        "--max-unavailable=50%",
        "-o",
        "name",
    )
    assert (half.stdout, half.stderr) == ("poddisruptionbudget.policy/half\n", "")
    settle(cluster)
    assert run(cluster, "describe", "pdb", "web").stdout == (
        "Name:           web\n"
        "Namespace:      default\n"
        "Min available:  2\n"
        "Selector:       app=web\n"
        "Status:\n"
        "    Allowed disruptions:  1\n"
        "    Current:              3\n"
        "    Desired:              2\n"
        "    Total:                3\n"
        "Events:                   <none>\n"
    )
    assert run(cluster, "describe", "poddisruptionbudgets", "half").stdout == (
        "Name:             half\n"
        "Namespace:        default\n"
        "Max unavailable:  50%\n"
        "Selector:         app=web,tier notin (cache,db)\n"
        "Status:\n"
        "    Allowed disruptions:  2\n"
        "    Current:              3\n"
        "    Desired:              1\n"
        "    Total:                3\n"
        "Events:                   <none>\n"
    )


def test_a_budget_without_pods_shows_the_controllers_events(cluster):
    run(cluster, "create", "pdb", "none", "--selector=app=nothing", "--min-available=1")
    settle(cluster)
    assert run(cluster, "describe", "pdb", "none").stdout == (
        "Name:           none\n"
        "Namespace:      default\n"
        "Min available:  1\n"
        "Selector:       app=nothing\n"
        "Status:\n"
        "    Allowed disruptions:  0\n"
        "    Current:              0\n"
        "    Desired:              1\n"
        "    Total:                0\n"
        "Events:\n"
        "  Type    Reason  Age              From                   Message\n"
        "  ----    ------  ----             ----                   -------\n"
        "  Normal  NoPods  2s (x2 over 2s)  disruption-controller  No matching pods found\n"
    )


def test_a_budget_with_neither_amount_nor_selector(cluster):
    manifest = (
        '{"apiVersion": "policy/v1", "kind": "PodDisruptionBudget",'
        ' "metadata": {"name": "bare"}, "spec": {}}'
    )
    assert run(cluster, "create", "-f", "-", stdin=manifest).stdout == (
        "poddisruptionbudget.policy/bare created\n"
    )
    settle(cluster)
    described = run(cluster, "describe", "pdb", "bare", "--show-events=false")
    assert described.stdout == (
        "Name:       bare\n"
        "Namespace:  default\n"
        "Selector:   <unset>\n"
        "Status:\n"
        "    Allowed disruptions:  0\n"
        "    Current:              0\n"
        "    Desired:              0\n"
        "    Total:                0\n"
    )


def test_what_the_server_refuses_and_a_server_dry_run(cluster):
    run(cluster, "create", "pdb", "web", "--selector=app=web", "--min-available=2")
    again = run(cluster, "create", "pdb", "web", "--selector=app=web", "--min-available=2")
    assert (again.stderr, again.exit_code) == (
        'error: failed to create poddisruptionbudgets: poddisruptionbudgets.policy "web" '
        "already exists\n",
        1,
    )
    too_many = run(cluster, "create", "pdb", "p", "--selector=app=web", "--min-available=150%")
    assert too_many.stderr == (
        'error: failed to create poddisruptionbudgets: PodDisruptionBudget.policy "p" is '
        'invalid: spec.minAvailable: Invalid value: "150%": must not be greater than 100%\n'
    )
    dry = run(
        cluster,
        "create",
        "pdb",
        "dry",
        "--selector=app=web",
        "--min-available=2",
        "--dry-run=server",
    )
    assert dry.stdout == "poddisruptionbudget.policy/dry created (server dry run)\n"
    assert run(cluster, "describe", "pdb", "dry").stderr == (
        'Error from server (NotFound): poddisruptionbudgets.policy "dry" not found\n'
    )


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        # Complete reads --dry-run and the printer before Validate reads the rest
        (
            ["p", "--dry-run=bogus"],
            'Invalid dry-run value (bogus). Must be "none", "server", or "client".',
        ),
        (
            ["p", "-o", "bogus"],
            'unable to match a printer suitable for the output format "bogus", allowed formats '
            "are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,"
            "kyaml,name,template,templatefile,yaml",
        ),
        (
            ["--selector=a", "--min-available=1"],
            "exactly one NAME is required, got 0\n"
            "See 'kubectl create poddisruptionbudget -h' for help and examples",
        ),
        (
            ["p", "--selector=a", "--max-unavailable=1Gi"],
            "invalid format specified for max-unavailable",
        ),
        (
            ["p", "--selector=a!=b", "--min-available=1"],
            '"!=" is not a valid label selector operator',
        ),
        (["p", "--selector=a>1", "--min-available=1"], '"gt" isn\'t supported in label selectors'),
        (
            ["p", "--selector=a=b=c", "--min-available=1"],
            "couldn't parse the selector string \"a=b=c\": found '=', expected: ',' or "
            "'end of string'",
        ),
        # cobra names the command as its Use does, whichever alias was typed
        (
            ["p", "--bogus"],
            "unknown flag: --bogus\nSee 'kubectl create poddisruptionbudget --help' for usage.",
        ),
    ],
)
def test_what_create_pdb_refuses(cluster, argv, error):
    refused = run(cluster, "create", "pdb", *argv)
    assert (refused.stdout, refused.stderr, refused.exit_code) == ("", f"error: {error}\n", 1)
