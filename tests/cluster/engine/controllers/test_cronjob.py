"""The CronJob controller on a real cluster: a Job at each scheduled time, named after it;
status.active, lastScheduleTime and lastSuccessfulTime; the concurrency policies, suspend,
the starting deadline and too many missed times; history limits; time zones; and the
events it says all that with."""

import pickle

import pytest

from cluster.engine.cluster import Cluster
from tests.cluster.engine.controllers.helpers import API, run_for, settle

SOURCE = "cronjob-controller"
MINUTE = 60_000
FOREVER = "sleep 3600"
SCHEDULED = "batch.kubernetes.io/cronjob-scheduled-timestamp"


def cronjob(
    name: str = "hello", schedule: str = "*/1 * * * *", script: str = "true", **spec
) -> dict:
    """A batch/v1 CronJob whose Jobs run `script` in one busybox container."""
    container = {"name": "main", "image": "busybox", "command": ["sh", "-c", script]}
    template = {
        "metadata": spec.pop("job_metadata", {}),
        "spec": {
            "backoffLimit": spec.pop("backoffLimit", 6),
            "template": {"spec": {"restartPolicy": "Never", "containers": [container]}},
        },
    }
    return {
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": {"name": name},
        "spec": {"schedule": schedule, "jobTemplate": template, **spec},
    }


def started(body: dict | None = None) -> tuple[Cluster, API]:
    cluster = Cluster()
    api = API(cluster)
    api.create("cronjobs", body or cronjob())
    settle(cluster)
    return cluster, api


def until_minute(cluster: Cluster, minute: int, seconds: int = 5) -> None:
    """Run the cluster to `seconds` past the `minute`th minute of its clock, and settle."""
    run_for(cluster, minute * MINUTE + seconds * 1000 - cluster.clock.now)


def minute_name(cluster: Cluster, minute: int, name: str = "hello") -> str:
    """The name of the Job of the `minute`th minute: minutes since the Unix epoch."""
    return f"{name}-{cluster.clock.epoch // 60 + minute}"


def timestamp(cluster: Cluster, minute: int) -> str:
    return cluster.clock.timestamp(minute * MINUTE - cluster.clock.now)


def events(api: API) -> list[tuple[str, str]]:
    return [
        (reason, message) for reason, message, source in api.events("CronJob") if source == SOURCE
    ]


def job_names(api: API) -> list[str]:
    return api.names("jobs")


def active_names(api: API, name: str = "hello") -> list[str]:
    return [ref["name"] for ref in api.get("cronjobs", name).get("status", {}).get("active", [])]


# -- a Job at each scheduled time ------------------------------------------------------


def test_a_job_is_made_at_the_scheduled_time_from_the_template_and_named_after_that_time():
    body = cronjob(
        job_metadata={"labels": {"team": "a"}, "annotations": {"note": "x"}}, script=FOREVER
    )
    cluster, api = started(body)
    assert job_names(api) == []
    until_minute(cluster, 1)
    name = minute_name(cluster, 1)
    assert job_names(api) == [name]
    cj, job = api.get("cronjobs", "hello"), api.get("jobs", name)
    assert job["metadata"]["labels"]["team"] == "a"
    assert job["metadata"]["annotations"]["note"] == "x"
    assert job["metadata"]["annotations"][SCHEDULED] == timestamp(cluster, 1)
    assert job["metadata"]["ownerReferences"] == [
        {
            "apiVersion": "batch/v1",
            "kind": "CronJob",
            "name": "hello",
            "uid": cj["metadata"]["uid"],
            "controller": True,
            "blockOwnerDeletion": True,
        }
    ]
    assert cj["status"]["lastScheduleTime"] == timestamp(cluster, 1)
    [ref] = cj["status"]["active"]
    assert ref == {
        "kind": "Job",
        "namespace": "default",
        "name": name,
        "uid": job["metadata"]["uid"],
        "apiVersion": "batch/v1",
        "resourceVersion": ref["resourceVersion"],
    }
    assert events(api) == [("SuccessfulCreate", f"Created job {name}")]


def test_a_finished_job_leaves_the_active_list_and_a_successful_one_sets_last_successful_time():
    cluster, api = started()
    until_minute(cluster, 1, seconds=30)
    name = minute_name(cluster, 1)
    job = api.get("jobs", name)
    assert job["status"]["succeeded"] == 1
    status = api.get("cronjobs", "hello")["status"]
    assert "active" not in status
    assert status["lastSuccessfulTime"] == job["status"]["completionTime"]
    assert events(api) == [
        ("SuccessfulCreate", f"Created job {name}"),
        ("SawCompletedJob", f"Saw completed job: {name}, condition: Complete"),
    ]


def test_each_minute_gets_its_job_and_the_history_keeps_the_last_three_successful_ones():
    cluster, api = started()
    until_minute(cluster, 5, seconds=30)
    assert job_names(api) == [minute_name(cluster, m) for m in (3, 4, 5)]
    deleted = [message for reason, message in events(api) if reason == "SuccessfulDelete"]
    assert deleted == [f"Deleted job {minute_name(cluster, m)}" for m in (1, 2)]


