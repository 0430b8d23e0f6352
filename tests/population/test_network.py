"""Tests of the typed social network (sim/network.py)."""

from __future__ import annotations

import copy
import math
from itertools import combinations

import networkx as nx
import numpy as np
import pytest

from sim.config import MunicipalityConfig, NetworkConfig
from sim.population.network import (
    MATRICES,
    TIE_TYPES,
    SocialNetwork,
    attach_arrivals,
    build_network,
    soft_geometric_edges,
)
from sim.population.residents import WOMAN, Population
from sim.population.synthesis import synthesise

CFG = NetworkConfig()


@pytest.fixture(scope="module")
def town():
    pop, hh = synthesise(MunicipalityConfig(population=20000), np.random.default_rng(3))
    net = build_network(pop, hh, CFG, rng=np.random.default_rng(4))
    return pop, hh, net


def edges(m):
    rows = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
    return rows, m.indices.astype(np.int64)


def keys(m):
    r, c = edges(m)
    return set((r * m.shape[0] + c).tolist())


# --------------------------------------------------------------------------------------------
# Structure of the matrices
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", MATRICES)
def test_matrices_are_binary_square_without_self_loops(town, kind):
    pop, _, net = town
    m = net.matrix(kind)
    assert m.shape == (pop.n, pop.n)
    assert m.nnz > 0
    assert np.all(m.data == 1)
    assert m.diagonal().sum() == 0


@pytest.mark.parametrize("kind", TIE_TYPES)
def test_tie_matrices_are_symmetric(town, kind):
    m = town[2].matrix(kind)
    assert (m != m.T).nnz == 0


def test_children_matrix_is_directed(town):
    m = town[2].children
    assert (m.multiply(m.T)).nnz == 0  # nobody is both parent and child of the same person


def test_household_ties_are_exactly_same_household_pairs(town):
    pop, _, net = town
    expected = set()
    members = {}
    for i, h in enumerate(pop.household.tolist()):
        members.setdefault(h, []).append(i)
    for group in members.values():
        for a, b in combinations(group, 2):
            expected.update((a * pop.n + b, b * pop.n + a))
    assert keys(net.household) == expected


def test_kin_ties_are_parent_child_pairs_in_different_households(town):
    pop, _, net = town
    r, c = edges(net.kin)
    assert np.all(pop.household[r] != pop.household[c])
    p, k = edges(net.children)
    apart = pop.household[p] != pop.household[k]
    n = pop.n
    expected = set((p[apart] * n + k[apart]).tolist()) | set((k[apart] * n + p[apart]).tolist())
    assert keys(net.kin) == expected


def test_parents_are_15_to_50_years_older_and_at_most_two(town):
    pop, _, net = town
    p, k = edges(net.children)
    gap = pop.age[p] - pop.age[k]
    assert gap.min() >= 15 and gap.max() <= 50
    assert np.bincount(k, minlength=pop.n).max() <= 2
    assert np.all(pop.age[p] >= 18)


def test_most_minors_have_a_coresident_parent(town):
    pop, _, net = town
    p, k = edges(net.children)
    home = pop.household[p] == pop.household[k]
    with_parent = np.zeros(pop.n, bool)
    with_parent[k[home]] = True
    minors = pop.age < 18
    assert with_parent[minors].mean() > 0.9


# --------------------------------------------------------------------------------------------
# Degrees and the rules of each tie type
# --------------------------------------------------------------------------------------------


def test_mean_neighbour_degree_of_adults_near_config(town):
    pop, _, net = town
    d = net.degree("neighbour")[pop.age >= 18]
    assert d.mean() == pytest.approx(CFG.neighbour_degree, rel=0.15)


def test_mean_friend_degree_of_adults_under_75_near_config(town):
    pop, _, net = town
    d = net.degree("friend")[(pop.age >= 18) & (pop.age < 75)]
    assert d.mean() == pytest.approx(CFG.friend_degree, rel=0.15)


def test_minors_have_no_neighbour_or_friend_ties(town):
    pop, _, net = town
    minors = pop.age < 18
    assert net.degree("neighbour")[minors].sum() == 0
    assert net.degree("friend")[minors].sum() == 0


