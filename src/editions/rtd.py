"""A local replay of Read the Docs' build of each language, from ``.readthedocs.yaml``.

For each language, in a clean temporary copy of the repository, it runs the configured
``build.jobs`` in Read the Docs' order (pre_build, build.html, build.pdf, post_build), each
command in a new shell in the copy's root, with Read the Docs' environment variables, then
checks what Read the Docs would publish: ``$READTHEDOCS_OUTPUT/html/index.html`` in the right
language and exactly one PDF, in that language, in ``$READTHEDOCS_OUTPUT/pdf/``.

Not replayed: the checkout (the copy is of the working tree's tracked files), the apt and pip
install steps (the replay uses this machine's packages and virtual environment), the build
image itself, and the upload.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader

from editions.project import Project

JOB_ORDER = ("pre_build", "build.html", "build.pdf", "post_build")
CANONICAL = "https://editions.readthedocs.invalid/{language}/latest/"


@dataclass
class Replay:
    language: str
    problems: list[str] = field(default_factory=list)
    log: list[str] = field(default_factory=list)


def jobs(config: dict) -> list[tuple[str, str]]:
    """The configured commands, in the order Read the Docs runs them."""
    found = []
    configured = config.get("build", {}).get("jobs", {})
    for name in JOB_ORDER:
        step, _, fmt = name.partition(".")
        commands = configured.get(step, {})
        commands = commands.get(fmt, []) if fmt else commands
        if fmt and fmt != "html" and fmt not in config.get("formats", []):
            continue  # Read the Docs builds only the formats it is asked for
        found += [(name, command) for command in commands or []]
    return found


def copy_tracked_files(project: Project, target: Path) -> None:
    listed = (
        subprocess.run(["git", "ls-files", "-z"], cwd=project.root, capture_output=True, check=True)
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, listed):
        source = project.root / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def environment(checkout: Path, language: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)
    venv_bin = str(Path(sys.executable).parent)
    env.update(
        READTHEDOCS="True",
        READTHEDOCS_LANGUAGE=language,
        READTHEDOCS_VERSION="latest",
        READTHEDOCS_VERSION_TYPE="branch",
        READTHEDOCS_PROJECT=f"editions-{language}",
        READTHEDOCS_OUTPUT=str(checkout / "_readthedocs"),
        READTHEDOCS_CANONICAL_URL=CANONICAL.format(language=language),
        READTHEDOCS_VIRTUALENV_PATH=str(Path(sys.executable).parent.parent),
        PATH=venv_bin + os.pathsep + env.get("PATH", ""),
    )
    return env


def replay(project: Project, language: str) -> Replay:
    result = Replay(language)
    config = yaml.safe_load((project.root / ".readthedocs.yaml").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix=f"rtd-{language}-") as tmp:
        checkout = Path(tmp)
        copy_tracked_files(project, checkout)
        env = environment(checkout, language)
        for name, command in jobs(config):
            proc = subprocess.run(
                ["bash", "-c", command], cwd=checkout, env=env, capture_output=True, text=True
            )
            result.log.append(f"[{name}] {command}")
            if proc.returncode != 0:
                tail = (proc.stdout + proc.stderr).strip().splitlines()[-15:]
                result.problems.append(f"{name} failed (exit {proc.returncode}): {command}")
                result.log += tail
                return result
        output = Path(env["READTHEDOCS_OUTPUT"])
        result.problems += check_output(output, language, project.languages)
    return result


def check_output(output: Path, language: str, languages: tuple[str, ...]) -> list[str]:
    problems = []
    index = output / "html" / "index.html"
    if not index.exists():
        return [f"no {index.relative_to(output.parent)}"]
    page = BeautifulSoup(index.read_text(encoding="utf-8"), "html.parser")
    if page.html.get("lang") != language:
        problems.append(f"html/index.html has lang={page.html.get('lang')!r}")
    canonical = page.find("link", rel="canonical")
    if canonical is None or canonical["href"] != CANONICAL.format(language=language) + "index.html":
        problems.append("html/index.html: canonical link is not the translation project's URL")
    for code in languages:
        url = CANONICAL.format(language=code) + "index.html"
        if not page.find("link", rel="alternate", hreflang=code, href=url):
            problems.append(f"html/index.html: no hreflang={code} alternate to {url}")
        if code != language and not page.select_one(f'nav.edition-switcher a[href="{url}"]'):
            problems.append(f"html/index.html: the switcher does not link {code} to {url}")
    pdf_link = page.select_one(".downloads li.pdf a")
    expected_pdf = CANONICAL.format(language="_/downloads/" + language).replace(
        "/latest/", "/latest/pdf/"
    )
    if pdf_link is None or pdf_link["href"] != expected_pdf:
        problems.append(f"html/index.html: the PDF link is not {expected_pdf}")
    pdfs = sorted((output / "pdf").glob("*.pdf")) if (output / "pdf").is_dir() else []
    if len(pdfs) != 1:
        problems.append(f"pdf/ holds {len(pdfs)} PDF files, expected exactly one")
    elif PdfReader(pdfs[0]).trailer["/Root"].get("/Lang") != language:
        problems.append(f"{pdfs[0].name} is not marked as {language}")
    return problems
