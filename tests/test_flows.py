"""Example tests for flows and a diff's passers: departures and foundings certainly or
possibly in a window, and destinations stated or inferred."""

from __future__ import annotations

from tests.helpers import WIRE, build, declare
from timeline import (
    Certainty,
    Event,
    Founded,
    Joined,
    Left,
    Observed,
    Rehired,
    Timeline,
    ValidDate,
)

RECORDED = "2024-02-01T00:00:00Z"


def world(*events: Event) -> Timeline:
    return build([
        *declare(
            people={"ada": "Ada Lovelace", "bob": "Bob Smith", "cy": "Cy Young"},
            orgs={"acme": "Acme", "globex": "Globex", "initech": "Initech", "hooli": "Hooli"},
        ),
        *events,
    ])


def left(id: str, valid: str, person: str, org: str, destination: str | None = None) -> Left:
    return Left(id=id, valid=valid, person=person, org=org, destination=destination,
                sources=WIRE, recorded=RECORDED)


def joined(id: str, valid: str, person: str, org: str) -> Joined:
    return Joined(id=id, valid=valid, person=person, org=org, sources=WIRE, recorded=RECORDED)


def founded(id: str, valid: str, org: str, *founders: str) -> Founded:
    return Founded(id=id, valid=valid, org=org, founders=founders, employees="all", sources=WIRE,
                   recorded=RECORDED)


# -- certainly or possibly in a window ------------------------------------------------


def test_a_departure_with_an_open_start_is_possibly_in_every_window_it_overlaps() -> None:
    # "a former Acme researcher, now at Globex": by 19 February 2025, since when unknown
    tl = world(left("l", "../2025-02-19", "ada", "acme", destination="globex"))
    for start, end in (("2025", "2025"), ("2010", "2010"), ("2025-02-19", "2025-02-19")):
        flows = tl.flows(start, end, source="acme")
        assert ((), ("ada",)) == (flows.departures, tuple(d.person for d in flows.possible))
        assert "globex" == flows.possible[0].destination
    assert () == tl.flows("2025-02-20", "2025-12", source="acme").possible
    assert ["ada"] == [d.person for d in tl.flows("0001", "2025-02-19", destination="globex")]


def test_a_departure_dated_by_a_range_is_possibly_in_each_window_it_overlaps() -> None:
    tl = world(left("l", "2018/2024-10-01", "ada", "acme", destination="globex"))
    assert ["ada"] == [d.person for d in tl.flows("2024", "2024").possible]
    assert [] == [d.person for d in tl.flows("2024", "2024").departures]
    # filed under its first day once, it was "certainly" in 2018
    assert ((), 1) == (tl.flows("2018", "2018").departures, len(tl.flows("2018", "2018").possible))
    assert ["ada"] == [d.person for d in tl.flows("2018", "2024")]


def test_a_departure_dated_by_a_month_is_certain_only_in_a_window_holding_the_month() -> None:
    tl = world(left("l", "2024-05", "ada", "acme", destination="globex"))
    assert ["ada"] == [d.person for d in tl.flows("2024-05", "2024-05")]
    assert ["ada"] == [d.person for d in tl.flows("2024-05-10", "2024-06").possible]
    assert ["ada"] == [d.person for d in tl.flows("2024-04", "2024-05-10").possible]


def test_a_founding_with_an_open_start_by_a_former_member_is_possibly_in_a_window() -> None:
    tl = world(
        left("l", "2023-01", "bob", "acme"),
        founded("f", "../2024-06-19", "hooli", "bob"),
    )
    flows = tl.flows("2024", "2024", source="acme")
    assert () == flows.foundings
    [founding] = flows.possible_foundings
    assert ("bob", "hooli", "acme", ("f", "l")) == (
        founding.founder, founding.org, founding.alumni_of, founding.evidence)
    assert "Possibly founded in this window by former members" in repr(flows)
    assert ["hooli"] == [f.org for f in tl.flows("2024-06-19", "2024-06-19").possible_foundings]
    assert () == tl.flows("2024-06-20", "2024-12").possible_foundings


def test_a_diff_lists_tenures_possibly_begun_and_ended_in_between_apart() -> None:
    tl = world(
        Joined(id="j-ada", valid="2022", person="ada", org="acme", sources=WIRE,
               recorded=RECORDED),
        left("l-ada", "2022-06-01", "ada", "acme"),
        joined("j-bob", "2022-04-01", "bob", "acme"),
        left("l-bob", "2022-05", "bob", "acme"),
        # nobody reported when cy began: possibly a member on 1 March, so he
        # left, with no date that says he came later
        left("l-cy", "2022-05-01", "cy", "acme"),
    )
    diff = tl.diff("acme", "2022-03-01", "2022-12")
    assert ("Bob Smith",) == diff.passers
    assert ("Ada Lovelace",) == diff.possible_passers
    assert [ValidDate.parse("2022")] == [t.start for t in diff.possibly_passed_through]
    assert "possibly came and went" in repr(diff)
    # bob's end may be after 15 May: he only possibly came and went by then
    mid_may = tl.diff("acme", "2022-03-01", "2022-05-15")
    assert ((), ("Bob Smith",)) == (mid_may.passers, mid_may.possible_passers)
    # both were possibly on the roster at the start, so they possibly left too
    assert ["ada", "cy"] == [c.person for c in diff.possibly_left]


