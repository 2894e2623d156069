"""`make preview`: every edition served as it will be published, rebuilt and reloaded live.

The site is the one the build publishes (``_build/site/``: ``<lang>/index.html`` with its PDF
beside it, the root pages). sphinx-autobuild's server watches the sources, the catalogs, the
data files and the project's code; on a change it runs the project's own build (what
``python -m editions build`` runs), which rebuilds only the languages whose input changed and
keeps the previous edition of a language whose input is bad (printing ``file:line:
message``), then reloads every open page. Such a page says at its top that it is the
previous version, and why, until its input is fixed.

Each rebuild is a new process, forked from a server that the preview starts once (Python's
forkserver, which ends with the preview) and that has imported Sphinx, MyST, Typst and the
pipeline: the rebuild starts warm, forks its languages' processes from itself, and leaves
nothing behind for the next one. Once the tool's own code has changed, rebuilds run
``python -m editions build`` instead, a cold process that imports the code as it is.

sphinx-autobuild documents its command line only. Its command always runs ``sphinx-build``
after the hooks, so this module assembles its server from its parts (``RebuildServer``,
``JavascriptInjectorMiddleware``) as its own ``__main__`` does, in the pinned version
(``pyproject.toml``); the preview test covers them.
"""

from __future__ import annotations

import asyncio
import hashlib
import html
import multiprocessing
import os
import re
import socket
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext
from pathlib import Path
from typing import Any

import uvicorn
import watchfiles
from sphinx_autobuild.middleware import JavascriptInjectorMiddleware  # type: ignore[import-untyped]
from sphinx_autobuild.server import RebuildServer  # type: ignore[import-untyped]
from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.routing import Mount, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import editions
from editions.pipeline import worker
from editions.pipeline.build import Pipeline
from editions.project import KEEP_LIST, Project, url_path

HOST = "127.0.0.1"
# How long (ms) the watcher waits without a new change before it rebuilds (watchfiles' default
# is 50): an editor's save is a write or two in a row; a longer change (a checkout) may take
# two rebuilds, the second building what the first missed.
STEP = 10
# What an edition is built from and an editor changes; conf.py and pyproject.toml are not
# watched (a change there needs a restart).
WATCHED = ("docs", "locale", "src")


def say(message: str) -> None:
    print(f"[preview] {message}", flush=True)


# What the preview's server imports before it forks a rebuild: what a language's build loads,
# the pipeline around it and the command line that runs it.
PRELOAD = [*worker.PRELOAD, __name__, "editions.cli", "editions.gate.preflight",
           "editions.pipeline.site", "rich.console"]  # fmt: skip


@dataclass(frozen=True)
class Rebuild:
    """The build run on each change, in a new process forked from the preview's server
    (picklable): the project's build, given its command's arguments. ``code``: the tool's
    code (:func:`code`) when the server imported it; ``main``: the command line's entry point
    (``python -m editions``), given by the command line, a layer above this one."""

    root: Path
    arguments: tuple[str, ...]
    code: str
    main: Callable[[list[str]], int]

    def __call__(self, *, changed_paths: Sequence[Path] = ()) -> None:
        if changed_paths:
            # Relative to the root where they are inside it (a watched folder may be a link).
            names = sorted({os.path.relpath(p, self.root) for p in changed_paths[:5]})
            say(f"changed: {', '.join(names)}; rebuilding what depends on it")
        # A language whose input is bad is reported by the build (file:line: message) and
        # keeps its previous edition: the preview goes on serving.
        if self.build() != 0:
            say("a language was not rebuilt (see above): its page stays as it was, and says why")
        if changed_paths:
            say("open pages reload; waiting for changes (Ctrl-C stops)")

    def build(self) -> int:
        """The build's exit status: run in this process, warm, while the tool's code is the
        one the server imported; otherwise by a new one, which imports it as it is now."""
        if code() != self.code:
            command = [sys.executable, "-m", "editions", *self.arguments]
            return subprocess.run(command, cwd=self.root, check=False).returncode
        os.chdir(self.root)  # this process is this rebuild's only
        # A line per language, not a live table: the table's thread would keep this process
        # from forking its languages' processes warm (`build._start_method`).
        os.environ["TTY_COMPATIBLE"] = "0"
        return self.main(list(self.arguments))


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


def code() -> str:
    """A digest of the tool's Python code as it is on disk."""
    digest = hashlib.sha256()
    for path in sorted(Path(editions.__file__).parent.rglob("*.py")):
        digest.update(f"{path}\0".encode() + path.read_bytes())
    return digest.hexdigest()


