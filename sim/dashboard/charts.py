"""Vega-Lite specifications of the dashboard's charts, drawn in the browser.

The server sends only the numbers and a small spec; Vega draws them, so a redraw costs
milliseconds instead of the seconds of a Matplotlib figure per frame. The same specs are
turned into a PNG on the server for the download (``vl-convert``, no browser needed).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.outputs.labels import metric_name, metric_unit, ui

__all__ = ["COLUMNS", "difference", "png", "series_rows", "series_spec", "with_values"]

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


def series_spec(names: tuple[str, ...], lang: str, *, colour: tuple[str, ...] = (),
                title: str = "", zero_rule: bool = False) -> dict[str, Any]:
    """One small line chart per metric over the rows of dataset ``table``.

    Args:
        names: The metrics (columns of :func:`series_rows`).
        lang: Language of the titles and units.
        colour: The runs' labels (compare mode): one line per run, coloured by its label.
            Named up front, so the legend and the layout exist before the first week (with
            no rows and no domain Vega cannot size the chart at all).
        title: A title over all panels.
        zero_rule: Draw a dashed line at zero (the difference chart).
    """
    panels = []
    for name in names:
        enc: dict[str, Any] = {
            "x": {"field": "week", "type": "quantitative", "title": ui("week", lang).lower(),
                  "axis": {"format": "d", "tickMinStep": 1,
                           # Vega still puts ticks at half weeks early on: no label there
                           "labelExpr": "datum.value % 1 ? '' : datum.label"}},
            "y": {"field": name, "type": "quantitative", "title": None,
                  "scale": {"zero": False}},
        }
        if colour:
            enc["color"] = {"field": "scenario", "type": "nominal", "title": None,
                            "scale": {"domain": list(colour)},
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


def png(spec: dict[str, Any], *, scale: float = 1.0) -> bytes:
    """The chart as a PNG, drawn on the server (vl-convert bundles Vega; no network)."""
    import vl_convert as vlc

    return vlc.vegalite_to_png(spec, scale=scale, vl_version="5.21")
