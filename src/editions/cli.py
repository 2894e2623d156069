"""The editions command line, behind the Makefile's targets (see `make help`)."""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from editions import project
from editions.data import system
from editions.pipeline import build, release, worker

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from editions.data import progress
    from editions.translation import reports

# The catalog tools, Babel, MyST and rich are imported by the commands that use them, so that
# `make` with nothing to build answers before they load.


@functools.cache
def out() -> Console:
    """The terminal (standard error), through rich."""
    from rich.console import Console

    # No emoji codes: a problem at line 100 (":100:") would print as one.
    return Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)


# A command: its parsed arguments and the project in, its exit status out.
Command = Callable[[argparse.Namespace, project.Project], int]


def fail(problems: Sequence[project.Problem | str], what: str) -> int:
    for line in problems:
        out().print(str(line), markup=False)
    out().print(f"[bold red]{what}: {len(problems)} problem(s); nothing was built.[/]")
    return 2


def languages_arg(value: str, known: Sequence[str]) -> list[str]:
    try:  # pt-BR, pt-br, pt_BR are one language; sr@latin is sr_Latn
        chosen = [project.normalise(code) for code in value.replace(",", " ").split()]
    except project.LanguageError as exc:
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
        help="e.g. 'de pl' (default: all)",
    )  # fmt: skip


def _table(editions: Sequence[build.Edition]) -> Table:
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, show_header=False, pad_edge=False)
    colours = {build.State.BUILT: "green", build.State.UP_TO_DATE: "dim",
               build.State.FAILED: "bold red", build.State.REFUSED: "bold red",
               build.State.BUILDING: "yellow"}  # fmt: skip
    for e in editions:
        seconds = f"{e.seconds:5.1f} s" if e.seconds else ""
        table.add_row(e.language, Text(e.state, style=colours.get(e.state, "")), seconds)
    return table


def _line(e: build.Edition) -> None:
    if e.state is not build.State.BUILDING:  # a log gets one line per language, when it is done
        out().print(f"{e.language:4} {e.state}" + (f" in {e.seconds:.1f} s" if e.seconds else ""))


NO_BASE_URL = (
    "warning: no base URL: canonical, hreflang and share links stay relative (most share "
    "previews show no image) and no sitemap is written. Set the site's address in "
    'pyproject.toml: [tool.editions] base-url = "https://example.org/"'
)


def cmd_build(args: argparse.Namespace, proj: project.Project) -> int:
    tools = [f"{what} is not installed: run `make` as root, or `sudo apt-get install {package}`"
             for what, package in system.missing(["build"], proj.root)]  # fmt: skip
    if tools:
        return fail(tools, "missing tools")
    pipeline = build.Pipeline(proj, args.build_dir, strict=args.strict)
    try:
        with pipeline.locked():
            plan = pipeline.plan(args.languages)
            if not proj.base_url:  # once the input is accepted; once, not by each edition
                print(NO_BASE_URL, file=sys.stderr)
            if not plan.needed:  # the most frequent build: answered without loading rich
                for code in args.languages:
                    print(f"{code:4} up to date", file=sys.stderr)
                print(f"Editions in {args.build_dir / 'site'}", file=sys.stderr)
                return 0
            editions = _build(pipeline, plan, args.jobs)
        return _summary(editions, args)
    except KeyboardInterrupt:  # once the new release is online, saying otherwise would lie
        if pipeline.store.published is None:
            raise
        print(f"interrupted: the new release was published ({args.build_dir / 'site'})",
              file=sys.stderr)  # fmt: skip
        return 130


def _build(pipeline: build.Pipeline, plan: build.Plan, jobs: int) -> list[build.Edition]:
    """Build the plan, showing each language's state: a live table on a terminal, a line per
    language in a log."""
    if not out().is_terminal:
        return pipeline.build(plan, jobs, _line)
    from rich.live import Live

    shown = {code: build.Edition(code) for code in plan.fingerprints}
    with Live(_table(list(shown.values())), console=out(), refresh_per_second=4) as live:

        def report(e: build.Edition) -> None:
            shown[e.language] = e
            live.update(_table(list(shown.values())))

        return pipeline.build(plan, jobs, report)


