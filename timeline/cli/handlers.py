"""What each ``timeline`` command asks of a timeline, and the answers made
plain for JSON."""

from __future__ import annotations

import argparse
import os
import stat
import sys
from collections.abc import Callable, Sequence
from typing import IO, Any, TextIO

import attrs

from timeline.answers._table import table
from timeline.answers.data import to_data
from timeline.cli.parser import LOCK_TIMEOUT_ENV
from timeline.cli.progress import Meter, Steps
from timeline.datasets import openai_exodus
from timeline.io import jsonl
from timeline.model.errors import InvalidQueryError, StoreError
from timeline.model.events import Event
from timeline.model.registry import installed_types, load_types
from timeline.stores.base import Head, redacted, sqlite_path
from timeline.timeline import Timeline

__all__ = ["CHECKPOINT_KEY", "Done", "answer_of", "backed_up", "load", "plain", "signed"]


def load(store: str | None, command: str, specs: Sequence[str] = (),
          lock_timeout: float | None = None, err: TextIO | None = None) -> Timeline:
    if not store:
        return openai_exodus()
    types = installed_types()
    for spec in specs:
        types = load_types(spec, types)
    if store.endswith(".jsonl"):  # read whole: a progress line on a terminal
        timeline = Timeline(types=types)
        with jsonl.opened(store) as stream:
            meter = Meter(err or sys.stderr, total=_size_of(stream), done=stream.tell)
            try:
                timeline.import_jsonl(stream, progress=meter)
            finally:
                meter.end()
        return timeline
    steps = Steps(err or sys.stderr)
    try:
        if command in {"import", "erase"}:  # they write: an erasure only to a store there is
            return Timeline.open(store, types=types, create=command == "import",
                                 lock_timeout=_lock_timeout(lock_timeout), progress=steps)
        return Timeline.open(store, create=False, types=types, progress=steps)
    finally:
        steps.end()


def _lock_timeout(given: float | None) -> float:
    """The import's lock timeout: --lock-timeout, else $TIMELINE_LOCK_TIMEOUT, else 30 s."""
    if given is not None:
        return given
    text = os.environ.get(LOCK_TIMEOUT_ENV, "").strip()
    if not text:
        return 30.0
    try:
        return float(text)
    except ValueError:
        raise InvalidQueryError(LOCK_TIMEOUT_ENV, text[:80], "expected a number of seconds",
                                hint=f"for example {LOCK_TIMEOUT_ENV}=30") from None


def answer_of(tl: Timeline, args: argparse.Namespace, out: TextIO, err: TextIO) -> object:
    known = getattr(args, "known", None)
    published = getattr(args, "published", None)
    view: dict[str, Any] = {"known": known, "published": published}
    if getattr(args, "min_certainty", None) is not None:
        view["min_certainty"] = args.min_certainty
    at = getattr(args, "at", None)
    handlers: dict[str, Callable[[], object]] = {
        "roster": lambda: _roster(tl, args, view),
        "overlap": lambda: tl.overlap(args.person, args.other, org=args.org, **view),
        "where": lambda: tl.where(args.person, at=at, kinds=_kinds(args.kinds), **view),
        "career": lambda: tl.career(args.person, **view),
        "org": lambda: tl.organization(args.org, at=at, **view),
        "lawsuits": lambda: tl.lawsuits(at=at, party=args.party, plaintiff=args.plaintiff,
                                        defendant=args.defendant, **view),
        "case": lambda: tl.case(args.case, at=at, **view),
        "flows": lambda: tl.flows(args.start, args.end, source=args.source,
                                  destination=args.destination, people=args.people or None,
                                  rollup=args.rollup, **view),
        "mention": lambda: _Names((tl.entity(tl.mention(args.text, at=at, known=known),
                                             known=known),)),
        "plans": lambda: tl.plans(args.entity, at=at, **view),
        "announcements": lambda: tl.announcements(args.org, start=args.start, end=args.end,
                                                  category=args.category, **view),
        "series": lambda: tl.series(args.org, args.measure, at=at, **view),
        "cohort": lambda: _cohort(tl, args, view),
        "diff": lambda: tl.diff(args.org, args.start, args.end, **view),
        "history": lambda: tl.history(args.entity, versions=args.versions, **view),
        "lineage": lambda: tl.lineage(args.event, known=known, published=published),
        "explain": lambda: _explain(tl, args, view),
        "event": lambda: tl.explain(list(args.ids), known=known, published=published),
        "changes": lambda: tl.changes(args.since, args.until, published=published),
        "names": lambda: _Names(tl.search(args.text, known=known, published=published)),
        "import": lambda: _import(tl, args, err),
        "erase": lambda: _erase(tl, args),
        "export": lambda: _export(tl, args, out),
        "chart": lambda: _chart(tl, args, view),
        "complete-names": lambda: Done("\n".join(_names_like(tl, args.word))),
        "serve": lambda: _serve(tl, args, out),
        "verify": lambda: tl.verify(args.expected, checkpoint=args.checkpoint,
                                    key=os.environ.get(CHECKPOINT_KEY)),
        "head": lambda: _head(tl, args),
        "backup": lambda: backed_up(tl.backup(args.dest), args),
    }
    return handlers[args.command]()


