"""Every word hyphenates by its language's patterns; a name listed in the data never does.

``tests/roots/test-hyphenation`` is a German statement of long nouns that names one person
(``names.yaml``) a dozen times. Built as it is, and without its list of names.
"""

from __future__ import annotations

import itertools
import re
import subprocess
from pathlib import Path

import pytest
from pytest import TempPathFactory
from test_ext_inprocess import Built, build

ROOT = Path(__file__).parent / "roots" / "test-hyphenation"
NAME = ("Schwarzenbacher", "Schwarzenbachers")  # as names.yaml lists it
pytestmark = pytest.mark.extension


def hyphenated(pdf: Path) -> list[str]:
    """The words the PDF hyphenates at a line end, joined again (Typst's hyphen is soft)."""
    lines = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout.splitlines()  # fmt: skip
    words = []
    for line, after in itertools.pairwise(lines):
        if line.endswith(("\u00ad", "-")) and line.split() and after.split():
            words.append(line.split()[-1][:-1] + after.split()[0].strip(".,;:"))
    return words


def pdf(built: Built) -> Path:
    [found] = Path(built.app.outdir).glob("*.pdf")
    return found


@pytest.fixture(scope="module")
def listed(tmp_path_factory: TempPathFactory) -> Built:
    return build(tmp_path_factory.mktemp("listed"), "typst", "de", root=ROOT)


@pytest.fixture(scope="module")
def unlisted(tmp_path_factory: TempPathFactory) -> Built:
    """The same statement with no list of names."""
    folder = tmp_path_factory.mktemp("unlisted")
    return build(folder, "typst", "de", edit=lambda src: (src / "names.yaml").unlink(), root=ROOT)


def test_german_nouns_hyphenate_in_the_pdf(listed: Built) -> None:
    words = hyphenated(pdf(listed))
    nouns = [w for w in words if w[:1].isupper()]
    assert len(nouns) >= 5, words  # a capital letter no longer keeps a word whole


def test_a_listed_name_is_never_hyphenated_in_the_pdf(listed: Built, unlisted: Built) -> None:
    assert [w for w in hyphenated(pdf(unlisted)) if w in NAME]  # unlisted, the name breaks
    assert [w for w in hyphenated(pdf(listed)) if w in NAME] == []


def test_each_occurrence_of_a_listed_name_is_marked_on_the_page(tmp_path: Path) -> None:
    built = build(tmp_path, "html", "de", root=ROOT)
    text = built.page().select_one(".statement")
    assert text is not None
    marked = [span.get_text() for span in text.select("span.name")]
    assert marked == re.findall(r"\bSchwarzenbachers?\b", text.get_text())
    assert len(marked) == 15
    # The page's style keeps them whole, while every other word of a paragraph hyphenates.
    css = (Path(built.app.outdir) / "_static/statement.css").read_text("utf-8")
    assert re.search(r"\.name\b[^{}]*\{[^}]*hyphens:\s*manual", css)