def _summary(editions: Sequence[build.Edition], args: argparse.Namespace) -> int:
    refused: dict[tuple[str, ...], list[str]] = {}  # a shared file's problems: said once
    for e in editions:
        if e.state is build.State.REFUSED:
            refused.setdefault(tuple(e.log), []).append(e.language)
    for log, languages in refused.items():
        out().print(f"\n[bold red]{', '.join(languages)}: bad input[/] (previous edition kept):")
        for line in log:
            out().print("  " + line, markup=False)
    for e in editions:
        warnings = [line for line in e.log if "WARNING" in line]
        if e.state is build.State.FAILED:
            out().print(f"\n[bold red]{e.language} failed[/] (its previous edition stays online):")
            for line in e.log if args.verbose else e.log[-25:]:
                out().print("  " + line, markup=False)
        elif warnings and e.state is not build.State.REFUSED:
            out().print(
                f"\n[yellow]{e.language}: {len(warnings)} warning(s)[/] (`make check` fails)"
            )
            for line in warnings[:10]:
                out().print("  " + line, markup=False)
    failed = [e.language for e in editions if e.state.stopped]
    site_dir = args.build_dir / "site"
    if failed:
        others = [e.language for e in editions if e.language not in failed]
        hint = f"; to build only the others: make LANGUAGES='{' '.join(others)}'" if others else ""
        out().print(f"[bold red]not built: {' '.join(failed)}[/]{hint}")
        return 2 if any(e.state is build.State.REFUSED for e in editions) else 1
    out().print(f"Editions in {site_dir}")
    return 0


def refuse(problems: Sequence[project.Problem], what: str) -> None:
    """Stop the command when a check found problems (``main`` shows them, as ``fail``)."""
    if problems:
        raise project.Refused(what, problems)


def templates(args: argparse.Namespace, proj: project.Project) -> list[Path]:
    """Templates freshly extracted from the current source, in the build folder."""
    from editions.translation import catalogs

    release.claim(args.build_dir, proj.root)
    return catalogs.extract(proj, args.build_dir / "gettext", args.build_dir / "work")


@contextlib.contextmanager
def counted(
    args: argparse.Namespace, proj: project.Project, quiet: bool = False
) -> Iterator[list[Path]]:
    """Templates of the current source to count against, in a folder of this command's own:
    commands that count may run at once in one project (`make status` beside `make
    check-publish`), and `make gettext`'s folder is the translators'."""
    from editions.translation import catalogs

    release.claim(args.build_dir, proj.root)
    with tempfile.TemporaryDirectory(dir=args.build_dir, prefix=".templates-") as folder:
        yield catalogs.extract(proj, Path(folder) / "gettext", Path(folder) / "work", quiet)


def cmd_gettext(args: argparse.Namespace, proj: project.Project) -> int:
    for pot in templates(args, proj):
        out().print(f"wrote {proj.relative(pot)}")
    return 0


def cmd_update_po(args: argparse.Namespace, proj: project.Project) -> int:
    from editions.gate import preflight
    from editions.translation import catalogs

    refuse(preflight.unreadable_catalogs(proj, args.languages), "unreadable catalogs")
    pots = sorted((args.build_dir / "gettext").glob("*.pot"))
    if not pots:
        raise project.Refused("no templates: run `make gettext` first")
    changes = catalogs.update(proj, pots, args.languages)
    for line in changes or ["catalogs already up to date"]:
        out().print(line)
    return 0


def cmd_check_po(args: argparse.Namespace, proj: project.Project) -> int:
    from editions.gate import checks

    spelling = not args.no_spelling
    files, problems = checks.check_catalogs(proj, args.languages, args.changed, spelling)
    for problem in problems:
        print(problem)
    if spelling:
        from editions.gate import quality

        notices = [quality.spelling_notice(language) for language in args.languages]
        for notice in filter(None, notices):
            out().print(f"notice: {notice}", markup=False)
    out().print(f"{len(files)} catalog(s) checked, {len(problems)} problem(s)")
    return 1 if problems else 0


def cmd_check_merged(args: argparse.Namespace, proj: project.Project) -> int:
    """The catalogs hold every string of the current English (else: `make update-po`)."""
    from editions.gate import preflight
    from editions.translation import catalogs

    refuse(preflight.unreadable_catalogs(proj, args.languages), "unreadable catalogs")
    with counted(args, proj, quiet=True) as pots:
        problems = catalogs.unmerged(proj, args.languages, pots)
    for line in problems:
        print(line)
    if problems:
        out().print("the catalogs are behind the English: run `make update-po`, then commit")
        return 1
    out().print(f"catalogs merged with the current English ({' '.join(args.languages)})")
    return 0


