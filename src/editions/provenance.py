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
import time
from dataclasses import dataclass
from pathlib import Path

from editions.project import SOURCES, Project, Refused

UNRELEASED = "unreleased"


def git(root: Path, *args: str, raw: bool = False) -> str | None:
    """``git``'s output (``raw``: as given, leading spaces included), or ``None`` when it
    fails (no git, not a repository, no tag...)."""
    try:
        proc = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    except OSError:
        return None
    if proc.returncode != 0:
        return None
    return proc.stdout if raw else proc.stdout.strip()


def text_inputs(project: Project, language: str) -> list[Path]:
    """The files that hold the edition's text: its date is the date they last changed."""
    files = sorted(p for p in project.docs.rglob("*") if p.is_file())
    files = [p for p in files if (project.docs / "project") not in p.parents]
    files += sorted((project.locale / language / "LC_MESSAGES").glob("*.po"))
    return [p for p in files if p.suffix in TEXT_SUFFIXES]


TEXT_SUFFIXES = (".md", ".yaml", ".po")


@dataclass(frozen=True)
class Snapshot:
    """What git says of the repository, asked once for all the editions of a build."""

    commit: str  # short hash; "" without git
    version: str  # the latest ``v*`` tag reachable from it, or UNRELEASED
    changed: frozenset[str]  # sources differing from it (untracked and deleted included)


def snapshot(root: Path) -> Snapshot:
    # The commit, and where ``root`` is in the repository: git names changed files from its top.
    head = git(root, "rev-parse", "--show-prefix", "--short", "HEAD", raw=True) or "\n"
    prefix, commit = head.split("\n")[:2]
    version = commit and git(root, "describe", "--tags", "--match", "v*", "--abbrev=0", "HEAD")
    # Raw: an entry starts with its two status letters, " M" for a file changed but not staged.
    status = commit and git(root, "status", "--porcelain", "-z", "-uall", "--", *SOURCES, raw=True)
    paths: list[str] = []
    entries = iter((status or "").split("\0"))
    for entry in entries:
        paths += [entry[3:]] if entry else []
        if {"R", "C"} & set(entry[:2]):  # a rename or copy is followed by its former path
            paths.append(next(entries, ""))
    changed = {path.removeprefix(prefix) for path in paths if path.startswith(prefix)}
    return Snapshot(commit, version or UNRELEASED, frozenset(changed))


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


def text_epoch(project: Project, language: str, repo: Snapshot | None = None) -> int:
    """When the edition's text last changed: its last commit, or (uncommitted changes, no git)
    the newest of its files, never later than now (a file's time is anyone's to set). Dates
    in the output come from this, never from the build time."""
    epoch = source_date_epoch()
    if epoch is not None:  # the reproducible-builds convention wins
        return epoch
    repo = repo or snapshot(project.root)
    paths = [str(p.relative_to(project.root)) for p in text_inputs(project, language)]
    last = repo.commit and git(project.root, "log", "-1", "--format=%ct", "--", *paths)
    if last and not any(_is_text(project, language, path) for path in repo.changed):
        return int(last)
    newest = max(int(p.stat().st_mtime) for p in text_inputs(project, language))
    return min(newest, int(time.time()))


def _is_text(project: Project, language: str, path: str) -> bool:
    """Whether ``path`` (relative, as git names it) is, or was, one of the edition's texts."""
    folders = ("docs/", f"locale/{language}/LC_MESSAGES/")
    return path.startswith(folders) and not path.startswith("docs/project/") and (
        path.endswith(TEXT_SUFFIXES)
    )  # fmt: skip


def provenance(
    project: Project, language: str, epoch: int | None = None, repo: Snapshot | None = None
) -> dict[str, str]:
    """``version`` (a ``v*`` tag or ``unreleased``), ``date`` (YYYY-MM-DD, the text's last
    change), ``commit`` (short hash, "" without git) and ``dirty`` ("yes" when the sources
    differ from that commit)."""
    repo = repo or snapshot(project.root)
    epoch = text_epoch(project, language, repo) if epoch is None else epoch
    date = datetime.datetime.fromtimestamp(epoch, datetime.UTC).date().isoformat()
    return {
        "version": repo.version,
        "date": date,
        "commit": repo.commit,
        "dirty": "yes" if repo.changed else "",
    }
