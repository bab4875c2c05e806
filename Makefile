# Two commands: `make run` (set up everything and serve the demo) and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

-include .env
export

.PHONY: run test lint bench install system-check migrate demo messages clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version))."; exit 1; }
	@$(PYTHON) -m venv --help >/dev/null 2>&1 || { echo "The Python venv module is missing. On Debian/Ubuntu: sudo apt-get install python3-venv"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed
	@$(PY) -c 'import weasyprint' 2>/dev/null || { echo "The cheque PDFs need Pango. On Debian/Ubuntu: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0"; exit 1; }

migrate: install
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(PY) manage.py migrate --noinput

demo: migrate
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(PY) manage.py seed_demo

run: demo
	@echo "Serving the portal (Ctrl+C stops it): the demo regies at http://zuidoost.localhost:$(lastword $(subst :, ,$(HOST)))/"
	@echo "and http://maasland.localhost:$(lastword $(subst :, ,$(HOST)))/ (fictional),"
	@echo "the list of regies at http://$(HOST)/. Demo logins are listed above and in README.md."
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(PY) manage.py runserver $(HOST)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

# Lint and import order (ruff), the layers and circles (import-linter), types (mypy with django-stubs):
# the rules are in pyproject.toml. Each check runs even when an earlier one failed; any finding fails the target.
# mypy's Django plugin loads the settings, which need DJANGO_DEBUG.
lint: install
	@status=0; \
	$(VENV)/bin/ruff check . || status=1; \
	$(VENV)/bin/lint-imports || status=1; \
	DJANGO_DEBUG=true $(VENV)/bin/mypy || status=1; \
	exit $$status

bench: install
	@if command -v npm >/dev/null; then $(PY) benchmarks/fetch-lighthouse; fi  # the lighthouse section's tool
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(PY) -m benchmarks

# Regenerate the translation catalogues after changing user-facing strings (needs gettext).
# templates/admin/auth/ holds a copy of a Django admin template: its strings are in Django's own catalogues.
messages: install
	DJANGO_DEBUG=true $(PY) manage.py makemessages --all --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=.cache --ignore=templates/admin/auth
	DJANGO_DEBUG=true $(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles
