"""Catalog upkeep: extraction and merging keep every translation and churn nothing."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from pypdf import PdfReader

from conftest import (
    NEW_SIGNATORY,
    PROJECT,
    TRANSLATIONS,
    append,
    copy_repository,
    find,
    in_process,
    one,
)
from editions import new
from editions.data.progress import EXTENSION_DOMAIN, UI_DOMAIN
from editions.project import load
from editions.sphinxext import web
from editions.translation import catalogs


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy with its catalogs merged, whatever an editor added to the English meanwhile."""
    root = copy_repository(tmp_path / "repo")
    for command in ("gettext", "update-po"):
        assert in_process(root, command).returncode == 0
    return root


def snapshot(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted((root / "locale").rglob("*.po"))}


def test_update_on_unchanged_source_changes_no_byte(repo: Path) -> None:
    before = snapshot(repo)
    for _ in range(2):
        assert in_process(repo, "gettext").returncode == 0
        proc = in_process(repo, "update-po")
        assert proc.returncode == 0, proc.stderr
        assert snapshot(repo) == before


def test_source_edit_marks_only_that_entry_fuzzy_with_its_previous_text(repo: Path) -> None:
    index = repo / "docs/index.md"
    old = "The town councils gave no reason for them"
    new = "The town councils gave no real reason for them"
    index.write_text(index.read_text().replace(old, new))
    before = {
        lang: polib.pofile(str(repo / f"locale/{lang}/LC_MESSAGES/index.po"))
        for lang in TRANSLATIONS
    }
    assert in_process(repo, "gettext").returncode == 0
    assert in_process(repo, "update-po").returncode == 0
    for lang in TRANSLATIONS:
        after = polib.pofile(str(repo / f"locale/{lang}/LC_MESSAGES/index.po"))
        fuzzy = after.fuzzy_entries()
        assert len(fuzzy) == 1
        assert "no real reason" in fuzzy[0].msgid
        previous = fuzzy[0].previous_msgid
        assert previous and old in previous
        assert fuzzy[0].msgstr == find(before[lang], previous).msgstr
        kept = {e.msgid: e.msgstr for e in before[lang] if e.msgid != fuzzy[0].previous_msgid}
        assert {e.msgid: e.msgstr for e in after.translated_entries()} == kept


def test_removed_source_string_is_kept_as_obsolete(repo: Path) -> None:
    index = repo / "docs/index.md"
    paragraphs = index.read_text().split("\n\n")
    removed = next(p for p in paragraphs if p.startswith("We believe"))
    index.write_text("\n\n".join(p for p in paragraphs if p != removed))
    assert in_process(repo, "gettext").returncode == 0
    assert in_process(repo, "update-po").returncode == 0
    po = polib.pofile(str(repo / "locale" / TRANSLATIONS[0] / "LC_MESSAGES/index.po"))
    assert [e.msgid for e in po.obsolete_entries()] == [removed.replace("\n", " ")]
    assert po.obsolete_entries()[0].msgstr


