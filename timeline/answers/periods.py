"""Questions over a span of days: who was there at any time during it, did
two people overlap, how long a tenure lasted — each with its uncertainty.

A tenure, read as a period, is the time from the moment a person joined to
the moment they left; both moments fall somewhere in the days their events'
dates cover. On days, it *touches* every day from its start's to its end's:
someone who left on 10 May was there that morning. So (SQL:2011's
``OVERLAPS`` on instants, XTDB's ``FOR VALID_TIME BETWEEN a AND b``) a
tenure is on the roster during ``[a, b]`` when it began by the end of ``b``
and ended on ``a`` or later; the point roster at ``D`` (``CONTAINS`` the end
of day ``D``) wants it begun by ``D`` and ended after ``D``. A tenure that
begins and ends on one day is on no point roster but on the roster of every
span that holds that day.

Imprecise dates give each tenure four bounds (:class:`Bounds`): the earliest
and latest day it may have begun and the earliest and latest day it may have
ended. The start is never after any step (a role change, a leave, the
departure) and the end never before one, so an observed step narrows them.
A question holds *certainly* when it holds whichever days the events took
place on, and *possibly* when it holds for some of them. Within a day the
order of events is unknown: two tenures, one ending on the day the other
begins (a same-day handover), possibly overlapped, never certainly.

>>> from timeline import Timeline
>>> tl = Timeline.example()
>>> tl.roster_during("OpenAI", "2024-05", "2024-05").people
('greg-brockman', 'ilya-sutskever', 'john-schulman')
"""

from __future__ import annotations

import calendar
import datetime as _dt
import enum
from collections.abc import Callable, Iterable, Iterator, Sequence

import attrs
import pendulum

from timeline.answers._table import as_known, as_published, count, not_yet_known, table
from timeline.answers.frames import AsData
from timeline.engine.disputes import Claim, marks
from timeline.engine.intervals import UNIVERSE
from timeline.engine.tenure_index import TenureIndex
from timeline.engine.tenures import Tenure, still_there
from timeline.model.certainty import Certainty
from timeline.model.dates import ValidDate

__all__ = [
    "Bounds",
    "Days",
    "Overlap",
    "PeriodMember",
    "PeriodRoster",
    "SharedSpell",
    "TenureLength",
    "Why",
    "during",
    "length",
    "shared_spells",
]


def _date(ordinal: int) -> _dt.date:
    return _dt.date.fromordinal(ordinal)


@attrs.frozen
class Bounds:
    """When a tenure may have begun and ended, as ordinals of days.

    ``earliest_start`` is 0 when the start is unknown; ``earliest_end`` and
    ``latest_end`` are ``UNIVERSE`` while the tenure is open (a tenure only
    observed has an earliest end, the day after its last observation). The
    latest start is the earliest last day of any step (the person was there
    by then), and the earliest end the latest first day of any step (still
    there then; the day after it, for an observation).

    >>> from timeline.model.catalog import Joined, Left, RoleChanged
    >>> steps = (Joined(id="j", valid="2021", person="p", org="o", sources="s"),
    ...          RoleChanged(id="r", valid="2021-03-15", person="p", org="o", role="x",
    ...                      sources="s"),
    ...          Left(id="l", valid="2024-05", person="p", org="o", sources="s"))
    >>> Bounds.of(Tenure("p", "o", steps[0], steps[2], steps)).days
    ('2021-01-01', '2021-03-15', '2024-05-01', '2024-05-31')
    """

    earliest_start: int
    latest_start: int
    earliest_end: int
    latest_end: int
    certain: tuple[int, int] = attrs.field(default=(0, 0), kw_only=True)
    """``[first, stop)``: the days a roster lists the person as certainly a
    member at their end (see :attr:`Tenure.sure_days`); empty when none is.
    Within ``[latest_start, earliest_end)``, and narrower when only
    steps that do not make a day certain on a roster (a role change after
    an imprecise end) place the person there."""

    @classmethod
    def of(cls, tenure: Tenure) -> Bounds:
        """The bounds of ``tenure``. Runtime: O(steps)."""
        lo, hi = tenure.lo, tenure.hi
        first, stop = tenure.sure_days
        certain = (first, stop) if first < stop else (0, 0)
        # an inferred tenure has no steps: it may have begun and ended any
        # day up to the rehire that implies it
        latest_start = max(lo, min((s.valid.last for s in tenure.steps), default=hi))
        if hi == UNIVERSE:
            # a tenure only observed may have ended any day after its last observation
            seen = max(map(still_there, tenure.steps)) if tenure.observed_only else UNIVERSE
            return cls(lo, latest_start, seen, UNIVERSE, certain=certain)
        earliest_end = min(hi, max(map(still_there, tenure.steps), default=max(lo, 1)))
        return cls(lo, latest_start, earliest_end, hi, certain=certain)

    @property
    def known_start(self) -> bool:
        return self.earliest_start > 0

    @property
    def ended(self) -> bool:
        return self.latest_end < UNIVERSE

    def possibly_during(self, first: int, last: int) -> bool:
        """Whether the tenure may touch a day of ``[first, last]``."""
        return self.earliest_start <= last and self.latest_end >= first

    def certainly_during(self, first: int, last: int) -> bool:
        """Whether the tenure touches a day of ``[first, last]`` whichever days
        its events took place on (it may be no one day for sure)."""
        return self.latest_start <= last and self.earliest_end >= first

    def to_dict(self) -> dict[str, str | None]:
        """The four bounds as ISO dates (None: the start unknown, or open),
        and the days a roster lists the person as certainly there, first
        and last (None: no day, or open)."""
        days = zip(("earliest_start", "latest_start", "earliest_end", "latest_end"),
                   self.days, strict=True)
        data = {name: None if value in ("?", "open") else value for name, value in days}
        first, stop = self.certain
        data["certain_first"] = _date(first).isoformat() if first < stop else None
        data["certain_last"] = (_date(stop - 1).isoformat() if first < stop < UNIVERSE
                                else None)
        return data

    @property
    def days(self) -> tuple[str, str, str, str]:
        """The four bounds as ISO dates ("?" unknown, "open")."""
        return (
            _date(self.earliest_start).isoformat() if self.known_start else "?",
            _date(self.latest_start).isoformat(),
            _date(self.earliest_end).isoformat() if self.ended else "open",
            _date(self.latest_end).isoformat() if self.ended else "open",
        )


