# Self-documenting Makefile: `make` or `make help` lists the targets from their ## comments.
# Stages are file targets, so `make report` reruns only what changed since the last run.

.DEFAULT_GOAL := help
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:
# No built-in implicit rules: with 4,000 input files make would otherwise spend over a second
# trying them on every run, even when nothing changed.
MAKEFLAGS += --no-builtin-rules
# Stages that do not need each other's files run at the same time, one per core: the workbook,
# the PDF and the web edition are all made from the reviewed hand-overs (`JOBS=1` runs one by one).
# Set by the top-level make only: a sub-make (system-libs) shares its jobserver.
JOBS ?= $(shell nproc 2>/dev/null || echo 1)
ifeq ($(MAKELEVEL),0)
MAKEFLAGS += --jobs=$(JOBS)
endif
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
# The spelling test (tests/test_spelling.py): Hunspell with Debian's Swedish dictionary, over the
# PDFs' text as pdftotext lays it out. Commands and the package that ships each.
SYSTEM_TOOLS := hunspell:hunspell pdftotext:poppler-utils
SWEDISH_DICTIONARY := /usr/share/hunspell/sv_SE.dic

# What each stage depends on:
# - deps.mk: STAGE_CODE_<stage>, every pipeline module the stage imports and the data files beside
#   them (pipeline/rules/rules.toml, the rules' wording; pipeline/aggregated_tables/tables.toml, the
#   aggregated tables), derived from the imports by
#   tools/make_deps.py; remade whenever such a file under pipeline/ is added, removed or changed.
#   It describes the code, not a run, so it is kept in the checkout's git-ignored .make/ with the
#   code listing it is made from: every outputs folder shares it, and a fresh one (after
#   `make clean`, or OUTPUTS=elsewhere) does not pay for the import scan again.
# - *.files: a listing (path, size, mtime) of the inputs, the templates and the code, rewritten only
#   when it changes. A stage depends on the listing, not on each file, so a deleted or renamed
#   file reruns it too, and a file name make cannot spell (spaces, colons, $) needs no escaping.
#   The run's own state (inputs and templates listings, stamps) is in $(OUTPUTS)/.make/, which
#   `make clean` removes.
CODE_STATE := .make
DEPS_MK := $(CODE_STATE)/deps.mk
CODE_LISTING := $(CODE_STATE)/code.files
COMPILED := $(CODE_STATE)/compiled.stamp
MAKE_STATE := $(OUTPUTS)/.make
INPUT_LISTING := $(MAKE_STATE)/inputs.files
TEXT_LISTING := $(MAKE_STATE)/text.files
TEMPLATE_LISTING := $(MAKE_STATE)/templates.files
# The agency's chapters, text/*.md (and an editor's hidden files beside them), are the render's
# input, not extract's (stages/extract/inventory.py's is_chapter_file draws the same line): a saved
# chapter reruns review (the manifest records its checksum), the text check, render and html only.
CHAPTER_FILES := -path '$(INPUTS)/text/*' ! -path '$(INPUTS)/text/*/*' \( -iname '*.md' -o -name '.*' \)

EXTRACTED := $(OUTPUTS)/1_extracted/.stamp
VALIDATED := $(OUTPUTS)/2_validated/.stamp
AGGREGATED := $(OUTPUTS)/3_aggregated/.stamp
REVIEWED := $(OUTPUTS)/manifest.json
WORKBOOK := $(OUTPUTS)/review.xlsx
REPORT := $(OUTPUTS)/report.pdf
# The reviewers' edition: files read, checks, findings, and each table of the report to its file.
UNDERLAG := $(OUTPUTS)/underlag.pdf
EDITION := $(OUTPUTS)/html/index.html
TEXT_CHECKED := $(MAKE_STATE)/text.stamp
# PREVIOUS=folder: the outputs of an earlier run (e.g. last week's artifact, unpacked); the report
# is then compared with it (python -m pipeline changes) and changes.csv is written. Without it a
# comparison left from an earlier run is removed, so the report never shows a stale one.
PREVIOUS ?=
PREVIOUS_LISTING := $(MAKE_STATE)/previous.files
COMPARED := $(MAKE_STATE)/compared.stamp
SUMMARY := $(MAKE_STATE)/summary.stamp

