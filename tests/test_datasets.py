"""The bundled OpenAI-exodus dataset: it loads, cites, resolves and answers the articles."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from timeline import (
    AliasAdded,
    Correction,
    GroupDeclared,
    OrganizationDeclared,
    PersonDeclared,
    ProductDeclared,
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
README = Path(__file__).parent.parent / "fixtures" / "README.md"
CURATED = ("2026-11-21", "2026-12-02")  # the first pass's compilation date, and the second's
LEGACY_UNDATED = {"karpathy-public-record", "musk-v-openai-court-record",
                  "anthropic-founders-public-record"}


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
    assert {"schema": 3} == json.loads(lines[0])
    ids = []
    for number, line in enumerate(lines[1:], 2):
        data = json.loads(line)
        assert isinstance(data, dict), number
        ids.append(jsonl.loads(line).id)
    assert len(ids) == len(set(ids))


def test_the_dataset_is_a_valid_log_with_sound_indices(tl) -> None:
    tl._check()
    assert 221 == len(tl)


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
        if isinstance(event, (PersonDeclared, OrganizationDeclared, ProductDeclared,
                              GroupDeclared)):
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
    # Musk founded xAI, but he was never an employee of OpenAI: not an alumnus
    assert {"anthropic", "perplexity", "ssi", "eureka-labs"} == {f.org for f in foundings}


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
    then = "2024-10-15"
    assert "openai" not in tl.where("Bubeck", at="2024-10-31", known=then)
    rumoured = tl.where("Bubeck", at="2024-10-31", known=then, min_certainty="rumored")
    assert "openai" in rumoured
    # the public record confirmed the move: it counts now
    assert "openai" in tl.where("Bubeck", at="2024-10-31")


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
            assert str(event.recorded).startswith((*CURATED, "2024-10-09", "2024-10-15"))


def _all_ids(events) -> set[str]:
    """The ids of the events and of the events nested in them (a correction's
    replacement, a dispute's claim, a plan's planned event)."""
    ids = set()
    for event in events:
        ids.add(event.id)
        for field in ("replacement", "claim", "plan"):
            nested = getattr(event, field, None)
            if nested is not None and not isinstance(nested, str):
                ids.add(nested.id)
    return ids


def _sources(events):
    for event in events:
        yield event, event.sources
        for field in ("replacement", "claim", "plan"):
            nested = getattr(event, field, None)
            if nested is not None and not isinstance(nested, str):
                yield nested, nested.sources


def test_every_nested_event_cites_a_source(events) -> None:
    assert all(sources for _, sources in _sources(events))


def test_public_record_sources_are_dated_and_never_an_article(events) -> None:
    articles = set(ARTICLES.values())
    public = {s.id: s for _, sources in _sources(events) for s in sources
              if s.id not in articles}
    assert public
    for source in public.values():
        assert source.id not in articles
        assert source.publisher not in {"China Business News (Indonesian translation)",
                                        "WIRED (Indonesian translation)", "Downcodes",
                                        "Downcodes (English edition)",
                                        "Downcodes (French edition)"}, source.id
        assert source.published is not None or source.id in LEGACY_UNDATED, source.id


def test_every_public_record_source_is_listed_in_the_readme(events) -> None:
    text = README.read_text(encoding="utf-8")
    articles = set(ARTICLES.values())
    public = {s.id for _, sources in _sources(events) for s in sources if s.id not in articles}
    assert {i for i in public if f"`{i}`" not in text} == set()


def _section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(title)
    end = text.find("\n## ", start + len(title))
    return text[start:] if end < 0 else text[start:end]


def test_every_form_the_readme_lists_resolves(tl) -> None:
    forms = re.findall(r"^- `([^`]+)` → `([^`]+)`", _section("## Every form a name takes"),
                       flags=re.M)
    assert len(forms) >= 40
    for form, entity in forms:
        try:
            found = tl.resolve(form)
        except LookupError:
            found = tl.mention(form)
        assert entity == found, form


def test_every_event_the_article_line_table_names_exists(events) -> None:
    rows = [line for line in _section("## Article lines and the events that model them")
            .splitlines() if line.startswith("| ") and not line.startswith("| article")]
    assert len(rows) >= 30
    known = _all_ids(events)
    named = set()
    for row in rows:
        ids = re.findall(r"`([^`]+)`", row.rsplit("|", 2)[-2])
        assert ids, row
        named.update(ids)
    assert named - known == set()


def test_musk_was_a_founder_and_on_the_board_not_an_employee(tl) -> None:
    assert ("elon-musk",) == tl.roster("OpenAI", at="2016", kinds="founder").people
    assert "elon-musk" in tl.roster("OpenAI", at="2017-12-31", kinds="board")
    assert "elon-musk" not in tl.roster("OpenAI", at="2018-06-30", kinds="board")
    assert "elon-musk" not in tl.roster("OpenAI", at="2016")
    state = tl.organization("OpenAI", at="2024-08-19")
    assert (11, 4) == (len(state.founders) + state.founders_unnamed, state.founders_unnamed)


def test_brockmans_planned_return_was_fulfilled_early(tl) -> None:
    [plan] = tl.plans("Greg Brockman", at="2024-12-31")
    assert ("brockman-return-plan", "fulfilled", "brockman-returned-2024-11-12") == (
        plan.state.plan, plan.status.value, plan.state.by)
    assert "active" == tl.roster("OpenAI", at="2024-11-30")["greg-brockman"].status.value
    assert "on leave" == tl.roster(
        "OpenAI", at="2024-11-30", known="2024-10-15")["greg-brockman"].status.value


def test_thinking_machines_lab_in_2025(tl) -> None:
    assert ("barret-zoph", "john-schulman", "mira-murati") == tl.roster(
        "Thinking Machines Lab", at="2025-12-31").people
    assert "anthropic" not in tl.where("John Schulman", at="2025-03-01")
    assert "openai" in tl.where("Barret Zoph", at="2026-02-01")


def test_what_became_of_the_others(tl) -> None:
    assert "CEO" == tl.roster("SSI", at="2025-08-01")["ilya-sutskever"].role
    assert "lilian-weng" not in tl.roster("OpenAI", at="2024-12-31")
    assert "google-deepmind" in tl.where("Tim Brooks", at="2025-01-06")
    assert "USD 300,000,000,000 post-money" in str(
        tl.organization("OpenAI", at="2025-06-30").valuation)
    assert (("xai", True),) == tl.organization("X", at="2025-06-30").inside


def test_products_and_groups(tl) -> None:
    assert ("gemini", "sora", "gpt-4o") == (tl.resolve("Geimini"), tl.resolve("Sora AI"),
                                            tl.resolve("GPT-4o"))
    assert ("sam-altman", "greg-brockman", "wojciech-zaremba") == tl.cohort(
        ["OpenAI's founders"], "OpenAI", at="2024-08-19").remaining
    titles = [a.title for a in tl.announcements("OpenAI", start="2024", end="2024",
                                                 category="model")]
    assert ["Sora", "GPT-4o"] == titles


def test_reported_figures(tl) -> None:
    measure = "share of job postings for general research"
    shares = [str(p.value) for p in tl.series("OpenAI", measure)]
    assert ["23% of job postings", "4.4% of job postings"] == shares
    assert [] == list(tl.series("OpenAI", "annual loss"))
    assert 1 == len(tl.series("OpenAI", "annual loss", min_certainty="rumored"))
