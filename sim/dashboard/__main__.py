"""``python -m sim.dashboard``: the workshop dashboard on this computer only (127.0.0.1).

Checks that the optional extra and its offline front-end files are installed (else one
line saying how: ``make dashboard``), switches Solara's telemetry and version check off,
prints the address and serves the page until Ctrl+C.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys

HOST = "127.0.0.1"


def main(argv: list[str] | None = None) -> None:
    """Start the dashboard server (blocks until it is stopped)."""
    parser = argparse.ArgumentParser(prog="python -m sim.dashboard",
                                     description="zorgsim's workshop dashboard (local only)")
    parser.add_argument("--port", type=int, default=8765, help="port on 127.0.0.1")
    args = parser.parse_args(argv)
    if importlib.util.find_spec("solara") is None:
        sys.exit("zorgsim dashboard: the dashboard extra is not installed; run: make dashboard")
    from sim.dashboard.assets import cache_dir, missing

    gone = missing()
    if gone:
        sys.exit(f"zorgsim dashboard: front-end files missing in {cache_dir()} "
                 f"({', '.join(gone)}); run: make dashboard (or python -m sim.dashboard.assets)")
    env = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False"}
    url = f"http://{HOST}:{args.port}"
    print(f"zorgsim dashboard: {url}  (Ctrl+C stops it)", flush=True)
    cmd = [sys.executable, "-m", "solara", "run", "sim.dashboard.app", "--host", HOST,
           "--port", str(args.port), "--production", "--no-open", "--no-check-version",
           "--log-level", "warning"]
    try:
        sys.exit(subprocess.call(cmd, env=env))
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
