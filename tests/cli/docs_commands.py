"""The shell commands of the docs, extracted, made small, and run in one process.

Used by ``tests/cli/test_docs_commands.py``. Every ``bash`` code block of README.md,
experiments/README.md and docs/*.md is split into commands (one per line, ``\\`` joins
lines, ``#`` starts a comment). A block is left out only when the line before its fence is
a marker with a reason, invisible in the rendered page::

    <!-- docs-test: skip (starts a server that runs until it is stopped) -->

A block without a language whose lines start with ``$ `` shows a command and what it
prints; the command runs as written and its output must contain the lines shown. A
``python`` block is a script: it runs as written, in the page's folder after the commands
above it (so it reads what they wrote).

Every other command is run as a newcomer would from the root of a fresh clone, but on a
small town: ``python -m sim`` gets ``municipality.population``, ``years`` and
``output.burn_in_weeks`` set small (replacing the command's own values), sweeps of more
than two seeds two seeds, and sweeps one worker; ``sim.calibrate`` and ``sim.sensitivity``
get their size options. ``make run ARGS=...`` is ``python -m sim`` with those arguments,
``.venv/bin/python`` and ``python`` are this interpreter; the ready-made experiments run
one seed and ``sim.compare`` skips its figures outside the advisor's guide. The commands
of one page run in order in one folder (a sweep's folder is there for the ``sim.compare``
that follows); a command given twice on a page runs once, and a single run (no sweep, no
folder of its own) given on several pages runs once.

Run as a script (``python docs_commands.py PLAN.json RESULTS.json``) it executes a plan in
one process, so the per-process start of ~3 s is paid once, not per command.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shlex
import shutil
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGES = ("README.md", "experiments/README.md", *sorted(
    str(p.relative_to(ROOT)) for p in (ROOT / "docs").glob("*.md")))
SKIP = re.compile(r"<!--\s*docs-test:\s*skip\s*(.*?)\s*-->")
FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.S | re.M)
PYTHON = (".venv/bin/python", "python", "python3", sys.executable)
# A small town (300 residents) for one year: a run takes well under a second.
SMALL_RUN = {"municipality.population": "300", "years": "1", "output.burn_in_weeks": "4"}
SMALL_SWEEP = {"hydra.launcher.n_jobs": "1"}
MAX_SEEDS = 2
SMALL_TOOL = {
    "sim.calibrate": {"--seeds": "1", "--years": "2", "--population": "300"},
    "sim.sensitivity": {"--trajectories": "2", "--sobol-n": "2", "--population": "300",
                        "--years": "1", "--burn-in-weeks": "4", "--jobs": "1"},
}
SENSITIVITY_FACTORS = 2  # the first factors of a design, so a design runs a handful of runs
# sim.compare draws its figures and report only where a page is about them (elsewhere
# --no-figures: the options, grouping and folders are what a page can get wrong; the
# figures and report are tested in tests/analysis/).
FIGURES_PAGES = ("docs/advisors.md",)
TOOLS = ("sim", "sim.compare", "sim.calibrate", "sim.sensitivity", "sim.docs")


@dataclass
class Command:
    """One command of a page, as written and as the test runs it."""

    page: str
    line: int
    text: str  # as written (continuation lines joined)
    argv: list[str] = field(default_factory=list)  # what runs: [tool, *args] or ["cp", a, b]
    skip: str = ""  # the reason it does not run ("" runs)
    expect: list[str] = field(default_factory=list)  # output lines a console block shows
    code: str = ""  # a python block's script

    @property
    def id(self) -> str:
        """``page:line``, the test's id."""
        return f"{self.page}:{self.line}"


def _commands_of_block(body: str) -> list[tuple[int, str]]:
    """(line offset, command) pairs of a shell block: comments dropped, ``\\`` joined."""
    out: list[tuple[int, str]] = []
    pending, start = "", 0
    for i, raw in enumerate(body.splitlines()):
        line = _strip_comment(raw).rstrip()
        if not pending:
            start = i
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        text = (pending + line).strip()
        pending = ""
        if text:
            out.append((start, " ".join(text.split())))
    return out


def _strip_comment(line: str) -> str:
    """The line without a trailing ``# comment`` (a ``#`` inside quotes is kept)."""
    quote = ""
    for i, ch in enumerate(line):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1].isspace()):
            return line[:i]
    return line


