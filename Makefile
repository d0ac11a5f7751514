# The two commands: `make run` (set up and serve the demo) and `make test` (set up and test).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test install lint format check-migrations messages bench bench-campaign clean

$(BIN)/tocds: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(BIN)/tocds

install: $(BIN)/tocds

run: install
	$(BIN)/tocds migrate --noinput
	$(BIN)/tocds collectstatic --noinput --verbosity 0
	$(BIN)/tocds load_places --historic
	$(BIN)/tocds load_learning_content
	$(BIN)/tocds load_demo
	@echo "tocds: http://127.0.0.1:$(PORT)  (logins above, password tocds-demo)"
	HTTPS=0 PORT=$(PORT) $(BIN)/tocds serve --worker

test: install
	$(BIN)/pytest -p no:cacheprovider

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-migrations: install
	$(BIN)/tocds makemigrations --check --dry-run

# Extract and compile translations (needs GNU gettext).
messages: install
	cd src/tocds && ../../$(BIN)/tocds makemessages -l vi -l en --no-obsolete --no-location
	cd src/tocds && ../../$(BIN)/tocds compilemessages

bench: install
	$(BIN)/python bench/run.py
	$(BIN)/python bench/field_weight.py
	$(BIN)/python bench/learning_weight.py
	$(BIN)/python bench/page_weight.py

# Campaign at scale: sync ingestion over HTTP vs the driver, dashboards at 1,000,000 visits.
# Options: make bench-campaign BENCH_ARGS="--visits 10000000" DATABASE_URL=postgres://…
bench-campaign: install
	$(BIN)/python bench/campaign.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var
