"""The signatory data file: validation, collation order, plural counts, escaping."""

from __future__ import annotations

import gettext
from pathlib import Path
from typing import Any

import pytest
from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from pytest import TempPathFactory

from conftest import (
    BAD_DATA,
    LANGUAGES,
    PROJECT,
    TRANSLATIONS,
    build_editions,
    copy_repository,
    html_page,
    one,
    pdf_text,
    shared,
)
from editions.data import signatories as sig
from editions.data.signatories import Signatory, collation_key
from editions.project import Refused


def test_a_byte_that_is_not_utf8_is_found_on_its_line(tmp_path: Path) -> None:
    path = tmp_path / "signatories.yaml"
    path.write_bytes(b"- name: A\n- name: B\n- name: Caf\xe9 Org\n")
    with pytest.raises(Refused) as caught:
        sig.load(path)
    assert caught.value.problem.line == 3 and "0xe9 is not UTF-8" in caught.value.problem.message


# Refused by the YAML parser, by a check of one item, by a check across items.
BUILT = [
    c for c in BAD_DATA["signatories.yaml"] if c["case"] in ("not yaml", "unknown key", "duplicate")
]


@pytest.mark.parametrize("case", BUILT, ids=lambda case: str(case["case"]))
def test_bad_file_stops_the_build_with_one_clear_line(tmp_path: Path, case: dict[str, Any]) -> None:
    root = copy_repository(tmp_path / "repo")
    line, message = case["line"], case["message"]
    (root / "docs/signatories.yaml").write_text(case["text"])
    proc = build_editions(root, "--languages", "en")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert f"docs/signatories.yaml:{line}: " in proc.stderr and message in proc.stderr
    assert not (root / "_build/site").exists(), "something was built"


def test_ukrainian_collation_places_g_ye_i_yi_correctly() -> None:
    names = ["Їжак", "Ґрунт", "Йорданія", "Єдність", "Ірпінь", "Гора", "Ера", "Иней", "Дніпро"]
    expected = ["Гора", "Ґрунт", "Дніпро", "Ера", "Єдність", "Иней", "Ірпінь", "Їжак", "Йорданія"]
    assert sorted(names, key=collation_key("uk")) == expected
    assert sorted(names) != expected  # code-point order gets it wrong


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_edition_lists_signatories_in_its_collation(
    built: Path, signatories: list[Signatory], language: str
) -> None:
    items = [
        li.get_text(" ", strip=True)
        for li in html_page(built, language).select("ul.signatories > li")
    ]
    assert len(items) == len(signatories)
    assert items == sorted(items, key=collation_key(language))


def plural_index(language: str, n: int) -> int:
    """The gettext form CLDR prescribes: its categories in CLDR's order, the last form for
    the last ones where gettext has fewer forms (uk, pl: "other" is for fractions)."""
    locale = Locale.parse(language)
    tags = locale.plural_form.tags  # those with a rule: "other" is what no rule takes
    order = [c for c in ("zero", "one", "two", "few", "many") if c in tags] + ["other"]
    return min(order.index(locale.plural_form(n)), get_plural(language).num_plurals - 1)


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_count_line_uses_the_right_plural_form(tmp_path: Path, language: str) -> None:
    po = PROJECT.locale / language / "LC_MESSAGES/editions.po"
    with open(po, "rb") as f:
        catalog = read_po(f, locale=language)
    with open(tmp_path / "editions.mo", "wb") as f:
        write_mo(f, catalog)
    with open(tmp_path / "editions.mo", "rb") as f:
        translations = gettext.GNUTranslations(f)
    message = next(m for m in catalog if m.pluralizable)
    forms, ids = message.string, message.id
    assert isinstance(forms, tuple) and len(set(forms)) == get_plural(language).num_plurals
    assert isinstance(ids, tuple)
    singular, plural = ids
    for n in (1, 2, 5, 11, 12, 14, 21, 22, 25, 101, 111, 1000):
        got = translations.ngettext(singular, plural, n)
        assert got == forms[plural_index(language, n)], (n, got)


MARKUP_NAME = "Fund & Co 100% $5 #1 _x_ {a} ~b^ \\c <d> \"e\" 'f' *g* `h`"


@pytest.fixture(scope="module")
def with_new_signatory(tmp_path_factory: TempPathFactory) -> Path:
    """A copy whose data file has one more organisation, with markup characters in its name."""
    return shared(tmp_path_factory, "added", _with_new_signatory)


def _with_new_signatory(folder: Path) -> Path:
    added = f"- id: markup\n  name: {yaml_quote(MARKUP_NAME)}\n  abbreviation: F&C\n"
    root = copy_repository(folder, {"docs/signatories.yaml": added})
    proc = build_editions(root, "--strict")
    assert proc.returncode == 0, proc.stderr
    return root


def yaml_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.mark.e2e
@pytest.mark.parametrize("language", LANGUAGES)
def test_added_signatory_appears_literally_in_every_edition(
    with_new_signatory: Path, signatories: list[Signatory], language: str
) -> None:
    label = f"{MARKUP_NAME} (F&C)"
    page = html_page(with_new_signatory, language)
    items = [li.get_text() for li in page.select("ul.signatories > li")]
    assert label in items  # in English until translated, no markup interpreted
    assert not page.select("ul.signatories em, ul.signatories code, ul.signatories strong")
    assert str(len(signatories) + 1) in one(page, "p.signatories-count").get_text()
    assert label in pdf_text(with_new_signatory, language)


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_untranslated_signatory_is_shown_as_written_marked_english(
    with_new_signatory: Path, language: str
) -> None:
    label = f"{MARKUP_NAME} (F&C)"
    marked = [e.get_text() for e in html_page(with_new_signatory, language).select(
        'ul.signatories > li [lang="en"]')]  # fmt: skip
    assert label in marked
    assert html_page(with_new_signatory, language).select_one(".translation-incomplete") is None


def test_a_thousand_signatories_build(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    entries = "".join(f"- {{id: o{i}, name: Organisation number {i:04d}}}\n" for i in range(1000))
    (root / "docs/signatories.yaml").write_text(entries)
    proc = build_editions(root, "--languages", "sr", "--strict")
    assert proc.returncode == 0, proc.stderr
    page = html_page(root, "sr")
    assert len(page.select("ul.signatories > li")) == 1000
    assert format_decimal(1000, locale="sr") in one(page, "p.signatories-count").get_text()
