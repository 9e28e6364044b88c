"""Charts: what each draws agrees with the answers it draws (a roster's
bars with ``roster()`` on every day, on generated logs with open starts,
imprecise dates, rumours and corrections), and every kind renders offline
to every format, from Python and from the command line."""

from __future__ import annotations

import datetime as dt
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import altair as alt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline import (
    Chart,
    ExportError,
    Founded,
    InvalidQueryError,
    Joined,
    Left,
    MissingExtraError,
    OrganizationDeclared,
    PersonDeclared,
    Timeline,
    UnknownEntityError,
)
from timeline.charts.gallery import GALLERY, drawn_from, fingerprint
from timeline.cli import main
from timeline.datasets import openai_exodus
from timeline.testing import EPOCH, ORGANIZATIONS, corrected_histories, query_days

_SPAN = ("2015", "2025")


def _covering(chart: Chart, day: dt.date, *layers: str) -> frozenset[str]:
    """The people with a mark of ``layers`` over the end of ``day``."""
    iso = day.isoformat()
    return frozenset(row["person"] for layer in layers for row in chart.layer(layer)
                     if row["start"] <= iso < row["end"])


@settings(max_examples=25, deadline=None)
@given(events=corrected_histories(), days=st.lists(query_days(), min_size=1, max_size=4),
       known_day=st.none() | st.integers(0, 45),
       published_day=st.none() | st.integers(0, 45),
       level=st.sampled_from(["rumored", "reported", "confirmed"]))
def test_a_roster_chart_draws_on_every_day_who_the_roster_lists(
        events: list[Any], days: list[dt.date], known_day: int | None,
        published_day: int | None, level: str) -> None:
    tl = Timeline(events)
    known = None if known_day is None else EPOCH.add(days=known_day)
    published = None if published_day is None else EPOCH.add(days=published_day)
    view = {"known": known, "published": published, "min_certainty": level}
    for org in ORGANIZATIONS:
        chart = tl.chart.roster(org, *_SPAN, **view)
        if tl.roster(org, at=days[0], **view).not_known_until is not None:
            assert () == chart.rows  # the view has not heard of the organisation
            assert "not yet known" in chart.summary
            continue
        for day in days:
            roster = tl.roster(org, at=day, **view)
            certain = _covering(chart, day, "bar")
            anywhere = _covering(chart, day, "bar", "fade-in", "fade-out", "uncertain")
            assert (roster.certain_ids, roster.possible_ids) == (
                certain, anywhere - certain), (org, day, known, level)


def test_a_career_chart_draws_every_tenure_of_the_career() -> None:
    tl = openai_exodus()
    chart = tl.chart.career("John Schulman", "2015", "2025-12-31", at="2024-08-19")
    assert ["OpenAI", "Anthropic", "Thinking Machines Lab"] == list(
        dict.fromkeys(row["row"] for row in chart.layer("bar")))
    # left OpenAI some day from 1 to 19 August 2024: gone by the end of the 19th,
    # possibly still there at the end of any day before; the bar fades out over them
    fade = next(r for r in chart.layer("fade-out") if r["row"] == "OpenAI")
    assert ("2024-08-01", "2024-08-19") == (fade["start"], fade["end"])
    assert ["Thinking Machines Lab"] == [r["row"] for r in chart.layer("continues")]
    assert [{"layer": "at", "start": "2024-08-19", "label": "at 2024-08-19"}] == list(
        chart.layer("at"))


