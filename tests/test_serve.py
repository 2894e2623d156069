"""``make serve`` serves the release's regular files, and nothing that a link placed in it
leads to outside it."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """A release with a page, a link to a page inside it, and links placed to a secret file
    and a folder outside it; served by ``python -m editions serve``."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret")
    site = tmp_path / "build/site"
    (site / "xx").mkdir(parents=True)
    (site / "index.html").write_text("root page")
    (site / "xx/index.html").write_text("edition")
    (site / "same.html").symlink_to("xx/index.html")
    (site / "secret.txt").symlink_to(outside / "secret.txt")
    (site / "etc").symlink_to(outside)
    (site / "yy").mkdir()
    (site / "yy/index.html").symlink_to(outside / "secret.txt")
    port = free_port()
    command = [sys.executable, "-m", "editions", "serve", "--build-dir", str(tmp_path / "build"),
               "--port", str(port)]  # fmt: skip
    proc = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None and "Serving" in proc.stderr.readline()
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=10)


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def test_serve_follows_no_link_out_of_the_release(served: str) -> None:
    assert get(f"{served}/") == (200, "root page")
    assert get(f"{served}/xx/") == (200, "edition")
    assert get(f"{served}/same.html") == (200, "edition")  # a link that stays inside
    for path in ("/secret.txt", "/etc/", "/etc/secret.txt", "/yy/", "/yy/index.html",
                 "/../outside/secret.txt", "/%2e%2e/outside/secret.txt"):  # fmt: skip
        status, body = get(f"{served}{path}")
        assert status == 404 and "secret" not in body, path
