"""This statement's own facts, checked in every edition it publishes (`make test`).

Add a test here for each fact an editor must not lose: the count of signatories, a name
that must appear as the organisation writes it, a date.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from editions import project
from editions.data.signatories import load as load_signatories

ROOT = Path(__file__).resolve().parent.parent
PROJECT = project.load(ROOT)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every edition, built as `make` builds them, into a temporary folder."""
    build_dir = tmp_path_factory.mktemp("build")
    proc = subprocess.run(
        [sys.executable, "-m", "editions", "build", "--build-dir", str(build_dir)],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return build_dir / "site"


@pytest.mark.parametrize("language", PROJECT.languages)
def test_every_edition_is_published_as_a_page_and_a_pdf(site: Path, language: str) -> None:
    folder = site / project.url_path(language)  # pt_BR's edition is at /pt-BR/
    assert (folder / "index.html").is_file()
    assert (folder / project.pdf_file_name(PROJECT.pdf_name, language)).is_file()


def test_the_source_edition_names_every_signatory(site: Path) -> None:
    page = (site / project.url_path(PROJECT.source_language) / "index.html").read_text("utf-8")
    text = " ".join(BeautifulSoup(page, "html.parser").get_text().split())
    for signatory in load_signatories(PROJECT.docs / "signatories.yaml"):
        assert signatory.name in text
