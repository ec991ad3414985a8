"""Product page under a scan burst: /p/<CODE>/ for random codes vs a constant Django view, same server.

Serves the project with gunicorn (2 sync workers, DEBUG off) on a free loopback port, makes sure
BENCH_PRODUCTS active products exist (products.demo.seed_large), warms the page cache for the sampled
codes, then loads each URL at 32 concurrent connections for 10 s: with `wrk` when it is on PATH, else
with the asyncio load generator below. Run alone with `python -m bench.run product_page`.
"""

import asyncio
import collections
import json
import os
import re
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from bench.run import BASE_DIR, Section

BENCH_PRODUCTS = 2000
SAMPLED_CODES = 500
CONNECTIONS = 32
DURATION_S = 10
WORKERS = 2
ROUNDS = 2
MINIMAL_PATH = "/bench/minimal/"
HOST = "127.0.0.1"
# A phone browser's agent, so the scan counter does its normal work (link-preview bots are skipped).
USER_AGENT = "Mozilla/5.0 (Linux; Android 12; bench) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36"

PREPARE = """
import io, json, sys
import django
django.setup()
from django.core.management import call_command
from products.demo import seed_large
from products.services import forget_pages
from units.models import AdministrativeUnit
if not AdministrativeUnit.objects.exists():
    call_command("import_units", verbosity=0)
codes = sorted(seed_large(int(sys.argv[1]), io.StringIO()))[: int(sys.argv[2])]
forget_pages(codes)
print("CODES=" + json.dumps(codes))
"""


@dataclass
class Load:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    bad: int  # non-2xx answers and socket errors

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def _server_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="outreach.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(50)),
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_SECURE_SSL_REDIRECT="0",
        OUTREACH_BENCH_VIEWS="1",
        DJANGO_LOG_LEVEL="WARNING",
    )
    return env


def _prepare(env: dict[str, str]) -> list[str]:
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=BASE_DIR, env=env, check=True)
    if not (BASE_DIR / "var" / "staticfiles" / "staticfiles.json").exists():
        subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=BASE_DIR, env=env, check=True)
    out = subprocess.run(
        [python, "-c", PREPARE, str(BENCH_PRODUCTS), str(SAMPLED_CODES)],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(next(line for line in out.splitlines() if line.startswith("CODES="))[6:])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _start_gunicorn(env: dict[str, str], port: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "gunicorn", "outreach.wsgi:application", "--workers", str(WORKERS)]
    command += ["--worker-class", "sync", "--bind", f"{HOST}:{port}", "--backlog", "2048", "--log-level", "warning"]
    server = subprocess.Popen(command, cwd=BASE_DIR, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}{MINIMAL_PATH}", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    _stop(server)
    raise RuntimeError("gunicorn did not answer within 60 s")


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)  # our own session: the master and its two workers
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _warm(port: int, paths: list[str]) -> int:
    def fetch(path: str) -> int:
        request = urllib.request.Request(f"http://{HOST}:{port}{path}", headers={"User-Agent": USER_AGENT})
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            response.read()
            return response.status

    with ThreadPoolExecutor(max_workers=4) as pool:
        return sum(status == 200 for status in pool.map(fetch, paths))


# --- wrk ---------------------------------------------------------------------------------------------

_LUA = """
local paths = {%s}
local counter = 0
function setup(thread) counter = counter + 1; thread:set("id", counter) end
function init(args) math.randomseed(os.time() * 100 + id) end
function request() return wrk.format("GET", paths[math.random(#paths)]) end
"""


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def _load_wrk(port: int, paths: list[str], headers: dict[str, str] | None = None) -> Load:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_LUA % ", ".join(json.dumps(p) for p in paths))
    try:
        command = ["wrk", "-t", "2", "-c", str(CONNECTIONS), "-d", f"{DURATION_S}s", "--latency", "-s", script.name]
        for name, value in {"User-Agent": USER_AGENT, **(headers or {})}.items():
            command += ["-H", f"{name}: {value}"]
        command.append(f"http://{HOST}:{port}{paths[0]}")
        out = subprocess.run(command, capture_output=True, text=True, check=True, timeout=DURATION_S + 30).stdout
    finally:
        Path(script.name).unlink()
    total = re.search(r"(\d+) requests in ([\d.]+)(ms|s)", out)
    p50 = re.search(r"\s50%\s+([\d.]+)(us|ms|s)", out)
    p99 = re.search(r"\s99%\s+([\d.]+)(us|ms|s)", out)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    seconds = float(total.group(2)) / (1000 if total.group(3) == "ms" else 1)
    return Load(
        requests=int(total.group(1)),
        seconds=seconds,
        p50_ms=_ms(*p50.groups()),
        p99_ms=_ms(*p99.groups()),
        bad=(int(bad.group(1)) if bad else 0) + (sum(int(g) for g in errors.groups()) if errors else 0),
    )


