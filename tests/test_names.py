"""Names in valid time: which entity a name means on a date, over a span, or at any time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests import oracle
from tests.helpers import WIRE, build, declare, fixed_clock
from timeline import (
    AmbiguousNameError,
    Event,
    Founded,
    InvalidQueryError,
    Joined,
    LawsuitFiled,
    Left,
    OrganizationDeclared,
    Renamed,
    Timeline,
    UnknownEntityError,
)
from timeline.model.dates import known_key
from timeline.testing import EPOCH, NAMES, ORGANIZATIONS, name_histories, query_days

RECORDED = "2024-02-01T00:00:00Z"


def twitter(*, renamed: str = "2023-07-24", declared: str = "2024",
            founded: str | None = None) -> Timeline:
    """Twitter (declared 2006), renamed X Corp on ``renamed``; a new "Twitter",
    ``bluebird``, declared on ``declared`` and founded on ``founded``."""
    founding = [] if founded is None else [
        Founded(id="f-bluebird", valid=founded, org="bluebird", founders=("bob",), employees="all",
                sources=WIRE, recorded=RECORDED),
    ]
    return build([
        *declare(people={"ada": "Ada Lovelace", "bob": "Bob Smith"},
                 orgs={"twitter": "Twitter"}, valid="2006"),
        OrganizationDeclared(id="decl-bluebird", valid=declared, entity="bluebird",
                             name="Twitter", sources=WIRE, recorded=RECORDED),
        Renamed(id="rn", valid=renamed, entity="twitter", name="X Corp", sources=WIRE,
                recorded=RECORDED),
        Joined(id="j-ada", valid="2010", person="ada", org="twitter", sources=WIRE,
               recorded=RECORDED),
        *founding,
        LawsuitFiled(id="suit", valid="2021", case="ada-v-twitter", plaintiffs=("ada",),
                     defendants=("twitter",), sources=WIRE, recorded=RECORDED),
    ])


def x_twice(*more: Event) -> Timeline:
    """"X": X.com's name until its 2001 rename, Twitter's from its 2023 rename."""
    return build([
        *declare(people={"ada": "Ada Lovelace"}),
        OrganizationDeclared(id="d-xcom", valid="1999", entity="x-com", name="X",
                             sources=WIRE, recorded=RECORDED),
        Renamed(id="rn-xcom", valid="2001-06", entity="x-com", name="PayPal", sources=WIRE,
                recorded=RECORDED),
        OrganizationDeclared(id="d-tw", valid="2006", entity="twitter", name="Twitter",
                             sources=WIRE, recorded=RECORDED),
        Renamed(id="rn-tw", valid="2023-07-24", entity="twitter", name="X", sources=WIRE,
                recorded=RECORDED),
        *more,
    ])


# -- on a date ---------------------------------------------------------------------------


def test_a_name_taken_by_a_new_organisation_still_means_the_old_one_before_the_rename() -> None:
    tl = twitter()
    before = tl.roster("Twitter", at="2022")
    assert ("twitter", ("ada",)) == (before.org, before.people)
    assert "bluebird" == tl.roster("Twitter", at="2025").org


def test_every_query_with_a_date_resolves_the_name_on_that_date() -> None:
    tl = twitter()
    assert "twitter" == tl.organization("Twitter", at="2022").org
    assert "twitter" == tl.cohort(["ada"], "Twitter", at="2022").org
    assert "twitter" == tl.lawsuits(at="2022", party="Twitter").party
    assert "twitter" == tl.entity("Twitter", at="2022").id
    assert "twitter" == tl.resolve("Twitter", at="2022")
    assert "bluebird" == tl.organization("Twitter", at="2025").org


def test_a_diff_resolves_each_side_at_its_own_date() -> None:
    diff = twitter().diff("Twitter", "2022", "2025")
    assert (["ada"], "bluebird") == ([c.person for c in diff.left], diff.org)


def test_a_name_no_one_bore_on_the_date_means_the_entity_that_bore_it_nearest_in_time() -> None:
    tl = x_twice()
    assert "x-com" == tl.roster("X", at="2000-06").org
    assert "x-com" == tl.roster("X", at="2010").org  # nine years after, thirteen before
    assert "twitter" == tl.roster("X", at="2020").org
    assert "twitter" == tl.roster("X", at="2024").org


def test_a_rename_dated_by_its_year_gives_way_to_an_entity_certainly_bearing_the_name() -> None:
    tl = twitter(renamed="2023", founded="2023-03-01")
    assert "twitter" == tl.resolve("Twitter", at="2022-06-30")
    assert "bluebird" == tl.resolve("Twitter", at="2023-06-30")  # X Corp only possibly then


def test_a_rename_dated_by_its_year_with_no_one_certain_means_the_nearest_certain_bearer() -> None:
    tl = twitter(renamed="2023", declared="2024")
    assert "twitter" == tl.resolve("Twitter", at="2023-06-30")  # 181 days after, 550 before


def test_a_name_no_longer_borne_gives_way_to_an_entity_possibly_bearing_it() -> None:
    tl = twitter(declared="2024")  # bluebird may have existed before 2024; X Corp was renamed
    assert "bluebird" == tl.resolve("Twitter", at="2024-02")


def test_a_rename_certainly_done_means_every_earlier_rename_is_done_too() -> None:
    tl = build([
        *declare(orgs={"acme": "Acme"}, valid="2006"),
        OrganizationDeclared(id="decl-other", valid="2024", entity="other", name="Acme",
                             sources=WIRE, recorded=RECORDED),
        Renamed(id="rn1", valid="2023", entity="acme", name="Globex", sources=WIRE,
                recorded=RECORDED),
        Renamed(id="rn2", valid="2023-03", entity="acme", name="Initech", sources=WIRE,
                recorded=RECORDED),
    ])
    assert "Initech" == tl.entity("acme", at="2023-06-30").name
    assert "other" == tl.resolve("Acme", at="2023-06-30")  # acme is certainly not Acme then
    assert "acme" == tl.resolve("Acme", at="2022-12-31")


def test_a_founding_starts_an_organisations_names_not_its_declaration() -> None:
    tl = twitter(declared="2000", founded="2024-03")
    assert "twitter" == tl.resolve("Twitter", at="2022")
    assert "bluebird" == tl.resolve("Twitter", at="2024-06")


def test_two_entities_bearing_a_name_on_the_date_are_ambiguous_with_when_each_bore_it() -> None:
    tl = twitter(declared="2000")
    with pytest.raises(AmbiguousNameError, match="on 2022-12-31") as caught:
        tl.roster("Twitter", at="2022")
    error = caught.value
    assert ("bluebird", "twitter") == error.ids
    assert ("bluebird (Twitter)", "twitter (Twitter)") == error.candidates
    assert ("from 2000-12-31", "2006-12-31 to 2023-07-23") == error.periods
    assert "'twitter (Twitter)' (bore it 2006-12-31 to 2023-07-23)" in str(error)


def test_a_name_never_known_is_still_unknown_with_suggestions() -> None:
    with pytest.raises(UnknownEntityError) as caught:
        twitter().roster("Twiter", at="2022")
    assert "Twitter (bluebird)" in caught.value.suggestions


def test_an_id_folded_like_a_name_gives_way_to_an_entity_bearing_that_name() -> None:
    tl = twitter()
    assert "twitter" == tl.resolve("twitter", at="2025")  # the id as written
    assert "bluebird" == tl.resolve("TWITTER", at="2025")


# -- over a span -------------------------------------------------------------------------


def test_flows_resolve_their_organisations_over_their_span() -> None:
    tl = twitter()
    assert "twitter" == tl.flows("2010", "2022", source="Twitter").source
    assert "bluebird" == tl.flows("2024-06", "2025", destination="Twitter").destination
    with pytest.raises(AmbiguousNameError, match="on 2022-01-01 to 2025-12-31"):
        tl.flows("2022", "2025", source="Twitter")


def test_a_departure_names_its_organisation_as_it_was_named_then() -> None:
    # left Twitter in 2022, before the rename to X Corp: not "X Corp"
    tl = twitter()
    tl.append(Left(id="l-ada", valid="2022-10-27", person="ada", org="twitter",
                   sources=WIRE, recorded=RECORDED))
    [departure] = tl.flows("2022", "2022", source="twitter").departures
    assert "Twitter" == departure.org_name
    assert "X Corp" not in repr(tl.flows("2022", "2022", source="twitter"))


def test_headcounts_resolve_their_organisations_over_the_span_of_their_dates() -> None:
    tl = twitter()
    assert ("twitter",) == tl.headcounts("Twitter", ["2020", "2022"]).orgs
    assert ("bluebird",) == tl.headcounts("Twitter", ["2025"]).orgs


# -- with no date ------------------------------------------------------------------------


def test_a_name_asked_with_no_date_means_the_one_entity_bearing_it_today() -> None:
    tl = twitter()  # the clock says 2030
    assert "bluebird" == tl.resolve("Twitter")
    assert "bluebird" == tl.history("Twitter").entity


def test_a_name_several_entities_bear_today_is_ambiguous_with_no_date() -> None:
    tl = twitter(declared="2000")
    tl.append(OrganizationDeclared(id="decl-tweety", valid="2000", entity="tweety",
                                   name="Tweety", aliases=("Twitter",), sources=WIRE,
                                   recorded=RECORDED))
    with pytest.raises(AmbiguousNameError, match="it may mean 'bluebird") as caught:
        tl.resolve("Twitter")
    assert (("bluebird", "tweety", "twitter"), None) == (caught.value.ids, caught.value.at)


def test_a_name_no_one_bears_today_is_ambiguous_with_no_date() -> None:
    tl = x_twice(Renamed(id="rn-tw2", valid="2025", entity="twitter", name="X Holdings",
                         sources=WIRE, recorded=RECORDED))
    with pytest.raises(AmbiguousNameError):
        tl.resolve("X")
    assert "twitter" == tl.resolve("X", at="2024")


# -- against the naive resolver ----------------------------------------------------------

TODAY = dt.date(2030, 1, 1)
KNOWN = [None, *(EPOCH.add(days=10 * k) for k in range(4)), EPOCH.add(days=15)]


def _outcome(ask: Callable[[], str]) -> tuple[str, object]:
    try:
        return "entity", ask()
    except AmbiguousNameError as error:
        return "ambiguous", error.ids
    except UnknownEntityError:
        return "unknown", None


def _days(events: list[Event]) -> st.SearchStrategy[dt.date]:
    """Query days on and around the name events' own dates, or anywhere."""
    edges = sorted(
        {x + shift for e in events for x in (e.valid.first, e.valid.last) for shift in (-1, 0, 1)}
    )
    edges = [d for d in edges if d >= dt.date(1990, 1, 1).toordinal()]
    return st.one_of(st.sampled_from(edges).map(dt.date.fromordinal), query_days())


