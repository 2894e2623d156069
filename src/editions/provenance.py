"""Where an edition's text comes from: its version, the date it last changed, the commit.

Computed once per build by the pipeline (:mod:`editions.build`) and passed to Sphinx as the
``editions_provenance`` setting; a plain ``sphinx-build`` (Read the Docs) computes it in the
extension with the same function. The version is the latest ``v*`` tag reachable from the
commit (``make release`` creates them), or ``unreleased``.
"""

from __future__ import annotations

import datetime
import os
import subprocess
from pathlib import Path

from editions.project import SOURCES, Project

UNRELEASED = "unreleased"


def git(root: Path, *args: str) -> str | None:
    """``git``'s output, or ``None`` when it fails (no git, not a repository, no tag...)."""
    try:
        proc = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    except OSError:
        return None
    return proc.stdout.strip() if proc.returncode == 0 else None


def text_inputs(project: Project, language: str) -> list[Path]:
    """The files that hold the edition's text: its date is the date they last changed."""
    files = sorted(p for p in project.docs.rglob("*") if p.is_file())
    files = [p for p in files if (project.docs / "project") not in p.parents]
    files += sorted((project.locale / language / "LC_MESSAGES").glob("*.po"))
    return [p for p in files if p.suffix in (".md", ".yaml", ".po")]


def text_epoch(project: Project, language: str) -> int:
    """When the edition's text last changed: its last commit, or (uncommitted changes, no git)
    the newest of its files. Dates in the output come from this, never from the build time."""
    if "SOURCE_DATE_EPOCH" in os.environ:  # the reproducible-builds convention wins
        return int(os.environ["SOURCE_DATE_EPOCH"])
    paths = [str(p.relative_to(project.root)) for p in text_inputs(project, language)]
    dirty = git(project.root, "status", "--porcelain", "--", *paths)
    last = git(project.root, "log", "-1", "--format=%ct", "--", *paths)
    if last and not dirty:
        return int(last)
    return max(int(p.stat().st_mtime) for p in text_inputs(project, language))


def provenance(project: Project, language: str, epoch: int | None = None) -> dict[str, str]:
    """``version`` (a ``v*`` tag or ``unreleased``), ``date`` (YYYY-MM-DD, the text's last
    change), ``commit`` (short hash, "" without git) and ``dirty`` ("yes" when the sources
    differ from that commit)."""
    root = project.root
    epoch = text_epoch(project, language) if epoch is None else epoch
    date = datetime.datetime.fromtimestamp(epoch, datetime.UTC).date().isoformat()
    version = git(root, "describe", "--tags", "--match", "v*", "--abbrev=0", "HEAD")
    commit = git(root, "rev-parse", "--short", "HEAD") or ""
    dirty = bool(commit and git(root, "status", "--porcelain", "--", *SOURCES))
    return {
        "version": version or UNRELEASED,
        "date": date,
        "commit": commit,
        "dirty": "yes" if dirty else "",
    }
