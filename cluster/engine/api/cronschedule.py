"""A CronJob's schedule, as Kubernetes reads it: github.com/robfig/cron/v3's ParseStandard
(what k8s.io/kubernetes/pkg/util/parsers.ParseCronScheduleWithPanicRecovery calls), with its
error texts, and the times a schedule fires (SpecSchedule.Next, ConstantDelaySchedule.Next).

The language: five fields, minute hour day-of-month month day-of-week, each a comma list of
`*`, `?`, `N`, `N-M`, any of them with a `/step` (`N/step` runs from N to the field's end);
months and days of the week may be named (JAN, mon); or a descriptor: @yearly (@annually),
@monthly, @weekly, @daily (@midnight), @hourly, `@every <Go duration>`. A `TZ=zone ` or
`CRON_TZ=zone ` prefix sets the zone the fields are read in (the controller prefixes a
CronJob's spec.timeZone so); without one, they are read in the zone of the time given to
`next`.

Times are followed the way Go's time package does (time.Date's normalization and its choice
at a daylight-saving gap or overlap, absolute Add and Truncate), on Unix seconds, with the
zones' offsets from zoneinfo: what `next` returns is what kube-controller-manager computes.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cluster.engine.api import duration
from cluster.engine.api.field import go_quote

STAR_BIT = 1 << 63  # set when a field was `*` or `?`: it matters for the day-of-month/week rule
ZERO_TIME = datetime(1, 1, 1, tzinfo=UTC)  # time.Time{}: what `next` returns when nothing fits
SECOND_NS = 10**9
YEARS_AHEAD = 5  # Next gives up after five years


class ScheduleError(ValueError):
    """The schedule does not parse; the message is robfig/cron's."""


@dataclass(frozen=True, slots=True)
class Bounds:
    """The values a field takes, and the names it accepts for them."""

    min: int
    max: int
    names: tuple[tuple[str, int], ...] = ()


SECONDS = Bounds(0, 59)
MINUTES = Bounds(0, 59)
HOURS = Bounds(0, 23)
DOM = Bounds(1, 31)
MONTHS = Bounds(
    1,
    12,
    tuple(
        (name, i + 1)
        for i, name in enumerate(
            ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
        )
    ),
)
DOW = Bounds(
    0,
    6,
    tuple((name, i) for i, name in enumerate(("sun", "mon", "tue", "wed", "thu", "fri", "sat"))),
)
FIELDS = (MINUTES, HOURS, DOM, MONTHS, DOW)  # ParseStandard's five, in their order


# -- schedules ------------------------------------------------------------------------


class Schedule(ABC):
    """cron.Schedule: what SpecSchedule and ConstantDelaySchedule both answer."""

    __slots__ = ()

    @abstractmethod
    def next(self, after: datetime) -> datetime:
        """The first activation strictly after `after` (an aware datetime), in its zone;
        ZERO_TIME when there is none. (Compare the answers in UTC: Python finds a ZoneInfo
        time in a repeated hour equal to no time of another zone.)"""


@dataclass(frozen=True, slots=True)
class SpecSchedule(Schedule):
    """A crontab line as bit sets (bit N: value N fires), and the zone it is read in (None:
    time.Local, i.e. the zone of the time it is asked about)."""

    second: int
    minute: int
    hour: int
    dom: int
    month: int
    dow: int
    location: tzinfo | None = None

    def next(self, after: datetime) -> datetime:
        """SpecSchedule.Next: step the month, then the day, hour, minute and second, until
        each matches; a field that wraps around starts over from the month."""
        start = _Time.of(after)
        loc = start.loc if self.location is None else self.location
        t = start.in_(loc).add_ns(SECOND_NS - start.nsec)  # the next whole second
        found = _search(self, t, loc)
        return ZERO_TIME if found is None else found.in_(start.loc).datetime()

    def day_matches(self, t: _Time) -> bool:
        """dayMatches: both day fields must match if either is `*`; else either may."""
        dom_match = bool(1 << t.day & self.dom)
        dow_match = bool(1 << t.weekday & self.dow)
        if self.dom & STAR_BIT or self.dow & STAR_BIT:
            return dom_match and dow_match
        return dom_match or dow_match


