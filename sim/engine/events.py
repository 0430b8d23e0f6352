"""Events: what happened to whom and why, week by week, so validation needs only the files.

A figure a source reports as a flow (admissions by reason, home-care clients per year,
carers starting and stopping) cannot always be rebuilt from weekly totals and a final
snapshot. So each module declares the kinds of event it reports (:class:`EventKind`: a
name, what it means and the reasons it can give) in its ``event_kinds`` tuple, and reports
them to the model's :class:`EventLog` as arrays of resident ids, one call per kind and
week (never per resident). The log copies the residents' attributes at that moment (age,
sex, need level, dementia, SES quintile, buurt) and keeps the arrays in a buffer that is
joined once, when the run ends, into the run's events table (``events.parquet``).

Recording reads the model's state and draws nothing, so a run with the log switched off
(``output.events=false``) gives the same results.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

NO_REASON = -1  # a reason code for "none given"


@dataclass(frozen=True)
class EventKind:
    """One kind of event a module reports.

    Attributes:
        name: Value of the ``event`` column (snake_case).
        doc: What the event is, when it is recorded and who the resident is.
        reasons: (code, meaning) of each reason it can give; empty = no reason column value.
        ties: Names of the tie kinds of a care-link event (its ``tie`` column, with the
            carer in the ``carer`` column); empty for events that name nobody else.
        owner: The module that declares it (set when collected).
    """

    name: str
    doc: str
    reasons: tuple[tuple[str, str], ...] = ()
    ties: tuple[str, ...] = ()
    owner: str = ""

    def reason(self, code: str) -> int:
        """Index of reason ``code`` (for :meth:`EventLog.record`); a typo fails at once."""
        for i, (c, _) in enumerate(self.reasons):
            if c == code:
                return i
        raise KeyError(f"event {self.name} has no reason {code!r}")


class EventRegistry:
    """Every declared event kind, by name, in declaration order."""

    def __init__(self) -> None:
        self.kinds: dict[str, EventKind] = {}

    def add(self, owner: str, kinds: Iterable[EventKind]) -> None:
        """Add ``owner``'s declarations; a name declared twice is an error."""
        for k in kinds:
            if k.name in self.kinds:
                raise ValueError(f"event {k.name} declared by {self.kinds[k.name].owner} and "
                                 f"by {owner}")
            self.kinds[k.name] = EventKind(k.name, k.doc, tuple(k.reasons), tuple(k.ties),
                                           owner)

    @classmethod
    def collect(cls, owners: Iterable[object]) -> EventRegistry:
        """The registry of ``owners``' ``event_kinds`` declarations, in their order."""
        reg = cls()
        for owner in owners:
            reg.add(getattr(owner, "name", type(owner).__name__),
                    getattr(owner, "event_kinds", ()))
        return reg

    @property
    def reason_codes(self) -> list[str]:
        """Every reason code, each once, in order of first declaration."""
        out: list[str] = []
        for k in self.kinds.values():
            out += [c for c, _ in k.reasons if c not in out]
        return out

    @property
    def tie_names(self) -> list[str]:
        """Every tie kind named by a care-link event, each once."""
        out: list[str] = []
        for k in self.kinds.values():
            out += [t for t in k.ties if t not in out]
        return out


