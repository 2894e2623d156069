"""System tools the editions need, and the Debian packages that provide them.

Standard library only: ``make`` runs ``python3 -m editions.system build --install`` before
the virtual environment exists.
As root it installs what is missing with apt-get; otherwise it names the command to run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path


def _command(name: str) -> Callable[[], bool]:
    return lambda: shutil.which(name) is not None


def _file(path: str) -> Callable[[], bool]:
    return lambda: Path(path).exists()


# (what is needed, how to tell it is there, the Debian package that provides it)
REQUIREMENTS: dict[str, list[tuple[str, Callable[[], bool], str]]] = {
    "build": [
        ("msgfmt", _command("msgfmt"), "gettext"),
    ],
    "test": [
        ("pdftotext, pdffonts", _command("pdffonts"), "poppler-utils"),
        ("hunspell", _command("hunspell"), "hunspell"),
        # One Hunspell dictionary per language (`make check-po` names what is missing):
        # add its Debian package here when a language is added.
        ("Ukrainian dictionary", _file("/usr/share/hunspell/uk_UA.dic"), "hunspell-uk"),
        ("Russian dictionary", _file("/usr/share/hunspell/ru_RU.dic"), "hunspell-ru"),
        ("Belarusian dictionary", _file("/usr/share/hunspell/be_BY.dic"), "hunspell-be"),
        ("chromium", _command("chromium"), "chromium"),
    ],
}


def missing(groups: list[str]) -> list[tuple[str, str]]:
    return [
        (what, package)
        for group in groups
        for what, present, package in REQUIREMENTS[group]
        if not present()
    ]


def dependencies(root: Path) -> str:
    """The project's declared Python dependencies, as one text (what the venv is made from)."""
    with open(root / "pyproject.toml", "rb") as f:
        table = tomllib.load(f)["project"]
    declared = {"dependencies": table.get("dependencies", []),
                "optional": table.get("optional-dependencies", {})}  # fmt: skip
    return json.dumps(declared, sort_keys=True)


def ensure_venv(venv: Path, root: Path, extra: str | None = None) -> int:
    """Create or update ``venv`` only when the declared dependencies changed.

    The stamp (one per set: the editions' packages, then the tests') holds a hash of the
    dependency lists, not of ``pyproject.toml``: adding a language (which edits that file)
    reinstalls nothing, and an unchanged setup never uses the network (no pip self-upgrade).
    ``make`` installs what the build needs; ``make test`` adds the test tools.
    """
    wanted = hashlib.sha256(f"{dependencies(root)} {extra}".encode()).hexdigest()
    stamp = venv / f".installed-{extra or 'editions'}"
    if stamp.exists() and stamp.read_text().strip() == wanted:
        return 0
    print(f"Installing the Python packages into {venv}/ (pinned in pyproject.toml)", flush=True)
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    target = f"{root}[{extra}]" if extra else str(root)
    if subprocess.run([*pip, "-e", target]).returncode != 0:
        print("error: pip could not install the packages (see above)", file=sys.stderr)
        return 1
    stamp.write_text(wanted + "\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m editions.system", description=__doc__)
    parser.add_argument("groups", nargs="+", choices=[*sorted(REQUIREMENTS), "venv"])
    parser.add_argument("--install", action="store_true", help="install with apt-get as root")
    parser.add_argument("--venv", type=Path, default=Path(".venv"), help="with the group venv")
    parser.add_argument("--extra", help="with the group venv: also these optional dependencies")
    args = parser.parse_args(argv)
    if args.groups == ["venv"]:
        return ensure_venv(args.venv, Path.cwd(), args.extra)

    lacking = missing(args.groups)
    if not lacking:
        return 0
    packages = sorted({package for _, package in lacking})
    what = ", ".join(what for what, _ in lacking)
    if args.install and os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"Installing {what}: apt-get install {' '.join(packages)}", flush=True)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        quiet = ["-q", "-o", "Dpkg::Use-Pty=0"]
        subprocess.run(
            ["apt-get", "update", *quiet], check=True, env=env, stdout=subprocess.DEVNULL
        )
        subprocess.run(["apt-get", "install", "-y", *quiet, *packages], check=True, env=env,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        lacking = missing(args.groups)
        if not lacking:
            return 0
    print(
        f"error: missing {what}; install them with: sudo apt-get install {' '.join(packages)}",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
