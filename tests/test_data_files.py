"""The data files an editor writes (signatories, the statement's facts, the changes): each
mistake in ``cases/bad-data.yaml`` is refused as ``file:line: message``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import BAD_DATA
from editions.data import changes, namelist, signatories, statement
from editions.project import Refused

LOADERS: dict[str, Callable[[Path], object]] = {
    "signatories.yaml": signatories.load,
    "statement.yaml": statement.load,
    "changes.yaml": changes.load,
    "names.yaml": namelist.load,
}


@pytest.mark.parametrize(
    ("name", "case"),
    [
        pytest.param(name, case, id=f"{name}: {case['case']}")
        for name, cases in BAD_DATA.items()
        for case in cases
    ],
)
def test_a_mistake_is_refused_with_its_file_and_line(
    tmp_path: Path, name: str, case: dict[str, Any]
) -> None:
    path = tmp_path / name
    path.write_text(case["text"], encoding="utf-8")
    with pytest.raises(Refused) as caught:
        LOADERS[name](path)
    assert caught.value.problem.line == case["line"]
    assert case["message"] in caught.value.problem.message
    assert str(caught.value).startswith(f"{path}:{case['line']}: ")
