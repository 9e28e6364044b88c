"""Deals between organisations (acquisitions, mergers, acqui-hires, licensing
deals, stakes) and organisations inside others, with roll-up."""

from __future__ import annotations

import io
import json

import pytest

from tests.helpers import WIRE, build, declare
from timeline import (
    Deal,
    DealKind,
    Founded,
    InvalidEventError,
    InvalidQueryError,
    Joined,
    Left,
    Money,
    OrganizationPlaced,
    Reason,
    Timeline,
    UnknownEntityError,
)
from timeline.answers.hierarchy import UnitsRoster
from timeline.cli import main
from timeline.io import jsonl

PEOPLE = {"mustafa-suleyman": "Mustafa Suleyman", "karen-simonyan": "Karen Simonyan",
          "reid-hoffman": "Reid Hoffman", "demis-hassabis": "Demis Hassabis",
          "jeff-dean": "Jeff Dean", "noam-shazeer": "Noam Shazeer"}
ORGS = {"microsoft": "Microsoft", "inflection": "Inflection AI", "google": "Google",
        "deepmind": "DeepMind", "google-brain": "Google Brain",
        "google-deepmind": "Google DeepMind", "character-ai": "Character.AI",
        "openai": "OpenAI"}
S = {"sources": WIRE, "recorded": "2024-06-01T00:00:00Z"}


def _news(*more: object) -> Timeline:
    """Inflection's founders taken by Microsoft; DeepMind bought by Google;
    Google Brain and DeepMind merged into Google DeepMind, itself inside
    Google."""
    return build([
        *declare(people=PEOPLE, orgs=ORGS),
        Founded(id="f-inflection", valid="2022-03", org="inflection",
                founders=["mustafa-suleyman", "karen-simonyan", "reid-hoffman"],
                employees=["mustafa-suleyman", "karen-simonyan"], **S),
        Joined(id="j-hassabis", valid="2010", person="demis-hassabis", org="deepmind", **S),
        Joined(id="j-dean", valid="2011", person="jeff-dean", org="google-brain", **S),
        OrganizationPlaced(id="p-brain", valid="2011", org="google-brain", parent="google",
                           **S),
        Deal(id="d-deepmind", valid="2014-01", org="google", target="deepmind",
             deal="acquisition", amount=Money.parse("about $500 million"), **S),
        Deal(id="d-merger", valid="2023-04-20", org="google-deepmind", target="deepmind",
             deal="merger", people=["demis-hassabis"], **S),
        Deal(id="d-merger-brain", valid="2023-04-20", org="google-deepmind",
             target="google-brain", deal="merger", people=["jeff-dean"], **S),
        OrganizationPlaced(id="p-gdm", valid="2023-04-20", org="google-deepmind",
                           parent="google", **S),
        Deal(id="d-inflection", valid="2024-03-19", org="microsoft", target="inflection",
             deal="acqui-hire", people=["mustafa-suleyman", "karen-simonyan"],
             roles={"mustafa-suleyman": "CEO of Microsoft AI"},
             amount=Money.parse("$650 million"), **S),
        Deal(id="d-stake", valid="2019-07", org="microsoft", target="openai", deal="stake",
             stake="49%", voting=False, **S),
        *more,
    ])


def test_an_acqui_hire_moves_its_people_cited_to_the_deal():
    tl = _news()
    before, after = (tl.where("Mustafa Suleyman", at=at) for at in ("2024-03-18", "2024-03-19"))
    assert before.orgs[0].org == "inflection"
    assert (after.orgs[0].org, after.orgs[0].evidence) == ("microsoft", ("d-inflection",))
    assert after.orgs[0].role == "CEO of Microsoft AI"  # the role the deal reports
    [departure] = tl.flows("2024", "2024", source="inflection").departures[:1]
    assert (departure.reason, departure.destination, departure.inferred) == (
        Reason.DEAL, "microsoft", False)
    # the investor-founder was no employee and did not move
    assert tl.roster("inflection", at="2024-04").people == ()
    assert tl.roster("inflection", at="2024-04", kinds="founder").people == ("reid-hoffman",)
    assert "moved by a deal" in repr(tl.career("Karen Simonyan"))


