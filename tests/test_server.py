"""The build server (editions.server): a served build publishes what a build of its own
would, with the caller's environment; a server of other code, a caller that dies and a
caller of another user are handled."""

from __future__ import annotations

import contextlib
import datetime
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import polib
import pytest
from pytest import MonkeyPatch

from conftest import SOURCE_DATE_EPOCH, build_editions, copy_built
from editions import server

EPOCH = {"SOURCE_DATE_EPOCH": str(SOURCE_DATE_EPOCH)}


def start(root: Path, **env: str) -> subprocess.Popen[bytes]:
    """A server for ``root``, once it answers (as ``python -m editions build`` starts one)."""
    proc = subprocess.Popen([sys.executable, "-m", "editions.server", str(root)], cwd=root,
                            env=os.environ | env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and proc.poll() is None:
        if server.running(root):
            return proc
        time.sleep(0.05)
    proc.kill()
    raise AssertionError("the build server did not start")


@pytest.fixture(scope="module")
def running(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy of the session's build with its server running (one for this file's tests)."""
    root = copy_built(built, tmp_path_factory.mktemp("served") / "repo")
    proc = start(root)
    yield root
    server.stop(root)
    proc.wait(timeout=10)
    assert servers_of(root) == [], "a test's build started a second server, still running"


def servers_of(root: Path) -> list[str]:
    """The processes serving ``root``, or starting to (from their command lines)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        with contextlib.suppress(OSError):
            args = cmdline.read_bytes().split(b"\0")
            if b"editions.server" in args and str(root).encode() in args:
                found.append(cmdline.parent.name)
    return found


@pytest.fixture
def served(running: Path, monkeypatch: MonkeyPatch) -> Path:
    """The running server's copy, where this test's commands run and ask the server."""
    monkeypatch.chdir(running)
    monkeypatch.setenv(server.SWITCH, "1")
    for name, value in EPOCH.items():
        monkeypatch.setenv(name, value)
    return running


def edit(root: Path, language: str, text: str) -> None:
    po = polib.pofile(str(root / "locale" / language / "LC_MESSAGES/index.po"))
    po[1].msgstr += text
    po.save()


def site_files(root: Path) -> dict[str, bytes]:
    site = (root / "_build/site").resolve()
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file()}  # fmt: skip


def test_a_served_build_publishes_the_bytes_of_a_build_of_its_own(
    served: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str], monkeypatch: MonkeyPatch
) -> None:
    # conf.py reads Read the Docs' variables: the caller's environment is the build's.
    rtd = {"READTHEDOCS_CANONICAL_URL": "https://statement.example/uk/latest/",
           "READTHEDOCS_LANGUAGE": "uk"}  # fmt: skip
    for name, value in rtd.items():
        monkeypatch.setenv(name, value)
    alone = copy_built(served, tmp_path / "alone")  # the same sources and release
    for root in (served, alone):
        edit(root, "uk", " Нове речення.")
    assert server.forward(["build", "--languages", "uk ru"]) == 0
    assert "uk   built" in capfd.readouterr().err
    page = (served / "_build/site/uk/index.html").read_text("utf-8")
    assert "Нове речення." in page and "https://statement.example/uk/latest/" in page
    monkeypatch.setenv(server.SWITCH, "0")
    assert build_editions(alone, "--languages", "uk ru", **rtd).returncode == 0
    assert site_files(served) == site_files(alone)


def test_a_server_of_other_code_is_not_used_and_exits(
    built: Path, tmp_path: Path, monkeypatch: MonkeyPatch
) -> None:
    root = copy_built(built, tmp_path / "repo")
    other = Path(shutil.copytree(Path(server.__file__).parent, tmp_path / "src" / "editions"))
    (other / "cli.py").write_text((other / "cli.py").read_text() + "\n# edited\n")
    proc = start(root, PYTHONPATH=str(other.parent))
    monkeypatch.chdir(root)
    monkeypatch.setenv(server.SWITCH, "1")
    assert server.forward(["build", "--languages", "uk"]) is None  # the caller builds itself
    assert proc.wait(timeout=10) == 0


