"""`make preview`: every edition served as published, rebuilt and reloaded on every change."""

from __future__ import annotations

import asyncio
import functools
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import polib
import pytest
from bs4 import BeautifulSoup
from starlette.types import Message

from conftest import (
    FIRST,
    LANGUAGES,
    SOURCE_DATE_EPOCH,
    TRANSLATIONS,
    append,
    copy_repository,
    one,
    run_editions,
)
from editions import project as project_module
from editions.cli import main
from editions.pipeline.preview import Rebuild, Unwatched, application


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Preview:
    """A running `python -m editions preview` in a repository, its output in a file (with
    every module each of its processes imports, and how long it took, when ``imports``)."""

    def __init__(self, root: Path, log: Path, *, imports: bool = False) -> None:
        self.root, self.log, self.port = root, log, free_port()
        env = os.environ | {"PYTHONPATH": str(root / "src"),
                            "SOURCE_DATE_EPOCH": str(SOURCE_DATE_EPOCH)}  # fmt: skip
        if imports:
            env["PYTHONPROFILEIMPORTTIME"] = "1"
        command = [sys.executable, "-m", "editions", "preview", "--port", str(self.port)]
        with open(log, "w") as out:
            self.proc = subprocess.Popen(command, cwd=root, stdout=out, stderr=subprocess.STDOUT,
                                         env=env, start_new_session=True)  # fmt: skip

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def fetch(self, path: str) -> str:
        url = f"http://127.0.0.1:{self.port}/{path}"
        with urllib.request.urlopen(url, timeout=5) as response:
            return bytes(response.read()).decode("utf-8", "replace")

    def until(self, path: str, ready: Callable[[str], bool], timeout: float = 15) -> str:
        """The page at ``path`` once ``ready`` says so (polled: the rebuild takes a moment)."""
        page, deadline = "", time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"the preview stopped:\n{self.output()}"
            try:
                page = self.fetch(path)
            except OSError:
                page = ""
            if ready(page):
                return page
            time.sleep(0.2)
        raise AssertionError(f"{path}: not as expected in {timeout} s\n{self.output()}")

    def rebuilt(self, change: Callable[[], None], timeout: float = 60) -> str:
        """The output of the rebuild that ``change`` causes, once it is over."""
        start = len(self.output())
        change()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"the preview stopped:\n{self.output()}"
            after = self.output()[start:]
            if re.search(r"\[preview\] changed: .*\n(.*\n)*\[preview\] open pages reload", after):
                return after
            time.sleep(0.2)
        raise AssertionError(f"no rebuild in {timeout} s\n{self.output()[start:]}")

    def stop(self) -> None:
        """Ctrl-C, as a terminal sends it to every process of the preview: none is left."""
        os.killpg(self.proc.pid, signal.SIGINT)
        self.proc.wait(timeout=30)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                os.killpg(self.proc.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)
        os.killpg(self.proc.pid, signal.SIGKILL)
        raise AssertionError(f"processes of the preview left running\n{self.output()}")


@pytest.fixture
def preview(built: Path, tmp_path: Path) -> Iterator[Preview]:
    """A preview of a copy of the session's built repository (its editions are up to date)."""
    root = tmp_path / "repo"
    shutil.copytree(built, root, symlinks=True)
    running = Preview(root, tmp_path / "preview.log")
    yield running
    running.stop()


def edit_translation(po_path: Path, comment: str, add: str) -> None:
    catalog = polib.pofile(str(po_path))
    entry = next(e for e in catalog if e.comment == comment)
    entry.msgstr += add
    catalog.save()


def _has_language(code: str, page: str) -> bool:
    return f'lang="{code}"' in page


