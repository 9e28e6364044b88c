"""Mentions: the entity behind a phrase as running text writes it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.helpers import build, declare
from timeline import AmbiguousNameError, InvalidQueryError, UnknownEntityError
from timeline.engine.mentions import phrases, tiers

PEOPLE = {"mira-murati": ("Mira Murati", "Murati"), "ilya-sutskever": "Ilya Sutskever",
          "john-schulman": "John Schulman", "greg-brockman": "Greg Brockman",
          "sam-altman": "Sam Altman"}
ORGS = {"openai": "OpenAI", "ssi": ("Safe Superintelligence", "SSI"),
        "princeton": ("Princeton University", "université de Princeton")}


@pytest.fixture(scope="module")
def tl():
    return build(declare(people=PEOPLE, orgs=ORGS))


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("d'OpenAI", "openai"),
        ("d\u2019OpenAI", "openai"),
        ("l'université de Princeton", "princeton"),
        ("former CTO Murati", "mira-murati"),
        ("l'ancienne directrice technique, Murati", "mira-murati"),
        ("Sutskever Ilya", "ilya-sutskever"),
        ("Safe Superintelligence Inc. (SSI)", "ssi"),
        ("Safe Superintelligence Inc.", "ssi"),
        ("OpenAI co-founder John Schulman", "john-schulman"),
        ("le PDG Sam Altman", "sam-altman"),
        ("Brockman", "greg-brockman"),
    ],
)
def test_a_mention_names_its_entity(tl, text: str, entity: str) -> None:
    assert entity == tl.mention(text)


def test_a_kind_narrows_a_mention(tl) -> None:
    assert "openai" == tl.mention("OpenAI co-founder", kind="organization")


def test_two_entities_in_one_tier_are_ambiguous_naming_both(tl) -> None:
    with pytest.raises(AmbiguousNameError, match="Schulman") as caught:
        tl.mention("Schulman and Brockman")
    assert {"john-schulman", "greg-brockman"} == set(caught.value.ids)


@pytest.mark.parametrize("text", ["John Smith", "a startup backed by Sam", "Greg"])
def test_a_first_name_or_an_unknown_surname_is_never_taken_for_a_person(tl, text: str) -> None:
    with pytest.raises(UnknownEntityError):
        tl.mention(text)


def test_two_people_named_apart_in_one_phrase_are_ambiguous(tl) -> None:
    with pytest.raises(AmbiguousNameError) as caught:
        tl.mention("Sam Altman and Greg Brockman")
    assert {"sam-altman", "greg-brockman"} == set(caught.value.ids)


def test_an_empty_mention_is_a_query_error(tl) -> None:
    with pytest.raises(InvalidQueryError, match="expected a phrase"):
        tl.mention("  ")


def test_an_unknown_mention_suggests_close_names(tl) -> None:
    with pytest.raises(UnknownEntityError, match="Mira Murati") as caught:
        tl.mention("Miram Muratti")
    assert caught.value.suggestions


def test_search_reads_a_mention_when_no_name_contains_it(tl) -> None:
    assert ["mira-murati"] == [e.id for e in tl.search("l'ancienne directrice technique, Murati")]


def test_the_phrases_are_tried_whole_first_then_by_runs_of_words() -> None:
    assert ["d'OpenAI", "OpenAI"] == tiers("d'OpenAI")[0]
    assert "Ilya Sutskever" in phrases("Sutskever Ilya")
    assert phrases("former CTO Murati").index("CTO Murati") < phrases(
        "former CTO Murati").index("Murati")


_DECORATIONS = (
    "{name}", "d'{name}", "l'{name}", "former chief scientist {name}", "{name}, former CTO",
    "{name} Inc.", "{name} (X)", "l'ancienne directrice technique, {name}",
)


@given(st.sampled_from(sorted(PEOPLE) + sorted(ORGS)), st.sampled_from(_DECORATIONS),
       st.booleans())
def test_a_decorated_name_is_a_mention_of_its_entity(entity: str, decoration: str,
                                                     reverse: bool) -> None:
    tl = _TL
    value = (PEOPLE | ORGS)[entity]
    name = value if isinstance(value, str) else value[0]
    if reverse and entity in PEOPLE:
        name = " ".join(reversed(name.split()))
    assert entity == tl.mention(decoration.format(name=name))


_TL = build(declare(people=PEOPLE, orgs=ORGS))
