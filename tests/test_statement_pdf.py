"""Statement content in the PDFs: the victim's name as each edition writes it, never broken."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import LANGUAGES, measure, pdf_lines, pdf_path

# Roman Bondarenko, in the case each translation uses (locale/<lang>/LC_MESSAGES/index.po).
VICTIM = {
    "en": "Roman Bondarenko",
    "uk": "Романа Бондаренка",
    "be": "Рамана Бандарэнку",
    "ru": "Романа Бондаренко",
}


@pytest.mark.parametrize("language", VICTIM)
def test_the_victims_name_is_never_hyphenated(built: Path, language: str) -> None:
    assert VICTIM[language] in pdf_lines(built, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_full_line_of_the_statement_holds_60_to_75_characters(built: Path, language: str) -> None:
    """Issue #27: 83–96 characters at 11 pt across the whole page before."""
    assert 60 <= measure(pdf_path(built, language)) <= 75
