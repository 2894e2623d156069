"""The project's layout and the languages it publishes, read from ``pyproject.toml``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Project:
    root: Path
    source_language: str
    languages: tuple[str, ...]
    drafts: tuple[str, ...] = ()

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


def load(root: Path = ROOT) -> Project:
    """Read ``[tool.editions]`` from ``root/pyproject.toml``."""
    with open(root / "pyproject.toml", "rb") as f:
        table = tomllib.load(f)["tool"]["editions"]
    return Project(
        root=root,
        source_language=table["source-language"],
        languages=tuple(table["languages"]),
        drafts=tuple(table.get("drafts", ())),
    )
