"""The pre-build gate: a translation has its source's markup, as MyST parses it, or is refused.

Every attack below once reached a built edition. Each is now refused by ``preflight.bad_input``
(what ``make`` runs before building) with ``file:line: message``, and nothing is built.
"""

from __future__ import annotations

import codecs
import io
import re
import shutil
from collections import Counter
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it.token import Token
from sphinx.testing.util import SphinxTestApp

from conftest import FIRST, PROJECT, build_editions, copy_repository, in_process
from editions import project
from editions.gate import checks, markup, preflight

INDEX = "locale/sr/LC_MESSAGES/index.po"
UI = "locale/sr/LC_MESSAGES/sphinx.po"
EXTENSION = "locale/sr/LC_MESSAGES/editions.po"

# What a translator appended to a paragraph's translation, and what the gate then says.
ATTACKS = {
    "~~~ fenced include": (
        "\n\n~~~{include} /etc/passwd\n~~~",
        "markup not in the source: directive {include} /etc/passwd",
    ),
    "``` fenced include": (
        "\n\n```{include} ../../../etc/passwd\n```",
        "markup not in the source: directive {include} ../../../etc/passwd",
    ),
    "reference-style image": (
        " ![x][r]\n\n[r]: ../../../etc/passwd",
        "markup not in the source: image → ../../../etc/passwd",
    ),
    "eval-rst javascript link": (
        "\n\n~~~{eval-rst}\n`x <javascript:alert(1)>`_\n~~~",
        "markup not in the source: directive {eval-rst}",
    ),
    "mailto reference definition": (
        " [x]\n\n[x]: mailto:someone@example.org",
        "markup not in the source: link → mailto:someone@example.org",
    ),
    "ftp reference definition": (
        " [x][]\n\n[x]: ftp://files.example.org/a",
        "markup not in the source: link → ftp://files.example.org/a",
    ),
    "scheme without slashes": (
        " [x]\n\n[x]: https:evil.example",
        "markup not in the source: link → https:evil.example",
    ),
    "unused reference definition": (
        "\n\n[x]: https://evil.example",
        "markup not in the source: reference definition [X]: https://evil.example",
    ),
    "autolink": (" <https://evil.example>", "markup not in the source: autolink"),
    "download role": (
        " {download}`файл <https://example.org/x.exe>`",
        "markup not in the source: role {download} → https://example.org/x.exe",
    ),
    "raw HTML": (' <img src="x" onerror="alert(1)">', "markup not in the source: raw HTML <img"),
    "footnote": (" [^1]\n\n[^1]: https://evil.example", "markup not in the source: footnote"),
}


def edited(root: Path, catalog: str, msgid: str, edit: Callable[[polib.POEntry], object]) -> int:
    """Edit the entry of ``catalog`` whose msgid starts with ``msgid``; return its line."""
    po = polib.pofile(str(root / catalog))
    entry = next(e for e in po if e.msgid.startswith(msgid))
    edit(entry)
    po.save()
    return checks.line_of(
        next(e for e in polib.pofile(str(root / catalog)) if e.msgid == entry.msgid)
    )


def gate(root: Path) -> list[str]:
    return [str(p) for p in preflight.bad_input(project.load(root), ["sr"])]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """What the gate reads (the sources and catalogs), copied: fast enough for many cases."""
    target = tmp_path / "repo"
    for name in ("docs", "locale"):
        shutil.copytree(PROJECT.root / name, target / name, ignore=shutil.ignore_patterns("*.mo"))
    shutil.copy2(PROJECT.root / "pyproject.toml", target)
    return target


@pytest.fixture
def full_copy(tmp_path: Path) -> Path:
    return copy_repository(tmp_path / "full")