.PHONY: help report preview test lint check-pdf check-html check-layout bench clean system-libs sample-inputs FORCE

# Only goals that run a stage need the dependency state (others must not write into $(OUTPUTS)).
STAGE_GOALS := report preview $(EXTRACTED) $(VALIDATED) $(AGGREGATED) $(REVIEWED) $(WORKBOOK) $(REPORT) $(UNDERLAG) $(EDITION)
ifneq ($(filter $(STAGE_GOALS),$(MAKECMDGOALS)),)
-include $(DEPS_MK)
endif

help: ## Show this list of targets
	@echo "Usage: make <target> [INPUTS=folder] [OUTPUTS=folder] [STRICT=1]"
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sort \
		| awk 'BEGIN {FS = ":.*## "}; {printf "  %-14s %s\n", $$1, $$2}'

report: $(SUMMARY) ## Build outputs/report.pdf, underlag.pdf, html/ and review.xlsx from the inputs (sets up .venv when needed)

# The live preview (pipeline/preview/, docs/report-text.md): make brings the hand-overs up to date
# as for report (skipping what is), then the preview serves the HTML edition on 127.0.0.1, reruns
# what a save needs and reloads the page. Ctrl-C stops it. PORT=N names the port (default 8787).
PORT ?=
preview: $(REVIEWED) $(WORKBOOK) | $(VENV_STAMP) $(COMPILED) ## Show the report in the browser, updated on every save of a chapter (PORT=N)
	$(PY) -m pipeline preview --no-build --inputs $(INPUTS) --outputs $(OUTPUTS) $(if $(PORT),--port $(PORT))

# Hypothesis keeps its examples in the git-ignored .venv too (pytest's cache: pyproject.toml), so a
# test run leaves nothing in the checkout.
test: export HYPOTHESIS_STORAGE_DIRECTORY := $(abspath $(VENV))/.cache/hypothesis
test: $(VENV_STAMP) ## Run the test suite
	$(PY) -m pytest -q

# The folders ruff checks; tools/ is the Makefile's own helper code.
LINT_PATHS := pipeline tests benchmarks tools

lint: $(VENV_STAMP) ## Check style and common bugs with ruff (configured in pyproject.toml)
	$(PY) -m ruff check $(LINT_PATHS)
	$(PY) -m ruff format --check $(LINT_PATHS)

check-pdf: ## Validate outputs/report.pdf and underlag.pdf with veraPDF: PDF/A-3a and PDF/UA-1 (needs Java; tools/verapdf/README.md)
	tools/verapdf/run.sh $(OUTPUTS)/report.pdf
	tools/verapdf/run.sh $(OUTPUTS)/underlag.pdf

# The second check: the live preview on a scratch copy of the inputs, a chapter saved 10 times;
# fails when the median save → new text in the page is over a second (prints the median).
check-html: $(VENV_STAMP) ## Check outputs/html/ in headless Chromium (axe-core WCAG 2.1 A/AA, 390 and 1280 px) and the live preview's reload (tools/axe/README.md)
	tools/axe/run.sh $(OUTPUTS)/html/index.html
	tools/axe/preview.sh --inputs $(INPUTS)

check-layout: $(VENV_STAMP) ## The print layout test on a generated 400-project programme (about a minute; tests/test_layout_at_scale.py)
	RUN_LAYOUT_400=1 $(PY) -m pytest -q tests/test_layout_at_scale.py

bench: $(VENV_STAMP) ## Measure speed and memory; writes outputs/bench.json
	$(PY) benchmarks/bench.py

clean: ## Remove everything generated in outputs/
	find $(OUTPUTS) -mindepth 1 ! -name README.md -exec rm -rf {} +

generated: $(VENV_STAMP) ## Regenerate every generated file (docs/figures.md, generated parts of docs/, golden CSVs)
	$(PY) -m tools.regenerate

sample-inputs: $(VENV_STAMP) ## Regenerate the committed 40-project sample in inputs/ (developers)
	rm -rf $(INPUTS)/projects $(INPUTS)/beslutsregister.xlsx $(INPUTS)/traffar.xlsx
	$(PY) -m pipeline sample --projects 40 --out $(INPUTS)

