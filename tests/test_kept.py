"""A translation identical to its source is not a translation, unless marked kept."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import polib
import pytest

from conftest import copy_repository, html_page, in_process, one, pdf_text
from editions.progress import is_copy, is_kept

PARAGRAPH = "We believe"


def paste_english(root: Path, kept: bool = False) -> polib.POEntry:
    """Paste the English of one paragraph as its Serbian translation."""
    path = root / "locale/sr/LC_MESSAGES/index.po"
    po = polib.pofile(str(path), wrapwidth=79)
    entry = next(e for e in po if e.msgid.startswith(PARAGRAPH))
    entry.msgstr = entry.msgid
    if kept:
        entry.tcomment = "keep: quoted as written"
    po.save()
    return entry


def test_copy_and_kept_are_told_apart() -> None:
    entry = polib.POEntry(msgid="Furo", msgstr="Furo")
    assert is_copy(entry) and not is_kept(entry)
    entry.tcomment = "keep: the theme's name"
    assert is_kept(entry) and not is_copy(entry)
    assert not is_copy(polib.POEntry(msgid="Search", msgstr="Пошук"))
    assert not is_copy(polib.POEntry(msgid="Search", msgstr=""))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return copy_repository(tmp_path / "repo")


def test_check_po_reports_pasted_english_but_not_a_kept_entry(repo: Path) -> None:
    paste_english(repo)
    proc = in_process(repo, "check-po", "--languages", "sr", "--no-spelling")
    assert proc.returncode == 1
    found = [line for line in proc.stdout.splitlines() if "the translation is the English" in line]
    assert len(found) == 1 and re.match(r"locale/sr/LC_MESSAGES/index\.po:\d+: ", found[0])
    paste_english(repo, kept=True)
    proc = in_process(repo, "check-po", "--languages", "sr", "--no-spelling")
    assert "the translation is the English" not in proc.stdout


def test_the_keep_comment_survives_update_po(repo: Path) -> None:
    paste_english(repo, kept=True)
    assert in_process(repo, "gettext").returncode == 0
    assert in_process(repo, "update-po", "--languages", "sr").returncode == 0
    po = polib.pofile(str(repo / "locale/sr/LC_MESSAGES/index.po"))
    entry = next(e for e in po if e.msgid.startswith(PARAGRAPH))
    assert is_kept(entry) and entry.msgstr == entry.msgid


def test_pasted_english_gets_the_reader_notice_a_kept_entry_does_not(
    incomplete: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    root, _ = incomplete  # sr: a paragraph's English pasted; pl: the same, marked kept
    page = html_page(root, "sr")
    notice = page.select_one(".translation-incomplete")
    assert notice
    # It names the date of the English text and links to the current English.
    assert one(notice, 'a[href="../en/index.html"]').get_text() == "Прочитајте актуелни оригинал"
    assert "Оригинал је последњи пут измењен" in notice.get_text()
    # The date's own full stop ("2025.") ends the sentence: no second one.
    assert re.search(r"\d{4}\. ", notice.get_text()), notice.get_text()
    assert ".." not in notice.get_text()
    assert "Прочитајте актуелни оригинал" in pdf_text(root, "sr")
    assert not html_page(root, "pl").select_one(".translation-incomplete")
