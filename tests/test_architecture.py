"""The package's structure: layers, no cycles, policies only through levers, state and
metrics declared once.

The layers, bottom to top: sim/engine, sim/population, sim/care, sim/policies,
sim/config.py, sim/model.py, sim/outputs, sim/tools, sim/analysis, sim/cli, sim/dashboard
and the entry points. A module imports only its own layer and those below it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import numpy as np
import pytest

SIM = Path(__file__).resolve().parents[1] / "sim"
LAYERS = ["sim.engine", "sim.population", "sim.care", "sim.policies", "sim.config",
          "sim.model", "sim.outputs", "sim.tools", "sim.analysis", "sim.cli", "sim.dashboard"]
ENTRY = {"sim", "sim.__main__", "sim.compare", "sim.calibrate", "sim.sensitivity",
         "sim.docs", "sim.results"}


def module_name(path: Path) -> str:
    rel = path.relative_to(SIM.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def layer(name: str) -> int:
    if name in ENTRY:
        return len(LAYERS)
    for i, prefix in enumerate(LAYERS):
        if name == prefix or name.startswith(prefix + "."):
            return i
    raise AssertionError(f"{name} belongs to no layer")


def imports(path: Path) -> set[str]:
    """Every sim.* module imported anywhere in the file (functions and TYPE_CHECKING too)."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("sim"):
            out.add(node.module)
            for alias in node.names:  # from sim.care import informal: a submodule
                sub = f"{node.module}.{alias.name}"
                if (SIM.parent / sub.replace(".", "/")).with_suffix(".py").exists() or \
                        (SIM.parent / sub.replace(".", "/")).is_dir():
                    out.add(sub)
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("sim")}
    return out


FILES = sorted(SIM.rglob("*.py"))
GRAPH = {module_name(p): imports(p) for p in FILES}


def test_no_import_runs_up_a_layer():
    bad = [f"{mod} ({LAYERS[layer(mod)] if layer(mod) < len(LAYERS) else 'entry'}) "
           f"imports {dep}"
           for mod, deps in GRAPH.items() for dep in deps
           if dep != "sim" and layer(dep) > layer(mod)]
    assert not bad, "\n".join(bad)


def test_no_import_cycle():
    def resolve(dep: str) -> str | None:
        while dep and dep not in GRAPH:
            dep = dep.rpartition(".")[0]
        return dep or None

    edges = {m: {r for d in deps if (r := resolve(d)) and r != m} for m, deps in GRAPH.items()}
    # a package's __init__ re-exporting its own submodules is not a cycle
    edges = {m: {d for d in ds if not d.startswith(m + ".")} for m, ds in edges.items()}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for d in edges.get(m, ()):
            if state.get(d) == 1:
                raise AssertionError("import cycle: " + " -> ".join(
                    stack[stack.index(d):] + [d]))
            if d not in state:
                visit(d)
        stack.pop()
        state[m] = 2

    for m in edges:
        if m not in state:
            visit(m)


POLICY_WORDS = re.compile(r"zorgzame[_ ]buurten|carer_support|mantelzorgondersteuning|"
                          r"flexible_norms|flexibele normen|extra_contingent|personeelscrisis|"
                          r"voucher_subsidy|sociale[_ ]dienstencheque|"
                          r"(?<![\w.])policies\.[a-z_]+\.|\bpreventie\b|\bpolicy\.[a-z]",
                          re.IGNORECASE)
# The mechanisms, the model, the outputs (labels included: presets and policies bring their
# own words) and the dashboard (its levers and presets come from the policy registry and the
# configs) name no policy; a policy is named in sim/policies and configs/ only.
NO_POLICY_NAMES = [p for p in FILES
                   if layer(module_name(p)) in (0, 1, 2, 4, 5, 6, LAYERS.index("sim.dashboard"))
                   and module_name(p) != "sim.config"]


@pytest.mark.parametrize("path", NO_POLICY_NAMES, ids=lambda p: str(p.relative_to(SIM)))
def test_no_policy_is_named_outside_the_policies(path):
    hits = [f"{i}: {line.strip()}" for i, line in enumerate(path.read_text().splitlines(), 1)
            if POLICY_WORDS.search(line)]
    assert not hits, "\n".join(hits)


MECHANISM_ATTRS = re.compile(r"\b(?:model|m)\.(informal|homecare|residential|workforce|needs|"
                             r"consequences|network|demography|costs|demand|recorder)\b")


@pytest.mark.parametrize("path", sorted((SIM / "policies").glob("*.py")),
                         ids=lambda p: p.name)
def test_policies_act_only_through_the_lever_board(path):
    hits = [f"{i}: {line.strip()}" for i, line in enumerate(path.read_text().splitlines(), 1)
            if MECHANISM_ATTRS.search(line)]
    assert not hits, "a policy reaches into a mechanism:\n" + "\n".join(hits)


def test_every_metric_is_declared_once_and_appears_in_a_table():
    from sim.model import REGISTRY
    from sim.outputs.metrics import METRICS

    tables = REGISTRY.tables
    listed = [n for t in tables.values() for n in t]
    assert set(listed) == set(METRICS)
    for name, m in METRICS.items():
        assert m.owner, name
        for t in m.tables:
            assert tables[t].count(name) == 1, (name, t)


@pytest.fixture(scope="module")
def small_model():
    from sim.model import CareModel
    from tests.conftest import make_config

    model = CareModel(make_config(years=2, **{"municipality.population": 3000}))
    model.run()
    return model


