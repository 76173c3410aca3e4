"""The shared pieces of the workload controllers, one by one."""

import pytest

from cluster.engine.clock import Clock
from cluster.engine.controllers import controller_utils as utils

EPOCH = 1_767_225_600


def pod(
    name,
    *,
    node="n1",
    phase="Running",
    ready=True,
    ready_at=0,
    created=0,
    restarts=0,
    cost=None,
    uid=None,
):
    annotations = {utils.POD_DELETION_COST: str(cost)} if cost is not None else {}
    conditions = [
        {
            "type": "Ready",
            "status": "True" if ready else "False",
            "lastTransitionTime": f"2026-01-01T00:{ready_at // 60:02d}:{ready_at % 60:02d}Z",
        }
    ]
    return {
        "metadata": {
            "name": name,
            "uid": uid or name,
            "annotations": annotations,
            "creationTimestamp": f"2026-01-01T00:{created // 60:02d}:{created % 60:02d}Z",
        },
        "spec": {"nodeName": node},
        "status": {
            "phase": phase,
            "conditions": conditions,
            "containerStatuses": [{"restartCount": restarts}],
        },
    }


def ranked(*pods, ranks=None, now=3_600_000):
    clock = Clock(EPOCH)
    clock.advance_to(now)
    return [
        p["metadata"]["name"]
        for p in utils.rank_for_deletion(list(pods), ranks or [0] * len(pods), clock)
    ]


@pytest.mark.parametrize(
    ("case", "pods", "ranks", "first"),
    [
        ("an unassigned pod goes before an assigned one", [pod("a"), pod("b", node="")], None, "b"),
        (
            "a pending pod goes before a running one",
            [pod("a"), pod("b", phase="Pending")],
            None,
            "b",
        ),
        (
            "an unknown pod goes before a running one",
            [pod("a"), pod("b", phase="Unknown")],
            None,
            "b",
        ),
        (
            "a pending pod goes before an unknown one",
            [pod("a", phase="Unknown"), pod("b", phase="Pending")],
            None,
            "b",
        ),
        ("a pod not ready goes before a ready one", [pod("a"), pod("b", ready=False)], None, "b"),
        ("the lower deletion cost goes first", [pod("a", cost=5), pod("b", cost=-1)], None, "b"),
        ("a pod doubled up on its node goes first", [pod("a"), pod("b")], [1, 2], "b"),
        (
            "the pod ready more recently goes first (on a log scale)",
            [pod("a", ready_at=0), pod("b", ready_at=3000)],
            None,
            "b",
        ),
        ("more restarts go first", [pod("a", restarts=1), pod("b", restarts=4)], None, "b"),
        (
            "the newer pod goes first (on a log scale)",
            [pod("a", created=0, ready_at=5), pod("b", created=3000, ready_at=5)],
            None,
            "b",
        ),
        (
            "times within the same power of two are tied by uid",
            [pod("a", created=10, uid="z", ready_at=5), pod("b", created=11, uid="y", ready_at=5)],
            None,
            "b",
        ),
    ],
)
def test_pods_are_ranked_for_deletion_as_active_pods_with_ranks_orders_them(
    case, pods, ranks, first
):
    assert ranked(*pods, ranks=ranks)[0] == first, case


def test_slow_start_creates_in_batches_of_one_two_four_and_stops_after_a_failing_batch():
    calls = []

    def create():
        calls.append(len(calls))
        return len(calls) != 5  # the fifth call fails

    assert utils.slow_start_batch(10, create) == 6
    assert len(calls) == 7  # 1 + 2 + 4: the third batch ran to its end, then stopped


def test_slow_start_makes_every_pod_when_nothing_fails():
    assert utils.slow_start_batch(10, lambda: True) == 10


def test_the_template_hash_is_stable_safe_encoded_and_moved_by_the_collision_count():
    template = {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "c"}]}}
    first = utils.compute_hash(template, None)
    assert first == utils.compute_hash(dict(reversed(template.items())), None)
    assert set(first) <= set("bcdfghjklmnpqrstvwxz2456789")
    assert 1 <= len(first) <= 10
    assert utils.compute_hash(template, 1) != first
    assert utils.safe_encode_string("0123456789") == "456789bcdf"


def test_expectations_wait_for_their_observations_and_expire_after_five_minutes():
    clock = Clock()
    expectations = utils.Expectations(clock)
    expectations.expect_creations("default/web", 2)
    expectations.creation_observed("default/web")
    assert not expectations.satisfied("default/web")
    expectations.creation_observed("default/web")
    assert expectations.satisfied("default/web")
    expectations.expect_deletions("default/web", ["default/a"])
    expectations.deletion_observed("default/web", "default/other")
    assert not expectations.satisfied("default/web")
    clock.advance_to(utils.EXPECTATIONS_TIMEOUT_MS + 1)
    assert expectations.satisfied("default/web")


def test_a_pod_made_from_a_template_names_its_controller_and_copies_the_template():
    rs = {"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "web", "uid": "u1"}}
    template = {
        "metadata": {"labels": {"app": "web"}, "annotations": {"a": "b"}},
        "spec": {"containers": [{"name": "c", "image": "nginx"}]},
    }
    pod_body = utils.pod_from_template(template, rs, utils.controller_ref(rs))
    assert pod_body == {
        "metadata": {
            "generateName": "web-",
            "labels": {"app": "web"},
            "annotations": {"a": "b"},
            "ownerReferences": [
                {
                    "apiVersion": "apps/v1",
                    "kind": "ReplicaSet",
                    "name": "web",
                    "uid": "u1",
                    "controller": True,
                    "blockOwnerDeletion": True,
                }
            ],
        },
        "spec": {"containers": [{"name": "c", "image": "nginx"}]},
    }
