"""Typography of a translated string, by the rules of its language, from data.

- Quotation marks from CLDR (PyICU's ``LocaleData.getDelimiter``): de „…“ (nested ‚…‘), pl
  „…” («…»), uk «…» („…“), fr «…»; ASCII quotes, another language's marks and a closing mark
  with no opening one are reported, for every language CLDR knows.
- Units from CLDR (Babel's short unit names: km, %, godz.): a number stays on the line of
  its unit.
- What CLDR does not hold, in :data:`RULES`, one small table (see its comment): one-letter
  words that stay on the line of the next word, hyphenated words that must not break, legal
  forms that stay with the name after them, and the apostrophe an orthography writes.

Text inside raw HTML tags (user-interface strings) is not prose and is left out; MyST
markup has no quote or space rules of its own to trip these.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from html.parser import HTMLParser


@dataclass(frozen=True)
class Rules:
    """A language's rules that CLDR lacks."""

    one_letter: str = ""  # one-letter words kept on the line of the next word
    whole: tuple[str, ...] = ()  # hyphenated words written with U+2011: never broken
    before_names: tuple[str, ...] = ()  # legal forms kept on the line of the name after them
    # A number stays with any word after it (20 000 людей, 11 листопада), not only a unit;
    # a number's grammatical ending takes U+2011 (31‑річного).
    numbers_with_words: bool = False
    apostrophe: str | None = None  # the apostrophe the orthography writes ("": none)


# Sources: one-letter words, Polish: Wydawnictwo Naukowe PWN's typesetting rules (a, i, o,
# u, w, z); Czech: ČSN 01 6910 (k, s, v, z, o, u, a, i); Slovak: STN 01 6910 (the same);
# Ukrainian, Belarusian and Russian: their publishers' rules (Мильчин's «Справочник
# издателя и автора» for ru), every one-letter preposition, conjunction and pronoun. Whole
# hyphenated words: the prepositions whose break would leave one or two letters at a line
# end (ru из-за, из-под; uk з-за, з-під; be з-за, з-пад). Legal forms: the abbreviations
# these statements write before a name (ГО «Вектор…»). Apostrophe: the orthographies' printed
# rules (uk 2019, be 2008: U+2019); Russian spelling has none.
RULES: dict[str, Rules] = {
    "uk": Rules(
        one_letter="вуійзоа",
        whole=("з-за", "з-під", "з-понад", "з-поміж", "з-посеред"),
        before_names=("ГО", "БФ", "МБФ", "ГС", "ТОВ"),
        numbers_with_words=True,
        apostrophe="\u2019",
    ),
    "be": Rules(
        one_letter="уўізао",
        whole=("з-за", "з-пад", "з-паміж"),
        before_names=("ГА", "ГО", "БФ"),
        numbers_with_words=True,
        apostrophe="\u2019",
    ),
    "ru": Rules(
        one_letter="вксуоияа",
        whole=("из-за", "из-под"),
        before_names=("ОО", "АНО", "НКО", "БФ", "ООО"),
        numbers_with_words=True,
        apostrophe="",
    ),
    "pl": Rules(one_letter="aiouwz"),
    "cs": Rules(one_letter="ksvzouai"),
    "sk": Rules(one_letter="ksvzouai"),
}
_APOSTROPHES = "'\u2019\u02bc"
_CYRILLIC = "\u0400-\u04ff"
# A number (or an ordinal, "26.") and the word after it, in text the code generates.
_NUMBER_AND_WORD = re.compile(r"(?<=\d)(\.?) (?=[^\W\d_])")
# Every typographic quotation mark (CLDR's delimiters of all languages); ASCII apart.
QUOTES = "“”„‟«»‹›‚‘’「」『』"


def rules(language: str) -> Rules:
    """The table's rules for ``language`` (``sr_Latn`` → ``sr``'s), or none."""
    return RULES.get(language) or RULES.get(re.split("[-_]", language)[0], Rules())


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


# -- quotation marks, from CLDR -------------------------------------------------------------
@dataclass(frozen=True)
class Quotes:
    start: str
    end: str
    inner_start: str
    inner_end: str

    def __str__(self) -> str:
        return f"{self.start}…{self.end} (nested {self.inner_start}…{self.inner_end})"


@functools.cache
def quotes(language: str) -> Quotes | None:
    """The language's quotation marks in CLDR (``None`` when it has none)."""
    import icu  # only the quote checks need the ICU bindings
    from babel import localedata

    code = language.replace("-", "_")
    if not localedata.exists(code):
        return None  # ICU would answer with its root locale's marks
    data = icu.LocaleData(code)
    marks = [data.getDelimiter(kind) for kind in range(4)]  # ULocaleDataDelimiterType
    return Quotes(*marks) if all(marks) else None


