# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test test-unit test-integration test-e2e bench bench-scale chaos fuzz lint clean up down compose-test

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/eventwire up

test: $(STAMP)
	$(BIN)/python -m pytest -q

test-unit: $(STAMP)
	$(BIN)/python -m pytest -q -m unit

test-integration: $(STAMP)
	$(BIN)/python -m pytest -q -m integration

bench: $(STAMP)
	$(BIN)/eventwire bench

# Half an hour or so: dedup's placement after 10k, 100k and 1M articles, and GET /v1/events on a
# read model of each size (10 GB of disk at 1M).
bench-scale: $(STAMP)
	$(BIN)/eventwire bench --scale

# Five minutes or so: a random service SIGKILLed every 3 s, 100 times, under a steady load of
# news-length articles; prints what was accepted, lost, doubled, pending and dead-lettered.
chaos: $(STAMP)
	$(BIN)/eventwire chaos --cycles 100

# Long schemathesis run against the gateway (1000 examples an operation, a new seed each time;
# an hour or so): no server error, no answer outside the OpenAPI document.
FUZZ_EXAMPLES ?= 1000
fuzz: $(STAMP)
	EVENTWIRE_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) EVENTWIRE_FUZZ_SEED=$${EVENTWIRE_FUZZ_SEED:-$$(date +%s)} \
		$(BIN)/python -m pytest -q -s tests/e2e/test_openapi_fuzz.py

test-e2e: $(STAMP)
	$(BIN)/python -m pytest -q -m e2e

lint: $(STAMP)
	$(BIN)/ruff check services shared tests

clean:
	rm -rf $(VENV) .pytest_cache

# The compose stack (needs Docker and EVENTWIRE_ADMIN_KEY): gateway on :8000, Prometheus on :9090,
# Grafana on :3000.
# The compose plugin where it is installed, else the standalone docker-compose (Debian packages v1 only).
COMPOSE ?= $(shell docker compose version >/dev/null 2>&1 && echo 'docker compose' || echo docker-compose)

up:
	$(COMPOSE) up -d --build

down:
	$(COMPOSE) down

# Builds the images and brings the stack up with docker-compose on a Docker engine of its own
# (infra/compose-test/engine.sh), checks it through the API and Prometheus, and tears it down.
ENGINE := infra/compose-test/engine.sh
COMPOSE_TEST_DOCKER_HOST := unix:///run/eventwire-compose-test/docker.sock

compose-test: $(STAMP)
	$(ENGINE) start
	DOCKER_HOST=$(COMPOSE_TEST_DOCKER_HOST) EVENTWIRE_COMPOSE_TEST=1 $(BIN)/python -m pytest -q tests/compose; \
	    status=$$?; $(ENGINE) stop; exit $$status
