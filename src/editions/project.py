"""The project's layout and the languages it publishes, read from ``pyproject.toml``."""

from __future__ import annotations

import difflib
import re
import shutil
import tomllib
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NoReturn

# What an edition is built from; everything else in the repository is tooling or output.
# The tool is its source (this repository) or the wheel a project was made with.
SOURCES = (
    "conf.py",
    "docutils.conf",
    "pyproject.toml",
    "requirements.txt",
    "docs",
    "locale",
    "src",
    "wheels",
)
# A language's keep list, in ``locale/<lang>/`` beside its catalogs (:mod:`editions.data.progress`).
KEEP_LIST = "keep.yaml"


@dataclass(frozen=True)
class Project:
    root: Path
    source_language: str
    languages: tuple[str, ...]
    drafts: tuple[str, ...] = ()
    pdf_name: str = "statement"
    # The site's address (https://example.org/, editions at /<lang>/, url_path) or a template
    # with {language}: absolute canonical, hreflang and share links, a sitemap. "": relative.
    base_url: str = ""

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def locale(self) -> Path:
        return self.root / "locale"

    @property
    def translations(self) -> tuple[str, ...]:
        """Every language but the source language: those with catalogs."""
        return tuple(code for code in self.languages if code != self.source_language)

    def relative(self, path: Path) -> Path:
        """``path`` as messages show it: relative to the repository when inside it."""
        return path.relative_to(self.root) if path.is_relative_to(self.root) else path

    def located(self, problem: Problem) -> Problem:
        """``problem`` as messages show it: its file relative to the repository."""
        path = problem.path
        return replace(problem, path=self.relative(path)) if isinstance(path, Path) else problem

    def copy_sources(self, target: Path) -> Path:
        """Copy what the editions are built from (no output, no compiled catalogs, no package
        metadata a wheel's build writes into ``src/`` meanwhile) to ``target``."""
        target.mkdir(parents=True, exist_ok=True)
        compiled = shutil.ignore_patterns("*.mo", "sphinx.js", "__pycache__", "*.egg-info")
        for name in SOURCES:
            source = self.root / name
            if source.is_dir():
                shutil.copytree(source, target / name, ignore=compiled)
            elif source.exists():
                shutil.copy2(source, target / name)
        return target


@dataclass(frozen=True)
class Problem:
    """Something wrong in the input, shown as ``file:line: message``; ``file: message`` when
    it has no line (0); ``path`` may name a setting instead of a file, or nothing ("")."""

    path: Path | str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}" if where else self.message


class Refused(RuntimeError):
    """A command cannot go on (exit status 2): its ``problem`` (where it is, if anywhere), or
    what it names and the ``problems`` a check found; each is one line."""

    def __init__(self, message: str | Problem, problems: Sequence[Problem] = ()) -> None:
        self.problem = message if isinstance(message, Problem) else Problem("", 0, message)
        super().__init__(str(self.problem))
        self.problems = list(problems)


class LanguageError(Refused):
    """A language code refused: caught apart by those that say where it was written (the
    settings, the data files, the command line's arguments)."""


def inside_project(start: Path | None = None) -> bool:
    """Whether :func:`find_root` finds a project (a malformed ``pyproject.toml`` may be one:
    its refusal names the file)."""
    try:
        find_root(start)
    except Refused as exc:
        return bool(exc.problem.path)
    return True


def find_root(start: Path | None = None) -> Path:
    """The project's folder: the nearest one, from ``start`` (the working directory) up,
    whose ``pyproject.toml`` has a ``[tool.editions]`` table, as pytest and ruff find theirs."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        config = folder / "pyproject.toml"
        if config.is_file() and "editions" in read_settings(config)[1].get("tool", {}):
            return folder
    raise Refused(
        f"error: {here}: not inside a project (no pyproject.toml with [tool.editions]); "
        "`editions new DIR` makes one"
    )


def read_settings(path: Path) -> tuple[str, dict[str, Any]]:
    """``pyproject.toml``'s text and content (standard library only: ``make`` reads it before
    the virtual environment exists); a ``Refused`` naming ``file:line`` when it is not TOML."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise Refused(Problem(path.name, line, f"byte 0x{data[exc.start]:02x} is not UTF-8: "
                              "save the file as UTF-8")) from None  # fmt: skip
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # Python 3.11's error has no line attribute: its message ends with where it is.
        message = str(exc)
        where = re.search(r" \(at line (\d+), column (\d+)\)$", message)
        line = int(where.group(1)) if where else text.count("\n") + 1  # "at end of document"
        column = f" (column {where.group(2)})" if where else ""
        message = re.sub(r" \(at [^()]*\)$", "", message)
        raise Refused(Problem(path.name, line, f"not valid TOML: {message}{column}")) from None