@dataclass(frozen=True, slots=True)
class ConstantDelaySchedule(Schedule):
    """`@every`: a fixed delay, in whole seconds (nanoseconds here, as Go keeps it)."""

    delay_ns: int

    def next(self, after: datetime) -> datetime:
        """The time `delay` after, rounded down to its second."""
        t = _Time.of(after)
        return t.add_ns(self.delay_ns - t.nsec).datetime()


def every(delay_ns: int) -> ConstantDelaySchedule:
    """cron.Every: at least a second, fractions of a second dropped."""
    delay_ns = max(delay_ns, SECOND_NS)
    return ConstantDelaySchedule(delay_ns - delay_ns % SECOND_NS)


def _search(s: SpecSchedule, t: _Time, loc: tzinfo) -> _Time | None:
    """Next's loop from `t` (already at a whole second, in `loc`); None past five years."""
    year_limit = t.year + YEARS_AHEAD
    added = False  # once a field was stepped, the smaller ones start from their first value
    while t.year <= year_limit:
        t, added, wrapped = _step_month(s, t, loc, added)
        if wrapped:
            continue
        t, added, wrapped = _step_day(s, t, loc, added)
        if wrapped:
            continue
        t, added, wrapped = _step_hour(s, t, loc, added)
        if wrapped:
            continue
        t, added, wrapped = _step_unit(s.minute, t, added, 60, lambda t: t.minute)
        if wrapped:
            continue
        t, added, wrapped = _step_unit(s.second, t, added, 1, lambda t: t.second)
        if wrapped:
            continue
        return t
    return None


def _step_month(s: SpecSchedule, t: _Time, loc: tzinfo, added: bool) -> tuple[_Time, bool, bool]:
    while not 1 << t.month & s.month:
        if not added:
            added = True
            t = _Time.date(t.year, t.month, 1, 0, 0, 0, loc)
        t = t.add_date(0, 1, 0)
        if t.month == 1:
            return t, added, True
    return t, added, False


def _step_day(s: SpecSchedule, t: _Time, loc: tzinfo, added: bool) -> tuple[_Time, bool, bool]:
    while not s.day_matches(t):
        if not added:
            added = True
            t = _Time.date(t.year, t.month, t.day, 0, 0, 0, loc)
        t = t.add_date(0, 0, 1)
        # where daylight saving time starts at midnight, the day starts at 1am: go back (or
        # forward, for 23h) to the day's real start
        if t.hour != 0:
            t = t.add_ns(((24 - t.hour) if t.hour > 12 else -t.hour) * 3600 * SECOND_NS)
        if t.day == 1:
            return t, added, True
    return t, added, False


def _step_hour(s: SpecSchedule, t: _Time, loc: tzinfo, added: bool) -> tuple[_Time, bool, bool]:
    while not 1 << t.hour & s.hour:
        if not added:
            added = True
            t = _Time.date(t.year, t.month, t.day, t.hour, 0, 0, loc)
        t = t.add_ns(3600 * SECOND_NS)
        if t.hour == 0:
            return t, added, True
    return t, added, False


def _step_unit(
    bits: int, t: _Time, added: bool, seconds: int, value: Callable[[_Time], int]
) -> tuple[_Time, bool, bool]:
    """The minute or the second: truncate (in absolute time, as Go does) and step."""
    while not 1 << value(t) & bits:
        if not added:
            added = True
            t = t.truncate(seconds)
        t = t.add_ns(seconds * SECOND_NS)
        if value(t) == 0:
            return t, added, True
    return t, added, False


# -- parsing --------------------------------------------------------------------------


