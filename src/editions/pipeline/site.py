"""The files around the editions: the root page (editions.pipeline.site_root), the status page."""

from __future__ import annotations

import contextlib
import functools
import http
import http.server
import io
from collections.abc import Callable, Sequence
from html import escape
from pathlib import Path
from typing import BinaryIO

from editions.data import progress
from editions.data.languages import native_name
from editions.pipeline import site_root
from editions.project import Project, Refused, bcp47
from editions.translation import catalogs

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; color: #1a1a1a; }
.scroll { overflow-x: auto; } table { border-collapse: collapse; }
th, td { padding: .3rem .8rem; text-align: left; }
td.n { text-align: right; white-space: nowrap; } th { border-bottom: 1px solid #999; }
.bar { display: inline-block; width: 10rem; height: .8rem; background: #ddd; }
.bar span { display: block; height: 100%; background: #2b6e3f; }
a { color: #0b4f9c; } code { overflow-wrap: anywhere; }
"""


def write_root(
    project: Project, folder: Path, languages: list[str], pots: Sequence[Path] | None = None
) -> None:
    """The files at the root of a release: the page that leads to each edition (and, with a
    base URL, ``sitemap.xml`` and ``robots.txt``), and the translation status page."""
    base_url = project.base_url
    site_root.write_root(folder, languages, project.source_language, base_url)
    icon = site_root.icon_link(languages, project.source_language)
    (folder / "status.html").write_text(status(project, pots, icon), encoding="utf-8")


def status(project: Project, pots: Sequence[Path] | None = None, icon: str = "") -> str:
    """Progress per language (:func:`editions.translation.catalogs.progress`) and what each
    one lacks; ``icon``: the ``<link rel="icon">`` of the site."""
    rows, details = [], []
    for code in project.translations:
        draft = " (draft)" if code in project.drafts else ""
        try:
            p = catalogs.progress(project, code, pots)
        except (OSError, ValueError, Refused):  # the gate refused it: the others still publish
            name = f'<td lang="{bcp47(code)}">{escape(native_name(code))}{draft}</td>'
            rows.append(f'<tr>{name}<td colspan="5">unreadable catalogs: make check-po</td></tr>')
            continue
        rows.append(
            f'<tr><td lang="{bcp47(code)}">{escape(native_name(code))}{draft}</td>'
            f'<td class="n">{p.translated}</td><td class="n">{p.fuzzy}</td>'
            f'<td class="n">{p.untranslated}</td><td class="n">{p.percent:.1f} %</td>'
            f'<td><span class="bar" role="img" aria-label="{p.percent:.0f} %">'
            f'<span style="width: {p.percent:.1f}%"></span></span></td></tr>'
        )
        details.append(_missing(project, code, p))
    body = (
        # On a phone the table scrolls in its own region, not the page (WCAG reflow).
        '<h1 id="title">Translation status</h1>\n'
        '<div class="scroll" role="region" aria-labelledby="title" tabindex="0">\n<table>\n'
        "<thead><tr><th>Language</th><th>Translated</th>"
        "<th>Fuzzy</th><th>Untranslated</th><th>Done</th><th>Progress</th></tr></thead>\n<tbody>\n"
        + "\n".join(rows)
        + "\n</tbody>\n</table>\n</div>\n"
        + "<p>Strings of the current English text, as <code>make status</code> counts them: "
        "fuzzy, empty, English pasted as a translation and strings not yet in a catalog are not "
        "translated. Organisations' names are not counted: until translated, a name is shown "
        "as the organisation writes it.</p>\n" + "\n".join(details)
    )
    # For the team, not for readers: search engines leave it out.
    head = (
        '<meta name="robots" content="noindex">\n<meta name="description" content="How much '
        f'of the statement each language has translated, and what it lacks">\n{icon}\n'
    )
    return site_root.page("en", "Translation status", f"<main>\n{body}\n</main>", style=STYLE,
                          head=head)  # fmt: skip


def _missing(project: Project, code: str, p: progress.Progress) -> str:
    """What ``code`` lacks: where each string is, why, and the English's first words."""
    name = f'<span lang="{bcp47(code)}">{escape(native_name(code))}</span>'
    heading = f'<h2 id="{code}">{name}</h2>'
    if not p.missing:
        return f"{heading}\n<p>Nothing missing.</p>"
    folder = f"locale/{code}/LC_MESSAGES"
    items = "\n".join(
        f"<li><code>{escape(folder)}/{escape(m.where())}</code> {escape(m.state)}: "
        f'<q lang="{bcp47(project.source_language)}">{escape(m.words())}</q></li>'
        for m in p.missing
    )
    return f"{heading}\n<ul>\n{items}\n</ul>"


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Regular files of the release only: a link placed in it that leads out of it (to
    ``/etc``...) is not followed, and no folder is listed."""

    def send_head(self) -> io.BytesIO | BinaryIO | None:
        path = Path(self.translate_path(self.path))
        root = Path(self.directory).resolve()  # the release the link names now
        page = path / "index.html" if path.is_dir() else path
        real = page.resolve()
        if not (real.is_relative_to(root) and real.is_file()):
            self.send_error(http.HTTPStatus.NOT_FOUND, "File not found")
            return None
        return super().send_head()  # a folder without index.html is refused above: no listing


def serve(site_dir: Path, port: int, ready: Callable[[str], None]) -> None:
    """Serve the published release on localhost until Ctrl-C; ``ready`` gets its address."""
    if not site_dir.is_dir():
        raise Refused("nothing built yet: run `make` first")
    handler = functools.partial(_SiteHandler, directory=str(site_dir))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        why = f"port {port}: {exc.strerror}; choose another: make serve PORT=8001"
        raise Refused(why) from None
    with server, contextlib.suppress(KeyboardInterrupt):
        ready(f"http://127.0.0.1:{port}/")
        server.serve_forever()