@attrs.frozen
class Days:
    """A span of days, both ends included; ``first`` None: no earlier bound
    known; ``last`` None: still going on.

    >>> Days(_dt.date(2024, 1, 1), None)
    Days('2024-01-01..')
    """

    first: _dt.date | None
    last: _dt.date | None

    @classmethod
    def of(cls, first: int, last: int) -> Days:
        return cls(_date(first) if first > 0 else None,
                   _date(last) if last < UNIVERSE else None)

    def __str__(self) -> str:
        first = self.first.isoformat() if self.first is not None else "?"
        last = self.last.isoformat() if self.last is not None else ""
        return f"{first}..{last}"

    def __repr__(self) -> str:
        return f"Days({str(self)!r})"


class Why(enum.Enum):
    """Why a tenure only possibly touches a span: its start may come after
    the span (unknown, or imprecise), or its end before it."""

    UNKNOWN_START = "unknown start"
    IMPRECISE_START = "imprecise start"
    IMPRECISE_END = "imprecise end"
    INFERRED = "inferred from a rehire"


def _why(tenure: Tenure, bounds: Bounds, first: int, last: int) -> tuple[Why, ...]:
    out = [Why.INFERRED] if tenure.inferred else []
    if bounds.latest_start > last:
        out.append(Why.UNKNOWN_START if tenure.start is None else Why.IMPRECISE_START)
    if bounds.earliest_end < first:
        out.append(Why.IMPRECISE_END)
    return tuple(out)


# -- who was there during a span ------------------------------------------------------


@attrs.frozen
class PeriodMember:
    """One person on a roster over a span: ``certain`` when a tenure surely
    touches it, else ``why`` it only possibly does; ``start`` and ``end`` are
    the dates of the tenure that places them there (the latest begun, a
    certain one first), ``role`` its last role; ``ended_before`` the date of
    the rehire before which a tenure of unknown end ended. ``other_stints``
    holds the ``(start, end)`` dates of the person's other tenures that
    (possibly) touch the span, by start: someone who left and came back
    within it is there twice. ``disputed`` are the other claims about the
    facts behind it (see :mod:`timeline.engine.disputes`)."""

    person: str
    name: str
    certain: bool
    why: tuple[Why, ...]
    start: ValidDate | None
    end: ValidDate | None
    role: str | None
    certainty: Certainty
    evidence: tuple[str, ...]
    ended_before: ValidDate | None = None
    other_stints: tuple[tuple[ValidDate | None, ValidDate | None], ...] = ()
    disputed: tuple[Claim, ...] = attrs.field(default=(), kw_only=True)


