"""The workshop dashboard: a live browser view of a town (``python -m sim.dashboard``).

An optional extra (``pip install -e ".[dashboard]"``, or ``make dashboard``): nothing in
the core package imports it. :mod:`~sim.dashboard.live` adapts the model to the page,
:mod:`~sim.dashboard.app` is the page (Solara), :mod:`~sim.dashboard.charts` its
Vega-Lite charts, :mod:`~sim.dashboard.controls` its controls generated from the schema,
:mod:`~sim.dashboard.labels` its Dutch and English words, and
:mod:`~sim.dashboard.assets` the front-end files that make it work offline.
"""
