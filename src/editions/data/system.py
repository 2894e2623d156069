"""System tools the editions need, and the Debian packages that provide them.

Standard library only: ``make`` runs ``python3 -m editions.data.system build --install`` before
the virtual environment exists.
As root it installs what is missing with apt-get; otherwise it names the command to run.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from editions.data import fonts
from editions.data.dictionaries import debian_package, installed
from editions.project import Problem, Refused, read_settings


def distributions() -> list[str]:
    """The ``.dist-info`` folder names of the installed distributions on ``sys.path``
    (PEP 376's layout; a name carries the version): ``importlib.metadata`` costs a no-op
    build more than everything else together."""
    found: set[str] = set()
    for folder in map(Path, sys.path):
        with contextlib.suppress(OSError):
            found |= {entry.name for entry in folder.iterdir() if entry.suffix == ".dist-info"}
    return sorted(found)


def _command(name: str) -> Callable[[], bool]:
    return lambda: shutil.which(name) is not None


def _dictionary(language: str) -> Callable[[], bool]:
    return lambda: installed(language) is not None


# (what is needed, how to tell it is there, the Debian package that provides it)
Requirement = tuple[str, Callable[[], bool], str]
REQUIREMENTS: dict[str, list[Requirement]] = {
    "build": [
        ("msgfmt", _command("msgfmt"), "gettext"),
        ("the Noto serif typefaces", fonts.installed, fonts.PACKAGE),
    ],
    "test": [
        ("pdftotext, pdffonts", _command("pdffonts"), "poppler-utils"),
        ("chromium", _command("chromium"), "chromium"),
    ],
    "spelling": [("hunspell", _command("hunspell"), "hunspell")],
}
# Groups whose absence does not stop `make` (spelling is `make check-po`'s, and the tests')...
OPTIONAL = {"spelling"}
# ... and the groups that include another.
INCLUDES = {"test": ["spelling"]}


def translations(root: Path) -> list[str]:
    """The project's languages that have catalogs (``[tool.editions]`` in pyproject.toml)."""
    table = read_settings(root / "pyproject.toml")[1].get("tool", {}).get("editions", {})
    codes = table.get("languages", [])  # checked by editions.project.load, which says where
    codes = codes if isinstance(codes, list) else []
    return [c for c in codes if isinstance(c, str) and c != table.get("source-language")]


def dictionaries(languages: list[str]) -> list[Requirement]:
    """The Hunspell dictionary of each language that has one in Debian."""
    return [
        (f"Hunspell dictionary for {code}", _dictionary(code), package)
        for code in languages
        if (package := debian_package(code)) is not None
    ]


def test_translations(root: Path) -> list[str]:
    """The languages of the test suite's own statements (``tests/roots/*/pyproject.toml``)
    that the project lacks: the code tests check their spelling."""
    mine = translations(root)
    return sorted({code for config in root.glob("tests/roots/*/pyproject.toml")
                   for code in translations(config.parent) if code not in mine})  # fmt: skip


def requirements(group: str, root: Path) -> list[Requirement]:
    found = list(REQUIREMENTS[group])
    if group == "spelling":
        found += dictionaries(translations(root))
    if group == "test":
        found += dictionaries(test_translations(root))
    return found + [r for included in INCLUDES.get(group, []) for r in requirements(included, root)]


def missing(groups: list[str], root: Path) -> list[tuple[str, str]]:
    return [
        (what, package)
        for group in groups
        for what, present, package in requirements(group, root)
        if not present()
    ]


def dependencies(root: Path) -> str:
    """What the venv is made from, as one text: ``requirements.txt``, the wheels' checksums and,
    in the tool's own repository, the dependencies its ``pyproject.toml`` declares."""
    parts = [_read(root / REQUIREMENTS_FILE), _read(root / CHECKSUMS)]
    table = read_settings(root / "pyproject.toml")[1].get("project", {})
    parts.append(json.dumps([table.get("dependencies", []),
                             table.get("optional-dependencies", {})], sort_keys=True))  # fmt: skip
    return "\n".join(parts)


# What `make` installs: one requirement a line (the tool: this repository's source, or the wheel
# a project was made with, in wheels/, whose checksums are in wheels/SHA256SUMS).
REQUIREMENTS_FILE = "requirements.txt"
CHECKSUMS = "wheels/SHA256SUMS"


def requirement_lines(root: Path, extra: str | None) -> list[str]:
    """``requirements.txt``'s requirements as pip's arguments, each with ``[extra]``."""
    lines = [line.split("#")[0].strip() for line in _read(root / REQUIREMENTS_FILE).splitlines()]
    args = []
    for line in filter(None, lines):
        editable = line.startswith("-e ")
        target = line.removeprefix("-e ").strip() + (f"[{extra}]" if extra else "")
        args += ["-e", target] if editable else [target]
    return args


def checksum_problems(root: Path) -> list[Problem]:
    """Each wheel in ``wheels/`` that its checksum does not match."""
    problems = []
    for number, line in enumerate(_read(root / CHECKSUMS).splitlines(), 1):
        if not line.strip():
            continue
        expected, _, name = line.partition("  ")
        name = name.strip()
        wheel = root / "wheels" / name
        if "/" in name or not wheel.is_file():
            problems.append(Problem(CHECKSUMS, number, f"no wheel named '{name}' in wheels/"))
        elif hashlib.sha256(wheel.read_bytes()).hexdigest() != expected.strip():
            problems.append(Problem(CHECKSUMS, number, f"{name} does not match its checksum: it "
                                    "is not the file this project was made with (to upgrade "
                                    "the tool, write the new wheel's: sha256sum wheels/*.whl "
                                    f"> {CHECKSUMS})"))  # fmt: skip
    return problems


def unlisted_wheels(root: Path) -> list[Problem]:
    """Each wheel ``requirements.txt`` names that ``wheels/SHA256SUMS`` does not
    (an unlisted file would be installed unchecked)."""
    listed = {line.partition("  ")[2].strip() for line in _read(root / CHECKSUMS).splitlines()}
    problems = []
    for number, line in enumerate(_read(root / REQUIREMENTS_FILE).splitlines(), 1):
        target = line.split("#")[0].strip().removeprefix("-e ").strip().removeprefix("./")
        if target.startswith("wheels/") and target.removeprefix("wheels/") not in listed:
            problems.append(Problem(REQUIREMENTS_FILE, number, f"{target} is not in "
                                    f"{CHECKSUMS}: install only the wheel this project was made "
                                    "with"))  # fmt: skip
    return problems


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def ensure_venv(venv: Path, root: Path, extra: str | None = None) -> int:
    """Create or update ``venv`` only when what it is made from changed.

    The stamp (one per set: the editions' packages, then the tests') holds a hash of the
    requirements, not of ``pyproject.toml``: adding a language (which edits that file)
    reinstalls nothing, and an unchanged setup never uses the network (no pip self-upgrade).
    ``make`` installs what the build needs; ``make test`` adds the test tools.
    """
    if venv_current(venv, root, extra):
        return 0
    problems = checksum_problems(root) + unlisted_wheels(root)
    if problems:
        print("\n".join(map(str, problems)), file=sys.stderr)
        return 1
    python = venv / "bin" / "python"
    if not python.exists():
        print(f"Creating the virtual environment {venv}/", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    print(f"Installing the Python packages into {venv}/ ({REQUIREMENTS_FILE}); this takes "
          "a few minutes the first time", flush=True)  # fmt: skip
    # pip's own lines (each package as it is fetched and installed) are the progress.
    pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check"]
    wheels = [line for line in requirement_lines(root, None) if line.endswith(".whl")]
    installed = subprocess.run([*pip, *requirement_lines(root, extra)], cwd=root).returncode == 0
    if installed and wheels:
        # A wheel replaced under the same version (a new build of the tool) is "already
        # satisfied" for pip: it is installed again, alone, so the venv runs the file checked.
        again = [*pip, "--force-reinstall", "--no-deps", *wheels]
        installed = subprocess.run(again, cwd=root).returncode == 0
    if not installed:
        print("error: pip could not install the packages (see above)", file=sys.stderr)
        return 1
    _stamp(venv, extra).write_text(_wanted(root, extra) + "\n")
    return 0


def venv_current(venv: Path, root: Path, extra: str | None = None) -> bool:
    """Whether ``venv`` holds the packages ``root`` declares (its stamp matches them)."""
    stamp, wanted = _stamp(venv, extra), _wanted(root, extra)  # a broken pyproject.toml: said
    return stamp.exists() and stamp.read_text().strip() == wanted


def _stamp(venv: Path, extra: str | None) -> Path:
    return venv / f".installed-{extra or 'editions'}"


def _wanted(root: Path, extra: str | None) -> str:
    return hashlib.sha256(f"{dependencies(root)} {extra}".encode()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m editions.data.system", description=__doc__)
    parser.add_argument("groups", nargs="+", choices=[*sorted(REQUIREMENTS), "venv"])
    parser.add_argument("--install", action="store_true", help="install with apt-get as root")
    parser.add_argument("--venv", type=Path, default=Path(".venv"), help="with the group venv")
    parser.add_argument("--extra", help="with the group venv: also these optional dependencies")
    args = parser.parse_args(argv)
    try:
        if args.groups == ["venv"]:
            return ensure_venv(args.venv, Path.cwd(), args.extra)
        return ensure(args.groups, Path.cwd(), args.install)
    except Refused as exc:  # a pyproject.toml that is not TOML: `make` says where, once
        print(exc, file=sys.stderr)
        return 2


def ensure(groups: list[str], root: Path, install: bool) -> int:
    """Install what ``groups`` lack with apt-get (as root, with ``install``); otherwise name
    the one command to run: an error (1) for a required group, a notice for an optional one."""
    lacking = missing(groups, root)
    failed = ""
    if lacking and install and os.geteuid() == 0 and shutil.which("apt-get"):
        failed = apt_install(lacking)
        lacking = missing(groups, root)
    if not lacking:
        return 0
    packages = " ".join(sorted({package for _, package in lacking}))
    what = ", ".join(what for what, _ in lacking)
    why = f"apt-get failed ({failed}); " if failed else ""
    if not missing([group for group in groups if group not in OPTIONAL], root):
        print(f"notice: missing {what} (spelling is not checked without them); {why}install "
              f"them as root with make, or: sudo apt-get install {packages}",
              file=sys.stderr)  # fmt: skip
        return 0
    print(f"error: missing {what}; {why}install them with: sudo apt-get install {packages}",
          file=sys.stderr)  # fmt: skip
    return 1


def apt_install(lacking: list[tuple[str, str]]) -> str:
    """Install the packages ``lacking``; apt-get's last error line if it failed (another
    apt holds its lock, no network...), else ""."""
    packages = sorted({package for _, package in lacking})
    what = ", ".join(what for what, _ in lacking)
    print(f"Installing {what}: apt-get install {' '.join(packages)}", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    quiet = ["-q", "-o", "Dpkg::Use-Pty=0"]
    for command in (["apt-get", "update", *quiet], ["apt-get", "install", "-y", *quiet, *packages]):
        done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True)  # fmt: skip
        if done.returncode != 0:
            errors = [line for line in done.stderr.splitlines() if line.startswith("E:")]
            return (errors or done.stderr.splitlines() or [f"exit {done.returncode}"])[0]
    return ""


if __name__ == "__main__":
    sys.exit(main())
