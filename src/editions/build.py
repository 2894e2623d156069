"""The build pipeline: what is stale, the gate, the build, the release.

An edition (a language's web page and PDF) is built from files whose content is hashed into a
fingerprint; an edition whose fingerprint and published files are unchanged is not rebuilt.
A stale language is built from scratch (a fresh Sphinx environment), so an incremental build
gives the same bytes as a clean one, whatever the files' modification times say. Its input is
checked first: bad input stops that language only. Every language that built is published
together in one release (:mod:`editions.release`); a language that failed keeps its previous
edition, and the build's exit status says it failed.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import multiprocessing
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from editions import catalogs, preflight, release, signatories, site
from editions.project import Project
from editions.provenance import provenance, text_epoch

# Sphinx's builders for an edition, in order: the PDF first, so the page can give its checksum.
BUILDERS = ("typst", "html")
# Libraries whose version changes the output.
TOOLCHAIN = (
    "sphinx",
    "myst-parser",
    "markdown-it-py",
    "docutils",
    "babel",
    "typst",
    "pyicu-wheels",
)


@dataclass
class Edition:
    """One language's editions, as the build reports them."""

    language: str
    state: str = "queued"
    seconds: float = 0.0
    log: list[str] = field(default_factory=list)
    warned: bool = False


def inputs(project: Project, language: str) -> list[Path]:
    """Every file a language's editions are built from."""
    files = [project.root / "conf.py", project.root / "pyproject.toml"]
    notes = project.docs / "project"  # the team's notes: not part of any edition
    files += sorted(p for p in project.docs.rglob("*") if p.is_file() and notes not in p.parents)
    files += sorted(
        p for p in (project.root / "src").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    )  # fmt: skip
    catalogs = project.locale / language / "LC_MESSAGES"
    if catalogs.is_dir():
        files += sorted(catalogs.glob("*.po"))
    return files