@given(name_histories(), st.data())
def test_a_name_means_what_the_naive_resolver_says_on_a_date_over_a_span_and_at_any_time(
    events, data
) -> None:
    tl = Timeline(events, clock=fixed_clock(f"{TODAY}T12:00:00Z"))
    known = data.draw(st.sampled_from(KNOWN), label="known")
    facts = oracle.effective(events, known_key(known), 0)
    spelled = st.sampled_from([*NAMES, "ACME", "x", *ORGANIZATIONS, "GLOBEX", "namesake"])
    name = data.draw(spelled, label="name")
    kind = data.draw(st.sampled_from([None, "organization", "person"]), label="kind")
    first, second = sorted(data.draw(st.lists(_days(events), min_size=2, max_size=2),
                                     label="days"))
    lo, hi = first.toordinal(), second.toordinal()
    today = TODAY.toordinal()
    assert oracle.resolve(facts, name, lo, lo, today=today, kind=kind) == _outcome(
        lambda: tl.resolve(name, kind=kind, at=first, known=known))
    assert oracle.resolve(facts, name, None, None, today=today, kind=kind) == _outcome(
        lambda: tl.resolve(name, kind=kind, known=known))
    expected = oracle.resolve(facts, name, lo, hi, today=today, kind="organization")

    def source() -> str:
        # a name the view has not heard of yet, but a later view has, answers
        # empty (not_known_until set) where the oracle of this view knows nothing
        answer = tl.flows(first, second, source=name, known=known)
        if answer.not_known_until is not None:
            raise UnknownEntityError(name)
        return answer.source or ""

    assert expected == _outcome(source)


