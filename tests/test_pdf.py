"""Every PDF edition is accessible: tagged PDF/UA-1 structure, read with pikepdf."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
import typst
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.utils import new_document

from conftest import LANGUAGES, pdf_layout, pdf_lines, pdf_path
from editions.data import fonts
from editions.data.signatories import Signatory
from editions.sphinxext import typst_builder
from editions.sphinxext.typst_builder import Serialiser, TypstError, typeset
from editions.sphinxext.typst_builder import loose_ends as loose


def elements(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """Every structure element of the tagged PDF, depth first."""
    stack = [pdf.Root.StructTreeRoot.K]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack += list(node)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            yield node
            if "/K" in node:
                stack.append(node.K)


def children(element: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    k = element.get("/K")
    items = list(k) if isinstance(k, pikepdf.Array) else [k]
    return [c for c in items if isinstance(c, pikepdf.Dictionary) and "/S" in c]


@dataclass(frozen=True)
class Element:
    kind: str  # /P, /H1, /LI ...
    lang: str  # "" when it inherits the document's
    children: tuple[str, ...]  # the kinds of its child elements


def check_fonts(pdf: pikepdf.Pdf) -> None:
    """Every font is embedded and maps its glyphs to Unicode."""
    fonts = [
        o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/Font"
    ]
    top = [f for f in fonts if f.get("/Subtype") not in ("/CIDFontType0", "/CIDFontType2")]
    assert top, "no fonts"
    for font in top:
        assert "/ToUnicode" in font, f"no ToUnicode: {font.get('/BaseFont')}"
        described = font.DescendantFonts[0] if "/DescendantFonts" in font else font
        descriptor = described.get("/FontDescriptor", pikepdf.Dictionary())
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font.get(
            "/BaseFont"
        )


@dataclass(frozen=True)
class Structure:
    elements: list[Element]
    languages: set[str]  # every /Lang of a structure element or of marked content


def marked_languages(pdf: pikepdf.Pdf) -> set[str]:
    """The /Lang of marked-content sequences (``/Span <</Lang (en)>> BDC``) on every page."""
    found = set()
    for page in pdf.pages:
        for instruction in pikepdf.parse_content_stream(page, "BDC"):
            properties = instruction.operands[1]
            if isinstance(properties, pikepdf.Dictionary) and "/Lang" in properties:
                found.add(str(properties.Lang))
    return found


# Inline structure types (ISO 32000-1, 14.8.4.4): each belongs inside a block, a paragraph.
INLINE = {"/Span", "/Link", "/Em", "/Strong", "/Code", "/Quote", "/Note", "/Reference"}


def check_structure(path: Path, language: str) -> Structure:
    """Assert the document-level accessibility properties; return the structure elements."""
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root
        assert bool(root.MarkInfo.Marked) is True
        assert str(root.Lang) == language
        assert bool(root.ViewerPreferences.DisplayDocTitle) is True
        meta = pdf.open_metadata()
        assert meta.get("dc:title"), "no dc:title in XMP"
        # PDF/A-2a (archival, tagged) and PDF/UA-1 (accessible) in one file.
        assert str(meta.get("pdfuaid:part")) == "1"
        assert (str(meta.get("pdfaid:part")), str(meta.get("pdfaid:conformance"))) == ("2", "A")
        check_fonts(pdf)
        tree = root.StructTreeRoot
        assert isinstance(tree, pikepdf.Dictionary)
        [document] = children(tree)
        loose = [str(e.S) for e in children(document) if str(e.S) in INLINE]
        assert not loose, f"inline elements directly under {document.S}: {loose}"
        found = [
            Element(str(e.S), str(e.get("/Lang", "")), tuple(str(c.S) for c in children(e)))
            for e in elements(pdf)
        ]
        return Structure(found, {e.lang for e in found if e.lang} | marked_languages(pdf))


@pytest.mark.parametrize("language", LANGUAGES)
def test_pdf_is_tagged_for_accessibility(
    built: Path, signatories: list[Signatory], language: str
) -> None:
    structure = check_structure(pdf_path(built, language), language)
    found = structure.elements
    kinds = [e.kind for e in found]
    assert "/H1" in kinds or "/Title" in kinds
    assert "/H2" in kinds  # the signatories' heading
    items = [e for e in found if e.kind == "/LI"]
    assert len(items) >= len(signatories)
    assert all("/LBody" in e.children for e in items), "a list item without LBody"
    # The other editions are linked, each named in its own language.
    assert kinds.count("/Link") >= len(LANGUAGES) - 1
    assert structure.languages - {language} >= set(LANGUAGES) - {language}


@pytest.mark.parametrize("language", LANGUAGES)
def test_copied_pdf_text_keeps_every_signatory_name_whole(
    built: Path, translate: Callable[[str, str], str], signatories: list[Signatory], language: str
) -> None:
    text = pdf_lines(built, language)
    for entry in signatories:
        # pdftotext gives a no-break space as a plain one
        assert " ".join(translate(language, entry.label).split()) in text


def small_doctree(classes: list[str]) -> nodes.document:
    document = new_document("test", get_default_settings())
    section = nodes.section("", nodes.title("", "Заява"))
    para = nodes.paragraph("", "Кажуть: ")
    para += nodes.inline("", "Hello, world", classes=classes)
    para += nodes.Text(" — і ")
    para += nodes.reference("", "посилання", refuri="https://example.org/")
    section += para
    document += section
    return document


def edition(blocks: list[dict[str, object]]) -> dict[str, object]:
    return {"language": "uk", "title": "Заява", "subject": "", "metadata": {}, "date": None,
            "url": None, "editions_label": {"runs": [{"text": "Мови"}]}, "editions": [],
            "blocks": blocks}  # fmt: skip


def test_a_part_in_another_language_is_tagged_with_it(tmp_path: Path) -> None:
    blocks = Serialiser(untranslated_as="en").blocks(small_doctree(["language-en"]))
    typeset(edition(blocks), tmp_path / "t.pdf")
    structure = check_structure(tmp_path / "t.pdf", "uk")
    assert "en" in structure.languages
    assert "/Link" in [e.kind for e in structure.elements]


def test_a_run_without_language_class_gets_no_other_language(tmp_path: Path) -> None:
    blocks = Serialiser(untranslated_as="en").blocks(small_doctree([]))
    # With the edition's address known (Read the Docs), it is in the footer.
    data = edition(blocks) | {"url": "https://example.org/uk/latest/"}
    typeset(data, tmp_path / "t.pdf")
    assert (
        "https://example.org/uk/latest/"
        in subprocess.run(
            ["pdftotext", str(tmp_path / "t.pdf"), "-"], capture_output=True, text=True, check=True
        ).stdout
    )
    assert "en" not in check_structure(tmp_path / "t.pdf", "uk").languages


def test_every_node_outside_the_markdown_is_refused_naming_it() -> None:
    document = small_doctree([])
    section = document.children[0]
    assert isinstance(section, nodes.Element)
    section += nodes.literal_block("", "print(1)")
    section += nodes.paragraph("", "", nodes.math("", "x^2"))
    serialiser = Serialiser(untranslated_as=None)
    blocks = serialiser.blocks(document)
    assert [r.what.split(":")[0] for r in serialiser.refused] == ["a code block", "math"]
    assert isinstance(serialiser.refused[0].node, nodes.literal_block)
    # What it could typeset is kept: the refusals are all reported at once.
    assert [b["kind"] for b in blocks[0]["blocks"]] == ["heading", "paragraph", "paragraph"]


def test_text_never_becomes_typst_markup(tmp_path: Path) -> None:
    document = new_document("test", get_default_settings())
    hostile = '#panic("injected") *bold* $x$ <label> @ref `raw` \\ ]'
    document += nodes.section("", nodes.title("", "T"), nodes.paragraph("", hostile))
    typeset(edition(Serialiser(None).blocks(document)), tmp_path / "t.pdf")
    text = subprocess.run(["pdftotext", str(tmp_path / "t.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    assert hostile in " ".join(text.split())


def test_a_paragraph_wrapped_in_the_source_is_one_paragraph_in_the_pdf(tmp_path: Path) -> None:
    # Markdown written at a fixed width: its line ends are spaces, not line breaks.
    document = new_document("test", get_default_settings())
    wrapped = nodes.paragraph("", "Short\nwrapped\ntext.")
    document += nodes.section("", nodes.title("", "T"), wrapped)
    typeset(edition(Serialiser(None).blocks(document)), tmp_path / "t.pdf")
    text = subprocess.run(["pdftotext", str(tmp_path / "t.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    assert "Short wrapped text." in text.splitlines()


# One paragraph in each script the editions' faces cover.
SCRIPTS = {
    "Noto Serif": "Statement · Заява · Δήλωση",
    "Noto Serif Hebrew": "הצהרה",
    "Noto Naskh Arabic": "بيان",
    "Noto Serif Armenian": "Հայտարարություն",
    "Noto Serif Georgian": "განცხადება",
}


def font_names(path: Path) -> set[str]:
    """The embedded fonts' names without the subset prefix: NotoSerif-Regular."""
    with pikepdf.open(path) as pdf:
        return {
            str(o.BaseFont).split("+")[-1].lstrip("/")
            for o in pdf.objects
            if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/Font" and "/BaseFont" in o
        }


