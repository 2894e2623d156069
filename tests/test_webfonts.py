"""The web page's faces (decision record 0003): subsets of the Noto files, self-hosted."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from fontTools.ttLib import TTFont

from conftest import LANGUAGES
from editions.data import fonts
from editions.sphinxext import html, webfonts

STYLESHEET = html.THEME_STATIC / "statement.css"
STYLES = {"Regular": ("400", "normal"), "Bold": ("700", "normal"),
          "Italic": ("400", "italic"), "BoldItalic": ("700", "italic")}  # fmt: skip


def test_the_stylesheet_names_every_face_and_only_its_own_files() -> None:
    css = STYLESHEET.read_text("utf-8")
    rules = re.findall(r"@font-face\s*\{([^}]*)\}", css)
    found = set()
    for rule in rules:
        family = re.search(r'font-family:\s*"([^"]+)"', rule)
        src = re.search(r'src:\s*url\("fonts/([^"]+)\.woff2"\)\s*format\("woff2"\);', rule)
        weight = re.search(r"font-weight:\s*(\d+)", rule)
        style = re.search(r"font-style:\s*(\w+)", rule)
        assert family and src and weight and style and "font-display: swap" in rule, rule
        found.add((family[1], src[1], weight[1], style[1]))
    wanted = {(face.family, path.stem, *STYLES[path.stem.rpartition("-")[2]])
              for face in fonts.FACES for path in face.files()}  # fmt: skip
    assert found == wanted
    assert "local(" not in css and "://" not in css


def test_the_characters_are_the_texts_with_their_other_case() -> None:
    chars = webfonts.page_characters(
        "<title>Tí</title><style>@x {q: 'Z'}</style><p>Ďa&nbsp;ß<script>var y</script></p>"
    )
    assert {"T", "í", "Í", "t", "Ď", "ď", "A", "\u00a0", "ß"} <= chars
    assert not {"Z", "q", "y", "v"} & chars


def test_each_character_goes_to_the_first_face_that_has_it() -> None:
    assert webfonts.assign({"a", "א", "!"}, [{ord("a"), ord("!")}, {ord("א"), ord("!")}]) == [
        {ord("a"), ord("!")},
        {ord("א")},
    ]


def test_a_subset_is_the_same_bytes_each_time(tmp_path: Path) -> None:
    source = fonts.FACES[0].files()[0]
    unicodes = {ord(c) for c in "Заява statement"}
    webfonts.write_subset(source, unicodes, tmp_path / "a.woff2", None)
    webfonts.write_subset(source, unicodes, tmp_path / "b.woff2", None)
    data = (tmp_path / "a.woff2").read_bytes()
    assert data[:4] == b"wOF2" and data == (tmp_path / "b.woff2").read_bytes()
    assert set(TTFont(tmp_path / "a.woff2").getBestCmap()) == unicodes


def test_a_subset_made_before_is_taken_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rebuild whose text kept its characters subsets nothing (about 1 s an edition)."""
    source, cache = fonts.FACES[0].files()[0], tmp_path / "cache"
    unicodes = {ord(c) for c in "Заява statement"}
    webfonts.write_subset(source, unicodes, tmp_path / "a.woff2", cache)

    def no_subsetting(*args: object, **kwargs: object) -> None:
        raise AssertionError("subset again")

    monkeypatch.setattr(webfonts, "TTFont", no_subsetting)
    webfonts.write_subset(source, unicodes, tmp_path / "b.woff2", cache)
    assert (tmp_path / "a.woff2").read_bytes() == (tmp_path / "b.woff2").read_bytes()
    with pytest.raises(AssertionError, match="subset again"):  # other characters: subset
        webfonts.write_subset(source, unicodes | {ord("Ж")}, tmp_path / "c.woff2", cache)


@pytest.mark.parametrize(
    ("language", "faces"),
    [("de", ["NotoSerif"]), ("sr_Latn", ["NotoSerif"]), ("ar", ["NotoSerif", "NotoNaskhArabic"]),
     ("he", ["NotoSerif", "NotoSerifHebrew"])],
)  # fmt: skip
def test_a_page_asks_first_for_the_upright_faces_of_its_script(
    language: str, faces: list[str]
) -> None:
    """The Latin face (every script's digits) and the script's own, each regular and bold."""
    app = SimpleNamespace(config=SimpleNamespace(language=language))
    context: dict[str, Any] = {}
    webfonts.add_preloads(app, "index", "page.html", context, None)  # type: ignore[arg-type]
    wanted = [f"{webfonts.FOLDER}/{face}-{style}.woff2" for face in faces
              for style in ("Regular", "Bold")]  # fmt: skip
    assert context["edition_preloads"] == wanted
    named = re.findall(r'url\("(fonts/[^"]+)"\)', STYLESHEET.read_text("utf-8"))
    assert {f"_static/{url}" for url in named} >= set(wanted)


def test_the_licence_is_the_sil_open_font_licence() -> None:
    text = fonts.licence()
    assert "Copyright 2010,2012-2020, Google Inc." in text
    assert "SIL Open Font License, Version 1.1" in text and "PREAMBLE" in text
    assert "\n.\n" not in text and "\n " not in text.split("PREAMBLE")[1][:200]
    assert text.rstrip().endswith("THE FONT SOFTWARE OR FROM OTHER DEALINGS IN THE FONT SOFTWARE.")


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_edition_ships_subsets_that_cover_its_page(built: Path, language: str) -> None:
    folder = built / "_build/site" / language
    files = sorted((folder / webfonts.FOLDER).iterdir())
    names = {path.name for path in files}
    assert names == {f"{p.stem}.woff2" for f in fonts.FACES for p in f.files()} | {"OFL.txt"}
    chars = {ord(c) for c in webfonts.page_characters((folder / "index.html").read_text("utf-8"))}
    covered: set[int] = set()
    for path in files:
        if path.suffix == ".woff2":
            assert path.read_bytes()[:4] == b"wOF2"
            covered |= set(TTFont(path).getBestCmap() or {})  # none when empty
    assert chars - covered == set()
    latin = set(TTFont(folder / webfonts.FOLDER / "NotoSerif-Regular.woff2").getBestCmap())
    assert {ord(c) for c in "Noto"} <= latin
    size = sum(path.stat().st_size for path in files if path.suffix == ".woff2")
    assert size < 80_000, f"{language}: {size} bytes of fonts"
