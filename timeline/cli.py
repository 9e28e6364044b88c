"""The ``timeline`` command: the Python API's questions, from a terminal.

Every command answers from the bundled OpenAI-exodus dataset unless
``--store`` names a SQLite file, a PostgreSQL URL or a JSON Lines
file. ``--json`` prints machine-readable
output. Errors are one line on standard error and a non-zero exit status:
1 for a question that cannot be answered (an unknown name, a bad date), 2 for
a malformed command line.

>>> main(["where", "Suzkwer", "--at", "2024-06-30"])
Ilya Sutskever at 2024-06-30
  organization                 role        since    status  certainty
  Safe Superintelligence Inc.  co-founder  2024-06  active  reported
0
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import decimal
import enum
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO

import attrs
import pendulum

from timeline.answers._table import table, unabridged
from timeline.answers.departures import Departure
from timeline.answers.results import Roster, Whereabouts
from timeline.datasets import openai_exodus
from timeline.model.certainty import Certainty
from timeline.model.dates import ValidDate
from timeline.model.errors import InvalidQueryError, StoreError, TimelineError
from timeline.model.events import Event, EventTypes
from timeline.model.money import Money
from timeline.model.money import plain as plain_amount
from timeline.model.registry import installed_types, load_types
from timeline.model.sources import Source
from timeline.stores import Verification, open_store
from timeline.stores.anchors import checked_against, write_checkpoint
from timeline.stores.base import Head
from timeline.timeline import Timeline

__all__ = ["main"]

EXIT_ANSWERED, EXIT_UNANSWERABLE, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit with status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"timeline: error: {message} (see 'timeline --help')\n")


def _options(parser: argparse.ArgumentParser, options: str, command: str) -> None:
    """Give a command the view options it uses (each a word in ``options``)
    and ``--store``: an option a command would ignore is not offered, so
    passing it is a usage error rather than silently dropped."""
    view = parser.add_argument_group("view")
    if "at" in options:
        view.add_argument("--at", metavar="DATE",
                          help="as of this valid date: 2024-08-19, 2024-08 or 2024 "
                          "(default: today)")
    if "known" in options:
        view.add_argument("--known", metavar="WHEN",
                          help="as known at this recorded instant or date (default: everything)")
    if "known" in options or "published" in options:
        view.add_argument("--published", metavar="WHEN",
                          help="as published at this instant or date: only the events whose "
                          "sources were out by then (default: every event)")
    if "certainty" in options:
        view.add_argument("--min-certainty", metavar="LEVEL",
                          choices=[c.value for c in Certainty],
                          help="the least certainty an event needs to count: rumored, "
                          "reported or confirmed (default: "
                          + ("rumored, every event" if command == "history" else "reported")
                          + ")")
    view.add_argument("--store", metavar="STORE",
                      help="a SQLite file, sqlite:///path, postgresql://... or a .jsonl file "
                      "(default: the bundled OpenAI-exodus dataset)")
    view.add_argument("--types", metavar="MODULE:ATTR", action="append", default=[],
                      help="an application's event kinds, as package.module:Attribute (an "
                      "Event subclass, a list of them or an EventTypes); repeatable. Kinds "
                      "installed packages register under 'timeline.event_types' are read too")
    if "json" in options:
        view.add_argument("--json", action="store_true", help="print JSON instead of tables")


def _arg(*flags: str, **options: Any) -> tuple[tuple[str, ...], dict[str, Any]]:
    return flags, options


_DATED = "at known certainty json"  # a question about one date
_KINDS = ("the kinds of affiliation, comma-separated: employee (the default), board, "
          "advisor, founder (a founder who is not an employee), or all")
_SPANNING = "known certainty json"  # a question over a span of dates, or all of them

_LOCK_TIMEOUT = "TIMELINE_LOCK_TIMEOUT"

_COMMANDS: tuple[tuple[str, str, tuple[tuple[tuple[str, ...], dict[str, Any]], ...], str], ...] = (
    ("roster", "who was on an organisation's roster (at a date, or at any time in a span)",
     (_arg("org"),
      _arg("--from", dest="start", metavar="DATE",
           help="who was there at any time from this date (to --to, default today)"),
      _arg("--to", dest="end", metavar="DATE", help="the span's last date (needs --from)"),
      _arg("--kinds", metavar="KINDS", help=_KINDS),
      _arg("--rollup", action="store_true",
           help="add the organisations inside it on the date (a lab inside a company)")),
     _DATED),
    ("overlap", "whether two people were at one organisation together, where and when",
     (_arg("person"), _arg("other", metavar="PERSON"),
      _arg("--org", metavar="ORG", help="only at this organisation")), _SPANNING),
    ("where", "where a person was",
     (_arg("person"), _arg("--kinds", metavar="KINDS", help=_KINDS)), _DATED),
    ("career", "a person's tenures in order", (_arg("person"),), _SPANNING),
    ("org", "the state of an organisation: founders, members, money, lawsuits",
     (_arg("org"),), _DATED),
    ("lawsuits", "open lawsuits, each with its status history",
     (_arg("--party", metavar="NAME", help="a party on either side"),
      _arg("--plaintiff", metavar="NAME", help="a party that brought the case"),
      _arg("--defendant", metavar="NAME", help="a party the case is against")), _DATED),
    ("case", "one lawsuit's status and history", (_arg("case"),), _DATED),
    ("flows", "who left for where between two dates, and what alumni founded",
     (_arg("start", metavar="START", help="the window's first date: 2024-05-01, 2024-05 or 2024"),
      _arg("end", metavar="END", help="the window's last date"),
      _arg("--source", "--from", dest="source", metavar="ORG",
           help="only departures from this organisation, and what its former members "
           "founded (--from is the older name)"),
      _arg("--destination", "--to", dest="destination", metavar="ORG",
           help="only departures to this organisation, stated or inferred, and foundings "
           "of it (--to is the older name)"),
      _arg("--people", nargs="+", metavar="PERSON",
           help="only the departures and foundings of these people (a group's name "
           "stands for its members)"),
      _arg("--rollup", action="store_true",
           help="--source and --destination stand for the organisations inside them too; "
           "a move between two of them is no flow")),
     _SPANNING),
    ("cohort", "how many of a set of people remain at an organisation",
     (_arg("org"), _arg("people", nargs="*", metavar="PERSON",
                        help="the cohort (default: the organisation's founders)")), _DATED),
    ("diff", "who joined, left or changed role between two dates",
     (_arg("org"), _arg("start"), _arg("end")), _SPANNING),
    ("history", "every event about a person or organisation, with sources",
     (_arg("entity"),
      _arg("--versions", action="store_true",
           help="every version of every fact, retracted ones too: when each was recorded, "
           "when and by which correction superseded, on whose word")), _SPANNING),
    ("lineage", "every version of one fact: when recorded, when and by what superseded",
     (_arg("event", metavar="ID"),), "known json"),
    ("explain", "why a person is (or is not) on an organisation's roster",
     (_arg("person"), _arg("org")), _DATED),
    ("event", "events by id, with their sources", (_arg("ids", nargs="+", metavar="ID"),),
     "known json"),
    ("changes", "what the log learned between two recorded times",
     (_arg("--since", metavar="WHEN"), _arg("--until", metavar="WHEN")), "published json"),
    ("names", "people and organisations whose names match", (_arg("text"),), "known json"),
    ("mention", "the entity a phrase from running text mentions ('former CTO Murati')",
     (_arg("text"),), "at known json"),
    ("plans", "what was planned about a person or organisation, and what became of it",
     (_arg("entity"),), _DATED),
    ("announcements", "what organisations announced over a span",
     (_arg("org", nargs="?", help="one organisation (default: every one)"),
      _arg("--from", dest="start", metavar="DATE", help="the span's first date"),
      _arg("--to", dest="end", metavar="DATE", help="the span's last date (default today)"),
      _arg("--category", metavar="KIND", help="product, model, job posting or other")),
     _SPANNING),
    ("series", "a measure reported for an organisation over time (employees, users...)",
     (_arg("org"), _arg("measure", nargs="?", help="one measure (default: every one)")),
     _DATED),
    ("import", "append a JSON Lines file to a store, whole or not at all",
     (_arg("file"),
      _arg("--lock-timeout", metavar="SECONDS", type=float,
           help="how long to wait for another writer's lock before giving up (default: "
           f"${_LOCK_TIMEOUT}, or 30)")), ""),
    ("backup", "copy a store to a new SQLite file, consistently, while writers go on",
     (_arg("dest", help="the copy's path; nothing may be there yet"),), ""),
    ("export", "write a store's events as JSON Lines ('-' for stdout)", (_arg("file"),), ""),
    ("verify", "check a store's hash chain, and against a head kept outside it",
     (_arg("--expected", metavar="POSITION:HASH",
           help="a head printed by `timeline head` and kept elsewhere"),
      _arg("--checkpoint", metavar="FILE",
           help="a checkpoint `timeline head --checkpoint` wrote (signed ones need "
           "TIMELINE_CHECKPOINT_KEY)")), "json"),
    ("head", "where the log ends (position:hash), to keep outside the store",
     (_arg("--checkpoint", metavar="FILE",
           help="also write it to this checkpoint file, signed with TIMELINE_CHECKPOINT_KEY "
           "when that is set"),), ""),
)


def build_parser() -> argparse.ArgumentParser:
    """The command-line grammar."""
    parser = _Parser(
        prog="timeline",
        description="Ask a timeline of people and organisations what held at any date.",
        epilog="Example: timeline roster OpenAI --at 2024-08-19",
    )
    commands: Any = parser.add_subparsers(
        dest="command", metavar="COMMAND", required=True, parser_class=_Parser
    )

    for name, help_, arguments, options in _COMMANDS:
        sub: argparse.ArgumentParser = commands.add_parser(name, help=help_, description=help_)
        for flags, settings in arguments:
            sub.add_argument(*flags, **settings)
        _options(sub, options, name)
    return parser


def _load(store: str | None, command: str, specs: Sequence[str] = (),
          lock_timeout: float | None = None) -> Timeline:
    if not store:
        return openai_exodus()
    types = installed_types()
    for spec in specs:
        types = load_types(spec, types)
    if store.endswith(".jsonl"):
        return Timeline.from_jsonl(store, types=types)
    if command == "import":
        return Timeline.open(store, types=types, lock_timeout=_lock_timeout(lock_timeout))
    return Timeline.open(store, create=False, types=types)


def _lock_timeout(given: float | None) -> float:
    """The import's lock timeout: --lock-timeout, else $TIMELINE_LOCK_TIMEOUT, else 30 s."""
    if given is not None:
        return given
    text = os.environ.get(_LOCK_TIMEOUT, "").strip()
    if not text:
        return 30.0
    try:
        return float(text)
    except ValueError:
        raise InvalidQueryError(_LOCK_TIMEOUT, text[:80], "expected a number of seconds",
                                hint=f"for example {_LOCK_TIMEOUT}=30") from None


