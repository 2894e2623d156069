"""Where an edition's text comes from: its version, the date it last changed, the commit.

Each edition's provenance comes from its own inputs only (:func:`pathspecs`): editing one
language's catalog changes what that edition says about itself, and no other. Computed once
per build by the pipeline (:mod:`editions.pipeline.build`) and passed to Sphinx as the
``editions_provenance`` setting; a plain ``sphinx-build`` (Read the Docs) computes it in the
extension with the same function. The version is the ``v*`` tag on HEAD (``make release``
creates them) when the edition's inputs are as committed, otherwise ``unreleased``.
"""

from __future__ import annotations

import datetime
import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from editions.project import KEEP_LIST, Project, Refused

UNRELEASED = "unreleased"
# What every edition is built with, beside the source: the settings (docutils.conf: Sphinx
# has docutils read the one in its configuration folder, and no other) and the tool's version
# (pyproject.toml here; in a project made by `editions new`, requirements.txt names the wheel
# and wheels/SHA256SUMS its content).
SETTINGS = ("conf.py", "pyproject.toml", "docutils.conf", "requirements.txt", "wheels/SHA256SUMS")
NOTES = "docs/project"  # the team's notes: in no edition
DAY = 86400


# The last second a date can name (9999-12-31): what every date library can format.
_LAST_EPOCH = 253402300799


def source_date_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH`` (reproducible-builds.org: whole seconds since 1970, UTC), if set;
    ``Refused`` in one line when it is not such a number."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None:
        return None
    if not (value.isascii() and value.isdigit()):
        raise Refused(f"SOURCE_DATE_EPOCH: {value!r} is not a whole number of seconds since "
                      "1970-01-01 UTC (e.g. 1764115200)")  # fmt: skip
    if int(value) > _LAST_EPOCH:
        raise Refused(f"SOURCE_DATE_EPOCH: {value} is after the year 9999")
    return int(value)


def git(root: Path, *args: str) -> str | None:
    """``git``'s output, or ``None`` when it fails (no git, not a repository...)."""
    try:
        proc = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    except OSError:
        return None
    return proc.stdout.strip() if proc.returncode == 0 else None


def pathspecs(project: Project, language: str) -> list[str]:
    """What the edition is built from, as git pathspecs relative to the root: the settings,
    the source less the team's notes, and the language's catalogs and keep list (the source
    language has none). The tool's code is not among them, its version is."""
    docs = project.docs.relative_to(project.root).as_posix()
    catalogs = (project.locale / language / "LC_MESSAGES").relative_to(project.root).as_posix()
    kept = (project.locale / language / KEEP_LIST).relative_to(project.root).as_posix()
    return [*SETTINGS, docs, f":(exclude){NOTES}", f":(glob){catalogs}/*.po", kept]


def files(project: Project, language: str | None) -> list[Path]:
    """The files on disk that :func:`pathspecs` names (``None``: those every edition shares)."""
    found = [project.root / name for name in SETTINGS if (project.root / name).is_file()]
    notes = project.root / NOTES
    found += sorted(p for p in project.docs.rglob("*") if p.is_file() and notes not in p.parents)
    return found + (catalogs(project, language) if language else [])


def catalogs(project: Project, language: str) -> list[Path]:
    """The language's catalogs and its keep list, if it has one."""
    kept = project.locale / language / KEEP_LIST
    found = sorted((project.locale / language / "LC_MESSAGES").glob("*.po"))
    return found + ([kept] if kept.is_file() else [])


@dataclass(frozen=True)
class Snapshot:
    """What git says of the repository, asked once for all the editions of a build."""

    git: bool  # whether the project is in a git repository
    version: str  # the ``v*`` tag on HEAD (the highest, if several), or UNRELEASED
    now: int  # the build's time: no date it publishes is later


def snapshot(root: Path) -> Snapshot:
    tags = git(root, "tag", "--points-at", "HEAD", "--list", "v*", "--sort=-v:refname")
    return Snapshot(
        git(root, "rev-parse", "--git-dir") is not None,
        (tags or "").partition("\n")[0] or UNRELEASED,
        int(datetime.datetime.now(datetime.UTC).timestamp()),
    )


@dataclass(frozen=True)
class Origin:
    """One edition's provenance: ``epoch`` for the build (``SOURCE_DATE_EPOCH``), ``facts``
    for the page and the PDF (``editions_provenance``)."""

    epoch: int
    facts: dict[str, str]


def origins(
    project: Project, languages: Iterable[str], repo: Snapshot | None = None
) -> dict[str, Origin]:
    """Each edition's :class:`Origin`; ``facts`` are ``version`` (a ``v*`` tag or
    ``unreleased``), ``date`` (YYYY-MM-DD), ``commit`` (short hash of the last commit of its
    inputs, "" without one), ``dirty`` ("yes" when its inputs differ from it) and ``original``
    (the source language edition's date, which a translation lagging behind names)."""
    repo, languages = repo or snapshot(project.root), list(languages)
    own = {code: _origin(project, code, repo) for code in {*languages, project.source_language}}
    original = own[project.source_language].facts["date"]
    return {code: Origin(own[code].epoch, own[code].facts | {"original": original})
            for code in languages}  # fmt: skip


def _origin(project: Project, language: str, repo: Snapshot) -> Origin:
    specs = pathspecs(project, language)
    last = repo.git and git(project.root, "log", "-1", "--format=%h %ct", "--", *specs)
    commit, _, committed = (last or "").partition(" ")
    dirty = bool(repo.git and git(project.root, "status", "--porcelain", "-uall", "--", *specs))
    if (given := source_date_epoch()) is not None:  # the reproducible-builds convention wins
        epoch = given
    elif committed and not dirty:
        epoch = int(committed)
    else:  # uncommitted changes or no git: the files' times, untrusted, never past the build's day
        newest = max((int(p.stat().st_mtime) for p in files(project, language)), default=0)
        epoch = min(newest, repo.now - repo.now % DAY)
    date = datetime.datetime.fromtimestamp(epoch, datetime.UTC).date().isoformat()
    version = repo.version if commit and not dirty else UNRELEASED
    facts = {"version": version, "date": date, "commit": commit, "dirty": "yes" * dirty}
    return Origin(epoch, facts)
