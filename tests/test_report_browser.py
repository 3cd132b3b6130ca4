"""The report's page in a real browser: Debian's headless chromium, driven by
selenium through /usr/bin/chromedriver (never selenium's own driver
manager, which would try to download one).

Without chromium, chromedriver or selenium the test skips and says what to
install; .ci/run installs chromium and chromium-driver, and the tox tests
environment selenium, so in CI it runs.  The browser is always quit, and any
of its processes still alive afterwards are killed by pid and fail the test.
"""

import os
import shutil
import signal
import time
from pathlib import Path
from typing import Any, Iterator, List

import pytest
from test_report import COLUMNS, EVERY_VERDICT, FAILED_CASE, MISSING_CASE, build_sample_report

INSTALL = "apt-get update && apt-get install -y chromium chromium-driver"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,1000",
)


def _browser_or_skip() -> tuple:
    chromium = shutil.which("chromium")
    driver = shutil.which("chromedriver") or (
        "/usr/bin/chromedriver" if os.access("/usr/bin/chromedriver", os.X_OK) else None
    )
    missing = [
        name for name, path in (("chromium", chromium), ("chromedriver", driver)) if not path
    ]
    if missing:
        pytest.skip(
            "%s not installed: Debian's chromium and chromium-driver packages are needed "
            "(%s)" % (" and ".join(missing), INSTALL)
        )
    try:
        import selenium  # noqa: F401
    except ImportError:
        pytest.skip("selenium not installed (pip install selenium; tox -e tests installs it)")
    return chromium, driver


def _processes_using(marker: str) -> List[int]:
    """Pids of live processes whose command line holds ``marker``."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open("/proc/%s/cmdline" % entry, "rb") as handle:
                cmdline = handle.read()
        except OSError:
            continue
        if marker.encode() in cmdline:
            found.append(int(entry))
    return found


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    chromium, driver_path = _browser_or_skip()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tmp_path / "chromium-profile"  # fresh, and names this browser's processes
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in FLAGS + ("--user-data-dir=%s" % profile,):
        options.add_argument(flag)
    service = Service(executable_path=driver_path)
    driver = webdriver.Chrome(service=service, options=options)
    driver_pid = service.process.pid if service.process else None
    try:
        driver.set_page_load_timeout(20)
        driver.set_script_timeout(10)
        yield driver
    finally:
        try:
            driver.quit()
        finally:
            leaked = _wait_for_exit(str(profile), driver_pid)
            assert not leaked, "browser processes left running after quit (killed): %s" % leaked


def _wait_for_exit(profile: str, driver_pid: Any, seconds: float = 10.0) -> List[int]:
    """Wait for the browser's processes to end; kill and return any that do not."""
    deadline = time.monotonic() + seconds
    while True:
        alive = _processes_using(profile)
        if driver_pid and os.path.exists("/proc/%d" % driver_pid):
            try:
                with open("/proc/%d/stat" % driver_pid) as handle:
                    if handle.read().split()[2] != "Z":
                        alive.append(driver_pid)
            except OSError:
                pass
        if not alive or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    for pid in alive:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    return alive


