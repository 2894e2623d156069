"""The Sphinx extension on its own: ``editions.sphinxext`` built in-process (``sphinx.testing``).

The test root ``tests/roots/test-editions`` is a tiny edition in en, uk and ru: a statement
page with six signatories (``signatories.yaml``, one of them without a Ukrainian or Russian
name), a page of count lines (``counts.md``), a page in file order (``order.md``) and four
pages whose Ukrainian catalogs are complete, copied from the English, copied but kept, and
missing a passage (``notice-*.md``). Each build works in a temporary copy.
"""

from __future__ import annotations

import csv
import datetime
import functools
import hashlib
import io
import json
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
import polib
import pytest
from bs4 import BeautifulSoup
from docutils import nodes
from pypdf import PdfReader
from pytest import TempPathFactory
from sphinx.testing.util import SphinxTestApp
from test_pdf import check_structure

from conftest import find
from editions.sphinxext import cards
from editions.sphinxext.typst_builder import TypstBuilder
from editions.sphinxext.web import long_date

pytestmark = pytest.mark.extension

ROOT = Path(__file__).parent / "roots" / "test-editions"
EPOCH = "1764115200"  # 2025-11-26: the date of the sources
SIX = {  # the statement page's list, as each edition orders it
    "uk": ["Громада", "Ґрунт", "Єдність", "Ірпінь", "Їжак", "Alpha Union (AU)"],
    # Russian sorts ї as a variant of і, so the second letter decides: ж before р.
    "ru": ["Громада", "Ґрунт", "Єдність", "Їжак", "Ірпінь", "Alpha Union (AU)"],
    "en": ["Alpha Union (AU)", "Grunt Initiative", "Hromada Fund", "Irpin Group",
           "Yednist Centre", "Yizhak Society"],
}  # fmt: skip
COUNTS = {  # count lines of six (statement page), one and three (counts.md) organisations
    "uk": ["Підписали 6\u00a0організацій", "Підписала 1\u00a0організація",
           "Підписали 3\u00a0організації"],
    "ru": ["Подписали 6\u00a0организаций", "Подписала 1\u00a0организация",
           "Подписали 3\u00a0организации"],
    "en": ["Signed by 6\u00a0organisations", "Signed by 1\u00a0organisation",
           "Signed by 3\u00a0organisations"],
}  # fmt: skip
PUBLISHED = "https://www.example.org/statements/1"  # the original publication, in `based`
BANNER = "Цей переклад неповний: деякі фрагменти подано англійською мовою, мовою оригіналу."


@dataclass
class Built:
    app: SphinxTestApp  # cleaned up: its environment still reads the doctrees back
    warnings: str

    def doctree(self, docname: str = "index") -> nodes.document:
        return self.app.env.get_doctree(docname)

    def page(self, name: str = "index.html") -> BeautifulSoup:
        return BeautifulSoup((self.app.outdir / name).read_text("utf-8"), "html.parser")


def build(
    folder: Path, builder: str, language: str,
    edit: Callable[[Path], None] | None = None, root: Path = ROOT, **overrides: Any,
) -> Built:  # fmt: skip
    """Build a copy of the test root in ``folder`` (changed by ``edit`` first)."""
    src = Path(shutil.copytree(root, folder / "src", dirs_exist_ok=True))
    if edit:
        edit(src)
    warnings = io.StringIO()
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", EPOCH)
        app = SphinxTestApp(
            builder, srcdir=src, builddir=folder / "out", status=io.StringIO(), warning=warnings,
            confoverrides={"language": language, **overrides},
        )  # fmt: skip
        try:
            app.build()
        finally:
            app.cleanup()  # also forgets the loaded catalogs, so the next build reads its own
    return Built(app, warnings.getvalue())


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: TempPathFactory) -> Built:
    """The Ukrainian PDF edition."""
    return build(tmp_path_factory.mktemp("typst"), "typst", "uk")


@pytest.fixture(scope="module")
def uk(tmp_path_factory: TempPathFactory, pdf: Built) -> Built:
    """The Ukrainian web edition, measuring the PDF built beside it."""
    path = str(pdf.app.outdir / "statement-{language}.pdf")
    return build(tmp_path_factory.mktemp("uk"), "html", "uk", editions_pdf_path=path)


@pytest.fixture(scope="module")
def other(tmp_path_factory: TempPathFactory) -> dict[str, Built]:
    """The Russian and English doctrees (no output needed)."""
    return {lang: build(tmp_path_factory.mktemp(lang), "dummy", lang) for lang in ("ru", "en")}


@pytest.fixture
def edition(request: pytest.FixtureRequest, uk: Built, other: dict[str, Built]) -> Built:
    language: str = request.param
    return uk if language == "uk" else other[language]


