"""The advisor's report: labels in both languages, numbers for people, the summary."""

from __future__ import annotations

import string
import tomllib
from pathlib import Path

import pyarrow as pa
import pytest
from omegaconf import OmegaConf

from sim.analysis import report
from sim.analysis.compare import HEADLINE, compare, varying_warning
from sim.outputs import labels

ROOT = Path(__file__).resolve().parents[2]


def fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_every_sentence_exists_in_both_languages_with_the_same_fields():
    for key, by_lang in labels.TEXT.items():
        assert set(by_lang) == set(labels.LANGUAGES), key
        assert fields(by_lang["en"]) == fields(by_lang["nl"]), key
    translated = [k for k, v in labels.TEXT.items() if v["en"] != v["nl"]]
    assert len(translated) > 0.9 * len(labels.TEXT), "Dutch sentences left in English"


def test_every_headline_metric_and_scenario_preset_has_words_in_both_languages():
    for m in HEADLINE:
        for lang in labels.LANGUAGES:
            assert labels.METRIC_LABELS[m][lang]["name"] and labels.METRIC_LABELS[m][lang]["unit"]
    scenarios = ROOT / "configs" / "scenario"
    presets = sorted(scenarios.glob("*.yaml"))
    words_files = {p.name.removesuffix(".words.toml") for p in scenarios.glob("*.words.toml")}
    assert words_files == {p.stem for p in presets}
    for path in presets:
        preset = OmegaConf.to_container(OmegaConf.load(path))["scenario"]
        name = preset["name"]
        assert name == path.stem
        # the English description is written once, in the preset; its words add the rest
        words = tomllib.loads((scenarios / f"{path.stem}.words.toml").read_text())
        assert "en" not in words.get("description", {}), path.name
        assert labels.scenario_description(name, "en") == preset["description"], path.name
        nl = labels.scenario_description(name, "nl")
        assert nl and nl != preset["description"], path.name
        assert "\n" not in preset["description"] and "\n" not in nl, "one line"
        for lang in labels.LANGUAGES:
            assert labels.scenario_name(name, lang) != name, (path.name, lang)


@pytest.mark.parametrize("x, lang, places, text", [
    (2053357.0, "en", None, "2,050,000"), (2053357.0, "nl", None, "2.050.000"),
    (8.898e-05, "en", None, "0.0000890"), (0.0067, "en", None, "0.00670"),
    (-0.004, "en", 1, "0.0"), (1234.5, "nl", 1, "1.234,5"), (-3.376, "en", None, "-3.38"),
])
def test_numbers_have_three_significant_digits_separators_and_no_scientific_notation(
        x, lang, places, text):
    p = report.decimals(x) if places is None else places
    assert report.number(x, lang, p) == text
    assert "e" not in text.lower()


def _runs(values):
    return {s: {"share_unmet": v, "policy_cost_per_year": 0.0,
                "cost_public_per_year": 1e6 + 1e4 * s} for s, v in enumerate(values)}


def test_shares_print_as_percent_and_their_differences_in_points():
    rows = compare({"status_quo": _runs([0.30, 0.32, 0.31]), "p": _runs([0.28, 0.29, 0.285])},
                   "status_quo", ("share_unmet",))
    cell = report.mean_cell(rows[0], "en")
    assert cell.text == "31.0%" and cell.interval.endswith("%")
    diff = report.diff_cell(rows[1], "en")
    assert diff.text.endswith("points") and diff.text.startswith("-2.")
    assert diff.css == "better" and diff.arrow == "▼"
    assert report.diff_cell(rows[1], "nl").text.endswith("procentpunt")


def test_a_value_the_same_in_every_run_prints_alone():
    rows = compare({"status_quo": _runs([0.3, 0.3, 0.3])}, "status_quo",
                   ("policy_cost_per_year", "share_unmet"))
    cell = report.mean_cell(rows[0], "en")
    assert (cell.text, cell.interval, cell.note) == ("0", "", "the same in every run")