def cmd_check_publish(args: argparse.Namespace, proj: project.Project) -> int:
    from editions.gate import preflight
    from editions.translation import reports

    refuse(preflight.bad_input(proj, args.languages), "bad input")
    with counted(args, proj) as pots:
        verdicts = reports.publishing(proj, args.languages, pots)
    for v in verdicts:
        p = v.progress
        if p is None:
            print(f"{v.language}: {v.verdict}")
            continue
        print(f"{v.language}: {p.percent:.1f} % translated ({p.untranslated} untranslated, "
              f"{p.fuzzy} fuzzy) — {v.verdict}")  # fmt: skip
        if p.missing and v.refused:
            print(missing_lines(proj, p), end="")
        for problem in v.problems:
            print(f"  {problem}")
    return 1 if any(v.refused for v in verdicts) else 0


def cmd_add_language(args: argparse.Namespace, proj: project.Project) -> int:
    from editions.translation import catalogs

    release.claim(args.build_dir, proj.root)
    name, code, changes = catalogs.add_language(proj, args.code, args.build_dir)
    for line in changes:
        out().print(line)
    out().print(f"added {name} ({code}) as a draft to pyproject.toml")
    from editions.data import dictionaries
    from editions.gate import quality

    notice = quality.spelling_notice(code)
    if notice and dictionaries.debian_package(code) is None:
        out().print(f"notice: {notice}", markup=False)
    return 0


def cmd_remove_language(args: argparse.Namespace, proj: project.Project) -> int:
    from editions.data import languages

    code = languages.remove(proj, args.code)
    out().print(f"removed {code}: its catalogs and its registration in pyproject.toml",
                markup=False)  # fmt: skip
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    """A new statement project (``editions new DIR``)."""
    from editions import new

    with tempfile.TemporaryDirectory() as work:
        wheel = args.wheel or new.installed_wheel(Path(work))
        written = new.create(args.folder, args.source_language, wheel)
    for name in written:
        print(f"  {args.folder / name}")
    out().print(f"made a statement project in {args.folder}: `cd {args.folder} && make` builds "
                "it, `make test` checks it", markup=False)  # fmt: skip
    return 0


def new_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="editions new", description=cmd_new.__doc__)
    parser.add_argument("folder", type=Path, help="a new (or empty) folder")
    parser.add_argument("--source-language", default="en", help="the statement's language")
    parser.add_argument("--wheel", type=Path, help="the tool's wheel (default: the one it was "
                        "installed from)")  # fmt: skip
    return parser


def error(message: str) -> None:
    """``error: message``, the message as it is (never read as rich's markup)."""
    from rich.text import Text

    out().print(Text.assemble(("error:", "bold red"), " ", message))


def cmd_clean(args: argparse.Namespace, proj: project.Project) -> int:
    """Delete the build folder, if a build made it (never the project or a folder above)."""
    if release.remove(args.build_dir, proj.root):
        out().print(f"deleted {args.build_dir}", markup=False)
    return 0


def cmd_serve(args: argparse.Namespace, proj: project.Project) -> int:
    """Serve the published release (``_build/site/``) on localhost."""
    from editions.pipeline import site

    def ready(url: str) -> None:
        out().print(f"Serving the editions on {url} (Ctrl-C stops)")

    site.serve(args.build_dir / "site", args.port, ready)
    return 0


def cmd_preview(args: argparse.Namespace, proj: project.Project) -> int:
    """Serve every edition as published, rebuilt and reloaded on every change."""
    from editions.pipeline import preview

    return preview.serve(proj, args.languages, args.build_dir, args.port, args.jobs, main)


def cmd_rtd_replay(args: argparse.Namespace, proj: project.Project) -> int:
    from editions.pipeline import rtd

    def started(names: list[str]) -> None:
        out().print(f"Replaying Read the Docs' build of {', '.join(names)} in clean copies…",
                    markup=False)  # fmt: skip

    def finished(r: rtd.Replay) -> None:  # each as it finishes: a replay takes up to a minute
        out().print(f"{r.language}: {'FAILED' if r.problems else 'ok'}", markup=False)
        for line in r.problems + (r.log if r.problems else []):
            out().print("  " + line, markup=False)

    results = rtd.replay_all(proj, args.languages, args.config, args.pull_request, args.jobs,
                             started, finished)  # fmt: skip
    return 1 if any(r.problems for r in results) else 0