def _stint_end(start: ValidDate | None, end: ValidDate | None, member: PeriodMember) -> object:
    """How another stint of a member ended, as a table says it: its end; an
    end the log lacks before the stint listed for the member ("unknown,
    before ..."); "-" while open; "?" when the log cannot say which."""
    if end is not None:
        return end
    if start is None or member.start is None:
        return "?"
    return f"unknown, before {member.start}" if start < member.start else "-"


@attrs.frozen(repr=False)
class PeriodRoster(AsData):
    """Who was on an organisation's roster at any time from ``start`` to
    ``end`` (both days included): ``members`` certainly, ``possible`` only
    possibly, each with why. Iterating gives the certain members."""

    org: str
    name: str
    start: _dt.date
    end: _dt.date
    known: pendulum.DateTime | None
    members: tuple[PeriodMember, ...]
    possible: tuple[PeriodMember, ...]
    published: pendulum.DateTime | None = attrs.field(default=None, kw_only=True)
    not_known_until: pendulum.DateTime | None = attrs.field(default=None, kw_only=True)
    """Set when the view had not heard of the organisation yet: the recorded
    time from which the log knows it (the answer is then empty)."""

    @property
    def people(self) -> tuple[str, ...]:
        """The ids of the certain members, by name."""
        return tuple(m.person for m in self.members)

    def __iter__(self) -> Iterator[PeriodMember]:
        return iter(self.members)

    def __len__(self) -> int:
        return len(self.members)

    def __contains__(self, person: object) -> bool:
        return any(m.person == person for m in self.members)

    def __repr__(self) -> str:
        view = as_known(self.known)
        view += as_published(self.published)
        head = (f"Roster of {self.name} from {self.start} to {self.end}{view}: "
                f"{count(len(self.members), 'member')}")
        if self.possible:
            head += f", {len(self.possible)} possible"

        def row(m: PeriodMember, why: bool) -> list[object]:
            who = (m.name + (" (rumor)" if m.certainty < Certainty.REPORTED else "")
                   + marks(m.disputed))
            until = m.end or (f"unknown, before {m.ended_before}" if m.ended_before else "-")
            cells: list[object] = [who, m.role, m.start or "unknown", until]
            return [*cells, ", ".join(w.value for w in m.why)] if why else cells

        def rows(members: tuple[PeriodMember, ...], why: bool) -> list[list[object]]:
            out = []
            for m in members:
                out.append(row(m, why))
                for start, end in m.other_stints:  # another stint of the same person
                    out.append([m.name, "", start or "unknown", _stint_end(start, end, m),
                                *([""] if why else [])])
            return out

        headers = ["person", "role", "from", "until"]
        empty = ("(none)" if self.not_known_until is None
                 else not_yet_known(self.name, self.known, self.not_known_until))
        text = table(head, headers, rows(self.members, False), empty=empty)
        if self.possible:
            text += "\n" + table("Possibly members", [*headers, "why"],
                                 rows(self.possible, True))
        return text


def _touching(index: TenureIndex, org: str, first: int, last: int, *, known: int,
              level: int) -> dict[str, list[Tenure]]:
    """Each person's tenures at ``org`` in the view that may touch ``[first,
    last]``: those on the roster at the end of the day before (a stab of the
    roster index) and those begun in the span (a range of the start index)."""
    found: dict[str, list[Tenure]] = {}
    sure, maybe = index.roster(org, first - 1, known, level)
    for person in sure | maybe:
        found[person] = index.of_pair((person, org), known, level)
    for tenure in index.starting(org, first - 1, last, known, level):
        if tenure.person not in found:
            found[tenure.person] = index.of_pair((tenure.person, org), known, level)
    return found


