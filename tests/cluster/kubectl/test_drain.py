"""kubectl drain cordons the node and evicts its pods, refusing what it must not evict."""

import pytest

from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import create_pod, run


@pytest.fixture
def cluster():
    cluster = Cluster()
    run(cluster, "cordon", "node-1")
    run(cluster, "run", "web", "--image=nginx")
    cluster.run_until_idle()
    return cluster


def test_unmanaged_pods_need_force(cluster):
    result = run(cluster, "drain", "node-2")
    assert result.stdout == "node/node-2 cordoned\n"
    assert result.stderr == (
        'error: unable to drain node "node-2" due to error: cannot delete Pods that declare no '
        "controller (use --force to override): default/web, continuing command...\n"
        "There are pending nodes to be drained:\n"
        " node-2\n"
        "cannot delete Pods that declare no controller (use --force to override): "
        "default/web\n"
    )
    assert result.exit_code == 1


def test_force_evicts_them_with_a_warning(cluster):
    result = run(cluster, "drain", "node-2", "--force")
    assert result.stdout == (
        "node/node-2 cordoned\nevicting pod default/web\npod/web evicted\nnode/node-2 drained\n"
    )
    assert result.stderr == "Warning: deleting Pods that declare no controller: default/web\n"
    pod = run(cluster, "get", "pod", "web", "-o", "json").stdout
    assert '"deletionGracePeriodSeconds": 30' in pod


def test_grace_period_zero_deletes_at_once(cluster):
    run(cluster, "drain", "node-2", "--force", "--grace-period=0")
    assert run(cluster, "get", "pod", "web").stderr == (
        'Error from server (NotFound): pods "web" not found\n'
    )


def test_local_storage_needs_delete_emptydir_data(cluster):
    volumes = [{"name": "scratch", "emptyDir": {}}]
    create_pod(cluster, "cache", "c", nodeName="node-2", volumes=volumes)
    result = run(cluster, "drain", "node-2", "--force")
    assert result.stderr.endswith(
        " node-2\ncannot delete Pods with local storage (use --delete-emptydir-data to override): "
        "default/cache\n"
    )
    result = run(cluster, "drain", "node-2", "--force", "--delete-emptydir-data")
    assert result.stdout.endswith("pod/cache evicted\npod/web evicted\nnode/node-2 drained\n")


def test_dry_run_evicts_nothing(cluster):
    result = run(cluster, "drain", "node-2", "--force", "--dry-run=client")
    assert result.stdout == (
        "node/node-2 cordoned (dry run)\nevicting pod default/web (dry run)\n"
        "node/node-2 drained (dry run)\n"
    )
    assert "deletionTimestamp" not in run(cluster, "get", "pod", "web", "-o", "yaml").stdout


def test_pods_with_a_controller_are_evicted_and_replaced(cluster):
    run(cluster, "delete", "pod", "web")
    run(cluster, "uncordon", "node-1")
    run(cluster, "create", "deployment", "app", "--image=nginx", "--replicas=2")
    cluster.run_until_idle()
    result = run(cluster, "drain", "node-1")
    assert result.stdout.startswith("node/node-1 cordoned\nevicting pod default/app-")
    assert result.stdout.endswith(" evicted\nnode/node-1 drained\n")
    assert result.stderr == ""


LOCAL = "cannot delete Pods with local storage (use --delete-emptydir-data to override)"
UNMANAGED = "cannot delete Pods that declare no controller (use --force to override)"


def test_several_refusals_of_one_node_are_a_line_each_at_the_end(cluster):
    volumes = [{"name": "scratch", "emptyDir": {}}]
    create_pod(cluster, "cache", "c", nodeName="node-2", volumes=volumes)
    assert run(cluster, "drain", "node-2").stderr == (
        f'error: unable to drain node "node-2" due to error: [{LOCAL}: default/cache, '
        f"{UNMANAGED}: default/web], continuing command...\n"
        "There are pending nodes to be drained:\n"
        " node-2\n"
        f"{LOCAL}: default/cache\n"
        f"{UNMANAGED}: default/web\n"
    )


def test_the_refusals_of_several_nodes_are_a_line_per_node(cluster):
    volumes = [{"name": "scratch", "emptyDir": {}}]
    create_pod(cluster, "cache", "c", nodeName="node-2", volumes=volumes)
    create_pod(cluster, "solo", "c", nodeName="node-1")
    result = run(cluster, "drain", "node-1", "node-2")
    assert result.stderr.endswith(
        " node-1\n node-2\n"
        f"{UNMANAGED}: default/solo\n"
        f"[{LOCAL}: default/cache, {UNMANAGED}: default/web]\n"
    )
    assert result.exit_code == 1


@pytest.mark.parametrize(
    ("flag", "expected"),
    [
        pytest.param(
            "--timeout=abc",
            'invalid argument "abc" for "--timeout" flag: time: invalid duration "abc"',
            id="timeout",
        ),
        pytest.param(
            "--grace-period=x",
            'invalid argument "x" for "--grace-period" flag: strconv.ParseInt: parsing "x": '
            "invalid syntax",
            id="grace period",
        ),
    ],
)
def test_malformed_flags_stop_it_before_it_cordons(cluster, flag, expected):
    result = run(cluster, "drain", "node-2", flag)
    assert (result.stdout, result.exit_code) == ("", 1)
    assert result.stderr == f"error: {expected}\nSee 'kubectl drain --help' for usage.\n"
    assert "Unschedulable:      false" in run(cluster, "describe", "node", "node-2").stdout


def test_a_malformed_pod_selector_is_refused_after_the_arguments_are_checked(cluster):
    result = run(cluster, "drain", "node-2", "--pod-selector", "===")
    assert result.stderr == "error: --pod-selector=<pod_selector> must be a valid label selector\n"
    assert result.exit_code == 1
    assert run(cluster, "drain", "--pod-selector", "===").stderr.startswith("error: USAGE:")


def test_a_disruption_budget_that_refuses_is_reported_as_the_real_kubectl_gives_up(cluster):
    run(cluster, "delete", "pod", "web")
    run(cluster, "create", "deployment", "app", "--image=nginx", "--replicas=2")
    run(cluster, "create", "pdb", "app", "--selector=app=app", "--min-available=1")
    cluster.run_until_idle()
    first, second = sorted(run(cluster, "get", "pods", "-o", "name").stdout.split())
    first, second = first.removeprefix("pod/"), second.removeprefix("pod/")
    result = run(cluster, "drain", "node-2", "--timeout=30s")
    assert result.stdout == (
        "node/node-2 cordoned\n"
        f"evicting pod default/{first}\n"
        f"evicting pod default/{second}\n"
        f"pod/{first} evicted\n"
    )
    refused = f'error when evicting pods/"{second}" -n "default"'
    timed_out = f"{refused}: global timeout reached: 30s"
    assert result.stderr == (
        f"{refused} (will retry after 5s): Cannot evict pod as it would violate the pod's "
        "disruption budget.\n"
        f'There are pending pods in node "node-2" when an error occurred: {timed_out}\n'
        f"pod/{second}\n"
        f'error: unable to drain node "node-2" due to error: {timed_out}, continuing command...\n'
        "There are pending nodes to be drained:\n"
        " node-2\n"
        f"{timed_out}\n"
    )
    assert result.exit_code == 1
