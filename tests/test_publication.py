"""The publication axis: ``published=``, publication corrections and their errors
(docs/concepts.md, "Two recorded axes")."""

from __future__ import annotations

import io

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tests import oracle
from tests.answers import answers
from tests.helpers import build, declare
from timeline import (
    Cited,
    Joined,
    Left,
    PublicationCorrected,
    PublicationTimeError,
    Retracted,
    Source,
    Timeline,
    TimelineError,
    UnknownSourceError,
)
from timeline.cli import main
from timeline.datasets import openai_exodus
from timeline.model.dates import instant, instant_key
from timeline.testing import EPOCH, corrected_histories, query_days

PEOPLE = {"ada": "Ada Lovelace", "alan": "Alan Turing"}
ORGS = {"acme": "Acme"}
MAY = Source("may-wire", published="2024-05-01")
JUNE = Source("june-wire", published="2024-06-01T12:00Z")
UNDATED = Source("undated")


def world(*events):
    return build([*declare(people=PEOPLE, orgs=ORGS), *events])


def joins(*people_sources):
    return [
        Joined(id=f"join-{person}", valid="2020", person=person, org="acme", role="engineer",
               sources=sources, recorded="2024-07-01T00:00Z")
        for person, sources in people_sources
    ]


# -- published= ------------------------------------------------------------------


def test_a_view_as_published_holds_only_the_events_whose_sources_were_out() -> None:
    tl = world(*joins(("ada", MAY), ("alan", JUNE)))
    assert ("ada",) == tl.roster("acme", at="2021", published="2024-05-15").people
    assert ("ada", "alan") == tl.roster("acme", at="2021", published="2024-06-02").people
    assert () == tl.roster("acme", at="2021", published="2024-04-30").people


def test_a_date_of_publication_counts_from_the_end_of_its_day() -> None:
    tl = world(*joins(("ada", MAY)))
    assert () == tl.roster("acme", at="2021", published="2024-05-01T12:00Z").people
    assert ("ada",) == tl.roster("acme", at="2021", published="2024-05-01").people


def test_an_event_with_several_sources_counts_from_the_earliest() -> None:
    tl = world(*joins(("ada", (JUNE, MAY))))
    assert ("ada",) == tl.roster("acme", at="2021", published="2024-05-02").people


def test_a_source_without_a_publication_date_counts_from_when_the_log_recorded_it() -> None:
    tl = world(*joins(("ada", UNDATED)))
    assert () == tl.roster("acme", at="2021", published="2024-06-30").people
    assert ("ada",) == tl.roster("acme", at="2021", published="2024-07-01T00:00Z").people


def test_an_answer_as_published_says_so_in_its_header() -> None:
    roster = world(*joins(("ada", MAY))).roster("acme", at="2021", published="2024-05-15")
    assert instant("2024-05-15") == roster.published
    assert "published 2024-05-15:" in repr(roster).splitlines()[0]
    assert roster.published == roster.fields()["published"]


def test_an_organisation_declared_but_not_yet_in_any_published_fact_answers_empty() -> None:
    tl = world(*joins(("ada", MAY)))
    assert 0 == tl.organization("acme", at="2021", published="2024-01-02").members
    assert () == tl.career("ada", published="2024-01-02").tenures


def test_a_retraction_published_before_its_fact_leaves_the_view_unbroken() -> None:
    tl = world(*joins(("ada", JUNE)), Retracted(
        id="oops", valid="2024", target="join-ada", sources=MAY,
        recorded="2024-07-02T00:00Z"))
    assert () == tl.roster("acme", at="2021", published="2024-05-15").people
    assert () == tl.roster("acme", at="2021", published="2024-07-15").people
    assert ["decl-ada"] == [h.event.id for h in tl.history("ada", published="2024-06-15")]
    assert ("ada",) == tl.roster("acme", at="2021", known="2024-07-01",
                                 published="2024-07-15").people


def test_a_citation_published_earlier_brings_its_fact_into_earlier_views() -> None:
    tl = world(*joins(("ada", JUNE)), Cited(
        id="also", valid="2024", target="join-ada", sources=MAY,
        recorded="2024-07-02T00:00Z"))
    assert ("ada",) == tl.roster("acme", at="2021", published="2024-05-15").people
    assert () == tl.roster("acme", at="2021", published="2024-05-15",
                           known="2024-07-01").people


