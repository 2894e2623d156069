"""Every construct of the project's Markdown, in the web page and the tagged PDF alike.

``tests/roots/test-constructs`` uses each one (headings on three levels, inline markup,
links of the three kinds, nested bullet and numbered lists, a list starting at 3, a block
quote with its attribution, a footnote, a thematic break, a table with a header row and
aligned columns, an image, a hard line break) in English, with a partial German catalog.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
import polib
import pytest
from pytest import TempPathFactory
from test_ext_inprocess import Built, build
from test_pdf import check_structure, elements

ROOT = Path(__file__).parent / "roots" / "test-constructs"
LANGUAGES = ["en", "de"]
pytestmark = pytest.mark.extension


@pytest.fixture(scope="module", params=LANGUAGES)
def edition(request: pytest.FixtureRequest, tmp_path_factory: TempPathFactory) -> Built:
    """The web page, with the PDF built beside it (``app.outdir``'s sibling ``typst``)."""
    folder = tmp_path_factory.mktemp(request.param)
    typst = build(folder / "typst", "typst", request.param, root=ROOT)
    assert "WARNING" not in typst.warnings and "ERROR" not in typst.warnings, typst.warnings
    path = str(typst.app.outdir / "statement-{language}.pdf")
    return build(folder / "html", "html", request.param, root=ROOT, editions_pdf_path=path)


def pdf_of(edition: Built) -> Path:
    return Path(edition.app.config.editions_pdf_path.format(language=edition.app.config.language))


def squeezed(text: str) -> str:
    """Text without spaces or hyphens: lines break and hyphenate differently in each."""
    return re.sub(r"[\s\-\u00ad]", "", text)


def test_the_pdf_says_what_the_page_says(edition: Built) -> None:
    page = edition.page()
    for bracket in page.select(".fn-bracket"):  # the page's [1] is the PDF's superscript 1
        bracket.decompose()
    pdf = squeezed(subprocess.run(["pdftotext", str(pdf_of(edition)), "-"],
                                  capture_output=True, text=True, check=True).stdout)  # fmt: skip
    rest = pdf
    for block in page.select(".statement :is(p, h1, h2, h3):not(.edition-pdf)"):  # the PDF's link
        assert squeezed(block.get_text()) in pdf, block
        rest = rest.replace(squeezed(block.get_text()), " ", 1)
    # What is left is the PDF's own furniture, which the page shows elsewhere or as markers.
    switcher = page.select_one("nav.edition-switcher")
    assert switcher is not None
    others = [a.get_text() for a in switcher.select("a")]
    rest = rest.replace(squeezed(f"{switcher['aria-label']}: {' · '.join(others)}"), " ")
    facts = [page.select_one(s) for s in (".text-version", ".last-updated", ".commit")]
    rest = rest.replace(squeezed(" · ".join(f.get_text() for f in facts if f)), " ")
    # bullets, the numbers of a list starting at 3 and of its sub-list, the footnote's
    # number at the foot of the page, the page number
    assert rest.split() == ["•", "•", "‣", "‣", "3.", "4.", "1.", "2.", "1", "1/1"]


def test_the_pdf_tags_each_construct(edition: Built) -> None:
    language = edition.app.config.language
    found = check_structure(pdf_of(edition), language).elements
    kinds = {e.kind for e in found}
    assert {"/H1", "/H2", "/H3", "/BlockQuote", "/Note", "/Table", "/TR", "/TH", "/TD"} <= kinds
    items = [e for e in found if e.kind == "/LI"]
    assert len(items) == 8 and all(set(e.children) >= {"/Lbl", "/LBody"} for e in items)
    assert len([e for e in found if e.kind == "/L"]) == 4
    assert len([e for e in found if e.kind == "/Note"]) == 1  # two references, one footnote
    assert len([e for e in found if e.kind == "/TH"]) == 3
    assert len([e for e in found if e.kind == "/TD"]) == 6
    [alt] = [img["alt"] for img in edition.page().select(".statement img")]
    with pikepdf.open(pdf_of(edition)) as pdf:
        figures = [str(e.get("/Alt")) for e in elements(pdf) if e.S == "/Figure"]
    assert figures == [alt]


def test_a_footnote_follows_its_text_on_the_page_with_links_both_ways(edition: Built) -> None:
    page = edition.page()
    first, again = page.select(".statement a.footnote-reference")  # two references to one note
    paragraph = first.find_parent("p")
    assert paragraph is not None
    notes = paragraph.find_next_sibling()
    assert notes is not None and "footnote-list" in notes["class"]
    [footnote] = notes.select("aside.footnote")
    assert first["href"] == again["href"] == f"#{footnote['id']}"
    backlinks = [a["href"] for a in footnote.select("a[role=doc-backlink]")]
    assert backlinks == [f"#{first['id']}", f"#{again['id']}"]


def test_the_pdf_sets_the_footnote_at_the_foot_of_the_page(edition: Built) -> None:
    text = subprocess.run(["pdftotext", "-layout", str(pdf_of(edition)), "-"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    page = edition.page()
    [note] = page.select(".statement aside.footnote p")
    last = page.select(".statement p")[-1]
    # after the last line of the text, before the footer
    assert text.index(last.get_text().splitlines()[-1]) < text.index(note.get_text())


def test_an_alt_text_is_marked_as_the_source_only_when_not_translated(tmp_path: Path) -> None:
    """Sphinx translates an alt text without marking its image translated."""

    def untranslated(src: Path) -> None:
        po = src / "locale/de/LC_MESSAGES/index.po"
        catalog = polib.pofile(str(po))
        for entry in catalog:
            if "A map" in entry.msgid:
                entry.msgstr = ""
        catalog.save()

    translated = build(tmp_path / "translated", "html", "de", root=ROOT)
    [img] = translated.page().select(".statement img")
    assert img["alt"] == "Eine Karte der oben genannten Orte" and not img.get("lang")
    english = build(tmp_path / "untranslated", "html", "de", edit=untranslated, root=ROOT)
    [img] = english.page().select(".statement img")
    assert img["alt"] == "A map of the places named above" and img["lang"] == "en"


OUTSIDE = {
    "code block": ("```\nprint(1)\n```", "a code block: write it as a paragraph with `inline"),
    "admonition": ("```{note}\nA note.\n```", "an admonition: write it as a block quote"),
    "image elsewhere": ("![x](../elsewhere.png)", "the image ../elsewhere.png is not a file "),
}  # fmt: skip


@pytest.mark.parametrize("case", OUTSIDE)
def test_a_construct_outside_the_markdown_is_an_error_naming_it(tmp_path: Path, case: str) -> None:
    markdown, message = OUTSIDE[case]

    def add(src: Path) -> None:
        (tmp_path / "elsewhere.png").write_bytes((src / "map.png").read_bytes())
        with open(src / "index.md", "a", encoding="utf-8") as f:
            f.write(f"\n{markdown}\n")

    built = build(tmp_path, "typst", "en", add, root=ROOT)
    line = len((ROOT / "index.md").read_text("utf-8").splitlines()) + 2
    [error] = [e for e in built.warnings.splitlines() if "ERROR" in e]
    assert f"index.md:{line}: ERROR: the PDF cannot typeset {message}" in error
    assert "the language's previous HTML and PDF stay published together" in error
    assert not (built.app.outdir / "statement-en.pdf").exists()
