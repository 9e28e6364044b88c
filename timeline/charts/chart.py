"""A chart of an answer: the rows it draws, and the Vega-Lite picture of
them, which displays itself in Jupyter and saves as SVG, PNG, PDF,
self-contained HTML or its JSON specification.

The picture is built by Altair and rendered by vl-convert (the ``charts``
extra), both imported only when a picture is asked for: the rows are
plain data, there without either.
"""

from __future__ import annotations

import importlib
import json
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from timeline.model.errors import ExportError, InvalidQueryError, MissingExtraError

__all__ = ["FORMATS", "Chart", "altair", "scripts", "vegalite_version"]

_MAX_SCALE = 20  # pixels a point: beyond, a chart is hundreds of megabytes

FORMATS = ("svg", "png", "pdf", "html", "json")
"""The formats :meth:`Chart.save` writes, named by the file's suffix."""


def altair() -> Any:
    """The ``altair`` module, or :class:`MissingExtraError` naming the extra."""
    return _module("altair")


def vegalite_version() -> str | None:
    """The Vega-Lite version Altair writes, as vl-convert names it
    (``"6.4"``), or None when vl-convert has not that one (its latest)."""
    wanted = ".".join(altair().SCHEMA_VERSION.lstrip("v").split(".")[:2])
    return wanted if wanted in _module("vl_convert").get_vegalite_versions() else None


def scripts() -> str:
    """Vega, Vega-Lite and Vega-Embed in one script, for a page that draws
    charts with no network (``vegaEmbed`` on ``window``)."""
    bundle: str = _module("vl_convert").javascript_bundle(vl_version=vegalite_version())
    return bundle


def _module(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError as error:
        raise MissingExtraError(name, "charts") from error


class Chart:
    """A picture of an answer, and the rows it draws.

    ``rows`` are the marks as data, one dict per bar, point, band or line,
    each naming its ``layer``: what the picture shows, readable and
    testable without drawing it. ``altair`` is the Altair chart, to
    restyle or compose; ``spec`` its Vega-Lite specification. In Jupyter a
    chart displays itself; :meth:`save` writes it by the file's suffix.
    Drawing needs the ``charts`` extra (``pip install 'bitemporal-timeline[charts]'``).
    Rendering takes about a second the first time in a process (vl-convert
    starts its JavaScript engine), then tens of milliseconds a chart.

    Each row's ``start`` and ``end`` are ISO days, ``end`` the day after
    the last it covers. John Schulman joined OpenAI in December 2015 and
    left in August 2024 (months: his bars fade in and out over them):

    >>> from timeline import Timeline
    >>> chart = Timeline.example().chart.career("Schulman", end="2024-12-31")
    >>> chart
    <Chart career of John Schulman, 2015-12-11 to 2024-12-31: 2 tenures>
    >>> for row in chart.layer("bar") + chart.layer("fade-in") + chart.layer("fade-out"):
    ...     print(row["row"], row["layer"], row["start"], row["end"])
    OpenAI bar 2015-12-31 2024-08-01
    Anthropic bar 2024-08-31 2025-01-01
    OpenAI fade-in 2015-12-11 2015-12-31
    Anthropic fade-in 2024-08-01 2024-08-31
    OpenAI fade-out 2024-08-01 2024-08-31
    """

    __slots__ = ("_build", "_built", "kind", "rows", "summary", "title")

    def __init__(self, kind: str, title: str, summary: str,
                 rows: Sequence[Mapping[str, Any]], build: Callable[[], Any]) -> None:
        self.kind = kind
        self.title = title
        self.summary = summary
        self.rows: tuple[Mapping[str, Any], ...] = tuple(rows)
        self._build = build
        self._built: Any = None

    def __repr__(self) -> str:
        return f"<Chart {self.title}: {self.summary}>"

    def layer(self, name: str) -> tuple[Mapping[str, Any], ...]:
        """The rows of one layer (``"bar"``, ``"fade-in"``, ``"leave"`` ...)."""
        return tuple(row for row in self.rows if row["layer"] == name)

    @property
    def altair(self) -> Any:
        """The Altair chart (built once, on first use)."""
        if self._built is None:
            self._built = self._build()
        return self._built

    @property
    def spec(self) -> dict[str, Any]:
        """The Vega-Lite specification, data inline, as a dict. Altair does
        not check it against Vega-Lite's schema here (that took half the
        time of a large chart): the tests check every kind of chart's."""
        spec: dict[str, Any] = self.altair.to_dict(validate=False)
        return spec

    def _convert(self, target: str, **options: Any) -> Any:
        vlc = _module("vl_convert")
        spec = self.spec
        convert = getattr(vlc, f"vegalite_to_{target}")
        try:
            return convert(spec, vl_version=vegalite_version(), **options)
        except Exception as error:  # vl-convert raises bare ValueErrors
            raise ExportError(f"<{self.title}>", f"could not render {target}: "
                              f"{str(error)[:200]}") from error

    def to_svg(self) -> str:
        """The picture as SVG text, rendered offline."""
        svg: str = self._convert("svg", allowed_base_urls=[])
        return svg

    def to_png(self, *, scale: float = 2.0) -> bytes:
        """The picture as PNG bytes, ``scale`` pixels a point (more than 0)."""
        if not isinstance(scale, (int, float)) or not 0 < scale <= _MAX_SCALE:
            raise InvalidQueryError("scale", scale, f"not a scale from 0 to {_MAX_SCALE}",
                                    hint="2 draws two pixels a point, for sharp screens")
        png: bytes = self._convert("png", scale=scale, allowed_base_urls=[])
        return png

    def to_pdf(self) -> bytes:
        """The picture as PDF bytes."""
        pdf: bytes = self._convert("pdf", allowed_base_urls=[])
        return pdf

    def to_html(self) -> str:
        """A self-contained HTML page: the scripts that draw the chart are
        inside it, so it opens with no network."""
        html: str = self._convert("html", bundle=True)
        title = self.title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return html.replace("<title>Chart</title>", f"<title>{title}</title>", 1)

    def save(self, path: str | os.PathLike[str], *, format: str | None = None,
             scale: float = 2.0) -> Path:
        """Write the picture to ``path``, in the format its suffix names
        (``.svg``, ``.png``, ``.pdf``, ``.html``, ``.json`` for the Vega-Lite
        specification) or ``format``. The file is written whole or not at
        all: into a partial file beside it, then moved into place. Returns
        the path written."""
        target = Path(path)
        kind = (format or target.suffix.lstrip(".")).lower()
        if kind not in FORMATS:
            raise InvalidQueryError(
                "format", format or str(target), "not a format a chart is saved in",
                hint=f"end the file's name with one of .{', .'.join(FORMATS)}")
        if not target.parent.is_dir():
            raise ExportError(target, f"the folder {str(target.parent)!r} does not exist")
        content: str | bytes
        if kind == "json":
            content = json.dumps(self.spec, indent=2, ensure_ascii=False) + "\n"
        elif kind == "png":
            content = self.to_png(scale=scale)
        else:
            content = getattr(self, f"to_{kind}")()
        partial = target.with_name(f".{target.name}.partial")
        try:
            if isinstance(content, str):
                partial.write_text(content, encoding="utf-8")
            else:
                partial.write_bytes(content)
            partial.replace(target)
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise ExportError(target, error.strerror or str(error)) from error
        return target

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> Any:
        """Jupyter's display: the Altair chart's own (Vega-Lite), or this
        chart's repr when Altair is not installed."""
        try:
            chart = self.altair
        except MissingExtraError:
            return {"text/plain": repr(self)}
        return chart._repr_mimebundle_(include, exclude)
