"""A build process that stays between `make` runs, so that a rebuild starts warm.

``python -m editions build`` first asks the project's build server (:func:`forward`). The
server has loaded the command line, Sphinx, MyST and Typst once and keeps its pool's
server process, so a `.po` edit is rebuilt in about 0.3 s instead of 0.9 s. A request
carries the command's arguments, working folder and environment, and its standard streams
as file descriptors: the output, and the terminal the live table is drawn on, are the
caller's own. The server runs :func:`editions.cli.main` with them and answers its status.

What keeps it honest:

- **Its code is the caller's.** Each request carries a key (:func:`code_key`: the checksum
  of this package's files, the Python executable and the installed distributions). A
  server with another key answers ``stale`` and exits; the command then builds by itself.
- **Only its user** may connect (the socket's peer credentials).
- **A caller that stops stops its build.** Ctrl-C in the caller, or the caller killed,
  interrupts the server's build as Ctrl-C interrupts a build: the release stays as it was,
  or is published whole.
- **It goes away:** after :data:`IDLE` seconds without a request, on ``stop``, or when its
  key is out of date. ``EDITIONS_SERVER=0`` turns it off.

The first build of a session builds by itself and then starts the server, detached.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
from pathlib import Path
from types import FrameType

import editions
from editions import project, release, system, worker

IDLE = 600  # seconds without a request before the server exits
SWITCH = "EDITIONS_SERVER"  # "0": no server


def enabled(argv: list[str]) -> bool:
    """Whether this command may use a server: a build, unless turned off."""
    return os.environ.get(SWITCH, "1") != "0" and argv[:1] == ["build"]


def address(root: Path) -> str:
    """The server's socket, in Linux's abstract namespace: nothing on disk to go stale, and
    no path-length limit; the peer check below stands for file permissions."""
    name = hashlib.sha256(f"{root}\0{os.getuid()}".encode()).hexdigest()[:32]
    return f"\0editions-build-{name}"


def code_key() -> str:
    """What the server's code is: this package's files, the interpreter and the installed
    distributions (their ``.dist-info`` names carry their versions)."""
    digest = hashlib.sha256(f"{sys.executable}\0{sys.version}\0".encode())
    package = Path(editions.__file__).parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(f"{path.relative_to(package)}\0".encode() + path.read_bytes())
    digest.update(" ".join(system.distributions()).encode())
    return digest.hexdigest()


# -- The caller ------------------------------------------------------------------------------


def forward(argv: list[str]) -> int | None:
    """Run ``argv`` in the project's server; its exit status, or None when there is no
    server that can (the caller then runs it itself)."""
    if not enabled(argv) or None in (sys.stdin, sys.stdout, sys.stderr):
        return None  # a stream closed: the socket may have its number, and be sent as it
    try:
        root = project.find_root()
        cwd = os.getcwd()
    except (project.NotAProject, OSError):  # no project, or a folder removed: it says so
        return None
    try:
        sock = _hand_over(root, {"argv": argv, "cwd": cwd})
    except KeyboardInterrupt:  # before the server took it: nothing was built
        print(release.INTERRUPTED, file=sys.stderr)
        return 130
    if sock is None:
        return None
    with sock:
        return _wait(sock)


def _hand_over(root: Path, request: dict[str, object]) -> socket.socket | None:
    """The connection to the project's server once it has taken the request (it may run
    another build first), or None."""
    here = worker.Environment.current()
    request |= {"key": code_key(), "env": here.variables, "umask": here.umask}
    with contextlib.ExitStack() as stack:
        sock = stack.enter_context(socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET))
        with contextlib.suppress(OSError):
            sock.connect(address(root))
            socket.send_fds(sock, [json.dumps(request).encode()], [0, 1, 2])
            if sock.recv(16) == b"ok":  # otherwise another code: that server exits
                stack.pop_all()
                return sock
    return None


def _wait(sock: socket.socket) -> int | None:
    """The build's status; Ctrl-C asks the server to interrupt it (a second one leaves)."""
    try:
        reply = sock.recv(16)
    except KeyboardInterrupt:
        sock.send(b"interrupt")
        try:
            reply = sock.recv(16)
        except KeyboardInterrupt:
            return 130
    if not reply:  # the server died: the release is as it was, or whole
        print("the build server stopped; building here", file=sys.stderr)
        return None
    return int(reply)


