"""The Job controller on a real cluster: pods run to completion and are counted, Jobs fail
by backoff limit, deadline and pod failure policy, Indexed Jobs, suspend, success policy,
backoff per index; and the pure parts (intervals, back-off, policies) on their own."""

import itertools
import re

import pytest

from cluster.engine.clock import Clock
from cluster.engine.cluster import Cluster
from cluster.engine.controllers.job import backoff, indexed
from cluster.engine.controllers.job.indexed import OrderedIntervals, parse_indexes_from_string
from cluster.engine.controllers.job.podfailurepolicy import match_pod_failure_policy
from cluster.engine.controllers.job.successpolicy import match_success_policy
from tests.cluster.engine.controllers import helpers
from tests.cluster.engine.controllers.helpers import API, job, run_for, settle, stored

TRACKING = "batch.kubernetes.io/job-tracking"
INDEX = "batch.kubernetes.io/job-completion-index"
SOURCE = "job-controller"
FOREVER = "sleep 3600"


def started(body) -> tuple[Cluster, API]:
    cluster = Cluster()
    api = API(cluster)
    api.create("jobs", body)
    return cluster, api


def conditions(api, name="pi") -> list[tuple[str, str, str, str]]:
    found = api.get("jobs", name)["status"].get("conditions") or []
    return [(c["type"], c["status"], c.get("reason", ""), c.get("message", "")) for c in found]


def job_events(api) -> list[tuple[str, str]]:
    return [(reason, message) for reason, message, source in api.events("Job") if source == SOURCE]


def pods_by_creation(api) -> list[dict]:
    return sorted(api.items("pods"), key=lambda p: p["metadata"]["creationTimestamp"])


def seconds(timestamp: str) -> int:
    hours, minutes, secs = timestamp[11:19].split(":")
    return int(hours) * 3600 + int(minutes) * 60 + int(secs)


# -- running to completion -------------------------------------------------------------


def test_a_job_runs_its_pods_to_completion_and_says_so():
    cluster, api = started(job(completions=3, parallelism=2))
    settle(cluster)
    uid = api.get("jobs", "pi")["metadata"]["uid"]
    pods = api.items("pods")
    assert len(pods) == 3
    for pod in pods:
        meta = pod["metadata"]
        assert re.match(r"^pi-[bcdfghjklmnpqrstvwxz2456789]{5}$", meta["name"])
        assert meta["ownerReferences"] == [
            {
                "apiVersion": "batch/v1",
                "kind": "Job",
                "name": "pi",
                "uid": uid,
                "controller": True,
                "blockOwnerDeletion": True,
            }
        ]
        assert meta["labels"]["batch.kubernetes.io/controller-uid"] == uid
        assert pod["status"]["phase"] == "Succeeded"
        assert not meta.get("finalizers")  # counted: the tracking finalizer is gone
    status = api.get("jobs", "pi")["status"]
    assert status["succeeded"] == 3
    assert status["uncountedTerminatedPods"] == {}
    assert (status["ready"], status["terminating"]) == (0, 0)
    assert "active" not in status and "failed" not in status
    assert status["completionTime"] >= status["startTime"]
    message = "Reached expected number of succeeded pods"
    assert conditions(api) == [
        ("SuccessCriteriaMet", "True", "CompletionsReached", message),
        ("Complete", "True", "CompletionsReached", message),
    ]
    created = [("SuccessfulCreate", f"Created pod: {p['metadata']['name']}") for p in pods]
    assert sorted(job_events(api)[:3]) == sorted(created)
    assert job_events(api)[3:] == [("Completed", "Job completed")]


def test_running_pods_hold_the_tracking_finalizer_and_are_counted_active_and_ready():
    cluster, api = started(job(script=FOREVER, completions=5, parallelism=2))
    settle(cluster)
    pods = api.items("pods")
    assert len(pods) == 2
    assert all(pod["metadata"]["finalizers"] == [TRACKING] for pod in pods)
    status = api.get("jobs", "pi")["status"]
    assert (status["active"], status["ready"], status["terminating"]) == (2, 2, 0)


