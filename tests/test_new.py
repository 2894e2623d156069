"""The tool as another coalition gets it: a wheel, and ``editions new DIR`` from it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pikepdf
import polib
import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, in_process, shared
from editions.data import system
from editions.pipeline import rtd

pytestmark = pytest.mark.e2e

# Files of a new project that are its own, not this repository's: its statement, settings,
# README and content tests. Every other file is this repository's, byte for byte.
OWN = {
    "README.md", "pyproject.toml", "requirements.txt", "docs/index.md", "docs/signatories.yaml",
    "docs/statement.yaml", "tests/test_statement_content.py",
}  # fmt: skip


def _wheel(folder: Path) -> Path:
    folder.mkdir(parents=True)
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(folder),
         str(ROOT)], capture_output=True, text=True,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    [wheel] = folder.glob("editions-*.whl")
    return wheel


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared(tmp_path_factory, "wheel", _wheel)


def make_project(folder: Path, wheel: Path, *args: str) -> Path:
    proc = in_process(folder.parent, "new", str(folder), "--wheel", str(wheel), *args)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return folder


def test_the_wheel_holds_every_file_of_the_package(wheel: Path) -> None:
    """The theme, the Typst templates and the skeleton included (symbolic links as files)."""
    package = ROOT / "src"
    wanted = {
        p.relative_to(package).as_posix() for p in package.glob("editions/**/*")
        if p.is_file() and "__pycache__" not in p.parts and ".egg-info" not in str(p)
    }  # fmt: skip
    held = set(zipfile.ZipFile(wheel).namelist())
    assert wanted - held == set()
    skeleton = ROOT / "src/editions/skeleton"
    with zipfile.ZipFile(wheel) as archive:
        assert archive.read("editions/skeleton/Makefile") == (skeleton / "Makefile").read_bytes()


def test_a_new_project_is_this_repository_less_its_statement(tmp_path: Path, wheel: Path) -> None:
    root = make_project(tmp_path / "coalition", wheel)
    files = {p.relative_to(root).as_posix() for p in root.rglob("*")
             if p.is_file() and ".git" not in p.relative_to(root).parts}  # fmt: skip
    files -= {f"wheels/{wheel.name}", "wheels/SHA256SUMS"}
    assert {f for f in files if not (ROOT / f).is_file()} == set()  # the layout is ours
    differ = {f for f in files - OWN if (ROOT / f).read_bytes() != (root / f).read_bytes()}
    assert differ == set()
    assert (root / ".ci/run").stat().st_mode & 0o111
    assert system.checksum_problems(root) == []
    assert system.requirement_lines(root, "test") == [f"./wheels/{wheel.name}[test]"]
    with open(root / "pyproject.toml", "rb") as f:
        settings = tomllib.load(f)["tool"]["editions"]
    with open(ROOT / "pyproject.toml", "rb") as f:
        assert settings.keys() == tomllib.load(f)["tool"]["editions"].keys()


def test_a_new_project_builds_adds_and_removes_languages(tmp_path: Path, wheel: Path) -> None:
    root = make_project(tmp_path / "coalition", wheel, "--source-language", "pl")
    for code in ("de", "pt-BR"):
        proc = in_process(root, "add-language", code)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    proc = in_process(root, "build")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for code in ("pl", "de", "pt-BR"):  # published as BCP 47 writes it (locale/pt_BR/)
        edition = root / "_build/site" / code
        assert (edition / "index.html").is_file() and (edition / f"statement-{code}.pdf").is_file()
    proc = in_process(root, "remove-language", "de")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert not (root / "locale/de").exists()
    with open(root / "pyproject.toml", "rb") as f:
        settings = tomllib.load(f)["tool"]["editions"]
    assert (settings["languages"], settings["drafts"]) == (["pl", "pt_BR"], ["pt_BR"])
    proc = in_process(root, "remove-language", "pl")
    assert proc.returncode == 2 and "source language" in proc.stderr


def test_new_leaves_a_folder_that_is_not_empty_alone(tmp_path: Path, wheel: Path) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken/notes.txt").write_text("mine")
    proc = in_process(tmp_path, "new", str(tmp_path / "taken"), "--wheel", str(wheel))
    assert proc.returncode == 2 and "not an empty folder" in proc.stderr
    assert [p.name for p in (tmp_path / "taken").iterdir()] == ["notes.txt"]


def test_a_wheel_that_is_not_the_one_recorded_is_not_installed(tmp_path: Path, wheel: Path) -> None:
    root = make_project(tmp_path / "coalition", wheel)
    with open(root / "wheels" / wheel.name, "ab") as f:
        f.write(b"tampered")
    venv = tmp_path / "venv"
    assert system.ensure_venv(venv, root) == 1
    assert not venv.exists()  # refused before anything was installed
    [problem] = map(str, system.checksum_problems(root))
    assert problem.startswith("wheels/SHA256SUMS:1: ") and "does not match" in problem


def test_outside_a_project_the_message_keeps_its_brackets(tmp_path: Path) -> None:
    proc = in_process(tmp_path, "status")
    assert proc.returncode == 2 and "[tool.editions]" in proc.stderr
    assert "editions new DIR" in proc.stderr


def test_outside_a_project_help_is_the_help_of_new(tmp_path: Path) -> None:
    for flag in ("--help", "-h"):
        proc = in_process(tmp_path, flag)
        assert proc.returncode == 0 and "usage: editions new" in proc.stdout, proc.stderr
    (tmp_path / "pyproject.toml").write_text("[tool.editions\n")  # a project, malformed
    proc = in_process(tmp_path, "--help")
    assert proc.returncode == 2 and proc.stderr.startswith("pyproject.toml:1: not valid TOML")


def test_every_fact_of_the_statement_is_shown_and_the_place_translated(
    tmp_path: Path, wheel: Path
) -> None:
    root = make_project(tmp_path / "coalition", wheel)
    facts = root / "docs/statement.yaml"
    facts.write_text(facts.read_text().replace("place:", "place: Example Town")
                     .replace("issuer:", "issuer: Example Coalition")
                     .replace("date:", "date: 2026-01-15")
                     .replace("licence:", "licence: CC BY 4.0")
                     .replace("licence-url:", "licence-url: https://creativecommons.org/licenses/by/4.0/")
                     .replace("contact:", "contact: press@coalition.example"))  # fmt: skip
    assert in_process(root, "add-language", "de").returncode == 0
    po = polib.pofile(str(root / "locale/de/LC_MESSAGES/editions.po"))
    said = {"Example Town": "Beispielstadt", "Licence": "Lizenz", "Contact": "Kontakt"}
    for entry in po:
        entry.msgstr = said.get(entry.msgid, entry.msgstr)
    po.save()
    proc = in_process(root, "build")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    page = BeautifulSoup((root / "_build/site/de/index.html").read_text(), "html.parser")
    masthead = page.select_one(".statement-meta")
    assert masthead is not None and "Example Coalition" in masthead.get_text()
    assert "Beispielstadt" in masthead.get_text() and "Example Town" not in page.get_text()
    colophon = page.select_one(".statement-colophon")
    assert colophon is not None and colophon.get_text().startswith("Lizenz: CC BY 4.0")
    links = {a.get_text(): unquote(str(a["href"])) for a in colophon.select("a")}
    assert links == {"CC BY 4.0": "https://creativecommons.org/licenses/by/4.0/",
                     "press@coalition.example": "mailto:press@coalition.example"}  # fmt: skip
    pdf = subprocess.run(["pdftotext", str(root / "_build/site/de/statement-de.pdf"), "-"],
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    for words in ("Beispielstadt", "Lizenz: CC BY 4.0", "Kontakt: press@coalition.example"):
        assert words in " ".join(pdf.split()), words


def test_a_contact_that_is_neither_mail_nor_web_is_refused_at_its_line(
    tmp_path: Path, wheel: Path
) -> None:
    root = make_project(tmp_path / "coalition", wheel)
    facts = root / "docs/statement.yaml"
    facts.write_text(facts.read_text().replace("contact:", "contact: javascript:alert(1)"))
    proc = in_process(root, "build")
    line = facts.read_text().splitlines().index("contact: javascript:alert(1)") + 1
    assert proc.returncode == 2 and f"docs/statement.yaml:{line}: 'contact' must be" in proc.stderr


# Correct German and Polish translations of a new project's statement and count line: the
# paragraph quotes as each language does; Polish keeps one-letter words with the next word.
NB = "\u00a0"
TRANSLATED: dict[str, dict[str, str | list[str]]] = {
    "de": {
        "Title of the statement": "Titel der Erklärung",
        "Replace this paragraph": "Ersetzen Sie diesen Absatz durch den Text der Erklärung in "
        "ihrer Ausgangssprache. Jeder Absatz ist ein „Eintrag“ für die Übersetzer; MyST "
        "Markdown bietet Hervorhebungen, Links, Listen, Zitate, Fußnoten und Tabellen.",
        "Signatories": "Unterzeichner",
        "Signed by %(count)s organisation": ["Unterzeichnet von %(count)s Organisation",
                                             "Unterzeichnet von %(count)s Organisationen"],
    },
    "pl": {
        "Title of the statement": "Tytuł oświadczenia",
        "Replace this paragraph": f"Zastąp ten akapit tekstem oświadczenia w{NB}jego języku "
        "źródłowym. Każdy akapit to jeden „wpis” dla tłumaczy; MyST Markdown daje wyróżnienia, "
        f"odnośniki, listy, cytaty, przypisy i{NB}tabele.",
        "Signatories": "Sygnatariusze",
        "Signed by %(count)s organisation": ["Podpisała %(count)s organizacja",
                                             "Podpisały %(count)s organizacje",
                                             "Podpisało %(count)s organizacji"],
    },
}  # fmt: skip
# Each language's mistakes in the paragraph: straight quotes, a one-letter word at a line end.
MISTAKES = {
    "de": ("„Eintrag“", '"Eintrag"', 'ASCII quotes ("): use „…“ (nested ‚…‘)'),
    "pl": (f"i{NB}tabele", "i tabele", "one-letter word 'i' followed by a plain space"),
}


def translate(root: Path, language: str, texts: dict[str, str | list[str]]) -> int:
    """Fill the language's catalogs with ``texts`` (by the start of each English string);
    the line of the paragraph's entry in ``index.po``."""
    for po_path in sorted((root / "locale" / language / "LC_MESSAGES").glob("*.po")):
        po = polib.pofile(str(po_path), wrapwidth=79)
        for entry in po:
            for start, text in texts.items():
                if not entry.msgid.startswith(start):
                    continue
                if isinstance(text, list):
                    entry.msgstr_plural = dict(enumerate(text))
                else:
                    entry.msgstr = text
        po.save(str(po_path))
    index = polib.pofile(str(root / "locale" / language / "LC_MESSAGES/index.po"))
    return next(e.linenum or 0 for e in index if e.msgid.startswith("Replace this paragraph"))


