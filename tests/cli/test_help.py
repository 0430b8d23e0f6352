"""Help: ``python -m sim --help`` is one short page of zorgsim's own; every tool's options
are described; every ready-made experiment says how to compare it."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import pytest
from omegaconf import OmegaConf

from sim.cli import help as help_page
from sim.cli import main as cli
from sim.cli.preflight import CONFIG_DIR, EXPERIMENTS_DIR, group_options

ROOT = Path(__file__).resolve().parents[2]


def _main_output(argv: list[str], capsys, monkeypatch) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["sim", *argv])
    try:
        cli.main()
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_is_a_short_page_of_our_own(flag, capsys, monkeypatch):
    code, text = _main_output([flag, "years=5"], capsys, monkeypatch)
    assert code == 0 and text == help_page.page()
    lines = text.splitlines()
    assert 20 <= len(lines) <= 60, len(lines)
    for group in ("municipality", "scenario", "experiment"):
        for name in group_options(group):
            assert re.search(rf"\b{name}\b", text), (group, name)
    assert "status_quo (default)" in text and "middelgrote_stad (default)" in text
    assert "Caring neighbourhoods" in text  # the presets' descriptions
    examples = [ln for ln in lines if ln.startswith("  python -m sim")]
    assert len(examples) >= 3
    for needle in (" -m ", "+experiment=", "results/runs/", "results/sweeps/",
                   "hydra.sweep.dir", "docs/researchers.md", "docs/ODD.md", "README.md",
                   help_page.FULL_HELP_FLAG, "--cfg job"):
        assert needle in text, needle
    assert "== Config ==" not in text  # not Hydra's stock page


def test_help_all_is_hydras_full_help(capsys, monkeypatch):
    code, text = _main_output([help_page.FULL_HELP_FLAG], capsys, monkeypatch)
    assert code == 0
    assert "== Config ==" in text and "policies:" in text  # Hydra's page, the whole config
    assert len(text.splitlines()) > 200


def test_help_flags_are_recognised_only_as_whole_arguments():
    assert help_page.wants_help(["seed=1", "-h"])
    assert not help_page.wants_help(["scenario.name=--help-me"])
    assert help_page.hydra_argv(["--help-all", "seed=1"]) == ["--help", "seed=1"]


def _tool_parsers() -> dict[str, argparse.ArgumentParser]:
    from sim.analysis import calibrate, compare, sensitivity
    from sim.cli import docs

    return {"sim.compare": compare.parser(), "sim.calibrate": calibrate.parser(),
            "sim.sensitivity": sensitivity.parser(), "sim.docs": docs.parser()}


@pytest.mark.parametrize("tool", ["sim.compare", "sim.calibrate", "sim.sensitivity",
                                  "sim.docs"])
def test_every_option_of_every_tool_is_described(tool, capsys):
    ap = _tool_parsers()[tool]
    undescribed = [a.dest for a in ap._actions if not (a.help or "").strip()
                   or a.help == argparse.SUPPRESS]
    assert not undescribed, f"python -m {tool}: options without help: {undescribed}"
    assert ap.description and ap.prog == f"python -m {tool}"
    with pytest.raises(SystemExit) as exc:
        ap.parse_args(["--help"])
    assert exc.value.code == 0
    text = capsys.readouterr().out
    assert "``" not in text and "/work/" not in text  # no reST quotes, no machine's paths


def _sweeps() -> list[Path]:
    return sorted((EXPERIMENTS_DIR / "experiment").glob("*.yaml"))


@pytest.mark.parametrize("path", _sweeps(), ids=lambda p: p.stem)
def test_every_experiment_says_how_to_compare_it(path):
    """The comment shows a sim.compare command on the experiment's folder; when the sweep
    varies settings besides the scenario, the command groups (--by) by one of them and
    keeps one value of each other one (--where)."""
    text = path.read_text()
    commands = [ln.lstrip("# ").strip() for ln in text.splitlines()
                if ln.lstrip("# ").startswith("python -m sim.compare")]
    assert commands, f"{path.name}: no python -m sim.compare command in its comment"
    cfg = OmegaConf.load(path)
    folder = cfg.hydra.sweep.dir
    params = {k: str(v) for k, v in cfg.hydra.sweeper.params.items()}
    varied = [k for k, v in params.items() if k not in ("seed", "scenario") and "," in v]
    for cmd in commands:
        assert cmd.split()[3] == folder, cmd
        by = re.search(r"--by (\S+)", cmd)
        kept = set(re.findall(r"--where ([^=\s]+)=", cmd))
        if varied:
            assert by and by.group(1) in varied, f"{path.name}: {cmd} must group --by a swept key"
            assert set(varied) - {by.group(1)} <= kept, f"{path.name}: {cmd} mixes values"
            assert "--baseline" in cmd
            baseline = re.search(r"--baseline (\S+)", cmd).group(1)
            assert baseline in params[by.group(1)].split(","), (cmd, params[by.group(1)])
        else:
            assert not by, cmd
        if len(commands) > 1:
            assert cmd == commands[-1] or "--out" in cmd, "several comparisons need --out"


def test_the_scenarios_the_help_lists_are_the_preset_files():
    names = {p.stem for p in (CONFIG_DIR / "scenario").glob("*.yaml")}
    assert names == set(group_options("scenario"))
    assert sum(ln.startswith("  ") and ln.split()[0] in names
               for ln in help_page.page().splitlines()) == len(names)
