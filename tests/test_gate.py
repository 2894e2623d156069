"""The catalog gate on hostile input: what `make check-po`, `make check-publish` and the build
refuse or report, on small projects of their own (languages this project lacks)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from babel.messages.plurals import get_plural

from conftest import ROOT, in_process
from editions import project
from editions.data import names
from editions.data.signatories import Signatory
from editions.gate import checks, markup, preflight, quality, typography
from editions.translation import reports

HEADER = {  # what msgfmt --check wants
    "Project-Id-Version": "tiny",
    "Report-Msgid-Bugs-To": "",
    "POT-Creation-Date": "2025-01-01 00:00+0000",
    "PO-Revision-Date": "2025-01-01 00:00+0000",
    "Last-Translator": "A Translator <translator@example.org>",
    "Language-Team": "",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
}


def catalog(path: Path, language: str, entries: list[polib.POEntry],
            plural_forms: str | None = None) -> Path:  # fmt: skip
    """A catalog of ``entries`` in ``language`` with CLDR's plural rule (or ``plural_forms``)."""
    po = polib.POFile(wrapwidth=79)
    po.metadata = HEADER | {
        "Language": language,
        "Plural-Forms": plural_forms or get_plural(language).plural_forms,
    }
    for entry in entries:
        po.append(entry)
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return path


def tiny(root: Path, languages: dict[str, list[polib.POEntry]],
         domain: str = "index") -> project.Project:  # fmt: skip
    """A project in English with one catalog ``domain`` per language of ``languages``."""
    root.mkdir(parents=True, exist_ok=True)
    codes = ", ".join(f'"{code}"' for code in ["en", *languages])
    (root / "pyproject.toml").write_text(
        f'[tool.editions]\nsource-language = "en"\nlanguages = [{codes}]\n', "utf-8"
    )
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs/statement.yaml").write_text("", "utf-8")
    for language, entries in languages.items():
        catalog(root / f"locale/{language}/LC_MESSAGES/{domain}.po", language, entries)
    return project.load(root)


def po_path(proj: project.Project, language: str, domain: str = "index") -> Path:
    return proj.locale / language / "LC_MESSAGES" / f"{domain}.po"


def line(proj: project.Project, language: str, msgid: str, domain: str = "index") -> int:
    entry = next(e for e in polib.pofile(str(po_path(proj, language, domain))) if e.msgid == msgid)
    return entry.linenum or 0


def gate(proj: project.Project, language: str) -> list[str]:
    """What the build and `make check-publish` refuse for ``language``."""
    return [str(p) for p in preflight.language_problems(proj, [language])]


def check_po(proj: project.Project, language: str) -> list[str]:
    return [str(p) for p in checks.check_catalogs(proj, [language], spelling=False)[1]]


def test_a_document_in_a_subfolder_of_docs_is_refused_for_a_translation(tmp_path: Path) -> None:
    proj = tiny(tmp_path, {"de": [polib.POEntry(msgid="Text", msgstr="Text")]})
    for path in ("annex/more.md", "annex/README.md", "project/notes.md", "extra.md"):
        (proj.docs / path).parent.mkdir(parents=True, exist_ok=True)
        (proj.docs / path).write_text("# Title\n", "utf-8")
    assert gate(proj, "de") == [
        "docs/annex/more.md:1: a document in a subfolder of docs/ is never translated: move it "
        "into docs/ (or into docs/project/, the team's notes)"
    ]
    assert preflight.language_problems(proj, []) == []  # the source alone is published whole


def test_a_folder_linked_into_docs_is_refused_for_every_language(tmp_path: Path) -> None:
    """Sphinx publishes the documents of a linked folder, which the checks and the
    fingerprint, reading the project's own folders, never see."""
    proj = tiny(tmp_path / "repo", {"de": [polib.POEntry(msgid="Text", msgstr="Text")]})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "page.md").write_text("# Title\n", "utf-8")
    (proj.docs / "annex").symlink_to(elsewhere)
    (proj.docs / "project").mkdir()
    (proj.docs / "project/linked").symlink_to(elsewhere)  # the team's notes: not published
    problem = ("docs/annex: a link to a folder, whose documents would be published unchecked: "
               "copy them into docs/")  # fmt: skip
    assert list(map(str, preflight.bad_input(proj, ["de"]))) == [problem]
    assert list(map(str, preflight.bad_input(proj, []))) == [problem]  # the source's edition too


