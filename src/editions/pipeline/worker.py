"""What a build's pool process does: build one language's editions, or extract the status
page's templates.

The pool's processes are forked from a server process that has imported :data:`PRELOAD`
once, so a language's build starts warm. The main process never imports those modules when
nothing is stale: a no-op build stays at the cost of hashing its inputs. Hence the imports
inside the functions below.
"""

from __future__ import annotations

import io
import logging
import os
import shutil
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from multiprocessing.synchronize import Event

# Imported by the pool's server process before it forks a worker.
PRELOAD = ["editions.pipeline.preload"]
# Sphinx's builders for an edition, in order: the PDF first, so the page can give its checksum.
BUILDERS = ("typst", "html")
# Set (by `python -m editions --verbose`): an error in a build is logged with its traceback.
TRACEBACKS = "EDITIONS_TRACEBACKS"


@dataclass(frozen=True)
class Job:
    """One language's build: where, how, and what the edition says about its text."""

    root: Path
    work: Path
    language: str
    strict: bool
    epoch: int
    pdf: str
    origin: dict[str, str]
    environment: Environment


@dataclass(frozen=True)
class Environment:
    """A build's variables (conf.py reads Read the Docs') and umask (the published files'
    permissions): a pool process has those its forkserver started with, which may be an
    earlier build's in the same process (the preview, the tests), so a job carries its own."""

    variables: dict[str, str]
    umask: int

    @classmethod
    def current(cls) -> Environment:
        mask = os.umask(0o077)  # only setting the umask reads it
        os.umask(mask)
        return cls(dict(os.environ), mask)

    def use(self) -> None:
        """Make it this process's (the time zone included)."""
        os.environ.clear()
        os.environ.update(self.variables)
        time.tzset()
        os.umask(self.umask)


@dataclass(frozen=True)
class Outcome:
    built: bool
    log: list[str]


# Set by the build when it stops (Ctrl-C, an error): the jobs still queued are not run.
_stopped: Event | None = None


def watch(build: int, stopped: Event) -> None:
    """Pool initializer: end this process once the build that started it is gone. A build
    killed (``kill -9``) cannot stop its pool, whose processes would wait for work forever,
    and keep the pool's server alive."""
    import select
    import threading

    global _stopped
    _stopped = stopped

    if not hasattr(os, "pidfd_open"):  # Linux only: elsewhere a killed build's pool lingers
        return
    try:
        gone = os.pidfd_open(build)
    except ProcessLookupError:
        os._exit(1)
    threading.Thread(target=lambda: (select.select([gone], [], []), os._exit(1)),
                     daemon=True).start()  # fmt: skip


def build_edition(job: Job) -> Outcome:
    """Build the language's editions (its input passed the gate) from a fresh environment:
    an incremental build gives the bytes of a clean one."""
    if _stopped is not None and _stopped.is_set():
        return Outcome(False, ["not built: the build was stopped"])
    try:
        job.environment.use()
        shutil.rmtree(job.work, ignore_errors=True)
        job.work.mkdir(parents=True)
        ok, log = run_sphinx(job)
    except KeyboardInterrupt:  # Ctrl-C reaches the pool's processes too: the others stop
        if _stopped is not None:
            _stopped.set()
        return Outcome(False, ["interrupted"])
    except Exception as exc:  # a bug, in an extension's code or ours
        return Outcome(False, error_lines(exc))
    return Outcome(ok, log)


def error_lines(exc: BaseException) -> list[str]:
    """One line for an error; its traceback, causes included, when asked for (``-v``)."""
    if os.environ.get(TRACEBACKS):
        return "".join(traceback.format_exception(exc)).splitlines()
    return [
        f"{type(exc).__name__}: {exc} (its traceback: make VERBOSE=1, or python -m "
        "editions --verbose)"
    ]


class _ErrorCounter(logging.Handler):
    """Counts error-level messages, so that no mode (strict or not) publishes past one."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def run_sphinx(job: Job) -> tuple[bool, list[str]]:
    """Build one language's editions with Sphinx in this process.

    The builders share one environment, so the documents are read and translated once. The
    PDF comes first: the page gives its size and checksum (``editions_pdf_path``).
    """
    from sphinx.errors import SphinxError
    from sphinx.util import console

    from editions.project import Refused

    os.environ["SOURCE_DATE_EPOCH"] = str(job.epoch)
    console.nocolor()
    warnings = io.StringIO()
    for builder in BUILDERS:
        overrides: dict[str, object] = {"language": job.language, "editions_provenance": job.origin,
                     "editions_gated": True,
                     "editions_pdf_path": str(job.work / "typst" / job.pdf)}  # fmt: skip
        try:
            ok = _sphinx(job, builder, overrides, warnings)
        except (SphinxError, OSError, ValueError, Refused) as exc:
            ok = False
            warnings.write("\n".join(error_lines(exc)) + "\n")
        if not ok:
            break
    return ok, [line for line in warnings.getvalue().splitlines() if line.strip()]


def _sphinx(job: Job, builder: str, overrides: dict[str, object], warnings: io.StringIO) -> bool:
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    from editions.sphinxext import private

    private.reset_translators()
    errors = _ErrorCounter()
    # As sphinx-build does: each app registers its nodes and roles afresh.
    with patch_docutils(job.root), docutils_namespace():
        app = Sphinx(
            srcdir=job.root / "docs", confdir=job.root, outdir=job.work / builder,
            doctreedir=job.work / "doctrees", buildername=builder, confoverrides=overrides,
            status=None, warning=warnings, warningiserror=job.strict,
        )  # fmt: skip
        logging.getLogger("sphinx").addHandler(errors)
        try:
            app.build()
        finally:
            logging.getLogger("sphinx").removeHandler(errors)
    return app.statuscode == 0 and errors.count == 0


def extract_templates(
    root: Path, pot_dir: Path, work_dir: Path, environment: Environment
) -> list[Path] | None:
    """The current source's templates, for the status page (None if they cannot be made:
    the page then counts against the catalogs as last merged)."""
    from editions import project
    from editions.translation import catalogs

    environment.use()
    try:
        return catalogs.extract(project.load(root), pot_dir, work_dir, quiet=True)
    except (OSError, project.Refused):
        return None
