"""CronJob schedules as robfig/cron v3 parses them and computes their next times: robfig's own
test tables (parser_test.go, spec_test.go, constantdelay_test.go), Kubernetes' view of the
errors, and Go's time arithmetic across daylight saving time."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from cluster.engine.api import cronschedule as cs
from cluster.engine.api.cronschedule import (
    DOM,
    DOW,
    HOURS,
    MINUTES,
    MONTHS,
    SECONDS,
    STAR_BIT,
    ZERO_TIME,
    Bounds,
    ConstantDelaySchedule,
    ScheduleError,
    SpecSchedule,
    parse,
)

NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")


def at(text: str) -> datetime:
    """`2012-07-09 14:45` in UTC, or an ISO time with its offset."""
    when = datetime.fromisoformat(text)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def every_value(bounds: Bounds) -> int:
    return cs.get_bits(bounds.min, bounds.max, 1) | STAR_BIT


def with_seconds(spec: str) -> SpecSchedule:
    """robfig's six-field line (seconds first), for its tables that use one."""
    location = None
    if spec.startswith(("TZ=", "CRON_TZ=")):
        prefix, spec = spec.split(" ", 1)
        location = cs.load_location(prefix.split("=", 1)[1])
    fields = spec.split()
    bounds = (SECONDS, MINUTES, HOURS, DOM, MONTHS, DOW)
    bits = [cs.get_field(text, b) for text, b in zip(fields, bounds, strict=True)]
    return SpecSchedule(*bits, location=location)


# -- parsing --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expr", "low", "high", "bits"),
    [
        ("5", 0, 7, 1 << 5),
        ("0", 0, 7, 1 << 0),
        ("7", 0, 7, 1 << 7),
        ("5-5", 0, 7, 1 << 5),
        ("5-6", 0, 7, 1 << 5 | 1 << 6),
        ("5-7", 0, 7, 1 << 5 | 1 << 6 | 1 << 7),
        ("5-6/2", 0, 7, 1 << 5),
        ("5-7/2", 0, 7, 1 << 5 | 1 << 7),
        ("5-7/1", 0, 7, 1 << 5 | 1 << 6 | 1 << 7),
        ("*", 1, 3, 1 << 1 | 1 << 2 | 1 << 3 | STAR_BIT),
        ("?", 1, 3, 1 << 1 | 1 << 2 | 1 << 3 | STAR_BIT),
        ("*/1", 1, 3, 1 << 1 | 1 << 2 | 1 << 3 | STAR_BIT),  # still every value
        ("*/2", 1, 3, 1 << 1 | 1 << 3),  # no longer a star
        ("2/3", 0, 7, 1 << 2 | 1 << 5),  # N/step runs to the end
        ("*-5", 0, 7, 0xFF | STAR_BIT),  # what follows a star is not read
    ],
)
def test_a_range_sets_its_bits(expr, low, high, bits):
    assert cs.get_range(expr, Bounds(low, high)) == bits


