"""The StatefulSet controller on a real cluster: pods web-0, web-1, ... made in order, each
once the one before is ready, with their own claims; scaled down from the highest ordinal;
rolled from the highest ordinal down to the partition, or on deletion; Parallel; the status
and the revisions; the claims' retention policy."""

from cluster.engine.cluster import Cluster
from tests.cluster.engine.controllers.helpers import (
    API,
    NGINX,
    pod,
    ready,
    settle,
    stored,
    workload,
)

NAME = "web"
HASH = "controller-revision-hash"
SOURCE = "statefulset-controller"
HEADLESS = {
    "apiVersion": "v1",
    "kind": "Service",
    "metadata": {"name": "nginx"},
    "spec": {"clusterIP": "None", "selector": {"app": NAME}, "ports": [{"port": 80}]},
}
CLAIM = {
    "metadata": {"name": "www"},
    "spec": {
        "storageClassName": "manual",
        "accessModes": ["ReadWriteOnce"],
        "resources": {"requests": {"storage": "1Gi"}},
    },
}


def statefulset(replicas: int = 3, claims: bool = False, **spec) -> dict:
    body = workload("StatefulSet", NAME, replicas, NAME, serviceName="nginx", **spec)
    if claims:
        body["spec"]["volumeClaimTemplates"] = [CLAIM]
    return body


def volume(index: int) -> dict:
    """A hostPath volume of class manual, large enough for one claim."""
    return {
        "apiVersion": "v1",
        "kind": "PersistentVolume",
        "metadata": {"name": f"pv-{index}"},
        "spec": {
            "storageClassName": "manual",
            "capacity": {"storage": "1Gi"},
            "accessModes": ["ReadWriteOnce"],
            "hostPath": {"path": f"/mnt/data-{index}"},
        },
    }


def created(sts: dict | None = None, volumes: int = 0) -> tuple[Cluster, API]:
    """A cluster with the headless service, the volumes and the set, just created."""
    cluster = Cluster()
    api = API(cluster)
    for index in range(volumes):
        api.create("persistentvolumes", volume(index), namespace="")
    api.create("services", HEADLESS)
    api.send("create", "statefulsets", body=sts or statefulset())
    return cluster, api


def started(sts: dict | None = None, volumes: int = 0) -> tuple[Cluster, API]:
    cluster, api = created(sts, volumes)
    settle(cluster)
    return cluster, api


def timeline(cluster: Cluster) -> list[str]:
    """What became of the pods, step by step until idle: "+web-0" made, "web-0 ready",
    "-web-0" gone (a pod made again under its name is gone, then made)."""
    seen = _pod_states(cluster)
    lines: list[str] = []
    clock = cluster.clock
    while (timer := clock.peek()) is not None and not (
        timer.background and all(t.background for t in clock.pending())
    ):
        cluster.step()
        now = _pod_states(cluster)
        lines += [f"-{name}" for name, (uid, _) in seen.items() if now.get(name, ("",))[0] != uid]
        for name, (uid, is_ready) in now.items():
            before = seen.get(name)
            if before is None or before[0] != uid:
                lines.append(f"+{name}")
                before = None
            if is_ready and not (before and before[1]):
                lines.append(f"{name} ready")
        seen = now
    return lines


def _pod_states(cluster: Cluster) -> dict[str, tuple[str, bool]]:
    """Each pod's uid and readiness, by name."""
    return {p["metadata"]["name"]: (p["metadata"]["uid"], ready(p)) for p in pods(cluster)}


def pods(cluster: Cluster) -> list[dict]:
    return sorted(stored(cluster, "pods"), key=lambda p: p["metadata"]["name"])


def images(api: API) -> dict[str, str]:
    return {p["metadata"]["name"]: p["spec"]["containers"][0]["image"] for p in api.items("pods")}


def patch(api: API, spec: dict) -> None:
    """Change the set's spec, the cluster yet to react."""
    merge = "application/merge-patch+json"
    api.send("patch", "statefulsets", "default", NAME, body={"spec": spec}, content_type=merge)


def new_image(api: API, image: str = "nginx:1.28") -> None:
    patch(api, {"template": {"spec": {"containers": [{"name": "nginx", "image": image}]}}})


def revisions(api: API) -> list[tuple[str, int]]:
    found = api.items("controllerrevisions")
    return sorted((r["metadata"]["name"], r["revision"]) for r in found)


def only_revision(api: API) -> str:
    """The name of the one revision there is, the first."""
    [(name, number)] = revisions(api)
    assert number == 1
    return name


def status(api: API) -> dict:
    return api.get("statefulsets", NAME)["status"]


