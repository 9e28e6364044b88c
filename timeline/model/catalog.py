"""The built-in event kinds: people at organisations, organisations, lawsuits,
entities and their names, and corrections. Each family lives in a module of
its own; this one gathers them and lists every built-in kind.

>>> Joined(id="e1", valid="2015-12", person="ilya-sutskever", org="openai",
...        role="chief scientist", sources="nyt-2015")
Joined(id='e1', valid=ValidDate('2015-12'), ...)
"""

from __future__ import annotations

from timeline.model.corrections import (
    Cited,
    Confirmed,
    Corrected,
    Correction,
    Disputed,
    PublicationCorrected,
    Ranked,
    Retracted,
)
from timeline.model.entity_events import (
    AliasAdded,
    EntityEvent,
    OrganizationDeclared,
    PersonDeclared,
    Renamed,
)
from timeline.model.events import Event
from timeline.model.lawsuit_events import (
    LawsuitDismissed,
    LawsuitEvent,
    LawsuitFiled,
    LawsuitRefiled,
    LawsuitSettled,
    LawsuitWithdrawn,
)
from timeline.model.organization_events import (
    Announced,
    Announcement,
    Basis,
    Commitment,
    Founded,
    FundingRound,
    OrganizationEvent,
    ValuationReported,
)
from timeline.model.tenure_events import (
    Joined,
    LeaveEnded,
    LeaveStarted,
    Left,
    Observed,
    Reason,
    Rehired,
    RoleChanged,
    TenureEvent,
)

__all__ = [
    "BUILTIN_TYPES",
    "AliasAdded",
    "Announced",
    "Announcement",
    "Basis",
    "Cited",
    "Commitment",
    "Confirmed",
    "Corrected",
    "Correction",
    "Disputed",
    "EntityEvent",
    "Founded",
    "FundingRound",
    "Joined",
    "LawsuitDismissed",
    "LawsuitEvent",
    "LawsuitFiled",
    "LawsuitRefiled",
    "LawsuitSettled",
    "LawsuitWithdrawn",
    "LeaveEnded",
    "LeaveStarted",
    "Left",
    "Observed",
    "OrganizationDeclared",
    "OrganizationEvent",
    "PersonDeclared",
    "PublicationCorrected",
    "Ranked",
    "Reason",
    "Rehired",
    "Renamed",
    "Retracted",
    "RoleChanged",
    "TenureEvent",
    "ValuationReported",
]


BUILTIN_TYPES: tuple[type[Event], ...] = (
    AliasAdded,
    Announced,
    Cited,
    Confirmed,
    Corrected,
    Disputed,
    Founded,
    FundingRound,
    Joined,
    LawsuitDismissed,
    LawsuitFiled,
    LawsuitRefiled,
    LawsuitSettled,
    LawsuitWithdrawn,
    LeaveEnded,
    LeaveStarted,
    Left,
    Observed,
    OrganizationDeclared,
    PersonDeclared,
    Ranked,
    PublicationCorrected,
    Rehired,
    Renamed,
    Retracted,
    RoleChanged,
    ValuationReported,
)
