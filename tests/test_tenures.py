"""Tenures: rehires that imply an earlier tenure, and the founding that bounds them.

See docs/concepts.md, "Rehires" and "Before an organisation existed".
"""

from __future__ import annotations

import attrs
import pytest

from tests.helpers import WIRE, build, declare
from timeline import (
    ChronologyError,
    Founded,
    Joined,
    LawsuitFiled,
    LawsuitRefiled,
    LeaveStarted,
    Left,
    Observed,
    Rehired,
    Retracted,
    RoleChanged,
    Timeline,
    ValidDate,
)
from timeline.datasets import openai_exodus

RECORDED = "2024-02-01T00:00:00Z"
LATER = "2024-03-01T00:00:00Z"
PEOPLE = {"ada": "Ada Lovelace", "bob": "Bob Babbage", "cy": "Cy Hopper"}
ORGS = {"acme": "Acme", "meta": "Meta"}


def world(*events: object) -> Timeline:
    return build([*declare(people=PEOPLE, orgs=ORGS, valid="1980"), *events])  # type: ignore[list-item]


def spans(tl: Timeline, person: str) -> list[tuple[str | None, str | None, str | None]]:
    return [
        (str(t.start) if t.start else None, str(t.end) if t.end else None,
         str(t.ended_before) if t.ended_before else None)
        for t in tl.career(person)
    ]


# -- rehires -----------------------------------------------------------------------


def test_an_open_start_departure_comes_before_the_rehire_it_may_precede() -> None:
    # "previously at Meta for 11 years", and back in mid-June
    events = [
        Rehired(id="back", valid="2025-06-15", person="ada", org="meta", sources=WIRE,
                recorded=RECORDED),
        Left(id="before", valid="../2025-06", person="ada", org="meta", sources=WIRE,
             recorded=RECORDED),
    ]
    for order in (events, events[::-1]):
        tl = world(*order)
        assert ("ada",) == tl.roster("meta", at="2025-12").people
        assert ["meta"] == list(tl.where("ada", at="2025-12"))
        diff = tl.diff("meta", "2025-01", "2025-12")
        assert () == diff.passed_through
        assert ["ada"] == [change.person for change in diff.changed]
        assert [(None, "../2025-06", None), ("2025-06-15", None, None)] == spans(tl, "ada")


def test_a_rehire_with_no_earlier_history_implies_a_tenure_of_unknown_dates() -> None:
    tl = world(Rehired(id="r", valid="2023-02-01", person="ada", org="acme", role="vp",
                       sources=WIRE, recorded=RECORDED))
    earlier, later = tl.career("ada")
    assert (True, None, None, ValidDate.parse("2023-02-01"), ("r",)) == (
        earlier.inferred, earlier.start, earlier.end, earlier.ended_before, earlier.evidence)
    assert ((), None) == (earlier.roles, earlier.reason)
    assert (False, ValidDate.parse("2023-02-01"), None) == (later.inferred, later.start,
                                                             later.end)
    shown = repr(tl.career("ada"))
    assert "Acme (inferred)" in shown
    assert "unknown, before 2023-02-01" in shown
    before = tl.roster("acme", at="2020")
    assert ((), ("ada",)) == (before.people, tuple(m.person for m in before.possible))
    assert ((), ("acme",)) == (tuple(tl.where("ada", at="2020")),
                               tuple(m.org for m in tl.where("ada", at="2020").possible))
    assert ("ada",) == tl.roster("acme", at="2023-02-01").people


def test_a_rehire_while_a_tenure_is_open_ends_it_at_an_unknown_date_before() -> None:
    tl = world(
        Joined(id="j", valid="2010", person="ada", org="acme", sources=WIRE, recorded=RECORDED),
        Rehired(id="r", valid="2020-05", person="ada", org="acme", sources=WIRE,
                recorded=RECORDED),
    )
    assert [("2010", None, "2020-05"), ("2020-05", None, None)] == spans(tl, "ada")
    assert not tl.career("ada")[0].inferred
    # when they left is unknown, so they are only possibly there in between
    assert ((), ("ada",)) == (tl.roster("acme", at="2015").people,
                              tuple(m.person for m in tl.roster("acme", at="2015").possible))
    assert ("ada",) == tl.roster("acme", at="2021").people