def test_a_number_alone_is_no_copy_of_the_english_but_a_decimal_is(tmp_path: Path) -> None:
    proj = tiny(tmp_path, {"de": [polib.POEntry(msgid="2022", msgstr="2022"),
                                  polib.POEntry(msgid="8.1", msgstr="8.1")]})  # fmt: skip
    assert check_po(proj, "de") == [
        f"{po_path(proj, 'de').relative_to(tmp_path)}:{line(proj, 'de', '8.1')}: "
        + checks.COPY_MESSAGE
    ]


def test_raw_html_in_a_published_source_is_refused_at_its_line(tmp_path: Path) -> None:
    proj = tiny(tmp_path, {})
    (proj.docs / "index.md").write_text(
        "# Title\n\nText with an <https://example.org> autolink.\n\n"
        '<div class="box">A box</div>\n\nA line<br>broken.\n',
        "utf-8",
    )
    (proj.docs / "project").mkdir()
    (proj.docs / "project/notes.md").write_text("<b>notes are not published</b>\n", "utf-8")
    why = "is shown as text, not as markup: write it in Markdown, or remove it"
    assert [str(p) for p in preflight.shared_problems(proj)] == [
        f'docs/index.md:5: raw HTML (<div class="box">A box</div>) {why}',
        f"docs/index.md:7: raw HTML (<br>) {why}",
    ]


def test_a_percentage_left_as_the_english_writes_it_is_a_copy(tmp_path: Path) -> None:
    """Languages write a percentage apart (50 % in German, %50 in Turkish), as they do a
    decimal mark: left as the English has it, it is the English."""
    proj = tiny(tmp_path, {"de": [polib.POEntry(msgid="50%", msgstr="50%"),
                                  polib.POEntry(msgid="5‰", msgstr="5‰")]})  # fmt: skip
    where = po_path(proj, "de").relative_to(tmp_path)
    assert check_po(proj, "de") == [
        f"{where}:{line(proj, 'de', text)}: {checks.COPY_MESSAGE}" for text in ("50%", "5‰")
    ]


# -- an empty catalog -------------------------------------------------------------------------
def test_an_empty_catalog_is_one_line_in_every_command(tmp_path: Path) -> None:
    proj = tiny(tmp_path, {"de": [polib.POEntry(msgid="Hello", msgstr="Hallo")]})
    po_path(proj, "de").write_bytes(b"")
    expected = "locale/de/LC_MESSAGES/index.po:1: the catalog is empty: restore it from git"
    for command in (["check-po", "--no-spelling"], ["status"], ["check-publish"]):
        proc = in_process(tmp_path, *command, "--languages", "de")
        assert proc.returncode in (1, 2) and "Traceback" not in proc.stderr, proc.stderr
        assert expected in proc.stdout + proc.stderr, (command, proc.stdout, proc.stderr)


# -- invisible controls -----------------------------------------------------------------------
SIGNED = "Signed by 97 organisations (ABC)."


def test_a_bidi_control_is_refused_in_every_catalog_with_its_name(tmp_path: Path) -> None:
    text = "Unterzeichnet von \u202e97\u202c Organisationen (ABC)."
    proj = tiny(tmp_path, {"de": [polib.POEntry(msgid=SIGNED, msgstr=text)]})
    catalog(po_path(proj, "de", "sphinx"), "de",
            [polib.POEntry(msgid="Search", msgstr="\u2066Suche\u2069")])  # fmt: skip
    index, ui = "locale/de/LC_MESSAGES/index.po", "locale/de/LC_MESSAGES/sphinx.po"
    expected = [
        f"{index}:{line(proj, 'de', SIGNED)}: invisible control U+202E RIGHT-TO-LEFT OVERRIDE",
        f"{index}:{line(proj, 'de', SIGNED)}: invisible control U+202C POP DIRECTIONAL FORMATTING",
        f"{ui}:{line(proj, 'de', 'Search', 'sphinx')}: invisible control U+2066 LEFT-TO-RIGHT "
        "ISOLATE",
    ]
    for found in (gate(proj, "de"), check_po(proj, "de")):
        assert all(any(p.startswith(e) for p in found) for e in expected), found
    proc = in_process(tmp_path, "check-publish", "--languages", "de")
    assert proc.returncode == 2 and expected[0] in proc.stdout + proc.stderr


# What right-to-left scripts need around digits and Latin letters (RLM, LRM, ALM), and the
# joiners Persian and German typesetting use (ZWNJ, ZWJ): accepted where the script needs them.
SCRIPT_MARKS = {
    "ar": "وقّعت عليه 97 منظمة\u061c (ABC).",
    "he": "חתמו עליו 97 ארגונים (\u200eABC\u200e).",
    "fa": "97 سازمان آن را امضا کرده\u200cاند\u200f (ABC).",
    "de": "Unterzeichnet von 97 Organisationen (ABC) in der Auf\u200clage \u200d.",
}


