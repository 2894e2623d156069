"""The Sphinx extension's per-edition behaviour: incomplete editions say so."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from pytest import TempPathFactory
from test_pdf import check_structure

from conftest import (
    LANGUAGES,
    append,
    copy_repository,
    html_page,
    one,
    pdf_path,
    pdf_text,
    run_editions,
)


@pytest.fixture(scope="module")
def half_translated(tmp_path_factory: TempPathFactory) -> Path:
    """A copy whose Ukrainian catalog lost one paragraph's translation."""
    root = copy_repository(tmp_path_factory.mktemp("half"))
    path = root / "locale/uk/LC_MESSAGES/index.po"
    po = polib.pofile(str(path))
    next(e for e in po if e.msgid.startswith("The Lukashenko’s regime")).msgstr = ""
    po.save()
    proc = run_editions(root, "build", "--languages", "uk ru", "--strict")
    assert proc.returncode == 0, proc.stderr
    return root


def test_incomplete_edition_shows_a_banner_in_its_language(half_translated: Path) -> None:
    banner = one(html_page(half_translated, "uk"), ".translation-incomplete").get_text()
    assert "Цей переклад неповний" in banner
    assert "Цей переклад неповний" in pdf_text(half_translated, "uk")
    assert "The Lukashenko’s regime needs money" in pdf_text(half_translated, "uk")
    # The English fallback paragraph is marked as English for screen readers.
    assert "en" in check_structure(pdf_path(half_translated, "uk"), "uk").languages


def test_complete_edition_has_no_banner(half_translated: Path) -> None:
    assert html_page(half_translated, "ru").select_one(".translation-incomplete") is None


@pytest.mark.parametrize("language", LANGUAGES)
def test_real_editions_are_complete(built: Path, language: str) -> None:
    # Names kept as the organisations write them count as translated (sphinx-doc/sphinx#11546).
    assert html_page(built, language).select_one(".translation-incomplete") is None


def test_publishing_gate_refuses_an_incomplete_language(half_translated: Path) -> None:
    proc = run_editions(half_translated, "check-publish")
    assert proc.returncode == 1
    assert "uk: " in proc.stdout and "refused" in proc.stdout
    assert "ru: 100.0 %" in proc.stdout


def test_new_signatory_never_blocks_publication(tmp_path: Path) -> None:
    # Until translated, its name is shown as the organisation writes it, marked as English.
    root = copy_repository(tmp_path / "repo")
    append(root / "docs/signatories.yaml", "- {id: new-org, name: A New Organisation}\n")
    proc = run_editions(root, "check-publish", "--languages", "be")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "be: 100.0 % translated (0 untranslated, 0 fuzzy) — ok" in proc.stdout