def parse(spec: str) -> Schedule:
    """cron.ParseStandard (through ParseCronScheduleWithPanicRecovery): a schedule, or
    ScheduleError with robfig's message."""
    if not spec:
        raise ScheduleError("empty spec string")
    location: tzinfo | None = None
    if spec.startswith(("TZ=", "CRON_TZ=")):
        location, spec = _zone_prefix(spec)
    if spec.startswith("@"):
        return _descriptor(spec, location)
    fields = _go_fields(spec)
    if len(fields) != len(FIELDS):
        raise ScheduleError(
            f"expected exactly {len(FIELDS)} fields, found {len(fields)}: [{' '.join(fields)}]"
        )
    bits = [get_field(text, bounds) for text, bounds in zip(fields, FIELDS, strict=True)]
    return SpecSchedule(1 << SECONDS.min, *bits, location=location)


def _zone_prefix(spec: str) -> tuple[tzinfo | None, str]:
    """`TZ=zone rest`: the zone and the rest. Without a space Go slices out of range, and
    Kubernetes turns the panic into an error."""
    space, equals = spec.find(" "), spec.find("=")
    if space < 0:
        raise ScheduleError("recovered from panic: runtime error: slice bounds out of range [:-1]")
    name = spec[equals + 1 : space]
    try:
        location = load_location(name)
    except ScheduleError as error:
        raise ScheduleError(f"provided bad location {name}: {error}") from None
    return location, _go_trim_space(spec[space:])


def load_location(name: str) -> tzinfo | None:
    """time.LoadLocation: "" and "UTC" are UTC, "Local" is None (the zone of the times a
    schedule is asked about), any other an IANA zone; ScheduleError with Go's text if
    there is no such zone."""
    if name in ("", "UTC"):
        return UTC
    if name == "Local":
        return None
    if ".." in name or name[0] in "/\\":
        raise ScheduleError("time: invalid location name")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ScheduleError(f"unknown time zone {name}") from None


def _first(bounds: Bounds) -> int:
    return 1 << bounds.min


def _all(bounds: Bounds) -> int:
    """all: every value, and the star bit."""
    return get_bits(bounds.min, bounds.max, 1) | STAR_BIT


def _descriptor(spec: str, location: tzinfo | None) -> Schedule:
    """parseDescriptor."""
    layout = _DESCRIPTORS.get(spec)
    if layout is not None:
        return SpecSchedule(*layout, location=location)
    if spec.startswith("@every "):
        try:
            delay = duration.parse_duration(spec[len("@every ") :])
        except duration.DurationError as error:
            raise ScheduleError(f"failed to parse duration {spec}: {error}") from None
        return every(delay)
    raise ScheduleError(f"unrecognized descriptor: {spec}")


def get_field(field: str, bounds: Bounds) -> int:
    """getField: the bits of a comma list of ranges (empty items are skipped)."""
    bits = 0
    for expr in field.split(","):
        if expr:
            bits |= get_range(expr, bounds)
    return bits


def get_range(expr: str, bounds: Bounds) -> int:
    """getRange: `*`, `?`, `N` or `N-M`, with an optional `/step`."""
    range_and_step = expr.split("/")
    low_and_high = range_and_step[0].split("-")
    single = len(low_and_high) == 1
    extra = 0
    if low_and_high[0] in ("*", "?"):
        start, end, extra = bounds.min, bounds.max, STAR_BIT
    else:
        start = _int_or_name(low_and_high[0], bounds)
        if len(low_and_high) == 1:
            end = start
        elif len(low_and_high) == 2:
            end = _int_or_name(low_and_high[1], bounds)
        else:
            raise ScheduleError(f"too many hyphens: {expr}")
    if len(range_and_step) == 1:
        step = 1
    elif len(range_and_step) == 2:
        step = _must_parse_int(range_and_step[1])
        if single:  # "N/step" means "N-max/step"
            end = bounds.max
        if step > 1:
            extra = 0  # "*/2" is not every value: it no longer counts as a star
    else:
        raise ScheduleError(f"too many slashes: {expr}")
    if start < bounds.min:
        raise ScheduleError(f"beginning of range ({start}) below minimum ({bounds.min}): {expr}")
    if end > bounds.max:
        raise ScheduleError(f"end of range ({end}) above maximum ({bounds.max}): {expr}")
    if start > end:
        raise ScheduleError(f"beginning of range ({start}) beyond end of range ({end}): {expr}")
    if step == 0:
        raise ScheduleError(f"step of range should be a positive number: {expr}")
    return get_bits(start, end, step) | extra


