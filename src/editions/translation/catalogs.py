"""Message templates and catalogs: extract, merge, create, count.

Extraction uses Sphinx's gettext builder for the documents and Babel for the extension's own
strings. Merging uses GNU gettext's ``msgmerge``, the tool translators' editors (Poedit,
Weblate) also follow, so that wrapping stays the same whoever saves a file last:

- a changed source string comes back ``#, fuzzy`` with its previous text (``#| msgid``);
- a string removed from the source is kept as an obsolete ``#~`` entry (nothing is lost;
  Sphinx ignores it, translators' editors can purge it);
- no ``#:`` location lines, width 79;
- a catalog's header (its ``POT-Creation-Date``) changes only with its content: a file that
  another editor saved with other wrapping is rewrapped, its header kept.

The organisations' names have a catalog of their own, merged by identifier without fuzzy
matching (:mod:`editions.data.names`); they do not count towards progress.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import subprocess
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

from editions import __version__
from editions.data import changes, names, signatories, statement
from editions.data.datafile import read_text
from editions.data.progress import (
    EXTENSION_DOMAIN,
    NOT_MERGED,
    UI_DOMAIN,
    Message,
    Missing,
    Progress,
    assess,
    keep_list,
)  # fmt: skip
from editions.project import Problem, Project, Refused

WIDTH = 79
# The theme's templates: every string of the page around the statement.
EXTENSION = Path(__file__).parent.parent / "sphinxext"
THEME = EXTENSION / "theme" / "statement"


def extract(project: Project, pot_dir: Path, work_dir: Path, quiet: bool = False) -> list[Path]:
    """Write ``<document>.pot`` for every document and ``editions.pot``; return them."""
    from sphinx.cmd.build import build_main

    from editions.sphinxext import private

    for source in sorted(project.docs.rglob("*.md")):  # Sphinx would replace a bad byte by "?"
        read_text(source)
    private.reset_translators()  # a pool process may have built an edition before
    argv = ["-b", "gettext", "-Q" if quiet else "-q", "-c", str(project.root),
            "-d", str(work_dir / "doctrees-gettext"), str(project.docs), str(pot_dir)]  # fmt: skip
    output = io.StringIO()  # quiet: a broken input is the build's gate to report, not ours
    with contextlib.redirect_stderr(output) if quiet else contextlib.nullcontext():
        status = build_main(argv)
    if status != 0:
        raise Refused(f"{project.relative(project.docs)}: Sphinx could not extract the text")
    catalog = Catalog(project="editions", version=__version__, charset="utf-8", fuzzy=False)
    # The Sphinx extension's own strings, and the words of the changes list.
    for source in (EXTENSION / "directive.py", EXTENSION / "notices.py", Path(changes.__file__)):
        for lineno, message, comments, context in extract_from_file(
            "python", source, comment_tags=TRANSLATORS, strip_comment_tags=True
        ):
            catalog.add(message, None, [(source.name, lineno)], auto_comments=comments,
                        context=context)  # fmt: skip
    # The place the statement was issued at (docs/statement.yaml), shown beside its date.
    if place := statement.load(project.docs / "statement.yaml")["place"]:
        where = "where the statement was issued, beside its issuer and date (statement.yaml)"
        catalog.add(place, None, auto_comments=[where])
    # The descriptions of the recorded changes of the text (docs/changes.yaml).
    for change in changes.load(project.docs / changes.FILE):
        if change.description:
            catalog.add(change.description, None, auto_comments=[f"change of {change.date}"])
    _write_pot(catalog, pot_dir / f"{EXTENSION_DOMAIN}.pot")
    _write_pot(extract_ui(project), pot_dir / f"{UI_DOMAIN}.pot")
    write_names_template(project, pot_dir / f"{names.DOMAIN}.pot")
    pots = sorted(pot_dir.glob("*.pot"))
    for pot in pots:
        describe(project, pot)
    return pots


# Each interface string says where it appears in a comment before it in the source
# (``# Translators:``, ``{# Translators: #}``), which translators' editors show (``#.``).
TRANSLATORS = ("Translators:",)
# What every interface string is, said after its own comment.
UI_DOMAINS = (EXTENSION_DOMAIN, UI_DOMAIN)
PLAIN = "Plain text, no markup."
PLACEHOLDERS = "Plain text, no markup; keep the %(…)s placeholders as they are."


def describe(project: Project, pot: Path) -> None:
    """Give each template entry an extracted comment saying what it is."""
    if pot.stem == names.DOMAIN:
        return  # each name already carries the naming rule (editions.data.names)
    template = polib.pofile(str(pot), wrapwidth=WIDTH)
    if pot.stem in UI_DOMAINS:
        for entry in template:
            rule = PLACEHOLDERS if "python-format" in entry.flags else PLAIN
            # One paragraph (as written in the source), rewrapped at the catalogs' width.
            entry.comment = "\n".join(filter(None, [" ".join(entry.comment.split()), rule]))
    else:
        document = project.docs / f"{pot.stem}.md"
        kinds = passages(document.read_text(encoding="utf-8")) if document.exists() else {}
        for entry in template:
            kind = kinds.get(entry.msgid, "Text of the statement")
            entry.comment = "\n".join(filter(None, [kind, entry.comment]))
    template.save()
    _normalise(pot)


def passages(text: str) -> dict[str, str]:
    """What each passage of a MyST document is, by its text as the template has it: "Title",
    "Heading", "Paragraph", "List item", with the section it is in ("Paragraph in the section
    “Demands”"). Never a number: inserting a passage changes no other passage's comment."""
    from editions.gate.markup import parser

    kinds: dict[str, str] = {}
    stack: list[str] = []
    kind, section, heading = "Text of the statement", "", False
    for token in parser().parse(text):
        if token.type.endswith("_open"):
            stack.append(token.type)
            heading = token.type == "heading_open"
            if heading:
                kind = "Title" if token.tag == "h1" else "Heading"
            elif token.type == "paragraph_open":
                kind = "List item" if "list_item_open" in stack else "Paragraph"
                kind += f" in the section “{section}”" if section else ""
            continue
        if token.type.endswith("_close") and stack:
            stack.pop()
        elif token.type == "inline":
            content = " ".join(token.content.split())
            kinds.setdefault(content, kind)
            if heading and kind == "Heading":
                section = content
    return kinds


def write_names_template(project: Project, path: Path) -> None:
    """``signatories.pot``: every organisation of the data files (raises ``Refused``)."""
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
            "jinja2.ext:babel_extract", str(path), comment_tags=TRANSLATORS, options=options,
            strip_comment_tags=True,
        ):  # fmt: skip
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


