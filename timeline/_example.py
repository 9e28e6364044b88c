"""A small, hand-written history used by the examples in docstrings."""

from __future__ import annotations

from timeline.model.catalog import (
    Founded,
    FundingRound,
    Joined,
    LawsuitFiled,
    LawsuitRefiled,
    LawsuitWithdrawn,
    Left,
    OrganizationDeclared,
    PersonDeclared,
)
from timeline.model.events import Event
from timeline.model.sources import Source

BLOG = Source("openai-blog", title="Introducing OpenAI", publisher="OpenAI", language="en")
NEWS = Source("news", title="Talent leaves OpenAI", publisher="Example News", language="en")
MAY = "2024-05-20T09:00:00Z"
AUGUST = "2024-08-06T09:00:00Z"
OCTOBER = "2024-10-03T09:00:00Z"


def example_events() -> list[Event]:
    """OpenAI's founding, three people, a lawsuit, a funding round."""
    return [
        OrganizationDeclared(id="decl-openai", valid="2015-12-11", entity="openai",
                             name="OpenAI", aliases=("OpenAl",), sources=BLOG, recorded=MAY),
        OrganizationDeclared(id="decl-anthropic", valid="2021", entity="anthropic",
                             name="Anthropic", sources=NEWS, recorded=MAY),
        OrganizationDeclared(id="decl-ssi", valid="2024-06", entity="ssi",
                             name="Safe Superintelligence", aliases=("SSI",), sources=NEWS,
                             recorded=MAY),
        PersonDeclared(id="decl-ilya", valid="2015-12-11", entity="ilya-sutskever",
                       name="Ilya Sutskever", aliases=("Sutskever", "Suzkwer"), sources=NEWS,
                       recorded=MAY),
        PersonDeclared(id="decl-greg", valid="2015-12-11", entity="greg-brockman",
                       name="Greg Brockman", aliases=("Brockman",), sources=NEWS, recorded=MAY),
        PersonDeclared(id="decl-john", valid="2015-12-11", entity="john-schulman",
                       name="John Schulman", aliases=("Schulman",), sources=NEWS, recorded=MAY),
        PersonDeclared(id="decl-elon", valid="2015-12-11", entity="elon-musk",
                       name="Elon Musk", aliases=("Musk",), sources=NEWS, recorded=MAY),
        Founded(id="openai-founded", valid="2015-12-11", org="openai",
                founders=("greg-brockman", "ilya-sutskever"), employees="all",
                sources=BLOG, recorded=MAY),
        Joined(id="schulman-joins", valid="2015-12", person="john-schulman", org="openai",
               role="research scientist", sources=NEWS, recorded=MAY),
        Left(id="ilya-leaves", valid="2024-05-14", person="ilya-sutskever", org="openai",
             reason="resigned", sources=NEWS, recorded=MAY),
        LawsuitFiled(id="musk-sues", valid="2024-02-29", case="musk-v-openai",
                     plaintiffs=("elon-musk",), defendants=("openai",),
                     claims=("breach of contract",), sources=NEWS, recorded=MAY),
        Founded(id="ssi-founded", valid="2024-06", org="ssi", founders=("ilya-sutskever",),
                employees="all", sources=NEWS, recorded=AUGUST),
        LawsuitWithdrawn(id="musk-withdraws", valid="2024-06-11", case="musk-v-openai",
                         sources=NEWS, recorded=AUGUST),
        LawsuitRefiled(id="musk-refiles", valid="2024-08-05", case="musk-v-openai",
                       sources=NEWS, recorded=AUGUST),
        Left(id="schulman-leaves", valid="2024-08", person="john-schulman", org="openai",
             reason="resigned", destination="anthropic", sources=NEWS, recorded=AUGUST),
        Joined(id="schulman-joins-anthropic", valid="2024-08", person="john-schulman",
               org="anthropic", role="researcher", sources=NEWS, recorded=AUGUST),
        FundingRound(id="openai-round-2024", valid="2024-10-02", org="openai",
                     amount={"amount": "6.6e9", "currency": "USD"}, sources=NEWS,
                     valuation={"amount": "157e9", "currency": "USD"}, recorded=OCTOBER),
    ]
