"""The catalog gate on hostile input: what `make check-po`, `make check-publish` and the build
refuse or report, on small projects of their own (languages this project lacks)."""

from __future__ import annotations

from pathlib import Path

import polib

from conftest import in_process
from editions import checks, preflight, project

HEADER = {
    "Project-Id-Version": "tiny",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
}


def catalog(path: Path, language: str, entries: list[polib.POEntry],
            plural_forms: str | None = None) -> Path:  # fmt: skip
    """A catalog of ``entries`` in ``language`` with CLDR's plural rule (or ``plural_forms``)."""
    from babel.messages.plurals import get_plural

    po = polib.POFile(wrapwidth=79)
    po.metadata = HEADER | {
        "Language": language,
        "Plural-Forms": plural_forms or get_plural(language).plural_forms,
    }
    for entry in entries:
        po.append(entry)
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return path


def tiny(root: Path, languages: dict[str, list[polib.POEntry]],
         domain: str = "index") -> project.Project:  # fmt: skip
    """A project in English with one catalog ``domain`` per language of ``languages``."""
    root.mkdir(parents=True, exist_ok=True)
    codes = ", ".join(f'"{code}"' for code in ["en", *languages])
    (root / "pyproject.toml").write_text(
        f'[tool.editions]\nsource-language = "en"\nlanguages = [{codes}]\n', "utf-8"
    )
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs/statement.yaml").write_text("", "utf-8")
    for language, entries in languages.items():
        catalog(root / f"locale/{language}/LC_MESSAGES/{domain}.po", language, entries)
    return project.load(root)


def po_path(proj: project.Project, language: str, domain: str = "index") -> Path:
    return proj.locale / language / "LC_MESSAGES" / f"{domain}.po"


def line(proj: project.Project, language: str, msgid: str, domain: str = "index") -> int:
    entry = next(e for e in polib.pofile(str(po_path(proj, language, domain))) if e.msgid == msgid)
    return entry.linenum or 0


def gate(proj: project.Project, language: str) -> list[str]:
    """What the build and `make check-publish` refuse for ``language``."""
    return preflight.language_problems(proj, [language])


def check_po(proj: project.Project, language: str) -> list[str]:
    return [str(p) for p in checks.check_catalogs(proj, [language], spelling=False)[1]]


# -- an empty catalog -------------------------------------------------------------------------
def test_an_empty_catalog_is_one_line_in_every_command(tmp_path: Path) -> None:
    proj = tiny(tmp_path, {"de": [polib.POEntry(msgid="Hello", msgstr="Hallo")]})
    po_path(proj, "de").write_bytes(b"")
    expected = "locale/de/LC_MESSAGES/index.po:1: the catalog is empty: restore it from git"
    for command in (["check-po", "--no-spelling"], ["status"], ["check-publish"]):
        proc = in_process(tmp_path, *command, "--languages", "de")
        assert proc.returncode in (1, 2) and "Traceback" not in proc.stderr, proc.stderr
        assert expected in proc.stdout + proc.stderr, (command, proc.stdout, proc.stderr)
