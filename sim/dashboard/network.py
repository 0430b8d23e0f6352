"""The buurt network view: drawn once per buurt, then only what changed is sent each week.

Redrawing the whole view every week (a new Vega-Lite spec with every resident and tie,
compiled and embedded again) cost the browser about half a second a week with the tab
open. Here the spec carries no data: the chart (:mod:`sim.dashboard.netchart`) embeds it
once and gets the residents and ties whole (``full``) only when the buurt, the language or
the run changes; each week it gets a :func:`delta` with the residents whose state changed
(need, who cares, nursing home, alive) and the ties that came or went, and changes just
those marks.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.dashboard.live import CARE, NEEDS, NetworkState
from sim.outputs.labels import care_word, ui

__all__ = ["delta", "edge_rows", "network_spec", "node_rows"]

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
_NEED_COLOURS = ("#d9d9d9", "#fdd49e", "#fc8d59", "#b30000")
_CARE_COLOURS = ("#d9d9d9", "#1b9e77", "#7570b3", "#e7298a", "#000000")


def _node(state: NetworkState, k: int, lang: str) -> dict[str, Any]:
    """One resident's row: the fields the spec draws, with the words in ``lang``."""
    return {"id": int(state.ids[k]), "x": float(state.xy[k, 0]), "y": float(state.xy[k, 1]),
            "need_label": ui(f"need_{NEEDS[state.need[k]]}", lang),
            "care_label": care_word(CARE[state.care[k]], lang),
            "wzc": bool(state.wzc[k]), "alive": bool(state.alive[k])}


def node_rows(state: NetworkState, lang: str) -> list[dict[str, Any]]:
    """Every resident of the view (the dead too: they leave through their ``alive``)."""
    return [_node(state, k, lang) for k in range(len(state.ids))]


def _edge_keys(state: NetworkState) -> dict[str, tuple[int, int, str]]:
    """Each tie by a key the browser can remove it by: ``kind:id-id``."""
    out = {}
    for pairs, kind in ((state.ties, "tie"), (state.care_links, "care")):
        for a, b in pairs:
            out[f"{kind}:{state.ids[a]}-{state.ids[b]}"] = (int(a), int(b), kind)
    return out


def _edge(state: NetworkState, key: str, a: int, b: int, kind: str,
          lang: str) -> dict[str, Any]:
    return {"key": key, "x": float(state.xy[a, 0]), "y": float(state.xy[a, 1]),
            "x2": float(state.xy[b, 0]), "y2": float(state.xy[b, 1]), "kind": kind,
            "kind_label": ui(kind, lang)}


def edge_rows(state: NetworkState, lang: str) -> list[dict[str, Any]]:
    """Every social tie and care link of the view, each with its ``key``."""
    return [_edge(state, key, *abk, lang) for key, abk in _edge_keys(state).items()]


def delta(old: NetworkState, new: NetworkState, lang: str) -> dict[str, list[Any]]:
    """What changed between two weeks of the same buurt's view (same residents, positions).

    Returns:
        ``nodes``: the changed residents' rows (id and the state fields only); ``add``:
        rows of ties that came; ``remove``: keys of ties that went.
    """
    if not np.array_equal(old.ids, new.ids):
        raise ValueError("a delta needs the same residents in both weeks (one layout)")
    changed = np.flatnonzero((old.need != new.need) | (old.care != new.care)
                             | (old.wzc != new.wzc) | (old.alive != new.alive))
    nodes = []
    for k in changed:
        row = _node(new, int(k), lang)
        del row["x"], row["y"]
        nodes.append(row)
    before, after = _edge_keys(old), _edge_keys(new)
    return {"nodes": nodes,
            "add": [_edge(new, key, *after[key], lang) for key in after.keys() - before.keys()],
            "remove": sorted(before.keys() - after.keys())}


def network_spec(lang: str, *, colour_by: str = "need") -> dict[str, Any]:
    """The view's spec, without data: grey lines social ties, orange lines care given.

    Residents are coloured by care need or by who cares for them; nursing-home residents
    are squares; the dead are filtered out. The data sets ``nodes`` and ``edges`` are
    filled and changed by :class:`sim.dashboard.netchart.NetworkChart`.
    """
    if colour_by == "need":
        field, domain, rng = "need_label", [ui(f"need_{k}", lang) for k in NEEDS], _NEED_COLOURS
        title = ui("need", lang).lower()
    else:
        field, domain = "care_label", [care_word(k, lang) for k in CARE]
        rng, title = _CARE_COLOURS, ui("by_carer", lang)
    # spring_layout scales positions into [-1, 1]: a fixed domain keeps every resident where
    # she was drawn when others die or ties change
    axis = {"axis": None, "scale": {"domain": [-1.05, 1.05]}}
    return {
        "$schema": SCHEMA, "width": 560, "height": 500,
        "config": {"view": {"stroke": None}},
        "layer": [
            {"data": {"name": "edges"}, "mark": {"type": "rule"},
             "encoding": {
                 "x": {"field": "x", "type": "quantitative", **axis},
                 "y": {"field": "y", "type": "quantitative", **axis},
                 "x2": {"field": "x2"}, "y2": {"field": "y2"},
                 "color": {"field": "kind_label", "type": "nominal", "title": None,
                           "scale": {"domain": [ui("tie", lang), ui("care", lang)],
                                     "range": ["#cccccc", "#ff7f00"]},
                           "legend": {"orient": "bottom"}},
                 "strokeWidth": {"condition": {"test": "datum.kind == 'care'", "value": 2},
                                 "value": 0.6}}},
            {"data": {"name": "nodes"}, "transform": [{"filter": "datum.alive"}],
             "mark": {"type": "point", "filled": True, "size": 60, "stroke": "#444",
                      "strokeWidth": 0.5, "cursor": "pointer"},
             "encoding": {
                 "x": {"field": "x", "type": "quantitative", **axis},
                 "y": {"field": "y", "type": "quantitative", **axis},
                 "color": {"field": field, "type": "nominal", "title": title,
                           "scale": {"domain": domain, "range": list(rng)}},
                 "shape": {"condition": {"test": "datum.wzc", "value": "square"},
                           "value": "circle"},
                 "tooltip": [{"field": "id", "title": "id"},
                             {"field": "need_label", "title": ui("need", lang)},
                             {"field": "care_label", "title": ui("by_carer", lang)}]}},
        ],
        "resolve": {"scale": {"color": "independent"}},
    }