def signatory_lists(doctree: nodes.document) -> list[list[str]]:
    return [
        [item.astext() for item in node.children]
        for node in doctree.findall(nodes.bullet_list)
        if "signatories" in node["classes"]
    ]


def count_lines(doctree: nodes.document) -> list[str]:
    return [p.astext() for p in doctree.findall(nodes.paragraph)
            if "signatories-count" in p["classes"]]  # fmt: skip


# -- the {signatories} directive ----------------------------------------------------------
@pytest.mark.parametrize("edition", ["uk", "ru", "en"], indirect=True)
def test_names_come_from_the_names_catalog_in_the_editions_order(edition: Built) -> None:
    language = edition.app.config.language
    assert signatory_lists(edition.doctree()) == [SIX[language]]
    assert "WARNING" not in edition.warnings and "ERROR" not in edition.warnings


@pytest.mark.parametrize("edition", ["uk", "en"], indirect=True)
def test_file_order_keeps_the_data_files_order(edition: Built) -> None:
    expected = {
        "uk": ["Їжак", "Alpha Union (AU)", "Ірпінь", "Громада", "Єдність", "Ґрунт"],
        "en": ["Yizhak Society", "Alpha Union (AU)", "Irpin Group", "Hromada Fund",
               "Yednist Centre", "Grunt Initiative"],
    }  # fmt: skip
    assert signatory_lists(edition.doctree("order")) == [expected[edition.app.config.language]]


@pytest.mark.parametrize("edition", ["uk", "ru", "en"], indirect=True)
def test_names_not_translated_are_marked_with_the_source_language(edition: Built) -> None:
    marked = {
        tuple(node["classes"]): node.astext()
        for node in edition.doctree().findall(nodes.inline)
        if any(cls.startswith("language-") for cls in node["classes"])
    }
    english = edition.app.config.language == "en"
    assert marked == ({} if english else {("name", "language-en"): "Alpha Union (AU)"})


@pytest.mark.parametrize("edition", ["uk", "ru", "en"], indirect=True)
def test_count_line_takes_the_plural_form_of_the_editions_language(edition: Built) -> None:
    lines = count_lines(edition.doctree()) + count_lines(edition.doctree("counts"))
    assert lines == COUNTS[edition.app.config.language]


