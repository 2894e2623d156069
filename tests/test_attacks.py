"""Attacks on the publication's integrity claims, each in a temporary copy of the repository."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
import pytest

from conftest import FIRST, build_editions, copy_repository, find, in_process
from editions.data import names, statement
from editions.data.signatories import Signatory
from editions.gate import preflight
from editions.project import Problem, Refused

POSTUP = Signatory("postup", "Human Rights Center Postup", None, 1)
ZMINA = Signatory("zmina", "ZMINA Human Rights Centre", None, 3)
UFPH = Signatory("ufph", "Ukrainian Foundation for Public Health", "UFPH", 5)
ZMINA_UK = "Центр прав людини ZMINA"


# -- names that hide an organisation or pass for another ------------------------------------
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Центр прав людини ΖΜΙΝΑ", "looks like"),  # Greek capitals Ζ Μ Ι Ν Α
        ("\u202e" + ZMINA_UK[::-1], "invisible formatting"),  # shown reversed: ZMINA's name
        (ZMINA_UK + "\u0336", "looks like"),  # a combining stroke over the last letter
        ("\u2800\u2800", "blank or invisible"),  # Braille blanks
        ("\u3164", "blank or invisible"),  # Hangul filler
        ("UFPH", "looks like"),  # another organisation's abbreviation
        ("Ukrainian Foundation for Public Health", "looks like"),  # its name without it
        (ZMINA_UK + ".", "looks like"),  # only punctuation differs
    ],
)
def test_a_name_that_hides_or_passes_for_another_is_refused(text: str, message: str) -> None:
    translations = {
        "zmina": names.Translation(ZMINA_UK, 5),
        "postup": names.Translation(text, 9),
    }
    found = dict(names.problems([POSTUP, ZMINA, UFPH], translations))
    assert message in found[9]  # (ZMINA's own line too, when the two look alike)


def test_another_organisations_name_behind_a_legal_form_is_refused() -> None:
    """A legal form the edition writes before names (ОО) in front of another organisation's
    name, or of its translation, passes for that organisation."""
    translations = {
        "zmina": names.Translation("ОО «Поступ»", 5),
        "postup": names.Translation("«Поступ»", 9),
        "ufph": names.Translation("ОО Human Rights Center Postup", 13),
    }
    found = dict(names.problems([POSTUP, ZMINA, UFPH], translations, ("ОО",)))
    assert "the name of 'postup'" in found[5] and "the name of 'postup'" in found[13]
    kept = {"postup": names.Translation("ОО Human Rights Center Postup", 9)}  # its own name
    assert names.problems([POSTUP, ZMINA, UFPH], kept, ("ОО",)) == []


def test_distinct_translated_names_still_pass() -> None:
    translations = {
        "zmina": names.Translation(ZMINA_UK, 5),
        "postup": names.Translation("Правозахисний центр «Поступ»", 9),
        "ufph": names.Translation("Українська фундація громадського здоров’я (UFPH)", 13),
    }
    assert names.problems([POSTUP, ZMINA, UFPH], translations) == []


def test_a_look_alike_name_stops_its_language_before_the_build(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    path = root / "locale/sr/LC_MESSAGES/signatories.po"
    po = polib.pofile(str(path))
    # Another organisation's Serbian name, its last letter a Latin e.
    find(
        po, "Open Shelves Foundation", msgctxt="signatory:open-shelves"
    ).msgstr = "Пријатељи градске библиотекe"
    po.save()
    proc = build_editions(root, "--languages", "sr")
    assert proc.returncode == 2, proc.stderr
    assert "locale/sr/LC_MESSAGES/signatories.po:" in proc.stderr
    assert "the name of 'open-shelves'" in proc.stderr and "Traceback" not in proc.stderr
    assert not (root / "_build/site").exists()


# -- what is built is what is on disk -----------------------------------------------------
def test_a_catalog_removed_after_a_build_is_not_used_from_its_old_mo(built_copy: Path) -> None:
    root = built_copy  # built, with its compiled catalogs
    (root / "locale/sr/LC_MESSAGES/index.po").unlink()
    proc = build_editions(root, "--languages", "sr")
    assert proc.returncode == 0, proc.stderr
    page = (root / "_build/site/sr/index.html").read_text("utf-8")
    assert FIRST in page  # as a clean build shows it
    assert "Дана 14. марта" not in page


def test_a_catalog_in_a_subfolder_the_gate_does_not_read_is_not_published(
    built_copy: Path,
) -> None:
    """A document in a subfolder has its catalog in one (``annex/more.po``): one the gate, the
    fingerprint and ``make update-po`` never read, so the language is refused, naming it."""
    root = built_copy
    (root / "docs/annex").mkdir()
    (root / "docs/annex/more.md").write_text("# Annex\n\nThere were 12 libraries.\n", "utf-8")
    po = polib.pofile(str(root / "locale/sr/LC_MESSAGES/index.po"))  # for its header
    po[:] = [polib.POEntry(msgid="There were 12 libraries.", msgstr="Било је 999 библиотека.")]
    (root / "locale/sr/LC_MESSAGES/annex").mkdir()
    po.save(str(root / "locale/sr/LC_MESSAGES/annex/more.po"))
    proc = build_editions(root, "--languages", "sr")
    assert proc.returncode == 2 and "docs/annex/more.md:1: a document in a subfolder" in proc.stderr
    assert not (root / "_build/site/sr/annex").exists()


def test_a_catalog_changed_after_the_gate_checked_it_is_not_published(
    built_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A catalog saved while its language builds (after the gate read it, before Sphinx did)."""
    root = built_copy
    path = root / "locale/sr/LC_MESSAGES/index.po"
    checked = preflight.language_problems

    def saved_meanwhile(*args: Any) -> list[Problem]:
        found = checked(*args)
        po = polib.pofile(str(path))
        first(po).msgstr = "Дана 14. марта 2024. године 999 јавних библиотека."
        po.save()
        return found

    po = polib.pofile(str(path))
    first(po).msgstr += " "  # an edit that passes the gate: the language is stale
    po.save()
    monkeypatch.setattr(preflight, "language_problems", saved_meanwhile)
    proc = build_editions(root, "--languages", "sr")
    assert proc.returncode == 1, proc.stderr
    assert "sr: its input changed while it was built" in proc.stderr
    assert "999" not in (root / "_build/site/sr/index.html").read_text("utf-8")
    monkeypatch.undo()
    proc = build_editions(root, "--languages", "sr")  # the next build checks what is there
    assert proc.returncode == 2 and "number not in the source: 999" in proc.stderr