def test_the_marks_a_script_needs_pass(tmp_path: Path) -> None:
    entries = {code: [polib.POEntry(msgid=SIGNED, msgstr=text)]
               for code, text in SCRIPT_MARKS.items()}  # fmt: skip
    proj = tiny(tmp_path, entries)
    for code in SCRIPT_MARKS:
        assert gate(proj, code) == [] and check_po(proj, code) == [], code


def test_a_right_to_left_mark_is_refused_in_a_left_to_right_language(tmp_path: Path) -> None:
    proj = tiny(tmp_path, {"de": [polib.POEntry(
        msgid=SIGNED, msgstr="Unterzeichnet von 97\u200f Organisationen (ABC).")]})  # fmt: skip
    where = f"locale/de/LC_MESSAGES/index.po:{line(proj, 'de', SIGNED)}"
    expected = f"{where}: invisible mark U+200F RIGHT-TO-LEFT MARK: only right-to-left scripts"
    for found in (gate(proj, "de"), check_po(proj, "de")):
        assert any(p.startswith(expected) for p in found), found


# -- what the gate runs besides markup ------------------------------------------------------
def test_a_plural_rule_other_than_cldrs_stops_publishing(tmp_path: Path) -> None:
    proj = tiny(tmp_path, {"pl": [polib.POEntry(msgid="Hello", msgstr="Dzień dobry")]})
    catalog(po_path(proj, "pl"), "pl", [polib.POEntry(msgid="Hello", msgstr="Dzień dobry")],
            plural_forms="nplurals=2; plural=(n != 1);")  # fmt: skip
    expected = "locale/pl/LC_MESSAGES/index.po:1: Plural-Forms disagrees with CLDR for 'pl'"
    assert any(p.startswith(expected) for p in gate(proj, "pl"))
    proc = in_process(tmp_path, "check-publish", "--languages", "pl")
    assert proc.returncode == 2 and expected in proc.stdout + proc.stderr


def test_a_header_for_another_language_stops_publishing(tmp_path: Path) -> None:
    proj = tiny(tmp_path, {"pl": [polib.POEntry(msgid="Hello", msgstr="Dzień dobry")]})
    catalog(po_path(proj, "pl"), "de", [polib.POEntry(msgid="Hello", msgstr="Dzień dobry")],
            plural_forms=get_plural("pl").plural_forms)  # fmt: skip
    expected = "locale/pl/LC_MESSAGES/index.po:1: header Language is 'de', expected 'pl'"
    assert gate(proj, "pl") == [expected]


def test_a_changed_number_stops_publishing(tmp_path: Path) -> None:
    proj = tiny(tmp_path, {"de": [polib.POEntry(
        msgid=SIGNED, msgstr="Unterzeichnet von 79 Organisationen (ABC).")]})  # fmt: skip
    where = f"locale/de/LC_MESSAGES/index.po:{line(proj, 'de', SIGNED)}"
    assert gate(proj, "de") == [f"{where}: number missing from the translation: 97",
                                f"{where}: number not in the source: 79"]  # fmt: skip


# -- which text carries which target ----------------------------------------------------------
DONATE = ('Donate to [the coalition](https://coalition.example/donate "Official page"), '
          "not to [this fake page](https://scam.example/).")  # fmt: skip


def test_links_that_exchange_their_targets_are_refused_with_both_named(tmp_path: Path) -> None:
    swapped = ('Spenden Sie an [die Koalition](https://scam.example/ "Official page"), nicht '
               "an [diese gefälschte Seite](https://coalition.example/donate).")  # fmt: skip
    proj = tiny(tmp_path, {"de": [polib.POEntry(msgid=DONATE, msgstr=swapped)]})
    expected = (f"locale/de/LC_MESSAGES/index.po:{line(proj, 'de', DONATE)}: links exchange "
                'their targets: "die Koalition" now points to https://scam.example/, "diese '
                'gefälschte Seite" to https://coalition.example/donate')  # fmt: skip
    assert gate(proj, "de") == [expected]
    proc = in_process(tmp_path, "check-publish", "--languages", "de")
    assert proc.returncode == 2 and expected in proc.stdout + proc.stderr


