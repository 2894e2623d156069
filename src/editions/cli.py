"""The editions command line, behind the Makefile's targets (see `make help`)."""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.live import Live
from rich.table import Table
from rich.text import Text

from editions import build, catalogs, checks, preflight, progress, project, release, signatories

console = Console(stderr=True, highlight=False, soft_wrap=True)


def fail(problems: Sequence[str], what: str) -> int:
    for line in problems:
        console.print(line, markup=False)
    console.print(f"[bold red]{what}: {len(problems)} problem(s); nothing was built.[/]")
    return 2


def languages_arg(value: str, known: Sequence[str]) -> list[str]:
    from editions.languages import LanguageError, normalise

    try:  # pt-BR, pt-br, pt_BR are one language; sr@latin is sr_Latn
        chosen = [normalise(code) for code in value.replace(",", " ").split()]
    except LanguageError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if not chosen:
        raise argparse.ArgumentTypeError(f"no language given (the project has: {' '.join(known)})")
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
    colours = {"built": "green", "up to date": "dim", "failed": "bold red", "refused": "bold red",
               "building": "yellow"}  # fmt: skip
    for e in editions:
        seconds = f"{e.seconds:5.1f} s" if e.seconds else ""
        table.add_row(e.language, Text(e.state, style=colours.get(e.state, "")), seconds)
    return table


def _line(e: build.Edition) -> None:
    if e.state != "building":  # a log gets one line per language, when it is done
        console.print(f"{e.language:4} {e.state}" + (f" in {e.seconds:.1f} s" if e.seconds else ""))


def cmd_build(args: argparse.Namespace, proj: project.Project) -> int:
    inside = [d for d in (proj.docs, proj.locale) if args.build_dir.resolve().is_relative_to(d)]
    if inside:
        return fail([f"--build-dir {args.build_dir}: inside {proj.relative(inside[0])}/, "
                     "whose files are the editions' input; choose a folder outside it"],
                    "bad build folder")  # fmt: skip
    tools = preflight.missing_tools()
    if tools:
        return fail(tools, "missing tools")
    pipeline = build.Pipeline(proj, args.build_dir, strict=args.strict)
    queued = [build.Edition(code) for code in args.languages]
    if console.is_terminal:
        with Live(_table(queued), console=console, refresh_per_second=4) as live:
            shown = {e.language: e for e in queued}

            def report(e: build.Edition) -> None:
                shown[e.language] = e
                live.update(_table(list(shown.values())))

            editions = pipeline.run(args.languages, args.jobs, report)
    else:
        editions = pipeline.run(args.languages, args.jobs, _line)
    return _summary(editions, args)


def _summary(editions: Sequence[build.Edition], args: argparse.Namespace) -> int:
    for e in editions:
        warnings = [line for line in e.log if "WARNING" in line]
        if e.state == "refused":
            console.print(f"\n[bold red]{e.language}: bad input[/] (previous edition kept):")
            for line in e.log:
                console.print("  " + line, markup=False)
        elif e.state == "failed":
            console.print(
                f"\n[bold red]{e.language} failed[/] (its previous edition stays online):"
            )
            for line in e.log[-25:]:
                console.print("  " + line, markup=False)
        elif warnings:
            console.print(
                f"\n[yellow]{e.language}: {len(warnings)} warning(s)[/] (`make check` fails)"
            )
            for line in warnings[:10]:
                console.print("  " + line, markup=False)
    failed = [e.language for e in editions if e.state in ("failed", "refused")]
    site_dir = args.build_dir / "site"
    if failed:
        others = [e.language for e in editions if e.language not in failed]
        hint = f"; to build only the others: make LANGUAGES='{' '.join(others)}'" if others else ""
        console.print(f"[bold red]not built: {' '.join(failed)}[/]{hint}")
        return 2 if any(e.state == "refused" for e in editions) else 1
    console.print(f"Editions in {site_dir}")
    return 0


def cmd_gettext(args: argparse.Namespace, proj: project.Project) -> int:
    pot_dir = args.build_dir / "gettext"
    for pot in catalogs.extract(proj, pot_dir, args.build_dir / "work"):
        console.print(f"wrote {proj.relative(pot)}")
    return 0


def cmd_update_po(args: argparse.Namespace, proj: project.Project) -> int:
    undecodable = preflight.undecodable_catalogs(proj, args.languages)
    if undecodable:
        return fail(undecodable, "catalogs not in UTF-8")
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
    if not args.no_spelling:
        from editions import quality

        for language in args.languages:
            notice = quality.spelling_notice(language)
            if notice:
                console.print(f"notice: {notice}", markup=False)
    console.print(f"{len(files)} catalog(s) checked, {len(problems)} problem(s)")
    return 1 if problems else 0