def missing_lines(proj: project.Project, p: progress.Progress, limit: int = 10) -> str:
    """What a language lacks, one line each: where, why, and the English's first words."""
    folder = proj.relative(proj.locale / p.language / "LC_MESSAGES")
    lines = [f"  {folder}/{m.where()}: {m.state}: {m.words()}\n" for m in p.missing[:limit]]
    if len(p.missing) > limit:
        lines.append(f"  … and {len(p.missing) - limit} more\n")
    return "".join(lines)


def cmd_release(args: argparse.Namespace, proj: project.Project) -> int:
    from editions.pipeline import tagging

    return tagging.release(proj, args.version, lambda line: out().print(line, markup=False))


def cmd_sphinx_language(args: argparse.Namespace, proj: project.Project) -> int:
    print(project.normalise(args.code))  # Read the Docs' pt-br is Sphinx's pt_BR
    return 0


def cmd_status(args: argparse.Namespace, proj: project.Project) -> int:
    """Progress per language against the current source (catalogs.progress), then what is
    missing, entry by entry."""
    from editions.gate import preflight
    from editions.translation import reports

    refuse(preflight.unreadable_catalogs(proj, args.languages), "unreadable catalogs")
    with counted(args, proj) as pots:
        found = reports.status(proj, args.languages, pots)
    from rich.console import Console

    stdout = Console(highlight=False, emoji=False)  # the report itself, on standard output
    stdout.print(_status_table(found))
    behind = sum(s.new for s in found)
    stdout.print("untranslated: empty, English pasted as a translation (not kept by '# keep:' "
              "or keep.yaml), or not in the catalog yet.")  # fmt: skip
    stdout.print("new: strings of the current source that the catalogs do not have yet", end="")
    stdout.print(f" ({behind}: run `make update-po`)." if behind else ".")
    stdout.print(
        "names: organisations' names translated (or kept as written) in signatories.po; "
        "the others are shown as the organisations write them and do not count in %."
    )
    for p in (s.progress for s in found if s.progress.missing):
        stdout.print(f"\n{p.language}: {len(p.missing)} to translate", markup=False)
        stdout.print(missing_lines(proj, p), end="", markup=False, soft_wrap=True)
    return 0


def _status_table(found: Sequence[reports.Status]) -> Table:
    from rich.progress_bar import ProgressBar
    from rich.table import Table

    table = Table(title="Translation progress")
    for column in ("language", "translated", "fuzzy", "untranslated", "", "%", "new", "names"):
        table.add_column(column, justify="left" if column in ("language", "") else "right",
                         min_width=len(column))  # fmt: skip
    for s in found:
        p, names = s.progress, f"{s.names.translated}/{s.names.total}"
        bar = ProgressBar(total=p.total or 1, completed=p.translated, width=6)
        table.add_row(p.language, str(p.translated), str(p.fuzzy), str(p.untranslated), bar,
                      f"{p.percent:.1f}", str(s.new), names)  # fmt: skip
    return table


def parser(proj: project.Project) -> argparse.ArgumentParser:
    """The command line's parser; each command's function is its ``func``."""
    parser = argparse.ArgumentParser(prog="editions", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="an internal error shows its whole traceback")  # fmt: skip
    sub = parser.add_subparsers(dest="command", required=True).add_parser
    p = sub("build", help="build every edition (HTML and PDF per language)")
    add_languages(p, proj.languages)
    p.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("--strict", action="store_true", help="Sphinx warnings are errors")
    p.add_argument("--build-dir", type=Path, default=proj.root / "_build")
    p.set_defaults(func=cmd_build)
    _catalog_commands(sub, proj)
    _publishing_commands(sub, proj)
    return parser


# What ``add_subparsers()`` gives: ``.add_parser``, which makes one command's parser.
AddParser = Callable[..., argparse.ArgumentParser]


def command(
    sub: AddParser, proj: project.Project, name: str, help: str,
    func: Command, languages: Sequence[str] | None = None, build_dir: bool = True,
) -> argparse.ArgumentParser:  # fmt: skip
    """A command's parser, with ``--languages`` (among ``languages``) and ``--build-dir``."""
    p = sub(name, help=help)
    if languages is not None:
        add_languages(p, languages)
    if build_dir:
        p.add_argument("--build-dir", type=Path, default=proj.root / "_build")
    p.set_defaults(func=func)
    return p


