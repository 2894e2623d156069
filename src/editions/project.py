"""The project's layout and the languages it publishes, read from ``pyproject.toml``."""

from __future__ import annotations

import shutil
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# What an edition is built from; everything else in the repository is tooling or output.
# The tool is its source (this repository) or the wheel a project was made with.
SOURCES = ("conf.py", "pyproject.toml", "requirements.txt", "docs", "locale", "src", "wheels")


@dataclass(frozen=True)
class Project:
    root: Path
    source_language: str
    languages: tuple[str, ...]
    drafts: tuple[str, ...] = ()
    pdf_name: str = "statement"
    # The site's address (https://example.org/, editions at /<lang>/) or a template with
    # {language}: absolute canonical, hreflang and share links, a sitemap. "": relative links.
    base_url: str = ""

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def locale(self) -> Path:
        return self.root / "locale"

    @property
    def translations(self) -> tuple[str, ...]:
        """Every language but the source language: those with catalogs."""
        return tuple(code for code in self.languages if code != self.source_language)

    def relative(self, path: Path) -> Path:
        """``path`` as messages show it: relative to the repository when inside it."""
        return path.relative_to(self.root) if path.is_relative_to(self.root) else path

    def copy_sources(self, target: Path) -> Path:
        """Copy what the editions are built from (no output, no compiled catalogs) to ``target``."""
        target.mkdir(parents=True, exist_ok=True)
        compiled = shutil.ignore_patterns("*.mo", "sphinx.js", "__pycache__")
        for name in SOURCES:
            source = self.root / name
            if source.is_dir():
                shutil.copytree(source, target / name, ignore=compiled)
            elif source.exists():
                shutil.copy2(source, target / name)
        return target


class NotAProject(RuntimeError):
    """No ``pyproject.toml`` with a ``[tool.editions]`` table here or in a parent folder."""


def find_root(start: Path | None = None) -> Path:
    """The project's folder: the nearest one, from ``start`` (the working directory) up,
    whose ``pyproject.toml`` has a ``[tool.editions]`` table, as pytest and ruff find theirs."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        config = folder / "pyproject.toml"
        if config.is_file():
            with open(config, "rb") as f:
                if "editions" in tomllib.load(f).get("tool", {}):
                    return folder
    raise NotAProject(
        f"{here}: not inside a project (no pyproject.toml with [tool.editions]); "
        "`editions new DIR` makes one"
    )


def load(root: Path | None = None) -> Project:
    """Read ``[tool.editions]`` from ``pyproject.toml`` of ``root`` (default: found from the
    working directory)."""
    root = root or find_root()
    with open(root / "pyproject.toml", "rb") as f:
        table = tomllib.load(f)["tool"]["editions"]
    return Project(
        root=root,
        source_language=table["source-language"],
        languages=tuple(table["languages"]),
        drafts=tuple(table.get("drafts", ())),
        pdf_name=table.get("pdf-name", "statement"),
        base_url=table.get("base-url", ""),
    )


class Refused(RuntimeError):
    """A command cannot go on: its message, or what it names and the problems found, one
    line each (exit status 2)."""

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)