def msgattrib_count(po: Path, *selection: str) -> int:
    """Entries that ``msgattrib`` selects, header excluded."""
    out = subprocess.run(["msgattrib", "--no-obsolete", *selection, str(po)],
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    return max(0, len(re.findall(r"^msgid ", out, re.MULTILINE)) - 1)


def msgattrib_counts(po: Path) -> tuple[int, int, int]:
    return (
        msgattrib_count(po, "--translated", "--no-fuzzy"),
        msgattrib_count(po, "--only-fuzzy"),
        msgattrib_count(po, "--untranslated"),
    )


def test_status_counts_match_msgattrib(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    po_path = root / "locale/pl/LC_MESSAGES/index.po"
    po = polib.pofile(str(po_path))
    po[1].flags.append("fuzzy")
    po[2].msgstr = ""
    po.save()
    progress = catalogs.progress(load(root), "pl")
    # Names are not counted: a name not yet translated is shown as written (editions.data.names).
    counted = [p for p in sorted(po_path.parent.glob("*.po")) if p.name != "signatories.po"]
    totals = [msgattrib_counts(p) for p in counted]
    assert (progress.translated, progress.fuzzy, progress.untranslated) == tuple(
        map(sum, zip(*totals, strict=True))
    )
    assert (progress.fuzzy, progress.untranslated) == (1, 1)
    proc = in_process(root, "status")
    assert re.search(rf"pl\s.*\b{progress.translated}\b.*\b1\b.*\b1\b", proc.stdout)


def test_real_catalogs_are_complete(translate: Callable[[str, str], str]) -> None:
    for lang in TRANSLATIONS:
        p = catalogs.progress(PROJECT, lang)
        assert (p.fuzzy, p.untranslated, p.percent) == (0, 0, 100.0), lang


def test_status_page_of_the_built_site_shows_the_same_figures(built: Path) -> None:
    from bs4 import BeautifulSoup

    page = BeautifulSoup((built / "_build/site/status.html").read_text(), "html.parser")
    rows = {
        str(one(r, "td")["lang"]): [td.get_text() for td in r.find_all("td")]
        for r in page.select("tbody tr")
    }
    assert sorted(rows) == sorted(PROJECT.translations)  # drafts included
    for lang, cells in rows.items():
        p = catalogs.progress(PROJECT, lang)
        assert cells[1:5] == [
            str(p.translated),
            str(p.fuzzy),
            str(p.untranslated),
            f"{p.percent:.1f} %",
        ]


def test_status_counts_what_the_catalogs_do_not_have_yet(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    for command in ("gettext", "update-po"):  # merged, whatever an editor added meanwhile
        assert in_process(root, command).returncode == 0
    for name, text in NEW_SIGNATORY.items():
        append(root / name, text)
    proc = in_process(root, "status")
    assert proc.returncode == 0
    for lang in TRANSLATIONS:
        assert re.search(rf"{lang}\s.*100\.0\s*│\s*1\s*│", proc.stdout), proc.stdout
    assert f"({len(PROJECT.translations)}: run `make update-po`)" in proc.stdout


# -- catalogs of a project of their own (languages this project lacks) ------------------------
SKELETON = Path(new.__file__).parent / "skeleton"
OWN_TEXT = """(statement)=
# A statement of its own

Opening paragraph.

## Demands

First demand.

Second demand.

- A listed point.

(signatories)=
## Signatories

```{signatories} signatories.yaml
```
"""


def own_project(tmp_path: Path, *languages: str, text: str = OWN_TEXT) -> Path:
    """A project with its own text (the skeleton's data files) and catalogs for ``languages``."""
    root = copy_repository(tmp_path / "repo")
    for folder in ("docs", "locale"):
        shutil.rmtree(root / folder)
    shutil.copytree(SKELETON / "docs", root / "docs")
    (root / "docs/index.md").write_text(text, "utf-8")
    config = root / "pyproject.toml"
    config.write_text(re.sub(r"^languages = .*$", 'languages = ["en"]', config.read_text("utf-8"),
                             flags=re.MULTILINE), "utf-8")  # fmt: skip
    for code in languages:
        proc = in_process(root, "add-language", code)
        assert proc.returncode == 0, proc.stderr
    return root


LATER = "2031-01-01 00:00+0000"


def merge_again(root: Path, *, later: bool = True) -> subprocess.CompletedProcess[str]:
    """``make update-po`` on fresh templates, dated later than the catalogs' (as a later
    extraction dates them)."""
    assert in_process(root, "gettext").returncode == 0
    if later:
        for pot in (root / "_build/gettext").glob("*.pot"):
            dated = re.sub(r'"POT-Creation-Date: .*\\n"', rf'"POT-Creation-Date: {LATER}\\n"',
                           pot.read_text("utf-8"))  # fmt: skip
            pot.write_text(dated, "utf-8")
    proc = in_process(root, "update-po")
    assert proc.returncode == 0, proc.stderr
    return proc


def test_inserting_a_paragraph_changes_no_other_entry(tmp_path: Path) -> None:
    root = own_project(tmp_path, "de", "pl")
    before = {code: polib.pofile(str(root / f"locale/{code}/LC_MESSAGES/index.po"))
              for code in ("de", "pl")}  # fmt: skip
    index = root / "docs/index.md"
    index.write_text(index.read_text("utf-8").replace("First demand.", "New demand.\n\nFirst "
                                                      "demand."), "utf-8")  # fmt: skip
    merge_again(root)
    for code, old in before.items():
        new = polib.pofile(str(root / f"locale/{code}/LC_MESSAGES/index.po"))
        assert [e.msgid for e in new if e.msgid not in {o.msgid for o in old}] == ["New demand."]
        for entry in old:
            assert str(find(new, entry.msgid)) == str(entry)
    comments = {e.msgid: e.comment for e in new}
    assert comments["Opening paragraph."] == "Paragraph"
    in_demands = "Paragraph in the section “Demands”"
    assert comments["First demand."] == comments["New demand."] == in_demands
    assert comments["A listed point."] == "List item in the section “Demands”"


def test_a_catalog_saved_by_another_editor_keeps_its_header_until_its_content_changes(
    tmp_path: Path,
) -> None:
    root = own_project(tmp_path, "de")
    catalogs_ = sorted((root / "locale/de/LC_MESSAGES").glob("*.po"))
    merged = {po: po.read_bytes() for po in catalogs_}
    for po in catalogs_:  # another editor saves each catalog, with its own wrapping
        polib.pofile(str(po), wrapwidth=40).save()
    assert {po: po.read_bytes() for po in catalogs_} != merged
    proc = merge_again(root)
    assert {po: po.read_bytes() for po in catalogs_} == merged  # rewrapped, header kept
    assert "updated" not in proc.stderr
    index = root / "docs/index.md"
    index.write_text(index.read_text("utf-8").replace("Opening", "Changed opening"), "utf-8")
    merge_again(root)
    header = polib.pofile(str(root / "locale/de/LC_MESSAGES/index.po")).metadata
    assert header["POT-Creation-Date"] == LATER
    for po in catalogs_:
        if po.stem != "index":
            assert po.read_bytes() == merged[po]


def test_every_interface_string_says_where_it_appears(tmp_path: Path) -> None:
    root = own_project(tmp_path)
    assert in_process(root, "gettext").returncode == 0
    for domain in (UI_DOMAIN, EXTENSION_DOMAIN):
        template = polib.pofile(str(root / f"_build/gettext/{domain}.pot"))
        own = [e.comment.split("\nPlain text")[0] for e in template]
        assert all(own) and len(set(own)) == len(own), (domain, own)
    ui = polib.pofile(str(root / f"_build/gettext/{UI_DOMAIN}.pot"))
    # Every string of the theme, which a page marks as the source's where a catalog lacks it.
    assert {e.msgid for e in ui} == web.theme_strings()
    # Words that are a noun or a verb say which they are.
    assert {e.msgid: e.msgctxt for e in ui if e.msgid in ("Changes", "Download", "Commit")} == {
        "Changes": "heading", "Download": "heading", "Commit": "version control"}  # fmt: skip


def test_interface_strings_with_a_context_are_translated_in_both_editions(
    tmp_path: Path,
) -> None:
    root = own_project(tmp_path, "de")
    po = polib.pofile(str(root / f"locale/de/LC_MESSAGES/{UI_DOMAIN}.po"))
    for context, msgid, msgstr in (("heading", "Changes", "Änderungen"),
                                   ("heading", "Download", "Herunterladen"),
                                   ("version control", "Commit", "Commit-Kennung")):  # fmt: skip
        find(po, msgid, context).msgstr = msgstr
    po.save()
    git = ["git", "-c", "user.name=E", "-c", "user.email=e@example.org"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "The text"]):
        subprocess.run([*git, *command], cwd=root, check=True)  # an edition names its commit
    proc = in_process(root, "build", "--languages", "de", "--jobs", "1")
    assert proc.returncode == 0, proc.stderr
    page = (root / "_build/site/de/index.html").read_text("utf-8")
    assert ">Änderungen</h2>" in page and ">Herunterladen</h2>" in page
    assert "Commit-Kennung:" in page
    # Its words as the PDF holds them, wherever a line ends (at the label's own hyphen).
    pdf = PdfReader(root / "_build/site/de/statement-de.pdf").pages[-1].extract_text()
    assert "Commit-Kennung:" in "".join(pdf.split())
