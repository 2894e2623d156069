"""Published editions as releases: each build publishes one whole set, swapped in atomically.

``_build/site`` is a symbolic link to ``_build/releases/<id>/``, a folder holding every edition
(``<lang>/index.html`` … and ``<lang>/<pdf-name>-<lang>.pdf``, ``<lang>`` the language's URL
path, ``pt-BR``) and the root pages. A new release is assembled in a temporary folder beside
the others, then the link is replaced in one ``os.replace``: a reader, or a build killed at
any moment, sees the whole previous set or the whole new one. Each release has a manifest
(``releases/<id>.json``): for each language the fingerprint of what it was built from and the
SHA-256 of every published file, so a file deleted or changed by hand is noticed and the
language rebuilt.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from editions.project import Refused, url_path

# What an interrupted command says when it published nothing.
INTERRUPTED = "interrupted: the published editions are as they were before this command"

ROOT_FILES = "_root"  # the manifest's key for files outside the language folders


# In every build folder, written when a build makes it: `make clean` deletes no other folder.
MARKER = ".editions-build"
# What builds make in their folder: a folder holding only these (or nothing) becomes one.
_MADE = {".lock", "site", "releases", "work", "gettext", MARKER}
_MADE_PREFIXES = (".site-", ".templates-")
# Folders of the project that a build folder may not be in: its input and its history.
_PROJECT_FOLDERS = ("docs", "locale", "src", ".git")


def claim(build_dir: Path, root: Path) -> None:
    """Make ``build_dir`` a build folder, marked as one, or check that it is one: never the
    project's folder, a folder above it or inside its input, nor a folder of other files."""
    folder = _outside_the_project(build_dir, root)
    if (folder / MARKER).is_file():
        return
    if folder.exists():
        if not folder.is_dir():
            raise Refused(f"--build-dir {build_dir}: not a folder")
        names = sorted(path.name for path in folder.iterdir())
        others = [n for n in names if n not in _MADE and not n.startswith(_MADE_PREFIXES)]
        if others:
            raise Refused(f"--build-dir {build_dir}: a folder of other files (e.g. {others[0]}), "
                          "not one a build made; choose a new or empty folder")  # fmt: skip
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).write_text("Made by a build of the editions: make clean deletes it.\n")


def remove(build_dir: Path, root: Path) -> bool:
    """Delete ``build_dir`` if a build made it (:func:`claim`); whether there was one."""
    if build_dir.is_symlink():
        raise Refused(f"{build_dir}: a link, not a build folder; nothing deleted")
    folder = _outside_the_project(build_dir, root)
    if not folder.exists():
        return False
    if not (folder / MARKER).is_file():
        raise Refused(f"{build_dir}: no build made this folder (it has no {MARKER}); "
                      "nothing deleted")  # fmt: skip
    shutil.rmtree(folder)
    return True


def _outside_the_project(build_dir: Path, root: Path) -> Path:
    """``build_dir`` resolved, once known not to hold the project nor be inside its input."""
    folder, root = build_dir.resolve(), root.resolve()
    if root.is_relative_to(folder):
        what = "the project's folder" if folder == root else "a folder that holds the project"
        raise Refused(f"--build-dir {build_dir}: {what}; choose a folder of its own (e.g. _build)")
    for name in _PROJECT_FOLDERS:
        if folder.is_relative_to(root / name):
            raise Refused(f"--build-dir {build_dir}: inside {name}/, whose files are the "
                          "editions' input; choose a folder outside it")  # fmt: skip
    return folder