def test_neighbour_ties_stay_in_buurt_between_adults_of_different_households(town):
    pop, _, net = town
    r, c = edges(net.neighbour)
    assert np.all(pop.buurt[r] == pop.buurt[c])
    assert np.all((pop.age[r] >= 18) & (pop.age[c] >= 18))
    assert np.all(pop.household[r] != pop.household[c])


def spacing_distance(pop, hh, r, c):
    """Distance between the homes of r and c in adult spacings of their buurt."""
    adults = np.bincount(pop.buurt[pop.age >= 18], minlength=int(pop.buurt.max()) + 1)
    h1, h2 = pop.household[r], pop.household[c]
    return np.hypot(hh.x[h1] - hh.x[h2], hh.y[h1] - hh.y[h2]) * np.sqrt(adults[pop.buurt[r]])


def test_neighbour_ties_decay_with_distance(town):
    pop, hh, net = town
    r, c = edges(net.neighbour)
    d = spacing_distance(pop, hh, r, c)
    # Most ties are short: with exp(-d/3) the median tie spans about 4-5 adult spacings
    # (the distance kernel times the ring of candidates at d grows like d exp(-d/3)).
    assert 3.0 < np.median(d) < 2 * CFG.neighbour_decay
    assert np.mean(d < CFG.neighbour_decay) > np.mean((d > 2 * CFG.neighbour_decay)
                                                       & (d < 3 * CFG.neighbour_decay))
    assert d.max() <= 4 * CFG.neighbour_decay + 1e-9  # cut at the radius


def test_neighbour_ties_look_alike_in_small_and_large_buurten():
    """Distances are in adult spacings, so a buurt 30 times larger has the same local
    structure (and costs 30 times, not 900 times, as many candidate pairs)."""
    out = {}
    for pop_size, k in ((20_000, 12), (60_000, 1)):
        pop, hh = synthesise(MunicipalityConfig(population=pop_size, neighbourhoods=k,
                                                neighbourhood_size_cv=0.0),
                             np.random.default_rng(5))
        net = build_network(pop, hh, CFG, rng=np.random.default_rng(6))
        r, c = edges(net.neighbour)
        out[k] = (np.median(spacing_distance(pop, hh, r, c)),
                  net.degree("neighbour")[pop.age >= 18].mean())
    # (up to edge effects: a third of a small buurt lies within a radius of its border,
    # which shortens ties there by a few per cent; in widths they would be 5x longer)
    assert out[1][0] == pytest.approx(out[12][0], rel=0.1)
    assert out[1][1] == pytest.approx(out[12][1], rel=0.03)


def test_neighbour_ties_drawn_in_strips_match_one_pass():
    """A buurt larger than a block is walked in strips: the same model, the same ties in
    distribution, with each candidate pair seen once."""
    rng = np.random.default_rng(0)
    xy = rng.random((3000, 2)) * math.sqrt(3000)
    group = np.arange(3000) // 2  # two adults per household: never tied
    one, strips = [], []
    for seed in range(4):
        for block, out in ((10_000, one), (400, strips)):
            i, j, _ = soft_geometric_edges(xy, group, mean_degree=3.0, decay=3.0, radius=12.0,
                                           rng=np.random.default_rng(seed), block=block)
            assert np.all(group[i] != group[j])
            key = np.minimum(i, j) * 3000 + np.maximum(i, j)
            assert np.unique(key).size == key.size  # each pair at most once
            out.append((i.size, np.hypot(*(xy[i] - xy[j]).T).mean()))
    (n1, d1), (n2, d2) = np.mean(one, axis=0), np.mean(strips, axis=0)
    assert n1 == pytest.approx(4500, rel=0.03) and n2 == pytest.approx(n1, rel=0.03)
    assert d2 == pytest.approx(d1, rel=0.03)


