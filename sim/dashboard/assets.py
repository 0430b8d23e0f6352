"""The page's front-end files, installed from the npm registry so the dashboard runs offline.

Solara's page loads its JavaScript, CSS and fonts (and Vega for the charts) through its own
server under ``/_solara/cdn/<package>@<version>/...``; the server answers from a cache folder
(``<venv>/share/solara/cdn``) and fetches what is missing from a public CDN. A workshop room
often has no (or a poor) connection, and the ``solara-assets`` wheel is a stub, so the setup
(``make dashboard``) fills the cache once with ``npm pack`` of the exact packages the page
asks for. :func:`missing` tells the launcher whether the cache is complete, so a dashboard
started without it fails with one line instead of a blank page.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

__all__ = ["PACKAGES", "cache_dir", "install", "missing"]

# (folder the page asks for under /_solara/cdn, npm package@version to fill it with, a file
# that must be there). Solara 1.64's page template names the first three with ipyvue < 3;
# its VegaLite widget asks for vega@5, vega-lite@5 and vega-embed@6 (major versions only,
# pinned here to the releases the tests ran with).
PACKAGES: tuple[tuple[str, str, str], ...] = (
    ("@widgetti/solara-vuetify-app@10.1.1", "@widgetti/solara-vuetify-app@10.1.1",
     "dist/solara-vuetify-app8.min.js"),
    ("requirejs@2.3.6", "requirejs@2.3.6", "require.js"),
    ("font-awesome@4.5.0", "font-awesome@4.5.0", "css/font-awesome.min.css"),
    ("vega@5", "vega@5.33.1", "build/vega.min.js"),
    ("vega-lite@5", "vega-lite@5.23.0", "build/vega-lite.min.js"),
    ("vega-embed@6", "vega-embed@6.29.0", "build/vega-embed.min.js"),
    # solara.Markdown loads mermaid (diagrams) and KaTeX (formulas) wherever it shows text
    ("mermaid@10.8.0", "mermaid@10.8.0", "dist/mermaid.min.js"),
    ("katex@0.16.9", "katex@0.16.9", "dist/contrib/auto-render.min.js"),
)


def cache_dir() -> Path:
    """The folder Solara's server answers ``/_solara/cdn/`` requests from."""
    from solara.server import settings

    return Path(settings.assets.proxy_cache_dir)


def missing(root: Path | None = None) -> list[str]:
    """The npm packages whose files are not (all) in the cache folder."""
    root = root or cache_dir()
    return [spec for folder, spec, probe in PACKAGES if not (root / folder / probe).is_file()]


def install(root: Path | None = None, *, npm: str = "npm") -> list[str]:
    """Fill the cache folder with every package that is missing; return what was installed.

    Raises:
        RuntimeError: npm is not installed or a package could not be fetched (one line).
    """
    root = root or cache_dir()
    todo = [(f, s) for f, s, p in PACKAGES if not (root / f / p).is_file()]
    if not todo:
        return []
    exe = shutil.which(npm)
    if exe is None:
        raise RuntimeError("the dashboard's offline files need npm (apt-get install npm)")
    with tempfile.TemporaryDirectory() as tmp:
        for folder, spec in todo:
            done = subprocess.run([exe, "pack", "--silent", spec], cwd=tmp, text=True,
                                  capture_output=True, check=False)
            if done.returncode != 0:
                last = (done.stderr.strip().splitlines() or ["npm failed"])[-1]
                raise RuntimeError(f"npm pack {spec}: {last}")
            tgz = Path(tmp) / done.stdout.strip().splitlines()[-1]
            dest = root / folder
            shutil.rmtree(dest, ignore_errors=True)
            with tarfile.open(tgz) as tar:
                members = [m for m in tar.getmembers() if m.name.startswith("package/")
                           and (m.isfile() or m.isdir())]
                for m in members:
                    m.name = m.name.removeprefix("package/")
                tar.extractall(dest, members=members, filter="data")
    return [s for _, s in todo]


def main() -> None:
    """``python -m sim.dashboard.assets``: install what is missing, one line per package."""
    try:
        done = install()
    except RuntimeError as exc:
        print(f"zorgsim dashboard: {exc}", file=sys.stderr)
        raise SystemExit(1) from None
    for spec in done:
        print(f"installed {spec} into {cache_dir()}")
    if not done:
        print(f"dashboard front-end files complete in {cache_dir()}")


if __name__ == "__main__":
    main()
