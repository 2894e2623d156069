"""Every edition, as a reader gets it: there, complete, and wholly in its language."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import polib
import pytest
from pypdf import PdfReader

from conftest import (
    LANGUAGES,
    PROJECT,
    TRANSLATIONS,
    copy_repository,
    html_page,
    pdf_path,
    pdf_text,
    run_editions,
    statement_text,
)  # fmt: skip

CYRILLIC = re.compile(r"[\u0400-\u04FF]")
LATIN = re.compile(r"[A-Za-z]")
# Letters that tell the three Cyrillic languages apart.
MUST_HAVE = {"uk": "їєі", "be": "ўі", "ru": "ыэ"}
MUST_NOT_HAVE = {"uk": "ыэўё", "be": "иїєщъ", "ru": "іїєў"}


def english_paragraphs() -> list[str]:
    text = (PROJECT.docs / "index.md").read_text("utf-8")
    return [p for p in text.split("\n\n") if len(p) > 200]


@pytest.mark.parametrize("language", LANGUAGES)
def test_html_edition_declares_its_language(built, language):
    page = html_page(built, language)
    assert page.html["lang"] == language


@pytest.mark.parametrize("language", LANGUAGES)
def test_pdf_edition_is_a4_short_and_opens_with_the_statement(built, language):
    reader = PdfReader(pdf_path(built, language))
    assert 1 <= len(reader.pages) <= 5
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    first_page = " ".join(reader.pages[0].extract_text().split())
    # No title page and no contents page: the first paragraph starts on page 1.
    assert "2020" in first_page and "31" in first_page


@pytest.mark.parametrize("language", TRANSLATIONS)
@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_translated_edition_reads_in_its_own_language(built, language, fmt):
    text = statement_text(built, language) if fmt == "html" else pdf_text(built, language)
    letters = CYRILLIC.findall(text) + LATIN.findall(text)
    assert len(CYRILLIC.findall(text)) / len(letters) > 0.85
    lowered = text.lower()
    assert all(ch in lowered for ch in MUST_HAVE[language]), "letters of the language missing"
    wrong = [ch for ch in MUST_NOT_HAVE[language] if ch in lowered]
    assert not wrong, f"letters of another language: {wrong}"
    for paragraph in english_paragraphs():
        assert paragraph[:60] not in text, "English source sentence left in"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_every_signatory_is_named(built, translate, signatories, language, fmt):
    text = statement_text(built, language) if fmt == "html" else pdf_text(built, language)
    assert len(signatories) == 12
    for entry in signatories:
        assert translate(language, entry.msgid) in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_pdf_fonts_are_embedded_outlines(built, language):
    out = subprocess.run(
        ["pdffonts", str(pdf_path(built, language))], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert out, "no fonts listed"
    for row in out:
        assert "Type 3" not in row, row
        assert row.split()[-5] == "yes", f"not embedded: {row}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_pdf_metadata_gives_language_and_translated_title(built, translate, language):
    reader = PdfReader(pdf_path(built, language))
    assert reader.trailer["/Root"].get("/Lang") == language
    source = (PROJECT.docs / "index.md").read_text("utf-8")
    title = re.search(r"^# (.+)$", source, re.MULTILINE).group(1)
    assert reader.metadata.title == translate(language, title)


@pytest.mark.parametrize("language", LANGUAGES)
def test_pdf_hyphenates_in_its_own_language(built, language):
    names = {"en": "english", "uk": "ukrainian", "be": "belarusian", "ru": "russian"}
    tex = (built / "_build/work" / language / "latex" / f"statement-{language}.tex").read_text()
    main_languages = re.findall(r"\\setmainlanguage(?:\[[^]]*\])?\{(\w+)\}", tex)
    assert main_languages == [names[language]]
    log = (built / "_build/work" / language / "latex" / f"statement-{language}.log").read_text(
        errors="replace"
    )
    assert "No hyphenation patterns" not in log


@pytest.mark.parametrize("language", LANGUAGES)
def test_editorial_fixes_hold_in_every_edition(built, language):
    for text in (statement_text(built, language), pdf_text(built, language)):
        assert "Centку" not in text
        assert "`" not in text
        assert "A+ A-" not in text
    if language == "en":
        assert "presidential election. They" in statement_text(built, "en")
        assert "ZMINA Human Rights Centre" in statement_text(built, "en")


# -- building: incremental, atomic, reproducible, offline ---------------------------------
def states(proc) -> dict[str, str]:
    """``{"uk pdf": "built", ...}`` from the build's report (one line per edition)."""
    found = {}
    for line in proc.stderr.splitlines():
        match = re.match(r"(\w+ (?:html|pdf))\s+(built|up to date|failed)", line)
        if match:
            found[match.group(1)] = match.group(2)
    return found


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """A copy built once (uk and ru), to be changed by the tests that use it."""
    root = copy_repository(tmp_path_factory.mktemp("incremental"))
    proc = run_editions(root, "build", "--languages", "uk ru")
    assert proc.returncode == 0, proc.stderr
    return root


