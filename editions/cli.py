"""The ``editions`` command line, behind the Makefile's targets."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.live import Live
from rich.table import Table

from editions import build, preflight, project

console = Console(stderr=True, highlight=False, soft_wrap=True)


def fail(problems: Sequence[str], what: str) -> int:
    for line in problems:
        console.print(line, markup=False)
    console.print(f"[bold red]{what}: {len(problems)} problem(s); nothing was built.[/]")
    return 2


def languages_arg(value: str, known: Sequence[str]) -> list[str]:
    chosen = value.replace(",", " ").split()
    unknown = [code for code in chosen if code not in known]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown language {', '.join(unknown)} (the project has: {' '.join(known)}; "
            "add one with `make add-language CODE=xx`)"
        )
    return chosen


def _table(editions: Sequence[build.Edition]) -> Table:
    table = Table(box=None, show_header=False, pad_edge=False)
    colours = {"built": "green", "up to date": "dim", "failed": "bold red", "building": "yellow"}
    for e in editions:
        seconds = f"{e.seconds:5.1f} s" if e.seconds else ""
        table.add_row(e.name, f"[{colours.get(e.state, '')}]{e.state}[/]", seconds)
    return table


def cmd_build(args: argparse.Namespace, proj: project.Project) -> int:
    problems = preflight.check_signatories(proj) + preflight.check_syntax(proj, args.languages)
    if problems:
        return fail(problems, "bad input")
    preflight.compile_catalogs(proj, args.languages)

    layout = build.Layout(proj, args.build_dir)
    editions = build.editions_for(args.languages, args.formats)
    builder = build.Builder(layout, strict=args.strict)
    if console.is_terminal:
        with Live(_table(editions), console=console, refresh_per_second=4) as live:
            ok = builder.build_all(editions, args.jobs, lambda e: live.update(_table(editions)))
    else:

        def report(e: build.Edition) -> None:
            console.print(f"{e.name:8} {e.state}" + (f" in {e.seconds:.1f} s" if e.seconds else ""))

        ok = builder.build_all(editions, args.jobs, report)

    for e in editions:
        if e.state == "failed":
            console.print(f"\n[bold red]{e.name} failed:[/]")
            for line in e.log[-25:]:
                console.print("  " + line, markup=False)
    if not ok:
        return 1
    console.print(f"Editions in {layout.build_dir / 'html'} and {layout.build_dir / 'pdf'}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    proj = project.load()
    parser = argparse.ArgumentParser(prog="editions", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("build", help="build every edition (HTML and PDF per language)")
    p.add_argument("-l", "--languages", type=lambda v: languages_arg(v, proj.languages),
                   default=list(proj.languages), help="e.g. 'uk ru' (default: all)")  # fmt: skip
    p.add_argument("-f", "--formats", nargs="+", choices=build.FORMATS, default=list(build.FORMATS))
    p.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("--strict", action="store_true", help="Sphinx warnings are errors")
    p.add_argument("--build-dir", type=Path, default=proj.root / "_build")
    p.set_defaults(func=cmd_build)

    args = parser.parse_args(argv)
    return args.func(args, proj)


if __name__ == "__main__":
    sys.exit(main())