@pytest.mark.parametrize(
    ("expr", "low", "high", "message"),
    [
        ("5--5", 0, 0, "too many hyphens: 5--5"),
        (
            "jan-x",
            0,
            0,
            'failed to parse int from jan: strconv.Atoi: parsing "jan": invalid syntax',
        ),
        ("2-x", 1, 5, 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'),
        ("*/-12", 0, 0, "negative number (-12) not allowed: -12"),
        ("*//2", 0, 0, "too many slashes: *//2"),
        ("1", 3, 5, "beginning of range (1) below minimum (3): 1"),
        ("6", 3, 5, "end of range (6) above maximum (5): 6"),
        ("5-3", 3, 5, "beginning of range (5) beyond end of range (3): 5-3"),
        ("*/0", 0, 0, "step of range should be a positive number: */0"),
    ],
)
def test_a_bad_range_says_why(expr, low, high, message):
    with pytest.raises(ScheduleError) as error:
        cs.get_range(expr, Bounds(low, high))
    assert str(error.value) == message


@pytest.mark.parametrize(
    ("expr", "bits"),
    [
        ("5", 1 << 5),
        ("5,6", 1 << 5 | 1 << 6),
        ("5,6,7", 1 << 5 | 1 << 6 | 1 << 7),
        ("1,5-7/2,3", 1 << 1 | 1 << 5 | 1 << 7 | 1 << 3),
        ("1,,2", 1 << 1 | 1 << 2),  # empty items are skipped
        (",", 0),  # and a list of none fires never
    ],
)
def test_a_field_is_the_union_of_its_ranges(expr, bits):
    assert cs.get_field(expr, Bounds(1, 7)) == bits


@pytest.mark.parametrize(
    ("bounds", "bits"),
    [
        (MINUTES, 0xFFFFFFFFFFFFFFF),
        (HOURS, 0xFFFFFF),
        (DOM, 0xFFFFFFFE),
        (MONTHS, 0x1FFE),
        (DOW, 0x7F),
    ],
)
def test_a_star_is_every_value_and_the_star_bit(bounds, bits):
    assert cs.get_field("*", bounds) == bits | STAR_BIT


@pytest.mark.parametrize(
    ("low", "high", "step", "bits"),
    [(0, 0, 1, 0x1), (1, 1, 1, 0x2), (1, 5, 2, 0x2A), (1, 4, 2, 0xA)],
)
def test_bits(low, high, step, bits):
    assert cs.get_bits(low, high, step) == bits


def every_5_minutes(location=None):
    return SpecSchedule(
        1,
        1 << 5,
        every_value(HOURS),
        every_value(DOM),
        every_value(MONTHS),
        every_value(DOW),
        location,
    )


def midnight(location=None):
    return SpecSchedule(
        1, 1, 1, every_value(DOM), every_value(MONTHS), every_value(DOW), location=location
    )


def annual(location=None):
    return SpecSchedule(1, 1, 1, 1 << 1, 1 << 1, every_value(DOW), location=location)


@pytest.mark.parametrize(
    ("spec", "schedule"),
    [
        ("5 * * * *", every_5_minutes()),
        ("CRON_TZ=UTC  5 * * * *", every_5_minutes(UTC)),
        ("TZ=Asia/Tokyo 5 * * * *", every_5_minutes(TOKYO)),
        ("TZ= 5 * * * *", every_5_minutes(UTC)),  # LoadLocation("") is UTC
        ("TZ=Local 5 * * * *", every_5_minutes()),
        ("5\t*  *\n* *", every_5_minutes()),  # fields apart by any white space
        ("@every 5m", ConstantDelaySchedule(5 * 60 * 10**9)),
        ("@every 1.5s", ConstantDelaySchedule(10**9)),  # whole seconds only
        ("@every 10ms", ConstantDelaySchedule(10**9)),  # and at least one
        ("@every -1h", ConstantDelaySchedule(10**9)),
        ("@midnight", midnight()),
        ("@daily", midnight()),
        ("TZ=UTC  @midnight", midnight(UTC)),
        ("TZ=Asia/Tokyo @midnight", midnight(TOKYO)),
        ("@yearly", annual()),
        ("@annually", annual()),
        ("@monthly", SpecSchedule(1, 1, 1, 1 << 1, every_value(MONTHS), every_value(DOW))),
        ("@weekly", SpecSchedule(1, 1, 1, every_value(DOM), every_value(MONTHS), 1)),
        (
            "@hourly",
            SpecSchedule(
                1, 1, every_value(HOURS), every_value(DOM), every_value(MONTHS), every_value(DOW)
            ),
        ),
        ("0 0 * JAN-mar Mon-FRI", SpecSchedule(1, 1, 1, every_value(DOM), 0b1110, 0b111110)),
    ],
)
def test_parse(spec, schedule):
    assert parse(spec) == schedule


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("", "empty spec string"),
        (" ", "expected exactly 5 fields, found 0: []"),
        ("xyz", "expected exactly 5 fields, found 1: [xyz]"),
        ("* * * *", "expected exactly 5 fields, found 4: [* * * *]"),
        ("0 5 * * * *", "expected exactly 5 fields, found 6: [0 5 * * * *]"),
        ("5\u3000*\t*\n*", "expected exactly 5 fields, found 4: [5 * * *]"),
        (
            "5\x1c * * * *",
            'failed to parse int from 5\x1c: strconv.Atoi: parsing "5\\x1c": invalid syntax',
        ),
        ("60 0 * * *", "end of range (60) above maximum (59): 60"),
        ("0 60 * * *", "end of range (60) above maximum (23): 60"),
        ("* * 0 * *", "beginning of range (0) below minimum (1): 0"),
        ("* * 32 * *", "end of range (32) above maximum (31): 32"),
        ("* * * 13 *", "end of range (13) above maximum (12): 13"),
        ("* * * * 7", "end of range (7) above maximum (6): 7"),
        (
            "0 0 * * XYZ",
            'failed to parse int from XYZ: strconv.Atoi: parsing "XYZ": invalid syntax',
        ),
        ("5 j * * *", 'failed to parse int from j: strconv.Atoi: parsing "j": invalid syntax'),
        (
            "* * * * MON-FRIDAY",
            'failed to parse int from FRIDAY: strconv.Atoi: parsing "FRIDAY": invalid syntax',
        ),
        ("5 é * * *", 'failed to parse int from é: strconv.Atoi: parsing "é": invalid syntax'),
        ("5- * * * *", 'failed to parse int from : strconv.Atoi: parsing "": invalid syntax'),
        ("-5 * * * *", 'failed to parse int from : strconv.Atoi: parsing "": invalid syntax'),
        ("1-2-3 * * * *", "too many hyphens: 1-2-3"),
        ("1/2/3 * * * *", "too many slashes: 1/2/3"),
        ("5/0 * * * *", "step of range should be a positive number: 5/0"),
        ("TZ=America/New_York 15/0 * * * *", "step of range should be a positive number: 15/0"),
        (
            "99999999999999999999 * * * *",
            "failed to parse int from 99999999999999999999: "
            'strconv.Atoi: parsing "99999999999999999999": value out of range',
        ),
        (
            "9223372036854775808 * * * *",
            "failed to parse int from 9223372036854775808: "
            'strconv.Atoi: parsing "9223372036854775808": value out of range',
        ),
        (
            "9223372036854775807 * * * *",
            "end of range (9223372036854775807) above maximum (59): 9223372036854775807",
        ),
        ("@unrecognized", "unrecognized descriptor: @unrecognized"),
        ("@Daily", "unrecognized descriptor: @Daily"),
        ("@daily ", "unrecognized descriptor: @daily "),
        ("@every", "unrecognized descriptor: @every"),
        ("@every ", 'failed to parse duration @every : time: invalid duration ""'),
        ("@every Xm", 'failed to parse duration @every Xm: time: invalid duration "Xm"'),
        ("@every 1", 'failed to parse duration @every 1: time: missing unit in duration "1"'),
        (
            "@every 1x",
            'failed to parse duration @every 1x: time: unknown unit "x" in duration "1x"',
        ),
        # Kubernetes recovers from robfig's panic on a zone without a schedule after it
        ("TZ=UTC", "recovered from panic: runtime error: slice bounds out of range [:-1]"),
        (
            "TZ=Nowhere/City * * * * *",
            "provided bad location Nowhere/City: unknown time zone Nowhere/City",
        ),
        ("TZ=../etc * * * * *", "provided bad location ../etc: time: invalid location name"),
        ("CRON_TZ=/etc/x * * * * *", "provided bad location /etc/x: time: invalid location name"),
        # the zone ends at the first space, not at a tab
        ("TZ=UTC\t* * * * *", "provided bad location UTC\t*: unknown time zone UTC\t*"),
    ],
)
def test_a_schedule_that_does_not_parse_says_why_in_robfigs_words(spec, message):
    with pytest.raises(ScheduleError) as error:
        parse(spec)
    assert str(error.value) == message
    assert isinstance(error.value, ValueError)