def test_soft_geometric_edges_match_networkx_generator():
    """Same model as networkx.soft_random_geometric_graph: same tie count and distances."""
    rng = np.random.default_rng(0)
    xy = rng.random((400, 2))
    decay, radius = 0.08, 0.32
    ours, theirs, d_ours, d_theirs = [], [], [], []
    for seed in range(6):
        i, j, c = soft_geometric_edges(xy, np.arange(400), mean_degree=3.0, decay=decay,
                                       radius=radius, rng=np.random.default_rng(seed))
        ours.append(i.size)
        d_ours.append(np.hypot(*(xy[i] - xy[j]).T))
        pos = {k: tuple(p) for k, p in enumerate(xy)}
        g = nx.soft_random_geometric_graph(
            400, radius, pos=pos, p_dist=lambda d, c=c: min(1.0, c * math.exp(-d / decay)),
            seed=seed)
        e = np.array(g.edges())
        theirs.append(len(e))
        d_theirs.append(np.hypot(*(xy[e[:, 0]] - xy[e[:, 1]]).T))
    assert np.mean(ours) == pytest.approx(3.0 * 400 / 2, rel=0.05)
    assert np.mean(ours) == pytest.approx(np.mean(theirs), rel=0.08)
    assert np.mean(np.concatenate(d_ours)) == pytest.approx(
        np.mean(np.concatenate(d_theirs)), rel=0.08)


def test_friends_are_of_similar_age(town):
    pop, _, net = town
    r, c = edges(net.friend)
    assert np.median(np.abs(pop.age[r] - pop.age[c])) < 6
    assert np.corrcoef(pop.age[r], pop.age[c])[0, 1] > 0.8


def test_share_of_friend_ties_rewired_to_any_age_near_config(town):
    pop, _, net = town
    r, c = edges(net.friend)
    same = pop.buurt[r] == pop.buurt[c]
    far = np.abs(pop.age[r] - pop.age[c])[same] > 10
    # Watts-Strogatz rewires a share friend_rewire to a random adult of the buurt; most of
    # those (not all) are more than 10 years apart in age.
    assert 0.5 * CFG.friend_rewire < far.mean() < CFG.friend_rewire


def test_share_of_friend_ties_across_buurten_near_config(town):
    pop, _, net = town
    r, c = edges(net.friend)
    cross = np.mean(pop.buurt[r] != pop.buurt[c])
    assert abs(cross - CFG.friend_outside_buurt) < 0.1


def test_residents_75plus_lose_the_configured_share_of_friends(town):
    pop, _, net = town
    d = net.degree("friend")
    ratio = d[pop.age >= 75].mean() / d[(pop.age >= 50) & (pop.age < 75)].mean()
    assert ratio == pytest.approx(1 - CFG.friend_loss_75plus, abs=0.1)


def test_no_friend_tie_duplicates_a_household_tie(town):
    net = town[2]
    assert net.friend.multiply(net.household).nnz == 0


def test_adult_children_of_50plus_and_nonresident_share(town):
    pop, _, net = town
    old = pop.age >= 50
    p, k = edges(net.children)
    adult = pop.age[k] >= 18
    home = pop.household[p] == pop.household[k]
    resident = np.bincount(p[adult], minlength=pop.n)
    at_home = np.bincount(p[adult & home], minlength=pop.n)
    away = net.nonresident_children.astype(int)
    total = resident + away
    assert total[old].mean() == pytest.approx(CFG.children_per_older_parent, rel=0.15)
    # Co-resident adult children count first; of the others, 1 - child_in_municipality
    # live outside the municipality (plus the few for whom no resident matched).
    share = away[old].sum() / (total[old] - at_home[old]).sum()
    assert share == pytest.approx(1 - CFG.child_in_municipality, abs=0.05)
    # Of all adult children of 50+, the non-resident share is a little lower.
    overall = away[old].sum() / total[old].sum()
    assert 0.8 * (1 - CFG.child_in_municipality) < overall <= share


def test_nonresident_children_only_for_50plus_units(town):
    pop, _, net = town
    has = net.nonresident_children > 0
    partner_old = (pop.partner >= 0) & (pop.age[np.maximum(pop.partner, 0)] >= 50)
    assert np.all((pop.age[has] >= 50) | partner_old[has])


