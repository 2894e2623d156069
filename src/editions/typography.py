"""Typography of the Cyrillic editions (uk, be, ru), checked on every translated string.

A native editor keeps together what must not break at a line end: a number and its word,
a one-letter preposition or conjunction and the next word, «31‑річного» (non-breaking
hyphen U+2011). Quotes are the language's «…» with „…“ nested inside, and the apostrophe
is one character per language. Text inside raw HTML tags (user-interface strings) is not
prose and is left out; MyST markup has no quote or space rules of its own to trip these.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# One-letter words that typesetting keeps on the line of the word after them.
ONE_LETTER = {
    "uk": "вуійзоа",
    "be": "уўізао",
    "ru": "вксуоияа",
}
# The apostrophe each language writes (uk and be: U+2019, the form of the current
# orthographies' printed rules); any other apostrophe-like mark inside a word is wrong.
APOSTROPHE = {"uk": "\u2019", "be": "\u2019", "ru": ""}
_APOSTROPHES = "'\u2019\u02bc"
_CYRILLIC = "\u0400-\u04ff"
# A number (or an ordinal, "26.") and the word after it, in text the code generates.
_NUMBER_AND_WORD = re.compile(r"(?<=\d)(\.?) (?=[^\W\d_])")


class _Text(HTMLParser):
    """The text content of a string that may hold raw HTML (entities decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def prose(text: str) -> str:
    """What a reader sees of ``text``: markup-free text of any raw HTML in it."""
    if "<" not in text:
        return text
    parser = _Text()
    parser.feed(text)
    parser.close()
    return "".join(parser.parts)


def bind_numbers(text: str) -> str:
    """``text`` with a no-break space between each number and the word after it («48 кБ»,
    «26 листопада», "26. November"): what the checks ask of translators, done for the text
    the code generates (CLDR's formats, counts), in every language."""
    return _NUMBER_AND_WORD.sub("\\1\u00a0", text)


def spacing_problems(text: str, source: str | None = None) -> list[str]:
    """Double spaces, and leading/trailing spaces the source string does not have."""
    problems = []
    if re.search(r"[ \u00a0\u202f]{2,}", text):
        problems.append("two spaces in a row")
    edges = (
        ("leading", text[:1], (source or "x")[:1]),
        ("trailing", text[-1:], (source or "x")[-1:]),
    )
    for where, ours, theirs in edges:
        if ours.isspace() and not theirs.isspace():
            problems.append(f"{where} space")
    return problems


def _one_letter_problems(language: str, text: str) -> list[str]:
    letters = ONE_LETTER[language]
    pattern = rf"(?<![\w{_APOSTROPHES}\u2011-])([{letters}])(?= +\S)"
    found = re.findall(pattern, text, flags=re.IGNORECASE)
    return [
        f"one-letter word '{word}' followed by a plain space: use a no-break space (U+00A0)"
        for word in dict.fromkeys(found)
    ]


def _number_problems(text: str) -> list[str]:
    problems = []
    # Each run of digits is tried once, from its start (possessive: no retry within it), so
    # a long run costs linear time, not quadratic.
    for match in re.finditer(r"(?<!\d)\d++(?= +(\w+))", text):
        after = match.group(1)
        kind = "digit group" if after[:1].isdigit() else f"word '{after}'"
        problems.append(
            f"number {match.group()} and the {kind} after it are separated by a plain space: "
            "use a no-break space (U+00A0)"
        )
    for match in re.finditer(rf"(?<!\d)(\d++)-([{_CYRILLIC}]+)", text):
        problems.append(
            f"'{match.group()}': use a non-breaking hyphen (U+2011) between the number "
            "and its ending"
        )
    return problems


def _quote_problems(text: str) -> list[str]:
    problems = []
    if '"' in text:
        problems.append('ASCII quotes ("): use «…» (nested „…“)')
    if "\u201d" in text:
        problems.append("English quote ”: use «…» (nested „…“)")
    nested_open = 0
    for char in text:
        if char == "\u201e":
            nested_open += 1
        elif char == "\u201c":
            if nested_open:
                nested_open -= 1
            else:
                problems.append("English quote “: use «…» (nested „…“)")
                break
    return problems


def _apostrophe_problems(language: str, text: str) -> list[str]:
    wanted = APOSTROPHE[language]
    wrong = "".join(a for a in _APOSTROPHES if a != wanted)
    # From a word's start, taken whole: retried from each letter, 30,000 letters took 14 s.
    found = re.findall(rf"(?<![{_CYRILLIC}])[{_CYRILLIC}]++[{wrong}][{_CYRILLIC}]+", text)
    if not found:
        return []
    use = f"use {wanted} (U+{ord(wanted):04X})" if wanted else "Russian spelling has none"
    return [f"apostrophe in '{word}': {use}" for word in dict.fromkeys(found)]


def typography_problems(language: str, text: str, source: str | None = None) -> list[str]:
    """Typography problems of a translated string ``text`` in ``language``.

    ``source`` (the msgid) lets a string that starts or ends with a space in the source
    (a fragment joined to others) keep it. Languages without rules here get only the
    spacing checks.
    """
    seen = prose(text)
    problems = spacing_problems(text, source)
    if language not in ONE_LETTER:
        return problems
    problems += _one_letter_problems(language, seen)
    problems += _number_problems(seen)
    problems += _quote_problems(seen)
    problems += _apostrophe_problems(language, seen)
    return problems
