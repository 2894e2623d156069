"""This statement's original: English, first published by ZMINA Human Rights Centre on its
English site (docs/statement.yaml; the editorial note gives the source). Each translation says
so under its title, on the page and in the PDF.

Statement content, kept apart from the code tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import STATEMENT, html_page, one, pdf_text

ADDRESS = (
    "https://zmina.ua/en/statements-en/"
    "civil-society-demands-that-ukrainian-authorities-stop-economic-cooperation-with-belarus/"
)
# The sentence each translation prints (locale/<lang>/LC_MESSAGES/editions.po), with the
# original's language as CLDR names it in that language.
NOTE = {
    "uk": "Мова оригіналу: англійська. У\u00a0разі розбіжностей переважну силу має оригінал.",
    "be": "Мова арыгінала: англійская. У\u00a0выпадку разбежнасцей пераважную сілу мае арыгінал.",
    "ru": "Язык оригинала: английский. В\u00a0случае расхождений преимущественную силу имеет "
    "оригинал.",
}


@pytest.mark.parametrize("language", STATEMENT.languages)
def test_the_page_names_the_original_publication(statement_built: Path, language: str) -> None:
    origin = one(html_page(statement_built, language), "h1 + .statement-origin")
    link = one(origin, "a")
    assert (link["href"], link.get_text()) == (ADDRESS, "zmina.ua")
    note = origin.select_one(".original-language")
    assert (note.get_text() if note else None) == NOTE.get(language)


@pytest.mark.parametrize("language", STATEMENT.languages)
def test_the_pdf_names_the_original_and_its_publication(
    statement_built: Path, language: str
) -> None:
    text = pdf_text(statement_built, language)
    assert "zmina.ua" in text
    if language in NOTE:
        assert " ".join(NOTE[language].split()) in text