def pod_events(api: API) -> list[tuple[str, str]]:
    return [(reason, message) for reason, message, _ in api.events("StatefulSet")]


def test_a_set_of_three_makes_its_pods_in_order_each_once_the_one_before_is_ready():
    cluster, api = created()
    assert timeline(cluster) == [
        "+web-0",
        "web-0 ready",
        "+web-1",
        "web-1 ready",
        "+web-2",
        "web-2 ready",
    ]
    assert pod_events(api) == [
        ("SuccessfulCreate", f"Create Pod web-{i} in StatefulSet web successful") for i in range(3)
    ]
    assert {source for _, _, source in api.events("StatefulSet")} == {SOURCE}


def test_each_pod_has_the_identity_of_its_ordinal():
    cluster, api = started()
    sts = api.get("statefulsets", NAME)
    revision = only_revision(api)
    for index, member in enumerate(pods(cluster)):
        meta = member["metadata"]
        assert meta["name"] == f"web-{index}"
        assert meta["generateName"] == "web-"
        assert meta["labels"] == {
            "app": NAME,
            "statefulset.kubernetes.io/pod-name": f"web-{index}",
            "apps.kubernetes.io/pod-index": str(index),
            HASH: revision,
        }
        assert meta["ownerReferences"] == [
            {
                "apiVersion": "apps/v1",
                "kind": "StatefulSet",
                "name": NAME,
                "uid": sts["metadata"]["uid"],
                "controller": True,
                "blockOwnerDeletion": True,
            }
        ]
        assert (member["spec"]["hostname"], member["spec"]["subdomain"]) == (
            f"web-{index}",
            "nginx",
        )


def test_its_status_counts_the_replicas_and_names_the_revisions():
    _cluster, api = started()
    revision = only_revision(api)
    assert status(api) == {
        "observedGeneration": 1,
        "replicas": 3,
        "readyReplicas": 3,
        "currentReplicas": 3,
        "updatedReplicas": 3,
        "currentRevision": revision,
        "updateRevision": revision,
        "collisionCount": 0,
        "availableReplicas": 3,
    }


def test_ordinals_start_where_spec_ordinals_says():
    _cluster, api = started(statefulset(2, ordinals={"start": 5}))
    assert api.names("pods") == ["web-5", "web-6"]
    labels = [p["metadata"]["labels"]["apps.kubernetes.io/pod-index"] for p in api.items("pods")]
    assert sorted(labels) == ["5", "6"]


def test_without_volumes_the_first_claim_stays_pending_and_so_does_its_pod():
    _cluster, api = started(statefulset(claims=True))
    assert api.names("persistentvolumeclaims") == ["www-web-0"]
    claim = api.get("persistentvolumeclaims", "www-web-0")
    assert claim["status"] == {"phase": "Pending"}
    assert claim["metadata"]["labels"] == {"app": NAME}
    assert "ownerReferences" not in claim["metadata"]  # Retain: nobody owns it
    assert [p["status"]["phase"] for p in api.items("pods")] == ["Pending"]
    assert pod_events(api) == [
        ("SuccessfulCreate", "Create Claim www-web-0 Pod web-0 in StatefulSet web success"),
        ("SuccessfulCreate", "Create Pod web-0 in StatefulSet web successful"),
    ]
    found = status(api)
    assert (found["replicas"], found["availableReplicas"]) == (1, 0)
    assert "readyReplicas" not in found  # omitempty


def test_with_volumes_of_their_class_the_claims_bind_and_the_pods_run():
    _cluster, api = started(statefulset(claims=True), volumes=3)
    claims = {c["metadata"]["name"]: c for c in api.items("persistentvolumeclaims")}
    assert sorted(claims) == ["www-web-0", "www-web-1", "www-web-2"]
    assert {c["status"]["phase"] for c in claims.values()} == {"Bound"}
    for member in api.items("pods"):
        name = member["metadata"]["name"]
        assert member["status"]["phase"] == "Running"
        assert member["spec"]["volumes"][0] == {
            "name": "www",
            "persistentVolumeClaim": {"claimName": f"www-{name}"},
        }
    assert status(api)["readyReplicas"] == 3


def test_scaling_down_removes_the_highest_ordinal_first_and_keeps_the_claims():
    cluster, api = started(statefulset(claims=True), volumes=3)
    patch(api, {"replicas": 1})
    assert timeline(cluster) == ["-web-2", "-web-1"]
    assert api.names("persistentvolumeclaims") == ["www-web-0", "www-web-1", "www-web-2"]
    deletions = [m for r, m in pod_events(api) if r == "SuccessfulDelete"]
    assert deletions == [f"Delete Pod web-{i} in StatefulSet web successful" for i in (2, 1)]
    assert status(api)["replicas"] == 1