def test_summary_reports_degrees_and_isolation(town):
    pop, _, net = town
    s = net.summary(pop.alive, pop.age)
    for kind in TIE_TYPES:
        assert s[f"{kind}_adults"] >= 0 and s[f"{kind}_65plus"] >= 0
    assert s["neighbour_adults"] == pytest.approx(
        net.degree("neighbour")[pop.age >= 18].mean())
    assert 0 <= s["no_tie_outside_household_65plus"] <= 1
    # Ties to the dead do not count: with half the town gone, about half the friends remain.
    alive = np.random.default_rng(0).random(pop.n) < 0.5
    half = net.summary(alive, pop.age)
    assert half["friend_adults"] == pytest.approx(0.5 * s["friend_adults"], rel=0.1)
    living_friends = net.friend @ alive.astype(float)
    assert half["friend_65plus"] == pytest.approx(living_friends[alive & (pop.age >= 65)].mean())


# --------------------------------------------------------------------------------------------
# Determinism and sensitivity to the configuration
# --------------------------------------------------------------------------------------------


def test_same_seed_gives_identical_network(town):
    pop, hh, net = town
    again = build_network(pop, hh, CFG, rng=np.random.default_rng(4))
    for kind in MATRICES:
        a, b = net.matrix(kind), again.matrix(kind)
        assert np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)
    assert np.array_equal(net.nonresident_children, again.nonresident_children)


def test_different_seed_gives_different_network(town):
    pop, hh, net = town
    other = build_network(pop, hh, CFG, rng=np.random.default_rng(5))
    for kind in ("kin", "neighbour", "friend"):
        assert keys(net.matrix(kind)) != keys(other.matrix(kind))
    assert keys(net.household) == keys(other.household)  # fixed by the population


@pytest.mark.parametrize(("key", "value", "kind"), [
    ("neighbour_degree", 6.0, "neighbour"),
    ("friend_degree", 8.0, "friend"),
])
def test_degree_follows_config(key, value, kind):
    pop, hh = synthesise(MunicipalityConfig(population=5000, neighbourhoods=4),
                         np.random.default_rng(1))
    cfg = NetworkConfig(**{key: value})
    net = build_network(pop, hh, cfg, rng=np.random.default_rng(2))
    d = net.degree(kind)[(pop.age >= 18) & (pop.age < 75)]
    assert d.mean() == pytest.approx(value, rel=0.15)


def test_odd_friend_degree_is_reached():
    pop, hh = synthesise(MunicipalityConfig(population=5000, neighbourhoods=4),
                         np.random.default_rng(1))
    net = build_network(pop, hh, NetworkConfig(friend_degree=5.0), rng=np.random.default_rng(2))
    d = net.degree("friend")[(pop.age >= 18) & (pop.age < 75)]
    assert d.mean() == pytest.approx(5.0, rel=0.1)


def test_isolated_and_tiny_buurten_do_not_fail():
    pop, hh = synthesise(MunicipalityConfig(population=300, neighbourhoods=60),
                         np.random.default_rng(1))
    net = build_network(pop, hh, CFG, rng=np.random.default_rng(2))
    r, c = edges(net.neighbour)
    assert np.all(pop.buurt[r] == pop.buurt[c])


# --------------------------------------------------------------------------------------------
# Changing the network while the model runs
# --------------------------------------------------------------------------------------------


