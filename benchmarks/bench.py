"""Benchmark: our build of all editions against the naive recipe, measured in one run.

The naive recipe is what Sphinx translation guides give: for each language in turn,
``sphinx-build -b html -D language=<code>``, then ``-b latex``, then ``latexmk -xelatex``
(TeX Live is installed for this comparison only). Ours is ``python -m editions build`` (what
``make`` runs): editions in parallel, skipped when their inputs are unchanged, PDFs by Typst;
every build is a new process that loads Sphinx afresh.

Scenarios, each repeated: (a) clean build, (b) no-op rebuild, (c) one edited ``.po`` entry,
(d) one edited English paragraph. Then ours on generated statements of 1, 10 and 50 pages with
1,000 signatories: time and peak memory per size. Run it with ``make bench``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from editions.project import load  # noqa: E402

LANGUAGES = load(ROOT).languages
console = Console(highlight=False)
# Both recipes run as on a developer's machine: Python keeps its compiled modules (some shells
# and CI images turn that off, which makes every start recompile the project's code).
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def copy_repository(target: Path) -> Path:
    return load(ROOT).copy_sources(target)


def run(cmd: list[str], cwd: Path) -> None:
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")


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


def naive(root: Path) -> None:
    out = root / "_naive"
    for lang in LANGUAGES:
        sphinx = [sys.executable, "-m", "sphinx", "-q", "-c", ".", "-D", f"language={lang}"]
        run([*sphinx, "-b", "html", "docs", str(out / "html" / lang)], root)
        latex = out / "latex" / lang
        # Sphinx's own XeLaTeX set-up (FreeSerif); latexmk builds the one .tex file it finds.
        run([*sphinx, "-D", "latex_engine=xelatex", "-b", "latex", "docs", str(latex)], root)
        run(["latexmk", "-xelatex", "-interaction=nonstopmode", "-halt-on-error"], latex)


def ours(root: Path) -> None:
    run([sys.executable, "-m", "editions", "build"], root)


def clean(root: Path) -> None:
    for name in ("_build", "_naive"):
        shutil.rmtree(root / name, ignore_errors=True)
    for compiled in (root / "locale").rglob("*.[mj][os]"):
        compiled.unlink()


def edit_po(root: Path, counter: list[int]) -> None:
    """Change one Ukrainian translation (alternating, so every run is an edit)."""
    import polib

    counter[0] += 1
    po = polib.pofile(str(root / "locale/uk/LC_MESSAGES/index.po"))
    entry = po[1]
    entry.msgstr = entry.msgstr.rstrip() + (" " if counter[0] % 2 else "")
    po.save()


def edit_paragraph(root: Path, counter: list[int]) -> None:
    counter[0] += 1
    index = root / "docs/index.md"
    text = index.read_text()
    marker = "like seven more protesters killed in previous months."
    text = (
        text.replace(marker + " ", marker)
        if counter[0] % 2 == 0
        else text.replace(marker, marker + " ")
    )
    index.write_text(text)


def timed(
    build: Callable[[Path], None], root: Path, before: Callable[[Path], None], reps: int,
    what: str = "",
) -> list[float]:  # fmt: skip
    times = []
    for run_number in range(1, reps + 1):
        before(root)
        start = time.perf_counter()
        build(root)
        times.append(time.perf_counter() - start)
        # Progress as it goes: a whole benchmark takes minutes.
        console.print(f"  {what} run {run_number}/{reps}: {times[-1]:.2f} s")
    return times


def describe(times: list[float]) -> str:
    return f"{statistics.median(times):6.2f} s  ({min(times):.2f}–{max(times):.2f})"


def scenarios(reps: int) -> None:
    title = f"All {len(LANGUAGES) * 2} editions, {os.cpu_count()} cores, {reps} runs each"
    table = Table(title=title + " (median, min–max)")
    columns = ("scenario", "naive recipe", "ours", "ours / naive")
    for column in columns:
        table.add_column(column, justify="left" if column == "scenario" else "right")
    with tempfile.TemporaryDirectory() as tmp:
        builds = {"naive": naive, "ours": ours}
        roots = {name: copy_repository(Path(tmp) / name) for name in builds}
        counters = {(name, step): [0] for name in roots for step in ("po", "paragraph")}
        plans: list[tuple[str, Callable[[str], Callable[[Path], None]]]] = [
            ("(a) clean build", lambda name: clean),
            ("(b) no-op rebuild", lambda name: lambda root: None),
            ("(c) one .po entry edited", lambda name: lambda r: edit_po(r, counters[name, "po"])),
            (
                "(d) one English paragraph edited",
                lambda name: lambda root: edit_paragraph(root, counters[name, "paragraph"]),
            ),
        ]
        for label, before in plans:
            results = {}
            for name, root in roots.items():
                if label.startswith("(b)"):
                    builds[name](root)  # start from a complete build
                what = f"{label}, {name}:"
                results[name] = timed(builds[name], root, before(name), reps, what)
            ratio = statistics.median(results["ours"]) / statistics.median(results["naive"])
            table.add_row(label, describe(results["naive"]), describe(results["ours"]),
                          f"{ratio:.3f}")  # fmt: skip
            console.print(f"  measured {label}")
    console.print(table)


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (the build's pool is forked by the forkserver
    process, so its processes are not the build's children)."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        found.append(todo.pop())
        todo += parents.get(found[-1], [])
    return found


def rss_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    lines = [line for line in status.splitlines() if line.startswith("VmRSS:")]
    return int(lines[0].split()[1]) / 1024 if lines else 0.0


def run_sampled(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Run ``cmd``; its time, and the largest resident memory of any of its processes."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0.0
    while proc.poll() is None:
        peak = max([peak, *(rss_mb(p) for p in descendants(proc.pid))])
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return seconds, peak


def generated(root: Path, pages: int, signatories: int) -> None:
    """A statement about ``pages`` printed pages long (the real text repeated, one section per
    page) with ``signatories`` entries."""
    docs = root / "docs"
    text = (docs / "index.md").read_text()
    cut = text.index("(signatories)=")
    body = text[text.index("\n\n") + 2 : cut]
    parts = "".join(f"## Part {i}\n\n{body}" for i in range(2, pages + 1))
    (docs / "index.md").write_text(text[:cut] + parts + text[cut:])
    names = [f"Organisation number {i:04d}" for i in range(signatories)]
    entries = "".join(f"- {{id: org-{i:04d}, name: {n}}}\n" for i, n in enumerate(names))
    (docs / "signatories.yaml").write_text(entries)


def growth() -> None:
    table = Table(
        title="Ours, clean build of all editions, generated statements with 1,000 signatories"
    )
    for column in ("pages", "time", "peak memory (largest process)", "time per page"):
        table.add_column(column, justify="right")
    for pages in (1, 10, 50):
        with tempfile.TemporaryDirectory() as tmp:
            root = copy_repository(Path(tmp))
            generated(root, pages, 1000)
            seconds, peak_mb = run_sampled([sys.executable, "-m", "editions", "build"], root)
            table.add_row(
                str(pages), f"{seconds:.1f} s", f"{peak_mb:.0f} MB", f"{seconds / pages:.2f} s"
            )
            console.print(f"  measured {pages} page(s)")
    console.print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3, help="runs per scenario (default 3)")
    parser.add_argument("--skip-growth", action="store_true")
    args = parser.parse_args()
    ensure_tex()
    scenarios(args.reps)
    if not args.skip_growth:
        growth()


if __name__ == "__main__":
    main()
