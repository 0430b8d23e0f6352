"""Typed, sparse social network of residents: household, kin, neighbour and friend ties.

Informal care (mantelzorg) flows along ties, and who can help depends on the kind of tie:
a partner in the household, an adult child in the next street, a neighbour, a friend. The
engine therefore keeps one sparse 0/1 matrix per tie type, indexed by resident id, so that a
weekly step is a handful of sparse products over the whole population (docs/design.md §2: 200-800
times faster than walking a graph agent by agent).

The structure is generated the way the design asks, per buurt (neighbourhood) with
networkx where a graph algorithm is the point (Watts-Strogatz rings of friends), and with
vectorised numpy where networkx would only loop in Python over millions of candidate pairs:
the neighbour graph is the model of ``networkx.soft_random_geometric_graph`` (candidate
pairs from a KD-tree, each kept with a probability that decays with distance), evaluated in
numpy. One buurt of 1,300 adults takes about 1 s in networkx and 20 ms here.

All tie matrices are ``scipy.sparse.csr_array`` of dtype int8 with one stored 1 per tie.
Multiply them by float vectors (``net.friend @ x.astype(float)``): int8 times int8 would
overflow past 127.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.spatial import cKDTree

from sim.engine.levers import Action, LeverBoard
from sim.engine.schema import param
from sim.population.residents import Households, Population
from sim.population.synthesis import nearest_in_group


@dataclass
class NetworkConfig:
    """Typed ties between residents: household, kin, neighbours, friends."""

    children_per_older_parent: float = param(2.0, lo=0.0, hi=8.0, unit="children",
                                             doc="mean adult children of residents aged 50+",
                                             source="assumption (Flemish cohorts 1.8-2.3)")
    child_in_municipality: float = param(0.55, lo=0.0, hi=1.0, unit="share",
                                         doc="share of non-co-resident adult children living "
                                             "in the municipality",
                                         source="assumption (range 0.4-0.7)")
    child_in_same_buurt: float = param(0.3, lo=0.0, hi=1.0, unit="share",
                                       doc="of children in the municipality, share in the "
                                           "parent's buurt", source="assumption (range 0.2-0.5)")
    neighbour_degree: float = param(3.0, lo=0.0, hi=30.0, unit="ties per adult",
                                    doc="mean neighbour ties of an adult",
                                    source="assumption (range 1-6)")
    neighbour_decay: float = param(3.0, lo=0.05, hi=10.0, unit="adult spacings",
                                   doc="distance scale of the exponential decay of neighbour "
                                       "ties, in units of the mean spacing between adults' "
                                       "homes (the buurt's width / sqrt(its adults))",
                                   source="assumption (range 1-7; 3 = 0.08 of the width of a "
                                          "buurt of 1,400 adults)")
    friend_degree: float = param(4.0, lo=0.0, hi=30.0, unit="ties per adult",
                                 doc="mean friend ties of an adult under 75",
                                 source="assumption (range 2-8)")
    friend_rewire: float = param(0.15, lo=0.0, hi=1.0, unit="probability",
                                 doc="share of friend ties not age-homophilous",
                                 source="assumption (range 0.05-0.3)")
    friend_outside_buurt: float = param(0.4, lo=0.0, hi=1.0, unit="share",
                                        doc="share of friend ties to another buurt",
                                        source="assumption (range 0.2-0.6)")
    friend_loss_75plus: float = param(0.35, lo=0.0, hi=1.0, unit="share",
                                      doc="share of friend ties lost by residents aged 75+",
                                      source="assumption (range 0.2-0.5)")

TIE_TYPES = ("household", "kin", "neighbour", "friend")
MATRICES = (*TIE_TYPES, "children")

ADULT_AGE = 18.0
OLD_AGE = 65.0
OLDER_PARENT_AGE = 50.0  # residents from this age draw their number of adult children
FRIEND_LOSS_AGE = 75.0
# Structural constants set by the model description (not calibrated): a parent is 15-50
# years older than a minor child and 15-45 years older than an adult one; a resident child
# is searched at the parent's age minus U(22, 38) years; friends are of similar age.
PARENT_GAP_MINOR = (15.0, 50.0)
PARENT_GAP_ADULT = (15.0, 45.0)
CHILD_AGE_GAP = (22.0, 38.0)
TYPICAL_PARENT_GAP = 30.0  # tie-break between several co-resident candidate parents
FRIEND_AGE_WINDOW = 5.0
# Numerical settings: the distance kernel is cut at 4 decay lengths (91% of its weight on an
# unbounded plane); where that gives few candidates the radius grows until an adult has
# about 10x as many candidates as ties, so the target degree stays reachable.
NEIGHBOUR_CUTOFF = 4.0
MIN_CANDIDATES_PER_TIE = 10.0
PAIR_BLOCK = 8_192  # neighbour candidates are drawn in strips of this many adults (~100 MB)
PICK_ROUNDS = 4  # rounds of re-picking when two parents want the same resident child
DRAW_TRIES = 10  # re-draws when a random friend falls in the wrong buurt or household

_I64 = np.int64


@dataclass
class SocialNetwork:
    """One sparse 0/1 matrix per tie type, indexed by resident id.

    Residents keep their slot after death (see ``Population``), so ties to the dead stay in
    the matrices; mask alters with ``pop.alive`` where it matters.
    """

    household: sp.csr_array  # symmetric: residents sharing a household
    kin: sp.csr_array  # symmetric: parent <-> child living in different households
    neighbour: sp.csr_array  # symmetric: adults of one buurt, distance-decaying
    friend: sp.csr_array  # symmetric: adults of similar age, some across buurten
    children: sp.csr_array  # directed: row = parent, column = child (co-resident too)
    nonresident_children: np.ndarray  # int8: adult children living outside the municipality

    @property
    def n(self) -> int:
        """Number of resident slots the matrices cover."""
        return self.household.shape[0]

    def matrix(self, kind: str) -> sp.csr_array:
        """Return the matrix of one tie type (``TIE_TYPES`` or ``"children"``)."""
        if kind not in MATRICES:
            raise ValueError(f"unknown tie type {kind!r}; allowed: {', '.join(MATRICES)}")
        return getattr(self, kind)

    def degree(self, kind: str) -> np.ndarray:
        """Ties per resident of one type (for ``children``: number of resident children).

        Counts ties to dead alters too; weigh by ``alive`` for the living-only count.
        """
        return np.diff(self.matrix(kind).indptr).astype(np.int32)

    def grow(self, n_new: int) -> None:
        """Resize every matrix and array to ``n_new`` residents, keeping all ties.

        Arrivals are appended to the population, so the network must cover their ids
        before :func:`attach_arrivals` can tie them in.
        """
        n = self.n
        if n_new < n:
            raise ValueError(f"cannot shrink the network from {n} to {n_new} residents")
        for kind in MATRICES:
            m = self.matrix(kind)
            indptr = np.concatenate([m.indptr, np.full(n_new - n, m.indptr[-1])])
            setattr(self, kind, sp.csr_array((m.data, m.indices, indptr), shape=(n_new, n_new)))
        pad = np.zeros(n_new - len(self.nonresident_children), np.int8)
        self.nonresident_children = np.concatenate([self.nonresident_children, pad])

    def offer_actions(self, levers: LeverBoard) -> None:
        """Offer policies what they may do to the network: add neighbour ties."""
        levers.provide(Action("network.add_neighbour_ties", "new neighbour ties i -- j "
                              "(brokered while the model runs)"),
                       lambda i, j: self.add_ties("neighbour", i, j))

    def add_ties(self, kind: str, i: np.ndarray, j: np.ndarray) -> None:
        """Add ties ``i[k] -- j[k]``; symmetric, except ``children`` (i = parent, j = child).

        Policies use this while the model runs (through the action
        ``network.add_neighbour_ties``). Existing ties and self loops are ignored. Adding a
        ``children`` tie does not add the matching ``kin`` tie: add it too if the two live
        apart.
        """
        m = self.matrix(kind)
        i, j = np.asarray(i, _I64).ravel(), np.asarray(j, _I64).ravel()
        ends = np.concatenate([i, j])
        if i.size != j.size or (ends.size and (ends.min() < 0 or ends.max() >= self.n)):
            raise ValueError(f"tie ends must be equal-length arrays of ids in 0..{self.n - 1}")
        if kind != "children":
            i, j = np.concatenate([i, j]), np.concatenate([j, i])
        new = _csr(i, j, self.n)
        merged = (m + new).tocsr()
        merged.data[:] = 1
        setattr(self, kind, merged)

    def summary(self, alive: np.ndarray, age: np.ndarray) -> dict[str, float]:
        """Mean living ties per type for living adults and 65+; 65+ with only household ties.

        The last figure is a loneliness risk indicator: older residents whose only
        possible carers live under the same roof.
        """
        live = np.asarray(alive, bool)[: self.n]
        age = np.asarray(age)[: self.n]
        adults, old = live & (age >= ADULT_AGE), live & (age >= OLD_AGE)
        weights = live.astype(np.float64)
        out: dict[str, float] = {}
        outside = np.zeros(self.n)
        for kind in TIE_TYPES:
            deg = self.matrix(kind) @ weights
            out[f"{kind}_adults"] = _mean(deg[adults])
            out[f"{kind}_65plus"] = _mean(deg[old])
            if kind != "household":
                outside += deg
        out["no_tie_outside_household_65plus"] = _mean(outside[old] == 0)
        return out


def _mean(x: np.ndarray) -> float:
    return float(x.mean()) if x.size else 0.0


# ---------------------------------------------------------------------------------------------
# Building blocks
# ---------------------------------------------------------------------------------------------


def _csr(rows: np.ndarray, cols: np.ndarray, n: int) -> sp.csr_array:
    """Build a 0/1 int8 n x n matrix with ones at (rows, cols), minus duplicates and loops."""
    keep = rows != cols
    key = rows[keep].astype(_I64) * n + cols[keep]
    key.sort()  # sort + diff: np.unique's hash path is ~30x slower on millions of keys
    key = key[np.concatenate([[True], key[1:] != key[:-1]])] if key.size else key
    idx = np.int32 if n < 2**31 and key.size < 2**31 else _I64
    indptr = np.zeros(n + 1, idx)
    np.cumsum(np.bincount(key // n, minlength=n), out=indptr[1:])
    indices = (key % n).astype(idx)
    return sp.csr_array((np.ones(key.size, np.int8), indices, indptr), shape=(n, n))


def _sym(i: np.ndarray, j: np.ndarray, n: int) -> sp.csr_array:
    """Build a symmetric 0/1 matrix with ties i -- j."""
    return _csr(np.concatenate([i, j]), np.concatenate([j, i]), n)


def _pairs(m: sp.csr_array) -> tuple[np.ndarray, np.ndarray]:
    """Row and column of every stored entry."""
    rows = np.repeat(np.arange(m.shape[0], dtype=_I64), np.diff(m.indptr))
    return rows, m.indices.astype(_I64)


def _empty_pairs() -> tuple[np.ndarray, np.ndarray]:
    return np.zeros(0, _I64), np.zeros(0, _I64)


def _cat(parts: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """Concatenate a list of (i, j) edge lists."""
    if not parts:
        return _empty_pairs()
    return (np.concatenate([p[0] for p in parts]).astype(_I64),
            np.concatenate([p[1] for p in parts]).astype(_I64))


def household_pairs(household: np.ndarray, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All unordered pairs of ``ids`` that share a household id.

    Vectorised: after one sort by household, members ``k`` places apart in the sorted order
    share a household exactly when their ids match, and households are small, so the loop
    over ``k`` ends after the largest household size.
    """
    order = ids[np.argsort(household[ids], kind="stable")].astype(_I64)
    h = household[order]
    parts = []
    for k in range(1, len(order)):
        same = h[:-k] == h[k:]
        if not same.any():
            break
        parts.append((order[:-k][same], order[k:][same]))
    return _cat(parts)


