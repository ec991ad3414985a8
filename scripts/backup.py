"""`make backup` / `make restore`: the database of DATABASE_URL to and from a pg_dump custom-format file.

    python -m scripts.backup dump [--dir var/backups]   # writes outreach-YYYYmmdd-HHMMSS.dump, prints its path
    python -m scripts.backup restore FILE                # replaces the database's contents, in one transaction

pg_dump/pg_restore are taken from the system or from the embedded server (pgserver ships its own),
whichever matches the server's major version. Uploaded files (DJANGO_MEDIA_ROOT, public, and
DJANGO_PRIVATE_MEDIA_ROOT, with personal data) are files: back both up with the file system.
"""

import argparse
import datetime
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import environ
import psycopg2

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DIR = Path(os.environ.get("OUTREACH_VAR_DIR") or BASE_DIR / "var") / "backups"


def connection_environment(url: str) -> dict[str, str]:
    """libpq's PG* variables for DATABASE_URL (the password never appears on a command line)."""
    config = environ.Env.db_url_config(url)
    values = {
        "PGHOST": unquote(config.get("HOST") or ""),
        "PGPORT": str(config.get("PORT") or ""),
        "PGUSER": config.get("USER") or "",
        "PGPASSWORD": config.get("PASSWORD") or "",
        "PGDATABASE": config["NAME"],
    }
    return {**os.environ, **{key: value for key, value in values.items() if value}}


def server_major(env: dict[str, str]) -> int:
    names = {"PGHOST": "host", "PGPORT": "port", "PGUSER": "user", "PGPASSWORD": "password", "PGDATABASE": "dbname"}
    conn = psycopg2.connect(**{keyword: env[variable] for variable, keyword in names.items() if env.get(variable)})
    try:
        return conn.server_version // 10000
    finally:
        conn.close()


def tool(name: str, major: int) -> str:
    """The pg_dump/pg_restore of the server's major version; else the newest one available."""
    candidates = [path for path in (shutil.which(name), _embedded(name)) if path]
    versions = {}
    for path in candidates:
        output = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout
        versions[path] = int(re.search(r"(\d+)\.", output).group(1))
    if not versions:
        sys.exit(f"{name} not found: install PostgreSQL's client tools (Debian: postgresql-client).")
    matching = [path for path, version in versions.items() if version == major]
    return matching[0] if matching else max(versions, key=versions.get)


def _embedded(name: str) -> str | None:
    try:
        from pgserver._commands import POSTGRES_BIN_PATH
    except ImportError:
        return None
    path = POSTGRES_BIN_PATH / name
    return str(path) if path.exists() else None


def dump(env: dict[str, str], directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"outreach-{datetime.datetime.now():%Y%m%d-%H%M%S}.dump"
    pg_dump = tool("pg_dump", server_major(env))
    subprocess.run([pg_dump, "--format=custom", "--no-owner", f"--file={target}"], env=env, check=True)
    return target


def restore(env: dict[str, str], source: Path) -> None:
    if not source.is_file():
        sys.exit(f"No backup file at {source}.")
    pg_restore = tool("pg_restore", server_major(env))
    command = [pg_restore, "--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error"]
    subprocess.run([*command, f"--dbname={env['PGDATABASE']}", str(source)], env=env, check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="mode", required=True)
    sub.add_parser("dump").add_argument("--dir", type=Path, default=DEFAULT_DIR)
    sub.add_parser("restore").add_argument("file", type=Path)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        sys.exit("DATABASE_URL is not set (make backup / make restore set it for the embedded server).")
    env = connection_environment(url)
    if args.mode == "dump":
        print(dump(env, args.dir))
    else:
        restore(env, args.file)
        print(f"Restored {args.file} into {env['PGDATABASE']}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