@pytest.mark.parametrize("case", ATTACKS)
def test_attack_is_refused_with_file_line_and_what_was_added(root: Path, case: str) -> None:
    suffix, message = ATTACKS[case]
    line = edited(root, INDEX, FIRST, lambda e: setattr(e, "msgstr", e.msgstr + suffix))
    problems = gate(root)
    assert any(p.startswith(f"{INDEX}:{line}: {message}") for p in problems), problems


def test_attack_stops_the_build_and_nothing_is_built(full_copy: Path) -> None:
    root = full_copy
    suffix, message = ATTACKS["~~~ fenced include"]
    line = edited(root, INDEX, FIRST, lambda e: setattr(e, "msgstr", e.msgstr + suffix))
    proc = build_editions(root, "--languages", "sr")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert f"{INDEX}:{line}: {message}" in proc.stderr
    assert not (root / "_build/site/uk").exists()


def test_dropped_markup_is_named(root: Path) -> None:
    index = root / "docs/index.md"
    index.write_text(index.read_text().replace("closed their", "*closed* their"))

    def source_emphasis(entry: polib.POEntry) -> None:
        entry.msgid = entry.msgid.replace("closed their", "*closed* their")

    line = edited(root, INDEX, FIRST, source_emphasis)
    assert f"{INDEX}:{line}: markup missing from the translation: emphasis" in gate(root)


def test_inline_markup_may_move_but_not_change_nesting() -> None:
    source = "A **bold** claim with a [link](https://example.org) and `code`."
    assert markup.problems(source, "`code` і [посилання](https://example.org) — **сміливо**.") == []
    assert markup.problems(source, "**[посилання](https://example.org)** `code`") == [
        "markup missing from the translation: link → https://example.org",
        "markup not in the source: strong emphasis > link → https://example.org",
    ]


# Each construct of the project's Markdown: what a translation changed, and what the gate says.
CONSTRUCTS = {
    "footnote renamed": ("A claim.[^a]", "Eine Behauptung.[^b]",
                         "markup missing from the translation: footnote reference [^a]"),
    "list start": ("3. Third\n4. Fourth", "1. Dritte\n2. Vierte",
                   "markup changed from the source: numbered list"),
    "table cell dropped": ("| A | B |\n| - | - |\n| 1 | 2 |", "| A |\n| - |\n| 1 |",
                           "markup missing from the translation: table cell"),
    "column alignment": ("| A |\n| :- |\n| 1 |", "| A |\n| -: |\n| 1 |",
                         "markup changed from the source: table header cell"),
    "image source": ("![a map](map.png)", "![eine Karte](other.png)",
                     "markup missing from the translation: image → map.png"),
    "attribution": ('{attribution="A witness"}\n> Words.', '{attribution="B"}\n> Wörter.',
                    "markup changed from the source: block quote"),
    "class added": ("Words.", "{.signatories}\nWörter.",
                    "markup changed from the source: paragraph"),
    "thematic break dropped": ("Words.\n\n---\n\nMore.", "Wörter.\n\nMehr.",
                               "markup missing from the translation: horizontal rule"),
}  # fmt: skip


@pytest.mark.parametrize("case", CONSTRUCTS)
def test_a_construct_is_kept_as_the_source_has_it(case: str) -> None:
    source, translation, message = CONSTRUCTS[case]
    assert message in markup.problems(source, translation)
    assert markup.problems(source, source) == []


def test_a_translation_breaks_its_lines_where_it_needs() -> None:
    # Sphinx joins a paragraph's lines into its message: the source's never has a break.
    assert (
        markup.problems("The first line and the second.", "Die erste Zeile\\\nund die zweite.")
        == []
    )


# -- UI strings: plain text -------------------------------------------------------------------
UI_ATTACKS = {
    "attribute break-out": ('" onmouseover="alert(1)', 'character " not in the source'),
    "image tag": ("<img src=x onerror=alert(1)>", "character < not in the source"),
    "template": ("{{ config }}", "character {{ not in the source"),
    "apostrophe": ("'", "character ' not in the source"),
}


