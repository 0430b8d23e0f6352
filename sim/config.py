"""The settings of a run: every module's settings section, assembled into one typed tree.

Each mechanism declares its own settings next to its code (``NeedsConfig`` in
``sim/population/needs.py``, ``InformalCareConfig`` in
``sim/care/informal/settings.py``...), every numeric field with
:func:`~sim.engine.schema.param`: unit, source (or the word "assumption" and a plausible
range) and the range the model accepts. :class:`Config` assembles the sections; it is
registered in Hydra's ConfigStore as the base of ``configs/config.yaml``, so every key
exists with a typed default and presets in ``configs/<group>/`` only override what differs.
:func:`from_container` checks a composed config against the ranges and each section's
cross-field rules and raises :class:`ConfigError` with one line that names the key, the
value and what is allowed.
"""



from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from omegaconf import DictConfig, OmegaConf

from sim.care.consequences import ConsequencesConfig
from sim.care.costs import CostsConfig
from sim.care.homecare import HomeCareConfig
from sim.care.informal import InformalCareConfig
from sim.care.residential import ResidentialConfig
from sim.care.selfcare import SelfCareConfig
from sim.care.service_vouchers import ServiceVoucherConfig
from sim.care.workforce import WorkforceConfig
from sim.engine.schema import (
    NAME_DOC,
    NAME_PATTERN,
    ConfigError,
    check_value,
    field_type,
    is_section,
    param,
    walk_settings,
)
from sim.engine.units import WEEKS_PER_YEAR
from sim.policies.settings import PoliciesConfig
from sim.population.acute import AcuteConfig
from sim.population.demography import DemographyConfig
from sim.population.needs import NeedsConfig
from sim.population.network import NetworkConfig
from sim.population.synthesis import MunicipalityConfig

__all__ = ["GROUPS", "Config", "ConfigError", "check_value", "config_hash", "describe",
           "field_type", "flatten", "from_container", "is_section", "param",
           "register_schema", "schema_field", "section_keys", "to_dict"]


@dataclass
class OutputConfig:
    """What a run writes."""

    snapshot: bool = param(True, doc="write the final resident snapshot (residents.parquet)",
                           source="run setting (not part of the config hash)")
    events: bool = param(True, doc="write the events table (events.parquet): registrations, "
                         "admissions, home-care and care-link starts and stops, deaths",
                         source="run setting (not part of the config hash)")
    progress: bool = param(True, doc="show a progress bar on a terminal",
                           source="run setting (not part of the config hash)")
    burn_in_weeks: int = param(
        52, lo=0, hi=100 * WEEKS_PER_YEAR - 1, unit="weeks",
        doc="weeks at the start left out of every summary figure that is a mean over weeks "
            "(shares, waiting lists, workload, costs per year): informal care links form "
            "over the first weeks and carers' burden over 6-12 months, so the first year "
            "is not yet the model's steady state; totals over the run and end-of-run "
            "figures are unaffected; part of the config hash (it changes the summary)",
        source="assumption, plausible 26-104 weeks: docs/ODD.md 5.7 (links form within "
               "about 8 weeks, carers' burden builds over 6-12 months, so overload figures "
               "need a burn-in year); allowed 0 to the horizon minus one week")

    def check(self, run: Any) -> None:
        """Cross-field rule: the burn-in leaves at least one week of the horizon."""
        weeks = run.years * WEEKS_PER_YEAR
        if self.burn_in_weeks >= weeks:
            raise ConfigError("output.burn_in_weeks", self.burn_in_weeks,
                              f"allowed: 0 to {weeks - 1} (a horizon of {run.years} "
                              f"year{'s' if run.years != 1 else ''} is {weeks} weeks); lower "
                              f"output.burn_in_weeks, e.g. output.burn_in_weeks="
                              f"{min(13, weeks - 1)}, or raise years")


@dataclass
class ScenarioConfig:
    """The named scenario a run belongs to (set by the presets in ``configs/scenario/``)."""

    name: str = param("status_quo", doc="scenario name (Dutch, as advisors know it); names the "
                                        "run folder and the summary's scenario column",
                      pattern=NAME_PATTERN, pattern_doc=NAME_DOC,
                      source="set by the scenario preset (configs/scenario/)")
    description: str = param("Current policy: no extra levers", doc="what the scenario is",
                             source="set by the scenario preset (configs/scenario/)")