def test_the_failed_jobs_history_keeps_one_by_default():
    cluster, api = started(cronjob(script="exit 1", backoffLimit=0))
    until_minute(cluster, 3, seconds=30)
    assert job_names(api) == [minute_name(cluster, 3)]
    job = api.get("jobs", minute_name(cluster, 3))
    assert job["status"]["conditions"][-1]["type"] == "Failed"
    assert "lastSuccessfulTime" not in api.get("cronjobs", "hello")["status"]
    first = minute_name(cluster, 1)
    assert events(api)[:3] == [
        ("SuccessfulCreate", f"Created job {first}"),
        ("SawCompletedJob", f"Saw completed job: {first}, condition: Failed"),
        ("SuccessfulCreate", f"Created job {minute_name(cluster, 2)}"),
    ]


def test_a_history_limit_of_zero_deletes_a_job_once_it_has_finished():
    cluster, api = started(cronjob(successfulJobsHistoryLimit=0))
    until_minute(cluster, 1, seconds=30)
    assert job_names(api) == []
    name = minute_name(cluster, 1)
    assert events(api)[-1] == ("SuccessfulDelete", f"Deleted job {name}")
    assert api.get("cronjobs", "hello")["status"]["lastSuccessfulTime"]


# -- concurrency -----------------------------------------------------------------------


def test_allow_lets_the_jobs_of_several_times_run_together():
    cluster, api = started(cronjob(script=FOREVER))
    until_minute(cluster, 3)
    names = [minute_name(cluster, m) for m in (1, 2, 3)]
    assert job_names(api) == names
    assert active_names(api) == names


def test_forbid_skips_a_time_while_the_last_job_still_runs():
    cluster, api = started(cronjob(script=FOREVER, concurrencyPolicy="Forbid"))
    until_minute(cluster, 3)
    assert job_names(api) == [minute_name(cluster, 1)]
    assert active_names(api) == [minute_name(cluster, 1)]
    assert events(api) == [
        ("SuccessfulCreate", f"Created job {minute_name(cluster, 1)}"),
        (
            "JobAlreadyActive",
            "Not starting job because prior execution is running and concurrency policy is Forbid",
        ),
    ]


def test_replace_deletes_the_running_job_before_starting_the_next():
    cluster, api = started(cronjob(script=FOREVER, concurrencyPolicy="Replace"))
    until_minute(cluster, 2, seconds=30)
    first, second = minute_name(cluster, 1), minute_name(cluster, 2)
    assert job_names(api) == [second]
    assert active_names(api) == [second]
    assert events(api) == [
        ("SuccessfulCreate", f"Created job {first}"),
        ("SuccessfulDelete", f"Deleted job {first}"),
        ("SuccessfulCreate", f"Created job {second}"),
    ]


# -- suspend, deadlines, missed times --------------------------------------------------


def test_a_suspended_cronjob_starts_nothing_and_once_resumed_starts_the_latest_time_missed():
    cluster, api = started(cronjob(script=FOREVER, suspend=True))
    until_minute(cluster, 3)
    assert job_names(api) == []
    api.patch("cronjobs", "hello", {"spec": {"suspend": False}})
    settle(cluster)
    assert job_names(api) == [minute_name(cluster, 3)]  # only the latest of the times missed
    until_minute(cluster, 4)
    assert job_names(api) == [minute_name(cluster, m) for m in (3, 4)]


def test_a_time_missed_by_more_than_the_starting_deadline_is_not_started_late():
    body = cronjob(script=FOREVER, suspend=True, startingDeadlineSeconds=10)
    cluster, api = started(body)
    until_minute(cluster, 2, seconds=30)
    api.patch("cronjobs", "hello", {"spec": {"suspend": False}})
    settle(cluster)
    assert job_names(api) == []
    until_minute(cluster, 3)
    assert job_names(api) == [minute_name(cluster, 3)]


def test_more_than_a_hundred_missed_times_are_reported_and_the_latest_is_started():
    cluster, api = started(cronjob(script=FOREVER, suspend=True))
    until_minute(cluster, 102)
    api.patch("cronjobs", "hello", {"spec": {"suspend": False}})
    settle(cluster)
    assert job_names(api) == [minute_name(cluster, 102)]
    assert events(api) == [
        (
            "TooManyMissedTimes",
            "too many missed start times. Set or decrease .spec.startingDeadlineSeconds "
            "or check clock skew",
        ),
        ("SuccessfulCreate", f"Created job {minute_name(cluster, 102)}"),
    ]


# -- schedules -------------------------------------------------------------------------


def test_a_time_zone_reads_the_schedule_there_and_stamps_the_job_with_its_offset():
    # the cluster's clock starts at 2026-01-01T00:00:00Z, 09:00 in Tokyo
    body = cronjob(schedule="2 9 * * *", timeZone="Asia/Tokyo", script=FOREVER)
    cluster, api = started(body)
    until_minute(cluster, 2)
    name = minute_name(cluster, 2)
    assert job_names(api) == [name]
    assert (
        api.get("jobs", name)["metadata"]["annotations"][SCHEDULED] == "2026-01-01T09:02:00+09:00"
    )