def _coresident_parents(
    pop: Population, i: np.ndarray, j: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Parent -> child among household pairs, by the age gap between the two.

    An adult 15-50 years older than a minor (15-45 years older than an adult) in the same
    household may be a parent. Large households can hold several such adults (an older
    parent living in, lodgers), so each child keeps one parent unit: the candidate whose
    age gap is closest to the typical 30 years, plus that parent's partner when the partner
    is a candidate too. A child so has at most two co-resident parents.
    """
    a, b = np.concatenate([i, j]), np.concatenate([j, i])
    gap = pop.age[a] - pop.age[b]
    top = np.where(pop.age[b] < ADULT_AGE, PARENT_GAP_MINOR[1], PARENT_GAP_ADULT[1])
    ok = (pop.age[a] >= ADULT_AGE) & (gap >= PARENT_GAP_MINOR[0]) & (gap <= top)
    ok &= pop.partner[a] != b
    a, b, gap = a[ok], b[ok], gap[ok]
    order = np.lexsort((np.abs(gap - TYPICAL_PARENT_GAP), b))
    a, b = a[order], b[order]
    first = np.concatenate([[True], b[1:] != b[:-1]]) if b.size else np.zeros(0, bool)
    best, kid = a[first], b[first]
    mate = pop.partner[best].astype(_I64)
    n = np.int64(pop.n)
    both = np.isin(mate * n + kid, a * n + b) & (mate >= 0)
    return np.concatenate([best, mate[both]]), np.concatenate([kid, kid[both]])


# ---------------------------------------------------------------------------------------------
# Kin: adult children of residents aged 50+
# ---------------------------------------------------------------------------------------------


def _parent_units(pop: Population, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Heads of the parent units among ``ids`` (aged 50+) and each head's partner or -1.

    A couple shares its children, so it draws them once: the partner with the lower id is
    the head when both are in ``ids``.
    """
    ids = np.unique(np.asarray(ids, _I64))  # sorted: callers look heads up by searchsorted
    in_ids = np.zeros(pop.n, bool)
    in_ids[ids] = True
    mate = pop.partner[ids].astype(_I64)
    has = mate >= 0
    has[has] = pop.alive[mate[has]]
    mate = np.where(has, mate, -1)
    shared = has & in_ids[np.maximum(mate, 0)]
    head = ~shared | (ids < mate)
    return ids[head].astype(_I64), mate[head]


def _nearest_free(
    pop: Population, free: np.ndarray, head: np.ndarray, target: np.ndarray, local: np.ndarray
) -> np.ndarray:
    """Find the free adult closest to ``target`` age for each head; -1 where there is none.

    Searched in the head's buurt where ``local``, else anywhere in the municipality.
    """
    cand = np.flatnonzero(free)
    out = np.full(len(head), -1, _I64)
    if cand.size == 0:
        return out
    zeros_c, zeros_q = np.zeros(cand.size, np.int32), np.zeros(int((~local).sum()), np.int32)
    groups = ((local, pop.buurt[cand], pop.buurt[head[local]]), (~local, zeros_c, zeros_q))
    for mask, c_group, q_group in groups:
        if mask.any():
            k = nearest_in_group(c_group, pop.age[cand], q_group, target[mask])
            out[mask] = np.where(k >= 0, cand[k], -1)
    return out


def _pick_resident_children(
    pop: Population, head: np.ndarray, want: np.ndarray, free: np.ndarray,
    cfg: NetworkConfig, rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Match each head's ``want`` resident children to real free adults; return (head, child).

    A child is searched at the head's age minus U(22, 38) years, nearest in age, in the same
    buurt with probability ``child_in_same_buurt``. When several heads want the same adult,
    one (at random) gets them and the others search again without them; each child so has
    one parent unit (at most two parents). ``free`` is updated in place.
    """
    q = np.repeat(head, want)
    target = np.maximum(ADULT_AGE, pop.age[q] - rng.uniform(*CHILD_AGE_GAP, q.size))
    local = rng.random(q.size) < cfg.child_in_same_buurt
    child = np.full(q.size, -1, _I64)
    todo = np.arange(q.size)
    for _ in range(PICK_ROUNDS):
        if todo.size == 0:
            break
        pick = _nearest_free(pop, free, q[todo], target[todo], local[todo])
        safe = np.maximum(pick, 0)
        gap = pop.age[q[todo]] - pop.age[safe]
        ok = (pick >= 0) & (gap >= PARENT_GAP_ADULT[0]) & (gap <= PARENT_GAP_ADULT[1])
        ok &= pop.household[safe] != pop.household[q[todo]]
        cand = rng.permutation(np.flatnonzero(ok))
        _, first = np.unique(pick[cand], return_index=True)
        win = cand[first]
        child[todo[win]] = pick[win]
        free[pick[win]] = False
        todo = np.setdiff1d(todo, todo[win], assume_unique=True)
    found = child >= 0
    return q[found], child[found]


def _kin_for_heads(
    pop: Population, heads: np.ndarray, coresident: tuple[np.ndarray, np.ndarray],
    free: np.ndarray, cfg: NetworkConfig, rng: np.random.Generator,
) -> tuple[tuple[np.ndarray, np.ndarray], np.ndarray, np.ndarray]:
    """Adult children of the parent units headed by ``heads`` (residents aged 50+).

    Returns the new parent -> child ties (head and partner), and per head its partner and
    number of children living outside the municipality.
    """
    head, mate = _parent_units(pop, heads)
    par, kid = coresident
    adult_kid = pop.age[kid] >= ADULT_AGE
    at_home = np.bincount(par[adult_kid], minlength=pop.n)[head]
    total = np.maximum(rng.poisson(cfg.children_per_older_parent, head.size), at_home)
    elsewhere = total - at_home
    resident = rng.binomial(elsewhere, cfg.child_in_municipality)
    p, c = _pick_resident_children(pop, head, resident, free, cfg, rng)
    found = np.bincount(np.searchsorted(head, p), minlength=head.size)
    nonresident = elsewhere - found
    # The head's partner is a parent too, when the age gap is plausible for a parent.
    m = mate[np.searchsorted(head, p)]
    gap = pop.age[np.maximum(m, 0)] - pop.age[c]
    ok = (m >= 0) & (gap >= PARENT_GAP_MINOR[0]) & (gap <= PARENT_GAP_MINOR[1]) & (m != c)
    ties = (np.concatenate([p, m[ok]]), np.concatenate([c, c[ok]]))
    return ties, np.stack([head, mate]), nonresident


def _set_nonresident(net: SocialNetwork, units: np.ndarray, count: np.ndarray) -> None:
    """Store each unit's non-resident children on the head and on the partner."""
    count = np.minimum(count, 127).astype(np.int8)
    head, mate = units
    net.nonresident_children[head] = count
    net.nonresident_children[mate[mate >= 0]] = count[mate >= 0]


def _kin_from_children(
    pop: Population, par: np.ndarray, kid: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Parent -- child pairs that live in different households (the kin ties)."""
    apart = pop.household[par] != pop.household[kid]
    return par[apart], kid[apart]


# ---------------------------------------------------------------------------------------------
# Neighbours: soft random geometric graph per buurt
# ---------------------------------------------------------------------------------------------


def neighbour_radius(n_adults: int, cfg: NetworkConfig) -> float:
    """Search radius (adult spacings): 4 decay lengths, wider where that gives few candidates.

    Distances are measured in adult spacings (the buurt's unit square scaled by the square
    root of its adults), so an adult has about the same number of candidates, pi r^2,
    whatever the size of the buurt: the cost of drawing ties grows linearly with the
    population, never with the square of a buurt's size.
    """
    if n_adults < 2:
        return 0.0
    sparse = math.sqrt(MIN_CANDIDATES_PER_TIE * cfg.neighbour_degree / math.pi)
    return min(math.sqrt(2.0 * n_adults), max(NEIGHBOUR_CUTOFF * cfg.neighbour_decay, sparse))


def scale_to_total(w: np.ndarray, total: float) -> tuple[np.ndarray, float]:
    """Find probabilities min(1, c * w) that sum to ``total`` where possible; return them and c.

    A few fixed-point steps suffice: the sum is increasing and concave in ``c``.
    """
    if w.size == 0 or w.size <= total:
        return np.ones_like(w), math.inf
    c = total / w.sum()
    for _ in range(30):
        s = np.minimum(1.0, c * w).sum()
        if abs(s - total) <= 1e-9 * total:
            break
        c *= total / s
    return np.minimum(1.0, c * w), float(c)


def _candidate_pairs(
    xy: np.ndarray, group: np.ndarray, radius: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All pairs i < j within ``radius`` in different groups, and their distances."""
    pairs = cKDTree(xy).query_pairs(radius, output_type="ndarray").astype(_I64)
    i, j = pairs[:, 0], pairs[:, 1]
    apart = group[i] != group[j]
    i, j = i[apart], j[apart]
    return i, j, np.hypot(xy[i, 0] - xy[j, 0], xy[i, 1] - xy[j, 1])


def _candidate_strips(
    xy: np.ndarray, group: np.ndarray, radius: float, block: int
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """The pairs of :func:`_candidate_pairs`, a strip of ``block`` points at a time.

    Points are sorted by x; a strip's partners lie in the strip or up to ``radius`` to its
    right, so each pair is found once, by its left point, and memory is bounded by a strip.
    """
    order = np.argsort(xy[:, 0], kind="stable")
    xs = xy[order]
    for start in range(0, len(xs), block):
        end = min(start + block, len(xs))
        stop = int(np.searchsorted(xs[:, 0], xs[end - 1, 0] + radius, side="right"))
        m = cKDTree(xs[start:end]).sparse_distance_matrix(cKDTree(xs[start:stop]), radius,
                                                            output_type="ndarray")
        i, j = order[m["i"].astype(_I64) + start], order[m["j"].astype(_I64) + start]
        keep = (m["i"] < m["j"]) & (group[i] != group[j])
        yield i[keep], j[keep], m["v"][keep]


def soft_geometric_edges(
    xy: np.ndarray, group: np.ndarray, *, mean_degree: float, decay: float, radius: float,
    rng: np.random.Generator, block: int = PAIR_BLOCK,
) -> tuple[np.ndarray, np.ndarray, float]:
    """Draw a soft random geometric graph: pairs within ``radius``, p ~ exp(-d / decay).

    The model of ``networkx.soft_random_geometric_graph(pos=xy, radius=radius,
    p_dist=lambda d: min(1, c * exp(-d / decay)))``, with ``c`` set so that the expected
    mean degree is ``mean_degree``; pairs in the same ``group`` (household) are never tied.
    Candidate pairs come from a KD-tree. Up to ``block`` points they are drawn in one go;
    a larger buurt is walked in strips twice, once to sum the weights (which fixes ``c``
    when no probability reaches 1, as in any buurt that large) and once to draw the ties,
    so memory stays bounded by a strip.

    Returns:
        The tied pairs (local indices into ``xy``) and the scale ``c``.

    """
    if len(xy) < 2 or mean_degree <= 0:
        return (*_empty_pairs(), 0.0)
    total = mean_degree * len(xy) / 2.0
    if len(xy) > block:
        weight = sum(float(np.exp(-d / decay).sum())
                     for _, _, d in _candidate_strips(xy, group, radius, block))
        c = total / weight if weight > 0 else math.inf
        if c <= 1.0:
            parts = []
            for i, j, d in _candidate_strips(xy, group, radius, block):
                hit = rng.random(d.size) < c * np.exp(-d / decay)
                parts.append((i[hit], j[hit]))
            return (*_cat(parts), c)
    i, j, d = _candidate_pairs(xy, group, radius)
    p, c = scale_to_total(np.exp(-d / decay), total)
    hit = rng.random(p.size) < p
    return i[hit], j[hit], c


def _positions(pop: Population, households: Households, ids: np.ndarray,
               n_adults: int) -> np.ndarray:
    """Household position of each resident in ``ids``, in adult spacings of the buurt."""
    h = pop.household[ids]
    xy = np.stack([households.x[h], households.y[h]], axis=1).astype(np.float64)
    return xy * math.sqrt(max(n_adults, 1))


def _by_buurt(pop: Population, ids: np.ndarray) -> list[np.ndarray]:
    """``ids`` split into one array per buurt, in buurt order (empty buurten skipped)."""
    ids = ids[np.argsort(pop.buurt[ids], kind="stable")]
    cuts = np.flatnonzero(np.diff(pop.buurt[ids])) + 1
    return [g for g in np.split(ids, cuts) if g.size]


def _neighbour_ties(
    pop: Population, households: Households, adults: np.ndarray, cfg: NetworkConfig,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Neighbour ties among the adults of each buurt."""
    parts = []
    for ids in _by_buurt(pop, adults):
        i, j, _ = soft_geometric_edges(
            _positions(pop, households, ids, ids.size), pop.household[ids],
            mean_degree=cfg.neighbour_degree, decay=cfg.neighbour_decay,
            radius=neighbour_radius(ids.size, cfg), rng=rng)
        parts.append((ids[i], ids[j]))
    return _cat(parts)


# ---------------------------------------------------------------------------------------------
# Friends: age-sorted Watts-Strogatz ring per buurt, some ties to other buurten
# ---------------------------------------------------------------------------------------------


def _ring_size(cfg: NetworkConfig) -> tuple[int, float]:
    """Even ring degree k >= friend_degree, and the share of ring ties kept to hit it."""
    k = 2 * math.ceil(cfg.friend_degree / 2)
    return k, (cfg.friend_degree / k if k else 0.0)


def _age_ring(ids: np.ndarray, age: np.ndarray) -> np.ndarray:
    """Order ``ids`` round a ring by age: up by even ranks, back down by odd ranks.

    Ring neighbours are then 1-2 age ranks apart everywhere, also where the ring closes;
    a plain sort would tie the youngest adult to the oldest.
    """
    s = ids[np.argsort(age[ids], kind="stable")]
    return np.concatenate([s[0::2], s[1::2][::-1]])


def _watts_strogatz(ids: np.ndarray, pop: Population, k: int, cfg: NetworkConfig,
                    seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Draw a networkx Watts-Strogatz graph on the age ring of one buurt's adults."""
    n = ids.size
    if n < 2 or k == 0:
        return _empty_pairs()
    g = nx.watts_strogatz_graph(n, min(k, n), cfg.friend_rewire, seed=seed)
    e = np.fromiter((x for edge in g.edges() for x in edge), _I64, 2 * g.number_of_edges())
    ring = _age_ring(ids, pop.age)
    return ring[e[0::2]], ring[e[1::2]]


class _AgeIndex:
    """Adults sorted by (group, age), to draw a random one of similar age in a group."""

    span = 1e4  # ages stay far below this, so group * span + age sorts by group, then age

    def __init__(self, ids: np.ndarray, age: np.ndarray, group: np.ndarray) -> None:
        key = group[ids].astype(np.float64) * self.span + age[ids]
        order = np.argsort(key, kind="stable")
        self.ids, self.key = ids[order].astype(_I64), key[order]

    def draw(self, group: np.ndarray, age: np.ndarray, window: np.ndarray,
             rng: np.random.Generator) -> np.ndarray:
        """Draw a member within ``window`` years of ``age`` in ``group``; -1 if none."""
        q = group.astype(np.float64) * self.span + age
        lo = np.searchsorted(self.key, q - window, "left")
        hi = np.searchsorted(self.key, q + window, "right")
        pos = lo + np.floor(rng.random(q.size) * (hi - lo)).astype(_I64)
        return np.where(hi > lo, self.ids[np.minimum(pos, max(self.ids.size - 1, 0))], -1)


def _draw_friends(
    pop: Population, index: _AgeIndex, who: np.ndarray, window: np.ndarray, *,
    other_buurt: bool, rng: np.random.Generator,
) -> np.ndarray:
    """For each of ``who``, a random adult of similar age outside their household.

    With ``other_buurt`` the friend lives in another buurt (``index`` holds all adults in
    one group), else in the same buurt (``index`` grouped by buurt). -1 where none was found.
    """
    out = np.full(who.size, -1, _I64)
    todo = np.arange(who.size)
    for _ in range(DRAW_TRIES):
        if todo.size == 0:
            break
        u = who[todo]
        group = np.zeros(u.size, np.int32) if other_buurt else pop.buurt[u]
        w = index.draw(group, pop.age[u], window[todo], rng)
        safe = np.maximum(w, 0)
        ok = (w >= 0) & (pop.household[safe] != pop.household[u])
        ok &= (pop.buurt[safe] != pop.buurt[u]) == other_buurt
        out[todo[ok]] = w[ok]
        todo = todo[~ok]
    return out


def _friend_ties(
    pop: Population, adults: np.ndarray, cfg: NetworkConfig, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Friend ties: age-homophilous rings per buurt, rewired across buurten, thinned at 75+."""
    k, keep = _ring_size(cfg)
    groups = _by_buurt(pop, adults)
    seeds = rng.integers(0, 2**63 - 1, len(groups))
    u, v = _cat([_watts_strogatz(ids, pop, k, cfg, int(s)) for ids, s in zip(groups, seeds,
                                                                          strict=True)])
    kept = rng.random(u.size) < keep
    u, v = u[kept], v[kept]
    # Which end keeps the tie when it moves to another buurt is random.
    flip = rng.random(u.size) < 0.5
    u, v = np.where(flip, v, u), np.where(flip, u, v)
    move = np.flatnonzero(rng.random(u.size) < cfg.friend_outside_buurt)
    index = _AgeIndex(adults, pop.age, np.zeros(pop.n, np.int32))
    w = _draw_friends(pop, index, u[move], np.full(move.size, FRIEND_AGE_WINDOW),
                      other_buurt=True, rng=rng)
    v[move] = np.where(w >= 0, w, v[move])
    old = (pop.age[u] >= FRIEND_LOSS_AGE) | (pop.age[v] >= FRIEND_LOSS_AGE)
    lost = old & (rng.random(u.size) < cfg.friend_loss_75plus)
    apart = pop.household[u] != pop.household[v]
    return u[~lost & apart], v[~lost & apart]


# ---------------------------------------------------------------------------------------------
# Public entry points
# ---------------------------------------------------------------------------------------------


def build_network(
    pop: Population, households: Households, cfg: NetworkConfig, *, rng: np.random.Generator
) -> SocialNetwork:
    """Generate the social network of the initial population.

    Each tie type draws from its own stream spawned from ``rng``, so changing, say, the
    friend parameters leaves the kin and neighbour ties of a run unchanged.

    Args:
        pop: Residents; only living ones get ties.
        households: Household positions (unit square per buurt) for neighbour distances.
        cfg: Network parameters.
        rng: Source of all randomness; the same seed gives the same network.

    """
    kin_rng, nb_rng, fr_rng = rng.spawn(3)
    n = pop.n
    living = np.flatnonzero(pop.alive)
    adults = living[pop.age[living] >= ADULT_AGE]
    hi, hj = household_pairs(pop.household, living)
    coresident = _coresident_parents(pop, hi, hj)
    free = np.zeros(n, bool)
    free[adults] = True
    free[coresident[1]] = False  # already living with a parent
    heads = living[pop.age[living] >= OLDER_PARENT_AGE]
    ties, units, nonresident = _kin_for_heads(pop, heads, coresident, free, cfg, kin_rng)
    par, kid = _cat([coresident, ties])
    net = SocialNetwork(
        household=_sym(hi, hj, n),
        kin=_sym(*_kin_from_children(pop, par, kid), n),
        neighbour=_sym(*_neighbour_ties(pop, households, adults, cfg, nb_rng), n),
        friend=_sym(*_friend_ties(pop, adults, cfg, fr_rng), n),
        children=_csr(par, kid, n),
        nonresident_children=np.zeros(n, np.int8),
    )
    _set_nonresident(net, units, nonresident)
    return net


def attach_arrivals(
    net: SocialNetwork, pop: Population, households: Households, new_ids: np.ndarray,
    cfg: NetworkConfig, *, rng: np.random.Generator,
) -> None:
    """Tie newly appended residents (births, in-migrants) into the network, in place.

    Newcomers get household ties to everyone living in their household, parent ties by the
    age rule (a newborn to its co-resident parents), adult children like the initial
    population (50+), about ``neighbour_degree`` distance-decaying neighbour ties in their
    buurt, and about ``friend_degree`` friends of similar age (fewer at 75+). Their
    households must already exist in ``households``.
    """
    if pop.n > net.n:
        net.grow(pop.n)
    new = np.asarray(new_ids, _I64)
    new = new[pop.alive[new]]
    if new.size == 0:
        return
    kin_rng, nb_rng, fr_rng = rng.spawn(3)
    is_new = np.zeros(pop.n, bool)
    is_new[new] = True
    _attach_household_and_kin(net, pop, new, is_new, cfg, kin_rng)
    living = np.flatnonzero(pop.alive)
    adults = living[pop.age[living] >= ADULT_AGE]
    new_adults = new[pop.age[new] >= ADULT_AGE]
    net.add_ties("neighbour", *_arrival_neighbours(pop, households, adults, new_adults, cfg,
                                                   nb_rng))
    net.add_ties("friend", *_arrival_friends(pop, adults, new_adults, cfg, fr_rng))


def _attach_household_and_kin(
    net: SocialNetwork, pop: Population, new: np.ndarray, is_new: np.ndarray,
    cfg: NetworkConfig, rng: np.random.Generator,
) -> None:
    """Household, parent and kin ties of arrivals, and non-resident children of 50+."""
    living = np.flatnonzero(pop.alive)
    shares = np.isin(pop.household[living], np.unique(pop.household[new]))
    hi, hj = household_pairs(pop.household, living[shares])
    touch = is_new[hi] | is_new[hj]
    hi, hj = hi[touch], hj[touch]
    net.add_ties("household", hi, hj)
    coresident = _coresident_parents(pop, hi, hj)
    free = pop.alive & (pop.age >= ADULT_AGE)
    free[np.flatnonzero(np.diff(net.children.tocsc().indptr))] = False
    free[coresident[1]] = False
    heads = new[pop.age[new] >= OLDER_PARENT_AGE]
    ties, units, nonresident = _kin_for_heads(pop, heads, coresident, free, cfg, rng)
    par, kid = _cat([coresident, ties])
    net.add_ties("children", par, kid)
    net.add_ties("kin", *_kin_from_children(pop, par, kid))
    # A partner who lived here before keeps the count of non-resident children they had.
    units[1] = np.where(is_new[np.maximum(units[1], 0)], units[1], -1)
    _set_nonresident(net, units, nonresident)


def _arrival_neighbours(
    pop: Population, households: Households, adults: np.ndarray, new_adults: np.ndarray,
    cfg: NetworkConfig, rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Distance-decaying neighbour ties of new adults, about ``neighbour_degree`` each."""
    if new_adults.size == 0 or cfg.neighbour_degree <= 0:
        return _empty_pairs()
    parts = []
    is_new = np.zeros(pop.n, bool)
    is_new[new_adults] = True
    has_new = np.zeros(int(pop.buurt.max()) + 1, bool)
    has_new[pop.buurt[new_adults]] = True
    for ids in _by_buurt(pop, adults[has_new[pop.buurt[adults]]]):
        q = ids[is_new[ids]]
        xy = _positions(pop, households, ids, ids.size)
        radius = neighbour_radius(ids.size, cfg)
        m = cKDTree(_positions(pop, households, q, ids.size)).sparse_distance_matrix(
            cKDTree(xy), radius, output_type="ndarray")
        local, v, d = m["i"].astype(_I64), ids[m["j"]], m["v"]
        ok = pop.household[q[local]] != pop.household[v]
        local, v, d = local[ok], v[ok], d[ok]
        u = q[local]
        w = np.exp(-d / cfg.neighbour_decay)
        c = cfg.neighbour_degree / np.maximum(np.bincount(local, w, q.size), 1e-300)
        hit = rng.random(w.size) < np.minimum(1.0, c[local] * w)
        parts.append((u[hit], v[hit]))
    return _cat(parts)


def _arrival_friends(
    pop: Population, adults: np.ndarray, new_adults: np.ndarray, cfg: NetworkConfig,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Friends of new adults: as many as a ring member keeps, of similar age, some elsewhere.

    Within the buurt a share ``friend_rewire`` is of any age, as after Watts-Strogatz
    rewiring; a share ``friend_outside_buurt`` lives in another buurt; 75+ lose a share.
    """
    k, keep = _ring_size(cfg)
    count = rng.binomial(k, keep, new_adults.size)
    old = pop.age[new_adults] >= FRIEND_LOSS_AGE
    count[old] = rng.binomial(count[old], 1.0 - cfg.friend_loss_75plus)
    who = np.repeat(new_adults, count)
    other = rng.random(who.size) < cfg.friend_outside_buurt
    window = np.where(~other & (rng.random(who.size) < cfg.friend_rewire), 200.0,
                      FRIEND_AGE_WINDOW)
    index = {True: _AgeIndex(adults, pop.age, np.zeros(pop.n, np.int32)),
             False: _AgeIndex(adults, pop.age, pop.buurt)}
    friend = np.full(who.size, -1, _I64)
    for flag in (True, False):
        sel = np.flatnonzero(other == flag)
        friend[sel] = _draw_friends(pop, index[flag], who[sel], window[sel],
                                    other_buurt=flag, rng=rng)
    ok = friend >= 0
    return who[ok], friend[ok]


__all__ = [
    "MATRICES", "TIE_TYPES", "SocialNetwork", "attach_arrivals", "build_network",
    "household_pairs", "neighbour_radius", "scale_to_total", "soft_geometric_edges",
]