def test_every_script_is_set_in_its_noto_face_and_no_other(tmp_path: Path) -> None:
    document = new_document("test", get_default_settings())
    section = nodes.section("", nodes.title("", "T"))
    section += [nodes.paragraph("", text) for text in SCRIPTS.values()]
    document += section
    typeset(edition(Serialiser(None).blocks(document)), tmp_path / "t.pdf")
    names = font_names(tmp_path / "t.pdf")
    assert {name.split("-")[0] for name in names} == {
        family.replace(" ", "") for family in SCRIPTS
    }, names
    check_structure(tmp_path / "t.pdf", "uk")


def test_a_character_no_face_has_stops_the_pdf(tmp_path: Path) -> None:
    """No silent fallback to another face (Typst's own fonts are off): the export fails."""
    document = new_document("test", get_default_settings())
    document += nodes.section("", nodes.title("", "T"), nodes.paragraph("", "声明"))
    with pytest.raises(TypstError, match="could not be displayed"):
        typeset(edition(Serialiser(None).blocks(document)), tmp_path / "t.pdf")
    assert not (tmp_path / "t.pdf").exists()
    assert list(SCRIPTS) == fonts.FAMILIES


def last_paragraph_pages(tmp_path: Path, fillers: int) -> set[int]:
    """The pages of a text's last paragraph, after ``fillers`` one-line paragraphs."""
    last = "The last paragraph of the text, which says what the organisations ask for. " * 4
    document = new_document("test", get_default_settings())
    section = nodes.section("", nodes.title("", "T"))
    section += [
        nodes.paragraph("", f"Paragraph {n} of the text before it.") for n in range(fillers)
    ]
    section += nodes.paragraph("", last)
    document += section
    data = edition(Serialiser(None).blocks(document)) | {"language": "en"}
    typeset(data, tmp_path / "t.pdf")
    lines = pdf_layout(tmp_path / "t.pdf")
    return {ln.page for ln in lines if "organisations" in ln.text or "The last" in ln.text}