def _catalog_commands(sub: AddParser, proj: project.Project) -> None:
    """gettext, update-po, the checks, add-language."""
    command(sub, proj, "gettext", "extract message templates (.pot) from the sources", cmd_gettext)
    command(sub, proj, "update-po", "merge the templates into every language's catalogs",
            cmd_update_po, proj.translations)  # fmt: skip
    p = command(sub, proj, "check-po", "check catalogs: syntax, headers, markup, numbers, "
                "spelling", cmd_check_po, proj.translations, build_dir=False)  # fmt: skip
    p.add_argument(
        "--changed", action="store_true", help="only catalogs changed since the last commit"
    )
    p.add_argument("--no-spelling", action="store_true", help="skip the Hunspell check")
    command(sub, proj, "check-merged", "fail if the catalogs lack strings of the English",
            cmd_check_merged, proj.translations)  # fmt: skip
    command(sub, proj, "check-publish", "refuse incomplete languages that are not drafts",
            cmd_check_publish, proj.languages)  # fmt: skip
    p = command(sub, proj, "add-language", "add a language: register it, create its catalogs",
                cmd_add_language)  # fmt: skip
    p.add_argument("code", help="ISO 639 code, e.g. pl")
    p = command(sub, proj, "remove-language", "remove a language: its catalogs, its registration",
                cmd_remove_language, build_dir=False)  # fmt: skip
    p.add_argument("code", help="e.g. pl")


def _publishing_commands(sub: AddParser, proj: project.Project) -> None:
    """rtd-replay, preview, release, sphinx-language, serve, clean, status."""
    p = command(sub, proj, "rtd-replay", "replay Read the Docs' build of each language",
                cmd_rtd_replay, proj.languages, build_dir=False)  # fmt: skip
    p.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument(
        "--pull-request",
        action="store_true",
        help="only the pull-request build (html only, the source language only)",
    )
    p.add_argument("--config", type=Path, help="another configuration than .readthedocs.yaml")

    p = command(sub, proj, "preview", "serve every edition, rebuilt on every change",
                cmd_preview, proj.languages)  # fmt: skip
    p.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("--port", type=int, default=8000)

    p = command(sub, proj, "release", "tag a text version once every language passes",
                cmd_release, build_dir=False)  # fmt: skip
    p.add_argument("version", help="e.g. 1.0: the tag is v1.0")
    p = command(sub, proj, "sphinx-language", "Read the Docs' language code as Sphinx's",
                cmd_sphinx_language, build_dir=False)  # fmt: skip
    p.add_argument("code", help="e.g. pt-br (READTHEDOCS_LANGUAGE)")
    p = command(sub, proj, "serve", "serve the built editions on localhost", cmd_serve)
    p.add_argument("--port", type=int, default=8000)
    command(sub, proj, "clean", "delete the build folder (only one that a build made)", cmd_clean)
    command(sub, proj, "status", "translated / fuzzy / untranslated counts per language",
            cmd_status, proj.translations)  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    """Parse, run the command, and turn every expected failure into one line (no traceback)."""
    proj: project.Project | None = None
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv[:1] == ["new"]:  # the one command made outside a project
            return cmd_new(new_parser().parse_args(argv[1:]))
        if argv[:1] in (["-h"], ["--help"]) and not project.inside_project():
            new_parser().print_help()  # outside a project, its help is the one there is
            return 0
        proj = project.load()
        args = parser(proj).parse_args(argv)
        if args.verbose:  # the builds' processes take this process's environment
            os.environ[worker.TRACEBACKS] = "1"
        return int(args.func(args, proj))
    except KeyboardInterrupt:  # first: the clauses below load modules, which Ctrl-C may have cut
        out().print(release.INTERRUPTED)
        return 130
    except project.LanguageError as exc:  # a code given on the command line
        error(str(exc))
        return 2
    except project.Refused as exc:
        if exc.problems:
            return fail(exc.problems, str(exc))
        out().print(str(proj.located(exc.problem) if proj else exc), markup=False)
        return 2
    except shutil.Error as exc:  # copying a tree failed: disk full, or a file unreadable
        first = exc.args[0][0] if exc.args and exc.args[0] else ("", "", str(exc))
        error(f"{first[1]}: {first[2]}")
        return 1
    except OSError as exc:  # disk full, read-only folder, missing file...
        where = f"{exc.filename}: " if exc.filename else ""
        error(f"{where}{exc.strerror or exc}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
