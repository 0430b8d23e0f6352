"""Informal care (mantelzorg): residents who care for someone in their network.

See :mod:`sim.care.informal.carers` for the mechanism; the names other modules use are
re-exported here.
"""

from sim.care.informal.carers import LEVERS, InformalCare
from sim.care.informal.links import (
    CHILD,
    FRIEND,
    HOUSEHOLD,
    KIN,
    KINDS,
    NEIGHBOUR,
    NONRESIDENT_CHILD,
    PARTNER,
    CareLinks,
    csr_rows,
)
from sim.care.informal.settings import InformalCareConfig

__all__ = ["CHILD", "FRIEND", "HOUSEHOLD", "KIN", "KINDS", "LEVERS", "NEIGHBOUR",
           "NONRESIDENT_CHILD", "PARTNER", "CareLinks", "InformalCare", "InformalCareConfig",
           "csr_rows"]