CHECKPOINT_KEY = "TIMELINE_CHECKPOINT_KEY"


def _head(tl: Timeline, args: argparse.Namespace) -> Done:
    """The head; written to ``--checkpoint`` with the store's identity, signed
    with the key in ``TIMELINE_CHECKPOINT_KEY`` when set."""
    if args.checkpoint is None:
        return Done(str(tl.head()))
    head = tl.checkpoint(args.checkpoint, key=os.environ.get(CHECKPOINT_KEY))
    return Done(f"{head}\nwritten to {args.checkpoint}{signed()}")


def signed() -> str:
    return " (signed)" if os.environ.get(CHECKPOINT_KEY) else ""


def _cohort(tl: Timeline, args: argparse.Namespace, view: dict[str, Any]) -> object:
    """A cohort of the people named, else of the organisation's founders, of
    the count of founders its founding states."""
    if args.people:
        return tl.cohort(args.people, args.org, at=args.at, **view)
    state = tl.organization(args.org, at=args.at, **view)
    return tl.cohort(state.founders, args.org, at=args.at, size=state.founder_count, **view)


def _kinds(text: str | None) -> object:
    """``--kinds board`` is one kind; ``--kinds employee,board`` several."""
    if text is None or "," not in text:
        return text
    return [part.strip() for part in text.split(",") if part.strip()]


def _roster(tl: Timeline, args: argparse.Namespace, view: dict[str, Any]) -> object:
    """The roster at ``--at``, or during ``--from``..``--to`` (``--to``
    defaulting to today)."""
    if args.start is None and args.end is None:
        return tl.roster(args.org, at=args.at, kinds=_kinds(args.kinds), rollup=args.rollup,
                         **view)
    if args.rollup:
        raise InvalidQueryError("--rollup", True, "a roster over a span is of one "
                                "organisation", hint="drop --rollup, or ask at one date with --at")
    if args.kinds is not None:
        raise InvalidQueryError("--kinds", args.kinds, "a roster over a span lists employees",
                                hint="drop --kinds, or ask at one date with --at")
    if args.start is None:
        raise InvalidQueryError("--to", args.end, "a span needs its first date",
                                hint="add --from DATE")
    if args.at is not None:
        raise InvalidQueryError("--at", args.at, "a roster is at a date or over a span",
                                hint="drop --at, or --from and --to")
    return tl.roster_during(args.org, args.start, args.end, **view)


@attrs.frozen(repr=False)
class Done:
    message: str

    def __repr__(self) -> str:
        return self.message


def backed_up(head: Head, args: argparse.Namespace) -> Done:
    return Done(f"backed up {head.position:,} events to {args.dest}; its head is {head}")


