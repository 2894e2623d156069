"""The statement's facts file: optional fields, plain text, real dates, clear errors."""

from __future__ import annotations

from pathlib import Path

from conftest import build_editions, copy_repository
from editions.data import statement


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "statement.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_empty_fields_are_empty_strings(tmp_path: Path) -> None:
    facts = statement.load(write(tmp_path, "issuer:\nplace: Kyiv\n"))
    assert facts["issuer"] == "" and facts["place"] == "Kyiv" and facts["date"] == ""
    assert set(facts) == set(statement.FIELDS)


def test_a_date_is_normalised_and_checked(tmp_path: Path) -> None:
    assert statement.load(write(tmp_path, "date: 2020-11-13\n"))["date"] == "2020-11-13"


def test_a_bad_facts_file_stops_the_build_with_one_line(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    (root / "docs/statement.yaml").write_text("date: someday\n", encoding="utf-8")
    proc = build_editions(root, "--languages", "en")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "docs/statement.yaml:1: 'date' must be a date" in proc.stderr
    assert not (root / "_build/site").exists()


def test_the_original_publication_is_a_web_address(tmp_path: Path) -> None:
    address = "https://www.example.org/statements/1"
    facts = statement.load(write(tmp_path, f"original-publication: {address}\n"))
    assert facts["original-publication"] == address
    assert statement.site_name(address) == "example.org"


def test_an_original_publication_that_is_no_web_address_stops_the_build(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    (root / "docs/statement.yaml").write_text(
        "original-language: en\noriginal-publication: javascript:alert(1)\n", encoding="utf-8"
    )
    proc = build_editions(root, "--languages", "en")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "docs/statement.yaml:2: 'original-publication' must be a web address" in proc.stderr
