"""Talent flows as a Sankey diagram: organisations people left on the
left, where they went on the right, one band per kind of flow as wide as
the people in it.

A band is a departure whose destination the log names ("left for"), one
only inferred from the person's next tenure ("left for, inferred"), one
whose date only possibly falls in the span ("possibly left for"), or an
organisation former members founded ("founded"; "possibly founded" when
its date only possibly falls in the span). Vega-Lite has no Sankey
layout: the bands' positions are worked out here (each node's bands
stacked in the other side's order, so few cross) and each band drawn as
an area between two smooth curves. See docs/charts.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from timeline.answers.departures import Departure, Flows
from timeline.charts.chart import Chart, altair
from timeline.charts.marks import finish, nothing
from timeline.model.certainty import Certainty

__all__ = ["KINDS", "flow_chart"]

KINDS = {"left for": "#3182bd", "left for, inferred": "#9ecae1",
         "possibly left for": "#bdbdbd", "rumoured to leave for": "#fd8d3c",
         "founded": "#31a354", "possibly founded": "#a1d99b"}
"""Each kind of band, and its colour."""

UNKNOWN = "destination unknown"
_STEPS = 24  # points along each band's edges
_NODE = 0.035  # a node's width, in the diagram's units (0: sources, 1: destinations)


def _flow(departure: Departure, kind: str) -> tuple[str, str, str, str]:
    to = departure.destination_name if departure.destination is not None else UNKNOWN
    if departure.certainty is Certainty.RUMORED:
        kind = "rumoured to leave for"
    elif kind == "left for" and departure.inferred:
        kind = "left for, inferred"
    return departure.org_name, to or UNKNOWN, kind, departure.name


def _links(flows: Flows) -> list[dict[str, Any]]:
    """One row per band: from, to, kind, and the people in it. A person
    who left for nowhere the log names (or for the organisation they
    founded) and founded one is one move, to what they founded."""
    foundings = (*flows.foundings, *flows.possible_foundings)
    founded = {(f.founder, f.alumni_of): f.org for f in foundings}

    def moved(departure: Departure) -> bool:
        org = founded.get((departure.person, departure.org))
        return org is None or departure.destination not in (None, org)

    found: dict[tuple[str, str, str], list[str]] = {}
    moves = [_flow(d, "left for") for d in flows.departures if moved(d)]
    moves += [_flow(d, "possibly left for") for d in flows.possible if moved(d)]
    moves += [(f.alumni_of_name, f.org_name, "founded", f.name) for f in flows.foundings]
    moves += [(f.alumni_of_name, f.org_name, "possibly founded", f.name)
              for f in flows.possible_foundings]
    for frm, to, kind, person in moves:
        found.setdefault((frm, to, kind), []).append(person)
    return [{"layer": "link", "from": frm, "to": to, "kind": kind, "count": len(people),
             "people": ", ".join(sorted(set(people)))}
            for (frm, to, kind), people in found.items()]


def _order(links: list[dict[str, Any]], side: str) -> list[str]:
    totals: dict[str, int] = {}
    for link in links:
        totals[link[side]] = totals.get(link[side], 0) + link["count"]
    return sorted(totals, key=lambda node: (node == UNKNOWN, -totals[node], node))


def _layout(links: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The nodes (stacked with gaps) and each band's edges as points."""
    sources, targets = _order(links, "from"), _order(links, "to")
    kinds = list(KINDS)
    gap = max(1.0, sum(link["count"] for link in links) * 0.06)
    nodes: list[dict[str, Any]] = []
    tops: dict[tuple[str, str], float] = {}
    for side, names, x in (("from", sources, 0.0), ("to", targets, 1.0)):
        cursor = 0.0
        for name in names:
            size = sum(link["count"] for link in links if link[side] == name)
            nodes.append({"layer": "node", "node": name, "side": side, "count": size,
                          "x": x - _NODE if x == 0 else x, "x2": x if x == 0 else x + _NODE,
                          "y": cursor, "y2": cursor + size,
                          "text": f"{name} ({size})"})
            tops[side, name] = cursor
            cursor += size + gap
    other = {"from": ("to", targets), "to": ("from", sources)}
    edge: dict[tuple[int, str], float] = {}
    for side in ("from", "to"):
        key, names = other[side]
        ordered = sorted(range(len(links)), key=lambda i: (
            names.index(links[i][key]), kinds.index(links[i]["kind"])))
        for i in ordered:
            node = links[i][side]
            edge[i, side] = tops[side, node]
            tops[side, node] += links[i]["count"]
    points = []
    for i, link in enumerate(links):
        left, right = edge[i, "from"], edge[i, "to"]
        for step in range(_STEPS + 1):
            t = step / _STEPS
            eased = t * t * (3 - 2 * t)
            top = left + (right - left) * eased
            points.append({"layer": "band", "link": i, "x": t, "y": top,
                           "y2": top + link["count"], **{k: link[k] for k in (
                               "from", "to", "kind", "count", "people")}})
    return nodes, points


