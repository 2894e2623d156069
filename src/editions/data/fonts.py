"""The editions' typefaces (decision record 0003): the Noto serif faces of Debian's
``fonts-noto-core``, one design for every script the editions are made in, in the PDF and on
the web page.

Standard library only: ``make`` checks that the faces are installed (``editions.data.system``)
before the virtual environment exists.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

# Where Debian (and Ubuntu, on Read the Docs) installs the package's TrueType files.
FOLDER = Path("/usr/share/fonts/truetype/noto")
PACKAGE = "fonts-noto-core"
# The package's licence file: the SIL Open Font License's text, shipped with the web fonts.
COPYRIGHT = Path("/usr/share/doc/fonts-noto-core/copyright")


@dataclass(frozen=True)
class Face:
    family: str
    scripts: tuple[str, ...]  # ISO 15924 codes, as CLDR's likely subtags give them
    styles: tuple[str, ...]  # as the file names spell them: NotoSerif-BoldItalic.ttf

    def files(self, folder: Path = FOLDER) -> list[Path]:
        stem = self.family.replace(" ", "")
        return [folder / f"{stem}-{style}.ttf" for style in self.styles]


# In the order Typst and the browser try them: the first face that has a character sets it,
# so the Latin face comes first and sets the digits and punctuation of every script.
FACES = (
    Face("Noto Serif", ("Latn", "Cyrl", "Grek"), ("Regular", "Bold", "Italic", "BoldItalic")),
    Face("Noto Serif Hebrew", ("Hebr",), ("Regular", "Bold")),
    Face("Noto Naskh Arabic", ("Arab",), ("Regular", "Bold")),
    Face("Noto Serif Armenian", ("Armn",), ("Regular", "Bold")),
    Face("Noto Serif Georgian", ("Geor",), ("Regular", "Bold")),
)
FAMILIES = [face.family for face in FACES]
# Scripts no face above covers, and the Debian package that has a Noto face for them.
OTHER_PACKAGES = dict.fromkeys(("Hani", "Hans", "Hant", "Jpan", "Kore"), "fonts-noto-cjk")


def face_for(script: str) -> Face | None:
    return next((face for face in FACES if script in face.scripts), None)


def installed(folder: Path = FOLDER) -> bool:
    return all(path.is_file() for face in FACES for path in face.files(folder))


def licence(path: Path = COPYRIGHT) -> str:
    """The faces' copyright and the SIL Open Font License's text, from the package's
    copyright file (Debian's machine-readable format: continuation lines indented by one
    space, an empty line written as ``.``), to ship beside the web fonts."""
    stanzas = path.read_text("utf-8").split("\n\n")
    fonts = next(s for s in stanzas if s.startswith("Files: *\n"))
    text = next(s for s in stanzas if s.startswith("License: OFL-1.1\n"))
    holders = fonts.split("Copyright:\n", 1)[1].split("\nLicense-Grant:", 1)[0].splitlines()
    lines = [line.removeprefix(" ") for line in text.splitlines()[1:]]
    body = "\n".join("" if line == "." else line for line in lines)
    return (
        f"The Noto fonts in this folder are subsets of Debian's {PACKAGE} files.\n\n"
        + "".join(f"Copyright {holder.strip()}\n" for holder in holders)
        + "\nThis Font Software is licensed under the SIL Open Font License, Version 1.1.\n\n"
        + body.strip()
        + "\n"
    )


def font_folder() -> tempfile.TemporaryDirectory[str]:
    """A folder that holds the editions' faces and nothing else (links to the files), for
    Typst's ``font_paths``: the PDF cannot fall back to another installed face."""
    folder = tempfile.TemporaryDirectory(prefix="editions-fonts-")
    for face in FACES:
        for path in face.files():
            Path(folder.name, path.name).symlink_to(path)
    return folder