# -- next -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("time", "spec", "fires"),
    [
        # every fifteen minutes
        ("2012-07-09 15:00", "0/15 * * * *", True),
        ("2012-07-09 15:45", "0/15 * * * *", True),
        ("2012-07-09 15:40", "0/15 * * * *", False),
        # every fifteen minutes, starting at 5 minutes
        ("2012-07-09 15:05", "5/15 * * * *", True),
        ("2012-07-09 15:20", "5/15 * * * *", True),
        ("2012-07-09 15:50", "5/15 * * * *", True),
        # named months
        ("2012-07-15 15:00", "0/15 * * Jul *", True),
        ("2012-07-15 15:00", "0/15 * * Jun *", False),
        # everything set
        ("2012-07-15 08:30", "30 08 ? Jul Sun", True),
        ("2012-07-15 08:30", "30 08 15 Jul ?", True),
        ("2012-07-16 08:30", "30 08 ? Jul Sun", False),
        ("2012-07-16 08:30", "30 08 15 Jul ?", False),
        # descriptors
        ("2012-07-09 15:00", "@hourly", True),
        ("2012-07-09 15:04", "@hourly", False),
        ("2012-07-09 15:00", "@daily", False),
        ("2012-07-09 00:00", "@daily", True),
        ("2012-07-09 00:00", "@weekly", False),
        ("2012-07-08 00:00", "@weekly", True),
        ("2012-07-08 01:00", "@weekly", False),
        ("2012-07-08 00:00", "@monthly", False),
        ("2012-07-01 00:00", "@monthly", True),
        ("2012-01-01 00:00", "@yearly", True),
        ("2012-02-01 00:00", "@yearly", False),
        # both day fields restricted: either may match
        ("2012-07-15 00:00", "* * 1,15 * Sun", True),
        ("2012-06-15 00:00", "* * 1,15 * Sun", True),
        ("2012-08-01 00:00", "* * 1,15 * Sun", True),
        ("2012-07-15 00:00", "* * */10 * Sun", True),  # */10 is not a star
        # one of them a star: both must match
        ("2012-07-15 00:00", "* * * * Mon", False),
        ("2012-07-09 00:00", "* * 1,15 * *", False),
        ("2012-07-15 00:00", "* * 1,15 * *", True),
        ("2012-07-15 00:00", "* * */2 * Sun", True),
        ("2012-07-16 00:00", "* * ? * Sun", False),
        ("2012-07-16 00:00", "* * */1 * Sun", False),  # */1 still is one
    ],
)
def test_activation(time, spec, fires):
    when = at(time)
    assert (parse(spec).next(when - timedelta(seconds=1)) == when) is fires


