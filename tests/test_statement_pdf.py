"""Statement content in the PDFs: the victim's name as each edition writes it, never broken."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import pdf_lines

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
