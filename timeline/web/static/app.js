// The page: two sliders and a subject drive one request for a view; the
// answer is drawn as a table, a chart and what changed since the last one.
(() => {
"use strict";

const $ = (id) => document.getElementById(id);
const state = { meta: null, first: null, loaded: null, request: 0, timer: null };

function addDays(iso, days) {
  const d = new Date(iso + "T00:00:00Z");
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function daysBetween(a, b) {
  return Math.round((Date.parse(b + "T00:00:00Z") - Date.parse(a + "T00:00:00Z")) / 86400000);
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key.startsWith("data-")) node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of children) {
    if (child !== null && child !== undefined) {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
  return node;
}

function date(value) {
  return value ? value.date : "unknown";
}

function current() {
  const meta = state.meta;
  const at = addDays(meta.days.first, Number($("at").value));
  const i = Number($("known").value);
  const known = i < meta.known.length ? meta.known[i] : "";
  return { subject: subjectId(), at, known, min_certainty: $("certainty").value };
}

// A date as the command line reads it: a month or a year means its last day.
function lastDay(text) {
  if (/^\d{4}$/.test(text)) return `${text}-12-31`;
  if (/^\d{4}-\d{2}$/.test(text)) {
    const [year, month] = text.split("-").map(Number);
    return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
  }
  return text;
}

// The latest moment the log learned something at or before ``asked`` (an
// instant, or a date: its end), as ``known=`` reads it; -1 when none is.
function knownIndex(stops, asked) {
  const bound = /^\d{4}(-\d{2}(-\d{2})?)?$/.test(asked)
    ? lastDay(asked) + "T23:59:59.999999Z" : asked;
  let found = -1;
  stops.forEach((stop, i) => { if (Date.parse(stop) <= Date.parse(bound)) found = i; });
  return found;
}

function subjectId() {
  const text = $("subject").value.trim();
  const folded = text.toLowerCase();
  const found = state.meta.entities.find((e) =>
    e.id === text || e.name.toLowerCase() === folded
    || e.aliases.some((a) => a.toLowerCase() === folded));
  return found ? found.id : text;
}

function showLabels() {
  const { at, known } = current();
  $("at-label").value = at;
  const i = Number($("known").value);
  $("known-label").value = known ? state.meta.known_labels[i] : "everything recorded";
}

function schedule() {
  showLabels();
  clearTimeout(state.timer);
  state.timer = setTimeout(load, 120);
}

// Only a web address becomes a link: a source's url is what an importer wrote.
function webLink(url) {
  try {
    return ["http:", "https:"].includes(new URL(url).protocol);
  } catch (error) {
    return false;
  }
}

async function getJSON(url) {
  const response = await fetch(url);
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new Error(`${response.status} ${response.statusText}: ${text.slice(0, 200)}`);
  }
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

async function load() {
  const view = current();
  if (!view.subject) return;
  const params = new URLSearchParams({ subject: view.subject, at: view.at, known: view.known,
                                       min_certainty: view.min_certainty });
  if (state.loaded && state.loaded.subject === view.subject
      && state.loaded.min_certainty === view.min_certainty) {
    params.set("prev_at", state.loaded.at);
    params.set("prev_known", state.loaded.known);
  }
  const request = ++state.request;
  $("status").className = "";
  $("status").textContent = "asking…";
  let data;
  try {
    data = await getJSON("api/view?" + params);
  } catch (error) {
    if (request !== state.request) return;
    $("status").className = "error";
    $("status").textContent = error.message;
    return;
  }
  if (request !== state.request) return;  // a later request is on its way
  state.loaded = view;
  history.replaceState(null, "", "?" + new URLSearchParams(view));
  render(data);
  await drawChart(data.chart);
  const status = $("status");
  status.textContent = `${data.subject.name} at ${view.at}, `
    + (view.known ? `as known ${$("known-label").value}` : "as known now");
  Object.assign(status.dataset, { subject: view.subject, at: view.at, known: view.known,
                                  ready: String(request) });
}

async function drawChart(spec) {
  // as wide as its panel: the page is the chart's, not a fixed picture
  const fitted = Object.assign({}, spec, { width: "container",
                                            autosize: { type: "fit-x", contains: "padding" } });
  try {
    await vegaEmbed("#chart", fitted, { actions: false, renderer: "svg" });
  } catch (error) {
    $("chart").textContent = "The chart could not be drawn: " + error.message;
  }
}

function evidenceLink(ids, known) {
  if (!ids || ids.length === 0) return "";
  const link = el("a", { href: "#", class: "why", title: ids.join(", ") }, "evidence");
  link.addEventListener("click", (event) => {
    event.preventDefault();
    showEvidence(ids, known);
  });
  return link;
}

function memberRow(member, known, where) {
  const who = where ? member.org.name : member.person.name;
  const status = member.certain ? member.status
    : `possibly ${member.status}` + (member.why ? ` (${member.why})` : "");
  return el("tr", {
    class: member.certain ? "certain" : "possible",
    "data-id": where ? member.org.id : member.person.id,
    "data-certain": String(member.certain),
  },
  el("td", {}, who),
  el("td", {}, member.role || (member.possible_roles.length ? member.possible_roles.join(" or ")
                                                            : "?")),
  el("td", {}, date(member.since)),
  el("td", {}, status),
  el("td", {}, member.certainty),
  el("td", {}, evidenceLink(member.evidence, known)));
}

function render(data) {
  const where = data.subject.kind !== "organization";
  const answer = where ? data.where : data.roster;
  const certain = where ? answer.orgs : answer.members;
  const possible = answer.possible;
  const title = where ? `Where ${data.subject.name} was on ${data.at}`
                      : `${data.subject.name}'s roster on ${data.at}`;
  $("answer-title").textContent = title + (data.known ? `, as known ${$("known-label").value}` : "");
  const head = $("rows").tHead;
  head.replaceChildren(el("tr", {}, el("th", {}, where ? "organisation" : "person"),
    el("th", {}, "role"), el("th", {}, "since"), el("th", {}, "status"),
    el("th", {}, "certainty"), el("th", {}, "")));
  const body = $("rows").tBodies[0];
  const rows = [];
  if (answer.not_known_until) {
    rows.push(el("tr", { class: "heading" }, el("td", { colSpan: 6 },
      `Not yet known in this view: first recorded ${answer.not_known_until}`)));
  } else if (certain.length === 0 && possible.length === 0) {
    rows.push(el("tr", { class: "heading" }, el("td", { colSpan: 6 }, "No one, as far as the log says")));
  }
  for (const member of certain) rows.push(memberRow(member, data.known, where));
  if (possible.length) {
    rows.push(el("tr", { class: "heading" }, el("td", { colSpan: 6 },
      "Possibly — the log cannot say for sure")));
    for (const member of possible) rows.push(memberRow(member, data.known, where));
  }
  body.replaceChildren(...rows);
  renderChanged(data, where);
}

function names(list, describe) {
  return el("ul", {}, ...list.map((item) => el("li", {}, describe(item))));
}

function renderChanged(data, where) {
  const parts = [];
  const changed = data.changed;
  if (changed) {
    const span = `from ${changed.start} to ${changed.end}`;
    if (where) {
      if (changed.joined.length) parts.push(el("p", {}, `Joined ${span}:`),
        names(changed.joined, (o) => o.name));
      if (changed.left.length) parts.push(el("p", {}, `Left ${span}:`),
        names(changed.left, (o) => o.name));
    } else {
      for (const [key, label] of [["joined", "Joined"], ["left", "Left"],
                                  ["changed", "Changed"], ["possibly_joined", "Possibly joined"],
                                  ["possibly_left", "Possibly left"]]) {
        const list = changed[key] || [];
        if (list.length) parts.push(el("p", {}, `${label} ${span}:`), names(list, (c) =>
          c.person.name + (c.what && c.what.length ? ` (${c.what.join(", ")})` : "")));
      }
    }
    if (parts.length === 0) parts.push(el("p", { class: "none" }, `Nothing changed ${span}.`));
  }
  if (data.learned) {
    if (data.learned.length) {
      parts.push(el("p", {}, "What the log learned between the two moments:"),
        names(data.learned, (c) => {
          const e = c.event;
          return el("span", {}, `${c.recorded.slice(0, 10)}: ${e.kind} ${e.id} (${e.valid.date}) `,
                    evidenceLink([e.id], ""));
        }));
    } else {
      parts.push(el("p", { class: "none" }, "The log learned nothing about it between the two moments."));
    }
  }
  if (parts.length === 0) {
    parts.push(el("p", { class: "none" }, "Move a slider to see what changed."));
  }
  $("changed").replaceChildren(...parts);
}

async function showEvidence(ids, known) {
  const params = new URLSearchParams({ ids: ids.join(","), known: known || "" });
  let data;
  try {
    data = await getJSON("api/evidence?" + params);
  } catch (error) {
    $("evidence-body").replaceChildren(el("p", { class: "error" }, error.message));
    $("evidence").hidden = false;
    return;
  }
  const items = data.events.map((event) => {
    const named = event.names || {};
    const fields = Object.entries(event)
      .filter(([key, value]) => !["kind", "id", "valid", "sources", "recorded", "names",
                                  "certainty", "note"].includes(key) && value !== null
                                  && !(Array.isArray(value) && value.length === 0))
      .map(([key, value]) => `${key}: ${typeof value === "string" ? (named[value] || value)
                                                                 : JSON.stringify(value)}`);
    const sources = el("ul", { class: "sources" }, ...event.sources.map((s) => el("li", {},
      webLink(s.url) ? el("a", { href: s.url, target: "_blank", rel: "noopener noreferrer" },
                          s.title || s.id)
                     : (s.title || s.id) + (s.url ? ` (${s.url})` : ""),
      s.publisher ? ` — ${s.publisher}` : "", s.published ? `, ${s.published.slice(0, 10)}` : "")));
    return el("div", { class: "event", "data-event": event.id },
      el("strong", {}, `${event.kind} `), el("code", {}, event.id),
      el("div", {}, `${event.valid.date} · ${event.certainty} · ${fields.join(" · ")}`),
      event.note ? el("div", { class: "note" }, event.note) : null, sources);
  });
  $("evidence-body").replaceChildren(...items);
  $("evidence").hidden = false;
}

async function start() {
  let meta;
  try {
    meta = await getJSON("api/meta");
  } catch (error) {
    $("status").className = "error";
    $("status").textContent = error.message;
    return;
  }
  state.meta = meta;
  $("entities").replaceChildren(...meta.entities.map((e) =>
    el("option", { value: e.name, label: `${e.name} (${e.kind})` })));
  const span = daysBetween(meta.days.first, meta.days.last);
  $("at").max = String(span);
  $("known").max = String(meta.known.length);
  const asked = new URLSearchParams(location.search);
  const subject = asked.get("subject") || meta.default;
  const entity = meta.entities.find((e) => e.id === subject);
  $("subject").value = entity ? entity.name : subject || "";
  const at = asked.get("at") ? lastDay(asked.get("at")) : null;
  $("at").value = String(at ? Math.min(span, Math.max(0, daysBetween(meta.days.first, at))) : span);
  const known = asked.get("known");
  if (known && knownIndex(meta.known, known) < 0) {  // before the log learned anything
    meta.known.unshift(known);
    meta.known_labels.unshift(`${known} (before anything was recorded)`);
    $("known").max = String(meta.known.length);
  }
  // a moment between two the log learned something at stands for the earlier
  $("known").value = String(known ? knownIndex(meta.known, known) : meta.known.length);
  const level = asked.get("min_certainty");
  if (level) $("certainty").value = level;
  for (const id of ["at", "known"]) {
    $(id).addEventListener("input", schedule);
    $(id).addEventListener("change", schedule);
  }
  $("certainty").addEventListener("change", () => { state.loaded = null; schedule(); });
  $("subject").addEventListener("change", () => { state.loaded = null; schedule(); });
  $("close-evidence").addEventListener("click", () => { $("evidence").hidden = true; });
  showLabels();
  await load();
}

start();
})();
