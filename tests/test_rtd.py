"""The Read the Docs build, replayed locally for every language (``make rtd-replay``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import PROJECT, ROOT, TRANSLATIONS, copy_repository, in_process
from editions.pipeline import rtd

pytestmark = pytest.mark.e2e


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """The test project as a repository: the replay copies the files git tracks."""
    root = copy_repository(tmp_path / "repo")
    for name in ("Makefile", ".readthedocs.yaml"):
        shutil.copy2(ROOT / name, root / name)
    for args in (
        ["init", "-q"],
        ["add", "-A"],
        ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"],
    ):
        subprocess.run(["git", *args], cwd=root, check=True)
    return root


def test_make_rtd_replay_publishes_a_translation_and_the_pull_request_preview(
    checkout: Path,
) -> None:
    """As CI runs it: a translation's html and its one PDF, then the pull-request preview (the
    source language's html) whose page links nothing the preview lacks."""
    venv = Path(sys.executable).parent.parent  # the suite's own: make installs nothing
    proc = subprocess.run(
        ["make", "--no-print-directory", "rtd-replay", f"LANGUAGES={TRANSLATIONS[0]}",
         f"VENV={venv}"], cwd=checkout, capture_output=True, text=True,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"{TRANSLATIONS[0]}: ok" in proc.stderr and "(pull request)" not in proc.stderr
    preview = in_process(checkout, "rtd-replay", "--pull-request")
    assert preview.returncode == 0, preview.stderr
    assert preview.stderr.splitlines()[-1] == f"{PROJECT.source_language} (pull request): ok"


def replay_with(
    checkout: Path, *commands: str, pdf: bool = False, preview: bool = False
) -> subprocess.CompletedProcess[str]:
    """The replay of a configuration whose html (and pdf) jobs are ``commands``."""
    jobs = {"build": {"html": list(commands)}}
    config = {"version": 2, "build": {"os": "ubuntu-24.04", "jobs": jobs}}
    if pdf:
        config["formats"] = ["pdf"]
    path = checkout.parent / "rtd.yaml"
    path.write_text(yaml.safe_dump(config))
    args = ["--pull-request"] if preview else ["--languages", "sr"]
    return in_process(checkout, "rtd-replay", "--config", str(path), *args)


PDF_DIR = 'mkdir -p "$READTHEDOCS_OUTPUT/pdf" && cd "$READTHEDOCS_OUTPUT/pdf" && '


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (PDF_DIR + "touch statement-uk.pdf .keep",
         "pdf/ holds 2 entries (.keep, statement-uk.pdf); Read the Docs requires exactly one"),
        (PDF_DIR + "touch statement.uk.pdf",
         "pdf/statement.uk.pdf: a file name with two dots is refused by Read the Docs"),
        (PDF_DIR + "mkdir one", "pdf/one is not a file"),
        ("mkdir -p _build/html", "_build/html is left in the checkout: Read the Docs fails"),
        ('[[ -n "$READTHEDOCS_LANGUAGE" ]]',
         "Read the Docs runs each command with /bin/sh (dash): no bash-only syntax"),
        ("echo ${READTHEDOCS_LANGUAGE^^}", "with /bin/sh (dash)"),
        ("echo 'quoted'", "the command contains a single quote; Read the Docs wraps it"),
    ],
)  # fmt: skip
def test_the_replay_fails_on_each_read_the_docs_rule(
    checkout: Path, command: str, message: str
) -> None:
    proc = replay_with(checkout, command)
    assert proc.returncode == 1
    assert "sr: FAILED" in proc.stderr and message in proc.stderr, proc.stderr


def test_a_pull_request_page_may_not_link_what_a_preview_does_not_publish(
    tmp_path: Path, checkout: Path
) -> None:
    page = (
        '<html lang="en"><a href="statement-en.pdf">PDF</a>'
        '<a href="https://editions.readthedocs.invalid/uk/latest/index.html">uk</a>'
        '<a href="https://example.org/">elsewhere</a></html>'
    )
    (tmp_path / "page.html").write_text(page)
    html = "$READTHEDOCS_OUTPUT/html"
    copy = f'mkdir -p "{html}" && cp "{tmp_path}/page.html" "{html}/index.html"'
    proc = replay_with(checkout, copy, preview=True)
    assert proc.returncode == 1, proc.stderr
    assert "en (pull request): FAILED" in proc.stderr
    assert "links statement-en.pdf: not built in a pull request" in proc.stderr
    assert "links https://editions.readthedocs.invalid/uk/latest/index.html" in proc.stderr
    assert "example.org" not in proc.stderr


def test_a_pull_request_builds_html_only() -> None:
    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text())
    assert "build.pdf" in [name for name, _ in rtd.jobs(config)]
    assert "build.pdf" not in [name for name, _ in rtd.jobs(config, external=True)]


