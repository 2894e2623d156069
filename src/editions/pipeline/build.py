"""The build pipeline: what is stale, the gate, the build, the release.

An edition (a language's web page and PDF) is built from files whose content is hashed into a
fingerprint; an edition whose fingerprint and published files are unchanged is not rebuilt.
A stale language's input is checked first (bad input stops that language only), then it is
built from scratch (a fresh Sphinx environment) in a pool process
(:mod:`editions.pipeline.worker`): an incremental build gives the same bytes as a clean one,
whatever the files' modification times say. Every language that built is published together
in one release (:mod:`editions.pipeline.release`);
a language that failed keeps its previous edition, and the build's exit status says it failed.

Deciding that nothing is stale needs only the standard library: Sphinx, the checks and the
status page are imported by the pool or once something is to be published.
"""

from __future__ import annotations

import contextlib
import enum
import functools
import hashlib
import importlib
import json
import os
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from editions.data import provenance, system
from editions.pipeline import release, worker
from editions.project import Project, pdf_file_name

if TYPE_CHECKING:
    from concurrent.futures import Executor, Future

# Libraries whose version changes the output.
TOOLCHAIN = (
    "sphinx",
    "myst-parser",
    "markdown-it-py",
    "docutils",
    "babel",
    "typst",
    "pyicu-wheels",
)


class State(enum.StrEnum):
    """Where a language's editions are in a build; each says its value in the report."""

    QUEUED = "queued"
    UP_TO_DATE = "up to date"
    REFUSED = "refused"  # its input failed the gate
    BUILDING = "building"
    BUILT = "built"
    FAILED = "failed"  # Sphinx or Typst failed on input the gate passed

    @property
    def stopped(self) -> bool:
        return self in (State.REFUSED, State.FAILED)


@dataclass
class Edition:
    """One language's editions, as the build reports them."""

    language: str
    state: State = State.QUEUED
    seconds: float = 0.0
    log: list[str] = field(default_factory=list)
    warned: bool = False


def inputs(project: Project, language: str | None) -> list[Path]:
    """Every file a language's editions are built from (``None``: the source's templates):
    those its provenance comes from, and the tool's code."""
    files = provenance.files(project, None)
    files += sorted(
        p for p in (project.root / "src").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    )  # fmt: skip
    return files + (provenance.catalogs(project, language) if language else [])


def fingerprints(project: Project, origins: dict[str, str]) -> dict[str, str]:
    """What each language's editions are built from, by language (``origins``: each one's
    provenance, as a string: a new tag or commit changes what an edition says about itself,
    so it is rebuilt). The files every language shares are read once."""
    shared = inputs(project, None)
    common = _digest(
        project, shared, f"{toolchain()} {json.dumps(conf_variables(), sort_keys=True)}"
    )
    return {
        code: _digest(project, inputs(project, code)[len(shared) :], f"{code} {origin} {common}")
        for code, origin in origins.items()
    }


def conf_variables() -> dict[str, str]:
    """The environment variables ``conf.py`` reads (Read the Docs' address, language and
    version type): a build with other values makes other editions."""
    return {key: value for key, value in os.environ.items() if key.startswith("READTHEDOCS")}


