"""The code's own checks, run as tests: ruff, mypy --strict and the layers' contracts."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib
from importlib import metadata
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
    settings.write_text(settings.read_text() + "\nfrom editions.pipeline import build  # noqa\n")
    proc = lint_imports(source)
    assert (
        proc.returncode == 1
        and "editions.sphinxext.settings -> editions.pipeline.build" in proc.stdout
    )


# A documented function despite its name (the os module's manual).
PUBLIC = {"os._exit"}


def private_uses(path: Path) -> list[str]:
    """``file:line: what`` for each private use in a module: a name starting with ``_``
    imported from another package, or read from another module or object, and a module's
    attribute replaced (a monkeypatch)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imports = [n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)]
    modules = {alias.asname or alias.name for node in imports for alias in node.names}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found += [f"{node.lineno}: from {node.module} import {a.name}" for a in node.names
                      if _private(a.name) and not node.module.startswith("editions")]  # fmt: skip
        elif isinstance(node, ast.Attribute) and _private(node.attr):
            owner = ast.unparse(node.value)
            if owner not in {"self", "cls"} and f"{owner}.{node.attr}" not in PUBLIC:
                found.append(f"{node.lineno}: {owner}.{node.attr}")
        elif isinstance(node, ast.Assign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found += [f"{node.lineno}: {ast.unparse(t)} replaced" for t in targets
                      if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name)
                      and t.value.id in modules]  # fmt: skip
    return [f"{path.relative_to(ROOT)}:{line}" for line in found]


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def test_private_apis_are_used_in_one_module_only() -> None:
    package = ROOT / "src/editions"
    one = package / "sphinxext/private.py"
    elsewhere = [use for path in sorted(package.rglob("*.py")) if path != one
                 for use in private_uses(path)]  # fmt: skip
    assert elsewhere == []
    assert private_uses(one)  # the check finds what is there


def test_an_untested_version_warns_and_patches_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sphinx and MyST then run as they ship; before, the import failed and so did every build."""
    from myst_parser.mdit_to_docutils import base
    from myst_parser.parsers import sphinx_

    from editions.sphinxext import private

    installed = metadata.version("sphinx")
    monkeypatch.setitem(private.CHECKED, "sphinx", "0.0")
    before = (base.get_default_settings, sphinx_.create_md_parser)  # type: ignore[attr-defined]
    with pytest.warns(private.UntestedVersion, match=f"sphinx {installed} is untested"):
        private.cache_myst_document_settings()
        private.reuse_myst_parser()
    assert (base.get_default_settings, sphinx_.create_md_parser) == before  # type: ignore[attr-defined]


def test_every_module_is_in_a_layer() -> None:
    """import-linter checks only the modules its layers name: a new module must join one."""
    with open(ROOT / "pyproject.toml", "rb") as f:
        [contract] = tomllib.load(f)["tool"]["importlinter"]["contracts"]
    listed = {name.strip() for layer in contract["layers"] for name in layer.split(":")}
    package = ROOT / "src/editions"
    modules = {p.stem for p in package.glob("*.py")} - {"__init__"}
    modules |= {p.name for p in package.iterdir() if (p / "__init__.py").is_file()}
    assert modules - listed == set()
