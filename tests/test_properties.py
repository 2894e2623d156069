"""Property tests (Hypothesis): arbitrary input never crashes the tools and renders literally."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from editions.data import datafile, signatories
from editions.gate import checks, markup, quality
from editions.project import Refused

SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# The parser of the sources, set up as conf.py sets it up (no raw HTML).
MYST = create_md_parser(MdParserConfig(disable_syntax=["html_block", "html_inline"]), RendererHTML)

names = (
    st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=60)
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)
markup_chars = (
    st.text(alphabet="&%$#_{}~^\\<>\"'*`[]()!|=+-:.1 aZж", min_size=1, max_size=30)
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)


@SETTINGS
@given(st.lists(st.one_of(names, markup_chars), min_size=1, max_size=8), st.data())
def test_loader_reads_back_what_was_written_or_names_the_duplicate(
    tmp_path: Path, entries: list[str], data: st.DataObject
) -> None:
    path = tmp_path / "signatories.yaml"
    items = [{"id": f"org-{i}", "name": n} for i, n in enumerate(entries)]
    path.write_text(yaml.safe_dump(items, allow_unicode=True))
    keys = [signatories.normalise(n) for n in entries]
    try:
        loaded = signatories.load(path)
    except Refused as exc:
        if "is empty" in exc.problem.message:
            assert any(datafile.is_blank(n) for n in entries)
        else:
            assert "duplicates line" in exc.problem.message and len(set(keys)) < len(keys)
        return
    assert [e.name for e in loaded] == entries


@SETTINGS
@given(st.one_of(st.text(max_size=200), st.binary(max_size=200)))
def test_loader_never_crashes_on_any_file(tmp_path: Path, content: str | bytes) -> None:
    path = tmp_path / "signatories.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    try:
        signatories.load(path)
    except Refused as exc:
        assert exc.problem.line >= 1 and str(exc).startswith(f"{path}:{exc.problem.line}: ")


@SETTINGS
@given(st.text(max_size=300))
def test_checks_accept_an_identical_translation_and_never_crash(text: str) -> None:
    assert markup.problems(text, text) == []
    assert markup.ui_problems(text, text) == []
    assert checks.number_problems(text, text) == []
    quality.words(text, "uk")
    quality.mixed_script_problems(text)
    quality.pofilter_problems("uk", text, text)


@SETTINGS
@given(
    st.text(max_size=100),
    st.sampled_from([
        "<script>alert(1)</script>", "[x](https://example.org)", "<https://example.org>",
        "{raw}`html`", "\n\n```{raw} html\nx\n```\n", '<img src="x">',
    ]),
)  # fmt: skip
def test_any_added_markup_is_refused(text: str, injection: str) -> None:
    # Usually "markup not in the source: ..."; inside a fence the text opened, "changed".
    assert markup.problems(text, text + " " + injection)
