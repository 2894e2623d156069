"""Typography of the Cyrillic editions: each rule catches its mistake."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from editions.gate.typography import typography_problems

NB = "\u00a0"


CASES = yaml.safe_load((Path(__file__).parent / "cases/typography.yaml").read_text("utf-8"))


@pytest.mark.parametrize(("language", "text", "expected"), CASES["mistakes"])
def test_each_rule_catches_its_mistake(language: str, text: str, expected: str) -> None:
    problems = typography_problems(language, text)
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize(("language", "text"), CASES["well-set"])
def test_well_set_text_passes(language: str, text: str) -> None:
    assert typography_problems(language, text) == []


def test_a_fragment_keeps_the_spaces_of_its_source() -> None:
    # ", in " is joined to other text by the search page: its edge spaces are the source's.
    assert typography_problems("uk", f", у{NB}", source=", in ") == []
    assert "leading space" in typography_problems("uk", " у", source="in")


def test_quotes_inside_html_tags_are_markup_not_prose() -> None:
    assert typography_problems("ru", '<a href="https://example.org">ссылка</a>') == []
