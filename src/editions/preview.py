"""`make preview`: every edition served as it will be published, rebuilt and reloaded live.

The site is the one the build publishes (``_build/site/``: ``<lang>/index.html`` with its PDF
beside it, the root pages). sphinx-autobuild's server watches the sources, the catalogs, the
data files and the project's code; on a change it runs the project's own build
(``python -m editions build``), which rebuilds only the languages whose input changed and
keeps the previous edition of a language whose input is bad (printing ``file:line:
message``), then reloads every open page. Such a page says at its top that it is the
previous version, and why, until its input is fixed.

sphinx-autobuild documents its command line only. Its command always runs ``sphinx-build``
after the hooks, so this module assembles its server from its parts (``RebuildServer``,
``JavascriptInjectorMiddleware``) as its own ``__main__`` does, in the pinned version
(``pyproject.toml``); the preview test covers them.
"""

from __future__ import annotations

import asyncio
import html
import os
import re
import socket
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn
from sphinx_autobuild.middleware import JavascriptInjectorMiddleware  # type: ignore[import-untyped]
from sphinx_autobuild.server import RebuildServer  # type: ignore[import-untyped]
from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.routing import Mount, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from editions.build import Pipeline
from editions.project import KEEP_LIST, Project, url_path

HOST = "127.0.0.1"
# What an edition is built from and an editor changes; conf.py and pyproject.toml are not
# watched (a change there needs a restart).
WATCHED = ("docs", "locale", "src")


def say(message: str) -> None:
    print(f"[preview] {message}", flush=True)


@dataclass(frozen=True)
class Rebuild:
    """The build run on each change (in a process of sphinx-autobuild's pool: picklable)."""

    root: Path
    command: tuple[str, ...]

    def __call__(self, *, changed_paths: Sequence[Path] = ()) -> None:
        if changed_paths:
            # Relative to the root where they are inside it (a watched folder may be a link).
            names = sorted({os.path.relpath(p, self.root) for p in changed_paths[:5]})
            say(f"changed: {', '.join(names)}; rebuilding what depends on it")
        # A language whose input is bad is reported by the build (file:line: message) and
        # keeps its previous edition: the preview goes on serving.
        if subprocess.run(self.command, cwd=self.root, check=False).returncode != 0:
            say("a language was not rebuilt (see above): its page stays as it was, and says why")
        if changed_paths:
            say("open pages reload; waiting for changes (Ctrl-C stops)")


@dataclass(frozen=True)
class Unwatched:
    """The paths under the watched folders whose changes are not input: the team's notes,
    what an editor writes beside the catalogs (Poedit's ``.mo``), bytecode, temporary files."""

    project: Project

    def __call__(self, path: str) -> bool:
        file = Path(path)
        name = file.name
        if "__pycache__" in file.parts or name.startswith((".", "#")) or name.endswith("~"):
            return True
        if file.is_relative_to(self.project.docs / "project"):
            return True
        return (file.is_relative_to(self.project.locale) and file.suffix != ".po"
                and file.name != KEEP_LIST)  # fmt: skip


def build_command(
    project: Project, languages: Sequence[str], build_dir: Path, jobs: int
) -> tuple[str, ...]:
    return (
        sys.executable, "-m", "editions", "build", "--languages", " ".join(languages),
        "--jobs", str(jobs), "--build-dir", str(build_dir.resolve()),
    )  # fmt: skip


class Watcher(RebuildServer):  # type: ignore[misc]  # sphinx-autobuild has no type hints
    """sphinx-autobuild's watcher, which stops watching at the first exception of a rebuild
    (raised by the callback, or by the process pool it runs in); this one says so and
    watches on."""

    async def watch(self) -> None:
        while True:
            try:
                await super().watch()
                return
            except Exception as exc:
                say(f"internal error in this rebuild ({type(exc).__name__}: {exc}); "
                    "watching for changes again")  # fmt: skip


