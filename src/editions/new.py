"""``editions new DIR``: a new statement project, as ``sphinx-quickstart`` makes a Sphinx one.

The project gets the skeleton's files (``editions/skeleton``: the Makefile, ``conf.py``,
``.readthedocs.yaml`` and ``.ci/run`` are this repository's own, so every project builds as
this one does), its settings, and the wheel of the tool it was made with, in ``wheels/``
with its checksum: ``make``, CI and Read the Docs install that file, not whatever a package
registry would serve.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit

from editions.data import languages
from editions.project import Refused, language_code

SKELETON = Path(__file__).parent / "skeleton"
# Files a package cannot hold under their own names (a .gitignore would apply to the
# package's own folder).
RENAMED = {"gitignore": ".gitignore"}
# A .ci/run must stay executable.
EXECUTABLE = {".ci/run"}

SETTINGS = """\
# A statement published in every language by the editions tool (`make help`).
[tool.editions]
# The language the statement is written in; every other language is a translation.
source-language = "{source}"
# PDF file names: <pdf-name>-<lang>.pdf.
pdf-name = "statement"
# The languages of the editions: `make add-language CODE=xx` adds one (as a draft).
languages = ["{source}"]
# Languages that may be published before they are 100 % translated (`make check-publish`).
drafts = []
# The site's address, for absolute canonical, hreflang and share links and a sitemap:
# "https://example.org/" (editions at /<lang>/) or a template with {{language}}. Empty: links
# between editions stay relative (from disk, any server). Read the Docs sets its own.
base-url = ""

[tool.pytest.ini_options]
testpaths = ["tests"]
addopts = "-ra -n auto --dist worksteal"
"""

REQUIREMENTS = """\
# What `make` installs into .venv/ (and Read the Docs into its environment): the editions
# tool, the wheel this project was made with (checked against wheels/SHA256SUMS).
./wheels/{wheel}
"""


def create(target: Path, source_language: str, wheel: Path) -> list[Path]:
    """Make a project in ``target`` (new or empty); the files written, relative to it."""
    source = language_code(source_language)
    languages.validate(source)
    if (target.is_symlink() and not target.exists()) or (target.exists() and not target.is_dir()):
        raise Refused(f"{target}: not a folder; `editions new` makes a project in a new one")
    if target.exists() and any(target.iterdir()):
        raise Refused(f"{target}: not an empty folder; `editions new` makes a project in a new one")
    check_wheel(wheel)
    written = []
    for path in sorted(p for p in SKELETON.rglob("*") if p.is_file()):
        relative = path.relative_to(SKELETON)
        if "__pycache__" in relative.parts:
            continue
        name = relative.with_name(RENAMED.get(relative.name, relative.name))
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target / name)  # a symbolic link's target, as a file
        if name.as_posix() in EXECUTABLE:
            (target / name).chmod(0o755)
        written.append(name)
    (target / "locale").mkdir()
    files = {
        Path("pyproject.toml"): SETTINGS.format(source=source),
        Path("requirements.txt"): REQUIREMENTS.format(wheel=wheel.name),
        Path("wheels/SHA256SUMS"): f"{hashlib.sha256(wheel.read_bytes()).hexdigest()}  "
        f"{wheel.name}\n",
    }
    for name, text in files.items():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_text(text, encoding="utf-8")
    shutil.copyfile(wheel, target / "wheels" / wheel.name)
    # A repository with every file staged, as `cargo new` makes one: provenance and Read the
    # Docs' replay read git; committing is the team's first act, under its own name.
    if shutil.which("git"):
        for command in (["git", "init", "--quiet"], ["git", "add", "--all"]):
            subprocess.run(command, cwd=target, check=True, capture_output=True)
    return sorted([*written, *files, Path("wheels") / wheel.name])


def check_wheel(wheel: Path) -> None:
    """Refuse, before anything is written, a file that is not a wheel of this tool."""
    try:
        with zipfile.ZipFile(wheel) as archive:
            names = set(archive.namelist())
    except (OSError, zipfile.BadZipFile) as exc:
        raise Refused(f"{wheel}: not a wheel of the editions tool ({exc})") from None
    if "editions/__init__.py" not in names or not wheel.name.startswith("editions-"):
        raise Refused(f"{wheel}: not a wheel of the editions tool (no editions package in it)")


def installed_wheel(work: Path) -> Path:
    """The wheel this tool was installed from (PEP 610's ``direct_url.json``), or one built
    into ``work`` from its source when it is installed from a folder (its own repository)."""
    try:
        record = metadata.distribution("editions").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        record = None
    if not record:
        raise Refused("the editions tool was not installed from a file: give its wheel, "
                      "`editions new DIR --wheel editions-<version>-py3-none-any.whl`")  # fmt: skip
    url = json.loads(record)
    path = Path(unquote(urlsplit(url["url"]).path))
    if "archive_info" in url and path.suffix == ".whl" and path.is_file():
        return path
    if "dir_info" in url and (path / "pyproject.toml").is_file():
        return build_wheel(path, work)
    raise Refused(f"{path}: the file the editions tool was installed from is gone: give its "
                  "wheel with --wheel")  # fmt: skip


def build_wheel(source: Path, work: Path) -> Path:
    """``pip wheel`` of the tool's source folder (no dependencies: they come from the registry
    when the project installs it), with the build backend its ``pyproject.toml`` asks for."""
    with tempfile.TemporaryDirectory(dir=work) as tmp:
        proc = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", tmp,
             str(source)],
            capture_output=True, text=True,
        )  # fmt: skip
        wheels = sorted(Path(tmp).glob("editions-*.whl"))
        if proc.returncode != 0 or not wheels:
            raise Refused(f"{source}: could not build the tool's wheel: {proc.stderr.strip()}")
        return Path(shutil.move(wheels[0], work / wheels[0].name))