def test_no_more_pods_than_the_completions_left():
    cluster, api = started(job(completions=2, parallelism=5))
    settle(cluster)
    assert len(api.items("pods")) == 2
    assert api.get("jobs", "pi")["status"]["succeeded"] == 2


def test_pods_are_created_in_slow_start_batches_and_the_last_ones_wait_for_a_success():
    cluster, api = started(job(completions=4, parallelism=3))
    settle(cluster)
    first = [p["metadata"]["creationTimestamp"] for p in pods_by_creation(api)]
    assert len(first) == 4
    assert first[3] > first[2]  # the fourth pod once a completion left room for it
    assert api.get("jobs", "pi")["status"]["succeeded"] == 4


# -- failing ---------------------------------------------------------------------------


def test_failed_pods_are_replaced_after_a_doubling_back_off_until_the_backoff_limit():
    cluster, api = started(job(script="exit 1", backoffLimit=3))
    settle(cluster)
    run_for(cluster, 300_000)
    pods = pods_by_creation(api)
    assert len(pods) == 4
    created = [seconds(p["metadata"]["creationTimestamp"]) for p in pods]
    gaps = [b - a for a, b in itertools.pairwise(created)]
    for gap, back_off in zip(gaps, (10, 20, 40), strict=True):
        assert back_off <= gap <= back_off + 3
    status = api.get("jobs", "pi")["status"]
    assert status["failed"] == 4 and "active" not in status
    message = "Job has reached the specified backoff limit"
    assert conditions(api) == [
        ("FailureTarget", "True", "BackoffLimitExceeded", message),
        ("Failed", "True", "BackoffLimitExceeded", message),
    ]
    assert job_events(api)[-1] == ("BackoffLimitExceeded", message)
    assert "completionTime" not in status


def test_a_job_active_longer_than_its_deadline_fails_and_its_pods_are_deleted():
    cluster, api = started(
        job(script=FOREVER, parallelism=2, completions=2, activeDeadlineSeconds=30)
    )
    settle(cluster)
    names = sorted(p["metadata"]["name"] for p in api.items("pods"))
    run_for(cluster, 40_000)
    message = "Job was active longer than specified deadline"
    assert conditions(api) == [
        ("FailureTarget", "True", "DeadlineExceeded", message),
        ("Failed", "True", "DeadlineExceeded", message),
    ]
    events = job_events(api)
    assert sorted(e for e in events if e[0] == "SuccessfulDelete") == [
        ("SuccessfulDelete", f"Deleted pod: {name}") for name in names
    ]
    assert events[-1] == ("DeadlineExceeded", message)
    status = api.get("jobs", "pi")["status"]
    assert status["failed"] == 2 and status["terminating"] == 0
    assert api.items("pods") == []  # finalizers removed, the kubelet deleted them
    failed_at = api.get("jobs", "pi")["status"]["conditions"][0]["lastTransitionTime"]
    assert seconds(failed_at) - seconds(status["startTime"]) in (30, 31)


def test_with_restart_policy_on_failure_container_restarts_count_towards_the_backoff_limit():
    cluster, api = started(job(script="exit 1", restartPolicy="OnFailure", backoffLimit=2))
    settle(cluster)
    run_for(cluster, 120_000)
    assert [c[:3] for c in conditions(api)] == [
        ("FailureTarget", "True", "BackoffLimitExceeded"),
        ("Failed", "True", "BackoffLimitExceeded"),
    ]
    assert len(api.items("pods")) == 0  # the one pod was deleted
    assert api.get("jobs", "pi")["status"]["failed"] == 1


