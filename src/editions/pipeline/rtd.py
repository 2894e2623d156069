"""A local replay of Read the Docs' build of each language, from ``.readthedocs.yaml``.

For each language, in a clean temporary copy of the repository, it runs the configured
``build.jobs`` in Read the Docs' order (pre_install, pre_build, build.html, build.pdf,
post_build), each
command as Read the Docs runs it: wrapped as ``/bin/sh -c '<command>'`` (dash, not bash) and
split into arguments, in the copy's root, with Read the Docs' environment variables. Then it
applies Read the Docs' output rules: ``$READTHEDOCS_OUTPUT/html/index.html`` in the right
language, exactly one entry of any kind in ``$READTHEDOCS_OUTPUT/pdf/`` (hidden files
included), in that language, with no second dot in its name, and no ``_build/html`` left in
the checkout. A pull-request build (``READTHEDOCS_VERSION_TYPE=external``) runs the html job
only, for the source language only, and its page may link nothing that is not published
with it (no PDF, no other language).

Not replayed: the checkout (the copy is of the working tree's tracked files), the apt and pip
install steps (the replay uses this machine's packages and virtual environment), the build
image itself, and the upload.
"""

from __future__ import annotations

import dataclasses
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader

from editions.project import Project, Refused, bcp47, parse, url_path

JOB_ORDER = ("pre_install", "pre_build", "build.html", "build.pdf", "post_build")
CANONICAL = "https://editions.readthedocs.invalid/{language}/latest/"
# A pull-request build: its own host and version, the parent's language only.
PREVIEW = "https://editions--17.org.readthedocs.invalid/{language}/17/"
SHELL_HINT = "Read the Docs runs each command with /bin/sh (dash): no bash-only syntax"


@dataclass
class Replay:
    language: str
    problems: list[str] = field(default_factory=list)
    log: list[str] = field(default_factory=list)


def jobs(config: dict[str, Any], external: bool = False) -> list[tuple[str, str]]:
    """The configured commands, in the order Read the Docs runs them. A pull-request build
    (``external``) builds html only, whatever ``formats`` asks for."""
    found = []
    configured = config.get("build", {}).get("jobs", {})
    formats = [] if external else config.get("formats", [])
    for name in JOB_ORDER:
        step, _, fmt = name.partition(".")
        commands = configured.get(step, {})
        commands = commands.get(fmt, []) if fmt else commands
        if fmt and fmt != "html" and fmt not in formats:
            continue  # Read the Docs builds only the formats it is asked for
        found += [(name, command) for command in commands or []]
    return found


def wrapped(command: str) -> list[str]:
    """The arguments Read the Docs runs for a job: ``/bin/sh -c '<command>'``, split as its
    container runtime splits the string (so a ``'`` in the command breaks the quoting)."""
    return shlex.split(f"/bin/sh -c '{command}'")


def copy_tracked_files(project: Project, target: Path) -> None:
    """What Read the Docs would check out: the files git tracks (staged ones included)."""
    found = subprocess.run(["git", "ls-files", "-z"], cwd=project.root, capture_output=True)
    if found.returncode != 0:
        raise Refused(f"{project.root}: not a git repository; Read the Docs builds what is "
                      "committed: git init && git add -A first")  # fmt: skip
    listed = found.stdout.decode().split("\0")
    for name in filter(None, listed):
        source = project.root / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def environment(checkout: Path, language: str, external: bool = False) -> dict[str, str]:
    """Read the Docs' variables for the project of ``language``, which it names in lower case
    (``pt-br``)."""
    env = dict(os.environ)
    rtd_language = url_path(language, read_the_docs=True)
    canonical = (PREVIEW if external else CANONICAL).format(language=rtd_language)
    env.pop("SOURCE_DATE_EPOCH", None)
    venv_bin = str(Path(sys.executable).parent)
    env.update(
        READTHEDOCS="True",
        READTHEDOCS_LANGUAGE=rtd_language,
        READTHEDOCS_VERSION="17" if external else "latest",
        READTHEDOCS_VERSION_TYPE="external" if external else "branch",
        READTHEDOCS_PROJECT=f"editions-{rtd_language}",
        READTHEDOCS_OUTPUT=str(checkout / "_readthedocs"),
        READTHEDOCS_CANONICAL_URL=canonical,
        READTHEDOCS_VIRTUALENV_PATH=str(Path(sys.executable).parent.parent),
        PATH=venv_bin + os.pathsep + env.get("PATH", ""),
    )
    return env