def test_scaling_up_again_reuses_the_claims():
    cluster, api = started(statefulset(claims=True), volumes=3)
    patch(api, {"replicas": 1})
    settle(cluster)
    patch(api, {"replicas": 3})
    assert timeline(cluster) == ["+web-1", "web-1 ready", "+web-2", "web-2 ready"]
    volumes = {
        c["metadata"]["name"]: c["spec"]["volumeName"] for c in api.items("persistentvolumeclaims")
    }
    assert volumes == {"www-web-0": "pv-0", "www-web-1": "pv-1", "www-web-2": "pv-2"}


def test_a_template_change_rolls_from_the_highest_ordinal_down_one_ready_pod_at_a_time():
    cluster, api = started()
    old = only_revision(api)
    new_image(api)
    assert timeline(cluster) == [
        "-web-2",
        "+web-2",
        "web-2 ready",
        "-web-1",
        "+web-1",
        "web-1 ready",
        "-web-0",
        "+web-0",
        "web-0 ready",
    ]
    assert images(api) == dict.fromkeys(["web-0", "web-1", "web-2"], "nginx:1.28")
    [new] = [name for name, number in revisions(api) if number == 2]
    assert {p["metadata"]["labels"][HASH] for p in api.items("pods")} == {new}
    found = status(api)
    assert (found["currentRevision"], found["updateRevision"]) == (new, new)
    assert (found["observedGeneration"], found["currentReplicas"], found["updatedReplicas"]) == (
        2,
        3,
        3,
    )
    assert old != new


def test_a_partition_updates_only_the_ordinals_at_or_above_it():
    strategy = {"type": "RollingUpdate", "rollingUpdate": {"partition": 2}}
    cluster, api = started(statefulset(updateStrategy=strategy))
    old = only_revision(api)
    new_image(api)
    assert timeline(cluster) == ["-web-2", "+web-2", "web-2 ready"]
    assert images(api) == {"web-0": NGINX, "web-1": NGINX, "web-2": "nginx:1.28"}
    found = status(api)
    [new] = [name for name, number in revisions(api) if number == 2]
    assert (found["currentRevision"], found["updateRevision"]) == (old, new)
    assert (found["currentReplicas"], found["updatedReplicas"]) == (2, 1)
    patch(api, {"updateStrategy": {"rollingUpdate": {"partition": 0}}})
    settle(cluster)
    assert set(images(api).values()) == {"nginx:1.28"}
    assert status(api)["currentRevision"] == new


def test_parallel_makes_and_deletes_all_the_pods_at_once():
    cluster, api = created(statefulset(podManagementPolicy="Parallel"))
    lines = timeline(cluster)
    assert lines[:3] == ["+web-0", "+web-1", "+web-2"]
    assert sorted(lines[3:]) == ["web-0 ready", "web-1 ready", "web-2 ready"]
    patch(api, {"replicas": 0})
    assert sorted(timeline(cluster)) == ["-web-0", "-web-1", "-web-2"]
    deletions = [m for r, m in pod_events(api) if r == "SuccessfulDelete"]
    assert deletions == [f"Delete Pod web-{i} in StatefulSet web successful" for i in (2, 1, 0)]


def test_on_delete_updates_only_the_pods_deleted_by_hand():
    cluster, api = started(statefulset(updateStrategy={"type": "OnDelete"}))
    new_image(api)
    settle(cluster)
    assert set(images(api).values()) == {NGINX}
    found = status(api)
    assert found["currentRevision"] != found["updateRevision"]
    assert "updatedReplicas" not in found
    api.send("delete", "pods", "default", "web-1")
    assert timeline(cluster) == ["-web-1", "+web-1", "web-1 ready"]
    assert images(api) == {"web-0": NGINX, "web-1": "nginx:1.28", "web-2": NGINX}
    found = status(api)
    assert (found["currentReplicas"], found["updatedReplicas"]) == (2, 1)


def test_a_failed_pod_is_deleted_and_made_again():
    cluster, api = started()
    pod = api.get("pods", "web-1")
    failed = {**pod, "status": {**pod["status"], "phase": "Failed"}}
    api.send("update", "pods", "default", "web-1", subresource="status", body=failed)
    assert timeline(cluster) == ["-web-1", "+web-1", "web-1 ready"]
    assert ("SuccessfulDelete", "Delete Pod web-1 in StatefulSet web successful") in pod_events(api)
    assert status(api)["readyReplicas"] == 3