def test_a_deal_is_listed_on_both_sides_with_its_terms():
    tl = _news()
    microsoft = tl.organization("Microsoft", at="2024-12-31")
    assert [d.evidence for d in microsoft.deals] == ["d-stake", "d-inflection"]
    stake = microsoft.deals[0]
    assert (stake.deal, str(stake.stake), stake.voting) == (DealKind.STAKE, "49%", False)
    assert "microsoft took a stake in openai (49%, non-voting)" in repr(microsoft)
    assert [d.evidence for d in tl.organization("OpenAI", at="2024").deals] == ["d-stake"]
    # a stake places nothing: OpenAI sits inside no one
    assert tl.organization("OpenAI", at="2024").inside == ()


def test_an_acquisition_places_the_target_inside_the_buyer_from_its_date():
    tl = _news()
    assert tl.organization("DeepMind", at="2013").inside == ()
    assert tl.organization("DeepMind", at="2014-01-15").inside == (("google", False),)
    assert tl.organization("DeepMind", at="2015").inside == (("google", True),)
    rolled = tl.roster("Google", at="2020", rollup=True)
    assert isinstance(rolled, UnitsRoster)
    assert rolled.units == ("deepmind", "google-brain")
    assert rolled.people == ("demis-hassabis", "jeff-dean")
    assert {m.org for m in rolled.members} == {"deepmind", "google-brain"}
    assert tl.roster("Google", at="2020").people == ()  # its own roster is its own


def test_a_unit_only_possibly_inside_brings_its_people_in_as_possible_saying_why():
    tl = _news()
    rolled = tl.roster("Google", at="2014-01-15", rollup=True)
    assert dict(rolled.placed) == {"deepmind": False, "google-brain": True}
    assert rolled.certain_ids == {"jeff-dean"}
    assert rolled.possible_ids == {"demis-hassabis"}
    [maybe] = rolled.possible
    assert maybe.why == "DeepMind possibly inside Google on this date"
    assert "possibly inside: deepmind" in repr(rolled)


def test_a_mergers_aftermath_answers_right():
    tl = _news()
    after = tl.roster("Google DeepMind", at="2023-05", rollup=True)
    # the people the merger moved are at the new company; the old units sit inside it
    assert after.unit("google-deepmind").people == ("demis-hassabis", "jeff-dean")
    assert after["Demis Hassabis"].org == "google-deepmind"
    assert set(after.units) == {"deepmind", "google-brain"}
    assert tl.roster("DeepMind", at="2023-05").people == ()
    # DeepMind now sits inside Google DeepMind, which sits inside Google
    assert tl.organization("DeepMind", at="2023-05").inside == (
        ("google-deepmind", True), ("google", True))
    google = tl.roster("Google", at="2023-05", rollup=True)
    assert set(google.units) == {"deepmind", "google-brain", "google-deepmind"}
    assert google.people == ("demis-hassabis", "jeff-dean")


def test_flows_roll_up_and_a_move_inside_the_tree_is_no_flow():
    tl = _news(Left(id="l-hassabis", valid="2024-06", person="demis-hassabis",
                    org="google-deepmind", destination="openai", **S))
    plain = tl.flows("2023", "2024", source="Google")
    assert plain.departures == ()
    rolled = tl.flows("2023", "2024", source="Google", rollup=True)
    # the merger's moves stay inside Google; the later departure leaves it
    assert [(d.person, d.org, d.destination) for d in rolled.departures] == [
        ("demis-hassabis", "google-deepmind", "openai")]
    into = tl.flows("2024", "2024", destination="Google", rollup=True)
    assert into.departures == ()
    with pytest.raises(InvalidQueryError, match="needs a source or a destination"):
        tl.flows("2024", "2024", rollup=True)


def test_a_deal_announced_ahead_is_a_plan_until_it_closes():
    tl = _news(Deal(id="d-character", valid="2024-09", announced="2024-08-02",
                    org="google", target="character-ai", deal="licensing",
                    people=["noam-shazeer"], **S))
    [plan] = tl.plans("Character.AI", at="2024-08-05")
    assert plan.status.value == "planned"
    [done] = tl.plans("Character.AI", at="2024-10")
    assert done.status.value == "fulfilled"
    assert tl.where("Noam Shazeer", at="2024-10").orgs[0].org == "google"
    # nothing said when he joined Character.AI: possibly there before the deal
    assert [m.org for m in tl.where("Noam Shazeer", at="2024-08-05").possible] == [
        "character-ai"]


