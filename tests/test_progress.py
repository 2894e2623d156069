"""One definition of progress: `make status`, the status page, the reader notice and
`make check-publish` agree, on a catalog with a fuzzy entry, pasted English, a kept entry
and a paragraph not yet merged."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from conftest import (
    build_editions,
    copy_repository,
    html_page,
    in_process,
    one,
    shared,
)
from editions.data import progress
from editions.data.progress import Progress
from editions.project import load
from editions.translation import catalogs

pytestmark = pytest.mark.e2e

NEW = "A paragraph added to the English after the last merge."


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared(tmp_path_factory, "progress", _repo)


def _repo(folder: Path) -> Path:
    root = copy_repository(folder)
    path = root / "locale/sr/LC_MESSAGES/index.po"
    po = polib.pofile(str(path), wrapwidth=79)
    paragraphs = [e for e in po if not e.obsolete and len(e.msgid) > 80]
    paragraphs[0].flags.append("fuzzy")
    paragraphs[1].msgstr = paragraphs[1].msgid  # English pasted as a translation
    paragraphs[2].msgstr = paragraphs[2].msgid
    paragraphs[2].tcomment = "keep: quoted in the original language"
    po.save()
    index = root / "docs/index.md"
    text = index.read_text()
    first_para_end = text.index("\n\n", text.index("\n# ") + 3)
    index.write_text(text[:first_para_end] + "\n\n" + NEW + text[first_para_end:])
    build = build_editions(root, "--languages", "sr")
    assert build.returncode == 0, build.stderr
    return root


@pytest.fixture(scope="module")
def expected(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Progress:
    """The definition's figures, once (the templates go to a folder of their own: the
    commands of the other tests write the shared copy's, maybe at the same time)."""

    def count(folder: Path) -> progress.Progress:
        pots = catalogs.extract(load(repo), folder / "gettext", folder / "work")
        return catalogs.progress(load(repo), "sr", pots)

    return shared(tmp_path_factory, "progress-expected", count)


def test_the_definition_counts_each_case(expected: Progress) -> None:
    states = sorted(m.state for m in expected.missing)
    assert states == sorted(["fuzzy", progress.COPY, progress.NOT_MERGED])
    assert (expected.fuzzy, expected.untranslated) == (1, 2)
    assert any(m.text == NEW and m.line == 0 for m in expected.missing)


def test_make_status_agrees(repo: Path, expected: Progress) -> None:
    out = in_process(repo, "status", "--languages", "sr").stdout
    row = next(line for line in out.splitlines() if line.strip(" │").startswith("sr"))
    cells = [c.strip() for c in row.split("│") if c.strip()]
    assert cells[1:4] == [str(expected.translated), "1", "2"]
    assert f"{expected.percent:.1f}" in cells
    for missing in expected.missing:
        assert re.search(rf"{re.escape(missing.where())}: {missing.state}: ", out), out
    assert "A paragraph added to the English" in out


def test_check_publish_agrees(repo: Path, expected: Progress) -> None:
    proc = in_process(repo, "check-publish", "--languages", "sr")
    assert proc.returncode == 1
    assert f"sr: {expected.percent:.1f} % translated (2 untranslated, 1 fuzzy)" in proc.stdout


def test_status_page_agrees(repo: Path, expected: Progress) -> None:
    page = (repo / "_build/site/status.html").read_text()
    numbers = (expected.translated, expected.fuzzy, expected.untranslated)
    cells = "".join(f'<td class="n">{n}</td>' for n in numbers)
    assert cells + f'<td class="n">{expected.percent:.1f} %</td>' in page
    for missing in expected.missing:
        assert f"{missing.where()}</code> {missing.state}:" in page


def test_reader_notice_agrees(repo: Path) -> None:
    assert one(html_page(repo, "sr"), ".translation-incomplete")


def test_commands_that_count_can_run_at_once(repo: Path) -> None:
    # Each extracts the current templates: into a folder of its own, not a shared one.
    commands = [("status", "--languages", "sr"), ("check-publish", "--languages", "sr")]
    running = [subprocess.Popen([sys.executable, "-m", "editions", *c], cwd=repo, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
               for c in commands]  # fmt: skip
    results = [(p.wait(), *p.communicate()) for p in running]
    assert [status for status, _, _ in results] == [0, 1], results  # sr is incomplete
    assert all("Traceback" not in err and "returned non-zero" not in err for _, _, err in results)
