"""The Deployment controller on a real cluster: the new ReplicaSet, revisions and their
annotations, events and conditions, both strategies, pause, rollback, history cleanup, the
progress deadline; and the rolling update's bounds at every step of the clock."""

import math
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cluster.engine.cluster import Cluster
from tests.cluster.engine.controllers.helpers import (
    API,
    active,
    deployment,
    ready,
    settle,
    stored,
    terminating_counts,
)

HASH = r"[bcdfghjklmnpqrstvwxz2456789]{1,10}"
REVISION = "deployment.kubernetes.io/revision"


def started(**options) -> tuple[Cluster, API]:
    cluster = Cluster()
    api = API(cluster)
    api.create("deployments", deployment(**options))
    settle(cluster)
    return cluster, api


def new_image(api: API, image: str = "nginx:1.28") -> None:
    container = {"name": "nginx", "image": image}
    api.patch("deployments", "web", {"spec": {"template": {"spec": {"containers": [container]}}}})


def replica_sets(api: API) -> dict[str, dict]:
    """The deployment's ReplicaSets by revision."""
    return {rs["metadata"]["annotations"][REVISION]: rs for rs in api.items("replicasets")}


def conditions(api: API) -> dict[str, tuple[str, str, str]]:
    found = api.get("deployments", "web")["status"].get("conditions", [])
    return {c["type"]: (c["status"], c["reason"], c["message"]) for c in found}


def test_a_new_deployment_makes_a_replica_set_named_by_its_template_hash():
    _cluster, api = started(replicas=3)
    (rs,) = api.items("replicasets")
    template_hash = rs["metadata"]["labels"]["pod-template-hash"]
    assert re.fullmatch(HASH, template_hash)
    assert rs["metadata"]["name"] == f"web-{template_hash}"
    assert rs["spec"]["selector"] == {
        "matchLabels": {"app": "web", "pod-template-hash": template_hash}
    }
    assert rs["spec"]["template"]["metadata"]["labels"] == {
        "app": "web",
        "pod-template-hash": template_hash,
    }
    assert rs["metadata"]["annotations"] == {
        REVISION: "1",
        "deployment.kubernetes.io/desired-replicas": "3",
        "deployment.kubernetes.io/max-replicas": "4",
    }
    d = api.get("deployments", "web")
    assert rs["metadata"]["ownerReferences"][0]["uid"] == d["metadata"]["uid"]
    assert d["metadata"]["annotations"] == {REVISION: "1"}
    assert api.events("Deployment") == [
        (
            "ScalingReplicaSet",
            f"Scaled up replica set web-{template_hash} to 3",
            "deployment-controller",
        )
    ]


def test_a_finished_rollout_reports_its_counts_and_conditions():
    _cluster, api = started(replicas=3)
    (rs,) = api.items("replicasets")
    status = api.get("deployments", "web")["status"]
    assert {k: v for k, v in status.items() if k != "conditions"} == {
        "observedGeneration": 1,
        "replicas": 3,
        "updatedReplicas": 3,
        "readyReplicas": 3,
        "availableReplicas": 3,
        "terminatingReplicas": 0,
    }
    assert conditions(api) == {
        "Available": ("True", "MinimumReplicasAvailable", "Deployment has minimum availability."),
        "Progressing": (
            "True",
            "NewReplicaSetAvailable",
            f'ReplicaSet "{rs["metadata"]["name"]}" has successfully progressed.',
        ),
    }


def test_a_rolling_update_scales_the_new_set_up_and_the_old_one_down_step_by_step():
    cluster, api = started(replicas=4, max_surge=1, max_unavailable=1)
    new_image(api)
    settle(cluster)
    sets = replica_sets(api)
    old, new = sets["1"]["metadata"]["name"], sets["2"]["metadata"]["name"]
    assert (sets["1"]["spec"]["replicas"], sets["2"]["spec"]["replicas"]) == (0, 4)
    assert api.events("Deployment")[1:] == [
        ("ScalingReplicaSet", f"Scaled up replica set {new} to 1", "deployment-controller"),
        (
            "ScalingReplicaSet",
            f"Scaled down replica set {old} to 3 from 4",
            "deployment-controller",
        ),
        ("ScalingReplicaSet", f"Scaled up replica set {new} to 2 from 1", "deployment-controller"),
        (
            "ScalingReplicaSet",
            f"Scaled down replica set {old} to 1 from 3",
            "deployment-controller",
        ),
        ("ScalingReplicaSet", f"Scaled up replica set {new} to 4 from 2", "deployment-controller"),
        (
            "ScalingReplicaSet",
            f"Scaled down replica set {old} to 0 from 1",
            "deployment-controller",
        ),
    ]
    assert api.get("deployments", "web")["metadata"]["annotations"][REVISION] == "2"


def test_its_status_adds_up_the_terminating_pods_of_its_replica_sets():
    cluster, api = started(replicas=2)
    api.patch("deployments", "web", {"spec": {"replicas": 0}})
    assert terminating_counts(cluster, "deployments") == [2, 0]
    assert "replicas" not in api.get("deployments", "web")["status"]


def test_recreate_removes_every_old_pod_before_starting_new_ones():
    cluster, api = started(replicas=2, strategy="Recreate")
    new_image(api)
    settle(cluster)
    sets = replica_sets(api)
    old, new = sets["1"]["metadata"]["name"], sets["2"]["metadata"]["name"]
    assert api.events("Deployment")[1:] == [
        (
            "ScalingReplicaSet",
            f"Scaled down replica set {old} to 0 from 2",
            "deployment-controller",
        ),
        ("ScalingReplicaSet", f"Scaled up replica set {new} to 2", "deployment-controller"),
    ]
    pods = active(api.items("pods"))
    assert len(pods) == 2 and all(p["metadata"]["name"].startswith(new) for p in pods)


