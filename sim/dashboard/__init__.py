"""The workshop dashboard: a live browser view of a town (``python -m sim.dashboard``).

An optional extra (``pip install -e ".[dashboard]"``, or ``make dashboard``): nothing in
the core package imports it. :mod:`~sim.dashboard.live` adapts the model to the page,
:mod:`~sim.dashboard.app` is the page (Solara), :mod:`~sim.dashboard.charts` its
Vega-Lite charts, :mod:`~sim.dashboard.network` and :mod:`~sim.dashboard.netchart` the
buurt network view (drawn once, changed week by week), :mod:`~sim.dashboard.controls` its
controls generated from the schema, and :mod:`~sim.dashboard.assets` the front-end files
that make it work offline. Its Dutch and English words are the report's label table,
:mod:`sim.outputs.labels`.
"""
