# Self-documenting Makefile: `make` or `make help` lists the targets from their ## comments.
# Stages are file targets, so `make report` reruns only what changed since the last run.

.DEFAULT_GOAL := help
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:
# No built-in implicit rules: with 4,000 input files make would otherwise spend over a second
# trying them on every run, even when nothing changed.
MAKEFLAGS += --no-builtin-rules
.SUFFIXES:

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
VENV_STAMP := $(VENV)/.installed
INPUTS ?= inputs
OUTPUTS ?= outputs
# STRICT=1 makes validation exit 1 on any error (what CI uses for the deliverable).
STRICT ?=
STRICT_FLAG := $(if $(STRICT),--strict,)

# System libraries WeasyPrint needs, as shared objects and as the Debian packages that ship them.
# Without HarfBuzz's subset library WeasyPrint warns on every font and stamps the time in the PDF.
SYSTEM_LIBS := libpango-1.0.so.0:libpango-1.0-0 libpangoft2-1.0.so.0:libpangoft2-1.0-0 \
	libharfbuzz-subset.so.0:libharfbuzz-subset0
SYSTEM_FONTS := DejaVu Sans:fonts-dejavu-core DejaVu Serif:fonts-dejavu-core

INPUT_FILES := $(shell find $(INPUTS) -type f ! -name '~$$*' 2>/dev/null | sed 's/ /\\ /g')
TEMPLATE_FILES := $(wildcard templates/*)
SHARED_CODE := pipeline/__init__.py pipeline/contract.py pipeline/paths.py pipeline/config.py \
	pipeline/tables.py pipeline/findings.py

EXTRACTED := $(OUTPUTS)/1_extracted/.stamp
VALIDATED := $(OUTPUTS)/2_validated/.stamp
AGGREGATED := $(OUTPUTS)/3_aggregated/.stamp
REVIEWED := $(OUTPUTS)/manifest.json
REPORT := $(OUTPUTS)/report.pdf

.PHONY: help report test bench clean system-libs sample-inputs

help: ## Show this list of targets
	@echo "Usage: make <target> [INPUTS=folder] [OUTPUTS=folder] [STRICT=1]"
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sort \
		| awk 'BEGIN {FS = ":.*## "}; {printf "  %-14s %s\n", $$1, $$2}'

report: $(REPORT) ## Build outputs/report.pdf from the inputs (sets up .venv when needed)

test: $(VENV_STAMP) ## Run the test suite
	$(PY) -m pytest -q

bench: $(VENV_STAMP) ## Measure speed and memory; writes outputs/bench.json
	$(PY) benchmarks/bench.py

clean: ## Remove everything generated in outputs/
	find $(OUTPUTS) -mindepth 1 ! -name README.md -exec rm -rf {} +

sample-inputs: $(VENV_STAMP) ## Regenerate the committed 40-project sample in inputs/ (developers)
	rm -rf $(INPUTS)/projects $(INPUTS)/beslutsregister.xlsx $(INPUTS)/traffar.xlsx
	$(PY) -m pipeline sample --projects 40 --out $(INPUTS)

system-libs: ## Check the system libraries WeasyPrint needs; as root, install them
	@missing=""; \
	for pair in $(SYSTEM_LIBS); do \
		ldconfig -p | grep -q "$${pair%%:*}" || missing="$$missing $${pair##*:}"; \
	done; \
	fc-list 2>/dev/null | grep -q "DejaVu Serif" || missing="$$missing fonts-dejavu-core"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing system libraries:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else \
			echo "Missing system libraries:$$missing" >&2; \
			echo "Install them (Debian/Ubuntu): sudo apt-get install$$missing" >&2; \
			exit 1; \
		fi; \
	fi

$(VENV_STAMP): pyproject.toml
	@$(MAKE) --no-print-directory system-libs
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

$(EXTRACTED): $(INPUT_FILES) pipeline/stages/extract.py $(SHARED_CODE) | $(VENV_STAMP)
	$(PY) -m pipeline extract --inputs $(INPUTS) --outputs $(OUTPUTS)
	@touch $@

$(VALIDATED): $(EXTRACTED) pipeline/stages/validate.py $(SHARED_CODE) | $(VENV_STAMP)
	$(PY) -m pipeline validate --inputs $(INPUTS) --outputs $(OUTPUTS) $(STRICT_FLAG)
	@touch $@

$(AGGREGATED): $(VALIDATED) pipeline/stages/aggregate.py $(SHARED_CODE) | $(VENV_STAMP)
	$(PY) -m pipeline aggregate --inputs $(INPUTS) --outputs $(OUTPUTS)
	@touch $@

$(REVIEWED): $(AGGREGATED) pipeline/stages/review.py pipeline/column_docs.py $(SHARED_CODE) | $(VENV_STAMP)
	$(PY) -m pipeline review --inputs $(INPUTS) --outputs $(OUTPUTS)

$(REPORT): $(REVIEWED) $(TEMPLATE_FILES) pipeline/stages/render.py pipeline/formatting.py pipeline/charts.py $(SHARED_CODE) | $(VENV_STAMP)
	$(PY) -m pipeline render --inputs $(INPUTS) --outputs $(OUTPUTS)
