"""The build pipeline under attack: what is built is what is on disk, published whole or not."""

from __future__ import annotations

import fcntl
import functools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from pytest import MonkeyPatch

from conftest import (
    PROJECT,
    ROOT,
    SOURCE_DATE_EPOCH,
    TRANSLATIONS,
    append,
    build_editions,
    copy_built,
    copy_repository,
    current_venv,
    run_editions,
    shared,
)
from editions import project

pytestmark = pytest.mark.e2e

# The session's build was made with this date: its copies are up to date for these builds.
EPOCH = {"SOURCE_DATE_EPOCH": str(SOURCE_DATE_EPOCH)}
# A copy, what it published before it was damaged, and the build that followed.
Rebuilt = tuple[Path, dict[str, bytes], subprocess.CompletedProcess[str]]
# A copy and its two builds after every modification-time attack.
Attacked = tuple[Path, subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]]


def states(proc: subprocess.CompletedProcess[str]) -> dict[str, str]:
    """``{"sr": "built", ...}`` from the build's report (one line per language)."""
    found = {}
    for line in proc.stderr.splitlines():
        match = re.match(r"(\w+) +(built|up to date|failed|refused)( in [\d.]+ s)?$", line)
        if match:
            found[match.group(1)] = match.group(2)
    return found


