"""What the CronJob controller computes without asking anyone (pkg/controller/cronjob/utils.go):
the schedule times it has missed and when to look again, the Job it makes for a scheduled
time, and its bookkeeping of status.active.

Times are aware UTC datetimes (the controller's clock is the virtual one); a schedule's times
come from cronschedule, in UTC unless the CronJob names a time zone.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from cluster.engine.api import cronschedule
from cluster.engine.api.meta import Object, format_timestamp, parse_timestamp
from cluster.engine.clock import Clock
from cluster.engine.controllers import controller_utils as utils
from cluster.engine.store import codec

SCHEDULED_TIMESTAMP_ANNOTATION = "batch.kubernetes.io/cronjob-scheduled-timestamp"
# nextScheduleDelta: requeue a little after the scheduled time, against clock skew
NEXT_SCHEDULE_DELTA = timedelta(milliseconds=100)
MANY_MISSED = 100  # more missed start times than this are "too many"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class Missed(enum.Enum):
    """missedSchedulesType."""

    NONE = "none"
    FEW = "few"
    MANY = "many"


class InvalidScheduleError(ValueError):
    """A schedule that parses but never gives two distinct times (`59 23 31 2 *`)."""


@dataclass(frozen=True, slots=True)
class MostRecent:
    """mostRecentScheduleTime's answer."""

    earliest: datetime  # the last schedule time, the creation time, or the deadline's start
    most_recent: datetime | None  # the latest time a Job was due by now, if any
    missed: Missed


# -- time ------------------------------------------------------------------------------


def now(clock: Clock) -> datetime:
    """The virtual clock's time, as an aware UTC datetime (to the millisecond)."""
    return _EPOCH + timedelta(seconds=clock.epoch, milliseconds=clock.now)


def parse_time(timestamp: str | None) -> datetime | None:
    """A metav1.Time from an object, or None."""
    if not timestamp:
        return None
    return _EPOCH + timedelta(seconds=parse_timestamp(timestamp))


def format_time(when: datetime) -> str:
    """metav1.Time as JSON carries it: UTC, to the second."""
    return format_timestamp(unix(when))


def unix(when: datetime) -> int:
    """time.Unix: whole seconds since the epoch, rounded down."""
    return (when - _EPOCH) // timedelta(seconds=1)


def to_ms(delay: timedelta) -> int:
    """A requeue delay in the virtual clock's milliseconds."""
    return delay // timedelta(milliseconds=1)


def rfc3339(when: datetime) -> str:
    """time.RFC3339 in the datetime's own zone: `Z` for UTC, else `+hh:mm` (seconds of an
    offset dropped, as Go drops them)."""
    offset = int((when.utcoffset() or timedelta(0)).total_seconds())
    text = when.replace(microsecond=0, tzinfo=None).isoformat()
    if not offset:
        return text + "Z"
    minutes = abs(offset) // 60
    return f"{text}{'-' if offset < 0 else '+'}{minutes // 60:02d}:{minutes % 60:02d}"


def rfc1123z(when: datetime) -> str:
    """time.RFC1123Z of a UTC time: `Mon, 02 Jan 2006 15:04:05 +0000`."""
    return (
        f"{_DAYS[when.weekday()]}, {when.day:02d} {_MONTHS[when.month - 1]} {when.year} "
        f"{when.hour:02d}:{when.minute:02d}:{when.second:02d} +0000"
    )


def _round_seconds(delta: timedelta) -> int:
    """Duration.Round(time.Second).Seconds(): halves away from zero."""
    micros = delta // timedelta(microseconds=1)
    whole, rest = divmod(abs(micros), 1_000_000)
    whole += rest >= 500_000
    return whole if micros >= 0 else -whole


# -- schedule times --------------------------------------------------------------------


