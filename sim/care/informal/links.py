"""Care links: who cares for whom, by what kind of tie, and how the hours fill in order."""

from __future__ import annotations

import numpy as np

KINDS = ("partner", "household", "child", "nonresident_child", "kin", "neighbour", "friend")
PARTNER, HOUSEHOLD, CHILD, NONRESIDENT_CHILD, KIN, NEIGHBOUR, FRIEND = range(7)
HOPELESS_WEEKS = 26  # a recipient none of whose ties would ever accept asks again after
STRAIN_CAP = 3.0  # strain above this builds burden no faster (keeps tiny capacities sane)
CARER_AGE_GROUPS = (18, 45, 65, 80)  # carer statistics: 18-44, 45-64, 65-79, 80+
_VIRTUAL_KEY = np.int64(1) << np.int64(40)  # pair-hash key offset of virtual carers


def csr_rows(indptr: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row and storage offset of every entry in the given rows of a CSR structure."""
    start = indptr[rows].astype(np.int64)
    cnt = indptr[rows + 1].astype(np.int64) - start
    rep = np.repeat(rows, cnt)
    offs = np.repeat(start - (np.cumsum(cnt) - cnt), cnt) + np.arange(int(cnt.sum()))
    return rep, offs


_COLUMNS = ("slot", "recipient", "kind", "idle", "start")


def _fill_in_order(open_: np.ndarray, supply: np.ndarray, starts: np.ndarray,
                   seg: np.ndarray) -> np.ndarray:
    """Per link, hours that fill its recipient's open hours in link order.

    Links are grouped by recipient (``starts`` the first link of each group, ``seg`` each
    link's group); ``open_`` is the recipient's open hours repeated per link and ``supply``
    what each link can give. Earlier links of a recipient give first.
    """
    before = np.cumsum(supply) - supply
    prior = before - before[starts][seg]
    return np.clip(open_ - prior, 0.0, supply)


class CareLinks:
    """The table of care relationships, one row per (carer, recipient).

    Integer columns live in one (5, L) array and hours in a float array, so dropping or
    reordering links is two ``take`` operations.

    Attributes:
        table: Rows ``slot`` (carer slot: resident id, or ``n_residents`` + virtual carer
            index), ``recipient`` (resident id), ``kind`` (index into ``KINDS``, also the
            priority: 0 first), ``idle`` (weeks in a row without hours), ``start`` (week).
        hours: Hours given through each link in the last week.
        n_residents: Number of resident slots (``pop.n``).
        ordered: Whether links are sorted by recipient, then priority.
    """

    def __init__(self, n_residents: int) -> None:
        self.table = np.zeros((len(_COLUMNS), 0), np.int64)
        self.hours = np.zeros(0, np.float64)
        self.n_residents = n_residents
        self.ordered = True

    def __len__(self) -> int:
        return self.table.shape[1]

    @property
    def slot(self) -> np.ndarray:
        """Carer slot of each link."""
        return self.table[0]

    @property
    def recipient(self) -> np.ndarray:
        """Resident id of the person cared for."""
        return self.table[1]

    @property
    def kind(self) -> np.ndarray:
        """Tie kind (index into ``KINDS``)."""
        return self.table[2]

    @property
    def priority(self) -> np.ndarray:
        """Order in which a recipient's carers fill its hours (0 first): the tie kind."""
        return self.table[2]

    @property
    def idle(self) -> np.ndarray:
        """Weeks in a row the link gave no hours."""
        return self.table[3]

    @property
    def start(self) -> np.ndarray:
        """Week the link started."""
        return self.table[4]

    @property
    def carer(self) -> np.ndarray:
        """Resident id of the carer, -1 for a virtual (non-resident) carer."""
        s = self.table[0]
        return np.where(s < self.n_residents, s, -1)

    @property
    def virtual(self) -> np.ndarray:
        """Index of the virtual carer, -1 for a resident carer."""
        s = self.table[0]
        return np.where(s >= self.n_residents, s - self.n_residents, -1)

    def select(self, keep: np.ndarray) -> None:
        """Keep only the rows where ``keep`` (a mask or an index array), in place."""
        idx = np.flatnonzero(keep) if keep.dtype == bool else keep
        self.table = self.table.take(idx, axis=1)
        self.hours = self.hours.take(idx)
        self.ordered &= keep.dtype == bool

    def extend(self, slot: np.ndarray, recipient: np.ndarray, kind: np.ndarray,
               week: int) -> None:
        """Append new links (hours 0) starting in ``week``."""
        k = len(recipient)
        new = np.stack([slot, recipient, kind, np.zeros(k, np.int64),
                        np.full(k, week, np.int64)]).astype(np.int64)
        self.table = np.concatenate([self.table, new], axis=1)
        self.hours = np.concatenate([self.hours, np.zeros(k)])
        self.ordered = self.ordered and k == 0

    def sort(self) -> None:
        """Order links by recipient, then priority (a no-op when already ordered)."""
        if not self.ordered:
            self.select(np.argsort(self.recipient * len(KINDS) + self.kind, kind="stable"))
            self.ordered = True

    def shift_virtual(self, k: int) -> None:
        """Move virtual slots up by ``k`` when ``k`` residents are added before them."""
        s = self.table[0]
        s[s >= self.n_residents] += k
        self.n_residents += k
