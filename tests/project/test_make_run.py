"""`make run` on a bare machine, end to end: embedded PostgreSQL and Redis, migrate, the 226 communes,
demo data, a Celery worker and beat, the web server with DEBUG off (the real product); Ctrl-C stops all
of it; a second run reuses the data."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

BASE_DIR = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 180


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthz(port: int) -> dict | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:  # noqa: S310
            return json.loads(response.read())
    except OSError:
        return None


def fetch(port: int, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def fetch_bytes(port: int, path: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def run_portal_until_healthy(var_dir: Path) -> tuple[str, int]:
    """Start `python -m scripts.services run` as `make run` does, wait for a healthy portal, then Ctrl-C it."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_DEBUG")}
    env["OUTREACH_VAR_DIR"] = str(var_dir)
    portal = subprocess.Popen(
        [sys.executable, "-m", "scripts.services", "run", "--address", f"127.0.0.1:{port}"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, as a terminal gives it
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline and portal.poll() is None:
            if healthz(port) == {"db": "ok", "redis": "ok", "celery": "ok"}:
                break
            time.sleep(1)
        healthy = healthz(port)
        pages = {}
        if healthy == {"db": "ok", "redis": "ok", "celery": "ok"}:
            for path in (
                "/units/13696/",
                "/",
                "/products/",
                "/accounts/login/",
                "/no-such-page/",
                "/static/css/portal.css",
            ):
                pages[path] = fetch(port, path)
            # Demo uploads: product photos under /media/, guidance documents only behind their checked view.
            photo = next(p for p in (var_dir / "media").rglob("*.jpg"))
            pages["photo"] = fetch_bytes(port, "/media/" + photo.relative_to(var_dir / "media").as_posix())
            document = next(p for p in (var_dir / "private").rglob("*.pdf"))
            pages["document"] = fetch_bytes(port, "/media/" + document.relative_to(var_dir / "private").as_posix())
    finally:
        os.killpg(portal.pid, signal.SIGINT)  # Ctrl-C reaches the whole foreground group
        output, _ = portal.communicate(timeout=60)
    # Unhealthy (e.g. still starting at the deadline): the failure shows what the portal printed.
    assert healthy == {"db": "ok", "redis": "ok", "celery": "ok"}, output[-3000:]
    for path in ("/units/13696/", "/", "/products/", "/accounts/login/"):
        assert pages[path][0] == 200, path
    # The product, not developer mode: the portal's own 404 page and static files through WhiteNoise.
    status, body = pages["/no-such-page/"]
    assert status == 404 and 'data-testid="error-404"' in body and "URLconf" not in body
    status, css = pages["/static/css/portal.css"]
    assert status == 200 and css
    assert pages["photo"][0] == 200 and pages["document"][0] == 404
    return output, portal.pid


def group_is_gone(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.mark.skipif(sys.platform != "linux", reason="process groups and unix sockets as on the servers")
def test_make_run_serves_a_healthy_portal_and_ctrl_c_stops_everything(tmp_path):
    var_dir = tmp_path / "var"
    first, pgid = run_portal_until_healthy(var_dir)
    assert "Demo logins (password 'demo-password'): province_admin, district_officer" in first
    assert "demo user commune_officer" in first and "created 1 province(s), 10 district(s), 226 commune(s)" in first
    deadline = time.monotonic() + 30
    while not group_is_gone(pgid) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert group_is_gone(pgid), "a worker, beat or web server outlived Ctrl-C"
    assert not (var_dir / "pg" / "postmaster.pid").exists(), "PostgreSQL outlived Ctrl-C"

    second, _pgid = run_portal_until_healthy(var_dir)
    assert "created 0 province(s), 0 district(s), 0 commune(s); 237 unchanged" in second
    assert "demo user commune_officer" not in second  # the accounts of the first run are reused
