"""The web page's faces (decision record 0003): the editions' Noto faces, each subset to the
characters of the edition's pages and written as WOFF2 to ``_static/fonts/``, with the SIL Open
Font License beside them. The theme's stylesheet names them (``@font-face``); nothing is loaded
from another host.

Every face of :data:`editions.data.fonts.FACES` is written, a face the page does not use holding no
character (a few hundred bytes, never loaded by a browser): the stylesheet is the same for
every edition; each page asks first for the upright styles of its script's faces
(:func:`add_preloads`). Same pages, same files: fontTools' subsetter runs with fixed options
and keeps the source's timestamp.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from fontTools import subset, version
from fontTools.ttLib import TTFont
from sphinx.application import Sphinx

from editions.data import fonts
from editions.data.languages import script_of

FOLDER = "_static/fonts"
LICENCE = "OFL.txt"
# What the browser draws that is not in the page's text: a hyphen where `hyphens: auto`
# breaks a word, list markers, the print-only "— " before the PDF's address.
ADDED = "-\u2010\u00ad—•0123456789. "


class _Text(HTMLParser):
    """The characters of a page's text, outside ``<script>`` and ``<style>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chars: set[str] = set()
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.chars.update(data)


def page_characters(html: str) -> set[str]:
    """The characters a page's text shows, with their other case (``text-transform``)."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    chars = {c for c in parser.chars if c.isprintable() or c in "\u00a0\u202f\u200c\u200d"}
    cased = {other for c in chars for other in (c.upper(), c.lower()) if len(other) == 1}
    return chars | cased | set(ADDED)


def options() -> subset.Options:
    """The subsetter's fixed options: layout features kept for shaping (Arabic's joining
    forms, marks), hinting dropped (browsers outside Windows ignore it), the names kept with
    the licence's (name IDs 13 and 14), a ``.notdef`` box for a missing glyph."""
    opts = subset.Options()
    opts.flavor = "woff2"
    opts.hinting = False
    opts.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    opts.notdef_outline = True
    opts.recalc_timestamp = False
    return opts


def assign(chars: set[str], cmaps: list[set[int]]) -> list[set[int]]:
    """Each character to the first face (in :data:`editions.data.fonts.FACES`' order, the
    stylesheet's) that has it, as the browser picks them."""
    left = {ord(c) for c in chars}
    assigned = []
    for cmap in cmaps:
        mine = left & cmap
        assigned.append(mine)
        left -= mine
    return assigned


def write_subset(source: Path, unicodes: set[int], target: Path, cache: Path | None) -> None:
    """``source`` subset to ``unicodes`` as WOFF2 at ``target``; taken from ``cache`` (a folder
    the build keeps between its builds) when the same face was subset to the same characters
    before: subsetting is most of an edition's cost when its text changed little."""
    stat = source.stat()
    key = hashlib.sha256(
        f"{source}:{stat.st_size}:{stat.st_mtime_ns}:{sorted(unicodes)}:{OPTIONS_KEY}".encode()
    ).hexdigest()
    cached = cache / f"{key}.woff2" if cache else None
    if cached is not None and cached.is_file():
        shutil.copyfile(cached, target)
        return
    font = TTFont(source, recalcTimestamp=False)
    subsetter = subset.Subsetter(options())
    subsetter.populate(unicodes=sorted(unicodes))
    subsetter.subset(font)
    font.flavor = "woff2"
    font.save(target, reorderTables=False)
    if cached is not None:  # whole or not at all: builds of other languages share the folder
        cached.parent.mkdir(parents=True, exist_ok=True)
        staging = cached.with_name(f".{key}.{os.getpid()}")
        shutil.copyfile(target, staging)
        staging.replace(cached)


OPTIONS_KEY = repr(sorted(vars(options()).items()))


def default_cache() -> str:
    """The user's cache folder for subsets, as pip keeps its wheels: a subset is named by the
    hash of its face, characters and options, so any build of any project may reuse it, and
    a clean build does not subset the same text again (about 1 s an edition)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "editions", "fonts")


def add_preloads(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """The faces a page draws first, for ``<link rel="preload">``: asked for with the page,
    not once its stylesheet has named them, they are there when it is first drawn, and no
    line moves when they replace a fallback. The upright styles (the text and its bold title)
    of the Latin face, which sets every script's digits and punctuation, and of the face of
    the edition's script."""
    script = script_of(app.config.language or "en")
    faces = dict.fromkeys((fonts.FACES[0], fonts.face_for(script) or fonts.FACES[0]))
    context["edition_preloads"] = [
        f"{FOLDER}/{path.stem}.woff2"
        for face in faces
        for path in face.files()
        if path.stem.endswith(("-Regular", "-Bold"))
    ]


def write_fonts(app: Sphinx, exception: BaseException | None) -> None:
    """After the pages (and :func:`editions.sphinxext.html.remove_unused_files`): the faces
    subset to the characters of every page of the edition. Skipped when the characters are
    those of the last build and the files are there."""
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    chars: set[str] = set()
    for page in sorted(out.rglob("*.html")):
        chars |= page_characters(page.read_text("utf-8"))
    folder = out / FOLDER
    sources = [path for face in fonts.FACES for path in face.files()]
    described = [f"{p}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in sources]
    settings = repr(sorted(vars(options()).items()))
    text = "\n".join([version, settings, "".join(sorted(chars)), *described])
    key = hashlib.sha256(text.encode()).hexdigest()
    stamp = Path(app.doctreedir) / "webfonts.key"
    targets = [folder / f"{path.stem}.woff2" for path in sources]
    if stamp.is_file() and stamp.read_text() == key and all(t.is_file() for t in targets):
        return
    folder.mkdir(parents=True, exist_ok=True)
    (folder / LICENCE).write_text(fonts.licence(), "utf-8")
    # A face's styles have the same characters: its regular style's map decides for all.
    cmaps = [set(TTFont(face.files()[0], lazy=True).getBestCmap()) for face in fonts.FACES]
    per_face = assign(chars, cmaps)
    cache = Path(app.config.editions_font_cache) if app.config.editions_font_cache else None
    for face, unicodes in zip(fonts.FACES, per_face, strict=True):
        for path in face.files():
            write_subset(path, unicodes, folder / f"{path.stem}.woff2", cache)
    stamp.write_text(key)