def test_a_roster_chart_marks_leaves_role_changes_unknown_starts_and_rumours() -> None:
    tl = openai_exodus()
    chart = tl.chart.roster("OpenAI", *_SPAN)
    leave = chart.layer("leave")
    assert ["Greg Brockman"] == [r["row"] for r in leave]
    # on leave from a day in August 2024 (by the 19th), back on 12 November
    assert ("2024-08-19", "2024-11-12") == (leave[0]["start"], leave[0]["end"])
    assert "Aleksander Madry" in {r["row"] for r in chart.layer("role")}
    assert "Mira Murati" in {r["row"] for r in chart.layer("unknown-start")}
    assert "Mira Murati" in {r["row"] for r in chart.layer("uncertain")}
    rumour = Timeline([
        OrganizationDeclared(id="o", valid="2020", entity="acme", name="Acme", sources="s"),
        PersonDeclared(id="p", valid="2020", entity="ann", name="Ann", sources="s"),
        Joined(id="j", valid="2021-03", person="ann", org="acme", sources="s",
               certainty="rumored"),
    ])
    assert () == rumour.chart.roster("Acme", "2020", "2022").rows
    heard = rumour.chart.roster("Acme", "2020", "2022", min_certainty="rumored")
    assert [("bar", True), ("continues", True), ("fade-in", True)] == sorted(
        (r["layer"], r["rumored"]) for r in heard.rows if "rumored" in r)
    assert "rumours included" in heard.spec["title"]["subtitle"][0]
    assert ["rumored"] == heard.spec["layer"][1]["encoding"]["color"]["scale"]["domain"]
    # a reported tenure whose departure alone is rumoured: the fade out is dashed, not the bar
    leaving = Timeline([*list(rumour)[:2],
                        Joined(id="j", valid="2021-03-01", person="ann", org="acme", sources="s"),
                        Left(id="l", valid="2021-06", person="ann", org="acme", sources="s",
                             certainty="rumored")])
    drawn = leaving.chart.roster("Acme", "2020", "2022", min_certainty="rumored")
    assert [("bar", False), ("fade-out", True)] == [
        (r["layer"], r["rumored"]) for r in drawn.rows if "rumored" in r]
    assert "departure rumoured" == drawn.layer("bar")[0]["note"]


def test_a_tenure_going_on_past_the_chart_ends_in_an_arrow() -> None:
    chart = openai_exodus().chart.roster("OpenAI", "2022", "2023")
    continues = {r["row"]: r["note"] for r in chart.layer("continues")}
    assert "still there" == continues["Greg Brockman"]
    assert "there until 2024-05" == continues["Ilya Sutskever"]  # he left after the chart
    assert "John Schulman" in continues


def test_imprecise_dates_are_drawn_over_their_days_not_on_one() -> None:
    tl = openai_exodus()
    brockman = tl.chart.career("Greg Brockman", "2015", "2025")
    # on leave from a day in August 2024 (by the 19th) to 12 November
    assert [("leave-possible", "2024-08-01", "2024-08-19"),
            ("leave", "2024-08-19", "2024-11-12")] == [
        (r["layer"], r["start"], r["end"]) for r in brockman.rows if "leave" in r["layer"]]
    # made president by 19 August 2024, on a day the log does not give: a bar over
    # the days it may have been, not a tick
    roles = [(r["role"], r["day"], r["start"], r["end"]) for r in brockman.layer("role")]
    assert [("president", False, "2015-12-11", "2024-08-20")] == roles
    organization = tl.chart.organization("OpenAI", "2015", "2025")
    assert all(r["date"].count("-") == 2 for r in organization.layer("point")
               if not r["date"].startswith("by "))  # a point is on a day the log gives
    assert {"2021", "2024/2024-10-09"} == {r["date"] for r in organization.layer("band")
                                           if r["lane"] == "figures"}


def test_a_chart_as_known_earlier_draws_what_was_known_then() -> None:
    tl = openai_exodus()
    now = {r["row"] for r in tl.chart.roster("OpenAI", *_SPAN).rows if "row" in r}
    then = tl.chart.roster("OpenAI", *_SPAN, known="2024-08-19")
    assert "Sébastien Bubeck" in now - {r["row"] for r in then.rows if "row" in r}
    assert "as known 2024-08-19" in then.spec["title"]["subtitle"][0]


def test_an_organisation_chart_draws_money_and_each_lawsuit_while_open() -> None:
    chart = openai_exodus().chart.organization("OpenAI", "2015", "2025-12-31")
    funding = {r["label"] for r in chart.layer("point") if r["lane"] == "funding"}
    assert "USD 6.6B" in funding
    # filed 29 February 2024, withdrawn 11 June, refiled 5 August: open at the end
    # of each day from the filing to the day before the withdrawal, and since
    assert [("2024-02-29", "2024-06-11"), ("2024-08-05", "2026-01-01")] == [
        (r["start"], r["end"]) for r in chart.layer("open")]
    assert [r["lane"] for r in chart.layer("open-end")] == ["lawsuit: musk-v-openai"]
    # a fact true "by" a date is a point on it, not a band reaching back to the year 1
    assert all(r["start"] >= "2015-01-01" for r in chart.layer("band"))