def cmd_check_merged(args: argparse.Namespace, proj: project.Project) -> int:
    """The catalogs hold every string of the current English (else: `make update-po`)."""
    pots = catalogs.extract(proj, args.build_dir / "gettext", args.build_dir / "work", quiet=True)
    problems = catalogs.unmerged(proj, args.languages, pots)
    for line in problems:
        print(line)
    if problems:
        console.print("the catalogs are behind the English: run `make update-po`, then commit")
        return 1
    console.print(f"catalogs merged with the current English ({' '.join(args.languages)})")
    return 0


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
        p = catalogs.progress(proj, language, pots)
        verdict = "ok"
        if p.percent < 100:
            if language in proj.drafts:
                verdict = "draft: published with a notice"
            else:
                verdict = "refused: finish it or list it under drafts in pyproject.toml"
                refused += 1
        print(f"{language}: {p.percent:.1f} % translated ({p.untranslated} untranslated, "
              f"{p.fuzzy} fuzzy) — {verdict}")  # fmt: skip
        if p.missing and verdict.startswith("refused"):
            print(missing_lines(proj, p), end="")
    return 1 if refused else 0


def cmd_add_language(args: argparse.Namespace, proj: project.Project) -> int:
    from editions import languages

    try:
        locale = languages.validate(args.code)
        args.code = languages.normalise(args.code)
        languages.register(proj, args.code)
    except languages.LanguageError as exc:
        console.print(f"[bold red]error:[/] {exc}")
        return 2
    proj = project.load(proj.root)
    pots = catalogs.extract(proj, args.build_dir / "gettext", args.build_dir / "work")
    for line in catalogs.update(proj, pots, [args.code]):
        console.print(line)
    console.print(f"added {locale.english_name} ({args.code}) as a draft to pyproject.toml")
    from editions import dictionaries, quality  # Debian's dictionary: make installs it

    notice = quality.spelling_notice(args.code)
    if notice and dictionaries.debian_package(args.code) is None:
        console.print(f"notice: {notice}", markup=False)
    return 0


def cmd_serve(args: argparse.Namespace, proj: project.Project) -> int:
    """Serve the published release (``_build/site/``) on localhost."""
    import functools
    import http.server

    site_dir = args.build_dir / "site"
    if not site_dir.is_dir():
        console.print("nothing built yet: run `make` first")
        return 2
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site_dir))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    except OSError as exc:
        console.print(f"port {args.port}: {exc.strerror}; choose another: make serve PORT=8001")
        return 2
    with server:
        console.print(f"Serving the editions on http://127.0.0.1:{args.port}/ (Ctrl-C stops)")
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
    return 0


def cmd_preview(args: argparse.Namespace, proj: project.Project) -> int:
    """Serve every edition as published, rebuilt and reloaded on every change."""
    from editions import preview

    return preview.serve(proj, args.languages, args.build_dir, args.port, args.jobs)


def cmd_rtd_replay(args: argparse.Namespace, proj: project.Project) -> int:
    from concurrent.futures import ThreadPoolExecutor

    import yaml

    from editions import rtd

    config = None
    if args.config:
        config = yaml.safe_load(args.config.read_text(encoding="utf-8"))
    cases = [(code, False) for code in args.languages]
    # Read the Docs builds pull requests for the parent's (the source) language only.
    if proj.source_language in args.languages:
        cases.append((proj.source_language, True))
    if args.pull_request:
        cases = [(proj.source_language, True)]
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(
            pool.map(lambda case: rtd.replay(proj, case[0], config, external=case[1]), cases)
        )
    for r in results:
        verdict = "ok" if not r.problems else "FAILED"
        console.print(f"{r.language}: {verdict}")
        for line in r.problems + (r.log if r.problems else []):
            console.print("  " + line, markup=False)
    return 1 if any(r.problems for r in results) else 0


def missing_lines(proj: project.Project, p: progress.Progress, limit: int = 10) -> str:
    """What a language lacks, one line each: where, why, and the English's first words."""
    folder = proj.relative(proj.locale / p.language / "LC_MESSAGES")
    lines = [f"  {folder}/{m.where()}: {m.state}: {m.words()}\n" for m in p.missing[:limit]]
    if len(p.missing) > limit:
        lines.append(f"  … and {len(p.missing) - limit} more\n")
    return "".join(lines)


def cmd_release(args: argparse.Namespace, proj: project.Project) -> int:
    from editions import tagging

    return tagging.release(proj, args.version, lambda line: console.print(line, markup=False))


def cmd_sphinx_language(args: argparse.Namespace, proj: project.Project) -> int:
    from editions.languages import sphinx_code

    print(sphinx_code(args.code))
    return 0


