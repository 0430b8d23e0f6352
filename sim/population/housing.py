"""Housing: residents aged 75+ moving in time into assisted-living flats (assistentiewoningen).

Flats are taken up at the start and at each yearly update ("moving in time" to adapted
housing), so flats freed by deaths are taken by others; nursing homes are the
residential module's.
"""

from __future__ import annotations

import numpy as np

from sim.population.residents import ASSISTED_LIVING, HOME, NURSING_HOME, Population


def assign_assisted_living(pop: Population, share: float, rng: np.random.Generator) -> None:
    """Top up assisted-living flats to a share of the 75+, favouring those alone and in need.

    Called at the start and at each yearly update ("moving in time" to adapted housing), so
    flats freed by deaths are taken by others. Assumption: living alone and any need each
    triple the chance of moving in (range 2-5).
    """
    old = pop.alive & (pop.age >= 75)
    current = int(np.count_nonzero(old & (pop.dwelling == ASSISTED_LIVING)))
    k = int(round(share * np.count_nonzero(old & (pop.dwelling != NURSING_HOME)))) - current
    cand = np.flatnonzero(old & (pop.dwelling == HOME))
    if k <= 0 or not len(cand):
        return
    weight = (1 + 2 * pop.lives_alone()[cand]) * (1 + 2 * (pop.need[cand] > 0))
    chosen = rng.choice(cand, size=min(k, len(cand)), replace=False, p=weight / weight.sum())
    pop.dwelling[chosen] = ASSISTED_LIVING