def test_check_po_follows_each_languages_typography(tmp_path: Path, wheel: Path) -> None:
    """Correct German and Polish catalogs pass (placeholders are not spell-checked); their
    straight quotes and one-letter words at a line end are caught, each at its entry."""
    root = make_project(tmp_path / "coalition", wheel)
    lines = {}
    for language, texts in TRANSLATED.items():
        assert in_process(root, "add-language", language).returncode == 0
        lines[language] = translate(root, language, texts)
        # The project's own words, which no dictionary holds.
        (root / "locale" / language / "wordlist.txt").write_text("MyST\nMarkdown\n", "utf-8")
    proc = in_process(root, "check-po")
    assert proc.returncode == 0 and "0 problem(s)" in proc.stderr, proc.stdout + proc.stderr
    for language, (right, wrong, _) in MISTAKES.items():
        paragraph = TRANSLATED[language]["Replace this paragraph"]
        assert isinstance(paragraph, str)
        translate(root, language, {"Replace this paragraph": paragraph.replace(right, wrong)})
    proc = in_process(root, "check-po")
    assert proc.returncode != 0
    for language, (_, _, message) in MISTAKES.items():
        where = f"locale/{language}/LC_MESSAGES/index.po:{lines[language]}: "
        assert f"{where}{message}" in proc.stdout, proc.stdout


