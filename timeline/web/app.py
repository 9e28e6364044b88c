"""The page's server: a read-only Starlette application over one timeline.

Every route is a GET; there is no write path. Routes:

- ``/``: the page (``static/index.html``, with its script and style);
- ``/vega.js``: Vega, Vega-Lite and Vega-Embed in one script, so the page
  draws its charts with no network;
- ``/api/meta``: the entities, and the ranges of the two sliders;
- ``/api/view?subject=&at=&known=&prev_at=&prev_known=&min_certainty=``: a roster or
  whereabouts, a chart, and what changed (:func:`timeline.web.views.view`);
- ``/api/evidence?ids=a,b&known=``: the events behind a row, with sources.

An error is JSON ``{"error": message, "type": name}``: 404 for a name the
log does not know, 400 for any other bad argument. A timeline over a store
is refreshed before each answer, so the page follows other writers.
Queries run on the event loop, one at a time: a timeline is not shared
across threads.
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Callable, Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any

from timeline.charts.chart import scripts
from timeline.model.errors import (
    InvalidQueryError,
    MissingExtraError,
    TimelineError,
    UnknownEntityError,
)
from timeline.web import views

if TYPE_CHECKING:
    from timeline.timeline import Timeline

__all__ = ["LOCAL_NAMES", "make_app"]

_STATIC = "timeline.web"


def _starlette() -> Any:
    try:
        import starlette.applications  # noqa: PLC0415 - the web extra, imported when served
        import starlette.responses  # noqa: PLC0415
        import starlette.routing  # noqa: PLC0415
    except ImportError as error:
        raise MissingExtraError("starlette", "web") from error
    return starlette


def _static(name: str) -> str:
    return resources.files(_STATIC).joinpath("static", name).read_text(encoding="utf-8")


LOCAL_NAMES = ("127.0.0.1", "localhost", "[::1]", "::1")
"""The names a request to a page on this machine alone comes by."""


def make_app(source: Timeline | Callable[[], Timeline], *,
             today: Callable[[], _dt.date] | None = None, title: str = "timeline",
             hosts: Sequence[str] = LOCAL_NAMES) -> Any:
    """The Starlette application of the page over a timeline: ``source``,
    or the one it opens on the first request (a store's connection then
    belongs to the thread that serves: SQLite's may not move between
    threads). ``today`` ends the date slider (default: today in UTC).
    Requests naming another host than ``hosts`` ("*": any) are refused,
    so a web page elsewhere cannot reach this one by a name it made point
    here (DNS rebinding)."""
    starlette = _starlette()
    responses, routing = starlette.responses, starlette.routing
    day = today or (lambda: _dt.datetime.now(_dt.UTC).date())
    opened: list[Timeline] = []

    def timeline() -> Timeline:
        if not opened:
            opened.append(source() if callable(source) else source)
        tl = opened[0]
        if tl.store is not None:
            tl.refresh()
        return tl

    def answer(make: Callable[[Timeline, Any], Any]) -> Callable[[Any], Any]:
        async def endpoint(request: Any) -> Any:
            try:
                return responses.JSONResponse(make(timeline(), request.query_params))
            except UnknownEntityError as error:
                return responses.JSONResponse(
                    {"error": str(error), "type": type(error).__name__}, status_code=404)
            except TimelineError as error:
                return responses.JSONResponse(
                    {"error": str(error), "type": type(error).__name__}, status_code=400)
            except Exception as error:  # a fault of the page's, said as every answer is
                return responses.JSONResponse(
                    {"error": f"the page failed: {type(error).__name__}: {str(error)[:200]}",
                     "type": "InternalError"}, status_code=500)
        return endpoint

    def text(name: str, media: str) -> Callable[[Any], Any]:
        async def endpoint(request: Any) -> Any:
            body = _static(name)
            if name == "index.html":
                body = body.replace("{{title}}", _escape(title))
            return responses.Response(body, media_type=media)
        return endpoint

    @functools.cache
    def bundle() -> str:
        return scripts()

    async def vega(request: Any) -> Any:
        return responses.Response(bundle(), media_type="text/javascript",
                                  headers={"Cache-Control": "max-age=86400"})

    def required(params: Any, name: str) -> str:
        value = params.get(name)
        if not value:
            raise InvalidQueryError(name, value, "the request needs it",
                                    hint=f"add {name}= to the query")
        return str(value)

    routes = [
        routing.Route("/", text("index.html", "text/html; charset=utf-8")),
        routing.Route("/app.js", text("app.js", "text/javascript")),
        routing.Route("/style.css", text("style.css", "text/css")),
        routing.Route("/vega.js", vega),
        routing.Route("/api/meta", answer(lambda tl, p: views.meta(tl, day()))),
        routing.Route("/api/view", answer(lambda tl, p: views.view(
            tl, required(p, "subject"), at=required(p, "at"), known=p.get("known"),
            prev_at=p.get("prev_at"), prev_known=p.get("prev_known"),
            min_certainty=p.get("min_certainty")))),
        routing.Route("/api/evidence", answer(lambda tl, p: views.evidence(
            tl, [i for i in required(p, "ids").split(",") if i], known=p.get("known")))),
    ]
    from starlette.middleware import Middleware  # noqa: PLC0415 - the web extra
    from starlette.middleware.trustedhost import TrustedHostMiddleware  # noqa: PLC0415

    allowed = ["*"] if "*" in hosts else [h.strip("[]") for h in hosts]
    return starlette.applications.Starlette(
        routes=routes, middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=allowed)])


def _escape(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))