# --- asyncio fallback ----------------------------------------------------------------------------------


async def _client(
    port: int, paths: list[str], deadline: float, latencies: list, statuses: collections.Counter, extra: str = ""
):
    reader = writer = None
    index = secrets.randbelow(len(paths))
    while time.perf_counter() < deadline:
        index = (index * 7 + 13) % len(paths)
        start = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(HOST, port)
            writer.write(
                f"GET {paths[index]} HTTP/1.1\r\nHost: {HOST}\r\nUser-Agent: {USER_AGENT}\r\n{extra}\r\n".encode(
                    "ascii"
                )
            )
            head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").lower()
            length = re.search(r"content-length:\s*(\d+)", head)
            await reader.readexactly(int(length.group(1)) if length else 0)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            statuses["error"] += 1
            writer = None
            continue
        latencies.append(time.perf_counter() - start)  # with the connect when the server closed the last one
        statuses[head[9:12]] += 1
        if "connection: close" in head:  # gunicorn's sync workers close after each answer
            writer.close()
            writer = None
    if writer is not None:
        writer.close()


def _load_python(port: int, paths: list[str], headers: dict[str, str] | None = None) -> Load:
    latencies: list[float] = []
    statuses: collections.Counter = collections.Counter()

    async def main() -> float:
        start = time.perf_counter()
        deadline = start + DURATION_S
        extra = "".join(f"{name}: {value}\r\n" for name, value in (headers or {}).items())
        clients = [_client(port, paths, deadline, latencies, statuses, extra) for _ in range(CONNECTIONS)]
        await asyncio.wait_for(asyncio.gather(*clients), timeout=DURATION_S + 30)
        return time.perf_counter() - start

    seconds = asyncio.run(main())
    latencies.sort()
    return Load(
        requests=len(latencies),
        seconds=seconds,
        p50_ms=latencies[len(latencies) // 2] * 1000 if latencies else 0.0,
        p99_ms=latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000 if latencies else 0.0,
        bad=sum(n for status, n in statuses.items() if not status.startswith("2")),
    )


def run() -> Section:
    env = _server_env()
    codes = _prepare(env)
    product_paths = [f"/p/{code}/" for code in codes]
    port = _free_port()
    use_wrk = shutil.which("wrk") is not None
    load = _load_wrk if use_wrk else _load_python
    server = _start_gunicorn(env, port)
    rounds: list[tuple[Load, Load]] = []
    try:
        warmed = _warm(port, product_paths)
        load(port, [MINIMAL_PATH])  # settle both workers before measuring
        for _ in range(ROUNDS):  # interleaved, so a neighbour's load on a shared machine hits both alike
            rounds.append((load(port, product_paths), load(port, [MINIMAL_PATH])))
    finally:
        _stop(server)
    generator = "wrk (2 threads)" if use_wrk else "a Python asyncio client (wrk not on PATH)"
    method = (
        f"gunicorn, {WORKERS} sync workers, DEBUG off, on {HOST}; PostgreSQL and Redis from DATABASE_URL/REDIS_URL. "
        f"{len(codes)} product codes sampled from {BENCH_PRODUCTS} demo products, page cache warmed first "
        f"({warmed} pages answered 200). Each URL loaded at {CONNECTIONS} concurrent connections for {DURATION_S} s "
        f"by {generator}, on the same machine as the server; product codes drawn at random per request; "
        f"{ROUNDS} interleaved rounds. Every product-page GET also counts the scan in Redis. The minimal view is a "
        "constant response through the same middleware, mounted only with OUTREACH_BENCH_VIEWS=1."
    )
    section = Section(
        title="Product page under a QR scan burst",
        method=method,
        header=["round", "URL", "requests/s", "p50 (ms)", "p99 (ms)", "requests", "non-2xx or errors"],
    )
    for number, (product, minimal) in enumerate(rounds, start=1):
        for label, result in (("`/p/<CODE>/` (random codes)", product), (f"`{MINIMAL_PATH}` (constant)", minimal)):
            rps, p50, p99 = f"{result.rps:.0f}", f"{result.p50_ms:.1f}", f"{result.p99_ms:.1f}"
            section.rows.append([number, label, rps, p50, p99, result.requests, result.bad])
        ratio = product.rps / minimal.rps if minimal.rps else 0.0
        section.rows.append([number, "ratio product ÷ minimal (requests/s)", f"{ratio:.2f}", "", "", "", ""])
    total_product = sum(p.requests for p, _m in rounds)
    total_minimal = sum(m.requests for _p, m in rounds)
    overall = total_product / total_minimal if total_minimal else 0.0
    section.rows.append(["all", "ratio product ÷ minimal (requests/s)", f"{overall:.2f}", "", "", "", ""])
    return section