def test_a_flows_chart_has_one_band_per_kind_of_move_as_wide_as_its_people() -> None:
    tl = openai_exodus()
    flows = tl.flows("2023", "2024-12", source="OpenAI")
    chart = tl.chart.flows("2023", "2024-12", source="OpenAI")
    links = chart.layer("link")
    # a founder who left for nowhere the log names is one move: to what they founded
    assert len(flows.departures) + len(flows.possible) == sum(r["count"] for r in links)
    assert len(flows.foundings) == 2
    anthropic = next(r for r in links if r["to"] == "Anthropic")
    assert ("left for", 4) == (anthropic["kind"], anthropic["count"])
    assert {"Eureka Labs", "Safe Superintelligence Inc."} == {
        r["to"] for r in links if r["kind"] == "founded"}
    unknown = next(r for r in links if r["to"] == "destination unknown")
    assert "Ilya Sutskever" not in unknown["people"]
    nodes = {(r["side"], r["node"]): r for r in chart.layer("node")}
    for link in links:  # each band leaves and enters within its nodes
        band = [r for r in chart.layer("band") if (r["from"], r["to"], r["kind"]) == (
            link["from"], link["to"], link["kind"])]
        for end, side, name in ((band[0], "from", link["from"]), (band[-1], "to", link["to"])):
            node = nodes[side, name]
            assert node["y"] <= end["y"] < end["y2"] <= node["y2"]
    empty = Timeline.example().chart.flows("2000", "2000")
    assert () == empty.layer("link")
    assert empty.to_svg().startswith("<svg")


