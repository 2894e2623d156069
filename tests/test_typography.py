"""Typography of the Cyrillic editions: each rule catches its mistake; the real catalogs pass."""

from __future__ import annotations

import polib
import pytest

from conftest import ROOT
from editions.typography import typography_problems

NB = "\u00a0"


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("uk", "Вбили у дворі", "one-letter word 'у'"),
        ("uk", "І ми теж", "one-letter word 'І'"),
        ("be", "трымалі ў нечалавечых умовах", "one-letter word 'ў'"),
        ("ru", "К сожалению, это так", "one-letter word 'К'"),
        ("ru", "Я знаю", "one-letter word 'Я'"),
        ("uk", f"Понад 20 000{NB}людей", "number 20 and the digit group"),
        ("ru", "за 97 дней", "number 97 and the word 'дней'"),
        ("be", "31-гадовага", "non-breaking hyphen"),
        ("uk", 'Центр "Альменда"', "ASCII quotes"),
        ("ru", "Центр “Альменда”", "English quote"),
        ("be", "Цэнтр «Альменда“", "English quote “"),
        ("uk", "зобов'язання", "apostrophe in 'зобов'язання'"),
        ("uk", "зобовʼязання", "apostrophe in 'зобовʼязання'"),
        ("be", "аб'яднанне", "apostrophe in 'аб'яднанне'"),
        ("ru", f"двух{NB} словах", "two spaces in a row"),
        ("ru", " Текст", "leading space"),
        ("uk", "Текст ", "trailing space"),
    ],
)
def test_each_rule_catches_its_mistake(language: str, text: str, expected: str) -> None:
    problems = typography_problems(language, text)
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("uk", f"Увечері 11{NB}листопада 2020{NB}року вбили 31\u2011річного з{NB}Мінська"),
        ("be", f"Больш за 20{NB}000{NB}чалавек; грамадскае аб’яднанне ў{NB}Чарнігаве"),
        ("ru", f"Центр «Альменда» и{NB}проект „Без границ“ в{NB}Киеве"),
        (
            "uk",
            "Пошук: з-за, 2020, з’їзд, Дім.",
        ),
        ("uk", f'Зроблено <a href="https://x.org/a-1">Sphinx</a> і{NB}<a href="b">Furo</a>'),
        (
            "en",
            'Made with "Sphinx" and 31-year-old',
        ),
    ],
)
def test_well_set_text_passes(language: str, text: str) -> None:
    assert typography_problems(language, text) == []


def test_a_fragment_keeps_the_spaces_of_its_source() -> None:
    # ", in " is joined to other text by the search page: its edge spaces are the source's.
    assert typography_problems("uk", f", у{NB}", source=", in ") == []
    assert "leading space" in typography_problems("uk", " у", source="in")


def test_quotes_inside_html_tags_are_markup_not_prose() -> None:
    assert typography_problems("ru", '<a href="https://example.org">ссылка</a>') == []


@pytest.mark.parametrize("language", ["uk", "be", "ru"])
def test_real_catalogs_pass(language: str) -> None:
    for po in sorted((ROOT / "locale" / language / "LC_MESSAGES").glob("*.po")):
        for entry in polib.pofile(str(po)):
            for text in (entry.msgstr, *entry.msgstr_plural.values()):
                if text:
                    assert typography_problems(language, text, entry.msgid) == [], (
                        f"{po.name}:{entry.linenum}"
                    )
