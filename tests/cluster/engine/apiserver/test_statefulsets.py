"""StatefulSets as kube-apiserver stores them: SetDefaults_StatefulSet, the strategy's
generation and empty status, its claim templates' kind, the scale subresource and its table."""

from cluster.engine.apiserver import printers
from cluster.engine.apiserver.request import Request
from cluster.engine.cluster import Cluster

TEMPLATE = {
    "metadata": {"labels": {"app": "web"}},
    "spec": {"containers": [{"name": "c", "image": "nginx"}]},
}
CLAIM = {
    "metadata": {"name": "www"},
    "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}},
}


def ask(cluster, verb, name="", **options):
    options.setdefault("credential", cluster.admin)
    return cluster.handle(Request(verb, "statefulsets", "default", name, **options))


def stateful_set(**spec):
    body = {"serviceName": "web", "selector": {"matchLabels": {"app": "web"}}, "template": TEMPLATE}
    return {
        "apiVersion": "apps/v1",
        "kind": "StatefulSet",
        "metadata": {"name": "web"},
        "spec": {**body, **spec},
    }


def test_a_new_stateful_set_is_defaulted_with_generation_one_and_an_empty_status():
    created = ask(Cluster(), "create", body=stateful_set(volumeClaimTemplates=[CLAIM])).body
    spec = created["spec"]
    assert (created["metadata"]["generation"], created["status"]) == (
        1,
        {"replicas": 0, "availableReplicas": 0},
    )
    assert {k: spec[k] for k in ("replicas", "podManagementPolicy", "revisionHistoryLimit")} == {
        "replicas": 1,
        "podManagementPolicy": "OrderedReady",
        "revisionHistoryLimit": 10,
    }
    assert spec["updateStrategy"] == {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}}
    assert spec["persistentVolumeClaimRetentionPolicy"] == {
        "whenDeleted": "Retain",
        "whenScaled": "Retain",
    }
    claim = spec["volumeClaimTemplates"][0]
    assert (claim["apiVersion"], claim["kind"], claim["spec"]["volumeMode"]) == (
        "v1",
        "PersistentVolumeClaim",
        "Filesystem",
    )
    assert claim["status"] == {"phase": "Pending"}


def test_on_delete_gets_no_rolling_update_and_a_given_partition_stays():
    on_delete = ask(Cluster(), "create", body=stateful_set(updateStrategy={"type": "OnDelete"}))
    assert on_delete.body["spec"]["updateStrategy"] == {"type": "OnDelete"}
    strategy = {"type": "RollingUpdate", "rollingUpdate": {"partition": 2}}
    partitioned = ask(Cluster(), "create", body=stateful_set(updateStrategy=strategy))
    assert partitioned.body["spec"]["updateStrategy"] == strategy


def test_the_scale_subresource_reads_and_sets_the_replicas():
    cluster = Cluster()
    ask(cluster, "create", body=stateful_set(replicas=2))
    scale = ask(cluster, "get", "web", subresource="scale").body
    assert (scale["kind"], scale["spec"], scale["status"]["selector"]) == (
        "Scale",
        {"replicas": 2},
        "app=web",
    )
    scale["spec"]["replicas"] = 5
    assert ask(cluster, "update", "web", subresource="scale", body=scale).code == 200
    found = ask(cluster, "get", "web").body
    assert (found["spec"]["replicas"], found["metadata"]["generation"]) == (5, 2)


def test_the_table_shows_ready_of_desired_and_the_template_when_wide():
    sts = stateful_set(replicas=3)
    sts["metadata"]["creationTimestamp"] = "2026-01-01T00:00:00Z"
    sts["status"] = {"readyReplicas": 2}
    table = printers.table("StatefulSet", [sts], 1_767_225_660, {})
    assert [c["name"] for c in table["columnDefinitions"]] == [
        "Name",
        "Ready",
        "Age",
        "Containers",
        "Images",
    ]
    assert table["rows"][0]["cells"] == ["web", "2/3", "60s", "c", "nginx"]