@pytest.mark.parametrize(
    ("policy", "replaced_early"), [("TerminatingOrFailed", True), ("Failed", False)]
)
def test_pod_replacement_policy_says_whether_a_terminating_pod_is_replaced_at_once(
    policy, replaced_early
):
    body = job(script=FOREVER, podReplacementPolicy=policy)
    container = body["spec"]["template"]["spec"]["containers"][0]
    container["lifecycle"] = {"preStop": {"exec": {"command": ["sleep", "20"]}}}
    cluster, api = started(body)
    settle(cluster)
    [first] = api.names("pods")
    api.delete("pods", first, gracePeriodSeconds=30)
    # past the 10 s back-off, within the 20 s the pod takes to stop
    cluster.advance_to(cluster.clock.now + 15_000)
    status = api.get("jobs", "pi")["status"]
    assert status["terminating"] == 1
    assert (len(api.names("pods")) == 2) is replaced_early
    run_for(cluster, 40_000)
    status = api.get("jobs", "pi")["status"]
    assert (status["active"], status["terminating"], status["failed"]) == (1, 0, 1)
    assert first not in api.names("pods")


# -- pod failure policy ----------------------------------------------------------------


def exit_code_rule(action: str, *codes: int) -> dict:
    return {"action": action, "onExitCodes": {"operator": "In", "values": list(codes)}}


def test_a_fail_job_rule_fails_the_job_at_once_naming_the_container():
    policy = {"rules": [exit_code_rule("FailJob", 42)]}
    cluster, api = started(job(script="exit 42", podFailurePolicy=policy, backoffLimit=6))
    settle(cluster)
    [pod] = api.items("pods")
    message = (
        f"Container main for pod default/{pod['metadata']['name']} failed with exit code 42 "
        "matching FailJob rule at index 0"
    )
    assert conditions(api) == [
        ("FailureTarget", "True", "PodFailurePolicy", message),
        ("Failed", "True", "PodFailurePolicy", message),
    ]
    assert job_events(api)[-1] == ("PodFailurePolicy", message)


def test_an_ignore_rule_keeps_failures_out_of_the_count():
    policy = {"rules": [exit_code_rule("Ignore", 1)]}
    cluster, api = started(job(script="sleep 1; exit 1", podFailurePolicy=policy, backoffLimit=0))
    settle(cluster)
    run_for(cluster, 30_000)
    assert len(api.items("pods")) >= 3  # replaced, without back-off, never failing the Job
    status = api.get("jobs", "pi")["status"]
    assert "failed" not in status and not status.get("conditions")


# -- Indexed Jobs ----------------------------------------------------------------------


INDEXED_SCRIPT = 'if [ "$JOB_COMPLETION_INDEX" = 1 ]; then sleep 3600; fi; sleep 2'


def test_an_indexed_job_gives_each_pod_its_index():
    cluster, api = started(
        job(script=INDEXED_SCRIPT, completions=3, parallelism=3, completionMode="Indexed")
    )
    settle(cluster)
    pods = {indexed.get_completion_index(p): p for p in api.items("pods")}
    assert sorted(pods) == [0, 1, 2]
    for ix, pod in pods.items():
        assert re.match(rf"^pi-{ix}-[bcdfghjklmnpqrstvwxz2456789]{{5}}$", pod["metadata"]["name"])
        assert pod["metadata"]["labels"][INDEX] == str(ix)
        assert pod["spec"]["hostname"] == f"pi-{ix}"
        assert pod["spec"]["containers"][0]["env"] == [
            {
                "name": "JOB_COMPLETION_INDEX",
                "valueFrom": {
                    "fieldRef": {"apiVersion": "v1", "fieldPath": f"metadata.labels['{INDEX}']"}
                },
            }
        ]
    status = api.get("jobs", "pi")["status"]
    assert (status["completedIndexes"], status["succeeded"], status["active"]) == ("0,2", 2, 1)


def test_a_failed_index_is_run_again_and_completed_indexes_are_intervals():
    script = 'if [ "$JOB_COMPLETION_INDEX" = 3 ] && [ ! -e /done ]; then exit 1; fi'
    cluster, api = started(
        job(script=script, completions=5, parallelism=5, completionMode="Indexed")
    )
    settle(cluster)
    run_for(cluster, 15_000)
    status = api.get("jobs", "pi")["status"]
    assert status["completedIndexes"] == "0-2,4"
    assert status["failed"] >= 2
    retried = [p for p in api.items("pods") if indexed.get_completion_index(p) == 3]
    assert len(retried) == status["failed"]


