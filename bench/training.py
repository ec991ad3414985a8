"""Lesson page (logged-in learner) and certificate verification page vs the constant Django view,
under the product page's load: gunicorn with 2 sync workers, 32 connections, 10 s, interleaved rounds.
Run alone with `python -m bench.run training`."""

import json
import shutil
import subprocess
import sys

from bench.product_page import (
    CONNECTIONS,
    DURATION_S,
    HOST,
    MINIMAL_PATH,
    ROUNDS,
    WORKERS,
    _free_port,
    _load_python,
    _load_wrk,
    _server_env,
    _start_gunicorn,
    _stop,
    _warm,
)
from bench.run import BASE_DIR, Section

# The demo data (training.demo) gives `learner` a course in progress and a few learners certificates;
# the learner's session is made here, as a browser would hold it after logging in.
PREPARE = """
import io, json, string
import django
django.setup()
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.utils.crypto import get_random_string
from accounts.models import User
from training.models import Certificate, Enrolment, Lesson
call_command("seed_demo", stdout=io.StringIO())
# Each run moves the demo learner's resume point thousands of times: clear the dead row versions of
# earlier runs, as autovacuum would between bursts (PostgreSQL may run without it, as on the machine
# these figures were first taken on), so a run measures the code and not the runs before it.
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("VACUUM ANALYZE training_enrolment, django_session")
learner = User.objects.get(username="learner")
enrolment = Enrolment.objects.filter(user=learner, completed_at__isnull=True).select_related("course").first()
lessons = Lesson.objects.filter(module__course=enrolment.course).values_list("pk", flat=True)
session = SessionStore()
session[SESSION_KEY] = str(learner.pk)
session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
session[HASH_SESSION_KEY] = learner.get_session_auth_hash()
session.create()
print("DATA=" + json.dumps({
    # Both cookies a logged-in browser returns: the session, and the CSRF secret its first page set.
    "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}; "
    f"{settings.CSRF_COOKIE_NAME}={get_random_string(32, string.ascii_letters + string.digits)}",
    "lessons": [f"/courses/{enrolment.course.slug}/lessons/{pk}/" for pk in lessons],
    "verify": [f"/certificates/verify/{code}/" for code in Certificate.objects.values_list("code", flat=True)],
}))
"""


# Cost per request, not throughput (a shared, loaded machine skews requests/s): N requests of each
# page in one process through django.test.Client with DEBUG off, timing CPU (time.process_time) and
# counting SQL statements; each page is warmed first, as a running server would be.
CPU_REQUESTS = 500
CPU_MEASURE = """
import json, sys, time
import django
django.setup()
from django.db import connection
from django.test import Client
from accounts.models import User
from products.models import Product

data, host, n = json.loads(sys.argv[1]), sys.argv[2], int(sys.argv[3])
products = [f"/p/{code}/" for code in Product.objects.filter(is_active=True).values_list("code", flat=True)[:50]]


def measure(paths, logged_in=False):
    client = Client(HTTP_HOST=host, HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 12; bench) Mobile")
    if logged_in:  # a database session, as the browser's cookie holds
        client.force_login(User.objects.get(username="learner"))
    for path in paths:  # warm: caches filled, templates compiled
        assert client.get(path).status_code == 200, path
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *a: queries.append(sql) or execute(sql, *a)):
        start = time.process_time()
        for i in range(n):
            client.get(paths[i % len(paths)])
        cpu = time.process_time() - start
    return {"cpu_ms": 1000 * cpu / n, "queries": len(queries) / n}


print("CPU=" + json.dumps({
    "minimal": measure(["/bench/minimal/"]),
    "product": measure(products) if products else None,
    "lesson": measure(data["lessons"], logged_in=True),
    "verify": measure(data["verify"]),
}))
"""


def _snippet_output(env: dict[str, str], code: str, marker: str, *args: str):
    """Run a Python snippet in the project with this environment; the JSON it printed after `marker`."""
    out = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=BASE_DIR, env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(next(line for line in out.splitlines() if line.startswith(marker))[len(marker) :])


def cpu_per_request(env: dict[str, str], data: dict, requests: int = CPU_REQUESTS) -> dict[str, dict | None]:
    """CPU ms and SQL statements per request for the minimal view, product, lesson and verification pages."""
    return _snippet_output(env, CPU_MEASURE, "CPU=", json.dumps(data), HOST, str(requests))


