"""Organisations' names: keyed by identifier, never borrowed, hidden, merged or swapped."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from pytest import TempPathFactory

from conftest import (
    PROJECT,
    TRANSLATIONS,
    build_editions,
    copy_repository,
    find,
    html_page,
    in_process,
    one,
    shared,
)
from editions.data import names, signatories
from editions.data.signatories import Signatory
from editions.gate.checks import line_of

POSTUP = Signatory("postup", "Human Rights Center Postup", None, 1)
CRIMEAN = Signatory("crimean", "Crimean Human Rights Group", None, 2)
ZMINA = Signatory("zmina", "ZMINA Human Rights Centre", None, 3)
# Added to a copy's data file: a name no editor will add, so that one they add never clashes.
ADDED = Signatory("added-by-a-test", "An Organisation Added By A Test", None, 0)


def catalog(*entries: tuple[Signatory, str]) -> polib.POFile:
    po = names.template(e for e, _ in entries)
    for entry, (_, text) in zip(po, entries, strict=True):
        entry.msgstr = text
    return po


def by_id(po: polib.POFile) -> dict[str, polib.POEntry]:
    return {e.msgctxt.removeprefix(names.CONTEXT): e for e in po if not e.obsolete}


# -- merging --------------------------------------------------------------------------
def test_a_new_organisation_arrives_empty_and_borrows_no_name() -> None:
    po = catalog((POSTUP, "Правозахисний центр «Поступ»"))
    result = by_id(names.merged(po, names.template([POSTUP, CRIMEAN])))
    assert result["crimean"].msgstr == "" and not result["crimean"].fuzzy
    assert result["postup"].msgstr == "Правозахисний центр «Поступ»"
    assert not result["postup"].fuzzy


def test_a_changed_spelling_keeps_its_translation_as_fuzzy_with_the_previous_one() -> None:
    po = catalog((POSTUP, "Правозахисний центр «Поступ»"))
    renamed = Signatory("postup", "Human Rights Centr Postup", None, 1)
    entry = by_id(names.merged(po, names.template([renamed])))["postup"]
    assert (entry.msgid, entry.msgstr) == (renamed.label, "Правозахисний центр «Поступ»")
    assert entry.fuzzy and entry.previous_msgid == POSTUP.label
    # A second change keeps the English the translation was made for.
    again = Signatory("postup", "Human Rights Centre Postup", None, 1)
    twice = by_id(names.merged(names.merged(po, names.template([renamed])),
                               names.template([again])))["postup"]  # fmt: skip
    assert twice.fuzzy and twice.previous_msgid == POSTUP.label


def test_a_removed_organisation_is_kept_as_obsolete_and_comes_back_translated() -> None:
    po = catalog((POSTUP, "Правозахисний центр «Поступ»"), (ZMINA, ""))
    without = names.merged(po, names.template([ZMINA]))
    assert [e.msgctxt for e in without.obsolete_entries()] == ["signatory:postup"]
    back = by_id(names.merged(without, names.template([ZMINA, POSTUP])))
    assert back["postup"].msgstr == "Правозахисний центр «Поступ»" and not back["postup"].fuzzy


def test_the_template_tells_translators_what_an_entry_is() -> None:
    (entry,) = names.template([POSTUP])
    assert entry.msgctxt == "signatory:postup"
    assert entry.comment.startswith("Organisation name: write it as the organisation")


def test_the_check_reduces_each_name_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each distinct name is reduced to its look-alike skeleton once, however many times the
    checks compare it (1,000 names were reduced five times over in each build)."""
    reduced: list[str] = []
    checker = signatories._spoof_checker()

    class Counting:
        def getSkeleton(self, kind: int, text: str) -> str:  # ICU's name
            reduced.append(text)
            return str(checker.getSkeleton(kind, text))

    monkeypatch.setattr(signatories, "_spoof_checker", Counting)
    entries = [Signatory(f"org-{n}", f"Counted organisation {n}", None, n) for n in range(50)]
    translations = {e.id: names.Translation(f"Лічена організація {e.line}", e.line)
                    for e in entries}  # fmt: skip
    assert names.problems(entries, translations) == []
    assert len(reduced) == 2 * 100  # in capitals, then case-folded, for each of the 100 names


# -- what an edition shows --------------------------------------------------------------
def test_names_not_translated_or_kept_as_written_are_marked_as_english() -> None:
    translations = {
        "postup": names.Translation("Правозахисний центр «Поступ»", 5),
        "zmina": names.Translation(ZMINA.label, 9),  # kept as the organisation writes it
    }
    shown = names.shown([POSTUP, ZMINA, CRIMEAN], translations, "en", "uk")
    assert [(s.text, s.language) for s in shown] == [
        ("Правозахисний центр «Поступ»", None),
        (ZMINA.label, "en"),
        (CRIMEAN.label, "en"),
    ]
    assert all(s.language is None for s in names.shown([POSTUP], {}, "en", "en"))


