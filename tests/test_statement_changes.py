"""Statement content: the record of changes (docs/changes.yaml)."""

from __future__ import annotations

from conftest import STATEMENT
from editions.data import changes


def test_no_change_is_recorded_since_publication() -> None:
    """It starts empty: no change of the text or of the list is documented anywhere."""
    assert changes.load(STATEMENT.docs / changes.FILE) == []
