"""The bundled OpenAI-exodus dataset: it loads, cites, resolves and answers the articles."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from timeline import (
    AliasAdded,
    Correction,
    OrganizationDeclared,
    PersonDeclared,
    Timeline,
)
from timeline.datasets import openai_exodus, openai_exodus_path
from timeline.io import jsonl

FIXTURE = Path(__file__).parent.parent / "fixtures" / "openai_exodus.jsonl"
SOURCES = Path(__file__).parent.parent.parent / "shared" / "sources"
ARTICLES = {
    "000_160b66450fded204.txt": "downcodes-2024-10-15-id",
    "001_3dacdb98ab8193ce.txt": "downcodes-2024-10-15-en",
    "002_68c0bca7f06933e9.txt": "cbn-2024-08-19-id",
    "003_f0a7147a88f28b09.txt": "downcodes-2024-10-15-fr",
    "004_364c1b17055b048f.txt": "wired-2024-10-09-id",
}
CURATED = "2026-11-21"


@pytest.fixture(scope="module")
def events():
    return list(jsonl.read(FIXTURE))


@pytest.fixture(scope="module")
def tl():
    return openai_exodus()


def test_the_packaged_dataset_is_the_fixture() -> None:
    assert FIXTURE.read_bytes() == openai_exodus_path().read_bytes()


def test_every_line_is_one_event_that_loads() -> None:
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    ids = []
    for number, line in enumerate(lines, 1):
        data = json.loads(line)
        assert isinstance(data, dict), number
        ids.append(jsonl.loads(line).id)
    assert len(ids) == len(set(ids))


def test_the_dataset_is_a_valid_log_with_sound_indices(tl) -> None:
    tl._check()
    assert 140 == len(tl)


def test_every_event_cites_a_source(events) -> None:
    assert all(event.sources for event in events)


def test_every_article_is_cited(events) -> None:
    cited = {source.id for event in events for source in event.sources}
    assert set(ARTICLES.values()) <= cited


def test_the_article_files_are_the_ones_the_dataset_names() -> None:
    if not SOURCES.is_dir():
        pytest.skip(f"the articles are not beside this checkout (looked in {SOURCES})")
    assert set(ARTICLES) == {p.name for p in SOURCES.iterdir()}


def test_what_an_article_reports_cites_only_articles_unless_its_note_says_so(events) -> None:
    articles = set(ARTICLES.values())
    for event in events:
        if not str(event.recorded).startswith(CURATED):
            outside = {s.id for s in event.sources} - articles
            assert not outside or "public record" in event.note, event.id


def test_a_source_is_recorded_when_it_was_published(events) -> None:
    articles = set(ARTICLES.values())
    for event in events:
        if str(event.recorded).startswith(CURATED):
            continue
        published = {s.published for s in event.sources if s.id in articles}
        assert {event.recorded} == published, event.id


def test_every_name_resolves_to_its_entity(events, tl) -> None:
    for event in events:
        if isinstance(event, (PersonDeclared, OrganizationDeclared)):
            for name in (event.entity, event.name, *event.aliases):
                assert event.entity == tl.resolve(name), name
        elif isinstance(event, AliasAdded):
            assert event.entity == tl.resolve(event.alias)


@pytest.mark.parametrize(
    ("mangled", "entity"),
    [("Suzkwer", "ilya-sutskever"), ("Lake", "jan-leike"), ("Bob McCrew", "bob-mcgrew"),
     ("OpenAl", "openai"), ("Antropik", "anthropic"), ("sebastien bubeck", "sebastien-bubeck")],
)
def test_machine_translation_manglings_resolve(tl, mangled, entity) -> None:
    assert entity == tl.resolve(mangled)


def test_relative_dates_keep_their_phrase_in_the_note(events) -> None:
    relative = re.compile(r"bulan ini|tahun lalu|bulan lalu|minggu lalu|baru-baru ini|tahun ini")
    for event in events:
        if relative.search(event.note):
            assert event.valid.last <= event.recorded.date().toordinal() or event.announced


def test_three_of_the_founders_remained_on_2024_08_19(tl) -> None:
    founders = tl.organization("OpenAI", at="2024-08-19").founders
    cohort = tl.cohort(founders, "OpenAI", at="2024-08-19")
    assert ("sam-altman", "greg-brockman", "wojciech-zaremba") == cohort.remaining
    then = tl.cohort(founders, "OpenAI", at="2024-08-19", known="2024-08-19")
    assert cohort.remaining == then.remaining


def test_brockman_was_on_leave(tl) -> None:
    assert "on leave" == tl.roster("OpenAI", at="2024-08-19")["greg-brockman"].status.value


def test_who_left_openai_for_anthropic(tl) -> None:
    flows = tl.flows("2015", "2024", source="OpenAI", destination="Anthropic")
    assert {
        "jack-clark", "jared-kaplan", "pavel-izmailov", "jan-leike", "steven-bills",
        "john-schulman",
    } == {d.person for d in flows.departures}
    # the Amodeis left in 2020 naming no destination; Anthropic, which they
    # co-founded, was founded in 2021: a founding, not where they went
    assert {"dario-amodei", "daniela-amodei"} <= {f.founder for f in flows.foundings}


def test_a_departure_with_an_open_start_is_possibly_in_a_window(tl) -> None:
    flows = tl.flows("2015", "2024", source="OpenAI")
    [srinivas] = flows.possible
    assert ("aravind-srinivas", "../2022-08", "perplexity", False) == (
        srinivas.person, str(srinivas.date), srinivas.destination, srinivas.inferred)


def test_what_former_openai_people_founded(tl) -> None:
    foundings = tl.flows("2015", "2024", source="OpenAI").foundings
    assert {"anthropic", "perplexity", "xai", "ssi"} == {f.org for f in foundings}


def test_musks_lawsuit_through_2024(tl) -> None:
    statuses = [tl.case("musk-v-openai", at=d).status
                for d in ("2024-01", "2024-03", "2024-07", "2024-09", "2024-12")]
    assert ["not filed", "open", "withdrawn", "open", "open"] == statuses
    known_then = tl.case("musk-v-openai", at="2024-08-19", known="2024-08-19")
    assert (None, "open") == (known_then.filed, known_then.status)


def test_the_xai_date_is_corrected_and_the_wrong_claim_kept(tl) -> None:
    assert "2023-07-12" == str(tl.organization("xAI", at="2024-12").founded)
    assert "2024-07" == str(tl.organization("xAI", at="2024-12", known="2024-08-19").founded)


def test_the_funding_and_valuations(tl) -> None:
    openai = tl.organization("OpenAI", at="2024-12-31")
    assert ["USD 6,600,000,000"] == [str(m) for m in openai.raised]
    assert ("USD 157,000,000,000", "2024-10-02", "openai-funding-2024-10-02") == (
        str(openai.valuation.money), str(openai.valuation.date), openai.valuation.event
    )
    anthropic = tl.organization("Anthropic", at="2024-08-19")
    assert ["USD 7,000,000,000"] == [str(m) for m in anthropic.raised]
    assert "USD 3,000,000,000 (2024-08-19, event perplexity-valuation)" == str(
        tl.organization("Perplexity", at="2024-08-19").valuation
    )


def test_anthropics_total_since_2021_is_only_possibly_raised_before_the_article(tl) -> None:
    mid_2024 = tl.organization("Anthropic", at="2024-06-30")
    assert ((), ("USD 7,000,000,000",)) == (
        mid_2024.raised, tuple(str(m) for m in mid_2024.possibly_raised)
    )
    assert "raised         possibly USD 7,000,000,000" in repr(mid_2024)


def test_rumours_count_only_when_asked(tl) -> None:
    assert "openai" not in tl.where("Bubeck", at="2024-10-31")
    rumoured = tl.where("Bubeck", at="2024-10-31", min_certainty="rumored")
    assert "openai" in rumoured


def test_a_view_known_on_an_article_date_is_the_log_of_what_was_recorded_by_then(
    events, tl
) -> None:
    for known in ("2024-08-19", "2024-10-09", "2024-10-15"):
        recorded = [e for e in events if str(e.recorded.date()) <= known]
        then = Timeline(recorded)
        for day in ("2023-06-30", "2024-08-19", "2024-12-31"):
            expected = then.roster("OpenAI", at=day)
            actual = tl.roster("OpenAI", at=day, known=known)
            assert expected.members + expected.possible == actual.members + actual.possible


def test_corrections_come_from_the_public_record_or_a_later_article(events) -> None:
    for event in events:
        if isinstance(event, Correction):
            assert str(event.recorded).startswith((CURATED, "2024-10-09", "2024-10-15"))