class EventLog:
    """The run's events, buffered as arrays and joined when the run ends.

    Args:
        pop: The population whose attributes each event copies (None: a log that keeps
            nothing, for modules built on their own and runs without an events table).
        registry: The declared event kinds.
    """

    def __init__(self, pop: Any = None, registry: EventRegistry | None = None) -> None:
        self.pop = pop
        self.registry = registry or EventRegistry()
        self.enabled = pop is not None
        self._kind_code = {name: i for i, name in enumerate(self.registry.kinds)}
        codes = self.registry.reason_codes
        ties = self.registry.tie_names
        # per kind: local reason index -> global reason code (the last entry maps -1)
        self._reason_map = {name: np.array([codes.index(c) for c, _ in k.reasons]
                                           + [NO_REASON], np.int16)
                            for name, k in self.registry.kinds.items()}
        self._tie_map = {name: np.array([ties.index(t) for t in k.ties] + [NO_REASON],
                                        np.int16)
                         for name, k in self.registry.kinds.items()}
        self._chunks: list[tuple[Any, ...]] = []
        self.rows = 0
        self.week = 0  # the week events are recorded into (the model sets it)

    def at(self, week: int) -> None:
        """Record into week ``week`` (0-based) from now on.

        The model owns time: it sets the week as each week begins, and for the yearly
        event the week that follows it (where the weekly tables count its flows too).
        """
        self.week = int(week)

    def record(self, kind: str, ids: np.ndarray, reason: str | np.ndarray | None = None, *,
               carer: np.ndarray | None = None, tie: np.ndarray | None = None) -> None:
        """Record events of one kind, this week, for residents ``ids``.

        Args:
            kind: A declared event kind.
            ids: Resident ids, one event each.
            reason: None, one reason code for all, or per event an index into the kind's
                reasons (``NO_REASON`` for none).
            carer: For care-link events, the carer's resident id per event (-1 for a carer
                who lives outside the municipality).
            tie: For care-link events, the tie kind per event (index into the kind's ties).
        """
        if not self.enabled:
            return
        ids = np.asarray(ids, np.int64).ravel()
        k = len(ids)
        if k == 0:
            return
        spec = self.registry.kinds[kind]
        rmap = self._reason_map[kind]
        if reason is None:
            r = np.full(k, NO_REASON, np.int16)
        elif isinstance(reason, str):
            r = np.full(k, rmap[spec.reason(reason)], np.int16)
        else:
            r = rmap[np.asarray(reason, np.int64)]  # NO_REASON (-1) maps to the last entry
        c = np.full(k, NO_REASON, np.int64) if carer is None else np.asarray(carer, np.int64)
        t = (np.full(k, NO_REASON, np.int16) if tie is None
             else self._tie_map[kind][np.asarray(tie, np.int64)])
        pop = self.pop
        self._chunks.append((self.week, self._kind_code[kind], ids, r, c, t, pop.age[ids],
                             pop.sex[ids], pop.need[ids], pop.dementia[ids], pop.ses[ids],
                             pop.buurt[ids], spec.ties != ()))
        self.rows += k

    def columns(self) -> dict[str, np.ndarray]:
        """The buffered events as columns, in the order they were recorded.

        ``week`` is 0-based; ``event``, ``reason`` and ``tie`` are codes into
        :attr:`kind_names`, :attr:`reason_names` and :attr:`tie_names` (-1 = none);
        ``carer`` is -1 where the event names no carer or a non-resident one, and
        ``link`` tells which rows are care-link events (whose ``carer`` is meaningful).
        """
        chunks = self._chunks
        sizes = np.array([len(ch[2]) for ch in chunks], np.int64)
        out: dict[str, np.ndarray] = {
            "week": np.repeat(np.array([ch[0] for ch in chunks], np.int32), sizes),
            "event": np.repeat(np.array([ch[1] for ch in chunks], np.int16), sizes),
            "link": np.repeat(np.array([ch[12] for ch in chunks], bool), sizes),
        }
        names = ("resident", "reason", "carer", "tie", "age", "sex", "need_level", "dementia",
                 "ses", "buurt")
        dtypes = (np.int64, np.int16, np.int64, np.int16, np.float32, np.int8, np.int8, bool,
                  np.int8, np.int32)
        for j, (name, dtype) in enumerate(zip(names, dtypes, strict=True), start=2):
            out[name] = (np.concatenate([ch[j] for ch in chunks]).astype(dtype, copy=False)
                         if chunks else np.zeros(0, dtype))
        return out

    @property
    def kind_names(self) -> list[str]:
        """Event kind names, by code."""
        return list(self.registry.kinds)

    @property
    def reason_names(self) -> list[str]:
        """Reason codes, by code."""
        return self.registry.reason_codes

    @property
    def tie_names(self) -> list[str]:
        """Tie kind names, by code."""
        return self.registry.tie_names