def test_a_success_policy_ends_an_indexed_job_once_its_indexes_succeed():
    policy = {"rules": [{"succeededIndexes": "0,2"}]}
    cluster, api = started(
        job(
            script=INDEXED_SCRIPT,
            completions=3,
            parallelism=3,
            completionMode="Indexed",
            successPolicy=policy,
        )
    )
    settle(cluster)
    assert conditions(api) == [
        ("SuccessCriteriaMet", "True", "SuccessPolicy", "Matched rules at index 0"),
        ("Complete", "True", "SuccessPolicy", "Matched rules at index 0"),
    ]
    status = api.get("jobs", "pi")["status"]
    # the running pod is deleted and released uncounted: the Job has succeeded
    assert (status["completedIndexes"], status["succeeded"], status.get("failed")) == (
        "0,2",
        2,
        None,
    )
    assert {p["status"]["phase"] for p in api.items("pods")} == {"Succeeded"}


def test_backoff_limit_per_index_fails_an_index_and_then_the_job():
    script = 'if [ "$JOB_COMPLETION_INDEX" = 1 ]; then exit 1; fi'
    cluster, api = started(
        job(
            script=script,
            completions=3,
            parallelism=3,
            completionMode="Indexed",
            backoffLimitPerIndex=1,
        )
    )
    settle(cluster)
    run_for(cluster, 60_000)
    status = api.get("jobs", "pi")["status"]
    assert (status["failedIndexes"], status["completedIndexes"], status["failed"]) == (
        "1",
        "0,2",
        2,
    )
    assert conditions(api) == [
        ("FailureTarget", "True", "FailedIndexes", "Job has failed indexes"),
        ("Failed", "True", "FailedIndexes", "Job has failed indexes"),
    ]
    retried = [p for p in api.items("pods") if indexed.get_completion_index(p) == 1]
    assert sorted(
        p["metadata"]["annotations"][indexed.JOB_INDEX_FAILURE_COUNT_ANNOTATION] for p in retried
    ) == ["0", "1"]


def test_more_failed_indexes_than_max_failed_indexes_fail_the_job_at_once():
    script = 'if [ "$JOB_COMPLETION_INDEX" = 1 ]; then exit 1; fi; sleep 3600'
    spec = {"completionMode": "Indexed", "backoffLimitPerIndex": 0, "maxFailedIndexes": 0}
    cluster, api = started(job(script=script, completions=3, parallelism=3, **spec))
    settle(cluster)
    message = "Job has exceeded the specified maximal number of failed indexes"
    assert conditions(api) == [
        ("FailureTarget", "True", "MaxFailedIndexesExceeded", message),
        ("Failed", "True", "MaxFailedIndexesExceeded", message),
    ]
    status = api.get("jobs", "pi")["status"]
    assert (status["failedIndexes"], status["failed"]) == ("1", 3)  # the running two too
    [kept] = api.items("pods")  # the running pods were deleted; a failed pod stays
    assert (indexed.get_completion_index(kept), kept["status"]["phase"]) == (1, "Failed")
    assert not kept["metadata"].get("finalizers")


def test_a_fail_index_rule_fails_only_that_index():
    policy = {"rules": [exit_code_rule("FailIndex", 7)]}
    script = 'if [ "$JOB_COMPLETION_INDEX" = 0 ]; then exit 7; fi'
    spec = {"completionMode": "Indexed", "backoffLimitPerIndex": 5, "podFailurePolicy": policy}
    cluster, api = started(job(script=script, completions=2, parallelism=2, **spec))
    settle(cluster)
    status = api.get("jobs", "pi")["status"]
    assert (status["failedIndexes"], status["completedIndexes"]) == ("0", "1")
    assert [c[2] for c in conditions(api)] == ["FailedIndexes", "FailedIndexes"]
    assert len(api.items("pods")) == 2  # index 0 was not run again


# -- suspend ---------------------------------------------------------------------------


