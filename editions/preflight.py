"""Checks run before any edition is built, so bad input stops the build with a clear message."""

from __future__ import annotations

import re
import shutil
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
            problems.append(f"{project.relative(exc.path)}:{exc.line}: {exc.message}")
    return problems


def catalogs(project: Project, languages: Iterable[str]) -> list[Path]:
    return [
        po
        for language in languages
        for po in sorted((project.locale / language / "LC_MESSAGES").glob("*.po"))
    ]


def check_catalogs(project: Project, languages: Iterable[str]) -> list[str]:
    """Catalogs that are not UTF-8, do not compile, or whose translations change the markup
    (compared as MyST parses it) stop the build.

    Other findings (spelling, numbers, fuzzy entries) are ``make check-po``'s to report.
    """
    return [str(p) for po in catalogs(project, languages) for p in checks.markup_check(project, po)]


def undecodable_catalogs(project: Project, languages: Iterable[str]) -> list[str]:
    """Catalogs that are not UTF-8 or do not say so: no tool may read them (``update-po``...)."""
    return [
        str(p) for po in catalogs(project, languages) for p in checks.encoding_problems(project, po)
    ]


def bad_input(project: Project, languages: Iterable[str]) -> list[str]:
    """Everything that stops a build: signatory files, then the languages' catalogs."""
    return check_signatories(project) + check_catalogs(project, languages)


def missing_tools() -> list[str]:
    """Commands the build needs that are not installed, with the package to install."""
    needed = {"msgfmt": "gettext"}  # the PDFs need no system tool: Typst is a Python package
    return [
        f"{command} is not installed: run `make` as root, or `sudo apt-get install {package}`"
        for command, package in needed.items()
        if shutil.which(command) is None
    ]