@pytest.mark.parametrize("name", sorted(GALLERY))
def test_every_chart_kind_renders_offline_to_every_format(name: str, tmp_path: Path) -> None:
    chart = GALLERY[name](openai_exodus())
    assert chart.spec == chart.altair.to_dict()  # Altair checks it against Vega-Lite's schema
    svg = chart.save(tmp_path / "chart.svg").read_text(encoding="utf-8")
    assert ET.fromstring(svg).tag.endswith("svg")
    assert "OpenAI" in svg
    assert chart.save(tmp_path / "chart.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert chart.save(tmp_path / "chart.pdf").read_bytes().startswith(b"%PDF")
    html = chart.save(tmp_path / "chart.html").read_text(encoding="utf-8")
    assert "<script src=" not in html  # the scripts are inside: it opens offline
    assert "vega" in html
    spec = json.loads(chart.save(tmp_path / "chart.json").read_text(encoding="utf-8"))
    assert "vega-lite" in spec["$schema"]
    assert [] == [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_a_chart_displays_itself_in_jupyter() -> None:
    chart = Timeline.example().chart.career("Schulman", end="2024-12-31")
    bundle = chart._repr_mimebundle_()
    assert "vega" in bundle["text/html"]
    with alt.renderers.enable("svg"):
        assert chart._repr_mimebundle_()["image/svg+xml"].startswith("<svg")


def test_a_chart_saved_badly_says_why_and_writes_nothing(tmp_path: Path) -> None:
    chart = Timeline.example().chart.career("Schulman")
    with pytest.raises(InvalidQueryError, match=r"\.svg, \.png"):
        chart.save(tmp_path / "chart.gif")
    with pytest.raises(ExportError, match="does not exist"):
        chart.save(tmp_path / "missing" / "chart.svg")
    (tmp_path / "taken.svg").mkdir()
    with pytest.raises(ExportError, match=r"taken\.svg"):
        chart.save(tmp_path / "taken.svg")
    assert ["taken.svg"] == [p.name for p in tmp_path.iterdir()]
    with pytest.raises(InvalidQueryError, match="ends before it starts"):
        Timeline.example().chart.roster("OpenAI", "2024", "2023")


def test_without_the_extra_a_chart_keeps_its_rows_and_names_the_extra(
        monkeypatch: pytest.MonkeyPatch) -> None:
    chart = Timeline.example().chart.career("Schulman")
    monkeypatch.setitem(sys.modules, "altair", None)
    assert chart.layer("bar")
    assert chart._repr_mimebundle_() == {"text/plain": repr(chart)}
    with pytest.raises(MissingExtraError, match=r"timeline\[charts\]"):
        chart.to_svg()


def test_the_command_line_draws_a_chart(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert 0 == main(["chart", "roster", "OpenAI", "--from", "2015", "--to", "2025",
                      "--at", "2024-08-19", "-o", "openai.svg"])
    assert "roster of OpenAI, 2015-01-01 to 2025-12-31" in capsys.readouterr().out
    assert (tmp_path / "openai.svg").read_text(encoding="utf-8").startswith("<svg")
    assert 0 == main(["chart", "flows", "OpenAI", "--from", "2024", "-o", "flows.png",
                      "--known", "2024-08-19"])
    assert 1 == main(["chart", "flows", "-o", "flows.png"])
    assert "--from" in capsys.readouterr().err
    assert 1 == main(["chart", "career", "-o", "c.svg"])
    assert 2 == main(["chart", "roster", "OpenAI"])
    assert "-o/--output" in capsys.readouterr().err


@pytest.mark.parametrize("name", sorted(GALLERY))
def test_the_pictures_in_the_docs_are_the_charts_the_docs_build_draws(name: str) -> None:
    shown = Path(__file__).parent.parent / "docs" / "images" / f"{name}.svg"
    assert fingerprint(GALLERY[name](openai_exodus())) == drawn_from(
        shown.read_text(encoding="utf-8")), (
        f"docs/images/{name}.svg is stale: run bash scripts/docs")


def test_a_chart_of_a_view_that_had_not_heard_of_its_subject_says_so() -> None:
    tl = openai_exodus()
    for chart in (tl.chart.roster("OpenAI", "2015", "2025", known="2024-01-01"),
                  tl.chart.career("John Schulman", "2015", "2025", known="2024-01-01"),
                  tl.chart.organization("OpenAI", "2015", "2025", known="2024-01-01")):
        assert "was not yet known on 2024-01-01 (first recorded 2024-08-19" in repr(chart)
        assert any("not yet known" in line for line in chart.spec["title"]["subtitle"])
    assert chart.to_svg().startswith("<svg")


def test_a_chart_refuses_what_it_cannot_draw() -> None:
    tl = openai_exodus()
    with pytest.raises(InvalidQueryError, match="outside the chart's span"):
        tl.chart.roster("OpenAI", "2020", "2021", at="2024-01-01")
    with pytest.raises(InvalidQueryError, match="last day of 9999"):
        tl.chart.career("Schulman", "2015", "9999-12-31")
    with pytest.raises(UnknownEntityError):
        tl.chart.organization("John Schulman")
    with pytest.raises(InvalidQueryError, match="scale"):
        tl.chart.career("Schulman").to_png(scale=0)


def test_a_chart_counts_tenures_not_their_evidence() -> None:
    founders = Timeline([
        OrganizationDeclared(id="o", valid="2020", entity="acme", name="Acme", sources="s"),
        *(PersonDeclared(id=f"p-{p}", valid="2020", entity=p, name=p.title(), sources="s")
          for p in ("ann", "bob")),
        Founded(id="f", valid="2021-01-05", org="acme", founders=["ann", "bob"],
                employees=["ann", "bob"], sources="s"),
    ])
    assert "2 tenures" == founders.chart.roster("Acme", "2020", "2022").summary


def test_flows_draw_possible_foundings_and_rumoured_steps_apart(tmp_path: Path) -> None:
    tl = openai_exodus()
    chart = tl.chart.flows("2024-06-15", "2024-12", source="OpenAI")
    kinds = {r["to"]: r["kind"] for r in chart.layer("link")}
    assert "possibly founded" == kinds["Safe Superintelligence Inc."]  # founded in June 2024
    flows = tl.flows("2024-06-15", "2024-12", source="OpenAI")
    people = {d.name for d in (*flows.departures, *flows.possible)} | {
        f.name for f in (*flows.foundings, *flows.possible_foundings)}
    drawn = [name for r in chart.layer("link") for name in r["people"].split(", ")]
    assert sorted(people) == sorted(drawn)  # each person once
    lines = tl.export_jsonl(tmp_path / "log.jsonl")
    text = (tmp_path / "log.jsonl").read_text(encoding="utf-8")
    rumoured = text.replace('"id": "musk-filed"', '"id": "musk-filed", "certainty": "rumored"')
    (tmp_path / "rumoured.jsonl").write_text(rumoured, encoding="utf-8")
    heard = Timeline.from_jsonl(tmp_path / "rumoured.jsonl")
    assert lines == heard.position
    steps = heard.chart.organization("OpenAI", "2024", "2024", min_certainty="rumored")
    filed = next(r for r in steps.layer("point") if r["label"] == "filed")
    assert filed["rumored"]
