"""The editions command line, behind the Makefile's targets (see `make help`)."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.live import Live
from rich.table import Table
from rich.text import Text

from editions import build, catalogs, checks, preflight, project, site, site_root

console = Console(stderr=True, highlight=False, soft_wrap=True)


def fail(problems: Sequence[str], what: str) -> int:
    for line in problems:
        console.print(line, markup=False)
    console.print(f"[bold red]{what}: {len(problems)} problem(s); nothing was built.[/]")
    return 2


def languages_arg(value: str, known: Sequence[str]) -> list[str]:
    chosen = value.replace(",", " ").split()
    unknown = [code for code in chosen if code not in known]
    source = project.load().source_language
    if source in unknown:
        raise argparse.ArgumentTypeError(
            f"{source} is the source language: it has no catalogs (choose among {' '.join(known)})"
        )
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown language {', '.join(unknown)} (the project has: {' '.join(known)}; "
            "add one with `make add-language CODE=xx`)"
        )
    return chosen


def add_languages(parser: argparse.ArgumentParser, known: Sequence[str]) -> None:
    parser.add_argument(
        "-l", "--languages", type=lambda v: languages_arg(v, known), default=list(known),
        help="e.g. 'uk ru' (default: all)",
    )  # fmt: skip


def _table(editions: Sequence[build.Edition]) -> Table:
    table = Table(box=None, show_header=False, pad_edge=False)
    colours = {"built": "green", "up to date": "dim", "failed": "bold red", "building": "yellow"}
    for e in editions:
        seconds = f"{e.seconds:5.1f} s" if e.seconds else ""
        table.add_row(e.name, Text(e.state, style=colours.get(e.state, "")), seconds)
    return table


def cmd_build(args: argparse.Namespace, proj: project.Project) -> int:
    tools = preflight.missing_tools(args.formats)
    if tools:
        return fail(tools, "missing tools")
    layout = build.Layout(proj, args.build_dir)
    editions = build.editions_for(args.languages, args.formats)
    builder = build.Builder(layout, strict=args.strict)
    # Only what will be built needs checking: an unchanged edition was checked when it was built.
    stale = sorted({e.language for e in editions if builder.stale(e) is not None})
    if stale:
        problems = preflight.bad_input(proj, stale)
        if problems:
            return fail(problems, "bad input")
        preflight.compile_catalogs(proj, stale)
    if console.is_terminal:
        with Live(_table(editions), console=console, refresh_per_second=4) as live:
            ok = builder.build_all(editions, args.jobs, lambda e: live.update(_table(editions)))
    else:

        def report(e: build.Edition) -> None:
            if e.state != "building":  # a log gets one line per edition, when it is done
                console.print(
                    f"{e.name:8} {e.state}" + (f" in {e.seconds:.1f} s" if e.seconds else "")
                )

        ok = builder.build_all(editions, args.jobs, report)

    for e in editions:
        warnings = [line for line in e.log if "WARNING" in line]
        if e.state == "failed":
            console.print(f"\n[bold red]{e.name} failed:[/]")
            for line in e.log[-25:]:
                console.print("  " + line, markup=False)
        elif warnings:
            console.print(
                f"\n[yellow]{e.name}: {len(warnings)} warning(s)[/] (`make check` fails on them)"
            )
            for line in warnings[:10]:
                console.print("  " + line, markup=False)
    if not ok:
        return 1
    html_root = layout.build_dir / "html"
    if html_root.is_dir() and (stale or not (html_root / "status.html").exists()):
        built = [c for c in proj.languages if layout.html(c).is_dir()]
        base_url = site_root.configured_base_url(proj.root)
        site_root.write_root(html_root, built, proj.source_language, base_url)
        site.write_status(proj, html_root)
    console.print(f"Editions in {layout.build_dir / 'html'} and {layout.build_dir / 'pdf'}")
    return 0


def cmd_gettext(args: argparse.Namespace, proj: project.Project) -> int:
    pot_dir = args.build_dir / "gettext"
    for pot in catalogs.extract(proj, pot_dir, args.build_dir / "work"):
        console.print(f"wrote {proj.relative(pot)}")
    return 0


def cmd_update_po(args: argparse.Namespace, proj: project.Project) -> int:
    pots = sorted((args.build_dir / "gettext").glob("*.pot"))
    if not pots:
        console.print("no templates: run `make gettext` first")
        return 2
    changes = catalogs.update(proj, pots, args.languages)
    for line in changes or ["catalogs already up to date"]:
        console.print(line)
    return 0


def cmd_check_po(args: argparse.Namespace, proj: project.Project) -> int:
    files = preflight.catalogs(proj, args.languages)
    if args.changed:
        changed = checks.changed_catalogs(proj)
        files = [po for po in files if po.resolve() in changed]
    problems = [
        p for po in files for p in checks.check_catalog(proj, po, spelling=not args.no_spelling)
    ]
    for problem in problems:
        print(problem)
    console.print(f"{len(files)} catalog(s) checked, {len(problems)} problem(s)")
    return 1 if problems else 0


def cmd_check_publish(args: argparse.Namespace, proj: project.Project) -> int:
    """The publishing gate: a language is published complete, or marked as a draft."""
    problems = preflight.bad_input(proj, args.languages)
    if problems:
        return fail(problems, "bad input")
    pots = catalogs.extract(proj, args.build_dir / "gettext", args.build_dir / "work")
    refused = 0
    for language in args.languages:
        if language == proj.source_language:
            print(f"{language}: the source language — ok")
            continue
        p = catalogs.progress_against(proj, language, pots)
        verdict = "ok"
        if p.percent < 100:
            if language in proj.drafts:
                verdict = "draft: published with a notice"
            else:
                verdict = "refused: finish it or list it under drafts in pyproject.toml"
                refused += 1
        print(f"{language}: {p.percent:.1f} % translated ({p.untranslated} untranslated, "
              f"{p.fuzzy} fuzzy) — {verdict}")  # fmt: skip
    return 1 if refused else 0


def cmd_add_language(args: argparse.Namespace, proj: project.Project) -> int:
    from editions import ext, languages

    try:
        locale = languages.validate(args.code)
        languages.register(proj, args.code)
    except languages.LanguageError as exc:
        console.print(f"[bold red]error:[/] {exc}")
        return 2
    proj = project.load(proj.root)
    pots = catalogs.extract(proj, args.build_dir / "gettext", args.build_dir / "work")
    for line in catalogs.update(proj, pots, [args.code]):
        console.print(line)
    console.print(f"added {locale.english_name} ({args.code}) as a draft to pyproject.toml")
    warning = languages.latex_support(args.code, ext.LATEX_LANGUAGES)
    if warning:
        console.print(f"[yellow]warning:[/] {warning}")
    return 0


def cmd_serve(args: argparse.Namespace, proj: project.Project) -> int:
    """Serve ``_build/`` (editions under /html/, PDFs under /pdf/) on localhost."""
    import functools
    import http.server

    if not (args.build_dir / "html").is_dir():
        console.print("nothing built yet: run `make` first")
        return 2
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(args.build_dir))
    with http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler) as server:
        console.print(f"Serving the editions on http://127.0.0.1:{args.port}/html/ (Ctrl-C stops)")
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
    return 0


def cmd_rtd_replay(args: argparse.Namespace, proj: project.Project) -> int:
    from concurrent.futures import ThreadPoolExecutor

    from editions import rtd

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(lambda code: rtd.replay(proj, code), args.languages))
    for r in results:
        verdict = "ok" if not r.problems else "FAILED"
        console.print(f"{r.language}: {verdict}")
        for line in r.problems + (r.log if r.problems else []):
            console.print("  " + line, markup=False)
    return 1 if any(r.problems for r in results) else 0


def cmd_status(args: argparse.Namespace, proj: project.Project) -> int:
    """Catalog counts (as msgattrib gives them), and what the source has that they lack."""
    from rich.progress_bar import ProgressBar

    pots = catalogs.extract(proj, args.build_dir / "gettext", args.build_dir / "work")
    table = Table(title="Translation progress")
    for column in ("language", "translated", "fuzzy", "untranslated", "", "%", "new"):
        table.add_column(column, justify="left" if column in ("language", "") else "right")
    behind = 0
    for language in args.languages:
        p = catalogs.progress(proj, language)
        new = catalogs.missing_from_catalogs(proj, language, pots)
        behind += new
        bar = ProgressBar(total=p.total or 1, completed=p.translated, width=20)
        table.add_row(language, str(p.translated), str(p.fuzzy), str(p.untranslated), bar,
                      f"{p.percent:.1f}", str(new))  # fmt: skip
    out = Console(highlight=False)
    out.print(table)
    out.print("new: strings of the current source that the catalogs do not have yet", end="")
    out.print(f" ({behind}: run `make update-po`)." if behind else ".")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    proj = project.load()
    parser = argparse.ArgumentParser(prog="editions", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("build", help="build every edition (HTML and PDF per language)")
    add_languages(p, proj.languages)
    p.add_argument("-f", "--formats", nargs="+", choices=build.FORMATS, default=list(build.FORMATS))
    p.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("--strict", action="store_true", help="Sphinx warnings are errors")
    p.add_argument("--build-dir", type=Path, default=proj.root / "_build")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("gettext", help="extract message templates (.pot) from the sources")
    p.add_argument("--build-dir", type=Path, default=proj.root / "_build")
    p.set_defaults(func=cmd_gettext)

    p = sub.add_parser("update-po", help="merge the templates into every language's catalogs")
    add_languages(p, proj.translations)
    p.add_argument("--build-dir", type=Path, default=proj.root / "_build")
    p.set_defaults(func=cmd_update_po)

    p = sub.add_parser(
        "check-po", help="check catalogs: syntax, headers, markup, numbers, spelling"
    )
    add_languages(p, proj.translations)
    p.add_argument(
        "--changed", action="store_true", help="only catalogs changed since the last commit"
    )
    p.add_argument("--no-spelling", action="store_true", help="skip the Hunspell check")
    p.set_defaults(func=cmd_check_po)

    p = sub.add_parser("check-publish", help="refuse incomplete languages that are not drafts")
    add_languages(p, proj.languages)
    p.add_argument("--build-dir", type=Path, default=proj.root / "_build")
    p.set_defaults(func=cmd_check_publish)

    p = sub.add_parser("add-language", help="add a language: register it, create its catalogs")
    p.add_argument("code", help="ISO 639 code, e.g. pl")
    p.add_argument("--build-dir", type=Path, default=proj.root / "_build")
    p.set_defaults(func=cmd_add_language)

    p = sub.add_parser("rtd-replay", help="replay Read the Docs' build of each language")
    add_languages(p, proj.languages)
    p.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    p.set_defaults(func=cmd_rtd_replay)

    p = sub.add_parser("serve", help="serve the built editions on localhost")
    p.add_argument("--build-dir", type=Path, default=proj.root / "_build")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("status", help="translated / fuzzy / untranslated counts per language")
    add_languages(p, proj.translations)
    p.add_argument("--build-dir", type=Path, default=proj.root / "_build")
    p.set_defaults(func=cmd_status)

    args = parser.parse_args(argv)
    return args.func(args, proj)


if __name__ == "__main__":
    sys.exit(main())
