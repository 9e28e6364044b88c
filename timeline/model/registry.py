"""Finding an application's own event kinds: registered once, by an entry
point or a ``module:attribute`` spec, so that the ``timeline`` command (and
any program) can open a store that holds them.

An installed package registers its kinds under the entry-point group
``timeline.event_types``; each entry names an :class:`Event` subclass, an
iterable of them, or an :class:`EventTypes`. Nothing is imported until
:func:`installed_types` is asked.

>>> load_types("timeline.model.catalog:Joined")["joined"].__name__
'Joined'
>>> load_types("nowhere.at_all:Kinds")
Traceback (most recent call last):
...
timeline.UnknownEventTypeError: cannot load event types from 'nowhere.at_all:Kinds': ...
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from importlib.metadata import entry_points

from timeline.model.errors import UnknownEventTypeError
from timeline.model.events import Event, EventTypes

__all__ = ["GROUP", "installed_types", "load_types"]

GROUP = "timeline.event_types"
"""The entry-point group under which packages register their event kinds."""


def _with(types: EventTypes, found: object, where: str) -> EventTypes:
    if isinstance(found, EventTypes):
        return types.with_types(*(found[kind] for kind in found))
    if isinstance(found, type) and issubclass(found, Event):
        return types.with_types(found)
    if isinstance(found, Iterable) and not isinstance(found, (str, bytes)):
        items = list(found)
        if all(isinstance(i, type) and issubclass(i, Event) for i in items):
            return types.with_types(*items)
    raise UnknownEventTypeError.loading(
        where, f"it is a {type(found).__name__}, not an Event subclass, a list of them or "
        "an EventTypes")


def load_types(spec: str, types: EventTypes | None = None) -> EventTypes:
    """``types`` (default: the built-in kinds) and the kinds ``spec`` names:
    ``"package.module:Attribute"``, an Event subclass, an iterable of them
    or an EventTypes."""
    types = types or EventTypes.default()
    module, _, attribute = spec.partition(":")
    if not module or not attribute:
        raise UnknownEventTypeError.loading(spec, "expected 'package.module:Attribute'")
    try:
        found = getattr(importlib.import_module(module), attribute)
    except (ImportError, AttributeError) as error:
        raise UnknownEventTypeError.loading(spec, str(error)) from None
    except Exception as error:  # a module that fails as it loads: named, never a traceback
        raise UnknownEventTypeError.loading(
            spec, f"importing {module!r} raised {type(error).__name__}: {error}") from None
    return _with(types, found, spec)


def installed_types(types: EventTypes | None = None) -> EventTypes:
    """``types`` (default: the built-in kinds) and every kind installed
    packages register under the entry-point group ``timeline.event_types``."""
    types = types or EventTypes.default()
    for entry in entry_points(group=GROUP):
        try:
            found = entry.load()
        except Exception as error:  # a broken plugin is named, never a bare traceback
            raise UnknownEventTypeError.loading(
                f"{entry.value} (entry point {entry.name!r})",
                f"{type(error).__name__}: {error}") from None
        types = _with(types, found, entry.value)
    return types
