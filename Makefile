# Two commands for a new machine: `make demo` and `make test`. Everything else here serves them.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
DEMO_AREA ?= 11.06
DEMO_HOUSEHOLDS ?= 20000

.PHONY: install demo serve test test-sqlite test-postgresql lint messages system-deps bench linkage-model clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade uv
	UV_PYTHON_DOWNLOADS=never $(BIN)/uv pip install --python $(BIN)/python -q -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP) messages

# Compiled translations are build output: made from the committed .po files (needs gettext's msgfmt).
messages: $(STAMP)
	@command -v msgfmt >/dev/null || scripts/ensure-system-deps gettext
	cd sinergi && ../$(BIN)/python ../manage.py compilemessages -v 0

demo: install
	$(BIN)/sinergi migrate --noinput -v 0
	$(BIN)/sinergi migrate --database jobs --noinput -v 0
	$(BIN)/sinergi load-areas
	$(BIN)/sinergi generate --area $(DEMO_AREA) --households $(DEMO_HOUSEHOLDS) --seed 1
	$(BIN)/sinergi demo-users
	$(BIN)/sinergi demo-services --area $(DEMO_AREA)
	$(BIN)/sinergi demo-programs --regency $(DEMO_AREA)
	$(BIN)/sinergi demo-linkage --regency $(DEMO_AREA)
	@echo "Sinergi berjalan di http://127.0.0.1:8000  (Ctrl+C untuk berhenti)"
	$(MAKE) --no-print-directory serve

# The web server and the background worker (imports run there), stopped together by Ctrl+C.
serve: install
	$(BIN)/sinergi db-worker --no-reload --interval 1 -v 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/sinergi runserver 127.0.0.1:8000

system-deps:
	scripts/ensure-system-deps chromium postgresql gettext java

# The whole suite twice, at the same time: on SQLite and on a throwaway PostgreSQL cluster that
# tests/settings_postgresql.py starts (scripts/run-tests-both; one database: make test-sqlite / test-postgresql).
test: install system-deps lint
	scripts/run-tests-both

test-sqlite: install system-deps
	scripts/run-tests sqlite

test-postgresql: install system-deps
	scripts/run-tests postgresql

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run -v 0

bench: install system-deps
	$(BIN)/python bench/registry.py

# The linkage model shipped in sinergi/linkage/data/model.json: trained on generated lists only (about 6 min).
linkage-model: install
	$(BIN)/python -c "from sinergi.linkage import engine; engine.train_model(progress=print).save(engine.DEFAULT_MODEL_PATH)"

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis
