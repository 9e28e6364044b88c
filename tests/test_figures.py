"""Reported figures: counts, sizes and shares as reporting states them, and a
measure's values over time as of a date and as known."""

from __future__ import annotations

import pytest

from tests.helpers import WIRE, build, declare
from timeline import (
    CurrencyMismatchError,
    Figure,
    FigureReported,
    Founded,
    GroupDeclared,
    InvalidEventError,
    InvalidMoneyError,
    Joined,
    Money,
    Timeline,
)

EARLY = "2024-01-01T00:00:00Z"
LATE = "2024-09-01T00:00:00Z"
PEOPLE = {"ada": "Ada Lovelace", "bob": "Bob Kahn", "cy": "Cy Young"}
ORGS = {"openai": "OpenAI"}


def _world(*events: object) -> Timeline:
    common = {"org": "openai", "sources": WIRE}
    return build([
        *declare(people=PEOPLE, orgs=ORGS),
        Joined(id="j", valid="2020", person="ada", org="openai", sources=WIRE, recorded=EARLY),
        FigureReported(id="staff-2023", valid="2023", measure="Employees",
                       value=Figure.parse("about 770 employees"), recorded=EARLY, **common),
        FigureReported(id="staff-2024", valid="2024-05", measure="employees",
                       value=Figure.parse("just under 3,000 employees"), recorded=LATE,
                       **common),
        FigureReported(id="users", valid="2024-08", measure="weekly users",
                       value=Figure.parse("more than 200 million users"), recorded=LATE,
                       **common),
        FigureReported(id="revenue", valid="2024", measure="revenue",
                       value=Money.parse("about $3.7 billion"), recorded=LATE, **common),
        *events,
    ])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("about 600 roles", Figure(600, "roles", approximate=True)),
        ("just under 3,000 employees",
         Figure(3000, "employees", bound="less than", approximate=True)),
        ("250 million queries", Figure("250e6", "queries")),
        ("12% of AI job postings", Figure(12, "AI job postings", share=True)),
        ("sekitar 3,5 juta pengguna", Figure("3.5e6", "pengguna", approximate=True)),
    ],
)
def test_a_figure_is_read_as_reporting_writes_it(text: str, expected: Figure) -> None:
    assert expected == Figure.parse(text)


def test_a_figure_prints_and_round_trips_as_it_was_reported() -> None:
    figure = Figure.parse("just under 3,000 employees")
    assert "less than about 3,000 employees" == str(figure)
    assert figure == Figure.parse(str(figure))
    assert "12% of job postings" == str(Figure(12, "job postings", share=True))


def test_bad_figures_are_refused_naming_what_is_wrong() -> None:
    with pytest.raises(InvalidMoneyError, match="it has no figure"):
        Figure.parse("many employees")
    with pytest.raises(InvalidEventError, match="a share is a percentage"):
        Figure(120, "of the market", share=True)
    with pytest.raises(CurrencyMismatchError, match="figures add within one unit"):
        _ = Figure(1, "employees") + Figure(1, "users")


def test_a_series_lists_a_measures_values_in_date_order() -> None:
    series = _world().series("OpenAI", "Employees")
    assert ["staff-2023", "staff-2024"] == [p.event for p in series]
    assert "less than about 3,000 employees" == str(series.points[-1].value)


def test_a_series_as_of_a_date_gives_the_latest_value_over_by_then() -> None:
    tl = _world()
    assert "about 770 employees" == str(tl.series("OpenAI", "employees", at="2024-03").value())
    assert "less than about 3,000 employees" == str(
        tl.series("OpenAI", "employees", at="2024-06").value())
    every = tl.series("OpenAI", at="2024-12-31")
    assert {"employees": "staff-2024", "weekly users": "users", "revenue": "revenue"} == {
        p.measure: p.event for p in every.latest}
    assert ["revenue"] == [p.event for p in tl.series("OpenAI", at="2024-10").possible]


def test_a_series_as_known_holds_only_what_was_recorded_by_then() -> None:
    assert ["staff-2023"] == [p.event for p in _world().series(
        "OpenAI", "employees", known="2024-02")]


def test_headcounts_show_the_reported_size_beside_the_count() -> None:
    counts = _world().headcounts("OpenAI", ["2023-12-31", "2024-06-30"])
    assert (Figure.parse("about 770 employees"),
            Figure.parse("just under 3,000 employees")) == counts.reported[0]
    assert "reported" in repr(counts).splitlines()[1]
    # a size can be old news: the period it describes is shown beside it
    assert all(period is not None for period in counts.reported_periods[0])
    assert f"({counts.reported_periods[0][1]})" in repr(counts).splitlines()[-1]


def test_a_cohort_with_a_stated_size_says_how_many_are_unnamed() -> None:
    tl = _world(
        GroupDeclared(id="g", valid="2015", entity="founders", name="the founders",
                      members=["ada", "bob"], count=11, sources=WIRE, recorded=LATE),
        Founded(id="f", valid="2015", org="openai", founders=["ada", "bob"],
                sources=WIRE, recorded=LATE))
    cohort = tl.cohort(["the founders"], "OpenAI", at="2024")
    assert (11, 9) == (cohort.size, cohort.unnamed)
    assert "9 more of the 11 stated are unnamed, whether they remain unknown" in repr(cohort)
    assert 5 == tl.cohort(["Ada Lovelace"], "OpenAI", at="2024", size=5).size
    with pytest.raises(InvalidEventError, match="at least the 2 members named"):
        GroupDeclared(id="g", valid="2015", entity="g", name="G", members=["ada", "bob"],
                      count=1, sources=WIRE)


@pytest.mark.parametrize(("text", "printed"), [
    ("1.700 employés", "1,700 employés"),
    ("1.700 karyawan", "1,700 karyawan"),
    ("environ 1,5 million d'utilisateurs", "about 1,500,000 utilisateurs"),
])
def test_the_unit_words_say_which_separators_a_figure_uses(text: str, printed: str) -> None:
    assert str(Figure.parse(text)) == printed


@pytest.mark.parametrize(("text", "printed"), [
    ("600+ employees", "at least 600 employees"),
    ("3,000-plus employees", "at least 3,000 employees"),
    ("2 million-plus users", "at least 2,000,000 users"),
    ("~600 roles", "about 600 roles"),
])
def test_a_figure_plus_is_a_lower_bound_and_a_tilde_is_about(text: str, printed: str) -> None:
    assert str(Figure.parse(text)) == printed


def test_a_measure_with_no_figures_names_the_measures_there_are() -> None:
    series = _world().series("OpenAI", "employes")
    assert series.points == ()
    assert "employees" in series.measures
    assert "measures reported: " in repr(series)