@pytest.mark.parametrize(
    ("time", "spec", "expected"),
    [
        # simple cases
        ("2012-07-09 14:45", "0 0/15 * * * *", "2012-07-09 15:00"),
        ("2012-07-09 14:59", "0 0/15 * * * *", "2012-07-09 15:00"),
        ("2012-07-09 14:59:59", "0 0/15 * * * *", "2012-07-09 15:00"),
        # wrap around hours
        ("2012-07-09 15:45", "0 20-35/15 * * * *", "2012-07-09 16:20"),
        # wrap around days
        ("2012-07-09 23:46", "0 */15 * * * *", "2012-07-10 00:00"),
        ("2012-07-09 23:45", "0 20-35/15 * * * *", "2012-07-10 00:20"),
        ("2012-07-09 23:35:51", "15/35 20-35/15 * * * *", "2012-07-10 00:20:15"),
        ("2012-07-09 23:35:51", "15/35 20-35/15 1/2 * * *", "2012-07-10 01:20:15"),
        ("2012-07-09 23:35:51", "15/35 20-35/15 10-12 * * *", "2012-07-10 10:20:15"),
        ("2012-07-09 23:35:51", "15/35 20-35/15 1/2 */2 * *", "2012-07-11 01:20:15"),
        ("2012-07-09 23:35:51", "15/35 20-35/15 * 9-20 * *", "2012-07-10 00:20:15"),
        ("2012-07-09 23:35:51", "15/35 20-35/15 * 9-20 Jul *", "2012-07-10 00:20:15"),
        # wrap around months
        ("2012-07-09 23:35", "0 0 0 9 Apr-Oct ?", "2012-08-09 00:00"),
        ("2012-07-09 23:35", "0 0 0 */5 Apr,Aug,Oct Mon", "2012-08-01 00:00"),
        ("2012-07-09 23:35", "0 0 0 */5 Oct Mon", "2012-10-01 00:00"),
        # wrap around years
        ("2012-07-09 23:35", "0 0 0 * Feb Mon", "2013-02-04 00:00"),
        ("2012-07-09 23:35", "0 0 0 * Feb Mon/2", "2013-02-01 00:00"),
        # wrap around minute, hour, day, month, and year
        ("2012-12-31 23:59:45", "0 * * * * *", "2013-01-01 00:00:00"),
        # leap year
        ("2012-07-09 23:35", "0 0 0 29 Feb ?", "2016-02-29 00:00"),
        # daylight saving time, 2am EST (-5) -> 3am EDT (-4)
        (
            "2012-03-11T00:00:00-05:00",
            "TZ=America/New_York 0 30 2 11 Mar ?",
            "2013-03-11T02:30:00-04:00",
        ),
        # hourly job
        (
            "2012-03-11T00:00:00-05:00",
            "TZ=America/New_York 0 0 * * * ?",
            "2012-03-11T01:00:00-05:00",
        ),
        (
            "2012-03-11T01:00:00-05:00",
            "TZ=America/New_York 0 0 * * * ?",
            "2012-03-11T03:00:00-04:00",
        ),
        (
            "2012-03-11T03:00:00-04:00",
            "TZ=America/New_York 0 0 * * * ?",
            "2012-03-11T04:00:00-04:00",
        ),
        (
            "2012-03-11T04:00:00-04:00",
            "TZ=America/New_York 0 0 * * * ?",
            "2012-03-11T05:00:00-04:00",
        ),
        # hourly job using CRON_TZ
        (
            "2012-03-11T00:00:00-05:00",
            "CRON_TZ=America/New_York 0 0 * * * ?",
            "2012-03-11T01:00:00-05:00",
        ),
        (
            "2012-03-11T01:00:00-05:00",
            "CRON_TZ=America/New_York 0 0 * * * ?",
            "2012-03-11T03:00:00-04:00",
        ),
        # 1am nightly job
        (
            "2012-03-11T00:00:00-05:00",
            "TZ=America/New_York 0 0 1 * * ?",
            "2012-03-11T01:00:00-05:00",
        ),
        (
            "2012-03-11T01:00:00-05:00",
            "TZ=America/New_York 0 0 1 * * ?",
            "2012-03-12T01:00:00-04:00",
        ),
        # 2am nightly job (skipped)
        (
            "2012-03-11T00:00:00-05:00",
            "TZ=America/New_York 0 0 2 * * ?",
            "2012-03-12T02:00:00-04:00",
        ),
        # daylight saving time, 2am EDT (-4) => 1am EST (-5)
        (
            "2012-11-04T00:00:00-04:00",
            "TZ=America/New_York 0 30 2 04 Nov ?",
            "2012-11-04T02:30:00-05:00",
        ),
        (
            "2012-11-04T01:45:00-04:00",
            "TZ=America/New_York 0 30 1 04 Nov ?",
            "2012-11-04T01:30:00-05:00",
        ),
        # hourly job
        (
            "2012-11-04T00:00:00-04:00",
            "TZ=America/New_York 0 0 * * * ?",
            "2012-11-04T01:00:00-04:00",
        ),
        (
            "2012-11-04T01:00:00-04:00",
            "TZ=America/New_York 0 0 * * * ?",
            "2012-11-04T01:00:00-05:00",
        ),
        (
            "2012-11-04T01:00:00-05:00",
            "TZ=America/New_York 0 0 * * * ?",
            "2012-11-04T02:00:00-05:00",
        ),
        # 1am nightly job (runs twice)
        (
            "2012-11-04T00:00:00-04:00",
            "TZ=America/New_York 0 0 1 * * ?",
            "2012-11-04T01:00:00-04:00",
        ),
        (
            "2012-11-04T01:00:00-04:00",
            "TZ=America/New_York 0 0 1 * * ?",
            "2012-11-04T01:00:00-05:00",
        ),
        (
            "2012-11-04T01:00:00-05:00",
            "TZ=America/New_York 0 0 1 * * ?",
            "2012-11-05T01:00:00-05:00",
        ),
        # 2am and 3am nightly jobs
        (
            "2012-11-04T00:00:00-04:00",
            "TZ=America/New_York 0 0 2 * * ?",
            "2012-11-04T02:00:00-05:00",
        ),
        (
            "2012-11-04T02:00:00-05:00",
            "TZ=America/New_York 0 0 2 * * ?",
            "2012-11-05T02:00:00-05:00",
        ),
        (
            "2012-11-04T00:00:00-04:00",
            "TZ=America/New_York 0 0 3 * * ?",
            "2012-11-04T03:00:00-05:00",
        ),
        (
            "2012-11-04T03:00:00-05:00",
            "TZ=America/New_York 0 0 3 * * ?",
            "2012-11-05T03:00:00-05:00",
        ),
        # monthly job
        (
            "2012-11-04T00:00:00-04:00",
            "TZ=America/New_York 0 0 3 3 * ?",
            "2012-12-03T03:00:00-05:00",
        ),
        # where daylight saving time starts at midnight, the day starts at 1am
        (
            "2018-10-17T05:00:00-04:00",
            "TZ=America/Sao_Paulo 0 0 9 10 * ?",
            "2018-11-10T06:00:00-05:00",
        ),
        (
            "2018-02-14T05:00:00-05:00",
            "TZ=America/Sao_Paulo 0 0 9 22 * ?",
            "2018-02-22T07:00:00-05:00",
        ),
    ],
)
def test_next(time, spec, expected):
    found = with_seconds(spec).next(at(time))
    assert found == at(expected)


