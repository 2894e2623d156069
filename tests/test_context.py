"""Translators' context in every entry, and the catalogs kept merged with the English."""

from __future__ import annotations

from pathlib import Path

import polib

from conftest import PROJECT, TRANSLATIONS, copy_repository, in_process
from editions.translation.catalogs import passages


def test_passages_say_what_each_string_is() -> None:
    kinds = passages("# Title\n\nFirst\nparagraph.\n\n- an item\n- another\n\n## Part\n\nMore.\n")
    assert kinds == {"Title": "Title", "First paragraph.": "Paragraph",
                     "an item": "List item", "another": "List item", "Part": "Heading",
                     "More.": "Paragraph in the section “Part”"}  # fmt: skip


def test_every_catalog_entry_carries_an_extracted_comment() -> None:
    for language in TRANSLATIONS:
        for po in sorted((PROJECT.locale / language / "LC_MESSAGES").glob("*.po")):
            bare = [e.msgid[:40] for e in polib.pofile(str(po)) if not e.obsolete and not e.comment]
            assert bare == [], po
    index = polib.pofile(str(PROJECT.locale / TRANSLATIONS[0] / "LC_MESSAGES/index.po"))
    assert index[0].comment == "Title"


NEW_PARAGRAPH = "A paragraph the catalogs do not have."


def test_catalogs_behind_the_english_fail_naming_the_command(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo", {"docs/index.md": f"\n{NEW_PARAGRAPH}\n"})
    proc = in_process(root, "check-merged")
    assert proc.returncode == 1
    for language in TRANSLATIONS:
        assert (
            f"locale/{language}/LC_MESSAGES/index.po:1: 1 string(s) of the current English "
            f'not in this catalog (first: "{NEW_PARAGRAPH}"): '
            "run `make update-po`"
        ) in proc.stdout
    for command in ("gettext", "update-po"):  # what `make update-po` runs
        assert in_process(root, command).returncode == 0
    assert in_process(root, "check-merged").returncode == 0