def test_a_suspended_job_runs_nothing_until_resumed():
    cluster, api = started(job(script=FOREVER, suspend=True))
    settle(cluster)
    assert api.items("pods") == []
    assert conditions(api) == [("Suspended", "True", "JobSuspended", "Job suspended")]
    assert "startTime" not in api.get("jobs", "pi")["status"]
    run_for(cluster, 5000)
    api.patch("jobs", "pi", {"spec": {"suspend": False}})
    settle(cluster)
    assert len(api.items("pods")) == 1
    assert conditions(api) == [("Suspended", "False", "JobResumed", "Job resumed")]
    assert seconds(api.get("jobs", "pi")["status"]["startTime"]) >= 5
    reasons = [reason for reason, _ in job_events(api)]
    assert reasons == ["Suspended", "SuccessfulCreate", "Resumed"]  # pods first, as upstream


def test_suspending_a_running_job_deletes_its_pods_and_clears_its_start_time():
    cluster, api = started(job(script=FOREVER, parallelism=2, completions=4))
    settle(cluster)
    names = sorted(p["metadata"]["name"] for p in api.items("pods"))
    api.patch("jobs", "pi", {"spec": {"suspend": True}})
    settle(cluster)
    assert api.items("pods") == []
    status = api.get("jobs", "pi")["status"]
    assert "startTime" not in status and "active" not in status
    assert status["terminating"] == 0
    deleted = sorted(e for e in job_events(api) if e[0] == "SuccessfulDelete")
    assert deleted == [("SuccessfulDelete", f"Deleted pod: {n}") for n in names]
    assert job_events(api)[-1] == ("Suspended", "Job suspended")


# -- deleting --------------------------------------------------------------------------


def test_pods_of_a_deleted_job_lose_their_finalizer_and_go():
    cluster, api = started(job(script=FOREVER, parallelism=2, completions=2))
    settle(cluster)
    api.delete("jobs", "pi", propagationPolicy="Background")
    settle(cluster)
    assert stored(cluster, "jobs") == []
    assert stored(cluster, "pods") == []


def test_pods_orphaned_by_their_job_lose_the_tracking_finalizer_and_keep_running():
    cluster, api = started(job(script=FOREVER, parallelism=2, completions=2))
    settle(cluster)
    api.delete("jobs", "pi")  # Jobs orphan their pods by default
    settle(cluster)
    pods = stored(cluster, "pods")
    assert len(pods) == 2
    assert all(not p["metadata"].get("ownerReferences") for p in pods)
    assert all(not p["metadata"].get("finalizers") for p in pods)
    assert {p["status"]["phase"] for p in pods} == {"Running"}


def test_a_running_job_deleted_in_the_foreground_waits_for_its_pods_counted_as_failed():
    cluster, api = started(job(script=FOREVER, parallelism=2, completions=2))
    settle(cluster)
    api.delete("jobs", "pi", propagationPolicy="Foreground")
    settle(cluster)
    assert stored(cluster, "jobs") == []
    assert stored(cluster, "pods") == []


def test_a_job_with_a_manual_selector_adopts_matching_orphans_with_its_finalizer():
    cluster = Cluster()
    api = API(cluster)
    orphan = helpers.pod("stray", {"app": "batch"})
    orphan["spec"] = {
        "restartPolicy": "Never",
        "containers": [{"name": "main", "image": "busybox", "command": ["sh", "-c", FOREVER]}],
    }
    api.create("pods", orphan)
    settle(cluster)
    body = job(script=FOREVER, manualSelector=True, selector={"matchLabels": {"app": "batch"}})
    body["spec"]["template"]["metadata"] = {"labels": {"app": "batch"}}
    api.create("jobs", body)
    settle(cluster)
    adopted = api.get("pods", "stray")["metadata"]
    assert adopted["ownerReferences"][0]["uid"] == api.get("jobs", "pi")["metadata"]["uid"]
    assert adopted["finalizers"] == [TRACKING]
    assert api.names("pods") == ["stray"]  # it counts as the Job's one active pod
    assert api.get("jobs", "pi")["status"]["active"] == 1


def test_a_pod_the_quota_forbids_is_reported_and_retried():
    cluster = Cluster()
    api = API(cluster)
    api.create("resourcequotas", {"metadata": {"name": "q"}, "spec": {"hard": {"pods": "1"}}})
    settle(cluster)
    api.create("jobs", job(script=FOREVER, parallelism=2, completions=2))
    settle(cluster)
    assert len(api.items("pods")) == 1
    failed = [message for reason, message in job_events(api) if reason == "FailedCreate"]
    assert failed and failed[0].startswith("Error creating: ")
    assert "exceeded quota" in failed[0]


