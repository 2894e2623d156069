"""What each edition says about its text: version, date, commit, and the recorded changes."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import polib
import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import (
    LANGUAGES,
    PROJECT,
    SOURCE_DATE_EPOCH,
    TRANSLATIONS,
    append,
    build_editions,
    copy_repository,
    html_page,
    in_process,
    one,
    pdf_path,
    pdf_text,
)  # fmt: skip
from editions import project
from editions.data import provenance

ENV = os.environ | {"GIT_AUTHOR_NAME": "E", "GIT_AUTHOR_EMAIL": "e@example.org",
                    "GIT_COMMITTER_NAME": "E", "GIT_COMMITTER_EMAIL": "e@example.org"}  # fmt: skip
SOURCE = PROJECT.source_language
FIRST, SECOND = TRANSLATIONS[:2]


def git(repo: Path, *args: str, date: str = "2025-11-26T12:00:00Z") -> str:
    env = ENV | {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    out = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True)
    return out.stdout.strip()


def commit(repo: Path, date: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "text", date=date)
    return git(repo, "rev-parse", "--short", "HEAD")


def facts(root: Path) -> dict[str, dict[str, str]]:
    proj = project.load(root)
    return {code: origin.facts for code, origin in provenance.origins(proj, LANGUAGES).items()}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the sources, committed in a git repository, dated by git alone."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = copy_repository(tmp_path / "repo")
    git(root, "init", "-q")
    commit(root, "2025-11-26T12:00:00Z")
    return root


def test_without_git_there_is_no_commit_to_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(SOURCE_DATE_EPOCH))
    proj = project.load(copy_repository(tmp_path / "repo"))
    found = provenance.origins(proj, [FIRST]).get(FIRST)
    assert found is not None
    assert found.facts == {"version": "unreleased", "date": "2025-11-26", "commit": "",
                           "dirty": "", "original": "2025-11-26"}  # fmt: skip
    assert found.epoch == SOURCE_DATE_EPOCH


def test_each_edition_is_dated_and_committed_by_its_own_inputs(repo: Path) -> None:
    first = git(repo, "rev-parse", "--short", "HEAD")
    append(repo / f"locale/{FIRST}/LC_MESSAGES/index.po", "\n")
    second = commit(repo, "2026-02-03T12:00:00Z")
    (repo / "NOTES.txt").write_text("Not an input.\n")
    commit(repo, "2026-03-04T12:00:00Z")
    append(repo / f"locale/{SECOND}/LC_MESSAGES/index.po", "\n")  # not committed
    (repo / "docs/project/notes.md").write_text("The team's notes: not an input.\n")
    found = facts(repo)
    assert found[FIRST] == {"version": "unreleased", "date": "2026-02-03", "commit": second,
                            "dirty": "", "original": "2025-11-26"}  # fmt: skip
    assert found[SOURCE] == found[FIRST] | {"date": "2025-11-26", "commit": first}
    assert found[SECOND]["commit"] == first and found[SECOND]["dirty"] == "yes"
    assert all(found[code]["dirty"] == "" for code in LANGUAGES if code != SECOND)


def test_a_text_version_shows_only_on_editions_built_from_its_commit(repo: Path) -> None:
    git(repo, "tag", "-a", "v1.2", "-m", "1.2")
    append(repo / f"locale/{FIRST}/LC_MESSAGES/index.po", "\n")  # not committed
    found = facts(repo)
    assert [found[code]["version"] for code in (SOURCE, SECOND, FIRST)] == [
        "v1.2", "v1.2", "unreleased"
    ]  # fmt: skip
    commit(repo, "2026-02-03T12:00:00Z")  # past the tag
    assert {f["version"] for f in facts(repo).values()} == {"unreleased"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_names_its_text_version_and_says_there_are_no_changes(
    built: Path, language: str
) -> None:
    page = html_page(built, language)
    ui = _catalog(language, "sphinx")
    said = one(page, "footer .provenance").get_text(" ", strip=True)
    assert said == f"{ui.get('Text version', 'Text version')}: {ui.get('unreleased', 'unreleased')}"
    no_changes = _catalog(language, "editions").get(
        "No changes since publication", "No changes since publication"
    )
    assert one(page, "section.changes p").get_text(strip=True) == no_changes


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_pdf_names_its_text_version_in_its_footer_and_metadata(
    built: Path, language: str
) -> None:
    ui = _catalog(language, "sphinx")
    assert f"{ui.get('Text version', 'Text version')}: {ui.get('unreleased', 'unreleased')}" in (
        pdf_text(built, language)
    )
    metadata = PdfReader(pdf_path(built, language)).metadata
    assert metadata is not None
    keywords = str(metadata["/Keywords"])
    assert keywords == "text version unreleased, text date 2025-11-26"


def test_recorded_changes_are_listed_in_the_editions_language(tmp_path: Path) -> None:
    repo = copy_repository(tmp_path / "repo")
    (repo / "docs/changes.yaml").write_text(
        "- date: 2026-01-02\n  kind: signatory-added\n  signatory: library-friends\n"
        "- date: 2026-01-05\n  kind: signatory-withdrawn\n  signatory: gone\n  name: Gone Org\n"
    )
    proc = build_editions(repo, "--languages", "sr", "--build-dir", str(tmp_path / "b"))
    assert proc.returncode == 0, proc.stderr
    page = BeautifulSoup((tmp_path / "b/site/sr/index.html").read_text(), "html.parser")
    items = [" ".join(li.get_text().split()) for li in page.select("section.changes li")]
    assert items == [  # newest first; the name as the list shows it in this edition
        "5. јануар 2026.: Потписник је повукао потпис: Gone Org",
        "2. јануар 2026.: Додат потписник: Пријатељи градске библиотеке",
    ]
    assert one(page, "section.changes time")["datetime"] == "2026-01-05"


def test_a_change_the_catalog_lacks_is_shown_in_english_and_marked_so(tmp_path: Path) -> None:
    repo = copy_repository(tmp_path / "repo")
    (repo / "docs/changes.yaml").write_text(
        "- date: 2026-01-02\n  kind: signatory-added\n  signatory: library-friends\n"
    )
    po = polib.pofile(str(repo / "locale/de/LC_MESSAGES/editions.po"))
    next(e for e in po if e.msgid == "Signatory added: %(name)s").msgstr = ""
    po.save()
    proc = build_editions(repo, "--languages", "de", "--build-dir", str(tmp_path / "b"))
    assert proc.returncode == 0, proc.stderr
    page = BeautifulSoup((tmp_path / "b/site/de/index.html").read_text(), "html.parser")
    sentence = one(page, "section.changes li > span[lang=en]")
    name = one(sentence, "span[lang=de]").get_text()
    assert sentence.get_text() == f"Signatory added: {name}" and name != "library-friends"


def test_the_gate_refuses_a_change_about_an_unknown_organisation(tmp_path: Path) -> None:
    repo = copy_repository(tmp_path / "repo")
    (repo / "docs/changes.yaml").write_text(
        "- date: 2026-01-02\n  kind: signatory-added\n  signatory: nobody\n"
    )
    proc = in_process(repo, "check-publish", "--build-dir", str(tmp_path / "b"))
    assert proc.returncode == 2
    assert "docs/changes.yaml:1: no signatory 'nobody' in the list: give its 'name'" in (
        proc.stdout + proc.stderr
    )


def _catalog(language: str, domain: str) -> dict[str, str]:
    import polib

    po = PROJECT.locale / language / "LC_MESSAGES" / f"{domain}.po"
    if not po.exists():
        return {}
    return {e.msgid: e.msgstr for e in polib.pofile(str(po)) if e.msgstr}