def build_arguments(languages: Sequence[str], build_dir: Path, jobs: int) -> tuple[str, ...]:
    return ("build", "--languages", " ".join(languages), "--jobs", str(jobs),
            "--build-dir", str(build_dir.resolve()))  # fmt: skip


class Watcher(RebuildServer):  # type: ignore[misc]  # sphinx-autobuild has no type hints
    """sphinx-autobuild's watcher with its own loop, which runs each rebuild in a new process
    and then reloads the pages, as sphinx-autobuild's does, except that: the process comes
    from the preview's server (:func:`warm_server`; sphinx-autobuild's forks the web server);
    a rebuild starts :data:`STEP` ms after the last change; an error in a rebuild (raised by
    the callback, or the end of the process it runs in) is reported and the watching goes on
    (sphinx-autobuild's stops)."""

    async def watch(self) -> None:
        async for changes in watchfiles.awatch(
            *self.paths, watch_filter=lambda _, path: not self.ignore(path), step=STEP
        ):
            changed = [Path(path).resolve() for _, path in changes]
            try:
                await asyncio.to_thread(run_warm, self.change_callback, changed)
            except Exception as exc:
                internal_error(exc)
            else:
                self.flag.set()


def warm_server() -> ForkServerContext:
    """The processes forked from the preview's server: Python's forkserver, which imports
    :data:`PRELOAD` once and ends with the preview."""
    return multiprocessing.get_context("forkserver")


def run_warm(rebuild: Callable[..., None], changed: Sequence[Path] = ()) -> None:
    """Run ``rebuild`` in a new process forked from the preview's server, and wait for it to
    end; its error is raised here. The process ends with its rebuild: one of a pool waits for
    more work, forever once the preview is killed (``kill -9``), and keeps the server alive."""
    context = warm_server()
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_run, args=(rebuild, changed, send))
    process.start()
    send.close()
    process.join()
    with receive:
        try:
            error = receive.recv() if receive.poll() else None
        except EOFError:  # it ended without a word: no error
            error = None
    if error is None and process.exitcode:
        error = f"its process ended with status {process.exitcode}"
    if error is not None:
        raise RebuildFailed(error)


class RebuildFailed(Exception):
    """A rebuild's error, as its process said it (``Type: message``)."""


def _run(rebuild: Callable[..., None], changed: Sequence[Path], errors: Connection) -> None:
    try:
        rebuild(changed_paths=changed)
    except Exception as exc:  # said by the preview, in one line
        errors.send(f"{type(exc).__name__}: {exc}"[:1000])  # within the pipe's buffer
    except KeyboardInterrupt:  # Ctrl-C stops the preview too, which says so
        pass


def internal_error(exc: Exception) -> None:
    error = str(exc) if isinstance(exc, RebuildFailed) else f"{type(exc).__name__}: {exc}"
    say(f"internal error in this rebuild ({error}); watching for changes")


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


def serve(
    project: Project, languages: Sequence[str], build_dir: Path, port: int, jobs: int,
    main: Callable[[list[str]], int],
) -> int:  # fmt: skip
    """Build what is stale (``main``: the command line, which runs the build), then serve and
    rebuild until Ctrl-C; 2 if the port is taken."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((HOST, port))
    except OSError as exc:
        listener.close()
        say(f"port {port}: {exc.strerror}; choose another: make preview PORT={port + 1}")
        return 2
    warm_server().set_forkserver_preload(PRELOAD)  # before it starts, with the first build
    rebuild = Rebuild(project.root, build_arguments(languages, build_dir, jobs), code(), main)
    say(f"building the editions of {' '.join(languages)} (only what changed since the last build)")
    try:
        try:  # in a process of the server, as the watcher runs the next ones
            run_warm(rebuild)
        except Exception as exc:
            internal_error(exc)
        address = f"{HOST}:{port}"
        refusal = Pipeline(project, build_dir.resolve()).refusal
        app = application(project, build_dir / "site", rebuild, address, refusal)
        say(
            f"serving every edition on http://{address}/ (<lang>/index.html, its PDF beside "
            "it); rebuilt on every change (Ctrl-C stops)"
        )
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
        server.run(sockets=[listener])
    except KeyboardInterrupt:  # how a preview ends: each build has said what it published
        say(f"stopped; the site is as its last build left it ({build_dir / 'site'})")
        return 130
    return 0
