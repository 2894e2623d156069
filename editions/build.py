"""Build every edition (language × HTML/PDF) in parallel, incrementally and atomically.

Each edition is built with Sphinx in a working directory that persists between runs
(``_build/work/<lang>/``), so Sphinx redoes only what changed. An edition whose
inputs are unchanged since it was last published is skipped without starting Sphinx.
Only a successful build is published: the HTML tree is swapped into ``_build/html/<lang>/``
and the PDF replaced in ``_build/pdf/`` in one rename each, so a failure leaves what was
published before byte for byte as it was.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import subprocess
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from editions.project import Project

FORMATS = ("html", "pdf")
BUILDERS = {"html": "html", "pdf": "typst"}  # the Sphinx builder behind each format


@dataclass
class Edition:
    language: str
    format: str
    state: str = "queued"
    seconds: float = 0.0
    log: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.language} {self.format}"


@dataclass(frozen=True)
class Layout:
    """Where an edition's working files and published output live."""

    project: Project
    build_dir: Path

    def work(self, language: str) -> Path:
        """Sphinx's output and doctrees for a language: ``html/``, ``typst/``, ``doctrees/``."""
        return self.build_dir / "work" / language

    def html(self, language: str) -> Path:
        return self.build_dir / "html" / language

    def pdf(self, language: str) -> Path:
        return self.build_dir / "pdf" / f"{self.project.pdf_name}-{language}.pdf"

    def stamp(self, edition: Edition) -> Path:
        return self.work(edition.language) / f"{edition.format}.stamp"

    def published(self, edition: Edition) -> Path:
        if edition.format == "html":
            return self.html(edition.language) / "index.html"
        return self.pdf(edition.language)


def inputs(project: Project, language: str) -> list[Path]:
    """Every file an edition in ``language`` is built from."""
    files = [project.root / "conf.py", project.root / "pyproject.toml"]
    notes = project.docs / "project"  # the team's notes: not part of any edition
    files += sorted(p for p in project.docs.rglob("*") if p.is_file() and notes not in p.parents)
    files += sorted((project.root / "editions").glob("*.py"))
    files += sorted((project.root / "editions" / "typst").glob("*.typ"))  # the PDF's template
    catalogs = project.locale / language / "LC_MESSAGES"
    if catalogs.is_dir():
        files += sorted(catalogs.glob("*.po"))
    return files


