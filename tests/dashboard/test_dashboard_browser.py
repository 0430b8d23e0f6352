"""The dashboard in real headless Chromium, with every outside address blocked.

Skipped, with the reason, when the dashboard extra, its offline front-end files or
Debian's ``/usr/bin/chromium`` are missing (``make dashboard-setup``; ``apt-get install
chromium``). One test walks through what a workshop does: load the page offline, pick a
preset, move a slider, set up, run ten weeks, type bad values (the command line's line,
the run untouched), open a resident, step with the network open (its marks change, the
chart is not drawn anew), switch language, compare two scenarios, export CSV, Parquet and
PNG, run a small town to its horizon (it stops by itself) and reset it; screenshots go to
the test's tmp_path. The time one week takes in the browser (click to redrawn counter and
chart; with the network open, to changed marks; and running with charts every week) is
printed and written to ``week_update.txt`` there: measured, never asserted.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]


def _why_skip() -> str | None:
    for mod in ("solara", "playwright"):
        if importlib.util.find_spec(mod) is None:
            return f"the dashboard extra is not installed ({mod} missing): make dashboard-setup"
    if not CHROMIUM.exists():
        return "Debian's /usr/bin/chromium is missing: apt-get install chromium"
    from sim.dashboard.assets import missing

    gone = missing()
    if gone:
        return f"the dashboard's front-end files are missing ({', '.join(gone)}): " \
            "python -m sim.dashboard.assets"
    return None


REASON = _why_skip()
pytestmark = pytest.mark.skipif(REASON is not None, reason=REASON or "")

LOCAL = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``python -m sim.dashboard`` on a free port; stopped (its process group) afterwards.

    Its output goes to ``server.log`` in the test's folder, not to a pipe nobody reads
    (Solara's warnings would fill the pipe and stall the server).
    """
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    log = tmp_path_factory.mktemp("server") / "server.log"
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "sim.dashboard", "--port", str(port)],
                                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                text=True, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 (our own local server)
            break
        except OSError:
            assert proc.poll() is None, log.read_text()
            time.sleep(0.5)
    else:
        pytest.fail(f"the dashboard did not answer within 120 s:\n{log.read_text()}")
    first = log.read_text().splitlines()[0]
    assert first.strip().startswith(f"zorgsim dashboard: {url}"), first
    yield url
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def _cli_message(*override: str) -> str:
    """The one line ``python -m sim`` prints for a bad value."""
    done = subprocess.run([sys.executable, "-m", "sim", *override], cwd=ROOT, text=True,
                          capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          timeout=120, check=False)
    assert done.returncode == 2, done.stderr
    return done.stderr.strip().splitlines()[-1]


def _week(page) -> int:
    return int(page.inner_text(".zs-week"))


def _chart(page, which: str = ".zs-charts") -> str:
    """The chart's pixels (Vega draws the series on a canvas)."""
    return page.eval_on_selector(f"{which} canvas.marks", "c => c.toDataURL()")


def _select(page, box: str, option: str) -> None:
    page.click(f"{box} .v-select__slot")
    page.click(f".menuable__content__active .v-list-item:has-text('{option}')")


def _slider_to(page, box: str, key: str) -> None:
    """Move a slider to an end with the keyboard (Home, End)."""
    page.locator(f"{box} .v-slider__thumb-container").focus()
    page.keyboard.press(key)


def _wait_paused(page) -> None:
    """Until the run loop has ended (Run offered again: no week under way)."""
    page.wait_for_selector(".zs-run:not([disabled])")


def _wait_rows(page, chart: str, rows: int) -> None:
    """Until ``chart`` has drawn ``rows`` rows (livechart.vue counts them)."""
    page.wait_for_function(
        f"() => {{ const e = document.querySelector('{chart} [data-rows]');"
        f" return e && Number(e.dataset.rows) === {rows}; }}")


def _wait_week(page, week: int, timeout: float = 60_000) -> None:
    page.wait_for_function(f"() => {{ const e = document.querySelector('.zs-week');"
                           f" return e && Number(e.innerText) >= {week}; }}", timeout=timeout)


