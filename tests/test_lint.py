"""The code's own checks, run as tests: ruff, mypy --strict and the layers' contracts."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.unit


def test_the_code_is_ruff_clean() -> None:
    ruff = [sys.executable, "-m", "ruff"]
    lint = subprocess.run([*ruff, "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout
    style = subprocess.run(
        [*ruff, "format", "--check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert style.returncode == 0, style.stdout


def test_the_code_is_mypy_strict_clean() -> None:
    # [tool.mypy] names the files; the incremental cache (.mypy_cache) keeps a rerun fast.
    mypy = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr


def lint_imports(source: Path) -> subprocess.CompletedProcess[str]:
    """import-linter's contracts ([tool.importlinter]) over the package in ``source``."""
    lint = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(lint), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=ROOT, capture_output=True, text=True,
        env=os.environ | {"PYTHONPATH": str(source)},
    )  # fmt: skip


def test_the_layers_hold() -> None:
    proc = lint_imports(ROOT / "src")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_a_layer_crossed_breaks_the_contract(tmp_path: Path) -> None:
    """The extension importing the build pipeline, as it once did through the command line."""
    source = Path(shutil.copytree(ROOT / "src", tmp_path / "src"))
    settings = source / "editions/sphinxext/settings.py"
    settings.write_text(settings.read_text() + "\nfrom editions import build  # noqa\n")
    proc = lint_imports(source)
    assert proc.returncode == 1 and "editions.sphinxext.settings -> editions.build" in proc.stdout