def _import(tl: Timeline, args: argparse.Namespace, err: TextIO) -> Done:
    if tl.store is None:
        if not args.store:
            raise InvalidQueryError("--store", "", "import writes into a store",
                                    hint="name one with --store: a SQLite file (made if "
                                    "missing) or postgresql://...")
        raise StoreError(args.store, "import needs a store it can write: a SQLite "
                         "file or postgresql://... (a .jsonl file is only read)")
    with jsonl.opened(args.file) as stream:
        meter = Meter(err, total=_size_of(stream), done=stream.tell)
        try:
            added = tl.import_jsonl(stream, progress=meter)
        except BaseException:
            meter.end()  # an error or Ctrl-C's line starts a line of its own
            raise
        meter.end(finished=True)
    return Done(f"imported {added:,} new events into {tl.store.name}; "
                 f"the log is at position {tl.position:,}")


def dry_run(args: argparse.Namespace, err: TextIO) -> Done:
    """Check a file as ``import`` would, against a copy of the store's log
    in memory (an empty log when the store does not exist yet), and say
    what it would add; the store is opened only to be read. Runtime: a
    replay of the store's log, then the import."""
    types = installed_types()
    for spec in args.types:
        types = load_types(spec, types)
    log: list[Event] = []
    if args.store:
        path = sqlite_path(args.store)
        if args.store.endswith(".jsonl"):
            raise StoreError(redacted(args.store), "import needs a store it can write: a "
                             "SQLite file or postgresql://... (a .jsonl file is only read)")
        if path is not None and not os.path.isdir(os.path.dirname(path) or "."):
            raise StoreError(path, f"the folder {os.path.dirname(path)!r} does not exist; "
                             "make it first (an import makes the store, not its folder)")
        if path is None or os.path.exists(path):
            stored = Timeline.open(args.store, create=False, types=types)
            try:
                log = list(stored)
            finally:
                stored.close()
    copy = Timeline(log, types=types)
    with jsonl.opened(args.file) as stream:
        added = copy.import_jsonl(stream)
    where = redacted(args.store) if args.store else "an empty log"
    return Done(f"{args.file} is valid: importing it into {where} would add {added:,} new "
                f"events (the log would be at position {copy.position:,}); nothing was written")


def _size_of(stream: IO[bytes]) -> int:
    """The size of an open file in bytes; 0 for a pipe or a device."""
    try:
        status = os.fstat(stream.fileno())
    except (OSError, ValueError):
        return 0
    return status.st_size if stat.S_ISREG(status.st_mode) else 0


def _erase(tl: Timeline, args: argparse.Namespace) -> Done:
    if tl.store is None:
        raise StoreError(args.store or "memory", "erase needs a store it can write: a SQLite "
                         "file or postgresql://... (a .jsonl file is only read)")
    erasure = tl.erase(args.person, sources=args.source, reason=args.reason)
    kept = ("" if tl.store.name.startswith("sqlite:") else "; PostgreSQL keeps the old row "
            "versions on disk until VACUUM FULL timeline_events (see docs/stores.md, Erasure)")
    return Done(f"erased as {erasure.pseudonym}: {len(erasure.redacted):,} events redacted in "
                f"{tl.store.name}; the log is at position {tl.position:,}{kept}")


def _export(tl: Timeline, args: argparse.Namespace, out: TextIO) -> Done:
    if args.form == "parquet":
        if args.file == "-":
            raise InvalidQueryError("file", "-", "Parquet files go in a folder, not to "
                                    "standard output", hint="give a folder's path")
        counts = tl.export_parquet(args.file)
        return Done(f"exported {counts['events.parquet']:,} events and "
                    f"{counts['tenures.parquet']:,} tenure regions to {args.file}")
    write = tl.export_ftm if args.form == "ftm" else tl.export_jsonl
    what = "entities" if args.form == "ftm" else "events"
    if args.file == "-":
        write(out)
        return Done("")
    count = write(args.file)
    return Done(f"exported {count:,} {what} to {args.file}")