def test_matrix_renders_and_a_failure_opens_on_click(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    started = time.monotonic()
    report = build_sample_report(tmp_path)
    browser.get((report / "index.html").resolve().as_uri())
    assert browser.title == "asynchat conformance report"

    # The matrix: every cell shows, with its verdict as text.
    cells = browser.find_elements(By.CSS_SELECTOR, "td.v")
    assert len(cells) == len(EVERY_VERDICT) * len(COLUMNS)
    for case_id, verdict in EVERY_VERDICT.items():
        cell = browser.find_element(
            By.CSS_SELECTOR, 'td[data-case="%s"][data-column="1"]' % case_id
        )
        assert cell.is_displayed(), case_id
        assert cell.text.split()[0] == verdict, (case_id, cell.text)
    missing = browser.find_element(
        By.CSS_SELECTOR, 'td[data-case="%s"][data-column="2"]' % MISSING_CASE
    )
    assert missing.text == "not run"
    headers = browser.find_elements(By.CSS_SELECTOR, "thead th.col")
    assert [h.find_element(By.CSS_SELECTOR, ".target").text for h in headers] == [
        t for t, _ in COLUMNS
    ]

    # Colours come from the inline stylesheet: a fail is not coloured as a pass.
    passed = browser.find_element(By.CSS_SELECTOR, "td.v-pass")
    failed = browser.find_element(
        By.CSS_SELECTOR, 'td[data-case="%s"][data-column="1"]' % FAILED_CASE
    )
    assert passed.value_of_css_property("background-color") != failed.value_of_css_property(
        "background-color"
    )

    # A failure's details are closed until its summary is clicked.
    details = failed.find_element(By.TAG_NAME, "details")
    steps = failed.find_element(By.CSS_SELECTOR, "ol.steps")
    replay = failed.find_element(By.CSS_SELECTOR, "pre.replay")
    assert details.get_attribute("open") is None
    assert not steps.is_displayed() and not replay.is_displayed()
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", failed)
    failed.find_element(By.TAG_NAME, "summary").click()
    assert details.get_attribute("open") is not None
    assert steps.is_displayed() and replay.is_displayed()
    assert "peer sends b'<hello>\\r\\n'" in steps.text
    assert "replay('alpha', Scenario(" in replay.text
    browser.save_screenshot(str(tmp_path / "failure-open.png"))

    # Opening another cell closes the first; Escape closes it.
    other = browser.find_element(By.CSS_SELECTOR, 'td[data-case="push.empty"][data-column="2"]')
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", other)
    other.find_element(By.TAG_NAME, "summary").click()
    other_details = other.find_element(By.TAG_NAME, "details")
    assert other_details.get_attribute("open") is not None
    assert details.get_attribute("open") is None
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
    assert other_details.get_attribute("open") is None

    assert time.monotonic() - started < 60


def test_not_passing_filter_and_a_link_per_cell(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    report = build_sample_report(tmp_path)
    page = (report / "index.html").resolve().as_uri()
    browser.get(page)

    # "not passing only" hides the cases that passed in every run, and only those.
    passing = browser.find_element(By.CSS_SELECTOR, 'tr.case[data-case="close.peer-closes"]')
    failing = browser.find_element(By.CSS_SELECTOR, 'tr.case[data-case="%s"]' % FAILED_CASE)
    toggle = browser.find_element(By.ID, "not-passing")
    assert passing.is_displayed() and failing.is_displayed()
    toggle.click()
    assert toggle.is_selected()
    assert not passing.is_displayed() and failing.is_displayed()
    assert all(
        row.is_displayed()
        for row in browser.find_elements(By.CSS_SELECTOR, "tr.case")
        if "all-pass" not in (row.get_attribute("class") or "")
    )
    toggle.click()
    assert passing.is_displayed()

    # A link to a cell opens that cell's details, on load and on a later hash change.
    first = "cell-alpha-3.11.7--%s" % FAILED_CASE
    browser.get("about:blank")
    browser.get(page + "#" + first)
    cell = browser.find_element(By.ID, first)
    assert cell.find_element(By.CSS_SELECTOR, "details.cell").get_attribute("open") is not None
    assert cell.find_element(By.CSS_SELECTOR, "ol.steps").is_displayed()
    permalink = cell.find_element(By.CSS_SELECTOR, "a.permalink")
    assert permalink.get_attribute("href").endswith("#" + first)
    # Every example that did not pass opens from the cell.
    examples = cell.find_elements(By.CSS_SELECTOR, "details.example")
    assert len(examples) == 3
    examples[1].find_element(By.TAG_NAME, "summary").click()
    assert "chunks=(b'a', b'bc')" in examples[1].text
    second = "cell-beta-3.9.18--push.empty"
    browser.execute_script("location.hash = arguments[0]", second)
    other = browser.find_element(By.ID, second)
    time.sleep(0.2)
    assert other.find_element(By.CSS_SELECTOR, "details.cell").get_attribute("open") is not None
    # A passing cell has its anchor too.
    assert browser.find_element(By.ID, "cell-beta-3.11.7--close.peer-closes").text == "pass"