@dataclass
class Config:
    """A whole run: one municipality, one seed, a horizon in years."""

    seed: int = param(0, lo=0, hi=2**32 - 1, doc="run seed; every random stream derives "
                                                  "from it", source="run setting (one per "
                                                                    "replication)")
    years: int = param(10, lo=1, hi=100, unit="years",
                       doc="simulated horizon (52 weeks per year)",
                       source="run setting (the calibration runs 10 years)")
    scenario: ScenarioConfig = field(default_factory=ScenarioConfig)
    municipality: MunicipalityConfig = field(default_factory=MunicipalityConfig)
    network: NetworkConfig = field(default_factory=NetworkConfig)
    demography: DemographyConfig = field(default_factory=DemographyConfig)
    needs: NeedsConfig = field(default_factory=NeedsConfig)
    acute: AcuteConfig = field(default_factory=AcuteConfig)
    selfcare: SelfCareConfig = field(default_factory=SelfCareConfig)
    informal: InformalCareConfig = field(default_factory=InformalCareConfig)
    workforce: WorkforceConfig = field(default_factory=WorkforceConfig)
    vouchers: ServiceVoucherConfig = field(default_factory=ServiceVoucherConfig)
    homecare: HomeCareConfig = field(default_factory=HomeCareConfig)
    residential: ResidentialConfig = field(default_factory=ResidentialConfig)
    consequences: ConsequencesConfig = field(default_factory=ConsequencesConfig)
    costs: CostsConfig = field(default_factory=CostsConfig)
    policies: PoliciesConfig = field(default_factory=PoliciesConfig)
    output: OutputConfig = field(default_factory=OutputConfig)


GROUPS = ("municipality", "scenario")


# ---------------------------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------------------------


def schema_field(key: str) -> dataclasses.Field | None:
    """Return the dataclass field for a dotted key (``needs.women_odds``), or None."""
    cls: Any = Config
    parts = key.split(".")
    for i, part in enumerate(parts):
        fields = {f.name: f for f in dataclasses.fields(cls)}
        if part not in fields:
            return None
        f = fields[part]
        if i == len(parts) - 1:
            return f
        default = f.default_factory() if f.default_factory is not dataclasses.MISSING else None
        if not dataclasses.is_dataclass(default):
            return None
        cls = type(default)
    return None


def describe(key: str) -> tuple[str, str]:
    """(unit, description with source) of a dotted config key, for column metadata."""
    f = schema_field(key)
    if f is None:
        return "-", key
    meta = f.metadata
    doc = meta.get("doc") or key.rsplit(".", 1)[-1].replace("_", " ")
    source = meta.get("source", "")
    return meta.get("unit") or "-", f"{doc} (source: {source})" if source else doc


def section_keys(prefix: str) -> list[str]:
    """List the keys directly under a dotted section ('' for the top level)."""
    cls: Any = Config
    if prefix:
        f = schema_field(prefix)
        if f is None or f.default_factory is dataclasses.MISSING:
            return []
        cls = type(f.default_factory())
    return [f.name for f in dataclasses.fields(cls)]


def _check_cross(cfg: Config) -> None:
    """Run every section's own cross-field rules (its ``check(run)`` method), in order."""
    def walk(obj: Any) -> None:
        if hasattr(obj, "check"):
            obj.check(cfg)
        for f in dataclasses.fields(obj):
            sub = getattr(obj, f.name)
            if dataclasses.is_dataclass(sub):
                walk(sub)

    walk(cfg)


def from_container(data: dict[str, Any] | DictConfig) -> Config:
    """Build and validate a :class:`Config` from a (Hydra-composed) mapping.

    Raises:
        ConfigError: for an unknown key, a wrong type or an out-of-range value.
    """
    if isinstance(data, DictConfig):
        data = OmegaConf.to_container(data, resolve=True)  # type: ignore[assignment]
    data = {k: v for k, v in dict(data).items() if k != "hydra"}
    cfg = Config()
    walk_settings(cfg, data, "")
    _check_cross(cfg)
    cfg.municipality.neighbourhoods = cfg.municipality.n_buurten  # recorded as it ran
    return cfg


def to_dict(cfg: Config) -> dict[str, Any]:
    """Return the config as plain nested dicts."""
    return dataclasses.asdict(cfg)


def flatten(d: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Flatten nested dicts to dotted keys; lists are kept as lists."""
    out: dict[str, Any] = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(flatten(v, key + "."))
        elif isinstance(v, list | tuple):
            out[key] = list(v)
        else:
            out[key] = v
    return out


def config_hash(cfg: Config) -> str:
    """Stable hash of everything that determines a run's results (seed included).

    The ``output`` section only says what is written, except the burn-in, which changes
    the summary figures: it is hashed, the rest of ``output`` is not.
    """
    d = to_dict(cfg)
    d["output"] = {"burn_in_weeks": cfg.output.burn_in_weeks}
    text = json.dumps(d, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def register_schema() -> None:
    """Register the schema in Hydra's ConfigStore as ``base_config`` (the defaults' base)."""
    from hydra.core.config_store import ConfigStore

    cs = ConfigStore.instance()
    cs.store(name="base_config", node=Config)
