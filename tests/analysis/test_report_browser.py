"""The advisor's report in a real browser: headless Chromium through Playwright.

Needs Debian's ``chromium`` at /usr/bin/chromium (``.ci/run`` installs it); skipped with
the reason when it is absent. Screenshots of both languages are saved in the test's
output folder (pytest's ``tmp_path``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.analysis.compare import main
from tests.cli.test_cli import run_cli

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="no /usr/bin/chromium (apt-get install chromium)")


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """One small sweep (status quo and everything together, 2 seeds), reported in en and nl."""
    tmp = tmp_path_factory.mktemp("browser")
    sweep = tmp / "sweep"
    proc = run_cli("-m", "scenario=status_quo,alles_samen", "seed=0,1", "years=2",
                   "municipality.population=1500", "municipality.neighbourhoods=2",
                   f"hydra.sweep.dir={sweep}", cwd=tmp)
    assert proc.returncode == 0, proc.stderr
    out = {}
    for lang in ("en", "nl"):
        assert main([str(sweep), "--baseline", "status_quo", "--lang", lang,
                     "--out", str(tmp / lang)]) == 0
        out[lang] = tmp / lang / "report.html"
    return out


def _open(path: Path, shot: Path) -> dict:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.goto(path.as_uri())
            seen = {
                "lang": page.locator("html").get_attribute("lang"),
                "title": page.locator("h1").inner_text(),
                "summary": page.locator("#summary").inner_text(),
                "context": page.locator("#context").inner_text(),
                "table": page.locator("table.comparison").first.inner_text(),
                "images": page.eval_on_selector_all(
                    "img", "els => els.map(e => [e.naturalWidth, e.alt])"),
                "summary_top": page.locator("#summary").bounding_box()["y"],
            }
            page.screenshot(path=str(shot))
            page.emulate_media(media="print")  # the print style sheet, as "Save as PDF"
            page.pdf(path=str(shot.with_suffix(".pdf")), format="A4")
        finally:
            browser.close()
    return seen


def test_the_report_opens_with_a_summary_and_the_context_in_english(reports, tmp_path):
    seen = _open(reports["en"], tmp_path / "report-en.png")
    assert seen["lang"] == "en"
    assert "Status quo" in seen["title"]
    summary = seen["summary"]
    assert "Everything together" in summary and "alles_samen" not in summary
    assert any(w in summary for w in ("clearly lower", "clearly higher", "No clear difference"))
    assert "95% interval" in summary and "Cost of the policies: EUR" in summary
    assert seen["summary_top"] < 400, "the summary is on the first screen"
    context = seen["context"]
    for words in ("Town", "mid-size Flemish town", "Residents at the start", "1,500",
                  "2 years", "Runs per scenario", "2 (seeds 0, 1)", "Burn-in",
                  "Model version", "What each scenario switches on", "flexible norms"):
        assert words in context, words
    assert "%" in seen["table"] and "e-0" not in seen["table"]
    assert len(seen["images"]) == 2
    for width, alt in seen["images"]:
        assert width > 0, "a figure did not load"
        assert ".tmp" not in alt and len(alt.split()) > 8, alt
    assert (tmp_path / "report-en.png").stat().st_size > 10_000
    assert (tmp_path / "report-en.pdf").read_bytes()[:4] == b"%PDF"


def test_the_report_reads_in_dutch(reports, tmp_path):
    seen = _open(reports["nl"], tmp_path / "report-nl.png")
    assert seen["lang"] == "nl"
    assert "Kort samengevat" in seen["summary"] and "Alles samen" in seen["summary"]
    assert any(w in seen["summary"] for w in ("duidelijk lager", "duidelijk hoger",
                                              "Geen duidelijk verschil"))
    assert "Kosten van het beleid" in seen["summary"]
    for words in ("Over deze runs", "Gemeente", "middelgrote Vlaamse stad", "1.500",
                  "2 jaar", "Modelversie", "Wat elk scenario aanzet"):
        assert words in seen["context"], words
    assert "Care hours" not in seen["table"] and "Nodige zorguren" in seen["table"]
    assert (tmp_path / "report-nl.png").stat().st_size > 10_000
