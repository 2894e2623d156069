"""The command line as a person at a terminal sees it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import (
    LANGUAGES,
    ROOT,
    SOURCE_DATE_EPOCH,
    build_editions,
    copy_repository,
    ctrl_c_before,
    in_process,
)


def test_build_in_a_terminal_shows_one_line_per_language(tmp_path: Path) -> None:
    """The live progress display (a terminal, not a pipe) draws and ends cleanly."""
    if shutil.which("script") is None:
        pytest.skip("no `script` to give the build a terminal")
    root = copy_repository(tmp_path / "repo")
    command = f"{sys.executable} -m editions build --languages 'sr en'"
    proc = subprocess.run(["script", "-qec", command, "/dev/null"], cwd=root,
                          capture_output=True, text=True)  # fmt: skip
    assert proc.returncode == 0, proc.stdout
    assert "Traceback" not in proc.stdout
    for edition in ("sr", "en"):
        assert edition in proc.stdout
    assert "built" in proc.stdout


def test_a_build_without_a_base_url_warns_once_and_says_how_to_set_one(
    built_copy: Path,
) -> None:
    epoch = {"SOURCE_DATE_EPOCH": str(SOURCE_DATE_EPOCH)}
    proc = build_editions(built_copy, **epoch)  # every edition up to date: no rebuild
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.count("base URL") == 1, proc.stderr  # once, not once per edition
    assert '[tool.editions] base-url = "https://' in proc.stderr
    settings = built_copy / "pyproject.toml"
    address = 'base-url = "https://statement.example/"'
    settings.write_text(settings.read_text().replace('base-url = ""', address))
    proc = build_editions(built_copy, "--languages", LANGUAGES[0], **epoch)
    assert proc.returncode == 0, proc.stderr
    assert "base URL" not in proc.stdout + proc.stderr


def test_the_project_is_found_from_the_working_directory(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    inner = root / "locale" / "sr"
    proc = subprocess.run([sys.executable, "-m", "editions", "status", "--languages", "sr"],
                          cwd=inner, capture_output=True, text=True)  # fmt: skip
    assert proc.returncode == 0 and "sr" in proc.stdout, proc.stderr
    outside = subprocess.run([sys.executable, "-m", "editions", "status"], cwd=tmp_path,
                             capture_output=True, text=True)  # fmt: skip
    assert outside.returncode == 2 and "not inside a project" in outside.stderr
    assert "Traceback" not in outside.stderr


def test_templates_sphinx_cannot_extract_are_refused_in_one_line(tmp_path: Path) -> None:
    """Sphinx says why (here, the data file it reads at start-up); the command says that it
    stopped, in one line, not with a traceback."""
    root = copy_repository(tmp_path / "repo")
    (root / "docs/statement.yaml").write_text("date: [\n", encoding="utf-8")
    proc = in_process(root, "gettext")
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.splitlines()[-1] == "docs: Sphinx could not extract the text"


# ``python -m editions build`` as `make` runs it.
MAKE = """
import runpy, sys
sys.argv = ["editions", "build", "--languages", "sr"]
runpy.run_module("editions", run_name="__main__", alter_sys=True)
"""
AT_EXIT = "import atexit, os, signal\natexit.register(os.kill, os.getpid(), signal.SIGINT)\n"


@pytest.mark.parametrize(
    ("code", "status", "stderr"),
    [(ctrl_c_before("editions.cli:main", MAKE), 130,
      "interrupted: the published editions are as they were before this command\n"),
     (AT_EXIT + MAKE, 0, "_build/site\n")],
    ids=["before the command runs", "as the interpreter exits"],
)  # fmt: skip
def test_ctrl_c_outside_the_command_says_one_line_or_nothing(
    built_copy: Path, code: str, status: int, stderr: str
) -> None:
    """Before the command runs: one line, nothing done. As the interpreter exits (here:
    nothing to build): the command's own status and output; the signal killed the exiting
    interpreter (status -2)."""
    env = os.environ | {"PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run([sys.executable, "-c", code], cwd=built_copy, capture_output=True,
                          text=True, env=env, timeout=60)  # fmt: skip
    assert (proc.returncode, proc.stderr.endswith(stderr)) == (status, True), proc.stderr
    assert "Traceback" not in proc.stderr and "Exception" not in proc.stderr


def test_a_build_with_nothing_to_do_loads_no_heavy_library(built_copy: Path) -> None:
    """The most frequent `make` answers before Sphinx, MyST, Typst, rich or polib load."""
    code = (
        "import runpy, sys\n"
        "sys.argv = ['editions', 'build']\n"
        "try:\n"
        "    runpy.run_module('editions', run_name='__main__', alter_sys=True)\n"
        "finally:\n"
        "    heavy = {'sphinx', 'docutils', 'myst_parser', 'typst', 'rich', 'polib', 'translate'}\n"
        "    print(sorted({m.split('.')[0] for m in sys.modules} & heavy))\n"
    )
    for _ in range(2):  # the first brings the copy up to date in this environment
        proc = subprocess.run([sys.executable, "-c", code], cwd=built_copy, capture_output=True,
                              text=True)  # fmt: skip
    assert "up to date" in proc.stderr and proc.stdout == "[]\n", proc.stdout + proc.stderr


BROKEN_EXTENSION = """

def setup(app):
    def count_signatories(app, doctree):
        raise KeyError("count")  # a bug in an extension's code

    app.connect("doctree-read", count_signatories)
"""


def test_an_internal_error_is_one_line_and_verbose_shows_its_traceback(tmp_path: Path) -> None:
    from conftest import PROJECT, in_process

    root = copy_repository(tmp_path / "repo", {"conf.py": BROKEN_EXTENSION})
    source = PROJECT.source_language
    quiet = in_process(root, "build", "--languages", source, "--jobs", "1")
    assert quiet.returncode == 1
    assert "Traceback" not in quiet.stderr
    said = [line for line in quiet.stderr.splitlines() if "'count'" in line]
    assert len(said) == 1 and "--verbose" in said[0], quiet.stderr
    verbose = in_process(root, "--verbose", "build", "--languages", source, "--jobs", "1")
    assert verbose.returncode == 1
    assert "Traceback (most recent call last)" in verbose.stderr
    assert 'raise KeyError("count")' in verbose.stderr and "count_signatories" in verbose.stderr


def test_a_problem_at_line_100_is_not_printed_as_an_emoji(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from editions import cli

    assert cli.fail(["locale/x/LC_MESSAGES/index.po:100: bad"], "bad input") == 2
    assert "index.po:100: bad" in capsys.readouterr().err