def test_a_role_change_between_a_join_and_a_rehire_proves_membership_up_to_it() -> None:
    tl = world(
        Joined(id="j", valid="2010-03-01", person="ada", org="acme", sources=WIRE,
               recorded=RECORDED),
        RoleChanged(id="c", valid="2014-06-01", person="ada", org="acme", role="cto",
                    sources=WIRE, recorded=RECORDED),
        Rehired(id="r", valid="2020-05", person="ada", org="acme", sources=WIRE,
                recorded=RECORDED),
    )
    assert ("ada",) == tl.roster("acme", at="2012").people
    assert () == tl.roster("acme", at="2016").people
    assert ("ada",) == tuple(m.person for m in tl.roster("acme", at="2016").possible)


# -- before an organisation existed ------------------------------------------------------


def test_an_organisation_has_no_members_before_its_founding() -> None:
    ds = openai_exodus()
    roster = ds.roster("OpenAI", at="2010")
    assert ((), ()) == (roster.members, roster.possible)
    assert ((0, 0),) == ds.headcounts("OpenAI", ["2010"]).counts[0]
    assert ("openai",) not in [tuple(ds.where("Lilian Weng", at="2010"))]
    assert [] == [m.org for m in ds.where("Lilian Weng", at="2010").possible]
    assert 0 < len(ds.roster("OpenAI", at="2016").possible)


def test_an_organisation_not_yet_founded_says_so_with_its_founding_date() -> None:
    state = openai_exodus().organization("xAI", at="2020")
    assert (ValidDate.parse("2023-07-12"), "not yet founded") == (state.founded, state.founding)
    assert "not yet founded (2023-07-12)" in repr(state)


def test_within_an_imprecise_founding_date_members_are_only_possible() -> None:
    tl = world(
        Founded(id="f", valid="2015-12", org="acme", founders=["ada"],
                employees="all", sources=WIRE,
                recorded=RECORDED),
        Left(id="l", valid="../2020", person="bob", org="acme", sources=WIRE,
             recorded=RECORDED),
        Joined(id="j", valid="2015-12-05", person="cy", org="acme", sources=WIRE,
               recorded=RECORDED),
    )
    assert "possibly not yet founded" == tl.organization("acme", at="2015-12-20").founding
    during = tl.roster("acme", at="2015-12-20")
    assert ((), ("ada", "bob", "cy")) == (during.people,
                                          tuple(m.person for m in during.possible))
    assert ((), ()) == (tl.roster("acme", at="2015-11-30").people,
                        tl.roster("acme", at="2015-11-30").possible)
    assert ("ada", "cy") == tl.roster("acme", at="2015-12-31").people
    assert "founded" == tl.organization("acme", at="2015-12-31").founding


def test_a_view_without_a_rumoured_earlier_founding_keeps_its_members_possible() -> None:
    # a rumour that acme is older accepts a confirmed 2017 sighting; a view of
    # confirmed facts alone holds the 2021 founding and the sighting, and says
    # "possibly" rather than contradict itself or drop the sighting
    tl = world(
        Founded(id="rumour", valid="../2024-05-07", org="acme", sources=WIRE,
                certainty="rumored", recorded=RECORDED),
        Founded(id="f", valid="2021-05-09", org="acme", sources=WIRE, certainty="confirmed",
                recorded=RECORDED),
        Observed(id="o", valid="2017-05-24", person="ada", org="acme", sources=WIRE,
                 certainty="confirmed", recorded=RECORDED),
    )
    for level in ("rumored", "confirmed"):
        roster = tl.roster("acme", at="2018-01-01", min_certainty=level)
        assert ((), ("ada",)) == (roster.people, tuple(m.person for m in roster.possible))
        # seen only once, before acme certainly existed: never certainly a member
        after = tl.roster("acme", at="2021-06-01", min_certainty=level)
        assert ((), ("ada",)) == (after.people, tuple(m.person for m in after.possible))
    state = tl.organization("acme", at="2018-01-01", min_certainty="confirmed")
    assert (ValidDate.parse("2021-05-09"), "possibly not yet founded") == (
        state.founded, state.founding)


