"""The CronJob controller's arithmetic (pkg/controller/cronjob/utils.go), on upstream's test
tables: the missed schedule times, when to look again, the Job made for a time, and the order
in which finished Jobs are deleted."""

from datetime import UTC, datetime, timedelta

import pytest

from cluster.engine.api import cronschedule
from cluster.engine.controllers.cronjob import utils
from cluster.engine.controllers.cronjob.utils import Missed

TOP = datetime(2016, 5, 19, 10, 0, tzinfo=UTC)  # a Thursday


def after(**delta: float) -> datetime:
    return TOP + timedelta(**delta)


def cronjob(schedule: str, created=TOP, last=None, deadline=None, **spec) -> dict:
    cj = {
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": {
            "name": "mycronjob",
            "namespace": "snazzycats",
            "uid": "1a2b3c",
            "creationTimestamp": utils.format_time(created),
        },
        "spec": {"schedule": schedule, **spec},
        "status": {},
    }
    if last is not None:
        cj["status"]["lastScheduleTime"] = utils.format_time(last)
    if deadline is not None:
        cj["spec"]["startingDeadlineSeconds"] = deadline
    return cj


@pytest.mark.parametrize(
    ("name", "cj", "with_deadline", "now", "earliest", "recent", "missed"),
    [
        (
            "now before next schedule",
            cronjob("0 * * * *"),
            False,
            after(seconds=30),
            TOP,
            None,
            Missed.NONE,
        ),
        (
            "now just after next schedule",
            cronjob("0 * * * *"),
            False,
            after(minutes=61),
            TOP,
            after(minutes=60),
            Missed.NONE,
        ),
        (
            "missed 5 schedules",
            cronjob("0 * * * *", created=after(seconds=10)),
            False,
            after(minutes=301),
            after(seconds=10),
            after(minutes=300),
            Missed.FEW,
        ),
        (
            "complex schedule",
            cronjob("30 6-16/4 * * 1-5", last=after(minutes=30)),
            False,
            after(hours=24, minutes=31),
            after(minutes=30),
            after(hours=24, minutes=30),
            Missed.FEW,
        ),
        (
            "another complex schedule",
            cronjob("30 10,11,12 * * 1-5", last=after(minutes=30)),
            False,
            after(hours=30, minutes=30),
            after(minutes=30),
            None,
            Missed.FEW,
        ),
        (
            "complex schedule with longer diff between executions",
            cronjob("30 6-16/4 * * 1-5", last=after(minutes=30)),
            False,
            after(hours=96, minutes=31),
            after(minutes=30),
            after(hours=96, minutes=30),
            Missed.FEW,
        ),
        (
            "complex schedule with shorter diff between executions",
            cronjob("30 6-16/4 * * 1-5"),
            False,
            after(hours=24, minutes=31),
            TOP,
            after(hours=24, minutes=30),
            Missed.FEW,
        ),
        (
            "@every schedule",
            cronjob("@every 1h", created=after(minutes=-59), last=after(minutes=1), deadline=10),
            False,
            after(days=7),
            after(minutes=1),
            after(days=6, hours=23, minutes=1),
            Missed.MANY,
        ),
        (
            "earliestTime being CreationTimestamp and LastScheduleTime",
            cronjob("0 * * * *", last=TOP),
            False,
            after(seconds=30),
            TOP,
            None,
            Missed.NONE,
        ),
        (
            "earliestTime being LastScheduleTime",
            cronjob("*/5 * * * *", last=after(minutes=30)),
            False,
            after(minutes=31),
            after(minutes=30),
            None,
            Missed.NONE,
        ),
        (
            "earliestTime being LastScheduleTime (within StartingDeadlineSeconds)",
            cronjob("*/5 * * * *", last=after(minutes=30), deadline=60),
            False,
            after(minutes=31),
            after(minutes=30),
            None,
            Missed.NONE,
        ),
        (
            "earliestTime being LastScheduleTime (outside StartingDeadlineSeconds)",
            cronjob("*/5 * * * *", last=after(minutes=30), deadline=60),
            True,
            after(minutes=32),
            after(minutes=31),
            None,
            Missed.NONE,
        ),
    ],
)
def test_most_recent_schedule_time(name, cj, with_deadline, now, earliest, recent, missed):
    schedule = cronschedule.parse(cj["spec"]["schedule"])
    found = utils.most_recent_schedule_time(cj, now, schedule, with_deadline)
    assert found == utils.MostRecent(earliest, recent, missed), name


def test_a_schedule_that_never_fires_twice_is_invalid():
    cj = cronjob("59 23 31 2 *", created=after(seconds=10))
    with pytest.raises(utils.InvalidScheduleError) as error:
        utils.most_recent_schedule_time(
            cj, after(hours=1), cronschedule.parse("59 23 31 2 *"), False
        )
    assert str(error.value) == "time difference between two schedules is less than 1 second"


