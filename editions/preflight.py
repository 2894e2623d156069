"""Checks run before any edition is built, so bad input stops the build with a clear message."""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterable
from pathlib import Path

from editions import checks, signatories
from editions.project import Project

_DIRECTIVE = re.compile(r"^(?:```|:::)\{signatories\}\s+(\S+)", re.MULTILINE)


def signatory_files(project: Project) -> list[Path]:
    """The data files named by ``{signatories}`` directives in the sources."""
    found = []
    for source in sorted(project.docs.rglob("*.md")):
        for match in _DIRECTIVE.finditer(source.read_text(encoding="utf-8")):
            found.append((source.parent / match.group(1)).resolve())
    return found


def check_signatories(project: Project) -> list[str]:
    problems = []
    for path in signatory_files(project):
        try:
            signatories.load(path)
        except signatories.SignatoryError as exc:
            problems.append(_relative(project, exc.path, exc.line, exc.message))
    return problems


def catalogs(project: Project, languages: Iterable[str]) -> list[Path]:
    return [
        po
        for language in languages
        for po in sorted((project.locale / language / "LC_MESSAGES").glob("*.po"))
    ]


def check_syntax(project: Project, languages: Iterable[str]) -> list[str]:
    """Catalogs that do not compile stop the build; warnings are left to ``make check-po``."""
    problems = []
    for po in catalogs(project, languages):
        compiles, found = checks.msgfmt_problems(project, po)
        if not compiles:
            problems += [str(p) for p in found]
    return problems


def compile_catalogs(project: Project, languages: Iterable[str]) -> None:
    """Write the ``.mo`` files now, so parallel Sphinx processes never race to write them.

    The UI catalog (``sphinx.po``) also gives ``sphinx.js``, the strings of Sphinx's search
    script, which Sphinx copies to each edition as ``_static/translations.js``.
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in catalogs(project, languages):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with open(po, "rb") as f:
            catalog = read_po(f, locale=po.parent.parent.name)
        _replace(mo, lambda f, c=catalog: write_mo(f, c))
        if po.stem == "sphinx":
            script = translations_js(catalog).encode()
            _replace(po.with_suffix(".js"), lambda f, s=script: f.write(s))


def translations_js(catalog) -> str:
    """The catalog in the form of Sphinx's own ``sphinx.js`` files."""
    messages = {
        m.id if isinstance(m.id, str) else m.id[0]: m.string
        for m in catalog
        if m.id and m.string and not m.fuzzy
    }
    data = {"locale": str(catalog.locale), "messages": messages, "plural_expr": catalog.plural_expr}
    return f"Documentation.addTranslations({json.dumps(data, sort_keys=True, indent=4)});\n"


def _replace(path: Path, write) -> None:
    staging = path.with_name(f".{path.name}.new")
    with open(staging, "wb") as f:
        write(f)
    staging.replace(path)


def _relative(project: Project, path: Path, line: int, message: str) -> str:
    with contextlib.suppress(ValueError):
        path = path.relative_to(project.root)
    return f"{path}:{line}: {message}"
