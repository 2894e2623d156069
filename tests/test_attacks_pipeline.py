"""Attacks on the build pipeline's claims: its templates cache, its pool, its reading of git."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import (
    SOURCE_DATE_EPOCH,
    append,
    build_editions,
    copy_repository,
    ctrl_c_before,
    in_process,
    run_editions,
)
from editions import project
from editions.data import provenance
from editions.pipeline import site
from editions.pipeline.release import Store

pytestmark = pytest.mark.e2e

ENV = os.environ | {"GIT_AUTHOR_NAME": "E", "GIT_AUTHOR_EMAIL": "e@example.org",
                    "GIT_COMMITTER_NAME": "E", "GIT_COMMITTER_EMAIL": "e@example.org",
                    "GIT_AUTHOR_DATE": "2025-01-01T00:00:00Z",
                    "GIT_COMMITTER_DATE": "2025-01-01T00:00:00Z"}  # fmt: skip
EDITED = 1_767_225_600  # 2026-01-01: a modification time, given to the copied files


def test_a_deleted_or_changed_cached_template_is_extracted_again(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    build = tmp_path / "b"
    args = ("build", "--languages", "sr", "--build-dir", str(build))
    epoch = {"SOURCE_DATE_EPOCH": str(SOURCE_DATE_EPOCH)}
    assert in_process(root, *args, **epoch).returncode == 0
    status = (build / "site/status.html").read_text("utf-8")
    pots = build / "work/gettext"
    (pots / "index.pot").unlink()
    append(pots / "editions.pot", '\nmsgid "Planted"\nmsgstr ""\n')
    append(root / "locale/sr/LC_MESSAGES/index.po", "\n")  # so that uk is published again
    proc = in_process(root, *args, **epoch)
    assert proc.returncode == 0, proc.stderr
    assert (build / "site/status.html").read_text("utf-8") == status


def test_a_module_that_raises_on_import_fails_the_build_in_one_line(tmp_path: Path) -> None:
    root = copy_repository(
        tmp_path / "repo",
        {"src/editions/sphinxext/__init__.py": "\nraise RuntimeError('broken edit')\n"},
    )
    proc = run_editions(root, "build", "--languages", "sr", "--build-dir", str(tmp_path / "b"))
    assert proc.returncode == 1
    assert "RuntimeError: broken edit" in proc.stderr and "Traceback" not in proc.stderr


def _session(sid: int) -> list[int]:
    """The processes of session ``sid`` (field 6 of ``/proc/<pid>/stat``)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def test_a_killed_build_leaves_no_process_behind(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    build = subprocess.Popen(
        [sys.executable, "-m", "editions", "build", "--jobs", "1", "--build-dir",
         str(tmp_path / "b")],
        cwd=root, env=os.environ | {"PYTHONPATH": str(root / "src")}, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while len(_session(build.pid)) < 4 and time.monotonic() < deadline:  # the pool is up
        assert build.poll() is None, "the build ended before its pool was seen"
        time.sleep(0.05)
    build.send_signal(signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 10
    while _session(build.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _session(build.pid) == []


# Two builds in one process, as the preview runs them.
TWO_BUILDS = """
from editions import cli
print(cli.main(["build", "--languages", "sr"]), cli.main(["build", "--languages", "sr"]))
"""


def test_ctrl_c_as_the_pool_starts_a_process_leaves_it_able_to_build(built_copy: Path) -> None:
    """A Ctrl-C in the middle of the handshake killed the pool's server or left a process
    waiting for its start forever: the next build failed ("Connection refused") or hung."""
    append(built_copy / "locale/sr/LC_MESSAGES/index.po", "\n")
    # Ctrl-C as the first build hands its first process to the pool's server (forkserver).
    code = ctrl_c_before("multiprocessing.reduction:sendfds", TWO_BUILDS)
    proc = subprocess.run([sys.executable, "-c", code], cwd=built_copy, capture_output=True,
                          text=True, timeout=60)  # fmt: skip
    assert proc.stdout == "130 0\n", proc.stderr


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, env=ENV, capture_output=True, check=True)


@pytest.mark.parametrize("folder", ["", "statement/"])
def test_an_edit_not_yet_staged_dates_the_edition_by_its_files(
    tmp_path: Path, folder: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Also when the project is a folder of a larger repository: git names files from its top."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = copy_repository(tmp_path / "repo" / folder)
    for path in root.rglob("*"):
        os.utime(path, (EDITED - 1, EDITED - 1))
    git(tmp_path / "repo", "init", "-q")
    git(tmp_path / "repo", "add", "-A")
    git(tmp_path / "repo", "commit", "-qm", "text")
    proj = project.load(root)

    def epoch() -> int:
        return provenance.origins(proj, [proj.source_language])[proj.source_language].epoch

    assert epoch() == 1735689600  # the commit's date
    append(root / "docs/index.md", "\nA new sentence.\n")
    os.utime(root / "docs/index.md", (EDITED, EDITED))
    assert epoch() == EDITED


# -- the release's integrity: what is at its root and in its folders, as published -----------
def _release(build_dir: Path, edition: Path) -> Store:
    """A store that published ``edition``'s files as en and uk, and a root page."""

    def root(folder: Path, codes: list[str]) -> None:
        (folder / "index.html").write_text("root")

    store = Store(build_dir)
    store.publish(dict.fromkeys(("en", "uk"), edition), dict.fromkeys(("en", "uk"), "fp"), root)
    return store


@pytest.fixture
def edition(tmp_path: Path) -> Path:
    folder = tmp_path / "edition"
    folder.mkdir()
    (folder / "index.html").write_text("statement")
    return folder


def test_a_folder_added_at_the_release_root_is_noticed(tmp_path: Path, edition: Path) -> None:
    store = _release(tmp_path / "_build", edition)
    (store.site / "evil").mkdir()
    (store.site / "evil" / "x.html").write_text("<script>")
    assert not store.root_intact(store.manifest())


def test_a_link_added_to_an_edition_is_noticed_not_followed(
    tmp_path: Path, edition: Path
) -> None:  # fmt: skip
    store = _release(tmp_path / "_build", edition)
    (store.site / "en" / "etc").symlink_to("/etc")
    assert not store.intact("en", store.manifest())


def test_a_kept_edition_altered_by_hand_stays_noticed_after_another_is_published(
    tmp_path: Path, edition: Path
) -> None:  # fmt: skip
    """`make LANGUAGES=uk` republishes en as it is: its defacement must not become the norm
    (the next build of en would call it up to date)."""
    store = _release(tmp_path / "_build", edition)
    with (store.site / "en" / "index.html").open("a") as page:
        page.write("DEFACED")
    (store.site / "en" / "etc").symlink_to("/etc")
    store.publish({"en": None, "uk": edition}, {"uk": "fp2"}, lambda folder, codes: None)
    assert not store.intact("en", store.manifest())
    assert (store.site / "en" / "etc").is_symlink()  # copied as a link, not as /etc's files


def test_an_unreadable_catalog_refused_at_the_gate_does_not_stop_the_status_page(
    tmp_path: Path,
) -> None:
    """The other languages are published: the status page says its catalogs are unreadable."""
    root = copy_repository(tmp_path / "repo")
    with (root / "locale/sr/LC_MESSAGES/index.po").open("ab") as po:
        po.write(b"\xff\xfe")
    assert "unreadable catalogs" in site.status(project.load(root))


def test_a_site_folder_made_by_hand_is_refused_before_any_work(tmp_path: Path) -> None:
    """Publishing cannot replace a folder with its link: said at once, not after a build."""
    root = copy_repository(tmp_path / "repo")
    (root / "_build/site").mkdir(parents=True)
    proc = build_editions(root)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        f"error: {root / '_build/site'}: not a link to a release (made by hand?); move it away "
        "or delete it, then run make again"
    ]
    assert not (root / "_build/releases").exists()


def test_ctrl_c_after_the_release_is_published_says_it_was_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C landing once the new release is online (while old releases are removed, or the
    summary is printed) must not say the published editions are as they were."""
    root = copy_repository(tmp_path / "repo")

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Store, "_remove_old", interrupted)
    proc = build_editions(root, "--languages", "sr", SOURCE_DATE_EPOCH=str(SOURCE_DATE_EPOCH))
    assert (root / "_build/site/sr/index.html").is_file()  # the new release is online
    assert proc.returncode == 130
    assert "as they were before" not in proc.stdout + proc.stderr
    assert "published" in proc.stdout + proc.stderr


def test_an_edition_at_its_former_path_is_kept_when_its_language_fails(
    tmp_path: Path, edition: Path
) -> None:  # fmt: skip
    """A release made before editions took their BCP 47 path holds pt_BR/ where pt-BR/ is now:
    a language that fails in the first build after the upgrade keeps that edition, at its new
    path, as any failed language keeps its own."""

    def root(folder: Path, codes: list[str]) -> None:
        (folder / "index.html").write_text(" ".join(codes))

    store = Store(tmp_path / "_build")
    store.publish({"en": edition, "pt_BR": edition}, {"en": "fp", "pt_BR": "fp"}, root)
    published = store.current()
    assert published is not None
    (published / "pt-BR").rename(published / "pt_BR")  # as the release was published then
    store.publish({"en": edition, "pt_BR": None}, {"en": "fp2"}, root)
    assert (store.site / "pt-BR" / "index.html").read_text() == "statement"
    assert (store.site / "index.html").read_text() == "en pt_BR"
    assert store.intact("pt_BR", store.manifest())
