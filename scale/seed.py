"""`seed_demo --scale large`: (re)create the scale database and fill it in a child process.

The child gets DATABASE_URL of the scale database and nothing else changes, so the demo database
of this process (or the test database) is never written.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from .database import recreate, scale_settings, url_of

BASE_DIR = Path(__file__).resolve().parent.parent


def seed_large_database(stdout, size_name: str | None = None) -> dict:
    """Build the province at scale into <default database>_scale; returns rows per table and timings."""
    target = scale_settings()
    recreate(target)
    env = dict(os.environ, DATABASE_URL=url_of(target), DJANGO_SETTINGS_MODULE="outreach.settings")
    command = [sys.executable, "-m", "scale.build"] + ([size_name] if size_name else [])
    stdout.write(f"Building the provincial-scale data into the database {target['NAME']} …")
    out = subprocess.run(command, cwd=BASE_DIR, env=env, check=True, stdout=subprocess.PIPE, text=True).stdout  # noqa: S603 - our own module
    result = json.loads(next(line for line in out.splitlines() if line.startswith("SCALE_RESULT="))[13:])
    for table, count in result["rows"].items():
        stdout.write(f"  {table}: {count:,} rows")
    stdout.write(f"  seconds: {result['timings']}")
    return result
