# `make dev` runs the service locally; `make test` runs every test. Both set themselves up.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | sha1sum | cut -c1-12)
export AWS_DEFAULT_REGION ?= eu-west-1

.PHONY: dev test bench package deploy clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $@

dev: $(STAMP)
	$(BIN)/python -m scripts.devstack

test: $(STAMP)
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup tests

clean:
	rm -rf $(VENV) build .dev .pytest_cache .hypothesis