@pytest.mark.parametrize(
    ("time", "spec", "expected"),
    [
        # without a zone, the schedule is read in the zone of the time it is asked about
        ("2016-01-03T13:09:03+05:30", "14 14 * * *", "2016-01-03T14:14:00+05:30"),
        ("2016-01-03T04:09:03+05:30", "14 14 * * ?", "2016-01-03T14:14:00+05:30"),
        ("2016-01-03T14:09:03+05:30", "14 14 * * *", "2016-01-03T14:14:00+05:30"),
        ("2016-01-03T14:00:00+05:30", "14 14 * * ?", "2016-01-03T14:14:00+05:30"),
        # with one, in that zone, whatever the time's
        ("2016-01-03T14:00:00+05:30", "TZ=UTC 14 14 * * ?", "2016-01-03T19:44:00+05:30"),
        ("2024-03-30T12:00:00Z", "TZ=Europe/Berlin 30 2 * * *", "2024-04-01T00:30:00Z"),
        # the daylight saving time hour that happens twice fires twice, by the hour
        ("2024-10-27T00:00:00+02:00", "TZ=Europe/Berlin 30 * 27 10 *", "2024-10-27T00:30:00+02:00"),
        ("2024-10-27T02:30:00+02:00", "TZ=Europe/Berlin 30 * 27 10 *", "2024-10-27T02:30:00+01:00"),
    ],
)
def test_next_in_a_zone(time, spec, expected):
    found = parse(spec).next(at(time))
    assert found == at(expected)
    assert found.utcoffset() == at(time).utcoffset()  # in the zone of the time given