def test_the_summary_names_clear_changes_costs_and_identical_scenarios():
    base = _runs([0.30, 0.32, 0.31])
    better = {s: {**v, "share_unmet": v["share_unmet"] - 0.02, "policy_cost_per_year": 1e5,
                  "cost_public_per_year": v["cost_public_per_year"] + 5e4}
              for s, v in base.items()}
    noisy = {s: {**v, "share_unmet": v["share_unmet"] + d} for (s, v), d in
             zip(base.items(), [0.01, -0.012, 0.001], strict=True)}
    rows = compare({"status_quo": base, "a": better, "b": noisy, "c": base}, "status_quo",
                   ("share_unmet", "policy_cost_per_year", "cost_public_per_year"))
    out = {s.key: s for s in report.summaries(rows, "status_quo", "en", {})}
    assert "clearly lower" in out["a"].changes[0] and "-2.00 points" in out["a"].changes[0]
    assert "EUR 100,000 a year" in out["a"].cost and "+EUR 50,000 a year" in out["a"].cost
    assert out["b"].changes[0].startswith("No clear difference")
    assert out["c"].identical and "exactly the same" in out["c"].changes[0]
    nl = {s.key: s for s in report.summaries(rows, "status_quo", "nl", {})}
    assert "duidelijk lager" in nl["a"].changes[0] and "procentpunt" in nl["a"].changes[0]


def test_a_sweep_over_another_setting_gets_one_warning_with_the_command_to_use():
    rows = [{"scenario": "status_quo", "seed": s, "cfg__seed": s, "cfg__scenario__name":
             "status_quo", "cfg__homecare__gezinszorg_contingent_factor": f}
            for s in (0, 1) for f in (0.6, 1.0, 1.4)]
    warning = varying_warning(pa.Table.from_pylist(rows), "scenario")
    assert "\n" not in warning
    assert "homecare.gezinszorg_contingent_factor (0.6, 1.0, 1.4)" in warning
    assert "--by homecare.gezinszorg_contingent_factor --baseline 1.0" in warning
    same = [{**r, "cfg__homecare__gezinszorg_contingent_factor": 1.0} for r in rows]
    assert varying_warning(pa.Table.from_pylist(same), "scenario") is None


def test_the_context_box_states_the_burn_in_when_the_runs_have_one():
    rows = [{"scenario": sc, "seed": s, "population_start": 4000, "cfg__years": 3,
             "cfg__municipality__name": "platteland", "zorgsim_version": "0.1.0+x",
             "started_at": "2026-12-02T10:00:00+00:00", "burn_in_weeks": 52}
            for sc in ("status_quo", "preventie") for s in range(3)]
    table = pa.Table.from_pylist(rows)
    ctx = dict(report.context(table, "scenario", "en"))
    assert ctx["Burn-in left out of the averages"] == "the first 52 weeks"
    assert ctx["Town"] == "a small rural municipality (platteland)"
    assert ctx["Runs per scenario"] == "3 (seeds 0-2)" and ctx["Horizon"] == "3 years"
    assert report.burn_in_weeks(table) == 52
    old = table.drop_columns(["burn_in_weeks"])  # a sweep made before the burn-in existed
    assert dict(report.context(old, "scenario", "nl"))[
        "Aanloopperiode buiten de gemiddelden"].startswith("geen")
    assert report.burn_in_weeks(old) == 0


def test_a_level_the_calibration_does_not_support_carries_its_caveat(monkeypatch):
    """A headline figure in labels.LEVEL_NOTES: the report and comparison.md print its caveat
    in both languages, and only where the figure is shown. None is listed today (the
    home-care list's was removed when home nursing stopped queueing, 2026-12-07), so the
    test lists one of its own."""
    from sim.analysis.compare import to_markdown

    assert "home_care_waiting_mean" not in labels.LEVEL_NOTES
    monkeypatch.setitem(labels.LEVEL_NOTES, "home_care_waiting_mean",
                        {"en": "a caveat in English", "nl": "een kanttekening in het Nederlands"})

    def runs(v):
        return {s: {"home_care_waiting_mean": v + s, "share_unmet": 0.3} for s in range(3)}

    rows = compare({"status_quo": runs(290.0), "p": runs(280.0)}, "status_quo",
                   ("home_care_waiting_mean", "share_unmet"))
    en = labels.level_notes([r.metric for r in rows], "en")
    assert [name for name, _ in en] == ["Waiting list for home care"]
    assert en[0][1] == "a caveat in English"
    assert "Nederlands" in labels.level_notes(["home_care_waiting_mean"], "nl")[0][1]
    assert "a caveat in English" in to_markdown(rows, "status_quo")
    only_unmet = [r for r in rows if r.metric == "share_unmet"]
    assert labels.level_notes([r.metric for r in only_unmet], "en") == []
    assert "Levels to read with care" not in to_markdown(only_unmet, "status_quo")
    assert set(labels.LEVEL_NOTES) <= set(HEADLINE)
