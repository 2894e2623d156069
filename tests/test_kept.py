"""A translation identical to its source is not a translation, unless marked kept."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import polib
import pytest

from conftest import copy_repository, html_page, in_process, one, pdf_text
from editions.data.progress import is_copy, is_kept, keep_list

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
    assert is_copy(entry, {}) and not is_kept(entry, {})
    assert is_kept(entry, {"Furo": 1}) and not is_copy(entry, {"Furo": 1})
    entry.tcomment = "keep: the theme's name"
    assert is_kept(entry, {}) and not is_copy(entry, {})
    assert not is_copy(polib.POEntry(msgid="Search", msgstr="Пошук"), {})
    assert not is_copy(polib.POEntry(msgid="Search", msgstr=""), {})


# The keep list as a maintainer writes it: a paragraph over several lines, as the catalog
# wraps it or not.
KEEP_LIST = """\
- msgid: Furo
  reason: the theme's name
- msgid: >-
    We believe that a library is a public service
    like any other, {rest}
  reason: quoted as written
"""


def list_paragraph(root: Path) -> Path:
    """List the Serbian paragraph ``PARAGRAPH`` in sr's keep list, over several lines."""
    po = polib.pofile(str(root / "locale/sr/LC_MESSAGES/index.po"))
    msgid = next(e.msgid for e in po if e.msgid.startswith(PARAGRAPH))
    rest = " ".join(msgid.split()).removeprefix(
        "We believe that a library is a public service like any other, "
    )
    assert rest != " ".join(msgid.split())
    path = root / "locale/sr/keep.yaml"
    path.write_text(KEEP_LIST.format(rest=json.dumps(rest)[1:-1]))
    return path


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


def test_a_string_in_the_keep_list_counts_as_a_keep_comment_does(repo: Path) -> None:
    paste_english(repo)
    list_paragraph(repo)
    entry = next(e for e in polib.pofile(str(repo / "locale/sr/LC_MESSAGES/index.po"))
                 if e.msgid.startswith(PARAGRAPH))  # fmt: skip
    assert is_kept(entry, keep_list(repo / "locale/sr"))
    proc = in_process(repo, "check-po", "--languages", "sr", "--no-spelling")
    assert "the translation is the English" not in proc.stdout
    # Furo is in no catalog of sr: the line that lists it is reported.
    assert "locale/sr/keep.yaml:1: listed as kept, but no catalog of 'sr'" in proc.stdout
    proc = in_process(repo, "status", "--languages", "sr")
    assert "English copy" not in proc.stdout and "100.0" in proc.stdout, proc.stdout


def test_the_keep_comment_survives_update_po(repo: Path) -> None:
    paste_english(repo, kept=True)
    assert in_process(repo, "gettext").returncode == 0
    assert in_process(repo, "update-po", "--languages", "sr").returncode == 0
    po = polib.pofile(str(repo / "locale/sr/LC_MESSAGES/index.po"))
    entry = next(e for e in po if e.msgid.startswith(PARAGRAPH))
    assert is_kept(entry, {}) and entry.msgstr == entry.msgid


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
