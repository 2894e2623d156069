"""The Sphinx extension's per-edition behaviour: incomplete editions say so."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from test_pdf import check_structure

from conftest import (
    EMPTIED,
    NEW_SIGNATORY,
    PUBLISHED,
    copy_repository,
    html_page,
    in_process,
    pdf_path,
    pdf_text,
)

BANNER = (
    "This translation is incomplete: some passages are shown in English, "
    "the language of the original."
)


def test_incomplete_edition_shows_a_banner_in_its_language(
    incomplete: tuple[Path, subprocess.CompletedProcess[str]], translate: Callable[[str, str], str]
) -> None:
    root, _ = incomplete  # de: one paragraph's translation removed
    [banner] = html_page(root, "de").select(".translation-incomplete")
    said = translate("de", BANNER)
    assert said != BANNER and said in " ".join(banner.get_text().split())
    assert said in pdf_text(root, "de")
    assert EMPTIED in pdf_text(root, "de")
    # The English fallback paragraph is marked as English for screen readers.
    assert "en" in check_structure(pdf_path(root, "de"), "de").languages


def test_complete_edition_has_no_banner(
    incomplete: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    root, _ = incomplete  # pl: the only copied paragraph is marked kept
    assert html_page(root, "pl").select_one(".translation-incomplete") is None
    assert html_page(root, "en").select_one(".translation-incomplete") is None


@pytest.mark.parametrize("language", PUBLISHED)
def test_real_editions_are_complete(built: Path, language: str) -> None:
    # Names kept as the organisations write them count as translated (sphinx-doc/sphinx#11546).
    assert html_page(built, language).select_one(".translation-incomplete") is None


def test_publishing_gate_refuses_an_incomplete_language(
    incomplete: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    _, proc = incomplete
    assert proc.returncode == 1
    assert "refused" in next(line for line in proc.stdout.splitlines() if line.startswith("de: "))
    assert "pl: 100.0 %" in proc.stdout


def test_new_signatory_never_blocks_publication(tmp_path: Path) -> None:
    # Until translated, its name is shown as the organisation writes it, marked as English.
    root = copy_repository(tmp_path / "repo", NEW_SIGNATORY)
    proc = in_process(root, "check-publish", "--languages", "de")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "de: 100.0 % translated (0 untranslated, 0 fuzzy) — ok" in proc.stdout
