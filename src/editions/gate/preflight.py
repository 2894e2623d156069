"""Checks run before any edition is built, so bad input stops the build with a clear message."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from editions.data import changes, namelist, names, signatories, statement
from editions.data.datafile import read_text
from editions.data.provenance import NOTES
from editions.gate import checks, markup
from editions.gate.typography import rules
from editions.project import Problem, Project, Refused

signatory_files = names.signatory_files


def _refused(
    project: Project, reads: Iterable[tuple[Callable[[Path], object], Path]]
) -> list[Problem]:
    """What each read refuses its file with (one problem a file: reading stops at the first)."""
    problems = []
    for read, path in reads:
        try:
            read(path)
        except Refused as exc:
            problems.append(project.located(exc.problem))
    return problems


def check_signatories(project: Project) -> list[Problem]:
    return _refused(project, ((signatories.load, path) for path in signatory_files(project)))


def check_sources(project: Project) -> list[Problem]:
    """The Markdown sources are UTF-8 (every other check, and Sphinx, read them as such), and
    the published ones hold no raw HTML, which every edition would show as text; none is in a
    linked folder: Sphinx reads one, the checks and the fingerprint do not."""
    notes = project.root / NOTES
    linked = [
        path for path in sorted(project.docs.rglob("*"))
        if path.is_symlink() and path.is_dir() and not path.is_relative_to(notes)
    ]  # fmt: skip
    if linked:
        message = "a link to a folder, whose documents would be published unchecked: copy them"
        return [Problem(project.relative(path), 0, f"{message} into docs/") for path in linked]
    problems = _refused(project, ((read_text, path) for path in sorted(project.docs.rglob("*.md"))))
    for path in [] if problems else published_sources(project):
        problems += [Problem(project.relative(path), line, f"raw HTML ({html[:40]}) is shown as "
                             "text, not as markup: write it in Markdown, or remove it")
                     for line, html in markup.raw_html(read_text(path))]  # fmt: skip
    return problems


def published_sources(project: Project) -> list[Path]:
    """The Markdown files the editions are built from: not the team's notes, no README."""
    notes = project.root / NOTES
    return [path for path in sorted(project.docs.rglob("*.md"))
            if path.name != "README.md" and not path.is_relative_to(notes)]  # fmt: skip


def check_translatable(project: Project) -> list[Problem]:
    """Each translated document is in ``docs/`` itself: a catalog in a subfolder of
    ``LC_MESSAGES`` is one the gate never reads, so it is never compiled (editions.sphinxext.mo)
    and such a document would stay in the source language, silently."""
    return [Problem(project.relative(path), 1, "a document in a subfolder of docs/ is never "
                    "translated: move it into docs/ (or into docs/project/, the team's notes)")
            for path in published_sources(project) if path.parent != project.docs]  # fmt: skip


def check_statement(project: Project) -> list[Problem]:
    """``docs/statement.yaml`` and ``docs/names.yaml``: each is read whole or refused."""
    docs = project.docs
    return _refused(project, [(statement.load, docs / "statement.yaml"),
                              (namelist.load, docs / namelist.FILE)])  # fmt: skip


def check_changes(project: Project) -> list[Problem]:
    """``docs/changes.yaml``: well-formed entries about organisations the data know."""
    path = project.docs / changes.FILE
    if not path.exists():
        return []
    try:
        ids = {e.id for f in signatory_files(project) for e in signatories.load(f)}
    except Refused:
        return []  # reported by check_signatories
    return [project.located(p) for p in changes.check(path, ids)]


def check_names(project: Project, languages: Iterable[str]) -> list[Problem]:
    """Translated names that hide an organisation or pass for another (see editions.data.names)."""
    try:
        entries = [e for f in signatory_files(project) for e in signatories.load(f)]
    except Refused:
        return []  # reported by check_signatories
    problems = []
    for language in languages:
        po = names.catalog(project, language)
        if po.exists():
            forms = rules(language).before_names
            found = names.problems(entries, names.read(po), forms)
            problems += [Problem(project.relative(po), line, message) for line, message in found]
    return problems


def check_catalogs(project: Project, languages: Iterable[str]) -> list[Problem]:
    """Catalogs that are not UTF-8, do not compile, have a wrong header (language, fuzzy, a
    plural rule other than CLDR's), or whose translations change the markup (compared as MyST
    parses it), the numbers, or hold an invisible control stop the build
    (:func:`editions.gate.checks.gate_problems`), and so does a keep list that cannot be read.

    Other findings (spelling, typography, fuzzy entries) are ``make check-po``'s to report.
    """
    languages = list(languages)
    malformed = [p for language in languages
                 for p in checks.keep_problems(project, language, stale=False)[1]]  # fmt: skip
    return malformed + [
        p
        for po in checks.catalog_files(project, languages)
        for p in checks.gate_problems(project, po)
    ]


def unreadable_catalogs(project: Project, languages: Iterable[str]) -> list[Problem]:
    """Catalogs that are not UTF-8 (or do not say so) or do not compile: no tool may read
    them (``update-po``, ``status``...)."""
    found = [checks.readable(project, po) for po in checks.catalog_files(project, languages)]
    return [p for catalog, problems in found if catalog is None for p in problems]


def shared_problems(project: Project) -> list[Problem]:
    """What stops every language: sources that are not UTF-8 (the checks after read them),
    the statement's facts, the signatory and changes files."""
    return check_sources(project) or (
        check_statement(project) + check_signatories(project) + check_changes(project)
    )


def language_problems(
    project: Project, languages: Iterable[str], shared: Sequence[Problem] = ()
) -> list[Problem]:
    """What stops these languages: the ``shared`` problems and their catalogs' problems, or
    (once those are fine) their organisations' names."""
    languages = list(languages)
    problems = [*shared, *(check_translatable(project) if languages else [])]
    problems += check_catalogs(project, languages)
    return problems or check_names(project, languages)


def bad_input(project: Project, languages: Iterable[str]) -> list[Problem]:
    """Everything that stops a build: the shared data files, then the languages' catalogs."""
    return language_problems(project, languages, shared_problems(project))
