"""The record of changes a reader can check (``docs/changes.yaml``), shown in every edition.

Each entry is dated and of one kind: ``text`` (a change of the statement's wording, described
in English and translated through the catalog ``editions.po``), ``signatory-added`` or
``signatory-withdrawn`` (an organisation, by its identifier; its name is shown as the edition
shows it in the list, or as the entry's ``name`` gives it once the organisation has left the
list). A problem is a ``Refused`` naming ``file:line``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from editions.data.datafile import compose, line_of, mapping, text
from editions.project import Problem, Refused

FILE = "changes.yaml"  # in docs/
KINDS = ("text", "signatory-added", "signatory-withdrawn")
KEYS = {"date", "kind", "signatory", "name", "description"}


@dataclass(frozen=True)
class Change:
    date: datetime.date
    kind: str
    line: int
    signatory: str = ""
    name: str = ""
    description: str = ""


def load(path: Path) -> list[Change]:
    """The changes, newest first; an empty file or list means none."""
    root = compose(path)
    if root is None:
        return []
    if not isinstance(root, yaml.SequenceNode):
        raise Refused(Problem(path, line_of(root), "the file must be a list of changes "
                              "('- date: ...')"))  # fmt: skip
    found = [_change(path, node) for node in root.value]
    return sorted(found, key=lambda c: c.date, reverse=True)


def _change(path: Path, node: yaml.Node) -> Change:
    fields = mapping(path, node, KEYS, "a change")
    values = {key: text(path, value, key) for key, value in fields.items() if key != "date"}
    line = line_of(node)
    if "date" not in fields or "kind" not in fields:
        raise Refused(Problem(path, line, "a change needs a 'date' and a 'kind'"))
    date_node = fields["date"]
    try:
        date = datetime.date.fromisoformat(str(date_node.value))
    except ValueError:
        message = f"'date' must be a date written YYYY-MM-DD, not {date_node.value!r}"
        raise Refused(Problem(path, line_of(date_node), message)) from None
    kind = values["kind"]
    if kind not in KINDS:
        kinds = ", ".join(KINDS)
        raise Refused(Problem(path, line_of(fields["kind"]), f"'kind' must be one of {kinds}"))
    wanted = {"description"} if kind == "text" else {"signatory"}
    allowed = wanted | ({"name"} if kind != "text" else set())
    if missing := wanted - values.keys():
        raise Refused(Problem(path, line, f"a '{kind}' change needs '{missing.pop()}'"))
    if extra := set(values) - allowed - {"kind"}:
        raise Refused(Problem(path, line, f"a '{kind}' change has no '{extra.pop()}'"))
    return Change(date, kind, line, values.get("signatory", ""), values.get("name", ""),
                  values.get("description", ""))  # fmt: skip


def check(path: Path, signatory_ids: set[str]) -> list[Problem]:
    """The problems of the file: bad entries, unknown organisations."""
    try:
        found = load(path)
    except Refused as exc:
        return [exc.problem]
    return [
        Problem(path, c.line, f"no signatory '{c.signatory}' in the list: give its 'name'")
        for c in found
        if c.kind != "text" and c.signatory not in signatory_ids and not c.name
    ]


def shown(
    found: list[Change], names: dict[str, str], gettext: Callable[[str], str]
) -> list[dict[str, Any]]:
    """Each change as an edition says it: ISO date, its sentence as ``gettext`` gives it (a
    ``%``-template) and the values it is filled with; ``names`` gives each listed
    organisation's name as the edition shows it."""
    said = []
    for c in found:
        values = {}
        if c.kind == "text":
            line = gettext(c.description).replace("%", "%%")  # the editor's words, as written
        else:
            values = {"name": names.get(c.signatory) or c.name or c.signatory}
            if c.kind == "signatory-added":
                # Translators: an entry of the list of changes, under the statement; %(name)s
                # is an organisation's name as the edition shows it.
                line = gettext("Signatory added: %(name)s")
            else:
                # Translators: an entry of the list of changes, under the statement; %(name)s
                # is the name of an organisation that withdrew its signature.
                line = gettext("Signatory withdrawn: %(name)s")
        said.append({"date": c.date.isoformat(), "sentence": line, "values": values})
    return said


def no_changes(gettext: Callable[[str], str]) -> str:
    # Translators: the list of changes, under the statement, when it has none.
    return gettext("No changes since publication")