def fingerprint(project: Project, language: str, epoch: int, origin: str = "") -> str:
    """What an edition is built from; ``origin`` is its provenance (a new tag or commit
    changes what the edition says about itself, so it is rebuilt)."""
    digest = hashlib.sha256(f"{language} {epoch} {origin}\n".encode())
    for name in TOOLCHAIN:
        digest.update(f"{name} {metadata.version(name)}\n".encode())
    for path in inputs(project, language):
        digest.update(str(path.relative_to(project.root)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


class _ErrorCounter(logging.Handler):
    """Counts error-level messages, so that no mode (strict or not) publishes past one."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def run_sphinx(
    root: Path, work: Path, language: str, strict: bool, env: dict[str, str], pdf: str,
    origin: dict[str, str],
) -> tuple[bool, list[str]]:  # fmt: skip
    """Build one language's editions with Sphinx in this (pool) process.

    The builders share one environment, so the documents are read and translated once. The
    PDF comes first: the page gives its size and checksum (``editions_pdf_path``).
    """
    import io

    from sphinx.application import Sphinx
    from sphinx.errors import SphinxError
    from sphinx.util import console
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    from editions.sphinxext import private

    os.environ.update(env)
    console.nocolor()
    warnings = io.StringIO()
    ok = True
    for builder in BUILDERS:
        private.reset_translators()
        errors = _ErrorCounter()
        try:
            # As sphinx-build does: each app registers its nodes and roles afresh.
            with patch_docutils(root), docutils_namespace():
                app = Sphinx(
                    srcdir=root / "docs", confdir=root,
                    outdir=work / builder, doctreedir=work / "doctrees",
                    buildername=builder,
                    confoverrides={"language": language,
                                   "editions_pdf_path": str(work / "typst" / pdf),
                                   "editions_provenance": origin},
                    status=None, warning=warnings, warningiserror=strict,
                )  # fmt: skip
                logging.getLogger("sphinx").addHandler(errors)
                try:
                    app.build()
                finally:
                    logging.getLogger("sphinx").removeHandler(errors)
                ok = ok and app.statuscode == 0 and errors.count == 0
        except (SphinxError, OSError, ValueError) as exc:
            ok = False
            warnings.write(f"{type(exc).__name__}: {exc}\n")
        if not ok:
            break
    return ok, [line for line in warnings.getvalue().splitlines() if line.strip()]


@dataclass(frozen=True)
class Plan:
    """What one build will do."""

    fingerprints: dict[str, str]
    stale: list[str]
    epochs: dict[str, int]
    origins: dict[str, dict[str, str]] = field(default_factory=dict)


class Pipeline:
    def __init__(self, project: Project, build_dir: Path, *, strict: bool = False) -> None:
        self.project = project
        self.build_dir = build_dir
        self.strict = strict
        self.store = release.Store(build_dir)

    def work(self, language: str) -> Path:
        return self.build_dir / "work" / language

    def plan(self, languages: Iterable[str]) -> Plan:
        """Which languages must be built: changed inputs, or published files not intact."""
        manifest = self.store.manifest()
        epochs = {code: text_epoch(self.project, code) for code in languages}
        origins = {code: provenance(self.project, code, epochs[code]) for code in epochs}
        wanted = {
            code: fingerprint(self.project, code, epochs[code], json.dumps(origins[code]))
            for code in epochs
        }
        # A strict build may keep only what an earlier build made without warnings.
        accepted = {code: {f"{fp} clean"} | (set() if self.strict else {f"{fp} warnings"})
                    for code, fp in wanted.items()}  # fmt: skip
        stale = [
            code for code in wanted
            if manifest.fingerprints.get(code) not in accepted[code]
            or not self.store.intact(code, manifest)
        ]  # fmt: skip
        return Plan(wanted, stale, epochs, origins)

    def output(self, language: str) -> Path:
        """A language's finished editions: the HTML tree with the PDF beside the page."""
        work = self.work(language)
        out = work / "edition"
        skip = shutil.ignore_patterns(".buildinfo", ".doctrees")
        shutil.copytree(work / "html", out, ignore=skip)
        pdf = f"{self.project.pdf_name}-{language}.pdf"
        shutil.copyfile(work / "typst" / pdf, out / pdf)
        return out

    def build_language(
        self, edition: Edition, plan: Plan, pool: Executor, report: Callable[[Edition], None]
    ) -> Path | None:
        start = time.monotonic()
        edition.state = "building"
        report(edition)
        work = self.work(edition.language)
        shutil.rmtree(work, ignore_errors=True)  # a fresh environment: same bytes as clean
        work.mkdir(parents=True)
        env = {"SOURCE_DATE_EPOCH": str(plan.epochs[edition.language])}
        pdf = f"{self.project.pdf_name}-{edition.language}.pdf"
        ok, edition.log = pool.submit(
            run_sphinx,
            self.project.root,
            work,
            edition.language,
            self.strict,
            env,
            pdf,
            plan.origins[edition.language],
        ).result()
        folder = self.output(edition.language) if ok else None
        edition.warned = any("WARNING" in line for line in edition.log)
        edition.seconds = time.monotonic() - start
        edition.state = "built" if ok else "failed"
        report(edition)
        return folder

    def run(
        self, languages: Sequence[str], jobs: int, report: Callable[[Edition], None]
    ) -> list[Edition]:
        """Build and publish the stale ones of ``languages``; returns each one's outcome."""
        with self.store.lock():
            return self._run(languages, jobs, report)

    def _run(
        self, languages: Sequence[str], jobs: int, report: Callable[[Edition], None]
    ) -> list[Edition]:
        plan = self.plan(languages)
        editions = {code: Edition(code) for code in languages}
        for code in languages:
            if code not in plan.stale:
                editions[code].state = "up to date"
                report(editions[code])
        if not plan.stale:
            return list(editions.values())
        todo = self._gate(plan.stale, editions, report)
        # The status page's templates are extracted while the languages build (a separate
        # process), not after them.
        with ThreadPoolExecutor(max_workers=1) as side:
            templates = side.submit(self._templates)
            built = self._build(todo, editions, plan, jobs, report)
            pots = templates.result()
        if built:
            verdict = {code: "warnings" if editions[code].warned else "clean" for code in built}
            fingerprints = {code: f"{plan.fingerprints[code]} {verdict[code]}" for code in built}
            folders: dict[str, Path | None] = dict.fromkeys(self.project.languages, None)
            root = functools.partial(site.write_root, self.project, pots=pots)
            self.store.publish(folders | built, fingerprints, root)
        return list(editions.values())

    def _templates(self) -> list[Path] | None:
        """The current source's templates, for the status page (None if they cannot be made:
        the page then counts against the catalogs as last merged)."""
        try:
            return catalogs.extract(
                self.project, self.build_dir / "work" / "gettext", self.build_dir / "work",
                quiet=True,
            )  # fmt: skip
        except (OSError, subprocess.CalledProcessError, signatories.SignatoryError):
            return None

    def _gate(
        self, stale: Sequence[str], editions: dict[str, Edition], report: Callable[[Edition], None]
    ) -> list[str]:
        """Languages whose input passes the checks; the others fail with the problems found."""
        todo = []
        for code in stale:
            problems = preflight.bad_input(self.project, [code])
            if problems:
                editions[code].state, editions[code].log = "refused", problems
                report(editions[code])
            else:
                todo.append(code)
        return todo

    def _build(
        self, todo: Sequence[str], editions: dict[str, Edition], plan: Plan, jobs: int,
        report: Callable[[Edition], None],
    ) -> dict[str, Path]:  # fmt: skip
        if not todo:
            return {}
        # "spawn": the pool's processes must not inherit this one's threads (the live display).
        context = multiprocessing.get_context("spawn")
        workers = max(1, min(jobs, len(todo)))
        with (
            ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool,
            ThreadPoolExecutor(max_workers=workers) as threads,
        ):
            folders = list(threads.map(
                lambda code: self.build_language(editions[code], plan, pool, report), todo
            ))  # fmt: skip
        return {code: folder for code, folder in zip(todo, folders, strict=True) if folder}
