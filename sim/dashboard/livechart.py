"""A Vega-Lite widget for charts that grow every week without being rebuilt.

Solara's own ``VegaLite`` widget re-compiles and re-embeds the whole chart whenever its
spec changes; for nine panels that costs more than the model's week. ``LiveChart`` embeds
the spec once and sends only the rows of its dataset ``table``, which the browser swaps in
place (``livechart.vue``).
"""

from __future__ import annotations

from pathlib import Path

import ipyvuetify as v
import traitlets

__all__ = ["LiveChart"]


class LiveChart(v.VuetifyTemplate):
    """A chart: ``spec`` (Vega-Lite with ``data: {"name": "table"}``) and its ``values``."""

    template_file = str(Path(__file__).resolve().with_name("livechart.vue"))
    spec = traitlets.Dict().tag(sync=True)
    values = traitlets.List().tag(sync=True)