@pytest.mark.parametrize("case", UI_ATTACKS)
def test_ui_translation_adds_no_markup_character(root: Path, case: str) -> None:
    suffix, message = UI_ATTACKS[case]
    line = edited(
        root, UI, "Languages of this statement", lambda e: setattr(e, "msgstr", e.msgstr + suffix)
    )
    assert any(p.startswith(f"{UI}:{line}: {message}") for p in gate(root))


def test_ui_html_from_the_source_is_kept_exactly() -> None:
    source = '<a href="%(path)s">Copyright</a> &#169; %(copyright)s'
    assert (
        markup.ui_problems(source, '<a href="%(path)s">Авторські права</a> &#169; %(copyright)s')
        == []
    )
    assert markup.ui_problems(
        source, '<a href="%(path)s" onclick=alert(1)>Права</a> &#169; %(copyright)s'
    ) == ["HTML differs from the source: keep its tags and attributes exactly"]


def test_each_plural_form_is_compared_with_the_plural_source(root: Path) -> None:
    def break_last_form(entry: polib.POEntry) -> None:
        entry.msgstr_plural[2] += " <b>"

    line = edited(root, EXTENSION, "Signed by", break_last_form)
    assert gate(root) == [
        f"{EXTENSION}:{line}: character < not in the source (the page would read it as markup)",
        f"{EXTENSION}:{line}: character > not in the source (the page would read it as markup)",
    ]


def test_placeholders_are_kept() -> None:
    # msgfmt checks entries flagged python-format; this holds for every UI string.
    assert markup.ui_problems("Signed by %(count)s", "Підписали %(cnt)s") == [
        "placeholder missing from the translation: %(count)s",
        "placeholder not in the source: %(cnt)s",
    ]


# -- catalogs must be UTF-8 -------------------------------------------------------------------
def recoded(path: Path, charset: str, encoding: str) -> None:
    text = path.read_text("utf-8").replace("charset=UTF-8", f"charset={charset}")
    path.write_bytes(text.encode(encoding, errors="replace"))


CHARSETS = {
    "CHARSET placeholder": ("CHARSET", "utf-8", "declares charset charset"),
    "ISO-8859-1": ("ISO-8859-1", "utf-8", "declares charset iso-8859-1"),
    "KOI8-U": ("KOI8-U", "koi8-u", "not valid UTF-8"),
    "UTF-16": ("UTF-16", "utf-16", "the file is UTF-16"),
    "no charset": ("", "utf-8", "declares charset none"),
}


@pytest.mark.e2e
@pytest.mark.parametrize("case", CHARSETS)
def test_catalog_not_declared_utf8_is_refused_without_traceback(root: Path, case: str) -> None:
    charset, encoding, message = CHARSETS[case]
    path = root / INDEX
    recoded(path, charset, encoding)
    problems = gate(root)
    assert len(problems) == 1 and re.match(rf"{INDEX}:\d+: .*{message}", problems[0]), problems
    # make check-po reads it the same way (no traceback from polib or msgfmt).
    _, found = checks.check_catalogs(project.load(root), [path.parent.parent.name], spelling=False)
    assert [str(p) for p in found] == problems


def test_invalid_utf8_names_its_line(root: Path) -> None:
    path = root / INDEX
    lines = path.read_bytes().split(b"\n")
    lines[40] = lines[40] + b"\xff"
    path.write_bytes(b"\n".join(lines))
    assert gate(root) == [f"{INDEX}:41: not valid UTF-8 (byte 0xff): save the file as UTF-8 "
                          "with charset=UTF-8 in its header"]  # fmt: skip


