# `make dev` runs the service locally; `make test` runs every test. Both set themselves up.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | sha1sum | cut -c1-12)
export AWS_DEFAULT_REGION ?= eu-west-1

.PHONY: dev test lint messages bench mutate mutmut screenshots package lint-template deploy clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet 'pip>=24,<26.3'  # chalice 1.34 declares pip<26.3
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $@

dev: $(STAMP)
	$(BIN)/python -m scripts.devstack

test: $(STAMP) lint lint-template
	$(BIN)/python -m pytest -q -n 2 --dist load --durations=25 tests

# ruff (rules in ruff.toml) everywhere; bandit on what runs in Lambda or on a developer's machine.
# Every `# nosec` names its check and says why it is safe there.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/bandit -q -r app.py chalicelib scripts

# The one text catalog: extract every _(), n_() and N_() from templates and chalicelib (Babel),
# add the new Dutch msgids to chalicelib/locale/en/LC_MESSAGES/messages.po, drop those no longer
# used, and list those without English (it fails while one has none). docs/development.md, "Text: one catalog".
messages: $(STAMP)
	$(BIN)/python -m scripts.messages

# Measurements, not tests: package size, cold starts, signup latency, AWS calls per operation,
# mail cost, a hot event under load and exports, each beside its floor; writes
# benchmarks/RESULTS.md. Sizes and BENCH_ONLY: see benchmarks/run.py.
# The browser tests again, with their screenshots written over docs/img/ (the organiser guide's).
screenshots: $(STAMP)
	SCREENSHOTS=docs $(BIN)/python -m pytest -q tests/test_browser_organiser.py tests/test_browser_dashboard.py tests/test_browser_walk.py tests/test_browser_participants.py

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

# Not part of `make test`: mutants of every module under chalicelib/ (scripts/mutation_targets.py) against the
# tests that reach them; prints the score per module and every survivor, writes benchmarks/MUTATION.md
# (every module measured so far). One module: make mutate MODULE=pacing (part of its path).
MODULE ?=
mutate: $(STAMP)
	$(BIN)/python -m scripts.mutate --jobs $(or $(JOBS),2) $(if $(MODULE),--module $(MODULE)) $(if $(FRESH),--fresh) --write benchmarks/MUTATION.md

# A second set of mutants, made independently: mutmut's own operators over every module
# (scripts/mutmut_run.py); MODULE= as above. Prints the score per module and every survivor.
mutmut: $(STAMP)
	$(BIN)/python -m scripts.mutmut_run --jobs $(or $(JOBS),2) $(if $(MODULE),--module $(MODULE)) $(if $(FRESH),--fresh) --write benchmarks/MUTMUT.md

# ---------------------------------------------------------------- AWS (see docs/deploy.md)
STAGE ?= prod
STACK ?= signups-$(STAGE)

BUILD ?= build

# $(BUILD)/sam.json + $(BUILD)/deployment.zip for $(STAGE); needs AWS_DEFAULT_REGION, no credentials.
# chalice zips every file of every requirement; scripts/slim_package.py then drops what the
# Lambda never loads (Babel's data for other locales, bundled test suites).
package: $(STAMP)
	rm -rf $(BUILD)
	$(BIN)/chalice package --stage $(STAGE) --merge-template .chalice/resources.json $(BUILD)/
	$(BIN)/python -m scripts.slim_package $(BUILD)/deployment.zip

# cfn-lint checks the SAM template, then the template the SAM transform makes of it, expanded
# offline by aws-sam-translator (scripts/sam_expand.py, which fails when the transform cannot run):
# every generated function, role, event source mapping, permission and the API. No rule is ignored.
lint-template: package
	$(BIN)/python -m scripts.sam_expand $(BUILD)/sam.json $(BUILD)/expanded.json
	$(BIN)/cfn-lint $(BUILD)/sam.json $(BUILD)/expanded.json

# Needs AWS credentials, the aws CLI and an artifact bucket; it cannot run in CI or offline.
deploy: package
	@test -n "$(DEPLOY_BUCKET)" -a -n "$(SENDER_EMAIL)" -a -n "$(PUBLIC_BASE_URL)" || \
		{ echo "set DEPLOY_BUCKET, SENDER_EMAIL and PUBLIC_BASE_URL (see docs/deploy.md)"; exit 2; }
	aws cloudformation package --template-file $(BUILD)/sam.json --s3-bucket $(DEPLOY_BUCKET) \
		--output-template-file $(BUILD)/packaged.yaml
	aws cloudformation deploy --template-file $(BUILD)/packaged.yaml --stack-name $(STACK) \
		--capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND \
		--parameter-overrides Stage=$(STAGE) SenderEmail=$(SENDER_EMAIL) \
		PublicBaseUrl=$(PUBLIC_BASE_URL) AlarmEmail=$(ALARM_EMAIL)

clean:
	rm -rf $(VENV) build .dev .pytest_cache .hypothesis