def replay(
    project: Project, language: str, config: dict[str, Any] | None = None, external: bool = False
) -> Replay:
    """Replay one project's build; ``config`` replaces ``.readthedocs.yaml``'s content."""
    result = Replay(language + (" (pull request)" if external else ""))
    if config is None:
        path = project.root / ".readthedocs.yaml"
        config = yaml.safe_load(path.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix=f"rtd-{language}-") as tmp:
        checkout = Path(tmp)
        copy_tracked_files(project, checkout)
        env = environment(checkout, language, external)
        for name, command in jobs(config, external):
            result.log.append(f"[{name}] {command}")
            problem = run_job(name, command, checkout, env, result.log)
            if problem:
                result.problems.append(problem)
                return result
        output = Path(env["READTHEDOCS_OUTPUT"])
        if external:
            result.problems += check_preview(output, language)
        else:
            result.problems += check_output(output, language, project.languages)
        if (checkout / "_build" / "html").exists():
            result.problems.append(
                "_build/html is left in the checkout: Read the Docs fails such a build "
                "(write the html to $READTHEDOCS_OUTPUT/html)"
            )
    return result


def run_job(name: str, command: str, checkout: Path, env: dict[str, str], log: list[str]) -> str:
    """Run one job as Read the Docs does; a problem's one-line description, or ""."""
    if "'" in command:
        return (
            f"{name}: the command contains a single quote; Read the Docs wraps it in "
            f"/bin/sh -c '...', so the quote ends the wrapping: {command}"
        )
    proc = subprocess.run(wrapped(command), cwd=checkout, env=env, capture_output=True, text=True)
    if proc.returncode == 0:
        return ""
    tail = (proc.stdout + proc.stderr).strip().splitlines()[-15:]
    log += tail
    hint = f" ({SHELL_HINT})" if any(_dash_error(line) for line in tail) else ""
    last = tail[-1] if tail else ""
    return f"{name} failed (exit {proc.returncode}){hint}: {command}\n    {last}"


def _dash_error(line: str) -> bool:
    """What dash says about syntax it lacks: ``[[: not found``, ``Bad substitution``..."""
    return line.startswith("/bin/sh:") and any(
        s in line for s in ("not found", "Bad substitution", "Syntax error", "bad ")
    )


def check_output(output: Path, language: str, languages: tuple[str, ...]) -> list[str]:
    index = output / "html" / "index.html"
    if not index.exists():
        return [
            f"no {index.relative_to(output.parent)}",
            *check_pdf_folder(output / "pdf", language),
        ]
    problems = []
    page = BeautifulSoup(index.read_text(encoding="utf-8"), "html.parser")
    lang = page.html.get("lang") if page.html else None
    if lang != bcp47(language):
        problems.append(f"html/index.html has lang={lang!r}")
    canonical = page.find("link", rel="canonical")
    if canonical is None or canonical["href"] != _address(CANONICAL, language):
        problems.append("html/index.html: canonical link is not the translation project's URL")
    for code in languages:
        url = _address(CANONICAL, code)
        if not page.find("link", rel="alternate", hreflang=bcp47(code), href=url):
            problems.append(f"html/index.html: no hreflang={code} alternate to {url}")
        if code != language and not page.select_one(f'nav.edition-switcher a[href="{url}"]'):
            problems.append(f"html/index.html: the switcher does not link {code} to {url}")
    pdf_link = page.select_one(".downloads li.pdf a")
    expected_pdf = CANONICAL.format(
        language="_/downloads/" + url_path(language, read_the_docs=True)
    ).replace("/latest/", "/latest/pdf/")
    if pdf_link is None or pdf_link["href"] != expected_pdf:
        problems.append(f"html/index.html: the PDF link is not {expected_pdf}")
    return problems + check_pdf_folder(output / "pdf", language)