def test_a_schedule_that_never_fires_is_reported_and_not_looked_at_again():
    cluster, api = started(cronjob(schedule="59 23 31 2 *"))  # February 31st
    message = "invalid schedule: 59 23 31 2 * : time difference between two schedules is less than 1 second"
    assert events(api) == [("InvalidSchedule", message)]
    assert [t for t in cluster.clock.pending() if t.describe().startswith("cronjob")] == []


def test_a_new_schedule_takes_effect_at_its_next_time():
    cluster, api = started(cronjob(schedule="0 * * * *", script=FOREVER))
    until_minute(cluster, 1)
    api.patch("cronjobs", "hello", {"spec": {"schedule": "*/5 * * * *"}})
    until_minute(cluster, 4)
    assert job_names(api) == []
    until_minute(cluster, 5)
    assert job_names(api) == [minute_name(cluster, 5)]


def test_the_next_look_is_a_background_timer_just_after_the_next_scheduled_time():
    # waiting for a schedule keeps nothing busy: settling stops before the first Job
    cluster, _api = started()
    [timer] = [t for t in cluster.clock.pending() if t.describe() == "cronjob: add waiting"]
    assert timer.background
    assert timer.when == MINUTE + 100  # nextScheduleDelta


def test_a_job_the_quota_forbids_is_reported_and_retried():
    cluster = Cluster()
    api = API(cluster)
    api.create(
        "resourcequotas", {"metadata": {"name": "q"}, "spec": {"hard": {"count/jobs.batch": "0"}}}
    )
    api.create("cronjobs", cronjob())
    until_minute(cluster, 1)
    [(reason, message)] = events(api)
    assert reason == "FailedCreate"
    assert message.startswith(
        f'Error creating job: jobs.batch "{minute_name(cluster, 1)}" is forbidden'
    )
    assert job_names(api) == []
    api.delete("resourcequotas", "q")
    until_minute(cluster, 1, seconds=30)  # the back-off has it try again
    assert job_names(api) == [minute_name(cluster, 1)]


# -- jobs it did not make, jobs that vanish --------------------------------------------


def test_a_running_job_it_controls_but_did_not_start_is_reported():
    cluster, api = started(cronjob(schedule="0 * * * *", script=FOREVER))
    stray = cronjob(name="stray", script=FOREVER)["spec"]["jobTemplate"]
    uid = api.get("cronjobs", "hello")["metadata"]["uid"]
    owner = {
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "name": "hello",
        "uid": uid,
        "controller": True,
    }
    metadata = {"name": "stray", "ownerReferences": [owner]}
    api.create(
        "jobs",
        {"apiVersion": "batch/v1", "kind": "Job", "metadata": metadata, "spec": stray["spec"]},
    )
    settle(cluster)
    assert (
        "UnexpectedJob",
        "Saw a job that the controller did not create or forgot: stray",
    ) in events(api)
    assert active_names(api) == []  # not adopted


def test_an_active_job_deleted_by_someone_leaves_the_active_list():
    cluster, api = started(cronjob(schedule="0 * * * *", script=FOREVER))
    until_minute(cluster, 60)
    name = minute_name(cluster, 60)
    assert active_names(api) == [name]
    api.delete("jobs", name, propagationPolicy="Background")
    settle(cluster)
    assert active_names(api) == []
    assert events(api)[-1] == ("MissingJob", f"Active job went missing: {name}")


def test_the_controller_manager_may_make_jobs_by_the_bootstrap_policy():
    cluster = Cluster()
    api = API(cluster)
    api.create("cronjobs", cronjob())
    until_minute(cluster, 1)
    assert job_names(api) == [minute_name(cluster, 1)]


# -- the controller's own writes -------------------------------------------------------


def test_the_cronjob_controller_writes_cronjobs_only_through_their_status_subresource():
    cluster, _api = started()
    mark = cluster.trace.last_seq
    until_minute(cluster, 2, seconds=30)
    writes = {
        (h.verb, h.object)
        for h in cluster.trace.since(mark)
        if h.source == "kube-controller-manager" and h.object.startswith("cronjobs/")
    }
    assert writes == {("update", "cronjobs/default/hello/status")}


def test_a_snapshot_between_two_scheduled_times_goes_on_the_same_way():
    cluster, api = started()
    until_minute(cluster, 1, seconds=30)
    copy = pickle.loads(pickle.dumps(cluster))
    until_minute(cluster, 3, seconds=30)
    until_minute(copy, 3, seconds=30)
    assert API(copy).items("jobs") == api.items("jobs")
    assert API(copy).get("cronjobs", "hello") == api.get("cronjobs", "hello")


@pytest.mark.parametrize("policy", ["Allow", "Forbid", "Replace"])
def test_the_same_inputs_give_the_same_jobs(policy):
    def run() -> list:
        cluster, api = started(cronjob(script="sleep 70", concurrencyPolicy=policy))
        until_minute(cluster, 4)
        return api.items("jobs")

    assert run() == run()