system-libs: ## Check the system libraries WeasyPrint and the spelling test need; as root, install them
	@# Each listing is captured once, then searched: `ldconfig -p | grep -q` under pipefail fails
	@# whenever grep exits at the first match and ldconfig dies of SIGPIPE (about 1 run in 7).
	@# ldconfig lives in /sbin, which is not on every user's PATH.
	@missing=""; \
	ldconfig=$$(PATH="$$PATH:/sbin:/usr/sbin" command -v ldconfig || true); \
	if [ -n "$$ldconfig" ]; then \
		libraries=$$("$$ldconfig" -p); \
		for pair in $(SYSTEM_LIBS); do \
			grep -qF "$${pair%%:*}" <<<"$$libraries" || missing="$$missing $${pair##*:}"; \
		done; \
	else \
		echo "ldconfig hittades inte: kan inte kontrollera$(foreach pair,$(SYSTEM_LIBS), $(lastword $(subst :, ,$(pair))))" >&2; \
	fi; \
	fonts=$$(fc-list 2>/dev/null || true); \
	grep -qF "DejaVu Serif" <<<"$$fonts" || missing="$$missing fonts-dejavu-core"; \
	for pair in $(SYSTEM_TOOLS); do \
		command -v "$${pair%%:*}" >/dev/null || missing="$$missing $${pair##*:}"; \
	done; \
	[ -f $(SWEDISH_DICTIONARY) ] || missing="$$missing hunspell-sv"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installerar systembibliotek:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else \
			echo "Systembibliotek saknas:$$missing" >&2; \
			echo "Installera dem (Debian/Ubuntu): sudo apt-get install$$missing" >&2; \
			exit 1; \
		fi; \
	fi

$(VENV_STAMP): pyproject.toml
	@$(MAKE) --no-print-directory system-libs
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@rm -f $(COMPILED)
	@touch $@

# A listing of the files under a folder, one "path<TAB>size<TAB>mtime" line each, sorted. The
# recipe runs on every make, but the file is replaced only when the listing differs, so its mtime
# moves only when a file was added, removed, renamed or changed. A missing folder lists nothing:
# the stage then runs and says, in Swedish, what is wrong. The partial file is named by the shell's
# PID ($$$$), as two makes at once (two outputs folders) share the code listing, and removed on
# exit, interrupted or not. The recipes run under `make -n` too ("+"): a dry run then lists only
# the stages a change really reruns, as the real run would.
#   $(call update-listing,FOLDER,FIND-TESTS)
define update-listing
+@mkdir -p $(@D)
+@trap 'rm -f $@.$$$$.new' EXIT; \
	{ find $(1) -type f $(2) -printf '%P\t%s\t%T@\n' 2>/dev/null || true; } | LC_ALL=C sort > $@.$$$$.new; \
	cmp -s $@.$$$$.new $@ || mv -f $@.$$$$.new $@
endef

# Office's lock files (~$name.xlsx) come and go while someone has a workbook open: not an input.
$(INPUT_LISTING): FORCE
	$(call update-listing,$(INPUTS),! -name '~$$*' ! \( $(CHAPTER_FILES) \))

$(TEXT_LISTING): FORCE
	$(call update-listing,$(INPUTS),$(CHAPTER_FILES))

$(TEMPLATE_LISTING): FORCE
	$(call update-listing,templates)

$(CODE_LISTING): FORCE
	$(call update-listing,pipeline,\( -name '*.py' -o -name '*.toml' \))

FORCE:

$(DEPS_MK): $(CODE_LISTING) tools/make_deps.py
	$(PYTHON) tools/make_deps.py $@

# The pipeline's bytecode, compiled once per code change, as pip compiles an installed package.
# Where PYTHONDONTWRITEBYTECODE is set, Python would otherwise compile every module it imports
# again in every stage's process, 30–80 ms a stage. Checked-hash .pyc files: Python compares each
# with its source's hash on import, so an edit is never run stale (a timestamp .pyc would miss an
# edit within the same second that keeps the size). A new environment removes the stamp, so the
# next make compiles for its Python.
$(COMPILED): $(CODE_LISTING) | $(VENV_STAMP)
	@$(PY) -m compileall -q --invalidation-mode checked-hash pipeline
	@touch $@

$(EXTRACTED): $(INPUT_LISTING) $(STAGE_CODE_extract) | $(VENV_STAMP) $(COMPILED)
	$(PY) -m pipeline extract --inputs $(INPUTS) --outputs $(OUTPUTS)
	@touch $@

