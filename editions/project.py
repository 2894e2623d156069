"""The project's layout and the languages it publishes, read from ``pyproject.toml``."""

from __future__ import annotations

import re
import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
# What an edition is built from; everything else in the repository is tooling or output.
SOURCES = ("conf.py", "pyproject.toml", "docs", "locale", "editions")


@dataclass(frozen=True)
class Project:
    root: Path
    source_language: str
    languages: tuple[str, ...]
    drafts: tuple[str, ...] = ()
    pdf_name: str = "statement"

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

    def metadata(self) -> dict[str, str]:
        """``docs/statement.yaml``: the statement's issuer, place, date...; "" where unknown."""
        return load_statement(self.docs / "statement.yaml")

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
            else:
                shutil.copy2(source, target / name)
        return target


STATEMENT_KEYS = ("issuer", "place", "date", "original-language", "licence", "contact")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class StatementError(ValueError):
    """A problem in the statement's metadata file, located at ``path:line``."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


def load_statement(path: Path) -> dict[str, str]:
    """The metadata file's fields as written (text, never YAML's other types); "" if empty.

    Read as YAML nodes, not objects: no tag runs code and no alias is expanded.
    """
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise StatementError(path, 1, f"cannot read the file as UTF-8: {exc}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise StatementError(path, mark.line + 1 if mark else 1,
                             f"not valid YAML: {exc.problem}") from None  # fmt: skip
    except yaml.YAMLError as exc:
        raise StatementError(path, 1, f"not valid YAML: {exc}") from None
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode):
        raise StatementError(path, root.start_mark.line + 1, "expected a mapping ('issuer: ...')")
    return dict(_statement_field(path, key, value) for key, value in root.value)


def _statement_field(path: Path, key: yaml.Node, value: yaml.Node) -> tuple[str, str]:
    name, line = str(key.value), value.start_mark.line + 1
    if not isinstance(key, yaml.ScalarNode) or name not in STATEMENT_KEYS:
        known = ", ".join(STATEMENT_KEYS)
        where = key.start_mark.line + 1
        raise StatementError(path, where, f"unknown key '{name}' (known: {known})")
    if not isinstance(value, yaml.ScalarNode) or value.tag.startswith("tag:yaml.org,2002:python"):
        raise StatementError(path, line, f"'{name}' must be text, not a list, mapping or object")
    if value.tag == "tag:yaml.org,2002:null":
        return name, ""
    if value.tag.startswith("!") or not value.tag.startswith("tag:yaml.org,2002:"):
        raise StatementError(path, line, f"'{name}' must be text, without a tag")
    if name == "date" and not _DATE.fullmatch(value.value):
        raise StatementError(path, line, f"'date' must be YYYY-MM-DD, not '{value.value}'")
    return name, value.value


def load(root: Path = ROOT) -> Project:
    """Read ``[tool.editions]`` from ``root/pyproject.toml``."""
    with open(root / "pyproject.toml", "rb") as f:
        table = tomllib.load(f)["tool"]["editions"]
    return Project(
        root=root,
        source_language=table["source-language"],
        languages=tuple(table["languages"]),
        drafts=tuple(table.get("drafts", ())),
        pdf_name=table.get("pdf-name", "statement"),
    )
