"""``python -m sim --help``: one short page (Hydra's full help is ``--help-all``).

Hydra's stock ``--help`` prints the whole composed configuration (hundreds of lines, no
units, ranges or descriptions). zorgsim's own page says what the simulator does, lists the
presets with their descriptions, gives examples, explains sweeps and where results go, and
points to the documentation. It reads the preset files as text, so it prints at once
(no Hydra, no model import).
"""

from __future__ import annotations

import re
from pathlib import Path

from sim.cli.preflight import CONFIG_DIR, EXPERIMENTS_DIR

HELP_FLAGS = ("--help", "-h")
FULL_HELP_FLAG = "--help-all"  # becomes Hydra's own --help
DEFAULTS = {"municipality": "middelgrote_stad", "scenario": "status_quo"}
_DESCRIPTION = re.compile(r"^\s*description:\s*(.+?)\s*$", re.M)
_COMMENT = re.compile(r"^#\s?(.*)$", re.M)


def _description(path: Path) -> str:
    """A preset's ``description:`` value, else the first comment line after ``@package``."""
    text = path.read_text(encoding="utf-8")
    found = _DESCRIPTION.search(text)
    if found:
        return found.group(1).strip("'\"")
    comments = [c for c in _COMMENT.findall(text) if c and not c.startswith("@package")]
    return comments[0].rstrip(".:") if comments else ""


def _presets(folder: Path, default: str | None) -> list[str]:
    """One line per preset file of ``folder``: name (default marked) and description."""
    rows = []
    for path in sorted(folder.glob("*.yaml")):
        name = path.stem + (" (default)" if path.stem == default else "")
        rows.append(f"  {name:<26} {_description(path)}")
    return rows


def page() -> str:
    """The text of ``python -m sim --help``."""
    experiments = ", ".join(sorted(p.stem for p in (EXPERIMENTS_DIR / "experiment")
                                   .glob("*.yaml")))
    lines = [
        "zorgsim: an agent-based simulation of care in a Flemish municipality, week by week:",
        "residents and their care needs, informal carers, home care, nursing homes, respite",
        "and the care workforce; outcomes are unmet need, carer burden, waiting lists,",
        "loneliness, costs and equity.",
        "",
        "Usage:",
        "  python -m sim [KEY=VALUE ...]            one run (settings are Hydra overrides)",
        "  python -m sim -m KEY=A,B [KEY=VALUE ...] a sweep: one run per combination",
        "  python -m sim +experiment=NAME           a ready-made sweep",
        "",
        "Towns (municipality=NAME):",
        *_presets(CONFIG_DIR / "municipality", DEFAULTS["municipality"]),
        "Scenarios (scenario=NAME):",
        *_presets(CONFIG_DIR / "scenario", DEFAULTS["scenario"]),
        f"Ready-made sweeps (+experiment=NAME): {experiments}",
        "",
        "Examples:",
        "  python -m sim municipality=platteland years=5 seed=3",
        "  python -m sim scenario=alles_samen informal.sustainable_share=0.3",
        "  python -m sim -m scenario=status_quo,alles_samen seed='range(5)' "
        "hydra.sweep.dir=results/sweeps/mine",
        "  python -m sim.compare results/sweeps/mine --baseline status_quo",
        "",
        "Results: a run writes one folder, results/runs/<date>/<time>_<scenario>_<town>_seed<n>/",
        "(or hydra.run.dir=FOLDER); a sweep writes results/sweeps/<date>/<time>/scenario=<s>/",
        "seed=<n>/... (or hydra.sweep.dir=FOLDER; re-running it skips the runs already done).",
        "Each folder holds Parquet tables, config.yaml and data_dictionary.json.",
        "",
        "More:",
        "  python -m sim --cfg job      the full configuration with its defaults",
        f"  python -m sim {FULL_HELP_FLAG}     Hydra's full help (every setting, Hydra's flags)",
        "  python -m sim.compare, sim.calibrate, sim.sensitivity, sim.docs: each has --help",
        "  README.md (start here), docs/researchers.md (sweeps, the results dataset),",
        "  docs/advisors.md (reading a comparison), docs/policies.md (the policy levers),",
        "  docs/ODD.md (the model, every setting with its unit, source and range)",
    ]
    return "\n".join(lines) + "\n"


def wants_help(argv: list[str]) -> bool:
    """Whether the command line asks for zorgsim's help page."""
    return any(a in HELP_FLAGS for a in argv)


def hydra_argv(argv: list[str]) -> list[str]:
    """``argv`` with ``--help-all`` turned into Hydra's own ``--help``."""
    return ["--help" if a == FULL_HELP_FLAG else a for a in argv]


__all__ = ["FULL_HELP_FLAG", "HELP_FLAGS", "hydra_argv", "page", "wants_help"]