@pytest.mark.parametrize(
    ("name", "cj", "now", "delay"),
    [
        (
            "complex schedule skipping weekend",
            cronjob("30 6-16/4 * * 1-5", last=after(minutes=30)),
            after(hours=24, minutes=31),
            timedelta(hours=3, minutes=59),
        ),
        (
            "another complex schedule skipping weekend",
            cronjob("30 10,11,12 * * 1-5", last=after(minutes=30)),
            after(hours=30, minutes=30),
            timedelta(hours=66),
        ),
        (
            "once a week cronjob, missed two runs",
            cronjob("0 12 * * 4", last=after(hours=2)),
            after(days=19, hours=1, minutes=30),
            timedelta(hours=48, minutes=30),
        ),
        (
            "no previous run of a cronjob",
            cronjob("0 12 * * 5"),
            after(hours=6),
            timedelta(hours=20),
        ),
        (
            "a schedule that never fires: the next slot from now (long gone, so at once)",
            cronjob("59 23 31 2 *"),
            after(hours=6),
            cronschedule.ZERO_TIME - after(hours=6),
        ),
    ],
)
def test_next_schedule_time_duration(name, cj, now, delay):
    schedule = cronschedule.parse(cj["spec"]["schedule"])
    assert utils.next_schedule_time_duration(cj, now, schedule) == delay + utils.NEXT_SCHEDULE_DELTA


def test_the_job_of_a_scheduled_time():
    cj = cronjob(
        "* * * * ?",
        jobTemplate={
            "metadata": {"labels": {"a": "b"}, "annotations": {"x": "y"}, "finalizers": ["f"]},
            "spec": {"activeDeadlineSeconds": 1, "template": {"spec": {"containers": []}}},
        },
    )
    job = utils.job_from_template(cj, TOP, None)
    assert job == {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {
            "name": "mycronjob-24394200",  # 1463652000 s since the epoch, in minutes
            "labels": {"a": "b"},
            "annotations": {"x": "y", utils.SCHEDULED_TIMESTAMP_ANNOTATION: "2016-05-19T10:00:00Z"},
            "ownerReferences": [
                {
                    "apiVersion": "batch/v1",
                    "kind": "CronJob",
                    "name": "mycronjob",
                    "uid": "1a2b3c",
                    "controller": True,
                    "blockOwnerDeletion": True,
                }
            ],
        },
        "spec": {"activeDeadlineSeconds": 1, "template": {"spec": {"containers": []}}},
    }
    job["spec"]["template"]["spec"]["containers"].append("changed")
    assert cj["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"] == []


@pytest.mark.parametrize(
    ("zone", "annotation"),
    [
        ("Europe/Berlin", "2016-05-19T12:00:00+02:00"),
        ("America/New_York", "2016-05-19T06:00:00-04:00"),
        ("Asia/Kolkata", "2016-05-19T15:30:00+05:30"),
        ("UTC", "2016-05-19T10:00:00Z"),
    ],
)
def test_the_scheduled_time_is_written_in_the_cronjobs_time_zone(zone, annotation):
    job = utils.job_from_template(cronjob("0 * * * *"), TOP, cronschedule.load_location(zone))
    assert job["metadata"]["annotations"] == {utils.SCHEDULED_TIMESTAMP_ANNOTATION: annotation}
    assert "labels" not in job["metadata"]


def test_rfc1123z():
    assert utils.rfc1123z(TOP) == "Thu, 19 May 2016 10:00:00 +0000"


def job(name: str, started: datetime | None) -> dict:
    status = {"startTime": utils.format_time(started)} if started else {}
    return {"metadata": {"name": name}, "status": status}


@pytest.mark.parametrize(
    ("jobs", "order"),
    [
        ([job("b", None), job("a", None)], ["a", "b"]),
        ([job("a", None), job("b", TOP)], ["b", "a"]),  # the started first
        ([job("b", TOP), job("a", TOP)], ["a", "b"]),
        ([job("a", after(hours=1)), job("b", TOP)], ["b", "a"]),
    ],
)
def test_finished_jobs_are_deleted_oldest_first(jobs, order):
    assert [j["metadata"]["name"] for j in sorted(jobs, key=utils.by_job_start_time)] == order


def test_active_list_bookkeeping():
    cj = cronjob("@hourly")
    ref = {"kind": "Job", "namespace": "snazzycats", "name": "mycronjob-1", "uid": "u1"}
    cj["status"]["active"] = [ref]
    assert utils.in_active_list(cj, "u1") and not utils.in_active_list(cj, "u2")
    assert utils.in_active_list_by_name(cj, "snazzycats", "mycronjob-1")
    assert not utils.in_active_list_by_name(cj, "other", "mycronjob-1")
    utils.delete_from_active_list(cj, "u1")
    assert cj["status"]["active"] == []
