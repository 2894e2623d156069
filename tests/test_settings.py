"""The environment and the sources are untrusted input: each fault is one line that says
where (``file:line: message``); never a traceback."""

from __future__ import annotations

import datetime
import os
import time
from pathlib import Path

import pytest
from pytest import MonkeyPatch

from conftest import copy_repository, in_process
from editions import project, provenance


@pytest.mark.parametrize("epoch", ["1.5", "abc", "-1", "", "1e9", "١٧٦٤١١٥٢٠٠", "99999999999999"])
def test_a_bad_source_date_epoch_is_one_line(tmp_path: Path, epoch: str) -> None:
    root = copy_repository(tmp_path / "repo")
    proc = in_process(root, "build", "--build-dir", str(tmp_path / "b"), SOURCE_DATE_EPOCH=epoch)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("SOURCE_DATE_EPOCH: ") and len(proc.stderr.splitlines()) == 1


def test_a_byte_that_is_not_utf8_in_a_source_is_one_line_for_every_command(
    tmp_path: Path,
) -> None:
    root = copy_repository(tmp_path / "repo")
    source = root / "docs/index.md"
    lines = source.read_bytes().count(b"\n")
    source.write_bytes(source.read_bytes() + b"Caf\xe9\n")  # Latin-1, as an old editor saves
    where = f"docs/index.md:{lines + 1}: byte 0xe9 is not UTF-8: save the file as UTF-8"
    build = str(tmp_path / "b")
    for command in (["build"], ["check-publish"], ["gettext"], ["status"], ["check-merged"]):
        proc = in_process(root, *command, "--build-dir", build)
        assert proc.returncode != 0 and "Traceback" not in proc.stderr, command
        assert where in proc.stderr.splitlines() or f"  {where}" in proc.stderr.splitlines()


def test_a_file_dated_in_the_future_gives_no_date_after_today(
    tmp_path: Path, monkeypatch: MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = copy_repository(tmp_path / "repo")  # no git: the files' times are all there is
    year_2100 = datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC).timestamp()
    os.utime(root / "docs/index.md", (year_2100, year_2100))
    proj = project.load(root)
    before = time.time()
    assert provenance.text_epoch(proj, proj.source_language) <= time.time()
    date = provenance.provenance(proj, proj.source_language)["date"]
    assert date <= datetime.datetime.fromtimestamp(time.time(), datetime.UTC).date().isoformat()
    assert date >= datetime.datetime.fromtimestamp(before, datetime.UTC).date().isoformat()