def during(
    index: TenureIndex, org: str, first: int, last: int, *, known: int, level: int,
    name: Callable[[str], str],
    disputed: Callable[[Sequence[str]], tuple[Claim, ...]] = lambda _: (),
) -> tuple[list[PeriodMember], list[PeriodMember]]:
    """Who was certainly, and who only possibly, at ``org`` on some day of
    ``[first, last]`` (ordinals), in the view ``known``, ``level``.

    Runtime: O(log U log b + log n + m r), m the members found (on the roster
    the day before the span, or begun in it) and r their records at ``org``.
    """
    certain: list[PeriodMember] = []
    possible: list[PeriodMember] = []
    for person, tenures in _touching(index, org, first, last, known=known, level=level).items():
        best: tuple[bool, int, str, Tenure, Bounds] | None = None
        met: list[Tenure] = []
        for tenure in tenures:
            bounds = Bounds.of(tenure)
            if not bounds.possibly_during(first, last):
                continue
            met.append(tenure)
            key = (bounds.certainly_during(first, last), tenure.lo, tenure.key)
            if best is None or key > best[:3]:
                best = (*key, tenure, bounds)
        if best is None:
            continue
        sure, _, _, tenure, bounds = best
        member = PeriodMember(
            person=person, name=name(person), certain=sure,
            why=() if sure else _why(tenure, bounds, first, last),
            start=tenure.start.valid if tenure.start is not None else None,
            end=tenure.end.valid if tenure.end is not None else None,
            role=tenure.at(min(last, max(tenure.hi - 1, 0)))[0],
            certainty=tenure.certainty,
            evidence=tenure.evidence,
            ended_before=(tenure.ended_before.valid if tenure.ended_before is not None
                          else None),
            other_stints=tuple(
                (t.start.valid if t.start is not None else None,
                 t.end.valid if t.end is not None else None)
                for t in sorted(met, key=lambda t: (t.lo, t.key)) if t is not tenure
            ),
            disputed=disputed([s for t in met for s in t.evidence]),
        )
        (certain if sure else possible).append(member)
    return _by_name(certain), _by_name(possible)


def _by_name(members: Iterable[PeriodMember]) -> list[PeriodMember]:
    return sorted(members, key=lambda m: (m.name.casefold(), m.person))


# -- did two people overlap -----------------------------------------------------------


@attrs.frozen
class SharedSpell:
    """Two tenures at one organisation that may overlap: ``certain`` when
    they surely share some time; ``certain_days`` the days both surely
    touch (None unless the overlap is certain, and when no day is sure even
    though some time is); ``possible_days``
    the days both may touch; ``why`` says what keeps it from being sure."""

    org: str
    org_name: str
    certain: bool
    certain_days: Days | None
    possible_days: Days
    why: tuple[str, ...]
    evidence: tuple[str, ...]


@attrs.frozen(repr=False)
class Overlap(AsData):
    """Where and when two people were at one organisation together."""

    person: str
    name: str
    other: str
    other_name: str
    known: pendulum.DateTime | None
    spells: tuple[SharedSpell, ...]
    published: pendulum.DateTime | None = attrs.field(default=None, kw_only=True)
    not_known_until: pendulum.DateTime | None = attrs.field(default=None, kw_only=True)
    """Set when the view had not heard of one of the two (or of the
    organisation asked about) yet: the recorded time from which the log knows
    it (the answer is then empty)."""
    not_known: str | None = attrs.field(default=None, kw_only=True)

    @property
    def certain(self) -> bool:
        """Whether they certainly overlapped somewhere."""
        return any(s.certain for s in self.spells)

    @property
    def orgs(self) -> tuple[str, ...]:
        """The organisations where they may have overlapped, in order."""
        return tuple(dict.fromkeys(s.org for s in self.spells))

    def __bool__(self) -> bool:
        """True when they may have overlapped anywhere."""
        return bool(self.spells)

    def __repr__(self) -> str:
        view = as_known(self.known, parenthesised=True)
        view += as_published(self.published)
        head = f"{self.name} and {self.other_name}{view}"
        rows = [[s.org_name, "certainly" if s.certain else "possibly",
                 str(s.certain_days) if s.certain_days else "-", str(s.possible_days),
                 "; ".join(s.why)] for s in self.spells]
        empty = ("(no overlap)" if self.not_known_until is None
                 else not_yet_known(self.not_known or "", self.known, self.not_known_until))
        return table(head, ["organization", "overlap", "certain days", "possible days", "why"],
                     rows, empty=empty)


def _spell(a: Tenure, b: Tenure, names: tuple[str, str], org_name: str) -> SharedSpell | None:
    x, y = Bounds.of(a), Bounds.of(b)
    if not (x.earliest_start <= y.latest_end and y.earliest_start <= x.latest_end):
        return None
    why = []
    for (p, q), (first, second) in (((x, y), names), ((y, x), names[::-1])):
        if p.latest_start > q.earliest_end:
            why.append(f"{first} may have begun after {second} left")
        elif p.latest_start == q.earliest_end:  # the order within a day is unknown
            why.append(f"{first} may have begun after {second} left that day")
    lo = max(x.latest_start, y.latest_start)
    hi = min(x.earliest_end, y.earliest_end)
    return SharedSpell(
        org=a.org, org_name=org_name, certain=not why,
        certain_days=Days.of(lo, hi) if not why and lo <= hi else None,
        possible_days=Days.of(max(x.earliest_start, y.earliest_start),
                              min(x.latest_end, y.latest_end)),
        why=tuple(why),
        evidence=a.evidence + b.evidence,
    )