def extract(page: str) -> list[Command]:
    """The commands of a page's shell and console blocks, with their skip reasons."""
    text = (ROOT / page).read_text(encoding="utf-8")
    found = []
    for m in FENCE.finditer(text):
        lang, body = m.group(1), m.group(2)
        first = text.count("\n", 0, m.start()) + 2  # line of the block's first command
        before = text[:m.start()].rstrip("\n").rsplit("\n", 1)[-1]
        marker = SKIP.search(before)
        reason = marker.group(1).strip("() ") if marker else ""
        if marker and not reason:
            raise ValueError(f"{page}:{first}: a docs-test skip marker needs a reason")
        if lang == "python":
            found.append(Command(page, first, body.splitlines()[0] if body else "",
                                 code=body, skip=reason))
        elif lang in ("bash", "sh", "shell"):
            for offset, cmd in _commands_of_block(body):
                found.append(Command(page, first + offset, cmd, skip=reason))
        elif not lang and body.lstrip().startswith("$ "):
            lines = body.splitlines()
            for i, line in enumerate(lines):
                if line.startswith("$ "):
                    shown = [ln for ln in lines[i + 1:] if ln and not ln.startswith("$ ")]
                    found.append(Command(page, first + i, line[2:].strip(), expect=shown,
                                         skip=reason))
    return found


def _set(args: list[str], values: dict[str, str]) -> list[str]:
    """Hydra overrides ``args`` with ``values`` set (replacing the command's own)."""
    out = [a for a in args if a.split("=", 1)[0].lstrip("+") not in values]
    return out + [f"{k}={v}" for k, v in values.items()]


def _fewer_seeds(args: list[str]) -> list[str]:
    """``seed=range(N)`` with N > 2 becomes ``seed=range(2)``; other seed values stay."""
    out = []
    for a in args:
        m = re.fullmatch(r"seed=range\((\d+)\)", a)
        out.append(f"seed=range({MAX_SEEDS})" if m and int(m.group(1)) > MAX_SEEDS else a)
    return out


def small_sim(args: list[str]) -> list[str]:
    """A ``python -m sim`` command line on a small town (and a small sweep)."""
    args = _set(_fewer_seeds(args), SMALL_RUN)
    sweep = "-m" in args or "--multirun" in args or any(
        a.startswith("+experiment=") for a in args)
    if any(a.startswith("+experiment=") for a in args) and not any(
            a.startswith("seed=") for a in args):
        args.append("seed=0")  # the experiments sweep 5 or 10 seeds: one here
    return _set(args, SMALL_SWEEP) if sweep else args


def _set_options(args: list[str], values: dict[str, str]) -> list[str]:
    """``--option value`` pairs of ``args`` with ``values`` set (replacing the command's)."""
    out, i = [], 0
    while i < len(args):
        if args[i] in values:
            i += 2
            continue
        out.append(args[i])
        i += 1
    for k, v in values.items():
        out += [k, v]
    return out


def translate(cmd: Command) -> None:
    """Fill ``cmd.argv`` with what the test runs, or ``cmd.skip`` if it cannot run."""
    if cmd.code:
        cmd.argv = ["python-script", cmd.code]
        return
    words = shlex.split(cmd.text)
    small = not cmd.expect  # a console block runs exactly as written
    if words[:2] == ["make", "run"]:
        extra = [w.split("=", 1)[1] for w in words[2:] if w.startswith("ARGS=")]
        words = ["python", "-m", "sim", *(shlex.split(extra[0]) if extra else [])]
    if words[0] == ".venv/bin/zorgsim":
        words = ["python", "-m", "sim", *words[1:]]
    if words[0] == "cp" and len(words) == 3:
        cmd.argv = words
        return
    if words[0] not in PYTHON or len(words) < 3 or words[1] != "-m" or words[2] not in TOOLS:
        cmd.argv = ["unknown", cmd.text]  # fails unless the block is marked to skip
        return
    tool, args = words[2], words[3:]
    if small and tool == "sim":
        args = small_sim(args)
    elif small and tool in SMALL_TOOL:
        args = _set_options(args, SMALL_TOOL[tool])
    elif small and tool == "sim.compare" and cmd.page not in FIGURES_PAGES \
            and "--no-figures" not in args:
        args = [*args, "--no-figures"]
    cmd.argv = [tool, *args]


