"""Vega-Lite specifications of the dashboard's charts, drawn in the browser.

The server sends only the numbers and a small spec; Vega draws them, so a redraw costs
milliseconds instead of the seconds of a Matplotlib figure per frame. The same specs are
turned into a PNG on the server for the download (``vl-convert``, no browser needed).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.outputs.labels import care_word, metric_name, metric_unit, ui

__all__ = ["COLUMNS", "difference", "network_spec", "png", "series_rows", "series_spec",
           "with_values"]

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
COLUMNS = 3
_PANEL = {"width": 230, "height": 120}


def series_rows(runs: dict[str, dict[str, np.ndarray]]) -> list[dict[str, Any]]:
    """One row per (run, week): the week, the run's label and every metric's value."""
    rows = []
    for label, series in runs.items():
        weeks = max((len(v) for v in series.values()), default=0)
        cols = {n: np.round(np.asarray(v, float), 4).tolist() for n, v in series.items()}
        rows.extend({"week": w + 1, "scenario": label, **{n: c[w] for n, c in cols.items()}}
                    for w in range(weeks))
    return rows


def series_spec(names: tuple[str, ...], lang: str, *, colour: bool = False,
                title: str = "", zero_rule: bool = False) -> dict[str, Any]:
    """One small line chart per metric over the rows of dataset ``table``.

    Args:
        names: The metrics (columns of :func:`series_rows`).
        lang: Language of the titles and units.
        colour: One line per run, coloured by its label (compare mode).
        title: A title over all panels.
        zero_rule: Draw a dashed line at zero (the difference chart).
    """
    panels = []
    for name in names:
        enc: dict[str, Any] = {
            "x": {"field": "week", "type": "quantitative", "title": ui("week", lang).lower(),
                  "axis": {"format": "d", "tickMinStep": 1}},
            "y": {"field": name, "type": "quantitative", "title": None,
                  "scale": {"zero": False}},
        }
        if colour:
            enc["color"] = {"field": "scenario", "type": "nominal", "title": None,
                            "legend": {"orient": "bottom"}}
        layer = [{"mark": {"type": "line"}, "encoding": enc}]
        if zero_rule:
            layer.append({"mark": {"type": "rule", "strokeDash": [3, 3], "color": "grey"},
                          "encoding": {"y": {"datum": 0}}})
        panels.append({"title": {"text": f"{metric_name(name, lang)} "
                                         f"({metric_unit(name, lang)})",
                                 "fontSize": 11, "limit": 260},
                       "layer": layer, **_PANEL})
    spec: dict[str, Any] = {"$schema": SCHEMA, "data": {"name": "table"}, "columns": COLUMNS,
                            "concat": panels, "config": {"view": {"stroke": None}},
                            # re-fit when the rows change (axis labels grow with the data)
                            "autosize": {"type": "pad", "resize": True}}
    if title:
        spec["title"] = title
    return spec


def difference(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Week by week, the second run minus the first (both cut to the shorter)."""
    out = {}
    for n in a:
        if n in b:
            k = min(len(a[n]), len(b[n]))
            out[n] = b[n][:k] - a[n][:k]
    return out


def with_values(spec: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The spec with its rows inline (for a PNG, or a chart that is drawn once)."""
    return {**spec, "data": {"values": rows}}


_NEED_COLOURS = ("#d9d9d9", "#fdd49e", "#fc8d59", "#b30000")
_CARE_COLOURS = ("#d9d9d9", "#1b9e77", "#7570b3", "#e7298a", "#000000")
CARE = ("none", "informal", "home_care", "both", "nursing_home")
NEEDS = ("none", "light", "moderate", "severe")


def network_spec(net: dict[str, list[dict[str, Any]]], lang: str, *,
                 colour_by: str = "need") -> dict[str, Any]:
    """The buurt's residents and ties: grey lines social ties, orange lines care given.

    Residents are coloured by care need or by who cares for them; nursing-home residents
    are squares. Clicking a resident sends its datum (with ``id``) back to the page.
    """
    nodes = [{**n, "need_label": ui(f"need_{n['need']}", lang),
              "care_label": care_word(n["care"], lang)} for n in net["nodes"] if n["alive"]]
    edges = [{**e, "kind_label": ui(e["kind"], lang)} for e in net["edges"]]
    if colour_by == "need":
        field, domain, rng = "need_label", [ui(f"need_{k}", lang) for k in NEEDS], _NEED_COLOURS
        title = ui("need", lang).lower()
    else:
        field, domain = "care_label", [care_word(k, lang) for k in CARE]
        rng, title = _CARE_COLOURS, ui("by_carer", lang)
    axis = {"axis": None}
    return {
        "$schema": SCHEMA, "width": 620, "height": 520,
        "config": {"view": {"stroke": None}},
        # SVG: every resident is an element the page (and a test) can click
        "usermeta": {"embedOptions": {"renderer": "svg"}},
        "layer": [
            {"data": {"values": edges}, "mark": {"type": "rule"},
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
            {"data": {"values": nodes},
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


def png(spec: dict[str, Any], *, scale: float = 1.0) -> bytes:
    """The chart as a PNG, drawn on the server (vl-convert bundles Vega; no network)."""
    import vl_convert as vlc

    return vlc.vegalite_to_png(spec, scale=scale, vl_version="5.21")
