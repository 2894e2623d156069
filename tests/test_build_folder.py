"""The build folder is a setting (``BUILDDIR``, ``--build-dir``): a build writes and deletes
only in a folder it made (marked inside), never the project or a folder above it, and
``make clean`` deletes nothing else."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pytest import MonkeyPatch

from conftest import ROOT, copy_repository, current_venv, in_process
from editions.pipeline import release


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return copy_repository(tmp_path / "repo")


def test_a_build_marks_its_folder_and_clean_deletes_it(built_copy: Path) -> None:
    build = built_copy / "_build"
    assert (build / release.MARKER).is_file()
    proc = in_process(built_copy, "clean")
    assert proc.returncode == 0, proc.stderr
    assert not build.exists() and (built_copy / "docs/index.md").is_file()
    assert in_process(built_copy, "clean").returncode == 0  # nothing left: nothing to do


def test_clean_deletes_no_folder_a_build_did_not_make(repo: Path, tmp_path: Path) -> None:
    other = tmp_path / "notes"
    other.mkdir()
    (other / "draft.txt").write_text("mine")
    (tmp_path / "link").symlink_to(other)
    for folder, words in (
        (other, "no build made this folder"),
        (repo, "the project's folder"),
        (repo / ".", "the project's folder"),
        (tmp_path, "a folder that holds the project"),
        (Path("/"), "a folder that holds the project"),
        (repo / "docs", "inside docs/"),
        (tmp_path / "link", "a link, not a build folder"),
    ):
        proc = in_process(repo, "clean", "--build-dir", str(folder))
        assert proc.returncode == 2 and words in proc.stderr, (folder, proc.stderr)
        assert len(proc.stderr.splitlines()) == 1, proc.stderr
    assert (other / "draft.txt").read_text() == "mine" and (repo / "docs/index.md").is_file()


def test_make_clean_runs_no_rm_on_what_builddir_names(repo: Path, tmp_path: Path) -> None:
    shutil.copy2(ROOT / "Makefile", repo / "Makefile")
    venv = current_venv()
    other = tmp_path / "unrelated"
    other.mkdir()
    (other / "keep.txt").write_text("mine")
    for builddir in (str(repo), str(other), ".."):
        proc = subprocess.run(["make", "-s", "clean", f"VENV={venv}"], cwd=repo,
                              capture_output=True, text=True,
                              env=os.environ | {"BUILDDIR": builddir})  # fmt: skip
        assert proc.returncode != 0, builddir
    assert (repo / "docs/index.md").is_file() and (other / "keep.txt").is_file()


def test_a_build_refuses_the_project_or_a_folder_of_other_files(repo: Path, tmp_path: Path) -> None:
    other = tmp_path / "downloads"
    other.mkdir()
    (other / "work").mkdir()  # a name a build uses, beside a file it never makes
    (other / "photo.jpg").write_bytes(b"mine")
    for folder, words in ((repo, "the project's folder"),
                          (tmp_path, "a folder that holds the project"),
                          (other, "a folder of other files (e.g. photo.jpg)"),
                          (repo / "src/out", "inside src/")):  # fmt: skip
        proc = in_process(repo, "build", "--languages", "en", "--build-dir", str(folder))
        assert proc.returncode == 2 and words in proc.stderr, (folder, proc.stderr)
    assert sorted(p.name for p in other.iterdir()) == ["photo.jpg", "work"]
    assert not (repo / "site").exists() and not (repo / "src/out").exists()
    empty = tmp_path / "empty"
    empty.mkdir()  # an empty folder is the build's to take
    release.claim(empty, repo)
    assert (empty / release.MARKER).is_file()


def test_a_relative_build_folder_keeps_the_previous_release(
    tmp_path: Path, monkeypatch: MonkeyPatch
) -> None:
    """A reader may still be downloading from the previous release: two stay, whether the
    build folder was given as a relative or an absolute path."""
    edition = tmp_path / "edition"
    edition.mkdir()
    (edition / "index.html").write_text("statement")
    monkeypatch.chdir(tmp_path)
    for build_dir in (Path("relative"), tmp_path / "absolute"):
        store = release.Store(build_dir)
        for _ in range(3):
            store.publish({"xx": edition}, {"xx": "fp"}, lambda folder, codes: None)
        releases = [p for p in store.releases.iterdir() if p.is_dir()]
        assert len(releases) == 2, build_dir
        assert store.current() in {p.resolve() for p in releases}