def flow_chart(flows: Flows, view: Iterable[str]) -> Chart:
    """The Sankey diagram of a flows answer."""
    links = _links(flows)
    nodes, bands = _layout(links) if links else ([], [])
    names = dict(flows.names)
    where = f"from {names.get(flows.source, flows.source)}" if flows.source else ""
    title = " ".join(filter(None, ("flows", where, f"{flows.start} to {flows.end}")))
    people = sum(link["count"] for link in links)
    rows = [*links, *nodes, *bands]
    subtitle = [*view, ("a band's width: its people · pale: a destination only inferred, "
                        "or a date only possibly in the span · orange: rumoured · green: "
                        "what former members founded (the move of a founder who left for "
                        "nowhere named)")]
    return Chart("flows", title, f"{_count(people, 'move')} in {_count(len(links), 'band')}",
                 rows,
                 lambda: _draw(title, subtitle, rows))


def _draw(title: str, subtitle: list[str], rows: list[dict[str, Any]]) -> Any:
    alt = altair()
    data = alt.Data(values=rows)
    x = alt.X("x:Q", scale=alt.Scale(domain=[-0.75, 1.75]), axis=None)
    y = alt.Y("y:Q", scale=alt.Scale(reverse=True, zero=True), axis=None)
    base = alt.Chart()
    if not any(row["layer"] == "link" for row in rows):
        return nothing(alt, title, subtitle, "no one left in this span")
    colour = alt.Color("kind:N", title=None, scale=alt.Scale(
        domain=list(KINDS), range=list(KINDS.values())), legend=alt.Legend(orient="bottom"))
    bands = base.transform_filter("datum.layer == 'band'").mark_area(
        opacity=0.6, interpolate="monotone").encode(
        x=x, y=y, y2="y2:Q", detail="link:N", color=colour, tooltip=[
            alt.Tooltip("from:N"), alt.Tooltip("to:N"), alt.Tooltip("kind:N"),
            alt.Tooltip("count:Q"), alt.Tooltip("people:N")])
    nodes = base.transform_filter("datum.layer == 'node'")
    boxes = nodes.mark_rect(color="#444").encode(
        x=x, x2="x2:Q", y=y, y2="y2:Q",
        tooltip=[alt.Tooltip("node:N"), alt.Tooltip("count:Q")])
    left = nodes.transform_filter("datum.side == 'from'").transform_calculate(
        middle="(datum.y + datum.y2) / 2").mark_text(align="right", dx=-4, fontSize=11).encode(
        x=x, y=alt.Y("middle:Q", scale=alt.Scale(reverse=True, zero=True), axis=None),
        text="text:N")
    right = nodes.transform_filter("datum.side == 'to'").transform_calculate(
        middle="(datum.y + datum.y2) / 2").mark_text(align="left", dx=4, fontSize=11).encode(
        x=alt.X("x2:Q", scale=alt.Scale(domain=[-0.75, 1.75]), axis=None),
        y=alt.Y("middle:Q", scale=alt.Scale(reverse=True, zero=True), axis=None),
        text="text:N")
    count = len([row for row in rows if row["layer"] == "node"])
    return finish(alt, [bands, boxes, left, right], title, subtitle, width=640,
                  height=max(160, 26 * count), data=data)


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}{'' if number == 1 else 's'}"