def test_next_answers_in_the_zone_of_the_time_given():
    found = parse("TZ=Asia/Tokyo 0 9 * * *").next(datetime(2024, 5, 1, tzinfo=NEW_YORK))
    assert found.tzinfo is NEW_YORK
    assert found == datetime(2024, 5, 1, 20, 0, tzinfo=NEW_YORK)  # 9am in Tokyo


def test_a_midnight_that_happens_twice_is_the_later_one_in_a_zone_east_of_utc():
    # time.Date looks the zone up at the wall time read as UTC: in Amman (UTC+3 then +2,
    # back at 1am to midnight on 2021-10-29) that finds the later midnight, where Python's
    # fold=0 would take the earlier
    after = at("2021-10-28T12:00:00+03:00")
    assert parse("TZ=Asia/Amman 0 0 29 10 *").next(after) == at("2021-10-29T00:00:00+02:00")


@pytest.mark.parametrize(
    "spec", ["0 0 30 Feb ?", "0 0 31 Apr ?", "TZ=America/New_York 59 23 31 2 *"]
)
def test_a_schedule_that_never_fires_gives_the_zero_time_after_five_years(spec):
    schedule = parse(spec) if spec.startswith("TZ") else with_seconds(f"0 {spec}")
    assert schedule.next(at("2012-07-09 23:35")) == ZERO_TIME
    assert schedule.next(ZERO_TIME) == ZERO_TIME


