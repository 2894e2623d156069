"""The Read the Docs build, replayed locally for every language (``make rtd-replay``)."""

from __future__ import annotations

import subprocess

import yaml

from conftest import LANGUAGES, ROOT, run_editions
from editions import rtd


def test_every_language_would_publish_its_html_and_one_pdf():
    proc = run_editions(ROOT, "rtd-replay")
    assert proc.returncode == 0, proc.stderr
    for language in LANGUAGES:
        assert f"{language}: ok" in proc.stderr


def test_jobs_follow_read_the_docs_order_and_formats():
    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text())
    names = [name for name, _ in rtd.jobs(config)]
    assert names == sorted(names, key=rtd.JOB_ORDER.index)
    assert "build.html" in names and "build.pdf" in names
    config["formats"] = []
    assert "build.pdf" not in [name for name, _ in rtd.jobs(config)]


def test_configuration_uses_our_source_directory_and_pins_the_build():
    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text())
    assert config["version"] == 2 and config["formats"] == ["pdf"]
    assert config["build"]["os"] and config["build"]["tools"]["python"] == "3.11"
    html = " ".join(config["build"]["jobs"]["build"]["html"])
    assert " -c . docs " in html and '-D language="$READTHEDOCS_LANGUAGE"' in html


def test_a_missing_pdf_is_reported(tmp_path):
    (tmp_path / "html").mkdir()
    (tmp_path / "html/index.html").write_text('<html lang="uk"><head></head></html>')
    problems = rtd.check_output(tmp_path, "uk", ("uk",))
    assert "pdf/ holds 0 PDF files, expected exactly one" in problems
    assert any("canonical" in p for p in problems)


def test_local_build_keeps_relative_links(built):
    html = (built / "_build/site/uk/index.html").read_text()
    assert 'hreflang="ru" href="../ru/index.html"' in html
    assert "readthedocs" not in subprocess.run(
        ["grep", "-o", "href=\"https://[^\"]*", str(built / "_build/site/uk/index.html")],
        capture_output=True, text=True,
    ).stdout  # fmt: skip
