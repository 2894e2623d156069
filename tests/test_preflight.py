"""What stops a build before it starts: bad input and missing tools, each a clear message."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib

from conftest import FIRST, build_editions, copy_repository

INJECTIONS = {
    "script": ' <script>alert("x")</script>',
    "raw html": ' <img src="https://tracker.example/p.gif">',
    "foreign link": " [докладніше](https://example.org/elsewhere)",
    "directive": "\n\n```{raw} html\n<iframe src='https://example.org'></iframe>\n```",
    "role": " {download}`файл <https://example.org/x.exe>`",
}


def with_translation(root: Path, suffix: str, start: str = FIRST) -> polib.POEntry:
    path = root / "locale/sr/LC_MESSAGES/index.po"
    po = polib.pofile(str(path))
    entry = next(e for e in po if e.msgid.startswith(start))
    entry.msgstr += suffix
    po.save()
    return entry


def test_injected_markup_is_refused_before_building(tmp_path: Path) -> None:
    """Each injection in a paragraph of its own, one build: each is named at its line."""
    root = copy_repository(tmp_path / "repo")
    po = polib.pofile(str(root / "locale/sr/LC_MESSAGES/index.po"))
    paragraphs = [e.msgid for e in po if e.msgstr and "\n" not in e.msgid][-len(INJECTIONS) :]
    for start, suffix in zip(paragraphs, INJECTIONS.values(), strict=True):
        with_translation(root, suffix, start)
    lines = {e.linenum for e in polib.pofile(str(root / "locale/sr/LC_MESSAGES/index.po"))
             if e.msgid in paragraphs}  # fmt: skip
    proc = build_editions(root, "--languages", "sr")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    reported = set(re.findall(r"locale/sr/LC_MESSAGES/index\.po:(\d+): markup not in the source",
                              proc.stderr))  # fmt: skip
    assert {int(n) for n in reported} >= lines, proc.stderr
    assert not (root / "_build/site/sr").exists()


def test_a_shared_files_problem_is_said_once_for_every_language_it_stops(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    with open(root / "docs/signatories.yaml", "a") as f:
        f.write("- id: Not An Id\n  name: Somebody\n")
    proc = build_editions(root, "--languages", "de pl")
    assert proc.returncode == 2
    assert proc.stderr.count("docs/signatories.yaml:") == 1, proc.stderr
    assert "de, pl: bad input (previous edition kept):" in proc.stderr


def test_raw_html_in_a_translation_is_never_rendered_as_markup(tmp_path: Path) -> None:
    """Even past the gate (a sphinx-build told that it has run), MyST shows raw HTML as text."""
    root = copy_repository(tmp_path / "repo")
    with_translation(root, INJECTIONS["script"])
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-c", str(root),
         "-D", "language=sr", "-D", "editions_gated=1", str(root / "docs"), str(out)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    html = (out / "index.html").read_text()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert" in html


def test_translation_that_drops_markup_is_refused(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    index = root / "docs/index.md"
    index.write_text(index.read_text().replace("closed their", "*closed* their"))
    path = root / "locale/sr/LC_MESSAGES/index.po"
    po = polib.pofile(str(path))
    entry = next(e for e in po if e.msgid.startswith(FIRST))
    entry.msgid = entry.msgid.replace("closed their", "*closed* their")
    po.save()
    proc = build_editions(root, "--languages", "sr")
    assert proc.returncode == 2
    assert re.search(
        r"locale/sr/LC_MESSAGES/index\.po:\d+: markup missing from the translation: emphasis",
        proc.stderr,
    )


def which(tool: str) -> str:
    path = shutil.which(tool)
    assert path, f"{tool} is not installed"
    return path


def test_missing_tool_names_the_package_and_no_tex_is_needed(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    os.symlink(which("git"), bin_dir / "git")
    env = dict(os.environ, PATH=str(bin_dir))
    command = [sys.executable, "-m", "editions", "build", "--languages", "sr"]
    proc = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "msgfmt is not installed" in proc.stderr and "apt-get install gettext" in proc.stderr
    # With gettext, the PDF builds from Python packages alone: no TeX, no system fonts.
    os.symlink(which("msgfmt"), bin_dir / "msgfmt")
    proc = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert (root / "_build/site/sr/statement-sr.pdf").stat().st_size > 0
