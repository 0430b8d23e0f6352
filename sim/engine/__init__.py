"""The engine: what every mechanism builds on, and nothing that is one.

The care ledger (``ledger``), named random streams (``streams``), time units (``units``)
and the building blocks of the parameter schema (``schema``). This layer imports no
mechanism, no policy and no configuration of the model.
"""