def shared_spells(
    mine: Iterable[Tenure], theirs: Iterable[Tenure], names: tuple[str, str],
    org_name: Callable[[str], str],
) -> tuple[SharedSpell, ...]:
    """Every pair of tenures, one from each person, at one organisation,
    that may overlap; in order of organisation name and days.

    Runtime: O(t u), t and u the two people's tenures (at the organisation).
    """
    by_org: dict[str, list[Tenure]] = {}
    for tenure in theirs:
        by_org.setdefault(tenure.org, []).append(tenure)
    spells = []
    for a in mine:
        for b in by_org.get(a.org, ()):
            spell = _spell(a, b, names, org_name(a.org))
            if spell is not None:
                spells.append(spell)
    return tuple(sorted(spells, key=lambda s: (
        s.org_name.casefold(), s.org, s.possible_days.first or _dt.date.min,
        s.possible_days.last or _dt.date.max, s.evidence, s.certain, str(s.certain_days),
        s.why)))


# -- how long a tenure lasted ------------------------------------------------------


def _plus_months(value: _dt.date, months: int) -> _dt.date:
    years, month = divmod(value.month - 1 + months, 12)
    year = value.year + years
    return _dt.date(year, month + 1, min(value.day, calendar.monthrange(year, month + 1)[1]))


def _months(first: _dt.date, last: _dt.date) -> tuple[int, int]:
    """Whole months from ``first`` to ``last``, and the days left over."""
    months = (last.year - first.year) * 12 + last.month - first.month
    if months > 0 and _plus_months(first, months) > last:
        months -= 1
    months = max(months, 0)
    return months, (last - _plus_months(first, months)).days


def _span(first: _dt.date, last: _dt.date) -> str:
    """``first`` to ``last`` as years and months, or months and days."""
    months, days = _months(first, last)
    years, months = divmod(months, 12)
    parts = ([f"{years}y"] + ([f"{months}m"] if months else []) if years
             else [f"{months}m"] + ([f"{days}d"] if days else []) if months
             else [f"{days}d"])
    return " ".join(parts)


@attrs.frozen(repr=False)
class TenureLength:
    """How long a tenure lasted: at least ``shortest`` days and at most
    ``longest`` (None: no bound, the start is unknown). ``until`` is the day
    it was measured to, when it was (an open tenure is measured to one).

    ``str()`` reads in years and months: ``"2y 3m to 2y 5m"``, ``"at least
    8m 12d"``, or ``"unknown"`` when the start is unknown and it may have
    lasted no time at all; ``exact`` says the dates fix it to the day.
    """

    shortest: int
    longest: int | None
    until: _dt.date | None
    shortest_span: tuple[_dt.date, _dt.date]
    longest_span: tuple[_dt.date, _dt.date] | None

    @property
    def exact(self) -> bool:
        return self.longest == self.shortest

    def __str__(self) -> str:
        low = _span(*self.shortest_span)
        if self.longest_span is None and self.shortest == 0:
            text = "unknown"  # no start, and nothing says it lasted at all
        elif self.longest_span is None:
            text = f"at least {low}"
        elif self.exact:
            text = low
        else:
            high = _span(*self.longest_span)
            text = low if high == low else f"{low} to {high}"
        return text + (f" (to {self.until})" if self.until is not None else "")

    def __repr__(self) -> str:
        days = (f"{self.shortest}" if self.exact else
                f"{self.shortest} to {self.longest if self.longest is not None else '?'}")
        return f"<TenureLength {self}, {days} days>"


def length(bounds: Bounds, until: int | None) -> TenureLength:
    """The shortest and longest a tenure with ``bounds`` may have lasted, in
    days from its start to its end (a same-day stint lasts 0 days), measured
    to the end of day ``until`` when given (needed for an open tenure).

    Runtime: O(1).
    """
    early_end, late_end = bounds.earliest_end, bounds.latest_end
    if until is not None:
        early_end, late_end = min(early_end, until), min(late_end, until)
    assert late_end < UNIVERSE, "an open tenure is measured to a date"
    late_start = min(bounds.latest_start, early_end)
    shortest = (_date(late_start), _date(early_end))
    longest = None
    if bounds.known_start:
        early_start = min(bounds.earliest_start, late_end)
        longest = (_date(early_start), _date(late_end))
    return TenureLength(
        shortest=(early_end - late_start),
        longest=(late_end - longest[0].toordinal()) if longest is not None else None,
        until=_date(until) if until is not None and until < bounds.latest_end else None,
        shortest_span=shortest, longest_span=longest,
    )
