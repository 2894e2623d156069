"""`make preview`: sphinx-autobuild serves one edition on localhost, and stops."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import copy_repository


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_sphinx_autobuild_is_installed() -> None:
    proc = subprocess.run([sys.executable, "-m", "sphinx_autobuild", "--help"],
                          capture_output=True, text=True)  # fmt: skip
    assert proc.returncode == 0 and "--watch" in proc.stdout


def test_preview_serves_the_chosen_edition_then_stops(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    port = free_port()
    command = [sys.executable, "-m", "editions", "preview", "--language", "uk", "--port", str(port)]
    proc = subprocess.Popen(command, cwd=root, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    try:
        page, deadline = "", time.monotonic() + 90
        while time.monotonic() < deadline and 'lang="uk"' not in page:
            time.sleep(1)
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=5) as r:
                    page = r.read().decode()
            except OSError:
                assert proc.poll() is None, "the preview stopped"
        assert 'lang="uk"' in page
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