def test_every_per_resident_array_is_registered_once(small_model):
    """Arrays of one value per resident on a module are registered columns (grown by the
    registry) or declared caches recomputed from them; none is grown by hand."""
    model = small_model
    n = model.pop.n
    names = [(o, s.name) for o, s in model.states.columns()]
    assert len(names) == len(set(names)), "a column registered twice"
    unregistered = []
    for module in [*model.modules, model.costs]:
        caches = set(getattr(module, "caches", ()))
        for attr, value in vars(module).items():
            per_resident = (isinstance(value, np.ndarray) and value.ndim >= 1
                            and value.shape[-1] == n)
            if (per_resident and attr not in model.states.registered(module)
                    and attr not in caches):
                unregistered.append(f"{module.name}.{attr}")
    assert not unregistered, unregistered


def test_the_weekly_plan_runs_every_phase_in_order_and_hooks_follow_it():
    from sim.model import HOOKS, PHASES

    names = [p.name for p in PHASES]
    assert names.index("home_care") < names.index("informal")
    assert HOOKS.index("allocation") < HOOKS.index("informal"), "hooks in running order"
    assert list(HOOKS) == [p.hook for p in PHASES if p.hook]


# -- the docs name the code as it is ---------------------------------------------------------

ROOT = SIM.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def layout_rows() -> list[str]:
    """The first column of the README's layout table, split into paths."""
    text = (ROOT / "README.md").read_text()
    table = text.split("## Layout", 1)[1].split("\n## ", 1)[0]
    paths = []
    for line in table.splitlines():
        if line.startswith("| `"):
            paths += re.findall(r"`([^`]+)`", line.split("|")[1])
    return paths


def test_the_readme_layout_table_matches_the_tree():
    paths = layout_rows()
    missing = [p for p in paths if not (ROOT / p).exists()]
    assert not missing, f"README layout names paths that do not exist: {missing}"
    named = {p.rstrip("/") for p in paths}
    packages = {str(d.relative_to(ROOT)) for d in SIM.iterdir()
                if d.is_dir() and d.name != "__pycache__"}
    modules = {str(f.relative_to(ROOT)) for f in SIM.glob("*.py") if f.name != "__init__.py"}
    folders = {d.name for d in ROOT.iterdir() if d.is_dir() and not d.name.startswith(".")
               and not d.name.endswith(".egg-info") and d.name not in ("__pycache__", "sim")}
    unnamed = sorted((packages | modules | folders) - named)
    assert not unnamed, f"README layout table leaves out {unnamed}"
    text = (ROOT / "README.md").read_text().split("## Layout", 1)[1]
    docs_row = next(line for line in text.splitlines() if line.startswith("| `docs/`"))
    pages = sorted(p.name for p in (ROOT / "docs").glob("*.md") if f"`{p.name}`" not in docs_row)
    assert not pages, f"README layout table's docs/ row leaves out {pages}"
    order = [p for p in paths if p.startswith("sim/") and p.rstrip("/").replace("/", ".")
             .removesuffix(".py") in LAYERS]
    ranks = [LAYERS.index(p.rstrip("/").replace("/", ".").removesuffix(".py")) for p in order]
    assert ranks == sorted(ranks), "README layout rows are not in layer order"


def test_every_code_path_the_docs_name_exists():
    """`sim/...` paths and `tests/...` paths in the README and docs/ exist."""
    missing = []
    for page in DOCS:
        for path in re.findall(r"`((?:sim|tests|configs|experiments|benchmarks)/[\w/.*-]+)`",
                               page.read_text()):
            path = path.split("::")[0].rstrip(".,:")
            if "*" in path or "<" in path:
                if not list(ROOT.glob(path)):
                    missing.append(f"{page.name}: {path}")
            elif not (ROOT / path).exists():
                missing.append(f"{page.name}: {path}")
    assert not missing, missing


def test_the_odd_names_the_module_of_every_mechanism():
    import sim.model  # noqa: F401  (imports every mechanism)
    from sim.engine.module import Module

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    odd = (ROOT / "docs" / "ODD.md").read_text()
    unnamed = sorted({sub.__module__.replace(".", "/") + ".py" for sub in subclasses(Module)
                      if sub.__module__.startswith("sim.")} - set(re.findall(r"sim/[\w/]+\.py",
                                                                              odd)))
    assert not unnamed, f"docs/ODD.md does not name {unnamed}"


OUTSIDE = re.compile(r"\b(?:DESIGN|DOMAIN|FIGURES)\.md\b|\bDOMAIN mechanisms? \d|/work/shared")


def test_every_reference_resolves_inside_the_repository():
    """Code, configs, tests and docs cite the repository's own pages (docs/figures.md,
    docs/domain.md, docs/design.md), never files that are not in it."""
    files = [*SIM.rglob("*.py"), *(ROOT / "configs").rglob("*.yaml"), *DOCS,
             *(ROOT / "tests").rglob("*.py"), *(ROOT / "experiments").rglob("*"),
             ROOT / "results" / "README.md"]
    here = Path(__file__).resolve()
    found = [f"{f.relative_to(ROOT)}:{i}" for f in files if f.is_file() and f != here
             for i, line in enumerate(f.read_text(errors="replace").splitlines(), 1)
             if OUTSIDE.search(line)]
    assert not found, found
