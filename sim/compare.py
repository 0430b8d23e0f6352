"""``python -m sim.compare``: see :mod:`sim.analysis.compare`."""

import sys

from sim.analysis.compare import main

if __name__ == "__main__":
    sys.exit(main())