def test_the_job_controller_writes_jobs_only_through_their_status_subresource():
    cluster = Cluster()
    api = API(cluster)
    mark = cluster.trace.last_seq
    api.create("jobs", job())
    settle(cluster)
    writes = [
        (h.verb, h.object)
        for h in cluster.trace.since(mark)
        if h.source == "kube-controller-manager" and h.object.startswith("jobs/")
    ]
    assert writes and set(writes) == {("update", "jobs/default/pi/status")}


# -- the parts on their own ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "completions", "expected", "total"),
    [
        ("", 5, "", 0),
        ("0,1,2,4", 5, "0-2,4", 4),
        ("1,2", 5, "1,2", 2),
        ("3-9", 5, "3,4", 2),
        ("x,1-2,7", 5, "1,2", 2),
    ],
)
def test_indexes_are_parsed_and_written_as_ordered_intervals(text, completions, expected, total):
    parsed = parse_indexes_from_string(text, completions)
    assert (str(parsed), parsed.total()) == (expected, total)


def test_intervals_merge_and_answer_membership():
    merged = OrderedIntervals(((0, 1), (5, 6))).with_ordered_indexes([2, 4, 9])
    assert str(merged) == "0-2,4-6,9"
    assert merged.has(5) and not merged.has(3)


@pytest.mark.parametrize(
    ("failures", "elapsed", "remaining"),
    [
        (0, 0, 0),
        (1, 0, 10_000),
        (1, 4_000, 6_000),
        (3, 0, 40_000),
        (7, 0, 600_000),
        (20, 0, 600_000),
        (1, 11_000, 0),
    ],
)
def test_the_back_off_doubles_from_ten_seconds_up_to_ten_minutes(failures, elapsed, remaining):
    clock = Clock()
    clock.now = 1_000_000
    last = clock.now - elapsed
    assert backoff.remaining_time_for_failures_count(clock, failures, last) == remaining


def failed_pod(code: int, conditions=()) -> dict:
    return {
        "metadata": {"namespace": "default", "name": "p"},
        "status": {
            "phase": "Failed",
            "conditions": list(conditions),
            "containerStatuses": [{"name": "main", "state": {"terminated": {"exitCode": code}}}],
        },
    }


def test_the_first_matching_rule_of_a_pod_failure_policy_decides():
    policy = {
        "rules": [
            {
                "action": "Ignore",
                "onPodConditions": [{"type": "DisruptionTarget", "status": "True"}],
            },
            exit_code_rule("FailJob", 42),
            {"action": "Count", "onExitCodes": {"operator": "NotIn", "values": [1]}},
        ]
    }
    disrupted = failed_pod(42, [{"type": "DisruptionTarget", "status": "True"}])
    assert match_pod_failure_policy(policy, disrupted) == (None, False, "Ignore")
    message = (
        "Container main for pod default/p failed with exit code 42 matching FailJob rule at index 1"
    )
    assert match_pod_failure_policy(policy, failed_pod(42)) == (message, True, "FailJob")
    assert match_pod_failure_policy(policy, failed_pod(3)) == (None, True, "Count")
    assert match_pod_failure_policy(policy, failed_pod(1)) == (None, True, None)


def test_success_policy_rules_on_indexes_and_counts():
    succeeded = parse_indexes_from_string("0-2,6", 10)
    by_indexes = {
        "rules": [{"succeededIndexes": "5-7", "succeededCount": 2}, {"succeededIndexes": "1,2"}]
    }
    assert match_success_policy(by_indexes, 10, succeeded) == ("Matched rules at index 1", True)
    by_count = {"rules": [{"succeededCount": 5}]}
    assert match_success_policy(by_count, 10, succeeded) == ("", False)
    assert match_success_policy({"rules": [{"succeededCount": 4}]}, 10, succeeded)[1]