def merge(po: Path, pot: Path) -> str | None:
    """Merge ``pot`` into ``po``; "updated" when an entry or the header changed, "rewrapped"
    when only the wrapping did (another editor saved it), None when the file is unchanged."""
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


def _replace_if_changed(po: Path, new: Path) -> str | None:
    """Replace ``po`` by ``new`` when their content differs; when only the wrapping does,
    take ``new``'s wrapping but keep ``po``'s header as it is (its ``POT-Creation-Date``)."""
    old = polib.pofile(str(po))
    if _content(old) != _content(polib.pofile(str(new))):
        shutil.move(new, po)
        return "updated"
    date = old.metadata.get("POT-Creation-Date", "")
    text = re.sub(r'^"POT-Creation-Date: .*"$', lambda _: f'"POT-Creation-Date: {date}\\n"',
                  new.read_text(encoding="utf-8"), count=1, flags=re.MULTILINE)  # fmt: skip
    if text == po.read_text(encoding="utf-8"):
        return None
    po.write_text(text, encoding="utf-8")
    return "rewrapped"


def _content(po: polib.POFile) -> tuple[object, ...]:
    """What a catalog says, whatever the wrapping of its strings and comments and the date
    of the template it was merged with."""
    metadata = sorted((k, v) for k, v in po.metadata.items() if k != "POT-Creation-Date")
    entries = [
        (e.msgctxt, e.msgid, e.msgid_plural, e.msgstr, sorted(e.msgstr_plural.items()), e.flags,
         " ".join(e.comment.split()), " ".join(e.tcomment.split()), e.previous_msgctxt,
         e.previous_msgid, e.previous_msgid_plural, e.obsolete)
        for e in po
    ]  # fmt: skip
    return po.header, metadata, entries


def _normalise(po: Path) -> None:
    """Rewrap as msgmerge does, so the next merge changes nothing."""
    subprocess.run(["msgcat", f"--width={WIDTH}", "-o", str(po), str(po)], check=True)


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
            elif done := merge(po, pot):
                changes.append(f"{done} {relative}")
    return changes