def test_a_lone_carriage_return_is_refused_on_its_line(root: Path) -> None:
    """Python's text files end a line at a lone CR, which the gate reads with; Babel, which
    compiles the catalog, does not: text the gate read as a comment would be published."""
    path = root / INDEX
    lines = path.read_text("utf-8").split("\n")
    line = lines.index("", edited(root, INDEX, FIRST, lambda e: None))  # the msgstr's last
    lines[line - 1] += '\r#. " 999 \u202e"'  # Babel: more of the msgstr; polib: a comment
    path.write_text("\n".join(lines), "utf-8", newline="")
    message = "a carriage return without a line feed: tools read its lines differently: "
    assert gate(root) == [f"{INDEX}:{line}: {message}save the file with LF (or CRLF) line endings"]


def test_check_po_reports_a_utf16_catalog_as_one_line(full_copy: Path) -> None:
    root = full_copy
    recoded(root / INDEX, "UTF-16", "utf-16")
    proc = in_process(root, "check-po", "--languages", "sr", "--no-spelling")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr + proc.stdout
    assert f"{INDEX}:1: the file is UTF-16" in proc.stdout
    assert (root / INDEX).read_bytes()[:2] == codecs.BOM_UTF16_LE


# -- the real catalogs --------------------------------------------------------------------------
def test_gate_parses_with_the_editions_myst_settings(tmp_path: Path) -> None:
    """The extension gives Sphinx the settings the gate parses with."""
    root = Path(shutil.copytree(Path(__file__).parent / "roots/test-editions", tmp_path / "src"))
    app = SphinxTestApp("html", srcdir=root, builddir=tmp_path / "out", status=io.StringIO())
    try:
        assert app.config.myst_disable_syntax == list(markup.MYST_DISABLE_SYNTAX)
        assert app.config.myst_enable_extensions == list(markup.MYST_EXTENSIONS)
    finally:
        app.cleanup()


# -- Hypothesis: translations made of MyST's syntax ----------------------------------------------
TARGETS = st.sampled_from([
    "https://example.org", "../../../etc/passwd", "/etc/passwd", "mailto:a@example.org",
    "javascript:alert(1)", "ftp://example.org", "https:evil.example", "#signatories", "signatories",
])  # fmt: skip
WORDS = st.sampled_from(["x", "слово", "two words", "1"])
ROLES = st.sampled_from(["ref", "doc", "download", "eval-rst", "raw", "abbr", "sub-ref", "any"])
DIRECTIVES = st.sampled_from(
    ["{include}", "{eval-rst}", "{raw} html", "{image}", "{literalinclude}", "{note}", "python", ""]
)
EXTENSIONS = ["colon_fence", "html_image", "html_admonition"]
FENCES = st.sampled_from(["```", "~~~", ":::", "````"])

INLINE = st.one_of(
    st.builds("*{}*".format, WORDS), st.builds("**{}**".format, WORDS),
    st.builds("`{}`".format, WORDS), st.builds("[{}]({})".format, WORDS, TARGETS),
    st.builds("![{}]({})".format, WORDS, TARGETS), st.builds("<{}>".format, TARGETS),
    st.builds("{{{}}}`{} <{}>`".format, ROLES, WORDS, TARGETS),
    st.builds("{{{}}}`{}`".format, ROLES, TARGETS), st.builds("[{}][r]".format, WORDS),
    st.builds("[^{}]".format, WORDS),
    st.builds("<{} src={}>".format, st.sampled_from(["img", "script", "a"]), TARGETS),
    st.sampled_from(["&amp;", "&#60;script&#62;", "&lt;b&gt;", "\\*", "\\<x>", "(label)=", "%(x)s",
                     "{{x}}", ":::", "~~~", "+++", "\\", "  \n"]),
)  # fmt: skip
BLOCK = st.one_of(
    st.builds("{0}{1} {2}\n{3}\n{0}".format, FENCES, DIRECTIVES, TARGETS, WORDS),
    st.builds("[r]: {}".format, TARGETS), st.builds("[^1]: {}".format, TARGETS),
    st.builds("(label)=\n# {}".format, WORDS), st.builds("- {}".format, WORDS),
    st.builds("> {}".format, WORDS), st.builds("    {}".format, WORDS),
    st.builds("---\nmyst:\n  enable_extensions: [{}]\n---".format, st.sampled_from(EXTENSIONS)),
    st.sampled_from(["% comment", "+++", "<div>x</div>", "***", "1. item"]),
)  # fmt: skip
REAL = [e for e in polib.pofile(str(PROJECT.root / INDEX)) if e.msgstr and not e.obsolete]