def _digest(project: Project, files: list[Path], prefix: str) -> str:
    digest = hashlib.sha256(prefix.encode() + b"\n")
    for path in files:
        digest.update(str(path.relative_to(project.root)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


@functools.cache
def toolchain() -> str:
    """The installed versions of :data:`TOOLCHAIN` (their ``.dist-info`` names)."""
    wanted = {name.replace("-", "_") for name in TOOLCHAIN}
    return " ".join(n for n in system.distributions() if n.split("-")[0].lower() in wanted)


@dataclass(frozen=True)
class Plan:
    """What one build will do."""

    fingerprints: dict[str, str]
    stale: list[str]
    origins: dict[str, provenance.Origin] = field(default_factory=dict)
    root_intact: bool = True  # the release's root files (root and status pages) as published

    @property
    def needed(self) -> bool:
        """Whether the build has anything to do: a stale language, or a root file to restore."""
        return bool(self.stale) or not self.root_intact


class Pipeline:
    def __init__(self, project: Project, build_dir: Path, *, strict: bool = False) -> None:
        self.project = project
        self.build_dir = build_dir
        self.strict = strict
        self.store = release.Store(build_dir)

    @contextlib.contextmanager
    def locked(self) -> Iterator[Pipeline]:
        """Hold the build folder's lock: plan and build under it."""
        release.claim(self.build_dir, self.project.root)
        with self.store.lock():
            yield self

    def plan(self, languages: Iterable[str]) -> Plan:
        """Which languages must be built: changed inputs, or published files not intact."""
        manifest = self.store.manifest()
        origins, wanted = self._wanted(languages)
        # A strict build may keep only what an earlier build made without warnings.
        accepted = {code: {f"{fp} clean"} | (set() if self.strict else {f"{fp} warnings"})
                    for code, fp in wanted.items()}  # fmt: skip
        stale = [
            code for code in wanted
            if manifest.fingerprints.get(code) not in accepted[code]
            or not self.store.intact(code, manifest)
        ]  # fmt: skip
        return Plan(wanted, stale, origins, self.store.root_intact(manifest))

    def _wanted(
        self, languages: Iterable[str]
    ) -> tuple[dict[str, provenance.Origin], dict[str, str]]:
        """Each language's provenance, and the fingerprint of what it would be built from."""
        origins = provenance.origins(self.project, languages)
        return origins, fingerprints(self.project, {code: _said(o) for code, o in origins.items()})

    def _unchanged(self, plan: Plan, language: str) -> bool:
        """Whether the language's input is still the one the plan fingerprinted, before the
        gate read it: a file saved since may have been built unchecked."""
        said = {language: _said(plan.origins[language])}
        return fingerprints(self.project, said)[language] == plan.fingerprints[language]

    def refusal(self, language: str) -> list[str]:
        """Why the language's published edition is an earlier one, while its input is the one
        its last build refused (the problems found) or failed on (the build's log); [] when
        it is not."""
        try:
            record = json.loads(self._refusal_file(language).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        if record.get("fingerprint") != self._wanted([language])[1][language]:
            return []  # fixed, or given back the input of the published edition
        return [str(line) for line in record.get("log", [])]

    def _refusal_file(self, language: str) -> Path:
        return self.build_dir / "work" / f"{language}.refused.json"

    def _record(self, plan: Plan, editions: dict[str, Edition]) -> None:
        """Keep what :meth:`refusal` says of each stale language once it has an outcome."""
        for code in plan.stale:
            edition, file = editions[code], self._refusal_file(code)
            if edition.state.stopped:
                file.parent.mkdir(parents=True, exist_ok=True)
                record = {"fingerprint": plan.fingerprints[code], "log": edition.log}
                file.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
            elif edition.state is State.BUILT:
                file.unlink(missing_ok=True)

    def build(
        self, plan: Plan, jobs: int, report: Callable[[Edition], None]
    ) -> list[Edition]:  # fmt: skip
        """Build the plan's stale languages and publish those that built, with the others'
        published editions, in one release."""
        editions = {code: Edition(code) for code in plan.fingerprints}
        for code, edition in editions.items():
            if code not in plan.stale:
                edition.state = State.UP_TO_DATE
                report(edition)
        if not plan.needed:
            return list(editions.values())
        # The pool's server imports Sphinx (half a second) on the other core while this
        # process checks the input; a refused input exits without waiting for it.
        if _start_method() == "forkserver":
            _start_pool_server()
        todo = self._gate(plan.stale, editions, report)
        self._record(plan, editions)
        if not todo and plan.root_intact:
            return list(editions.values())
        with _pool(jobs) as pool:
            # The pool's processes take the longest work first, so that none is left to build
            # alone at the end: the translations (each translated paragraph is parsed again),
            # then the source language, then the status page's templates, when the source
            # changed.
            order = sorted(todo, key=lambda code: code == self.project.source_language)
            with _interrupts_held():  # submitting starts the pool's processes
                running = {code: pool.submit(worker.build_edition, self.job(code, plan))
                           for code in order}  # fmt: skip
                templates = self._templates(pool)
            built = self._build(plan, order, running, editions, jobs, report)
            self._record(plan, editions)
            pots = templates()
        if built or not plan.root_intact:
            from editions.pipeline import site

            verdict = {code: "warnings" if editions[code].warned else "clean" for code in built}
            fingerprints = {code: f"{plan.fingerprints[code]} {verdict[code]}" for code in built}
            folders: dict[str, Path | None] = dict.fromkeys(self.project.languages, None)
            root = functools.partial(site.write_root, self.project, pots=pots)
            self.store.publish(folders | built, fingerprints, root)
        return list(editions.values())

    def work(self, language: str) -> Path:
        return self.build_dir / "work" / language

    def output(self, language: str) -> Path:
        """A language's finished editions: the HTML tree with the PDF beside the page."""
        work = self.work(language)
        out = work / "edition"
        skip = shutil.ignore_patterns(".buildinfo", ".doctrees")
        shutil.copytree(work / "html", out, ignore=skip)
        pdf = pdf_file_name(self.project.pdf_name, language)
        shutil.copyfile(work / "typst" / pdf, out / pdf)
        return out

    def job(self, code: str, plan: Plan) -> worker.Job:
        return worker.Job(
            self.project.root, self.work(code), code, self.strict, plan.origins[code].epoch,
            pdf_file_name(self.project.pdf_name, code), plan.origins[code].facts,
            worker.Environment.current(),
        )  # fmt: skip

    def build_language(
        self, plan: Plan, edition: Edition, running: Future[worker.Outcome],
        report: Callable[[Edition], None],
    ) -> Path | None:  # fmt: skip
        """Wait for the language's build in the pool; its finished editions, if it built from
        the input the gate checked."""
        start = time.monotonic()
        edition.state = State.BUILDING
        report(edition)
        try:
            outcome = running.result()
        except Exception as exc:  # the build raised, or its process died
            outcome = worker.Outcome(False, [f"{type(exc).__name__}: {exc}"])
        if outcome.built and not self._unchanged(plan, edition.language):
            changed = "its input changed while it was built, after the gate read it"
            outcome = worker.Outcome(False, [f"{edition.language}: {changed}: build it again"])
        edition.log = outcome.log
        folder = self.output(edition.language) if outcome.built else None
        edition.warned = any("WARNING" in line for line in edition.log)
        edition.seconds = time.monotonic() - start
        edition.state = State.BUILT if outcome.built else State.FAILED
        report(edition)
        return folder

    def _gate(
        self, stale: Sequence[str], editions: dict[str, Edition], report: Callable[[Edition], None]
    ) -> list[str]:
        """Languages whose input passes the checks; the others are refused with the problems
        found (bad input stops its language only)."""
        from editions.gate import preflight

        todo = []
        shared = preflight.shared_problems(self.project)  # checked once, not per language
        for code in stale:
            problems = preflight.language_problems(self.project, [code], shared)
            if problems:
                editions[code].state, editions[code].log = State.REFUSED, list(map(str, problems))
                report(editions[code])
            else:
                todo.append(code)
        return todo

    def _build(
        self, plan: Plan, order: Sequence[str], running: dict[str, Future[worker.Outcome]],
        editions: dict[str, Edition], jobs: int, report: Callable[[Edition], None],
    ) -> dict[str, Path]:  # fmt: skip
        """The folders of the languages that built (as many followed at once as the pool has
        processes, so that the report shows those building)."""
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(order) or 1))) as threads:
            folders = [threads.submit(self.build_language, plan, editions[code], running[code],
                                      report) for code in order]  # fmt: skip
            importlib.import_module("editions.pipeline.site")  # publishing's modules load meanwhile
            built = {code: f.result() for code, f in zip(order, folders, strict=True)}
        return {code: folder for code, folder in built.items() if folder}

    def _templates(self, pool: Executor) -> Callable[[], list[Path] | None]:
        """Start extracting the source's templates unless those of the same source are there;
        returns how to wait for them."""
        pot_dir = self.build_dir / "work" / "gettext"
        stamp = pot_dir / ".fingerprint"
        key = _digest(self.project, inputs(self.project, None), toolchain())
        pots = sorted(pot_dir.glob("*.pot"))
        if stamp.is_file() and stamp.read_text() == _stamp(key, pots):
            return lambda: pots
        shutil.rmtree(pot_dir, ignore_errors=True)  # a removed document's template goes too
        # Its own Sphinx folder: `make gettext` may run meanwhile (beside `make preview`).
        future = pool.submit(worker.extract_templates, self.project.root, pot_dir,
                             self.build_dir / "work" / "templates",
                             worker.Environment.current())  # fmt: skip

        def wait() -> list[Path] | None:
            try:
                pots = future.result()
            except Exception:  # the pool process died: counted as last merged
                return None
            if pots is not None:
                stamp.write_text(_stamp(key, pots))
            return pots

        return wait


