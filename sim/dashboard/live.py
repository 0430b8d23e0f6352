"""A thin adapter between the page and :class:`~sim.model.CareModel`: one live run.

The page never builds a model itself. It hands :func:`compose` the preset names and the
values of its controls; :func:`compose` turns them into the same Hydra overrides the
command line takes and validates them with the same schema (``sim/config.py``), so a bad
value raises the same one-line :class:`~sim.config.ConfigError` as
``python -m sim key=value``. :class:`LiveRun` then steps the model week by week and
exposes this week's headline numbers, the weekly series so far, one buurt's residents and
ties for the network view, and one resident's care situation.
"""

from __future__ import annotations

import functools
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from sim.config import Config, ConfigError, check_value, register_schema, schema_field
from sim.model import REGISTRY, CareModel
from sim.outputs.labels import preset_words

__all__ = ["CARE", "CONFIG_DIR", "HEADLINE", "NEEDS", "LiveRun", "NetworkState",
           "check_setting", "compare_preset", "compose", "default_preset", "parse_setting",
           "presets"]

CONFIG_DIR = Path(__file__).resolve().parents[2] / "configs"

# The headline series of the live charts and monitors: weekly metrics of the registry,
# summed over buurten (or the municipality's own value for the system table).
HEADLINE = ("hours_unmet", "people_unmet", "carers_overloaded", "waiting_home_care",
            "wzc_waiting", "family_care_worker_workload", "home_nurse_workload", "lonely",
            "cost_public")


def presets(group: str) -> list[str]:
    """The preset names of a config group (``scenario``, ``municipality``), sorted."""
    return sorted(p.stem for p in (CONFIG_DIR / group).glob("*.yaml"))


def default_preset(group: str) -> str:
    """The preset of ``group`` the command line takes when none is named (``config.yaml``).

    The page opens on the same town and scenario as ``python -m sim``, so a workshop and a
    researcher start from one place and the page names no preset itself.
    """
    from omegaconf import OmegaConf

    for entry in OmegaConf.load(CONFIG_DIR / "config.yaml").defaults:
        if not isinstance(entry, str) and group in entry:
            return str(entry[group])
    raise KeyError(f"configs/config.yaml has no default {group}")


def compare_preset() -> str:
    """The second scenario compare mode opens with.

    The preset whose words say ``dashboard_compare: true`` (``configs/scenario/*.words.toml``),
    else the first preset that is not the default: which policy a class sees first is a
    config choice, and the page names no policy.
    """
    flagged = [name for name, words in preset_words().items()
               if words.get("dashboard_compare")]
    first = default_preset("scenario")
    return flagged[0] if flagged else next(p for p in presets("scenario") if p != first)


