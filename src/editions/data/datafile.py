"""The project's YAML data files (signatories, statement facts): read with their line numbers.

Data files are edited by hand and are untrusted input: every problem is a ``Refused`` holding
the ``Problem``: the file and the 1-based line, so commands print ``file:line: message`` and stop
before anything is built. YAML is read with ``yaml.compose`` (nodes, no Python objects): no
tags are constructed and aliases cannot expand. libyaml composes (ten times faster on a long
list); only a file it refuses is read again by PyYAML's own parser, whose error lines are the
more precise (an unclosed list is placed where it opens).
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

import yaml

from editions.project import Problem, Refused

# Letters and symbols drawn as nothing: Hangul fillers (also default-ignorable), Braille blank.
_BLANK_GLYPHS = frozenset("\u115f\u1160\u2800\u3164\uffa0")


def invisible(char: str) -> bool:
    """Format characters (Cf: zero-width, soft hyphen, bidi marks), separators other than a
    plain space (Z), controls (Cc) and characters drawn blank: nothing a reader can see, or
    tell from a space."""
    category = unicodedata.category(char)
    return char != " " and (category in ("Cf", "Cc") or category[0] == "Z"
                            or char in _BLANK_GLYPHS)  # fmt: skip


# Bidi embeddings, overrides and isolates: they change the order in which characters are
# shown (digits too: "20 000" reads "000 02") while every check reads them in stored order.
BIDI_CONTROLS = frozenset(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))


def named(char: str) -> str:
    """A character as a message names it: ``U+202E RIGHT-TO-LEFT OVERRIDE``."""
    return f"U+{ord(char):04X} {unicodedata.name(char, '')}".rstrip()


def is_blank(text: str) -> bool:
    """Whether ``text`` shows nothing at all: only spaces and invisible characters."""
    return all(char == " " or invisible(char) for char in text)


def read_text(path: Path) -> str:
    """The file's text, from UTF-8; a ``Refused`` on the line of a byte that is not."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise Refused(Problem(path, 1, f"cannot read the file: {exc.strerror}")) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise Refused(Problem(path, line, f"byte 0x{data[exc.start]:02x} is not UTF-8: save "
                              "the file as UTF-8")) from None  # fmt: skip


def compose(path: Path) -> yaml.Node | None:
    """The file's YAML node tree; ``None`` for an empty file."""
    return _compose(path, read_text(path))


@functools.lru_cache(maxsize=16)
def _compose(path: Path, text: str) -> yaml.Node | None:
    """Composed once per process and content (a build's checks read each file many times);
    callers never change the nodes."""
    try:
        yaml.reader.Reader(text)  # the characters YAML allows, as PyYAML checks them
        return yaml.compose(text, Loader=_FAST)
    except yaml.YAMLError:
        pass
    try:
        node = yaml.compose(text)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        line = text[: exc.position].count("\n") + 1
        raise Refused(Problem(path, line, f"not valid YAML: {exc.reason}")) from None
    except yaml.MarkedYAMLError as exc:
        # Where parsing failed; at the end of the file, where the unclosed construct began.
        problem = exc.problem or ""
        ends = ("<stream end>", "end of stream")  # as the parser and the scanner say it
        at_end = exc.problem_mark is None or any(end in problem for end in ends)
        mark = exc.context_mark if at_end and exc.context_mark else exc.problem_mark
        context = f" ({exc.context})" if exc.context else ""
        if problem == "mapping values are not allowed here":  # a ': ' inside a plain value
            context = ": a value that holds ': ' goes in quotes (name: \"A: B\")"
        line = mark.line + 1 if mark else 1
        raise Refused(Problem(path, line, f"not valid YAML: {problem}{context}")) from None
    # libyaml refused what PyYAML reads: refuse it too, rather than trust either alone.
    line = line_of(node) if node else 1
    raise Refused(Problem(path, line, "not valid YAML (libyaml refuses it)"))


# libyaml's parser; PyYAML's own where the wheel was built without it.
_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def line_of(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def text(path: Path, node: yaml.Node, key: str) -> str:
    """A scalar that must be text, with runs of spaces collapsed; empty is an error."""
    line = line_of(node)
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
        raise Refused(Problem(path, line, f"'{key}' is empty"))
    if isinstance(node, yaml.ScalarNode) and node.tag != "tag:yaml.org,2002:str":
        # YAML reads `Yes`, `1234` or `2020-11-11` as other things than text.
        raise Refused(Problem(path, line, f"'{key}' must be text: put it in quotes "
                              f"({key}: \"{node.value}\")"))  # fmt: skip
    if not isinstance(node, yaml.ScalarNode):
        raise Refused(Problem(path, line, f"'{key}' must be text, not a list or a mapping"))
    value = " ".join(node.value.split())
    if is_blank(value):
        raise Refused(Problem(path, line, f"'{key}' is empty"))
    for char in value:
        if char in BIDI_CONTROLS:
            raise Refused(Problem(path, line, f"'{key}' holds the invisible control {named(char)}, "
                                  "which reorders what readers see: remove it"))  # fmt: skip
    return value


def mapping(path: Path, node: yaml.Node, keys: set[str], what: str) -> dict[str, yaml.Node]:
    """A mapping's value nodes by key; unknown or repeated keys are errors."""
    if not isinstance(node, yaml.MappingNode):
        raise Refused(Problem(path, line_of(node), f"{what} must be a mapping ('key: value')"))
    found: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
        if key not in keys:
            known = ", ".join(sorted(keys))
            raise Refused(Problem(path, line_of(key_node), f"unknown key '{key}' (known: {known})"))
        if key in found:
            raise Refused(Problem(path, line_of(key_node), f"'{key}' is given twice"))
        found[key] = value_node
    return found