BAD_DATA = {
    "not yaml": ("- {id: a, name: A}\n- {id: b, name: [B\n", 2, "not valid YAML"),
    "unknown key": ("- {id: a, name: A}\n- {id: b, name: B, website: x}\n", 2, "unknown key"),
    "look-alike": (  # a Cyrillic Р for the Latin P
        "- {id: a, name: Human Rights Center Postup}\n"
        "- {id: b, name: Human Rights Center Рostup}\n", 2, "duplicates line 1",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", BAD_DATA)
def test_a_bad_data_file_is_a_directive_error_naming_file_and_line(
    tmp_path: Path, case: str
) -> None:
    text, line, message = BAD_DATA[case]

    def replace(src: Path) -> None:
        (src / "signatories.yaml").write_text(text)

    built = build(tmp_path, "dummy", "en", replace)
    data = tmp_path / "src" / "signatories.yaml"
    assert f"index.md:10: ERROR: {data}:{line}: " in built.warnings
    assert message in built.warnings and "Traceback" not in built.warnings
    assert signatory_lists(built.doctree()) == []


def test_a_name_passing_for_anothers_is_refused_by_the_directive(tmp_path: Path) -> None:
    def swap(src: Path) -> None:
        po = polib.pofile(str(src / "locale/uk/LC_MESSAGES/signatories.po"))
        entry = po.find("Irpin Group", msgctxt="signatory:irpin")
        assert entry is not None
        entry.msgstr = "Гpомада"  # a Latin p in Громада
        po.save()

    built = build(tmp_path, "dummy", "uk", swap)
    catalog = tmp_path / "src/locale/uk/LC_MESSAGES/signatories.po"
    line = next(e.linenum for e in polib.pofile(str(catalog)) if e.msgctxt == "signatory:irpin")
    assert f"{catalog}:{line}: the name of 'irpin'" in built.warnings
    assert "'hromada'" in built.warnings and signatory_lists(built.doctree()) == []


# -- the incomplete-translation notice ------------------------------------------------------
def banner(doctree: nodes.document) -> nodes.Element | None:
    found = [n for n in doctree.findall(nodes.container)
             if "translation-incomplete" in n["classes"]]  # fmt: skip
    assert len(found) <= 1
    return found[0] if found else None


@pytest.mark.parametrize(
    ("docname", "shown"),
    [("index", False), ("notice-complete", False), ("notice-kept", False),
     ("notice-copied", True), ("notice-missing", True)],
)  # fmt: skip
def test_the_notice_shows_when_a_passage_is_untranslated_or_copied(
    uk: Built, docname: str, shown: bool
) -> None:
    doctree = uk.doctree(docname)
    notice = banner(doctree)
    assert (notice is not None) == shown
    section = next(iter(doctree.findall(nodes.section)))
    last = [child for child in section.children if isinstance(child, nodes.paragraph)][-1]
    assert last["translated"] is not shown  # as Sphinx marks it, a copy counted as missing
    if notice is None:
        return
    assert notice.parent.children.index(notice) == 1  # right under the title
    assert BANNER in notice.astext()
    # The original's date (``editions_provenance``'s "original"), not this edition's.
    assert "Оригінал востаннє змінено 20\u00a0листопада 2025\u202fр." in notice.astext()
    link = next(iter(notice.findall(nodes.reference)))
    assert link.astext() == "Читати актуальний оригінал"
    assert link["refuri"] == f"../en/{docname}.html"


def test_a_string_kept_by_the_keep_list_is_kept_as_by_the_comment(tmp_path: Path) -> None:
    """notice-kept's last passage is kept by '# keep:', notice-copied's by the language's keep
    list: neither page has the notice, and both passages carry the source's language."""

    def listed(src: Path) -> None:
        (src / "locale/uk/keep.yaml").write_text("- msgid: Second passage.\n  reason: quoted\n")

    built = build(tmp_path, "dummy", "uk", listed)
    for docname in ("notice-kept", "notice-copied"):
        doctree = built.doctree(docname)
        assert banner(doctree) is None, docname
        *_, last = doctree.findall(nodes.paragraph)
        assert last.astext() == "Second passage." and "language-en" in last["classes"], docname


def test_the_source_edition_has_no_notice_without_catalogs(other: dict[str, Built]) -> None:
    en = other["en"]
    assert [banner(en.doctree(d)) for d in ("index", "notice-copied", "counts")] == [None] * 3


# -- what the code writes: typography, languages --------------------------------------------
# A number and the word after it, with a plain space where the line may break; a number that
# is part of a name (SHA-256) is not counted.
NUMBER_AND_WORD = re.compile(r"(?<![\w-])\d+\.? [^\W\d_]")
LONG = "We, the undersigned organisations, call on the authorities to act at once, " * 5
SCRIPT = {"en": "LATIN", "uk": "CYRILLIC", "ru": "CYRILLIC"}  # the test root's languages


def everything(src: Path) -> None:
    """All the code writes: a dated change, the statement's issuer and date, untranslated
    passages (uk and ru: a long first paragraph added to the source; ru: its notice pages), a
    name with a word in the source's script (uk)."""
    (src / "changes.yaml").write_text(
        "- {date: 2025-11-20, kind: signatory-added, signatory: alpha}\n"
    )
    (src / "docs").mkdir()
    (src / "docs/statement.yaml").write_text("issuer: Example Coalition\ndate: 2000-01-02\n")
    index = src / "index.md"
    index.write_text(index.read_text().replace("The first paragraph of the statement.", LONG))
    names = src / "locale/uk/LC_MESSAGES/signatories.po"
    names.write_text(names.read_text().replace('msgstr "Громада"', 'msgstr "Громада SOS"'))


@pytest.fixture(scope="module")
def written(tmp_path_factory: TempPathFactory, pdf: Built) -> dict[str, Built]:
    """Each language's web edition with all the code writes into a page: a PDF's size and
    :func:`everything`."""
    measured = str(pdf.app.outdir / "statement-uk.pdf")  # any PDF: only its size is shown
    return {
        language: build(tmp_path_factory.mktemp(language), "html", language, everything,
                        editions_pdf_path=measured)
        for language in SCRIPT
    }  # fmt: skip


def pages(built: Built) -> list[tuple[str, BeautifulSoup]]:
    return [(path.name, BeautifulSoup(path.read_text("utf-8"), "html.parser"))
            for path in sorted(built.app.outdir.glob("*.html"))]  # fmt: skip


@pytest.mark.parametrize("language", SCRIPT)
def test_no_plain_space_between_a_number_and_its_word_in_what_the_code_writes(
    written: dict[str, Built], language: str
) -> None:
    """Sizes, dates and counts (the test root's own text has no numbers), in every language."""
    numbers = 0
    for name, page in pages(written[language]):
        texts = [str(t) for t in page.find_all(string=True) if not t.find_parent("script")]
        texts += [str(m["content"]) for m in page.select("meta[content]")]
        assert [t for t in texts if NUMBER_AND_WORD.search(t)] == [], name
        numbers += sum(bool(re.search(r"\d\.?\u00a0[^\W\d_]", t)) for t in texts)
    assert numbers >= 5  # the PDF's size, the footer's, the change's and the banner's dates, counts


@pytest.fixture(scope="module")
def typeset(tmp_path_factory: TempPathFactory) -> dict[str, str]:
    """The text of each language's PDF made from the same sources as ``written``'s pages."""
    texts = {}
    for language in SCRIPT:
        built = build(tmp_path_factory.mktemp(f"pdf-{language}"), "typst", language, everything)
        pdf = PdfReader(built.app.outdir / f"statement-{language}.pdf")
        texts[language] = "\n".join(page.extract_text() for page in pdf.pages)
    return texts


@pytest.mark.parametrize("language", SCRIPT)
def test_no_plain_space_between_a_number_and_its_word_in_the_pdf(
    typeset: dict[str, str], language: str
) -> None:
    """The masthead's date, the colophon's, the count line: as on the web page."""
    text = typeset[language]
    assert NUMBER_AND_WORD.findall(text) == []
    for date in (datetime.date(2000, 1, 2), datetime.date(2025, 11, 26)):  # statement, sources
        assert long_date(date, language) in text
    assert COUNTS[language][0] in text
    # A label keeps its value on its line: the commit's id never starts the next line alone.
    assert re.search(r"\w:\u00a00123abc", text), text[-300:]


@pytest.mark.parametrize("language", SCRIPT)
def test_a_shortened_description_ends_with_an_ellipsis_after_a_word(
    written: dict[str, Built], language: str
) -> None:
    head = written[language].page()
    [description] = {str(m["content"]) for m in head.select('meta[name="description"]')}
    assert description.endswith("…") and description[-2].isalpha(), description
    assert description[:-1] in " ".join(LONG.split())


def test_every_run_of_another_language_is_marked_with_it(written: dict[str, Built]) -> None:
    """In the partly translated uk edition, every letter of the statement is in the script
    of the language its element is marked with: English passages, names kept as written,
    the Latin words of a translated name, the issuer."""
    marked = set()
    for name, page in pages(written["uk"]):
        statement = page.select_one(".statement")
        assert statement is not None
        for text in statement.find_all(string=True):
            if text.find_parent(class_="edition-pdf"):  # «PDF»: a Latin abbreviation in uk
                continue
            language = str(text.find_parent(lang=True)["lang"])  # type: ignore[index]
            marked.add(language)
            wrong = {c for c in text if c.isalpha()
                     and unicodedata.name(c).split()[0] != SCRIPT[language]}  # fmt: skip
            assert not wrong, f"{name}: {text!r} in an element marked {language}"
    assert marked == {"uk", "en"}
    english = written["uk"].page().select('.name[lang="en"], .name [lang="en"]')
    names = [span.get_text() for span in english]
    assert names == ["Example Coalition", "SOS", "Alpha Union (AU)"]


# -- the typst builder ------------------------------------------------------------------------
def test_the_pdf_edition_is_typeset(pdf: Built) -> None:
    path = pdf.app.outdir / "statement-uk.pdf"
    assert path.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    for expected in ("Невелика заява", "Пункт заяви.", COUNTS["uk"][0], *SIX["uk"]):
        assert " ".join(expected.split()) in " ".join(text.split())  # no-break spaces too


def test_the_doctree_becomes_headings_paragraphs_and_lists(pdf: Built) -> None:
    assert isinstance(pdf.app.builder, TypstBuilder)
    data = pdf.app.builder.edition_data(pdf.doctree())
    assert (data["language"], data["title"]) == ("uk", "Невелика заява")
    [statement] = data["blocks"]
    kinds = [block["kind"] for block in statement["blocks"]]
    assert (statement["kind"], kinds) == ("section", ["heading", "paragraph", "list", "section"])
    points = statement["blocks"][2]
    assert not points["signatories"]
    assert [item["blocks"][0]["runs"] for item in points["items"]] == [
        [{"text": "Пункт заяви."}], [{"text": "Інший пункт."}]]  # fmt: skip
    heading, count, names = statement["blocks"][3]["blocks"]
    assert (heading["level"], heading["runs"]) == (2, [{"text": "Підписанти"}])
    assert (count["role"], count["runs"]) == ("count", [{"text": COUNTS["uk"][0]}])
    assert names["signatories"] and len(names["items"]) == 6
    # The name shown as written is tagged English, for the PDF's language of parts.
    # A name is never hyphenated (decision record 0004).
    assert names["items"][-1]["blocks"][0]["runs"] == [
        {"text": "Alpha Union (AU)", "lang": "en", "dir": "ltr", "name": True}]  # fmt: skip


def test_a_construct_the_pdf_cannot_typeset_is_an_error_at_its_line(tmp_path: Path) -> None:
    def add_code(src: Path) -> None:
        lines = (src / "index.md").read_text("utf-8").splitlines()
        (src / "index.md").write_text("\n".join([*lines[:4], "```", "print(1)", "```", *lines[4:]]))

    built = build(tmp_path, "typst", "en", add_code)
    [error] = [line for line in built.warnings.splitlines() if "ERROR" in line]
    assert re.search(
        r"index\.md:5: ERROR: the PDF cannot typeset a code block: write it as ", error
    )
    assert "the language's previous HTML and PDF stay published together" in error
    assert not (built.app.outdir / "statement-en.pdf").exists()


# -- the html builder with the statement theme ---------------------------------------------------
def test_names_in_another_language_carry_its_lang_attribute(uk: Built) -> None:
    page = uk.page()
    assert [li.get_text() for li in page.select("ul.signatories > li")] == SIX["uk"]
    tagged = [(span.get_text(), span["lang"]) for span in page.select("ul.signatories [lang]")]
    assert tagged == [("Alpha Union (AU)", "en")]
    assert page.select_one("html[lang=uk]") is not None


@pytest.mark.parametrize(("language", "marked"), [("uk", []), ("ru", ["uk"]), ("en", ["uk"])])
def test_a_name_shown_as_written_carries_its_own_language(
    tmp_path: Path, language: str, marked: list[str]
) -> None:
    """An organisation's name in the data file is in its ``language`` (default: the source
    language): in the edition of that language, it is not marked at all, page or PDF."""

    def ukrainian_name(src: Path) -> None:
        with open(src / "signatories.yaml", "a", encoding="utf-8") as data:
            data.write("- {id: svitanok, name: Світанок, language: uk}\n")

    page = build(tmp_path / "html", "html", language, ukrainian_name).page()
    [item] = [li for li in page.select("ul.signatories > li") if li.get_text() == "Світанок"]
    assert [str(span["lang"]) for span in item.select("[lang]")] == marked
    typst = build(tmp_path / "pdf", "typst", language, ukrainian_name)
    pdf = check_structure(typst.app.outdir / f"statement-{language}.pdf", language)
    assert [e.lang for e in pdf.elements if e.kind == "/LBody" and e.lang == "uk"] == marked


def russian_name(key: str, name: str, russian: str, comment: str, src: Path) -> None:
    """One more organisation, ``name``, shown ``russian`` in the ru edition."""
    with open(src / "signatories.yaml", "a", encoding="utf-8") as data:
        data.write(f"- {{id: {key}, name: {name}}}\n")
    po = src / "locale" / "ru" / "LC_MESSAGES" / "signatories.po"
    with open(po, "a", encoding="utf-8") as catalog:
        catalog.write(f'\n{comment}msgctxt "signatory:{key}"\nmsgid "{name}"\n'
                      f'msgstr "{russian}"\n')  # fmt: skip


def test_a_names_word_with_a_hyphen_is_one_unit_its_latin_part_marked(tmp_path: Path) -> None:
    """«Восток-SOS»: a narrow line never breaks it at its hyphen (leaving «SOS»» alone),
    and its Latin letters stay marked as the source language's."""

    hyphenated = functools.partial(russian_name, "east", "East SOS", "Фонд «Восток-SOS»", "")
    page = build(tmp_path, "html", "ru", hyphenated).page()
    [item] = [li for li in page.select("ul.signatories > li") if "Восток" in li.get_text()]
    [unit] = item.select(".unbroken")
    assert unit.get_text() == "«Восток-SOS»" and item.get_text() == "Фонд «Восток-SOS»"
    assert [(s.get_text(), s["lang"]) for s in unit.select("[lang]")] == [("SOS", "en")]


def test_a_legal_form_before_a_name_in_another_language_stays_in_the_editions(
    tmp_path: Path,
) -> None:
    """A Russian legal form before an organisation's own Ukrainian name («ОО «Світанок»»,
    marked ``language: uk``) is Russian: only the name after it is marked, page and PDF."""

    legal_form_before_ukrainian_name = functools.partial(
        russian_name, "svitanok", "Svitanok NGO", "ОО\u00a0«Світанок»", "# language: uk\n"
    )

    page = build(tmp_path / "html", "html", "ru", legal_form_before_ukrainian_name).page()
    [item] = [li for li in page.select("ul.signatories > li") if "Світанок" in li.get_text()]
    assert item.get_text() == "ОО\u00a0«Світанок»"
    assert [(span.get_text(), span["lang"]) for span in item.select("[lang]")] == [
        ("«Світанок»", "uk")
    ]
    typst = build(tmp_path / "pdf", "typst", "ru", legal_form_before_ukrainian_name)
    pdf = check_structure(typst.app.outdir / "statement-ru.pdf", "ru")
    assert [e for e in pdf.elements if e.kind == "/LBody" and e.lang == "uk"] == []
    assert "uk" in pdf.languages  # the name, inside its list item


def test_the_themes_strings_a_catalog_lacks_are_marked_as_the_sources(
    tmp_path: Path, pdf: Built
) -> None:
    """The Russian edition has no ``sphinx.po``: each theme string it shows in English (skip
    link, downloads, changes, footer) is in an element marked English, the date in the
    English sentence marked Russian; the switcher's name, an attribute, marks its ``nav``."""
    measured = str(pdf.app.outdir / "statement-uk.pdf")
    page = build(tmp_path, "html", "ru", editions_pdf_path=measured).page()
    body = page.select_one("body")
    assert body is not None
    for text in body.find_all(string=re.compile("[A-Za-z]")):
        if text.find_parent("script") or re.fullmatch("[0-9a-f]{7,64}", text):
            continue  # a checksum, a commit: no language's text
        marked = text.find_parent(attrs={"lang": True})
        assert marked is not None and marked["lang"] == "en", text
    date = page.select_one(".last-updated [lang=en] [lang=ru]")
    assert date is not None and date.get_text() == long_date(datetime.date(2025, 11, 26), "ru")
    nav = page.select_one("nav.edition-switcher")
    assert nav is not None and (nav["aria-label"], nav["lang"]) == (
        "Languages of this statement", "en")  # fmt: skip
    # A label, its colon and its value are one English run (a right-to-left line keeps them
    # in their order).
    for label in (".text-version", ".checksum", ".commit"):
        run = page.select_one(f"{label} > span[lang=en]")
        assert run is not None and ": " in run.get_text(), label


def test_the_switcher_names_every_edition_in_its_language(uk: Built) -> None:
    entries = [
        (tag.name, tag.get("href"), tag["lang"], tag.get_text())
        for tag in uk.page().select("nav.edition-switcher li > *")
    ]
    assert entries == [
        ("a", "../en/index.html", "en", "English"),
        ("span", None, "uk", "Українська"),
        ("a", "../ru/index.html", "ru", "Русский"),
    ]


def test_the_pdf_link_comes_before_the_first_paragraph_as_well(uk: Built, based: Built) -> None:
    page = uk.page()
    [top, end] = page.select('a[href="statement-uk.pdf"]')
    assert end.find_parent(class_="downloads") is not None
    paragraph = top.find_parent("p")
    assert paragraph is not None and paragraph.find_parent(class_="statement") is not None
    assert top.get_text() == "Заява у форматі PDF"  # the theme's string, in the edition's
    after = paragraph.find_next_sibling("p")
    assert after is not None and after.get_text() == "Перший абзац заяви."
    assert paragraph.select_one(".file-size") is not None  # the size, measured
    # Its address, for paper, once the site's is known (no PDF beside `based`'s page).
    [address] = based.page().select(".edition-pdf .pdf-address")
    assert address.get_text() == "https://statement.example/uk/statement-uk.pdf"
    assert page.select(".pdf-address") == []


def test_downloads_list_the_pdf_and_the_signatories_as_shown(uk: Built) -> None:
    page = uk.page()
    links = [a["href"] for a in page.select(".downloads a")]
    assert links == ["statement-uk.pdf", "signatories-uk.csv", "signatories-uk.json"]
    measured = Path(uk.app.config.editions_pdf_path.format(language="uk")).read_bytes()
    checksum = page.select_one(".downloads .checksum code")
    assert checksum is not None and checksum.get_text() == hashlib.sha256(measured).hexdigest()
    with open(uk.app.outdir / "signatories-uk.csv", encoding="utf-8") as f:
        assert [row["name"] for row in csv.DictReader(f)] == SIX["uk"]
    data = json.loads((uk.app.outdir / "signatories-uk.json").read_text("utf-8"))
    assert [row["name"] for row in data["signatories"]] == SIX["uk"]
    written = ["Hromada Fund", "Grunt Initiative", "Yednist Centre", "Irpin Group",
               "Yizhak Society", "Alpha Union"]  # fmt: skip
    assert [row["name_as_written"] for row in data["signatories"]] == written


def test_downloads_keep_each_character_and_run_no_formula(tmp_path: Path) -> None:
    """Names that a spreadsheet would run as formulas, from the data file and from a
    translation, and a no-break space a translation puts in a name."""
    formulas = {"sum": "=SUM(1+1)", "cmd": "+cmd|' /C calc'!A0", "at": "@SUM(1)",
                "minus": "-2+3"}  # fmt: skip

    def hostile(src: Path) -> None:
        with open(src / "signatories.yaml", "a", encoding="utf-8") as f:
            f.writelines(f"- {{id: {key}, name: {json.dumps(name)}}}\n"
                         for key, name in formulas.items())  # fmt: skip
        po = polib.pofile(str(src / "locale/uk/LC_MESSAGES/signatories.po"))
        find(po, "Hromada Fund", "signatory:hromada").msgstr = "Фонд\u00a0«Громада»"
        find(po, "Irpin Group", "signatory:irpin").msgstr = '=HYPERLINK("x")'
        po.save()

    uk = build(tmp_path, "html", "uk", hostile)
    raw = (uk.app.outdir / "signatories-uk.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM: spreadsheets then read UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    data = json.loads((uk.app.outdir / "signatories-uk.json").read_text("utf-8"))
    shown = [row["name"] for row in data["signatories"]]
    assert "Фонд\u00a0«Громада»" in shown and '=HYPERLINK("x")' in shown  # JSON: as shown
    for cell in (value for row in rows for value in row.values()):
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    in_csv = {row["id"]: row for row in rows}
    assert in_csv["hromada"]["name"] == "Фонд\u00a0«Громада»"
    assert in_csv["irpin"]["name"] == '\'=HYPERLINK("x")'  # one quote added, nothing else
    assert {key: in_csv[key]["name_as_written"] for key in formulas} == {
        key: "'" + name for key, name in formulas.items()
    }


def test_catalogs_compile_into_the_build_folder_and_the_projects_strings_come_first(
    tmp_path: Path,
) -> None:
    """``locale/`` holds what translators wrote, before and after a build; the project's
    ``sphinx.po`` overrides Sphinx's own translation of a string both have."""

    def own_label(src: Path) -> None:
        po = polib.pofile(str(src / "locale/ru/LC_MESSAGES/editions.po"))  # for its header
        po[:] = []
        po.append(polib.POEntry(msgid="Last updated on %(last_updated)s",
                                msgstr="Сверено %(last_updated)s"))  # fmt: skip
        po.save(str(src / "locale/ru/LC_MESSAGES/sphinx.po"))

    built = build(tmp_path, "html", "ru", own_label)
    written = {p.name for p in (tmp_path / "src/locale").rglob("*") if p.is_file()}
    assert "sphinx.po" in written and {Path(name).suffix for name in written} == {".po"}
    footer = built.page().select_one(".last-updated")
    assert footer is not None and footer.get_text().startswith("Сверено")


def test_a_catalog_in_a_subfolder_never_stands_in_for_the_one_the_gate_read(
    tmp_path: Path,
) -> None:
    def planted(src: Path) -> None:
        po = polib.pofile(str(src / "locale/uk/LC_MESSAGES/index.po"))
        for entry in po:
            entry.msgstr = "Неперевірений текст"
        (src / "locale/uk/LC_MESSAGES/evil").mkdir()
        po.save(str(src / "locale/uk/LC_MESSAGES/evil/index.po"))

    text = build(tmp_path, "dummy", "uk", planted).doctree().astext()
    assert "Невелика заява" in text and "Неперевірений" not in text


def test_a_regional_edition_never_takes_its_languages_catalogs_from_an_earlier_build(
    tmp_path: Path,
) -> None:
    """gettext falls back from ``pt_BR`` to ``pt``: built in one folder after ``pt``, the
    ``pt_BR`` edition (no catalogs yet) shows the source, not the other standard's text."""

    def portuguese(src: Path) -> None:
        settings = src / "pyproject.toml"
        settings.write_text(settings.read_text().replace('"ru"]', '"ru", "pt", "pt_BR"]'))
        po = polib.pofile(str(src / "locale/uk/LC_MESSAGES/index.po"))
        po.metadata |= {"Language": "pt", "Plural-Forms": "nplurals=2; plural=(n != 1);"}
        for entry in po:
            entry.msgstr = "Texto em português europeu"
        (src / "locale/pt/LC_MESSAGES").mkdir(parents=True, exist_ok=True)
        po.save(str(src / "locale/pt/LC_MESSAGES/index.po"))

    assert "português europeu" in build(tmp_path, "dummy", "pt", portuguese).doctree().astext()
    brazilian = build(tmp_path, "dummy", "pt_BR", portuguese).doctree().astext()
    assert "A small statement" in brazilian and "português" not in brazilian


@pytest.fixture(scope="module")
def based(tmp_path_factory: TempPathFactory) -> Built:
    """The Ukrainian page with a site address and the statement's facts, no PDF beside it,
    and a theme string whose translation tries markup."""

    def hostile_label(src: Path) -> None:
        po = polib.POFile()
        po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
        po.append(
            polib.POEntry(msgctxt="heading", msgid="Download", msgstr='Завантажити <img src="x">')
        )
        po.save(str(src / "locale/uk/LC_MESSAGES/sphinx.po"))
        (src / "docs").mkdir()
        (src / "docs/statement.yaml").write_text(
            "issuer: Example Coalition\nplace: Example Town\ndate: 2000-01-02\n"
            f"original-publication: {PUBLISHED}\n"
        )

    # The gate refuses the hostile label (no markup in a UI string): passed here as if the
    # gate were bypassed, the page's own escaping stands behind it.
    return build(tmp_path_factory.mktemp("based"), "html", "uk", hostile_label,
                 html_baseurl="https://statement.example/", editions_gated=True)  # fmt: skip


def test_with_a_site_address_the_head_links_are_absolute(based: Built) -> None:
    page = based.page()
    alternates = {link["hreflang"]: link["href"] for link in page.select("link[rel=alternate]")}
    site = "https://statement.example"
    assert alternates == {
        "en": f"{site}/en/index.html", "uk": f"{site}/uk/index.html",
        "ru": f"{site}/ru/index.html", "x-default": f"{site}/",  # the root page: the chooser
    }  # fmt: skip
    canonical = page.select_one("link[rel=canonical]")
    assert canonical is not None and canonical["href"] == alternates["uk"]


def test_a_translation_says_which_text_prevails_and_where_it_was_published(
    based: Built, uk: Built, other: dict[str, Built]
) -> None:
    origin = based.page().select_one("h1 + .statement-meta + .statement-origin")
    assert origin is not None
    # The original's language named in the edition's (CLDR, Babel), in the UI catalog's
    # sentence.
    note = origin.select_one(".original-language")
    assert note is not None and "Мова оригіналу: англійська." in note.get_text()
    link = origin.select_one("a")
    assert link is not None and (link["href"], link.get_text()) == (PUBLISHED, "example.org")
    # No address known: the note alone; in the original's own language, nothing at all.
    alone = uk.page().select_one("h1 + .statement-origin")
    assert alone is not None and alone.select("a") == [] and alone.select(".original-language")
    assert not any(n.get("classes") == ["statement-origin"]
                   for n in other["en"].doctree().findall(nodes.paragraph))  # fmt: skip


def test_the_pdf_says_which_text_prevails_and_where_it_was_published(
    tmp_path_factory: TempPathFactory,
) -> None:
    def publication(src: Path) -> None:
        (src / "docs").mkdir()
        (src / "docs/statement.yaml").write_text(f"original-publication: {PUBLISHED}\n")

    built = build(tmp_path_factory.mktemp("origin"), "typst", "ru", publication)
    path = built.app.outdir / "statement-ru.pdf"
    text = " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                    capture_output=True, text=True, check=True).stdout.split())  # fmt: skip
    assert "Original language: английский." in text and "example.org" in text
    with pikepdf.open(path) as doc:
        uris = {str(a.A.URI) for page in doc.pages for a in page.get("/Annots", [])}
    assert PUBLISHED in uris


def test_the_masthead_gives_the_statements_facts(based: Built, uk: Built) -> None:
    meta = based.page().select_one("h1 + .statement-meta")  # added to the page, not the doctree
    assert meta is not None
    assert meta.get_text() == "Example Coalition · Example Town · 2\u00a0січня 2000\u202fр."
    assert uk.page().select(".statement-meta") == []


def test_the_share_card_names_who_signs(based: Built, tmp_path: Path) -> None:
    """The issuer and the count of organisations, as the page says them, on the card (its
    text alternative says the same)."""
    page = based.page()
    count = page.select_one("p.signatories-count")
    assert count is not None
    signers = f"Example Coalition · {count.get_text()}"
    [alt] = {str(m["content"]) for m in page.select('meta[property="og:image:alt"]')}
    assert alt == f"Невелика заява — {signers}"
    card = cards.render("Невелика заява", "uk", tmp_path / "card.pdf", ("uk",), signers)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(card), "-"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert " ".join(signers.split()) in " ".join(text.split())


def test_without_a_pdf_no_size_and_a_translation_is_shown_as_text(based: Built) -> None:
    page = based.page()
    assert page.select(".downloads .checksum") == [] and page.select("img") == []
    title = page.select_one("#downloads-title")
    assert title is not None and title.get_text() == 'Завантажити <img src="x">'


def test_the_myst_parser_serves_again_but_never_inside_its_own_render() -> None:
    from myst_parser.config.main import MdParserConfig
    from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
    from myst_parser.parsers import sphinx_

    from editions.sphinxext import private

    private.reuse_myst_parser()
    make: Any = sphinx_.create_md_parser  # type: ignore[attr-defined]  # patched above
    config = MdParserConfig()
    first = make(config, SphinxRenderer)
    assert make(config, SphinxRenderer) is first
    assert make(MdParserConfig(), SphinxRenderer) is not first  # another configuration
    second = make(config, SphinxRenderer)
    inside: list[object] = []
    second.parser.render = lambda text, env=None: inside.append(make(config, SphinxRenderer))
    second.render("text")
    assert inside and inside[0] is not second  # a parse inside a parse gets its own parser
    assert not second.busy