def _quote_problems(language: str, text: str) -> list[str]:
    wanted = quotes(language)
    if wanted is None:
        return []
    use = f"use {wanted}"
    mine = {wanted.start, wanted.end, wanted.inner_start, wanted.inner_end}
    problems = []
    if '"' in text and '"' not in mine:
        problems.append(f'ASCII quotes ("): {use}')
    if re.search(r"(?<!\w)'|'(?!\w)", text) and "'" not in mine:
        problems.append(f"ASCII single quote ('): {use}")
    pairs = [(wanted.start, wanted.end), (wanted.inner_start, wanted.inner_end)]
    opened = {pair: 0 for pair in pairs if pair[0] != pair[1]}
    foreign: dict[str, None] = {}
    unopened: dict[str, None] = {}
    for i, char in enumerate(text):
        if char not in QUOTES:
            continue
        after_letter = char == "\u2019" and i > 0 and text[i - 1].isalpha()
        if after_letter and (char not in mine or text[i + 1 : i + 2].isalpha()):
            continue  # an apostrophe (checked by the apostrophe rule), not a quote
        if char not in mine:
            foreign[char] = None
            continue
        closing = next((p for p in opened if p[1] == char and opened[p]), None)
        if closing:
            opened[closing] -= 1
        elif opening := next((p for p in opened if p[0] == char), None):
            opened[opening] += 1
        elif any(p[1] == char for p in opened):
            unopened[char] = None
    problems += [f"closing quote {char} without its opening one: {use}" for char in unopened]
    problems += [f"quote {char} is not one of this language's: {use}" for char in foreign]
    return problems


# -- no-break rules ---------------------------------------------------------------------------
def _one_letter_problems(letters: str, text: str) -> list[str]:
    pattern = rf"(?<![\w{_APOSTROPHES}\u2011-])([{letters}])(?= +\S)"
    found = re.findall(pattern, text, flags=re.IGNORECASE)
    return [
        f"one-letter word '{word}' followed by a plain space: use a no-break space (U+00A0)"
        for word in dict.fromkeys(found)
    ]


def _whole_problems(words: tuple[str, ...], text: str) -> list[str]:
    if not words:
        return []
    pattern = rf"(?<![\w-])(?:{'|'.join(map(re.escape, words))})(?![\w-])"
    return [
        f"'{word}' must not break at its hyphen: write it with a non-breaking hyphen (U+2011)"
        for word in dict.fromkeys(re.findall(pattern, text, flags=re.IGNORECASE))
    ]


def _legal_form_problems(forms: tuple[str, ...], text: str) -> list[str]:
    if not forms:
        return []
    pattern = rf"(?<!\w)({'|'.join(map(re.escape, forms))}) +(?=\S)"
    return [
        f"legal form '{form}' and the name after it are separated by a plain space: use a "
        "no-break space (U+00A0)"
        for form in dict.fromkeys(re.findall(pattern, text))
    ]


@functools.cache
def _units(language: str) -> re.Pattern[str] | None:
    """CLDR's short unit names for ``language`` (km, %, godz.), as one pattern."""
    from babel import Locale, UnknownLocaleError

    try:
        names = Locale.parse(language.replace("-", "_")).unit_display_names
    except (ValueError, UnknownLocaleError):
        return None
    short = {str(n["short"]) for n in names.values() if "short" in n and " " not in n["short"]}
    if not short:
        return None
    alternatives = "|".join(map(re.escape, sorted(short, key=lambda u: (-len(u), u))))
    return re.compile(rf"(?<!\d)(\d++) +({alternatives})(?!\w)")


def _number_problems(language: str, with_words: bool, text: str) -> list[str]:
    problems = []
    if with_words:
        # Each run of digits is tried once, from its start (possessive: no retry within it),
        # so a long run costs linear time, not quadratic.
        for match in re.finditer(r"(?<!\d)\d++(?= +(\w+))", text):
            after = match.group(1)
            kind = "digit group" if after[:1].isdigit() else f"word '{after}'"
            problems.append(
                f"number {match.group()} and the {kind} after it are separated by a plain "
                "space: use a no-break space (U+00A0)"
            )
        for match in re.finditer(rf"(?<!\d)(\d++)-([{_CYRILLIC}]+)", text):
            problems.append(
                f"'{match.group()}': use a non-breaking hyphen (U+2011) between the number "
                "and its ending"
            )
        return problems
    units = _units(language)
    for match in units.finditer(text) if units else ():
        problems.append(
            f"number {match.group(1)} and the unit '{match.group(2)}' are separated by a plain "
            "space: use a no-break space (U+00A0)"
        )
    return problems


def _apostrophe_problems(wanted: str, text: str) -> list[str]:
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
    (a fragment joined to others) keep it.
    """
    seen = prose(text)
    own = rules(language)
    problems = spacing_problems(text, source)
    if own.one_letter:
        problems += _one_letter_problems(own.one_letter, seen)
    problems += _whole_problems(own.whole, seen)
    problems += _legal_form_problems(own.before_names, seen)
    problems += _number_problems(language, own.numbers_with_words, seen)
    problems += _quote_problems(language, seen)
    if own.apostrophe is not None:
        problems += _apostrophe_problems(own.apostrophe, seen)
    return problems