def load(root: Path | None = None) -> Project:
    """Read and check ``[tool.editions]`` from ``pyproject.toml`` of ``root`` (default: found
    from the working directory). Every language code is checked (:func:`language_code`)
    before any path is made from it; a bad value is a ``Refused`` naming ``file:line``."""
    root = root or find_root()
    text, data = read_settings(root / "pyproject.toml")
    table = data.get("tool", {}).get("editions")
    settings = _Settings(text, table if isinstance(table, dict) else {})
    for key in settings.table:
        if key not in SETTING_NAMES:  # a misspelt setting would be silently ignored
            close = difflib.get_close_matches(key, SETTING_NAMES, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "known: " + ", ".join(SETTING_NAMES)
            settings.refuse(key, f"unknown setting '{key}' ({hint})")
    source = settings.code("source-language")
    languages = settings.codes("languages")
    if source not in languages:
        settings.refuse("languages", f"the source language '{source}' is not one of them")
    drafts = settings.codes("drafts", required=False)
    for code in drafts:
        if code not in languages:
            settings.refuse("drafts", f"'{code}' is a draft but not one of the languages", code)
    if source in drafts:
        settings.refuse("drafts", f"'{source}' is the source language: it is never a draft", source)
    pdf_name = settings.string("pdf-name", "statement")
    if not _FILE_NAME.fullmatch(pdf_name):
        why = "up to 64 letters, digits, '_' and '-' (the PDF is <pdf-name>-<lang>.pdf, one dot)"
        settings.refuse("pdf-name", f"'{pdf_name}' is not a file name: {why}", pdf_name)
    base_url = settings.string("base-url", "")
    if base_url and (problem := _base_url_problem(base_url)):
        settings.refuse("base-url", problem, base_url)
    return Project(root, source, languages, drafts, pdf_name, base_url)


# What [tool.editions] may hold.
SETTING_NAMES = ("source-language", "languages", "drafts", "pdf-name", "base-url")


# The PDF's name is part of a path and of Read the Docs' download: one plain file name, no
# dot (its file has exactly one), never a folder or a hidden file.
_FILE_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _base_url_problem(url: str) -> str | None:
    """Why ``url`` cannot be the site's address (an http(s) address, optionally with one
    ``{language}``), or ``None``. It becomes the href of links and the PDF's link targets."""
    parts = urllib.parse.urlsplit(url.replace("{language}", "xx"))
    if (parts.scheme not in ("http", "https") or not parts.hostname or not url.endswith("/")
            or any(c.isspace() or ord(c) < 32 or c in "\"'<>{}" for c in url.replace(
                "{language}", ""))):  # fmt: skip
        return (
            f"'{url}' is not a site address: https://example.org/ (ending with /), or a "
            "template with {language} such as https://example.org/{language}/"
        )
    return None


class _Settings:
    """``[tool.editions]`` as read, with the line of each value for the messages."""

    def __init__(self, text: str, table: dict[str, Any]) -> None:
        self.lines, self.table = text.splitlines(), table
        header = re.compile(r"\s*\[\s*tool\s*\.\s*editions\s*\]")
        start = next((i for i, line in enumerate(self.lines) if header.match(line)), None)
        if start is None or not table:
            raise Refused(Problem("pyproject.toml", 1, "no [tool.editions] table"))
        self.start = start

    def line(self, key: str, value: str | None = None) -> int:
        """The line of ``value`` after ``key``'s in the table, or of ``key``, or of the table."""
        found = self.start
        pattern = re.compile(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=")
        for i in range(self.start + 1, len(self.lines)):
            if self.lines[i].lstrip().startswith("["):
                break
            if pattern.match(self.lines[i]):
                found = i
                break
        if value is not None:
            quoted = (f'"{value}"', f"'{value}'")
            for i in range(found, len(self.lines)):
                if any(q in self.lines[i] for q in quoted):
                    return i + 1
        return found + 1

    def refuse(self, key: str, message: str, value: str | None = None) -> NoReturn:
        raise Refused(Problem("pyproject.toml", self.line(key, value), message))

    def string(self, key: str, default: str | None = None) -> str:
        value = self.table.get(key, default)
        if value is None:
            self.refuse(key, f"[tool.editions] has no '{key}'")
        if not isinstance(value, str):
            self.refuse(key, f"'{key}' must be a string")
        return value

    def code(self, key: str) -> str:
        value = self.string(key)
        try:
            return language_code(value)
        except LanguageError as exc:
            self.refuse(key, str(exc), value)

    def codes(self, key: str, required: bool = True) -> tuple[str, ...]:
        values = self.table.get(key, None if required else [])
        if values is None:
            self.refuse(key, f"[tool.editions] has no '{key}'")
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            self.refuse(key, f'\'{key}\' must be a list of language codes, e.g. ["en", "de"]')
        codes: list[str] = []
        for value in values:
            try:
                code = language_code(value)
            except LanguageError as exc:
                self.refuse(key, str(exc), value)
            if code in codes:
                self.refuse(key, f"'{value}' is listed twice", value)
            codes.append(code)
        if required and not codes:
            self.refuse(key, f"'{key}' is empty")
        return tuple(codes)


# gettext modifiers that name a script (``sr@latin``), as BCP 47 script subtags.
_MODIFIERS = {"latin": "Latn", "cyrillic": "Cyrl"}
_CODE = re.compile(r"([A-Za-z]{2,3})(?:[-_]([A-Za-z]{4}))?(?:[-_]([A-Za-z]{2}|\d{3}))?"
                   r"(?:@([a-z]+))?")  # fmt: skip


@dataclass(frozen=True)
class Tag:
    """One language in every form the tools want; ``gettext`` is the project's own form
    (``locale/<gettext>/``, ``pyproject.toml``, Sphinx's ``-D language=``)."""

    language: str
    script: str = ""
    region: str = ""

    @property
    def gettext(self) -> str:  # also Sphinx's and Babel's: sr_Latn, pt_BR
        return "_".join(filter(None, (self.language, self.script, self.region)))

    @property
    def bcp47(self) -> str:  # HTML lang: sr-Latn, pt-BR
        return "-".join(filter(None, (self.language, self.script, self.region)))


def parse(code: str) -> Tag:
    """``sr-Latn``, ``sr_Latn``, ``sr@latin``, ``pt-BR``, ``pt_BR``, ``pt-br`` → one Tag."""
    match = _CODE.fullmatch(code or "")
    if match is None:
        raise LanguageError(
            f"'{code}' is not a language code (e.g. 'pl', 'pt-BR', 'sr-Latn' or 'sr@latin')"
        )
    language, script, region, modifier = match.groups()
    if modifier:
        if modifier not in _MODIFIERS or script:
            raise LanguageError(f"'{code}': unknown modifier '@{modifier}' (use e.g. sr-Latn)")
        script = _MODIFIERS[modifier]
    return Tag(language.lower(), (script or "").title(), (region or "").upper())


def bcp47(code: str) -> str:
    """A language as HTML's ``lang`` and ``hreflang`` write it (``pt_BR`` → ``pt-BR``,
    decision record 0002)."""
    return parse(code).bcp47


def url_path(code: str, read_the_docs: bool = False) -> str:
    """A language's folder on the site, its segment of the URL path (``/pt-BR/``): BCP 47
    (decision record 0002); on Read the Docs, its project's language, in lower case (``pt-br``)."""
    path = parse(code).bcp47
    return path.lower() if read_the_docs else path


def pdf_file_name(pdf_name: str, code: str) -> str:
    """An edition's PDF, named as its folder names its language: ``statement-pt-BR.pdf``."""
    return f"{pdf_name}-{url_path(code)}.pdf"


def edition_address(base_url: str, code: str, read_the_docs: bool = False) -> str:
    """The URL of an edition's folder: ``base-url`` (``https://example.org/``, editions at
    ``/<lang>/``, or a template with ``{language}``) for the language's :func:`url_path`;
    "" without a ``base-url``."""
    if not base_url:
        return ""
    template = base_url if "{language}" in base_url else base_url.rstrip("/") + "/{language}/"
    address = template.format(language=url_path(code, read_the_docs))
    return address if address.endswith("/") else address + "/"


def site_address(base_url: str) -> str:
    """The site's root, where a reader chooses an edition: ``base-url`` before the language."""
    return base_url.split("{language}")[0].rstrip("/") + "/"


def normalise(code: str) -> str:
    """The project's form of a language code (``pt-br`` → ``pt_BR``)."""
    return parse(code).gettext


def language_code(code: str) -> str:
    """``code`` in the project's form, once it is known to be a language that CLDR knows and
    that is written as CLDR writes it: not undetermined (``und``), not a deprecated code
    (``iw``: 'he'), no region that the language implies (``uk_UA``: 'uk'). CLDR's data, through
    Babel, decides; a region that tells one standard from another (``pt_BR``, ``en_GB``)
    stays."""
    from babel import localedata  # not needed by `make`'s first step, before the venv exists
    from babel.core import get_global

    tag = parse(code)
    if tag.language == "und":
        raise LanguageError(f"'{code}' is the undetermined language: name the language")
    alias = get_global("language_aliases").get(tag.language)
    if alias:
        raise LanguageError(f"'{code}' is a deprecated code: use '{alias}'")
    if not localedata.exists(tag.gettext):
        raise LanguageError(f"unknown language code '{tag.gettext}' (not in CLDR)")
    if tag.region and tag.region == _implied_region(tag):
        shorter = Tag(tag.language, tag.script).gettext
        raise LanguageError(f"'{code}': write '{shorter}' (the region adds nothing)")
    return tag.gettext


def _implied_region(tag: Tag) -> str | None:
    """The region CLDR takes for ``tag`` without one (``uk`` → UA), unless the language has
    another regional standard that other locales follow (CLDR's parent locales: ``pt_PT``
    beside ``pt`` (Brazil), ``en_001`` beside ``en`` (US)): then no region goes without
    saying."""
    import icu  # CLDR's likely subtags whole: Babel's lack some (sr_Latn → sr_Latn_RS)
    from babel.core import get_global, parse_locale

    region = str(icu.Locale(Tag(tag.language, tag.script).gettext).addLikelySubtags().getCountry())
    if not region:
        return None
    parents = get_global("parent_exceptions")
    for child, parent in parents.items():
        if child.split("_")[0] == tag.language and parent.split("_")[0] == tag.language:
            other = parse_locale(parent)[1]
            if other and other != region:
                return None
    return region
