"""Take the screenshot of the page the docs show (docs/images/page.png):
the bundled dataset, OpenAI on 19 August 2024 as known on that day, in
Debian's headless Chromium. Run by scripts/docs."""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from timeline.datasets import openai_exodus
from timeline.web.server import running


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("output", type=Path, nargs="?", default=Path("docs/images/page.png"))
    parser.add_argument("--driver", default=shutil.which("chromedriver") or "chromedriver")
    args = parser.parse_args()
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--window-size=1400,900", "--hide-scrollbars"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(args.driver), options=options)
    try:
        with running(openai_exodus(), title="timeline: the OpenAI-exodus dataset",
                     today=lambda: dt.date(2025, 12, 31)) as url:
            driver.get(url + "?subject=openai&at=2024-08-19&known=2024-10-09T00:00:00Z")
            WebDriverWait(driver, 60).until(
                lambda d: d.find_element(By.ID, "status").get_attribute("data-ready"))
            driver.save_screenshot(str(args.output))
    finally:
        driver.quit()
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