def check_pdf_folder(folder: Path, language: str) -> list[str]:
    """Read the Docs' rules for ``$READTHEDOCS_OUTPUT/pdf/``: exactly one entry of any kind,
    hidden ones included, a file whose name has one dot only."""
    entries = sorted(folder.iterdir()) if folder.is_dir() else []
    if len(entries) != 1:
        names = ", ".join(e.name for e in entries) or "nothing"
        return [f"pdf/ holds {len(entries)} entries ({names}); Read the Docs requires exactly one"]
    entry = entries[0]
    if not entry.is_file():
        return [f"pdf/{entry.name} is not a file; Read the Docs requires one PDF file"]
    if entry.name.count(".") > 1:
        return [f"pdf/{entry.name}: a file name with two dots is refused by Read the Docs"]
    catalog: Any = PdfReader(entry).trailer["/Root"]
    lang = dataclasses.replace(parse(language), script="").bcp47  # Typst's: no script
    if catalog.get("/Lang") != lang:
        return [f"{entry.name} is not marked as {lang}"]
    return []


def _address(template: str, code: str) -> str:
    """A page of a Read the Docs project, named by its language as Read the Docs names it."""
    return template.format(language=url_path(code, read_the_docs=True)) + "index.html"


def check_preview(output: Path, language: str) -> list[str]:
    """A pull-request build publishes only its html: every link of the page must be part of
    it, or outside Read the Docs' domain (anything else 404s in the preview)."""
    index = output / "html" / "index.html"
    if not index.exists():
        return [f"no {index.relative_to(output.parent)}"]
    page = BeautifulSoup(index.read_text(encoding="utf-8"), "html.parser")
    base = _address(PREVIEW, language)
    problems = []
    for tag in page.find_all(["a", "link", "script", "img"]):
        href = str(tag.get("href") or tag.get("src") or "")
        if not href or href.startswith(("#", "mailto:")) or tag.get("rel") == ["canonical"]:
            continue
        url = urljoin(base, href)
        if not url.startswith(base.rsplit("/", 1)[0] + "/"):
            if "readthedocs" in urlsplit(url).netloc:
                problems.append(f"html/index.html links {href}: not built in a pull request")
            continue
        relative = urlsplit(url.removeprefix(base.removesuffix("index.html"))).path
        if not (output / "html" / relative).exists():
            problems.append(f"html/index.html links {href}: not built in a pull request")
    return problems


def replay_all(
    project: Project, languages: list[str], config_path: Path | None = None,
    pull_request: bool = False, jobs: int = 1,
    started: Callable[[list[str]], None] = lambda names: None,
    finished: Callable[[Replay], None] = lambda result: None,
) -> list[Replay]:  # fmt: skip
    """Replay each language's build, and the pull-request build when the source language is
    among them (Read the Docs builds pull requests for the parent's language only); with
    ``pull_request``, that build alone. ``config_path`` replaces ``.readthedocs.yaml``.
    ``started`` gets the builds' names, ``finished`` each result as soon as it is known
    (a replay takes seconds to a minute)."""
    config = None
    if config_path:
        config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    source = project.source_language
    cases = [(code, False) for code in languages]
    if source in languages:
        cases.append((source, True))
    if pull_request:
        cases = [(source, True)]
    started([code + (" (pull request)" if external else "") for code, external in cases])
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        running = [pool.submit(replay, project, code, config, external) for code, external in cases]
        for done in as_completed(running):
            finished(done.result())
        return [future.result() for future in running]
