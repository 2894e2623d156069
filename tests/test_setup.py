"""The setup `make` runs first: it says what it is doing, and an optional step never stops it."""

from __future__ import annotations

import base64
import hashlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from editions.data import system

APT_LOCKED = """#!/bin/sh
echo "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (apt-get)" >&2
exit 100
"""


def tools(folder: Path, **scripts: str) -> str:
    """A PATH of only ``scripts`` (name: shell script), as a machine that lacks the others."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in scripts.items():
        (folder / name).write_text(text)
        (folder / name).chmod(0o755)
    return str(folder)


def project(root: Path, *languages: str) -> Path:
    codes = ", ".join(f'"{code}"' for code in ("en", *languages))
    (root / "pyproject.toml").write_text(
        f'[tool.editions]\nsource-language = "en"\nlanguages = [{codes}]\n'
    )
    return root


@pytest.fixture
def as_root_with_apt_locked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Root on a machine whose apt is busy (another apt-get holds its lock)."""
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    bin_ = tools(tmp_path / "bin", **{"apt-get": APT_LOCKED, "msgfmt": "#!/bin/sh\n"})
    monkeypatch.setenv("PATH", bin_)
    return project(tmp_path, "pl")


def test_a_held_apt_lock_is_a_notice_for_spelling_and_the_build_goes_on(
    as_root_with_apt_locked: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(as_root_with_apt_locked)
    assert system.main(["build", "spelling", "--install"]) == 0  # `make`'s first step
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("notice: missing hunspell"), lines
    assert "Could not get lock" in lines[0] and "sudo apt-get install hunspell" in lines[0]


def test_a_held_apt_lock_is_one_error_line_for_a_required_tool(
    as_root_with_apt_locked: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (as_root_with_apt_locked / "bin/msgfmt").unlink()
    monkeypatch.chdir(as_root_with_apt_locked)
    assert system.main(["build", "--install"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: missing msgfmt"), lines
    assert "Could not get lock" in lines[0]


def wheel(folder: Path, name: str = "tiny_package", version: str = "1.0", says: str = "") -> Path:
    """A wheel of a package whose ``SAYS`` is ``says``, made without a build backend or the
    network."""
    path = folder / f"{name}-{version}-py3-none-any.whl"
    info = f"{name}-{version}.dist-info"
    files = {
        f"{name}/__init__.py": f"SAYS = {says!r}\n",
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
        f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: "
        "py3-none-any\n",
    }
    record = []
    with zipfile.ZipFile(path, "w") as archive:
        for member, text in files.items():
            archive.writestr(member, text)
            digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=")
            record.append(f"{member},sha256={digest.decode()},{len(text.encode())}")
        archive.writestr(f"{info}/RECORD", "\n".join([*record, f"{info}/RECORD,,"]) + "\n")
    return path


def test_the_first_setup_shows_pip_installing_each_package(tmp_path: Path) -> None:
    (tmp_path / "project").mkdir()
    root = project(tmp_path / "project")
    (root / "requirements.txt").write_text(f"{wheel(tmp_path)}\n")
    proc = subprocess.run(
        [sys.executable, "-m", "editions.data.system", "venv", "--venv", str(tmp_path / "venv")],
        cwd=root, capture_output=True, text=True, check=False,
        env=os.environ | {"PYTHONPATH": str(Path(system.__file__).parents[2])},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "Creating the virtual environment" in proc.stdout
    assert "Successfully installed tiny-package-1.0" in proc.stdout  # pip's own progress


def test_a_wheel_replaced_under_the_same_version_is_installed(tmp_path: Path) -> None:
    """A project's tool upgraded to a new build of the same version runs the new build."""
    (tmp_path / "project/wheels").mkdir(parents=True)
    root = project(tmp_path / "project")
    (root / "requirements.txt").write_text("wheels/tiny_package-1.0-py3-none-any.whl\n")
    python = tmp_path / "venv/bin/python"
    for says in ("first build", "second build"):
        built = wheel(root / "wheels", says=says)
        digest = hashlib.sha256(built.read_bytes()).hexdigest()
        (root / "wheels/SHA256SUMS").write_text(f"{digest}  {built.name}\n")
        assert system.ensure_venv(tmp_path / "venv", root) == 0
        shown = subprocess.run([python, "-c", "import tiny_package; print(tiny_package.SAYS)"],
                               capture_output=True, text=True).stdout.strip()  # fmt: skip
        assert shown == says
