"""Who lives alone: one definition (Population.lives_alone) for every module."""

import numpy as np

from sim.population.residents import ASSISTED_LIVING, NURSING_HOME, Population


def _couple_and_single() -> Population:
    pop = Population.empty(3)
    pop.household[:] = [0, 0, 1]
    pop.age[:] = 85
    return pop


def test_partner_left_at_home_lives_alone_once_the_other_moves_into_a_wzc():
    pop = _couple_and_single()
    assert pop.lives_alone().tolist() == [False, False, True]
    pop.dwelling[1] = NURSING_HOME  # Statbel: registered in a collective household
    assert pop.lives_alone().tolist() == [True, False, True]
    assert pop.household_sizes().tolist() == [1, 1]


def test_the_dead_do_not_share_a_household_and_assisted_living_is_at_home():
    pop = _couple_and_single()
    pop.alive[0] = False
    pop.dwelling[1] = ASSISTED_LIVING
    assert pop.lives_alone().tolist() == [False, True, True]


def test_household_sizes_cover_every_household_id():
    pop = _couple_and_single()
    assert len(pop.household_sizes(minlength=5)) == 5
    assert np.array_equal(pop.household_sizes(), [2, 1])
