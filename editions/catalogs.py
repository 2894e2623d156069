"""Message templates and catalogs: extract, merge, create, count.

Extraction uses Sphinx's gettext builder for the documents and Babel for the extension's own
strings. Merging uses GNU gettext's ``msgmerge``, the tool translators' editors (Poedit,
Weblate) also follow, so that wrapping stays the same whoever saves a file last:

- a changed source string comes back ``#, fuzzy`` with its previous text (``#| msgid``);
- a string removed from the source is kept as an obsolete ``#~`` entry (nothing is lost;
  Sphinx ignores it, translators' editors can purge it);
- no ``#:`` location lines, width 79;
- a catalog is rewritten only when an entry changed, so ``POT-Creation-Date`` never churns.

The organisations' names have a catalog of their own, merged by identifier without fuzzy
matching (:mod:`editions.names`); they do not count towards progress.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import polib
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.plurals import get_plural
from babel.messages.pofile import write_po

from editions import __version__, changes, names, signatories
from editions.project import Project

WIDTH = 79
EXTENSION_DOMAIN = "editions"  # the catalog of the extension's own strings (ext.py)
UI_DOMAIN = "sphinx"  # Sphinx's catalog name: ours adds to and overrides Sphinx's own
# The theme's templates: every string of the page around the statement.
THEME = Path(__file__).parent / "theme" / "statement"


def extract(project: Project, pot_dir: Path, work_dir: Path) -> list[Path]:
    """Write ``<document>.pot`` for every document and ``editions.pot``; return them."""
    subprocess.run(
        [
            sys.executable, "-m", "sphinx", "-b", "gettext", "-q",
            "-c", str(project.root), "-d", str(work_dir / "doctrees-gettext"),
            str(project.docs), str(pot_dir),
        ],
        check=True, cwd=project.root,
    )  # fmt: skip
    catalog = Catalog(project="editions", version=__version__, charset="utf-8", fuzzy=False)
    for source in (project.root / "editions" / "ext.py", project.root / "editions" / "changes.py"):
        for lineno, message, comments, context in extract_from_file("python", source):
            catalog.add(
                message, None, [(source.name, lineno)], auto_comments=comments, context=context
            )
    # The descriptions of the recorded changes of the text (docs/changes.yaml).
    for change in changes.load(project.docs / changes.FILE):
        if change.description:
            catalog.add(change.description, None, auto_comments=[f"change of {change.date}"])
    _write_pot(catalog, pot_dir / f"{EXTENSION_DOMAIN}.pot")
    _write_pot(extract_ui(project), pot_dir / f"{UI_DOMAIN}.pot")
    write_names_template(project, pot_dir / f"{names.DOMAIN}.pot")
    return sorted(pot_dir.glob("*.pot"))


def write_names_template(project: Project, path: Path) -> None:
    """``signatories.pot``: every organisation of the data files (raises SignatoryError)."""
    entries = [e for f in names.signatory_files(project) for e in signatories.load(f)]
    path.parent.mkdir(parents=True, exist_ok=True)
    names.template(entries).save(str(path))
    _normalise(path)


def _write_pot(catalog: Catalog, path: Path) -> None:
    catalog.msgid_bugs_address = ""  # Babel's constructor would put a placeholder address
    with open(path, "wb") as f:
        write_po(f, catalog, width=WIDTH, no_location=True, omit_header=False)


def extract_ui(project: Project) -> Catalog:
    """Every string of the page around the statement: the templates of our theme."""
    catalog = Catalog(project="editions", version=__version__, charset="utf-8", fuzzy=False)
    options = {"extensions": "jinja2.ext.i18n", "trimmed": "true"}
    for path in sorted(THEME.rglob("*.html")):
        for _, message, comments, context in extract_from_file(
            "jinja2.ext:babel_extract", str(path), options=options
        ):
            catalog.add(message, None, auto_comments=comments, context=context)
    return catalog


def catalog_path(project: Project, language: str, domain: str) -> Path:
    return project.locale / language / "LC_MESSAGES" / f"{domain}.po"


def language_team(language: str) -> str:
    return Locale.parse(language).get_display_name("en") or language


def create(po: Path, pot: Path, language: str) -> None:
    """A new catalog with a finished header: language, CLDR plural forms, UTF-8, not fuzzy."""
    po.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["msginit", "--no-translator", f"--locale={language}", f"--width={WIDTH}",
         "-i", str(pot), "-o", str(po)],
        check=True, capture_output=True,
    )  # fmt: skip
    # msginit knows plural rules for some languages only, and not always CLDR's: set CLDR's.
    plural = get_plural(language)
    catalog = polib.pofile(str(po), wrapwidth=WIDTH)
    catalog.metadata["Plural-Forms"] = plural.plural_forms
    catalog.metadata["Language-Team"] = language_team(language)
    catalog.metadata["Last-Translator"] = ""
    catalog.header = f"{language_team(language)} translation of the statement."
    for entry in catalog:
        if entry.msgid_plural:
            entry.msgstr_plural = dict.fromkeys(range(plural.num_plurals), "")
    catalog.save()
    if pot.stem == UI_DOMAIN and (shipped := sphinx_catalog(language)):
        # Start from Sphinx's own translations of the same strings, where it has them.
        subprocess.run(
            ["msgmerge", "--quiet", "--no-location", f"--width={WIDTH}", "--compendium",
             str(shipped), "-o", str(po), str(po), str(pot)],
            check=True,
        )  # fmt: skip
    _normalise(po)


def sphinx_catalog(language: str) -> Path | None:
    """Sphinx's shipped catalog for ``language`` (Ukrainian is shipped as ``uk_UA``)."""
    import sphinx

    base = Path(sphinx.__file__).parent / "locale"
    for name in (language, *sorted(p.name for p in base.glob(f"{language}_*"))):
        path = base / name / "LC_MESSAGES" / "sphinx.po"
        if path.exists():
            return path
    return None


