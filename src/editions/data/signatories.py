"""The signatory data file: loading, validation, and ordering by a language's collation.

The file is a YAML list with one mapping per organisation::

    - id: ufph
      name: Ukrainian Foundation for Public Health
      abbreviation: UFPH
      language: en

``language`` (optional) is the language the name is written in, by default the statement's
source language: a name shown as written is marked with it, unless it is the edition's.

``id`` is a short, stable slug: the organisation's translations are keyed by it (see
:mod:`editions.data.names`), so it must not change when the English spelling does.

Every problem is reported as a ``Refused`` naming the file and the
1-based line, so the command line can print ``file:line: message`` and stop
before anything is built.
"""

from __future__ import annotations

import csv
import functools
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from docutils import nodes

from editions.data.datafile import compose, invisible, mapping, text
from editions.project import LanguageError, Problem, Refused, language_code

KEYS = {"id", "name", "abbreviation", "language"}
# Columns of the list as a file: position, id, name as shown, and the data file's fields.
FIELDS = ("number", "id", "name", "abbreviation", "name_as_written")
REQUIRED = {"id", "name"}
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Signatory:
    id: str
    name: str
    abbreviation: str | None
    line: int
    language: str | None = None  # the name's, as pyproject.toml writes codes; None: the source's

    @property
    def label(self) -> str:
        """The text shown for the organisation, e.g. ``Name (ABBR)``."""
        return f"{self.name} ({self.abbreviation})" if self.abbreviation else self.name


@functools.cache  # the checks compare each name several times: its label, name, translation
def normalise(name: str) -> str:
    """The form in which two names count as the same organisation.

    NFKC, without invisible characters, spaces, punctuation and combining marks left over
    (so "Post\u00adup", "Post up", "Post-up" and "Postup" agree), reduced to its confusable
    skeleton (Unicode TR39, ICU) in capitals, then case-folded and reduced again: so that
    neither a Cyrillic "Р" nor a Greek capital "Ζ" passes for a Latin letter, in any case.
    """
    text = unicodedata.normalize("NFKC", name)
    text = "".join(c for c in text if c != " " and not invisible(c)
                   and unicodedata.category(c)[0] not in "PM")  # fmt: skip
    checker = _spoof_checker()
    capitals = str(checker.getSkeleton(0, text.upper()))
    return str(checker.getSkeleton(0, capitals.casefold()))


@functools.cache
def _spoof_checker() -> Any:
    import icu  # only duplicate and confusable checks need ICU

    return icu.SpoofChecker()


def load(path: Path) -> list[Signatory]:
    """Read and validate ``path``; raise ``Refused`` on the first problem."""
    root = compose(path)
    if root is None or not isinstance(root, yaml.SequenceNode):
        line = root.start_mark.line + 1 if root is not None else 1
        raise Refused(Problem(path, line, "expected a list of organisations ('- name: ...')"))
    if not root.value:
        raise Refused(Problem(path, root.start_mark.line + 1, "the list of organisations is empty"))

    entries: list[Signatory] = []
    seen: dict[str, int] = {}
    ids: dict[str, int] = {}
    for item in root.value:
        line = item.start_mark.line + 1
        nodes = mapping(path, item, KEYS, "each organisation")
        fields = {key: text(path, node, key) for key, node in nodes.items()}
        for key in sorted(REQUIRED - fields.keys()):
            raise Refused(Problem(path, line, f"missing '{key}'"))
        language = _language(path, nodes["language"], fields["language"]) \
            if "language" in fields else None  # fmt: skip
        entry = Signatory(fields["id"], fields["name"], fields.get("abbreviation"), line, language)
        _check_id(path, entry, ids)
        key = normalise(entry.name)
        if key in seen:
            raise Refused(Problem(path, line, f"'{entry.name}' duplicates line {seen[key]} (the "
                                  "same name, or one that looks the same)"))  # fmt: skip
        seen[key] = line
        entries.append(entry)
    return entries


def _language(path: Path, node: yaml.Node, code: str) -> str:
    try:
        return language_code(code)
    except LanguageError as exc:
        raise Refused(Problem(path, node.start_mark.line + 1, f"'language': {exc}")) from None


def _check_id(path: Path, entry: Signatory, ids: dict[str, int]) -> None:
    if not _ID.fullmatch(entry.id):
        raise Refused(Problem(path, entry.line, f"id '{entry.id}' must be lower-case letters "
                              "a-z, digits and single hyphens (e.g. river-watch)"))  # fmt: skip
    if entry.id in ids:
        raise Refused(Problem(path, entry.line, f"id '{entry.id}' duplicates line {ids[entry.id]}"))
    ids[entry.id] = entry.line


def collation_key(language: str) -> Callable[[str], bytes]:
    """A sort key for ``language``'s alphabetical order (ICU collation, CLDR tailorings)."""
    import icu  # imported here: only sorting needs the ICU bindings

    collator = icu.Collator.createInstance(icu.Locale(language))
    key: Callable[[str], bytes] = collator.getSortKey
    return key


def shown(doctree: nodes.document) -> list[dict[str, str | int | None]]:
    """The signatory list as an edition shows it: its names, in its order, with the data
    file's name and abbreviation (kept on each item by the ``signatories`` directive)."""
    rows: list[dict[str, str | int | None]] = []
    for node in doctree.findall(nodes.bullet_list):
        if "signatories" not in node["classes"]:
            continue
        for item in (c for c in node.children if isinstance(c, nodes.Element)):
            rows.append(
                {
                    "number": len(rows) + 1,
                    "id": item.get("signatory-id"),
                    "name": item.astext(),  # as translated: no-break spaces stay
                    "abbreviation": item.get("signatory-abbreviation"),
                    "name_as_written": item.get("signatory-name"),
                }
            )
    return rows


# What makes a spreadsheet take a cell for a formula, at its start (OWASP, CSV Injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str | int | None) -> str | int:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_table(
    rows: list[dict[str, str | int | None]], path: Path, kind: str, *, language: str, title: str
) -> None:
    """Write ``rows`` as CSV (a header line, then one organisation a line) or JSON, each
    with the names' characters exactly as shown. The CSV begins with a byte order mark
    (without it, spreadsheets read UTF-8 as a legacy code page and garble Cyrillic), and a
    cell a spreadsheet would run as a formula starts with a single quote (OWASP's advice)."""
    if kind == "csv":
        with open(path, "w", encoding="utf-8-sig", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(FIELDS))
            writer.writeheader()
            writer.writerows({k: _cell(v) for k, v in row.items()} for row in rows)
        return
    data = {"language": language, "statement": title, "count": len(rows), "signatories": rows}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
        f.write("\n")
