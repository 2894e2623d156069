"""One statement with every construct, in seven languages, each partly translated: its web
pages and tagged PDFs say the same thing.

``tests/roots/test-seven`` is a made-up statement that uses every construct of the project's
Markdown (three levels of headings, inline markup, the three kinds of links, nested bullet and
numbered lists, one starting at 3, a block quote with its attribution, a footnote referred to
twice, a thematic break, a table with a header row, an image with alt text, a hard line break)
and 35 signatories named in Latin script with diacritics, Cyrillic, Greek, Georgian, Hebrew
and Arabic. It is built once, in en and in de, pl, sr-Latn, pt-BR, ar and ka, whose catalogs
translate a part of it (``TRANSLATED``): the rest shows in English, under the notice.
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import polib
import pytest
from bs4 import BeautifulSoup
from pypdf import PageObject, PdfReader
from pypdf.generic import DictionaryObject
from test_hyphenation import hyphenated
from test_pdf import check_structure, children, elements

from conftest import (
    SOURCE_DATE_EPOCH,
    Line,
    build_editions,
    copy_repository,
    in_process,
    one,
    pdf_layout,
    shared,
)
from editions import project as project_module
from editions.data import namelist
from editions.data.signatories import load as load_signatories

pytestmark = pytest.mark.e2e

STATEMENT = Path(__file__).parent / "roots" / "test-seven"
LANGUAGES = project_module.load(STATEMENT).languages

# Each language's translations, by the start of their English: the other entries stay empty.
TRANSLATED: dict[str, dict[str, str]] = {
    "de": {
        "A test statement": "Eine Testerklärung zu den Lesesälen von Testland",
        "This statement": "Diese Erklärung ist für die Tests des Editionswerkzeugs erfunden. Ihr "
        "Anfang hat *Betonung*, **starke Wörter**, `inline code`, einen [eingebetteten "
        "Link](https://example.org/inline), einen [Verweislink][ref] und einen Autolink "
        "<https://example.org/auto>.",
        "What we ask": "Was wir fordern",
        "A first demand.": "Eine erste Forderung.",
        "A second demand": "Eine zweite Forderung mit einer Unterliste:",
        "a nested demand;": "eine verschachtelte Forderung;",
        "Third in": "Die dritte einer nummerierten Liste, die bei drei beginnt.",
        "Fourth,": "Die vierte mit eigener Liste:",
        "one inside;": "eins darin;",
        "two inside.": "zwei darin.",
        "Where the figures": "Woher die Zahlen stammen",
        "The figures come": "Die Zahlen stammen aus einer Umfrage in den Lesesälen.[^survey] Der "
        "Text geht nach der Fußnote weiter.",
        "The survey is": "Die Umfrage ist erfunden wie jede Zahl dieser Erklärung.",
        "The human rights": "Die Menschenrechtsorganisationen fordern von der Bundesregierung, "
        "die Wirtschaftszusammenarbeit mit staatlichen Unternehmen einzustellen, deren Gewinne "
        "Schwarzenbacher und seine Sicherheitskräfte finanzieren. Die Staatsanwaltschaften haben "
        "keine Ermittlungsverfahren gegen die Verantwortlichen eröffnet, obwohl Schwarzenbacher "
        "die Menschenrechtsverletzungen öffentlich gerechtfertigt hat.",
        "We will not": "Wir werden nicht schweigen.",
        "A reader of": "Eine Leserin der Stadtbibliothek",
        "Year": "Jahr",
        "Readers": "Leser",
        "Town": "Stadt",
        "Northtown": "Nordstadt",
        "Southtown": "Südstadt",
        "![A map": "![Eine Karte der oben genannten Städte](map.png)",
        "A map of": "Eine Karte der oben genannten Städte",
        "The first line": "Die erste Zeile einer Anschrift\\\nund ihre zweite Zeile.",
        "Signatories": "Unterzeichnende",
    },
    "pl": {
        "A test statement": "Testowe oświadczenie w sprawie czytelni Testlandu",
        "What we ask": "Czego żądamy",
        "A first demand.": "Pierwsze żądanie.",
        "A second demand": "Drugie żądanie, z podlistą:",
        "Where the figures": "Skąd pochodzą liczby",
        "The figures come": "Liczby pochodzą z ankiety w czytelniach.[^survey] Tekst toczy się "
        "dalej po przypisie.",
        "The survey is": "Ankieta jest zmyślona, jak każda liczba tego oświadczenia.",
        "We will not": "Nie będziemy milczeć.",
        "Signatories": "Sygnatariusze",
    },
    "sr-Latn": {
        "A test statement": "Probna izjava o čitaonicama Testlenda",
        "What we ask": "Šta tražimo",
        "A first demand.": "Prvi zahtev.",
        "We will not": "Nećemo ćutati.",
        "Signatories": "Potpisnici",
    },
    "pt-BR": {
        "A test statement": "Uma declaração de teste sobre as salas de leitura de Testland",
        "What we ask": "O que pedimos",
        "A first demand.": "Uma primeira reivindicação.",
        "The survey is": "A pesquisa é inventada, como todos os números desta declaração.",
        "Before the break.": "Antes da quebra.",
        "Signatories": "Signatários",
    },
    "ar": {
        "A test statement": "بيان تجريبي بشأن قاعات القراءة في تستلاند",
        "What we ask": "ما نطالب به",
        "A first demand.": "المطلب الأول.",
        "A second demand": "المطلب الثاني، مع قائمة فرعية:",
        "The figures come": "تأتي الأرقام من استطلاع لقاعات القراءة.[^survey] ويستمر النص بعد "
        "الحاشية.",
        "The survey is": "الاستطلاع مختلق، مثل كل رقم في هذا البيان.",
        "The human rights": "تطالب منظمات حقوق الإنسان الحكومة الاتحادية بإنهاء تعاونها "
        "الاقتصادي مع الشركات الحكومية التي تمول أرباحها شفارتسنباخر وقواته الأمنية. ولم تفتح "
        "النيابات العامة أي تحقيقات ضد المسؤولين، رغم أن شفارتسنباخر برر انتهاكات حقوق الإنسان "
        "علنا.",
        "We will not": "لن نصمت.",
        "Year": "السنة",
        "![A map": "![خريطة للمدن المذكورة أعلاه](map.png)",
        "A map of": "خريطة للمدن المذكورة أعلاه",
        "Signatories": "الموقعون",
    },
    "ka": {
        "A test statement": "სატესტო განცხადება ტესტლენდის სამკითხველო დარბაზების შესახებ",
        "What we ask": "რას ვითხოვთ",
        "A first demand.": "პირველი მოთხოვნა.",
        "We will not": "ჩვენ არ გავჩუმდებით.",
        "Signatories": "ხელმომწერები",
    },
}


def edition(root: Path, code: str) -> tuple[Path, Path]:
    """The web page and the PDF of the edition of ``code`` (the project's form), where the
    site publishes them: the one place that knows the site's folders and file names."""
    folder = root / "_build/site" / project_module.url_path(code)  # pt_BR's is pt-BR/
    return folder / "index.html", folder / project_module.pdf_file_name("statement", code)


def _seven(root: Path) -> Path:
    copy_repository(root, statement=STATEMENT)
    for command in ("gettext", "update-po"):  # every language's catalogs, all empty
        proc = in_process(root, command)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    for tag, table in TRANSLATED.items():
        code = project_module.language_code(tag)
        po = polib.pofile(str(root / "locale" / code / "LC_MESSAGES/index.po"), wrapwidth=79)
        for start, msgstr in table.items():
            [entry] = [e for e in po if e.msgid == start] or [
                e for e in po if e.msgid.startswith(start)
            ]
            entry.msgstr = msgstr
        po.save()
    proc = build_editions(root, "--strict", SOURCE_DATE_EPOCH=str(SOURCE_DATE_EPOCH))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root


@pytest.fixture(scope="session")
def seven(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The statement built in its seven languages, once per session (one build)."""
    return shared(tmp_path_factory, "seven", _seven)


def page_of(root: Path, code: str) -> BeautifulSoup:
    return BeautifulSoup(edition(root, code)[0].read_text("utf-8"), "html.parser")


def test_the_statement_uses_every_construct(seven: Path) -> None:
    page = page_of(seven, "en")
    text = one(page, ".statement")
    for selector in ("h1", "h2", "h3", "em", "strong", "code", "ul ul", "ol[start='3'] ol",
                     "blockquote .attribution", "aside.footnote", "hr", "table thead th",
                     "img[alt]", "p br"):  # fmt: skip
        assert text.select(selector), selector
    links = {str(a["href"]) for a in text.select("p a.reference.external")}
    assert {f"https://example.org/{kind}" for kind in ("inline", "reference", "auto")} <= links
    assert len(text.select("a.footnote-reference")) == 2


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_edition_builds_a_partly_translated_page_and_pdf(seven: Path, code: str) -> None:
    html, pdf = edition(seven, code)
    assert pdf.stat().st_size and html.stat().st_size
    page = page_of(seven, code)
    assert len(page.select(".statement ul.signatories > li")) == 35
    if code == "en":
        assert not page.select(".translation-incomplete")
        return
    assert page.select(".statement .translation-incomplete")
    assert page.select(".statement .translated")
    assert page.select(".statement p.untranslated[lang=en]")  # the English fallback


def words(text: str) -> list[str]:
    """The words and numbers of ``text``, without its punctuation and spaces, and without
    hyphens: a PDF's line may end in one that the typesetter added (its glyph is a hyphen
    whether the text's is soft or not), so a word is joined again across lines."""
    text = re.sub(r"[-\u00ad]\n?", "", unicodedata.normalize("NFC", text))
    return re.findall(r"\d+|[^\W\d_]+", text)  # "1The": a footnote's number, then its text


def marked_text(path: Path) -> dict[tuple[int, int], str]:
    """The text of each marked-content sequence of the PDF (page index, MCID), as its glyphs
    give it. Without ``/ActualText``: a letter with combining marks may come out wrong (the
    test's Arabic has none), a soft hyphen comes out as a hyphen."""
    return {
        (number, mcid): text
        for number, page in enumerate(PdfReader(path).pages)
        for mcid, text in _marked_text(page).items()
    }


def _marked_text(page: PageObject) -> dict[int, str]:
    found: dict[int, list[str]] = {}
    stack: list[int | None] = []

    def operator(op: bytes, args: list[object], *_: object) -> None:
        if op in (b"BDC", b"BMC"):
            properties = args[1] if op == b"BDC" else None
            mcid = properties.get("/MCID") if isinstance(properties, DictionaryObject) else None
            stack.append(None if mcid is None else int(mcid))
        elif op == b"EMC" and stack:
            stack.pop()

    def shown(text: str, *_: object) -> None:
        mcid = next((m for m in reversed(stack) if m is not None), None)
        if mcid is not None:
            found.setdefault(mcid, []).append(text)

    page.extract_text(visitor_operand_before=operator, visitor_text=shown)
    return {mcid: "".join(texts) for mcid, texts in found.items()}


def tagged_lines(path: Path) -> list[Counter[str]]:
    """The words of the PDF as its structure tree orders them (as a screen reader reads them),
    line by line; a line's words in any order, as a line that mixes directions is drawn."""
    texts = marked_text(path)
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}

        def walk(node: object, page: int | None) -> Iterator[str]:
            if isinstance(node, pikepdf.Array):
                for item in node:
                    yield from walk(item, page)
            elif isinstance(node, pikepdf.Dictionary):
                if "/Pg" in node:
                    page = pages[node.Pg.objgen]
                if "/S" in node and "/K" in node:  # an element: words do not run across it
                    yield " "
                    yield from walk(node.K, page)
                    yield " "
                elif node.get("/Type") == "/MCR" and page is not None:
                    yield texts.get((page, int(node.MCID)), "")
            elif isinstance(node, int) and page is not None:
                yield texts.get((page, node), "")

        text = "".join(walk(pdf.Root.StructTreeRoot.K, None))
    return [Counter(words(line)) for line in re.sub(r"[-\u00ad]\n", "", text).splitlines()]


def page_blocks(page: BeautifulSoup) -> tuple[list[list[str]], list[list[str]]]:
    """The words of each block of the page in order (paragraphs, headings, list items and
    table cells, then the other editions and the text's version, which the PDF sets at its
    end), and of each footnote; without what only the page shows (the link to the PDF, the
    brackets around a footnote's number, its links back)."""
    text = one(page, ".statement")
    for extra in text.select(".fn-bracket, .backrefs, .edition-pdf"):
        extra.decompose()
    notes = [words(p.get_text()) for p in text.select("aside.footnote p")]
    for note in text.select("aside.footnote"):
        note.decompose()
    blocks = [words(b.get_text()) for b in text.select("p, h1, h2, h3, li:not(:has(p))")]
    switcher = one(page, "nav.edition-switcher")
    others = " ".join(a.get_text() for a in switcher.select("a"))
    blocks.append(words(f"{switcher['aria-label']} {others}"))
    blocks += [words(one(page, s).get_text()) for s in (".text-version", ".last-updated")]
    return [b for b in blocks if b], notes


def take(lines: list[Counter[str]], block: list[str], start: int) -> int | None:
    """Take the words of ``block`` from consecutive lines, the first at ``start`` or after;
    the index of the last line taken from, or None (then nothing is taken)."""
    for first in range(start, len(lines)):
        need, taken = Counter(block), []
        for index in range(first, len(lines)):
            got = lines[index] & need
            if not got:
                break
            need -= got
            taken.append((index, got))
            if not need:
                for at, words_taken in taken:
                    lines[at] -= words_taken
                return index
    return None


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_pdf_says_what_the_page_says_in_the_same_order(seven: Path, code: str) -> None:
    """Every paragraph, heading, list item and table cell of the page is in the PDF's tagged
    text, in the same order (the words of one line in any order: a line that mixes
    directions is drawn in the order it is seen), and the PDF has no other words. A footnote
    stands at the foot of the PDF's page, in the page after its paragraph: it is looked for
    anywhere."""
    blocks, notes = page_blocks(page_of(seven, code))
    lines = tagged_lines(edition(seven, code)[1])
    position = 0
    for block in blocks:
        found = take(lines, block, position)
        assert found is not None, f"not in the PDF, or out of order: {' '.join(block)}"
        position = found
    for note in notes:
        assert take(lines, note, 0) is not None, f"not in the PDF: {' '.join(note)}"
    # What only the PDF shows: the numbers of the list that starts at 3 and of its sub-list
    # (the page's are drawn by the browser) and the footnote's number before its text; its
    # running head and page numbers are artifacts, outside the tagged text.
    assert sorted(sum(lines, Counter[str]()).elements()) == ["1", "1", "2", "3", "4"]


TAGS = {"/L", "/LI", "/Lbl", "/LBody", "/BlockQuote", "/Note", "/Table", "/TR", "/TH", "/TD",
        "/Figure", "/H1", "/H2", "/H3"}  # fmt: skip


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_pdf_passes_the_structure_test(seven: Path, code: str) -> None:
    page = page_of(seven, code)
    pdf = edition(seven, code)[1]
    # Typst writes the document's language without the script (sr, not sr-Latn).
    found = check_structure(pdf, re.sub(r"-[A-Z][a-z]{3}\b", "", str(one(page, "html")["lang"])))
    assert {e.kind for e in found.elements} >= TAGS
    items = [e for e in found.elements if e.kind == "/LI"]
    assert all({"/Lbl", "/LBody"} <= set(e.children) for e in items)
    assert len([e for e in found.elements if e.kind == "/TH"]) == 3
    [alt] = [img["alt"] for img in page.select(".statement img")]
    with pikepdf.open(pdf) as opened:
        figures = [e for e in elements(opened) if e.S == "/Figure"]
        assert [str(e.get("/Alt")) for e in figures] == [alt]
        assert all(children(e) == [] for e in figures)


def test_the_arabic_edition_reads_right_to_left(seven: Path) -> None:
    """The page is right to left; in the PDF, the last, short line of a paragraph in Arabic
    ends at the right edge of the column, that of the English fallback at the left."""
    assert one(page_of(seven, "ar"), "body")["dir"] == "rtl"
    lines = pdf_layout(edition(seven, "ar")[1])
    left, right = min(ln.x0 for ln in lines), statistics.median(ln.x1 for ln in lines)
    middle = (left + right) / 2

    def arabic(line: Line) -> bool:
        letters = [c for c in line.text if c.isalpha()]
        return bool(letters) and all("\u0600" <= c <= "\u06ff" for c in letters)

    full = [i for i, ln in enumerate(lines) if arabic(ln) and ln.x1 - ln.x0 > 0.9 * (right - left)]
    last = lines[full[-1] + 1]  # the paragraph's last line
    assert arabic(last) and last.x0 > middle and right - last.x1 < 3, last
    [english] = [ln for ln in lines if ln.text == "Before the break."]
    assert english.x1 < middle


def test_the_german_pdf_hyphenates_nouns_and_never_a_name(seven: Path) -> None:
    words = hyphenated(edition(seven, "de")[1])
    assert [w for w in words if w[:1].isupper()], words  # a noun
    names = namelist.load(seven / "docs/names.yaml")
    listed = {form for name in names["de"] + names["en"] for form in name}
    signatories = load_signatories(seven / "docs/signatories.yaml")
    listed |= {word for entry in signatories for word in entry.name.split()}
    assert listed & set(words) == set()


def word_boxes(path: Path, page: int = 1) -> list[list[tuple[float, str, float]]]:
    """Each line of a page of the PDF (the first unless given) as its words, each with its
    left and right edges, left to right as drawn (``pdftotext -bbox-layout``)."""
    from xml.etree import ElementTree

    pages = ["-f", str(page), "-l", str(page)]
    out = subprocess.run(["pdftotext", "-bbox-layout", *pages, str(path), "-"],
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    xhtml = "{http://www.w3.org/1999/xhtml}"
    tree = ElementTree.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", out, count=1))
    return [sorted((float(w.get("xMin", 0)), w.text or "", float(w.get("xMax", 0)))
                   for w in line.iter(f"{xhtml}word"))
            for line in tree.iter(f"{xhtml}line")]  # fmt: skip


def test_a_run_in_the_other_direction_is_isolated_in_its_sentence(seven: Path) -> None:
    """The Arabic date in the English sentence the Arabic catalog lacks reads as one run,
    right to left (26, the month, 2025 from the right), on the page (``dir``) and in the PDF;
    the count line's number is marked with the edition's language, its English with its own."""
    page = page_of(seven, "ar")
    [sentence] = [p for p in page.select(".translation-incomplete p") if p.select("a")]
    assert (sentence["lang"], sentence["dir"]) == ("en", "ltr")
    [date] = sentence.select("span")
    assert (date["lang"], date["dir"]) == ("ar", "rtl") and re.search("[\u0600-\u06ff]", date.text)
    count = one(page, ".signatories-count")
    assert (count["lang"], count["dir"]) == ("en", "ltr") and count.select("span[lang=ar]")
    day, _, year = date.text.split()
    lines = word_boxes(edition(seven, "ar")[1])
    [line] = [ln for ln in lines if "changed" in [word for _, word, _ in ln]]
    x = {word.strip("."): left for left, word, _ in line}
    [month] = [left for left, word, _ in line if re.search("[\u0600-\u06ff]", word)]
    assert x[year] < month < x[day], line  # pdftotext gives the month's letters as drawn


def test_what_an_arabic_page_shows_in_english_is_marked_english(seven: Path) -> None:
    """Every text of the page in Latin letters, in the Arabic edition, is in an element marked
    with a language written in them: in the statement the English fallback, the interface
    strings the catalog lacks (the masthead's, the PDF link, the count line), the names; around
    it the theme's strings the catalog lacks (skip link, downloads, changes, footer). A
    checksum or a commit is no language's text."""
    page = page_of(seven, "ar")
    for string in one(page, "body").find_all(string=re.compile("[A-Za-z]")):
        if string.find_parent("script") or re.fullmatch(r"[0-9a-f]{7,64}", string):
            continue
        marked = string.find_parent(attrs={"lang": True})
        assert marked is not None and marked["lang"] != "ar", string


def test_an_english_item_of_an_arabic_list_stays_beside_its_marker(seven: Path) -> None:
    """Marker and text of an English item keep together on the list's side (the right), in
    the PDF and on the page, not a column apart."""
    lines = word_boxes(edition(seven, "ar")[1])
    for word in ("demand;", "Third", "one"):
        [line] = [ln for ln in lines if word in [w for _, w, _ in ln]]
        *words, (marker, marker_text, _) = line  # the marker at the right
        assert not re.search(r"[^\W\d_]", marker_text) and marker - words[-1][2] < 10, line
    from playwright.sync_api import sync_playwright

    html = edition(seven, "ar")[0]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 1600})
        page.goto(html.as_uri())
        gaps = page.eval_on_selector_all(
            ".statement li > p[dir=ltr]",
            """ps => ps.map(p => {
            const text = document.createRange();
            text.selectNodeContents(p);
            const item = p.closest("li").getBoundingClientRect();
            return item.right - text.getBoundingClientRect().right;
        })""",
        )
        browser.close()
    assert gaps and all(gap < 2 for gap in gaps), gaps


