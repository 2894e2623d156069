"""``make release``: a text version is tagged only from a clean tree whose every language
passes the gate and builds (through the command line, in a temporary git repository)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import polib
import pytest

from conftest import ROOT, build_editions, copy_repository, find, in_process
from editions.pipeline import tagging

pytestmark = pytest.mark.e2e

IDENTITY = {
    "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
    "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.org",
}  # fmt: skip


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, env=os.environ | IDENTITY
    )
    return proc.stdout.strip() if proc.returncode == 0 else f"(failed: {proc.stderr.strip()})"


def committed(root: Path) -> Path:
    """A copy of the sources as one commit of a new git repository."""
    copy_repository(root)
    shutil.copy2(ROOT / ".gitignore", root / ".gitignore")
    git(root, "init", "--quiet")
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "The statement")
    return root


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return committed(tmp_path_factory.mktemp("release"))


@pytest.fixture
def tagged(tmp_path: Path) -> Path:
    """A repository whose commit is tagged v1.0, as ``make release`` tags it (annotated)."""
    root = committed(tmp_path / "tagged")
    git(root, "tag", "-a", "v1.0", "-m", "v1.0")
    return root


def release(repo: Path, version: str) -> subprocess.CompletedProcess[str]:
    return in_process(repo, "release", version, **IDENTITY)


@pytest.mark.parametrize("name", ["draft.txt", "docs/index.md"], ids=["new", "changed"])
def test_a_dirty_tree_is_not_released(repo: Path, name: str) -> None:
    path = repo / name
    before = path.read_bytes() if path.exists() else None
    path.write_text("notes")
    try:
        proc = release(repo, "1.0")
    finally:
        path.write_bytes(before) if before is not None else path.unlink()
    assert proc.returncode == 1
    assert f"refused: uncommitted changes (1 file(s), e.g. {name})" in proc.stderr
    assert git(repo, "tag") == ""


def test_an_incomplete_language_is_not_released(repo: Path) -> None:
    po = polib.pofile(str(repo / "locale/sr/LC_MESSAGES/editions.po"))
    find(po, "No changes since publication").msgstr = ""
    po.save()
    git(repo, "commit", "--quiet", "-am", "Lose a translation")
    try:
        proc = release(repo, "1.0")
        assert proc.returncode == 1
        assert "sr: " in proc.stderr and "— refused" in proc.stderr
        assert "refused: a language does not pass the gate; v1.0 not tagged" in proc.stderr
        assert git(repo, "tag") == ""
    finally:
        git(repo, "revert", "--quiet", "--no-edit", "HEAD")


@pytest.mark.parametrize(
    "version",
    ["one", "١.٠", "1.٠", "01.0", "1.00", "1", "1.0.0.0", "1.0\n", "v1.0", "$(shell touch x)"],
)
def test_a_version_is_major_minor_patch_in_ascii_digits(repo: Path, version: str) -> None:
    proc = release(repo, version)
    assert proc.returncode == 1 and len(proc.stderr.splitlines()) == 1, proc.stderr
    assert proc.stderr.startswith("refused: VERSION=") and git(repo, "tag") == ""
    assert not (repo / "x").exists()


def test_a_clean_complete_tree_is_tagged_once_at_the_commit_it_checked(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked = git(repo, "rev-parse", "HEAD")
    run = tagging._run

    def commit_meanwhile(copy: Path, say: Callable[[str], None], *args: str) -> bool:
        """A commit made while the release checks and builds: it is not what was checked."""
        if args[0] == "build":
            po = polib.pofile(str(repo / "locale/sr/LC_MESSAGES/editions.po"))
            find(po, "No changes since publication").msgstr = ""
            po.save()
            git(repo, "commit", "--quiet", "-am", "Lose a translation, during the release")
        return run(copy, say, *args)

    monkeypatch.setattr(tagging, "_run", commit_meanwhile)
    proc = release(repo, "1.0")
    assert proc.returncode == 0, proc.stderr
    assert "tagged v1.0 at" in proc.stderr and "not pushed" in proc.stderr
    assert git(repo, "cat-file", "-t", "v1.0") == "tag"  # annotated
    assert git(repo, "rev-parse", "v1.0^{commit}") == checked != git(repo, "rev-parse", "HEAD")
    again = release(repo, "1.0")
    assert again.returncode == 1 and "tag v1.0 exists already" in again.stderr


def test_the_edition_then_names_its_version_and_commit(tagged: Path, tmp_path: Path) -> None:
    repo = tagged
    proc = build_editions(repo, "--languages", "sr", "--build-dir", str(tmp_path / "build"))
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / "build/site/sr/index.html").read_text()
    commit = git(repo, "rev-parse", "--short", "HEAD")
    assert 'Верзија текста: <span lang="en">v1.0</span>' in page
    assert f"Комит: <code>{commit}</code>" in page and "незабележене" not in page


def test_a_plain_sphinx_build_names_them_too(tagged: Path, tmp_path: Path) -> None:
    """Read the Docs runs sphinx-build itself: the extension reads the same facts from git."""
    repo = tagged
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-D", "language=de", "-c", ".",
         "docs", str(tmp_path)],
        cwd=repo, capture_output=True, text=True,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / "index.html").read_text()
    assert 'Textversion: <span lang="en">v1.0</span>' in page
    assert f"<code>{git(repo, 'rev-parse', '--short', 'HEAD')}</code>" in page
