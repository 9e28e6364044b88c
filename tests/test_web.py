"""The page: its answers are the library's (views and HTTP), it has no
write path, and in a real headless browser moving each slider changes the
roster to what ``roster(at=, known=)`` says."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait
from starlette.testclient import TestClient

from timeline import (
    InvalidQueryError,
    Joined,
    OrganizationDeclared,
    PersonDeclared,
    Source,
    Timeline,
)
from timeline.datasets import openai_exodus
from timeline.web import serve, server, views
from timeline.web.app import make_app
from timeline.web.server import running

_TODAY = dt.date(2026, 12, 3)


@pytest.fixture(scope="module")
def tl() -> Timeline:
    return openai_exodus()


def test_the_page_knows_its_entities_and_the_ranges_of_its_sliders(tl: Timeline) -> None:
    meta = views.meta(tl, _TODAY)
    assert "openai" == meta["default"]
    assert {"organization", "person"} == {e["kind"] for e in meta["entities"]}
    assert {"days": {"first": "2014-01-01", "last": "2026-12-03"}}.items() <= meta.items()
    assert ["2024-08-19T00:00:00Z", "2024-10-09T00:00:00Z", "2024-10-15T00:00:00Z",
            "2026-11-21T00:00:00Z", "2026-12-02T00:00:00Z"] == meta["known"]
    assert "2024-08-19 00:00 UTC" == meta["known_labels"][0]


def test_a_view_of_an_organisation_is_its_roster_chart_and_what_changed(tl: Timeline) -> None:
    known = "2024-10-09T00:00:00Z"
    data = views.view(tl, "OpenAI", at="2024-08-19", known=known, prev_at="2024-01-01",
                      prev_known="2024-08-19T00:00:00Z")
    assert tl.roster("OpenAI", at="2024-08-19", known=known).to_dict() == data["roster"]
    assert tl.chart.roster("openai", at="2024-08-19", known=known).spec == data["chart"]
    assert tl.diff("OpenAI", "2024-01-01", "2024-08-19", known=known).to_dict() == (
        data["changed"])
    learned = {c["event"]["id"] for c in data["learned"]}
    assert {"murati-left", "zoph-left"} <= learned  # recorded on 9 October 2024
    assert all(c["recorded"] == known for c in data["learned"])
    first = views.view(tl, "OpenAI", at="2024-08-19")  # a first view compares nothing
    assert "changed" not in first
    assert "learned" not in first


def test_a_view_of_a_person_is_where_they_were_and_where_they_went(tl: Timeline) -> None:
    data = views.view(tl, "John Schulman", at="2024-12-31", prev_at="2024-01-01")
    assert tl.where("john-schulman", at="2024-12-31").to_dict() == data["where"]
    assert {"start": "2024-01-01", "end": "2024-12-31",
            "joined": [{"id": "anthropic", "name": "Anthropic"}],
            "left": [{"id": "openai", "name": "OpenAI"}]} == data["changed"]
    with pytest.raises(InvalidQueryError, match="a group"):
        views.view(tl, "the Amodei siblings", at="2024")


def test_the_server_answers_in_json_and_has_no_write_path(tl: Timeline) -> None:
    client = TestClient(make_app(tl, today=lambda: _TODAY, title="a <test>"),
                        base_url="http://127.0.0.1")
    page = client.get("/")
    assert 200 == page.status_code
    assert "a &lt;test&gt;" in page.text
    assert client.get("/vega.js").text.count("vegaEmbed") > 0
    assert 200 == client.get("/api/view", params={"subject": "openai", "at": "2024"}).status_code
    unknown = client.get("/api/view", params={"subject": "nobody", "at": "2024"})
    assert (404, "UnknownEntityError") == (unknown.status_code, unknown.json()["type"])
    bad = client.get("/api/view", params={"subject": "openai", "at": "yesterday-ish"})
    assert 400 == bad.status_code
    assert "yesterday-ish" in bad.json()["error"]
    missing = client.get("/api/view", params={"at": "2024"})
    assert (400, "InvalidQueryError") == (missing.status_code, missing.json()["type"])
    evidence = client.get("/api/evidence", params={"ids": "schulman-left"}).json()
    assert ["cbn-2024-08-19-id"] == [s["id"] for s in evidence["events"][0]["sources"]]
    # a page elsewhere, by a name it made point here (DNS rebinding), reads nothing
    rebound = client.get("/api/meta", headers={"host": "evil.example:8765"})
    assert 400 == rebound.status_code
    for method in ("post", "put", "patch", "delete"):
        for path in ("/", "/api/view", "/api/meta", "/api/evidence"):
            assert 405 == getattr(client, method)(path).status_code, (method, path)


def test_a_page_over_a_store_follows_its_writers(tmp_path: Any) -> None:
    store = f"sqlite:///{tmp_path / 'log.db'}"
    writer = Timeline.open(store)
    writer.extend(list(Timeline.example())[:3])
    # opened by the thread that serves: a SQLite connection stays in its thread
    with TestClient(make_app(lambda: Timeline.open(store), today=lambda: _TODAY),
                    base_url="http://localhost") as client:
        before = len(client.get("/api/meta").json()["entities"])
        writer.extend(list(Timeline.example())[3:])
        assert len(client.get("/api/meta").json()["entities"]) > before


# --- in a real browser ------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser(chromedriver: str) -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--window-size=1400,1000"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    yield driver
    driver.quit()


def _ready(driver: WebDriver, after: str | None = None) -> dict[str, str]:
    """Wait for the page to have drawn a view (a new one, after ``after``)."""
    def drawn(d: WebDriver) -> bool:
        ready = d.find_element(By.ID, "status").get_attribute("data-ready")
        return bool(ready) and ready != after
    WebDriverWait(driver, 60).until(drawn)
    status = driver.find_element(By.ID, "status")
    return {name: status.get_attribute(f"data-{name}") or ""
            for name in ("ready", "subject", "at", "known")}


def _shown(driver: WebDriver) -> tuple[frozenset[str], frozenset[str]]:
    rows = driver.find_elements(By.CSS_SELECTOR, "#rows tbody tr[data-id]")
    return (frozenset(r.get_attribute("data-id") or "" for r in rows
                      if r.get_attribute("data-certain") == "true"),
            frozenset(r.get_attribute("data-id") or "" for r in rows
                      if r.get_attribute("data-certain") == "false"))


def test_moving_each_slider_changes_the_roster_as_roster_says(
        tl: Timeline, browser: WebDriver) -> None:
    with running(openai_exodus) as url:
        browser.get(url + "?subject=openai&at=2024-08-19")
        view = _ready(browser)
        assert ("openai", "2024-08-19", "") == (view["subject"], view["at"], view["known"])
        roster = tl.roster("OpenAI", at="2024-08-19")
        assert (roster.certain_ids, roster.possible_ids) == _shown(browser)

        # drag the date slider: wherever it lands, the table is the roster then
        slider = browser.find_element(By.ID, "at")
        ActionChains(browser).click_and_hold(slider).move_by_offset(-120, 0).release().perform()
        moved = _ready(browser, after=view["ready"])
        assert moved["at"] != view["at"]
        assert browser.find_element(By.ID, "at-label").text == moved["at"]
        roster = tl.roster("OpenAI", at=moved["at"])
        assert (roster.certain_ids, roster.possible_ids) == _shown(browser)

        # the knowledge slider to its first stop: what the log knew on 19 August 2024
        known = browser.find_element(By.ID, "known")
        known.send_keys(Keys.HOME)
        then = _ready(browser, after=moved["ready"])
        assert "2024-08-19T00:00:00Z" == then["known"]
        roster = tl.roster("OpenAI", at=then["at"], known=then["known"])
        assert (roster.certain_ids, roster.possible_ids) == _shown(browser)
        assert "2024-08-19 00:00 UTC" == browser.find_element(By.ID, "known-label").text

        # one step right on the date slider, as known then
        browser.find_element(By.ID, "at").send_keys(Keys.ARROW_RIGHT)
        step = _ready(browser, after=then["ready"])
        assert (dt.date.fromisoformat(then["at"]) + dt.timedelta(days=1)).isoformat() == (
            step["at"])
        roster = tl.roster("OpenAI", at=step["at"], known=then["known"])
        assert (roster.certain_ids, roster.possible_ids) == _shown(browser)
        assert browser.find_element(By.CSS_SELECTOR, "#chart svg")


def test_a_row_links_to_its_evidence_and_sources(tl: Timeline, browser: WebDriver) -> None:
    with running(openai_exodus) as url:
        browser.get(url + "?subject=john-schulman&at=2024-12-31")
        _ready(browser)
        assert (frozenset({"anthropic"}), frozenset()) == _shown(browser)
        browser.find_element(By.CSS_SELECTOR, "#rows tr[data-id=anthropic] a.why").click()
        WebDriverWait(browser, 30).until(
            lambda d: d.find_element(By.ID, "evidence").is_displayed())
        panel = browser.find_element(By.ID, "evidence-body")
        events = {e.get_attribute("data-event")
                  for e in panel.find_elements(By.CSS_SELECTOR, ".event")}
        assert set(tl.where("john-schulman", at="2024-12-31")["anthropic"].evidence) == events
        assert "China Business News" in panel.text

        # another subject, typed as a person would
        view = _ready(browser)
        box = browser.find_element(By.ID, "subject")
        box.clear()
        box.send_keys("OpenAI", Keys.ENTER)
        box.send_keys(Keys.TAB)
        again = _ready(browser, after=view["ready"])
        assert "openai" == again["subject"]
        roster = tl.roster("OpenAI", at=again["at"])
        assert (roster.certain_ids, roster.possible_ids) == _shown(browser)


def test_a_link_reads_dates_as_the_command_line_does_and_counts_rumours_when_asked(
        tl: Timeline, browser: WebDriver) -> None:
    with running(openai_exodus) as url:
        # a month means its last day; a moment between two the log learned
        # something at stands for the earlier
        browser.get(url + "?subject=openai&at=2024-08&known=2024-10-12")
        view = _ready(browser)
        assert ("2024-08-31", "2024-10-09T00:00:00Z") == (view["at"], view["known"])
        roster = tl.roster("OpenAI", at="2024-08-31", known="2024-10-09T00:00:00Z")
        assert (roster.certain_ids, roster.possible_ids) == _shown(browser)
        select = browser.find_element(By.ID, "certainty")
        select.send_keys("rumours")  # the select's first option
        select.send_keys(Keys.TAB)
        heard = _ready(browser, after=view["ready"])
        assert "OpenAI" in browser.find_element(By.ID, "answer-title").text
        roster = tl.roster("OpenAI", at=heard["at"], known=heard["known"],
                           min_certainty="rumored")
        assert (roster.certain_ids, roster.possible_ids) == _shown(browser)

        # what changed belongs to the subject shown: a new one starts afresh
        browser.find_element(By.ID, "at").send_keys(Keys.ARROW_LEFT)
        moved = _ready(browser, after=heard["ready"])
        box = browser.find_element(By.ID, "subject")
        box.clear()
        box.send_keys("John Schulman", Keys.TAB)
        _ready(browser, after=moved["ready"])
        assert "Move a slider" in browser.find_element(By.ID, "changed").text


def test_a_source_link_is_a_web_address_or_no_link(browser: WebDriver) -> None:
    def made() -> Timeline:  # an importer wrote a script where a url goes
        bad = Source("bad", title="Bad", url="javascript:alert(1)")
        good = Source("good", title="Good", url="https://example.org/story")
        return Timeline([
            OrganizationDeclared(id="o", valid="2020", entity="acme", name="Acme", sources=good),
            PersonDeclared(id="p", valid="2020", entity="ann", name="Ann", sources=good),
            Joined(id="j", valid="2021-03-01", person="ann", org="acme", sources=[bad, good]),
        ])
    with running(made) as url:
        browser.get(url + "?subject=acme&at=2022-01-01")
        _ready(browser)
        browser.find_element(By.CSS_SELECTOR, "#rows tr[data-id=ann] a.why").click()
        WebDriverWait(browser, 30).until(
            lambda d: d.find_element(By.ID, "evidence").is_displayed())
        links = [a.get_attribute("href") for a in
                 browser.find_elements(By.CSS_SELECTOR, "#evidence-body a")]
        assert ["https://example.org/story"] == links
        assert "Bad (javascript:alert(1))" in browser.find_element(By.ID, "evidence-body").text


def test_serve_refuses_a_port_in_use_and_says_the_address_to_open(tl: Timeline) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(InvalidQueryError, match=f"cannot listen on 127.0.0.1:{port}"):
            serve(tl, port=port)
    assert "http://127.0.0.1:8765/" == server.address("0.0.0.0", 8765)
    assert "http://[::1]:8765/" == server.address("::1", 8765)


def test_a_view_orders_two_dates_by_the_days_they_ask_about(tl: Timeline) -> None:
    data = views.view(tl, "OpenAI", at="2024-08-15", prev_at="2024-08")  # the 31st
    assert ("2024-08-15", "2024-08-31") == (data["changed"]["start"], data["changed"]["end"])