def test_a_paused_deployment_does_not_roll_out_until_resumed():
    cluster, api = started(replicas=2)
    api.patch("deployments", "web", {"spec": {"paused": True}})
    new_image(api)
    settle(cluster)
    assert list(replica_sets(api)) == ["1"]
    assert conditions(api)["Progressing"] == ("Unknown", "DeploymentPaused", "Deployment is paused")
    api.patch("deployments", "web", {"spec": {"paused": None}})
    settle(cluster)
    assert replica_sets(api)["2"]["status"]["availableReplicas"] == 2
    assert conditions(api)["Progressing"][1] == "NewReplicaSetAvailable"


def test_rolling_back_to_a_revision_brings_its_replica_set_back_as_a_new_revision():
    cluster, api = started(replicas=2)
    first = api.items("replicasets")[0]["metadata"]["name"]
    new_image(api)
    settle(cluster)
    api.patch(
        "deployments",
        "web",
        {"metadata": {"annotations": {"deprecated.deployment.rollback.to": "1"}}},
    )
    settle(cluster)
    sets = replica_sets(api)
    assert sets["3"]["metadata"]["name"] == first
    assert sets["3"]["metadata"]["annotations"]["deployment.kubernetes.io/revision-history"] == "1"
    assert sets["3"]["spec"]["replicas"] == 2
    d = api.get("deployments", "web")
    assert "deprecated.deployment.rollback.to" not in d["metadata"]["annotations"]
    assert (
        "DeploymentRollback",
        'Rolled back deployment "web" to revision 1',
        "deployment-controller",
    ) in api.events("Deployment")


def test_old_replica_sets_beyond_the_history_limit_are_deleted():
    cluster, api = started(replicas=1, history=1)
    for image in ("nginx:1.28", "nginx:1.29", "nginx:1.26"):
        new_image(api, image)
        settle(cluster)
    assert sorted(replica_sets(api)) == ["3", "4"]


def test_a_rollout_that_makes_no_progress_times_out():
    cluster, api = started(replicas=2, deadline=60)
    new_image(api, "nginx:no-such-tag")
    settle(cluster)
    new = replica_sets(api)["2"]["metadata"]["name"]
    assert conditions(api)["Progressing"] == (
        "True",
        "ReplicaSetUpdated",
        f'ReplicaSet "{new}" is progressing.',
    )
    cluster.advance_to(cluster.clock.now + 70_000)
    assert conditions(api)["Progressing"] == (
        "False",
        "ProgressDeadlineExceeded",
        f'ReplicaSet "{new}" has timed out progressing.',
    )
    assert conditions(api)["Available"][0] == "True"


def test_scaling_a_deployment_scales_its_replica_set_and_updates_the_annotations():
    cluster, api = started(replicas=2)
    api.patch("deployments", "web", {"spec": {"replicas": 5}})
    settle(cluster)
    (rs,) = api.items("replicasets")
    assert rs["spec"]["replicas"] == 5
    assert rs["metadata"]["annotations"]["deployment.kubernetes.io/desired-replicas"] == "5"
    assert rs["metadata"]["annotations"]["deployment.kubernetes.io/max-replicas"] == "7"
    assert api.events("Deployment")[-1] == (
        "ScalingReplicaSet",
        f"Scaled up replica set {rs['metadata']['name']} to 5 from 2",
        "deployment-controller",
    )


# -- the rolling update's bounds, at every step of the clock ----------------------------


def fenceposts(replicas: int, surge, unavailable) -> tuple[int, int]:
    def scaled(value, round_up):
        if isinstance(value, int):
            return value
        exact = int(value[:-1]) * replicas / 100
        return math.ceil(exact) if round_up else math.floor(exact)

    most, least = scaled(surge, True), scaled(unavailable, False)
    return most, least if most or least else 1


amounts = st.one_of(st.integers(0, 3), st.sampled_from(["0%", "10%", "25%", "50%", "100%"]))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(replicas=st.integers(1, 6), surge=amounts, unavailable=amounts)
def test_a_rolling_update_never_exceeds_its_surge_nor_drops_below_its_availability(
    replicas, surge, unavailable
):
    if surge in (0, "0%") and unavailable in (0, "0%"):
        unavailable = 1  # validation refuses both zero
    cluster, api = started(replicas=replicas, max_surge=surge, max_unavailable=unavailable)
    most, least = fenceposts(replicas, surge, unavailable)
    least = min(least, replicas)
    container = {"name": "nginx", "image": "nginx:1.28"}
    api.send(
        "patch",
        "deployments",
        name="web",
        body={"spec": {"template": {"spec": {"containers": [container]}}}},
        content_type="application/merge-patch+json",
    )
    for _ in range(20_000):
        pods = active(stored(cluster, "pods"))
        assert len(pods) <= replicas + most
        assert sum(ready(p) for p in pods) >= replicas - least
        status = stored(cluster, "deployments")[0].get("status", {})
        if (
            status.get("updatedReplicas")
            == replicas
            == status.get("availableReplicas")
            == status.get("replicas")
            and status.get("observedGeneration") == 2
        ):
            break
        cluster.step()
    else:
        raise AssertionError("the rollout did not finish")