def test_the_next_time_starts_at_the_next_whole_second():
    assert parse("* * * * *").next(at("2012-07-09 14:59:59.999")) == at("2012-07-09 15:00")
    assert parse("* * * * *").next(at("2012-07-09 15:00")) == at("2012-07-09 15:01")


def test_naive_times_are_refused():
    with pytest.raises(ValueError):
        parse("* * * * *").next(datetime(2012, 7, 9))


MINUTE_NS = 60 * 10**9


@pytest.mark.parametrize(
    ("time", "delay_ns", "expected"),
    [
        ("2012-07-09 14:45", 15 * MINUTE_NS + 50, "2012-07-09 15:00"),
        ("2012-07-09 14:59", 15 * MINUTE_NS, "2012-07-09 15:14"),
        ("2012-07-09 14:59:59", 15 * MINUTE_NS, "2012-07-09 15:14:59"),
        ("2012-07-09 15:45", 35 * MINUTE_NS, "2012-07-09 16:20"),
        ("2012-07-09 23:46", 14 * MINUTE_NS, "2012-07-10 00:00"),
        ("2012-07-09 23:45", 35 * MINUTE_NS, "2012-07-10 00:20"),
        ("2012-07-09 23:35:51", 44 * MINUTE_NS + 24 * 10**9, "2012-07-10 00:20:15"),
        ("2012-07-09 23:35:51", (25 * 60 + 44) * MINUTE_NS + 24 * 10**9, "2012-07-11 01:20:15"),
        ("2012-07-09 23:35", (91 * 24 * 60 + 25) * MINUTE_NS, "2012-10-09 00:00"),
        ("2012-12-31 23:59:45", 15 * 10**9, "2013-01-01 00:00:00"),
        ("2012-07-09 14:45:00", 15 * 10**6, "2012-07-09 14:45:01"),  # at least a second
        ("2012-07-09 14:45:00.005", 15 * MINUTE_NS, "2012-07-09 15:00"),  # on the second
        ("2012-07-09 14:45:00.005", 15 * MINUTE_NS + 50, "2012-07-09 15:00"),
        # a fixed delay in absolute time, across a daylight saving time change
        ("2012-11-04T01:30:00-04:00", 60 * MINUTE_NS, "2012-11-04T01:30:00-05:00"),
    ],
)
def test_every(time, delay_ns, expected):
    when = at(time)
    if when.utcoffset() != timedelta(0):
        when = when.astimezone(NEW_YORK)
    # compared in UTC: Python never finds an ambiguous wall time equal to another zone's
    assert cs.every(delay_ns).next(when).astimezone(UTC) == at(expected)


def test_schedules_are_values():
    assert parse("TZ=Europe/Berlin 0 3 * * 1") == parse("CRON_TZ=Europe/Berlin 0 3 * * MON")
    assert hash(parse("@daily")) == hash(parse("@midnight"))