def most_recent_schedule_time(
    cj: Object,
    now: datetime,
    schedule: cronschedule.Schedule,
    include_starting_deadline: bool,
) -> MostRecent:
    """mostRecentScheduleTime: from the last schedule time (or creation), the latest time a
    Job was due by `now` and roughly how many were missed; InvalidScheduleError for a
    schedule whose two next times are not a second apart."""
    status = cj.get("status") or {}
    earliest = parse_time(status.get("lastScheduleTime")) or parse_time(
        cj["metadata"].get("creationTimestamp")
    )
    assert earliest is not None  # every stored object has its creation time
    deadline = cj["spec"].get("startingDeadlineSeconds")
    if include_starting_deadline and deadline is not None:
        # the controller is not going to schedule anything before this point
        earliest = max(earliest, now - timedelta(seconds=deadline))
    t1 = schedule.next(earliest)
    t2 = schedule.next(t1)
    if now < t1:
        return MostRecent(earliest, None, Missed.NONE)
    if now < t2:
        return MostRecent(earliest, t1, Missed.NONE)
    between = _round_seconds(t2 - t1)
    if between < 1:
        raise InvalidScheduleError("time difference between two schedules is less than 1 second")
    # a rough count of the schedules since t1, to start close to now: an @every schedule
    # starts from its first time, and one that is not even (`30 6-16/4 * * 1-5`) needs the
    # one interval more to find its own way
    elapsed = int((now - t1).total_seconds())
    missed_count = elapsed // between + 1
    latest = None
    t = schedule.next(t1 + timedelta(seconds=(missed_count - 2) * between))
    while t <= now:
        latest = t
        t = schedule.next(t)
    # more than 80 hourly Jobs missed over a weekend should all still start; far more means
    # a wrong clock, and listing them would eat the controller
    missed = Missed.MANY if missed_count > MANY_MISSED else Missed.FEW
    return MostRecent(earliest, latest, missed)


def next_schedule_time_duration(
    cj: Object, now: datetime, schedule: cronschedule.Schedule
) -> timedelta:
    """nextScheduleTimeDuration: how long until the schedule's next time after the last one
    due (or after now), plus NEXT_SCHEDULE_DELTA."""
    try:
        recent = most_recent_schedule_time(cj, now, schedule, False)
    except InvalidScheduleError:
        after = now  # requeue at some point anyway: the next slot from now
    else:
        after = recent.most_recent or (recent.earliest if recent.missed is Missed.NONE else now)
    return schedule.next(after) + NEXT_SCHEDULE_DELTA - now


def get_job_name(cj: Object, scheduled: datetime) -> str:
    """getJobName: the CronJob's name and the scheduled time in minutes since the epoch,
    the same for the same time whoever computes it."""
    return f"{cj['metadata']['name']}-{unix(scheduled) // 60}"


# -- jobs ------------------------------------------------------------------------------


def job_from_template(cj: Object, scheduled: datetime, zone: tzinfo | None) -> Object:
    """getJobFromTemplate2: the template's labels, annotations and spec, the scheduled time
    (in the CronJob's time zone) as an annotation, and the CronJob as controller."""
    template = cj["spec"].get("jobTemplate") or {}
    meta = template.get("metadata") or {}
    annotations = dict(meta.get("annotations") or {})
    annotations[SCHEDULED_TIMESTAMP_ANNOTATION] = rfc3339(scheduled.astimezone(zone or UTC))
    job_meta: Object = {"name": get_job_name(cj, scheduled)}
    if meta.get("labels"):
        job_meta["labels"] = dict(meta["labels"])
    job_meta["annotations"] = annotations
    job_meta["ownerReferences"] = [utils.controller_ref(cj)]
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": job_meta,
        "spec": codec.deep_copy(template.get("spec") or {}),
    }


def in_active_list(cj: Object, uid: str) -> bool:
    return any(ref.get("uid") == uid for ref in active_of(cj))


def in_active_list_by_name(cj: Object, namespace: str, name: str) -> bool:
    return any(
        ref.get("name") == name and ref.get("namespace") == namespace for ref in active_of(cj)
    )


def active_of(cj: Object) -> list[Object]:
    return (cj.get("status") or {}).get("active") or []


def delete_from_active_list(cj: Object, uid: str) -> None:
    status = cj.setdefault("status", {})
    status["active"] = [ref for ref in active_of(cj) if ref.get("uid") != uid]


def by_job_start_time(job: Object) -> tuple[bool, int, str]:
    """byJobStartTime: started Jobs first, the earliest first; then by name."""
    started = (job.get("status") or {}).get("startTime")
    return started is None, utils.unix_seconds(started) if started else 0, job["metadata"]["name"]