def test_codes_with_a_region_or_a_script_build_and_are_written_in_bcp_47(
    tmp_path: Path, wheel: Path
) -> None:
    """A project with pt-BR and sr-Latn builds every edition; each page, and the chooser at
    the site's root, names every language as BCP 47 does (``lang``, ``hreflang``), never as
    gettext does (``pt_BR``), and so do the site's folders, the PDFs' names and every link
    (decision record 0002)."""
    root = make_project(tmp_path / "coalition", wheel)
    for code in ("pt-BR", "sr-Latn"):
        assert in_process(root, "add-language", code).returncode == 0
    settings = root / "pyproject.toml"
    site_url = "https://example.org/statement/"
    settings.write_text(settings.read_text().replace(
        'base-url = ""', f'base-url = "{site_url}{{language}}/"'))  # fmt: skip
    proc = in_process(root, "build")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    tags = ["en", "pt-BR", "sr-Latn"]
    site = root / "_build/site"
    assert sorted(p.name for p in site.iterdir() if p.is_dir()) == tags
    editions = {tag: f"{site_url}{tag}/index.html" for tag in tags}
    for tag in tags:
        edition = site / tag
        page = BeautifulSoup((edition / "index.html").read_text("utf-8"), "html.parser")
        assert page.html is not None and page.html["lang"] == tag
        switcher = page.select("nav.edition-switcher [lang]")
        assert sorted(str(e["lang"]) for e in switcher) == tags
        linked = {str(a["hreflang"]): str(a["href"]) for a in page.select("nav.edition-switcher a")}
        assert linked == {t: editions[t] for t in tags if t != tag}
        alternates = {str(link["hreflang"]): str(link["href"])
                      for link in page.select('link[rel="alternate"]')}  # fmt: skip
        assert alternates == {**editions, "x-default": site_url}
        assert page.select_one('link[rel="canonical"]')["href"] == editions[tag]  # type: ignore[index]
        pdf_link = page.select_one(".downloads li.pdf a")
        assert pdf_link is not None and pdf_link["href"] == f"statement-{tag}.pdf"
        with pikepdf.open(edition / f"statement-{tag}.pdf") as pdf:
            assert str(pdf.Root.Lang) == tag.split("-Latn")[0]  # Typst takes no script
            uris = {str(annot.A.URI) for pdf_page in pdf.pages
                    for annot in pdf_page.get("/Annots", []) if "/A" in annot}  # fmt: skip
        others = {f"{site_url}{t}/statement-{t}.pdf" for t in tags if t != tag}
        assert others <= uris, uris
    chooser = BeautifulSoup((site / "index.html").read_text("utf-8"), "html.parser")
    assert {str(li["lang"]) for li in chooser.select("li[lang]")} == set(tags)
    chosen = {str(a["hreflang"]): str(a["href"]) for a in chooser.select("a[hreflang]")}
    assert chosen == {tag: f"{tag}/index.html" for tag in tags}
    sitemap = BeautifulSoup((site / "sitemap.xml").read_text("utf-8"), "xml")
    assert sorted(loc.get_text() for loc in sitemap.find_all("loc")) == sorted(editions.values())
    assert {str(link["hreflang"]): str(link["href"]) for link in sitemap.find_all("link")} == {
        **editions, "x-default": site_url,
    }  # fmt: skip


