"""Hunspell dictionaries: which one is installed for a language, and Debian's package for it.

Standard library only: ``python3 -m editions.data.system`` installs the dictionaries of the
project's languages before the virtual environment exists.
"""

from __future__ import annotations

from pathlib import Path

HUNSPELL_DIR = Path("/usr/share/hunspell")

# Debian 12's dictionary packages for Hunspell (each "Provides: hunspell-dictionary-<code>"),
# by language, or by language and region where Debian splits them. A language not listed has
# none in Debian.
_MYSPELL = ("eo", "et", "fa", "fo", "ga", "gv", "hy", "sq", "tl")  # older packaging, same format
_HUNSPELL = (
    "af", "an", "ar", "be", "bg", "bn", "bo", "br", "bs", "ca", "cs", "da", "dz", "el", "es",
    "eu", "fr", "gd", "gl", "gu", "gug", "he", "hi", "hr", "hu", "id", "is", "it", "kk", "kmr",
    "ko", "lo", "lt", "lv", "ml", "mn", "ne", "nl", "no", "oc", "pl", "ro", "ru", "si", "sk",
    "sl", "sr", "sv", "sw", "te", "th", "tr", "uk", "uz", "vi",
)  # fmt: skip
DEBIAN_PACKAGES = (
    {code: f"hunspell-{code}" for code in _HUNSPELL}
    | {code: f"myspell-{code}" for code in _MYSPELL}
    | {"nb": "hunspell-no", "nn": "hunspell-no", "de": "hunspell-de-de", "pt": "hunspell-pt-pt",
       "en": "hunspell-en-us"}
    | {f"{lang}_{region}": f"hunspell-{lang}-{region.lower()}"
       for lang, region in (("de", "AT"), ("de", "CH"), ("de", "DE"), ("en", "AU"), ("en", "CA"),
                            ("en", "GB"), ("en", "US"), ("en", "ZA"), ("pt", "BR"), ("pt", "PT"))}
)  # fmt: skip


def _parts(code: str) -> tuple[str, str, str]:
    """``pt-BR``, ``pt_BR``, ``sr_Latn``, ``sr@latin``, ``sr_Latn_RS`` → (language, script,
    region), the last two "" where not given."""
    language, *rest = code.replace("-", "_").split("@")[0].split("_")
    script = "Latn" if code.endswith("@latin") else ""
    script = next((f.title() for f in rest if len(f) == 4), script)
    region = next((f.upper() for f in rest if len(f) in (2, 3)), "")
    return language.lower(), script, region


def debian_package(code: str) -> str | None:
    """Debian's Hunspell dictionary package for a language: pl → hunspell-pl, pt_BR →
    hunspell-pt-br, de → hunspell-de-de; None where Debian has none."""
    language, _, region = _parts(code)
    return DEBIAN_PACKAGES.get(f"{language}_{region}") or DEBIAN_PACKAGES.get(language)


def installed(code: str, folder: Path = HUNSPELL_DIR) -> str | None:
    """The Hunspell dictionary installed for a language in its script: uk → uk_UA, sr → sr_RS,
    sr_Latn → sr_Latn_RS."""
    language, script, region = _parts(code)
    names = sorted(p.stem for p in folder.glob(f"{language}*.dic"))
    names = [n for n in names if _parts(n)[0] == language and _parts(n)[1] == script]
    regions = [region] if region else [_likely_region(language), language.upper()]
    preferred = [f"{language}_{r}" for r in regions if r] + [language]
    return next((n for n in preferred if n in names), names[0] if names else None)


def _likely_region(language: str) -> str:
    """Where CLDR says the language is mostly written (sr → RS, not ME), once Babel is
    there; before the virtual environment exists, "" (the first dictionary is taken)."""
    try:
        from babel.core import get_global
    except ImportError:
        return ""
    likely = str(get_global("likely_subtags").get(language, ""))
    return _parts(likely)[2] if likely else ""