def template_sources(pots: Iterable[Path]) -> dict[str, list[Message]]:
    """The current source strings, by domain, from freshly extracted templates."""
    return {pot.stem: [(e.msgctxt, e.msgid) for e in polib.pofile(str(pot))] for pot in pots}


def load_catalogs(project: Project, language: str) -> dict[str, polib.POFile]:
    folder = project.locale / language / "LC_MESSAGES"
    return {po.stem: polib.pofile(str(po)) for po in sorted(folder.glob("*.po"))}


def progress(project: Project, language: str, pots: Iterable[Path] | None = None) -> Progress:
    """The progress of ``language`` against the templates ``pots`` (the current source).

    Without templates, each catalog's own entries stand for the source (what the catalogs
    were last merged with).
    """
    found = load_catalogs(project, language)
    sources: dict[str, list[Message]]
    if pots is None:
        sources = {d: [(e.msgctxt, e.msgid) for e in po if not e.obsolete]
                   for d, po in found.items()}  # fmt: skip
    else:
        sources = template_sources(pots)
    return assess(language, sources, found, keep_list(project.locale / language))


@dataclass(frozen=True)
class NamesProgress:
    """Organisations' names, counted apart: translated (or kept as written), of how many."""

    translated: int
    total: int
    not_merged: int


def names_progress(project: Project, language: str, pots: Iterable[Path]) -> NamesProgress:
    template = next((p for p in pots if p.stem == names.DOMAIN), None)
    wanted = [e.msgctxt for e in polib.pofile(str(template))] if template else []
    po = catalog_path(project, language, names.DOMAIN)
    live = {e.msgctxt: e for e in polib.pofile(str(po)) if not e.obsolete} if po.exists() else {}
    try:  # a name written in the edition's language is shown as written: nothing to translate
        own = {names.CONTEXT + e.id for f in names.signatory_files(project)
               for e in signatories.load(f) if e.language == language}  # fmt: skip
    except Refused:
        own = set()  # the data file's problem is reported by the checks
    done = sum(1 for c in wanted
               if c in own or (c in live and live[c].msgstr and not live[c].fuzzy))  # fmt: skip
    return NamesProgress(done, len(wanted), sum(1 for c in wanted if c not in live))


def unmerged(project: Project, languages: Iterable[str], pots: Iterable[Path]) -> list[Problem]:
    """Each catalog lacking strings of the current templates."""
    pots = list(pots)
    found = []
    for language in languages:
        for pot in pots:
            po = catalog_path(project, language, pot.stem)
            known = (
                {(e.msgctxt, e.msgid) for e in polib.pofile(str(po)) if not e.obsolete}
                if po.exists()
                else set()
            )
            lacking = [e.msgid for e in polib.pofile(str(pot)) if (e.msgctxt, e.msgid) not in known]
            if lacking:
                first = Missing(pot.stem, 0, NOT_MERGED, lacking[0]).words()
                found.append(Problem(project.relative(po), 1, f"{len(lacking)} string(s) of the "
                                     f'current English not in this catalog (first: "{first}"): '
                                     "run `make update-po`"))  # fmt: skip
    return found


def add_language(project: Project, code: str, build_dir: Path) -> tuple[str, str, list[str]]:
    """Register ``code`` as a draft in ``pyproject.toml`` and create its catalogs from fresh
    templates; its English name, its code as the project writes it, what was written.
    All or nothing: if anything fails (or Ctrl-C comes) once the language is registered,
    ``pyproject.toml`` and ``locale/`` are left as they were."""
    from editions import project as project_module
    from editions.data import languages

    locale = languages.validate(code)
    code = project_module.language_code(code)
    if code in project.languages:
        raise project_module.LanguageError(f"'{code}' is already one of the project's languages")
    pots = extract(project, build_dir / "gettext", build_dir / "work")  # before any change
    settings = project.root / "pyproject.toml"
    folder = project.locale / code
    before = {path: path.read_bytes() for path in (settings, *folder.rglob("*"))
              if path.is_file()}  # fmt: skip
    try:
        languages.register(project, code)
        changed = update(project_module.load(project.root), pots, [code])
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        for path, data in before.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        raise
    return str(locale.english_name), code, changed
