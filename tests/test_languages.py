"""``make add-language``: a new language builds both editions with no other change."""

from __future__ import annotations

import tomllib
from pathlib import Path

import polib
import pytest

from conftest import (
    copy_repository,
    current_venv,
    html_page,
    in_process,
    new_language,
    one,
    pdf_path,
)
from editions.data.languages import native_name
from editions.gate.checks import header_problems
from editions.project import LanguageError, language_code


def test_new_language_gets_catalogs_and_both_editions(tmp_path: Path) -> None:
    code = new_language("pl", "cs", "sk")
    root = copy_repository(tmp_path / "repo")
    proc = in_process(root, "add-language", code)
    assert proc.returncode == 0, proc.stderr
    table = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["editions"]
    assert table["languages"][-1] == code and table["drafts"][-1] == code
    for po in ("index.po", "editions.po"):
        catalog = polib.pofile(str(root / "locale" / code / "LC_MESSAGES" / po))
        assert header_problems(catalog, code) == []
    build = in_process(root, "build", "--languages", code, "--strict")
    assert build.returncode == 0, build.stderr
    assert one(html_page(root, code), "html")["lang"] == code
    assert pdf_path(root, code).stat().st_size > 0
    # A draft: untranslated, so the page says so (in English until that string is translated).
    assert one(html_page(root, code), ".translation-incomplete")
    assert in_process(root, "check-publish", "--languages", code).returncode == 0


