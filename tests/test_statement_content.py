"""This statement's own facts: its twelve signatories, its count line in each edition, and
its catalogs merged with its English.

Statement content, kept apart from the code tests: an editor who adds a signatory updates
this file, and no code test changes.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from babel.messages.pofile import read_po
from test_signatories import plural_index

from conftest import ROOT, STATEMENT, html_page, in_process, one, pdf_text, statement_text
from editions.data import signatories as sig
from editions.data.signatories import Signatory
from editions.gate import preflight
from editions.gate.typography import typography_problems


def test_real_list_has_twelve_distinct_organisations(
    statement_signatories: list[Signatory],
) -> None:
    assert len(statement_signatories) == 12
    assert len({sig.normalise(e.name) for e in statement_signatories}) == 12
    assert len({e.id for e in statement_signatories}) == 12


@pytest.mark.parametrize("language", STATEMENT.languages)
def test_built_count_line_says_twelve(statement_built: Path, language: str) -> None:
    line = one(html_page(statement_built, language), "p.signatories-count").get_text()
    if language == "en":
        assert line == "Signed by 12\u00a0organisations"  # the number kept with its word
    else:
        po = STATEMENT.locale / language / "LC_MESSAGES/editions.po"
        with open(po, "rb") as f:
            message = next(m for m in read_po(f, locale=language) if m.pluralizable)
        assert isinstance(message.string, tuple)
        said = message.string[plural_index(language, 12)] % {"count": "12"}
        assert line == said.replace("12 ", "12\u00a0")


@pytest.mark.parametrize("language", STATEMENT.languages)
def test_editorial_fixes_hold_in_every_edition(statement_built: Path, language: str) -> None:
    for text in (statement_text(statement_built, language), pdf_text(statement_built, language)):
        assert "Centку" not in text
    if language == "en":
        assert "presidential election. They" in statement_text(statement_built, "en")
        assert "ZMINA Human Rights Centre" in statement_text(statement_built, "en")


def test_real_catalogs_pass_check_po() -> None:
    proc = in_process(ROOT, "check-po")
    assert proc.returncode == 0, proc.stdout


@pytest.mark.parametrize("language", STATEMENT.translations)
def test_real_catalogs_pass_the_typography_checks(language: str) -> None:
    for po in sorted((STATEMENT.locale / language / "LC_MESSAGES").glob("*.po")):
        for entry in polib.pofile(str(po)):
            for text in (entry.msgstr, *entry.msgstr_plural.values()):
                if text:
                    assert typography_problems(language, text, entry.msgid) == [], (
                        f"{po.name}:{entry.linenum}"
                    )


def test_real_catalogs_pass_the_gate() -> None:
    assert preflight.bad_input(STATEMENT, STATEMENT.translations) == []


def test_real_catalogs_are_merged_with_the_english(tmp_path: Path) -> None:
    """Until someone runs `make update-po` after an English change (a new paragraph, a new
    signatory), this fails, as `make check` does."""
    proc = in_process(ROOT, "check-merged", "--build-dir", str(tmp_path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
