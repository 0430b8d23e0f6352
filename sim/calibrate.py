"""``python -m sim.calibrate``: see :mod:`sim.analysis.calibrate`."""

import sys

from sim.analysis.calibrate import main

if __name__ == "__main__":
    sys.exit(main())
