"""``make check-po``: each check catches a seeded mistake of its kind; the real catalogs pass."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import polib
import pytest

from conftest import FIRST, build_editions, copy_repository, in_process, new_language
from editions import project
from editions.gate import checks
from editions.gate.checks import number_problems, plural_problems
from editions.gate.markup import problems as markup_problems


def seeded(tmp_path: Path, edit: Callable[[polib.POFile], object], message: str) -> list[str]:
    """A copy whose Serbian catalog went through ``edit(po)``; the problems `make check-po`
    prints for it (its own function, in this process: the command's exit status and output
    are checked by test_complete_catalogs_pass and test_syntax_error_is_reported_with_its_line)."""
    root = copy_repository(tmp_path / "repo")
    path = root / "locale/sr/LC_MESSAGES/index.po"
    po = polib.pofile(str(path))
    edit(po)
    po.save()
    spelling = "unknown word" in message  # Hunspell only where the case is about spelling
    _, problems = checks.check_catalogs(project.load(root), ["sr"], spelling=spelling)
    return [str(problem) for problem in problems]


def assert_reported(tmp_path: Path, edit: Callable[[polib.POFile], object], message: str) -> None:
    """check-po names the mistake in the edited catalog as ``file:line: message``."""
    found = seeded(tmp_path, edit, message)
    lines = [line for line in found if message in line]
    assert lines, found
    assert re.match(r"locale/sr/LC_MESSAGES/index\.po:\d+: ", lines[0])


def entry(po: polib.POFile, start: str = FIRST) -> polib.POEntry:
    return next(e for e in po if e.msgid.startswith(start))


def test_complete_catalogs_pass(tmp_path: Path) -> None:
    proc = in_process(copy_repository(tmp_path / "repo"), "check-po")
    assert proc.returncode == 0, proc.stdout


SEEDED = {
    "fuzzy entry": (lambda po: entry(po).flags.append("fuzzy"), "fuzzy entry"),
    "number changed": (
        lambda po: setattr(entry(po), "msgstr", entry(po).msgstr.replace("31 ", "32 ")),
        "number missing from the translation: 31",
    ),
    "raw HTML added": (
        lambda po: setattr(entry(po), "msgstr", entry(po).msgstr + " <script>alert(1)</script>"),
        "markup not in the source: raw HTML <script>",
    ),
    "link added": (
        lambda po: setattr(
            entry(po), "msgstr", entry(po).msgstr + " [докладніше](https://example.org)"
        ),
        "markup not in the source: link → https://example.org",
    ),
    "directive added": (
        lambda po: setattr(
            entry(po), "msgstr", entry(po).msgstr + "\n\n```{raw} html\n<b>x</b>\n```"
        ),
        "markup not in the source: directive {raw} html",
    ),
    "misspelled": (
        lambda po: setattr(
            entry(po), "msgstr", entry(po).msgstr.replace("затворило", "затворилло")
        ),
        "unknown word 'затворилло'",
    ),
    "wrong language header": (
        lambda po: po.metadata.__setitem__("Language", "ru"),
        "header Language is 'ru'",
    ),
    "wrong plural forms": (
        lambda po: po.metadata.__setitem__("Plural-Forms", "nplurals=2; plural=(n != 1);"),
        "Plural-Forms disagrees with CLDR",
    ),
}


@pytest.mark.e2e
@pytest.mark.parametrize("case", SEEDED)
def test_seeded_mistake_is_reported_as_file_line_message(tmp_path: Path, case: str) -> None:
    assert_reported(tmp_path, *SEEDED[case])


def test_syntax_error_is_reported_with_its_line(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    path = root / "locale/sr/LC_MESSAGES/index.po"
    lines = path.read_text().splitlines()
    broken = next(i for i, line in enumerate(lines) if line.startswith("msgstr") and i > 20)
    lines[broken] = lines[broken].replace("msgstr", "msgstr_oops", 1)
    path.write_text("\n".join(lines) + "\n")
    proc = in_process(root, "check-po", "--languages", "sr")
    assert proc.returncode == 1
    assert f"locale/sr/LC_MESSAGES/index.po:{broken + 1}:" in proc.stdout
    # The build refuses it too, naming the same place, and builds nothing.
    build = build_editions(root, "--languages", "sr")
    assert build.returncode == 2 and "Traceback" not in build.stderr
    assert f"locale/sr/LC_MESSAGES/index.po:{broken + 1}:" in build.stderr


def test_only_changed_catalogs_are_checked_with_changed(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"],
        cwd=root,
        check=True,
    )
    po = polib.pofile(str(root / "locale/pl/LC_MESSAGES/index.po"))
    entry(po).msgstr = entry(po).msgstr.replace("31 ", "30 ")
    po.save()
    proc = in_process(root, "check-po", "--changed")
    assert proc.returncode == 1
    assert "1 catalog(s) checked" in proc.stderr
    assert "locale/pl/LC_MESSAGES/index.po" in proc.stdout


@pytest.mark.parametrize(
    ("source", "translation", "expected"),
    [
        ("See {ref}`the list <signatories>`.", "Див. {ref}`список <signatories>`.", []),
        (
            "See {ref}`the list <signatories>`.",
            "Див. список.",
            ["markup missing from the translation: role {ref} → signatories"],
        ),
        (
            "A *very* bad idea",
            "Дуже погана ідея",
            ["markup missing from the translation: emphasis"],
        ),
        ("A **bold** claim", "**Сміливе** твердження", []),
        (
            "Read [this](https://a.example)",
            "Читайте [це](https://b.example)",
            [
                "markup missing from the translation: link → https://a.example",
                "markup not in the source: link → https://b.example",
            ],
        ),
        (
            "Use `code` here",
            "Використовуйте `код` тут",
            [
                "markup missing from the translation: inline code `code`",
                "markup not in the source: inline code `код`",
            ],
        ),
        ("Fund \\& Co \\*g\\*", "Fund \\& Co \\*g\\*", []),
        ("Fund \\*g\\*", "Fund *g*", ["markup not in the source: emphasis"]),
        (
            "More than 20,000 people",
            "Понад 20 000 людей[^1]",
            ["markup not in the source: footnote reference [^1]"],
        ),
    ],
)
def test_markup_comparison(source: str, translation: str, expected: list[str]) -> None:
    assert markup_problems(source, translation) == expected


def test_numbers_allow_other_digit_grouping_only() -> None:
    assert (
        number_problems("More than 20,000 people over 97 days", "Понад 20 000 людей за 97 днів")
        == []
    )
    assert number_problems("November 11, 2020", "11 листопада 2020 року") == []
    assert number_problems("20,000 people", "2 000 людей") == [
        "number missing from the translation: 20000",
        "number not in the source: 2000",
    ]


def test_plural_forms_compared_with_cldr() -> None:
    good = (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);"
    )
    assert plural_problems(good, "uk") == []
    assert plural_problems("nplurals=2; plural=(n != 1);", "ru")
    assert plural_problems("nplurals=2; plural=(n != 1);", "en") == []


MORE_SEEDED = {
    "Latin letter in a Cyrillic word": (
        lambda po: setattr(entry(po), "msgstr", entry(po).msgstr.replace("града", "грaда")),
        "'грaда': 'a' (U+0061) is Latin in a Cyrillic word",
    ),
    "final punctuation dropped": (
        lambda po: setattr(entry(po), "msgstr", entry(po).msgstr.rstrip(".")),
        "pofilter endpunc: Different punctuation at the end (the English ends with '.'",
    ),
}


@pytest.mark.parametrize("case", MORE_SEEDED)
def test_library_and_script_checks_report_file_line_message(tmp_path: Path, case: str) -> None:
    assert_reported(tmp_path, *MORE_SEEDED[case])


def test_mixed_scripts_and_kept_names() -> None:
    from editions.gate.quality import mixed_script_problems, pofilter_problems

    assert mixed_script_problems("Благодійний фонд «Восток SOS» і Восток-SOS") == []
    assert mixed_script_problems("Укрaїна") == [
        "'Укрaїна': 'a' (U+0061) is Latin in a Cyrillic word"
    ]
    assert pofilter_problems("uk", "Preparing search...", "Підготовка пошуку…") == []
    assert pofilter_problems("uk", "See https://a.example.", "Див. https://b.example.")


def test_a_language_without_a_dictionary_gets_a_notice(tmp_path: Path) -> None:
    from editions.data.dictionaries import installed as dictionary

    assert dictionary("sr") is not None and dictionary("xx") is None  # the test setup has sr
    code = new_language("pl", "cs")
    root = copy_repository(tmp_path / "repo")
    assert in_process(root, "add-language", code).returncode == 0
    proc = in_process(root, "check-po", "--languages", code)
    if dictionary(code) is None:
        assert f"notice: {code}: no Hunspell dictionary" in proc.stderr
        assert f"hunspell-{code}" in proc.stderr
    else:
        assert f"notice: {code}" not in proc.stderr
