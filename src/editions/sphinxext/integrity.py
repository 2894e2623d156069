"""Defence in depth: after Sphinx translates a document, its structure must be the source's.

The pre-build gate (``editions.gate.markup``) compares each translation with its source before
anything is built. A plain ``sphinx-build`` (Read the Docs) skips that gate, so the doctree is
checked too:

- before translation, each translatable node's structure (its descendants' node kinds and
  targets, text left out) and the document's links, images, raw and literal content are
  recorded;
- after translation, a node whose structure changed, whose words do not come from its
  translation (content read by a directive such as ``{include}``), or that holds a link,
  image, raw or literal node the source lacks, is an ERROR at that node (the edition fails),
  and the node gets its source text back, so even an ignored error publishes nothing foreign.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.locale import init as init_locale
from sphinx.transforms import SphinxTransform
from sphinx.transforms.i18n import Locale  # private: see below
from sphinx.util import logging
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import extract_messages

# -- Sphinx internals relied on (checked with Sphinx 9.0.4) ---------------------------------
# ``sphinx.transforms.i18n.Locale`` is not documented API. It translates at its
# ``default_priority`` (20) by replacing the *children* of each node that
# ``extract_messages`` yields, keeping the node itself; so a node recorded just before it is
# the same object just after it. The priority is read from the class, so both checks move
# with it if Sphinx changes it.

LOCALE_PRIORITY: int = Locale.default_priority

logger = logging.getLogger(__name__)

_ATTRIBUTES = ("refuri", "refid", "uri", "reftarget", "reftype")
# MyST's hard line break, as raw output for each writer: no markup to compare, as in the gate
# (Sphinx joins a paragraph's lines into one message, so a translation breaks its own lines).
HARD_BREAK = {"html": "<br />\n", "latex": "\\\\\n"}
_SAFE_SCHEMES = ("http", "https")
_STATE = "editions_integrity"  # the record, kept on the document between the two transforms
_WORD = re.compile(r"\w+")

Signature = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Passage:
    node: nodes.Element
    message: str
    signature: Signature
    source: list[nodes.Node]  # a copy of the node's children before translation


@dataclass
class Record:
    passages: list[Passage] = field(default_factory=list)
    sensitive: Counter[str] = field(default_factory=Counter)


def signature(node: nodes.Element) -> Signature:
    """The structure below ``node``: each descendant's kind, nesting and targets, text left out.

    Sorted, since a translation may move inline markup within its passage (as the gate allows).
    """
    return tuple(sorted(_described(node, ())))


def hard_break(node: nodes.Node) -> bool:
    """Whether ``node`` is (part of) a hard line break as MyST writes it."""
    return isinstance(node, nodes.raw) and HARD_BREAK.get(node.get("format")) == node.astext()


def _described(node: nodes.Element, path: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    for child in node.children:
        if isinstance(child, nodes.Element) and not hard_break(child):
            within = (*path, type(child).__name__)
            yield (" > ".join(within), *(str(child.get(name, "")) for name in _ATTRIBUTES))
            yield from _described(child, within)


def sensitive(document: nodes.document) -> Iterator[tuple[str, nodes.Element]]:
    """Nodes a translation must never bring: raw output, images, literal content, any link."""
    for node in document.findall(nodes.Element):
        if isinstance(node, nodes.raw) and not hard_break(node):
            yield f"raw {node.get('format', '')} content", node
        elif isinstance(node, nodes.image):
            yield f"image {node.get('uri', '')}", node
        elif isinstance(node, nodes.literal_block):
            yield f"literal block from {node.get('source', 'the text')}", node
        elif isinstance(node, nodes.reference) and node.get("refuri"):
            yield _link(node["refuri"]), node
        elif isinstance(node, addnodes.pending_xref):
            yield f"cross-reference {node.get('reftype', '')} → {node.get('reftarget', '')}", node


def _link(uri: str) -> str:
    scheme = uri.partition(":")[0].lower() if ":" in uri else ""
    if scheme and scheme not in _SAFE_SCHEMES:
        return f"link with the scheme {scheme}: → {uri}"
    return f"link → {uri}"


class RecordStructure(SphinxTransform):
    """Just before translation: what each translatable node, and the document, contain."""

    default_priority = LOCALE_PRIORITY - 1

    def apply(self, **kwargs: Any) -> None:
        record = Record(sensitive=Counter(key for key, _node in sensitive(self.document)))
        for node, message in extract_messages(self.document):
            copy = [child.deepcopy() for child in node.children]
            record.passages.append(Passage(node, message, signature(node), copy))
        setattr(self.document, _STATE, record)


class CheckStructure(SphinxTransform):
    """Just after translation: a translated node keeps its structure and its words' origin."""

    default_priority = LOCALE_PRIORITY + 1

    def apply(self, **kwargs: Any) -> None:
        record: Record | None = getattr(self.document, _STATE, None)
        if record is None:
            return
        delattr(self.document, _STATE)  # not to be pickled with the doctree
        translate = self._catalog()
        refused: dict[int, tuple[Passage, str]] = {}
        for passage in record.passages:
            why = _changed(passage, translate)
            if why:
                refused[id(passage.node)] = (passage, why)
        owners = {id(p.node): p for p in record.passages}
        new = Counter(key for key, _node in sensitive(self.document)) - record.sensitive
        for key, node in sensitive(self.document):
            owner = _owner(node, owners)
            if new[key] > 0 and owner is not None:
                new[key] -= 1
                refused.setdefault(id(owner.node), (owner, f"adds a {key} the source lacks"))
        for passage, why in refused.values():
            _refuse(passage, why)

    def _catalog(self) -> Any:
        """``gettext`` of the document's catalog, as Locale loads it."""
        domain = docname_to_domain(self.env.docname, self.config.gettext_compact)
        dirs = [Path(self.env.srcdir, d) for d in self.config.locale_dirs]
        catalog, _found = init_locale(dirs, self.config.language, domain)
        return catalog.gettext


