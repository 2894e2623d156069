"""Spelling for every language: Debian's Hunspell dictionary of each, installed by the setup."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_repository, in_process, new_language
from editions.data import system
from editions.data.dictionaries import debian_package, installed
from editions.gate import quality

# Checked against Debian 12's package lists (each package "Provides: hunspell-dictionary-<x>").
PACKAGES = {
    "uk": "hunspell-uk", "ru": "hunspell-ru", "be": "hunspell-be", "pl": "hunspell-pl",
    "de": "hunspell-de-de", "de-AT": "hunspell-de-at", "sr": "hunspell-sr",
    "sr_Latn": "hunspell-sr", "sr@latin": "hunspell-sr", "pt": "hunspell-pt-pt",
    "pt-BR": "hunspell-pt-br", "pt_BR": "hunspell-pt-br", "pt-br": "hunspell-pt-br",
    "en": "hunspell-en-us", "en_GB": "hunspell-en-gb", "nb": "hunspell-no", "et": "myspell-et",
    "ga": "myspell-ga",
    "cy": None, "mk": None, "la": None, "xx": None,
}  # fmt: skip


@pytest.mark.parametrize(("code", "package"), PACKAGES.items())
def test_debian_package_of_each_language(code: str, package: str | None) -> None:
    assert debian_package(code) == package


def test_the_installed_dictionary_is_in_the_language_and_script(tmp_path: Path) -> None:
    for name in ("sr_Latn_RS", "sr_ME", "sr_RS", "pt_BR", "pt_PT", "uk_UA", "nb_NO"):
        (tmp_path / f"{name}.dic").touch()
    found = {code: installed(code, tmp_path) for code in ("sr", "sr_Latn", "pt", "pt_BR", "uk",
                                                           "nn", "pl")}  # fmt: skip
    # CLDR's likely region decides: Serbian is mostly written in Serbia (not Montenegro), and
    # CLDR's "pt" is Brazilian Portuguese (Portugal's is pt_PT).
    assert found == {"sr": "sr_RS", "sr_Latn": "sr_Latn_RS", "pt": "pt_BR", "pt_BR": "pt_BR",
                     "uk": "uk_UA", "nn": None, "pl": None}  # fmt: skip


def project_with(tmp_path: Path, languages: list[str]) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.editions]\nsource-language = "en"\nlanguages = {languages!r}\n'.replace("'", '"')
    )
    return tmp_path


def test_the_setup_installs_the_dictionary_of_each_language_debian_has(tmp_path: Path) -> None:
    root = project_with(tmp_path, ["en", "uk", "pl", "cy"])
    packages = {package for _, _, package in system.requirements("spelling", root)}
    assert packages == {"hunspell", "hunspell-uk", "hunspell-pl"}  # no English, none for cy
    assert packages <= {package for _, _, package in system.requirements("test", root)}


def test_the_test_setup_adds_the_dictionaries_of_the_tests_own_statements(tmp_path: Path) -> None:
    root = project_with(tmp_path, ["en", "uk"])
    project_with(root / "tests/roots/test-x", ["en", "uk", "sr"])
    spelling = {package for _, _, package in system.requirements("spelling", root)}
    tests = [package for _, _, package in system.requirements("test", root)]
    assert "hunspell-sr" not in spelling  # `make` checks the project's own languages only
    assert tests.count("hunspell-sr") == tests.count("hunspell-uk") == 1


def test_a_missing_dictionary_names_the_command_and_stops_only_the_tests(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if installed("pl") is not None:
        pytest.skip("the Polish dictionary is installed here")
    root = project_with(tmp_path, ["en", "pl"])
    assert system.ensure(["spelling"], root, install=False) == 0  # `make`: a notice
    assert "notice: missing Hunspell dictionary for pl" in capsys.readouterr().err
    assert system.ensure(["test"], root, install=False) == 1  # `make test`: an error
    assert "sudo apt-get install hunspell-pl" in capsys.readouterr().err


def test_the_notice_says_what_to_install_or_that_debian_has_none() -> None:
    assert quality.spelling_notice("sr") is None  # the test project's: the test setup has it
    assert "Debian has none" in (quality.spelling_notice("cy") or "")
    if installed("pl") is None:
        assert "sudo apt-get install hunspell-pl" in (quality.spelling_notice("pl") or "")


def test_adding_a_language_debian_has_no_dictionary_for_says_so(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    code = new_language("cy", "mk")  # Welsh, Macedonian: Debian has no dictionary for them
    proc = in_process(root, "add-language", code)
    assert proc.returncode == 0, proc.stderr
    assert f"notice: {code}: no Hunspell dictionary" in proc.stderr
    assert "Debian has none" in proc.stderr