class RefusalNotice:
    """ASGI middleware: a page of an edition whose last build was refused or failed (the
    preview serves its previous version) says so at its top, with the build's reasons."""

    def __init__(self, app: ASGIApp, refusal: Callable[[str], list[str]]) -> None:
        self.app, self.refusal = app, refusal

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if scope["type"] != "http" or scope["method"] != "GET" or not path.endswith((".html", "/")):
            await self.app(scope, receive, send)
            return
        # Always the whole page: a browser's cached copy may hold a notice no longer true.
        headers = [(k, v) for k, v in scope["headers"]
                   if k not in (b"if-none-match", b"if-modified-since")]  # fmt: skip
        scope = {**scope, "headers": headers}
        language = path.strip("/").partition("/")[0]
        problems = await asyncio.to_thread(self.refusal, language) if language else []
        if not problems:
            await self.app(scope, receive, send)
            return
        notice = refusal_notice(problems).encode()
        start: dict[str, Any] = {}
        body = b""

        async def insert(message: Message) -> None:
            nonlocal body
            if message["type"] == "http.response.start":
                start.update(message)
                return
            body += message.get("body", b"")
            if message.get("more_body", False):
                return
            if MutableHeaders(raw=start["headers"]).get("content-type", "").startswith("text/html"):
                at = m.end() if (m := re.search(rb"<body[^>]*>", body)) else 0
                body = body[:at] + notice + body[at:]
                MutableHeaders(scope=start)["content-length"] = str(len(body))
            await send(start)
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, insert)


def refusal_notice(problems: Sequence[str]) -> str:
    """What the page of a refused edition says (in English: it is the translator's tool)."""
    shown = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in problems[:10])
    more = f"<li>… {len(problems) - 10} more (see the terminal)</li>" if len(problems) > 10 else ""
    return (
        '<div class="preview-refused" role="alert" lang="en" dir="ltr" style="background:#fff3cd;'
        'color:#000;border:2px solid #b00;padding:0.5em 1em;margin:0">'
        "<p><strong>Preview: this is the previous version of this edition.</strong> "
        "Its input was not published, for these reasons (fix them and it is rebuilt):</p>"
        f"<ul>{shown}{more}</ul></div>"
    )


def application(
    project: Project, site: Path, rebuild: Callable[..., None], address: str,
    refusal: Callable[[str], list[str]],
) -> Starlette:  # fmt: skip
    """The ASGI app: the site's files, each HTML page with the reload script (and, for a
    refused edition, the notice), and the socket that tells the pages to reload after each
    rebuild."""
    watched = [project.root / name for name in WATCHED if (project.root / name).is_dir()]
    watcher = Watcher(watched, Unwatched(project), change_callback=rebuild)
    # The site is a link replaced by each release: resolved per request, never cached.
    files = StaticFiles(directory=site, html=True, check_dir=False)
    languages = {url_path(code): code for code in project.languages}  # /pt-BR/ is pt_BR's

    def refused(folder: str) -> list[str]:
        return refusal(languages[folder]) if folder in languages else []

    return Starlette(
        routes=[WebSocketRoute("/websocket-reload", watcher), Mount("/", app=files)],
        middleware=[
            Middleware(JavascriptInjectorMiddleware, ws_url=address),
            Middleware(RefusalNotice, refusal=refused),  # inside: the script goes after it
        ],
        lifespan=watcher.lifespan,
    )


def serve(project: Project, languages: Sequence[str], build_dir: Path, port: int, jobs: int) -> int:
    """Build what is stale, then serve and rebuild until Ctrl-C; 2 if the port is taken."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((HOST, port))
    except OSError as exc:
        listener.close()
        say(f"port {port}: {exc.strerror}; choose another: make preview PORT={port + 1}")
        return 2
    rebuild = Rebuild(project.root, build_command(project, languages, build_dir, jobs))
    say(f"building the editions of {' '.join(languages)} (only what changed since the last build)")
    rebuild()
    address = f"{HOST}:{port}"
    refusal = Pipeline(project, build_dir.resolve()).refusal
    app = application(project, build_dir / "site", rebuild, address, refusal)
    say(
        f"serving every edition on http://{address}/ (<lang>/index.html, its PDF beside it);"
        " rebuilt on every change (Ctrl-C stops)"
    )
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    server.run(sockets=[listener])
    return 0
