"""Numbers written as words (advisory, ``make check-po``): a translation's numbers, in digits
and in words, against its source's.

The words come from data: ICU's spell-out rules (CLDR's RBNF) for 0 to 100 and the round
hundreds and thousands, in every cardinal rule set a language has (``%spellout-cardinal-
feminine``, ``-genitive``, ``-instrumental``... ru and pl have every case, de its endings) and
its default ``%spellout-numbering``. Words are whole words, found with ICU's word break
iterator in the text a reader sees (:func:`editions.gate.markup.text`): a number in a link target
or in code is markup. A run of words that together spell one number (``twenty-one``, pl
``dwadzieścia jeden``) is that number, the longest run first.

What it cannot see, and so never reports:

- one written as a word: it is also an article or a pronoun (de ``ein``, fr ``un``, uk
  ``один`` for "alone");
- forms ICU's rules do not hold: uk and be have no case rule sets (uk ``чотирьох``,
  ``чотирма``), nor any language its collective numerals (ru ``семерых``). A number the
  translation writes in such a form is not read, so a number missing from the translation
  is reported only when the translation also writes one the source does not have: the words
  swapped (``чотири`` for ``три``), not an inflection ICU lacks.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator

import icu

from editions.gate import markup

# 0 to 100, then the round hundreds and thousands: what a statement writes in words.
SPELLED = (*range(0, 101), *range(200, 1000, 100), *range(1000, 10001, 1000))
# One apostrophe for all (uk п’ять, ICU пʼять); no soft hyphen (ICU's de ein\u00adund\u00adzwanzig).
_NORMAL = str.maketrans({"'": "\u2019", "\u02bc": "\u2019", "\u00ad": None})
_GROUPING = re.compile(r"(?<=\d)[,\u00a0\u202f\u2009 .](?=\d{3}(?!\d))")
_WORD_NONE_LIMIT = 100  # ICU's UBRK_WORD_NONE_LIMIT: statuses below it are spaces, punctuation
_NUMBER_LIMIT = 200  # ICU's UBRK_WORD_NUMBER_LIMIT: statuses below it (and above 99): digits


def _normal(word: str) -> str:
    return word.casefold().translate(_NORMAL)


def tokens(text: str, language: str) -> Iterator[tuple[str, bool]]:
    """The words of ``text`` by ICU's word boundaries, each with whether it is digits."""
    words = icu.BreakIterator.createWordInstance(icu.Locale(language))
    words.setText(text)
    start = words.first()
    for end in words:
        status = words.getRuleStatus()
        if status >= _WORD_NONE_LIMIT:
            yield text[start:end], status < _NUMBER_LIMIT
        start = end


@functools.cache
def spellings(language: str) -> dict[tuple[str, ...], int]:
    """Every way ICU spells the numbers of :data:`SPELLED` in ``language``, as words."""
    speller = icu.RuleBasedNumberFormat(icu.URBNFRuleSetTag.SPELLOUT, icu.Locale(language))
    names = [speller.getRuleSetName(i) for i in range(speller.getNumberOfRuleSetNames())]
    cardinal = [n for n in names if "cardinal" in n or n == "%spellout-numbering"]
    found: dict[tuple[str, ...], int] = {}
    for name in cardinal:
        speller.setDefaultRuleSet(name)
        for number in SPELLED:
            words = tuple(_normal(w) for w, _ in tokens(str(speller.format(number)), language))
            if words and (number != 1 or len(words) > 1):
                found.setdefault(words, number)
    return found


@functools.cache
def _longest(language: str) -> int:
    return max(map(len, spellings(language)), default=1)


def numbers(text: str, language: str) -> tuple[Counter[int], Counter[int]]:
    """The numbers of a MyST string as a reader sees them: those in digits, those in words.
    One pass over its words, each run of at most the longest spelling's length looked up."""
    digits: Counter[int] = Counter()
    words: Counter[int] = Counter()
    known, longest = spellings(language), _longest(language)
    found = [(_normal(w), d) for w, d in tokens(_GROUPING.sub("", markup.text(text)), language)]
    i = 0
    while i < len(found):
        word, is_digits = found[i]
        if is_digits:
            digits.update(int(d) for d in re.findall(r"\d+", word))
        for size in range(min(longest, len(found) - i), 0, -1):
            run = tuple(w for w, d in found[i : i + size] if not d)
            if not is_digits and len(run) == size and run in known:
                words[known[run]] += 1
                i += size - 1
                break
        i += 1
    return digits, words


def problems(source_language: str, language: str, source: str, translation: str) -> list[str]:
    """The numbers the translation says, in words or digits, that its source does not, and
    those it then lacks; nothing when it only lacks some (see the module's comment), nor when
    the digits alone differ so (the blocking number check reports that)."""
    digits, words = numbers(source, source_language)
    got_digits, got_words = numbers(translation, language)
    wanted, got = digits + words, got_digits + got_words
    extra, missing = got - wanted, wanted - got
    if not extra - (got_digits - digits):  # none but digits the blocking check names
        return []
    said = ", ".join(map(str, sorted(extra.elements())))
    message = f"numbers (in words or digits) not in the source: {said}"
    if missing:
        message += f"; the source's {', '.join(map(str, sorted(missing.elements())))} missing"
    return [message + ": was a number written as a word changed?"]
