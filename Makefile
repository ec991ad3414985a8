# The two commands of the README: `make run` and `make test`. Everything else bootstraps itself.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SERVICES := $(PY) -m scripts.services

.PHONY: run dev test test-fast bench backup restore lint format messages clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

# The product as people will see it: DEBUG off, friendly error pages, static files from WhiteNoise.
run: $(VENV)/.installed
	$(SERVICES) run

# Developer mode: Django's debug pages and auto-reload.
dev: $(VENV)/.installed
	$(SERVICES) run --debug

# Every target that touches the database migrates it first (services.py exec --migrate).
test: $(VENV)/.installed
	@sh scripts/ensure-chromium.sh
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(SERVICES) exec --migrate -- $(PY) -m pytest $(PYTEST_ARGS)

# The inner loop: everything but the tests marked slow (make run, embedded services, browser).
test-fast: $(VENV)/.installed
	$(SERVICES) exec --migrate -- $(PY) -m pytest -m "not slow" $(PYTEST_ARGS)

# wrk is installed when missing (as root with apt-get; best effort): the Python fallback load
# generator would compete with gunicorn for the same cores. Without it the fallback is used.
bench: $(VENV)/.installed
	@if ! command -v wrk >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing wrk (Debian package) for the benchmark load..."; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get install -y -qq wrk >/dev/null 2>&1 \
			|| { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq wrk >/dev/null 2>&1; } || true; \
	fi
	$(SERVICES) exec --migrate --redis-name redis-bench -- $(PY) -m bench.run

# pg_dump custom format into var/backups/ (BACKUP_DIR=...); restore with BACKUP=path/to/file.dump.
backup: $(VENV)/.installed
	$(SERVICES) exec --migrate -- $(PY) -m scripts.backup dump $(if $(BACKUP_DIR),--dir $(BACKUP_DIR))

restore: $(VENV)/.installed
	$(SERVICES) exec -- $(PY) -m scripts.backup restore $(BACKUP)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Needs GNU gettext; the compiled .mo files are committed so users do not.
messages: $(VENV)/.installed
	DJANGO_DEBUG=1 DATABASE_URL=postgres://localhost/unused $(PY) manage.py makemessages -l vi --ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*' --ignore 'bench/*'
	DJANGO_DEBUG=1 DATABASE_URL=postgres://localhost/unused $(PY) manage.py compilemessages -l vi --ignore '.venv/*'

clean:
	rm -rf var/staticfiles .pytest_cache
