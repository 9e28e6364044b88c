"""Questions over a span of days: the roster during a span, two people's
overlap, a tenure's length (docs/concepts.md, "Periods")."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers import WIRE, build, declare
from timeline import InvalidQueryError, Joined, Left, Rehired, RoleChanged, Timeline
from timeline.answers.periods import Days, Why

AT = "2024-07-01T00:00:00Z"
PEOPLE = {"ada": "Ada Lovelace", "alan": "Alan Turing", "grace": "Grace Hopper"}


def world(*events: object, recorded: str = AT) -> Timeline:
    return build([*declare(people=PEOPLE, orgs={"acme": "Acme", "globex": "Globex"}), *events])


def joined(id_: str, valid: str, person: str = "ada", org: str = "acme", **more: object) -> Joined:
    return Joined(id=id_, valid=valid, person=person, org=org, role="engineer", sources=WIRE,
                  recorded=more.pop("recorded", AT), **more)


def left(id_: str, valid: str, person: str = "ada", org: str = "acme", **more: object) -> Left:
    return Left(id=id_, valid=valid, person=person, org=org, sources=WIRE,
                recorded=more.pop("recorded", AT), **more)


def split(answer: object) -> tuple[list[str], list[str]]:
    return ([m.person for m in answer.members],  # type: ignore[attr-defined]
            [m.person for m in answer.possible])  # type: ignore[attr-defined]


# -- the roster during a span ---------------------------------------------------------


def test_a_stint_of_one_day_is_on_no_roster_at_a_date_but_on_the_roster_of_its_day() -> None:
    tl = world(joined("j", "2024-05-10"), left("l", "2024-05-10"))
    # the end of every day: she had not come yet, or had already gone
    for at in ("2024-05-09", "2024-05-10", "2024-05-11"):
        assert ([], []) == split(tl.roster("acme", at=at))
    assert (["ada"], []) == split(tl.roster_during("acme", "2024-05-10", "2024-05-10"))
    assert (["ada"], []) == split(tl.roster_during("acme", "2024-05", "2024-05"))
    assert ([], []) == split(tl.roster_during("acme", "2024-05-11", "2024-12"))
    assert ([], []) == split(tl.roster_during("acme", "2024-01", "2024-05-09"))


def test_someone_who_left_on_the_first_day_of_a_span_was_there_during_it() -> None:
    tl = world(joined("j", "2020-03-02"), left("l", "2024-05-10"))
    assert "ada" not in tl.roster("acme", at="2024-05-10")
    assert (["ada"], []) == split(tl.roster_during("acme", "2024-05-10", "2024-06"))
    assert ([], []) == split(tl.roster_during("acme", "2024-05-11", "2024-06"))
    # and someone who joined on its last day
    assert (["ada"], []) == split(tl.roster_during("acme", "2019", "2020-03-02"))


def test_the_span_runs_from_the_first_day_of_its_start_to_the_last_day_of_its_end() -> None:
    tl = world(joined("j", "2020-03-02"))
    span = tl.roster_during("acme", "2023", "2024-06")
    assert (dt.date(2023, 1, 1), dt.date(2024, 6, 30)) == (span.start, span.end)
    assert ["ada"] == [m.person for m in span]
    assert "ada" in span
    assert 1 == len(span)


def test_an_imprecise_start_makes_a_member_possible_with_why() -> None:
    tl = world(joined("j", "2024"))
    assert ([], ["ada"]) == split(tl.roster_during("acme", "2024-03", "2024-03"))
    assert (Why.IMPRECISE_START,) == tl.roster_during("acme", "2024-03", "2024-03").possible[0].why
    assert (["ada"], []) == split(tl.roster_during("acme", "2024-12-31", "2025"))
    assert (["ada"], []) == split(tl.roster_during("acme", "2024", "2024"))


def test_an_imprecise_end_makes_a_member_possible_with_why() -> None:
    tl = world(joined("j", "2020-03-02"), left("l", "2024-05"))
    span = tl.roster_during("acme", "2024-05-20", "2024-06")
    assert ([], ["ada"]) == split(span)
    assert (Why.IMPRECISE_END,) == span.possible[0].why
    assert "imprecise end" in repr(span)


def test_a_departure_with_no_known_start_was_certainly_lived_during_its_own_dates() -> None:
    # whenever in May she left, she was there on some day of May
    tl = world(left("l", "2024-05"))
    assert ([], []) == split(tl.roster("acme", at="2024-05-31"))
    assert (["ada"], []) == split(tl.roster_during("acme", "2024-05", "2024-05"))
    before = tl.roster_during("acme", "2023", "2023")
    assert ([], ["ada"]) == split(before)
    assert (Why.UNKNOWN_START,) == before.possible[0].why
    assert ([], []) == split(tl.roster_during("acme", "2024-06", "2024-12"))


def test_a_step_inside_the_span_makes_a_tenure_of_unknown_start_certain() -> None:
    tl = world(RoleChanged(id="r", valid="2022-06-01", person="ada", org="acme",
                           role="manager", sources=WIRE, recorded=AT))
    assert (["ada"], []) == split(tl.roster_during("acme", "2022", "2022"))
    assert ([], ["ada"]) == split(tl.roster_during("acme", "2021", "2021"))


def test_the_roster_during_a_span_honours_known_and_min_certainty() -> None:
    tl = world(joined("j", "2020-03-02"),
               joined("g", "2021-01-04", person="grace", certainty="rumored"),
               joined("t", "2022-02-01", person="alan", recorded="2024-08-01T00:00:00Z"))
    assert (["ada", "alan"], []) == split(tl.roster_during("acme", "2020", "2024"))
    rumours = tl.roster_during("acme", "2020", "2024", min_certainty="rumored")
    assert (["ada", "alan", "grace"], []) == split(rumours)
    assert "Grace Hopper (rumor)" in repr(rumours)
    then = tl.roster_during("acme", "2020", "2024", known="2024-07-15")
    assert (["ada"], []) == split(then)
    assert "known 2024-07-15" in repr(then)


def test_a_span_that_ends_before_it_starts_is_an_error() -> None:
    tl = world(joined("j", "2020-03-02"))
    with pytest.raises(InvalidQueryError) as caught:
        tl.roster_during("acme", "2024", "2023")
    assert ("end", "2023") == (caught.value.argument, caught.value.value)


def test_a_rehired_person_is_certain_if_either_tenure_surely_touches_the_span() -> None:
    tl = world(joined("j", "2019"), left("l", "2020-02-01"),
               joined("k", "2020-06-01", person="ada", recorded=AT))
    span = tl.roster_during("acme", "2020-03", "2020-06")
    assert (["ada"], []) == split(span)
    assert "2020-06-01" == str(span.members[0].start)


# -- overlap ----------------------------------------------------------------------


def test_two_colleagues_overlap_certainly_on_the_days_both_were_surely_there() -> None:
    tl = world(joined("a", "2020-03"), left("al", "2023-06-30"),
               joined("b", "2021-01-04", person="alan"))
    shared = tl.overlap("ada", "Alan Turing")
    assert shared.certain
    assert ("acme",) == shared.orgs
    spell = shared.spells[0]
    assert Days(dt.date(2021, 1, 4), dt.date(2023, 6, 30)) == spell.certain_days
    assert Days(dt.date(2021, 1, 4), dt.date(2023, 6, 30)) == spell.possible_days
    assert ("a", "al", "b") == spell.evidence


def test_an_imprecise_date_makes_an_overlap_possible_and_says_why() -> None:
    tl = world(joined("a", "2020-03-02"), left("al", "2021"),
               joined("b", "2021-06-01", person="alan"))
    shared = tl.overlap("ada", "alan")
    assert not shared.certain
    assert bool(shared)
    spell = shared.spells[0]
    assert spell.certain_days is None
    assert Days(dt.date(2021, 6, 1), dt.date(2021, 12, 31)) == spell.possible_days
    assert ("Alan Turing may have begun after Ada Lovelace left",) == spell.why


def test_people_who_never_shared_an_organisation_do_not_overlap() -> None:
    tl = world(joined("a", "2020-03-02"), left("al", "2021-01-01"),
               joined("b", "2021-01-02", person="alan"),
               joined("c", "2020-03-02", person="grace", org="globex"))
    assert not tl.overlap("ada", "alan")
    assert not tl.overlap("ada", "grace")
    assert "(no overlap)" in repr(tl.overlap("ada", "grace"))


def test_an_overlap_of_one_day_counts_and_can_be_asked_of_one_organisation() -> None:
    tl = world(joined("a", "2020-03-02"), left("al", "2021-01-01"),
               joined("b", "2021-01-01", person="alan"),
               joined("c", "2020-03-02", org="globex"), joined("d", "2020", person="alan",
                                                             org="globex"))
    assert ("acme", "globex") == tl.overlap("ada", "alan").orgs
    only = tl.overlap("ada", "alan", org="Acme")
    assert ("acme",) == only.orgs
    # one left and the other joined that day, in an order nobody knows
    assert (False, None) == (only.spells[0].certain, only.spells[0].certain_days)
    assert Days(dt.date(2021, 1, 1), dt.date(2021, 1, 1)) == only.spells[0].possible_days


def test_a_same_day_handover_is_a_possible_overlap_never_a_certain_one() -> None:
    tl = world(joined("b", "2023-11-20", person="alan"), left("bl", "2023-11-22", person="alan"),
               joined("a", "2023-11-22"))
    spell = tl.overlap("ada", "alan").spells[0]
    assert (False, None) == (spell.certain, spell.certain_days)
    assert ("Ada Lovelace may have begun after Alan Turing left that day",) == spell.why
    assert "possibly" in repr(tl.overlap("ada", "alan"))


# -- a tenure's length --------------------------------------------------------------


def test_a_tenure_with_exact_dates_has_one_length() -> None:
    tl = world(joined("a", "2020-03-02"), left("al", "2022-06-02"))
    length = tl.career("ada")[0].length()
    assert (822, 822, True) == (length.shortest, length.longest, length.exact)
    assert "2y 3m" == str(length)


def test_imprecise_dates_give_a_shortest_and_a_longest_length() -> None:
    tl = world(joined("a", "2020-03"), left("al", "2022-06"))
    length = tl.career("ada")[0].length()
    assert "2y 2m to 2y 3m" == str(length)
    assert (792, 851) == (length.shortest, length.longest)
    assert "<TenureLength 2y 2m to 2y 3m, 792 to 851 days>" == repr(length)


def test_an_unknown_start_gives_a_length_of_at_least() -> None:
    tl = world(left("al", "2022-06-02"),
               RoleChanged(id="r", valid="2021-06-02", person="ada", org="acme",
                           role="manager", sources=WIRE, recorded=AT))
    length = tl.career("ada")[0].length()
    assert (365, None) == (length.shortest, length.longest)
    assert "at least 1y" == str(length)


def test_an_open_tenure_is_measured_to_a_date_and_needs_one() -> None:
    tl = world(joined("a", "2024-01-15"))
    tenure = tl.career("ada")[0]
    assert "5m 15d (to 2024-06-30)" == str(tenure.length(until="2024-06"))
    with pytest.raises(InvalidQueryError) as caught:
        tenure.length()
    assert "until" == caught.value.argument


def test_a_stint_of_one_day_lasts_no_days() -> None:
    tl = world(joined("j", "2024-05-10"), left("l", "2024-05-10"))
    assert "0d" == str(tl.career("ada")[0].length())


def test_the_roster_over_a_span_shows_every_stint_that_meets_it() -> None:
    rehired = Rehired(id="r", valid="2023-11-22", person="ada", org="acme", sources=WIRE,
                      recorded=AT)
    tl = world(joined("a", "2015"), left("al", "2023-11-17", reason="fired"), rehired)
    member = tl.roster_during("acme", "2023-11-17", "2023-11-30").members[0]
    stints = [(member.start, member.end), *member.other_stints]
    assert [("2023-11-22", None), ("2015", "2023-11-17")] == [
        (str(a), str(b) if b else None) for a, b in stints]
    shown = repr(tl.roster_during("acme", "2023-11-17", "2023-11-30"))
    assert "2015" in shown
    assert "2023-11-17" in shown


def test_a_tenure_with_no_start_that_may_have_lasted_no_time_has_an_unknown_length() -> None:
    tl = world(left("al", "../2021-01"))
    assert "unknown" == str(tl.career("ada")[0].length())