def test_unknown_or_existing_language_is_a_clear_error(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    for code, message in (("xx", "unknown language code 'xx'"), ("sr", "already one of"),
                          ("Polish", "not a language code"),
                          ("zh", "Hans script")):  # fmt: skip
        proc = in_process(root, "add-language", code)
        assert proc.returncode == 2
        assert message in proc.stderr and "Traceback" not in proc.stderr
    proc = in_process(root, "build", "--languages", "xx")
    assert proc.returncode == 2 and "unknown language xx" in proc.stderr


def test_a_script_no_installed_face_covers_is_refused_naming_its_package(tmp_path: Path) -> None:
    """Chinese and Japanese are refused before anything is registered, naming the Debian
    package with their Noto face; Georgian and Arabic, which the faces cover, are added."""
    root = copy_repository(tmp_path / "repo")
    before = (root / "pyproject.toml").read_bytes()
    for code, script in (("zh-Hant", "Hant"), ("ja", "Jpan")):
        proc = in_process(root, "add-language", code)
        assert proc.returncode == 2 and len(proc.stderr.splitlines()) == 1, proc.stderr
        assert f"the {script} script" in proc.stderr and "fonts-noto-cjk" in proc.stderr
        assert (root / "pyproject.toml").read_bytes() == before
    for code in ("ka", "ar"):
        assert in_process(root, "add-language", code).returncode == 0
    languages = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["editions"]
    assert languages["languages"][-2:] == ["ka", "ar"]


def test_add_language_refuses_codes_the_settings_refuse(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    before = (root / "pyproject.toml").read_bytes()
    for code, message in (("und", "undetermined language"), ("iw", "deprecated code: use 'he'"),
                          ("in", "deprecated code: use 'id'"), ("ji", "use 'yi'"),
                          ("de_DE", "write 'de' (the region adds nothing)"), ("pl-PL", "'pl'"),
                          ("../../docs", "not a language code")):  # fmt: skip
        proc = in_process(root, "add-language", code)
        assert proc.returncode == 2 and message in proc.stderr, (code, proc.stderr)
        assert len(proc.stderr.splitlines()) == 1, proc.stderr
    assert (root / "pyproject.toml").read_bytes() == before
    assert (root / "docs/index.md").is_file()


def test_add_language_is_all_or_nothing(tmp_path: Path) -> None:
    """A step that fails once the language is registered leaves pyproject.toml and locale/
    as they were: the language is not half added (registered, building English)."""
    root = copy_repository(tmp_path / "repo")
    code = new_language("pl", "cs", "sk")
    before = (root / "pyproject.toml").read_bytes()
    locale = sorted(p.relative_to(root) for p in (root / "locale").rglob("*"))
    (root / "locale" / code).write_text("in the way: the catalogs' folder cannot be made")
    proc = in_process(root, "add-language", code)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert (root / "pyproject.toml").read_bytes() == before
    (root / "locale" / code).unlink()
    assert sorted(p.relative_to(root) for p in (root / "locale").rglob("*")) == locale
    source = root / "docs/index.md"
    source.write_bytes(source.read_bytes() + b"Caf\xe9\n")  # the extraction fails
    proc = in_process(root, "add-language", code)
    assert proc.returncode == 2 and "docs/index.md:" in proc.stderr
    assert (root / "pyproject.toml").read_bytes() == before
    assert not (root / "locale" / code).exists()


def test_new_languages_get_cldr_plural_forms_and_pass_check_po(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    for code in ("kk", "ga"):  # msginit gives kk no plural rule and ga another one than CLDR
        assert in_process(root, "add-language", code).returncode == 0
    proc = in_process(root, "check-po", "--languages", "kk ga", "--no-spelling")
    assert proc.returncode == 0, proc.stdout


def test_script_and_region_forms_are_one_language(tmp_path: Path) -> None:
    from editions.project import parse

    assert parse("sr@latin") == parse("sr-Latn") == parse("sr_Latn")
    assert (parse("pt-br").gettext, parse("pt_BR").bcp47) == ("pt_BR", "pt-BR")
    root = copy_repository(tmp_path / "repo")
    for code, folder in (("pt-BR", "pt_BR"), ("sr@latin", "sr_Latn")):
        proc = in_process(root, "add-language", code)
        assert proc.returncode == 0, proc.stderr
        catalog = polib.pofile(str(root / f"locale/{folder}/LC_MESSAGES/index.po"))
        assert header_problems(catalog, folder) == []
    table = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["editions"]
    assert table["languages"][-2:] == ["pt_BR", "sr_Latn"]
    proc = in_process(root, "check-po", "--languages", "pt-br sr-Latn", "--no-spelling")
    assert "2 catalog" not in proc.stderr and "unknown language" not in proc.stderr


def test_add_language_reinstalls_nothing(tmp_path: Path) -> None:
    """`make add-language` edits pyproject.toml, not the dependencies the venv is keyed on."""
    import shutil
    import subprocess

    from conftest import ROOT

    root = copy_repository(tmp_path / "repo")
    shutil.copy2(ROOT / "Makefile", root / "Makefile")
    venv = current_venv()

    def state() -> list[tuple[str, int]]:
        return [(p.name, p.stat().st_mtime_ns) for p in sorted(venv.glob(".installed-*"))]

    before = (state(), sorted(p.name for p in venv.iterdir()))
    # Welsh or Macedonian: Debian has no Hunspell dictionary for them, so no system package is
    # installed either.
    code = new_language("cy", "mk")
    proc = subprocess.run(["make", "add-language", f"CODE={code}", f"VENV={venv}"], cwd=root,
                          capture_output=True, text=True)  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Installing" not in proc.stdout + proc.stderr
    assert (state(), sorted(p.name for p in venv.iterdir())) == before


@pytest.mark.parametrize(
    "written",
    ["languages = ['en', 'de', 'pl']", 'languages = ["en","de","pl"]  # the editions'],
    ids=["single quotes", "no spaces"],
)
def test_remove_language_edits_any_one_line_list(tmp_path: Path, written: str) -> None:
    root = _settings(tmp_path, f'{written}\ndrafts = ["pl"]\n')
    proc = in_process(root, "remove-language", "PL")
    assert proc.returncode == 0 and "removed pl" in proc.stderr, proc.stderr
    with open(root / "pyproject.toml", "rb") as f:
        settings = tomllib.load(f)["tool"]["editions"]
    assert (settings["languages"], settings["drafts"]) == (["en", "de"], [])
    assert not (root / "locale/pl").exists() and (root / "locale/de").is_dir()


def test_remove_language_deletes_nothing_it_cannot_unregister(tmp_path: Path) -> None:
    """A list over several lines: refused before the catalogs are deleted."""
    root = _settings(tmp_path, 'languages = [\n  "en",\n  "de",\n  "pl",\n]\ndrafts = []\n')
    before = (root / "pyproject.toml").read_text()
    proc = in_process(root, "remove-language", "pl")
    assert proc.returncode == 2 and "on one line" in proc.stderr, proc.stderr
    assert (root / "locale/pl/LC_MESSAGES/index.po").is_file()
    assert (root / "pyproject.toml").read_text() == before


def _settings(root: Path, lists: str) -> Path:
    """A project whose settings are written as given, with catalogs for de and pl."""
    (root / "pyproject.toml").write_text(f'[tool.editions]\nsource-language = "en"\n{lists}')
    for code in ("de", "pl"):
        (root / f"locale/{code}/LC_MESSAGES").mkdir(parents=True)
        (root / f"locale/{code}/LC_MESSAGES/index.po").write_text("")
    return root


@pytest.mark.parametrize(
    ("code", "name"),
    [("ka", "ქართული"), ("uk", "Українська"), ("be", "Беларуская"), ("ru", "Русский"),
     ("de", "Deutsch"), ("pl", "Polski"), ("pt-BR", "Português (Brasil)"),
     ("sr-Latn", "Srpski (latinica)"), ("ar", "العربية")],
)  # fmt: skip
def test_a_language_is_named_in_itself_as_cldr_capitalises_it(code: str, name: str) -> None:
    """Georgian's upper case (Mtavruli) is not a title case: ქართული, never Ქართული."""
    assert native_name(code) == name


@pytest.mark.parametrize(
    ("code", "shorter"), [("uk_UA", "uk"), ("de-DE", "de"), ("sr-Latn-RS", "sr_Latn"),
                          ("uz_Cyrl_UZ", "uz_Cyrl")],
)  # fmt: skip
def test_a_region_the_language_implies_is_refused(code: str, shorter: str) -> None:
    """CLDR's likely subtags, whole: Serbian in Latin script is written in Serbia too."""
    with pytest.raises(LanguageError, match=f"write '{shorter}'"):
        language_code(code)


@pytest.mark.parametrize("code", ["pt_BR", "pt_PT", "en_GB", "sr_Latn", "es_419"])
def test_a_region_that_tells_one_standard_from_another_stays(code: str) -> None:
    assert language_code(code) == code