def build(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Build sr and pl (or what ``args`` choose: a later --languages wins)."""
    return build_editions(root, "--languages", "sr pl", *args, **EPOCH, **env)


def stale(root: Path, languages: tuple[str, ...] = ("sr", "pl")) -> list[str]:
    """The languages a build of ``root`` would rebuild (its plan, computed in-process)."""
    from editions.pipeline.build import Pipeline

    return Pipeline(project.load(root), root / "_build").plan(languages).stale


def site(root: Path) -> Path:
    return root / "_build/site"


def published(root: Path, language: str = "") -> dict[str, bytes]:
    """The published files (of one language's folder, if given), by path."""
    return {
        p.relative_to(site(root)).as_posix(): p.read_bytes()
        for p in sorted(site(root).rglob("*"))
        if p.is_file() and p.relative_to(site(root)).as_posix().startswith(language)
    }


def page(root: Path, language: str = "sr") -> str:
    return (site(root) / language / "index.html").read_text("utf-8")


@pytest.fixture
def workspace(built_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the session's build (every edition up to date), dated as it was built."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(SOURCE_DATE_EPOCH))
    return built_copy


def test_nothing_changed_means_no_work_and_a_catalog_edit_only_its_language(
    workspace: Path,
) -> None:
    assert set(states(build(workspace)).values()) == {"up to date"}
    po = polib.pofile(str(workspace / "locale/sr/LC_MESSAGES/index.po"))
    po[1].msgstr += " Нова реченица."
    po.save()
    assert states(build(workspace)) == {"sr": "built", "pl": "up to date"}
    assert "Нова реченица." in page(workspace)


def test_read_the_docs_variables_rebuild_and_reach_every_pool_process(workspace: Path) -> None:
    # conf.py reads them; the pool's server may have started for a build without them.
    rtd = {"READTHEDOCS_CANONICAL_URL": "https://statement.example/sr/latest/",
           "READTHEDOCS_LANGUAGE": "sr"}  # fmt: skip
    canonical = '<link rel="canonical" href="https://statement.example/{}/latest/index.html"'
    assert states(build(workspace, **rtd)) == {"sr": "built", "pl": "built"}
    assert canonical.format("sr") in page(workspace, "sr")
    assert canonical.format("pl") in page(workspace, "pl")
    assert states(build(workspace)) == {"sr": "built", "pl": "built"}
    assert "statement.example" not in page(workspace, "sr")


def _another_wheel(root: Path) -> None:
    """A project's wheel replaced by one of the same name: only its checksum says so."""
    (root / "wheels").mkdir(exist_ok=True)
    (root / "wheels/SHA256SUMS").write_text(f"{'0' * 64}  editions-0.1.0-py3-none-any.whl\n")


EDITS: dict[str, Callable[[Path], object]] = {
    "English source": lambda root: append(root / "docs/index.md", "\nA new closing sentence.\n"),
    "signatory data": lambda root: append(
        root / "docs/signatories.yaml", "- {id: another, name: Another NGO}\n"
    ),
    "statement data": lambda root: append(root / "docs/statement.yaml", "\n# a comment\n"),
    "conf.py": lambda root: append(root / "conf.py", "\nhtml_show_sphinx = True\n"),
    # Sphinx has docutils read this one (h3 for h1 in every page); ~/.docutils and
    # DOCUTILSCONFIG it overrides.
    "docutils.conf": lambda root: (root / "docutils.conf").write_text(
        "[html writers]\ninitial_header_level: 3\n"
    ),
    "the tool's version": lambda root: (root / "requirements.txt").write_text(
        "./wheels/editions-0.2.0-py3-none-any.whl\n"
    ),
    "the tool's wheel, same name": _another_wheel,
    "extension code": lambda root: append(
        root / "src/editions/sphinxext/directive.py", "\n# changed\n"
    ),
    "PDF template": lambda root: append(
        root / "src/editions/sphinxext/typst/statement.typ", "\n// changed\n"
    ),
    "theme template": lambda root: append(
        root / "src/editions/sphinxext/theme/statement/switcher.html", "\n"
    ),
}


@pytest.mark.parametrize("kind", EDITS)
def test_each_kind_of_input_rebuilds_what_it_affects(workspace: Path, kind: str) -> None:
    """The build's plan (what it rebuilds); that a planned language is built and published is
    checked through the command line above and below."""
    assert stale(workspace) == []
    EDITS[kind](workspace)
    assert stale(workspace) == ["sr", "pl"]


@pytest.fixture(scope="module")
def broken(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Rebuilt:
    return shared(tmp_path_factory, "broken", functools.partial(_broken, built))


def _broken(built: Path, folder: Path) -> Rebuilt:
    """One build of three languages, each with its own trouble: sr's catalog is broken (the
    gate refuses it), pl's PDF fails (the template panics), de is fine. The English changed,
    so each of them is rebuilt. Returns the copy, what it published before, and the build."""
    root = copy_built(built, folder)
    before = published(root)
    append(
        root / "src/editions/sphinxext/typst/statement.typ",
        '\n#if lang == "pl" { panic("no pl") }\n',
    )
    append(root / "locale/sr/LC_MESSAGES/index.po", '\nmsgid "x"\nmsgstr "y\n')
    append(root / "docs/index.md", "\nA new closing sentence.\n")
    # The changed template is the copy's own code: a process of its own builds it.
    proc = run_editions(root, "build", "--languages", "sr pl de", **EPOCH)
    return root, before, proc


def test_a_failed_pdf_keeps_that_language_as_it_was(broken: Rebuilt) -> None:
    root, before, proc = broken
    assert states(proc)["pl"] == "failed"
    report = proc.stderr[proc.stderr.index("pl failed") :]
    assert "no pl" in report and len(report.splitlines()) < 30
    assert published(root, "pl/") == {k: v for k, v in before.items() if k.startswith("pl/")}


def test_a_broken_catalog_stops_only_its_language(broken: Rebuilt) -> None:
    root, before, proc = broken
    assert proc.returncode == 2  # bad input (refused) outranks a failure (1)
    assert states(proc) == {"sr": "refused", "pl": "failed", "de": "built"}
    assert "locale/sr/LC_MESSAGES/index.po:" in proc.stderr
    assert "make LANGUAGES='de'" in proc.stderr and "Traceback" not in proc.stderr
    assert published(root, "sr/") == {k: v for k, v in before.items() if k.startswith("sr/")}
    assert "A new closing sentence." in page(root, "de")


def older_than_everything(path: Path) -> None:
    os.utime(path, (946684800, 946684800))  # 2000-01-01


def _mv_older_file(root: Path) -> None:
    """A signatory file replaced by `mv` from a file older than the last build."""
    new = root / "new.yaml"
    new.write_text(
        (root / "docs/signatories.yaml").read_text() + "- {id: brand-new, name: Brand New Org}\n"
    )
    older_than_everything(new)
    os.replace(new, root / "docs/signatories.yaml")


def _touch_r(root: Path) -> None:
    """A source edited, then given back its old modification time (touch -r)."""
    append(root / "docs/index.md", "\nA touched closing line.\n")
    older_than_everything(root / "docs/index.md")


def _po_older_than_mo(root: Path) -> None:
    """A catalog edited, then made older than its compiled .mo."""
    _retranslate(root, "Поново преведено")
    older_than_everything(root / "locale/sr/LC_MESSAGES/index.po")


MTIME_ATTACKS: dict[str, Callable[[Path], None]] = {
    "mv of an older file": _mv_older_file,
    "touch -r": _touch_r,
    "po older than mo": _po_older_than_mo,
}
# What each attack shows in the Serbian page once built.
SHOWN = {"mv of an older file": "Brand New Org", "touch -r": "A touched closing line.",
         "po older than mo": "Поново преведено"}  # fmt: skip


def _retranslate(root: Path, text: str) -> None:
    po = polib.pofile(str(root / "locale/sr/LC_MESSAGES/index.po"))
    entry = next(e for e in po if e.msgstr and not e.obsolete and len(e.msgid) > 100)
    entry.msgstr = f"{text}. {entry.msgstr}"
    po.save()


@pytest.mark.parametrize("attack", MTIME_ATTACKS)
def test_changes_are_seen_whatever_the_modification_times_say(workspace: Path, attack: str) -> None:
    MTIME_ATTACKS[attack](workspace)
    assert "sr" in stale(workspace)


@pytest.fixture(scope="module")
def attacked(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Attacked:
    return shared(tmp_path_factory, "attacked", functools.partial(_attacked, built))


def _attacked(built: Path, folder: Path) -> Attacked:
    """Every modification-time attack at once, a truncated Polish .mo in the build folder and
    another beside its catalog (as an editor leaves one), then two builds of sr and pl (the
    signatory data changed: both are stale)."""
    root = copy_built(built, folder)
    for attack in MTIME_ATTACKS.values():
        attack(root)
    [mo] = (root / "_build").rglob("pl/LC_MESSAGES/index.mo")
    mo.write_bytes(mo.read_bytes()[:40])
    (root / "locale/pl/LC_MESSAGES/index.mo").write_bytes(mo.read_bytes())
    return root, build(root), build(root)


@pytest.mark.parametrize("attack", MTIME_ATTACKS)
def test_changes_are_built_whatever_the_modification_times_say(
    attacked: Attacked, attack: str
) -> None:
    root, first, again = attacked
    assert first.returncode == 0, first.stderr
    assert states(first)["sr"] == "built"
    assert SHOWN[attack] in page(root)
    assert set(states(again).values()) == {"up to date"}


def test_a_truncated_mo_is_recompiled_from_its_po(attacked: Attacked) -> None:
    root, first, _ = attacked
    assert states(first)["pl"] == "built"
    assert "Testowe oświadczenie" in page(root, "pl")


VICTIMS = ["sr/statement-sr.pdf", "de/_static", "pl/index.html"]


@pytest.fixture(scope="module")
def repaired(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Rebuilt:
    return shared(tmp_path_factory, "repaired", functools.partial(_repaired, built))


def _repaired(built: Path, folder: Path) -> Rebuilt:
    """Published files deleted (one per language) and en's page defaced, then one build."""
    root = copy_built(built, folder)
    before = published(root)
    for victim in VICTIMS:
        target = site(root) / victim
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink()
    (site(root) / "en/index.html").write_text("<p>defaced</p>")
    return root, before, build(root, "--languages", "en sr de pl")


@pytest.mark.parametrize("victim", [*VICTIMS, "en/index.html"])
def test_published_files_deleted_or_altered_by_hand_are_rebuilt(
    repaired: Rebuilt, victim: str
) -> None:
    root, before, proc = repaired
    language = victim.split("/")[0]
    assert states(proc)[language] == "built"
    prefix = f"{language}/"
    assert published(root, prefix) == {k: v for k, v in before.items() if k.startswith(prefix)}


def test_a_root_page_altered_by_hand_is_published_again(workspace: Path) -> None:
    before = published(workspace)
    (site(workspace) / "status.html").write_text("<p>defaced</p>")
    proc = build(workspace, "--languages", "en sr de pl")
    assert proc.returncode == 0, proc.stderr
    assert set(states(proc).values()) == {"up to date"}  # nothing rebuilt, only republished
    assert published(workspace) == before


def test_an_incremental_build_gives_the_bytes_of_a_clean_one(
    workspace: Path, tmp_path: Path
) -> None:
    only_en = ["--languages", "en"]
    assert build(workspace, *only_en).returncode == 0
    word = "unscrupulous"
    paragraphs = (workspace / "docs/index.md").read_text().split("\n\n")
    (workspace / "docs/index.md").write_text("\n\n".join(p for p in paragraphs if word not in p))
    assert build(workspace, *only_en).returncode == 0
    clean = copy_repository(tmp_path / "clean")
    shutil.copy2(workspace / "docs/index.md", clean / "docs/index.md")
    assert build(clean, *only_en).returncode == 0

    def english(root: Path) -> dict[str, bytes]:
        return {k: v for k, v in published(root).items() if k.startswith("en/")}

    incremental = english(workspace)
    assert incremental == english(clean)
    assert not any(word.encode() in data for data in incremental.values())


def inodes_and_bytes(root: Path, language: str) -> dict[str, tuple[int, bytes]]:
    folder = site(root) / language
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file()}  # fmt: skip


def test_edits_and_reverts_rebuild_only_their_language_and_end_as_a_clean_build(
    built_copy: Path, tmp_path: Path, monkeypatch: MonkeyPatch
) -> None:
    """Each edition's provenance (commit, date, "uncommitted changes") comes from its own
    inputs: an edit of one catalog, or its revert, rebuilds that language only, and what
    the editions say of themselves at the end is what a clean build says."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)  # dated by git and the files
    root = built_copy
    (root / ".gitignore").write_text("/_build/\n*.mo\n")
    git_commit(root)
    first, second = TRANSLATIONS[:2]
    assert build_editions(root).returncode == 0  # each edition names the commit
    catalogs = {code: root / f"locale/{code}/LC_MESSAGES/index.po" for code in (first, second)}
    committed = {code: po.read_bytes() for code, po in catalogs.items()}
    for code, edit in [(first, True), (second, True), (first, False), (second, False)]:
        if edit:
            po = polib.pofile(str(catalogs[code]))
            next(e for e in po if e.msgstr and not e.obsolete).msgstr += " Змінено."
            po.save()
        else:
            catalogs[code].write_bytes(committed[code])
        others = [c for c in PROJECT.languages if c != code]
        before = {c: inodes_and_bytes(root, c) for c in others}
        proc = build_editions(root)
        assert proc.returncode == 0, proc.stderr
        assert {c for c, state in states(proc).items() if state == "built"} == {code}
        assert {c: inodes_and_bytes(root, c) for c in others} == before
    clean = build_editions(root, "--build-dir", str(tmp_path / "clean"))
    assert clean.returncode == 0, clean.stderr
    assert "(uncommitted changes)" not in page(root, PROJECT.source_language)

    def tree(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes()
                for p in sorted(folder.rglob("*")) if p.is_file()}  # fmt: skip

    assert tree(site(root)) == tree(tmp_path / "clean/site")


def test_an_error_fails_its_edition_in_every_mode(workspace: Path) -> None:
    before = published(workspace)
    append(workspace / "docs/index.md", "\n```{include} nosuchfile.md\n```\n")
    for strict in ([], ["--strict"]):
        proc = build(workspace, "--languages", "sr", *strict)
        assert proc.returncode == 1, proc.stderr
        assert set(states(proc).values()) == {"failed"}
        assert "nosuchfile.md" in proc.stderr
    assert published(workspace) == before


def test_a_second_build_is_stopped_by_the_lock(workspace: Path) -> None:
    with open(workspace / "_build/.lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.write("4242")
        handle.flush()
        proc = build(workspace)
    assert proc.returncode == 2
    assert "another build is running" in proc.stderr and "Traceback" not in proc.stderr


def release_is_whole(root: Path) -> bool:
    """The published release is complete: every file its manifest lists, with its hash."""
    from editions.pipeline.release import ROOT_FILES, file_hashes

    target = site(root).resolve()
    manifest = json.loads(target.with_suffix(".json").read_text())
    found = {lang: file_hashes(target / lang) for lang in manifest["files"] if lang != ROOT_FILES}
    whole = all(found[lang] == manifest["files"][lang] for lang in found)
    return whole and {"sr", "pl"} <= set(found)


def test_a_kill_at_any_moment_leaves_a_whole_release(workspace: Path) -> None:
    # Killed at moments spread over a build as long as this machine takes for one.
    append(workspace / "docs/index.md", "\nA new closing sentence.\n")
    start = time.monotonic()
    assert build(workspace).returncode == 0
    duration = time.monotonic() - start
    command = [sys.executable, "-m", "editions", "build", "--languages", "sr pl"]
    for fraction in (0.2, 0.5, 0.8, 0.95):
        append(workspace / "docs/index.md", f"\nAnother line {fraction}.\n")
        proc = subprocess.Popen(command, cwd=workspace, env=os.environ | EPOCH,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)  # fmt: skip
        time.sleep(fraction * duration)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        assert release_is_whole(workspace)
    assert build(workspace).returncode == 0 and release_is_whole(workspace)


def test_bad_build_folder_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    (root / "blocked").write_text("a file where the build folder should be")
    proc = build_editions(root, "--languages", "en", "--build-dir", "blocked")
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr and "blocked" in proc.stderr


def two_clean_builds(
    tmp_path: Path, prepare: Callable[[Path], object], languages: str, pdf: str
) -> str:
    """Build two fresh copies prepared alike; assert the same bytes; the PDF's creation date."""
    from pypdf import PdfReader

    trees = []
    for name in ("first", "second"):
        root = copy_repository(tmp_path / name)
        prepare(root)
        assert build_editions(root, "--languages", languages).returncode == 0
        trees.append(published(root))
    assert trees[0] == trees[1] and len(trees[0]) >= 9  # the root, status and edition files
    metadata = PdfReader(tmp_path / "first/_build/site" / pdf).metadata
    assert metadata is not None
    return str(metadata["/CreationDate"])


def test_reproducible_without_git_from_the_newest_input(
    tmp_path: Path, monkeypatch: MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)

    def as_from_git_archive(root: Path) -> None:  # no .git; files dated, the text newest
        for path in root.rglob("*"):
            older_than_everything(path)
        os.utime(root / "docs/index.md", (1767225600, 1767225600))  # 2026-01-01

    created = two_clean_builds(tmp_path, as_from_git_archive, "en", "en/statement-en.pdf")
    assert created.startswith("D:20260101")


def test_makefile_variables_are_data_not_shell_code(built_copy: Path) -> None:
    """Each variable, on the command line and in the environment, with the target that
    uses it: neither make (``$(shell …)``) nor the shell (quotes) runs what it holds."""
    root = built_copy  # its editions are up to date: only a new build folder is built
    shutil.copy2(ROOT / "Makefile", root / "Makefile")
    venv = current_venv()
    targets = {"LANGUAGES": "all", "BUILDDIR": "all", "JOBS": "all", "VERSION": "release",
               "CODE": "add-language", "PORT": "serve", "CHANGED": "check-po"}  # fmt: skip
    for variable, target in targets.items():
        hostile = f'$(shell touch pwned-make-{variable})"; touch pwned-shell-{variable}; echo "'
        # One language, unless it is the attack.
        chosen = {"LANGUAGES": "uk" if target == "check-po" else "en", variable: hostile}
        given = chosen if variable in ("LANGUAGES", "VERSION") else {}  # in the environment
        command = ["make", "-s", target, f"VENV={venv}",
                   *(f"{k}={v}" for k, v in chosen.items() if k not in given)]  # fmt: skip
        subprocess.run(command, cwd=root, capture_output=True, env=os.environ | EPOCH | given)
        assert not [*root.glob("pwned-*")], variable


def git_commit(root: Path, date: str = "2026-11-01T12:00:00+00:00") -> None:
    env = dict(os.environ, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@t",
                                                "commit", "-qm", "statement"]):  # fmt: skip
        subprocess.run(["git", *args], cwd=root, env=env, check=True)


def test_two_clean_builds_of_one_commit_are_byte_identical(
    tmp_path: Path, monkeypatch: MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    # The date of the text comes from its last commit.
    created = two_clean_builds(tmp_path, git_commit, "en sr", "sr/statement-sr.pdf")
    assert created.startswith("D:20261101")


def test_builds_with_the_network_cut_off(tmp_path: Path) -> None:
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-rn", "true"]).returncode:
        pytest.skip("this machine cannot make a network namespace")
    root = copy_repository(tmp_path / "repo")
    command = [sys.executable, "-m", "editions", "build", "--languages", "de", "--strict"]
    proc = subprocess.run(["unshare", "-rn", *command], cwd=root, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert (site(root) / "de/statement-de.pdf").exists()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--languages", ""], "no language given"),
        (["--build-dir", "docs/out"], "inside docs/"),
        (["--build-dir", "locale"], "inside locale/"),
    ],
)
def test_odd_arguments_are_refused_in_one_line(tmp_path: Path, args: list[str], words: str) -> None:
    root = copy_repository(tmp_path / "repo")
    proc = build_editions(root, *args)
    assert proc.returncode == 2 and words in proc.stderr and "Traceback" not in proc.stderr
    assert not (root / "docs/out").exists()
