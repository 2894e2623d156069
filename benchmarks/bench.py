"""Benchmark: our build against the naive recipe, on generated statements, in one run.

The naive recipe is what Sphinx translation guides give: for each language in turn,
``sphinx-build -b html -D language=<code>``, then ``-b latex``, then ``latexmk -xelatex``
(TeX Live is installed for this comparison only). Ours is ``python -m editions build`` (what
``make`` runs): a new process each time, editions in parallel, skipped when their inputs are
unchanged, PDFs by Typst.

The statements are generated (``editions new``, then text, signatories and partly translated
catalogs), never this repository's: (a) clean build, (b) no-op rebuild, (c) one edited ``.po``
entry, (d) one edited source paragraph, each against the naive recipe on the same project;
(e) ``make preview``: one edited ``.po`` entry until the page served has changed; then growth:
24 languages against 4, 1,000 signatories against 12, each a clean build. The two sides of a
comparison run in turn (a, b, a, b...), so that both meet the same load of a shared machine.
Run it with ``make bench``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import polib
from rich.console import Console
from rich.table import Table

from editions import new

ROOT = Path(__file__).resolve().parent.parent
console = Console(highlight=False)
# Both recipes run as on a developer's machine: Python keeps its compiled modules (some shells
# and CI images turn that off, which makes every start recompile the project's code).
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
FOUR = ("en", "de", "pl", "uk")
# 24 languages the PDF's typeface covers, the source first.
TWENTY_FOUR = (*FOUR, "fr", "es", "it", "pt", "nl", "sv", "da", "fi", "cs", "sk", "sl", "hr",
               "ro", "hu", "et", "lv", "lt", "bg", "el", "ru")  # fmt: skip
WORDS = (
    "the",
    "coalition",
    "calls",
    "on",
    "every",
    "government",
    "to",
    "act",
    "now",
    "and",
    "protect",
    "people",
    "whose",
    "rights",
    "are",
    "at",
    "stake",
    "in",
    "this",
    "region",
)


def run(cmd: list[str], cwd: Path) -> None:
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")


def generated(root: Path, wheel: Path, languages: tuple[str, ...], signatories: int = 12,
              paragraphs: int = 12) -> Path:  # fmt: skip
    """A statement project made by ``editions new``: ``paragraphs`` paragraphs of about 60
    words, ``signatories`` organisations, every language a draft whose text and names are
    translated (each string marked with its language), its interface left to the source."""
    new.create(root, languages[0], wheel)
    text = [" ".join(WORDS[(i * 7 + j) % len(WORDS)] for j in range(60)).capitalize() + "."
            for i in range(paragraphs)]  # fmt: skip
    body = "\n\n".join(f"Paragraph {i + 1}. {t}" for i, t in enumerate(text))
    signatories_list = "(signatories)=\n## Signatories\n\n```{signatories} signatories.yaml\n```\n"
    (root / "docs/index.md").write_text(f"# A generated statement\n\n{body}\n\n{signatories_list}")
    (root / "docs/signatories.yaml").write_text("".join(
        f"- {{id: org-{i:04d}, name: Organisation number {i:04d}}}\n" for i in range(signatories)
    ))  # fmt: skip
    settings = root / "pyproject.toml"
    codes = ", ".join(f'"{c}"' for c in languages)
    drafts = ", ".join(f'"{c}"' for c in languages[1:])
    settings.write_text(settings.read_text()
                        .replace(f'languages = ["{languages[0]}"]', f"languages = [{codes}]")
                        .replace("drafts = []", f"drafts = [{drafts}]"))  # fmt: skip
    editions = [sys.executable, "-m", "editions"]
    run([*editions, "gettext"], root)
    run([*editions, "update-po"], root)
    for code in languages[1:]:
        for name in ("index", "signatories"):
            po = polib.pofile(str(root / f"locale/{code}/LC_MESSAGES/{name}.po"))
            for entry in po:
                entry.msgstr = f"{entry.msgid} [{code}]"
            po.save()
    shutil.rmtree(root / "_build")
    return root


def naive(root: Path, languages: tuple[str, ...]) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        out = root / "_naive"
        for lang in languages:
            sphinx = [sys.executable, "-m", "sphinx", "-q", "-c", ".", "-D", f"language={lang}"]
            run([*sphinx, "-b", "html", "docs", str(out / "html" / lang)], root)
            latex = out / "latex" / lang
            # Sphinx's own XeLaTeX set-up (FreeSerif); latexmk builds the one .tex file it finds.
            run([*sphinx, "-D", "latex_engine=xelatex", "-b", "latex", "docs", str(latex)], root)
            run(["latexmk", "-xelatex", "-interaction=nonstopmode", "-halt-on-error"], latex)

    return build


def ours(root: Path) -> None:
    run([sys.executable, "-m", "editions", "build"], root)


# The naive recipe's LaTeX; the project itself needs none of it (its PDFs come from Typst).
TEX_PACKAGES = ["latexmk", "texlive-xetex", "texlive-latex-extra", "texlive-lang-cyrillic",
                "texlive-fonts-recommended", "fonts-freefont-otf"]  # fmt: skip


def ensure_tex() -> None:
    """Install TeX Live for the comparison only (as root), or say how to."""
    if shutil.which("latexmk") and shutil.which("xelatex"):
        return
    command = ["apt-get", "install", "-y", "-q", *TEX_PACKAGES]
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise SystemExit(f"the naive recipe needs TeX Live: sudo {' '.join(command)}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-q"], check=True, env=env, stdout=subprocess.DEVNULL)
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)


def clean(root: Path) -> None:
    for name in ("_build", "_naive"):
        shutil.rmtree(root / name, ignore_errors=True)
    for compiled in (root / "locale").rglob("*.[mj][os]"):
        compiled.unlink()


def edit_po(root: Path) -> None:
    """Change a word of one translation of the first translated language (alternating, so
    every run is an edit that the page shows)."""
    first = sorted(p for p in (root / "locale").iterdir() if p.is_dir())[0]
    po = polib.pofile(str(first / "LC_MESSAGES/index.po"))
    # Not the paragraph edit_paragraph changes: its old translation is no longer shown.
    entry = next(e for e in po if e.msgid.startswith("Paragraph 2."))
    edited = entry.msgstr.replace(" again", "", 1)
    entry.msgstr = edited if edited != entry.msgstr else entry.msgstr.replace(" ", " again ", 1)
    po.save()


def edit_paragraph(root: Path) -> None:
    index = root / "docs/index.md"
    text = index.read_text()
    marker = "Paragraph 1. "
    edited = text.replace(marker, marker + "Indeed, ", 1)
    index.write_text(edited if edited != text and "Indeed, Indeed" not in edited
                     else text.replace(marker + "Indeed, ", marker, 1))  # fmt: skip


# One timed build: what it builds, in which project, what is done before it, its label.
Run = tuple[Callable[[Path], None], Path, Callable[[Path], None], str]


def alternated(runs: list[Run], reps: int) -> list[list[float]]:
    """Each run's times, ``reps`` each, taken in turn (a, b, a, b...): the machine's load
    drifts over minutes, and each ratio compares runs made side by side."""
    times: list[list[float]] = [[] for _ in runs]
    for number in range(1, reps + 1):
        for (build, root, before, what), taken in zip(runs, times, strict=True):
            before(root)
            start = time.perf_counter()
            build(root)
            taken.append(time.perf_counter() - start)
            console.print(f"  {what} run {number}/{reps}: {taken[-1]:.2f} s")  # minutes, all
    return times


def describe(times: list[float]) -> str:
    return f"{statistics.median(times):6.2f} s  ({min(times):.2f}–{max(times):.2f})"


def preview_reload(root: Path, reps: int) -> list[float]:
    """``make preview`` running: from a ``.po`` edit until the page it serves has changed."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    preview = [sys.executable, "-m", "editions", "preview", "--port", str(port)]
    log = root / "preview.log"
    with open(log, "w") as output:
        server = subprocess.Popen(preview, cwd=root, stdout=output, stderr=subprocess.STDOUT)
    first = sorted(p.name for p in (root / "locale").iterdir() if p.is_dir())[0]
    url = f"http://127.0.0.1:{port}/{first}/index.html"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # served, so its watcher runs
            try:
                served = urllib.request.urlopen(url, timeout=5).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit(f"the preview did not start: {log.read_text()[-2000:]}")
        time.sleep(1)
        times = []
        for number in range(1, reps + 1):
            start = time.perf_counter()
            edit_po(root)
            while urllib.request.urlopen(url, timeout=5).read() == served:
                if time.perf_counter() - start > 60:
                    raise SystemExit(f"the preview did not rebuild: {log.read_text()[-2000:]}")
                time.sleep(0.01)
            times.append(time.perf_counter() - start)
            served = urllib.request.urlopen(url, timeout=5).read()
            console.print(f"  (e) preview run {number}/{reps}: {times[-1]:.2f} s")
            time.sleep(1)
        return times
    finally:
        server.terminate()
        server.wait()