@pytest.mark.parametrize(("translation", "message"), [
    ('Spenden Sie an [die Koalition](https://coalition.example/donate), nicht an [diese '
     'gefälschte Seite](https://scam.example/ "Official page").',
     'link title moved: "diese gefälschte Seite" → https://scam.example/ has the title '
     '"Official page" of the source\'s link to https://coalition.example/donate'),
    ("Nicht an [diese gefälschte Seite](https://scam.example/), sondern an [die Koalition]"
     '(https://coalition.example/donate "Official page") spenden.',
     'links exchange their targets: "diese gefälschte Seite" now points to '
     'https://scam.example/, "die Koalition" to https://coalition.example/donate'),
])  # fmt: skip
def test_a_moved_title_or_a_reordered_link_is_refused(translation: str, message: str) -> None:
    assert message in markup.problems(DONATE, translation)


def test_word_order_may_move_a_link_in_its_sentence() -> None:
    """German puts the verb last: each link moves in the text, the order of links stays."""
    source = ('Sign [the letter](https://b.example/ "The open letter") and read [the '
              "statement](https://a.example/).")  # fmt: skip
    german = ('[Den Brief](https://b.example/ "Der offene Brief") unterschreiben und [die '
              "Erklärung](https://a.example/) lesen.")  # fmt: skip
    assert markup.problems(source, german) == []
    assert checks.content_problems(Path("index.po"), "de", source, german) == []


# -- linear checks ----------------------------------------------------------------------------
def best_time(check: Callable[[], object]) -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        check()
        times.append(time.perf_counter() - start)
    return min(times)


@pytest.mark.parametrize("run", ["1", "ж"], ids=["digits", "letters"])
def test_typography_takes_linear_time_on_a_run(run: str) -> None:
    """60 KB of digits took 59 s, 30,000 Cyrillic letters 14 s (each character restarted
    the match over the rest of the run)."""
    # One with rules for numbers and apostrophes.
    language = next(c for c, r in typography.RULES.items() if r.apostrophe and r.numbers_with_words)
    small, large = (run * n + "-" for n in (2_000, 20_000))
    one = best_time(lambda: typography.typography_problems(language, small))
    ten = best_time(lambda: typography.typography_problems(language, large))
    assert ten < 30 * one + 0.2, (one, ten)  # quadratic: 100 times as long


def test_names_are_compared_in_linear_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each name was compared with every other's: 1,000 translated names took 94 s."""

    def normalisations(n: int) -> int:
        entries = [Signatory(f"org-{i}", f"Organisation {i}", f"O{i}", i) for i in range(n)]
        translations = {e.id: names.Translation(f"Організація {e.line}", e.line)
                        for e in entries}  # fmt: skip
        calls = 0

        def counted(text: str) -> str:
            nonlocal calls
            calls += 1
            return str(text).casefold()

        monkeypatch.setattr(names, "normalise", counted)
        assert names.problems(entries, translations) == []
        return calls

    assert normalisations(1_000) <= 12 * normalisations(100)


# -- keep marks -------------------------------------------------------------------------------
def kept(msgid: str) -> polib.POEntry:
    return polib.POEntry(msgid=msgid, msgstr=msgid, tcomment="keep: as written")


def listed(proj: project.Project, language: str, *msgids: str) -> Path:
    """Each of ``msgids`` in the language's keep list, as a maintainer writes it."""
    path = proj.locale / language / "keep.yaml"
    path.write_text("".join(f"- msgid: {json.dumps(m)}\n  reason: as written\n" for m in msgids))
    return path


def keep_both_ways(tmp_path: Path, entries: list[polib.POEntry], way: str) -> project.Project:
    """A de project with ``entries``, those with a keep comment kept ``way``: by the comment,
    or by the language's keep list (the comment removed)."""
    if way == "comment":
        return tiny(tmp_path, {"de": entries})
    copies = [polib.POEntry(msgid=e.msgid, msgstr=e.msgstr) for e in entries]
    proj = tiny(tmp_path, {"de": copies})
    listed(proj, "de", *(e.msgid for e in entries if e.tcomment))
    return proj


WAYS = ["comment", "list"]


TRANSLATED = [polib.POEntry(msgid=f"Paragraph {n}.", msgstr=f"Absatz {n}.") for n in range(9)]


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize(("entries", "message"), [
    ([kept("Open Letter"), kept("Coalition 5AM")],
     "2 of 11 entries of 'de' are kept as the English ('# keep:' or keep.yaml), more than 10%"),
    ([kept("We call on the President to act.")],
     "7 words of the statement kept as the English ('# keep:' or keep.yaml), more than 5"),
])  # fmt: skip
def test_keep_marks_cannot_make_an_english_edition_pass(
    tmp_path: Path, entries: list[polib.POEntry], message: str, way: str
) -> None:
    proj = keep_both_ways(tmp_path, TRANSLATED + entries, way)
    where = f"locale/de/LC_MESSAGES/index.po:{line(proj, 'de', entries[0].msgid)}"
    [verdict] = reports.publishing(proj, ["de"], [])
    assert verdict.refused and str(verdict.problems[0]).startswith(f"{where}: {message}")
    assert f"{where}: {message}" in "\n".join(check_po(proj, "de"))