def test_an_unknown_surname_suggests_the_people_whose_name_has_that_word() -> None:
    tl = build(declare(people={"daniel-gross": "Daniel Gross", "ada": "Ada Lovelace"}))
    with pytest.raises(UnknownEntityError) as caught:
        tl.where("Gross")
    assert ["Daniel Gross (daniel-gross)"] == list(caught.value.suggestions)


# -- declaring what an import names ----------------------------------------------------


def test_missing_declarations_declare_what_a_batch_names_and_the_log_does_not() -> None:
    tl = Timeline.example()
    batch = [
        Joined(id="j", valid="2024-10", person="durk-kingma", org="anthropic", sources="wire",
               recorded="2025-01-02T00:00:00Z"),
        Left(id="l", valid="2024-09", person="durk-kingma", org="google", sources="blog",
             recorded="2025-01-03T00:00:00Z"),
    ]
    declared = tl.missing_declarations(batch, names={"durk-kingma": "Durk Kingma"})
    assert [("person-declared", "durk-kingma", "Durk Kingma", ""),
            ("organization-declared", "google", "Google",
             "name made from its id; add the real one")] == [
        (e.kind, e.entity, e.name, e.note) for e in declared]
    assert {("blog",)} == {tuple(s.id for s in e.sources) for e in declared}
    assert {"2024-09"} == {str(e.valid) for e in declared}
    tl.extend([*declared, *batch])
    assert ["anthropic"] == list(tl.where("Durk Kingma", at="2024-12"))
    assert [] == tl.missing_declarations(batch)
    suit = LawsuitFiled(id="s", valid="2023-12-27", case="nyt-v-openai", plaintiffs="nyt",
                        defendants="openai", sources="nyt")
    with pytest.raises(InvalidQueryError, match=r"kinds=\{'nyt': 'person'\}"):
        tl.missing_declarations([suit])
    [nyt] = tl.missing_declarations([suit], kinds={"nyt": "organization"},
                                    names={"nyt": "The New York Times"})
    assert ("organization-declared", "The New York Times") == (nyt.kind, nyt.name)