def _answer(tl: Timeline, args: argparse.Namespace, out: TextIO, err: TextIO) -> object:
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
        "export": lambda: _export(tl, args, out),
        "verify": lambda: tl.verify(args.expected, checkpoint=args.checkpoint,
                                    key=os.environ.get(_KEY)),
        "head": lambda: _head(tl, args),
        "backup": lambda: _backed_up(tl.backup(args.dest), args),
    }
    return handlers[args.command]()


_KEY = "TIMELINE_CHECKPOINT_KEY"


def _head(tl: Timeline, args: argparse.Namespace) -> _Done:
    """The head; written to ``--checkpoint`` with the store's identity, signed
    with the key in ``TIMELINE_CHECKPOINT_KEY`` when set."""
    if args.checkpoint is None:
        return _Done(str(tl.head()))
    head = tl.checkpoint(args.checkpoint, key=os.environ.get(_KEY))
    return _Done(f"{head}\nwritten to {args.checkpoint}{_signed()}")


def _signed() -> str:
    return " (signed)" if os.environ.get(_KEY) else ""


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
class _Done:
    message: str

    def __repr__(self) -> str:
        return self.message


def _backed_up(head: Head, args: argparse.Namespace) -> _Done:
    return _Done(f"backed up {head.position:,} events to {args.dest}; its head is {head}")


