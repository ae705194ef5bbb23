# Utblick: `make run` serves the app, `make test` checks everything. Both install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_WORKERS ?= auto
# Local running: a key kept in var/ (never committed); production sets SECRET_KEY itself.
LOCAL_ENV = SECRET_KEY="$$(cat var/secret_key)" SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false \
	CSRF_COOKIE_SECURE=false SECURE_HSTS_SECONDS=0 EMAIL_URL="$${EMAIL_URL:-consolemail://}"

.PHONY: run test lint bench messages install install-dev chromium pdf-libraries clean-venv

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.runtime-installed
install-dev: $(VENV)/.dev-installed

var/secret_key:
	mkdir -p var
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

run: install pdf-libraries var/secret_key
	$(LOCAL_ENV) $(BIN)/python manage.py migrate --noinput
	$(LOCAL_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(LOCAL_ENV) $(BIN)/python manage.py setup_demo
	@echo "Utblick körs på http://$(HOST):$(PORT)/ (avsluta med Ctrl+C)"
	@$(LOCAL_ENV) UTBLICK_BASE_URL=http://$(HOST):$(PORT) bash -c '$(BIN)/python manage.py db_worker & worker=$$!; \
		$(BIN)/python manage.py run_scheduler & scheduler=$$!; \
		trap "kill $$worker $$scheduler 2>/dev/null" EXIT INT TERM; \
		$(BIN)/gunicorn utblick.wsgi --bind $(HOST):$(PORT) --workers $$(( $$(nproc) * 2 + 1 )) --access-logfile -'

# WeasyPrint (PDF: register extracts, reports) draws with Pango; Debian's packages, installed when missing.
PDF_PACKAGES = libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
pdf-libraries:
	@missing=$$(for p in $(PDF_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	[ -z "$$missing" ] || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else echo "Saknade paket för PDF: $$missing (installera dem med apt-get)."; exit 1; fi; }

chromium:
	@command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else echo "Chromium saknas: installera Debians paket 'chromium' (webbläsartesterna kräver det)."; exit 1; fi; }

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: install-dev chromium pdf-libraries
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=tests.settings
	$(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# Translations: collect the Swedish msgids into locale/en/LC_MESSAGES/django.po, then compile django.mo
# (both are committed). Translate new entries in the .po, then run this again.
MESSAGES_ENV = SECRET_KEY=messages-only-not-a-secret
messages: install
	@command -v msgfmt >/dev/null 2>&1 || { echo "GNU gettext saknas: installera Debians paket 'gettext'."; exit 1; }
	$(MESSAGES_ENV) $(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=bench --ignore=tests \
		--ignore=var --no-location
	$(MESSAGES_ENV) $(BIN)/python manage.py compilemessages --ignore=.venv

bench: install-dev
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean-venv:
	rm -rf $(VENV)