def rebuild(root):
    proc = run_editions(root, "build", "--languages", "uk ru")
    assert proc.returncode == 0, proc.stderr
    return states(proc)


def test_nothing_changed_means_no_work(workspace):
    assert set(rebuild(workspace).values()) == {"up to date"}


def edit_catalog(root):
    po = polib.pofile(str(root / "locale/uk/LC_MESSAGES/index.po"))
    po[1].msgstr += " "
    po.save()


EDITS = {
    "English source": lambda root: append(root / "docs/index.md", "\nA new closing sentence.\n"),
    "signatory data": lambda root: append(root / "docs/signatories.yaml", "- name: Another NGO\n"),
    "conf.py": lambda root: append(root / "conf.py", "\nhtml_show_sphinx = True\n"),
    "extension code": lambda root: append(root / "editions/ext.py", "\n# changed\n"),
    "theme template": lambda root: append(root / "editions/theme/statement/switcher.html", "\n"),
}


def append(path, text):
    path.write_text(path.read_text() + text)


def test_one_catalog_edit_rebuilds_only_that_language(workspace):
    edit_catalog(workspace)
    assert rebuild(workspace) == {
        "uk html": "built", "uk pdf": "built", "ru html": "up to date", "ru pdf": "up to date",
    }  # fmt: skip


@pytest.mark.parametrize(
    "kind",
    [
        pytest.param(kind, marks=pytest.mark.xfail(strict=True, reason="build.inputs() reads "
                     "editions/*.py only, not the theme's templates"))
        if kind == "theme template" else kind
        for kind in EDITS
    ],
)  # fmt: skip
def test_each_kind_of_input_rebuilds_what_it_affects(workspace, kind):
    EDITS[kind](workspace)
    assert set(rebuild(workspace).values()) == {"built"}


def test_a_failed_edition_leaves_every_published_file_as_it_was(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = copy_repository(tmp_path / "repo")
    assert run_editions(root, "build").returncode == 0
    published = {p: p.read_bytes() for p in (root / "_build").glob("[hp][td]*/**/*") if p.is_file()}
    # Belarusian's PDF now fails in LaTeX (an undefined command); nothing else does.
    append(
        root / "conf.py", '\neditions_latex_languages = {"be": "belarusian}\\\\nosuchcommand{"}\n'
    )
    proc = run_editions(root, "build")
    assert proc.returncode == 1
    assert states(proc)["be pdf"] == "failed"
    assert {s for e, s in states(proc).items() if e != "be pdf"} == {"built"}
    # The LaTeX error itself, in a few lines, not the whole log.
    report = proc.stderr[proc.stderr.index("be pdf failed") :]
    assert "! Undefined control sequence." in report and len(report.splitlines()) < 30
    after = {p: p.read_bytes() for p in (root / "_build").glob("[hp][td]*/**/*") if p.is_file()}
    assert after == published


def git_commit(root, date="2026-11-01T12:00:00+00:00"):
    env = dict(os.environ, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@t",
                                                "commit", "-qm", "statement"]):  # fmt: skip
        subprocess.run(["git", *args], cwd=root, env=env, check=True)


def test_two_clean_builds_of_one_commit_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    trees = []
    for name in ("first", "second"):
        root = copy_repository(tmp_path / name)
        git_commit(root)  # SOURCE_DATE_EPOCH comes from the commit's time
        assert run_editions(root, "build", "--languages", "en uk").returncode == 0
        out = root / "_build"
        trees.append(
            {p.relative_to(out): p.read_bytes() for p in out.glob("[hp][td]*/**/*") if p.is_file()}
        )
    assert trees[0].keys() == trees[1].keys() and len(trees[0]) > 20
    assert [p for p in trees[0] if trees[0][p] != trees[1][p]] == []
    assert (
        PdfReader(pdf_path(tmp_path / "first", "uk"))
        .metadata["/CreationDate"]
        .startswith("D:20261101")
    )


def test_builds_with_the_network_cut_off(tmp_path):
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-rn", "true"]).returncode:
        pytest.skip("this machine cannot make a network namespace")
    root = copy_repository(tmp_path / "repo")
    command = [sys.executable, "-m", "editions", "build", "--languages", "be", "--strict"]
    proc = subprocess.run(["unshare", "-rn", *command], cwd=root, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert pdf_path(root, "be").exists() and (root / "_build/html/be/index.html").exists()