def _import(tl: Timeline, args: argparse.Namespace, err: TextIO) -> _Done:
    if tl.store is None:
        raise StoreError("memory", "import needs --store: a SQLite file or postgresql://...")
    shown = err.isatty()

    def progress(count: int) -> None:
        if shown:
            print(f"\rread {count:,} events", end="", file=err, flush=True)

    added = tl.import_jsonl(args.file, progress=progress)
    if shown:
        print(file=err)
    return _Done(f"imported {added:,} new events into {tl.store.name}; "
                 f"the log is at position {tl.position:,}")


def _export(tl: Timeline, args: argparse.Namespace, out: TextIO) -> _Done:
    if args.file == "-":
        tl.export_jsonl(out)
        return _Done("")
    count = tl.export_jsonl(args.file)
    return _Done(f"exported {count:,} events to {args.file}")


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


def _plain(value: object) -> object:
    """JSON-ready data from any answer."""
    if isinstance(value, Event):
        return EventTypes.default().encode(value)
    if isinstance(value, decimal.Decimal):
        return plain_amount(value)
    if isinstance(value, ValidDate):
        return str(value)
    if isinstance(value, (pendulum.DateTime, _dt.date)):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (Money, Source)):
        return value.to_dict()
    if isinstance(value, (Roster, Whereabouts)):
        return {name: _plain(part) for name, part in value.fields().items()}
    kind: Any = type(value)
    if attrs.has(kind):
        plain = {f.name: _plain(getattr(value, f.name)) for f in attrs.fields(kind)}
        if isinstance(value, Departure):  # so a reader need not derive it
            plain["stated_destination"] = value.stated_destination
        return plain
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None,
         stderr: TextIO | None = None) -> int:
    """Run the command line; return its exit status.

    A reader that closes standard output early (``timeline export - | head``)
    ends the command quietly, with status 0.
    """
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        return _main(argv, out, err)
    except BrokenPipeError:
        if out is sys.stdout:
            # the interpreter flushes stdout at exit: point it at nothing, so
            # that flush does not fail again on the closed pipe
            with contextlib.suppress(OSError, ValueError):
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())
        return EXIT_ANSWERED


