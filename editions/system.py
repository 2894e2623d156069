"""System tools the editions need, and the Debian packages that provide them.

Standard library only: ``make`` runs ``python3 -m editions.system build --install`` before
the virtual environment exists (PyICU compiles against the ICU headers listed here).
As root it installs what is missing with apt-get; otherwise it names the command to run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path


def _command(name: str) -> Callable[[], bool]:
    return lambda: shutil.which(name) is not None


def _pkg_config(module: str) -> Callable[[], bool]:
    def found() -> bool:
        if shutil.which("pkg-config") is None:
            return False
        return subprocess.run(["pkg-config", "--exists", module]).returncode == 0

    return found


def _file(path: str) -> Callable[[], bool]:
    return lambda: Path(path).exists()


# (what is needed, how to tell it is there, the Debian package that provides it)
REQUIREMENTS: dict[str, list[tuple[str, Callable[[], bool], str]]] = {
    "build": [
        ("msgfmt", _command("msgfmt"), "gettext"),
        ("ICU headers for PyICU", _pkg_config("icu-i18n"), "libicu-dev"),
        ("pkg-config", _command("pkg-config"), "pkg-config"),
    ],
    "test": [
        ("pdftotext, pdffonts", _command("pdffonts"), "poppler-utils"),
        ("hunspell", _command("hunspell"), "hunspell"),
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m editions.system", description=__doc__)
    parser.add_argument("groups", nargs="+", choices=sorted(REQUIREMENTS))
    parser.add_argument("--install", action="store_true", help="install with apt-get as root")
    args = parser.parse_args(argv)

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
