"""Every edition, as a reader gets it: there, complete, and wholly in its language."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import (
    LANGUAGES,
    PROJECT,
    TRANSLATIONS,
    html_page,
    one,
    pdf_path,
    pdf_text,
    statement_text,
)  # fmt: skip
from editions.data import names
from editions.data.languages import native_name
from editions.data.signatories import Signatory

# The test project's languages: the script of each, letters its text has, and letters of
# other languages (of its script) that it must not have.
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
LATIN = re.compile(r"[A-Za-z\u00C0-\u017F]")
SCRIPT = {"de": LATIN, "pl": LATIN, "sr": CYRILLIC}
MUST_HAVE = {"de": "äöüß", "pl": "ąęłśż", "sr": "јћџљњ"}
MUST_NOT_HAVE = {"de": "ąęłśż", "pl": "äöüß", "sr": "ыэїєўёщъй"}


def english_paragraphs() -> list[str]:
    text = (PROJECT.docs / "index.md").read_text("utf-8")
    return [p for p in text.split("\n\n") if len(p) > 200]


@pytest.mark.parametrize("language", LANGUAGES)
def test_html_edition_declares_its_language(built: Path, language: str) -> None:
    page = html_page(built, language)
    assert one(page, "html")["lang"] == language


@pytest.mark.parametrize("language", LANGUAGES)
def test_pdf_edition_is_a4_short_and_opens_with_the_statement(built: Path, language: str) -> None:
    reader = PdfReader(pdf_path(built, language))
    assert 1 <= len(reader.pages) <= 5
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    first_page = " ".join(reader.pages[0].extract_text().split())
    # No title page and no contents page: the first paragraph (its numbers, which every
    # translation keeps) is on page 1.
    numbers = re.findall(r"\d+", english_paragraphs()[0])
    assert numbers and all(number in first_page for number in numbers)


@pytest.mark.parametrize("language", TRANSLATIONS)
@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_translated_edition_reads_in_its_own_language(built: Path, language: str, fmt: str) -> None:
    text = statement_text(built, language) if fmt == "html" else pdf_text(built, language)
    for code in LANGUAGES:  # the PDF lists the other editions, each named in its language
        text = text.replace(native_name(code), "")
    # An organisation's own name kept in another language's words is marked with it.
    text = " ".join(text.split())
    for name in names.read(names.catalog(PROJECT, language)).values():
        if name.language is not None and name.language != language:
            text = text.replace(" ".join(name.text.split()), "")
    letters = CYRILLIC.findall(text) + LATIN.findall(text)
    assert len(SCRIPT[language].findall(text)) / len(letters) > 0.85
    lowered = text.lower()
    assert all(ch in lowered for ch in MUST_HAVE[language]), "letters of the language missing"
    wrong = [ch for ch in MUST_NOT_HAVE[language] if ch in lowered]
    assert not wrong, f"letters of another language: {wrong}"
    for paragraph in english_paragraphs():
        assert paragraph[:60] not in text, "English source sentence left in"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_every_signatory_is_named(
    built: Path,
    translate: Callable[[str, str], str],
    signatories: list[Signatory],
    language: str,
    fmt: str,
) -> None:
    if fmt == "html":  # each item's text whole (a name's words in another language are spans)
        items = html_page(built, language).select("ul.signatories > li")
        text = " ".join(item.get_text() for item in items)
    else:
        text = pdf_text(built, language)
    for entry in signatories:
        name = translate(language, entry.label)
        # pdftotext gives a no-break space as a plain one
        assert (name if fmt == "html" else " ".join(name.split())) in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_pdf_fonts_are_embedded_outlines(built: Path, language: str) -> None:
    out = subprocess.run(
        ["pdffonts", str(pdf_path(built, language))], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert out, "no fonts listed"
    for row in out:
        assert "Type 3" not in row, row
        assert row.split()[-5] == "yes", f"not embedded: {row}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_pdf_metadata_gives_language_and_translated_title(
    built: Path, translate: Callable[[str, str], str], language: str
) -> None:
    reader = PdfReader(pdf_path(built, language))
    assert reader.root_object.get("/Lang") == language
    source = (PROJECT.docs / "index.md").read_text("utf-8")
    title = re.search(r"^# (.+)$", source, re.MULTILINE)
    assert title and reader.metadata
    assert reader.metadata.title == translate(language, title.group(1))


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_markup_or_widget_text_leaks_into_an_edition(built: Path, language: str) -> None:
    for text in (statement_text(built, language), pdf_text(built, language)):
        assert "`" not in text
        assert "A+ A-" not in text
