"""Servers for the tests that talk HTTP: a free loopback port and a live `oxigraph serve`."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, proc: subprocess.Popen[bytes], what: str, seconds: float = 30) -> None:
    """Poll `url` until it answers; fail naming `what` if `proc` exits or `seconds` pass first."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers, if not with 200
        except (urllib.error.URLError, OSError):
            if proc.poll() is not None or time.monotonic() > deadline:
                stderr = proc.stderr.read().decode() if proc.stderr else ""
                pytest.fail(f"{what} did not answer on {url}: {stderr}")
            time.sleep(0.1)


@contextmanager
def oxigraph_serve(location: Path, *flags: str) -> Iterator[str]:
    """A real `oxigraph serve --location LOCATION FLAGS` on a free loopback port: its base URL, stopped afterwards."""
    if not Path(OXIGRAPH).exists():
        pytest.skip("the oxigraph CLI (PyPI oxigraph) is not installed")
    base = f"http://127.0.0.1:{free_port()}"
    proc = subprocess.Popen([OXIGRAPH, "serve", "--location", str(location), "--bind", base[len("http://"):],
                             *flags], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_until_up(f"{base}/query?query=ASK%7B%7D", proc, "oxigraph serve")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stderr:
            proc.stderr.close()