def shared(argv: list[str]) -> bool:
    """Whether a command's result does not depend on its page: a single run, which writes
    to a new timestamped folder that no later command reads (run once for all pages)."""
    return argv[:1] == ["sim"] and not any(
        a in ("-m", "--multirun") or a.startswith(("+experiment=", "hydra.")) for a in argv)


def plan() -> list[Command]:
    """Every command of every page, translated."""
    out = []
    for page in PAGES:
        for cmd in extract(page):
            translate(cmd)
            out.append(cmd)
    return out


# -- running, in one process ----------------------------------------------------------------


def _run_sim(args: list[str]) -> int:
    from hydra.core.global_hydra import GlobalHydra

    from sim.cli import main as cli

    GlobalHydra.instance().clear()
    cli._created.clear()
    sys.argv = ["sim", *args]
    try:
        cli.main()
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        GlobalHydra.instance().clear()
    return 0


def _sensitivity_factors(args: list[str]) -> list[str]:
    """A sensitivity command limited to the design's first factors (unless it picks some)."""
    from sim.analysis.sensitivity import load_experiment, parser

    if "--factors" in args:
        return args
    names = list(load_experiment(parser().parse_args(args).experiment).factors)
    names = names[:SENSITIVITY_FACTORS]
    return [*args, "--factors", ",".join(names)]


def run_one(argv: list[str]) -> int:
    """Run one translated command in this process; its exit code."""
    tool, args = argv[0], argv[1:]
    if tool == "unknown":
        raise ValueError(f"{args[0]}: not a command the docs test can run; if it must not "
                         "run in the tests, put <!-- docs-test: skip (the reason) --> on the "
                         "line before its block")
    if tool == "cp":
        shutil.copy(args[0], args[1])
        return 0
    if tool == "python-script":
        exec(compile(args[0], "<docs python block>", "exec"), {"__name__": "__docs__"})
        return 0
    if tool == "sim":
        return _run_sim(args)
    if tool == "sim.compare":
        from sim.analysis.compare import main
    elif tool == "sim.calibrate":
        from sim.analysis.calibrate import main
    elif tool == "sim.sensitivity":
        from sim.analysis.sensitivity import main

        args = _sensitivity_factors(args)
    else:
        from sim.cli.docs import main
    try:
        return int(main(args) or 0)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1


def execute(commands: list[dict], work: Path) -> list[dict]:
    """Run the commands, each page in its own folder (a fresh clone's root), in order.

    The folder gets ``experiments`` (a link to the clone's), for commands that read it.
    """
    results = []
    done: dict[tuple[str, str], dict] = {}
    for c in commands:
        folder = work / c["page"].replace("/", "_").removesuffix(".md")
        if not folder.exists():
            folder.mkdir(parents=True)
            (folder / "experiments").symlink_to(ROOT / "experiments")
        key = ("" if shared(c["argv"]) else c["page"], json.dumps(c["argv"]))
        if key in done:
            results.append({**done[key], "id": f"{c['page']}:{c['line']}", "repeat": True})
            continue
        out, err = io.StringIO(), io.StringIO()
        start = time.perf_counter()
        with contextlib.chdir(folder), contextlib.redirect_stdout(out), \
                contextlib.redirect_stderr(err):
            try:
                rc = run_one(c["argv"])
            except BaseException as exc:  # reported, not raised: the next command runs
                rc = f"{type(exc).__name__}: {exc}"
        result = {"id": f"{c['page']}:{c['line']}", "rc": rc, "stdout": out.getvalue()[-4000:],
                  "stderr": err.getvalue()[-4000:],
                  "seconds": round(time.perf_counter() - start, 2), "repeat": False}
        done[key] = result
        results.append(result)
    return results


def main(argv: list[str]) -> int:
    """``python docs_commands.py PLAN.json RESULTS.json WORK_DIR``."""
    import logging

    logging.getLogger("MESA").setLevel(logging.WARNING)
    commands = json.loads(Path(argv[0]).read_text())
    results = execute(commands, Path(argv[2]))
    Path(argv[1]).write_text(json.dumps(results, indent=1))
    return 0


def to_json(commands: list[Command]) -> str:
    """The runnable commands as the script reads them."""
    return json.dumps([asdict(c) for c in commands if not c.skip])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