def _said(origin: provenance.Origin) -> str:
    """What an edition says about its text, as its fingerprint takes it."""
    return f"{origin.epoch} {json.dumps(origin.facts)}"


def _stamp(key: str, pots: list[Path]) -> str:
    """The source's fingerprint and each template's checksum: a template deleted or changed
    in the build folder is extracted again, not counted as it is."""
    sums = (f"{p.name} {hashlib.sha256(p.read_bytes()).hexdigest()}" for p in pots)
    return "\n".join([key, *sums])


def _start_method() -> str:
    """How the pool's processes start: forked from this process when it has imported
    :data:`worker.PRELOAD` already and runs no other thread (a rebuild of `make preview`,
    itself forked from the preview's warm server), so they start warm without a server of
    their own; otherwise from Python's forkserver, which imports it once for this build (a
    cold `make`, whose process never imports Sphinx, or one that shows a live display)."""
    warm = all(name in sys.modules for name in worker.PRELOAD)
    return "fork" if warm and threading.active_count() == 1 else "forkserver"


def _start_pool_server() -> None:
    """Start the pools' server process (Python's forkserver), which imports
    :data:`worker.PRELOAD` before it serves; it ends with this process."""
    import multiprocessing
    from multiprocessing import forkserver

    multiprocessing.get_context("forkserver").set_forkserver_preload(worker.PRELOAD)
    forkserver.ensure_running()


@contextlib.contextmanager
def _interrupts_held() -> Iterator[None]:
    """Ctrl-C held back while the pool starts its processes, then raised. The pool hands
    each one to its server (the forkserver) in a handshake: a Ctrl-C in its middle killed
    that server or left a process waiting for its start forever, and a process that builds
    again (the preview) then failed or hung. Only the main thread receives signals."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, _frame: caught.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught:
            signal.raise_signal(signal.SIGINT)  # to the handler restored: KeyboardInterrupt


@contextlib.contextmanager
def _pool(jobs: int) -> Iterator[Executor]:
    """Processes that start with Sphinx imported (:func:`_start_method`), and inherit no
    thread of this process (forked from this one, all start at the first job)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context(_start_method())
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload(worker.PRELOAD)
    stopped = context.Event()
    pool = ProcessPoolExecutor(
        max_workers=max(1, jobs), mp_context=context, initializer=worker.watch,
        initargs=(os.getpid(), stopped),
    )  # fmt: skip
    try:
        yield pool
    except BaseException:  # Ctrl-C, or a publishing error: the languages queued are not built
        stopped.set()  # (those the pool's processes have already taken included)
        pool.shutdown(cancel_futures=True)
        raise
    pool.shutdown()
