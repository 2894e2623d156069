"""Builds every edition once per test session, from a copy of the repository."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import polib
import pytest

from editions import project as project_module
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


def run_editions(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the command line in ``root`` as a user would (``python -m editions ...``)."""
    return subprocess.run(
        [sys.executable, "-m", "editions", *args], cwd=root, capture_output=True, text=True,
        env=os.environ | {"PYTHONPATH": str(root / "src")} | env,
    )  # fmt: skip


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A strict build of all editions; returns the copy's root (output in ``_build/``).

    Built once per session, shared by pytest-xdist's workers (the first one builds, under a
    lock, in their common temporary folder). Tests only read it: one that changes files
    works in ``built_copy``."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent
    root = shared / "built"
    with open(shared / "built.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (root / "_build/site").exists():
            shutil.rmtree(root, ignore_errors=True)
            copy_repository(root)
            proc = run_editions(root, "build", "--strict", SOURCE_DATE_EPOCH=str(SOURCE_DATE_EPOCH))
            assert proc.returncode == 0, proc.stdout + proc.stderr
    return root


@pytest.fixture
def built_copy(built: Path, tmp_path: Path) -> Path:
    """A copy of the session's build, to change: its editions are up to date as they are."""
    return copy_built(built, tmp_path / "repo")


def copy_built(built: Path, target: Path) -> Path:
    return Path(shutil.copytree(built, target, symlinks=True))


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
def signatories():
    return load_signatories(PROJECT.docs / "signatories.yaml")


def html_page(root: Path, language: str, page: str = "index.html"):
    from bs4 import BeautifulSoup

    return BeautifulSoup((root / "_build/site" / language / page).read_text("utf-8"), "html.parser")


def statement_text(root: Path, language: str) -> str:
    """The statement's text in the HTML edition (the article, without the page's chrome)."""
    article = html_page(root, language).select_one(".statement")
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