def test_min_ready_seconds_holds_the_next_pod_until_the_previous_is_available():
    cluster, api = created(statefulset(2, minReadySeconds=10))
    assert timeline(cluster) == ["+web-0", "web-0 ready", "+web-1", "web-1 ready"]
    web_0, web_1 = pods(cluster)
    ready_at = next(c for c in web_0["status"]["conditions"] if c["type"] == "Ready")
    assert web_1["metadata"]["creationTimestamp"] > ready_at["lastTransitionTime"]
    found = status(api)
    assert (found["readyReplicas"], found["availableReplicas"]) == (2, 2)


def test_a_rollback_renumbers_the_old_revision_instead_of_making_a_new_one():
    cluster, api = started()
    first = only_revision(api)
    new_image(api)
    settle(cluster)
    new_image(api, NGINX)
    settle(cluster)
    [second] = [name for name, _ in revisions(api) if name != first]
    assert revisions(api) == sorted([(first, 3), (second, 2)])
    assert status(api)["updateRevision"] == first


def test_a_revision_records_the_template_under_the_hash_of_its_data():
    _cluster, api = started(statefulset(1))
    sts = api.get("statefulsets", NAME)
    [revision] = api.items("controllerrevisions")
    hash_ = revision["metadata"]["labels"]["controller.kubernetes.io/hash"]
    assert revision["metadata"]["name"] == f"web-{hash_}"
    assert revision["metadata"]["labels"] == {"app": NAME, "controller.kubernetes.io/hash": hash_}
    assert revision["metadata"]["ownerReferences"][0]["uid"] == sts["metadata"]["uid"]
    assert revision["data"] == {
        "spec": {"template": {**sts["spec"]["template"], "$patch": "replace"}}
    }


def test_revisions_beyond_the_history_limit_are_deleted():
    cluster, api = started(statefulset(1, revisionHistoryLimit=1))
    for image in ("nginx:1.28", "nginx:1.29", "nginx:1.30"):
        new_image(api, image)
        settle(cluster)
    assert [number for _, number in sorted(revisions(api), key=lambda r: r[1])] == [3, 4]


def test_delete_on_scale_down_gives_the_claim_to_its_pod_and_the_collector_removes_it():
    policy = {"whenDeleted": "Delete", "whenScaled": "Delete"}
    sts = statefulset(2, claims=True, persistentVolumeClaimRetentionPolicy=policy)
    cluster, api = started(sts, volumes=2)
    uid = api.get("statefulsets", NAME)["metadata"]["uid"]
    for claim in api.items("persistentvolumeclaims"):
        [owner] = claim["metadata"]["ownerReferences"]
        assert (owner["kind"], owner["uid"], owner["controller"]) == ("StatefulSet", uid, True)
    patch(api, {"replicas": 1})
    settle(cluster)
    assert api.names("persistentvolumeclaims") == ["www-web-0"]
    api.delete("statefulsets", NAME)
    settle(cluster)
    assert api.names("pods") == []
    assert api.names("persistentvolumeclaims") == []


def test_an_orphan_named_for_the_set_is_adopted_given_its_identity_then_replaced():
    cluster = Cluster()
    api = API(cluster)
    api.create("pods", pod("web-0", {"app": NAME}))
    settle(cluster)
    api.create("statefulsets", statefulset(1))
    settle(cluster)
    web_0 = api.get("pods", "web-0")
    assert web_0["metadata"]["ownerReferences"][0]["kind"] == "StatefulSet"
    assert web_0["metadata"]["labels"][HASH] == only_revision(api)
    assert pod_events(api) == [
        ("SuccessfulUpdate", "Update Pod web-0 in StatefulSet web successful"),
        ("SuccessfulDelete", "Delete Pod web-0 in StatefulSet web successful"),
        ("SuccessfulCreate", "Create Pod web-0 in StatefulSet web successful"),
    ]


def test_a_pod_not_named_for_the_set_is_not_adopted():
    cluster, api = created(statefulset(1))
    api.create("pods", pod("cache", {"app": NAME}))
    settle(cluster)
    assert "ownerReferences" not in api.get("pods", "cache")["metadata"]
    assert status(api)["replicas"] == 1


def test_a_budget_over_the_sets_pods_counts_its_replicas():
    cluster, api = started()
    budget = {
        "apiVersion": "policy/v1",
        "kind": "PodDisruptionBudget",
        "metadata": {"name": NAME},
        "spec": {"selector": {"matchLabels": {"app": NAME}}, "minAvailable": "50%"},
    }
    api.create("poddisruptionbudgets", budget)
    settle(cluster)
    found = api.get("poddisruptionbudgets", NAME)["status"]
    assert (found["expectedPods"], found["desiredHealthy"], found["disruptionsAllowed"]) == (
        3,
        2,
        1,
    )