def test_no_construct_makes_a_narrow_page_scroll_sideways(seven: Path) -> None:
    """The image (240 px) and the table stay within a column narrower than they are."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 200, "height": 800})
        page.goto(edition(seven, "de")[0].as_uri())
        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        browser.close()
    assert widths[0] <= widths[1], widths


def test_an_english_attribution_in_an_arabic_pdf_reads_left_to_right(seven: Path) -> None:
    """Its dash comes before it, on the left, as in English."""
    [line] = [ln for ln in word_boxes(edition(seven, "ar")[1]) if "reader" in [w for _, w, _ in ln]]
    assert [word for _, word, _ in line][:3] == ["—", "A", "reader"], line


def text_languages(path: Path) -> list[tuple[str, str]]:
    """The tagged text of the PDF as (language, text) pieces, in the structure tree's order:
    a piece's language is its marked content's ``/Lang``, else its nearest element's, else the
    document's."""
    texts = marked_text(path)
    found: list[tuple[str, str]] = []
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
        own = {
            (number, int(properties.MCID)): str(properties.Lang)
            for number, page in enumerate(pdf.pages)
            for properties in (i.operands[1] for i in pikepdf.parse_content_stream(page, "BDC"))
            if isinstance(properties, pikepdf.Dictionary) and {"/MCID", "/Lang"} <= set(properties)
        }

        def walk(node: object, page: int | None, lang: str) -> None:
            if isinstance(node, pikepdf.Array):
                for item in node:
                    walk(item, page, lang)
            elif isinstance(node, pikepdf.Dictionary):
                if "/Pg" in node:
                    page = pages[node.Pg.objgen]
                if "/S" in node and "/K" in node:
                    walk(node.K, page, str(node.get("/Lang", lang)))
                elif node.get("/Type") == "/MCR" and page is not None:
                    walk(int(node.MCID), page, lang)
            elif isinstance(node, int) and page is not None:
                found.append((own.get((page, node), lang), texts.get((page, node), "")))

        walk(pdf.Root.StructTreeRoot.K, None, str(pdf.Root.Lang))
    return found


