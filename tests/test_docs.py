"""The team's notes and the README name only commands, options and addresses that exist."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT, in_process

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs/project").rglob("*.md"))]
SKELETON = ROOT / "src/editions/skeleton"
# Code in Markdown: fenced blocks, then inline spans.
CODE = re.compile(r"^```[^\n]*\n(.*?)^```|`([^`\n]+)`", re.MULTILINE | re.DOTALL)
SHELL_END = re.compile(r"\s(?:&&|\|\||[|;#&])|\)")


def code(path: Path) -> Iterator[tuple[int, str]]:
    """Each line of code in a Markdown file, with its line number."""
    text = path.read_text("utf-8")
    for match in CODE.finditer(text):
        start = text.count("\n", 0, match.start()) + (1 if match.group(1) is not None else 0)
        for offset, line in enumerate((match.group(1) or match.group(2)).splitlines()):
            yield start + offset + 1, line


def invocations(path: Path, program: str) -> Iterator[tuple[int, list[str]]]:
    """The arguments of each call of ``program`` (``make``, ``python -m editions``) in the
    code of ``path``, up to the end of its shell command."""
    pattern = re.compile(rf"(?:^|[\s(])(?:{program})(?=\s|$)(.*)")
    for number, line in code(path):
        for match in pattern.finditer(line):
            rest = SHELL_END.split(match.group(1), maxsplit=1)[0]
            try:
                yield number, shlex.split(rest)
            except ValueError:  # an unclosed quote: the example continues on the next line
                yield number, rest.split()


def make_targets(makefile: Path) -> set[str]:
    return set(re.findall(r"^([a-z][a-z-]*):", makefile.read_text("utf-8"), re.MULTILINE))


@pytest.mark.parametrize(
    ("doc", "makefile"),
    [(d, ROOT / "Makefile") for d in DOCS] + [(SKELETON / "README.md", SKELETON / "Makefile")],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_every_make_target_named_exists(doc: Path, makefile: Path) -> None:
    targets = make_targets(makefile)
    unknown = [f"{doc.relative_to(ROOT)}:{number}: make {target}"
               for number, args in invocations(doc, "make")
               for target in args if "=" not in target and not target.startswith("-")
               and target not in targets]  # fmt: skip
    assert unknown == []


def test_every_editions_command_and_option_named_exists() -> None:
    usage = in_process(ROOT, "--help").stdout
    listed = re.search(r"\{([a-z,-]+)\}", usage)
    assert listed is not None, usage
    commands = {*listed.group(1).split(","), "new"}
    unknown = []
    for doc in DOCS:
        for number, args in invocations(doc, r"python3? -m editions|editions(?= new)"):
            if not args or args[0].startswith("-"):  # --help
                continue
            where = f"{doc.relative_to(ROOT)}:{number}"
            if args[0] not in commands:
                unknown.append(f"{where}: python -m editions {args[0]}")
                continue
            helped = in_process(ROOT, *(["new"] if args[0] == "new" else [args[0]]), "--help")
            unknown += [f"{where}: python -m editions {args[0]} {option}"
                        for option in args[1:] if option.startswith("--")
                        and option.split("=")[0] not in helped.stdout]  # fmt: skip
    assert unknown == []


def test_every_local_address_named_is_published(built: Path) -> None:
    site = built / "_build/site"
    missing = []
    for doc in DOCS:
        text = doc.read_text("utf-8")
        for match in re.finditer(r"http://127\.0\.0\.1:\d+/([^\s)`*\"']*)", text):
            path = match.group(1).rstrip(".,:;")
            # An edition's folder (<lang>, $p, or one of this statement's: uk/) stands for any
            # edition: the source's, which the code tests' project has too.
            page = site / re.sub(r"<lang>|\$\w+|^[a-z]{2,3}(?:_[A-Z]{2})?(?=/)", "en", path)
            if not (page / "index.html" if not path or path.endswith("/") else page).exists():
                line = text.count("\n", 0, match.start()) + 1
                missing.append(f"{doc.relative_to(ROOT)}:{line}: {match.group(0)}")
    assert missing == []


def test_the_architecture_names_every_module() -> None:
    """Its tables say what each module is for: a new module is added there."""
    text = (ROOT / "docs/project/architecture.md").read_text(encoding="utf-8")
    package = ROOT / "src/editions"
    modules = sorted(p.relative_to(package).as_posix() for p in package.rglob("*.py")
                     if p.name not in ("__init__.py", "__main__.py")
                     and "skeleton" not in p.parts)  # fmt: skip
    assert [
        m for m in modules if f"`{m}`" not in text and f"`{m.split('/')[-1]}`" not in text
    ] == []