def get_bits(low: int, high: int, step: int) -> int:
    """The bits low, low+step, ... up to high."""
    return sum(1 << i for i in range(low, high + 1, step))


# the bits of second, minute, hour, day of month, month and day of week each descriptor sets
_MIDNIGHT = (_first(SECONDS), _first(MINUTES), _first(HOURS))
_DESCRIPTORS = {
    "@yearly": (*_MIDNIGHT, _first(DOM), _first(MONTHS), _all(DOW)),
    "@annually": (*_MIDNIGHT, _first(DOM), _first(MONTHS), _all(DOW)),
    "@monthly": (*_MIDNIGHT, _first(DOM), _all(MONTHS), _all(DOW)),
    "@weekly": (*_MIDNIGHT, _all(DOM), _all(MONTHS), _first(DOW)),
    "@daily": (*_MIDNIGHT, _all(DOM), _all(MONTHS), _all(DOW)),
    "@midnight": (*_MIDNIGHT, _all(DOM), _all(MONTHS), _all(DOW)),
    "@hourly": (_first(SECONDS), _first(MINUTES), _all(HOURS), _all(DOM), _all(MONTHS), _all(DOW)),
}


def _int_or_name(expr: str, bounds: Bounds) -> int:
    """parseIntOrName: a name of the field (any case) or a number."""
    for name, value in bounds.names:
        if expr.lower() == name:
            return value
    return _must_parse_int(expr)


def _must_parse_int(expr: str) -> int:
    """mustParseInt: strconv.Atoi, and no negative numbers."""
    try:
        number = atoi(expr)
    except ValueError as error:
        raise ScheduleError(f"failed to parse int from {expr}: {error}") from None
    if number < 0:
        raise ScheduleError(f"negative number ({number}) not allowed: {expr}")
    return number


def atoi(text: str) -> int:
    """strconv.Atoi on a 64-bit machine, with its errors (NumError's text)."""
    digits = text[1:] if text[:1] in ("+", "-") else text
    if not digits:
        raise ValueError(f"strconv.Atoi: parsing {go_quote(text)}: invalid syntax")
    value = 0
    for char in digits:
        if not "0" <= char <= "9":
            raise ValueError(f"strconv.Atoi: parsing {go_quote(text)}: invalid syntax")
        value = value * 10 + ord(char) - ord("0")
        if value >= 1 << 64:
            break  # ParseUint stops at the overflow: what follows is not looked at
    negative = text[0] == "-"
    if value > (1 << 63) - (not negative):
        raise ValueError(f"strconv.Atoi: parsing {go_quote(text)}: value out of range")
    return -value if negative else value


# unicode.IsSpace: Python's str.isspace() less the four separators \x1c-\x1f
_GO_SPACE = frozenset(" \t\n\v\f\r\x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000") | frozenset(
    chr(c) for c in range(0x2000, 0x200B)
)


def _go_fields(text: str) -> list[str]:
    """strings.Fields: split around runs of Unicode white space."""
    fields, current = [], []
    for char in text:
        if char in _GO_SPACE:
            if current:
                fields.append("".join(current))
                current = []
        else:
            current.append(char)
    if current:
        fields.append("".join(current))
    return fields


def _go_trim_space(text: str) -> str:
    """strings.TrimSpace."""
    start, end = 0, len(text)
    while start < end and text[start] in _GO_SPACE:
        start += 1
    while end > start and text[end - 1] in _GO_SPACE:
        end -= 1
    return text[start:end]


