"""Heads kept outside a store: checkpoint files, signed or not, and the
chain of a log held in memory.

A chain anchored only inside a database proves nothing to someone who can
rewrite the database, triggers and all: they can re-chain every row and
set the head. A head the user keeps elsewhere (printed by ``timeline
head``, or written to a checkpoint file, signed with an HMAC key the store
never sees) lets ``verify`` notice that the log up to it was rewritten or
cut short. See "Tamper evidence" in docs/stores.md.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Iterable
from pathlib import Path

from timeline.model.errors import InvalidQueryError
from timeline.stores._rows import GENESIS, digest, link
from timeline.stores.base import Head, Verification

__all__ = ["MemoryChain", "checked_against", "read_checkpoint", "write_checkpoint"]

_FIELDS = frozenset({"position", "hash", "hmac", "store"})


def _signature(head: Head, key: bytes, store: str | None = None) -> str:
    text = str(head) if store is None else f"{head}@{store}"
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def _key(key: str | bytes | None) -> bytes | None:
    return key.encode("utf-8") if isinstance(key, str) else key


def write_checkpoint(path: str | os.PathLike[str], head: Head,
                     key: str | bytes | None = None, store: str | None = None) -> Head:
    """Write ``head`` (of the store whose identity is ``store``, if any) to a
    checkpoint file, signed with ``key`` when given (HMAC-SHA256 over
    ``position:hash``, and ``@store``). The file is replaced whole."""
    data: dict[str, object] = {"position": head.position, "hash": head.hash}
    if store is not None:
        data["store"] = store
    secret = _key(key)
    if secret is not None:
        data["hmac"] = _signature(head, secret, store)
    target = Path(path)
    temporary = target.with_name(target.name + ".tmp")
    try:
        temporary.write_text(json.dumps(data) + "\n", encoding="utf-8")
        temporary.replace(target)
    except OSError as error:
        raise InvalidQueryError("checkpoint", str(path), f"cannot write it: {error.strerror}",
                                hint="give a path in a folder you can write") from None
    return head


def read_checkpoint(path: str | os.PathLike[str],
                    key: str | bytes | None = None) -> tuple[Head, str | None]:
    """The head a checkpoint file holds and the identity of the store it was
    taken of (None in memory), its signature checked with ``key``.

    A signed checkpoint needs the key; a wrong key or an altered file is an
    :class:`~timeline.InvalidQueryError` saying so, as is a file that is no
    checkpoint."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise InvalidQueryError("checkpoint", str(path), f"cannot read it: {error.strerror}",
                                hint="give the file `timeline head --checkpoint` wrote") from None
    except ValueError:
        data = None
    if not isinstance(data, dict) or not {"position", "hash"} <= set(data) <= _FIELDS:
        raise InvalidQueryError("checkpoint", str(path), "it is no checkpoint: expected "
                                "{'position', 'hash'} and, when signed, 'hmac'",
                                hint="give the file `timeline head --checkpoint` wrote")
    head = Head.parse(f"{data['position']}:{data['hash']}")
    store = data.get("store")
    store = None if store is None else str(store)
    signature = data.get("hmac")
    secret = _key(key)
    if signature is None and secret is not None:
        raise InvalidQueryError("checkpoint", str(path), "it is not signed, though a key was "
                                "given: anyone able to write it could have written it",
                                hint="take a signed one with the key (timeline head "
                                "--checkpoint with TIMELINE_CHECKPOINT_KEY set)")
    if signature is not None:
        if secret is None:
            raise InvalidQueryError("checkpoint", str(path), "it is signed; give its key",
                                    hint="key= (or TIMELINE_CHECKPOINT_KEY on the "
                                    "command line)")
        if not hmac.compare_digest(str(signature), _signature(head, secret, store)):
            raise InvalidQueryError("checkpoint", str(path), "its signature does not match: "
                                    "the file was altered, or the key is not the one it was "
                                    "signed with", hint="check the key")
    return head, store


