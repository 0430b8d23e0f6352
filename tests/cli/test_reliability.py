"""Results that never mix or vanish: reused sweep folders, runs of another model version, strict
comparison, and one-line errors for bad input everywhere (kills: test_kills.py; towns of
every size: test_town_sizes.py).

The helpers below make the kills of test_kills.py deterministic: the run is told
(``ZORGSIM_FAULT``) to stop at a named stage and say so on stderr; the test waits for that
line, then sends the signal. Nothing sleeps.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sim.analysis.compare import main as compare
from sim.outputs.results import ResultsError, complete_runs, load
from sim.outputs.run_store import FAULT_ENV, FAULT_PREFIX
from tests.cli.test_cli import run_cli

TINY = ("years=1", "output.burn_in_weeks=13", "municipality.population=1500")


def start(*args: str, cwd: Path, fault: str, **env: str) -> subprocess.Popen:
    """Start ``python -m sim`` that stops at stage ``fault`` (with stderr piped).

    faulthandler is on, so a run that hangs can be made to show where (:func:`finish`).
    The run gets SIGINT's default action, as a run started from a terminal has: when the
    suite itself runs as a background job of a script, the shell has set SIGINT to
    "ignore", the child would inherit that, and Python would not turn SIGINT into
    KeyboardInterrupt (the cause of a test that waited for an interrupt forever).
    """
    return subprocess.Popen([sys.executable, "-m", "sim", *args], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, FAULT_ENV: fault, "PYTHONFAULTHANDLER": "1",
                                 **env},
                            start_new_session=True, preexec_fn=_default_sigint)


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def finish(proc: subprocess.Popen, timeout: float = 240.0) -> tuple[str, str]:
    """Wait for a signalled run to end; if it does not, fail with its Python stacks."""
    try:
        return proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGABRT)  # faulthandler prints every thread's stack
        out, err = proc.communicate(timeout=60)
        raise AssertionError(f"the run did not end within {timeout:.0f} s:\n{err}") from None


def wait_for_stage(proc: subprocess.Popen, stage: str, count: int = 1) -> list[str]:
    """Read stderr until ``count`` processes announced ``stage`` (fail if it ends first)."""
    seen, lines = 0, []
    while seen < count:
        line = proc.stderr.readline()
        if not line:
            proc.wait(timeout=60)
            raise AssertionError(f"the run ended before {stage}: {''.join(lines)}")
        lines.append(line)
        # anywhere in the line: Ray prefixes its workers' lines, and lines of processes
        # writing at once can run together
        seen += line.count(f"{FAULT_PREFIX}{stage}")
    return lines


def visible_parquet(root: Path) -> list[Path]:
    return [p for p in root.rglob("*.parquet") if not any(
        part.startswith(".") for part in p.relative_to(root).parts)]


def test_a_fault_announcement_is_one_write_of_the_whole_line(monkeypatch):
    """Sweep workers announce a stage at the same time; with PYTHONUNBUFFERED (which Ray sets
    in its process's environment) print() wrote the text and the newline apart, two
    announcements ran into one line, and a kill test waited for the second forever (CI,
    7 December 2026)."""
    from sim.outputs import run_store

    writes: list[tuple[int, bytes]] = []

    class PausedError(Exception):
        pass

    def pause() -> None:
        raise PausedError

    monkeypatch.setenv(FAULT_ENV, "somewhere")
    monkeypatch.setattr(run_store.os, "write", lambda fd, data: writes.append((fd, data)))
    monkeypatch.setattr(run_store.signal, "pause", pause)
    with pytest.raises(PausedError):
        run_store.checkpoint("somewhere")
    assert writes == [(sys.stderr.fileno(), f"{FAULT_PREFIX}somewhere\n".encode())]


# -- reused sweep folders --------------------------------------------------------------------


def test_a_sweep_folder_reused_with_other_values_keeps_every_run(tmp_path):
    sweep = tmp_path / "sweep"
    first = run_cli("-m", "years=1,2", "output.burn_in_weeks=13", "municipality.population=1500",
                    f"hydra.sweep.dir={sweep}", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    again = run_cli("-m", "years=3,1", "output.burn_in_weeks=13", "municipality.population=1500",
                    f"hydra.sweep.dir={sweep}", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert again.stdout.count("already complete, skipped") == 1  # years=1 is there
    assert "holds a run with other settings; kept" in again.stdout
    assert sorted(load(sweep).column("years").to_pylist()) == [1, 2, 3]
    # comparing them by scenario would mix horizons: refused, with the way out named
    assert compare([str(sweep), "--no-figures"]) == 2
    assert compare([str(sweep), "--by", "years", "--baseline", "1", "--no-figures"]) == 0
    assert compare([str(sweep), "--where", "years=2", "--no-figures"]) == 0
    assert "| Status quo |" in (sweep / "comparison" / "comparison.md").read_text()


def rewrite_version(folder: Path, version: str) -> None:
    """Make a run look as if another model version wrote it (summary column and metadata)."""
    path = folder / "summary.parquet"
    t = pq.read_table(path)
    meta = dict(t.schema.metadata)
    meta[b"zorgsim_version"] = version.encode()
    meta[b"run_id"] = b"0123456789abcdef"
    i = t.column_names.index("zorgsim_version")
    t = t.set_column(i, t.schema.field(i), pa.array([version]))
    t = t.set_column(t.column_names.index("run_id"), "run_id", pa.array(["0123456789abcdef"]))
    pq.write_table(t.replace_schema_metadata(meta), path)


def test_runs_of_another_model_version_are_kept_apart_and_never_mixed(tmp_path, capsys):
    sweep = tmp_path / "sweep"
    args = ("-m", "seed=0,1", *TINY, f"hydra.sweep.dir={sweep}")
    assert run_cli(*args, cwd=tmp_path).returncode == 0
    old = complete_runs(sweep)[0]
    rewrite_version(old, "0.0.9+oldcode")
    again = run_cli(*args, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert again.stdout.count("already complete, skipped") == 1
    assert "holds a run with another model version; kept" in again.stdout
    assert len(load(sweep)) == 3
    capsys.readouterr()
    assert compare([str(sweep), "--no-figures"]) == 2
    err = capsys.readouterr().err
    assert "2 model versions" in err and "--version" in err and len(err.splitlines()) == 1
    version = next(v for v in load(sweep).column("zorgsim_version").to_pylist()
                   if v != "0.0.9+oldcode")
    assert compare([str(sweep), "--version", version, "--no-figures"]) == 0


# -- strict comparison ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    root = tmp_path_factory.mktemp("cmp")
    proc = run_cli("-m", "scenario=status_quo,zorgzame_buurten", "seed=0,1", *TINY,
                   f"hydra.sweep.dir={root}/sweep", cwd=root)
    assert proc.returncode == 0, proc.stderr
    return root / "sweep"


def copy_sweep(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def one_line(capsys, *words: str) -> None:
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    for w in words:
        assert w in err, err


def test_compare_refuses_a_duplicated_run(tmp_path, sweep, capsys):
    s = copy_sweep(sweep, tmp_path / "s")
    run = complete_runs(s)[0]
    shutil.copytree(run, s / "copy_of_a_run")
    assert compare([str(s), "--no-figures"]) == 2
    one_line(capsys, "the same run twice", "copy_of_a_run", "--allow-duplicates")
    assert compare([str(s), "--allow-duplicates", "--no-figures"]) == 0


@pytest.mark.parametrize("damage", ["summary_is_a_folder", "corrupt_timeseries",
                                    "summary_without_seed"])
def test_compare_names_an_unreadable_file_in_one_line(tmp_path, sweep, capsys, damage):
    s = copy_sweep(sweep, tmp_path / "s")
    run = complete_runs(s)[0]
    if damage == "summary_is_a_folder":
        (run / "summary.parquet").unlink()
        (run / "summary.parquet").mkdir()
        word = "not a file"
    elif damage == "corrupt_timeseries":
        (run / "timeseries.parquet").write_bytes(b"PAR1 this is not parquet")
        word = "cannot read"
    else:
        t = pq.read_table(run / "summary.parquet")
        pq.write_table(t.drop_columns(["seed"]), run / "summary.parquet")
        word = "has no column seed"
    capsys.readouterr()
    assert compare([str(s)]) == 2
    one_line(capsys, word, run.name)
    assert not (s / "comparison").exists()


@pytest.mark.parametrize(("args", "words"), [
    (["--metrics", ","], ["--metrics", "one or more"]),
    (["--metrics", "nope"], ["unknown metric", "nope"]),
    (["--out", "/proc/zorgsim"], ["--out", "cannot write"]),
    (["--where", "years"], ["--where", "key=value"]),
    (["--where", "years=7"], ["no run has that value"]),
    (["--by", "no.such"], ["--by", "not a summary column"]),
    (["--version", "9.9"], ["--version", "no run of that version"]),
])
def test_compare_bad_options_get_one_line(tmp_path, sweep, capsys, args, words):
    assert compare([str(sweep), "--out", str(tmp_path / "out"), *args]) == 2
    one_line(capsys, *words)
    assert not (tmp_path / "out").exists()


def test_compare_checks_its_output_folder_before_any_work(tmp_path, sweep, capsys):
    target = tmp_path / "file"
    target.write_text("x")
    assert compare([str(sweep), "--out", str(target)]) == 2
    one_line(capsys, "--out", "file")
    folder = tmp_path / "taken"
    folder.mkdir()
    (folder / "mine.txt").write_text("x")
    assert compare([str(sweep), "--out", str(folder)]) == 2
    one_line(capsys, "mine.txt")
    assert compare([str(sweep), "--out", str(tmp_path / "fresh"), "--no-figures"]) == 0
    assert compare([str(sweep), "--out", str(tmp_path / "fresh")]) == 0  # replaced whole
    assert sorted(p.name for p in (tmp_path / "fresh").iterdir()) == [
        "comparison.csv", "comparison.md", "differences.png", "report.html", "timeseries.png"]


def test_load_names_a_missing_folder(tmp_path):
    with pytest.raises(ResultsError, match="no such folder"):
        load(tmp_path / "nothing")


# -- bad input at the command line ------------------------------------------------------------


BROKEN_YAML = "defaults:\n  - base_config\nyears: [1, 2\n"


@pytest.mark.parametrize(("args", "words"), [
    (["seed=range(0,3,0)", "-m"], ["seed", "cannot be expanded"]),
    (["-m", "seed=interval(0,2)"], ["seed", "cannot be expanded"]),
    (["municipality.population=2000.0"], ["municipality.population", "whole number"]),
    (["~years"], ["~years", "cannot be removed"]),
    (["-m", "seed=0,1", "hydra.launcher.n_jobs=abc"], ["hydra.launcher.n_jobs", "abc"]),
    (["seed=0,1"], ["seed", "needs -m"]),
    (["--no-such-flag"], ["--no-such-flag"]),
    (["scenario.name=/../../escaped"], ["scenario.name", "letters, digits"]),
    (["-m", "scenario.name=../up", "seed=0"], ["scenario.name"]),
    (["hydra.run.dir=/proc/zorgsim/run"], ["hydra.run.dir", "cannot write"]),
    (["hydra.run.dir=."], ["hydra.run.dir", "working directory"]),
    (["hydra.run.dir="], ["hydra.run.dir", "working directory"]),
    (["-cd", "/nonexistent"], ["--config-dir", "no such folder"]),
    (["-m", "--cfg", "job"], ["--multirun and --cfg"]),
    (["hydra/launcher=nope"], ["hydra/launcher/nope"]),
    (["municipality.population=5000000", "years=100"], ["municipality.population",
                                                        "memory", "allowed here"]),
])
def test_bad_command_lines_get_one_line_and_write_nothing(tmp_path, args, words):
    proc = run_cli(*args, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    for w in words:
        assert w in lines[0]
    assert not list(tmp_path.iterdir()), "nothing written, no folder made"


def test_a_cross_field_error_outside_the_working_directory_leaves_no_folder(tmp_path):
    work, elsewhere = tmp_path / "work", tmp_path / "elsewhere"
    work.mkdir()
    proc = run_cli("municipality.population=200", "municipality.neighbourhoods=300",
                   f"hydra.run.dir={elsewhere}/a/run", cwd=work)
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1
    assert not elsewhere.exists()


@pytest.mark.parametrize(("text", "words"), [
    (BROKEN_YAML, ["config.yaml", "line"]),
    ("defaults:\n  - base_config\nyears: 0\n", ["years=0", "1 to 100"]),
    ("defaults:\n  - base_config\nnot_a_key: 1\n", ["not_a_key"]),
])
def test_a_bad_user_config_folder_gets_one_line(tmp_path, text, words):
    cfg = tmp_path / "myconf"
    cfg.mkdir()
    (cfg / "config.yaml").write_text(text)
    proc = run_cli("--config-path", str(cfg), f"hydra.run.dir={tmp_path}/run", cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    for w in words:
        assert w in lines[0], lines[0]
    assert not (tmp_path / "run").exists()


def test_a_user_config_folder_runs_and_hydra_writes_nothing_into_the_run(tmp_path):
    cfg = tmp_path / "myconf"
    cfg.mkdir()
    (cfg / "config.yaml").write_text("defaults:\n  - base_config\n  - municipality: "
                                     "platteland\n  - scenario: status_quo\n  - _self_\n"
                                     "years: 1\nseed: 4\noutput:\n  burn_in_weeks: 13\n")
    out = tmp_path / "run"
    proc = run_cli("--config-path", str(cfg), f"hydra.run.dir={out}", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["config.yaml", "data_dictionary.json", "events.parquet", "municipality.parquet",
         "residents.parquet", "summary.parquet", "timeseries.parquet",
         "timeseries_ses.parquet"])
    assert load(out).column("municipality").to_pylist() == ["platteland"]


def test_a_full_disk_gives_one_line_and_keeps_the_earlier_run(tmp_path):
    out = tmp_path / "run"
    assert run_cli(*TINY, "seed=1", f"hydra.run.dir={out}", cwd=tmp_path).returncode == 0
    proc = subprocess.run([sys.executable, "-m", "sim", *TINY, "seed=2",
                           f"hydra.run.dir={out}"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300, env={**os.environ,
                                                       FAULT_ENV: "staging:enospc"})
    assert proc.returncode == 1
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "No space left on device" in proc.stderr
    assert load(out).column("seed").to_pylist() == [1]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]


def test_a_really_full_disk_gives_one_line(tmp_path):
    """On a 256 kB tmpfs (where this machine allows mounting one) the run cannot be written."""
    mnt = tmp_path / "small"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mnt)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root in a sandbox that allows it)")
    try:
        proc = run_cli(*TINY, f"hydra.run.dir={mnt}/run", cwd=tmp_path)
        assert proc.returncode == 1
        assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
        assert "No space left on device" in proc.stderr
        assert not list(mnt.iterdir()), "nothing left on the full disk"
    finally:
        subprocess.run(["umount", str(mnt)], check=False)