def test_a_tenure_begun_certainly_before_the_start_did_not_pass_through() -> None:
    tl = world(joined("j", "2021-12", "ada", "acme"), left("l", "2022", "ada", "acme"))
    diff = tl.diff("acme", "2022-01-01", "2022-12-31")
    assert ((), ()) == (diff.passers, diff.possible_passers)


# -- stated or inferred destinations -------------------------------------------------


def test_a_destination_the_departure_does_not_state_is_marked_inferred() -> None:
    tl = world(left("l", "2021-05-10", "cy", "acme"), joined("j", "2021-07-01", "cy", "globex"))
    [cy] = tl.flows("2021", "2021")
    assert ("globex", True, ValidDate.parse("2021-07-01"), None) == (
        cy.destination, cy.inferred, cy.destination_start, cy.stated_destination)
    assert ("l", "j") == cy.evidence
    assert "Globex (inferred: joined 2021-07-01)" in repr(tl.flows("2021", "2021"))
    assert {None: ("cy",)} == tl.flows("2021", "2021").by_destination()
    assert {"globex": ("cy",)} == tl.flows("2021", "2021").by_inferred_destination()


def test_a_stated_destination_is_not_marked_inferred() -> None:
    tl = world(left("l", "2021-05-10", "cy", "acme", destination="initech"),
               joined("j", "2021-07-01", "cy", "globex"))
    [cy] = tl.flows("2021", "2021")
    assert ("initech", False, None) == (cy.destination, cy.inferred, cy.destination_start)
    assert {"initech": ("cy",)} == tl.flows("2021", "2021").by_destination()
    assert {} == tl.flows("2021", "2021").by_inferred_destination()


def test_no_destination_is_inferred_to_an_organisation_founded_after_the_departure() -> None:
    # a 2017 departure "to" a company founded in 2024
    tl = world(
        left("l", "2017-03", "ada", "acme"),
        founded("f", "2024-02", "hooli", "bob"),
        joined("j", "2024-03", "ada", "hooli"),
    )
    [ada] = tl.flows("2017", "2017")
    assert (None, False, None) == (ada.destination, ada.inferred, ada.destination_start)
    assert () == tl.flows("2017", "2017", destination="hooli").departures


def test_a_leaver_who_founded_the_next_company_has_a_founding_not_a_destination() -> None:
    tl = world(left("l", "2021-04-01", "bob", "acme"), founded("f", "2021-06", "initech", "bob"))
    flows = tl.flows("2021", "2021")
    assert [(None, False)] == [(d.destination, d.inferred) for d in flows]
    assert [("bob", "initech")] == [(f.founder, f.org) for f in flows.foundings]


def test_a_destination_is_inferred_to_an_organisation_possibly_founded_by_the_departure() -> None:
    tl = world(
        founded("f", "2021", "initech", "bob"),
        left("l", "2021-04-01", "ada", "acme"),
        joined("j", "2021-08", "ada", "initech"),
    )
    [ada] = tl.flows("2021", "2021")
    assert ("initech", True) == (ada.destination, ada.inferred)


def test_no_destination_is_inferred_from_a_tenure_begun_more_than_a_year_later() -> None:
    tl = world(left("l", "2017-03-01", "ada", "acme"), joined("j", "2020-01", "ada", "globex"))
    [ada] = tl.flows("2017", "2017")
    assert (None, False) == (ada.destination, ada.inferred)
    within = world(left("l", "2017-03-01", "ada", "acme"), joined("j", "2018-02", "ada", "globex"))
    [ada] = within.flows("2017", "2017")
    assert ("globex", True, ValidDate.parse("2018-02")) == (
        ada.destination, ada.inferred, ada.destination_start)


def test_an_inference_skips_a_return_to_the_same_organisation() -> None:
    tl = world(
        joined("j1", "2015", "ada", "acme"), left("l", "2017-03-01", "ada", "acme"),
        Rehired(id="r", valid="2017-06", person="ada", org="acme", sources=WIRE,
                recorded=RECORDED),
        joined("j2", "2017-09", "ada", "globex"),
    )
    [ada] = tl.flows("2017-03", "2017-03")
    assert ("globex", True) == (ada.destination, ada.inferred)


