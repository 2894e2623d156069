"""The doctree check: even past the pre-build gate, a translation cannot change the structure.

Built in-process with ``sphinx.testing`` from ``tests/roots/test-integrity`` (MyST with the
project's settings and ``editions.sphinxext.integrity`` only), in a temporary copy, language ``xx``.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import polib
import pytest
from docutils import nodes
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pytest import TempPathFactory
from sphinx.testing.util import SphinxTestApp

from editions.gate import markup
from editions.sphinxext import integrity

pytestmark = pytest.mark.extension

ROOT = Path(__file__).parent / "roots" / "test-integrity"
PLAIN = "A plain paragraph of the statement."
SECRET = "Secretwords from outside the sources"


def build(tmp: Path, translations: dict[str, str], source: str = "") -> tuple[str, nodes.document]:
    """Build the test root in ``tmp`` with these msgid → msgstr; return warnings and doctree."""
    src = tmp / "src"
    shutil.copytree(ROOT, src)
    (tmp / "secret.md").write_text(SECRET + "\n")
    if source:
        (src / "index.md").write_text(source)
    path = src / "locale/xx/LC_MESSAGES/index.po"
    po = polib.pofile(str(path))
    for msgid, msgstr in translations.items():
        entry = po.find(msgid)
        if entry is None:
            po.append(entry := polib.POEntry(msgid=msgid))
        entry.msgstr = msgstr
    po.save()
    warnings = io.StringIO()
    app = SphinxTestApp(
        "html", srcdir=src, confoverrides={"language": "xx"}, status=io.StringIO(),
        warning=warnings,
    )  # fmt: skip
    try:
        app.build()
        return warnings.getvalue(), app.env.get_doctree("index")
    finally:
        app.cleanup()  # also forgets the loaded catalogs, so the next build reads its own


ATTACKS = {
    "included file": ("~~~{include} ../secret.md\n~~~", "shows text that is not in the translatio"),
    "reference-style image": ("Bildo ![x][r]\n\n[r]: ../secret.md", "adds image"),
    "eval-rst javascript link": (
        "~~~{eval-rst}\n`x <javascript:alert(1)>`_\n~~~", "adds reference javascript:alert(1)",
    ),
    "mailto definition": ("Vidu [x]\n\n[x]: mailto:a@example.org", "adds reference mailto:"),
    "ftp definition": ("Vidu [x][]\n\n[x]: ftp://example.org/a", "adds reference ftp://"),
    "download role": ("Vidu {download}`x <../secret.md>`", "adds download_reference"),
}  # fmt: skip


@pytest.mark.parametrize("case", ATTACKS)
def test_doctree_check_fires_when_the_gate_is_bypassed(tmp_path: Path, case: str) -> None:
    msgstr, message = ATTACKS[case]
    assert markup.problems(PLAIN, msgstr)  # the gate would have refused it
    warnings, doctree = build(tmp_path, {PLAIN: msgstr})
    assert "index.md:3: ERROR: the translation of this passage" in warnings
    assert message in warnings
    # The passage is back to its source: nothing foreign is left in the doctree.
    paragraph = next(p for p in doctree.findall(nodes.paragraph) if p.astext() == PLAIN)
    assert paragraph["translated"] is False
    assert SECRET not in doctree.astext()
    assert not list(doctree.findall(nodes.image))
    links = [r.get("refuri") for r in doctree.findall(nodes.reference)]
    assert links == ["https://example.org/"]


def test_a_faithful_translation_passes(tmp_path: Path) -> None:
    warnings, doctree = build(tmp_path, {})
    assert "ERROR" not in warnings
    assert "Simpla alineo de la declaro." in doctree.astext()
    assert "Alineo kun emfazo kaj ligilo." in doctree.astext()


def test_signature_keeps_kinds_and_targets_not_text() -> None:
    one = nodes.paragraph("", "", nodes.Text("a "), nodes.reference("", "x", refuri="https://a"))
    two = nodes.paragraph("", "", nodes.Text("b "), nodes.reference("", "y", refuri="https://a"))
    other = nodes.paragraph("", "", nodes.reference("", "x", refuri="mailto:a"))
    assert integrity.signature(one) == integrity.signature(two) != integrity.signature(other)


# -- Hypothesis: what the gate accepts builds with exactly the source's structure ---------------
MARKUP = st.sampled_from([
    "*emfazo*", "**forte**", "`kodo`", "[ligilo](https://example.org/)", "<https://example.org/>",
    "{ref}`la listo <statement>`", "{abbr}`NGO (non-governmental organisation)`", "",
])  # fmt: skip
NOISE = st.sampled_from(["", " &amp;", " \\*", " :::", " ~~~", " +++", " 100 %", " «x»", " —"])


@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
@given(first=MARKUP, second=MARKUP, noise=NOISE, swap=st.booleans())
def test_accepted_translation_builds_with_the_sources_node_kinds(
    tmp_path_factory: TempPathFactory, first: str, second: str, noise: str, swap: bool
) -> None:
    source_text = f"Source words {first} and {second} end."
    parts = [second, first] if swap else [first, second]
    translation = f"Tradukitaj vortoj {parts[0]} kaj {parts[1]}{noise} fino."
    assume(not markup.problems(source_text, translation))
    page = f"(statement)=\n# A statement\n\n{source_text}\n\nUntranslated: {source_text}\n"
    warnings, doctree = build(tmp_path_factory.mktemp("b"), {source_text: translation}, page)
    translated, untranslated = list(doctree.findall(nodes.paragraph))[:2]
    assert translated["translated"] is True and "ERROR" not in warnings
    assert kinds(translated) == kinds(untranslated)


def kinds(node: nodes.Element) -> list[str]:
    """The node kinds below ``node`` with their nesting (inline markup may move in a passage)."""
    return sorted(path for path, *_targets in integrity.signature(node))


def test_a_translation_cannot_point_a_footnote_reference_elsewhere(tmp_path: Path) -> None:
    source = "A claim.[^a]"
    page = f"# A statement\n\n{source}\n\nOther.[^b]\n\n[^a]: One.\n\n[^b]: Another.\n"
    warnings, doctree = build(tmp_path, {source: "Eine Behauptung.[^b]"}, page)
    assert "index.md:3: ERROR: the translation of this passage changes the markup" in warnings
    [first, _other] = [r["refid"] for r in doctree.findall(nodes.footnote_reference)]
    assert first == "a"
