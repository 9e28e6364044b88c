"""What one event may hold: text every store can keep, and bounded sizes.

Every text of an event — its id, names, notes, sources' titles, ids in
lists, a correction's replacement — passes through one check on append,
whatever the store, so a log can always move between stores and out to
JSON Lines:

- no lone surrogate (``"\\ud800"``): it is not Unicode text and cannot be
  written as UTF-8;
- no NUL character: PostgreSQL cannot keep one in text;
- no text longer than :attr:`Limits.text_chars` characters;
- an encoded event (its JSON, in UTF-8) no larger than
  :attr:`Limits.event_bytes`.

The defaults are generous: a name, a title or a note is a few hundred
characters, and a whole event with many sources a few kilobytes, so 64 KiB
for one text and 1 MB for one event leave room for long notes and quoted
passages while refusing what is surely a mistake (a whole file pasted in
a field). Pass other limits to :class:`~timeline.Timeline`.

>>> from timeline import PersonDeclared, Timeline
>>> tl = Timeline(limits=Limits(text_chars=40))
>>> tl.append(PersonDeclared(id="p", valid="2020", entity="p", sources="s",
...                          name="Augusta Ada King, Countess of Lovelace"))
True
>>> tl.append(PersonDeclared(id="q", valid="2020", entity="q", sources="s",
...                          name="Augusta Ada King, Countess of Lovelace, née Byron"))
Traceback (most recent call last):
...
timeline.InvalidEventError: invalid name='Augusta ... (event 'q'): 49 characters, more than ...
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import attrs

from timeline.model.errors import InvalidEventError

__all__ = ["EVENT_BYTES", "TEXT_CHARS", "Limits"]

EVENT_BYTES = 1_000_000
"""The default largest encoded event, in bytes of UTF-8 JSON (1 MB)."""

TEXT_CHARS = 65_536
"""The default longest text field, in characters (64 Ki)."""


def _positive(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidEventError(None, f"Limits.{attribute.name}", value,
                                "expected a whole number above 0")


@attrs.frozen
class Limits:
    """The largest event (``event_bytes``, its JSON in UTF-8) and the longest
    text (``text_chars``) a timeline accepts.

    >>> Limits()
    Limits(event_bytes=1000000, text_chars=65536)
    """

    event_bytes: int = attrs.field(default=EVENT_BYTES, validator=_positive)
    text_chars: int = attrs.field(default=TEXT_CHARS, validator=_positive)

    def check(self, event_id: str | None, payload: Mapping[str, object]) -> None:
        """An :class:`InvalidEventError` naming the event and the field (a path
        such as ``sources[0].title``) of the first text no store can keep,
        or the event's size when it is too large. Runtime: O(size of the
        event)."""
        try:
            quick = _plain_size(payload, self.text_chars)
        except RecursionError:  # nested deeper than a call stack: walked below
            quick = None
        if quick is not None and quick <= self.event_bytes:
            return  # ASCII text only, none too long, no NUL, and small: nothing to name
        stack: list[tuple[str, object]] = [("", payload)]
        estimate = 0  # at least the encoded size, at most six times the text
        longest = self.text_chars
        while stack:
            path, value = stack.pop()
            if isinstance(value, str):
                if len(value) > longest or not value.isascii() or "\x00" in value:
                    estimate += 6 * self._text(event_id, path, value) + 2
                else:  # the common case, checked without a call
                    estimate += 6 * len(value) + 2
            elif isinstance(value, Mapping):
                for key in reversed(value):
                    where = f"{path}.{key}" if path else str(key)
                    name = str(key)
                    if not name.isascii() or "\x00" in name:
                        self._text(event_id, where, name, key=True)
                    estimate += 6 * len(name) + 4
                    stack.append((where, value[key]))
            elif isinstance(value, (list, tuple)):
                stack.extend((f"{path}[{i}]", value[i]) for i in range(len(value) - 1, -1, -1))
                estimate += 2 + 2 * len(value)
            else:
                estimate += len(repr(value)) + 2
        if estimate > self.event_bytes:
            size = len(json.dumps(payload, ensure_ascii=False).encode("utf-8"))
            if size > self.event_bytes:
                raise InvalidEventError(
                    event_id, "event", payload.get("kind"),
                    f"{size:,} bytes encoded, more than the {self.event_bytes:,} an event may "
                    "hold; keep long text outside the log and cite it as a source (url), "
                    "or pass Timeline(limits=Limits(event_bytes=...))")

    def _text(self, event_id: str | None, path: str, text: str, *, key: bool = False) -> int:
        """The UTF-8 length of ``text``, or the error saying why no store can keep it."""
        if len(text) > self.text_chars and not key:
            raise InvalidEventError(
                event_id, path, text,
                f"{len(text):,} characters, more than the {self.text_chars:,} a text may hold; "
                "keep long text outside the log and cite it as a source (url), or pass "
                "Timeline(limits=Limits(text_chars=...))")
        size = len(text) if text.isascii() else self._encoded(event_id, path, text)
        nul = text.find("\x00")
        if nul >= 0:
            raise InvalidEventError(
                event_id, path, text,
                f"a NUL character at character {nul} is not text every store can keep "
                "(PostgreSQL refuses it); remove it")
        return size

    @staticmethod
    def _encoded(event_id: str | None, path: str, text: str) -> int:
        try:
            return len(text.encode("utf-8"))
        except UnicodeEncodeError as error:
            raise InvalidEventError(
                event_id, path, text,
                f"a lone surrogate {text[error.start]!r} at character {error.start} is not "
                "text any store can keep (it cannot be written as UTF-8); it usually comes "
                "from bytes decoded with errors='surrogateescape': decode the source as its "
                "real encoding, or remove the character") from None


def _plain_size(value: object, longest: int) -> int | None:
    """The size :meth:`Limits.check` estimates for ``value``, when every text
    in it (keys too) is ASCII, without NUL and no longer than ``longest``;
    None when one needs a closer look. No paths are built: the common case."""
    if type(value) is str:
        if len(value) > longest or not value.isascii() or "\x00" in value:
            return None
        return 6 * len(value) + 2
    if isinstance(value, Mapping):
        total = 0
        for key, item in value.items():
            name = str(key)
            if not name.isascii() or "\x00" in name:
                return None
            inner = _plain_size(item, longest)
            if inner is None:
                return None
            total += 6 * len(name) + 4 + inner
        return total
    if isinstance(value, (list, tuple)):
        total = 2 + 2 * len(value)
        for item in value:
            inner = _plain_size(item, longest)
            if inner is None:
                return None
            total += inner
        return total
    if isinstance(value, str):  # a subclass of str: the careful walk reads it
        return None
    return len(repr(value)) + 2