def test_every_query_that_takes_known_takes_published() -> None:
    tl = world(*joins(("ada", MAY)), Left(id="ada-left", valid="2022", person="ada",
                                          org="acme", sources=JUNE,
                                          recorded="2024-07-01T00:00Z"))
    view = {"published": "2024-05-15"}
    assert ("ada",) == tl.roster("acme", at="2023", **view).people
    assert ["acme"] == list(tl.where("ada", at="2023", **view))
    assert [None] == [t.end for t in tl.career("ada", **view)]
    assert (1,) == tl.headcounts("acme", ["2023"], **view).series("acme")
    assert ("ada",) == tl.cohort(["ada"], "acme", at="2023", **view).remaining
    assert () == tl.diff("acme", "2021", "2023", **view).left
    assert ["ada"] == [m.person for m in tl.roster_during("acme", "2021", "2023", **view).members]
    assert not tl.overlap("ada", "alan", **view)
    assert () == tl.flows("2020", "2023", **view).departures
    assert () == tl.lawsuits(at="2023", **view).cases
    assert ["decl-ada", "join-ada"] == [h.event.id for h in tl.history("ada", **view)]
    assert ["join-ada"] == [e.id for e in tl.explain("join-ada", **view)]
    assert 1 == len(tl.lineage("join-ada", **view))
    assert "acme" == tl.resolve("Acme", **view) == tl.entity("Acme", **view).id
    assert ["acme"] == [e.id for e in tl.search("acm", **view)]
    assert ["join-ada"] == [c.event.id for c in tl.changes(since="2024-06-30", **view)]
    assert 1 == tl.organization("acme", at="2023", **view).members


def test_the_bundled_articles_answer_as_published() -> None:
    tl = openai_exodus()
    left = tl.flows("2015", "2024-08-10", source="OpenAI", published="2024-08-10")
    # Musk's 2018 departure was from the board, not a job: flows follow employment
    assert ["sam-altman"] == sorted(d.person for d in left.departures)
    assert [] == [d.person for d in tl.flows("2015", "2024-08-10", source="OpenAI",
                                              published="2015-12-31").departures]
    assert "ilya-sutskever" in [d.person for d in tl.flows(
        "2024", "2024-08-19", source="OpenAI", published="2024-08-19").departures]


# -- publication corrections -----------------------------------------------------


def test_a_publication_correction_fixes_the_date_everywhere_without_rewriting_history() -> None:
    tl = world(*joins(("ada", JUNE), ("alan", JUNE)))
    tl.append(PublicationCorrected(id="fix", source="june-wire", published="2024-05-01",
                                   sources="erratum", recorded="2024-07-05T00:00Z"))
    assert ("ada", "alan") == tl.roster("acme", at="2021", published="2024-05-15").people
    assert () == tl.roster("acme", at="2021", published="2024-05-15",
                           known="2024-07-04").people
    assert instant("2024-05-01") == tl.event("fix").published
    assert "2024-05-01" == str(tl.event("fix").valid)


def test_a_retracted_publication_correction_no_longer_counts() -> None:
    tl = world(*joins(("ada", JUNE)))
    tl.extend([
        PublicationCorrected(id="fix", source="june-wire", published="2024-05-01",
                             sources="erratum", recorded="2024-07-05T00:00Z"),
        Retracted(id="unfix", valid="2024", target="fix", sources="erratum",
                  recorded="2024-07-06T00:00Z"),
    ])
    assert () == tl.roster("acme", at="2021", published="2024-05-15").people
    assert ("ada",) == tl.roster("acme", at="2021", published="2024-05-15",
                                 known="2024-07-05").people


# -- errors ----------------------------------------------------------------------


def test_a_source_published_after_the_event_citing_it_was_recorded_is_refused() -> None:
    tl = world()
    late = Source("late-wire", published="2024-07-02T00:00Z")
    with pytest.raises(PublicationTimeError) as caught:
        tl.extend(joins(("ada", MAY), ("alan", late)))
    error = caught.value
    assert ("join-alan", "late-wire", "sources[late-wire].published") == (
        error.event_id, error.source, error.field)
    assert "2024-07-02 00:00 UTC" == error.value
    assert "a source cannot be cited before it was out" in str(error)
    assert [] == getattr(error, "__notes__", [])
    assert 0 == len(tl.roster("acme", at="2021"))


def test_a_date_of_publication_compares_with_the_recorded_time_by_day() -> None:
    same_day = Source("same-day", published="2024-07-01")
    tl = world(*joins(("ada", same_day)))
    assert ("ada",) == tl.roster("acme", at="2021").people
    with pytest.raises(PublicationTimeError):
        tl.append(Joined(id="j2", valid="2020", person="alan", org="acme",
                         sources=Source("tomorrow", published="2024-07-03"),
                         recorded="2024-07-02T23:00Z"))


def test_a_publication_correction_cannot_move_a_source_after_an_event_citing_it() -> None:
    tl = world(*joins(("ada", MAY)))
    with pytest.raises(PublicationTimeError) as caught:
        tl.append(PublicationCorrected(id="fix", source="may-wire", published="2024-07-02",
                                       sources="erratum", recorded="2024-07-05T00:00Z"))
    error = caught.value
    assert ("fix", "may-wire", "published", "join-ada") == (
        error.event_id, error.source, error.field, error.citing)
    assert "fix" not in [e.id for e in tl]


def test_an_event_citing_a_source_corrected_to_after_its_record_is_refused() -> None:
    tl = world()
    with pytest.raises(PublicationTimeError) as caught:
        tl.extend([
            PublicationCorrected(id="fix", source="may-wire", published="2024-07-10",
                                 sources="erratum", recorded="2024-07-05T00:00Z"),
            Joined(id="j2", valid="2020", person="alan", org="acme", sources=MAY,
                   recorded="2024-07-05T00:00Z"),
        ])
    assert ("j2", "may-wire") == (caught.value.event_id, caught.value.source)
    assert "fix" not in [e.id for e in tl]


