"""Coverage at provincial scale: seeding time, the dashboard and progress pages against the naive
aggregate, the provincial report's wall time and peak memory, and the sync with 2,000,000 visits
stored. Run alone with `python -m bench.run coverage`; BENCH_SCALE=small for a quick look (1/50).

Seeds `seed_demo --scale large` into <database>_scale (never the portal's data), then measures in
child processes whose DATABASE_URL names that database (bench.coverage_measure).
"""

import json
import os
import subprocess
import sys
import time

from bench.run import BASE_DIR, Section

PAGE_P95_GOAL_MS, PAGE_QUERY_GOAL = 150, 10
REPORT_SECONDS_GOAL, REPORT_MB_GOAL = 30, 500
SYNC_GOAL = 2000
SEED_GOAL_S = 180


def _child(env: dict, *args: str) -> dict:
    command = [sys.executable, "-m", "bench.coverage_measure", *args]
    out = subprocess.run(command, cwd=BASE_DIR, env=env, check=True, stdout=subprocess.PIPE, text=True).stdout  # noqa: S603
    return json.loads(next(line for line in out.splitlines() if line.startswith("BENCH_RESULT="))[13:])


def _met(ok: bool) -> str:
    return "yes" if ok else "**no**"


def run() -> Section:
    from bench.sync_visits import _setup_django

    _setup_django()
    from scale.database import scale_settings, url_of

    size = os.environ.get("BENCH_SCALE", "large")
    started = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", "seed_demo", "--scale", "large"], cwd=BASE_DIR, check=True)  # noqa: S603
    seeding = time.perf_counter() - started
    env = dict(os.environ, DATABASE_URL=url_of(scale_settings()), DJANGO_SETTINGS_MODULE="outreach.settings")
    pages = _child(env, "pages")
    reports = {kind: _child(env, "report", kind) for kind in ("xlsx", "pdf")}
    sync = _child(env, "sync")

    naive = pages.pop("naive")
    rows, notes = [], []
    rows.append(
        ["Seeding (`seed_demo --scale large`)", f"{seeding:.0f} s", f"< {SEED_GOAL_S} s", _met(seeding < SEED_GOAL_S)]
    )
    rows.append(
        [f"Naive aggregate (one GROUP BY over all current visits, {naive['runs']} runs)",
         f"p50 {naive['p50_ms']:.0f} ms · max {naive['max_ms']:.0f} ms", "the pages must beat it", "—"]
    )  # fmt: skip
    for label, page in pages.items():
        ok = page["status"] == 200 and page["p95_ms"] < PAGE_P95_GOAL_MS and page["queries"] <= PAGE_QUERY_GOAL
        faster = page["p95_ms"] < naive["p50_ms"]
        rows.append(
            [label, f"p50 {page['p50_ms']:.0f} ms · p95 {page['p95_ms']:.0f} ms · {page['queries']} queries"
             f" · {'faster' if faster else '**slower**'} than the naive aggregate",
             f"p95 < {PAGE_P95_GOAL_MS} ms, ≤ {PAGE_QUERY_GOAL} queries", _met(ok and faster)]
        )  # fmt: skip
        if not (ok and faster):
            notes.append(
                f"{label} (HTTP {page['status']}) — slowest SQL of one request: {'; '.join(page['slowest'])}. "
                f"Python (cProfile, own time): {'; '.join(page['python'])}"
            )
    for kind, built in reports.items():
        ok = built["status"] == "done" and built["seconds"] < REPORT_SECONDS_GOAL and built["peak_mb"] < REPORT_MB_GOAL
        rows.append(
            [f"Provincial report, last month, {kind.upper()} ({built['bytes'] / 1024:.0f} KB)",
             f"{built['seconds']:.1f} s · peak {built['peak_mb']:.0f} MB (process; {built['baseline_mb']:.0f} MB "
             "before building)", f"< {REPORT_SECONDS_GOAL} s, < {REPORT_MB_GOAL} MB", _met(ok)]
        )  # fmt: skip
        if built["status"] != "done":
            notes.append(f"{kind} report failed: {built['error']}")
    ok = sync["median_visits_per_s"] >= SYNC_GOAL
    rows.append(
        [f"Sync, new visits/s with {sync['stored_before']:,} visits stored",
         f"median {sync['median_visits_per_s']:,.0f}/s · total {sync['total_visits_per_s']:,.0f}/s",
         f"≥ {SYNC_GOAL:,}/s", _met(ok)]
    )  # fmt: skip
    if not ok:
        notes.append("Sync — slowest SQL statements of the run: " + "; ".join(sync["slowest"]))
    method = (
        f"Scale `{size}` (BENCH_SCALE). `seed_demo --scale large` builds the province into its own database "
        "(COPY, indexes and constraints deferred; its time includes migrating, importing the units and "
        "recounting the rollups). Pages: the in-process Django test Client as a province administrator, "
        "DEBUG off, one warm-up request that counts the figures (its SQL queries are the ones shown), then 20 "
        "timed requests each — server time, no network. The dashboard remembers its figures up to a minute "
        "(coverage/figures_cache.py, shown on the page): its plain rows are what a leader gets when someone "
        "opened the same view within the minute, the rows 'figures counted on every request' what the "
        "first one waits. Reports: the Celery task's service run in a fresh process (wall time; peak RSS of "
        "that process). Sync: bench.sync_visits run against the scale database. The machine is shared: "
        "other work ran at the same time."
    )
    if notes:
        method += "\n\nWhere a goal is missed, what limits it:\n\n" + "\n".join(f"- {note}" for note in notes)
    return Section(
        title="Coverage at provincial scale", method=method, header=["Measure", "Figure", "Goal", "Met"], rows=rows
    )
