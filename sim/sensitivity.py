"""``python -m sim.sensitivity``: see :mod:`sim.analysis.sensitivity`."""

import sys

from sim.analysis.sensitivity import main

if __name__ == "__main__":
    sys.exit(main())