def _draw_chart(tl: Timeline, args: argparse.Namespace, view: dict[str, Any]) -> Done:
    """Draw a chart and save it where ``--output`` says."""
    if args.kind == "flows":
        if args.start is None:
            raise InvalidQueryError("--from", None, "a flows chart is of a span",
                                    hint="give its first date with --from")
        if args.at is not None:
            raise InvalidQueryError("--at", args.at, "a flows chart has no date line",
                                    hint="leave --at out")
        chart = tl.chart.flows(args.start, args.end, source=args.subject, **view)
    else:
        if args.subject is None:
            what = "a person" if args.kind == "career" else "an organisation"
            raise InvalidQueryError("NAME", "", f"a {args.kind} chart is of {what}",
                                    hint=f"name {what} after '{args.kind}'")
        draw = {"roster": tl.chart.roster, "career": tl.chart.career,
                "org": tl.chart.organization}[args.kind]
        chart = draw(args.subject, args.start, args.end, at=args.at, **view)
    path = chart.save(args.output)
    return Done(f"wrote the {chart.title} ({chart.summary}) to {path}")


_CHART_OPTIONS = {"start": "--from", "end": "--to", "at": "--at", "format": "-o"}


def _chart(tl: Timeline, args: argparse.Namespace, view: dict[str, Any]) -> Done:
    """Draw a chart; an argument refused is named as the command line spells it."""
    try:
        return _draw_chart(tl, args, view)
    except InvalidQueryError as error:
        option = _CHART_OPTIONS.get(error.argument)
        if option is None:
            raise
        raise InvalidQueryError(option, error.value, error.reason, hint=error.hint) from None


def _names_like(tl: Timeline, word: str) -> list[str]:
    """The ids, names and aliases of people and organisations that begin
    with ``word`` (case aside), for the completion script."""
    folded = word.casefold()
    found = [text for entity in tl.search("") if entity.kind in ("person", "organization")
             for text in (entity.id, entity.name, *entity.aliases)
             if text.casefold().startswith(folded)]
    return sorted(dict.fromkeys(found))


def _serve(tl: Timeline, args: argparse.Namespace, out: TextIO) -> Done:
    """Serve the page until interrupted."""
    from timeline.web import serve  # noqa: PLC0415 - the web extra, imported when served

    title = redacted(args.store) if args.store else "the OpenAI-exodus dataset"
    serve(tl, host=args.host, port=args.port, title=f"timeline: {title}", out=out)
    return Done("stopped")


def _explain(tl: Timeline, args: argparse.Namespace, view: dict[str, Any]) -> object:
    roster = tl.roster(args.org, at=args.at, **view)
    published = view.get("published")
    person = tl.resolve(args.person, kind="person", known=args.known, published=published)
    for member in roster.members + roster.possible:
        if member.person == person:
            return tl.explain(member, known=args.known, published=published)
    tenures = [t for t in tl.career(person, **view) if t.org == roster.org]
    # evidence of a tenure there that the view no longer holds, and what undid it
    undone = [
        event_id
        for entry in tl.history(person, versions=True, known=args.known,
                                published=published).entries
        if not entry.held and getattr(entry.event, "org", None) == roster.org
        for event_id in dict.fromkeys((entry.event.id, *(v.by for v in entry.versions)))
    ]
    explanation = tl.explain(
        [*(e.id for e in tl.explain(tenures, known=args.known, published=published).events),
         *undone]
        if undone else tenures, known=args.known, published=published)
    return attrs.evolve(
        explanation, title=None,
        subject=f"{tl.entity(person).name} is not on the roster of {roster.name} at {roster.at}",
    )


@attrs.frozen(repr=False)
class _Names:
    entities: tuple[Any, ...]

    def __repr__(self) -> str:
        rows = [[e.id, e.kind, e.name, e.aliases] for e in self.entities]
        return table(f"{len(rows)} matching", ["id", "kind", "name", "aliases"], rows)


def plain(value: object) -> object:
    """JSON-ready data from any answer: its ``to_dict()`` (see
    :mod:`timeline.answers.data`), and the same shape for anything else."""
    return to_data(value)