def scenarios(wheel: Path, reps: int) -> None:
    table = Table(title=f"{len(FOUR)} languages × web page and PDF, 12 paragraphs, 12 signatories,"
                  f" {os.cpu_count()} cores, {reps} runs each (median, min–max)")  # fmt: skip
    for column in ("scenario", "naive recipe", "ours", "ours / naive", "target"):
        table.add_column(column, justify="left" if column == "scenario" else "right")
    with tempfile.TemporaryDirectory() as tmp:
        roots = {name: generated(Path(tmp) / name, wheel, FOUR) for name in ("naive", "ours")}
        builds = {"naive": naive(roots["naive"], FOUR), "ours": ours}
        plans: list[tuple[str, Callable[[Path], None], str]] = [
            ("(a) clean build", clean, "≤ 0.12"),
            ("(b) no-op rebuild", lambda root: None, "≤ 0.02"),
            ("(c) one .po entry edited", edit_po, "≤ 0.2"),
            ("(d) one source paragraph edited", edit_paragraph, "≤ 0.25"),
        ]
        naive_po = 0.0
        for label, before, target in plans:
            if label.startswith("(b)"):
                for name, root in roots.items():
                    builds[name](root)  # start from a complete build
            runs = [(builds[name], root, before, f"{label}, {name}:")
                    for name, root in roots.items()]  # fmt: skip
            results = dict(zip(roots, alternated(runs, reps), strict=True))
            ratio = statistics.median(results["ours"]) / statistics.median(results["naive"])
            if label.startswith("(c)"):
                naive_po = statistics.median(results["naive"])
            table.add_row(label, describe(results["naive"]), describe(results["ours"]),
                          f"{ratio:.3f}", target)  # fmt: skip
        reloads = preview_reload(roots["ours"], reps)
        table.add_row("(e) make preview: .po edited until served", "(c)", describe(reloads),
                      f"{statistics.median(reloads) / naive_po:.3f}", "≤ 0.07")  # fmt: skip
    console.print(table)