def test_preview_rebuilds_each_edition_on_a_change_and_survives_a_bad_catalog(
    preview: Preview,
) -> None:
    for code in LANGUAGES:
        preview.until(f"{code}/index.html", functools.partial(_has_language, code))
        assert preview.fetch(f"{code}/statement-{code}.pdf").startswith("%PDF")
    assert "websocket-reload" in preview.fetch("")  # the root page, with the reload script

    # A translator edits one entry: that language's page changes.
    edit_translation(preview.root / "locale/sr/LC_MESSAGES/index.po", "Paragraph", " Тест.")
    preview.until("sr/index.html", lambda page: "Тест." in page)

    # An editor changes a paragraph of the English: every page shows it (untranslated yet).
    index = preview.root / "docs/index.md"
    sentence = "A sentence added in the preview."
    text = index.read_text(encoding="utf-8")
    index.write_text(text.replace(FIRST, f"{sentence} {FIRST}", 1), encoding="utf-8")
    pages = {code: preview.until(f"{code}/index.html", lambda page: sentence in page)
             for code in LANGUAGES}  # fmt: skip

    # A broken catalog: the error is shown as file:line in the terminal and in the page,
    # which is its last version, until the catalog is fixed.
    code = TRANSLATIONS[-1]
    po = preview.root / f"locale/{code}/LC_MESSAGES/index.po"
    committed = po.read_bytes()
    with open(po, "a", encoding="utf-8") as f:
        f.write('\nmsgid "x"\nmsgstr "unterminated\n')
    where = rf"locale/{code}/LC_MESSAGES/index\.po:\d+: "
    page = preview.until(f"{code}/index.html", lambda page: "preview-refused" in page)
    assert re.search(where, preview.output()), preview.output()
    shown = BeautifulSoup(page, "html.parser")
    notice = one(shown, ".preview-refused")
    assert "previous version" in notice.get_text() and re.search(where, notice.get_text())
    notice.decompose()
    assert str(shown) == str(BeautifulSoup(pages[code], "html.parser"))
    url = f"http://127.0.0.1:{preview.port}/{code}/index.html"
    with urllib.request.urlopen(url, timeout=5) as response:
        etag = response.headers["ETag"]
    po.write_bytes(committed)  # fixed: given back what the page was built from
    preview.until(f"{code}/index.html", lambda page: "preview-refused" not in page)
    # A browser asks whether its copy (with the notice) is still good: it is sent the page.
    request = urllib.request.Request(url, headers={"If-None-Match": etag})
    with urllib.request.urlopen(request, timeout=5) as response:
        assert b"preview-refused" not in response.read()
    assert preview.proc.poll() is None


def imported(output: str) -> set[str]:
    """The modules whose import ``output`` (``-X importtime``) shows."""
    return set(re.findall(r"^import time:.*\|\s*([\w.]+)$", output, re.M))


def test_rebuilds_start_warm_until_the_tools_code_changes(built: Path, tmp_path: Path) -> None:
    """A catalog edited: rebuilt in a process that imports neither Sphinx, MyST nor Typst (the
    preview's server did, once). The tool's code edited: rebuilt by that code as it is now,
    not by the modules the server imported. Ctrl-C then says the preview stopped."""
    root = Path(shutil.copytree(built, tmp_path / "repo", symlinks=True))
    preview = Preview(root, tmp_path / "preview.log", imports=True)
    try:
        code = TRANSLATIONS[0]
        preview.until(f"{code}/index.html", functools.partial(_has_language, code))
        po = root / f"locale/{code}/LC_MESSAGES/index.po"
        output = preview.rebuilt(lambda: edit_translation(po, "Paragraph", " Warm."))
        assert f"{code:4} built" in output, output
        assert not imported(output) & {"sphinx.application", "myst_parser", "typst"}, output
        preview.until(f"{code}/index.html", lambda page: "Warm." in page)

        extension = root / "src/editions/sphinxext/__init__.py"
        mark = "the extension as edited in the preview"
        output = preview.rebuilt(lambda: append(extension, f"\nprint({mark!r})\n"))
        assert mark in output and f"{code:4} built" in output, output
    finally:
        preview.stop()
    # Ctrl-C is how a preview ends, once its rebuilds have published: it says so, not that
    # the editions are as they were before it.
    assert "as they were before" not in preview.output()
    assert "[preview] stopped" in preview.output()


class FailsFirst:
    """A rebuild that raises the first time (as a build error inside the preview's own code
    would), then counts its calls in ``log``; picklable, as the watcher's process pool needs."""

    def __init__(self, log: Path) -> None:
        self.log = log

    def __call__(self, *, changed_paths: Sequence[Path] = ()) -> None:
        calls = self.log.read_text() if self.log.exists() else ""
        self.log.write_text(calls + "x")
        if not calls:
            raise RuntimeError("an internal error")


