"""Builds every edition once per test session, from a copy of the repository."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from bs4 import BeautifulSoup, Tag

from editions import project as project_module
from editions.signatories import Signatory
from editions.signatories import load as load_signatories

ROOT = Path(__file__).resolve().parent.parent
PROJECT = project_module.load(ROOT)
LANGUAGES = PROJECT.languages
TRANSLATIONS = PROJECT.translations


def copy_repository(target: Path) -> Path:
    """A working copy of the sources (no build output, no compiled catalogs)."""
    return PROJECT.copy_sources(target)


# The sources' date for the session's build (a copy has no git history to take it from).
SOURCE_DATE_EPOCH = 1764115200  # 2025-11-26


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text("utf-8") + text, "utf-8")


def run_editions(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the command line in ``root`` as a user would (``python -m editions ...``)."""
    return subprocess.run(
        [sys.executable, "-m", "editions", *args], cwd=root, capture_output=True, text=True,
        env=os.environ | {"PYTHONPATH": str(root / "src")} | env,
    )  # fmt: skip


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A strict build of all editions; returns the copy's root (output in ``_build/``)."""
    root = copy_repository(tmp_path_factory.mktemp("repo"))
    proc = run_editions(root, "build", "--strict", SOURCE_DATE_EPOCH=str(SOURCE_DATE_EPOCH))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root


@pytest.fixture(scope="session")
def translate() -> Callable[[str, str], str]:
    """``translate(language, english)`` as the catalogs give it (English if untranslated)."""
    catalogs = {
        lang: {
            e.msgid: e.msgstr
            for po in sorted((PROJECT.locale / lang / "LC_MESSAGES").glob("*.po"))
            for e in polib.pofile(str(po))
            if e.msgstr and not e.fuzzy
        }
        for lang in TRANSLATIONS
    }

    def lookup(language: str, english: str) -> str:
        return catalogs.get(language, {}).get(english, english)

    return lookup


@pytest.fixture(scope="session")
def signatories() -> list[Signatory]:
    return load_signatories(PROJECT.docs / "signatories.yaml")


def html_page(root: Path, language: str, page: str = "index.html") -> BeautifulSoup:
    from bs4 import BeautifulSoup

    return BeautifulSoup((root / "_build/site" / language / page).read_text("utf-8"), "html.parser")


def one(tag: Tag, selector: str) -> Tag:
    """The first element ``selector`` finds in ``tag``; the test fails if there is none."""
    found = tag.select_one(selector)
    assert found is not None, f"no {selector}"
    return found


def find(po: polib.POFile, msgid: str, msgctxt: str | None = None) -> polib.POEntry:
    """The entry of ``msgid``; the test fails if the catalog lacks it."""
    entry = po.find(msgid, msgctxt=msgctxt) if msgctxt else po.find(msgid)
    assert entry is not None, f"no entry {msgid!r}"
    return entry


def statement_text(root: Path, language: str) -> str:
    """The statement's text in the HTML edition (the article, without the page's chrome)."""
    article = one(html_page(root, language), ".statement")
    for switcher in article.select("nav.edition-switcher"):
        switcher.decompose()  # it names every language in that language
    return article.get_text(" ", strip=True)


def pdf_path(root: Path, language: str) -> Path:
    return root / "_build/site" / language / f"statement-{language}.pdf"


def pdf_text(root: Path, language: str) -> str:
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf_path(root, language)), "-"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    # Join words hyphenated at line ends (Typst marks those hyphens soft) and lines, so
    # phrases can be searched for.
    return " ".join(out.stdout.replace("\xad\n", "").replace("-\n", "").split())


def pdf_lines(root: Path, language: str) -> str:
    """The PDF's text as extracted, words hyphenated at line ends left broken."""
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf_path(root, language)), "-"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return " ".join(out.stdout.split())