def _changed(passage: Passage, translate: Any) -> str:
    """Why a translated passage is refused ("" if it is not)."""
    node = passage.node
    now = signature(node)
    if now != passage.signature:
        added = Counter(now) - Counter(passage.signature)
        dropped = Counter(passage.signature) - Counter(now)
        parts = [f"adds {_kinds(added)}"] if added else []
        parts += [f"drops {_kinds(dropped)}"] if dropped else []
        return f"changes the markup of the source ({'; '.join(parts) or 'order'})"
    shown = " ".join(t.astext() for t in node.findall(nodes.Text) if not hard_break(t.parent))
    if node.get("translated") and not _words_from(shown, translate(passage.message)):
        return "shows text that is not in the translation (read from a file?)"
    return ""


def _kinds(found: Counter[tuple[str, ...]]) -> str:
    """Node kinds as a translator reads them: ``image ../x.png, reference mailto:a@b``."""
    return ", ".join(
        " ".join([kind, next((t for t in targets if t), "")]).strip()
        for (kind, *targets) in sorted(found.elements())
    )


def _owner(node: nodes.Node, owners: dict[int, Passage]) -> Passage | None:
    """The translated passage ``node`` is part of, if any."""
    parent: nodes.Node | None = node
    while parent is not None and id(parent) not in owners:
        parent = parent.parent
    return owners.get(id(parent)) if parent is not None else None


def _words_from(shown: str, translation: str) -> bool:
    """Whether every word shown comes from the translation (entities decoded)."""
    available = set(_WORD.findall(translation)) | set(_WORD.findall(html.unescape(translation)))
    return set(_WORD.findall(shown)) <= available


def _refuse(passage: Passage, why: str) -> None:
    """An ERROR at the passage (the edition fails), which gets its source text back."""
    node = passage.node
    logger.error("the translation of this passage %s: fix it in the catalog", why, location=node)
    node[:] = passage.source
    node["translated"] = False


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_transform(RecordStructure)
    app.add_transform(CheckStructure)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