def first(po: polib.POFile) -> polib.POEntry:
    return next(e for e in po if e.msgid.startswith(FIRST))


# -- the statement's metadata is input too ------------------------------------------------
BAD_STATEMENTS = [
    ("- a\n- b\n", 1, "must be a mapping"),
    ("issuer: !!python/object/apply:os.system [id]\n", 1, "'issuer' must be text"),
    ("issuer: [unclosed\n", 1, "not valid YAML"),  # where the unclosed list began
    ("place: x\nissuer: [a, b]\n", 2, "'issuer' must be text"),
    ("date: 11.11.2020\n", 1, "YYYY-MM-DD"),
    ("colour: red\n", 1, "unknown key 'colour'"),
    (
        'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n'
        "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
        "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
        "issuer: *f\n",
        1,
        "unknown key 'a'",
    ),
]


@pytest.mark.parametrize(("text", "line", "message"), BAD_STATEMENTS)
def test_a_bad_statement_file_is_refused_with_its_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = tmp_path / "statement.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(Refused) as caught:
        statement.load(path)
    assert (caught.value.problem.line, message in caught.value.problem.message) == (line, True)


def test_a_bad_statement_file_stops_the_build_without_a_traceback(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    (root / "docs/statement.yaml").write_text("issuer: !!python/object/apply:os.system [id]\n")
    proc = build_editions(root, "--languages", "sr", "--jobs", "1")
    assert proc.returncode == 2, proc.stderr
    assert "docs/statement.yaml:1: 'issuer' must be text" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("command", ["update-po", "status", "check-merged"])
def test_a_catalog_that_does_not_compile_is_named_by_line_not_a_traceback(
    tmp_path: Path, command: str
) -> None:
    """msgmerge and polib fail on it: the command refuses it first, as the build's gate does."""
    root = copy_repository(tmp_path / "repo")
    with (root / "locale/sr/LC_MESSAGES/index.po").open("a", encoding="utf-8") as po:
        po.write('\nmsgid "x"\nmsgstr "unterminated\n')
    (root / "_build/gettext").mkdir(parents=True)
    (root / "_build/gettext/index.pot").write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")
    proc = in_process(root, command, "--languages", "sr")
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "locale/sr/LC_MESSAGES/index.po:" in proc.stderr.splitlines()[0]
