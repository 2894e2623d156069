"""The signatory data file: loading, validation, and ordering by a language's collation.

The file is a YAML list with one mapping per organisation::

    - name: Ukrainian Foundation for Public Health
      abbreviation: UFPH

Every problem is reported as a :class:`SignatoryError` naming the file and the
1-based line, so the command line can print ``file:line: message`` and stop
before anything is built.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml
from docutils import nodes

KEYS = {"name", "abbreviation"}
REQUIRED = {"name"}
# Columns of the list as a file: position, name as shown, and the data file's fields.
FIELDS = ("number", "name", "abbreviation", "name_as_written")

# Characters that would start MyST/CommonMark markup (or a role, a substitution,
# a math span) if a name containing them were parsed as Markdown; and, at the start of
# the text, what would open a block (list item, numbered item, comment, target, break).
_MARKUP = re.compile(r"([\\`*_\[\]<>{}~^$|#&!])")
_BLOCK_START = re.compile(r"^([-+=%(:]|\d+(?=[.)]))")


class SignatoryError(ValueError):
    """A problem in a signatory file, located at ``path:line``."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


@dataclass(frozen=True)
class Signatory:
    name: str
    abbreviation: str | None
    line: int

    @property
    def label(self) -> str:
        """The text shown for the organisation, e.g. ``Name (ABBR)``."""
        return f"{self.name} ({self.abbreviation})" if self.abbreviation else self.name

    @property
    def msgid(self) -> str:
        """The label as MyST source: a translation is parsed as MyST, so markup is escaped."""
        return myst_escape(self.label)


def myst_escape(text: str) -> str:
    """``text`` as MyST source that renders as exactly ``text``, in one paragraph."""
    text = _MARKUP.sub(r"\\\1", text)
    match = _BLOCK_START.match(text)
    if match is None:
        return text
    if match.group(1)[0].isdigit():  # "1. Name" would be a numbered list: escape the dot
        end = match.end()
        return text[:end] + "\\" + text[end:]
    return "\\" + text


def normalise(name: str) -> str:
    """The form in which two names count as the same organisation."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def _scalar(path: Path, node: yaml.Node, key: str) -> str:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
        raise SignatoryError(path, line, f"'{key}' is empty")
    if isinstance(node, yaml.ScalarNode) and node.tag != "tag:yaml.org,2002:str":
        # YAML reads `Yes`, `1234` or `2020-11-11` as other things than text.
        raise SignatoryError(
            path, line, f"'{key}' must be text: put it in quotes ({key}: \"{node.value}\")"
        )
    if not isinstance(node, yaml.ScalarNode):
        raise SignatoryError(path, line, f"'{key}' must be text, not a list or a mapping")
    value = " ".join(node.value.split())
    if not value:
        raise SignatoryError(path, line, f"'{key}' is empty")
    return value


def load(path: Path) -> list[Signatory]:
    """Read and validate ``path``; raise :class:`SignatoryError` on the first problem."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SignatoryError(path, 1, f"cannot read the file: {exc.strerror}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SignatoryError(
            path, line, f"byte 0x{data[exc.start]:02x} is not UTF-8: save the file as UTF-8"
        ) from None
    try:
        root = yaml.compose(text)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        line = text[: exc.position].count("\n") + 1
        raise SignatoryError(path, line, f"not valid YAML: {exc.reason}") from None
    except yaml.MarkedYAMLError as exc:
        # Where parsing failed; at the end of the file, where the unclosed construct began.
        at_end = exc.problem_mark is None or "<stream end>" in (exc.problem or "")
        mark = exc.context_mark if at_end and exc.context_mark else exc.problem_mark
        context = f" ({exc.context})" if exc.context else ""
        raise SignatoryError(
            path, mark.line + 1 if mark else 1, f"not valid YAML: {exc.problem}{context}"
        ) from None
    if root is None or not isinstance(root, yaml.SequenceNode):
        line = root.start_mark.line + 1 if root is not None else 1
        raise SignatoryError(path, line, "expected a list of organisations ('- name: ...')")
    if not root.value:
        raise SignatoryError(path, root.start_mark.line + 1, "the list of organisations is empty")

    entries: list[Signatory] = []
    seen: dict[str, int] = {}
    for item in root.value:
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode):
            raise SignatoryError(path, line, "each organisation must be a mapping ('- name: ...')")
        fields: dict[str, str] = {}
        for key_node, value_node in item.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
            key_line = key_node.start_mark.line + 1
            if key not in KEYS:
                known = ", ".join(sorted(KEYS))
                raise SignatoryError(path, key_line, f"unknown key '{key}' (known: {known})")
            if key in fields:
                raise SignatoryError(path, key_line, f"'{key}' is given twice")
            fields[key] = _scalar(path, value_node, key)
        for key in sorted(REQUIRED - fields.keys()):
            raise SignatoryError(path, line, f"missing '{key}'")
        entry = Signatory(fields["name"], fields.get("abbreviation"), line)
        key = normalise(entry.name)
        if key in seen:
            raise SignatoryError(
                path, line, f"duplicate organisation '{entry.name}' (first on line {seen[key]})"
            )
        seen[key] = line
        entries.append(entry)
    return entries


def collation_key(language: str):
    """A sort key for ``language``'s alphabetical order (ICU collation, CLDR tailorings)."""
    import icu  # imported here: only sorting needs the ICU bindings

    collator = icu.Collator.createInstance(icu.Locale(language))
    return collator.getSortKey


def sort_labels(labels: Iterable[str], language: str) -> list[str]:
    return sorted(labels, key=collation_key(language))


def shown(doctree: nodes.document) -> list[dict[str, str | int | None]]:
    """The signatory list as an edition shows it: its names, in its order, with the data
    file's name and abbreviation (kept on each item by the ``signatories`` directive)."""
    rows: list[dict[str, str | int | None]] = []
    for node in doctree.findall(nodes.bullet_list):
        if "signatories" not in node["classes"]:
            continue
        for item in node.children:
            rows.append(
                {
                    "number": len(rows) + 1,
                    "name": " ".join(item.astext().split()),
                    "abbreviation": item.get("signatory-abbreviation"),
                    "name_as_written": item.get("signatory-name"),
                }
            )
    return rows


def write_table(
    rows: list[dict[str, str | int | None]], path: Path, kind: str, *, language: str, title: str
) -> None:
    """Write ``rows`` as CSV (a header line, then one organisation a line) or JSON."""
    if kind == "csv":
        with open(path, "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(FIELDS))
            writer.writeheader()
            writer.writerows({k: "" if v is None else v for k, v in row.items()} for row in rows)
        return
    data = {"language": language, "statement": title, "count": len(rows), "signatories": rows}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
        f.write("\n")