def test_bad_deals_are_refused_naming_the_field():
    with pytest.raises(InvalidEventError, match="target"):
        Deal(id="d", valid="2024", org="google", target="google", deal="merger", **S)
    with pytest.raises(InvalidEventError, match="takes no stake"):
        Deal(id="d", valid="2024", org="google", target="x", deal="acquisition", stake="10%",
             **S)
    with pytest.raises(InvalidEventError, match="share in percent"):
        Deal(id="d", valid="2024", org="google", target="x", deal="stake", stake="10 units",
             **S)
    with pytest.raises(InvalidEventError, match="deal"):
        Deal(id="d", valid="2024", org="google", target="x", deal="friendship", **S)
    with pytest.raises(InvalidEventError, match="a role is of a person the deal moved"):
        Deal(id="d", valid="2024", org="google", target="x", deal="acqui-hire",
             roles={"ada": "CEO"}, **S)
    with pytest.raises(InvalidEventError, match="inside itself"):
        OrganizationPlaced(id="p", valid="2024", org="google", parent="google", **S)
    with pytest.raises(UnknownEntityError):
        _news(Deal(id="d-x", valid="2024", org="google", target="nobody", deal="acquisition",
                   **S))
    with pytest.raises(InvalidQueryError, match="one kind"):
        _news().roster("Google", rollup=True, kinds="all")


def test_deals_round_trip_through_json_lines_and_the_command_line(tmp_path):
    tl = _news()
    buffer = io.StringIO()
    tl.export_jsonl(buffer)
    again = Timeline.from_jsonl(io.StringIO(buffer.getvalue()))
    assert list(again) == list(tl)
    line = next(json.loads(raw) for raw in buffer.getvalue().splitlines()
                if '"d-stake"' in raw)
    assert (line["kind"], line["deal"], line["stake"]["amount"], line["voting"]) == (
        "deal", "stake", "49", False)
    path = tmp_path / "news.jsonl"
    jsonl.write(list(tl), path)
    out = io.StringIO()
    assert main(["roster", "Google", "--at", "2020", "--rollup", "--store", str(path)],
                stdout=out) == 0
    assert "Google Brain" in out.getvalue()
    assert "Demis Hassabis" in out.getvalue()
    out = io.StringIO()
    assert main(["flows", "2023", "2023", "--source", "Google", "--rollup", "--json",
                 "--store", str(path)], stdout=out) == 0
    assert json.loads(out.getvalue())["departures"] == []
    out = io.StringIO()
    assert main(["org", "DeepMind", "--at", "2020", "--store", str(path)], stdout=out) == 0
    assert "google acquired deepmind for about USD 500,000,000" in out.getvalue()


def test_a_rolled_up_roster_counts_and_lists_someone_once_certain_anywhere_in_the_tree():
    tl = _news(Joined(id="j-dean-google", valid="2013", person="jeff-dean", org="google", **S))
    rolled = tl.roster("Google", at="2014-01-15", rollup=True)
    assert "jeff-dean" in rolled.certain_ids
    assert [m.person for m in rolled.possible] == ["demis-hassabis"]
    assert len(rolled.possible) == len(rolled.possible_ids)


def test_a_circle_of_organisations_inside_each_other_is_refused():
    tl = _news()
    with pytest.raises(InvalidEventError, match=r"invalid parent='google-deepmind'.*a circle"):
        tl.append(OrganizationPlaced(id="x9", valid="2024-05", org="google",
                                     parent="google-deepmind", **S))
    with pytest.raises(InvalidEventError, match=r"invalid target='google'.*a circle"):
        tl.append(Deal(id="x10", valid="2024-05", org="deepmind", target="google",
                       deal="acquisition", **S))
    # once set apart, it may go anywhere
    tl.append(OrganizationPlaced(id="apart", valid="2024-01", org="google-deepmind", **S))
    tl.append(OrganizationPlaced(id="x11", valid="2024-05", org="google",
                                 parent="google-deepmind", **S))


def test_a_rolled_up_founding_by_an_alumnus_of_two_units_is_one_row():
    tl = _news(
        Joined(id="j-suleyman", valid="2010", person="mustafa-suleyman", org="deepmind", **S),
        Left(id="l-suleyman", valid="2019-12", person="mustafa-suleyman", org="deepmind",
             destination="google", **S),
        Joined(id="j-suleyman-g", valid="2019-12", person="mustafa-suleyman", org="google",
               **S),
        Left(id="l-suleyman-g", valid="2022-01", person="mustafa-suleyman", org="google", **S))
    foundings = tl.flows("2022", "2022", source="Google", rollup=True).foundings
    assert [(f.founder, f.org) for f in foundings] == [("mustafa-suleyman", "inflection")]
