# Every edition of the statement (uk, en, be, ru × HTML, PDF), built with Sphinx.
#
#   make                          build every edition into _build/html/<lang>/ and _build/pdf/
#   make LANGUAGES="uk ru"        only these languages (LANG is the shell's locale: not used here)
#   make test                     run the test suite
#   make help                     list every target
#
# The first run sets up what is missing: system packages (with apt-get when run as root,
# otherwise it names the command to run) and the virtual environment in .venv/.

PYTHON    ?= python3
VENV      ?= .venv
BUILDDIR  ?= _build
LANGUAGES ?=
JOBS      ?= $(shell nproc 2>/dev/null || echo 2)

BIN      := $(VENV)/bin
EDITIONS := $(BIN)/python -m editions
SELECT   := $(if $(strip $(LANGUAGES)),--languages "$(LANGUAGES)")

.DEFAULT_GOAL := all
.PHONY: all html latexpdf check test gettext update-po migrate-names check-po check-publish status bench rtd-replay \
        serve add-language setup system clean help

all: setup ## Build every edition, HTML and PDF, in parallel; only what changed is rebuilt.
	$(EDITIONS) build $(SELECT) --jobs $(JOBS) --build-dir $(BUILDDIR)

html: setup ## Build the HTML editions only.
	$(EDITIONS) build $(SELECT) --formats html --jobs $(JOBS) --build-dir $(BUILDDIR)

latexpdf: setup ## Build the PDF editions only (Sphinx's LaTeX builder, then XeLaTeX).
	$(EDITIONS) build $(SELECT) --formats pdf --jobs $(JOBS) --build-dir $(BUILDDIR)

check: setup ## Build every edition with Sphinx warnings as errors, as CI does.
	$(EDITIONS) build $(SELECT) --strict --jobs $(JOBS) --build-dir $(BUILDDIR)

test: setup ## Run the test suite (it builds every edition once, in a temporary directory).
	$(PYTHON) -m editions.system test --install
	$(BIN)/python -m pytest

gettext: setup ## Extract the English source into message templates (_build/gettext/*.pot).
	$(EDITIONS) gettext --build-dir $(BUILDDIR)

update-po: gettext ## Merge the templates into every language's catalogs under locale/.
	$(EDITIONS) update-po $(SELECT) --build-dir $(BUILDDIR)

migrate-names: setup ## Move names' translations from index.po to signatories.po (safe to rerun).
	$(EDITIONS) migrate-names $(SELECT) --build-dir $(BUILDDIR)

check-po: setup ## Check the catalogs (syntax, headers, markup, numbers, spelling); CHANGED=1: only changed ones.
	$(EDITIONS) check-po $(if $(CHANGED),--changed) $(SELECT)

check-publish: setup ## Refuse to publish a language below 100 % unless it is a draft.
	$(EDITIONS) check-publish $(SELECT) --build-dir $(BUILDDIR)

status: setup ## Translation progress per language.
	$(EDITIONS) status $(SELECT) --build-dir $(BUILDDIR)

bench: setup ## Time our build against the naive recipe (benchmarks/).
	$(BIN)/python benchmarks/bench.py

rtd-replay: setup ## Replay Read the Docs' build of every language in a clean directory.
	$(EDITIONS) rtd-replay $(SELECT)

serve: all ## Build, then serve the editions on http://127.0.0.1:8000/html/ (PORT=8000).
	$(EDITIONS) serve --build-dir $(BUILDDIR) --port $(or $(PORT),8000)

add-language: setup ## Add a language: make add-language CODE=pl
	$(EDITIONS) add-language "$(CODE)" --build-dir $(BUILDDIR)

setup: system $(VENV)/.installed

system:
	@$(PYTHON) -m editions.system build --install

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

clean: ## Remove the build output (the virtual environment stays).
	rm -rf $(BUILDDIR)

help: ## List the targets.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 16
