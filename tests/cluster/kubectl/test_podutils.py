"""Which pod of a workload kubectl logs and exec pick: podutils' ByLogging and ActivePods."""

from cluster.engine.cluster import Cluster
from cluster.kubectl import gosort, podutils
from tests.cluster.kubectl.helpers import run


def pod(name: str, node: str = "", phase: str = "Pending", ready_at: str = "", **more) -> dict:
    conditions = [{"type": "Ready", "status": "True", "lastTransitionTime": ready_at}]
    return {
        "metadata": {"name": name, "creationTimestamp": more.get("created", "")},
        "spec": {"nodeName": node},
        "status": {
            "phase": phase,
            "conditions": conditions if ready_at else [],
            "containerStatuses": [{"restartCount": more.get("restarts", 0)}],
        },
    }


PODS = [
    pod("unassigned"),
    pod("pending", "node-1"),
    pod("running", "node-1", "Running"),
    pod("ready-late", "node-1", "Running", "2026-01-01T00:00:09Z"),
    pod("ready-early", "node-1", "Running", "2026-01-01T00:00:05Z"),
    pod("restarted", "node-1", "Running", "2026-01-01T00:00:05Z", restarts=2),
]


def names(pods: list[dict]) -> list[str]:
    return [p["metadata"]["name"] for p in pods]


def test_by_logging_puts_the_pod_that_has_said_most_first() -> None:
    ordered = list(reversed(PODS))
    gosort.sort(ordered, podutils.by_logging)
    assert names(ordered) == [
        "restarted", "ready-early", "ready-late", "running", "pending", "unassigned"
    ]  # fmt: skip


def test_active_pods_reversed_puts_the_most_settled_pod_first() -> None:
    ordered = list(PODS)
    gosort.sort(ordered, lambda a, b: podutils.active_pods(b, a))
    assert names(ordered) == [
        "ready-early", "restarted", "ready-late", "running", "pending", "unassigned"
    ]  # fmt: skip


def test_logs_and_exec_of_a_deployment_use_one_of_its_pods() -> None:
    cluster = Cluster()
    run(cluster, "create", "deployment", "web", "--image=nginx", "--replicas=2")
    cluster.run_until_idle()
    pods = run(cluster, "get", "pods", "-o", "name").stdout.split()
    logs = run(cluster, "logs", "deploy/web", "--tail=1")
    assert logs.stderr == f"Found 2 pods, using {pods[0]}\n"
    assert logs.stdout == run(cluster, "logs", pods[0], "--tail=1").stdout != ""
    assert run(cluster, "exec", "deploy/web", "--", "hostname").stdout in {
        p.removeprefix("pod/") + "\n" for p in pods
    }
    assert run(cluster, "logs", "-l", "app=web").stdout.count("\n") == 20  # ten lines each
    run(cluster, "create", "configmap", "cfg")
    assert run(cluster, "logs", "cm/cfg").stderr == (
        "error: cannot get the logs from *v1.ConfigMap: selector for *v1.ConfigMap not implemented\n"
    )