def test_a_publication_correction_of_a_source_no_event_cites_is_refused() -> None:
    tl = world(*joins(("ada", MAY)))
    with pytest.raises(UnknownSourceError, match="may-wir") as caught:
        tl.append(PublicationCorrected(id="fix", source="may-wir", published="2024-05-01",
                                       sources="erratum", recorded="2024-07-05T00:00Z"))
    assert ("fix", "may-wir", ("may-wire",)) == (
        caught.value.event_id, caught.value.source, caught.value.suggestions)
    assert isinstance(caught.value, LookupError)


# -- invariant 4, for both axes ----------------------------------------------------

PUBLISHED = [
    *(EPOCH.add(days=n).date().isoformat() for n in (-1, 0, 4, 10, 15, 20, 35, 50)),
    *(EPOCH.add(days=10 * k, hours=-6) for k in range(1, 6)),
]
KNOWN = [None, *(EPOCH.add(days=10 * k) for k in range(6))]
LEVELS = ("rumored", "reported", "confirmed")


def _reference(events):
    """A timeline of only ``events``; None where they do not make a log on
    their own (a retraction published after the event that replaced it)."""
    try:
        return Timeline(events)
    except TimelineError:
        return None


@settings(max_examples=40)
@given(corrected_histories(), query_days(), st.sampled_from(PUBLISHED), st.sampled_from(KNOWN),
       st.sampled_from(LEVELS))
def test_published_equals_a_timeline_of_only_what_was_published_by_then(
    events, day, published, known, level
):
    subset = oracle.published_events(events, instant(published),
                                     None if known is None else instant(known))
    reference = _reference(subset)
    assume(reference is not None)
    tl = Timeline(events)
    assert answers(reference, day, known, level) == answers(tl, day, known, level, published)


@settings(max_examples=40)
@given(corrected_histories(), query_days(), st.sampled_from(PUBLISHED),
       st.sampled_from(KNOWN[1:]), st.sampled_from(LEVELS))
def test_known_keeps_holding_as_published(events, day, published, known, level):
    cutoff = instant_key(known)
    recorded = Timeline([e for e in events if instant_key(e.recorded) <= cutoff])
    tl = Timeline(events)
    assert answers(recorded, day, None, level, published) == answers(
        tl, day, known, level, published)


def test_the_command_line_answers_as_published() -> None:
    out = io.StringIO()
    assert 0 == main(["flows", "2015", "2024-08-10", "--from", "OpenAI",
                      "--published", "2024-08-10"], stdout=out)
    assert "published 2024-08-10" in out.getvalue().splitlines()[0]
    assert ["Sam Altman"] == [
        line.split("  ")[1] for line in out.getvalue().splitlines()[2:3]]


def test_a_source_id_cited_with_two_publication_times_is_refused() -> None:
    # each citation kept its own copy, so published= counted one article
    # from two dates; one id names one publication
    tl = world(*joins(("ada", MAY)))
    other = Source("may-wire", publisher="Wire Inc", published="2024-06-01")
    with pytest.raises(TimelineError, match="names one publication") as caught:
        tl.extend(joins(("alan", other)))
    assert ("join-alan", "sources[may-wire].published") == (caught.value.event_id,
                                                           caught.value.field)
    assert 3 + 1 == len(tl)  # nothing appended
    # the same time, or no time at all, is the same publication
    tl.extend(joins(("alan", Source("may-wire", published="2024-05-01T23:59:59.999999Z"))))
    assert ("ada", "alan") == tl.roster("acme", at="2021", published="2024-05-02").people
    # a batch is checked within itself too
    with pytest.raises(TimelineError, match="names one publication"):
        world().extend([*joins(("ada", MAY)), *joins(("alan", other))])


def test_a_citation_may_give_the_publication_time_a_correction_set() -> None:
    tl = world(*joins(("ada", MAY)))
    tl.append(PublicationCorrected(id="fix", source="may-wire", published="2024-04-20",
                                   sources="erratum", recorded="2024-07-02T00:00Z"))
    tl.append(Left(id="l", valid="2021", person="ada", org="acme",
                   sources=Source("may-wire", published="2024-04-20"),
                   recorded="2024-07-03T00:00Z"))
    assert 3 + 3 == len(tl)


def test_explaining_an_answer_as_published_names_the_events_not_yet_published() -> None:
    # it raised UnknownEventError for an event the log holds, published later
    tl = world(*joins(("ada", MAY), ("alan", JUNE)))
    roster = tl.roster("acme", at="2021")
    why = tl.explain(roster, published="2024-05-15")
    assert (["join-ada"], ("join-alan",)) == ([e.id for e in why], why.not_published)
    assert "not yet published then (1): join-alan" in repr(why)
    assert () == tl.explain(roster, published="2024-06-02").not_published
    with pytest.raises(TimelineError, match="no event 'nope'"):
        tl.explain(["nope"], published="2024-05-15")