def test_the_preview_rebuilds_after_an_error_in_a_rebuild(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    log = tmp_path / "calls"
    app = application(project_module.load(root), tmp_path / "site", FailsFirst(log),
                      "127.0.0.1:1", lambda _language: [])  # fmt: skip

    async def serve() -> None:
        deadline = time.monotonic() + 30
        async with app.router.lifespan_context(app):  # runs the watcher, as the server does
            while len(log.read_text() if log.exists() else "") < 2:
                assert time.monotonic() < deadline, "no rebuild after the error"
                append(root / "docs/index.md", "\nA change.\n")
                await asyncio.sleep(0.5)

    asyncio.run(serve())


def test_a_refused_edition_at_its_bcp_47_path_is_marked(tmp_path: Path) -> None:
    """The site's folder of pt_BR is ``pt-BR/``: a page there is the refused language's."""
    site = tmp_path / "site"
    for folder in ("en", "pt-BR"):
        (site / folder).mkdir(parents=True)
        (site / folder / "index.html").write_text("<html><body><p>edition</p></body></html>")
    asked: list[str] = []

    def refusal(language: str) -> list[str]:
        asked.append(language)
        return [f"locale/{language}/LC_MESSAGES/index.po:3: refused"] if language != "en" else []

    proj = project_module.Project(tmp_path, "en", ("en", "pt_BR"))
    app = application(proj, site, lambda **_: None, "127.0.0.1:1", refusal)

    async def get(path: str) -> str:
        sent: list[Message] = []
        requests = [{"type": "http.request", "body": b"", "more_body": False}]

        async def receive() -> Message:
            if requests:
                return requests.pop()
            await asyncio.Event().wait()  # the client stays connected until the response ends
            raise AssertionError

        async def send(message: Message) -> None:
            sent.append(message)

        scope = {"type": "http", "method": "GET", "path": path, "raw_path": path.encode(),
                 "query_string": b"", "headers": [], "root_path": "", "scheme": "http",
                 "server": ("127.0.0.1", 1), "http_version": "1.1"}  # fmt: skip
        await app(scope, receive, send)
        body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
        return body.decode()

    pages = {path: asyncio.run(get(path)) for path in ("/pt-BR/index.html", "/en/", "/pt_BR/")}
    assert "locale/pt_BR/LC_MESSAGES/index.po:3: refused" in pages["/pt-BR/index.html"]
    assert "preview-refused" not in pages["/en/"] and asked == ["pt_BR", "en"]


def test_preview_names_a_taken_port(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = run_editions(root, "preview", "--port", str(port))
    assert proc.returncode == 2
    assert f"make preview PORT={port + 1}" in proc.stdout + proc.stderr


def test_only_input_triggers_a_rebuild(tmp_path: Path) -> None:
    proj = project_module.Project(tmp_path, "en", ("en", "sr"))
    unwatched = Unwatched(proj)
    watched = ["docs/index.md", "docs/signatories.yaml", "locale/sr/LC_MESSAGES/index.po",
               "src/editions/sphinxext/html.py"]  # fmt: skip
    ignored = ["docs/project/translators.md", "locale/sr/LC_MESSAGES/index.mo",
               "locale/sr/LC_MESSAGES/.index.mo.123.new", "src/editions/__pycache__/x.pyc",
               "docs/.index.md.swp", "docs/index.md~"]  # fmt: skip
    assert [p for p in watched if unwatched(str(tmp_path / p))] == []
    assert [p for p in ignored if not unwatched(str(tmp_path / p))] == []


def test_a_change_in_a_linked_folder_is_rebuilt(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """The watcher names a change by its real path: a catalog folder linked from elsewhere
    (a translators' checkout) is outside the root."""
    root, elsewhere = tmp_path / "repo", tmp_path / "translations"
    root.mkdir()
    rebuild = Rebuild(root, ("build",), "", main)  # the code changed: a new process builds
    rebuild(changed_paths=[elsewhere / "uk/LC_MESSAGES/index.po"])
    assert "changed: ../translations/uk/LC_MESSAGES/index.po;" in capfd.readouterr().out


def living(group: int) -> list[int]:
    """The processes of process group ``group`` that have not ended (a zombie has)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:  # ended meanwhile
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


KILLED_DURING_A_REBUILD = """
import asyncio, subprocess, sys
from pathlib import Path
from editions import project
from editions.pipeline import preview

root = Path(sys.argv[1])
# The rebuild writes its process's id, then waits until the test lets it end.
wait = f"echo $PPID > {root}/rebuilding; until [ -e {root}/go-on ]; do sleep 0.05; done"
rebuild = preview.Rebuild(root, ("sh", "-c", wait), preview.code(), subprocess.call)
app = preview.application(project.load(root), root / "site", rebuild, "127.0.0.1:1",
                          lambda _language: [])

async def serve() -> None:
    async with app.router.lifespan_context(app):
        await asyncio.sleep(600)

asyncio.run(serve())
"""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes in /proc")
def test_a_preview_killed_during_a_rebuild_leaves_no_process(tmp_path: Path) -> None:
    """``kill -9`` of the preview while a rebuild runs: the rebuild ends when it is over,
    and with it the preview's server; none waits for work that will never come."""
    root = copy_repository(tmp_path / "repo")
    proc = subprocess.Popen([sys.executable, "-c", KILLED_DURING_A_REBUILD, str(root)],
                            cwd=root, start_new_session=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while not (root / "rebuilding").exists():
            assert time.monotonic() < deadline and proc.poll() is None, "no rebuild"
            append(root / "docs/index.md", "\nA change.\n")
            time.sleep(0.5)
        proc.kill()
        proc.wait()
        (root / "go-on").touch()
        deadline = time.monotonic() + 15
        while living(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert living(proc.pid) == []
    finally:
        for pid in living(proc.pid):
            os.kill(pid, signal.SIGKILL)