def _text(value: Any) -> str:
    """A control's value as Hydra override text (what the command line would say)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return repr(value)  # 2000.0 stays a float: the schema says whether that is allowed
    if isinstance(value, str):
        return json.dumps(value)
    return repr(value)


def parse_setting(key: str, text: str) -> Any:
    """A typed-in value read as the command line reads ``key=text`` (Hydra's grammar).

    ``2000`` is a whole number, ``2000.5`` a number with a decimal point, ``abc`` text, so
    :func:`check_setting` then gives the very line ``python -m sim key=text`` prints, for
    whatever was typed. Text Hydra cannot parse stays text (and is refused as such).
    """
    from hydra.core.override_parser.overrides_parser import OverridesParser

    try:
        return OverridesParser.create().parse_override(f"{key}={text.strip()}").value()
    except Exception:  # noqa: BLE001 (any parse error: the text is refused as text)
        return text


def check_setting(key: str, value: Any) -> None:
    """Check one control's value against its schema field at once (same message as the CLI).

    Raises:
        ConfigError: the value is outside the field's type or range, or the key is unknown.
    """
    f = schema_field(key)
    if f is None:
        raise ConfigError(key, value, "unknown key")
    if f.type in ("float", "float | None") and isinstance(value, int) \
            and not isinstance(value, bool):
        value = float(value)
    check_value(key, value, f)


@functools.cache
def _registered() -> bool:
    register_schema()
    return True


def compose(scenario: str, municipality: str, values: dict[str, Any]) -> Config:
    """The validated config of presets plus control values, as the command line builds it.

    Raises:
        ConfigError: one line, exactly as ``python -m sim`` would print it.
    """
    from sim.cli.preflight import compose_jobs, parse_command_line

    _registered()
    for key, value in values.items():
        check_setting(key, value)
    # The page draws weekly series and writes no summary means, so a burn-in has nothing to
    # leave out; without this a one-year run would be refused (burn-in 52 of 52 weeks).
    values = {"output.burn_in_weeks": 0, **values}
    argv = [f"scenario={scenario}", f"municipality={municipality}",
            *(f"{k}={_text(v)}" for k, v in values.items())]
    plan = compose_jobs(parse_command_line(argv))
    cfg = plan.jobs[0].cfg
    cfg.output.progress = False
    cfg.output.events = False  # the events table is only written by file runs
    return cfg


@dataclass(frozen=True)
class Carer:
    """One informal carer of a resident: who, by which tie, how many hours last week."""

    id: int  # resident id, or -1 for a carer living outside the municipality
    tie: str
    hours: float


@dataclass(frozen=True)
class ResidentCare:
    """What the page shows when a resident is clicked."""

    id: int
    age: float
    sex: str
    dwelling: str
    need: str
    dementia: bool
    hours_needed: float
    hours_by_source: dict[str, float]
    hours_unmet: float
    carers: tuple[Carer, ...]
    cares_for: tuple[int, ...]
    hours_given: float
    waiting_home_care_weeks: int
    waiting_wzc_weeks: int  # -1: not on the nursing-home list


# Who cares for a resident, as the network view colours her (codes of NetworkState.care).
CARE = ("none", "informal", "home_care", "both", "nursing_home")
NEEDS = ("none", "light", "moderate", "severe")


@dataclass(frozen=True)
class NetworkState:
    """One buurt's network view in one week: k residents at fixed positions, and the ties.

    ``ties`` (social: household, kin, neighbour, friend; ``a < b``) and ``care_links``
    (carer, recipient: care given last week) are pairs of positions in ``ids``.
    """

    ids: np.ndarray  # (k,) resident ids, sorted
    xy: np.ndarray  # (k, 2) positions, fixed per buurt
    need: np.ndarray  # (k,) index into NEEDS
    care: np.ndarray  # (k,) index into CARE
    wzc: np.ndarray  # (k,) in a nursing home
    alive: np.ndarray  # (k,)
    ties: np.ndarray  # (t, 2)
    care_links: np.ndarray  # (c, 2)


class LiveRun:
    """One model run that the page steps week by week.

    Args:
        cfg: A validated config (:func:`compose`).
    """

    def __init__(self, cfg: Config) -> None:
        self.cfg = cfg
        self.model = CareModel(cfg)
        self._layout: dict[int, Any] = {}

    @property
    def weeks_done(self) -> int:
        """Weeks simulated so far."""
        return self.model.recorder.weeks_done

    @property
    def horizon(self) -> int:
        """Weeks in the run (``years`` x 52)."""
        return self.model.n_weeks

    @property
    def done(self) -> bool:
        """Whether the run has reached its horizon (it then refuses to step)."""
        return self.weeks_done >= self.horizon

    def step(self, weeks: int = 1) -> int:
        """Simulate up to ``weeks`` weeks, never past the horizon; return the weeks run."""
        n = max(0, min(weeks, self.horizon - self.weeks_done))
        for _ in range(n):
            self.model.step()
        return n

    # -- series ------------------------------------------------------------------------

    def series(self, names: tuple[str, ...] = HEADLINE) -> dict[str, np.ndarray]:
        """Municipality values of ``names`` for every week simulated so far."""
        w, m = self.weeks_done, self.model
        out: dict[str, np.ndarray] = {}
        for name in names:
            for rec in (m.recorder, m.system):
                if name in rec.index:
                    vals = rec.data[:w, :, rec.index[name]]
                    agg = REGISTRY.metrics[name].aggregation
                    out[name] = vals.mean(axis=1) if agg == "mean" else vals.sum(axis=1)
                    break
        return out

    def headline(self) -> dict[str, float]:
        """This week's value of every headline metric (empty before the first week)."""
        if self.weeks_done == 0:
            return {}
        return {k: float(v[-1]) for k, v in self.series().items()}

    def table(self) -> Any:
        """The weekly series of the town so far (every timeseries and system metric), for export.

        Returns:
            A pandas DataFrame: one row per week (``week`` 1-based, as in timeseries.parquet).
        """
        import pandas as pd

        m = self.model
        names = [*m.recorder.names, *m.system.names]
        s = self.series(tuple(names))
        df = pd.DataFrame({"week": np.arange(1, self.weeks_done + 1), **s})
        df.insert(0, "scenario", self.cfg.scenario.name)
        df.insert(1, "seed", self.cfg.seed)
        return df

    def csv_bytes(self) -> bytes:
        """The weekly series as CSV."""
        return self.table().to_csv(index=False).encode()

    def parquet_bytes(self) -> bytes:
        """The weekly series as Parquet, every column with its unit and description."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pandas(self.table(), preserve_index=False)
        fields = []
        for f in table.schema:
            m = REGISTRY.metrics.get(f.name)
            meta = {"unit": m.unit, "description": m.description} if m else None
            fields.append(f.with_metadata(meta) if meta else f)
        table = table.cast(pa.schema(fields, metadata=table.schema.metadata))
        buf = io.BytesIO()
        pq.write_table(table, buf)
        return buf.getvalue()

    # -- one buurt and one resident ----------------------------------------------------

    def buurt_residents(self, buurt: int, *, limit: int = 400) -> np.ndarray:
        """Ids of the buurt's living residents shown in the network view.

        Everyone with a care need, every carer, everyone in a nursing home, then others
        by id up to ``limit`` (a buurt of 1,700 drawn in full is a blur, and its layout
        costs seconds); the choice is fixed when the layout is made.
        """
        pop = self.model.pop
        ids = np.flatnonzero(pop.alive & (pop.buurt == buurt))
        key = (pop.need[ids] > 0) | (self.model.informal.hours_given[ids] > 0) | \
            (pop.dwelling[ids] == 2)
        order = np.concatenate([ids[key], ids[~key]])
        return np.sort(order[:limit])

    def layout(self, buurt: int) -> tuple[np.ndarray, np.ndarray]:
        """(ids, (k, 2) positions) of the buurt's network view, computed once per buurt."""
        if buurt not in self._layout:
            import networkx as nx

            ids = self.buurt_residents(buurt)
            adj = self._ties(ids)
            g = nx.from_scipy_sparse_array(adj)
            pos = nx.spring_layout(g, seed=buurt, iterations=30)
            self._layout[buurt] = (ids, np.array([pos[i] for i in range(len(ids))]))
        return self._layout[buurt]

    def _ties(self, ids: np.ndarray) -> Any:
        """The social ties among ``ids`` (household, kin, neighbour, friend), symmetric."""
        net = self.model.network
        adj = None
        for kind in ("household", "kin", "neighbour", "friend"):
            part = getattr(net, kind)[ids][:, ids]
            adj = part if adj is None else adj + part
        return ((adj + adj.T) > 0).astype(np.int8)

    def network(self, buurt: int) -> NetworkState:
        """The buurt's network view now: who is drawn where, their state, and the ties.

        Positions stay as computed at the first call for the buurt; the state (need, who
        cares, nursing home, alive) and the ties follow the model week by week. Arrays, so
        that the page can send only what changed since the last week it drew
        (:func:`sim.dashboard.network.delta`).
        """
        ids, xy = self.layout(buurt)
        m, pop = self.model, self.model.pop
        received = m.informal.received[: pop.n][ids] > 0
        formal = (m.care.covered["formal"][ids] > 0) if m.care is not None else \
            np.zeros(len(ids), bool)
        care = np.where(pop.dwelling[ids] == 2, CARE.index("nursing_home"),
                        np.where(formal, np.where(received, CARE.index("both"),
                                                  CARE.index("home_care")),
                                 np.where(received, CARE.index("informal"),
                                          CARE.index("none"))))
        ties = self._ties(ids).tocoo()
        up = ties.row < ties.col
        links = m.informal.links
        give = (links.hours > 0) & np.isin(links.recipient, ids) & np.isin(links.slot, ids)
        return NetworkState(
            ids=ids, xy=xy, need=pop.need[ids].astype(np.int8), care=care.astype(np.int8),
            wzc=pop.dwelling[ids] == 2, alive=pop.alive[ids].copy(),
            ties=np.column_stack([ties.row[up], ties.col[up]]).astype(np.int64),
            care_links=np.column_stack([np.searchsorted(ids, links.slot[give]),
                                        np.searchsorted(ids, links.recipient[give])]
                                       ).astype(np.int64))

    def resident(self, i: int) -> ResidentCare:
        """One resident's care situation this week."""
        from sim.care.informal.links import KINDS

        m = self.model
        view = m.resident(i)
        covered = {s: float(v[i]) for s, v in m.care.covered.items()} if m.care else {}
        needed = view.hours_needed
        L = m.informal.links
        mine = np.flatnonzero(L.recipient == i)
        n = L.n_residents
        carers = tuple(Carer(int(s) if s < n else -1, KINDS[k], float(h)) for s, k, h in
                       zip(L.slot[mine], L.kind[mine], L.hours[mine], strict=True))
        cares_for = tuple(int(r) for r in L.recipient[(L.slot == i) & (L.hours > 0)])
        since = int(m.residential.waiting_since[i])
        return ResidentCare(
            id=i, age=view.age, sex=view.sex, dwelling=view.dwelling, need=view.need,
            dementia=view.dementia, hours_needed=needed, hours_by_source=covered,
            hours_unmet=max(needed - sum(covered.values()), 0.0) if covered else 0.0,
            carers=carers, cares_for=cares_for,
            hours_given=float(m.informal.hours_given[i]),
            waiting_home_care_weeks=int(m.homecare.waiting_weeks[i]),
            waiting_wzc_weeks=(m.week - since) if since >= 0 else -1,
        )