def growth(wheel: Path, reps: int) -> None:
    table = Table(title="Ours, clean build, generated statements: cost against the work")
    for column in ("project", "time", "ratio", "target"):
        table.add_column(column, justify="right")
    # (what grows, the small project, the large one: languages and signatories, the target)
    pairs = [("languages", (FOUR, 12), (TWENTY_FOUR, 12), "≤ 6.5 (work: 6×)"),
             ("signatories", (FOUR, 12), (FOUR, 1000), "≤ 2")]  # fmt: skip
    for what, *sizes, target in pairs:
        labels = [f"{len(languages)} languages, {signatories} signatories"
                  for languages, signatories in sizes]  # fmt: skip
        with tempfile.TemporaryDirectory() as tmp:
            roots = [generated(Path(tmp) / str(n), wheel, languages, signatories)
                     for n, (languages, signatories) in enumerate(sizes)]  # fmt: skip
            runs: list[Run] = [(ours, root, clean, label)
                               for root, label in zip(roots, labels, strict=True)]  # fmt: skip
            times = [statistics.median(taken) for taken in alternated(runs, reps)]
        for label, median in zip(labels, times, strict=True):
            table.add_row(label, f"{median:.2f} s", "", "")
        table.add_row(f"{what}: large / small", "", f"{times[1] / times[0]:.2f}", target)
    console.print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3, help="runs per scenario (default 3)")
    parser.add_argument("--skip-growth", action="store_true")
    args = parser.parse_args()
    ensure_tex()
    with tempfile.TemporaryDirectory() as tmp:
        wheel = new.build_wheel(ROOT, Path(tmp))
        scenarios(wheel, args.reps)
        if not args.skip_growth:
            growth(wheel, args.reps)


if __name__ == "__main__":
    main()
