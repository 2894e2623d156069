"""Builds every edition once per test session, from a copy of the repository."""

from __future__ import annotations

import collections
import contextlib
import fcntl
import functools
import inspect
import io
import os
import pickle
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

import polib
import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from editions import project as project_module
from editions.data.signatories import Signatory
from editions.data.signatories import load as load_signatories

T = TypeVar("T")
# A suite started in the background of a script inherits Ctrl-C ignored, and so would the
# commands it runs: the tests of Ctrl-C need it delivered, as a terminal delivers it.
signal.signal(signal.SIGINT, signal.default_int_handler)

ROOT = Path(__file__).resolve().parent.parent
# The code tests run on a statement of their own (made up, complete in three languages), never
# on this repository's: a coalition that replaces the statement keeps them passing.
TEST_PROJECT = Path(__file__).resolve().parent / "roots" / "test-project"
PROJECT = project_module.load(TEST_PROJECT)
LANGUAGES = PROJECT.languages
# The languages published complete: a draft (a language just added) is not translated yet,
# so the tests that read translated text leave it out.
PUBLISHED = [code for code in LANGUAGES if code not in PROJECT.drafts]
TRANSLATIONS = [code for code in PUBLISHED if code != PROJECT.source_language]


# This repository's own statement: only tests/test_statement_*.py read it.
STATEMENT = project_module.load(ROOT)


def new_language(*candidates: str) -> str:
    """The first of ``candidates`` the project does not have yet: a language a test adds."""
    return next(code for code in candidates if code not in LANGUAGES)


def copy_repository(
    target: Path, appended: Mapping[str, str] | None = None, statement: Path = TEST_PROJECT
) -> Path:
    """A working copy of the sources (no build output, no compiled catalogs) whose statement,
    catalogs and languages are those of ``statement`` (the test project's unless given), with
    each text of ``appended`` added at the end of its file (a path relative to the root)."""
    root = project_module.load(ROOT).copy_sources(target)
    shutil.rmtree(root / "locale")
    for path in (root / "docs").iterdir():  # the team's notes (docs/project/) stay: unpublished
        if path.name != "project":
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    for name in ("docs", "locale"):
        if (statement / name).exists():
            shutil.copytree(statement / name, root / name, dirs_exist_ok=True)
    table = re.compile(r"^\[tool\.editions\]\n(?:(?!\[).*\n)*", re.MULTILINE)
    settings = table.search((statement / "pyproject.toml").read_text("utf-8"))
    pyproject = root / "pyproject.toml"
    assert settings is not None
    pyproject.write_text(table.sub(settings.group() + "\n", pyproject.read_text("utf-8"), 1))
    for name, text in (appended or {}).items():
        append(root / name, text)
    return root


# Mistakes in the data files, each with the line and the message that must report it.
BAD_DATA: dict[str, list[dict[str, Any]]] = yaml.safe_load(
    (Path(__file__).parent / "cases/bad-data.yaml").read_text("utf-8")
)

# An organisation added to the data file, as an editor adds one.
NEW_SIGNATORY = {"docs/signatories.yaml": "- {id: new-org, name: A New Organisation}\n"}

# The sources' date for the session's build (a copy has no git history to take it from).
SOURCE_DATE_EPOCH = 1764115200  # 2025-11-26


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text("utf-8") + text, "utf-8")


