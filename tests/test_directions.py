"""Right-to-left editions (Arabic, Hebrew) and the PDF's layout: a project made by
``editions new``, with ar, he and ka added and partly translated, 35 signatories."""

from __future__ import annotations

import re
import statistics
from pathlib import Path

import polib
import pytest
from test_new import make_project, wheel  # noqa: F401 (a fixture)

from conftest import html_page, in_process, measure, one, pdf_layout, pdf_path, shared

pytestmark = pytest.mark.e2e

PARAGRAPHS = [
    "The organisations below ask the city council to keep the public library on Mill Street "
    "open on weekday evenings and on Saturdays, as it was until the spring of this year.",
    "The library is the only place in the district where children can read and do their "
    "homework in a warm and quiet room, where older people can use a computer with help, and "
    "where anyone can borrow books, newspapers and films without paying for them.",
    "Since the opening hours were cut, the reading room has been closed when most people "
    "finish work or school. Families travel to the centre of the city instead, and many "
    "simply stay at home; the number of visitors fell by more than a third in six months.",
    "We ask the council to restore the former opening hours from the next budget year, to "
    "consult the readers before any further change, and to publish the figures on which its "
    "decisions are based, so that everyone can see how the library's money is spent.",
]
TRANSLATED: dict[str, dict[str | int, str]] = {
    "ar": {
        "Title": "بيان بشأن مكتبة شارع الطاحونة",
        0: "تطلب المنظمات الموقعة أدناه من مجلس المدينة إبقاء المكتبة العامة في شارع الطاحونة "
        "مفتوحة في أمسيات أيام الأسبوع وأيام السبت، كما كانت حتى ربيع هذا العام.",
        1: "المكتبة هي المكان الوحيد في الحي الذي يستطيع فيه الأطفال القراءة وأداء واجباتهم "
        "المدرسية في غرفة دافئة وهادئة، ويستطيع فيه كبار السن استخدام الحاسوب بمساعدة.",
        "Signatories": "الموقعون",
    },
    "he": {
        "Title": "הצהרה על הספרייה ברחוב הטחנה",
        0: "הארגונים החתומים מטה מבקשים ממועצת העיר להשאיר את הספרייה הציבורית ברחוב הטחנה "
        "פתוחה בערבי ימי החול ובשבתות, כפי שהייתה עד האביב של השנה.",
        "Signatories": "החותמים",
    },
    "ka": {"Title": "განცხადება წისქვილის ქუჩის ბიბლიოთეკის შესახებ"},
}
# Names kept in Latin script in every edition, and names given in Arabic in the Arabic one.
KINDS = ("Readers", "Neighbours", "Parents", "Teachers", "Students", "Pensioners", "Friends")
PLACES = ("Mill Street", "Riverside", "Old Town", "North Hill", "Station Quarter")
SIGNATORIES = [f"{kind} of {place}" for kind in KINDS for place in PLACES]
ARABIC_NAMES = {1: "جمعية القراء الأولى", 2: "جمعية القراء الثانية"}


def _project(folder: Path, package: Path) -> Path:
    root = make_project(folder, package)
    body = "\n\n".join(PARAGRAPHS)
    (root / "docs/index.md").write_text(
        f"(statement)=\n# Title\n\n{body}\n\n(signatories)=\n## Signatories\n\n"
        "```{signatories} signatories.yaml\n```\n"
    )
    (root / "docs/signatories.yaml").write_text(
        "".join(f'- {{id: org-{i:02d}, name: "{n}"}}\n' for i, n in enumerate(SIGNATORIES, 1))
    )
    for code in ("ar", "he", "ka"):
        proc = in_process(root, "add-language", code)
        assert proc.returncode == 0, proc.stderr
        index = polib.pofile(str(root / f"locale/{code}/LC_MESSAGES/index.po"))
        for entry in index:
            key: str | int = next(
                (k for k, v in enumerate(PARAGRAPHS) if v == entry.msgid), entry.msgid
            )
            entry.msgstr = TRANSLATED[code].get(key, "")
        index.save()
    names = polib.pofile(str(root / "locale/ar/LC_MESSAGES/signatories.po"))
    for entry in names:
        number = int(str(entry.msgctxt).rpartition("-")[2]) if entry.msgctxt else 0
        entry.msgstr = ARABIC_NAMES.get(number, "")
    names.save()
    proc = in_process(root, "build", "--build-dir", "_build")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root


