"""Settings, environment and sources are untrusted input: each fault is one line that says
where (``file:line: message``), before any path is made from them; never a traceback."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pytest import MonkeyPatch

from conftest import ROOT, copy_repository, in_process
from editions import project
from editions.data import provenance

SETTINGS = """[project]
name = "a-statement"

[tool.editions]
source-language = "en"
languages = [
    "en",
    "{code}",
]
"""


def settings_project(folder: Path, text: str) -> Path:
    """A project of a pyproject.toml and one source: enough for a command to read both."""
    (folder / "docs").mkdir(parents=True)
    (folder / "docs/index.md").write_text("# A statement\n", "utf-8")
    (folder / "pyproject.toml").write_text(text, "utf-8")
    return folder


LONG = "x" * 65  # a PDF name longer than a file name should be


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("../../docs", "'../../docs' is not a language code"),
        ("de/../../x", "'de/../../x' is not a language code"),
        ("und", "'und' is the undetermined language: name the language"),
        ("iw", "'iw' is a deprecated code: use 'he'"),
        ("in", "'in' is a deprecated code: use 'id'"),
        ("ji", "'ji' is a deprecated code: use 'yi'"),
        ("de_DE", "'de_DE': write 'de' (the region adds nothing)"),
        ("pl-PL", "'pl-PL': write 'pl' (the region adds nothing)"),
        ("qq", "unknown language code 'qq' (not in CLDR)"),
    ],
)
def test_a_language_code_in_the_settings_is_checked_before_any_path_is_made(
    tmp_path: Path, code: str, message: str
) -> None:
    root = settings_project(tmp_path / "repo", SETTINGS.format(code=code))
    with pytest.raises(project.Refused) as refused:
        project.load(root)
    assert str(refused.value).startswith(f"pyproject.toml:8: {message}")
    build = tmp_path / "repo/_build"
    proc = in_process(root, "build", "--build-dir", str(build))
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"pyproject.toml:8: {message}")
    assert len(proc.stderr.splitlines()) == 1
    assert (root / "docs/index.md").is_file() and not build.exists()


@pytest.mark.parametrize(
    ("code", "written"),
    [("pt-BR", "pt_BR"), ("pt_br", "pt_BR"), ("sr@latin", "sr_Latn"), ("sr-Latn", "sr_Latn"),
     ("en_GB", "en_GB"), ("es-419", "es_419"), ("de", "de"), ("ar", "ar")],
)  # fmt: skip
def test_a_code_whose_script_or_region_says_something_is_kept_in_its_gettext_form(
    tmp_path: Path, code: str, written: str
) -> None:
    root = settings_project(tmp_path, SETTINGS.format(code=code))
    assert project.load(root).languages == ("en", written)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("[tool.editions\nlanguages = []\n", 1, "not valid TOML: Expected ']' at the end"),
        ('[tool.editions]\nlanguages = ["en"]\nlanguages = ["de"]\n', 3,
         "not valid TOML: Cannot overwrite a value"),
        ('[tool.editions]\nsource-language = "en"\nlanguages = [\n  "en",\n', 5,
         "not valid TOML"),
        ('# caf\xe9\n[tool.editions]\n', 1, "byte 0xe9 is not UTF-8"),
        ('[tool.editions]\nsource-language = "en"\n', 1, "[tool.editions] has no 'languages'"),
        ('[tool.editions]\nsource-langauge = "en"\nlanguages = ["en"]\n', 2,
         "unknown setting 'source-langauge' (did you mean 'source-language'?)"),
        ('[tool.editions]\nsource-language = "en"\nlanguages = ["en"]\nbase_url = ""\n', 4,
         "unknown setting 'base_url' (did you mean 'base-url'?)"),
        ('[tool.editions]\nsource-language = "en"\nlanguages = ["en"]\ncolour = "red"\n', 4,
         "unknown setting 'colour' (known: source-language, languages, drafts, pdf-name, "
         "base-url)"),
        ('[tool.editions]\nsource-language = "en"\nlanguages = "en"\n', 3,
         "'languages' must be a list of language codes"),
        ('[tool.editions]\nsource-language = "en"\nlanguages = ["en", "de", "de"]\n', 3,
         "'de' is listed twice"),
        ('[tool.editions]\nsource-language = "en"\nlanguages = ["de"]\n', 3,
         "the source language 'en' is not one of them"),
        ('[tool.editions]\nsource-language = "en"\nlanguages = ["en", "de"]\ndrafts = ["pl"]\n',
         4, "'pl' is a draft but not one of the languages"),
        ('[tool.editions]\nsource-language = "en"\nlanguages = ["en"]\npdf-name = "../x"\n', 4,
         "'../x' is not a file name"),
        ('[tool.editions]\nsource-language = "en"\nlanguages = ["en"]\npdf-name = "a.b"\n', 4,
         "'a.b' is not a file name"),
        (f'[tool.editions]\nsource-language = "en"\nlanguages = ["en"]\npdf-name = "{LONG}"\n',
         4, f"'{LONG}' is not a file name"),
        ('[tool.editions]\nsource-language = "en"\nlanguages = ["en", "de"]\ndrafts = ["en"]\n',
         4, "'en' is the source language: it is never a draft"),
        *[(f'[tool.editions]\nsource-language = "en"\nlanguages = ["en"]\nbase-url = "{url}"\n',
           4, f"'{url}' is not a site address") for url in (
            "javascript:alert(document.domain)//", "https://ex.org/{lang}/", "ftp://ex.org/",
            "/relative/", " https://ex.org/", "https://ex.org/<b>/", "https://ex.org")],
    ],
)  # fmt: skip
def test_a_malformed_pyproject_is_one_line_for_make_and_every_command(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    root = settings_project(tmp_path, "")
    (root / "pyproject.toml").write_bytes(text.encode("latin-1"))
    for command in (["build"], ["status"], ["clean"]):
        proc = in_process(root, *command)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr
        assert proc.stderr.strip().startswith(f"pyproject.toml:{line}: {message}"), proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    if "[tool.editions]\n" not in text:  # the TOML itself: `make`'s first step says it too
        proc = subprocess.run([sys.executable, "-m", "editions.data.system", "spelling"], cwd=root,
                              capture_output=True, text=True,
                              env=os.environ | {"PYTHONPATH": str(ROOT / "src")})  # fmt: skip
        assert proc.returncode == 2 and proc.stderr.startswith(f"pyproject.toml:{line}: ")
        assert len(proc.stderr.splitlines()) == 1, proc.stderr


@pytest.mark.parametrize("epoch", ["1.5", "abc", "-1", "", "1e9", "١٧٦٤١١٥٢٠٠", "99999999999999"])
def test_a_bad_source_date_epoch_is_one_line(tmp_path: Path, epoch: str) -> None:
    root = copy_repository(tmp_path / "repo")
    proc = in_process(root, "build", "--build-dir", str(tmp_path / "b"), SOURCE_DATE_EPOCH=epoch)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("SOURCE_DATE_EPOCH: ") and len(proc.stderr.splitlines()) == 1


def test_a_byte_that_is_not_utf8_in_a_source_is_one_line_for_every_command(
    tmp_path: Path,
) -> None:
    root = copy_repository(tmp_path / "repo")
    source = root / "docs/index.md"
    lines = source.read_bytes().count(b"\n")
    source.write_bytes(source.read_bytes() + b"Caf\xe9\n")  # Latin-1, as an old editor saves
    where = f"docs/index.md:{lines + 1}: byte 0xe9 is not UTF-8: save the file as UTF-8"
    build = str(tmp_path / "b")
    for command in (["build"], ["check-publish"], ["gettext"], ["status"], ["check-merged"]):
        proc = in_process(root, *command, "--build-dir", build)
        assert proc.returncode != 0 and "Traceback" not in proc.stderr, command
        assert where in proc.stderr.splitlines() or f"  {where}" in proc.stderr.splitlines()


def test_a_file_dated_in_the_future_gives_no_date_after_today(
    tmp_path: Path, monkeypatch: MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = copy_repository(tmp_path / "repo")  # no git: the files' times are all there is
    year_2100 = datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC).timestamp()
    os.utime(root / "docs/index.md", (year_2100, year_2100))
    proj = project.load(root)
    before = time.time()
    origin = provenance.origins(proj, [proj.source_language])[proj.source_language]
    assert origin.epoch <= time.time()
    date = origin.facts["date"]
    assert date <= datetime.datetime.fromtimestamp(time.time(), datetime.UTC).date().isoformat()
    assert date >= datetime.datetime.fromtimestamp(before, datetime.UTC).date().isoformat()
