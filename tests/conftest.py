"""Shared fixtures: one default town run once per session (the tests only read it)."""

from __future__ import annotations

import pytest

from sim.config import Config
from sim.model import CareModel


def make_config(**over) -> Config:
    """Default config with dotted overrides: make_config(**{"municipality.population": 5000})."""
    cfg = Config()
    for key, value in over.items():
        obj = cfg
        *path, leaf = key.split(".")
        for part in path:
            obj = getattr(obj, part)
        setattr(obj, leaf, value)
    return cfg


@pytest.fixture(scope="session")
def town_run() -> CareModel:
    """The default 20,000-resident town simulated for 10 years, seed 11."""
    model = CareModel(make_config(seed=11))
    model.run()
    return model


def pytest_addoption(parser):
    parser.addoption("--regenerate-baseline", action="store_true", default=False,
                     help="rewrite tests/baseline/ from the current code (a deliberate change "
                          "of results, committed on its own with the reason)")