def merge(po: Path, pot: Path) -> bool:
    """Merge ``pot`` into ``po``; return whether the file changed."""
    with tempfile.TemporaryDirectory() as tmp:
        merged = Path(tmp) / po.name
        if pot.stem == names.DOMAIN:  # by identifier, never by likeness (no borrowed names)
            catalog = names.merged(polib.pofile(str(po)), polib.pofile(str(pot)))
            catalog.save(str(merged))
            _normalise(merged)
        else:
            subprocess.run(
                ["msgmerge", "--quiet", "--previous", "--no-location", f"--width={WIDTH}",
                 "-o", str(merged), str(po), str(pot)],
                check=True,
            )  # fmt: skip
        return _replace_if_changed(po, merged)


def _replace_if_changed(po: Path, new: Path) -> bool:
    if _without_creation_date(new) == _without_creation_date(po):
        return False
    shutil.move(new, po)
    return True


def _normalise(po: Path) -> None:
    """Rewrap as msgmerge does, so the next merge changes nothing."""
    subprocess.run(["msgcat", f"--width={WIDTH}", "-o", str(po), str(po)], check=True)


def _without_creation_date(po: Path) -> list[str]:
    return [
        line
        for line in po.read_text(encoding="utf-8").splitlines()
        if not line.startswith('"POT-Creation-Date:')
    ]


def update(project: Project, pots: Iterable[Path], languages: Iterable[str]) -> list[str]:
    """Bring every language's catalogs up to date with the templates; describe what changed."""
    changes = []
    for language in languages:
        for pot in pots:
            po = catalog_path(project, language, pot.stem)
            relative = po.relative_to(project.root)
            if not po.exists():
                create(po, pot, language)
                changes.append(f"created {relative}")
            elif merge(po, pot):
                changes.append(f"updated {relative}")
    return changes