def run_editions(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the command line in ``root`` as a user would (``python -m editions ...``)."""
    return subprocess.run(
        [sys.executable, "-m", "editions", *args], cwd=root, capture_output=True, text=True,
        env=os.environ | {"PYTHONPATH": str(root / "src")} | env,
    )  # fmt: skip


def current_venv() -> Path:
    """The environment running the tests, for ``make VENV=...`` in a copy of the project. It
    must be current: make would otherwise reinstall it from the temporary copy, and every
    later test would import a package that is gone."""
    from editions.data import system

    venv = Path(sys.executable).parent.parent
    assert all(system.venv_current(venv, ROOT, extra) for extra in (None, "test")), (
        "the test environment is not the one pyproject.toml declares: run `make test`"
    )
    return venv


def ctrl_c_before(target: str, code: str) -> str:
    """Python code that runs ``code`` in a process that sends itself one Ctrl-C, as a
    terminal sends it, when ``target`` (``module:function``) is first called, before the
    call runs."""
    module, function = target.split(":")
    return f"""
import importlib, os, signal
_module = importlib.import_module({module!r})
_original = getattr(_module, {function!r})
def _interrupted(*args, **kwargs):
    setattr(_module, {function!r}, _original)
    os.kill(os.getpid(), signal.SIGINT)
    return _original(*args, **kwargs)
setattr(_module, {function!r}, _interrupted)
{code}"""


def in_process(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``python -m editions *args`` in ``root``, run in this process through the command
    line's entry point, so with its exit status and output: Sphinx is loaded once per test
    process. A copy whose package code was changed runs ``run_editions``: this runs ours."""
    from editions import cli

    stdout, stderr, cwd, environ = io.StringIO(), io.StringIO(), Path.cwd(), dict(os.environ)
    os.environ.update(env)
    os.chdir(root)
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                status = cli.main(list(args))
            except SystemExit as exc:  # argparse's refusal of the arguments
                status = exc.code if isinstance(exc.code, int) else 2
    finally:
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(environ)
    return subprocess.CompletedProcess(["editions", *args], status, stdout.getvalue(),
                                       stderr.getvalue())  # fmt: skip


def build_editions(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``python -m editions build *args`` in ``root``, in this process (:func:`in_process`):
    the plan, the gate and each pool process take the given ``env``."""
    return in_process(root, "build", *args, **env)


def shared(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], T]) -> T:
    """``make(folder)``'s result, made once per session whichever pytest-xdist worker asks
    first (under a lock, in the workers' common temporary folder); the others read it back."""
    base = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    result = base / f"{name}.pickle"
    with open(base / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not result.exists():
            shutil.rmtree(base / name, ignore_errors=True)
            made = make(base / name)
            result.write_bytes(pickle.dumps(made))
    return cast(T, pickle.loads(result.read_bytes()))


def _build_all(root: Path) -> Path:
    copy_repository(root)
    proc = build_editions(root, "--strict", SOURCE_DATE_EPOCH=str(SOURCE_DATE_EPOCH))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A strict build of all editions, once per session; returns the copy's root (output in
    ``_build/``). Tests only read it: one that changes files works in ``built_copy``."""
    return shared(tmp_path_factory, "built", _build_all)


def _build_statement(root: Path) -> Path:
    STATEMENT.copy_sources(root)
    proc = build_editions(root, "--strict", SOURCE_DATE_EPOCH=str(SOURCE_DATE_EPOCH))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root


@pytest.fixture(scope="session")
def statement_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A strict build of this repository's own statement, once per session, for the tests of
    its facts (tests/test_statement_*.py)."""
    return shared(tmp_path_factory, "statement", _build_statement)


# The start of the test statement's first paragraph, the one the tests edit.
FIRST = "On 14 March 2024"

# The paragraph each language of ``incomplete`` leaves in English, and how.
PASTED = "We believe"  # sr: its English pasted as the translation; pl: the same, marked kept
EMPTIED = "The closures left"  # de: its translation removed


def _incomplete(built: Path, root: Path) -> tuple[Path, subprocess.CompletedProcess[str]]:
    copy_built(built, root)
    # language: the paragraph, its new translation (None: its English), a translator comment
    for language, (start, msgstr, comment) in {
        "sr": (PASTED, None, None),
        "pl": (PASTED, None, "keep: quoted as written"),
        "de": (EMPTIED, "", None),
    }.items():
        po = polib.pofile(str(root / "locale" / language / "LC_MESSAGES/index.po"), wrapwidth=79)
        entry = next(e for e in po if e.msgid.startswith(start))
        entry.msgstr = entry.msgid if msgstr is None else msgstr
        if comment is not None:
            entry.tcomment = comment
        po.save()
    proc = build_editions(root, "--languages", "sr pl de", "--strict",
                        SOURCE_DATE_EPOCH=str(SOURCE_DATE_EPOCH))  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return root, in_process(root, "check-publish")


@pytest.fixture(scope="session")
def incomplete(
    built: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """A copy of the session's build whose catalogs each lack one paragraph, in a way of
    their own (``PASTED``, ``EMPTIED``), rebuilt in one run (the languages are built apart);
    with what ``check-publish`` says of it."""
    return shared(tmp_path_factory, "incomplete", functools.partial(_incomplete, built))


@pytest.fixture
def built_copy(built: Path, tmp_path: Path) -> Path:
    """A copy of the session's build, to change: its editions are up to date as they are."""
    return copy_built(built, tmp_path / "repo")


def copy_built(built: Path, target: Path) -> Path:
    return Path(shutil.copytree(built, target, symlinks=True))


@pytest.fixture(scope="session")
def translate() -> Callable[[str, str], str]:
    """``translate(language, english)`` as the catalogs give it (English if untranslated)."""
    catalogs = {
        lang: {
            e.msgid: e.msgstr
            for po in sorted((PROJECT.locale / lang / "LC_MESSAGES").glob("*.po"))
            for e in polib.pofile(str(po))
            if e.msgstr and not e.fuzzy
        }
        for lang in TRANSLATIONS
    }

    def lookup(language: str, english: str) -> str:
        return catalogs.get(language, {}).get(english, english)

    return lookup


@pytest.fixture(scope="session")
def signatories() -> list[Signatory]:
    return load_signatories(PROJECT.docs / "signatories.yaml")


@pytest.fixture(scope="session")
def statement_signatories() -> list[Signatory]:
    return load_signatories(STATEMENT.docs / "signatories.yaml")


def html_page(root: Path, language: str, page: str = "index.html") -> BeautifulSoup:
    from bs4 import BeautifulSoup

    return BeautifulSoup((root / "_build/site" / language / page).read_text("utf-8"), "html.parser")


def one(tag: Tag, selector: str) -> Tag:
    """The first element ``selector`` finds in ``tag``; the test fails if there is none."""
    found = tag.select_one(selector)
    assert found is not None, f"no {selector}"
    return found


def find(po: polib.POFile, msgid: str, msgctxt: str | None = None) -> polib.POEntry:
    """The entry of ``msgid``; the test fails if the catalog lacks it."""
    entry = po.find(msgid, msgctxt=msgctxt) if msgctxt else po.find(msgid)
    assert entry is not None, f"no entry {msgid!r}"
    return entry


def statement_text(root: Path, language: str) -> str:
    """The statement's text in the HTML edition (the article, without the page's chrome)."""
    article = one(html_page(root, language), ".statement")
    for switcher in article.select("nav.edition-switcher"):
        switcher.decompose()  # it names every language in that language
    return article.get_text(" ", strip=True)


def pdf_path(root: Path, language: str) -> Path:
    return root / "_build/site" / language / f"statement-{language}.pdf"


def pdf_text(root: Path, language: str) -> str:
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf_path(root, language)), "-"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    # Join words hyphenated at line ends (Typst marks those hyphens soft) and lines, so
    # phrases can be searched for.
    return " ".join(out.stdout.replace("\xad\n", "").replace("-\n", "").split())


def pdf_lines(root: Path, language: str) -> str:
    """The PDF's text as extracted, words hyphenated at line ends left broken."""
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf_path(root, language)), "-"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return " ".join(out.stdout.split())


@dataclass(frozen=True)
class Line:
    """A line of a PDF as pdftotext lays it out: page, box (points), words."""

    page: int
    x0: float
    x1: float
    y0: float
    height: int
    text: str


def pdf_layout(path: Path) -> list[Line]:
    """Every line of the PDF, with its page and box (``pdftotext -bbox-layout``)."""
    from xml.etree import ElementTree

    out = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout  # fmt: skip
    xhtml = "{http://www.w3.org/1999/xhtml}"
    tree = ElementTree.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", out, count=1))
    return [
        Line(number, float(line.get("xMin", 0)), float(line.get("xMax", 0)),
             float(line.get("yMin", 0)),
             round(float(line.get("yMax", 0)) - float(line.get("yMin", 0))),
             " ".join(word.text or "" for word in line.iter(f"{xhtml}word")))
        for number, page in enumerate(tree.iter(f"{xhtml}page"), 1)
        for line in page.iter(f"{xhtml}line")
    ]  # fmt: skip


def measure(path: Path) -> float:
    """The median number of characters in a full line of body text: lines of the most common
    height (the body's size) that span the column (justified lines, not a paragraph's last)."""
    import statistics

    lines = pdf_layout(path)
    body = collections.Counter(line.height for line in lines).most_common(1)[0][0]
    lines = [line for line in lines if line.height == body]
    width = max(line.x1 - line.x0 for line in lines)
    return statistics.median(len(ln.text) for ln in lines if ln.x1 - ln.x0 >= 0.9 * width)


# -- A test's kind (`make test-fast` runs unit and extension tests only) -----------------------
KINDS = ("unit", "extension", "e2e", "browser", "content")
# Fixtures that build or copy a whole project, and the helpers that run the command line or
# copy the project: a test that takes or calls one is end-to-end.
BUILDS = {
    "built",
    "statement_built",
    "built_copy",
    "incomplete",
    "full_copy",
    "based",
    "site",
    "server",
}
RUNS = {"in_process", "run_editions", "build_editions", "copy_repository", "subprocess"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Give each test its kind, unless it is marked with one: this statement's facts are
    `content`, the browser module `browser`, the extension on test roots `extension`, a test
    that takes a built project `e2e`, anything else `unit`."""
    for item in items:
        if any(item.get_closest_marker(kind) for kind in KINDS):
            continue
        module = item.path.stem
        if module.startswith("test_statement_"):
            kind = "content"
        elif module == "test_web":
            kind = "browser"
        elif BUILDS & set(getattr(item, "fixturenames", ())) or RUNS & _names(item):
            kind = "e2e"
        else:
            kind = "unit"
        item.add_marker(kind)


def _names(item: pytest.Item) -> set[str]:
    """The global names a test function uses (its code's, not its source's), with those of the
    fixtures it takes and of the module's functions they call, so that a test whose fixture
    builds a project is end-to-end."""
    function = getattr(item, "function", None)
    if function is None:
        return set()
    scopes = [vars(sys.modules[function.__module__]), globals()]
    found: set[str] = set()
    todo = [function, *(s[n] for n in getattr(item, "fixturenames", ()) for s in scopes if n in s)]
    while todo:
        code = getattr(inspect.unwrap(todo.pop()), "__code__", None)
        if code is None:
            continue
        for name in set(code.co_names) - found:
            found.add(name)
            todo += [s[name] for s in scopes if inspect.isfunction(s.get(name))]
    return found
