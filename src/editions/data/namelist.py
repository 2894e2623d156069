"""Personal names in the running text, per language (``docs/names.yaml``): never hyphenated.

Decision record 0004: names are marked from data, not guessed from a capital letter (which
kept every German noun whole). The file maps each language code to its names; a name is a
word, or a list of the word and its inflected forms, as the edition's text writes them::

    en:
      - Lukashenko
    uk:
      - [Лукашенко, Лукашенка, Лукашенку, Лукашенком]

The extension marks each occurrence in the translated document (whole words, Unicode word
boundaries), so the English source strings, and the catalogs, never change. Problems are
a ``Refused`` naming ``file:line``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import yaml

from editions.data.datafile import compose, line_of, text
from editions.project import LanguageError, Problem, Refused, language_code

FILE = "names.yaml"


def load(path: Path) -> dict[str, list[tuple[str, ...]]]:
    """Each language's names (by the project's form of its code: ``pt_BR``), each as its
    forms, in the file's order; an empty mapping when there is no file."""
    root = compose(path) if path.exists() else None
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode):
        raise Refused(Problem(path, line_of(root), "expected a mapping of language codes to names "
                              "('pl:' then '- [Kowalski, Kowalskiego]')"))  # fmt: skip
    found: dict[str, list[tuple[str, ...]]] = {}
    for key, value in root.value:
        try:
            language = language_code(str(key.value))
        except LanguageError as exc:
            raise Refused(Problem(path, line_of(key), str(exc))) from None
        if language in found:
            raise Refused(Problem(path, line_of(key), f"the language '{key.value}' is given twice"))
        if not isinstance(value, yaml.SequenceNode):
            raise Refused(Problem(path, line_of(value), f"'{key.value}' must be a list of names "
                                  "('- Name' or '- [Name, its other forms]')"))  # fmt: skip
        found[language] = [_forms(path, item) for item in value.value]
    return found


def _forms(path: Path, item: yaml.Node) -> tuple[str, ...]:
    """A name: one word, or the word and its inflected forms."""
    nodes = item.value if isinstance(item, yaml.SequenceNode) else [item]
    if not nodes:
        raise Refused(Problem(path, line_of(item), "an empty list: write the name and its forms"))
    forms = [text(path, node, "name") for node in nodes]
    for node, form in zip(nodes, forms, strict=True):
        if not re.fullmatch(r"\w+(?:[’'-]\w+)*", form):
            raise Refused(Problem(path, line_of(node), f"'{form}' is not one word: list each word "
                                  "of a name apart (a given name, a surname)"))  # fmt: skip
    return tuple(forms)


def pattern(forms: Iterable[str]) -> re.Pattern[str] | None:
    """Whole-word occurrences of any of ``forms`` (the longest first), or ``None``."""
    ordered = sorted(set(forms), key=lambda f: (-len(f), f))  # "Lukashenkos" before "Lukashenko"
    if not ordered:
        return None
    return re.compile(rf"(?<![\w’'-])(?:{'|'.join(map(re.escape, ordered))})(?![\w-])")