@pytest.mark.parametrize("way", WAYS)
def test_a_few_words_kept_as_written_publish(tmp_path: Path, way: str) -> None:
    proj = keep_both_ways(tmp_path, [*TRANSLATED, kept("Open Letter")], way)
    [verdict] = reports.publishing(proj, ["de"], [])
    assert not verdict.refused and check_po(proj, "de") == []
    assert verdict.progress is not None and verdict.progress.percent == 100


@pytest.mark.parametrize("way", WAYS)
def test_a_kept_string_is_not_held_to_the_editions_typography(tmp_path: Path, way: str) -> None:
    """It is the English: German quotation marks are not asked of it; a translation is."""
    english = 'Check the "SHA-256" checksum.'
    proj = keep_both_ways(tmp_path, [*TRANSLATED, kept(english)], way)
    assert check_po(proj, "de") == []
    catalog(po_path(proj, "de"), "de", [*TRANSLATED, polib.POEntry(msgid=english,
            msgstr='Prüfen Sie die "SHA-256"-Prüfsumme.')])  # fmt: skip
    assert any("ASCII quotes" in p for p in check_po(proj, "de"))


def test_a_listed_string_the_catalogs_no_longer_have_is_reported_where_it_is_listed(
    tmp_path: Path,
) -> None:
    proj = tiny(tmp_path, {"de": [*TRANSLATED, polib.POEntry(msgid="Furo", msgstr="Furo")]})
    path = listed(proj, "de", "Furo", "An English string\nthat changed since")
    assert check_po(proj, "de") == [
        "locale/de/keep.yaml:3: listed as kept, but no catalog of 'de' has this string (the "
        "English changed?): update or remove it"
    ]
    assert gate(proj, "de") == []  # a stale line does not stop the build
    path.write_text("- msgid: Furo\n")
    expected = "locale/de/keep.yaml:1: missing 'reason'"
    assert expected in check_po(proj, "de") and gate(proj, "de") == [expected]


# -- stray markup, placeholders ----------------------------------------------------------------
def test_an_unpaired_emphasis_mark_is_reported(tmp_path: Path) -> None:
    source = "We call on the President to act."
    proj = tiny(tmp_path, {"de": [polib.POEntry(
        msgid=source, msgstr="Wir *fordern den Präsidenten zum Handeln auf.")]})  # fmt: skip
    expected = (f"locale/de/LC_MESSAGES/index.po:{line(proj, 'de', source)}: markup character "
                "* not in the source: unpaired, it is shown as typed")  # fmt: skip
    assert expected in check_po(proj, "de")


def test_placeholders_are_not_spell_checked() -> None:
    assert quality.words("Signatory added: %(name)s, %(count)d", "de") == ["Signatory", "added"]


# -- a stock sphinx-build ------------------------------------------------------------------------
SAID = {
    "changed number": ("Unterzeichnet von 98 Organisationen (ABC).", True),
    "faithful": ("Unterzeichnet von 97 Organisationen (ABC).", False),
}


@pytest.mark.parametrize(("said", "refused"), SAID.values(), ids=SAID.keys())
def test_a_stock_sphinx_build_runs_the_gate(tmp_path: Path, said: str, refused: bool) -> None:
    """As Read the Docs runs it, with no `make` and no pre_build step before it."""
    proj = tiny(tmp_path, {"de": [polib.POEntry(msgid=SIGNED, msgstr=said)]})
    (tmp_path / "docs/index.md").write_text(f"# Title\n\n{SIGNED}\n", "utf-8")
    (tmp_path / "docs/changes.yaml").write_text("[]\n", "utf-8")
    shutil.copy(ROOT / "conf.py", tmp_path / "conf.py")
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-c", ".", "-D", "language=de",
         "docs", str(tmp_path / "out")], cwd=tmp_path, capture_output=True, text=True,
    )  # fmt: skip
    assert (proc.returncode != 0) is refused, proc.stderr
    problem = f"locale/de/LC_MESSAGES/index.po:{line(proj, 'de', SIGNED)}: "
    assert (problem in proc.stderr and "not built" in proc.stderr) is refused, proc.stderr
    assert (tmp_path / "out/index.html").exists() is not refused