def test_grow_keeps_ties_and_resizes_everything(town):
    net = copy.deepcopy(town[2])
    n = net.n
    before = {kind: keys(net.matrix(kind)) for kind in MATRICES}
    net.grow(n + 50)
    for kind in MATRICES:
        m = net.matrix(kind)
        assert m.shape == (n + 50, n + 50)
        assert {(k // n) * (n + 50) + k % n for k in before[kind]} == keys(m)
    assert net.nonresident_children.shape == (n + 50,)
    assert net.degree("friend")[n:].sum() == 0
    with pytest.raises(ValueError):
        net.grow(n)


def test_add_ties_is_symmetric_and_idempotent(town):
    net = copy.deepcopy(town[2])
    n = net.n
    net.grow(n + 2)
    i, j = np.array([0, n, n + 1, 5]), np.array([n, n + 1, n + 1, 5])
    nnz = net.neighbour.nnz
    net.add_ties("neighbour", i, j)
    m = net.neighbour
    assert m.shape == (n + 2, n + 2)
    assert (m != m.T).nnz == 0 and m.diagonal().sum() == 0 and np.all(m.data == 1)
    assert m[0, n] == 1 and m[n + 1, n] == 1
    assert m.nnz == nnz + 4  # two new ties; the two self loops are ignored
    net.add_ties("neighbour", i, j)
    assert net.neighbour.nnz == m.nnz
    net.add_ties("children", np.array([0]), np.array([n + 1]))
    assert net.children[0, n + 1] == 1 and net.children[n + 1, 0] == 0
    with pytest.raises(ValueError):
        net.add_ties("enemy", i, j)
    with pytest.raises(ValueError):
        net.add_ties("friend", np.array([n + 5]), np.array([0]))


def _arrivals(pop, hh, rng):
    """200 adults in new households in random buurten, and 20 newborns joining mothers."""
    k = int(pop.buurt.max()) + 1
    adults = Population.empty(200)
    adults.age[:] = rng.uniform(20, 90, 200)
    adults.sex[:] = rng.integers(0, 2, 200)
    adults.buurt[:] = rng.integers(0, k, 200)
    adults.household[:] = hh.add(adults.buurt, rng)
    mothers = np.flatnonzero((pop.sex == WOMAN) & (pop.age > 25) & (pop.age < 38))[:20]
    babies = Population.empty(20)
    babies.buurt[:] = pop.buurt[mothers]
    babies.household[:] = pop.household[mothers]
    ids = pop.append(adults)
    baby_ids = pop.append(babies)
    return ids, baby_ids, mothers


def test_attach_arrivals_ties_in_newcomers(town):
    pop, hh, net = copy.deepcopy(town)
    n0 = pop.n
    ids, baby_ids, mothers = _arrivals(pop, hh, np.random.default_rng(7))
    new = np.concatenate([ids, baby_ids])
    attach_arrivals(net, pop, hh, new, CFG, rng=np.random.default_rng(8))
    for kind in MATRICES:
        m = net.matrix(kind)
        assert m.shape == (pop.n, pop.n)
        if kind != "children":
            assert (m != m.T).nnz == 0
    # Adults get neighbour ties in their own buurt, about the configured number.
    d = net.degree("neighbour")[ids]
    assert d.mean() == pytest.approx(CFG.neighbour_degree, rel=0.25)
    r, c = edges(net.neighbour)
    touch = r >= n0
    assert np.all(pop.buurt[r[touch]] == pop.buurt[c[touch]])
    assert net.degree("friend")[ids].mean() > 0.5 * CFG.friend_degree
    # Babies: household ties to everyone at home, their mother is a parent, no friends.
    for b, mother in zip(baby_ids, mothers, strict=True):
        home = np.flatnonzero(pop.household == pop.household[b])
        assert set(net.household[[b]].indices.tolist()) == set(home.tolist()) - {b}
        assert net.children[mother, b] == 1
    assert net.degree("friend")[baby_ids].sum() == 0
    assert net.degree("neighbour")[baby_ids].sum() == 0
    # Old ties stay.
    old = town[2]
    assert net.friend[:n0, :n0].multiply(old.friend).nnz == old.friend.nnz


def test_attach_arrivals_is_deterministic(town):
    nets = []
    for _ in range(2):
        pop, hh, net = copy.deepcopy(town)
        ids, baby_ids, _ = _arrivals(pop, hh, np.random.default_rng(7))
        attach_arrivals(net, pop, hh, np.concatenate([ids, baby_ids]), CFG,
                        rng=np.random.default_rng(8))
        nets.append(net)
    for kind in MATRICES:
        assert keys(nets[0].matrix(kind)) == keys(nets[1].matrix(kind))


def test_network_is_a_social_network(town):
    assert isinstance(town[2], SocialNetwork)