def checked_against(path: str | os.PathLike[str], key: str | bytes | None,
                    identity: str | None) -> tuple[Head, Verification | None]:
    """The head a checkpoint holds; and, when it was taken of a store other
    than the one whose identity is ``identity``, the failed verification
    that says so (a store replaced by another, even holding the same log)."""
    head, taken_of = read_checkpoint(path, key)
    if identity is None or taken_of == identity or (taken_of is None and key is None):
        return head, None
    if taken_of is None:
        return head, Verification(
            False, 0, 1, "the checkpoint names no store, though it is signed for one: it was "
            "taken in memory, or by an earlier release; take a new one of this store")
    return head, Verification(
        False, 0, 1, f"the checkpoint was taken of another store (identity {taken_of}), not "
        f"this one ({identity}): the store was replaced, or the checkpoint is another's (a "
        "backup of a PostgreSQL store is a new store: check it with its head, --expected)")


class MemoryChain:
    """The hash chain of a log held in memory, worked out as far as it was
    last asked for and kept, so that a later walk can disagree with it."""

    def __init__(self) -> None:
        self._head = Head(0, GENESIS)
        self._redacted: dict[int, str] = {}  # position -> the digest before redaction
        self._by: dict[int, int] = {}  # position -> the erasure that last redacted it

    def redact(self, digests: dict[int, str], by: int) -> None:
        """Keep the digests the payloads at these positions had before the
        erasure at ``by`` redacted them: the chain goes on over them."""
        self._redacted.update((at, value) for at, value in digests.items()
                              if at not in self._redacted)
        self._by.update(dict.fromkeys(digests, by))

    def _digest(self, position: int, payload: dict[str, object]) -> str:
        return self._redacted.get(position) or digest(payload)

    @property
    def position(self) -> int:
        """The last position chained so far."""
        return self._head.position

    def head(self, payloads: Iterable[tuple[int, dict[str, object]]]) -> Head:
        """The head after chaining ``payloads`` (position, encoded event) past
        the last one chained. Runtime: O(new events)."""
        previous, position = self._head.hash, self._head.position
        for at, payload in payloads:
            previous, position = link(previous, at, self._digest(at, payload)), at
        self._head = Head(position, previous)
        return self._head

    def verify(self, payloads: Iterable[tuple[int, dict[str, object]]],
               expected: Head | None = None) -> Verification:
        """Walk the whole chain again; fail where it disagrees with the head
        kept when it was last asked for, or with ``expected``."""
        kept = self._head if self._head.position else None
        previous, checked = GENESIS, 0
        for position, payload in payloads:
            previous = link(previous, position, self._digest(position, payload))
            for head, whose in ((kept, "kept when it was last asked for"),
                                (expected, "kept outside the log")):
                if head is not None and head.position == position and head.hash != previous:
                    return Verification(False, checked, position,
                                        f"the chain here does not match the head {whose}: "
                                        "an event up to here was changed")
            checked += 1
        if expected is not None:
            since = [at for at, by in sorted(self._by.items())
                     if at <= expected.position < by]
            if since:
                return Verification(
                    False, checked, since[0], f"its payload was redacted by the erasure at "
                    f"position {self._by[since[0]]}, after the head kept outside the log: if "
                    "that erasure is yours, keep a new head")
        if expected is not None and expected.position > checked:
            return Verification(False, checked, checked + 1,
                                f"the log ends at {checked}, before the head kept outside it "
                                f"({expected.position})")
        if kept is None and expected is None and checked:
            return Verification(True, checked, None, "nothing kept to compare the chain with: "
                                "keep head() and pass it as expected=", self.redacted)
        return Verification(True, checked, None, "", self.redacted)

    @property
    def redacted(self) -> tuple[int, ...]:
        """The positions an erasure redacted, in order."""
        return tuple(sorted(self._redacted))