def test_a_departure_certainly_before_the_founding_is_rejected() -> None:
    # accepted, it made an "unknown-1990" tenure that held the 2024 role
    tl = world(Founded(id="f", valid="2015", org="acme", sources=WIRE, recorded=RECORDED),
               RoleChanged(id="c", valid="2024", person="ada", org="acme", role="cto",
                           sources=WIRE, recorded=RECORDED))
    with pytest.raises(ChronologyError, match="before the organisation was founded") as caught:
        tl.append(Left(id="l", valid="1990", person="ada", org="acme", sources=WIRE,
                       recorded=LATER))
    assert ("l", ("l", "f")) == (caught.value.event_id, caught.value.involved)
    tl._check()
    assert [(None, None, None)] == spans(tl, "ada")
    assert "cto" == tl.roster("acme", at="2024-12-31").members[0].role


def test_a_founding_after_a_departure_in_the_log_is_the_event_refused() -> None:
    tl = world(Left(id="l", valid="1990", person="ada", org="acme", sources=WIRE,
                    recorded=RECORDED))
    with pytest.raises(ChronologyError, match="before the organisation was founded") as caught:
        tl.append(Founded(id="f", valid="2015", org="acme", sources=WIRE, recorded=LATER))
    assert "f" == caught.value.event_id
    tl._check()
    assert [(None, "1990", None)] == spans(tl, "ada")
    assert None is tl.organization("acme", at="2020").founding


# -- every contradiction names the event appended ------------------------------------------


def test_a_leave_dated_before_the_join_names_the_leave() -> None:
    tl = world(Joined(id="j", valid="2010-05", person="ada", org="acme", sources=WIRE,
                      recorded=RECORDED))
    with pytest.raises(ChronologyError, match=r"'ls'\) before starting on 2010-05") as caught:
        tl.append(LeaveStarted(id="ls", valid="2010-01", person="ada", org="acme",
                               sources=WIRE, recorded=LATER))
    assert ("ls", ("ls", "j")) == (caught.value.event_id, tuple(sorted(caught.value.involved,
                                                                       reverse=True)))


def test_a_filing_before_a_refiling_of_an_open_case_names_the_filing() -> None:
    tl = world(LawsuitRefiled(id="again", valid="2024-06", case="c", sources=WIRE,
                              recorded=RECORDED))
    with pytest.raises(ChronologyError, match="while still open") as caught:
        tl.append(LawsuitFiled(id="filed", valid="2024-03", case="c", plaintiffs="ada",
                               defendants="acme", sources=WIRE, recorded=LATER))
    assert "filed" == caught.value.event_id


def test_a_retraction_that_leaves_a_contradiction_names_the_retraction() -> None:
    tl = world(
        Left(id="l1", valid="2019", person="ada", org="acme", sources=WIRE, recorded=RECORDED),
        Rehired(id="r", valid="2020", person="ada", org="acme", sources=WIRE,
                recorded=RECORDED),
        Left(id="l2", valid="2021", person="ada", org="acme", sources=WIRE, recorded=RECORDED),
    )
    with pytest.raises(ChronologyError, match="already left") as caught:
        tl.append(Retracted(id="x", valid="2024", target="r", sources=WIRE, recorded=LATER))
    assert "x" == caught.value.event_id


def test_a_career_lists_a_tenure_known_only_by_its_end_where_that_end_comes() -> None:
    # "left Google in January 2022", start unknown, after a 2010-2019 tenure:
    # the career reads in time order, not with the unknown start first
    tl = build([
        *declare(people={"ada": "Ada Lovelace"}, orgs={"acme": "Acme", "globex": "Globex"}),
        Joined(id="j", valid="2010", person="ada", org="acme", sources=WIRE),
        Left(id="l", valid="2019-12", person="ada", org="acme", sources=WIRE),
        Left(id="g", valid="2022-01", person="ada", org="globex", sources=WIRE),
    ])
    assert ["acme", "globex"] == [t.org for t in tl.career("ada")]


