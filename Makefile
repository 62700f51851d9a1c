# Two commands for a new user: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed-stamp
# make run is the zero set-up mode: SQLite in var/ and jobs in-process, whatever the shell has set. PORT makes the
# links in e-mails and calendar files point to this server (settings/dev.py; a SITE_URL in the environment wins).
RUN_ENV := env -u REDIS_URL DATABASE_URL=sqlite:///$(CURDIR)/var/db.sqlite3 DEMO_MODE=1 PORT=$(PORT) DJANGO_SETTINGS_MODULE=mensenhandel.settings.dev
# Debian packages the tests need: package:command that proves it is there.
SYSTEM_DEPS := chromium:chromium poppler-utils:pdftotext redis-server:redis-server gettext:xgettext

.PHONY: run test install system-deps prepare lint clean bench backup restore

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt ".[test]"
	@touch $(STAMP)

prepare: $(STAMP)
	@mkdir -p var
	@$(RUN_ENV) $(PY) manage.py compile_translations
	@$(RUN_ENV) $(PY) manage.py migrate --noinput -v 0
	@$(RUN_ENV) $(PY) manage.py load_reference_data
	@$(RUN_ENV) $(PY) manage.py load_signaal_referentie
	@$(RUN_ENV) $(PY) manage.py seed_demo

run: prepare
	@echo ""
	@echo "Ketenregie Mensenhandel draait op http://127.0.0.1:$(PORT)/  (stoppen: Ctrl+C)"
	@echo "Demo-accounts, wachtwoord voor allemaal: welkom-demo-2026"
	@echo "  regisseur@twente.example               ketenregisseur      RIEC Oost-Nederland (district Twente)"
	@echo "  coordinator@enschede.example           coordinator         Gemeente Enschede"
	@echo "  coordinator@hengelo.example            coordinator         Gemeente Hengelo"
	@echo "  politie@oost-nederland.example         partner             Politie Oost-Nederland"
	@echo "  inspectie@nla.example                  partner             Nederlandse Arbeidsinspectie"
	@echo "  burgemeester@twente.example            portefeuillehouder  Gemeente Enschede (district Twente)"
	@echo "  regisseur@midden-nederland.example     ketenregisseur      RIEC Midden-Nederland (regio Midden-Nederland)"
	@echo "  coordinator@utrecht.example            coordinator         Gemeente Utrecht"
	@echo "  burgemeester@midden-nederland.example  portefeuillehouder  Gemeente Utrecht (regio Midden-Nederland)"
	@echo "  beheer@ketenregie.example              beheerder           Functioneel beheer"
	@echo "  beheer2@ketenregie.example             beheerder           Functioneel beheer (tweede beheerder, vier-ogen)"
	@echo "  zorg@twente.example                    partner             Zorgcoördinator Twente (zorgtrajecten)"
	@echo "  regisseur@oost-nederland.example       ketenregisseur      RIEC Oost-Nederland (regio Oost-Nederland, regionale tafel)"
	@echo "  burgemeester@oost-nederland.example    portefeuillehouder  Gemeente Arnhem (regio Oost-Nederland, voorzitter regionale tafel)"
	@echo "  regiegroep@oldenzaal.example           coordinator         Gemeente Oldenzaal (vast lid casusoverleg Twente namens de gemeenten)"
	@echo ""
	@$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

system-deps:
	@missing=""; for pair in $(SYSTEM_DEPS); do command -v "$${pair##*:}" >/dev/null 2>&1 || missing="$$missing $${pair%%:*}"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian packages:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	else \
		echo "Missing for the tests:$$missing. Install them with: sudo apt-get install$$missing"; \
		echo "(Tests that need them are skipped; with CI=true they fail.)"; \
	fi

# PostgreSQL when DATABASE_URL is set, SQLite otherwise. Extra pytest arguments: make test ARGS="-k audit".
# The tests run in TEST_WORKERS processes (pytest-xdist; one database each); TEST_WORKERS=0 runs them in this one.
# Three on two cores: a test waits a lot (PostgreSQL, Chromium, a worker, a subprocess). An idle process takes
# tests from a busy one (worksteal), so the long browser and backup tests do not leave one process running alone.
TEST_WORKERS ?= 3
test: $(STAMP) system-deps
	@$(PY) manage.py compile_translations --settings=mensenhandel.settings.test
	$(PY) -m pytest $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist worksteal) $(ARGS)

# Benchmarks on PostgreSQL with gunicorn (docs/benchmarks.md): DATABASE_URL=postgres://... make bench [BENCH_QUICK=1].
# Optional: BENCH_DEMO_DATABASE_URL (query counts at demo volume too), BENCH_REQUESTS, BENCH_SUBMIT_SECONDS, BENCH_OUTPUT.
bench: $(STAMP)
	@env -u REDIS_URL BENCH_QUICK="$(BENCH_QUICK)" $(PY) benchmarks/bench.py

# ruff, then the import contracts of pyproject.toml ([tool.importlinter]: the platform imports no app, the apps
# depend on each other one way, and the layers within each app).
lint: $(STAMP)
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports

# Backup and restore (README, "Back-up en herstel"): PostgreSQL when DATABASE_URL is set, else the SQLite of `make run`.
# make backup [BACKUP_DIR=var/backups]; make restore FILE=var/backups/ketenregie-backup-….tar [FORCEER=1].
BACKUP_ENV := $(if $(DATABASE_URL),env DJANGO_SETTINGS_MODULE=$(or $(DJANGO_SETTINGS_MODULE),mensenhandel.settings.dev),$(RUN_ENV))
backup: $(STAMP)
	@$(BACKUP_ENV) $(PY) manage.py backup $(if $(BACKUP_DIR),--map "$(BACKUP_DIR)")

restore: $(STAMP)
	@test -n "$(FILE)" || { echo "Gebruik: make restore FILE=var/backups/ketenregie-backup-….tar [FORCEER=1]"; exit 2; }
	@$(BACKUP_ENV) $(PY) manage.py restore "$(FILE)" $(if $(FORCEER),--forceer)

clean:
	rm -rf var .pytest_cache test-artifacts
