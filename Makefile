# Two entry points (see README.md): `make run` and `make test`. Both install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := APP_CONFIG=development $(BIN)/flask --app app
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install translations test-tools db lint audit

$(VENV)/.installed: pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

translations: install
	$(BIN)/pybabel compile --domain messages --directory app/translations --statistics 2>&1 | tail -n 3

# Lets the README's `.venv/bin/flask …` commands find the app in its development configuration
# (flask reads .env through python-dotenv). A developer's own .env is left as it is.
.env:
	printf 'APP_CONFIG=development\nFLASK_APP=app\n' > $@

db: install translations .env
	$(FLASK) db upgrade
	$(FLASK) seed-demo

run: db
	$(FLASK) run --host $(HOST) --port $(PORT)

test-tools:
	bash scripts/install-test-tools

lint: install
	$(BIN)/ruff check app tests benchmarks
	$(BIN)/ruff format --check app tests benchmarks
	# The application; benchmarks/ is a developer tool that starts processes by design.
	$(BIN)/bandit --quiet --recursive app

# Known vulnerabilities in the installed dependencies (asks PyPI's advisory data; CI runs it).
audit: install
	$(BIN)/pip-audit --local --progress-spinner off

test: install translations test-tools lint
	$(BIN)/pytest $(PYTEST_ARGS)