# A role's title ({ref}`title <target>`, rendered as code) is text, translated: only its
# target is structure.
ROLE_TITLE = re.compile(r"\[.*(<[^<>]*>)\]$", re.S)  # the title may hold brackets too


class _Skeleton(HTMLParser):
    """What HTML a string renders to, text left out (code kept: roles render as code)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: Counter[str] = Counter()
        self.code = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":  # a translation breaks its lines where it needs (markup.py)
            return
        self.found[f"<{tag} {sorted(attrs)}>"] += 1
        self.code += tag == "code"

    def handle_endtag(self, tag: str) -> None:
        self.code -= tag == "code"

    def handle_data(self, data: str) -> None:
        if self.code:
            self.found["code " + ROLE_TITLE.sub(r"[\1]", data)] += 1


def skeleton(text: str) -> Counter[str]:
    """An independent view of the structure: the HTML MyST's parser renders, without text."""
    parsed = _Skeleton()
    parsed.feed(markup.parser(html=True).render(text))
    return parsed.found


@st.composite
def translations(draw: st.DrawFn) -> tuple[str, str]:
    """A real msgid, and its translation with MyST syntax inserted between words or blocks."""
    entry = draw(st.sampled_from(REAL))
    snippet = draw(st.one_of(INLINE, BLOCK))
    words = entry.msgstr.split(" ")
    at = draw(st.integers(0, len(words)))
    glue = draw(st.sampled_from([" ", "\n", "\n\n"]))
    return entry.msgid, " ".join(words[:at]) + glue + snippet + glue + " ".join(words[at:])


FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.e2e
@FAST
@given(translations())
def test_gate_refuses_or_the_structure_is_the_sources(pair: tuple[str, str]) -> None:
    source, translation = pair
    assert markup.problems(source, translation) or skeleton(source) == skeleton(translation)


@FAST
@given(st.sampled_from(REAL), st.one_of(INLINE, BLOCK), st.sampled_from([" ", "\n\n"]))
def test_the_same_markup_in_source_and_translation_is_accepted(
    entry: polib.POEntry, snippet: str, glue: str
) -> None:
    assert markup.problems(entry.msgid + glue + snippet, entry.msgstr + glue + snippet) == []


def test_status_and_update_po_refuse_a_catalog_not_in_utf8(full_copy: Path) -> None:
    recoded(full_copy / INDEX, "KOI8-U", "koi8-u")
    for command in ("status", "update-po"):
        proc = in_process(full_copy, command, "--languages", "sr")
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
        assert re.search(rf"{INDEX}:\d+: not valid UTF-8", proc.stderr), proc.stderr


def test_each_string_is_parsed_once_however_often_it_is_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The gate checks a string's markup, numbers and links, in each language: a list of 1,000
    names was parsed ten times over."""
    parsed: Counter[str] = Counter()
    real = markup.parser

    class Counting:
        def __init__(self, html: bool = False) -> None:
            self.parser = real(html)

        def parse(self, text: str, env: dict[str, object]) -> list[Token]:
            parsed[text] += 1
            return self.parser.parse(text, env)

    monkeypatch.setattr(markup, "parser", Counting)
    source = "Parsed once: [a link](https://example.org/once) and 12 words."
    translation = "Einmal gelesen: [ein Link](https://example.org/once) und 12 Wörter."
    for _ in range(3):
        assert markup.problems(source, translation) == []
        assert markup.text(source) and markup.text(translation)
    assert parsed == {source: 3, translation: 3}  # MyST's parse, raw HTML's, the links'
