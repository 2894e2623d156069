"""This statement's organisation names as each edition writes them: the forms adopted from a
source (docs/project/editorial-note.md gives each source), held here so that a catalog
update cannot lose one unnoticed.

Statement content, kept apart from the code tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import STATEMENT, html_page
from editions.data import names

NBSP = "\u00a0"

# (language, organisation id) -> the name the edition shows, as the editorial note records it.
ADOPTED = {
    # Its head's Russian name «Центр гражданского просвещения» and a Ukrainian report of
    # its work (tnu.edu.ua, December 2025) both say «просвіти», not «освіти».
    ("uk", "almenda"): "Центр громадянської просвіти «Альменда»",
    ("ru", "almenda"): "Центр гражданского просвещения «Альменда»",
    ("be", "almenda"): "Цэнтр грамадзянскай асветы «Альменда»",
    # Its own channel: «ГО «Вектор прав людини»»; be and ru keep its proper name as it writes
    # it and give its legal form in their own words.
    ("uk", "hr-vector"): f"ГО{NBSP}«Вектор прав людини»",
    ("be", "hr-vector"): f"ГА{NBSP}«Вектор прав людини»",
    ("ru", "hr-vector"): f"ОО{NBSP}«Вектор прав людини»",
    # A legal-form abbreviation stays on the line of the name it qualifies.
    ("uk", "ngo-mart"): f"Громадська організація «МАРТ» (ГО{NBSP}«МАРТ»)",
    ("be", "ngo-mart"): f"Грамадскае аб’яднанне MART (ГА{NBSP}MART)",
    ("ru", "ngo-mart"): f"Общественная организация «МАРТ» (ОО{NBSP}«МАРТ»)",
    # Its own Russian page (postup.lg.ua/ru/…).
    ("ru", "postup"): "Правозащитный центр «Поступ»",
    # Its own Telegram channel: «Канал Проєкту Без кордонів». No Belarusian form found: the
    # be edition keeps it as it writes it in English; ru has a published «Проект «Без границ»».
    ("uk", "no-borders"): "Проєкт «Без кордонів»",
    ("be", "no-borders"): "No Borders Project",
    ("ru", "no-borders"): "Проект «Без границ»",
    # Its own Ukrainian text (ua-today.eu): «МБФ «Українська фундація громадського
    # здоров’я» (УФГЗ)».
    ("uk", "ufph"): "Українська фундація громадського здоров’я (УФГЗ)",
    # Rendered from that Ukrainian name, its abbreviation with it (also the Belarusian initials).
    ("be", "ufph"): "Украінская фундацыя грамадскага здароўя (УФГЗ)",
    # Its own Russian pages (vostok-sos.org, 2018) write the hyphen; the Ukrainian ones do not.
    ("uk", "east-sos"): "Благодійний фонд «Восток SOS»",
    ("ru", "east-sos"): "Благотворительный фонд «Восток-SOS»",
}


@pytest.mark.parametrize(("language", "organisation"), sorted(ADOPTED))
def test_each_adopted_name_is_in_the_catalog(language: str, organisation: str) -> None:
    found = names.read(names.catalog(STATEMENT, language))
    assert found[organisation].text == ADOPTED[language, organisation]


@pytest.mark.parametrize(("language", "legal_form"), [("be", "ГА"), ("ru", "ОО")])
def test_vectors_own_ukrainian_words_are_marked_ukrainian_and_its_legal_form_is_not(
    statement_built: Path, language: str, legal_form: str
) -> None:
    marked = html_page(statement_built, language).select('ul.signatories [lang="uk"]')
    assert [m.get_text() for m in marked] == ["«Вектор прав людини»"]
    assert ADOPTED[language, "hr-vector"] == f"{legal_form}{NBSP}«Вектор прав людини»"