def fingerprint(project: Project, edition: Edition) -> str:
    digest = hashlib.sha256(f"{edition.language} {edition.format}\n".encode())
    for path in inputs(project, edition.language):
        digest.update(str(path.relative_to(project.root)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def source_date_epoch(root: Path) -> str | None:
    """The last commit's time, so that dates in the output do not depend on the build time."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True
        )
    except OSError:
        return None
    return out.stdout.strip() or None


def run_sphinx(
    root: Path, work: Path, builders: Sequence[str], language: str, strict: bool,
    env: dict[str, str],
) -> dict[str, tuple[bool, list[str]]]:  # fmt: skip
    """Run Sphinx's builders for one language, in this (pool) process, one after the other.

    They share one environment (doctrees), so the documents are read and translated once:
    the PDF after HTML costs only its typesetting, and a pool
    process imports Sphinx once for all the languages it builds.
    """
    import io

    from sphinx import locale
    from sphinx.application import Sphinx
    from sphinx.errors import SphinxError
    from sphinx.util import console
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    os.environ.update(env)
    console.nocolor()
    results = {}
    for builder in builders:
        # Sphinx adds a new language's catalogs as fallbacks of those already loaded in the
        # process (sphinx.locale.init); start each app from none, as Sphinx's own tests do.
        locale.translators.clear()
        warnings = io.StringIO()
        try:
            # As sphinx-build does: each app registers its nodes and roles afresh.
            with patch_docutils(root), docutils_namespace():
                app = Sphinx(
                    srcdir=root / "docs", confdir=root,
                    outdir=work / builder, doctreedir=work / "doctrees",
                    buildername=builder, confoverrides={"language": language},
                    status=None, warning=warnings, warningiserror=strict,
                )  # fmt: skip
                app.build()
                ok = app.statuscode == 0
        except (SphinxError, OSError, ValueError) as exc:
            ok = False
            warnings.write(f"{type(exc).__name__}: {exc}\n")
        results[builder] = (ok, [line for line in warnings.getvalue().splitlines() if line.strip()])
    return results


class Builder:
    def __init__(self, layout: Layout, *, strict: bool = False) -> None:
        self.layout = layout
        self.project = layout.project
        self.strict = strict
        self.env: dict[str, str] = {}
        epoch = source_date_epoch(self.project.root)
        if epoch:
            self.env.update(SOURCE_DATE_EPOCH=epoch, FORCE_SOURCE_DATE="1")

    def stale(self, edition: Edition) -> str | None:
        """The fingerprint to build ``edition`` for, or ``None`` if it is up to date."""
        stamp = self.layout.stamp(edition)
        wanted = fingerprint(self.project, edition)
        # A strict build may skip only what an earlier build made without warnings.
        acceptable = {f"{wanted} clean"} | (set() if self.strict else {f"{wanted} warnings"})
        published = self.layout.published(edition).exists()
        if published and stamp.exists() and stamp.read_text() in acceptable:
            return None
        return wanted

    def publish_pdf(self, edition: Edition) -> None:
        work = self.layout.work(edition.language) / "typst"
        pdf = f"{self.project.pdf_name}-{edition.language}.pdf"
        publish_file(work / pdf, self.layout.pdf(edition.language))

    def build_language(self, editions: Sequence[Edition], pool: Executor, report) -> None:
        """HTML and PDF of one language: Sphinx's builders in a pool process."""
        wanted = {e.format: self.stale(e) for e in editions}
        todo = [e for e in editions if wanted[e.format] is not None]
        for e in editions:
            if e not in todo:
                e.state = "up to date"
                report(e)
        if not todo:
            return
        start = time.monotonic()
        for e in todo:
            e.state = "building"
            self.layout.stamp(e).parent.mkdir(parents=True, exist_ok=True)
            self.layout.stamp(e).unlink(missing_ok=True)
            report(e)
        builders = [BUILDERS[e.format] for e in todo]
        language = todo[0].language
        work = self.layout.work(language)
        results = pool.submit(
            run_sphinx, self.project.root, work, builders, language, self.strict, self.env
        ).result()
        for e in todo:
            ok, e.log = results[BUILDERS[e.format]]
            if ok and e.format == "html":
                publish_tree(self.layout.work(language) / "html", self.layout.html(language))
            elif ok:
                self.publish_pdf(e)
            e.seconds = time.monotonic() - start
            e.state = "built" if ok else "failed"
            if ok:
                warned = any("WARNING" in line for line in e.log)
                verdict = "warnings" if warned else "clean"
                self.layout.stamp(e).write_text(f"{wanted[e.format]} {verdict}")
            report(e)

    def build_all(self, editions: Sequence[Edition], jobs: int, report) -> bool:
        languages: dict[str, list[Edition]] = {}
        for e in editions:
            languages.setdefault(e.language, []).append(e)
        jobs = max(1, jobs)
        # "spawn": the pool's processes must not inherit this one's threads (the live display).
        context = multiprocessing.get_context("spawn")
        with (
            ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool,
            ThreadPoolExecutor(max_workers=jobs) as threads,
        ):
            list(threads.map(lambda group: self.build_language(group, pool, report),
                             languages.values()))  # fmt: skip
        return all(e.state != "failed" for e in editions)


def publish_tree(source: Path, target: Path) -> None:
    """Replace ``target`` by a copy of ``source``; readers see the old or the new tree, whole."""
    staging = target.with_name(f".{target.name}.new")
    retired = target.with_name(f".{target.name}.old")
    for leftover in (staging, retired):
        shutil.rmtree(leftover, ignore_errors=True)
    shutil.copytree(source, staging, ignore=shutil.ignore_patterns(".buildinfo", ".doctrees"))
    if target.exists():
        target.rename(retired)
    staging.rename(target)
    shutil.rmtree(retired, ignore_errors=True)


def publish_file(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{target.name}.new")
    shutil.copyfile(source, staging)
    os.replace(staging, target)


def editions_for(languages: Iterable[str], formats: Iterable[str]) -> list[Edition]:
    return [Edition(lang, fmt) for lang in languages for fmt in formats]
