"""The results dataset for users: ``from sim.results import load``.

A stable import for scripts and notebooks; the code is :mod:`sim.outputs.results`.
"""

from sim.outputs.results import is_complete, load

__all__ = ["is_complete", "load"]
