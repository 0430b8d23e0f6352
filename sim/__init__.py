"""zorgsim: agent-based simulation of the socialisation of care in Flemish municipalities."""

__version__ = "0.1.0"
