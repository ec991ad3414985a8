"""The Makefile's set-up logic: Chromium for the browser tests, and migrating before database targets."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
SCRIPT = BASE_DIR / "scripts" / "ensure-chromium.sh"


def run_check(tmp_path, uid: str, extra_path: Path | None = None) -> subprocess.CompletedProcess:
    path = f"{extra_path}:/usr/bin:/bin" if extra_path else "/usr/bin:/bin"
    env = {"PATH": path, "CHROMIUM_PATH": str(tmp_path / "chromium"), "OUTREACH_UID": uid}
    return subprocess.run(["/bin/sh", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=30)


def test_without_chromium_a_non_root_user_is_stopped_at_once_with_the_command_to_run(tmp_path):
    started = time.monotonic()
    result = run_check(tmp_path, uid="1000")
    assert result.returncode == 1
    assert "Install it with: sudo apt-get install -y chromium" in result.stderr
    assert time.monotonic() - started < 5


def test_as_root_chromium_is_installed_with_apt_get(tmp_path):
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    apt_get = fake_bin / "apt-get"
    # A stand-in apt-get: records its arguments and "installs" the binary where the check looks.
    apt_get.write_text(
        f'#!/bin/sh\necho "$@" >> {tmp_path}/apt.log\nprintf "#!/bin/sh\\n" > {tmp_path}/chromium\n'
        f"chmod +x {tmp_path}/chromium\n"
    )
    apt_get.chmod(0o755)
    result = run_check(tmp_path, uid="0", extra_path=fake_bin)
    assert result.returncode == 0, result.stderr
    assert "install -y -qq chromium" in (tmp_path / "apt.log").read_text()


def test_an_installed_chromium_passes_without_installing(tmp_path):
    chromium = tmp_path / "chromium"
    chromium.write_text("#!/bin/sh\n")
    chromium.chmod(0o755)
    assert run_check(tmp_path, uid="1000").returncode == 0


def test_make_test_checks_chromium_before_the_suite_and_database_targets_migrate_first():
    makefile = (BASE_DIR / "Makefile").read_text()
    test_recipe = re.search(r"^test:.*\n((?:\t.*\n)+)", makefile, re.M).group(1).splitlines()
    assert "ensure-chromium.sh" in test_recipe[0]
    for target in ("test", "bench", "backup"):
        recipe = re.search(rf"^{target}:.*\n((?:\t.*\n)+)", makefile, re.M).group(1)
        assert "exec --migrate" in recipe, target


def test_exec_with_migrate_creates_the_database_and_tables_before_the_command(tmp_path):
    """`make bench` on a fresh clone stopped with 'relation "visits_visit" does not exist'; a fresh CI
    server has not even the database DATABASE_URL names."""
    import psycopg2
    from django.db import connection

    from scale.database import url_of

    name = f"outreach_fresh_{os.getpid()}"
    params = {k: v for k, v in connection.settings_dict.items() if k in ("HOST", "PORT", "USER")}
    admin = psycopg2.connect(dbname="postgres", host=params["HOST"], port=params["PORT"] or 5432, user=params["USER"])
    admin.autocommit = True
    admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    try:
        url = url_of({**connection.settings_dict, "NAME": name})
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "1"}
        probe = "from visits.models import Visit; print(Visit.objects.count())"
        python = sys.executable
        command = [
            python,
            "-m",
            "scripts.services",
            "exec",
            "--migrate",
            "--",
            python,
            "manage.py",
            "shell",
            "-c",
            probe,
        ]
        result = subprocess.run(command, cwd=BASE_DIR, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr[-2000:]
        assert result.stdout.strip().endswith("0")
    finally:
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
