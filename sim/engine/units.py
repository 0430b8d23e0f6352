"""Time units: one step of the model is one week; rates are given per year.

Parameters are stated in the unit their source uses (per year, per FTE-year, EUR a year);
the code converts them here, once, instead of dividing by 52 wherever it needs a weekly
figure.
"""

from __future__ import annotations

WEEKS_PER_YEAR = 52  # one step = one week; the yearly event falls after week 52k
HOURS_PER_WEEK = 168.0


def per_week(per_year: float) -> float:
    """A yearly amount (a rate, a cost, a count) as its weekly share."""
    return per_year / WEEKS_PER_YEAR


def weekly_persistence(per_year: float) -> float:
    """The weekly factor that compounds to ``per_year`` over a year (AR(1) persistence)."""
    return per_year ** (1 / WEEKS_PER_YEAR)
