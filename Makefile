# Every edition of the statement (each language × web page, PDF), built with Sphinx.
#
#   make                          build every edition into _build/site/
#   make LANGUAGES="de pl"        only these languages (LANG is the shell's locale: not used here)
#   make test                     run the test suite
#   make help                     list every target
#   make VERBOSE=1                an internal error shows its traceback
#
# The first run sets up what is missing: system packages (with apt-get when run as root,
# otherwise it names the command to run) and the virtual environment in .venv/.
#
# Variables given on the command line reach the commands as data: they are exported to the
# environment and quoted there ("$$NAME"), never pasted into the shell's code.

PYTHON    ?= python3
VENV      ?= .venv
BUILDDIR  ?= _build
LANGUAGES ?=
JOBS      ?= $(shell nproc 2>/dev/null || echo 2)
PORT      ?= 8000
CODE      ?=
VERSION   ?=
VERBOSE   ?=
# A value from the command line or the environment is taken as written: make never expands
# it, so "$(shell …)" in one stays text.
$(foreach name,BUILDDIR LANGUAGES JOBS PORT CODE VERSION CHANGED VERBOSE,$(if $(filter command line \
    environment,$(origin $(name))),$(eval override $(name) := $$(value $(name)))))
export BUILDDIR LANGUAGES JOBS PORT CODE VERSION

BIN      := $(VENV)/bin
# Where the setup's own code comes from before .venv/ exists: the wheel a project was made
# with, as wheels/SHA256SUMS names it (Python imports from it as it is; `system` checks it
# first), or, in the tool's repository, its source.
BOOT     := $(if $(wildcard wheels/SHA256SUMS),wheels/$(word 2,$(file < wheels/SHA256SUMS)),src)
export BOOT
EDITIONS := $(BIN)/python -m editions $(if $(VERBOSE),--verbose)
SELECT    = $${LANGUAGES:+--languages "$$LANGUAGES"}

.DEFAULT_GOAL := all
.PHONY: all check test test-fast test-setup gettext update-po check-po check-publish check-merged \
        status bench rtd-replay release serve preview add-language remove-language setup system \
        clean help

all: setup ## Build every edition, web page and PDF, in parallel; only what changed is rebuilt.
	$(EDITIONS) build $(SELECT) --jobs "$$JOBS" --build-dir "$$BUILDDIR"

check: setup ## Catalogs merged with the English, then every edition with warnings as errors, as CI does.
	$(EDITIONS) check-merged --build-dir "$$BUILDDIR"
	$(EDITIONS) build $(SELECT) --strict --jobs "$$JOBS" --build-dir "$$BUILDDIR"

test: test-setup ## Run the whole test suite on every core, as CI does (SCREENSHOTS=1: keep the browser tests' screenshots).
	$(BIN)/python -m pytest

test-fast: test-setup ## Only the unit and extension tests (seconds): no end-to-end build, no browser.
	$(BIN)/python -m pytest -m "unit or extension" || [ $$? -eq 5 ]

test-setup: setup
	PYTHONPATH="$$BOOT" $(PYTHON) -m editions.data.system test --install
	@PYTHONPATH="$$BOOT" $(PYTHON) -m editions.data.system venv --venv "$(VENV)" --extra test

gettext: setup ## Extract the English source into message templates (_build/gettext/*.pot).
	$(EDITIONS) gettext --build-dir "$$BUILDDIR"

update-po: gettext ## Merge the templates into every language's catalogs under locale/.
	$(EDITIONS) update-po $(SELECT) --build-dir "$$BUILDDIR"

check-po: setup ## Check the catalogs (syntax, headers, markup, numbers, spelling); CHANGED=1: only changed ones.
	$(EDITIONS) check-po $(if $(CHANGED),--changed) $(SELECT)

check-merged: setup ## Fail when the catalogs lack strings of the current English (run make update-po).
	$(EDITIONS) check-merged --build-dir "$$BUILDDIR"

check-publish: setup ## Refuse to publish a language below 100 % unless it is a draft.
	$(EDITIONS) check-publish $(SELECT) --build-dir "$$BUILDDIR"

status: setup ## Translation progress per language.
	$(EDITIONS) status $(SELECT) --build-dir "$$BUILDDIR"

bench: setup ## Time our build against the naive recipe (benchmarks/, in the tool's repository).
	@test -f benchmarks/bench.py || { echo "make bench: the benchmarks are in the editions tool's repository" >&2; exit 2; }
	$(BIN)/python benchmarks/bench.py

rtd-replay: setup ## Replay Read the Docs' build of every language (and of a pull request) in a clean directory.
	$(EDITIONS) rtd-replay $(SELECT)

release: setup ## Tag text version VERSION (make release VERSION=1.0) once every language passes.
	$(EDITIONS) release "$$VERSION"

serve: all ## Build, then serve the editions on http://127.0.0.1:8000/ (PORT=8000).
	$(EDITIONS) serve --build-dir "$$BUILDDIR" --port "$$PORT"

preview: setup ## Serve every edition on http://127.0.0.1:8000/, rebuilt and reloaded on every change.
	$(EDITIONS) preview $(SELECT) --jobs "$$JOBS" --port "$$PORT" --build-dir "$$BUILDDIR"

remove-language: setup ## Remove a language: make remove-language CODE=pl (its catalogs and registration)
	$(EDITIONS) remove-language "$$CODE"

add-language: setup ## Add a language: make add-language CODE=pl (and its Hunspell dictionary)
	$(EDITIONS) add-language "$$CODE" --build-dir "$$BUILDDIR"
	@PYTHONPATH="$$BOOT" $(PYTHON) -m editions.data.system spelling --install

setup: system
	@PYTHONPATH="$$BOOT" $(PYTHON) -m editions.data.system venv --venv "$(VENV)"

system:
	@if [ -f wheels/SHA256SUMS ]; then [ "$$(wc -l < wheels/SHA256SUMS)" -eq 1 ] \
	  && ! grep -q / wheels/SHA256SUMS && (cd wheels && sha256sum --check --quiet --strict SHA256SUMS) \
	  || { echo "wheels/SHA256SUMS: the tool's wheel is not the one this project was made with" >&2; exit 2; }; fi
	@PYTHONPATH="$$BOOT" $(PYTHON) -m editions.data.system build spelling --install

clean: setup ## Remove the build output: only a folder a build made (the virtual environment stays).
	$(EDITIONS) clean --build-dir "$$BUILDDIR"

help: ## List the targets.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 16
