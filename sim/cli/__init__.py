"""The ``python -m sim`` command line: preflight checks, then Hydra runs or sweeps."""
