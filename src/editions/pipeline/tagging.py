"""``make release VERSION=x.y``: one text version for every language, as an annotated tag.

Read the Docs builds each language as its own project; built from a branch, they drift apart.
Built from tags (its ``stable`` version), every language shows the same text version. This
command creates the tag ``v<version>`` only when it is safe: the git tree is clean, every
published language passes the publishing gate (``check-publish``), and a fresh, strict build
of every edition succeeds, both run on the files and the code of HEAD's commit as it was when
the command started (exported by git), and the tag is put on that commit, whatever HEAD is
by the end. It never pushes: publishing the tag is a separate, deliberate step.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path

from editions.data.provenance import git
from editions.project import SOURCES, Project

# MAJOR.MINOR[.PATCH]: ASCII digits (``\d`` takes ``١``), no leading zero (``01.0`` sorts
# and reads as another version than ``1.0``).
VERSION = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?")


def refusals(project: Project, version: str) -> list[str]:
    """What forbids tagging ``version`` now, before anything is built."""
    if not VERSION.fullmatch(version or ""):
        return [
            f"VERSION={version!r}: give a version such as 1.0 or 1.0.1 (make release VERSION=1.0)"
        ]
    if git(project.root, "rev-parse", "--verify", "HEAD") is None:
        return ["not a git repository with a commit: nothing to tag"]
    if git(project.root, "rev-parse", "--verify", "--quiet", f"refs/tags/v{version}") is not None:
        return [f"tag v{version} exists already: choose the next version"]
    dirty = git(project.root, "status", "--porcelain")
    if dirty:
        # Each line is a status ("??", "M", " M": git's output comes stripped), then the name.
        first = dirty.splitlines()[0].split(maxsplit=1)[1]
        count = len(dirty.splitlines())
        return [f"uncommitted changes ({count} file(s), e.g. {first}): commit or stash them first"]
    return []


def _export(root: Path, commit: str, target: Path) -> Path:
    """The editions' sources (:data:`SOURCES`) as ``commit`` has them, written to ``target``."""
    prefix = git(root, "rev-parse", "--show-prefix") or ""  # the project's folder in the repo
    tree = f"{commit}:{prefix}"
    present = set((git(root, "ls-tree", "--name-only", tree) or "").splitlines())
    archive = subprocess.run(["git", "archive", "--format=tar", tree, "--",
                              *(name for name in SOURCES if name in present)],
                             cwd=root, capture_output=True, check=True)  # fmt: skip
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
    return target


def _run(copy: Path, say: Callable[[str], None], *args: str) -> bool:
    """``python -m editions <args>`` in the exported copy, with its own code; its output is
    passed on."""
    env = os.environ | {"PYTHONPATH": str(copy / "src")}
    proc = subprocess.run(
        [sys.executable, "-m", "editions", *args], cwd=copy, capture_output=True, text=True,
        env=env,
    )  # fmt: skip
    for line in (proc.stdout + proc.stderr).splitlines():
        if line.strip():
            say("  " + line)
    return proc.returncode == 0


def release(project: Project, version: str, say: Callable[[str], None]) -> int:
    """Check, build, tag; 0 when tagged, 1 when refused."""
    commit = git(project.root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    problems = refusals(project, version)
    if problems:
        for problem in problems:
            say(f"refused: {problem}")
        return 1
    assert commit is not None  # refusals() found a commit
    short = git(project.root, "rev-parse", "--short", commit)
    say(f"git tree clean at {short}; tag v{version} is free")
    with tempfile.TemporaryDirectory(prefix="release-") as tmp:
        copy = _export(project.root, commit, Path(tmp) / "source")
        build_dir = str(Path(tmp) / "build")
        say(f"publishing gate, every language ({' '.join(project.languages)}):")
        if not _run(copy, say, "check-publish", "--build-dir", build_dir):
            say(f"refused: a language does not pass the gate; v{version} not tagged")
            return 1
        say("fresh strict build of every edition:")
        if not _run(copy, say, "build", "--strict", "--build-dir", build_dir):
            say(f"refused: the build failed; v{version} not tagged")
            return 1
    message = f"Text version {version}: {', '.join(project.languages)}"
    if git(project.root, "tag", "--annotate", f"v{version}", "--message", message, commit) is None:
        say(f"refused: git could not create the tag v{version} (is user.name/email set?)")
        return 1
    say(f"tagged v{version} at {short} (annotated, not pushed)")
    say(f"publish it: git push origin v{version}  (Read the Docs' stable then builds it)")
    return 0
