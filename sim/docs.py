"""``python -m sim.docs``: see :mod:`sim.cli.docs`."""

import sys

from sim.cli.docs import main

if __name__ == "__main__":
    sys.exit(main())
