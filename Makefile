# Koers: two commands for a newcomer (see README): `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export UV_PYTHON_DOWNLOADS := never
export KOERS_DATA_DIR ?= $(CURDIR)/var

.PHONY: demo test install install-test system-packages system-packages-test lock lint format \
  messages bench bench-pages fuzz serve clean test-postgres

# The Debian packages come first (python3-venv before the venv; Chromium, poppler and PostgreSQL
# for the tests), then a venv that works: one without pip (half made, e.g. by a `venv` that
# stopped at ensurepip) is made again. $(1) is the lock to install.
define install_lock
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip --version >/dev/null 2>&1 \
	  || { echo "$(VENV) is half made (no working pip): making it again"; rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install -q --disable-pip-version-check uv==0.13.9
	$(VENV)/bin/uv pip install -q --python $(PY) -r $(1) -e . \
	  || UV_SYSTEM_CERTS=1 $(VENV)/bin/uv pip install -q --python $(PY) -r $(1) -e . \
	  || $(PY) -m pip install -q -r $(1) -e .
	touch $@
endef

system-packages:
	tools/install-system-packages runtime

system-packages-test:
	tools/install-system-packages test

$(VENV)/.installed-runtime: pyproject.toml requirements.lock | system-packages
	$(call install_lock,requirements.lock)

$(VENV)/.installed-test: pyproject.toml requirements-test.lock | system-packages-test
	$(call install_lock,requirements-test.lock)

## make install: what the demo and a server need (requirements.lock: the runtime dependencies)
install: $(VENV)/.installed-runtime

## make install-test: that plus the test tools and Chromium (requirements-test.lock)
install-test: $(VENV)/.installed-test

## make lock: compile both locks from pyproject.toml with the venv's uv (any install puts it there);
## the test lock keeps the runtime lock's versions. Set UV_SYSTEM_CERTS=1 if uv reports
## "invalid peer certificate".
UV_COMPILE = $(VENV)/bin/uv pip compile -q pyproject.toml --python-version 3.11 \
  --custom-compile-command "make lock"
lock:
	$(UV_COMPILE) -o requirements.lock
	$(UV_COMPILE) --extra test -c requirements.lock -o requirements-test.lock

# How demo and serve end: the static files, then gunicorn in the foreground (without the control
# socket gunicorn 27 opens: demos on other ports would share ~/.gunicorn/gunicorn.ctl).
define collect_and_serve
	$(PY) -m koers collectstatic --noinput -v0
	@echo "Koers: http://127.0.0.1:$(PORT)/  (Ctrl+C stops)"
	$(VENV)/bin/gunicorn koers.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile - \
	  --no-control-socket
endef

## make demo: install, migrate, load the demo organisations and serve at 127.0.0.1:$(PORT)
## (the demo's superuser `admin` signs in with the password alone: see README, second factor)
demo: export KOERS_SUPERUSER_SECOND_FACTOR ?= 0
# The links in e-mail point to where the demo is served.
demo: export KOERS_BASE_URL ?= http://127.0.0.1:$(PORT)
demo: install
	mkdir -p $(KOERS_DATA_DIR)
	$(PY) -m koers migrate --noinput -v0
	$(PY) -m koers load_demo
	$(collect_and_serve)

## make serve: the same without loading the demo: serve the database as it is
serve: install
	mkdir -p $(KOERS_DATA_DIR)
	$(PY) -m koers migrate --noinput -v0
	$(collect_and_serve)

## make test: install what the tests need (Chromium too) and run lint + the whole suite
test: install-test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest $(PYTEST_ARGS)

## the same suite against a throwaway PostgreSQL cluster (what .ci/run does second)
test-postgres: install-test
	tools/with-postgres $(MAKE) test

lint: install-test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install-test
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

## regenerate the translation catalogues (nl is the source language, en the translation)
messages:
	cd koers && PYTHONPATH=$(CURDIR) $(CURDIR)/$(PY) -m koers makemessages -l en --no-obsolete --no-location --ignore='*/tests/*'
	cd koers && PYTHONPATH=$(CURDIR) $(CURDIR)/$(PY) -m koers compilemessages -l en

## make bench: the benchmarks (figures in bench/results/: the import, koers remind at 100,000
## people, a department's 1,000 POPs printed as one ZIP), then the follow-up figures' property
## tests (talks and activities) with 1,000 random organisations instead of CI's 100
bench: install-test
	$(PY) -m bench
	KOERS_PROPERTY_EXAMPLES=1000 $(PY) -m pytest -q -p no:randomly \
	  koers/followup/tests/test_figures_property.py \
	  koers/followup/tests/test_activity_figures_property.py

## make bench-pages: every key page against its bare view (issue 18; not part of `make test`):
## builds or takes the cached data (var/bench/; KOERS_BENCH_PAGES_PEOPLE, 100000 by default, and
## KOERS_BENCH_PAGES_SMALL, 1000), installs wrk if missing, counts queries at both sizes, profiles,
## loads each page and its bare view interleaved under one gunicorn, with and without SQLite
## statistics; results in bench/results/pages_sqlite.md, the plot and profiles beside it
bench-pages: install-test
	tools/install-system-packages bench
	nice $(PY) -m bench.pages

## make fuzz: every form with 500 bad submissions each (tests/test_fuzz.py); the figures go to
## bench/results/fuzz.md, also when a submission fails (the test then fails too)
FUZZ_PER_FORM ?= 500
fuzz: install-test
	mkdir -p bench/results && rm -f bench/results/fuzz.jsonl
	KOERS_FUZZ_PER_FORM=$(FUZZ_PER_FORM) KOERS_FUZZ_FIGURES=bench/results/fuzz.jsonl \
	  $(PY) -m pytest tests/test_fuzz.py -q -p no:randomly; status=$$?; \
	  $(PY) -m tests.fuzzing bench/results/fuzz.jsonl $(FUZZ_PER_FORM) bench/results/fuzz.md; \
	  rm -f bench/results/fuzz.jsonl; exit $$status

clean:
	rm -rf $(VENV) $(KOERS_DATA_DIR)
