"""Tools shared by the command lines: option checks, memory estimates, worker processes."""