def cmd_status(args: argparse.Namespace, proj: project.Project) -> int:
    """Progress per language against the current source (catalogs.progress), then what is
    missing, entry by entry."""
    from rich.progress_bar import ProgressBar

    undecodable = preflight.undecodable_catalogs(proj, args.languages)
    if undecodable:
        return fail(undecodable, "catalogs not in UTF-8")
    pots = catalogs.extract(proj, args.build_dir / "gettext", args.build_dir / "work")
    table = Table(title="Translation progress")
    for column in ("language", "translated", "fuzzy", "untranslated", "", "%", "new", "names"):
        table.add_column(column, justify="left" if column in ("language", "") else "right",
                         min_width=len(column))  # fmt: skip
    behind, found = 0, []
    for language in args.languages:
        p = catalogs.progress(proj, language, pots)
        named = catalogs.names_progress(proj, language, pots)
        new = p.not_merged + named.not_merged
        behind += new
        found.append(p)
        bar = ProgressBar(total=p.total or 1, completed=p.translated, width=6)
        names = f"{named.translated}/{named.total}"
        table.add_row(language, str(p.translated), str(p.fuzzy), str(p.untranslated), bar,
                      f"{p.percent:.1f}", str(new), names)  # fmt: skip
    out = Console(highlight=False)
    out.print(table)
    out.print("untranslated: empty, English pasted as a translation (not marked '# keep:'), "
              "or not in the catalog yet.")  # fmt: skip
    out.print("new: strings of the current source that the catalogs do not have yet", end="")
    out.print(f" ({behind}: run `make update-po`)." if behind else ".")
    out.print(
        "names: organisations' names translated (or kept as written) in signatories.po; "
        "the others are shown as the organisations write them and do not count in %."
    )
    for p in found:
        if p.missing:
            out.print(f"\n{p.language}: {len(p.missing)} to translate", markup=False)
            out.print(missing_lines(proj, p), end="", markup=False, soft_wrap=True)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    try:
        proj = project.load()
    except project.NotAProject as exc:
        console.print(f"[bold red]error:[/] {exc}")
        return 2
    parser = argparse.ArgumentParser(prog="editions", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("build", help="build every edition (HTML and PDF per language)")
    add_languages(p, proj.languages)
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

    p = sub.add_parser("check-merged", help="fail if the catalogs lack strings of the English")
    add_languages(p, proj.translations)
    p.add_argument("--build-dir", type=Path, default=proj.root / "_build")
    p.set_defaults(func=cmd_check_merged)

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
    p.add_argument(
        "--pull-request",
        action="store_true",
        help="only the pull-request build (html only, the source language only)",
    )
    p.add_argument("--config", type=Path, help="another configuration than .readthedocs.yaml")
    p.set_defaults(func=cmd_rtd_replay)

    p = sub.add_parser("preview", help="serve every edition, rebuilt on every change")
    add_languages(p, proj.languages)
    p.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("--build-dir", type=Path, default=proj.root / "_build")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=cmd_preview)

    p = sub.add_parser("release", help="tag a text version once every language passes")
    p.add_argument("version", help="e.g. 1.0: the tag is v1.0")
    p.set_defaults(func=cmd_release)

    p = sub.add_parser("sphinx-language", help="Read the Docs' language code as Sphinx's")
    p.add_argument("code", help="e.g. pt-br (READTHEDOCS_LANGUAGE)")
    p.set_defaults(func=cmd_sphinx_language)

    p = sub.add_parser("serve", help="serve the built editions on localhost")
    p.add_argument("--build-dir", type=Path, default=proj.root / "_build")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("status", help="translated / fuzzy / untranslated counts per language")
    add_languages(p, proj.translations)
    p.add_argument("--build-dir", type=Path, default=proj.root / "_build")
    p.set_defaults(func=cmd_status)

    args = parser.parse_args(argv)
    try:
        return int(args.func(args, proj))
    except signatories.SignatoryError as exc:  # e.g. `make gettext` with a broken data file
        console.print(f"{proj.relative(exc.path)}:{exc.line}: {exc.message}", markup=False)
        return 2
    except KeyboardInterrupt:
        console.print("interrupted: the published editions are as they were before this command")
        return 130
    except release.BuildLocked as exc:
        console.print(f"[bold red]error:[/] {exc}", highlight=False)
        return 2
    except shutil.Error as exc:  # copying a tree failed: disk full, or a file unreadable
        first = exc.args[0][0] if exc.args and exc.args[0] else ("", "", str(exc))
        console.print(f"[bold red]error:[/] {first[1]}: {first[2]}", markup=True)
        return 1
    except OSError as exc:  # disk full, read-only folder, missing file...
        where = f"{exc.filename}: " if exc.filename else ""
        console.print(f"[bold red]error:[/] {where}{exc.strerror or exc}", markup=True)
        return 1


if __name__ == "__main__":
    sys.exit(main())
