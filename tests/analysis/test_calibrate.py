"""The calibration report: its table, its files, and one line for bad options."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from sim.analysis.calibrate import TARGETS, Row, calibrate, main, markdown
from tests.conftest import make_config


def test_a_row_passes_on_the_mean_and_reports_the_range():
    t = TARGETS[0]
    row = Row(t, np.array([t.value - 2 * t.tolerance, t.value + 2 * t.tolerance]))
    assert row.ok and row.low < t.value < row.high  # the mean is on target
    off = Row(t, np.full(4, t.value + 1.01 * t.tolerance))
    assert not off.ok and off.spread == 0.0
    assert not Row(t, np.array([np.nan])).ok


def test_every_target_names_a_source_and_a_definition():
    names = [t.name for t in TARGETS]
    assert len(names) == len(set(names))
    for t in TARGETS:
        assert t.source and t.definition and t.tolerance > 0


@pytest.fixture(scope="module")
def small_report(tmp_path_factory) -> tuple[list[Row], Path]:
    out = tmp_path_factory.mktemp("calibration")
    # three years: one to settle, two for the follow-up of the recovery targets
    cfg = make_config(**{"municipality.population": 4_000, "years": 3})
    rows = calibrate(cfg, [0, 1])
    from sim.analysis.calibrate import write
    write(out, rows)
    return rows, out


def test_the_report_measures_every_target_on_every_seed(small_report):
    rows, out = small_report
    assert [r.target for r in rows] == TARGETS
    assert all(r.values.size == 2 and np.isfinite(r.values).all() for r in rows)
    table = markdown(rows)
    assert table.count("\n") == len(TARGETS) + 1 and "range over seeds" in table
    with open(out / "calibration.csv", newline="", encoding="utf-8") as f:
        lines = list(csv.DictReader(f))
    assert [x["target"] for x in lines] == [t.name for t in TARGETS]
    first = lines[0]
    assert float(first["model_min"]) <= float(first["model_mean"]) <= float(first["model_max"])
    assert first["seeds"] == "2"


def test_runs_too_short_for_the_follow_up_report_no_recovery():
    cfg = make_config(**{"municipality.population": 1_000, "years": 2})
    rows = {r.target.name: r for r in calibrate(cfg, [0])}
    assert np.isnan(rows["the same, aged over 85"].values).all()
    assert np.isfinite(rows["share aged 65+"].values).all()


@pytest.mark.parametrize(("args", "words"), [
    (["--seeds", "0"], ["--seeds", "0"]),
    (["--years", "0"], ["--years"]),
    (["--population", "-5"], ["--population"]),
    (["--out", "/proc/zorgsim"], ["--out"]),
])
def test_bad_options_get_one_line_and_write_nothing(tmp_path, capsys, monkeypatch, args, words):
    monkeypatch.chdir(tmp_path)
    assert main(args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and all(w in err[0] for w in words)
    assert not list(tmp_path.iterdir())


def test_help_describes_every_option():
    proc = subprocess.run([sys.executable, "-m", "sim.calibrate", "--help"],
                          capture_output=True, text=True, check=True)
    for opt in ("--seeds", "--years", "--population", "--out"):
        assert opt in proc.stdout
