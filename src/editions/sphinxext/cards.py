"""Share images: each edition's title on a 1200 × 630 card, rendered by Typst at build time."""

from __future__ import annotations

import json
from pathlib import Path

import typst

from editions.data import fonts
from editions.data.languages import native_name

TEMPLATE = Path(__file__).parent / "theme" / "card.typ"
WIDTH, HEIGHT = 1200, 630
PPI = 144  # the template's page is 600 × 315 pt


def render(
    title: str, language: str, target: Path, languages: tuple[str, ...] = (), byline: str = ""
) -> Path:
    """Write the card for ``title`` in ``language``, with who signs it (``byline``), to
    ``target`` (PNG, or PDF by its suffix); return it.

    The text reaches Typst as JSON, so a translation cannot inject Typst markup; it is set in
    the editions' faces and no other (:mod:`editions.data.fonts`), as the PDF is.
    """
    data = {"title": title, "lang": language, "byline": byline, "fonts": fonts.FAMILIES,
            "languages": " · ".join(map(native_name, languages))}  # fmt: skip
    with fonts.font_folder() as faces:
        png = typst.compile(
            str(TEMPLATE),
            format="pdf" if target.suffix == ".pdf" else "png",
            ppi=PPI,
            sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
            font_paths=typst.Fonts(
                include_system_fonts=False, include_embedded_fonts=False, font_paths=[faces]
            ),
        )
    assert isinstance(png, bytes)
    target.write_bytes(png)
    return target