def test_jobs_run_as_read_the_docs_wraps_them() -> None:
    assert rtd.wrapped('echo "$A" && ls') == ["/bin/sh", "-c", 'echo "$A" && ls']


def test_read_the_docs_language_codes_become_sphinx_codes(tmp_path: Path) -> None:
    said = [in_process(PROJECT.root, "sphinx-language", c).stdout for c in ("uk", "pt-br", "zh-cn")]
    assert said == ["uk\n", "pt_BR\n", "zh_CN\n"]
    refused = in_process(PROJECT.root, "sphinx-language", "x;y")  # one line, nothing printed
    assert (
        refused.returncode == 2 and refused.stdout == "" and "not a language code" in refused.stderr
    )
    proc = in_process(ROOT, "sphinx-language", "pt-br")
    assert proc.stdout == "pt_BR\n"


def test_jobs_follow_read_the_docs_order_and_formats() -> None:
    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text())
    names = [name for name, _ in rtd.jobs(config)]
    assert names == sorted(names, key=rtd.JOB_ORDER.index)
    assert "build.html" in names and "build.pdf" in names
    config["formats"] = []
    assert "build.pdf" not in [name for name, _ in rtd.jobs(config)]


def test_configuration_uses_our_source_directory_and_pins_the_build() -> None:
    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text())
    assert config["version"] == 2 and config["formats"] == ["pdf"]
    assert config["build"]["os"] and config["build"]["tools"]["python"] == "3.11"
    html = " ".join(config["build"]["jobs"]["build"]["html"])
    language = '-D language="$(python -m editions sphinx-language "$READTHEDOCS_LANGUAGE")"'
    assert " -c . docs " in html and language in html
    every = [c for step in config["build"]["jobs"].values() for c in _commands(step)]
    assert every and not any("'" in command for command in every)


def test_read_the_docs_installs_what_make_installs() -> None:
    """The system packages of the build (gettext, the typefaces) are Read the Docs' too."""
    from editions.data.system import REQUIREMENTS

    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text())
    assert set(config["build"]["apt_packages"]) == {p for _, _, p in REQUIREMENTS["build"]}


def _commands(step: list[str] | dict[str, list[str]]) -> list[str]:
    return step if isinstance(step, list) else [c for cs in step.values() for c in cs]


def test_a_missing_pdf_is_reported(tmp_path: Path) -> None:
    (tmp_path / "html").mkdir()
    (tmp_path / "html/index.html").write_text('<html lang="uk"><head></head></html>')
    problems = rtd.check_output(tmp_path, "uk", ("uk",))
    assert "pdf/ holds 0 entries (nothing); Read the Docs requires exactly one" in problems
    assert any("canonical" in p for p in problems)


def test_local_build_keeps_relative_links(built: Path) -> None:
    html = (built / "_build/site/sr/index.html").read_text()
    assert 'hreflang="pl" href="../pl/index.html"' in html
    assert "readthedocs" not in subprocess.run(
        ["grep", "-o", "href=\"https://[^\"]*", str(built / "_build/site/sr/index.html")],
        capture_output=True, text=True,
    ).stdout  # fmt: skip


def test_each_replay_is_reported_as_soon_as_it_finishes(tmp_path: Path) -> None:
    """de's replay waits until pl's result is printed: printed at the end, it would wait
    in vain (and fail)."""
    root = tmp_path / "project"
    root.mkdir()
    (root / "pyproject.toml").write_text(
        '[tool.editions]\nsource-language = "en"\nlanguages = ["en", "de", "pl"]\n'
    )
    for command in (["init", "-q"], ["add", "-A"]):
        subprocess.run(["git", *command], cwd=root, check=True)
    printed = tmp_path / "pl-printed"
    wait = (f'[ "$READTHEDOCS_LANGUAGE" = pl ] || {{ i=0; while [ ! -e {printed} ] && '
            f"[ $i -lt 150 ]; do sleep 0.1; i=$((i+1)); done; test -e {printed}; }}")  # fmt: skip
    config = tmp_path / "rtd.yaml"
    config.write_text(
        yaml.safe_dump({"version": 2, "build": {"jobs": {"build": {"html": [wait]}}}})
    )
    replay = subprocess.Popen(
        [sys.executable, "-m", "editions", "rtd-replay", "--config", str(config), "-l", "de pl",
         "-j", "2"],
        cwd=root, stderr=subprocess.PIPE, text=True,
        env=os.environ | {"PYTHONPATH": str(ROOT / "src")},
    )  # fmt: skip
    assert replay.stderr is not None
    lines = []
    for line in replay.stderr:
        lines.append(line.rstrip("\n"))
        if line.startswith("pl:"):
            printed.touch()
    assert replay.wait() == 1  # neither writes a page: both fail Read the Docs' rules
    assert lines[0].startswith("Replaying Read the Docs' build of de, pl")
    de = lines.index("de: FAILED")
    assert lines.index("pl: FAILED") < de
    assert not any("build.html failed" in line for line in lines[de:]), lines