# -- Go's time, as Next uses it --------------------------------------------------------


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_FIRST_UNIX = -62135510400  # 0001-01-02: zone offsets before it are the zone's first ones
_LAST_UNIX = 253402128000  # 9999-12-30, likewise for after it


@dataclass(frozen=True, slots=True)
class _Time:
    """A time.Time: an instant (Unix seconds and nanoseconds) and a zone, with its wall
    clock fields in that zone."""

    unix: int
    nsec: int
    loc: tzinfo
    year: int = 0
    month: int = 0
    day: int = 0
    hour: int = 0
    minute: int = 0
    second: int = 0
    weekday: int = 0  # Sunday is 0

    @staticmethod
    def at(unix: int, nsec: int, loc: tzinfo) -> _Time:
        local = unix + _offset(loc, unix)
        days, seconds = divmod(local, 86400)
        year, month, day = _civil_from_days(days)
        hour, rest = divmod(seconds, 3600)
        return _Time(unix, nsec, loc, year, month, day, hour, rest // 60, rest % 60, (days + 4) % 7)

    @staticmethod
    def of(when: datetime) -> _Time:
        if when.tzinfo is None or when.utcoffset() is None:
            raise ValueError("a schedule's times must be aware datetimes")
        delta = when - _EPOCH
        return _Time.at(delta.days * 86400 + delta.seconds, delta.microseconds * 1000, when.tzinfo)

    @staticmethod
    def date(
        year: int, month: int, day: int, hour: int, minute: int, sec: int, loc: tzinfo
    ) -> _Time:
        """time.Date: fields out of range roll over; a wall time that happens twice or not
        at all takes the offset Go's lookup gives it."""
        year, month0 = year + (month - 1) // 12, (month - 1) % 12
        days = _days_from_civil(year, month0 + 1, 1) + day - 1
        local = days * 86400 + hour * 3600 + minute * 60 + sec
        # Go looks the zone up at the wall time read as UTC, then again at the instant that
        # gives if it falls outside that zone's span: the same as this
        return _Time.at(local - _offset(loc, local - _offset(loc, local)), 0, loc)

    def in_(self, loc: tzinfo) -> _Time:
        return _Time.at(self.unix, self.nsec, loc)

    def add_ns(self, ns: int) -> _Time:
        seconds, nsec = divmod(self.nsec + ns, SECOND_NS)
        return _Time.at(self.unix + seconds, nsec, self.loc)

    def add_date(self, years: int, months: int, days: int) -> _Time:
        """AddDate: the wall clock's date moved, time of day kept (and normalized)."""
        t = _Time.date(
            self.year + years,
            self.month + months,
            self.day + days,
            self.hour,
            self.minute,
            self.second,
            self.loc,
        )
        return _Time.at(t.unix, self.nsec, self.loc)

    def truncate(self, seconds: int) -> _Time:
        """Truncate to a whole number of `seconds` since the zero time (not the wall clock:
        it differs where a zone's offset is not in whole minutes)."""
        return _Time.at(self.unix - self.unix % seconds, 0, self.loc)

    def datetime(self) -> datetime:
        when = _EPOCH + timedelta(seconds=self.unix, microseconds=self.nsec // 1000)
        return when.astimezone(self.loc)


def _offset(loc: tzinfo, unix: int) -> int:
    """The zone's offset from UTC, in seconds, at the instant `unix`."""
    if loc is UTC:
        return 0
    clamped = min(max(unix, _FIRST_UNIX), _LAST_UNIX)
    offset = (_EPOCH + timedelta(seconds=clamped)).astimezone(loc).utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


def _days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date (any year, as Go's)."""
    year -= month <= 2
    era = year // 400
    yoe = year - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _civil_from_days(days: int) -> tuple[int, int, int]:
    """The proleptic Gregorian date `days` after 1970-01-01."""
    days += 719468
    era = days // 146097
    doe = days - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (month <= 2), month, day