def test_a_caller_that_dies_leaves_a_whole_release_and_a_server_that_serves_on(
    served: Path,
) -> None:
    for language in ("uk", "be", "ru"):
        edit(served, language, " Нове речення.")
    caller = subprocess.Popen([sys.executable, "-m", "editions", "build"], cwd=served,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    assert caller.stderr is not None
    caller.stderr.readline()  # the server's first line: it has taken the request and plans
    caller.send_signal(signal.SIGKILL)
    caller.wait()
    assert server.forward(["build"]) == 0  # served: the interrupted build is done again
    caller.stderr.close()
    for language in ("uk", "be", "ru"):
        page = (served / "_build/site" / language / "index.html").read_text("utf-8")
        assert "Нове речення." in page


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to connect as another user")
def test_another_user_cannot_use_the_server(served: Path) -> None:
    code = (
        "import os, socket, sys\n"
        "os.setuid(65534)\n"
        "s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)\n"
        f"s.connect({server.address(served)!r})\n"
        "try:\n"
        "    s.send(b'{\"stop\": true}')\n"
        "    answer = s.recv(16)\n"
        "except OSError:\n"
        "    answer = b''\n"
        "sys.exit(0 if answer == b'' else 1)\n"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0  # closed unanswered
    assert server.forward(["build", "--languages", "uk"]) == 0  # and it still serves us


def caller(root: Path, shell: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``python -m editions build`` as ``shell`` runs it (``{}``) in ``root``, output captured
    (the run ends once every process holding its pipes has closed them)."""
    command = shell.format(f"{sys.executable} -m editions build")
    return subprocess.run(["sh", "-c", command], cwd=root, capture_output=True, text=True,
                          env=os.environ | env, timeout=60)  # fmt: skip


def test_a_served_build_publishes_with_the_callers_umask(served: Path) -> None:
    published = served / "_build/site/uk"
    for mask, mode in ((0o077, 0o600), (0o022, 0o644)):  # the server keeps neither
        edit(served, "uk", f" Маска {mask:o}.")
        assert caller(served, f"umask {mask:o}; {{}} --languages uk").returncode == 0
        page = published / "index.html"
        assert f"Маска {mask:o}." in page.read_text("utf-8")
        assert {p.stat().st_mode & 0o777 for p in published.rglob("*") if p.is_file()} == {mode}


def test_a_caller_with_a_closed_stream_publishes_as_a_build_of_its_own(served: Path) -> None:
    # The socket takes the closed stream's number: sent as the stream, the build's output
    # went to the server, which took it for an interrupt.
    # (Every closed stream is refused alike: standard error is the one that broke.)
    edit(served, "uk", " Потік.")
    assert caller(served, "{} --languages uk 2>&-").returncode == 0
    assert "Потік." in (served / "_build/site/uk/index.html").read_text("utf-8")


def test_ctrl_c_while_another_build_is_served_says_so_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.editions]\nsource-language = "en"\n')
    with socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as busy:
        busy.bind(server.address(tmp_path))  # a server busy with another build
        busy.listen(1)
        waiting = subprocess.Popen([sys.executable, "-m", "editions", "build"], cwd=tmp_path,
                                   env=os.environ | {server.SWITCH: "1"}, text=True,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
        conn, _ = busy.accept()
        with conn:
            for fd in socket.recv_fds(conn, 1 << 20, 3)[1]:  # its request is in, unanswered
                os.close(fd)
            waiting.send_signal(signal.SIGINT)
            out, err = waiting.communicate(timeout=10)
    assert waiting.returncode == 130
    assert (out, err) == (
        "",
        "interrupted: the published editions are as they were before this command\n",
    )


def test_a_project_removed_and_made_again_is_served_whole(built: Path, tmp_path: Path) -> None:
    root = copy_built(built, tmp_path / "repo")
    proc = start(root, **EPOCH)
    try:
        shutil.rmtree(root)  # the server's folder is gone
        copy_built(built, root)
        edit(root, "uk", " Знову.")
        # Output captured: the run waits until the server has closed its pipes too.
        done = caller(root, "{} --languages uk", **EPOCH, **{server.SWITCH: "1"})
        assert done.returncode == 0
        assert "uk   built" in done.stderr and "server stopped" not in done.stderr
        assert "Знову." in (root / "_build/site/uk/index.html").read_text("utf-8")
    finally:
        server.stop(root)
        proc.wait(timeout=10)


def test_a_build_from_a_removed_folder_says_so_in_one_line(tmp_path: Path) -> None:
    done = caller(tmp_path, "mkdir gone && cd gone && rmdir ../gone && {}",
                  **{server.SWITCH: "1"})  # fmt: skip
    assert done.returncode == 1
    assert done.stdout + done.stderr == "error: No such file or directory\n"


def test_a_served_build_names_its_release_in_the_callers_time_zone(served: Path) -> None:
    edit(served, "uk", " Час.")
    zone = "Pacific/Kiritimati"  # UTC+14: another hour, often another day, than the server's
    hours = [datetime.datetime.now(ZoneInfo(zone)).strftime("%Y%m%d-%H")]
    assert caller(served, "{} --languages uk", TZ=zone).returncode == 0
    hours.append(datetime.datetime.now(ZoneInfo(zone)).strftime("%Y%m%d-%H"))
    assert os.readlink(served / "_build/site").removeprefix("releases/")[:11] in hours


def test_ctrl_c_while_the_code_is_checked_says_so_in_one_line(
    served: Path, monkeypatch: MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    def interrupted() -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(server, "code_key", interrupted)  # Ctrl-C as the package is read
    assert server.forward(["build"]) == 130
    assert capfd.readouterr().err == (
        "interrupted: the published editions are as they were before this command\n"
    )


# A request answered in a process of its own (its folder: argv[1]), with the command replaced by
# ``{command}``: it prints the status, the server's folder afterwards, and whether its standard
# output is its own again (argv[2]).
REQUEST = """
import os, signal, socket, sys
from editions import cli, server, worker
{setup}
cli.main = {command}
ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)  # a caller that waits
with open(os.devnull, "w") as caller:
    fds = [os.dup(caller.fileno()) for _ in range(3)]
    status = server._run(["build"], sys.argv[1], worker.Environment.current(), fds, ours)
print(status, os.getcwd(), os.readlink("/proc/self/fd/1") == sys.argv[2])
"""


def request(tmp_path: Path, command: str, setup: str = "") -> str:
    code = REQUEST.format(command=command, setup=setup)
    with open(tmp_path / "out", "w") as out:
        args = [sys.executable, "-c", code, str(tmp_path), out.name]
        done = subprocess.run(args, stdout=out, stderr=subprocess.PIPE, text=True, timeout=30)
    assert done.stderr == ""
    return (tmp_path / "out").read_text()


def test_an_interrupt_that_lands_as_the_build_ends_leaves_the_server_as_it_was(
    tmp_path: Path,
) -> None:
    # The caller's Ctrl-C is sent while the build ends; it is raised once the build is over,
    # as the server takes back its streams: it went on with the caller's, folder and all.
    restore = (
        "taken, calls = server._redirect, []\n"
        "def _redirect(fds):\n"
        "    calls.append(fds)\n"
        "    if len(calls) == 2:  # the server takes its streams back: the build is over\n"
        "        signal.raise_signal(signal.SIGINT)  # the Ctrl-C pending since its end\n"
        "    taken(fds)\n"
        "server._redirect = _redirect\n"
    )
    assert request(tmp_path, "lambda argv: 0", restore) == "0 / True\n"


def test_a_server_started_with_ctrl_c_ignored_still_stops_its_build(tmp_path: Path) -> None:
    # A first build run in the background of a script starts the server with Ctrl-C ignored.
    ignored = "signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
    interrupted = "lambda argv: os.kill(os.getpid(), signal.SIGINT) or 0"
    assert request(tmp_path, interrupted, ignored) == "130 / True\n"