def cpu_rows(figures: dict[str, dict | None]) -> list[list]:
    """Rows for the section: each page's CPU and queries per request, and the minimal view's CPU ÷ its CPU."""
    minimal = figures["minimal"]["cpu_ms"]
    rows = []
    for name, label in (
        ("minimal", f"`{MINIMAL_PATH}` (constant)"),
        ("product", "`/p/<CODE>/`"),
        ("lesson", "`/courses/<slug>/lessons/<id>/` (logged in)"),
        ("verify", "`/certificates/verify/<code>/`"),
    ):
        figure = figures.get(name)
        if figure:
            ratio = minimal / figure["cpu_ms"] if figure["cpu_ms"] else 0.0
            rows.append(["CPU", label, f"{figure['cpu_ms']:.2f} ms CPU", f"{figure['queries']:.1f} SQL", "", "", ""])
            if name != "minimal":
                rows.append(["CPU", f"ratio minimal ÷ {name} (CPU per request)", f"{ratio:.2f}", "", "", "", ""])
    return rows


def _prepare(env: dict[str, str]) -> dict:
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=BASE_DIR, env=env, check=True)
    if not (BASE_DIR / "var" / "staticfiles" / "staticfiles.json").exists():
        subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=BASE_DIR, env=env, check=True)
    return _snippet_output(env, PREPARE, "DATA=")


def run() -> Section:
    env = _server_env()
    data = _prepare(env)
    cpu = cpu_per_request(env, data)
    cookie = {"Cookie": data["cookie"]}
    port = _free_port()
    use_wrk = shutil.which("wrk") is not None
    load = _load_wrk if use_wrk else _load_python
    server = _start_gunicorn(env, port)
    rounds = []
    try:
        _warm(port, data["verify"])
        load(port, [MINIMAL_PATH])
        for _ in range(ROUNDS):
            rounds.append(
                (
                    load(port, data["lessons"], cookie),
                    load(port, data["verify"]),
                    load(port, [MINIMAL_PATH]),
                )
            )
    finally:
        _stop(server)
    generator = "wrk (2 threads)" if use_wrk else "a Python asyncio client (wrk not on PATH)"
    section = Section(
        title="Lesson page and certificate verification under the same load",
        method=(
            f"gunicorn, {WORKERS} sync workers, DEBUG off, on {HOST}; demo data from seed_demo. The lesson page is "
            "requested as the logged-in demo `learner` (session and CSRF cookies, as a browser sends them; from its "
            "second page in a "
            "worker the session is known there and a page costs one prepared SQL statement, training.lesson_page, "
            "which moves the resume point without waiting for the disk) over "
            f"the {len(data['lessons'])} lessons of a course in progress; the verification page over "
            f"{len(data['verify'])} certificate codes "
            "(fields kept in each worker's memory in front of Redis, core.page_cache; visits summed in memory, "
            f"sent to Redis every second, flushed by beat). Each URL at {CONNECTIONS} connections for "
            f"{DURATION_S} s by {generator}; {ROUNDS} interleaved rounds with the constant minimal view. "
            "Rows marked CPU: "
            f"{CPU_REQUESTS} requests of each page in one process through django.test.Client (DEBUG off, caches "
            "warm), CPU time and SQL statements per request; that ratio does not depend on the machine's load."
        ),
        header=["round", "URL", "requests/s", "p50 (ms)", "p99 (ms)", "requests", "non-2xx or errors"],
    )
    for number, (lesson, verify, minimal) in enumerate(rounds, start=1):
        for label, result in (
            ("`/courses/<slug>/lessons/<id>/` (logged in)", lesson),
            ("`/certificates/verify/<code>/`", verify),
            (f"`{MINIMAL_PATH}` (constant)", minimal),
        ):
            row = [number, label, f"{result.rps:.0f}", f"{result.p50_ms:.1f}", f"{result.p99_ms:.1f}"]
            section.rows.append([*row, result.requests, result.bad])
        for label, result in (("lesson", lesson), ("verification", verify)):
            ratio = result.rps / minimal.rps if minimal.rps else 0.0
            section.rows.append([number, f"ratio {label} ÷ minimal (requests/s)", f"{ratio:.2f}", "", "", "", ""])
    section.rows += cpu_rows(cpu)
    return section