_ROWS = frozenset({"verify", "head", "backup"})  # answered from the stored rows


def _from_rows(args: argparse.Namespace) -> object:
    """Verify, head and backup read a store's rows without replaying them: a
    tampered row must be reported, not fail the replay."""
    store = open_store(args.store, create=False)
    try:
        if args.command == "verify":
            expected = None if args.expected is None else Head.parse(args.expected)
            if args.checkpoint is not None:
                expected, other = checked_against(args.checkpoint, os.environ.get(_KEY),
                                                  store.identity())
                if other is not None:
                    return other
            return store.verify(expected)
        if args.command == "head":
            if args.checkpoint is None:
                return _Done(str(store.last()))
            head = write_checkpoint(args.checkpoint, store.last(), os.environ.get(_KEY),
                                    store.identity())
            return _Done(f"{head}\nwritten to {args.checkpoint}{_signed()}")
        return _backed_up(store.backup(args.dest), args)
    finally:
        store.close()


def _main(argv: Sequence[str] | None, out: TextIO, err: TextIO) -> int:
    parser = build_parser()
    try:
        # usage errors and --help go where this call's output goes
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    answer: object
    try:
        if args.command in _ROWS and args.store and not args.store.endswith(".jsonl"):
            answer = _from_rows(args)
        else:
            timeline = _load(args.store, args.command, args.types,
                             getattr(args, "lock_timeout", None))
            try:
                answer = _answer(timeline, args, out, err)
            finally:
                timeline.close()
    except BrokenPipeError:
        raise
    except (TimelineError, OSError) as error:
        notes = getattr(error, "__notes__", ())
        message = " ".join(" ".join([str(error), *notes]).split())
        print(f"timeline: error: {message}", file=err)
        return EXIT_UNANSWERABLE
    if isinstance(answer, Verification) and not answer.ok:
        print(repr(answer), file=out)
        return EXIT_UNANSWERABLE
    if isinstance(answer, _Done):
        if answer.message:
            print(answer.message, file=out)
    elif getattr(args, "json", False):
        print(json.dumps(_plain(answer), ensure_ascii=False, indent=2), file=out)
    else:
        with unabridged():
            print(repr(answer), file=out)
    return EXIT_ANSWERED


def run() -> None:
    """The console-script entry point."""
    try:
        sys.exit(main())
    except BrokenPipeError:
        sys.exit(EXIT_ANSWERED)
    except KeyboardInterrupt:
        # a batch or an import cut short is rolled back before this is reached
        print("timeline: interrupted; nothing unfinished was written", file=sys.stderr)
        sys.exit(EXIT_INTERRUPTED)
