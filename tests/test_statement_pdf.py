"""Statement content in the PDFs and pages: the personal names each edition writes
(docs/names.yaml), never broken at a line end."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_hyphenation import hyphenated

from conftest import (
    STATEMENT,
    html_page,
    measure,
    one,
    pdf_lines,
    pdf_path,
    statement_text,
)
from editions.data import namelist

# Roman Bondarenko, in the case each translation uses (locale/<lang>/LC_MESSAGES/index.po).
VICTIM = {
    "en": "Roman Bondarenko",
    "uk": "Романа Бондаренка",
    "be": "Рамана Бандарэнку",
    "ru": "Романа Бондаренко",
}
NAMES = namelist.load(STATEMENT.docs / namelist.FILE)


@pytest.mark.parametrize("language", VICTIM)
def test_the_victims_name_is_never_hyphenated(statement_built: Path, language: str) -> None:
    assert VICTIM[language] in pdf_lines(statement_built, language)


@pytest.mark.parametrize("language", STATEMENT.languages)
def test_a_full_line_of_the_statement_holds_60_to_75_characters(
    statement_built: Path, language: str
) -> None:
    """Issue #27: 83–96 characters at 11 pt across the whole page before."""
    assert 60 <= measure(pdf_path(statement_built, language)) <= 75


def test_the_names_of_the_text_are_listed_in_each_language() -> None:
    """The names protected before names were listed (every word with a capital) stay so."""
    assert set(NAMES) == {"en", "uk", "be", "ru"}
    for language, victim in VICTIM.items():
        forms = {form for name in NAMES[language] for form in name}
        assert set(victim.split()) <= forms
        assert {"Lukashenko", "Лукашенка", "Лукашэнкі", "Лукашенко"} & forms


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text))


@pytest.mark.parametrize("language", VICTIM)
def test_each_listed_name_is_in_the_text_and_marked(statement_built: Path, language: str) -> None:
    text = statement_text(statement_built, language)
    for name in NAMES[language]:
        assert words(text) & set(name), f"{name} is not in the {language} text"
    forms = {form for name in NAMES[language] for form in name}
    article = one(html_page(statement_built, language), ".statement")
    for organisations in article.select("ul.signatories"):  # names of their own
        organisations.decompose()
    marked = [span.get_text() for span in article.select("span.name")]
    said = [w for w in re.findall(r"\w+", article.get_text(" ")) if w in forms]
    assert sorted(marked) == sorted(said)


@pytest.mark.parametrize("language", VICTIM)
def test_no_listed_name_is_hyphenated_in_the_pdf(statement_built: Path, language: str) -> None:
    forms = {form for name in NAMES[language] for form in name}
    broken = hyphenated(pdf_path(statement_built, language))
    assert broken  # the text hyphenates
    assert forms.isdisjoint(broken)