@dataclass(frozen=True)
class Progress:
    language: str
    translated: int
    fuzzy: int
    untranslated: int

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def progress_against(project: Project, language: str, pots: Iterable[Path]) -> Progress:
    """Counts of the current templates' messages in a language's catalogs.

    Unlike :func:`progress`, a source string the catalogs do not have yet (a new paragraph,
    a new signatory before ``make update-po``) counts as untranslated.
    """
    translated = fuzzy = untranslated = 0
    for pot in pots:
        if pot.stem == names.DOMAIN:
            continue  # a name not translated yet is shown as written: it never blocks
        po_path = catalog_path(project, language, pot.stem)
        po = (
            {e.msgid: e for e in polib.pofile(str(po_path)) if not e.obsolete}
            if po_path.exists()
            else {}
        )
        for message in polib.pofile(str(pot)):
            entry = po.get(message.msgid)
            if entry is not None and entry.fuzzy:
                fuzzy += 1
            elif entry is not None and entry.translated():
                translated += 1
            else:
                untranslated += 1
    return Progress(language, translated, fuzzy, untranslated)


def missing_from_catalogs(project: Project, language: str, pots: Iterable[Path]) -> int:
    """Source strings of the templates that a language's catalogs do not have yet."""
    missing = 0
    for pot in pots:
        po_path = catalog_path(project, language, pot.stem)
        known = (
            {(e.msgctxt, e.msgid) for e in polib.pofile(str(po_path)) if not e.obsolete}
            if po_path.exists()
            else set()
        )
        missing += sum(1 for m in polib.pofile(str(pot)) if (m.msgctxt, m.msgid) not in known)
    return missing


def names_translated(project: Project, language: str) -> tuple[int, int]:
    """(translated, total) organisations' names in the names catalog (kept ones included)."""
    po = catalog_path(project, language, names.DOMAIN)
    if not po.exists():
        return 0, 0
    live = [e for e in polib.pofile(str(po)) if not e.obsolete]
    return sum(1 for e in live if e.translated()), len(live)


def counted_catalogs(project: Project, language: str) -> list[Path]:
    """The catalogs that make an edition complete or not: all but the names'."""
    found = sorted((project.locale / language / "LC_MESSAGES").glob("*.po"))
    return [po for po in found if po.stem != names.DOMAIN]


def progress(project: Project, language: str) -> Progress:
    """Counts over a language's :func:`counted_catalogs`, as ``msgattrib`` counts them."""
    translated = fuzzy = untranslated = 0
    for po in counted_catalogs(project, language):
        for entry in polib.pofile(str(po)):
            if entry.obsolete:
                continue
            if entry.fuzzy:
                fuzzy += 1
            elif entry.translated():
                translated += 1
            else:
                untranslated += 1
    return Progress(language, translated, fuzzy, untranslated)


def compile_catalog(po: Path) -> None:
    """Write ``.mo`` next to ``po`` (for the UI catalog also ``sphinx.js``) from its content.

    Compiled from the ``.po`` every time, never judged by modification times (a ``.mo`` newer
    than its ``.po``, or truncated, is replaced); a file is rewritten only when its bytes
    change, whole, never half-written. ``sphinx.js`` holds the strings of Sphinx's scripts.
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with open(po, "rb") as f:
        catalog = read_po(f, locale=po.parent.parent.name)
    if po.stem == UI_DOMAIN:
        _replace(po.with_suffix(".js"), translations_js(catalog).encode())
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    _replace(po.with_suffix(".mo"), buffer.getvalue())


def translations_js(catalog: Catalog) -> str:
    """The catalog in the form of Sphinx's own ``sphinx.js`` files."""
    messages = {
        m.id if isinstance(m.id, str) else m.id[0]: m.string
        for m in catalog
        if m.id and m.string and not m.fuzzy
    }
    data = {"locale": str(catalog.locale), "messages": messages, "plural_expr": catalog.plural_expr}
    return f"Documentation.addTranslations({json.dumps(data, sort_keys=True, indent=4)});\n"


def _replace(path: Path, content: bytes) -> None:
    if path.exists() and path.read_bytes() == content:
        return
    staging = path.with_name(f".{path.name}.{os.getpid()}.new")
    staging.write_bytes(content)
    staging.replace(path)