def test_a_list_of_names_longer_than_a_page_is_laid_out_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its columns fill each page, so the colophon is left alone on the last one whatever the
    leading: no tightening step is tried, each of which would lay out every page again."""
    document = new_document("test", get_default_settings())
    section = nodes.section("", nodes.title("", "A statement"))
    section += nodes.paragraph("", "The text, which the organisations below sign.")
    names = nodes.bullet_list(classes=["signatories"])
    names += [nodes.list_item("", nodes.paragraph("", f"Organisation {n}")) for n in range(160)]
    section += names
    document += section
    other = {"code": "de", "url": "https://example.org/de/", "name": "Deutsch", "dir": "ltr"}
    data = edition(Serialiser(None).blocks(document)) | {"language": "en", "editions": [other]}
    layouts: list[list[str]] = []  # what each layout left loose

    def counted(compiler: typst.Compiler) -> list[str]:
        layouts.append(loose(compiler))
        return layouts[-1]

    monkeypatch.setattr(typst_builder, "loose_ends", counted)
    typeset(data, tmp_path / "t.pdf")
    lines = pdf_layout(tmp_path / "t.pdf")
    last = " ".join(line.text for line in lines if line.page == lines[-1].page)
    assert "Deutsch" in last and "Organisation" not in last, last  # the colophon alone
    assert len({line.page for line in lines if "Organisation" in line.text}) > 1
    assert layouts == [[]]


def test_the_last_paragraph_is_kept_on_its_page_by_a_little_tightening(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Wherever the page break falls, the text's last paragraph is on one page; without the
    tightening it is split for one of these lengths."""
    fillers = range(31, 38)
    assert all(len(last_paragraph_pages(tmp_path, n)) == 1 for n in fillers)
    monkeypatch.setattr(typst_builder, "TIGHTENING", (0,))
    assert any(len(last_paragraph_pages(tmp_path, n)) == 2 for n in fillers)


def tagged_and_artifact_text(path: Path) -> tuple[str, str]:
    """The text of the PDF's last page inside structure elements, and inside artifacts."""
    from pypdf import PdfReader

    stack: list[str] = []
    found: dict[bool, list[str]] = {True: [], False: []}

    def operator(op: bytes, args: list[object], *_: object) -> None:
        if op in (b"BDC", b"BMC"):
            stack.append(str(args[0]))
        elif op == b"EMC" and stack:
            stack.pop()

    def text(shown: str, *_: object) -> None:
        found["/Artifact" not in stack].append(shown)

    PdfReader(path).pages[-1].extract_text(visitor_operand_before=operator, visitor_text=text)
    return " ".join("".join(found[True]).split()), " ".join("".join(found[False]).split())


def test_the_text_version_and_date_are_read_not_hidden_as_artifacts(tmp_path: Path) -> None:
    """The provenance (the PDF's only date) is tagged text at the end, not in the footer."""
    document = new_document("test", get_default_settings())
    document += nodes.section("", nodes.title("", "T"), nodes.paragraph("", "Text."))
    line = "Text version: 1.0 · Last updated on December 4, 2026"
    provenance = [{"runs": [{"text": line}]}]
    typeset(edition(Serialiser(None).blocks(document)) | {"provenance": provenance},
            tmp_path / "t.pdf")  # fmt: skip
    tagged, artifacts = tagged_and_artifact_text(tmp_path / "t.pdf")
    assert line in tagged and "2026" not in artifacts