def test_a_name_shown_as_written_is_marked_with_its_own_language() -> None:
    """A Polish name (the data file's ``language: pl``) is marked Polish in every edition but
    the Polish one, translated or not; a name without ``language`` is in the source's."""
    polish = Signatory("dom", "Fundacja Dom Wschodni", None, 1, "pl")
    kept = {"dom": names.Translation(polish.label, 3)}
    assert [(s.language) for s in names.shown([polish, POSTUP], {}, "en", "pl")] == [None, "en"]
    assert names.shown([polish], kept, "en", "pl")[0].language is None
    assert names.shown([polish], kept, "en", "uk")[0].language == "pl"
    assert names.shown([polish], {}, "en", "en")[0].language == "pl"  # the source edition too


def test_a_name_in_another_languages_words_is_marked_with_it(tmp_path: Path) -> None:
    po = catalog((POSTUP, "ГО «Поступ»"), (CRIMEAN, "Кримська правозахисна група"))
    by_id(po)["postup"].tcomment = "Its own words, kept.\nlanguage: uk"
    path = tmp_path / "names.po"
    po.save(str(path))
    found = names.read(path)
    assert (found["postup"].language, found["crimean"].language) == ("uk", None)
    shown = names.shown([POSTUP, CRIMEAN], found, "en", "pl")
    assert [s.language for s in shown] == ["uk", None]
    assert names.shown([POSTUP], found, "en", "uk")[0].language is None  # its own language
    bad = {"postup": names.Translation("ГО «Поступ»", 7, "Ukrainian")}
    assert names.problems([POSTUP], bad) == [
        (7, "the name of 'postup' is marked 'language: Ukrainian': write a language code "
            "such as de, pl or pt-BR")]  # fmt: skip


def test_a_legal_form_before_a_name_in_another_language_is_the_editions() -> None:
    """«ОО «Поступ»» marked Ukrainian in a Russian edition: ОО, a Russian legal form, stays
    outside the mark; a word that only begins like one (ООН) is part of the name."""
    found = {
        "postup": names.Translation("ОО\u00a0«Поступ»", 5, "uk"),
        "crimean": names.Translation("ООН «Крим»", 9, "uk"),
        "zmina": names.Translation("ОО «ZMINA»", 13),  # Russian words: not marked at all
    }
    shown = names.shown([POSTUP, CRIMEAN, ZMINA], found, "en", "ru", ("ОО", "АНО"))
    assert [(s.language, s.lead) for s in shown] == [("uk", "ОО\u00a0"), ("uk", ""), (None, "")]
    assert names.shown([POSTUP], found, "en", "ru")[0].lead == ""  # no legal forms given


# -- refused translations ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("\u200b", "blank or invisible"),
        ("\u00a0\u2060 \u200d", "blank or invisible"),
        ("Human Rights Center Postup", "looks like, the name of 'postup'"),  # taken over
        ("Правозахисний центр «Поступ»", "looks like, the name of 'postup'"),  # a duplicate
        ("Правозахисний центр «Пoступ»", "looks like, the name of 'postup'"),  # Latin o
        ("ПРАВОЗАХИСНИЙ ЦЕНТР\u00ad «ПОСТУП»", "looks like, the name of 'postup'"),
    ],
)
def test_a_translation_that_hides_or_takes_a_name_is_refused(text: str, message: str) -> None:
    translations = {
        "postup": names.Translation("Правозахисний центр «Поступ»", 5),
        "crimean": names.Translation(text, 9),
    }
    found = names.problems([POSTUP, CRIMEAN], translations)
    assert [line for line, _ in found if line != 5] == [9]  # (5 too when both are equal)
    assert all(message.replace("'postup'", "") in text for _, text in found)


def test_distinct_names_and_names_kept_as_written_pass() -> None:
    translations = {
        "postup": names.Translation("Правозахисний центр «Поступ»", 5),
        "zmina": names.Translation(ZMINA.label, 9),
        "crimean": names.Translation("Кримська правозахисна група", 13),
    }
    assert names.problems([POSTUP, ZMINA, CRIMEAN], translations) == []


# -- through the command line ---------------------------------------------------------
def names_po(root: Path, language: str) -> Path:
    return root / "locale" / language / "LC_MESSAGES" / "signatories.po"


