# Two entry points for a new user (see README):
#   make run    set up .venv and run the default scenario
#   make test   set up .venv and run the test suite
#   make dashboard  add the dashboard extra and its offline front-end files, start it
# Extra Hydra overrides go in ARGS, e.g.  make run ARGS="municipality=stedelijk_district years=5"

VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

DASH   := $(VENV)/.dashboard
PORT   ?= 8765

.PHONY: run test lint bench setup clean dashboard dashboard-setup

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@PYBIN=$$(scripts/find-python) || exit 1; \
	  if [ ! -x $(PY) ]; then echo "creating $(VENV) with $$PYBIN"; $$PYBIN -m venv $(VENV); fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $(STAMP)

run: $(STAMP)
	$(PY) -m sim $(ARGS)

# Tests run on every core (pytest-xdist), one test file per worker so that a file's shared
# towns (module fixtures) are simulated once.
test: $(STAMP)
	$(PY) -m ruff check sim tests benchmarks hydra_plugins
	$(PY) -m pytest -q -n auto --dist loadfile $(ARGS)

# The dashboard extra, then Solara's front-end files from the npm registry (offline page).
dashboard-setup: $(DASH)

$(DASH): $(STAMP) pyproject.toml constraints.txt sim/dashboard/assets.py
	$(PY) -m pip install --quiet -c constraints.txt -e ".[dev,dashboard]"
	$(PY) -m sim.dashboard.assets
	@touch $(DASH)

dashboard: $(DASH)
	$(PY) -m sim.dashboard --port $(PORT)

bench: $(STAMP)
	$(PY) benchmarks/engine.py $(ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
