"""What each edition says about its text: version, date, commit, and the recorded changes."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import (
    LANGUAGES,
    ROOT,
    SOURCE_DATE_EPOCH,
    build_editions,
    copy_repository,
    html_page,
    in_process,
    one,
    pdf_path,
    pdf_text,
)  # fmt: skip
from editions import project, provenance

ENV = os.environ | {"GIT_AUTHOR_NAME": "E", "GIT_AUTHOR_EMAIL": "e@example.org",
                    "GIT_COMMITTER_NAME": "E", "GIT_COMMITTER_EMAIL": "e@example.org"}  # fmt: skip


def git(repo: Path, *args: str) -> str:
    out = subprocess.run(["git", *args], cwd=repo, env=ENV, capture_output=True, text=True)
    return out.stdout.strip()


def test_version_date_and_commit_come_from_git(tmp_path: Path) -> None:
    repo = copy_repository(tmp_path / "repo")
    proj = project.load(repo)
    assert provenance.provenance(proj, "uk", 0) == {
        "version": "unreleased",
        "date": "1970-01-01",
        "commit": "",
        "dirty": "",
    }  # fmt: skip  (no git: no commit to name)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "text")
    head = git(repo, "rev-parse", "--short", "HEAD")
    assert provenance.provenance(proj, "uk", SOURCE_DATE_EPOCH) == {
        "version": "unreleased", "date": "2025-11-26", "commit": head, "dirty": ""
    }  # fmt: skip
    git(repo, "tag", "-a", "v1.2", "-m", "1.2")
    (repo / "docs/index.md").write_text("# Changed\n")
    found = provenance.provenance(proj, "uk", SOURCE_DATE_EPOCH)
    assert (found["version"], found["commit"], found["dirty"]) == ("v1.2", head, "yes")


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
        "- date: 2026-01-02\n  kind: signatory-added\n  signatory: umdpl\n"
        "- date: 2026-01-05\n  kind: signatory-withdrawn\n  signatory: gone\n  name: Gone Org\n"
    )
    proc = build_editions(repo, "--languages", "uk", "--build-dir", str(tmp_path / "b"))
    assert proc.returncode == 0, proc.stderr
    page = BeautifulSoup((tmp_path / "b/site/uk/index.html").read_text(), "html.parser")
    items = [" ".join(li.get_text().split()) for li in page.select("section.changes li")]
    assert items == [  # newest first; the name as the list shows it in this edition
        "5 січня 2026 р.: Підписант відкликав підпис: Gone Org",
        "2 січня 2026 р.: Додано підписанта: Асоціація УМДПЛ",
    ]
    assert one(page, "section.changes time")["datetime"] == "2026-01-05"


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

    po = ROOT / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
    if not po.exists():
        return {}
    return {e.msgid: e.msgstr for e in polib.pofile(str(po)) if e.msgstr}