def test_a_workshop_session_offline(server, tmp_path):
    from playwright.sync_api import sync_playwright

    cli_line = _cli_message("municipality.population=50")
    cli_text_line = _cli_message("municipality.population=abc")
    shots = tmp_path
    outside: list[str] = []

    def route(r):
        if r.request.url.startswith(LOCAL):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000},
                                accept_downloads=True)
        page.route("**/*", route)
        page.set_default_timeout(60_000)
        page.goto(server)
        page.wait_for_selector(".zs-week")
        page.wait_for_selector(".zs-charts canvas.marks")
        assert _week(page) == 0
        page.screenshot(path=shots / "1_loaded.png", full_page=True)

        # A preset: caring neighbourhoods; its coverage slider shows; move it; set up.
        _select(page, ".zs-scenario", "Zorgzame buurten")  # the preset's words, nl
        page.wait_for_selector("text=Aandeel buurten")
        page.locator(".zs-control-policies-zorgzame_buurten-coverage "
                     ".v-slider__thumb-container").focus()
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        page.wait_for_selector(".zs-pending")
        page.click(".zs-setup")
        page.wait_for_selector(".zs-pending", state="detached")
        assert _week(page) == 0

        # Ten weeks: run, pause, and the counter and the chart moved.
        before = _chart(page)
        page.click(".zs-run")
        _wait_week(page, 10)
        page.click(".zs-pause")
        _wait_paused(page)
        weeks = _week(page)
        _wait_rows(page, ".zs-charts", weeks)  # the last week drawn
        assert weeks >= 10
        assert _chart(page) != before
        page.screenshot(path=shots / "2_ten_weeks.png", full_page=True)

        # One week in the browser: click Step until the counter and the chart are redrawn.
        times = []
        for _ in range(5):
            week, chart = _week(page), _chart(page)
            t0 = time.perf_counter()
            page.click(".zs-step")
            _wait_week(page, week + 1)
            page.wait_for_function("old => { const c = document.querySelector("
                                   "'.zs-charts canvas.marks'); return c && c.toDataURL() "
                                   "!== old; }", arg=chart, polling=20)
            times.append(time.perf_counter() - t0)
        median = statistics.median(times)
        (tmp_path / "week_update.txt").write_text(
            f"one week, click to redrawn counter and chart (s): median {median:.3f}, "
            f"all {[round(x, 3) for x in times]}; load average {os.getloadavg()}\n")
        print(f"\ndashboard: one week in the browser {median:.3f} s (median of 5; "
              f"{[round(x, 3) for x in times]}); load {os.getloadavg()[0]:.1f}")

        # Running at full speed, charts redrawn every week: weeks per second as the page
        # shows them (counter and charts), measured, not asserted.
        _slider_to(page, ".zs-speed", "End")
        _slider_to(page, ".zs-render-every", "Home")
        start = _week(page)
        page.click(".zs-run")
        _wait_week(page, start + 1)
        t0, first = time.perf_counter(), _week(page)
        _wait_week(page, first + 10)
        elapsed, last = time.perf_counter() - t0, _week(page)
        page.click(".zs-pause")
        _wait_paused(page)
        per_week = elapsed / max(last - first, 1)
        with (tmp_path / "week_update.txt").open("a") as out:
            out.write(f"running, 52 weeks/s asked, charts every week: {per_week:.3f} s a week "
                      f"({last - first} weeks in {elapsed:.2f} s); load {os.getloadavg()}\n")
        print(f"dashboard: running, charts every week, {per_week:.3f} s a week "
              f"({last - first} weeks in {elapsed:.2f} s)")

        # A bad value: the command line's line in the page, the run untouched; typed text
        # that is no number at all gets the command line's line too.
        weeks = _week(page)
        field = page.locator(".zs-control-municipality-population input")
        field.fill("abc")
        field.press("Enter")
        page.wait_for_selector(".zs-error")
        assert page.inner_text(".zs-error").strip().endswith(cli_text_line)
        field.fill("50")
        field.press("Enter")
        page.wait_for_function("line => { const e = document.querySelector('.zs-error');"
                               " return e && e.innerText.trim().endsWith(line); }", arg=cli_line)
        assert page.inner_text(".zs-error").strip().endswith(cli_line)
        page.screenshot(path=shots / "3_bad_value.png", full_page=True)
        assert _week(page) == weeks  # the run goes on from where it was
        page.click(".zs-step")
        _wait_week(page, weeks + 1)
        assert page.locator(".zs-pending").count() == 0  # the bad value was not taken
        field.fill("20000")
        field.press("Enter")
        page.wait_for_selector(".zs-error", state="detached")

        # A resident in the buurt's network.
        page.click(".v-tab:has-text('Buurtnetwerk')")
        page.wait_for_selector(".zs-network svg")
        symbols = page.locator(".zs-network svg .mark-symbol.role-mark path")  # residents
        assert symbols.count() > 50
        symbols.nth(symbols.count() // 2).dispatch_event("click")  # the mark, not what covers it
        page.wait_for_selector(".zs-resident :text('Bewoner #')")
        text = page.inner_text(".zs-resident")
        for word in ("Leeftijd", "Zorgnood", "Dementie", "Mantelzorgers", "thuiszorg"):
            assert word in text, word
        page.screenshot(path=shots / "4_resident.png", full_page=True)

        # A week with the network open changes its marks; the chart is not drawn anew.
        page.evaluate("() => { document.querySelector('.zs-network svg').__first = 1; }")
        net_times = []
        for _ in range(5):
            week = _week(page)
            t0 = time.perf_counter()
            page.click(".zs-step")
            page.wait_for_function(
                f"() => {{ const e = document.querySelector('.zs-network [data-week]');"
                f" return e && Number(e.dataset.week) > {week}; }}", polling=10)
            net_times.append(time.perf_counter() - t0)
        assert _week(page) == week + 1
        assert page.evaluate("() => document.querySelector('.zs-network svg').__first === 1")
        assert "Bewoner #" in page.inner_text(".zs-resident")  # still shown, this week's
        net_median = statistics.median(net_times)
        with (tmp_path / "week_update.txt").open("a") as out:
            out.write(f"one week with the network open, click to changed marks (s): median "
                      f"{net_median:.3f}, all {[round(x, 3) for x in net_times]}; load "
                      f"average {os.getloadavg()}\n")
        print(f"dashboard: one week with the network open {net_median:.3f} s (median of 5; "
              f"{[round(x, 3) for x in net_times]}); load {os.getloadavg()[0]:.1f}")

        # A week the chart never got (as if a message were lost): it refuses the next
        # change, asks for every row again and shows the new week from those.
        page.evaluate("() => { const e = document.querySelector('.zs-network [data-week]');"
                      " e.parentElement.__vue__.seq -= 2; }")
        week = _week(page)
        page.click(".zs-step")
        page.wait_for_function(
            f"() => {{ const e = document.querySelector('.zs-network [data-week]');"
            f" return e && Number(e.dataset.week) > {week}; }}")
        assert page.evaluate("() => document.querySelector('.zs-network svg').__first === 1")
        assert page.locator(".zs-network svg .mark-symbol.role-mark path").count() > 50

        # Coloured by who cares: the legend names the kinds of care, every resident stays.
        residents = ".zs-network svg .mark-symbol.role-mark path"  # not the legend's
        drawn = page.locator(residents).count()
        page.click(".zs-colour button:has-text('wie zorgt')")
        page.wait_for_selector(".zs-network svg .role-legend :text('mantelzorg en thuiszorg')")
        assert page.locator(residents).count() == drawn
        page.screenshot(path=shots / "4b_who_cares.png", full_page=True)

        # Away from the tab while the run goes on, and back: this week's network.
        page.click(".v-tab:has-text('Simulatie')")
        week = _week(page)
        for k in (1, 2):
            page.click(".zs-step")
            _wait_week(page, week + k)
        page.click(".v-tab:has-text('Buurtnetwerk')")
        page.wait_for_function(
            f"() => {{ const e = document.querySelector('.zs-network [data-week]');"
            f" return e && Number(e.dataset.week) === {week + 2}; }}")

        # English.
        page.click(".zs-lang")
        page.wait_for_selector(".zs-resident :text('Resident #')")
        assert "Age" in page.inner_text(".zs-resident")
        page.screenshot(path=shots / "5_english.png", full_page=True)

        # Side by side: status quo against caring neighbourhoods, same seed, in lockstep.
        page.click(".v-tab:has-text('Compare')")
        _select(page, ".zs-scenario-b", "Status quo")
        page.click(".zs-compare .v-input--selection-controls__input")
        page.wait_for_selector(".zs-diff canvas.marks")
        assert _week(page) == 0
        for k in range(1, 4):
            page.click(".zs-step")
            _wait_week(page, k)
        _wait_rows(page, ".zs-charts", 2 * 3)  # both runs, three weeks each
        _wait_rows(page, ".zs-diff", 3)
        monitors = page.inner_text(".zs-monitors-table")
        assert "Caring neighbourhoods" in monitors and "Status quo" in monitors
        assert _chart(page, ".zs-diff")
        page.screenshot(path=shots / "6_compare.png", full_page=True)

        # CSV of the weekly series (both runs).
        page.click(".v-tab:has-text('Simulation')")
        with page.expect_download() as dl:
            page.click(".zs-export button:has-text('CSV')")
        rows = list(csv.DictReader(io.StringIO(Path(dl.value.path()).read_text())))
        assert {r["scenario"] for r in rows} == {"zorgzame_buurten", "status_quo"}
        assert max(int(r["week"]) for r in rows) == _week(page) == 3
        assert "hours_unmet" in rows[0]
        with page.expect_download() as dl:
            page.click(".zs-export button:has-text('PNG')")
        assert Path(dl.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        with page.expect_download() as dl:
            page.click(".zs-export button:has-text('Parquet')")
        assert Path(dl.value.path()).read_bytes()[:4] == b"PAR1"
        page.screenshot(path=shots / "7_export.png", full_page=True)

        # The model in plain words, in the page's language.
        page.click(".v-tab:has-text('About the model')")
        page.wait_for_selector("h1:has-text('About the model')")
        page.wait_for_selector(".v-window__container--is-active", state="detached")  # slid in
        page.screenshot(path=shots / "7b_about.png", full_page=True)
        page.click(".v-tab:has-text('Simulation')")

        # A small town over one year: the run stops by itself at the horizon (52 weeks, both
        # runs in lockstep); then reset builds it anew at week 0.
        for key, value in (("municipality-population", "500"), ("years", "1")):
            box = page.locator(f".zs-control-{key} input")
            box.fill(value)
            box.press("Enter")
        page.wait_for_selector(".zs-pending")
        page.click(".zs-setup")
        page.wait_for_selector(".zs-pending", state="detached")
        page.wait_for_selector("h3:has-text('of 52')")
        _slider_to(page, ".zs-render-every", "End")
        page.click(".zs-run")
        page.wait_for_selector(".zs-horizon", timeout=180_000)
        assert _week(page) == 52
        page.wait_for_selector(".zs-run[disabled]")  # the loop ended by itself
        assert page.locator(".zs-run").is_disabled() and page.locator(".zs-step").is_disabled()
        assert "Caring neighbourhoods" in page.inner_text(".zs-monitors-table")
        page.screenshot(path=shots / "8_horizon.png", full_page=True)
        page.click(".zs-setup")
        page.wait_for_selector(".zs-horizon", state="detached")
        assert _week(page) == 0 and page.locator(".zs-run").is_enabled()
        page.screenshot(path=shots / "9_reset.png", full_page=True)
        browser.close()
    assert not outside, f"the page asked for outside addresses: {outside[:5]}"
