"""Vega-Lite specifications of the dashboard's charts, drawn in the browser.

The server sends only the numbers and a small spec; Vega draws them, so a redraw costs
milliseconds instead of the seconds of a Matplotlib figure per frame. The same specs are
turned into a PNG on the server for the download (``vl-convert``, no browser needed).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.dashboard.labels import metric_name, metric_unit, t

__all__ = ["COLUMNS", "difference_spec", "network_spec", "png", "series_spec"]

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
COLUMNS = 3
_PANEL = {"width": 230, "height": 120}


def _rows(runs: dict[str, dict[str, np.ndarray]], names: tuple[str, ...],
          lang: str) -> list[dict[str, Any]]:
    rows = []
    for label, series in runs.items():
        for name in names:
            if name not in series:
                continue
            title = f"{metric_name(name, lang)} ({metric_unit(name, lang)})"
            rows.extend({"week": w + 1, "value": round(float(v), 4), "metric": title,
                         "scenario": label} for w, v in enumerate(series[name]))
    return rows


def _panels(rows: list[dict[str, Any]], titles: list[str], colour: bool) -> dict[str, Any]:
    panels = []
    for title in titles:
        enc: dict[str, Any] = {
            "x": {"field": "week", "type": "quantitative", "title": "week"},
            "y": {"field": "value", "type": "quantitative", "title": None,
                  "scale": {"zero": False}},
        }
        if colour:
            enc["color"] = {"field": "scenario", "type": "nominal", "title": None,
                            "legend": {"orient": "bottom"}}
        panels.append({"title": {"text": title, "fontSize": 11, "limit": 260},
                       "transform": [{"filter": {"field": "metric", "equal": title}}],
                       "mark": {"type": "line", "interpolate": "monotone"},
                       "encoding": enc, **_PANEL})
    return {"$schema": SCHEMA, "data": {"values": rows}, "columns": COLUMNS,
            "concat": panels, "config": {"view": {"stroke": None}}}


def series_spec(runs: dict[str, dict[str, np.ndarray]], names: tuple[str, ...],
                lang: str, *, title: str = "") -> dict[str, Any]:
    """One small line chart per metric, every run overlaid (colour = run)."""
    rows = _rows(runs, names, lang)
    titles = [f"{metric_name(n, lang)} ({metric_unit(n, lang)})" for n in names
              if any(n in s for s in runs.values())]
    spec = _panels(rows, titles, colour=len(runs) > 1)
    if title:
        spec["title"] = title
    return spec


def difference_spec(a: dict[str, np.ndarray], b: dict[str, np.ndarray],
                    names: tuple[str, ...], lang: str) -> dict[str, Any]:
    """Week by week, the second run minus the first (both cut to the shorter)."""
    diff = {}
    for n in names:
        if n in a and n in b:
            k = min(len(a[n]), len(b[n]))
            diff[n] = b[n][:k] - a[n][:k]
    spec = series_spec({"diff": diff}, names, lang, title=t("difference", lang))
    for p in spec["concat"]:
        p["layer"] = [{"mark": p.pop("mark"), "encoding": p.pop("encoding")},
                      {"mark": {"type": "rule", "strokeDash": [3, 3], "color": "grey"},
                       "encoding": {"y": {"datum": 0}}}]
    return spec


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
    nodes = [{**n, "need_label": t(f"need_{n['need']}", lang),
              "care_label": t(f"care_{n['care']}", lang)} for n in net["nodes"] if n["alive"]]
    edges = [{**e, "kind_label": t(e["kind"], lang)} for e in net["edges"]]
    if colour_by == "need":
        field, domain, rng = "need_label", [t(f"need_{k}", lang) for k in NEEDS], _NEED_COLOURS
        title = t("by_need", lang)
    else:
        field, domain = "care_label", [t(f"care_{k}", lang) for k in CARE]
        rng, title = _CARE_COLOURS, t("by_carer", lang)
    axis = {"axis": None}
    return {
        "$schema": SCHEMA, "width": 620, "height": 520,
        "config": {"view": {"stroke": None}},
        "layer": [
            {"data": {"values": edges}, "mark": {"type": "rule"},
             "encoding": {
                 "x": {"field": "x", "type": "quantitative", **axis},
                 "y": {"field": "y", "type": "quantitative", **axis},
                 "x2": {"field": "x2"}, "y2": {"field": "y2"},
                 "color": {"field": "kind_label", "type": "nominal", "title": None,
                           "scale": {"domain": [t("tie", lang), t("care", lang)],
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
                             {"field": "need_label", "title": t("need", lang)},
                             {"field": "care_label", "title": t("by_carer", lang)}]}},
        ],
        "resolve": {"scale": {"color": "independent"}},
    }


def png(spec: dict[str, Any], *, scale: float = 1.0) -> bytes:
    """The chart as a PNG, drawn on the server (vl-convert bundles Vega; no network)."""
    import vl_convert as vlc

    return vlc.vegalite_to_png(spec, scale=scale, vl_version="5.21")
