"""Membership in dispute: rows a roster or a person's whereabouts shows apart,
for people (or organisations) whose membership on the date depends on which
of a disputed fact's claims is right (see :mod:`timeline.engine.contested`)."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from timeline.answers._table import table
from timeline.engine.disputes import Claim

__all__ = ["ContestedMembership", "contested_table"]

#: How a row names each membership: certain, possible, or none.
MEMBER, POSSIBLY, NOT_A_MEMBER = "member", "possibly a member", "not a member"


@attrs.frozen
class ContestedMembership:
    """``person`` at ``org`` on the answer's date: ``accepted`` by the claims
    the answer uses (``"member"``, ``"possibly a member"`` or ``"not a
    member"``), ``other`` were ``claim`` right instead of the accepted claim
    it disputes (``claim.accepted``, an event id)."""

    person: str
    person_name: str
    org: str
    org_name: str
    accepted: str
    other: str
    claim: Claim

    def text(self) -> str:
        """"not a member; member per another claim: 2025-07-03 per TechCrunch"."""
        return f"{self.accepted}; {self.other} per another claim: {self.claim.text()}"


def contested_table(rows: Sequence[ContestedMembership], by: str,
                    when: str = "on this date") -> str:
    """The rows as a table headed "In dispute", naming each row ``by``
    ``"person"`` (on a roster) or ``"org"`` (in whereabouts); "" when none."""
    if not rows:
        return ""
    first = "person" if by == "person" else "organization"
    return "\n" + table(
        f"In dispute {when} (another claim would change the answer): {len(rows)}",
        [first, "by the accepted claim", "by another claim", "claim", "instead of"],
        [[r.person_name if by == "person" else r.org_name, r.accepted, r.other,
          r.claim.text(), r.claim.accepted or ""] for r in rows])