def test_read_the_docs_serves_a_code_with_a_region_at_its_own_lower_case_code(
    tmp_path: Path, wheel: Path
) -> None:
    """Read the Docs names a translation project ``pt-br``: the replay passes that code, and
    the page's canonical, alternates, switcher and PDF link are its URLs (``/pt-br/``)."""
    root = make_project(tmp_path / "coalition", wheel)
    for code in ("pt-BR", "sr-Latn"):
        assert in_process(root, "add-language", code).returncode == 0
    said = rtd.environment(root, "pt_BR")
    assert (said["READTHEDOCS_LANGUAGE"], said["READTHEDOCS_CANONICAL_URL"]) == (
        "pt-br", "https://editions.readthedocs.invalid/pt-br/latest/",
    )  # fmt: skip
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)  # the replay copies git's files
    proc = in_process(root, "rtd-replay", "--languages", "pt-BR")
    assert proc.returncode == 0 and "pt_BR: ok" in proc.stderr, proc.stdout + proc.stderr


def _decoy(path: Path) -> None:
    """A wheel whose setup code announces itself, as a tampered one could do anything."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("editions/__init__.py", "")
        archive.writestr("editions/data/__init__.py", "")
        archive.writestr("editions/data/system.py", "print('decoy ran')\n")


def test_make_runs_no_wheel_before_its_checksum_is_checked(tmp_path: Path, wheel: Path) -> None:
    root = make_project(tmp_path / "coalition", wheel)
    _decoy(root / "wheels/editions-0.0.1-py3-none-any.whl")  # beside the one recorded
    proc = subprocess.run(["make", "-s", "system"], cwd=root, capture_output=True, text=True)
    assert proc.returncode == 0 and "decoy ran" not in proc.stdout, proc.stdout + proc.stderr
    _decoy(root / "wheels" / wheel.name)  # the recorded one, replaced
    proc = subprocess.run(["make", "-s", "system"], cwd=root, capture_output=True, text=True)
    assert proc.returncode == 2 and "decoy ran" not in proc.stdout
    assert "wheels/SHA256SUMS: the tool's wheel is not the one" in proc.stderr


def test_a_requirement_on_an_unlisted_wheel_is_refused(tmp_path: Path, wheel: Path) -> None:
    root = make_project(tmp_path / "coalition", wheel)
    _decoy(root / "wheels/editions-0.0.1-py3-none-any.whl")
    (root / "requirements.txt").write_text("./wheels/editions-0.0.1-py3-none-any.whl\n")
    assert list(map(str, system.unlisted_wheels(root))) == [
        "requirements.txt:1: wheels/editions-0.0.1-py3-none-any.whl is not in wheels/SHA256SUMS: "
        "install only the wheel this project was made with"
    ]
    assert system.ensure_venv(tmp_path / "venv", root) == 1 and not (tmp_path / "venv").exists()


@pytest.mark.parametrize("given", ["missing.whl", "notes.txt"])
def test_new_checks_the_wheel_before_writing_anything(tmp_path: Path, given: str) -> None:
    (tmp_path / "notes.txt").write_text("not a wheel")
    proc = in_process(tmp_path, "new", str(tmp_path / "p"), "--wheel", str(tmp_path / given))
    assert proc.returncode == 2 and "not a wheel of the editions tool" in proc.stderr
    assert not (tmp_path / "p").exists()


def test_a_stock_build_of_a_language_the_project_lacks_is_refused(
    tmp_path: Path, wheel: Path
) -> None:
    root = make_project(tmp_path / "coalition", wheel)
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", "-c", ".",
                           "-D", "language=pl", "docs", str(tmp_path / "out")], cwd=root,
                          capture_output=True, text=True)  # fmt: skip
    assert proc.returncode != 0 and "language 'pl' is not one of the project's" in proc.stderr


def test_a_new_project_is_a_repository_with_every_file_staged(tmp_path: Path, wheel: Path) -> None:
    """Provenance and the Read the Docs replay read git."""
    root = make_project(tmp_path / "coalition", wheel)
    staged = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True,
                            check=True).stdout.split()  # fmt: skip
    assert {"Makefile", "conf.py", "docs/index.md", f"wheels/{wheel.name}"} <= set(staged)


def test_the_replay_outside_a_repository_is_one_line(tmp_path: Path, wheel: Path) -> None:
    root = make_project(tmp_path / "coalition", wheel)
    shutil.rmtree(root / ".git")
    proc = in_process(root, "rtd-replay")
    assert proc.returncode == 2 and "not a git repository" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


def test_interface_strings_a_catalog_lacks_carry_the_source_language(
    tmp_path: Path, wheel: Path
) -> None:
    """In an Arabic edition with no interface translations, the notice and the note on the
    original are English: marked so, and left to right."""
    root = make_project(tmp_path / "coalition", wheel)
    assert in_process(root, "add-language", "ar").returncode == 0
    assert in_process(root, "build", "--languages", "ar").returncode == 0
    page = BeautifulSoup((root / "_build/site/ar/index.html").read_text(), "html.parser")
    notice = page.select(".translation-incomplete p")
    assert notice and all((p.get("lang"), p.get("dir")) == ("en", "ltr") for p in notice)
    note = page.select_one(".original-language")
    assert note is not None and (note.get("lang"), note.get("dir")) == ("en", "ltr")
