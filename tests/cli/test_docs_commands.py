"""Every shell command and Python script of README.md, experiments/README.md and docs/*.md
works as written.

The commands are extracted and made small (a 300-resident town for one year, at most two
seeds, one for the ready-made experiments, one worker; :mod:`tests.cli.docs_commands` says
exactly how) and run in one process, page by page in a fresh folder, so a doc that drifts
from the code (a renamed setting, preset, option or folder) fails here. Blocks that must
not run carry a marker with the reason.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli import docs_commands as dc

COMMANDS = dc.plan()


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> dict[str, dict]:
    """Run every runnable command once, in one process; results by command id."""
    work = tmp_path_factory.mktemp("docs-commands")
    plan_file, out_file = work / "plan.json", work / "results.json"
    plan_file.write_text(dc.to_json(COMMANDS))
    proc = subprocess.run([sys.executable, str(Path(dc.__file__)), str(plan_file),
                           str(out_file), str(work / "pages")],
                          capture_output=True, text=True, timeout=600, cwd=work)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return {r["id"]: r for r in json.loads(out_file.read_text())}


def _param(c: dc.Command) -> object:
    marks = [pytest.mark.skip(reason=f"{c.id}: {c.skip}")] if c.skip else []
    return pytest.param(c, id=c.id, marks=marks)


@pytest.mark.parametrize("cmd", [_param(c) for c in COMMANDS])
def test_documented_command_works(cmd: dc.Command, results: dict[str, dict]) -> None:
    r = results[cmd.id]
    shown = f"{cmd.text}\n  ran as: {' '.join(cmd.argv)}\n{r['stdout'][-1500:]}\n{r['stderr']}"
    if cmd.expect:  # a console block: the output shown in the doc
        output = r["stdout"] + r["stderr"]
        missing = [line for line in cmd.expect if line.strip() not in output]
        assert not missing, f"{cmd.id}: the doc shows {missing}, the command printed\n{shown}"
        return
    assert r["rc"] == 0, f"{cmd.id}: exit {r['rc']}\n{shown}"


def test_the_pages_have_commands_and_every_skip_a_reason() -> None:
    pages = {c.page for c in COMMANDS}
    assert {"README.md", "experiments/README.md", "docs/researchers.md",
            "docs/advisors.md", "docs/policies.md"} <= pages
    for c in COMMANDS:
        assert c.skip or c.argv, c.id
        assert not c.skip or len(c.skip) > 10, f"{c.id}: skipped without a reason"
    assert sum(not c.skip for c in COMMANDS) > 20


def test_extraction_joins_lines_drops_comments_and_honours_markers(tmp_path, monkeypatch):
    page = tmp_path / "page.md"
    page.write_text(
        "text\n```bash\n.venv/bin/python -m sim -m seed='range(10)' \\\n"
        "    scenario=a,b   # a comment\nmake run ARGS=\"years=5 seed=3\"\n```\n"
        "<!-- docs-test: skip (a server that runs until stopped) -->\n"
        "```bash\nmake dashboard\n```\n```\n$ python -m sim years=0\nzorgsim: invalid\n```\n"
        "```python\nimport glob\nprint(glob.glob('results/*'))\n```\n")
    monkeypatch.setattr(dc, "ROOT", tmp_path)
    found = dc.extract("page.md")
    for c in found:
        dc.translate(c)
    sweep, make_run, server, console, script = found
    assert sweep.line == 3 and sweep.text.endswith("scenario=a,b")
    assert sweep.argv[:3] == ["sim", "-m", "seed=range(2)"]
    population = dc.SMALL_RUN["municipality.population"]
    assert {f"municipality.population={population}", "years=1", "hydra.launcher.n_jobs=1"} \
        <= set(sweep.argv)
    assert make_run.argv[0] == "sim" and "years=1" in make_run.argv \
        and "years=5" not in make_run.argv and "seed=3" in make_run.argv
    assert server.skip == "a server that runs until stopped"
    assert console.argv == ["sim", "years=0"] and console.expect == ["zorgsim: invalid"]
    assert script.line == 16 and script.argv == [
        "python-script", "import glob\nprint(glob.glob('results/*'))\n"]
    page.write_text("<!-- docs-test: skip -->\n```bash\nmake bench\n```\n")
    with pytest.raises(ValueError, match="needs a reason"):
        dc.extract("page.md")


def test_a_drifted_command_fails(tmp_path):
    """A doc naming a preset or an option that no longer exists gets a non-zero exit."""
    cmds = [{"page": "README.md", "line": 1, "argv": ["sim", "scenario=zorgzame_buurt"]},
            {"page": "README.md", "line": 2, "argv": ["sim.compare", "results/none",
                                                       "--basline", "status_quo"]},
            {"page": "README.md", "line": 3, "argv": [
                "python-script", "from sim.results import load\nload('results/sweeps/gone')"]},
            {"page": "README.md", "line": 4, "argv": ["unknown", "pip install zorgsim"]}]
    bad_preset, bad_option, bad_script, unmarked = dc.execute(cmds, tmp_path)
    assert bad_preset["rc"] == 2 and "zorgzame_buurten" in bad_preset["stderr"]
    assert bad_option["rc"] == 2 and "--basline" in bad_option["stderr"]
    assert bad_script["rc"] != 0 and "gone" in str(bad_script["rc"])
    assert unmarked["rc"] != 0 and "docs-test: skip" in str(unmarked["rc"])