def test_on_a_day_both_a_rehire_and_the_tenure_it_implies_may_cover_the_rehire_is_shown(
) -> None:
    # founded on 1 January 2017, rehired "in January 2017": on the 1st she is
    # possibly in either tenure; the entry is the rehire's, which has steps
    tl = build([
        *declare(people={"ada": "Ada Lovelace", "alan": "Alan Turing"}, orgs={"acme": "Acme"}),
        Founded(id="f", valid="2017-01-01", org="acme", founders=["alan"],
                employees="all", sources=WIRE),
        Rehired(id="r", valid="2017-01", person="ada", org="acme", role="engineer",
                sources=WIRE),
    ])
    entry = tl.roster("acme", at="2017-01-01")["ada"]
    assert ("engineer", "2017-01") == (entry.role, str(entry.since))


@pytest.mark.parametrize("order", [1, -1])
def test_a_career_puts_the_tenure_a_rehire_implies_before_the_one_it_begins(order: int) -> None:
    """Two rehires on the same quarter: the tenure the first implies, and the
    one it begins (ended before the second), share a first day, an end and a
    key; the implied one comes first, whatever order the events came in."""
    rehires = [Rehired(id="r1", valid="2022-Q1", person="alan", org="acme", sources=WIRE,
                       role="engineer"),
               Rehired(id="r2", valid="2022-Q1", person="alan", org="acme", sources=WIRE,
                       role="manager")]
    tl = Timeline([*declare(people={"alan": "Alan"}, orgs={"acme": "Acme"}), *rehires[::order]])
    assert [True, False, False] == [t.inferred for t in tl.career("alan")]


def test_an_organisations_roster_index_is_built_when_first_asked_and_kept_from_then_on() -> None:
    memory = openai_exodus()
    targets = {getattr(e, "target", None) for e in memory}  # corrections need theirs
    steps = [e for e in memory if e.kind in ("joined", "left", "role-changed")
             and e.org == "openai" and e.id not in targets][-6:]
    tl = Timeline([e for e in memory if e not in steps])
    assert {} == tl._state.tenures._rosters  # nothing asked: nothing built
    asked = {"at": "2024-06-15", "min_certainty": "rumored"}
    tl.roster("OpenAI", **asked)
    assert {"openai"} == {org for org, _ in tl._state.tenures._rosters}
    tl.extend(attrs.evolve(e, recorded=None) for e in steps)  # kept up to date as they come
    assert str(memory.roster("OpenAI", **asked)) == str(tl.roster("OpenAI", **asked))
    assert {"openai"} == {org for org, _ in tl._state.tenures._rosters}
    tl._check()


def test_the_role_before_a_role_change_is_unknown_not_the_one_it_brings() -> None:
    # "Mark Chen became chief research officer in March 2025": in 2024 he held
    # another role, which the log does not name
    tl = world(RoleChanged(id="c", valid="2025-03", person="ada", org="acme",
                           role="chief research officer", sources=WIRE, recorded=RECORDED))
    before = tl.roster("acme", at="2024-06-01").possible[0]
    assert (None, ()) == (before.role, before.possible_roles)
    during = tl.roster("acme", at="2025-03-10").possible[0]  # the change may have come
    assert (None, ("chief research officer",)) == (during.role, during.possible_roles)
    after = tl.roster("acme", at="2025-06-01").members[0]
    assert "chief research officer" == after.role
    # a join that names no role, then a change: the same
    tl = world(Joined(id="j", valid="2020-01-01", person="ada", org="acme", sources=WIRE,
                      recorded=RECORDED),
               RoleChanged(id="c", valid="2023-01-01", person="ada", org="acme", role="cto",
                           sources=WIRE, recorded=RECORDED))
    assert None is tl.roster("acme", at="2021-06-01").members[0].role
    assert "cto" == tl.roster("acme", at="2023-06-01").members[0].role
