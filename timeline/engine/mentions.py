"""Mentions: the entity behind a phrase as it appears in running text.

Articles do not write names as a catalogue does: "d'OpenAI" and
"l'université de Princeton" (French elisions), "former CTO Murati" and
"l'ancienne directrice technique, Murati" (a title before a surname),
"Sutskever Ilya" (family name first), "Safe Superintelligence Inc. (SSI)"
(a legal suffix, an acronym in brackets). A mention is read as the phrases
it may stand for, tried in order (see "Mentions" in docs/concepts.md):

1. the phrase itself, then without elisions, legal suffixes and brackets,
   and what the brackets hold;
2. every run of its words, longest first, and each run of two or three
   words in reverse order;
3. a word of the phrase that ends exactly one person's name or alias (a
   surname), which is an inference; a first name is never taken.

The first of these that names exactly one entity is the answer, unless the
words outside it name another entity of the same kind ("Dario and Daniela
Amodei"), which is ambiguous.

>>> phrases("l'ancienne directrice technique, Murati")[:2]
["l'ancienne directrice technique, Murati", 'ancienne directrice technique, Murati']
>>> wanted = ("SSI", "Safe Superintelligence")
>>> [p for p in phrases("Safe Superintelligence Inc. (SSI)") if p in wanted]
['Safe Superintelligence', 'SSI']
"""

from __future__ import annotations

import re

__all__ = ["phrases", "tiers", "words"]

_ELISION = re.compile(r"\b(?:[dlsjmntc]|qu|jusqu|lorsqu|puisqu)['\u2019](?=\w)", re.IGNORECASE)
_BRACKETS = re.compile(r"\s*[(\[]([^()\[\]]+)[)\]]\s*")
_SUFFIX = re.compile(
    r"[\s,]+(?:inc|incorporated|ltd|llc|plc|corp|corporation|co|gmbh|s\.?a\.?s?|pbc|ag|"
    r"pt|tbk|limited)\.?$", re.IGNORECASE)
_WORD = re.compile(r"[^\W_][\w.'\u2019-]*")


def words(text: str) -> list[str]:
    """The words of a phrase, punctuation between them dropped."""
    return [w.strip(".'\u2019-") for w in _WORD.findall(text) if w.strip(".'\u2019-")]


def _plain(text: str) -> list[str]:
    """The phrase without elisions, brackets and a legal suffix, and what
    its brackets hold: the forms of it that are still whole names."""
    forms = [text]
    bare = _ELISION.sub("", text)
    forms.append(bare)
    inside = [m.group(1).strip() for m in _BRACKETS.finditer(bare)]
    outside = _BRACKETS.sub(" ", bare).strip()
    for form in (outside, *inside):
        forms.append(form)
        forms.append(_SUFFIX.sub("", form).strip())
    return [f for f in dict.fromkeys(f.strip(" ,;:") for f in forms) if f]


def tiers(text: str) -> list[list[str]]:
    """The phrases a mention may stand for, in tiers tried in order: the
    whole phrase in its plain forms, then the runs of its words by length,
    longest first (the surname rule, step 3, is the caller's: it needs the
    names). Within a tier every phrase counts: two entities named in one
    tier make the mention ambiguous."""
    plain = _plain(text)
    out = [plain]
    longest = max((len(words(_ELISION.sub("", f))) for f in plain), default=0)
    for size in range(longest, 0, -1):
        tier: list[str] = []
        for form in dict.fromkeys(_ELISION.sub("", f) for f in plain):
            tokens = words(form)
            for start in range(len(tokens) - size + 1):
                run = tokens[start:start + size]
                tier.append(" ".join(run))
                if 2 <= size <= 3:
                    tier.append(" ".join(reversed(run)))
        out.append(list(dict.fromkeys(tier)))
    return [tier for tier in out if tier]


def phrases(text: str) -> list[str]:
    """Every phrase of :func:`tiers`, in order, once each."""
    return list(dict.fromkeys(p for tier in tiers(text) for p in tier))