def test_the_arabic_pdfs_colophon_shows_in_english_what_the_catalog_lacks(seven: Path) -> None:
    """The theme's strings the catalog lacks are tagged English, the date inside one of them
    Arabic; the English sentence reads left to right with the date, one run, after it (its
    day, month and year from the right)."""
    pdf = edition(seven, "ar")[1]
    pieces = text_languages(pdf)
    colophon = pieces[max(i for i, (_, text) in enumerate(pieces) if "Languages" in text) :]
    english = [text.strip() for lang, text in colophon if lang == "en"]
    assert {"Languages of this statement", "Text version:", "unreleased",
            "Last updated on"} <= set(english), colophon  # fmt: skip
    date = "".join(text for lang, text in colophon[english.index("Last updated on") :]
                   if lang == "ar" and text.strip() not in ("", ":", "·"))  # fmt: skip
    assert re.search("[\u0600-\u06ff]", date), colophon
    lines = word_boxes(pdf, len(PdfReader(pdf).pages))
    [line] = [ln for ln in lines if "updated" in [word for _, word, _ in ln]]
    words = [re.sub(r"\s|[\u2066-\u2069]", "", word) for _, word, _ in line]  # no isolates
    start = words.index("Last")
    assert words[start : start + 3] == ["Last", "updated", "on"], line
    [year, month, day] = words[start + 3 : start + 6]
    assert year.isdigit() and re.search("[\u0600-\u06ff]", month) and day.isdigit(), line
    # A label and its value, both English, read as English does: colon after the label.
    [line] = [ln for ln in lines if "unreleased" in [word for _, word, _ in ln]]
    words = [re.sub(r"\s|[\u2066-\u2069]", "", word) for _, word, _ in line]
    start = words.index("Text")
    assert words[start : start + 3] == ["Text", "version:", "unreleased"], line


def test_the_arabic_pdfs_masthead_lines_keep_to_the_editions_side(seven: Path) -> None:
    """Its English lines (the catalog lacks them) read left to right, each ending at the right
    edge of the column, as the page sets them."""
    lines = word_boxes(edition(seven, "ar")[1])
    words = [" ".join(word for _, word, _ in line) for line in lines]
    first = next(i for i, line in enumerate(words) if "Original language" in line)
    last = next(i for i, line in enumerate(words) if "Original publication" in line)
    ends = [line[-1][2] for line in lines[first : last + 1]]
    assert len(ends) > 2 and max(ends) - min(ends) < 4, ends


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_short_table_is_never_split_across_pages(seven: Path, code: str) -> None:
    rows = [ln for ln in pdf_layout(edition(seven, code)[1]) if re.search(r"\b202[23]\b", ln.text)]
    assert len(rows) == 2 and rows[0].page == rows[1].page, rows