@dataclass
class Manifest:
    """What a release holds: per language, its fingerprint, verdict and files' hashes."""

    fingerprints: dict[str, str] = field(default_factory=dict)
    files: dict[str, dict[str, str]] = field(default_factory=dict)

    def to_json(self) -> str:
        data = {"fingerprints": self.fingerprints, "files": self.files}
        return json.dumps(data, indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        data = json.loads(text)
        return cls(dict(data["fingerprints"]), {k: dict(v) for k, v in data["files"].items()})


def _entry(path: Path) -> str | None:
    """What the manifest records of one entry: a file's SHA-256; a link or (at the root) a
    folder by kind, so one added by hand (a link to ``/etc``...) is noticed, never followed."""
    if path.is_symlink():
        return f"link {os.readlink(path)}"
    if path.is_file():
        return hashlib.sha256(path.read_bytes()).hexdigest()
    return None


def file_hashes_top(folder: Path, languages: Iterable[str] = ()) -> dict[str, str]:
    """Every entry directly in ``folder`` but the ``languages``' folders: files by SHA-256,
    any other folder or link by kind."""
    skip = {url_path(code) for code in languages}
    return {
        path.name: _entry(path) or "folder"
        for path in sorted(folder.iterdir())
        if not (path.name in skip and path.is_dir() and not path.is_symlink())
    }


def file_hashes(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder`` (links by target), by path relative to it."""
    found = {path.relative_to(folder).as_posix(): _entry(path)
             for path in sorted(folder.rglob("*"))}  # fmt: skip
    return {name: entry for name, entry in found.items() if entry is not None}


class Store:
    """The releases under a build folder."""

    def __init__(self, build_dir: Path) -> None:
        self.build_dir = build_dir
        self.releases = build_dir / "releases"
        self.site = build_dir / "site"
        self.published: Path | None = None  # the release this process put online, if any

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the build folder's lock; the kernel releases it if this process dies."""
        self.build_dir.mkdir(parents=True, exist_ok=True)
        with open(self.build_dir / ".lock", "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                raise Refused(
                    f"error: {self.build_dir}: another build is running (process {holder}); "
                    "wait for it to finish, then run make again"
                ) from None
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()))
            handle.flush()
            if self.site.exists() and not self.site.is_symlink():  # refused before any work
                raise Refused(f"error: {self.site}: not a link to a release (made by hand?); "
                              "move it away or delete it, then run make again")  # fmt: skip
            yield

    def current(self) -> Path | None:
        """The published release, if any."""
        if not self.site.is_symlink():
            return None
        target = self.site.resolve()
        return target if target.is_dir() else None

    def manifest(self) -> Manifest:
        current = self.current()
        if current is None:
            return Manifest()
        try:
            return Manifest.from_json(current.with_suffix(".json").read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError):
            return Manifest()  # unreadable: everything is rebuilt

    def intact(self, language: str, manifest: Manifest) -> bool:
        """Whether the published files of ``language`` are exactly those the manifest lists."""
        current = self.current()
        wanted = manifest.files.get(language)
        if current is None or not wanted:
            return False
        return file_hashes(current / url_path(language)) == wanted

    def root_intact(self, manifest: Manifest) -> bool:
        """Whether the files at the release's root (root page, status page) are as published."""
        current = self.current()
        if current is None:
            return True  # nothing published: the first build writes them
        languages = set(manifest.files) - {ROOT_FILES}
        return file_hashes_top(current, languages) == manifest.files.get(ROOT_FILES, {})

    def publish(
        self, editions: Mapping[str, Path | None], fingerprints: Mapping[str, str],
        write_root: Callable[[Path, list[str]], None],
    ) -> Path:  # fmt: skip
        """Publish a release: for each language the folder of its new edition, or ``None`` to
        keep the published one (if any). ``write_root(folder, languages)`` adds the files at
        the release's root, once the editions are in place."""
        previous, old = self.current(), self.manifest()
        self.releases.mkdir(parents=True, exist_ok=True)
        staging = self.releases / f".new-{os.urandom(16).hex()}"
        manifest = Manifest()
        for language, folder in editions.items():
            source, published = folder, url_path(language)
            if source is None and previous is not None and language in old.files:
                source = previous / published
                if not source.is_dir():  # published before its path was BCP 47 (pt_BR/)
                    source = previous / language
                fingerprints = {**fingerprints, language: old.fingerprints[language]}
            if source is None or not source.is_dir():
                continue
            shutil.copytree(source, staging / published, symlinks=True,
                            copy_function=_link_or_copy)  # fmt: skip
            # A kept edition keeps its published hashes: altered by hand since, it stays
            # noticed (and is rebuilt once its language is built again), not made the norm.
            kept = old.files.get(language) if folder is None else None
            manifest.files[language] = kept or file_hashes(staging / published)
            manifest.fingerprints[language] = fingerprints[language]
        staging.mkdir(parents=True, exist_ok=True)
        write_root(staging, [code for code in editions if code in manifest.files])
        manifest.files[ROOT_FILES] = file_hashes_top(staging, manifest.files)
        # A new folder every time: the published one is never written to.
        target = self.releases / f"{time.strftime('%Y%m%d-%H%M%S')}-{os.urandom(4).hex()}"
        target.with_suffix(".json").write_text(manifest.to_json(), encoding="utf-8")
        staging.rename(target)
        self._point_site_at(target)
        self.published = target
        self._remove_old(keep={target, previous})
        return target

    def _point_site_at(self, target: Path) -> None:
        link = self.build_dir / f".site-{os.urandom(16).hex()}"
        link.symlink_to(target.relative_to(self.build_dir))
        os.replace(link, self.site)  # atomic: the old release or the new one, never neither

    def _remove_old(self, keep: set[Path | None]) -> None:
        """Drop releases other than the current and the previous one (a reader may still be
        downloading from it), and leftovers of interrupted builds."""
        kept = {path.resolve() for path in keep if path is not None}  # relative or not
        for path in self.releases.iterdir():
            release = path.with_suffix("") if path.suffix == ".json" else path
            if release.resolve() in kept:
                continue
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        for link in self.build_dir.glob(".site-*"):
            link.unlink(missing_ok=True)


def _link_or_copy(source: str, target: str) -> None:
    """Unchanged editions are hard links to the previous release: no copy, no extra space."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