def test_a_founder_with_two_stints_at_the_source_is_listed_once_by_the_last_stint() -> None:
    rehired = Rehired(id="r", valid="2015", person="ada", org="acme", sources=WIRE,
                      recorded=RECORDED)
    tl = world(founded("f", "2010", "acme", "ada"), left("l1", "2012", "ada", "acme"), rehired,
               left("l2", "2020-02", "ada", "acme"), founded("fb", "2020-07", "globex", "ada"))
    foundings = tl.flows("2020", "2020", source="acme").foundings
    assert [("ada", "globex", ("fb", "l2"))] == [(f.founder, f.org, f.evidence) for f in foundings]


def test_an_inference_counts_only_the_departures_days_inside_the_window() -> None:
    tl = world(left("l", "../2025-06-30", "ada", "acme"), joined("j", "2025-06", "ada", "globex"))
    in_2017 = tl.flows("2017", "2017", source="acme").possible
    assert [("ada", None, False)] == [(d.person, d.destination, d.inferred) for d in in_2017]
    in_2025 = tl.flows("2025", "2025", source="acme").possible
    assert [("ada", "globex", True)] == [(d.person, d.destination, d.inferred) for d in in_2025]


def test_rumours_in_a_view_that_takes_them_in_are_marked_in_the_table() -> None:
    # a rumoured departure printed as a plain row, and a destination inferred
    # from a rumoured join said nothing of the rumour
    tl = world(
        left("l-ada", "2024-01-10", "ada", "acme"),
        Joined(id="j-ada", valid="2024-02", person="ada", org="globex", certainty="rumored",
               sources=WIRE, recorded=RECORDED),
        Left(id="l-bob", valid="2024-03-01", person="bob", org="acme", certainty="rumored",
             sources=WIRE, recorded=RECORDED),
    )
    flows = tl.flows("2024", "2024", source="acme", min_certainty="rumored")
    ada, _bob = flows.departures
    assert ("globex", True, Certainty.RUMORED) == (ada.destination, ada.inferred,
                                                   ada.destination_certainty)
    assert Certainty.REPORTED == ada.certainty
    text = repr(flows)
    assert "Globex (inferred: joined 2024-02, rumor)" in text
    assert "Bob Smith (rumor)" in text
    assert "Ada Lovelace (rumor)" not in text
    # the view of reported facts has neither rumour
    reported = tl.flows("2024", "2024", source="acme")
    assert [("ada", None)] == [(d.person, d.destination) for d in reported.departures]


def test_a_known_view_says_so_in_its_title() -> None:
    tl = world(left("l-ada", "2024-01-10", "ada", "acme"))
    flows = tl.flows("2024", "2024", source="acme", known="2024-03-01")
    assert "Departures from 2024-01-01 to 2024-12-31, known 2024-03-01: 1" in repr(flows)
    assert flows.known is not None
    assert "Changes at Acme from 2023-12-31 to 2024-12-31, known 2024-03-01" in repr(
        tl.diff("acme", "2023-12-31", "2024", known="2024-03-01"))
    assert "History of Ada Lovelace, known 2024-03-01" in repr(
        tl.history("ada", known="2024-03-01"))
    assert ", known 2024-03-01" in repr(tl.cohort(["ada"], "acme", at="2024",
                                                   known="2024-03-01"))
    assert ", known 2024-03-01 12:30 UTC" in repr(
        tl.explain("l-ada", known="2024-03-01T12:30Z"))
    assert None is tl.flows("2024", "2024", source="acme").known


def test_a_job_known_only_from_an_observation_is_an_inferred_destination() -> None:
    # "Ada, now a vice-president at Globex" after she left Acme: the next job,
    # though nobody reported when it began; never a sighting before she left,
    # nor one more than a year later
    def seen(id: str, valid: str, org: str) -> Observed:
        return Observed(id=id, valid=valid, person="ada", org=org, sources=WIRE,
                        recorded=RECORDED)

    tl = world(left("l-ada", "2024-01-10", "ada", "acme"), seen("o", "2024-03-01", "globex"))
    [ada] = tl.flows("2024", "2024", source="acme").departures
    assert ("globex", True, None, ValidDate.parse("2024-03-01"), ("l-ada", "o")) == (
        ada.destination, ada.inferred, ada.destination_start, ada.destination_seen, ada.evidence)
    assert "Globex (inferred: seen there 2024-03-01)" in repr(tl.flows("2024", "2024"))
    for when in ("2023-12-01", "2025-06-01"):
        far = world(left("l-ada", "2024-01-10", "ada", "acme"), seen("o", when, "globex"))
        [ada] = far.flows("2024", "2024", source="acme").departures
        assert (None, False) == (ada.destination, ada.inferred), when
