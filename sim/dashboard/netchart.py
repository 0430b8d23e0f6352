"""The buurt network chart in the browser: embedded once, changed mark by mark.

The rows and their changes are made by :mod:`sim.dashboard.network` (no widget needed
there, so they are tested without the dashboard extra); this widget carries them to
``netchart.vue``, which applies them as Vega changesets.
"""

from __future__ import annotations

from pathlib import Path

import ipyvuetify as v
import traitlets

__all__ = ["NetworkChart"]


class NetworkChart(v.VuetifyTemplate):
    """The network chart in the browser (``netchart.vue``).

    ``full`` is ``{"base", "seq", "nodes", "edges"}``: every row, sent when the buurt,
    language or run changes (``base`` names that baseline). ``delta`` is ``{"base", "seq",
    "week", "nodes", "add", "remove"}``: the changes since ``seq - 1``. The browser applies
    a delta only on top of the one before it; after a gap it asks for a new baseline by
    counting up ``resync``. ``selected`` is the id of the resident last clicked.
    """

    template_file = str(Path(__file__).resolve().with_name("netchart.vue"))
    spec = traitlets.Dict().tag(sync=True)
    full = traitlets.Dict().tag(sync=True)
    delta = traitlets.Dict().tag(sync=True)
    resync = traitlets.Int(0).tag(sync=True)
    selected = traitlets.Int(-1).tag(sync=True)