def start(argv: list[str]) -> None:
    """Start the project's server for the next build, detached, if it may have one."""
    if not enabled(argv):
        return
    with contextlib.suppress(project.NotAProject, OSError):
        root = project.find_root()
        if running(root):  # it could not take this build (a closed stream): it stays
            return
        subprocess.Popen(
            [sys.executable, "-m", "editions.server", str(root)], cwd=root,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip


def running(root: Path) -> bool:
    """Whether a server listens for the project."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as probe:
        return probe.connect_ex(address(root)) == 0


def stop(root: Path) -> bool:
    """Ask the project's server to exit; whether one was running."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as sock:
        try:
            sock.connect(address(root))
            sock.send(json.dumps({"stop": True}).encode())
            sock.recv(16)
        except OSError:
            return False
    return True


# -- The server ------------------------------------------------------------------------------


def serve(root: Path) -> None:
    """Take the project's address, load everything a build needs, then answer requests one
    at a time until idle. The address comes first: a request (a build, or `make clean`'s
    stop) made while it loads waits for it, and a second server exits at once."""
    key = code_key()
    if os.getpgrp() != os.getpid():  # its own process group: a Ctrl-C for a build goes to it
        os.setpgid(0, 0)
    with socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as sock:
        try:
            sock.bind(address(root))
        except OSError:  # another server has it
            return
        sock.listen(8)
        from editions import build, cli

        cli.load_lazy_modules()
        build.start_pool_server()  # it stays, and serves every later build warm
        if code_key() != key:  # the code changed while it loaded
            return
        sock.settimeout(IDLE)
        os.chdir("/")
        while _next(sock, key):
            pass


def _next(sock: socket.socket, key: str) -> bool:
    """Answer one request; False when the server should exit."""
    try:
        conn, _ = sock.accept()
    except TimeoutError:
        return False
    with conn:
        try:
            return _answer(conn, key)
        except (KeyboardInterrupt, Exception):  # a caller gone, a stray Ctrl-C, a bad request
            return True


def _answer(conn: socket.socket, key: str) -> bool:
    credentials = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    if struct.unpack("3i", credentials)[1] != os.getuid():
        return True
    message, fds, _, _ = socket.recv_fds(conn, 1 << 20, 3)
    try:  # the caller's streams are closed whatever happens: a pipe it leaves must end
        try:
            request = json.loads(message)
        except ValueError:
            request = None
        if not _valid(request, key) or len(fds) != 3:  # a stop, another code, or not a request
            conn.send(b"stale")
            return False
        conn.send(b"ok")
        variables = {str(name): str(value) for name, value in request["env"].items()}
        environment = worker.Environment(variables, request["umask"])
        status = _run([str(a) for a in request["argv"]], str(request["cwd"]), environment,
                      fds, conn)  # fmt: skip
    finally:
        for fd in fds:
            os.close(fd)
    conn.send(str(status).encode())
    return True


def _valid(request: object, key: str) -> bool:
    return (
        isinstance(request, dict) and request.get("key") == key
        and isinstance(request.get("argv"), list) and isinstance(request.get("cwd"), str)
        and isinstance(request.get("env"), dict) and isinstance(request.get("umask"), int)
    )  # fmt: skip


def _run(
    argv: list[str], folder: str, environment: worker.Environment, fds: list[int],
    conn: socket.socket,
) -> int:  # fmt: skip
    """Run the command with the caller's streams, folder, environment and umask; restore
    ours (the server's folder is ``/``: a project removed leaves it nowhere to come back)."""
    from editions import cli

    saved, ours = [os.dup(n) for n in (0, 1, 2)], worker.Environment.current()
    build = _Build()
    signal.signal(signal.SIGINT, build.interrupted)  # it stays until the next request
    threading.Thread(target=build.interrupt_when_asked, args=(conn,), daemon=True).start()
    try:
        try:
            _redirect(fds)
            environment.use()
            os.chdir(folder)
            cli.out.cache_clear()  # its terminal is the caller's
            return cli.main(argv)
        finally:
            build.finish()  # an interrupt sent before this is raised here at the latest
    except KeyboardInterrupt:
        return 130
    finally:
        _redirect(saved)  # flushed to the caller first
        for fd in saved:
            os.close(fd)
        ours.use()
        os.chdir("/")


def _redirect(fds: list[int]) -> None:
    """Make ``fds`` this process's standard streams."""
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.flush()
        sys.stderr.flush()
    for number, fd in enumerate(fds):
        os.dup2(fd, number)
    sys.stdout.reconfigure(line_buffering=os.isatty(1))  # type: ignore[union-attr]


class _Build:
    """One request's build, which its caller may interrupt until it is over."""

    def __init__(self) -> None:
        self.lock, self.over = threading.Lock(), False

    def finish(self) -> None:
        with self.lock:  # waits while an interrupt is sent: raised by here, or dropped
            self.over = True

    def interrupted(self, number: int, frame: FrameType | None) -> None:
        """The server's Ctrl-C handler: KeyboardInterrupt while the build runs (also for a
        server started with Ctrl-C ignored, as a script's background job is). Once it is
        over, a Ctrl-C is dropped: it stops nothing, and raised as the server takes back its
        streams, folder and environment, it left it with the caller's."""
        if not self.over:
            raise KeyboardInterrupt

    def interrupt_when_asked(self, conn: socket.socket) -> None:
        """Ctrl-C for the build when its caller asks, or is gone, while it still runs: to
        this process's group, as a terminal sends it (the pool's processes stop too; its
        server ignores it)."""
        with contextlib.suppress(OSError):
            conn.recv(16)
        with self.lock:
            if not self.over:
                os.killpg(os.getpgrp(), signal.SIGINT)


if __name__ == "__main__":  # python -m editions.server [--stop] ROOT
    if sys.argv[1] == "--stop":
        stop(Path(sys.argv[2]).resolve())
    else:
        serve(Path(sys.argv[1]).resolve())