@pytest.fixture(scope="module")
def directions(tmp_path_factory: pytest.TempPathFactory, wheel: Path) -> Path:  # noqa: F811
    return shared(tmp_path_factory, "directions", lambda f: _project(f, wheel))


@pytest.mark.parametrize("language", ["en", "ar", "he", "ka"])
def test_a_full_pdf_line_holds_60_to_75_characters(directions: Path, language: str) -> None:
    assert 60 <= measure(pdf_path(directions, language)) <= 75


def test_the_signatory_list_is_set_in_balanced_columns(directions: Path) -> None:
    """35 names in two columns whose lines differ by one at most, under their heading on the
    same page (Typst's columns gave 34 + 1)."""
    lines = pdf_layout(pdf_path(directions, "en"))
    names = [ln for ln in lines if ln.text.startswith("– ")]
    assert len(names) == len(SIGNATORIES) and len({ln.page for ln in names}) == 1
    top, bottom = min(ln.y0 for ln in names), max(ln.y0 for ln in names)
    rows = [ln for ln in lines if ln.page == names[0].page and top <= ln.y0 <= bottom]
    middle = (min(ln.x0 for ln in rows) + max(ln.x1 for ln in rows)) / 2
    first = [ln for ln in rows if ln.x1 < middle]
    assert 0 <= len(first) - (len(rows) - len(first)) <= 1, [ln.text for ln in rows]
    [heading] = [ln for ln in lines if ln.text == "Signatories"]
    assert heading.page == names[0].page


def test_the_right_to_left_pdf_reads_from_the_right(directions: Path) -> None:
    """Arabic paragraphs and list items start at the right edge of the column, the English
    fallback at the left; the page number sits on the left, where an Arabic line ends."""
    lines = pdf_layout(pdf_path(directions, "ar"))
    right = statistics.median(ln.x1 for ln in lines)
    middle = (right + min(ln.x0 for ln in lines)) / 2
    letters = {ln: [c for c in ln.text if c.isalpha()] for ln in lines}
    arabic = [
        ln for ln in lines if letters[ln] and all("\u0600" <= c <= "\u06ff" for c in letters[ln])
    ]
    # A paragraph's last line, short: at the right in Arabic, at the left in English.
    ends = [ln for ln in arabic if ln.page == 1 and len(ln.text) < 20]
    assert ends and all(ln.x0 > middle and right - ln.x1 < 3 for ln in ends)
    [english] = [ln for ln in lines if ln.text == "spent."]
    assert english.x1 < middle
    # A name kept in Latin script stays beside its marker, on the right of its column.
    names = [ln for ln in lines if "Friends of Mill Street" in ln.text]
    assert names and names[0].x1 > middle
    number = [ln for ln in lines if re.fullmatch(r"\d+ / \d+", ln.text)]
    assert number and all(ln.x1 < middle for ln in number)


def test_the_right_to_left_page_isolates_its_left_to_right_runs(directions: Path) -> None:
    """The Arabic page reads right to left (CLDR); the English fallback is marked English and
    left to right, and each name kept in Latin script is isolated (``dir``); the English page
    needs none of it."""
    page = html_page(directions, "ar")
    assert one(page, "body")["dir"] == "rtl"
    fallback = page.select("p.untranslated")
    assert fallback and all((p["lang"], p["dir"]) == ("en", "ltr") for p in fallback)
    kept = page.select("ul.signatories li span[lang=en]")
    assert len(kept) == len(SIGNATORIES) - len(ARABIC_NAMES)
    assert all(span["dir"] == "ltr" for span in kept)
    english = html_page(directions, "en")
    assert one(english, "body")["dir"] == "ltr" and english.select("[dir=ltr]") == [
        one(english, "body")
    ]
