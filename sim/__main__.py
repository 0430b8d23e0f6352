"""``python -m sim`` (or ``zorgsim``): see :mod:`sim.cli.main`."""

from sim.cli.main import main

if __name__ == "__main__":
    main()
