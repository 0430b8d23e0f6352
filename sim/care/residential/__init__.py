"""Residential care and respite: nursing homes, short stay, day care, local service centres.

See :mod:`sim.care.residential.sites`; the names other modules use are re-exported here.
"""

from sim.care.residential.facilities import (
    DayCareCentre,
    LocalServiceCentre,
    NursingHome,
    ShortStay,
    inclusion_probabilities,
)
from sim.care.residential.settings import ResidentialConfig
from sim.care.residential.sites import LEVERS, Residential

__all__ = ["LEVERS", "DayCareCentre", "LocalServiceCentre", "NursingHome", "Residential",
           "ResidentialConfig", "ShortStay", "inclusion_probabilities"]