$(VALIDATED): $(EXTRACTED) $(STAGE_CODE_validate) | $(VENV_STAMP) $(COMPILED)
	$(PY) -m pipeline validate --inputs $(INPUTS) --outputs $(OUTPUTS) $(STRICT_FLAG)
	@touch $@

$(AGGREGATED): $(VALIDATED) $(STAGE_CODE_aggregate) | $(VENV_STAMP) $(COMPILED)
	$(PY) -m pipeline aggregate --inputs $(INPUTS) --outputs $(OUTPUTS)
	@touch $@

$(REVIEWED): $(AGGREGATED) $(TEXT_LISTING) $(STAGE_CODE_review) | $(VENV_STAMP) $(COMPILED)
	$(PY) -m pipeline review --inputs $(INPUTS) --outputs $(OUTPUTS)

$(WORKBOOK): $(AGGREGATED) $(STAGE_CODE_workbook) | $(VENV_STAMP) $(COMPILED)
	$(PY) -m pipeline workbook --inputs $(INPUTS) --outputs $(OUTPUTS)

# Which previous run (none, or its path with its manifest's size and time): a change reruns the
# comparison, and the report and the web edition after it.
$(PREVIOUS_LISTING): FORCE
	+@mkdir -p $(@D)
	+@{ echo '$(if $(strip $(PREVIOUS)),$(abspath $(PREVIOUS)))'; \
		$(if $(strip $(PREVIOUS)),find '$(PREVIOUS)' -maxdepth 1 -name manifest.json -printf '%s\t%T@\n' 2>/dev/null || true;) } > $@.new; \
		if cmp -s $@.new $@; then rm -f $@.new; else mv -f $@.new $@; fi

$(COMPARED): $(REVIEWED) $(PREVIOUS_LISTING) $(if $(strip $(PREVIOUS)),$(STAGE_CODE_changes)) | $(VENV_STAMP) $(COMPILED)
	$(if $(strip $(PREVIOUS)),$(PY) -m pipeline changes --since '$(PREVIOUS)' --outputs $(OUTPUTS),@rm -f $(OUTPUTS)/changes.csv $(OUTPUTS)/changes.md $(OUTPUTS)/changes_page.json)
	@touch $@

# The chapters are checked once, before render, underlag and html (which all read them), so a mistake
# is told once; then the previous editions are removed, as a failed render removes them.
$(TEXT_CHECKED): $(COMPARED) $(TEXT_LISTING) $(STAGE_CODE_render) | $(VENV_STAMP) $(COMPILED)
	@$(PY) -m pipeline -q check-text --inputs $(INPUTS) --outputs $(OUTPUTS) \
		|| { status=$$?; rm -rf $(REPORT) $(UNDERLAG) $(OUTPUTS)/report.sha256 $(OUTPUTS)/4_report/report.html $(OUTPUTS)/4_report/underlag.html $(OUTPUTS)/html; exit $$status; }
	@touch $@

$(REPORT): $(TEXT_CHECKED) $(COMPARED) $(TEMPLATE_LISTING) $(STAGE_CODE_render) | $(VENV_STAMP) $(COMPILED)
	$(PY) -m pipeline render --inputs $(INPUTS) --outputs $(OUTPUTS)

$(UNDERLAG): $(TEXT_CHECKED) $(COMPARED) $(TEMPLATE_LISTING) $(STAGE_CODE_underlag) | $(VENV_STAMP) $(COMPILED)
	$(PY) -m pipeline underlag --inputs $(INPUTS) --outputs $(OUTPUTS)

# The web edition offers review.xlsx for download, so it waits for the workbook.
$(EDITION): $(TEXT_CHECKED) $(COMPARED) $(WORKBOOK) $(TEMPLATE_LISTING) $(STAGE_CODE_html) | $(VENV_STAMP) $(COMPILED)
	$(PY) -m pipeline html --inputs $(INPUTS) --outputs $(OUTPUTS)

# The one-line summary, once everything is written (and only when something was).
$(SUMMARY): $(REPORT) $(UNDERLAG) $(EDITION) $(WORKBOOK) | $(VENV_STAMP) $(COMPILED)
	@$(PY) -m pipeline summary --outputs $(OUTPUTS)
	@touch $@