@pytest.fixture(scope="module")
def edited(tmp_path_factory: TempPathFactory) -> Path:
    """A copy where an organisation was added and another's English changed, then merged."""
    return shared(tmp_path_factory, "names", _edited)


def _edited(folder: Path) -> Path:
    root = copy_repository(folder)
    data = root / "docs/signatories.yaml"
    text = data.read_text().replace("Open Shelves Foundation", "Open Shelves Fundation")
    data.write_text(text + f"- id: {ADDED.id}\n  name: {ADDED.name}\n")
    for command in ("gettext", "update-po"):
        proc = in_process(root, command)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return root


@pytest.mark.e2e
@pytest.mark.parametrize("language", TRANSLATIONS)
def test_update_po_leaves_a_new_organisation_empty(edited: Path, language: str) -> None:
    po = polib.pofile(str(names_po(edited, language)))
    entry = find(po, ADDED.name, msgctxt=f"signatory:{ADDED.id}")
    assert entry.msgstr == "" and not entry.fuzzy
    assert "Фондација" not in str(entry) and "Shelves" not in str(entry)


def test_update_po_keeps_a_respelled_name_as_fuzzy_with_its_previous_spelling(edited: Path) -> None:
    po = polib.pofile(str(names_po(edited, "sr")))
    entry = find(po, "Open Shelves Fundation", msgctxt="signatory:open-shelves")
    assert entry.msgstr == "Фондација Отворене полице"
    assert entry.fuzzy and entry.previous_msgid == "Open Shelves Foundation"
    assert '#| msgid "Open Shelves Foundation"' in names_po(edited, "sr").read_text()


@pytest.fixture
def swapped(tmp_path: Path) -> tuple[Path, int]:
    """A copy whose German catalog gives one organisation another's name, in look-alike
    letters."""
    root = copy_repository(tmp_path / "repo")
    path = names_po(root, "de")
    po = polib.pofile(str(path))
    entry = find(po, "Friends of the Town Library", msgctxt="signatory:library-friends")
    entry.msgstr = "Stiftung Оffene Rеgale"  # Cyrillic О and е
    po.save()
    saved = find(polib.pofile(str(path)), entry.msgid, msgctxt="signatory:library-friends")
    return root, line_of(saved)


def test_a_swapped_name_is_refused_before_the_build(swapped: tuple[Path, int]) -> None:
    root, line = swapped
    proc = build_editions(root, "--languages", "de")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert f"locale/de/LC_MESSAGES/signatories.po:{line}: the name of 'library-friends'" in (
        proc.stderr
    )
    assert "'open-shelves'" in proc.stderr
    assert not (root / "_build/site").exists()
    check = in_process(root, "check-po", "--languages", "de", "--no-spelling")
    assert f"locale/de/LC_MESSAGES/signatories.po:{line}: " in check.stdout


# -- the built editions -----------------------------------------------------------------
@pytest.mark.parametrize("language", PROJECT.languages)
def test_count_line_equals_the_names_shown(
    built: Path, signatories: list[Signatory], language: str
) -> None:
    page = html_page(built, language)
    count = one(page, "p.signatories-count").get_text()
    digits = "".join(ch for ch in count if ch.isdigit())
    assert int(digits) == len(page.select("ul.signatories > li")) == len(signatories)


def test_names_kept_as_written_carry_their_language(built: Path) -> None:
    for item in html_page(built, "sr").select("ul.signatories > li"):
        marked = item.select_one('.name[lang="en"]')  # the whole name, not a word of it
        latin = item.get_text().isascii()
        assert (marked is not None) == latin, item


def test_a_name_written_in_the_editions_language_counts_as_done(tmp_path: Path) -> None:
    """`make status`: a Polish name needs no Polish translation; an English one does."""
    from editions import project
    from editions.translation import catalogs

    (tmp_path / "pyproject.toml").write_text(
        '[tool.editions]\nsource-language = "en"\nlanguages = ["en", "pl"]\n'
    )
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.md").write_text("# T\n\n```{signatories} signatories.yaml\n```\n")
    (tmp_path / "docs/signatories.yaml").write_text(
        "- id: fundacja\n  name: Fundacja Przykładowa\n  language: pl\n"
        "- id: union\n  name: Example Union\n"
    )
    pot = polib.POFile()
    for key in ("fundacja", "union"):
        pot.append(polib.POEntry(msgctxt=names.CONTEXT + key, msgid=key))
    pot.save(str(tmp_path / f"{names.DOMAIN}.pot"))
    found = catalogs.names_progress(
        project.load(tmp_path), "pl", [tmp_path / f"{names.DOMAIN}.pot"]
    )
    assert (found.translated, found.total) == (1, 2)
