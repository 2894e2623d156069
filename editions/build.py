"""Build every edition (language × HTML/PDF) in parallel, incrementally and atomically.

Each edition is built with Sphinx in a working directory that persists between runs
(``_build/work/<lang>/``), so Sphinx and latexmk redo only what changed. An edition whose
inputs are unchanged since it was last published is skipped without starting Sphinx.
Only a successful build is published: the HTML tree is swapped into ``_build/html/<lang>/``
and the PDF replaced in ``_build/pdf/`` in one rename each, so a failure leaves what was
published before byte for byte as it was.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from editions.project import Project

FORMATS = ("html", "pdf")


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
    pdf_name: str = "statement"

    def work(self, language: str) -> Path:
        return self.build_dir / "work" / language

    def html(self, language: str) -> Path:
        return self.build_dir / "html" / language

    def pdf(self, language: str) -> Path:
        return self.build_dir / "pdf" / f"{self.pdf_name}-{language}.pdf"

    def stamp(self, edition: Edition) -> Path:
        return self.work(edition.language) / f"{edition.format}.stamp"

    def published(self, edition: Edition) -> Path:
        if edition.format == "html":
            return self.html(edition.language) / "index.html"
        return self.pdf(edition.language)


def inputs(project: Project, language: str) -> list[Path]:
    """Every file an edition in ``language`` is built from."""
    files = [project.root / "conf.py", project.root / "pyproject.toml"]
    files += sorted(p for p in project.docs.rglob("*") if p.is_file())
    files += sorted((project.root / "editions").glob("*.py"))
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


class Builder:
    def __init__(self, layout: Layout, *, strict: bool = False) -> None:
        self.layout = layout
        self.project = layout.project
        self.strict = strict
        self.env = dict(os.environ)
        epoch = source_date_epoch(self.project.root)
        if epoch:
            self.env.update(SOURCE_DATE_EPOCH=epoch, FORCE_SOURCE_DATE="1")

    # -- one edition ----------------------------------------------------------------
    def sphinx(self, edition: Edition, builder: str, outdir: Path) -> bool:
        work = self.layout.work(edition.language)
        cmd = [
            sys.executable, "-m", "sphinx", "-b", builder, "-q",
            "-c", str(self.project.root),
            "-d", str(work / f"doctrees-{builder}"),
            "-D", f"language={edition.language}",
            "-j", "1",
        ]  # fmt: skip
        if self.strict:
            cmd += ["-W", "--keep-going"]
        cmd += [str(self.project.docs), str(outdir)]
        return self.run(edition, cmd, cwd=self.project.root)

    def run(self, edition: Edition, cmd: Sequence[str], cwd: Path) -> bool:
        proc = subprocess.run(cmd, cwd=cwd, env=self.env, capture_output=True, text=True)
        edition.log += [line for line in (proc.stdout + proc.stderr).splitlines() if line.strip()]
        return proc.returncode == 0

    def build_html(self, edition: Edition) -> bool:
        work = self.layout.work(edition.language) / "html"
        if not self.sphinx(edition, "html", work):
            return False
        publish_tree(work, self.layout.html(edition.language))
        return True

    def build_pdf(self, edition: Edition) -> bool:
        work = self.layout.work(edition.language) / "latex"
        if not self.sphinx(edition, "latex", work):
            return False
        tex = f"{self.layout.pdf_name}-{edition.language}.tex"
        cmd = ["latexmk", "-xelatex", "-interaction=nonstopmode", "-halt-on-error", "-quiet", tex]
        if not self.run(edition, cmd, cwd=work):
            edition.log = latex_errors(work / tex.replace(".tex", ".log")) or edition.log
            return False
        publish_file(work / tex.replace(".tex", ".pdf"), self.layout.pdf(edition.language))
        return True

    def build(self, edition: Edition) -> Edition:
        stamp = self.layout.stamp(edition)
        wanted = fingerprint(self.project, edition)
        published = self.layout.published(edition)
        if published.exists() and stamp.exists() and stamp.read_text() == wanted:
            edition.state = "up to date"
            return edition
        edition.state = "building"
        start = time.monotonic()
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.unlink(missing_ok=True)
        ok = self.build_html(edition) if edition.format == "html" else self.build_pdf(edition)
        edition.seconds = time.monotonic() - start
        if ok:
            stamp.write_text(wanted)
        edition.state = "built" if ok else "failed"
        return edition

    # -- all editions ---------------------------------------------------------------
    def build_all(self, editions: Sequence[Edition], jobs: int, report) -> bool:
        # PDFs first: LaTeX is the long pole, so start it before the quick HTML builds.
        order = sorted(editions, key=lambda e: e.format != "pdf")
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            list(pool.map(lambda e: report(self.build(e)), order))
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


def latex_errors(log: Path, context: int = 3) -> list[str]:
    """The LaTeX error lines (``! ...``) of a log and the lines that locate them."""
    if not log.exists():
        return []
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    found: list[str] = []
    for i, line in enumerate(lines):
        if line.startswith("!"):
            found += lines[i : i + context + 1]
    return found[:40]


def editions_for(languages: Iterable[str], formats: Iterable[str]) -> list[Edition]:
    return [Edition(lang, fmt) for lang in languages for fmt in formats]
